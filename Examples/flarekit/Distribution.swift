import ArgumentParser
import Distributed
import Foundation
import NeuralCore

/// Runs `body` with this process's ranks: MPI's when `mpirun` or `srun` started it (the
/// compute threads then default to the node's cores divided by its ranks), one process
/// otherwise. With one rank an error is reported as everywhere (``reportingErrors(_:)``); with
/// several, the failing rank ends the whole job (with the same exit status, naming the rank)
/// instead of leaving the others waiting.
func runDistributed(threads: Int?, _ body: (any Communicator) throws -> Void) throws {
    if let threads, threads < 1 {
        try reportingErrors { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }
    guard DistributedEnvironment.launch != nil else {
        if let threads { ComputeThreads.set(threads) }
        try reportingErrors { try body(SingleProcessCommunicator.shared) }
        return
    }
    let communicator: any Communicator
    do {
        communicator = try DistributedEnvironment.start(threadsPerRank: threads)
    } catch {
        DistributedEnvironment.abort(errorCode: 1, message: "cannot start MPI: \(error)")
    }
    guard communicator.size > 1 else {
        defer { try? DistributedEnvironment.finish() }
        try reportingErrors { try body(communicator) }
        return
    }
    do {
        try body(communicator)
        try DistributedEnvironment.finish()
    } catch {
        DistributedEnvironment.abort(errorCode: exitStatus(for: error).rawValue, message: oneLine(error))
    }
}
