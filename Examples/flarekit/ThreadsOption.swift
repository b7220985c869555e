import ArgumentParser

/// `--threads`: the compute threads of this process (``runDistributed(threads:_:)`` sets them).
struct ThreadsOption: ParsableArguments {
    @Option(name: .long, help: "Compute threads of this process (default: the cores of the node divided by the MPI ranks on it; all cores without MPI).")
    var threads: Int?
}
