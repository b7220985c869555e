import Datasets
import Foundation

/// Per-class rates over several test sets (Guastavino et al. 2022, Fig. 4 boxplots over ten
/// random realisations): for each class, the rate of every realisation that has samples of
/// it, and their ``SummaryStatistics``.
///
/// ```swift
/// let spread = try ClassRatesAcrossRealisations(realisations.map {
///     try ClassRates(task: .c1, classes: $0.classes, predictedPositive: $0.predicted)
/// })
/// spread.row(for: .NO3)?.summary?.median
/// ```
public struct ClassRatesAcrossRealisations: Sendable, Hashable, EvaluationExportable {
    /// One class's rates over the realisations.
    public struct Row: Sendable, Hashable {
        /// The sample class.
        public var sampleClass: SampleClass
        /// True-positive or true-negative rate.
        public var kind: ClassRates.Kind
        /// The rate of each realisation in order, `nil` where it has no samples of the class.
        public var rates: [Double?]
        /// The summary of the defined rates, `nil` when no realisation has the class.
        public var summary: SummaryStatistics?
    }

    /// The task.
    public var task: FlareTask
    /// One row per class (X, M, C, NO1-NO4).
    public var rows: [Row]

    /// Gathers the rates of realisations of the same task.
    /// - Throws: ``EvaluationError`` when there are no realisations or their tasks differ.
    public init(_ realisations: [ClassRates]) throws {
        guard let first = realisations.first else {
            throw EvaluationError.insufficientData("no realisations of per-class rates")
        }
        if let other = realisations.first(where: { $0.task != first.task }) {
            throw EvaluationError.invalidArgument(
                name: "realisation task", value: other.task.rawValue, reason: "all realisations must be \(first.task.rawValue)")
        }
        task = first.task
        rows = SampleClass.allCases.map { sampleClass in
            let rates = realisations.map { $0.entry(for: sampleClass)?.rate }
            let kind = sampleClass.isPositive(for: first.task) ? ClassRates.Kind.truePositiveRate : .trueNegativeRate
            // Rates are finite fractions, so the summary cannot throw.
            let summary = rates.contains { $0 != nil } ? try? SummaryStatistics(rates) : nil
            return Row(sampleClass: sampleClass, kind: kind, rates: rates, summary: summary)
        }
    }

    /// The row of a class.
    public func row(for sampleClass: SampleClass) -> Row? {
        rows.first { $0.sampleClass == sampleClass }
    }

    /// `task` and `classes`: each with `class`, `kind`, `rates` (null where a realisation has
    /// no such samples) and `summary` (null when none has).
    public var jsonObject: [String: Any] {
        ["task": task.rawValue, "classes": rows.map { row -> [String: Any] in
            ["class": row.sampleClass.rawValue, "kind": row.kind.rawValue, "rates": row.rates.map(jsonNumber),
             "summary": row.summary.map { $0.jsonObject as Any } ?? NSNull()]
        }]
    }

    /// Long format, one row per class and realisation: `task,class,kind,realisation,rate`.
    public func csv() -> String {
        csvText(
            header: ["task", "class", "kind", "realisation", "rate"],
            rows: rows.flatMap { row in
                row.rates.enumerated().map { index, rate in
                    [task.rawValue, row.sampleClass.rawValue, row.kind.rawValue, csvField(index), csvField(rate)]
                }
            })
    }
}
