import Foundation

/// Weight files named directly or found in folders.
public enum WeightFiles {
    /// Each URL that is a folder is replaced by its `*.safetensors` files (sorted by name);
    /// files are kept as given.
    /// - Throws: ``PipelinesError/file(path:problem:)`` for a path that does not exist or a
    ///   folder without weight files.
    public static func expand(_ urls: [URL]) throws -> [URL] {
        try urls.flatMap { url -> [URL] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw PipelinesError.file(path: url.path, problem: "no such file or folder")
            }
            guard isDirectory.boolValue else { return [url] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            let found = names.filter { $0.hasSuffix(".safetensors") }.sorted().map { url.appendingPathComponent($0) }
            guard !found.isEmpty else { throw PipelinesError.file(path: url.path, problem: "holds no .safetensors files") }
            return found
        }
    }
}
