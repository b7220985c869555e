import Datasets
import Foundation
import NeuralCore

/// What a training run's weight files record of how they were made, beside the model's own
/// description (`flarekit.model`): FlareKit's version, the protocol, the label the model
/// predicts, the loss, optimizer, epochs, batch size and seed, for the LRCN the video's frame
/// count and cadence, and the manifest's path and checksum. The cross-validation runner adds
/// each split's name, threshold, best epoch, epochs trained and seed; `flarekit summary` prints
/// them all. Keys and values are strings (safetensors metadata).
public enum WeightProvenance {
    /// The entries of a Bhattacharjee et al. run.
    public static func entries(_ c: BhattacharjeeConfiguration) -> [String: String] {
        common(protocol: "bhattacharjee", loss: c.loss, optimizer: c.optimizer, epochs: c.epochs, batchSize: c.batchSize, seed: c.seed)
            .merging(["label": "region"]) { $1 }
    }

    /// The entries of a Guastavino et al. run.
    public static func entries(_ c: GuastavinoConfiguration) -> [String: String] {
        common(protocol: "guastavino", loss: c.loss, optimizer: c.optimizer, epochs: c.epochs, batchSize: c.batchSize, seed: c.seed)
            .merging([
                "label": c.task.rawValue, "frames": "\(c.video.frameCount)",
                "cadence_minutes": "\(c.video.cadence / 60)",
            ]) { $1 }
    }

    /// The manifest's path (standardised) and a checksum of its bytes (`fnv1a64:<hex>`).
    /// - Throws: ``PipelinesError/file(path:problem:)`` when the manifest cannot be read.
    public static func entries(manifest: URL) throws -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: manifest)
        } catch {
            throw PipelinesError.file(path: manifest.path, problem: "cannot read the manifest: \(error.localizedDescription)")
        }
        return ["manifest": manifest.standardizedFileURL.path, "manifest_checksum": "fnv1a64:" + SampleDigest.fnv1a(bytes: data)]
    }

    private static func common(
        protocol name: String, loss: TrainingLoss, optimizer: TrainingOptimizer, epochs: Int, batchSize: Int, seed: UInt64
    ) -> [String: String] {
        [
            "flarekit_version": FlareKitVersion.current, "protocol": name, "loss": loss.description,
            "optimizer": optimizer.description, "epochs": "\(epochs)", "batch_size": "\(batchSize)", "seed": "\(seed)",
        ]
    }
}
