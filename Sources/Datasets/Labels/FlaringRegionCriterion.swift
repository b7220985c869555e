import Foundation

/// Bhattacharjee et al. (2020, Sect. 2): a HARP (an "AR" as the SHARP series identifies it) is
/// *flaring* when any of its NOAA regions produced at least one flare at or above a class
/// (M1.0) "during their passage across the visible solar disk"; otherwise it is *nonflaring*.
/// Every magnetogram of the HARP carries that label.
///
/// A NOAA number is given once per disk passage, so the paper's rule
/// (``Rule/wholeDiskPassage``, the default) is: any flare of the catalogue attributed to one of
/// the HARP's NOAA regions, at or above the threshold, wherever and whenever on the disk it
/// peaked. The selection cuts decide which magnetograms become samples, never which flares
/// count: a region whose only M flare peaks at 50 degrees from the central meridian is flaring
/// even though none of its magnetograms that far out is kept.
///
/// ``Rule/observedSpan`` is the narrower rule FlareKit applied before it followed the paper here, kept for
/// comparison studies only: a flare counts when its peak lies in the HARP's ``RegionPassage``
/// (its first to its last *given* observation) widened by ``passageMargin`` on both sides. On
/// cut observations it labels regions whose M flares all happen beyond the +-45 degree cut as
/// nonflaring, which the paper does not do.
///
/// ```swift
/// let criterion = FlaringRegionCriterion()                   // M1.0, the whole disk passage
/// let flags = try criterion.flaringFlags(observations: archive, attribution: attribution)
/// flags[377]                                                 // true: X2.2 of NOAA 11158
/// ```
public struct FlaringRegionCriterion: Sendable, Hashable, Codable {
    /// Which of a region's flares decide its label.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// The paper's rule: every flare attributed to the HARP's NOAA regions.
        case wholeDiskPassage = "whole_disk_passage"
        /// Only flares peaking between the first and the last observation given (widened by
        /// ``FlaringRegionCriterion/passageMargin``). Not the paper's rule.
        case observedSpan = "observed_span"

        /// One sentence saying what the rule computes, for reports.
        public var explanation: String {
            switch self {
            case .wholeDiskPassage:
                "a region is flaring when any flare attributed to its NOAA regions, over the whole disk passage, reaches the threshold (Bhattacharjee et al. 2020, Sect. 2)"
            case .observedSpan:
                "a region is flaring when a flare at or above the threshold peaks between its first and last kept observation (FlareKit's former rule, not the paper's)"
            }
        }
    }

    /// The smallest class that makes a HARP flaring (M1.0 in the paper).
    public var threshold: FlareClass
    /// Which flares count (default: the paper's ``Rule/wholeDiskPassage``).
    public var rule: Rule
    /// With ``Rule/observedSpan`` only: seconds added before the first and after the last
    /// observation (default 0).
    public var passageMargin: TimeInterval

    /// Creates the criterion.
    public init(threshold: FlareClass = .m1, rule: Rule = .wholeDiskPassage, passageMargin: TimeInterval = 0) {
        self.threshold = threshold
        self.rule = rule
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
        switch rule {
        case .wholeDiskPassage:
            flares.contains { $0.flareClass >= threshold }
        case .observedSpan:
            flares.contains { $0.flareClass >= threshold && passage.contains($0.peak, margin: passageMargin) }
        }
    }

    /// The flaring flag of every HARP in `observations`, keyed by HARP number.
    public func flaringFlags(observations: [SHARPObservation], attribution: FlareAttribution) throws -> [Int: Bool] {
        try validate()
        return RegionPassage.passages(of: observations).mapValues {
            isFlaring(passage: $0, flares: attribution.flares(ofHARP: $0.harpNumber))
        }
    }

    /// One line for reports: the threshold and the rule.
    public var summary: String {
        var text = "\(threshold)+, \(rule.rawValue): \(rule.explanation)"
        if rule == .observedSpan, passageMargin > 0 { text += String(format: ", widened by %.1f h", passageMargin / 3600) }
        return text
    }

    // MARK: Coding

    enum CodingKeys: String, CodingKey {
        case threshold, rule, passageMargin
    }

    /// Reads a criterion; a manifest written before the rule was recorded was labelled with
    /// ``Rule/observedSpan``, and is read as such.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        threshold = try container.decode(FlareClass.self, forKey: .threshold)
        rule = try container.decodeIfPresent(Rule.self, forKey: .rule) ?? .observedSpan
        passageMargin = try container.decodeIfPresent(TimeInterval.self, forKey: .passageMargin) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(rule, forKey: .rule)
        try container.encode(passageMargin, forKey: .passageMargin)
    }
}
