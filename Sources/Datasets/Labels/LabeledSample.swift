import Foundation

/// One magnetogram of the archive with every label FlareKit derives for it: Bhattacharjee's
/// flaring-region flag and time to flare, and Guastavino's sample class.
///
/// ```swift
/// let sample = manifest.samples[0]
/// sample.regionLabel                 // 1 for a magnetogram of a flaring HARP (CNN-1/CNN-2 target)
/// sample.label(for: .m1)             // 1 when an M1+ flare peaks in the next 24 h (LRCN target)
/// sample.timeToFlare?.hours          // t - T_F within +-72 h of an M1+ flare, else nil
/// ```
public struct LabeledSample: Sendable, Hashable, Codable {
    /// The magnetogram.
    public var observation: SHARPObservation
    /// Whether the HARP is flaring (``FlaringRegionCriterion``).
    public var isFlaringRegion: Bool
    /// The Guastavino class (``SampleClassifier``).
    public var sampleClass: SampleClass
    /// The largest C1+ flare peaking in the forward window, if any.
    public var largestForwardFlare: FlareClass?
    /// Time relative to the HARP's assigned flare (``TimeToFlareAssigner``), if within the window.
    public var timeToFlare: TimeToFlare?

    /// Creates a sample.
    public init(
        observation: SHARPObservation, isFlaringRegion: Bool, sampleClass: SampleClass,
        largestForwardFlare: FlareClass? = nil, timeToFlare: TimeToFlare? = nil
    ) {
        self.observation = observation
        self.isFlaringRegion = isFlaringRegion
        self.sampleClass = sampleClass
        self.largestForwardFlare = largestForwardFlare
        self.timeToFlare = timeToFlare
    }

    /// The HARP number.
    public var harpNumber: Int { observation.harpNumber }

    /// The observation time.
    public var time: Date { observation.time }

    /// How predictions name the sample: `HARP <number> <time, ISO 8601 UTC>`.
    public var identifier: String {
        "HARP \(harpNumber) \(time.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)))"
    }

    /// Bhattacharjee's binary label: 1 for a flaring HARP, 0 otherwise.
    public var regionLabel: Int { isFlaringRegion ? 1 : 0 }

    /// Guastavino's binary label for a task: 1 when the sample class is positive for it.
    public func label(for task: FlareTask) -> Int {
        sampleClass.isPositive(for: task) ? 1 : 0
    }
}
