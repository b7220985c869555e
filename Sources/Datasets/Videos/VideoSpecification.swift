import Foundation

/// The frames of a video sample (Guastavino et al. 2022, Sect. 3): "24h-long videos made of 40
/// SHARP images of an AR, with 36 minutes cadence", ending at the sample time. Frame `k`
/// (from 0) is due at `t - (frameCount - 1 - k) x cadence`, so the frames are at
/// t - 39 x 36 min, ..., t - 36 min, t.
///
/// The missing-frame policy (``VideoSampler``): each frame takes the observation nearest its
/// due time within ``tolerance`` (default half the cadence, 18 minutes), never one after the
/// sample time unless ``allowsObservationsAfterSampleTime`` (that would look into the forecast
/// window), and never one already taken by an earlier frame unless ``allowsFrameReuse``. A video
/// with a frame left without an observation is dropped.
///
/// ```swift
/// var specification = VideoSpecification()          // 40 frames, 36 min, +-18 min
/// specification.tolerance = 12 * 60
/// specification.frameTimes(endingAt: sampleTime)     // 40 dates, the last one sampleTime
/// ```
public struct VideoSpecification: Sendable, Hashable, Codable {
    /// Frames per video (40 in the paper).
    public var frameCount: Int
    /// Seconds between frames (36 minutes in the paper).
    public var cadence: TimeInterval
    /// How far, in seconds, an observation may lie from a frame's due time.
    public var tolerance: TimeInterval
    /// Whether one observation may fill two frames (when the archive has a gap).
    public var allowsFrameReuse: Bool
    /// Whether a frame may take an observation later than the sample time.
    public var allowsObservationsAfterSampleTime: Bool

    /// Guastavino et al.'s videos: 40 frames at 36-minute cadence, ±18 minutes.
    public static let guastavino2022 = VideoSpecification()

    /// Creates a specification; `tolerance` defaults to half the cadence.
    public init(
        frameCount: Int = 40, cadence: TimeInterval = 36 * 60, tolerance: TimeInterval? = nil,
        allowsFrameReuse: Bool = false, allowsObservationsAfterSampleTime: Bool = false
    ) {
        self.frameCount = frameCount
        self.cadence = cadence
        self.tolerance = tolerance ?? cadence / 2
        self.allowsFrameReuse = allowsFrameReuse
        self.allowsObservationsAfterSampleTime = allowsObservationsAfterSampleTime
    }

    enum CodingKeys: String, CodingKey {
        case frameCount = "frame_count"
        case cadence = "cadence_seconds"
        case tolerance = "tolerance_seconds"
        case allowsFrameReuse = "allows_frame_reuse"
        case allowsObservationsAfterSampleTime = "allows_observations_after_sample_time"
    }

    /// The time from the first frame to the last: `(frameCount - 1) x cadence`.
    public var span: TimeInterval { Double(frameCount - 1) * cadence }

    /// The due times of the frames of a video ending at `sampleTime`, oldest first.
    public func frameTimes(endingAt sampleTime: Date) -> [Date] {
        (0..<frameCount).map { sampleTime.addingTimeInterval(-Double(frameCount - 1 - $0) * cadence) }
    }

    /// Checks the numbers.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` unless there is at least one
    ///   frame, the cadence is positive and the tolerance non-negative (all finite).
    public func validate() throws {
        guard frameCount >= 1 else {
            throw DatasetsError.invalidValue(what: "video frame count", value: "\(frameCount)", reason: "must be at least 1")
        }
        guard cadence > 0, cadence.isFinite else {
            throw DatasetsError.invalidValue(what: "video cadence", value: "\(cadence) s", reason: "must be positive")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw DatasetsError.invalidValue(what: "video frame tolerance", value: "\(tolerance) s", reason: "must be finite and >= 0")
        }
    }
}
