import NeuralCore

/// How the splits of a cross-validation are spread over processes, as `summary.json` records
/// it (`"distributed": {"ranks": N, "mode": ...}`).
public enum DistributionMode: String, Codable, Sendable, CaseIterable {
    /// One process trains the splits it is given (a whole run, or one Slurm array task).
    case single
    /// The ranks of a communicator share the splits out: split `k` is trained on rank `k % size`,
    /// each as it would be alone; rank 0 assembles.
    case splits
    /// Every rank trains each split together (data parallelism inside `fit`); rank 0 writes
    /// every file.
    case data
}

/// Which splits this process trains and with whom: the selection (Slurm array tasks), resuming,
/// and the communicator of a distributed run.
///
/// ```swift
/// var execution = SplitExecution()
/// execution.selection = [0, 3, 7]       // flarekit train --splits 0,3,7
/// execution.resume = true               // --resume
/// execution.communicator = mpi          // an MPI communicator: splits shared out round robin
/// execution.mode                        // .splits (with more than one rank)
/// ```
public struct SplitExecution {
    /// The splits (0-based positions) this process, or this group of ranks, trains; `nil`: all.
    /// The others are taken from their records when present (trained by another array task)
    /// and are missing otherwise. Empty: train nothing, only assemble (`flarekit collect`).
    public var selection: Set<Int>?
    /// Keep selected splits that are finished (record and weights present, same settings),
    /// continue an interrupted split from its checkpoint, and take over the lock a killed
    /// process left. Without it every selected split is trained from the start.
    public var resume = false
    /// The ranks working on this run (default: this process alone).
    public var communicator: any Communicator = SingleProcessCommunicator.shared
    /// All ranks train each split together instead of sharing the splits out (`--data-parallel`):
    /// `FitConfiguration.communicator` is set to ``communicator``.
    public var dataParallel = false

    /// Creates an execution: by default every split, in this process, from the start.
    public init(
        selection: Set<Int>? = nil, resume: Bool = false,
        communicator: any Communicator = SingleProcessCommunicator.shared, dataParallel: Bool = false
    ) {
        self.selection = selection
        self.resume = resume
        self.communicator = communicator
        self.dataParallel = dataParallel
    }

    /// ``DistributionMode/data`` with ``dataParallel``, else ``DistributionMode/splits`` with
    /// more than one rank, else ``DistributionMode/single``.
    public var mode: DistributionMode {
        dataParallel ? .data : communicator.size > 1 ? .splits : .single
    }

    /// Whether split `k` is selected.
    public func selects(_ k: Int) -> Bool {
        selection?.contains(k) ?? true
    }

    /// Whether this rank trains split `k` (when it is to be trained at all): every rank in
    /// ``DistributionMode/data`` mode, rank `k % size` otherwise.
    public func trainsHere(_ k: Int) -> Bool {
        mode == .data || k % communicator.size == communicator.rank
    }

    /// Whether this rank writes split `k`'s files: its trainer, or rank 0 in data mode.
    public func writesHere(_ k: Int) -> Bool {
        mode == .data ? communicator.isRoot : trainsHere(k)
    }

    /// Throws ``EvaluationError/invalidArgument(name:value:reason:)`` for a selected position
    /// outside `0..<count`.
    public func validate(splitCount count: Int, what: String = "splits") throws {
        if let bad = selection?.sorted().first(where: { $0 < 0 || $0 >= count }) {
            throw EvaluationError.invalidArgument(
                name: "split", value: "\(bad)", reason: "outside 0..<\(count) (this run has \(count) \(what), counted from 0)")
        }
    }
}

/// What ``CrossValidationRunner/train(_:splits:)`` did, and the result when every split is there.
public struct CrossValidationOutcome {
    /// Every split's fold, in split order, when every split is finished and this process
    /// assembles (rank 0); `nil` otherwise.
    public var result: CrossValidationResult?
    /// Splits this process trained (from the start or from a checkpoint).
    public var trained: [String] = []
    /// Splits continued from a checkpoint (also in ``trained``).
    public var resumed: [String] = []
    /// Selected splits found finished and kept (resuming).
    public var kept: [String] = []
    /// Every split with a finished record, after this process's work.
    public var present: [String] = []
    /// Splits with no finished record yet, in split order.
    public var missing: [String] = []

    /// Whether every split is finished.
    public var isComplete: Bool { missing.isEmpty }
}
