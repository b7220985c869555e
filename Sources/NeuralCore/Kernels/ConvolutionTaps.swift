/// Every product of a direct 2-D convolution (NCHW input, OIHW kernel, Keras's padding), the
/// loop the plain-Swift convolution references share: one call per output value, filter
/// channel and kernel tap that lands inside the image.
struct ConvolutionTaps {
    let inputShape: [Int]
    let kernelShape: [Int]
    let outputShape: [Int]
    let strideHeight: Int, strideWidth: Int
    let padTop: Int, padLeft: Int

    /// The taps of a convolution of an `[N, C, H, W]` input with an `[O, C, kh, kw]` kernel.
    init(inputShape: [Int], kernelShape: [Int], strideHeight: Int, strideWidth: Int, padding: Padding) {
        let vertical = padding.outputAndPadding(input: inputShape[2], window: kernelShape[2], stride: strideHeight)
        let horizontal = padding.outputAndPadding(input: inputShape[3], window: kernelShape[3], stride: strideWidth)
        self.inputShape = inputShape
        self.kernelShape = kernelShape
        outputShape = [inputShape[0], kernelShape[0], vertical.output, horizontal.output]
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        padTop = vertical.padBefore
        padLeft = horizontal.padBefore
    }

    /// Calls `body(output, input, kernel)` with the flat row-major indices of each tap, in the
    /// order image, filter, output row, output column, channel, kernel row, kernel column.
    func forEach(_ body: (_ output: Int, _ input: Int, _ kernel: Int) -> Void) {
        let (channels, height, width) = (inputShape[1], inputShape[2], inputShape[3])
        let (filters, kh, kw) = (kernelShape[0], kernelShape[2], kernelShape[3])
        let (outH, outW) = (outputShape[2], outputShape[3])
        for n in 0..<inputShape[0] {
            for o in 0..<filters {
                for oy in 0..<outH {
                    for ox in 0..<outW {
                        let output = ((n * filters + o) * outH + oy) * outW + ox
                        for c in 0..<channels {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = oy * strideHeight - padTop + i
                                    let ix = ox * strideWidth - padLeft + j
                                    if iy < 0 || iy >= height || ix < 0 || ix >= width { continue }
                                    body(output, ((n * channels + c) * height + iy) * width + ix, ((o * channels + c) * kh + i) * kw + j)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
