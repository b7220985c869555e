import Foundation

/// How an ``EnsemblePredictor`` runs: the inference batch, the video cadence for manifest
/// samples, and parallel file loading.
///
/// ```swift
/// var configuration = EnsemblePredictionConfiguration()   // 32 samples a batch, 36-minute videos
/// configuration.batchSize = 8
/// configuration.videoCadence = 12 * 60
/// let predictor = try EnsemblePredictor(weights: files, configuration: configuration)
/// ```
public struct EnsemblePredictionConfiguration: Sendable, Equatable {
    /// Samples per inference batch (a video counts as one sample). Memory is bounded by one
    /// batch of prepared inputs per distinct preparation.
    public var batchSize: Int
    /// Seconds between the frames of the LRCN's videos built for manifest samples (Guastavino
    /// et al. 2022, Sect. 3: 36 minutes); each frame takes the observation nearest its due time
    /// within half the cadence (`VideoSpecification`).
    public var videoCadence: TimeInterval
    /// Load the FITS files of a batch on all cores (same result as one by one).
    public var parallelLoading: Bool
    /// Read FITS files that are not SHARP CEA line-of-sight magnetograms too (default `false`:
    /// every FITS input, and every file of the SHARP folder of the LRCN's videos, must pass
    /// `SHARPMagnetogramCheck`; `flarekit predict --accept-any-image`).
    public var acceptAnyImage = false

    /// A configuration: 32 samples a batch, 36-minute video cadence, parallel loading.
    public init(batchSize: Int = 32, videoCadence: TimeInterval = 36 * 60, parallelLoading: Bool = true) {
        self.batchSize = batchSize
        self.videoCadence = videoCadence
        self.parallelLoading = parallelLoading
    }

    /// Checks the values.
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for a batch size below 1
    ///   or a cadence that is not positive and finite.
    public func validate() throws {
        guard batchSize >= 1 else {
            throw PipelinesError.invalidSetting(name: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        guard videoCadence > 0, videoCadence.isFinite else {
            throw PipelinesError.invalidSetting(
                name: "video cadence", value: "\(videoCadence) s", reason: "must be positive and finite")
        }
    }
}
