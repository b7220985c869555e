import Foundation
import NeuralCore

/// The CNN-1 custom loss of Bhattacharjee et al. (2020), eqs. A4-A5:
/// `L = (1/n_fl) sum_fl lambda (y - p)^2 + (1/n_nfl) sum_nfl (y - p)^2` with
/// `lambda = C_batch exp(HSS_batch) exp(TSS_batch)`, `C_batch = n_nfl / n_fl`, and HSS (HSS2)
/// and TSS of the batch's predictions thresholded at 0.5 (p >= 0.5 means flaring).
///
/// Lambda is a constant for the gradient. A batch without flaring samples has no first term;
/// one without nonflaring samples has no second term (and C_batch = 0, so its loss is 0, as the
/// formula gives). Within lambda an undefined HSS or TSS (one class missing) counts as 0.
public struct CNN1CustomLoss: Loss {
    public var name: String { "cnn1_custom" }

    /// Creates the loss.
    public init() {}

    /// The batch's lambda: C_batch exp(HSS2) exp(TSS).
    public func lambda(predictions: Tensor, labels: Tensor) throws -> Double {
        let matrix = try ConfusionMatrix(probabilities: predictions, labels: labels)
        let flaring = Double(matrix.tp + matrix.fn)
        let nonflaring = Double(matrix.tn + matrix.fp)
        guard flaring > 0 else { return 0 }
        let hss = matrix.heidkeSkillScore2 ?? 0
        let tss = matrix.trueSkillStatistic ?? 0
        return nonflaring / flaring * exp(hss) * exp(tss)
    }

    public func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
        let batch = try BinaryBatch(predictions, labels)
        let lambda = try self.lambda(predictions: predictions, labels: labels)
        let flaring = batch.labels.filter { $0 >= 0.5 }.count
        let nonflaring = batch.count - flaring
        var value = 0.0
        var gradient = Tensor(zerosLike: predictions)
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<batch.count {
                let y = Double(batch.labels[i]), p = Double(batch.predictions[i])
                let weight = y >= 0.5 ? lambda / Double(flaring) : 1 / Double(nonflaring)
                value += weight * (y - p) * (y - p)
                g[i] = Float(-2 * weight * (y - p))
            }
        }
        return (value, gradient)
    }
}
