// mpi-check: runs every collective of the Distributed module once with rank-dependent data and
// prints one JSON line per rank (rank, size, localRank, localSize, threads, results, passed).
// Exits 2 when a result is wrong. With --fail-rank R, rank R throws after the first barrier:
// the whole job must then end non-zero with a message naming rank R, never hang.
//
//   mpirun -np 3 --oversubscribe .build/debug/mpi-check [--fail-rank R] [--threads N]
//   .build/debug/mpi-check                              (one rank, MPI untouched)

import ArgumentParser
import Distributed
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

    func validate() throws {
        if let failRank, failRank < 0 { throw ValidationError("--fail-rank must be a rank (>= 0), not \(failRank)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, not \(threads)") }
    }

    func run() throws {
        // Any error ends the whole job, naming this rank.
        let (check, line) = DistributedEnvironment.run(threadsPerRank: threads) { communicator in
            let check = try CollectiveCheck.run(on: communicator, failingRank: failRank)
            return (check, try check.jsonLine())
        }
        print(line)
        if !check.passed { throw ExitCode(2) }
    }
}
