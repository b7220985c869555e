import Testing
@testable import NeuralCore

/// The LSTM gate kernels (``RecurrentGates``) against their plain-Swift references on seeded
/// random buffers, step by step over a whole sequence.
@Suite("Recurrent gates")
struct RecurrentGatesTests {
    /// `actual` equals `expected` to 1e-6 relative (absolute below 1).
    func expectClose(_ actual: [Float], _ expected: [Float], _ what: String) {
        #expect(actual.count == expected.count, "\(what): lengths")
        let worst = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= 1e-6, "\(what): worst relative difference \(worst)")
    }

    @Test("forward steps match the reference", arguments: [(1, 1, 1), (2, 4, 3), (3, 5, 7)])
    func forward(batch: Int, steps: Int, units: Int) throws {
        let layout = RecurrentGateLayout(batch: batch, steps: steps, units: units)
        var generator = SeededGenerator(seed: 19)
        var gates = try generator.uniformTensor(shape: [layout.gateCount], low: -4, high: 4).scalars
        var cell = [Float](repeating: 0, count: layout.stateCount)
        // A non-zero initial cell state, so the forget gate's product is exercised from step 0.
        for j in 0..<layout.stateSize { cell[j] = Float(j % 5) * 0.3 - 0.6 }
        var hidden = [Float](repeating: 0, count: layout.stateCount)
        var referenceGates = gates, referenceCell = cell, referenceHidden = hidden
        for t in 0..<steps {
            gates.withUnsafeMutableBufferPointer { z in
                cell.withUnsafeMutableBufferPointer { c in
                    hidden.withUnsafeMutableBufferPointer { h in
                        RecurrentGates.forward(step: t, layout: layout, gates: z, cell: c, hidden: h)
                    }
                }
            }
            RecurrentGates.referenceForward(
                step: t, layout: layout, gates: &referenceGates, cell: &referenceCell, hidden: &referenceHidden)
        }
        expectClose(gates, referenceGates, "activated gates")
        expectClose(cell, referenceCell, "cell states")
        expectClose(hidden, referenceHidden, "hidden states")
        // Every gate was activated: sigmoid gates in (0, 1), the candidate in (-1, 1).
        #expect(gates.allSatisfy { $0 > -1 && $0 < 1 })
        #expect(hidden[layout.stateOffset(step: steps)...].contains { $0 != 0 })
    }

    @Test("backward steps match the reference", arguments: [(1, 1, 1), (2, 4, 3), (3, 5, 7)])
    func backward(batch: Int, steps: Int, units: Int) throws {
        let layout = RecurrentGateLayout(batch: batch, steps: steps, units: units)
        var generator = SeededGenerator(seed: 23)
        // Activated gates in (0, 1) (the candidate's sign does not matter to the arithmetic).
        let gates = try generator.uniformTensor(shape: [layout.gateCount], low: 0.02, high: 0.98).scalars
        let cell = try generator.uniformTensor(shape: [layout.stateCount], low: -2, high: 2).scalars
        var cellGradient = try generator.uniformTensor(shape: [layout.stateSize], low: -1, high: 1).scalars
        var gateGradient = [Float](repeating: .nan, count: layout.gateCount)
        var referenceCellGradient = cellGradient, referenceGateGradient = gateGradient
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let hiddenGradient = try generator.uniformTensor(shape: [layout.stateSize], low: -1, high: 1).scalars
            gates.withUnsafeBufferPointer { z in
                cell.withUnsafeBufferPointer { c in
                    hiddenGradient.withUnsafeBufferPointer { dh in
                        cellGradient.withUnsafeMutableBufferPointer { dc in
                            gateGradient.withUnsafeMutableBufferPointer { dz in
                                RecurrentGates.backward(
                                    step: t, layout: layout, gates: z, cell: c,
                                    hiddenGradient: dh, cellGradient: dc, gateGradient: dz)
                            }
                        }
                    }
                }
            }
            RecurrentGates.referenceBackward(
                step: t, layout: layout, gates: gates, cell: cell, hiddenGradient: hiddenGradient,
                cellGradient: &referenceCellGradient, gateGradient: &referenceGateGradient)
        }
        // Every step's gate gradients were written (no NaN left) and agree.
        #expect(!gateGradient.contains { $0.isNaN })
        expectClose(gateGradient, referenceGateGradient, "gate gradients")
        expectClose(cellGradient, referenceCellGradient, "carried cell gradient")
        #expect(gateGradient.contains { $0 != 0 })
    }

    @Test func layoutOffsets() {
        let layout = RecurrentGateLayout(batch: 2, steps: 3, units: 5)
        #expect(layout.gateWidth == 20)
        #expect(layout.gateRowStride == 60)
        #expect(layout.gateCount == 120)
        #expect(layout.gateOffset(sample: 1, step: 2) == 100)
        #expect(layout.stateSize == 10)
        #expect(layout.stateCount == 40)
        #expect(layout.stateOffset(step: 3) == 30)
    }
}
