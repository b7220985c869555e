import ArgumentParser

/// The exit statuses of `flarekit`, after BSD's sysexits(3) as swift-argument-parser uses them
/// (64 for a command line it rejects). ``exitStatus(for:)`` in ErrorReporting.swift maps every
/// error to one of them; the README and `flarekit --help` list them.
enum ExitStatus: Int32, CaseIterable {
    /// Everything worked.
    case success = 0
    /// The run could not finish for a reason that is neither the command line nor a file: too
    /// little data for the requested split, a diverged training, a lock held by another run,
    /// settings that differ from the run folder's, unfinished splits, an MPI failure.
    case failure = 1
    /// EX_USAGE: the command line is wrong: an unknown or missing option, a value that does not
    /// parse, is out of range or conflicts with another option, whether the parser, a
    /// command's checks or the library finds it later.
    case usage = 64
    /// EX_DATAERR: an input file was read but is not what the command reads: another format,
    /// truncated, malformed JSON or rows, wrong shapes or values, weights of another model.
    case dataError = 65
    /// EX_NOINPUT: an input file or folder does not exist, is a folder where a file is
    /// expected, or cannot be read (permission denied).
    case noInput = 66
    /// EX_SOFTWARE: an error FlareKit does not describe (a bug: please report it).
    case internalError = 70
    /// EX_CANTCREAT: an output file or folder cannot be created or written.
    case cannotCreate = 73

    /// The exit code ArgumentParser ends the process with.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// One line per status for the help text and the README.
    static let table = """
        Exit status: 0 success; 1 the run failed for another reason (not enough data, training \
        diverged, a lock held by another run, settings differing from the run folder's, \
        unfinished splits, MPI); 64 the command line is wrong (unknown or missing option, a value \
        out of range or conflicting with another, found by the parser or later); 65 an input \
        file is not what the command reads (format, truncation, JSON keys, shapes, values); 66 an \
        input file or folder is missing, a folder where a file is expected, or unreadable; 70 an \
        internal error (please report it); 73 an output cannot be created or written. Errors are \
        one line on standard error naming the file and the problem; command-line errors add the \
        usage.
        """
}
