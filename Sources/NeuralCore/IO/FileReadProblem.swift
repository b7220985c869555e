import Foundation

/// Why a file could not be opened or read, in words a user can act on: the phrases every
/// FlareKit module puts after the path in its `file` errors instead of Foundation's
/// "The operation couldn't be completed. (NSCocoaErrorDomain error 256.)".
///
/// The problem is found by looking at the path itself (missing, a folder, not readable), then
/// at the POSIX error under the Foundation error; see `Documentation/Reliability.md`.
///
/// ```swift
/// FileReadProblem(url: URL(fileURLWithPath: "/tmp"), error: nil).description   // "is a directory, not a file"
/// let data = try FileReadProblem.contents(of: url) { DatasetsError.file(path: url.path, reason: $0) }
/// ```
public enum FileReadProblem: Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path (or a folder on the way is missing).
    case noSuchFile
    /// The path is a symbolic link whose target does not exist (or a loop of links).
    case brokenSymbolicLink(target: String)
    /// The path is a folder where a file is expected.
    case isDirectory
    /// The file exists but this user may not read it.
    case permissionDenied
    /// Any other failure, described by the system (its POSIX message when there is one).
    case other(String)

    /// The problem with reading the file at `url`, given the error reading it raised (if any).
    public init(url: URL, error: (any Error)?) {
        let path = url.path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                self = .brokenSymbolicLink(target: target)
            } else {
                self = .noSuchFile
            }
        } else if isDirectory.boolValue {
            self = .isDirectory
        } else if !FileManager.default.isReadableFile(atPath: path) {
            self = .permissionDenied
        } else {
            self = .other(error.map(Self.systemMessage) ?? "cannot be read")
        }
    }

    public var description: String {
        switch self {
        case .noSuchFile: "no such file"
        case let .brokenSymbolicLink(target): "no such file: a symbolic link to \(target), which does not resolve"
        case .isDirectory: "is a directory, not a file"
        case .permissionDenied: "permission denied (the file cannot be read by this user)"
        case let .other(message): "cannot be read: \(message)"
        }
    }

    /// The whole file at `url`; when it cannot be read, throws `makeError(problem words)`.
    public static func contents(of url: URL, _ makeError: (String) -> any Error) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw makeError(FileReadProblem(url: url, error: error).description)
        }
    }

    /// The most specific message in a Foundation error: its POSIX cause (`strerror`) when it
    /// has one, else its own description.
    public static func systemMessage(_ error: any Error) -> String {
        let nsError = error as NSError
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code))).lowercased()
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))).lowercased() }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileWriteFileExists: return "a file of that name exists"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on the device"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return "not text in the expected encoding"
            default: break
            }
        }
        // A file where a folder of the path should be (writing under it fails with no POSIX cause).
        if let path = nsError.userInfo[NSFilePathErrorKey] as? String ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path {
            var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
            while ancestor.path != "/", !ancestor.path.isEmpty {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
                    if !isDirectory.boolValue { return "\(ancestor.path) is a file, not a folder" }
                    break
                }
                ancestor = ancestor.deletingLastPathComponent()
            }
        }
        // Foundation's generic preamble says nothing: keep what follows it, if anything.
        let text = nsError.localizedDescription
        for preamble in ["The operation could not be completed. ", "The operation couldn’t be completed. "] where text.hasPrefix(preamble) {
            let rest = text.dropFirst(preamble.count)
            if !rest.hasPrefix("(") { return String(rest) }
        }
        return text.hasPrefix("The operation") ? "unknown file system error (code \(nsError.code))" : text
    }
}
