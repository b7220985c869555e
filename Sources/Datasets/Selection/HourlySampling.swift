import Foundation

/// One observation per whole interval (hour) for each HARP: the observation nearest each whole
/// multiple of the interval (UTC, counted from 1970-01-01 00:00), when it lies within the
/// tolerance; see ``SelectionCuts`` for the rule in full.
struct HourlySampling {
    /// The interval, seconds.
    var interval: TimeInterval
    /// The tolerance, seconds (`nil`: half the HARP's cadence), at most half the interval.
    var tolerance: TimeInterval?

    /// The rule in words, for the report.
    var rule: String {
        let size = interval == 3600 ? "whole hour" : "whole multiple of \(interval) s"
        let window = tolerance.map { "within +-\(min($0, interval / 2)) s" } ?? "within +-half the HARP's cadence"
        return "for each HARP, the observation nearest each \(size) (UTC), \(window), ties to the earlier"
    }

    /// The sample of `observations` (sorted by HARP, then time), each HARP's cadence measured on
    /// `cadenceFrom` (all its observations, before any cut).
    func sample(_ observations: [SHARPObservation], cadenceFrom all: [SHARPObservation]) -> [SHARPObservation] {
        let cadences = tolerance == nil ? HourlySampling.medianCadences(all) : [:]
        var kept: [SHARPObservation] = []
        var start = 0
        while start < observations.count {
            let harp = observations[start].harpNumber
            var end = start
            while end < observations.count, observations[end].harpNumber == harp { end += 1 }
            let window = min(tolerance ?? (cadences[harp].map { $0 / 2 } ?? interval / 2), interval / 2)
            // slot -> (distance, position)
            var best: [Int64: (distance: Double, position: Int)] = [:]
            for position in start..<end {
                let seconds = observations[position].time.timeIntervalSince1970
                let slot = (seconds / interval).rounded(.toNearestOrAwayFromZero)
                let distance = abs(seconds - slot * interval)
                guard distance <= window + 1e-6 else { continue }
                let key = Int64(slot)
                if let current = best[key], current.distance <= distance { continue }
                best[key] = (distance, position)
            }
            for position in best.values.map(\.position).sorted() { kept.append(observations[position]) }
            start = end
        }
        return kept
    }

    /// The median spacing of each HARP's distinct observation times (HARPs with one time are
    /// absent).
    static func medianCadences(_ observations: [SHARPObservation]) -> [Int: TimeInterval] {
        var result: [Int: TimeInterval] = [:]
        for (harp, list) in Dictionary(grouping: observations, by: \.harpNumber) {
            let times = Array(Set(list.map { $0.time.timeIntervalSince1970 })).sorted()
            guard times.count >= 2 else { continue }
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
            result[harp] = gaps[gaps.count / 2]
        }
        return result
    }
}
