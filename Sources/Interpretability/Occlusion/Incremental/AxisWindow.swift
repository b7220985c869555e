import NeuralCore

/// One axis of a sliding-window layer (convolution or pooling): which outputs a changed input
/// range reaches, and which input range (in padded coordinates) an output range reads.
///
/// Padding follows Keras (Documentation/Architectures.md): `valid` has none; `same` gives ceil(input / stride)
/// outputs with the total padding max((output - 1) * stride + window - input, 0) split with the
/// extra at the bottom/right.
struct AxisWindow: Equatable {
    let kernel: Int
    let stride: Int
    let padding: Padding
    let padBefore: Int
    let input: Int
    let output: Int

    init(kernel: Int, stride: Int, padding: Padding, input: Int) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.input = input
        switch padding {
        case .valid:
            output = input >= kernel ? (input - kernel) / stride + 1 : 0
            padBefore = 0
        case .same:
            output = (input + stride - 1) / stride
            padBefore = max((output - 1) * stride + kernel - input, 0) / 2
        }
    }

    /// The outputs whose window overlaps the input range `changed` (empty when none does).
    func affected(_ changed: Range<Int>) -> Range<Int> {
        guard !changed.isEmpty else {
            let at = min(max(0, Self.floorDivide(changed.lowerBound + padBefore, stride)), output)
            return at..<at
        }
        // Output o reads inputs [o * s - p, o * s - p + k).
        let low = max(0, Self.ceilDivide(changed.lowerBound + padBefore - kernel + 1, stride))
        let high = min(output - 1, Self.floorDivide(changed.upperBound - 1 + padBefore, stride))
        return low <= high ? low..<(high + 1) : min(low, output)..<min(low, output)
    }

    /// The first input (padded coordinates: negative or past the end means padding) that
    /// output `start` reads.
    func inputStart(outputStart start: Int) -> Int { start * stride - padBefore }

    /// The number of inputs `count` consecutive outputs read.
    func inputLength(outputCount count: Int) -> Int { (count - 1) * stride + kernel }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func ceilDivide(_ a: Int, _ b: Int) -> Int { -floorDivide(-a, b) }
}

/// Per placement along one axis: the range of a layer's output that a mask changes, and the
/// window recomputed for it. The window has one length for every placement (so the windows of
/// a batch stack into one tensor) and lies inside the output; it covers the changed range.
struct AxisPlan {
    /// The window length.
    var length: Int
    /// The window's first index, per placement.
    var starts: [Int]
    /// The changed outputs, per placement.
    var changed: [Range<Int>]

    /// Windows of one length placed over `changed` inside `0..<extent`.
    init(changed: [Range<Int>], extent: Int) {
        let longest = changed.map(\.count).max() ?? 0
        length = min(extent, max(1, longest))
        let length = self.length
        starts = changed.map { min(max(0, $0.lowerBound), extent - length) }
        self.changed = changed
    }

    /// A plan given directly (the mask itself).
    init(length: Int, starts: [Int], changed: [Range<Int>]) {
        self.length = length
        self.starts = starts
        self.changed = changed
    }
}
