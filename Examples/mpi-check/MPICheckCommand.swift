// mpi-check: runs every collective of the Distributed module once with rank-dependent data and
// prints one JSON line per rank (rank, size, localRank, localSize, threads, results, passed).
// Exits 2 when a result is wrong. With --fail-rank R, rank R throws after the first barrier:
// the whole job must then end non-zero with a message naming rank R, never hang.
//
// With --train cnn1|cnn2|lrcn it instead trains that network at a tiny size with data-parallel
// fit (Architectures' DataParallelCheck) and prints each rank's test probabilities as JSON.
//
//   mpirun -np 3 --oversubscribe .build/debug/mpi-check [--fail-rank R] [--threads N] [--train NET]
//   .build/debug/mpi-check                              (one rank, MPI untouched)

import Architectures
import ArgumentParser
import Distributed
import Foundation
import Losses
import NeuralCore

@main
struct MPICheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi-check",
        abstract: "Checks MPI: every collective once per rank, one JSON line per rank.",
        discussion: "Launch it with mpirun or srun; started directly it runs as one rank without MPI.")

    @Option(help: "Make this rank fail after the first barrier (the whole job must end, naming it).")
    var failRank: Int?

    @Option(help: "Compute threads per rank (default: the rank's share of the node's cores).")
    var threads: Int?

    @Option(help: "Train cnn1, cnn2 or lrcn at a tiny size on every rank and print the test probabilities.")
    var train: String?

    func validate() throws {
        if let train, DataParallelCheck.Network(rawValue: train) == nil {
            throw ValidationError("--train must be cnn1, cnn2 or lrcn, not '\(train)'")
        }
        if let failRank, failRank < 0 { throw ValidationError("--fail-rank must be a rank (>= 0), not \(failRank)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, not \(threads)") }
    }

    func run() throws {
        if let train, let network = DataParallelCheck.Network(rawValue: train) {
            let line = DistributedEnvironment.run(threadsPerRank: threads) { communicator in
                let loss: any Loss = network == .lrcn ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy()
                let probabilities = try DataParallelCheck.testProbabilities(network, communicator: communicator, loss: loss)
                let object: [String: Any] = ["rank": communicator.rank, "size": communicator.size, "probabilities": probabilities.map(Double.init)]
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
            }
            print(line)
            return
        }
        // Any error ends the whole job, naming this rank.
        let (check, line) = DistributedEnvironment.run(threadsPerRank: threads) { communicator in
            let check = try CollectiveCheck.run(on: communicator, failingRank: failRank)
            return (check, try check.jsonLine())
        }
        print(line)
        if !check.passed { throw ExitCode(2) }
    }
}
