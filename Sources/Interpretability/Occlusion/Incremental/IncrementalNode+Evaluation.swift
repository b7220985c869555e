import NeuralCore

extension IncrementalNode {
    /// The node's output windows for the placements `(rowIndices[b], columnIndices[b])`, given
    /// their input windows.
    func evaluate(_ input: Patch, rowIndices: [Int], columnIndices: [Int]) throws -> Patch {
        let rowStarts = rowIndices.map { rows.starts[$0] }, columnStarts = columnIndices.map { columns.starts[$0] }
        switch operation {
        case let .window(copy, padValue, rowWindow, columnWindow):
            let crop = try crops(
                of: input, rowWindow: rowWindow, columnWindow: columnWindow, rowStarts: rowStarts,
                columnStarts: columnStarts, rows: rows.length, columns: columns.length, pad: padValue)
            let output = try copy.forward(crop, mode: .inference)
            try output.expectShape([input.batch, outputShape[0], rows.length, columns.length], in: "incremental \(name)")
            return Patch(values: output, rowStarts: rowStarts, columnStarts: columnStarts)
        case let .pointwise(layer):
            return Patch(values: try layer.forward(input.values, mode: .inference),
                         rowStarts: input.rowStarts, columnStarts: input.columnStarts)
        case let .chain(children):
            return try Self.evaluate(children, input, rowIndices: rowIndices, columnIndices: columnIndices)
        case let .branches(children):
            guard let cachedOutput else { throw InterpretabilityError.invalidInput(shape: inputShape, reason: "\(name) has no cached output") }
            let outputs = try children.map { try $0.evaluate(input, rowIndices: rowIndices, columnIndices: columnIndices) }
            let (batch, channels) = (input.batch, outputShape[0])
            let (height, width) = (rows.length, columns.length)
            let plane = height * width, fullPlane = outputShape[1] * outputShape[2]
            var merged = try Tensor(shape: [batch, channels, height, width])
            merged.withUnsafeMutableBufferPointer { target in
                cachedOutput.withUnsafeBufferPointer { source in
                    for b in 0..<batch {
                        let window = WindowCopy.Placement(top: rowStarts[b], left: columnStarts[b], height: height, width: width)
                        var offset = 0
                        for output in outputs {
                            let destination = target.baseAddress! + (b * channels + offset) * plane
                            WindowCopy.crop(
                                source.baseAddress! + offset * fullPlane, channels: output.channels,
                                height: outputShape[1], width: outputShape[2], window: window, pad: 0, into: destination)
                            output.values.withUnsafeBufferPointer { patch in
                                WindowCopy.overlay(
                                    patch.baseAddress! + b * output.channels * output.height * output.width,
                                    channels: output.channels,
                                    patchWindow: .init(top: output.rowStarts[b], left: output.columnStarts[b],
                                                       height: output.height, width: output.width),
                                    window: window, into: destination)
                            }
                            offset += output.channels
                        }
                    }
                }
            }
            return Patch(values: merged, rowStarts: rowStarts, columnStarts: columnStarts)
        }
    }
}

extension IncrementalNode {
    /// Evaluates consecutive nodes, running each window (a convolution) together with the
    /// non-overlapping valid window after it that it absorbs (a max pool; see
    /// ``linkFusions(_:)``).
    static func evaluate(_ nodes: [IncrementalNode], _ input: Patch, rowIndices: [Int], columnIndices: [Int]) throws -> Patch {
        var patch = input
        var index = 0
        while index < nodes.count {
            if let (pool, chain) = nodes[index].fusedPool, index + 1 < nodes.count, nodes[index + 1] === pool {
                patch = try nodes[index].evaluateFused(
                    with: pool, chain: chain, patch, rowIndices: rowIndices, columnIndices: columnIndices)
                index += 2
            } else {
                patch = try nodes[index].evaluate(patch, rowIndices: rowIndices, columnIndices: columnIndices)
                index += 1
            }
        }
        return patch
    }

    /// Links each window node to a non-overlapping valid window node right after it that its
    /// layer absorbs at inference (NeuralCore's `InferenceFusing`: a convolution and a max
    /// pool), so that the two run as one pass as the network itself does (``Sequential``'s
    /// inference fusion: the pooling happens band by band and the convolution's full output is
    /// never written).
    static func linkFusions(_ nodes: [IncrementalNode]) throws {
        for (first, second) in zip(nodes, nodes.dropFirst()) {
            guard case let .window(firstCopy, _, _, _) = first.operation,
                  case let .window(secondCopy, _, rows, columns) = second.operation,
                  rows.padding == .valid, rows.kernel == rows.stride, columns.kernel == columns.stride,
                  let fusing = firstCopy as? any InferenceFusing,
                  fusing.inferenceFusion(absorbing: [secondCopy])?.absorbedLayers == 1
            else { continue }
            first.fusedPool = (second, try Sequential([("conv", firstCopy), ("pool", secondCopy)]))
        }
    }

