import ArgumentParser

/// `--overwrite`: clear a run folder that holds another run before writing into it.
struct OverwriteOption: ParsableArguments {
    @Flag(
        name: .long,
        help: "Clear the --output folder first when it holds another run (other settings, or another command's run); without it such a folder is refused. A non-empty folder with no FlareKit settings record is never cleared. Not with --resume.")
    var overwrite = false

    /// Refuses `--overwrite` together with `--resume` (`resume`) or `--splits` (`splits`).
    func check(resume: Bool, splits: Bool = false) throws {
        guard overwrite else { return }
        if resume { throw ValidationError("--overwrite clears the run folder --resume continues: give one of them") }
        if splits {
            throw ValidationError("--overwrite clears the run folder the other --splits tasks share: clear it once before starting them")
        }
    }
}
