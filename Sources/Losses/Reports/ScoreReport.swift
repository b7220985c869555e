import Foundation
import NeuralCore

/// The confusion matrix, every skill score and the score-oriented loss values of a set of
/// probabilistic predictions: what `flarekit score` prints.
///
/// ```swift
/// let report = try ScoreReport.load(predictions: pURL, labels: yURL, threshold: 0.5)
/// print(report.text)
/// let json = try report.jsonData()
/// ```
public struct ScoreReport {
    /// The decision threshold: p >= threshold means 1.
    public var threshold: Double
    /// The counted confusion matrix at ``threshold``.
    public var confusion: ConfusionMatrix
    /// Score keys and values in report order; `nil` where a score is undefined.
    public var scores: [(key: String, value: Double?)]
    /// Score-oriented loss values (1 - expected score) per distribution key (`uniform`,
    /// `cosine`), each in ``SkillScore/lossScores`` order.
    public var scoreOrientedLosses: [(distribution: String, losses: [(key: String, value: Double)])]

    /// The scores reported, with their JSON keys.
    public static let reportedScores: [(key: String, score: SkillScore)] = [
        ("recall", .recall), ("precision", .precision), ("specificity", .specificity),
        ("far", .falseAlarmRatio), ("fpr", .falsePositiveRate), ("accuracy", .accuracy), ("f1", .f1),
        ("csi", .criticalSuccessIndex), ("tss", .trueSkillStatistic), ("hss1", .heidkeSkillScore1),
        ("hss2", .heidkeSkillScore2),
    ]

    /// Scores probabilities against 0/1 labels, both `[N]` or `[N, 1]`.
    /// - Throws: ``LossesError`` for mismatched lengths, an empty set, NaN, probabilities
    ///   outside [0, 1], or labels other than 0 and 1.
    public init(probabilities: Tensor, labels: Tensor, threshold: Double = 0.5) throws {
        try checkBinaryShapes(probabilities, labels)
        try self.init(
            probabilities: probabilities.scalars.map(Double.init), labels: labels.scalars.map(Double.init),
            threshold: threshold)
    }

    /// Scores `Double` probabilities against 0/1 labels of the same length.
    /// - Throws: ``LossesError`` as the `Tensor` initialiser does.
    public init(probabilities: [Double], labels: [Double], threshold: Double = 0.5) throws {
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw LossesError.invalidParameter(
                name: "threshold", value: threshold,
                reason: "a decision threshold on probabilities must be a finite number in [0, 1] (p >= t means 1)")
        }
        guard probabilities.count == labels.count else {
            throw LossesError.shapeMismatch(predictions: [probabilities.count], labels: [labels.count])
        }
        guard probabilities.count > 0 else {
            throw LossesError.unsupported("no samples: predictions and labels are empty")
        }
        if let index = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LossesError.invalidValue(what: "label (must be 0 or 1)", index: index, value: labels[index])
        }
        self.threshold = threshold
        confusion = try ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: threshold)
        let counted = confusion
        scores = Self.reportedScores.map { ($0.key, counted.value(of: $0.score)) }
        let distributions: [(String, ThresholdDistribution)] = [
            ("uniform", .uniform), ("cosine", try ThresholdDistribution.cosine(mu: 0.5, delta: 0.1)),
        ]
        scoreOrientedLosses = try distributions.map { name, distribution in
            let expected = try ExpectedConfusionMatrix(
                probabilities: probabilities, labels: labels, distribution: distribution)
            return (name, SkillScore.lossScores.map { entry in
                (entry.key, ScoreOrientedLoss(score: entry.score, distribution: distribution).value(on: expected))
            })
        }
    }

    /// Reads predictions (float32 or float64 `.npy`) and labels (float32, float64, int32,
    /// int64, uint8 or bool `.npy`) and scores them.
    /// - Throws: `NeuralCoreError.file` naming a file that cannot be read or has the wrong
    ///   element type, and the errors of the initialisers.
    public static func load(predictions: URL, labels: URL, threshold: Double = 0.5) throws -> ScoreReport {
        let p = try NumpyArray.read(from: predictions)
        guard p.elementType == .float32 || p.elementType == .float64 else {
            throw NeuralCoreError.file(
                path: predictions.path, problem: "predictions must be float32 or float64, not \(p.elementType)")
        }
        let y = try NumpyArray.read(from: labels)
        let allowed: [NumpyArray.ElementType] = [.float32, .float64, .int32, .int64, .uint8, .bool]
        guard allowed.contains(y.elementType) else {
            throw NeuralCoreError.file(
                path: labels.path, problem: "labels must be float32, float64, int32, int64, uint8 or bool, not \(y.elementType)")
        }
        // Every problem with the arrays names the file it is in.
        func isColumn(_ shape: [Int]) -> Bool { shape.count == 1 || (shape.count == 2 && shape[1] == 1) }
        for (url, array, what) in [(predictions, p, "predictions"), (labels, y, "labels")] where !isColumn(array.shape) {
            throw NeuralCoreError.file(path: url.path, problem: "\(what) must be of shape [N] or [N, 1], not \(array.shape)")
        }
        guard p.count == y.count else {
            throw NeuralCoreError.file(
                path: predictions.path,
                problem: "\(p.count) predictions but \(y.count) labels in \(labels.path); both must hold one value per sample")
        }
        guard p.count > 0 else {
            throw NeuralCoreError.file(path: predictions.path, problem: "holds no predictions (an empty array)")
        }
        // Doubles keep a float64 file's precision at the threshold.
        do {
            return try ScoreReport(probabilities: p.doubles(), labels: y.doubles(), threshold: threshold)
        } catch let LossesError.invalidValue(what, index, value) {
            let url = what.hasPrefix("label") ? labels : predictions
            throw NeuralCoreError.file(path: url.path, problem: "\(what) at index \(index) is \(value)")
        }
    }

    /// The report as a JSON object: `confusion`, `scores` (null where undefined) and `sol`.
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.map { $0 as Any } ?? NSNull() }
        var sol: [String: Any] = [:]
        for (distribution, losses) in scoreOrientedLosses {
            sol[distribution] = Dictionary(uniqueKeysWithValues: losses.map { ($0.key, $0.value as Any) })
        }
        return [
            "threshold": threshold,
            "confusion": ["tp": confusion.tp, "tn": confusion.tn, "fp": confusion.fp, "fn": confusion.fn],
            "scores": Dictionary(uniqueKeysWithValues: scores.map { ($0.key, number($0.value)) }),
            "sol": sol,
        ]
    }

    /// ``jsonObject`` serialised with sorted keys.
    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys])
    }

    /// A human-readable table.
    public var text: String {
        func format(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "undefined" }
        var lines = [
            "threshold \(threshold)   TP \(confusion.tp)  TN \(confusion.tn)  FP \(confusion.fp)  FN \(confusion.fn)",
        ]
        for (key, value) in scores { lines.append("  \(key.padding(toLength: 12, withPad: " ", startingAt: 0))\(format(value))") }
        for (distribution, losses) in scoreOrientedLosses {
            lines.append("score-oriented losses (\(distribution)): "
                + losses.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
