import Foundation

/// Where an LSTM's buffers keep each time step: gates `[batch, steps, 4 units]` (Keras's order
/// i, f, c, o along the last axis) and hidden and cell states `[steps + 1, batch, units]`,
/// step 0 being the zero initial state.
struct RecurrentGateLayout: Equatable {
    /// Sequences in the batch.
    let batch: Int
    /// Time steps per sequence.
    let steps: Int
    /// Hidden units.
    let units: Int

    /// Gate values per sample and step: `4 units`.
    var gateWidth: Int { 4 * units }
    /// Distance between two samples' gate rows: `steps * 4 units`.
    var gateRowStride: Int { steps * gateWidth }
    /// Length of the gate buffer: `batch * steps * 4 units`.
    var gateCount: Int { batch * gateRowStride }
    /// Length of one step's state `[batch, units]`.
    var stateSize: Int { batch * units }
    /// Length of a hidden or cell buffer: `(steps + 1) * batch * units`.
    var stateCount: Int { (steps + 1) * stateSize }

    /// Index of the gate row of `sample` at `step`.
    func gateOffset(sample: Int, step: Int) -> Int { sample * gateRowStride + step * gateWidth }
    /// Index of the `[batch, units]` state after `step` steps (0 is the initial state).
    func stateOffset(step: Int) -> Int { step * stateSize }
}

/// The LSTM's per-time-step gate arithmetic, between the matrix products the layer runs
/// through ``BLAS``. No allocation; each function has a plain-Swift reference on arrays beside
/// it that the tests compare against.
enum RecurrentGates {
    /// One forward step `t`: turns the gate pre-activations of step `t` in `gates` into
    /// activations in place (sigmoid i, f, o; tanh c), then writes the cell state
    /// `c_{t+1} = f c_t + i g` and hidden state `h_{t+1} = o tanh(c_{t+1})` into `cell` and
    /// `hidden` (both `[steps + 1, batch, units]`, read at step `t`, written at `t + 1`).
    static func forward(
        step t: Int, layout: RecurrentGateLayout, gates: UnsafeMutableBufferPointer<Float>,
        cell: UnsafeMutableBufferPointer<Float>, hidden: UnsafeMutableBufferPointer<Float>
    ) {
        let u = layout.units
        let cPrev = cell.baseAddress! + layout.stateOffset(step: t)
        let cNext = cell.baseAddress! + layout.stateOffset(step: t + 1)
        let hNext = hidden.baseAddress! + layout.stateOffset(step: t + 1)
        for n in 0..<layout.batch {
            let row = gates.baseAddress! + layout.gateOffset(sample: n, step: t)
            for k in 0..<u {
                let i = logistic(row[k])
                let f = logistic(row[u + k])
                let g = tanhf(row[2 * u + k])
                let o = logistic(row[3 * u + k])
                row[k] = i; row[u + k] = f; row[2 * u + k] = g; row[3 * u + k] = o
                let c = f * cPrev[n * u + k] + i * g
                cNext[n * u + k] = c
                hNext[n * u + k] = o * tanhf(c)
            }
        }
    }

    /// The plain-Swift reference of ``forward(step:layout:gates:cell:hidden:)``: the same step
    /// on arrays, with the textbook sigmoid `1 / (1 + e^-x)`.
    static func referenceForward(
        step t: Int, layout: RecurrentGateLayout, gates: inout [Float], cell: inout [Float], hidden: inout [Float]
    ) {
        func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
        let u = layout.units
        for n in 0..<layout.batch {
            let row = layout.gateOffset(sample: n, step: t)
            for k in 0..<u {
                let i = sigmoid(gates[row + k])
                let f = sigmoid(gates[row + u + k])
                let g = tanh(gates[row + 2 * u + k])
                let o = sigmoid(gates[row + 3 * u + k])
                gates[row + k] = i
                gates[row + u + k] = f
                gates[row + 2 * u + k] = g
                gates[row + 3 * u + k] = o
                let previous = cell[layout.stateOffset(step: t) + n * u + k]
                let next = f * previous + i * g
                cell[layout.stateOffset(step: t + 1) + n * u + k] = next
                hidden[layout.stateOffset(step: t + 1) + n * u + k] = o * tanh(next)
            }
        }
    }

