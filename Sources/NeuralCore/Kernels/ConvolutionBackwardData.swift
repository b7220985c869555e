/// The input gradient of a convolution: `dcols = W^T dY` per band or chunk, scattered back into
/// the images by the adjoint of im2col (driven by ``ConvolutionBackward``), with the
/// plain-Swift reference ``reference(outputGradient:kernel:inputShape:strideHeight:strideWidth:padding:)``.
enum ConvolutionBackwardData {
    /// The input gradient of the channels of `group` from output rows `rows` of one image:
    /// `outputGradient` points at the band's first row (rows one plane apart per filter); adds
    /// into `image`.
    static func scatterBand(
        outputGradient: UnsafePointer<Float>, rows: Range<Int>, kernel: UnsafePointer<Float>,
        group: ConvolutionPlan.ChannelGroup, plan: ConvolutionPlan, columns: UnsafeMutablePointer<Float>,
        into image: UnsafeMutablePointer<Float>
    ) {
        let width = rows.count * plan.geometry.outputWidth
        columnGradients(
            outputGradient: outputGradient, rowStride: plan.plane, width: width, kernel: kernel, group: group, plan: plan,
            into: columns)
        Im2col.columnsToImage(
            columns: columns, rowStride: width, columnOffset: 0, geometry: group.geometry, image: image + group.inputOffset,
            outputRows: rows)
    }

    /// The input gradient of the channels of `group` of a chunk of `images`: `outputGradient` is
    /// `[filters, images x plane]`; adds into each image of `inputGradient` (the whole batch).
    static func scatterChunk(
        outputGradient: UnsafePointer<Float>, images: Range<Int>, kernel: UnsafePointer<Float>,
        group: ConvolutionPlan.ChannelGroup, plan: ConvolutionPlan, columns: UnsafeMutablePointer<Float>,
        into inputGradient: UnsafeMutablePointer<Float>
    ) {
        let rowStride = images.count * plan.plane
        columnGradients(
            outputGradient: outputGradient, rowStride: rowStride, width: rowStride, kernel: kernel, group: group,
            plan: plan, into: columns)
        for (index, image) in images.enumerated() {
            Im2col.columnsToImage(
                columns: columns, rowStride: rowStride, columnOffset: index * plan.plane, geometry: group.geometry,
                image: inputGradient + image * plan.inputImage + group.inputOffset)
        }
    }

    /// `columns = W[:, group]^T dY`, `[group.patch, width]`, from `[filters, width]` gradients
    /// `rowStride` apart.
    @inline(__always)
    private static func columnGradients(
        outputGradient: UnsafePointer<Float>, rowStride: Int, width: Int, kernel: UnsafePointer<Float>,
        group: ConvolutionPlan.ChannelGroup, plan: ConvolutionPlan, into columns: UnsafeMutablePointer<Float>
    ) {
        BLAS.sgemm(
            transposeA: true, m: group.patch, n: width, k: plan.filters, a: kernel + group.kernelOffset, lda: plan.patch,
            b: outputGradient, ldb: rowStride, c: columns, ldc: width)
    }

    /// The plain-Swift reference: `dX[n, c, iy, ix]` the `Double` sum over filters and outputs
    /// of `dY[n, o, oy, ox] W[o, c, i, j]`.
    static func reference(
        outputGradient: Tensor, kernel: Tensor, inputShape: [Int], strideHeight: Int, strideWidth: Int, padding: Padding
    ) -> Tensor {
        let taps = ConvolutionTaps(
            inputShape: inputShape, kernelShape: kernel.shape, strideHeight: strideHeight, strideWidth: strideWidth,
            padding: padding)
        var sums = [Double](repeating: 0, count: Tensor.elementCount(inputShape))
        taps.forEach { y, x, w in sums[x] += Double(outputGradient.scalars[y]) * Double(kernel.scalars[w]) }
        return Tensor(validShape: inputShape, scalars: sums.map { Float($0) })
    }
}
