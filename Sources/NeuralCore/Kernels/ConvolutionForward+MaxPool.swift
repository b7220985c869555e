import CSupport

extension ConvolutionForward {
    /// The convolution followed by a valid max pool of `poolHeight x poolWidth` windows,
    /// `strideHeight x strideWidth` apart (default: the window, so windows do not overlap),
    /// pooled band by band while the band is in cache so the full-resolution output is never
    /// written. A band of pooled rows convolves the rows its windows read; with overlapping
    /// windows (the LRCN's 2 x 2 stride-1 pools) neighbouring bands share `poolHeight -
    /// strideHeight` of them, which both compute. With ``ConvolutionPlan/splitsRows`` the
    /// workers share whole pooled rows of each image.
    /// Equal to ``convolve(_:kernel:bias:activation:plan:scratch:)`` then the pool.
    static func convolveAndPool(
        _ input: Tensor, kernel: [Float], bias: [Float], activation: PointwiseActivation,
        poolHeight: Int, poolWidth: Int, strideHeight: Int? = nil, strideWidth: Int? = nil,
        plan: ConvolutionPlan, scratch: WorkerScratch
    ) -> Tensor {
        let g = plan.geometry, filters = plan.filters
        let sh = strideHeight ?? poolHeight, sw = strideWidth ?? poolWidth
        let pooledHeight = (g.outputHeight - poolHeight) / sh + 1, pooledWidth = (g.outputWidth - poolWidth) / sw + 1
        // Bands of pooled rows whose first convolution row is even for Winograd (its tiles
        // start on even rows).
        let unit = plan.forwardRowUnit == 2 && sh % 2 == 1 ? 2 : 1
        let rowBudget = sh < poolHeight ? plan.overlappingPoolBandRows : plan.bandRows
        let pooledBand = max(unit, ((rowBudget - poolHeight) / sh + 1) / unit * unit)
        let bandRows = (pooledBand - 1) * sh + poolHeight
        let columnFloats = plan.bandFloats(rows: bandRows)
        let kernel = plan.forwardKernel(kernel)
        scratch.reserve(workers: plan.workers, floats: columnFloats + filters * bandRows * g.outputWidth)
        return Tensor(uninitialized: [plan.batch, filters, pooledHeight, pooledWidth]) { pooled in
            input.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), ws = SendableConstPointer(w.baseAddress!)
                    let ps = SendablePointer(pooled.baseAddress!)
                    plan.forEachShare(rowUnit: unit, outputRows: pooledHeight) { worker, images, share in
                        let columns = scratch.buffer(worker), band = columns + columnFloats
                        for image in images {
                            for pooledRows in plan.bands(within: share, rows: pooledBand) {
                                let rows = (pooledRows.lowerBound * sh)..<((pooledRows.upperBound - 1) * sh + poolHeight)
                                let width = rows.count * g.outputWidth
                                for o in 0..<filters { (band + o * width).update(repeating: bias[o], count: width) }
                                addBand(
                                    rows, of: xs.base + image * plan.inputImage, plan: plan, kernel: ws.base,
                                    output: band, filterStride: width, scratch: columns)
                                activation.apply(band, count: filters * width)
                                var window = flarekit_window(
                                    channels: 1, input_height: rows.count, input_width: g.outputWidth,
                                    window_height: poolHeight, window_width: poolWidth,
                                    stride_height: sh, stride_width: sw,
                                    pad_top: 0, pad_left: 0, output_height: pooledRows.count, output_width: pooledWidth)
                                let target = ps.base + image * filters * pooledHeight * pooledWidth
                                    + pooledRows.lowerBound * pooledWidth
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
