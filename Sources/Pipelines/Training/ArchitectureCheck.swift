import Architectures
import NeuralCore

/// Checks a network size before any data is read, naming the setting: at most
/// ``Architectures/ArchitectureConfiguration/maximumInputSize`` pixels; training memory, as
/// ``Architectures/TrainingMemoryEstimate`` puts it, within what the machine has
/// (``Architectures/AvailableMemory``; skipped when nothing will be trained); then the network is built once and one zero sample run
/// through it, so that a size its layers cannot take (a frame too small for the LRCN's strided
/// convolutions and pools, say) is reported too. The memory check comes first: it allocates
/// nothing.
enum ArchitectureCheck {
    static func check(
        _ architecture: ArchitectureConfiguration, setting: String, value: Int, batchSize: Int, checkingMemory: Bool = true,
        available: @autoclosure () -> AvailableMemory? = AvailableMemory.current()
    ) throws {
        guard value <= ArchitectureConfiguration.maximumInputSize else {
            throw PipelinesError.invalidSetting(
                name: setting, value: "\(value)",
                reason: "at most \(ArchitectureConfiguration.maximumInputSize) pixels (16 times the papers' largest input, 256)")
        }
        let estimate: TrainingMemoryEstimate
        do {
            estimate = try TrainingMemoryEstimate(architecture: architecture, batchSize: batchSize)
        } catch {
            throw PipelinesError.invalidSetting(
                name: setting, value: "\(value)", reason: "the \(architecture.name) cannot take this size: \(error)\(smallerNetworkHint(architecture))")
        }
        if checkingMemory, let available = available(), estimate.totalBytes > available.bytes {
            throw PipelinesError.invalidSetting(
                name: setting, value: "\(value)",
                reason: "training the \(architecture.name) at \(value) pixels with batches of \(batchSize) needs an estimated "
                    + "\(estimate.summary), but \(TrainingMemoryEstimate.gibibytes(available.bytes)) are available "
                    + "(\(available.source)); use a smaller input or batch size")
        }
        do {
            var generator = SeededGenerator(seed: 0)
            let model = try FlareModel(architecture, generator: &generator)
            _ = try model.forward(try Tensor(shape: [1] + architecture.sampleShape), mode: .inference)
        } catch {
            throw PipelinesError.invalidSetting(
                name: setting, value: "\(value)", reason: "the \(architecture.name) cannot take this size: \(error)\(smallerNetworkHint(architecture))")
        }
    }

    /// Where a smaller network exists for a size the configured one cannot take.
    static func smallerNetworkHint(_ architecture: ArchitectureConfiguration) -> String {
        guard case let .lrcn(c) = architecture, c.filters.count > LRCNConfiguration.demo.filters.count else { return "" }
        return "; the demo's LRCN (two convolutions, flarekit train --protocol demo) takes 32-pixel frames"
    }
}
