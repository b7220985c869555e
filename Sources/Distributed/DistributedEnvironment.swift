import CMPI
import Foundation
import NeuralCore
import Synchronization

/// Starts and ends a program's part in a distributed job, and ends the whole job when a rank
/// cannot go on.
///
/// A program launched by `mpirun`, `mpiexec` or `srun` (see ``MPILaunch``) gets an
/// ``MPICommunicator``; a program started any other way runs as one rank with
/// `SingleProcessCommunicator.shared` and never touches MPI.
///
/// ```swift
/// let communicator = try DistributedEnvironment.start()
/// // ... train, with FitConfiguration.communicator = communicator ...
/// try DistributedEnvironment.finish()
/// ```
///
/// Or, ending the job with a message naming the rank when anything throws:
///
/// ```swift
/// DistributedEnvironment.run { communicator in
///     try train(communicator)
/// }
/// ```
public enum DistributedEnvironment {
    private struct State {
        /// The communicator ``start(threadsPerRank:)`` made, until ``finish()``.
        var communicator: MPICommunicator?
        /// Whether this module called `MPI_Init_thread` (and so owes the `MPI_Finalize`).
        var startedMPI = false
        /// Whether ``finish()`` has run.
        var finished = false
    }

    private static let state = Mutex(State())

    /// The launch this process's environment describes, `nil` for a plain launch.
    public static var launch: MPILaunch? {
        MPILaunch.detect(in: ProcessInfo.processInfo.environment)
    }

    /// This process's communicator: an ``MPICommunicator`` over `MPI_COMM_WORLD` when launched as
    /// one of several ranks (MPI is initialised with `MPI_THREAD_FUNNELED`), otherwise
    /// `SingleProcessCommunicator.shared` without touching MPI.
    ///
    /// Also sets NeuralCore's `ComputeThreads` to `threadsPerRank` or, when that is `nil`, to
    /// ``defaultThreadsPerRank(localSize:)`` so the ranks on a node share its cores.
    /// Calling it again returns the same communicator.
    ///
    /// - Throws: ``DistributedError`` when MPI cannot start, lacks thread support, or has
    ///   already been finished.
    public static func start(threadsPerRank: Int? = nil) throws -> any Communicator {
        guard launch != nil else {
            ComputeThreads.set(threadsPerRank ?? defaultThreadsPerRank(localSize: 1))
            return SingleProcessCommunicator.shared
        }
        let communicator = try state.withLock { state in try startMPI(&state) }
        ComputeThreads.set(threadsPerRank ?? defaultThreadsPerRank(localSize: communicator.localSize))
        return communicator
    }

    /// The compute threads one of `localSize` ranks on this machine gets:
    /// ``defaultThreadsPerRank(activeCores:allowedCores:localSize:)`` with this machine's active
    /// cores and this process's affinity mask (from `/proc/self/status`).
    public static func defaultThreadsPerRank(localSize: Int) -> Int {
        defaultThreadsPerRank(
            activeCores: ProcessInfo.processInfo.activeProcessorCount, allowedCores: CPUAffinity.allowedCoreCount(),
            localSize: localSize)
    }

    /// The compute threads one of `localSize` ranks on a node gets: its share of the node's
    /// cores, `activeCores / localSize`, but no more than the cores it may run on (`mpirun`
    /// binds each of 2 ranks to one core by default), and at least 1.
    ///
    /// - Parameters:
    ///   - activeCores: the cores available to the job on this node.
    ///   - allowedCores: the cores this process's affinity mask allows, `nil` when unknown.
    ///   - localSize: the number of ranks on this node.
    public static func defaultThreadsPerRank(activeCores: Int, allowedCores: Int?, localSize: Int) -> Int {
        let share = activeCores / max(1, localSize)
        return max(1, min(share, allowedCores ?? share))
    }

    /// Frees the communicator and calls `MPI_Finalize` if ``start(threadsPerRank:)`` started
    /// MPI. Safe to call more than once, and a no-op for a single process.
    ///
    /// Every rank must call it (it synchronises); after it, the communicator throws
    /// ``DistributedError/finalized(call:rank:)`` and MPI cannot start again.
    public static func finish() throws {
        try state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            let rank = state.communicator?.rank
            try state.communicator?.release()
            state.communicator = nil
            if state.startedMPI, !mpiIsFinalized() {
                try checkMPI(MPI_Finalize(), "MPI_Finalize", rank: rank)
            }
        }
    }

    /// Prints `flarekit: rank R of N: <message>` to standard error and ends the whole job with
    /// `errorCode` (`MPI_Abort` on `MPI_COMM_WORLD`), so the other ranks never wait for this one.
    /// Without MPI it exits the process with `errorCode`.
    ///
    /// - Parameters:
    ///   - errorCode: the exit status, non-zero (0 becomes 1).
    ///   - message: what went wrong, one line.
    public static func abort(errorCode: Int32 = 1, message: String) -> Never {
        let code = errorCode == 0 ? 1 : errorCode
        let (rank, size) = identity()
        FileHandle.standardError.write(Data("flarekit: rank \(rank) of \(size): \(message)\n".utf8))
        if mpiIsInitialized(), !mpiIsFinalized() {
            _ = MPI_Abort(cmpi_comm_world(), code)
        }
        exit(code)
    }

    /// Starts the environment, runs `body` with the communicator and finishes; if anything
    /// throws, ends the whole job through ``abort(errorCode:message:)`` with the error's
    /// description.
    public static func run<Result>(
        threadsPerRank: Int? = nil, _ body: (any Communicator) throws -> Result
    ) -> Result {
        do {
            let communicator = try start(threadsPerRank: threadsPerRank)
            let result = try body(communicator)
            try finish()
            return result
        } catch {
            abort(errorCode: 1, message: "\(error)")
        }
    }

    // MARK: - Helpers

    private static func startMPI(_ state: inout State) throws -> MPICommunicator {
        if let communicator = state.communicator { return communicator }
        guard !state.finished, !mpiIsFinalized() else {
            throw DistributedError.finalized(call: "MPI_Init_thread", rank: nil)
        }
        if !mpiIsInitialized() {
            var provided: Int32 = 0
            try checkMPI(MPI_Init_thread(nil, nil, cmpi_thread_funneled(), &provided), "MPI_Init_thread", rank: nil)
            state.startedMPI = true
        }
        var provided: Int32 = 0
        try checkMPI(MPI_Query_thread(&provided), "MPI_Query_thread", rank: nil)
        guard provided >= cmpi_thread_funneled() else {
            throw DistributedError.threadSupport(
                required: Int(cmpi_thread_funneled()), provided: Int(provided), rank: nil)
        }
        try checkMPI(
            MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()), "MPI_Comm_set_errhandler", rank: nil)
        let communicator = try MPICommunicator(duplicating: cmpi_comm_world())
        state.communicator = communicator
        return communicator
    }

    /// This rank and the number of ranks, as well as they are known ("?" when not).
    private static func identity() -> (rank: String, size: String) {
        if let known = state.withLock({ state in state.communicator.map { ($0.rank, $0.size) } }) {
            return (String(known.0), String(known.1))
        }
        if mpiIsInitialized(), !mpiIsFinalized() {
            var rank: Int32 = 0, size: Int32 = 0
            if MPI_Comm_rank(cmpi_comm_world(), &rank) == cmpi_success(),
                MPI_Comm_size(cmpi_comm_world(), &size) == cmpi_success()
            {
                return (String(rank), String(size))
            }
        }
        guard let launch else { return ("0", "1") }
        return (launch.rank.map(String.init) ?? "?", launch.size.map(String.init) ?? "?")
    }
}