    /// One backward step `t`: from the activated `gates` and the `cell` states of the forward
    /// pass, the gradient `hiddenGradient` reaching `h_{t+1}` (`[batch, units]`) and the carried
    /// gradient `cellGradient` reaching `c_{t+1}`, writes the gate pre-activation gradients of
    /// step `t` into `gateGradient` (`[batch, steps, 4 units]`) and replaces `cellGradient` by
    /// the gradient reaching `c_t`.
    static func backward(
        step t: Int, layout: RecurrentGateLayout, gates: UnsafeBufferPointer<Float>, cell: UnsafeBufferPointer<Float>,
        hiddenGradient: UnsafeBufferPointer<Float>, cellGradient: UnsafeMutableBufferPointer<Float>,
        gateGradient: UnsafeMutableBufferPointer<Float>
    ) {
        let u = layout.units
        let cPrev = cell.baseAddress! + layout.stateOffset(step: t)
        let cNow = cell.baseAddress! + layout.stateOffset(step: t + 1)
        let dh = hiddenGradient.baseAddress!, dc = cellGradient.baseAddress!
        for n in 0..<layout.batch {
            let gate = gates.baseAddress! + layout.gateOffset(sample: n, step: t)
            let out = gateGradient.baseAddress! + layout.gateOffset(sample: n, step: t)
            for k in 0..<u {
                let i = gate[k], f = gate[u + k], g = gate[2 * u + k], o = gate[3 * u + k]
                let tc = tanhf(cNow[n * u + k])
                let dhv = dh[n * u + k]
                let dcv = dc[n * u + k] + dhv * o * (1 - tc * tc)
                out[k] = dcv * g * i * (1 - i)
                out[u + k] = dcv * cPrev[n * u + k] * f * (1 - f)
                out[2 * u + k] = dcv * i * (1 - g * g)
                out[3 * u + k] = dhv * tc * o * (1 - o)
                dc[n * u + k] = dcv * f
            }
        }
    }

    /// The plain-Swift reference of
    /// ``backward(step:layout:gates:cell:hiddenGradient:cellGradient:gateGradient:)``: the same
    /// step on arrays, written out gate by gate.
    static func referenceBackward(
        step t: Int, layout: RecurrentGateLayout, gates: [Float], cell: [Float],
        hiddenGradient: [Float], cellGradient: inout [Float], gateGradient: inout [Float]
    ) {
        let u = layout.units
        for n in 0..<layout.batch {
            let row = layout.gateOffset(sample: n, step: t)
            for k in 0..<u {
                let i = gates[row + k], f = gates[row + u + k], g = gates[row + 2 * u + k], o = gates[row + 3 * u + k]
                let previousCell = cell[layout.stateOffset(step: t) + n * u + k]
                let tanhCell = tanh(cell[layout.stateOffset(step: t + 1) + n * u + k])
                let dHidden = hiddenGradient[n * u + k]
                // dL/dc_{t+1}: carried from later steps plus through h_{t+1} = o tanh(c_{t+1}).
                let dCell = cellGradient[n * u + k] + dHidden * o * (1 - tanhCell * tanhCell)
                gateGradient[row + k] = dCell * g * i * (1 - i)                     // input gate
                gateGradient[row + u + k] = dCell * previousCell * f * (1 - f)      // forget gate
                gateGradient[row + 2 * u + k] = dCell * i * (1 - g * g)             // cell candidate
                gateGradient[row + 3 * u + k] = dHidden * tanhCell * o * (1 - o)    // output gate
                cellGradient[n * u + k] = dCell * f
            }
        }
    }
}
