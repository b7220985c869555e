import Architectures
import Foundation
import NeuralCore

/// `flarekit-bench --net N --mode M --profile`: the time of each top-level layer.
enum ProfileTable {
    /// Measures and prints the profile (a table, or one JSON object).
    static func run(_ network: BenchmarkNetwork, training: Bool, batch: Int?, steps: Int, json: Bool) throws {
        let profile = try LayerProfile.measure(
            network, training: training, loss: try BenchCommand.loss(network), timedSteps: steps, batch: batch)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(profile), as: UTF8.self))
            return
        }
        let total = profile.rows.reduce(0) { $0 + $1.forwardSeconds + $1.backwardSeconds }
        print("\(profile.net) \(profile.mode), batch \(profile.batch), \(ComputeThreads.count) threads, median of \(steps) steps; layers one by one")
        print(pad("layer", 26) + pad("kind", 24) + pad("output", 20) + pad("forward ms", 12) + pad("backward ms", 13)
              + pad("share", 8) + "GFLOP/s")
        for row in profile.rows {
            let seconds = row.forwardSeconds + row.backwardSeconds
            let flops = Double(2 * row.multiplyAdds) * (profile.mode == "train" ? 3 : 1)
            print(pad(row.name, 26) + pad(row.kind, 24) + pad(row.outputShape.map(String.init).joined(separator: "x"), 20)
                  + pad(String(format: "%.1f", 1000 * row.forwardSeconds), 12)
                  + pad(String(format: "%.1f", 1000 * row.backwardSeconds), 13)
                  + pad(String(format: "%.1f%%", 100 * seconds / max(total, 1e-12)), 8)
                  + (row.multiplyAdds > 0 ? String(format: "%.1f", flops / max(seconds, 1e-12) / 1e9) : "-"))
        }
        print(String(format: "layers one by one: %.1f ms per step, %.2f samples/s", 1000 * total, Double(profile.batch) / total))
        if profile.mode == "infer" {
            print(String(format: "fused network: %.1f ms per step, %.2f samples/s", 1000 * profile.fusedInferenceSeconds,
                         Double(profile.batch) / max(profile.fusedInferenceSeconds, 1e-12)))
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
