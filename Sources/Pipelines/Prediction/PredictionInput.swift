import Datasets
import Foundation
import NeuralCore

/// What an ``EnsemblePredictor`` runs on.
///
/// - ``batch(_:)`` / ``tensor(_:name:)``: a prepared float32 batch, NCHW for the CNNs and NTCHW
///   for the LRCN, used as it is (no preprocessing); every model must take its sample shape.
///   Sample `i` is identified as `NAME[i]`.
/// - ``magnetograms(_:)``: SHARP CEA magnetogram FITS files, each prepared as each model's
///   weight file says (so models of different input sizes run on the same files). For the CNNs
///   every file is a sample, identified by its path. For the LRCN the files are the frames of
///   ONE video, oldest first, and their count must be the model's frame count; the video is
///   identified by its last frame's path.
/// - ``manifest(_:archive:)`` / ``samples(_:archive:name:)``: labelled samples (what
///   `flarekit index` writes). The CNNs read each sample's observation; the LRCN reads the video
///   of the model's frame count ending at the sample, built by `VideoSampler` from the SHARP
///   archive (which must then be given). A sample whose video cannot be filled is skipped, with
///   the reason, for every model. Samples are identified as `HARP <number> <time, ISO 8601 UTC>`
///   and keep their labels.
///
/// ```swift
/// let files = try FileManager.default.contentsOfDirectory(atPath: "sharp").sorted()
///     .map { URL(fileURLWithPath: "sharp/\($0)") }
/// let onFiles = PredictionInput.magnetograms(files)
/// let onManifest = PredictionInput.manifest(
///     URL(fileURLWithPath: "run/manifest.json"), archive: URL(fileURLWithPath: "sharp"))
/// ```
public enum PredictionInput: Sendable {
    /// A float32 `.npy` batch, used as it is.
    case batch(URL)
    /// A batch already in memory, used as it is; `name` identifies its rows (`name[i]`).
    case tensor(Tensor, name: String)
    /// SHARP CEA magnetogram FITS files (for the LRCN: the frames of one video, oldest first).
    case magnetograms([URL])
    /// A sample manifest file and, for the LRCN, the SHARP folder its videos are built from.
    case manifest(URL, archive: URL?)
    /// Labelled samples already in memory and, for the LRCN, an index of the SHARP archive;
    /// `name` stands for them in errors.
    case samples([LabeledSample], archive: ArchiveIndex?, name: String)

    /// Whether the input is a prepared batch (`.npy` or in memory), used as it is.
    public var isBatch: Bool {
        switch self {
        case .batch, .tensor: true
        case .magnetograms, .manifest, .samples: false
        }
    }
}
