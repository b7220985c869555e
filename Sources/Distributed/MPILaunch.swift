/// How this process was launched as one of several ranks, read from the variables the launcher
/// sets; `nil` from ``detect(in:)`` means a plain launch: one process, and MPI is never touched.
///
/// ```swift
/// MPILaunch.detect(in: ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1"])
/// // MPILaunch(launcher: .openMPI, rank: 1, size: 2)
/// MPILaunch.detect(in: [:])                           // nil
/// ```
public struct MPILaunch: Equatable, Sendable {
    /// The program that started the ranks.
    public enum Launcher: String, Equatable, Sendable {
        /// Open MPI's `mpirun` / `mpiexec` (`OMPI_COMM_WORLD_SIZE`).
        case openMPI
        /// A PMIx server such as `prterun` or `srun --mpi=pmix` (`PMIX_RANK`).
        case pmix
        /// A PMI-1/PMI-2 launcher such as MPICH's Hydra or `srun --mpi=pmi2` (`PMI_RANK`, `PMI_SIZE`).
        case pmi
        /// Slurm's `srun` with more than one task (`SLURM_PROCID`, `SLURM_NTASKS` > 1).
        case slurm
    }

    /// The launcher.
    public var launcher: Launcher
    /// This process's rank as the launcher announced it, when it did.
    public var rank: Int?
    /// The number of ranks as the launcher announced it, when it did.
    public var size: Int?

    /// Creates a launch description.
    public init(launcher: Launcher, rank: Int?, size: Int?) {
        self.launcher = launcher
        self.rank = rank
        self.size = size
    }

    /// The launch described by `environment` (a process's environment variables), or `nil` when
    /// none of Open MPI's, PMIx's, PMI's or Slurm's multi-task variables is set.
    public static func detect(in environment: [String: String]) -> MPILaunch? {
        func number(_ name: String) -> Int? { environment[name].flatMap { Int($0) } }
        if environment["OMPI_COMM_WORLD_SIZE"] != nil {
            return MPILaunch(launcher: .openMPI, rank: number("OMPI_COMM_WORLD_RANK"), size: number("OMPI_COMM_WORLD_SIZE"))
        }
        if environment["PMIX_RANK"] != nil {
            return MPILaunch(launcher: .pmix, rank: number("PMIX_RANK"), size: nil)
        }
        if environment["PMI_RANK"] != nil || environment["PMI_SIZE"] != nil {
            return MPILaunch(launcher: .pmi, rank: number("PMI_RANK"), size: number("PMI_SIZE"))
        }
        if environment["SLURM_PROCID"] != nil, let tasks = number("SLURM_NTASKS"), tasks > 1 {
            return MPILaunch(launcher: .slurm, rank: number("SLURM_PROCID"), size: tasks)
        }
        return nil
    }
}
