import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files and folders a command reads and writes, checked before it writes anything
/// (Documentation/Reliability.md, "Outputs never overwrite inputs").
///
/// ``check()`` refuses an output that is one of the inputs (the same file, also through a
/// symbolic or hard link: device and inode are compared when both exist, resolved paths
/// otherwise), an output folder that is or contains an input, two outputs that are the same
/// file, a missing input, and an output whose folder does not exist or cannot be written.
///
/// ```swift
/// var files = CommandFiles()
/// files.read("in.npy", option: "--input")
/// files.write("in.npy", option: "--output")
/// try files.check()   // PipelinesError.outputClash: --output in.npy is --input in.npy
/// ```
public struct CommandFiles: Sendable {
    /// Whether a path is a file or a folder.
    public enum Kind: Sendable {
        /// A file (an output file is written whole, replacing what was there).
        case file
        /// A folder (an output folder is created when missing and written into).
        case folder
        /// Either (an input given as a file or a folder of files).
        case fileOrFolder
    }

    /// One path of the command, with the option that gave it.
    public struct Entry: Sendable {
        /// The option (`--output`) or argument name that gave the path.
        public var option: String
        /// The path.
        public var url: URL
        /// File or folder.
        public var kind: Kind
        /// For an output folder: the files and subfolders the command writes in it (an input
        /// there is refused); `nil`: unknown, so any input inside the folder is refused.
        public var writes: [String]?
    }

    /// What the command reads.
    public private(set) var inputs: [Entry] = []
    /// What the command writes.
    public private(set) var outputs: [Entry] = []

    /// No files yet.
    public init() {}

    /// Adds an input (nothing when `path` is `nil`).
    public mutating func read(_ path: String?, option: String, kind: Kind = .file) {
        guard let path else { return }
        inputs.append(Entry(option: option, url: URL(fileURLWithPath: path), kind: kind, writes: nil))
    }

    /// Adds several inputs of one option.
    public mutating func read(_ paths: [String], option: String, kind: Kind = .file) {
        for path in paths { read(path, option: option, kind: kind) }
    }

    /// Adds an output (nothing when `path` is `nil`).
    public mutating func write(_ path: String?, option: String, kind: Kind = .file) {
        guard let path else { return }
        outputs.append(Entry(option: option, url: URL(fileURLWithPath: path), kind: kind, writes: nil))
    }

    /// Adds an output folder of which the command writes only `files` (relative paths, files
    /// or subfolders): inputs elsewhere in the folder are allowed.
    public mutating func write(folder path: String?, option: String, writing files: [String]) {
        guard let path else { return }
        outputs.append(Entry(option: option, url: URL(fileURLWithPath: path), kind: .folder, writes: files))
    }

    /// Checks the inputs and outputs; writes nothing.
    /// - Throws: ``PipelinesError/outputClash(output:outputPath:other:otherPath:relation:)`` for
    ///   an output that is an input, a folder that holds an input, or two outputs that are one
    ///   file; ``PipelinesError/file(path:problem:)`` for a missing input, or an output whose
    ///   folder is missing, is a file or cannot be written.
    public func check() throws {
        for output in outputs {
            for input in inputs {
                if Self.sameFile(output.url, input.url) {
                    throw PipelinesError.outputClash(
                        output: output.option, outputPath: output.url.path, other: input.option, otherPath: input.url.path,
                        relation: "is the same file as the input")
                }
                if output.kind == .folder, Self.writes(output, over: input.url) {
                    throw PipelinesError.outputClash(
                        output: output.option, outputPath: output.url.path, other: input.option, otherPath: input.url.path,
                        relation: "is a folder the command writes into and holds the input")
                }
            }
        }
        for (i, first) in outputs.enumerated() {
            for second in outputs[(i + 1)...] where Self.sameFile(first.url, second.url) {
                throw PipelinesError.outputClash(
                    output: second.option, outputPath: second.url.path, other: first.option, otherPath: first.url.path,
                    relation: "is the same file as the output")
            }
        }
        for input in inputs { try Self.checkExists(input) }
        for output in outputs { try Self.checkWritable(output) }
    }

