import Foundation
import NeuralCore

/// Weighted binary cross-entropy (Bhattacharjee et al. 2020, eq. A3):
/// `L = -(1/n) sum [C y log p + (1 - y) log(1 - p)]`, with p clipped to [1e-7, 1 - 1e-7] as
/// Keras does (the gradient is zero where the clip is active). C (default 4.5) penalises
/// missed flares.
///
/// Use ``WeightedBinaryCrossEntropyWithLogits`` on pre-sigmoid outputs for numerical stability.
public struct WeightedBinaryCrossEntropy: SampleWeightedLoss {
    /// The penalty C on the positive-class term.
    public var positiveWeight: Double
    /// The clip epsilon (Keras's `backend.epsilon()`).
    public var epsilon: Double = 1e-7

    public var name: String { "weighted_bce" }

    /// Creates the loss with penalty `positiveWeight` (C).
    public init(positiveWeight: Double = 4.5) throws {
        self.positiveWeight = try validatedPenalty(positiveWeight)
    }

    public func valueAndGradient(
        predictions: Tensor, labels: Tensor, sampleWeights: [Float]
    ) throws -> (value: Double, gradient: Tensor) {
        let batch = try BinaryBatch(predictions, labels)
        guard sampleWeights.count == batch.count else {
            throw LossesError.shapeMismatch(predictions: predictions.shape, labels: [sampleWeights.count])
        }
        let n = Double(batch.count)
        var total = 0.0
        var gradient = Tensor(zerosLike: predictions)
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<batch.count {
                let raw = Double(batch.predictions[i])
                let p = min(max(raw, epsilon), 1 - epsilon)
                let y = Double(batch.labels[i])
                let w = Double(sampleWeights[i])
                total -= w * (positiveWeight * y * log(p) + (1 - y) * log(1 - p))
                let clipped = raw < epsilon || raw > 1 - epsilon
                g[i] = clipped ? 0 : Float(-w * (positiveWeight * y / p - (1 - y) / (1 - p)) / n)
            }
        }
        return (total / n, gradient)
    }
}

/// Weighted binary cross-entropy on logits z (pre-sigmoid outputs):
/// `L = (1/n) sum [C y softplus(-z) + (1 - y) softplus(z)]`, equal to
/// ``WeightedBinaryCrossEntropy`` at p = sigmoid(z) without clipping, and stable for any z.
public struct WeightedBinaryCrossEntropyWithLogits: SampleWeightedLoss {
    /// The penalty C on the positive-class term.
    public var positiveWeight: Double

    public var name: String { "weighted_bce_logits" }

    /// Creates the loss with penalty `positiveWeight` (C).
    public init(positiveWeight: Double = 4.5) throws {
        self.positiveWeight = try validatedPenalty(positiveWeight)
    }

    public func valueAndGradient(
        predictions logits: Tensor, labels: Tensor, sampleWeights: [Float]
    ) throws -> (value: Double, gradient: Tensor) {
        let batch = try BinaryBatch(logits, labels)
        guard sampleWeights.count == batch.count else {
            throw LossesError.shapeMismatch(predictions: logits.shape, labels: [sampleWeights.count])
        }
        let n = Double(batch.count)
        var total = 0.0
        var gradient = Tensor(zerosLike: logits)
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<batch.count {
                let z = Double(batch.predictions[i])
                let y = Double(batch.labels[i])
                let w = Double(sampleWeights[i])
                total += w * (positiveWeight * y * softplus(-z) + (1 - y) * softplus(z))
                g[i] = Float(w * (-positiveWeight * y * sigmoid(-z) + (1 - y) * sigmoid(z)) / n)
            }
        }
        return (total / n, gradient)
    }
}

extension SampleWeightedLoss {
    /// The unweighted loss: every sample weighs 1.
    public func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
        try valueAndGradient(predictions: predictions, labels: labels, sampleWeights: [Float](repeating: 1, count: labels.count))
    }
}

/// Checks the penalty C of the weighted cross-entropies.
func validatedPenalty(_ c: Double) throws -> Double {
    guard c >= 0, c.isFinite else {
        throw LossesError.invalidParameter(name: "C", value: c, reason: "must be finite and >= 0")
    }
    return c
}

/// log(1 + e^x) without overflow.
func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// 1 / (1 + e^-x) without overflow.
func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}
