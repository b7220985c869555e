import Foundation

/// Bhattacharjee et al. (2020, Sect. 2): a HARP (an "AR" as the SHARP series identifies it) is
/// *flaring* when any of its NOAA regions produced a flare at or above a class (M1.0) during
/// its passage; otherwise it is *nonflaring*. Every magnetogram of the HARP carries that label.
///
/// A flare counts when its peak lies in the HARP's ``RegionPassage`` (its first to its last
/// given observation) widened by ``passageMargin`` on both sides, ends included. The default
/// margin is 0: only flares peaking while the HARP is observed count.
///
/// ```swift
/// let criterion = FlaringRegionCriterion()                   // M1.0, margin 0
/// let flags = try criterion.flaringFlags(observations: archive, attribution: attribution)
/// flags[377]                                                 // true: X2.2 of NOAA 11158
/// ```
public struct FlaringRegionCriterion: Sendable, Hashable, Codable {
    /// The smallest class that makes a HARP flaring (M1.0 in the paper).
    public var threshold: FlareClass
    /// Seconds added before the first and after the last observation (default 0).
    public var passageMargin: TimeInterval

    /// Creates the criterion.
    public init(threshold: FlareClass = .m1, passageMargin: TimeInterval = 0) {
        self.threshold = threshold
        self.passageMargin = passageMargin
    }

    /// Throws unless the margin is finite and not negative.
    public func validate() throws {
        guard passageMargin.isFinite, passageMargin >= 0 else {
            throw DatasetsError.invalidValue(
                what: "passage margin (seconds)", value: "\(passageMargin)", reason: "must be finite and >= 0")
        }
    }

    /// Whether a HARP with this passage and these flares (its attributed flares) is flaring.
    public func isFlaring(passage: RegionPassage, flares: [FlareEvent]) -> Bool {
        flares.contains { $0.flareClass >= threshold && passage.contains($0.peak, margin: passageMargin) }
    }

    /// The flaring flag of every HARP in `observations`, keyed by HARP number.
    public func flaringFlags(observations: [SHARPObservation], attribution: FlareAttribution) throws -> [Int: Bool] {
        try validate()
        return RegionPassage.passages(of: observations).mapValues {
            isFlaring(passage: $0, flares: attribution.flares(ofHARP: $0.harpNumber))
        }
    }
}
