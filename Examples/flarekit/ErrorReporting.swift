import ArgumentParser
import Foundation

/// Runs `body`; any error becomes one line on standard error and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let message = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("flarekit: error: \(message)\n".utf8))
        throw ExitCode.failure
    }
}
