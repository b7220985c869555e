import Foundation

/// A long short-term memory layer over `[batch, time, features]` that returns the last hidden
/// state `[batch, units]` (Keras's `LSTM` with `return_sequences=False`).
///
/// Gates are packed in Keras's order i, f, c, o along the last axis of `kernel`
/// (`[features, 4 units]`), `recurrentKernel` (`[units, 4 units]`) and `bias` (`[4 units]`);
/// sigmoid gates and tanh cell and output activations. Initialisation is Keras's: Glorot-uniform
/// kernel, orthogonal recurrent kernel, zero bias with the forget-gate block set to 1.
/// `backward` runs full backpropagation through time.
public final class LSTM: Layer {
    /// Input features per time step.
    public let inFeatures: Int
    /// Hidden units.
    public let units: Int
    /// `[inFeatures, 4 units]`.
    public let kernel: Parameter
    /// `[units, 4 units]`.
    public let recurrentKernel: Parameter
    /// `[4 units]`.
    public let bias: Parameter

    // What backward needs. The per-step gate arithmetic is in Kernels/RecurrentGates.swift;
    // the matrix products around it are the helpers at the end of this file.
    private struct Cache {
        var input: Tensor
        var layout: RecurrentGateLayout
        var gates: [Float]     // [N, T, 4U]: i, f, g, o after activation
        var hidden: [Float]    // [T + 1, N, U]
        var cell: [Float]      // [T + 1, N, U]
    }
    private var cache: Cache?

    public var kind: String { "lstm" }

    /// Creates the layer with Keras's default initialisation drawn from `generator`.
    public init(inFeatures: Int, units: Int, kernelL2: Float = 0, generator: inout SeededGenerator) throws {
        guard inFeatures >= 1, units >= 1 else {
            throw NeuralCoreError.invalidArgument(
                name: "LSTM size", value: "\(inFeatures) -> \(units)", reason: "both sizes must be at least 1")
        }
        self.inFeatures = inFeatures
        self.units = units
        kernel = Parameter(
            try Initializers.glorotUniform(
                shape: [inFeatures, 4 * units], fanIn: inFeatures, fanOut: 4 * units, generator: &generator),
            l2: kernelL2)
        recurrentKernel = Parameter(try Initializers.orthogonal(shape: [units, 4 * units], generator: &generator))
        var b = Tensor(zeros: [4 * units])
        for u in units..<(2 * units) { b.scalars[u] = 1 }
        bias = Parameter(b)
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("kernel", kernel), ("recurrentKernel", recurrentKernel), ("bias", bias)]
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3, inputShape[2] == inFeatures, inputShape[1] >= 1 else {
            throw NeuralCoreError.shapeMismatch(
                operation: "LSTM input [batch, time, features]",
                expected: [inputShape.first ?? -1, max(1, inputShape.count > 1 ? inputShape[1] : 1), inFeatures],
                actual: inputShape)
        }
        return [inputShape[0], units]
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        _ = try outputShape(for: input.shape)
        let layout = RecurrentGateLayout(batch: input.shape[0], steps: input.shape[1], units: units)
        var gates = try inputPreactivations(input, layout: layout)
        var hidden = [Float](repeating: 0, count: layout.stateCount)
        var cell = hidden
        gates.withUnsafeMutableBufferPointer { z in
            hidden.withUnsafeMutableBufferPointer { h in
                cell.withUnsafeMutableBufferPointer { c in
                    for t in 0..<layout.steps {
                        if t > 0 { addRecurrentPreactivations(step: t, layout: layout, hidden: h, gates: z) }
                        RecurrentGates.forward(step: t, layout: layout, gates: z, cell: c, hidden: h)
                    }
                }
            }
        }
        let last = Array(hidden[layout.stateOffset(step: layout.steps)...])
        cache = mode == .training ? Cache(input: input, layout: layout, gates: gates, hidden: hidden, cell: cell) : nil
        return Tensor(validShape: [layout.batch, units], scalars: last)
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let cache else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let layout = cache.layout
        try outputGradient.expectShape([layout.batch, units], in: "LSTM backward")
        var gateGradient = [Float](repeating: 0, count: layout.gateCount)
        var dh = outputGradient.scalars
        var dc = [Float](repeating: 0, count: layout.stateSize)
        var dhPrevious = dc
        for t in stride(from: layout.steps - 1, through: 0, by: -1) {
            backpropagateThroughGates(
                step: t, cache: cache, hiddenGradient: dh, cellGradient: &dc, gateGradient: &gateGradient)
            if t > 0 {
                backpropagateThroughRecurrence(
                    step: t, layout: layout, hidden: cache.hidden, gateGradient: gateGradient,
                    previousHiddenGradient: &dhPrevious)
                swap(&dh, &dhPrevious)
            }
        }
        try accumulateBiasGradient(gateGradient, layout: layout)
        return try backpropagateThroughInput(cache.input, gateGradient: gateGradient, layout: layout)
    }
}

