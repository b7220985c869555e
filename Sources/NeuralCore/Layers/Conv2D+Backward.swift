extension Conv2D {
    /// Kernel, bias and input gradients: per worker, im2col of its images (in bands for large
    /// planes), dW += dY cols^T into the worker's accumulator, dcols = W^T dY scattered back
    /// into dX; the accumulators are summed at the end.
    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        defer { cachedInput = nil; cachedOutput = nil }
        let (plan, workers) = try plan(for: input.shape)
        let g = plan.geometry
        let batch = input.shape[0]
        let filters = plan.filters
        try outputGradient.expectShape([batch, filters, g.outputHeight, g.outputWidth], in: "Conv2D backward")
        let gradient = cachedOutput.map { configuration.activation.backpropagate(outputGradient, output: $0) } ?? outputGradient
        let accumulatorFloats = filters * plan.patch + filters
        scratch.reserve(workers: workers, floats: plan.scratchFloats)
        gradientScratch.reserve(workers: workers, floats: accumulatorFloats)
        let needInput = computesInputGradient
        var inputGradient = Tensor(zeros: input.shape)
        input.withUnsafeBufferPointer { x in
            gradient.withUnsafeBufferPointer { dy in
                kernel.value.withUnsafeBufferPointer { w in
                    inputGradient.withUnsafeMutableBufferPointer { dx in
                        let xs = SendableConstPointer(x.baseAddress!), dys = SendableConstPointer(dy.baseAddress!)
                        let ws = SendableConstPointer(w.baseAddress!), dxs = SendablePointer(dx.baseAddress!)
                        do {
                            Parallel.forEachWorker(batch) { worker, images in
                                let accumulators = gradientScratch.buffer(worker)
                                accumulators.update(repeating: 0, count: accumulatorFloats)
                                Self.backwardImages(
                                    images, plan: plan, input: xs.base, outputGradient: dys.base, kernel: ws.base,
                                    kernelGradient: accumulators, biasGradient: nil,
                                    inputGradient: needInput ? dxs.base : nil, scratch: scratch.buffer(worker))
                            }
                        }
                    }
                }
            }
        }
        // Sum the workers' accumulators into the parameter gradients.
        let used = Parallel.workers(for: batch)
        kernel.gradient.withUnsafeMutableBufferPointer { dw in
            for worker in 0..<used {
                let source = gradientScratch.buffer(worker)
                for i in 0..<dw.count { dw[i] += source[i] }
            }
        }
        if let bias {
            // Per filter, Double over Float sums per image plane: the same whatever the threads
            // or ranks that share the batch (a bias right before a BatchNorm has an exactly-zero
            // gradient whose rounding noise Adam would otherwise amplify differently).
            let sums = gradient.withUnsafeBufferPointer {
                featureSums($0.baseAddress!, outer: batch, features: filters, inner: plan.plane)
            }
            bias.gradient.withUnsafeMutableBufferPointer { db in
                for o in 0..<filters { db[o] += Float(sums[o]) }
            }
        }
        return inputGradient
    }

    /// One worker's share of the backward pass: kernel and bias gradients into its
    /// accumulators, input gradient of its images.
    static func backwardImages(
        _ images: Range<Int>, plan: Plan, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        kernel: UnsafePointer<Float>, kernelGradient: UnsafeMutablePointer<Float>,
        biasGradient: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let g = plan.geometry, filters = plan.filters, plane = plan.plane, patch = plan.patch
        let columns = scratch, product = scratch + plan.columnFloats
        if let biasGradient {
            for image in images {
                for o in 0..<filters {
                    let base = outputGradient + (image * filters + o) * plane
                    var sum: Float = 0
                    for p in 0..<plane { sum += base[p] }
                    biasGradient[o] += sum
                }
            }
        }
        let taps = g.windowHeight * g.windowWidth
        if plan.direct {
            // Image by image, in bands of output rows that stay in cache (see forwardImages),
            // deep inputs a group of channels at a time.
            let bandRows = Self.bandRows(plan)
            let groupChannels = Self.channelsPerGroup(plan, columns: bandRows * g.outputWidth)
            for image in images {
                let source = input + image * g.channels * g.inputPlane
                let imageGradient = outputGradient + image * filters * plane
                var row = 0
                while row < g.outputHeight {
                    let rows = row..<min(row + bandRows, g.outputHeight)
                    let width = rows.count * g.outputWidth
                    let bandGradient = imageGradient + row * g.outputWidth
                    forEachChannelGroup(g, channelsPerGroup: groupChannels) { group, firstChannel in
                        Im2col.imageToColumns(
                            image: source + firstChannel * g.inputPlane, geometry: group, columns: columns,
                            rowStride: width, columnOffset: 0, outputRows: rows)
                        // dW[:, group] += dY_band cols_band^T
                        BLAS.sgemm(
                            transposeB: true, m: filters, n: group.patchSize, k: width, a: bandGradient, lda: plane,
                            b: columns, ldb: width, beta: 1, c: kernelGradient + firstChannel * taps, ldc: patch)
                        if let inputGradient {
                            // dcols = W[:, group]^T dY_band, then scatter back into dX.
                            BLAS.sgemm(
                                transposeA: true, m: group.patchSize, n: width, k: filters, a: kernel + firstChannel * taps,
                                lda: patch, b: bandGradient, ldb: plane, c: columns, ldc: width)
                            Im2col.columnsToImage(
                                columns: columns, rowStride: width, columnOffset: 0, geometry: group,
                                image: inputGradient + image * g.channels * g.inputPlane + firstChannel * g.inputPlane,
                                outputRows: rows)
                        }
                    }
                    row = rows.upperBound
                }
            }
            return
        }
        // A few images side by side, a group of channels at a time (see forwardImages).
        let imagesPerProduct = max(1, min(plan.chunk, Self.productColumns / plane))
        let groupChannels = Self.channelsPerGroup(plan, columns: Self.productColumns)
        var start = images.lowerBound
        while start < images.upperBound {
            let count = min(imagesPerProduct, images.upperBound - start)
            let rowStride = count * plane
            let chunkGradient = outputGradient + start * filters * plane
            // dY of the chunk as [filters, count * plane].
            for image in 0..<count {
                for o in 0..<filters {
                    (product + o * rowStride + image * plane).update(
                        from: chunkGradient + (image * filters + o) * plane, count: plane)
                }
            }
            forEachChannelGroup(g, channelsPerGroup: groupChannels) { group, firstChannel in
                for index in 0..<count {
                    Im2col.imageToColumns(
                        image: input + (start + index) * g.channels * g.inputPlane + firstChannel * g.inputPlane,
                        geometry: group, columns: columns, rowStride: rowStride, columnOffset: index * plane)
                }
                // dW[:, group] += dY cols^T
                BLAS.sgemm(
                    transposeB: true, m: filters, n: group.patchSize, k: rowStride, a: product, lda: rowStride,
                    b: columns, ldb: rowStride, beta: 1, c: kernelGradient + firstChannel * taps, ldc: patch)
                if let inputGradient {
                    // dcols = W[:, group]^T dY, then scatter back into dX.
                    BLAS.sgemm(
                        transposeA: true, m: group.patchSize, n: rowStride, k: filters, a: kernel + firstChannel * taps,
                        lda: patch, b: product, ldb: rowStride, c: columns, ldc: rowStride)
                    for index in 0..<count {
                        Im2col.columnsToImage(
                            columns: columns, rowStride: rowStride, columnOffset: index * plane, geometry: group,
                            image: inputGradient + (start + index) * g.channels * g.inputPlane + firstChannel * g.inputPlane)
                    }
                }
            }
            start += count
        }
    }
}