    /// This window (a convolution) and the pool after it on the convolution's input windows:
    /// the convolution is computed exactly on the rows and columns the pool's output windows
    /// read.
    func evaluateFused(
        with pool: IncrementalNode, chain: Sequential, _ input: Patch, rowIndices: [Int], columnIndices: [Int]
    ) throws -> Patch {
        guard case let .window(_, padValue, rowWindow, columnWindow) = operation,
              case let .window(_, _, poolRows, poolColumns) = pool.operation else {
            return try pool.evaluate(
                try evaluate(input, rowIndices: rowIndices, columnIndices: columnIndices),
                rowIndices: rowIndices, columnIndices: columnIndices)
        }
        let rowStarts = rowIndices.map { pool.rows.starts[$0] }, columnStarts = columnIndices.map { pool.columns.starts[$0] }
        let crop = try crops(
            of: input, rowWindow: rowWindow, columnWindow: columnWindow,
            rowStarts: rowStarts.map { $0 * poolRows.stride }, columnStarts: columnStarts.map { $0 * poolColumns.stride },
            rows: pool.rows.length * poolRows.stride, columns: pool.columns.length * poolColumns.stride, pad: padValue)
        let output = try chain.forward(crop, mode: .inference)
        try output.expectShape(
            [input.batch, pool.outputShape[0], pool.rows.length, pool.columns.length], in: "incremental \(name) + \(pool.name)")
        return Patch(values: output, rowStarts: rowStarts, columnStarts: columnStarts)
    }

    /// For each placement, the input (`[B, C, cropRows, cropColumns]`) that output windows of
    /// `rows` x `columns` outputs starting at `rowStarts[b]`, `columnStarts[b]` read: the
    /// unmasked input with the placement's input window pasted in, `pad` outside the image.
    func crops(
        of input: Patch, rowWindow: AxisWindow, columnWindow: AxisWindow, rowStarts: [Int], columnStarts: [Int],
        rows: Int, columns: Int, pad: Float
    ) throws -> Tensor {
        guard let cachedInput else { throw InterpretabilityError.invalidInput(shape: inputShape, reason: "\(name) has no cached input") }
        let (batch, channels) = (input.batch, inputShape[0])
        let cropHeight = rowWindow.inputLength(outputCount: rows)
        let cropWidth = columnWindow.inputLength(outputCount: columns)
        let cropPlanes = channels * cropHeight * cropWidth, patchPlanes = channels * input.height * input.width
        var crop = try Tensor(shape: [batch, channels, cropHeight, cropWidth])
        crop.withUnsafeMutableBufferPointer { target in
            cachedInput.withUnsafeBufferPointer { source in
                input.values.withUnsafeBufferPointer { patch in
                    for b in 0..<batch {
                        let window = WindowCopy.Placement(
                            top: rowWindow.inputStart(outputStart: rowStarts[b]),
                            left: columnWindow.inputStart(outputStart: columnStarts[b]),
                            height: cropHeight, width: cropWidth)
                        let destination = target.baseAddress! + b * cropPlanes
                        WindowCopy.crop(
                            source.baseAddress!, channels: channels, height: inputShape[1], width: inputShape[2],
                            window: window, pad: pad, into: destination)
                        WindowCopy.overlay(
                            patch.baseAddress! + b * patchPlanes, channels: channels,
                            patchWindow: .init(top: input.rowStarts[b], left: input.columnStarts[b],
                                               height: input.height, width: input.width),
                            window: window, into: destination)
                    }
                }
            }
        }
        return crop
    }
}

extension Patch {
    /// The full activations `[B, C, H, W]`: the unmasked `cached` `[1, C, H, W]` with each
    /// placement's window pasted in.
    func materialize(over cached: Tensor) throws -> Tensor {
        let (channels, height, width) = (cached.shape[1], cached.shape[2], cached.shape[3])
        let planes = channels * height * width
        var result = try Tensor(shape: [batch, channels, height, width])
        let window = WindowCopy.Placement(top: 0, left: 0, height: height, width: width)
        let patchPlanes = self.channels * self.height * self.width
        result.withUnsafeMutableBufferPointer { target in
            cached.withUnsafeBufferPointer { source in
                values.withUnsafeBufferPointer { patch in
                    for b in 0..<batch {
                        let destination = target.baseAddress! + b * planes
                        destination.update(from: source.baseAddress!, count: planes)
                        WindowCopy.overlay(
                            patch.baseAddress! + b * patchPlanes, channels: channels,
                            patchWindow: .init(top: rowStarts[b], left: columnStarts[b], height: self.height, width: self.width),
                            window: window, into: destination)
                    }
                }
            }
        }
        return result
    }
}
