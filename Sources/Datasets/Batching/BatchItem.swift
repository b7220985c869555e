import Foundation

/// One sample for a lazy batch source: its frame files (one for a single magnetogram, `T` for a
/// video), its label and the latitude used by the Hale/Joy normalisation. Only paths are held;
/// the files are read when a batch asks for the sample.
///
/// ```swift
/// let image = BatchItem(observation: sample.observation, label: Float(sample.regionLabel))
/// let video = BatchItem(video: frames, label: 1)     // 40 observations, oldest first
/// ```
public struct BatchItem: Sendable, Hashable, Codable {
    /// The frame files, oldest first.
    public var framePaths: [String]
    /// The target, 0 or 1.
    public var label: Float
    /// The region's latitude in degrees (negative in the south), applied to every frame; `nil`
    /// to use each file's LAT_FWT / CRVAL2.
    public var latitude: Double?

    /// A video (or single-frame) item.
    public init(framePaths: [String], label: Float, latitude: Double? = nil) {
        self.framePaths = framePaths
        self.label = label
        self.latitude = latitude
    }

    /// A single-magnetogram item.
    public init(path: String, label: Float, latitude: Double? = nil) {
        self.init(framePaths: [path], label: label, latitude: latitude)
    }

    /// A single-magnetogram item for an archive observation (its latitude included).
    public init(observation: SHARPObservation, label: Float) {
        self.init(path: observation.path, label: label, latitude: observation.latitude)
    }

    /// A video item for frames chosen by ``VideoSampler``; the latitude is the latest frame's
    /// that has one (so every frame of the video is normalised alike).
    public init(video frames: [SHARPObservation], label: Float) {
        self.init(framePaths: frames.map(\.path), label: label, latitude: frames.last(where: { $0.latitude != nil })?.latitude)
    }
}
