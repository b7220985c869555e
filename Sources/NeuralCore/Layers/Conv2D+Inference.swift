import CSupport

extension Conv2D {
    /// A per-output-channel affine map applied after the convolution's bias: what an
    /// inference-mode BatchNorm right after the convolution amounts to.
    struct ChannelAffine {
        var scale: [Float]
        var shift: [Float]
    }

    /// Whether ``inferenceForward(_:affine:activation:pool:)`` can pool inside its bands.
    func canFusePooling(_ pool: MaxPool2D) -> Bool {
        pool.padding == .valid && pool.strideHeight == pool.poolHeight && pool.strideWidth == pool.poolWidth
    }

    /// Inference with what follows folded in: an optional affine map (a BatchNorm's moving
    /// statistics, folded into the kernel and bias), an activation, and an optional
    /// non-overlapping valid max pool computed band by band while the band is in cache, so the
    /// full-resolution output is never written. Equal to running the layers one by one.
    func inferenceForward(
        _ input: Tensor, affine: ChannelAffine?, activation: PointwiseActivation, pool: MaxPool2D?
    ) throws -> Tensor {
        let (plan, workers) = try plan(for: input.shape)
        let g = plan.geometry
        let filters = plan.filters
        var kernelValues = kernel.value.scalars
        var biasValues = bias?.value.scalars ?? [Float](repeating: 0, count: filters)
        if let affine {
            for o in 0..<filters {
                let s = affine.scale[o]
                for k in 0..<plan.patch { kernelValues[o * plan.patch + k] *= s }
                biasValues[o] = biasValues[o] * s + affine.shift[o]
            }
        }
        guard let pool, plan.direct, canFusePooling(pool) else {
            let output = try convolve(input, plan: plan, workers: workers, kernel: kernelValues, bias: biasValues, activation: activation)
            return try pool?.forward(output, mode: .inference) ?? output
        }
        let pooledShape = try pool.outputShape(for: [input.shape[0], filters, g.outputHeight, g.outputWidth])
        let (pooledHeight, pooledWidth) = (pooledShape[2], pooledShape[3])
        let poolHeight = pool.poolHeight
        // Bands of whole pooling rows; output rows below the last window are never needed.
        let bandRows = max(poolHeight, Self.bandRows(plan) / poolHeight * poolHeight)
        let usedRows = pooledHeight * poolHeight
        let bandFloats = filters * bandRows * g.outputWidth
        let columnFloats = plan.patch * bandRows * g.outputWidth
        scratch.reserve(workers: workers, floats: columnFloats + bandFloats)
        let batch = input.shape[0]
        return Tensor(uninitialized: pooledShape) { pooled in
            input.withUnsafeBufferPointer { x in
                let xs = SendableConstPointer(x.baseAddress!), ps = SendablePointer(pooled.baseAddress!)
                kernelValues.withUnsafeBufferPointer { w in
                    let ws = SendableConstPointer(w.baseAddress!)
                    do {
                        Parallel.forEachWorker(batch) { worker, images in
                            let columns = scratch.buffer(worker), band = columns + columnFloats
                            for image in images {
                                let source = xs.base + image * g.channels * g.inputPlane
                                var row = 0
                                while row < usedRows {
                                    let rows = row..<min(row + bandRows, usedRows)
                                    let width = rows.count * g.outputWidth
                                    Im2col.imageToColumns(
                                        image: source, geometry: g, columns: columns, rowStride: width,
                                        columnOffset: 0, outputRows: rows)
                                    for o in 0..<filters { (band + o * width).update(repeating: biasValues[o], count: width) }
                                    BLAS.sgemm(
                                        m: filters, n: width, k: plan.patch, a: ws.base, lda: plan.patch,
                                        b: columns, ldb: width, beta: 1, c: band, ldc: width)
                                    activation.apply(band, count: filters * width)
                                    var window = flarekit_window(
                                        channels: 1, input_height: rows.count, input_width: g.outputWidth,
                                        window_height: pool.poolHeight, window_width: pool.poolWidth,
                                        stride_height: pool.strideHeight, stride_width: pool.strideWidth,
                                        pad_top: 0, pad_left: 0, output_height: rows.count / poolHeight,
                                        output_width: pooledWidth)
                                    for o in 0..<filters {
                                        flarekit_max_pool_plane(
                                            band + o * width, &window,
                                            ps.base + (image * filters + o) * pooledHeight * pooledWidth
                                                + (row / poolHeight) * pooledWidth)
                                    }
                                    row = rows.upperBound
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
