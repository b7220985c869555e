import Foundation

// Shared by the fuzz targets: the input as Data or text, a reusable scratch file for readers
// that take a path, and the rule every target enforces: a reader either returns or throws one
// of FlareKit's typed errors. Anything else (a crash, a trap, an untyped error) is a finding.

#if canImport(Glibc)
import Glibc
#endif

/// The bytes libFuzzer passes to `LLVMFuzzerTestOneInput`, copied into `Data`.
public func fuzzInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Data {
    guard let bytes, size > 0 else { return Data() }
    return Data(bytes: bytes, count: size)
}

/// The input as text, the way a catalogue file is read: UTF-8 when it is valid (otherwise the
/// reader's file entry point would refuse it), else decoded with replacement characters so that
/// the text parsers see invalid sequences too.
public func fuzzText(_ data: Data) -> String {
    String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
}

/// A file in a per-process scratch folder (`$FLAREKIT_FUZZ_SCRATCH`, default the temporary
/// folder) that each run overwrites with the current input.
public enum ScratchFile {
    /// The scratch folder, created on first use.
    public static let folder: URL = {
        let base = ProcessInfo.processInfo.environment["FLAREKIT_FUZZ_SCRATCH"]
            .map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("flarekit-fuzz-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            fatalError("fuzz harness: cannot create the scratch folder \(folder.path): \(error)")
        }
        return folder
    }()

    /// Writes `data` to `folder/name` and returns its URL (a harness failure traps).
    public static func write(_ data: Data, name: String) -> URL {
        let url = folder.appendingPathComponent(name)
        do {
            try data.write(to: url)
        } catch {
            fatalError("fuzz harness: cannot write \(url.path): \(error)")
        }
        return url
    }
}

/// Runs `body`; an error that `isTyped` does not accept is reported as a crash (with its
/// description), so that libFuzzer saves the input.
public func expectTypedErrors(_ label: String, isTyped: (any Error) -> Bool, _ body: () throws -> Void) {
    do {
        try body()
    } catch where isTyped(error) {
        // The expected outcome for malformed input.
    } catch {
        fatalError("\(label): untyped error \(type(of: error)): \(error)")
    }
}

/// Reports a broken invariant of a successful read as a crash.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant: \(message())") }
}
