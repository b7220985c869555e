import Datasets
import Foundation

/// How an ``EnsemblePredictor`` runs: the inference batch, the video cadence for manifest
/// samples, the label to score, and parallel file loading.
///
/// ```swift
/// var configuration = EnsemblePredictionConfiguration()   // 32 samples a batch, the models' cadence
/// configuration.batchSize = 8
/// configuration.videoCadence = 12 * 60                  // refused for an LRCN trained at another one
/// let predictor = try EnsemblePredictor(weights: files, configuration: configuration)
/// ```
public struct EnsemblePredictionConfiguration: Sendable, Equatable {
    /// Samples per inference batch (a video counts as one sample). Memory is bounded by one
    /// batch of prepared inputs per distinct preparation.
    public var batchSize: Int
    /// Seconds between the frames of the LRCN's videos built for manifest samples; each frame
    /// takes the observation nearest its due time within half the cadence
    /// (`VideoSpecification`). `nil` (the default): the cadence the weight files record
    /// (`cadence_minutes`), else Guastavino et al.'s (2022, Sect. 3) 36 minutes. A value other
    /// than a file's record is refused (``PipelinesError/preparationMismatch(weights:setting:model:input:)``).
    public var videoCadence: TimeInterval?
    /// The label the samples are scored on. `nil` (the default): the label the weight files
    /// record (`label`), else the region label. A value other than a file's record is refused.
    public var target: TargetLabel?
    /// Accept FITS files given as one LRCN video that are not one region's frames in order at
    /// the model's cadence (`flarekit predict --allow-mixed-frames`): the problems become
    /// ``EnsemblePrediction/warnings`` instead of errors.
    public var allowMixedFrames = false
    /// Load the FITS files of a batch on all cores (same result as one by one).
    public var parallelLoading: Bool
    /// Read FITS files that are not SHARP CEA line-of-sight magnetograms too (default `false`:
    /// every FITS input, and every file of the SHARP folder of the LRCN's videos, must pass
    /// `SHARPMagnetogramCheck`; `flarekit predict --accept-any-image`).
    public var acceptAnyImage = false

    /// A configuration: 32 samples a batch, the models' video cadence, parallel loading.
    public init(batchSize: Int = 32, videoCadence: TimeInterval? = nil, parallelLoading: Bool = true) {
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
        if let videoCadence, !(videoCadence > 0 && videoCadence.isFinite) {
            throw PipelinesError.invalidSetting(
                name: "video cadence", value: "\(videoCadence) s", reason: "must be positive and finite")
        }
    }
}
