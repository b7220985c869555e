import ArgumentParser
import Evaluation
import Foundation

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score probabilistic predictions against 0/1 labels.",
        discussion: """
            Prints the confusion matrix at the threshold (p >= t means 1), every skill score \
            (undefined ones as null) and the score-oriented loss values under the uniform and \
            cosine(mu 0.5, delta 0.1) threshold distributions; then the threshold-free scores: \
            ROC AUC, Brier score, Brier skill score against climatology, and the thresholds \
            maximising TSS and HSS2 over every distinct prediction (the smallest on ties). \
            JSON keys: threshold, confusion, scores, sol, auc, brier, bss, best_threshold.
            """)

    @Option(name: .long, help: "Probabilities: a float32 or float64 .npy of shape [N] or [N, 1].")
    var predictions: String

    @Option(name: .long, help: "Labels: a 0/1 .npy (float32, float64, int32, int64, uint8 or bool) of shape [N] or [N, 1].")
    var labels: String

    @Option(name: .long, help: "Decision threshold, in [0, 1].")
    var threshold: Double = 0.5

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw ValidationError("--threshold must be a number in [0, 1] (p >= t means 1), not \(threshold)")
        }
    }

    func run() throws {
        try reportingErrors {
            let report = try ProbabilisticScoreReport.load(
                predictions: URL(fileURLWithPath: predictions), labels: URL(fileURLWithPath: labels),
                threshold: threshold)
            if json {
                print(String(decoding: try report.jsonData(), as: UTF8.self))
            } else {
                print(report.text)
            }
        }
    }
}