    // MARK: - Checks

    private static func checkExists(_ input: Entry) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.url.path, isDirectory: &isDirectory) else {
            throw PipelinesError.file(path: input.url.path, problem: "\(input.option): no such file or folder")
        }
        if input.kind == .folder, !isDirectory.boolValue {
            throw PipelinesError.file(path: input.url.path, problem: "\(input.option): is a file, not a folder")
        }
        if input.kind == .file, isDirectory.boolValue {
            throw PipelinesError.file(path: input.url.path, problem: "\(input.option): is a folder, not a file")
        }
    }

    private static func checkWritable(_ output: Entry) throws {
        var isDirectory: ObjCBool = false
        let path = output.url.path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if output.kind == .folder, !isDirectory.boolValue {
                throw PipelinesError.file(path: path, problem: "\(output.option): is a file, not a folder")
            }
            if output.kind == .file, isDirectory.boolValue {
                throw PipelinesError.file(path: path, problem: "\(output.option): is a folder, not a file")
            }
        }
        // A file goes into its folder, which must exist; a folder is created with its parents
        // under the nearest folder that exists.
        var parent = output.url.standardizedFileURL.deletingLastPathComponent()
        if output.kind == .folder {
            parent = output.url.standardizedFileURL
            while !FileManager.default.fileExists(atPath: parent.path), parent.path != "/" {
                parent = parent.deletingLastPathComponent()
            }
        }
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory) else {
            throw PipelinesError.file(path: path, problem: "\(output.option): the folder \(parent.path) does not exist")
        }
        guard isDirectory.boolValue else {
            throw PipelinesError.file(path: path, problem: "\(output.option): \(parent.path) is a file, not a folder")
        }
        guard access(parent.path, W_OK | X_OK) == 0 else {
            throw PipelinesError.file(path: path, problem: "\(output.option): the folder \(parent.path) cannot be written")
        }
    }

    /// Whether the output folder `output` holds `input` where the command writes.
    private static func writes(_ output: Entry, over input: URL) -> Bool {
        guard let files = output.writes else { return folder(output.url, contains: input) }
        return sameFile(output.url, input)
            || files.contains { folder(output.url.appendingPathComponent($0), contains: input) }
    }

    // MARK: - Identity

    /// Device and inode of an existing path (symbolic links followed).
    private static func identity(_ path: String) -> (dev: UInt64, ino: UInt64)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    /// `url` with the symbolic links of its longest existing prefix resolved.
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while realpath(existing.path, nil) == nil, existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        guard let real = realpath(existing.path, nil) else { return url.standardizedFileURL.path }
        defer { free(real) }
        var result = URL(fileURLWithPath: String(cString: real))
        for component in rest { result.appendPathComponent(component) }
        return result.standardizedFileURL.path
    }

    /// Whether `a` and `b` are one file: the same device and inode when both exist, the same
    /// resolved path otherwise.
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        if let x = identity(a.path), let y = identity(b.path) { return x == y }
        return resolved(a) == resolved(b)
    }

    /// Whether `inner` is `folder` or lies inside it (by identity of each existing ancestor,
    /// and by resolved path).
    static func folder(_ folder: URL, contains inner: URL) -> Bool {
        let folderPath = resolved(folder)
        let innerPath = resolved(inner)
        if innerPath == folderPath || innerPath.hasPrefix(folderPath.hasSuffix("/") ? folderPath : folderPath + "/") { return true }
        guard let target = identity(folder.path) else { return false }
        var ancestor = URL(fileURLWithPath: innerPath)
        while true {
            if let id = identity(ancestor.path), id == target { return true }
            if ancestor.path == "/" { return false }
            ancestor = ancestor.deletingLastPathComponent()
        }
    }
}
