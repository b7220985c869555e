import CSupport

extension ConvolutionForward {
    /// The convolution followed by a non-overlapping valid max pool of `poolHeight x poolWidth`
    /// windows (stride equal to the window), pooled band by band while the band is in cache so
    /// the full-resolution output is never written. With ``ConvolutionPlan/splitsRows`` the
    /// workers share whole pooling rows of each image.
    /// Equal to ``convolve(_:kernel:bias:activation:plan:scratch:)`` then the pool.
    static func convolveAndPool(
        _ input: Tensor, kernel: [Float], bias: [Float], activation: PointwiseActivation,
        poolHeight: Int, poolWidth: Int, plan: ConvolutionPlan, scratch: WorkerScratch
    ) -> Tensor {
        let g = plan.geometry, filters = plan.filters
        let pooledHeight = g.outputHeight / poolHeight, pooledWidth = g.outputWidth / poolWidth
        // Bands of whole pooling rows (starting on even rows for Winograd); output rows below
        // the last window are never needed.
        let unit = plan.forwardRowUnit == 2 && poolHeight % 2 == 1 ? 2 * poolHeight : poolHeight
        let bandRows = max(unit, plan.bandRows / unit * unit)
        let columnFloats = plan.bandFloats(rows: bandRows)
        let kernel = plan.forwardKernel(kernel)
        scratch.reserve(workers: plan.workers, floats: columnFloats + filters * bandRows * g.outputWidth)
        return Tensor(uninitialized: [plan.batch, filters, pooledHeight, pooledWidth]) { pooled in
            input.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), ws = SendableConstPointer(w.baseAddress!)
                    let ps = SendablePointer(pooled.baseAddress!)
                    plan.forEachShare(rowUnit: unit) { worker, images, share in
                        let columns = scratch.buffer(worker), band = columns + columnFloats
                        let used = share.lowerBound..<min(share.upperBound, pooledHeight * poolHeight)
                        for image in images {
                            for rows in plan.bands(within: used, rows: bandRows) {
                                let width = rows.count * g.outputWidth
                                for o in 0..<filters { (band + o * width).update(repeating: bias[o], count: width) }
                                addBand(
                                    rows, of: xs.base + image * plan.inputImage, plan: plan, kernel: ws.base,
                                    output: band, filterStride: width, scratch: columns)
                                activation.apply(band, count: filters * width)
                                var window = flarekit_window(
                                    channels: 1, input_height: rows.count, input_width: g.outputWidth,
                                    window_height: poolHeight, window_width: poolWidth,
                                    stride_height: poolHeight, stride_width: poolWidth,
                                    pad_top: 0, pad_left: 0, output_height: rows.count / poolHeight, output_width: pooledWidth)
                                let target = ps.base + image * filters * pooledHeight * pooledWidth
                                    + (rows.lowerBound / poolHeight) * pooledWidth
                                for o in 0..<filters {
                                    flarekit_max_pool_plane(band + o * width, &window, target + o * pooledHeight * pooledWidth)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
