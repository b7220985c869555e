import Foundation

/// What ``VideoSampler/videos(endingAt:from:)`` kept and dropped, with the reason for every
/// dropped sample.
///
/// ```swift
/// let result = try sampler.videos(endingAt: samples, from: archive)
/// print(result.report)      // "videos: 980 of 1000 kept; dropped: missing_frames 20"
/// ```
public struct VideoSamplingReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One dropped sample.
    public struct DroppedVideo: Sendable, Hashable, Codable {
        /// The sample's position in the request.
        public var sampleIndex: Int
        /// Its HARP.
        public var harpNumber: Int
        /// Its time (the last frame's due time).
        public var time: Date
        /// Why.
        public var reason: VideoDropReason
    }

    /// Samples asked for.
    public var requested = 0
    /// Samples with a complete video.
    public var kept = 0
    /// Every dropped sample, in request order.
    public var dropped: [DroppedVideo] = []

    /// Dropped samples counted by ``VideoDropReason/kind``.
    public var droppedByReason: [String: Int] {
        dropped.reduce(into: [:]) { $0[$1.reason.kind, default: 0] += 1 }
    }

    public var description: String {
        var text = "videos: \(kept) of \(requested) kept"
        let counts = droppedByReason
        if !counts.isEmpty {
            text += "; dropped: " + counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        }
        return text
    }
}

/// The videos of many samples: one entry per requested sample (`nil` when dropped) and the
/// report.
public struct VideoSamplingResult: Sendable, Hashable {
    /// Per requested sample, in order, its frames (oldest first) or `nil`.
    public var videos: [[SHARPObservation]?]
    /// The counts and reasons.
    public var report: VideoSamplingReport
}
