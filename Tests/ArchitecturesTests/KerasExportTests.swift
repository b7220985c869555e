import Foundation
import NeuralCore
import Testing
@testable import Architectures

/// FlareKit models exported to Keras 3 (`Scripts/flarekit_to_keras.py`) give FlareKit's outputs.
/// Fixtures by `Scripts/fixtures/make_export_fixtures.py`: a FlareKit weight file at small,
/// non-default sizes, exported by the script, loaded back with `keras.saving.load_model` and run
/// on `input.npy`; `keras_output.npy` holds Keras's probabilities.
@Suite("Keras export")
struct KerasExportTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/keras-export")

    @Test(
        "The exported Keras model's outputs match FlareKit's to 1e-5",
        arguments: ["cnn1_relu_24", "cnn2_leaky_64", "cnn2_identity_48", "lrcn_t3_72"])
    func exportedOutputsMatch(_ name: String) throws {
        let folder = Self.root.appendingPathComponent(name)
        let model = try FlareModel.load(from: folder.appendingPathComponent("weights.safetensors"))
        let input = try NumpyArray.read(from: folder.appendingPathComponent("input.npy")).tensor()
        let keras = try NumpyArray.read(from: folder.appendingPathComponent("keras_output.npy")).tensor()
        let output = try model.forward(input, mode: .inference).reshaped([-1])
        #expect(output.shape == keras.shape)
        #expect(
            output.maximumAbsoluteDifference(keras) <= 1e-5,
            "FlareKit \(output.scalars) vs exported Keras model \(keras.scalars)")
    }
}
