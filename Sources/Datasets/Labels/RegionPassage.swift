import Foundation

/// The span of a HARP's passage in a set of observations: from its first to its last
/// observation time.
///
/// Built from the observations actually given, the passage is only as long as they are: after
/// the +-45 degree cut it covers the central part of the disk passage. Pass the uncut archive,
/// or widen it with a margin (``FlaringRegionCriterion/passageMargin``), for the whole transit.
public struct RegionPassage: Sendable, Hashable, Codable {
    /// The HARP number.
    public var harpNumber: Int
    /// The first observation time.
    public var first: Date
    /// The last observation time.
    public var last: Date

    /// Creates a passage; `last` must not precede `first`.
    public init(harpNumber: Int, first: Date, last: Date) throws {
        guard first <= last else {
            throw DatasetsError.invalidValue(
                what: "passage of HARP \(harpNumber)", value: "\(first) to \(last)",
                reason: "the last observation precedes the first")
        }
        self.harpNumber = harpNumber
        self.first = first
        self.last = last
    }

    /// Whether an instant lies in the passage widened by `margin` on both sides (closed at
    /// both ends).
    public func contains(_ instant: Date, margin: TimeInterval = 0) -> Bool {
        instant >= first.addingTimeInterval(-margin) && instant <= last.addingTimeInterval(margin)
    }

    /// The passage of every HARP in `observations`, keyed by HARP number.
    public static func passages(of observations: [SHARPObservation]) -> [Int: RegionPassage] {
        var spans: [Int: (first: Date, last: Date)] = [:]
        for observation in observations {
            if let span = spans[observation.harpNumber] {
                spans[observation.harpNumber] = (min(span.first, observation.time), max(span.last, observation.time))
            } else {
                spans[observation.harpNumber] = (observation.time, observation.time)
            }
        }
        var passages: [Int: RegionPassage] = [:]
        for (harp, span) in spans {
            // first <= last by construction, so this cannot throw.
            if let passage = try? RegionPassage(harpNumber: harp, first: span.first, last: span.last) {
                passages[harp] = passage
            }
        }
        return passages
    }
}
