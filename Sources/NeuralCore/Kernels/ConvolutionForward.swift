import CSupport

/// The forward convolution `y = activation(W x + b)` of NCHW images with an OIHW kernel: images
/// split over workers (or a single image's rows), each image's output rows in bands for a C
/// kernel, the direct kernel for planes of 256 outputs or more and the filters-in-lanes kernel
/// for smaller ones (see ``ConvolutionPlan``).
/// ``reference(input:kernel:bias:strideHeight:strideWidth:padding:)`` is the plain-Swift
/// reference the tests compare against.
enum ConvolutionForward {
    /// The convolution of a batch with `kernel` (`[filters, patch]`) and `bias` (`[filters]`),
    /// followed by `activation`, into a new `[N, filters, outH, outW]` tensor.
    static func convolve(
        _ input: Tensor, kernel: [Float], bias: [Float], activation: PointwiseActivation,
        plan: ConvolutionPlan, scratch: WorkerScratch
    ) -> Tensor {
        let g = plan.geometry, filters = plan.filters, plane = plan.plane
        scratch.reserve(workers: plan.workers, floats: plan.scratchFloats)
        let kernel = plan.forwardKernel(kernel)
        return Tensor(uninitialized: [plan.batch, plan.filters, g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), ws = SendableConstPointer(w.baseAddress!)
                    let ys = SendablePointer(y.baseAddress!)
                    plan.forEachShare(rowUnit: plan.forwardRowUnit) { worker, images, share in
                        // Image by image, a band of output rows at a time. The output starts as
                        // the bias and the kernel adds to it: no zeroing or bias pass.
                        let shareStart = share.lowerBound * g.outputWidth, shareWidth = share.count * g.outputWidth
                        for image in images {
                            let target = ys.base + image * plan.outputImage
                            for o in 0..<filters {
                                (target + o * plane + shareStart).update(repeating: bias[o], count: shareWidth)
                            }
                            for rows in plan.bands(within: share, rows: plan.forwardBandRows) {
                                addBand(
                                    rows, of: xs.base + image * plan.inputImage, plan: plan, kernel: ws.base,
                                    output: target + rows.lowerBound * g.outputWidth, filterStride: plane,
                                    scratch: scratch.buffer(worker))
                            }
                            for o in 0..<filters { activation.apply(target + o * plane + shareStart, count: shareWidth) }
                        }
                    }
                }
            }
        }
    }

    /// Adds the convolution of output rows `rows` of one image to `output`, which holds the
    /// biases (filter `o`'s rows from `output + o * filterStride`, `outputWidth` apart), with
    /// the plan's C kernel (``ConvolutionPlan/forwardKernelKind``). `kernel` is ``ConvolutionPlan/forwardKernel(_:)``'s; `scratch`
    /// holds ``ConvolutionPlan/bandFloats(rows:)``.
    static func addBand(
        _ rows: Range<Int>, of image: UnsafePointer<Float>, plan: ConvolutionPlan, kernel: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, filterStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        var window = plan.geometry.cWindow
        switch plan.forwardKernelKind {
        case .direct:
            flarekit_convolve_direct(
                image, &window, plan.filters, kernel, rows.lowerBound, rows.upperBound, output, filterStride, scratch)
        case .filtersInLanes:
            flarekit_convolve_filters_in_lanes(
                image, &window, plan.filters, kernel, rows.lowerBound, rows.upperBound, output, filterStride, scratch)
        case .winograd:
            flarekit_convolve_winograd(
                image, &window, plan.filters, kernel, rows.lowerBound, rows.upperBound, output, filterStride, scratch)
        }
    }

    /// The plain-Swift reference: a direct convolution with Keras's padding, each output the
    /// `Double` sum of its bias and its products in order.
    static func reference(
        input: Tensor, kernel: Tensor, bias: Tensor?, strideHeight: Int, strideWidth: Int, padding: Padding
    ) -> Tensor {
        let taps = ConvolutionTaps(
            inputShape: input.shape, kernelShape: kernel.shape, strideHeight: strideHeight, strideWidth: strideWidth,
            padding: padding)
        let plane = taps.outputShape[2] * taps.outputShape[3], filters = taps.outputShape[1]
        var sums = (0..<Tensor.elementCount(taps.outputShape)).map { Double(bias?[flat: $0 / plane % filters] ?? 0) }
        taps.forEach { y, x, w in sums[y] += Double(input.scalars[x]) * Double(kernel.scalars[w]) }
        return Tensor(validShape: taps.outputShape, scalars: sums.map { Float($0) })
    }
}
