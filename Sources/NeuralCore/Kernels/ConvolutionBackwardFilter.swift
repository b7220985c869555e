/// The kernel gradient of a convolution, `dW += dY cols^T` per band or chunk of im2col
/// columns (driven by ``ConvolutionBackward``), with the plain-Swift reference
/// ``reference(input:outputGradient:kernelShape:strideHeight:strideWidth:padding:)``.
enum ConvolutionBackwardFilter {
    /// `kernelGradient[:, group] += dY cols^T`: `outputGradient` is `[filters, width]` with rows
    /// `rowStride` apart, `columns` the `[group.patch, width]` im2col columns of the group's
    /// channels for the same outputs.
    @inline(__always)
    static func accumulate(
        outputGradient: UnsafePointer<Float>, rowStride: Int, columns: UnsafePointer<Float>, width: Int,
        group: ConvolutionPlan.ChannelGroup, plan: ConvolutionPlan, into kernelGradient: UnsafeMutablePointer<Float>
    ) {
        BLAS.sgemm(
            transposeB: true, m: plan.filters, n: group.patch, k: width, a: outputGradient, lda: rowStride,
            b: columns, ldb: width, beta: 1, c: kernelGradient + group.kernelOffset, ldc: plan.patch)
    }

    /// Adds the first `workers` accumulators, in worker order, to `kernelGradient`.
    static func addAccumulators(_ accumulators: WorkerScratch, workers: Int, to kernelGradient: inout Tensor) {
        kernelGradient.withUnsafeMutableBufferPointer { dw in
            for worker in 0..<workers {
                let source = accumulators.buffer(worker)
                for i in 0..<dw.count { dw[i] += source[i] }
            }
        }
    }

    /// The plain-Swift reference: `dW[o, c, i, j]` the `Double` sum over images and outputs of
    /// `dY[n, o, oy, ox] x[n, c, iy, ix]`.
    static func reference(
        input: Tensor, outputGradient: Tensor, kernelShape: [Int], strideHeight: Int, strideWidth: Int, padding: Padding
    ) -> Tensor {
        let taps = ConvolutionTaps(
            inputShape: input.shape, kernelShape: kernelShape, strideHeight: strideHeight, strideWidth: strideWidth,
            padding: padding)
        var sums = [Double](repeating: 0, count: Tensor.elementCount(kernelShape))
        taps.forEach { y, x, w in sums[w] += Double(outputGradient.scalars[y]) * Double(input.scalars[x]) }
        return Tensor(validShape: kernelShape, scalars: sums.map { Float($0) })
    }
}
