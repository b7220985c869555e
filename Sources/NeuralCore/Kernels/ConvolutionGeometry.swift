import CSupport

/// How a convolution or pooling window covers its input: Keras's `valid` or `same`.
public enum Padding: String, Sendable, Codable, CaseIterable {
    /// No padding: output = floor((input - window) / stride) + 1.
    case valid
    /// Keras's `same`: output = ceil(input / stride); the total padding
    /// max((output - 1) * stride + window - input, 0) is split with the extra at the
    /// bottom/right.
    case same

    /// The output extent and the padding before (top or left) for one spatial axis.
    func outputAndPadding(input: Int, window: Int, stride: Int) -> (output: Int, padBefore: Int) {
        switch self {
        case .valid:
            return (input >= window ? (input - window) / stride + 1 : 0, 0)
        case .same:
            let output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + window - input, 0)
            return (output, total / 2)
        }
    }
}

/// The sizes that fix one 2-D sliding-window operation on one image.
struct WindowGeometry: Equatable {
    var channels: Int
    var inputHeight: Int
    var inputWidth: Int
    var windowHeight: Int
    var windowWidth: Int
    var strideHeight: Int
    var strideWidth: Int
    var padTop: Int
    var padLeft: Int
    var outputHeight: Int
    var outputWidth: Int

    init(
        channels: Int, inputHeight: Int, inputWidth: Int,
        windowHeight: Int, windowWidth: Int, strideHeight: Int, strideWidth: Int, padding: Padding
    ) {
        self.channels = channels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.windowHeight = windowHeight
        self.windowWidth = windowWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        let vertical = padding.outputAndPadding(input: inputHeight, window: windowHeight, stride: strideHeight)
        let horizontal = padding.outputAndPadding(input: inputWidth, window: windowWidth, stride: strideWidth)
        outputHeight = vertical.output
        outputWidth = horizontal.output
        padTop = vertical.padBefore
        padLeft = horizontal.padBefore
    }

    /// A stride-1 window with explicit padding before (top, left) and output extent.
    init(
        channels: Int, inputHeight: Int, inputWidth: Int, windowHeight: Int, windowWidth: Int,
        padTop: Int, padLeft: Int, outputHeight: Int, outputWidth: Int
    ) {
        self.channels = channels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.windowHeight = windowHeight
        self.windowWidth = windowWidth
        strideHeight = 1
        strideWidth = 1
        self.padTop = padTop
        self.padLeft = padLeft
        self.outputHeight = outputHeight
        self.outputWidth = outputWidth
    }

    /// The same sizes for the C kernels.
    var cWindow: flarekit_window {
        flarekit_window(
            channels: channels, input_height: inputHeight, input_width: inputWidth,
            window_height: windowHeight, window_width: windowWidth,
            stride_height: strideHeight, stride_width: strideWidth,
            pad_top: padTop, pad_left: padLeft, output_height: outputHeight, output_width: outputWidth)
    }

    /// Whether the windows tile the input: stride equal to the window, no padding, every
    /// window inside (the rows and columns past the last window belong to none).
    var tilesInput: Bool {
        strideHeight == windowHeight && strideWidth == windowWidth && padTop == 0 && padLeft == 0
            && outputHeight * windowHeight <= inputHeight && outputWidth * windowWidth <= inputWidth
    }

    var inputPlane: Int { inputHeight * inputWidth }
    var outputPlane: Int { outputHeight * outputWidth }
    /// Rows of the im2col matrix: channels x window.
    var patchSize: Int { channels * windowHeight * windowWidth }

    /// The output columns `ox` whose input column `ox * stride - padLeft + j` lies inside
    /// the image.
    @inline(__always)
    func validOutputColumns(kernelColumn j: Int) -> Range<Int> {
        let offset = j - padLeft
        // ox * s + offset >= 0  =>  ox >= ceil(-offset / s)
        let low = offset >= 0 ? 0 : (-offset + strideWidth - 1) / strideWidth
        // ox * s + offset <= W - 1  =>  ox <= floor((W - 1 - offset) / s)
        let limit = inputWidth - 1 - offset
        let high = limit < 0 ? 0 : min(outputWidth, limit / strideWidth + 1)
        return low..<max(low, high)
    }
}
