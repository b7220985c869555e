import Foundation

/// Assigns each observation time of one HARP to one of its flares and gives `t_r = t - T_F`
/// (Bhattacharjee et al. 2020, Sect. 4.2).
///
/// Rules:
/// - Only the HARP's flares at or above ``TimeToFlareConfiguration/threshold`` count (all of
///   them, whether or not they fall inside the HARP's observed passage). Flares peaking at the
///   same instant are one flare, with the largest class.
/// - Each observation belongs to the nearer, in time, of the last flare peaking at or before it
///   and the first flare peaking after it. For two consecutive flares less than
///   `2 x window` (144 h) apart this is the paper's split of the observations between them at
///   the midpoint: the earlier half is post-flare (`t_r > 0`) of the first flare, the later
///   half pre-flare (`t_r < 0`) of the second. Farther apart, no observation is within the
///   window of both, so nothing is split.
/// - Tie: an observation exactly at the midpoint belongs to the earlier flare (`t_r = +gap/2`).
///   The same rule decides an observation exactly `window` from two flares `2 x window` apart.
/// - An observation exactly at a peak has `t_r = 0` for that flare.
/// - Observations with `|t_r|` above the window (inclusive: +-72 h counts) get `nil`.
/// - Flares closer together than the sample spacing keep the nearest-flare rule: each
///   observation still goes to its nearest flare, so a flare between two consecutive
///   observations may receive none of them.
///
/// ```swift
/// let assigner = try TimeToFlareAssigner(flares: attribution.flares(ofHARP: 377))
/// assigner.timeToFlare(at: sampleTime)?.hours        // e.g. -5.0: five hours before an M1+ flare
/// ```
public struct TimeToFlareAssigner: Sendable {
    /// The HARP's flares at or above the threshold, simultaneous ones merged, ordered by peak.
    public let flares: [FlareEvent]
    /// The settings.
    public let configuration: TimeToFlareConfiguration
    private let peaks: [Date]

    /// Creates an assigner from a HARP's flares (any order, any class).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a bad window.
    public init(flares: [FlareEvent], configuration: TimeToFlareConfiguration = TimeToFlareConfiguration()) throws {
        try configuration.validate()
        self.configuration = configuration
        let sorted = flares.enumerated()
            .filter { $0.element.flareClass >= configuration.threshold }
            .sorted { ($0.element.peak, $0.offset) < ($1.element.peak, $1.offset) }
            .map(\.element)
        var merged: [FlareEvent] = []
        for flare in sorted {
            if let last = merged.last, last.peak == flare.peak {
                if flare.flareClass > last.flareClass { merged[merged.count - 1] = flare }
            } else {
                merged.append(flare)
            }
        }
        self.flares = merged
        self.peaks = merged.map(\.peak)
    }

    /// The time to flare of an observation at `time`, or `nil` when no flare is within the window.
    public func timeToFlare(at time: Date) -> TimeToFlare? {
        let next = PeakSearch.firstIndex(in: peaks, after: time)
        let previous = next - 1
        var chosen: Int?
        switch (previous >= 0, next < peaks.count) {
        case (true, true):
            let sincePrevious = time.timeIntervalSince(peaks[previous])
            let untilNext = peaks[next].timeIntervalSince(time)
            chosen = sincePrevious <= untilNext ? previous : next
        case (true, false):
            chosen = previous
        case (false, true):
            chosen = next
        case (false, false):
            chosen = nil
        }
        guard let index = chosen else { return nil }
        let offset = time.timeIntervalSince(peaks[index])
        guard abs(offset) <= configuration.window else { return nil }
        return TimeToFlare(
            flareIndex: index, flarePeak: peaks[index], flareClass: flares[index].flareClass, hours: offset / 3600)
    }

    /// The time to flare of every time, in order.
    public func timesToFlare(at times: [Date]) -> [TimeToFlare?] {
        times.map { timeToFlare(at: $0) }
    }
}
