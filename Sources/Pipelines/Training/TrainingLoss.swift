import Foundation
import Losses
import NeuralCore

/// The loss a pipeline trains with.
///
/// ```swift
/// configuration.loss = .scoreOriented(.trueSkillStatistic, .uniform)   // SOL-TSS
/// configuration.loss = .weightedCrossEntropy(positiveWeight: nil)      // C from the class ratio
/// ```
public enum TrainingLoss: Sendable, Equatable, CustomStringConvertible {
    /// Weighted binary cross-entropy with the extra penalty C on missed flaring samples
    /// (Bhattacharjee et al. Eq. A3); `nil` uses each split's nonflaring-to-flaring ratio.
    case weightedCrossEntropy(positiveWeight: Double?)
    /// Bhattacharjee et al.'s custom CNN-1 loss (Eqs. A4-A5).
    case cnn1Custom
    /// The score-oriented loss of a skill score (Marchetti et al. 2021; Guastavino et al. 2022).
    case scoreOriented(SkillScore, ThresholdDistribution)

    /// Parses `wbce`, `wbce:4.5`, `cnn1`, `sol-tss`, `sol-hss2`, `sol-csi`, `sol-f1`, ... (a
    /// skill-score short name after `sol-`, uniform threshold distribution).
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "wbce" {
            self = .weightedCrossEntropy(positiveWeight: nil)
        } else if lower.hasPrefix("wbce:"), let c = Double(lower.dropFirst(5)), c.isFinite, c > 0 {
            self = .weightedCrossEntropy(positiveWeight: c)
        } else if lower == "cnn1" {
            self = .cnn1Custom
        } else if lower.hasPrefix("sol-"), let score = SkillScore(shortName: String(lower.dropFirst(4))) {
            self = .scoreOriented(score, .uniform)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case let .weightedCrossEntropy(c): c.map { "weighted cross-entropy (C = \($0))" } ?? "weighted cross-entropy (C = class ratio)"
        case .cnn1Custom: "CNN-1 custom loss"
        case let .scoreOriented(score, distribution): "SOL-\(score) (\(distribution))"
        }
    }

    /// The loss for a training set whose labels are `labels` (for the class ratio).
    public func make(trainingLabels labels: [Int]) throws -> any Loss {
        switch self {
        case let .weightedCrossEntropy(c):
            let positives = labels.filter { $0 == 1 }.count
            let ratio = positives > 0 && positives < labels.count ? Double(labels.count - positives) / Double(positives) : 1
            return try WeightedBinaryCrossEntropy(positiveWeight: c ?? ratio)
        case .cnn1Custom:
            return CNN1CustomLoss()
        case let .scoreOriented(score, distribution):
            return ScoreOrientedLoss(score: score, distribution: distribution)
        }
    }
}

/// The optimizer a pipeline trains with.
public enum TrainingOptimizer: Sendable, Equatable, CustomStringConvertible {
    /// Adam with Keras's defaults but the learning rate.
    case adam(learningRate: Float)
    /// Stochastic gradient descent with momentum.
    case sgd(learningRate: Float, momentum: Float)

    /// The learning rate.
    public var learningRate: Float {
        switch self {
        case let .adam(rate), let .sgd(rate, _): rate
        }
    }

    public var description: String {
        switch self {
        case let .adam(rate): "Adam (learning rate \(rate))"
        case let .sgd(rate, momentum): "SGD (learning rate \(rate), momentum \(momentum))"
        }
    }

    /// A fresh optimizer.
    public func make() throws -> any Optimizer {
        switch self {
        case let .adam(rate): try Adam(learningRate: rate)
        case let .sgd(rate, momentum): try SGD(learningRate: rate, momentum: momentum)
        }
    }
}
