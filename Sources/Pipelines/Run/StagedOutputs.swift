import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Several output files that are written all or not at all: each is first written to a
/// temporary file beside it (`.NAME.tmp-HEX.EXT`, keeping the extension that writers choose
/// the format by), and only once every one is written are they renamed into place. When a
/// write fails, the temporaries are removed and no output is touched.
///
/// ```swift
/// try StagedOutputs.write { staged in
///     try map.write(to: staged.temporary(for: mapURL))
///     try map.writeOverlayPNG(on: magnetogram, to: staged.temporary(for: pngURL))
/// }
/// ```
public final class StagedOutputs {
    private var staged: [(temporary: URL, final: URL)] = []

    private init() {}

    /// Runs `body`, which writes each output to ``temporary(for:)``, then renames every
    /// temporary into place; removes them all when `body` or a rename fails.
    /// - Throws: what `body` throws, or ``PipelinesError/file(path:problem:)`` when a rename fails.
    public static func write(_ body: (StagedOutputs) throws -> Void) throws {
        let outputs = StagedOutputs()
        do {
            try body(outputs)
            for (temporary, final) in outputs.staged where rename(temporary.path, final.path) != 0 {
                throw PipelinesError.file(path: final.path, problem: "cannot rename \(temporary.lastPathComponent) into place: "
                    + String(cString: strerror(errno)))
            }
        } catch {
            for (temporary, _) in outputs.staged { unlink(temporary.path) }
            throw error
        }
    }

    /// The temporary file standing for `url` until every output is written.
    public func temporary(for url: URL) -> URL {
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let name = url.deletingPathExtension().lastPathComponent
        let ext = url.pathExtension
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(name).tmp-\(suffix)" + (ext.isEmpty ? "" : "." + ext))
        staged.append((temporary, url))
        return temporary
    }
}
