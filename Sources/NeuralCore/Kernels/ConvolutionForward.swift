import CSupport

/// The forward convolution `y = activation(W x + b)` of NCHW images with an OIHW kernel,
/// lowered onto `sgemm` through ``Im2col``: images split over workers, each worker's images in
/// bands of output rows (the direct path) or side by side in chunks, deep inputs a group of
/// channels at a time (see ``ConvolutionPlan``). Bands of planes of 256 outputs or more go to the
/// direct C kernel instead (``ConvolutionPlan/convolvesDirectly``).
/// ``reference(input:kernel:bias:strideHeight:strideWidth:padding:)`` is the plain-Swift
/// reference the tests compare against.
enum ConvolutionForward {
    /// The convolution of a batch with `kernel` (`[filters, patch]`) and `bias` (`[filters]`),
    /// followed by `activation`, into a new `[N, filters, outH, outW]` tensor.
    static func convolve(
        _ input: Tensor, kernel: [Float], bias: [Float], activation: PointwiseActivation,
        plan: ConvolutionPlan, scratch: WorkerScratch
    ) -> Tensor {
        let g = plan.geometry
        scratch.reserve(workers: plan.workers, floats: plan.scratchFloats)
        return Tensor(uninitialized: [plan.batch, plan.filters, g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), ws = SendableConstPointer(w.baseAddress!)
                    let ys = SendablePointer(y.baseAddress!)
                    plan.forEachShare { worker, images, rows in
                        convolveImages(
                            images, rows: rows, plan: plan, input: xs.base, kernel: ws.base, bias: bias,
                            activation: activation, output: ys.base, scratch: scratch.buffer(worker))
                    }
                }
            }
        }
    }

    /// One worker's share: im2col, product, bias and activation for output rows `rows` of
    /// `images` (all rows unless ``ConvolutionPlan/splitsRows``).
    static func convolveImages(
        _ images: Range<Int>, rows share: Range<Int>, plan: ConvolutionPlan, input: UnsafePointer<Float>,
        kernel: UnsafePointer<Float>, bias: [Float], activation: PointwiseActivation, output: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let g = plan.geometry, filters = plan.filters, plane = plan.plane, patch = plan.patch
        let columns = scratch, product = scratch + plan.columnFloats
        if plan.direct {
            // Image by image, a band of output rows at a time, so that the band's columns stay
            // in the core's cache between im2col and the product. The output starts as the
            // bias and the product adds to it (beta 1): no zeroing or bias pass.
            let shareStart = share.lowerBound * g.outputWidth, shareWidth = share.count * g.outputWidth
            for image in images {
                let target = output + image * plan.outputImage
                for o in 0..<filters { (target + o * plane + shareStart).update(repeating: bias[o], count: shareWidth) }
                for rows in plan.bands(within: share) {
                    addBand(
                        rows, of: input + image * plan.inputImage, plan: plan, kernel: kernel,
                        output: target + rows.lowerBound * g.outputWidth, filterStride: plane, columns: columns)
                }
                for o in 0..<filters { activation.apply(target + o * plane + shareStart, count: shareWidth) }
            }
            return
        }
        for chunk in plan.chunks(of: images) {
            let rowStride = chunk.count * plane
            for group in plan.channelGroups {
                plan.lowerChunk(input, images: chunk, group: group, into: columns)
                BLAS.sgemm(
                    m: filters, n: rowStride, k: group.patch, a: kernel + group.kernelOffset, lda: patch,
                    b: columns, ldb: rowStride, beta: group.firstChannel == 0 ? 0 : 1, c: product, ldc: rowStride)
            }
            // The product is [filters, images x plane]: scatter it image by image, adding the bias.
            let destination = output + chunk.lowerBound * plan.outputImage
            for row in 0..<(chunk.count * filters) {
                let image = row / filters, o = row % filters
                let target = destination + row * plane
                let source = product + o * rowStride + image * plane
                let b = bias[o]
                for p in 0..<plane { target[p] = source[p] + b }
                activation.apply(target, count: plane)
            }
        }
    }

    /// Adds the convolution of output rows `rows` of one image to `output`, which holds the
    /// biases (filter `o`'s rows from `output + o * filterStride`, `outputWidth` apart): the
    /// direct kernel (``ConvolutionPlan/convolvesDirectly``), or im2col and
    /// `sgemm` a channel group at a time. `columns` holds ``ConvolutionPlan/bandFloats(rows:chunkColumns:)``.
    static func addBand(
        _ rows: Range<Int>, of image: UnsafePointer<Float>, plan: ConvolutionPlan, kernel: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, filterStride: Int, columns: UnsafeMutablePointer<Float>
    ) {
        if plan.convolvesDirectly {
            var window = plan.geometry.cWindow
            flarekit_convolve_direct(
                image, &window, plan.filters, kernel, rows.lowerBound, rows.upperBound, output, filterStride, columns)
            return
        }
        let width = rows.count * plan.geometry.outputWidth
        for group in plan.channelGroups {
            plan.lowerBand(image, rows: rows, group: group, into: columns)
            BLAS.sgemm(
                m: plan.filters, n: width, k: group.patch, a: kernel + group.kernelOffset, lda: plan.patch,
                b: columns, ldb: width, beta: 1, c: output, ldc: filterStride)
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
