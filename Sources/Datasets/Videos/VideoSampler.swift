import Foundation

/// Chooses the frames of video samples (Guastavino et al. 2022, Sect. 3) from a HARP's
/// observation time series, following a ``VideoSpecification``.
///
/// The missing-frame policy, frame by frame from the oldest:
/// - a frame takes the observation nearest its due time whose distance is at most the
///   tolerance (inclusive), leaving out observations after the sample time (unless allowed);
/// - of two observations equally near (one before, one after the due time), the earlier one;
/// - an observation already taken by an earlier frame is skipped (unless reuse is allowed),
///   and the frame takes the nearest of the rest. With the default tolerance of half the
///   cadence, the frames' windows overlap only at their common edge, so this only matters for
///   an observation exactly halfway between two due times;
/// - when a frame finds nothing, the sample is dropped and the report says why.
///
/// ```swift
/// let sampler = try VideoSampler(.guastavino2022)
/// let result = try sampler.videos(endingAt: samples.map(\.observation), from: archiveIndex.observations)
/// print(result.report)
/// let paths = result.videos[0]?.map(\.path)      // 40 frame files, or nil
/// ```
public struct VideoSampler: Sendable {
    /// The frames wanted.
    public let specification: VideoSpecification

    /// A sampler.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for an invalid specification.
    public init(_ specification: VideoSpecification = .guastavino2022) throws {
        try specification.validate()
        self.specification = specification
    }

    /// The frames of the video ending at `sampleTime`.
    /// - Parameter series: the observations of one HARP, sorted by time (equal times allowed).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` when `series` is not sorted.
    public func frames(endingAt sampleTime: Date, from series: [SHARPObservation]) throws -> VideoFrameSelection {
        if let bad = series.indices.dropFirst().first(where: { series[$0].time < series[$0 - 1].time }) {
            throw DatasetsError.invalidValue(
                what: "observation series of HARP \(series[bad].harpNumber)", value: series[bad].path,
                reason: "not sorted by time (observation \(bad) is earlier than the one before)")
        }
        return select(endingAt: sampleTime, times: series.map { $0.time.timeIntervalSinceReferenceDate }, series: series)
    }

    /// The videos of many samples, each ending at its sample's time, from the observations of
    /// an archive (any order, any HARPs: they are grouped by HARP and sorted here).
    /// - Parameters:
    ///   - samples: the sample observations (HARP and time are used).
    ///   - archive: every available observation.
    public func videos(endingAt samples: [SHARPObservation], from archive: [SHARPObservation]) -> VideoSamplingResult {
        var seriesByHARP: [Int: [SHARPObservation]] = Dictionary(grouping: archive, by: \.harpNumber)
        for harp in seriesByHARP.keys {
            seriesByHARP[harp]?.sort { ($0.time, $0.path) < ($1.time, $1.path) }
        }
        let timesByHARP = seriesByHARP.mapValues { $0.map { $0.time.timeIntervalSinceReferenceDate } }
        var report = VideoSamplingReport()
        report.requested = samples.count
        var videos: [[SHARPObservation]?] = []
        videos.reserveCapacity(samples.count)
        for (index, sample) in samples.enumerated() {
            let selection: VideoFrameSelection
            if let series = seriesByHARP[sample.harpNumber], let times = timesByHARP[sample.harpNumber] {
                selection = select(endingAt: sample.time, times: times, series: series)
            } else {
                selection = .dropped(.noObservations(harpNumber: sample.harpNumber))
            }
            switch selection {
            case let .complete(frames):
                report.kept += 1
                videos.append(frames)
            case let .dropped(reason):
                report.dropped.append(.init(sampleIndex: index, harpNumber: sample.harpNumber, time: sample.time, reason: reason))
                videos.append(nil)
            }
        }
        return VideoSamplingResult(videos: videos, report: report)
    }

    /// The policy, on a sorted series and its times (seconds since the reference date).
    private func select(endingAt sampleTime: Date, times: [Double], series: [SHARPObservation]) -> VideoFrameSelection {
        let end = sampleTime.timeIntervalSinceReferenceDate
        let count = specification.frameCount, cadence = specification.cadence, tolerance = specification.tolerance
        let latest = specification.allowsObservationsAfterSampleTime ? Double.infinity : end
        var taken = Set<Int>()
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        var missing = 0
        var firstMissing: (frame: Int, time: Double)?
        for frame in 0..<count {
            let due = end - Double(count - 1 - frame) * cadence
            // First observation not earlier than due - tolerance (binary search).
            var low = 0, high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] < due - tolerance { low = middle + 1 } else { high = middle }
            }
            var best: Int?
            var bestDistance = Double.infinity
            var index = low
            while index < times.count, times[index] <= due + tolerance, times[index] <= latest {
                let distance = abs(times[index] - due)
                // Strictly nearer only: of equally near observations the earlier one stays.
                if distance < bestDistance, specification.allowsFrameReuse || !taken.contains(index) {
                    best = index
                    bestDistance = distance
                }
                index += 1
            }
            if let best {
                taken.insert(best)
                chosen.append(best)
            } else {
                missing += 1
                if firstMissing == nil { firstMissing = (frame, due) }
            }
        }
        if let firstMissing {
            return .dropped(.missingFrames(
                count: missing, firstFrame: firstMissing.frame, firstTime: Date(timeIntervalSinceReferenceDate: firstMissing.time)))
        }
        return .complete(chosen.map { series[$0] })
    }
}
