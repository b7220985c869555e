import Architectures
import NeuralCore

/// Builds a network once and runs one zero sample through it, so that a size its layers cannot
/// take (a frame too small for the LRCN's strided convolutions and pools, say) is reported
/// before any data is read, naming the setting.
enum ArchitectureCheck {
    static func check(_ architecture: ArchitectureConfiguration, setting: String, value: Int) throws {
        do {
            var generator = SeededGenerator(seed: 0)
            let model = try FlareModel(architecture, generator: &generator)
            _ = try model.forward(try Tensor(shape: [1] + architecture.sampleShape), mode: .inference)
        } catch {
            throw PipelinesError.invalidSetting(
                name: setting, value: "\(value)", reason: "the \(architecture.name) cannot take this size: \(error)")
        }
    }
}
