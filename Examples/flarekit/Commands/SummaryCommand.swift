import ArgumentParser
import Architectures
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a weight file's network (Keras-style layer table) and its metadata.",
        discussion: """
            Rebuilds the network from the file's own description, loads the weights (a file whose
            tensors do not fit is refused), and prints the layer table with output shapes and
            parameter counts, the architecture and input preprocessing, and every other metadata
            entry the file carries (split, decision threshold, training settings).
            """)

    @Argument(help: "A FlareKit weight file (.safetensors).")
    var weights: String

    func run() throws {
        try reportingErrors {
            print(try WeightFileSummary(url: URL(fileURLWithPath: weights)).text)
        }
    }
}
