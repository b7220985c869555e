/// The input gradient of a convolution as forward convolutions of its output gradient, run by
/// the forward C kernels instead of `sgemm` and the adjoint of im2col.
///
/// Input row `iy` of a layer with stride `s` and padding `p` before it receives from kernel rows
/// `i ≡ (iy + p) mod s` only. So the input rows split into `s` phases (`s x s` phases of rows and
/// columns), and phase `r`'s rows are a stride-1 correlation of the output gradient with the
/// kernel rows `r, r + s, ...` turned by 180 degrees and transposed (`[channels, filters, ...]`).
/// At stride 1 there is one phase: the output gradient convolved with the whole kernel turned
/// and transposed. The phases' outputs interleave into the input gradient, each value written
/// once.
struct ConvolutionInputGradient {
    /// One phase along one axis.
    struct Axis {
        /// The phase `r`: input positions `q * stride + r - padBefore`.
        var phase: Int
        /// The first `q` (the phase's first input position is `first * stride + phase - padBefore`).
        var first: Int
        /// Input positions of the phase (the phase convolution's output extent).
        var count: Int
        /// Kernel taps of the phase: `phase, phase + stride, ...`.
        var taps: Int
        /// The phase convolution's padding before.
        var pad: Int

        /// Phase `phase` of an axis, or `nil` when no kernel tap or a negative padding would
        /// serve it (then the layer keeps the adjoint of im2col).
        init?(phase: Int, input: Int, window: Int, stride: Int, padBefore: Int) {
            let taps = (window - phase + stride - 1) / stride
            let first = max(0, Self.ceilingDivision(padBefore - phase, stride))
            let last = Self.floorDivision(input - 1 + padBefore - phase, stride)
            guard taps >= 1, taps - 1 - first >= 0 else { return nil }
            self.phase = phase
            self.first = first
            self.count = max(0, last - first + 1)
            self.taps = taps
            self.pad = taps - 1 - first
        }

        static func floorDivision(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
        static func ceilingDivision(_ a: Int, _ b: Int) -> Int { -floorDivision(-a, b) }
    }

    /// One phase of rows and columns and the plan of its convolution.
    struct Phase {
        var rows: Axis
        var columns: Axis
        var plan: ConvolutionPlan
    }

    /// The layer's plan.
    let layer: ConvolutionPlan
    /// Its phases with at least one input position.
    let phases: [Phase]

    /// The phases of `layer`'s input gradient: layers of at least
    /// ``ConvolutionPlan/filterLanesBlock`` input channels, whose phase convolutions then fill
    /// the C kernels' blocks of filters, and whose every phase has a kernel tap. Others (the
    /// first layer of each network, whose one-filter input gradient measured faster through
    /// im2col) return `nil`.
    init?(layer: ConvolutionPlan, budget: ConvolutionPlan.Budget) {
        let g = layer.geometry
        guard g.channels >= ConvolutionPlan.filterLanesBlock else { return nil }
        var phases: [Phase] = []
        for r in 0..<g.strideHeight {
            guard let rows = Axis(
                phase: r, input: g.inputHeight, window: g.windowHeight, stride: g.strideHeight, padBefore: g.padTop)
            else { return nil }
            for c in 0..<g.strideWidth {
                guard let columns = Axis(
                    phase: c, input: g.inputWidth, window: g.windowWidth, stride: g.strideWidth, padBefore: g.padLeft)
                else { return nil }
                guard rows.count > 0, columns.count > 0 else { continue }
                let window = WindowGeometry(
                    channels: layer.filters, inputHeight: g.outputHeight, inputWidth: g.outputWidth,
                    windowHeight: rows.taps, windowWidth: columns.taps, padTop: rows.pad, padLeft: columns.pad,
                    outputHeight: rows.count, outputWidth: columns.count)
                let plan = ConvolutionPlan(geometry: window, filters: g.channels, batch: layer.batch, budget: budget)
                phases.append(Phase(rows: rows, columns: columns, plan: plan))
            }
        }
        self.layer = layer
        self.phases = phases
    }

    /// The kernel of a phase's convolution: `result[c][f][m][n] = kernel[f][c][r + s (M - 1 - m)][...]`,
    /// the phase's taps of a `[filters, channels, kh, kw]` kernel turned by 180 degrees and
    /// transposed.
    func kernel(of phase: Phase, from kernel: [Float]) -> [Float] {
        let g = layer.geometry, filters = layer.filters, channels = g.channels
        let taps = (phase.rows.taps, phase.columns.taps)
        var result = [Float](repeating: 0, count: channels * filters * taps.0 * taps.1)
        for f in 0..<filters {
            for c in 0..<channels {
                for m in 0..<taps.0 {
                    let i = phase.rows.phase + g.strideHeight * (taps.0 - 1 - m)
                    for n in 0..<taps.1 {
                        let j = phase.columns.phase + g.strideWidth * (taps.1 - 1 - n)
                        result[((c * filters + f) * taps.0 + m) * taps.1 + n] =
                            kernel[((f * channels + c) * g.windowHeight + i) * g.windowWidth + j]
                    }
                }
            }
        }
        return result
    }

    /// The input gradient (`inputShape`) of `outputGradient`.
    func inputGradient(of outputGradient: Tensor, kernel: [Float], inputShape: [Int], scratch: WorkerScratch) -> Tensor {
        let g = layer.geometry
        let results = phases.map { phase in
            ConvolutionForward.convolve(
                outputGradient, kernel: self.kernel(of: phase, from: kernel),
                bias: [Float](repeating: 0, count: g.channels), activation: .identity, plan: phase.plan, scratch: scratch)
        }
        // Stride 1: the one phase is the input gradient.
        if phases.count == 1, g.strideHeight == 1, g.strideWidth == 1 { return results[0] }
        return Tensor(uninitialized: inputShape) { dx in
            let dxs = SendablePointer(dx.baseAddress!), planes = inputShape[0] * inputShape[1]
            for (phase, result) in zip(phases, results) {
                result.withUnsafeBufferPointer { source in
                    let sources = SendableConstPointer(source.baseAddress!)
                    Parallel.forEachChunk(planes, costPerItem: phase.plan.plane) { range in
                        for plane in range {
                            interleave(phase, from: sources.base + plane * phase.plan.plane, into: dxs.base + plane * g.inputPlane)
                        }
                    }
                }
            }
        }
    }

    /// Writes one plane of a phase's output to its input positions.
    private func interleave(_ phase: Phase, from source: UnsafePointer<Float>, into plane: UnsafeMutablePointer<Float>) {
        let g = layer.geometry
        let column0 = phase.columns.first * g.strideWidth + phase.columns.phase - g.padLeft
        for a in 0..<phase.rows.count {
            let row = (a + phase.rows.first) * g.strideHeight + phase.rows.phase - g.padTop
            let target = plane + row * g.inputWidth + column0, values = source + a * phase.columns.count
            for b in 0..<phase.columns.count { target[b * g.strideWidth] = values[b] }
        }
    }
}
