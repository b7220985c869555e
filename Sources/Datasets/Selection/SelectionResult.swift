import Foundation

/// The observations ``SelectionCuts`` kept, with its report.
public struct SelectionResult: Sendable, Equatable {
    /// The kept observations, sorted by HARP number, then time.
    public var observations: [SHARPObservation]
    /// Counts per cut and the regions the area cut removed.
    public var report: SelectionReport
    /// Each HARP's maximum area over its passage, Mm^2 (HARPs without any area are absent).
    public var peakAreas: [Int: Double]

    /// Creates a result.
    public init(observations: [SHARPObservation], report: SelectionReport, peakAreas: [Int: Double] = [:]) {
        self.observations = observations
        self.report = report
        self.peakAreas = peakAreas
    }

    /// The kept observations of each HARP, sorted by time.
    public var timeSeriesByHARP: [Int: [SHARPObservation]] {
        Dictionary(grouping: observations, by: \.harpNumber)
    }
}
