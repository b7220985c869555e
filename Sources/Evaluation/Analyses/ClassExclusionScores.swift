import Datasets
import Foundation
import Losses

/// A skill score (the TSS by default) recomputed after removing chosen sample classes from a
/// test set (Guastavino et al. 2022, Fig. 5): the binary labels come from the task
/// (``Datasets/SampleClass/isPositive(for:)``), the excluded classes' samples are dropped, and
/// the confusion matrix of the rest is counted.
///
/// ``figure5Exclusions(for:)`` gives the paper's cumulative steps: nothing excluded, then NO3,
/// NO3 + NO4, NO3 + NO4 + NO2, and for the M1+ task also NO3 + NO4 + NO2 + C.
///
/// ```swift
/// let steps = try ClassExclusionScores(task: .m1, classes: classes, predictedPositive: predicted)
/// for step in steps.steps { print(step.excluded, step.value ?? .nan) }
/// ```
public struct ClassExclusionScores: Sendable, Hashable, EvaluationExportable {
    /// The score with one set of classes excluded.
    public struct Step: Sendable, Hashable {
        /// The classes removed from the test set.
        public var excluded: [SampleClass]
        /// The confusion matrix of the remaining samples.
        public var confusion: ConfusionMatrix
        /// The score on it, `nil` when undefined (for example no negatives left).
        public var value: Double?
    }

    /// The task.
    public var task: FlareTask
    /// The score evaluated.
    public var score: SkillScore
    /// One step per exclusion set, in the order given.
    public var steps: [Step]

    /// Guastavino et al. Fig. 5's cumulative exclusions: `[]`, `[NO3]`, `[NO3, NO4]`,
    /// `[NO3, NO4, NO2]`, and for ``Datasets/FlareTask/m1`` also `[NO3, NO4, NO2, C]`.
    public static func figure5Exclusions(for task: FlareTask) -> [[SampleClass]] {
        var steps: [[SampleClass]] = [[], [.NO3], [.NO3, .NO4], [.NO3, .NO4, .NO2]]
        if task == .m1 { steps.append([.NO3, .NO4, .NO2, .C]) }
        return steps
    }

    /// Evaluates `score` for each exclusion set.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` unless there is one
    ///   prediction per class.
    public init(
        task: FlareTask, classes: [SampleClass], predictedPositive: [Bool], score: SkillScore = .trueSkillStatistic,
        exclusions: [[SampleClass]]? = nil
    ) throws {
        try checkSampleCounts(classes.count, predictedPositive.count, what: "predicted labels (one per sample class)")
        self.task = task
        self.score = score
        steps = (exclusions ?? Self.figure5Exclusions(for: task)).map { excluded in
            let confusion = Self.confusion(task: task, classes: classes, predictedPositive: predictedPositive, excluding: Set(excluded))
            return Step(excluded: excluded, confusion: confusion, value: confusion.value(of: score))
        }
    }

    /// Evaluates with probabilities thresholded at `threshold` (p >= t means 1).
    /// - Throws: as ``predictedLabels(probabilities:threshold:)`` and the main initialiser.
    public init(
        task: FlareTask, classes: [SampleClass], probabilities: [Double], threshold: Double = 0.5,
        score: SkillScore = .trueSkillStatistic, exclusions: [[SampleClass]]? = nil
    ) throws {
        try self.init(
            task: task, classes: classes, predictedPositive: try predictedLabels(probabilities: probabilities, threshold: threshold),
            score: score, exclusions: exclusions)
    }

    /// The confusion matrix of the samples whose class is not in `excluded`.
    static func confusion(
        task: FlareTask, classes: [SampleClass], predictedPositive: [Bool], excluding excluded: Set<SampleClass>
    ) -> ConfusionMatrix {
        var matrix = ConfusionMatrix(tp: 0, tn: 0, fp: 0, fn: 0)
        for (sampleClass, predicted) in zip(classes, predictedPositive) where !excluded.contains(sampleClass) {
            switch (sampleClass.isPositive(for: task), predicted) {
            case (true, true): matrix.tp += 1
            case (true, false): matrix.fn += 1
            case (false, true): matrix.fp += 1
            case (false, false): matrix.tn += 1
            }
        }
        return matrix
    }

    /// `task`, `score` and `steps`: each with `excluded` (class names), `confusion` and `value`
    /// (null when undefined).
    public var jsonObject: [String: Any] {
        ["task": task.rawValue, "score": score.description, "steps": steps.map { step -> [String: Any] in
            ["excluded": step.excluded.map(\.rawValue), "confusion": confusionJSON(step.confusion), "value": jsonNumber(step.value)]
        }]
    }

    /// Columns `task,score,excluded,tp,tn,fp,fn,value`; `excluded` joins class names with `+`
    /// (empty for the full test set).
    public func csv() -> String {
        csvText(
            header: ["task", "score", "excluded", "tp", "tn", "fp", "fn", "value"],
            rows: steps.map { step in
                [task.rawValue, score.description, step.excluded.map(\.rawValue).joined(separator: "+"),
                 csvField(step.confusion.tp), csvField(step.confusion.tn), csvField(step.confusion.fp),
                 csvField(step.confusion.fn), csvField(step.value)]
            })
    }
}
