import Foundation

/// The frames chosen for one video sample, or why it was dropped (``VideoSampler``).
///
/// ```swift
/// switch try sampler.frames(endingAt: time, from: series) {
/// case let .complete(frames): frames.map(\.path)      // 40 paths, oldest first
/// case let .dropped(reason): print(reason)
/// }
/// ```
public enum VideoFrameSelection: Sendable, Hashable {
    /// One observation per frame, oldest first.
    case complete([SHARPObservation])
    /// The video could not be filled.
    case dropped(VideoDropReason)

    /// The frames, or `nil` for a dropped video.
    public var frames: [SHARPObservation]? {
        if case let .complete(frames) = self { return frames }
        return nil
    }

    /// The frame file paths, or `nil` for a dropped video.
    public var paths: [String]? { frames?.map(\.path) }
}

/// Why a video sample was dropped.
public enum VideoDropReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The archive holds no observation of the sample's HARP.
    case noObservations(harpNumber: Int)
    /// `count` frames had no observation within the tolerance (the first of them is frame
    /// `firstFrame`, from 0, due at `firstTime`).
    case missingFrames(count: Int, firstFrame: Int, firstTime: Date)

    /// A short name for counting: `no_observations` or `missing_frames`.
    public var kind: String {
        switch self {
        case .noObservations: "no_observations"
        case .missingFrames: "missing_frames"
        }
    }

    public var description: String {
        switch self {
        case let .noObservations(harp):
            return "no observations of HARP \(harp)"
        case let .missingFrames(count, first, time):
            return "\(count) frame(s) without an observation within the tolerance, the first frame \(first) due at "
                + time.formatted(.iso8601)
        }
    }
}
