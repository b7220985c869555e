import ArgumentParser

/// `--batch-size` of the commands that only run models: samples per inference batch.
struct InferenceBatchOption: ParsableArguments {
    @Option(name: .customLong("batch-size"), help: "Samples per inference batch.")
    var batchSize = 32

    /// Refuses a batch size below 1; each command calls it where it checks its other arguments.
    func check() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }
}
