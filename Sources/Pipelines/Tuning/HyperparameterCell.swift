import Foundation

/// One cell of a hyper-parameter search: a learning rate and a minibatch size, and the
/// cross-validation TSS of every fold trained with them.
public struct HyperparameterCell: Sendable, Hashable, Codable {
    /// The learning rate.
    public var learningRate: Float
    /// The minibatch size.
    public var batchSize: Int
    /// Each fold's TSS on its held-out regions (`nil`: undefined).
    public var trueSkillStatistics: [Double?]
    /// The settings the cell was trained with (a finished cell is reused only when they match).
    public var settings: String

    /// `lr-5e-06_bs-64`: the cell's folder name.
    public var name: String { "lr-\(learningRate)_bs-\(batchSize)" }

    /// The mean TSS over the folds with a defined TSS (`nil`: none).
    public var meanTSS: Double? {
        let defined = trueSkillStatistics.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

    /// The sample standard deviation of those TSS (`nil` with fewer than two).
    public var standardDeviationTSS: Double? {
        let defined = trueSkillStatistics.compactMap { $0 }
        guard defined.count > 1, let mean = meanTSS else { return nil }
        return (defined.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(defined.count - 1)).squareRoot()
    }
}
