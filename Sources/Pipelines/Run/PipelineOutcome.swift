import Evaluation

/// What a pipeline run with a split selection did: the result, once every split is finished
/// and this process assembles it, or how far the splits are.
///
/// ```swift
/// var pipeline = BhattacharjeePipeline(configuration: configuration)
/// pipeline.execution.selection = [0, 3]            // a Slurm array task's share
/// switch try pipeline.train(samples: samples, in: run) {
/// case let .assembled(result): print(result.trueSkillStatistic.mean)
/// case let .trained(status): print("missing:", status.missing)
/// }
/// ```
public enum PipelineOutcome<Result> {
    /// Every split is finished and this process wrote the tables and figures.
    case assembled(Result)
    /// This process trained its share; the tables and figures were not written (splits are
    /// missing, the pipeline was told not to assemble, or this is not rank 0).
    case trained(SplitStatus)

    /// The result, when assembled.
    public var result: Result? {
        if case let .assembled(result) = self { return result }
        return nil
    }
}

/// Which splits of a run are finished and which are not, each named by its path in the run
/// folder (`training/fold-2`, `training/hale-joy/fold-2`, `training-c1/realisation-3`).
public struct SplitStatus: Sendable, Hashable {
    /// Splits this process trained.
    public var trained: [String] = []
    /// Splits finished before and kept (resuming).
    public var kept: [String] = []
    /// Every finished split.
    public var present: [String] = []
    /// Splits not finished yet.
    public var missing: [String] = []

    /// Creates a status.
    public init(trained: [String] = [], kept: [String] = [], present: [String] = [], missing: [String] = []) {
        self.trained = trained
        self.kept = kept
        self.present = present
        self.missing = missing
    }

    /// A cross-validation's outcome, its splits named under `folder`.
    public init(_ outcome: CrossValidationOutcome, folder: String) {
        func named(_ names: [String]) -> [String] { names.map { folder + "/" + $0 } }
        self.init(
            trained: named(outcome.trained), kept: named(outcome.kept), present: named(outcome.present),
            missing: named(outcome.missing))
    }

    /// Whether no split is missing.
    public var isComplete: Bool { missing.isEmpty }

    /// Both statuses together.
    public static func + (lhs: SplitStatus, rhs: SplitStatus) -> SplitStatus {
        SplitStatus(
            trained: lhs.trained + rhs.trained, kept: lhs.kept + rhs.kept, present: lhs.present + rhs.present,
            missing: lhs.missing + rhs.missing)
    }
}

extension PipelineOutcome {
    /// The same outcome without the result.
    var withoutResult: PipelineOutcome<Void> {
        switch self {
        case .assembled: .assembled(())
        case let .trained(status): .trained(status)
        }
    }
}

extension SplitExecution {
    /// Throws ``PipelinesError/invalidSetting(name:value:reason:)`` for a selected split outside
    /// `0..<splitCount` (`what`: `folds`, `realisations`).
    func check(splitCount: Int, what: String) throws {
        do {
            try validate(splitCount: splitCount, what: what)
        } catch let EvaluationError.invalidArgument(_, value, reason) {
            throw PipelinesError.invalidSetting(name: "splits", value: value, reason: reason)
        }
    }
}