// MARK: - The matrix products around the gate kernels

private extension LSTM {
    /// Gate pre-activations of every step from the input alone: `Z = 1 b + X W`, `[N, T, 4U]`.
    func inputPreactivations(_ input: Tensor, layout: RecurrentGateLayout) throws -> [Float] {
        let rows = layout.batch * layout.steps
        var gates = Tensor(rows: rows, repeating: bias.value)
        try gates.addMatmul(Tensor(validShape: [rows, inFeatures], scalars: input.scalars), kernel.value)
        return gates.scalars
    }

    /// Adds the recurrent term of step `t`: `Z_t += h_t R` (`h_t` the state after `t` steps).
    func addRecurrentPreactivations(
        step t: Int, layout: RecurrentGateLayout,
        hidden: UnsafeMutableBufferPointer<Float>, gates: UnsafeMutableBufferPointer<Float>
    ) {
        recurrentKernel.value.withUnsafeBufferPointer { r in
            BLAS.sgemm(
                m: layout.batch, n: layout.gateWidth, k: units,
                a: hidden.baseAddress! + layout.stateOffset(step: t), lda: units, b: r.baseAddress!, ldb: layout.gateWidth,
                beta: 1, c: gates.baseAddress! + layout.gateOffset(sample: 0, step: t), ldc: layout.gateRowStride)
        }
    }

    /// Step `t`'s recurrent products backwards: `dR += h_t^T dZ_t` and
    /// `previousHiddenGradient = dZ_t R^T` (the gradient reaching `h_t`).
    func backpropagateThroughRecurrence(
        step t: Int, layout: RecurrentGateLayout, hidden: [Float], gateGradient: [Float],
        previousHiddenGradient: inout [Float]
    ) {
        let g4 = layout.gateWidth
        gateGradient.withUnsafeBufferPointer { dz in
            let dzt = dz.baseAddress! + layout.gateOffset(sample: 0, step: t)
            hidden.withUnsafeBufferPointer { h in
                recurrentKernel.gradient.withUnsafeMutableBufferPointer { dr in
                    BLAS.sgemm(
                        transposeA: true, m: units, n: g4, k: layout.batch,
                        a: h.baseAddress! + layout.stateOffset(step: t), lda: units, b: dzt, ldb: layout.gateRowStride,
                        beta: 1, c: dr.baseAddress!, ldc: g4)
                }
            }
            recurrentKernel.value.withUnsafeBufferPointer { r in
                previousHiddenGradient.withUnsafeMutableBufferPointer { dhp in
                    BLAS.sgemm(
                        transposeB: true, m: layout.batch, n: units, k: g4,
                        a: dzt, lda: layout.gateRowStride, b: r.baseAddress!, ldb: g4,
                        c: dhp.baseAddress!, ldc: units)
                }
            }
        }
    }

    /// Step `t`'s gate arithmetic backwards (``RecurrentGates/backward``): fills step `t` of
    /// `gateGradient` and carries `cellGradient` from `c_{t+1}` to `c_t`.
    private func backpropagateThroughGates(
        step t: Int, cache: Cache, hiddenGradient: [Float], cellGradient: inout [Float], gateGradient: inout [Float]
    ) {
        cache.gates.withUnsafeBufferPointer { z in
            cache.cell.withUnsafeBufferPointer { c in
                hiddenGradient.withUnsafeBufferPointer { dh in
                    cellGradient.withUnsafeMutableBufferPointer { dc in
                        gateGradient.withUnsafeMutableBufferPointer { dz in
                            RecurrentGates.backward(
                                step: t, layout: cache.layout, gates: z, cell: c,
                                hiddenGradient: dh, cellGradient: dc, gateGradient: dz)
                        }
                    }
                }
            }
        }
    }

    /// `db += sum over samples and steps of dZ`.
    func accumulateBiasGradient(_ gateGradient: [Float], layout: RecurrentGateLayout) throws {
        try bias.gradient.addColumnSums(of: Tensor(validShape: [layout.batch * layout.steps, layout.gateWidth], scalars: gateGradient))
    }

    /// The input products backwards: `dW += X^T dZ`, and returns `dX = dZ W^T`.
    func backpropagateThroughInput(_ input: Tensor, gateGradient: [Float], layout: RecurrentGateLayout) throws -> Tensor {
        let rows = layout.batch * layout.steps
        let gateGradient = Tensor(validShape: [rows, layout.gateWidth], scalars: gateGradient)
        try kernel.gradient.addMatmul(
            Tensor(validShape: [rows, inFeatures], scalars: input.scalars), gateGradient, transposeA: true)
        return try Tensor.matmul(gateGradient, kernel.value, transposeB: true).reshaped(input.shape)
    }
}
