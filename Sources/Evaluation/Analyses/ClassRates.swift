import Datasets
import Foundation

/// The fraction of correctly predicted samples of each Guastavino sample class (Guastavino et
/// al. 2022, Fig. 4): for a class that is positive for the task, its true-positive rate (the
/// fraction predicted 1); for a negative class, its true-negative rate (the fraction
/// predicted 0).
///
/// Which classes are positive follows ``Datasets/SampleClass/isPositive(for:)``: for the C1+
/// task X, M and C are positive and NO1-NO4 negative; **for the M1+ task the C class is
/// negative**, so its entry is a true-negative rate (Fig. 4 right shows C among the TN rates;
/// it is the smallest there).
///
/// ```swift
/// let rates = try ClassRates(task: .m1, classes: testClasses, predictedPositive: predicted)
/// rates.entry(for: .C)?.kind      // .trueNegativeRate
/// rates.entry(for: .X)?.rate      // fraction of X samples predicted flaring
/// ```
public struct ClassRates: Sendable, Hashable, EvaluationExportable {
    /// Whether an entry is a true-positive or a true-negative rate.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Fraction of a positive class predicted 1.
        case truePositiveRate = "tp_rate"
        /// Fraction of a negative class predicted 0.
        case trueNegativeRate = "tn_rate"
    }

    /// One class's rate.
    public struct Entry: Sendable, Hashable {
        /// The sample class.
        public var sampleClass: SampleClass
        /// Whether the class is positive for the task, hence which rate this is.
        public var kind: Kind
        /// The number of samples of the class.
        public var count: Int
        /// How many of them were predicted correctly (1 for a positive class, 0 for a negative).
        public var correct: Int
        /// `correct / count`, `nil` when the class has no samples.
        public var rate: Double? { count > 0 ? Double(correct) / Double(count) : nil }
    }

    /// The task the labels and rates refer to.
    public var task: FlareTask
    /// One entry per class in ``Datasets/SampleClass/allCases`` order (X, M, C, NO1-NO4),
    /// including classes without samples (count 0, rate `nil`).
    public var entries: [Entry]

    /// Counts correct predictions per class.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` unless there is one
    ///   prediction per class.
    public init(task: FlareTask, classes: [SampleClass], predictedPositive: [Bool]) throws {
        try checkSampleCounts(classes.count, predictedPositive.count, what: "predicted labels (one per sample class)")
        self.task = task
        var counts: [SampleClass: (count: Int, correct: Int)] = [:]
        for (sampleClass, predicted) in zip(classes, predictedPositive) {
            let positive = sampleClass.isPositive(for: task)
            counts[sampleClass, default: (0, 0)].count += 1
            if predicted == positive { counts[sampleClass, default: (0, 0)].correct += 1 }
        }
        entries = SampleClass.allCases.map { sampleClass in
            let tally = counts[sampleClass] ?? (0, 0)
            return Entry(
                sampleClass: sampleClass, kind: sampleClass.isPositive(for: task) ? .truePositiveRate : .trueNegativeRate,
                count: tally.count, correct: tally.correct)
        }
    }

    /// Counts correct predictions per class with probabilities thresholded at `threshold`
    /// (p >= t means 1).
    /// - Throws: as ``predictedLabels(probabilities:threshold:)`` and the main initialiser.
    public init(task: FlareTask, classes: [SampleClass], probabilities: [Double], threshold: Double = 0.5) throws {
        try self.init(
            task: task, classes: classes, predictedPositive: try predictedLabels(probabilities: probabilities, threshold: threshold))
    }

    /// The entry of a class.
    public func entry(for sampleClass: SampleClass) -> Entry? {
        entries.first { $0.sampleClass == sampleClass }
    }

    /// `task` and `classes`: each with `class`, `kind` (`tp_rate` or `tn_rate`), `count`,
    /// `correct` and `rate` (null without samples).
    public var jsonObject: [String: Any] {
        ["task": task.rawValue, "classes": entries.map { entry -> [String: Any] in
            ["class": entry.sampleClass.rawValue, "kind": entry.kind.rawValue, "count": entry.count,
             "correct": entry.correct, "rate": jsonNumber(entry.rate)]
        }]
    }

    /// Columns `task,class,kind,count,correct,rate`.
    public func csv() -> String {
        csvText(
            header: ["task", "class", "kind", "count", "correct", "rate"],
            rows: entries.map { entry in
                [task.rawValue, entry.sampleClass.rawValue, entry.kind.rawValue, csvField(entry.count),
                 csvField(entry.correct), csvField(entry.rate)]
            })
    }
}
