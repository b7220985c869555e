import Foundation

/// What an assembled training run returns: its protocol's results, typed, and the
/// `summary.json` object written from them.
///
/// ```swift
/// let summary = try TrainingRun(protocol: .bhattacharjee(configuration), manifest: manifestURL).run(in: folder)
/// if let cnn = summary.bhattacharjee { print(cnn.trueSkillStatistic.mean, cnn.folds.count) }
/// for lrcn in summary.guastavino { print(lrcn.task, lrcn.trueSkillStatistic.mean, lrcn.realisations.count) }
/// ```
public struct TrainingRunSummary {
    /// The protocol preset the run was reported under.
    public var protocolName: TrainingProtocolName
    /// The CNN protocol's cross-validation (Bhattacharjee et al. 2020), when the run trained a CNN.
    public var bhattacharjee: BhattacharjeeResult?
    /// The LRCN protocol's realisations (Guastavino et al. 2022), one result per task in the
    /// order of the run's configurations; empty when the run trained a CNN.
    public var guastavino: [GuastavinoResult]
    /// The `summary.json` object (see ``TrainingRun/run(in:)`` for its keys); empty when this
    /// process assembled nothing (a rank other than 0).
    public var jsonObject: [String: Any]

    /// A summary of the given results.
    public init(
        protocolName: TrainingProtocolName, bhattacharjee: BhattacharjeeResult? = nil, guastavino: [GuastavinoResult] = [],
        jsonObject: [String: Any] = [:]
    ) {
        self.protocolName = protocolName
        self.bhattacharjee = bhattacharjee
        self.guastavino = guastavino
        self.jsonObject = jsonObject
    }
}
