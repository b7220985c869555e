import Foundation

/// Why a file could not be written, in words and without repeating its path: what modules put
/// after "cannot write ...: " when NeuralCore's ``writeAtomically(_:to:)`` or Foundation fails,
/// instead of the nested error's own `path: problem` text.
///
/// ```swift
/// do { try writeAtomically(data, to: url) }
/// catch { throw MyError.file(path: url.path, problem: "cannot write: \(FileWriteProblem.describe(error))") }
/// // "/out/m.json: cannot write: cannot create a temporary file next to it: No such file or directory"
/// ```
public enum FileWriteProblem {
    /// The problem `error` reports, without the path it names.
    public static func describe(_ error: any Error) -> String {
        if case let NeuralCoreError.file(_, problem) = error { return problem }
        let domain = (error as NSError).domain
        if domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain { return FileReadProblem.systemMessage(error) }
        return String(describing: error)
    }
}
