import Foundation

/// What ``SelectionCuts`` removed: the observations each cut removed, in the order the cuts
/// run, how many of those lacked the value the cut tests, and the regions the area cut removed.
public struct SelectionReport: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The cuts, in the order they run.
    public enum Cut: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// QUALITY <= 0x10000.
        case quality
        /// |OBS_VR| < 3500 m/s.
        case observerRadialVelocity
        /// |central meridian distance| <= 45 degrees.
        case centralMeridianDistance
        /// The region's maximum area over its passage > 25 Mm^2.
        case regionArea
        /// One observation per hour.
        case hourlySampling

        public var description: String {
            switch self {
            case .quality: "QUALITY"
            case .observerRadialVelocity: "|OBS_VR|"
            case .centralMeridianDistance: "|central meridian distance|"
            case .regionArea: "maximum region area"
            case .hourlySampling: "hourly sampling"
            }
        }
    }

    /// One cut's count.
    public struct CutCount: Sendable, Equatable, Codable {
        /// The cut.
        public var cut: Cut
        /// Observations this cut removed (of those the earlier cuts kept).
        public var removed: Int
        /// Of `removed`, those removed because the value was missing (with
        /// ``SelectionCuts/MissingValuePolicy/fail``).
        public var removedForMissingValue: Int

        /// Creates a count.
        public init(cut: Cut, removed: Int, removedForMissingValue: Int = 0) {
            self.cut = cut
            self.removed = removed
            self.removedForMissingValue = removedForMissingValue
        }
    }

    /// Observations given.
    public var input = 0
    /// Each cut's count, in order (every cut is listed, also those switched off, with 0).
    public var cuts: [CutCount] = []
    /// Observations kept.
    public var kept = 0
    /// HARPs given and HARPs with at least one kept observation.
    public var regionsInput = 0
    public var regionsKept = 0
    /// HARPs whose maximum area fails the area cut (also those whose observations an earlier cut
    /// had already removed), ascending.
    public var regionsRemovedByArea: [Int] = []
    /// HARPs with no area at all (no AREA_ACR and none measured), ascending; they fail the area
    /// cut under the `fail` policy and pass it under `pass`.
    public var regionsWithoutArea: [Int] = []
    /// Observations whose area was measured from the magnetogram because AREA_ACR was missing.
    public var areasMeasuredFromMagnetograms = 0
    /// Magnetograms that could not be read to measure an area (their area counts as missing).
    public var areaFailures: [ArchiveIndexReport.Failure] = []
    /// How areas were obtained, in words.
    public var areaRule = ""
    /// How the hourly sample was taken, in words.
    public var samplingRule = ""

    /// Creates an empty report.
    public init() {}

    /// The count of one cut (zeros when absent).
    public func count(for cut: Cut) -> CutCount {
        cuts.first { $0.cut == cut } ?? CutCount(cut: cut, removed: 0)
    }

    /// Several lines for people.
    public var description: String {
        var lines = ["\(input) observations of \(regionsInput) regions"]
        for count in cuts {
            var line = "  \(count.cut): removed \(count.removed)"
            if count.removedForMissingValue > 0 { line += " (\(count.removedForMissingValue) with the value missing)" }
            lines.append(line)
        }
        lines.append("kept \(kept) observations of \(regionsKept) regions")
        if !regionsRemovedByArea.isEmpty {
            lines.append("regions removed by the area cut: \(regionsRemovedByArea.count) (HARP \(regionsRemovedByArea.map(String.init).joined(separator: ", ")))")
        }
        if !regionsWithoutArea.isEmpty {
            lines.append("regions without any area: \(regionsWithoutArea.map(String.init).joined(separator: ", "))")
        }
        if !areaRule.isEmpty { lines.append("area: \(areaRule)") }
        if areasMeasuredFromMagnetograms > 0 { lines.append("areas measured from magnetograms: \(areasMeasuredFromMagnetograms)") }
        for failure in areaFailures { lines.append("area unreadable: \(failure.reason)") }
        if !samplingRule.isEmpty { lines.append("sampling: \(samplingRule)") }
        return lines.joined(separator: "\n")
    }
}
