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

    private struct Cache {
        var input: Tensor
        var gates: [Float]     // [N, T, 4U]: i, f, g, o after activation
        var hidden: [Float]    // [T + 1, N, U]
        var cell: [Float]      // [T + 1, N, U]
        var batch: Int
        var steps: Int
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
        let batch = input.shape[0], steps = input.shape[1]
        let u = units, g4 = 4 * units
        let rowStride = steps * g4
        var gates = [Float](repeating: 0, count: batch * steps * g4)
        var hidden = [Float](repeating: 0, count: (steps + 1) * batch * u)
        var cell = [Float](repeating: 0, count: (steps + 1) * batch * u)
        gates.withUnsafeMutableBufferPointer { z in
            bias.value.withUnsafeBufferPointer { b in
                for row in 0..<(batch * steps) { (z.baseAddress! + row * g4).update(from: b.baseAddress!, count: g4) }
            }
            input.withUnsafeBufferPointer { x in
                kernel.value.withUnsafeBufferPointer { w in
                    BLAS.parallelSgemm(
                        m: batch * steps, n: g4, k: inFeatures, a: x.baseAddress!, lda: inFeatures,
                        b: w.baseAddress!, ldb: g4, beta: 1, c: z.baseAddress!, ldc: g4)
                }
            }
            recurrentKernel.value.withUnsafeBufferPointer { r in
                hidden.withUnsafeMutableBufferPointer { h in
                    cell.withUnsafeMutableBufferPointer { c in
                        for t in 0..<steps {
                            let zt = z.baseAddress! + t * g4
                            let hPrev = h.baseAddress! + t * batch * u
                            if t > 0 {
                                BLAS.sgemm(
                                    m: batch, n: g4, k: u, a: hPrev, lda: u, b: r.baseAddress!, ldb: g4,
                                    beta: 1, c: zt, ldc: rowStride)
                            }
                            let cPrev = c.baseAddress! + t * batch * u
                            let hNext = h.baseAddress! + (t + 1) * batch * u
                            let cNext = c.baseAddress! + (t + 1) * batch * u
                            for n in 0..<batch {
                                let row = zt + n * rowStride
                                for k in 0..<u {
                                    let i = logistic(row[k])
                                    let f = logistic(row[u + k])
                                    let gg = tanhf(row[2 * u + k])
                                    let o = logistic(row[3 * u + k])
                                    row[k] = i; row[u + k] = f; row[2 * u + k] = gg; row[3 * u + k] = o
                                    let cv = f * cPrev[n * u + k] + i * gg
                                    cNext[n * u + k] = cv
                                    hNext[n * u + k] = o * tanhf(cv)
                                }
                            }
                        }
                    }
                }
            }
        }
        let last = Array(hidden[(steps * batch * u)..<((steps + 1) * batch * u)])
        cache = mode == .training
            ? Cache(input: input, gates: gates, hidden: hidden, cell: cell, batch: batch, steps: steps) : nil
        return Tensor(validShape: [batch, u], scalars: last)
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let cache else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let batch = cache.batch, steps = cache.steps
        let u = units, g4 = 4 * units
        let rowStride = steps * g4
        try outputGradient.expectShape([batch, u], in: "LSTM backward")
        var gateGradient = [Float](repeating: 0, count: batch * steps * g4)   // [N, T, 4U]
        var dh = outputGradient.scalars
        var dc = [Float](repeating: 0, count: batch * u)
        var dhPrevious = [Float](repeating: 0, count: batch * u)
        cache.gates.withUnsafeBufferPointer { z in
            cache.cell.withUnsafeBufferPointer { c in
                cache.hidden.withUnsafeBufferPointer { h in
                    gateGradient.withUnsafeMutableBufferPointer { dz in
                        recurrentKernel.value.withUnsafeBufferPointer { r in
                            recurrentKernel.gradient.withUnsafeMutableBufferPointer { dr in
                                for t in stride(from: steps - 1, through: 0, by: -1) {
                                    let cPrev = c.baseAddress! + t * batch * u
                                    let cNow = c.baseAddress! + (t + 1) * batch * u
                                    for n in 0..<batch {
                                        let gate = z.baseAddress! + n * rowStride + t * g4
                                        let out = dz.baseAddress! + n * rowStride + t * g4
                                        for k in 0..<u {
                                            let i = gate[k], f = gate[u + k], gg = gate[2 * u + k], o = gate[3 * u + k]
                                            let tc = tanhf(cNow[n * u + k])
                                            let dhv = dh[n * u + k]
                                            let dcv = dc[n * u + k] + dhv * o * (1 - tc * tc)
                                            out[k] = dcv * gg * i * (1 - i)
                                            out[u + k] = dcv * cPrev[n * u + k] * f * (1 - f)
                                            out[2 * u + k] = dcv * i * (1 - gg * gg)
                                            out[3 * u + k] = dhv * tc * o * (1 - o)
                                            dc[n * u + k] = dcv * f
                                        }
                                    }
                                    if t > 0 {
                                        let dzt = UnsafePointer(dz.baseAddress! + t * g4)
                                        // dR += h_{t-1}^T dZ_t ; dh_{t-1} = dZ_t R^T
                                        BLAS.sgemm(
                                            transposeA: true, m: u, n: g4, k: batch,
                                            a: h.baseAddress! + t * batch * u, lda: u, b: dzt, ldb: rowStride,
                                            beta: 1, c: dr.baseAddress!, ldc: g4)
                                        dhPrevious.withUnsafeMutableBufferPointer { dhp in
                                            BLAS.sgemm(
                                                transposeB: true, m: batch, n: u, k: g4,
                                                a: dzt, lda: rowStride, b: r.baseAddress!, ldb: g4,
                                                c: dhp.baseAddress!, ldc: u)
                                        }
                                        swap(&dh, &dhPrevious)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var inputGradient = Tensor(zeros: cache.input.shape)
        gateGradient.withUnsafeBufferPointer { dz in
            bias.gradient.withUnsafeMutableBufferPointer { db in
                for row in 0..<(batch * steps) {
                    for k in 0..<g4 { db[k] += dz[row * g4 + k] }
                }
            }
            cache.input.withUnsafeBufferPointer { x in
                kernel.gradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.parallelSgemm(
                        transposeA: true, m: inFeatures, n: g4, k: batch * steps,
                        a: x.baseAddress!, lda: inFeatures, b: dz.baseAddress!, ldb: g4,
                        beta: 1, c: dw.baseAddress!, ldc: g4)
                }
            }
            kernel.value.withUnsafeBufferPointer { w in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    BLAS.parallelSgemm(
                        transposeB: true, m: batch * steps, n: inFeatures, k: g4,
                        a: dz.baseAddress!, lda: g4, b: w.baseAddress!, ldb: g4,
                        c: dx.baseAddress!, ldc: inFeatures)
                }
            }
        }
        return inputGradient
    }
}
