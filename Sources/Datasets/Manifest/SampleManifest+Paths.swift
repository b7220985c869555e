import Foundation

/// Where a manifest's magnetograms are: paths written relative to the manifest's own folder
/// (format version 2), resolved when it is read, against the manifest's folder or a SHARP
/// folder given later.
///
/// ```swift
/// try manifest.write(to: URL(fileURLWithPath: "data/manifest.json"))      // "sharp/hmi.sharp_cea_720s.377....fits"
/// try FileManager.default.moveItem(at: dataURL, to: movedURL)              // the folder moves
/// let moved = try SampleManifest(contentsOf: movedURL.appendingPathComponent("manifest.json"))
/// try moved.checkMagnetograms(manifest: movedURL.appendingPathComponent("manifest.json"))   // every file found
/// let elsewhere = try SampleManifest(contentsOf: manifestURL, sharpDirectory: URL(fileURLWithPath: "/scratch/sharp"))
/// ```
extension SampleManifest {
    /// The manifest with every path (``sharpDirectory`` and each sample's observation) written
    /// relative to `folder` (the folder of the file it goes into), at format version 2. Without
    /// a ``sharpDirectory`` (a manifest made in Swift), the samples' common folder stands for it
    /// when the manifest is read with another SHARP folder.
    public func relativizingPaths(to folder: URL) -> SampleManifest {
        let base = folder.standardizedFileURL.path
        // A relative path in memory is relative to the working directory, as a command line's.
        func relative(_ path: String) -> String { Self.relativePath(URL(fileURLWithPath: path).standardizedFileURL.path, from: base) }
        var manifest = self
        manifest.formatVersion = Self.currentFormatVersion
        manifest.sharpDirectory = sharpDirectory.map(relative)
        for index in manifest.samples.indices {
            manifest.samples[index].observation.path = relative(manifest.samples[index].observation.path)
        }
        return manifest
    }

    /// The manifest with every relative path resolved against `manifestFolder` (absolute paths,
    /// as a version-1 manifest has them, stay). With `sharpDirectory`, the magnetograms under the
    /// manifest's SHARP folder are looked up in `sharpDirectory` instead, at the same place
    /// relative to it (a version-1 manifest records no SHARP folder: the samples' common folder
    /// stands for it, and a file still found at its recorded path stays there).
    public func resolvingPaths(manifestFolder: URL, sharpDirectory: URL? = nil) -> SampleManifest {
        let base = manifestFolder.standardizedFileURL
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }
        var manifest = self
        manifest.sharpDirectory = self.sharpDirectory.map(absolute)
        for index in manifest.samples.indices {
            manifest.samples[index].observation.path = absolute(manifest.samples[index].observation.path)
        }
        guard let sharpDirectory else { return manifest }
        let new = sharpDirectory.standardizedFileURL.path
        if let old = manifest.sharpDirectory ?? Self.commonFolder(of: manifest.samples.map(\.observation.path)) {
            for index in manifest.samples.indices {
                let path = manifest.samples[index].observation.path
                guard let rest = Self.path(path, under: old) else { continue }
                if formatVersion < 2, FileManager.default.fileExists(atPath: path) { continue }
                manifest.samples[index].observation.path = rest.isEmpty ? new : new + "/" + rest
            }
        }
        manifest.sharpDirectory = new
        return manifest
    }

    /// Checks that every sample's magnetogram is on disk (after a move, say), before a long run
    /// starts reading them.
    /// - Throws: ``DatasetsError/missingMagnetogram(manifest:path:missing:samples:sharpDirectory:)``
    ///   naming the manifest, the first path tried, how many are missing, and the `--sharp-dir` way out.
    public func checkMagnetograms(manifest url: URL, sharpDirectory: URL? = nil) throws {
        let missing = samples.filter { !FileManager.default.fileExists(atPath: $0.observation.path) }
        guard let first = missing.first else { return }
        throw DatasetsError.missingMagnetogram(
            manifest: url.standardizedFileURL.path, path: first.observation.path, missing: missing.count, samples: samples.count,
            sharpDirectory: sharpDirectory?.standardizedFileURL.path)
    }

    /// `path` written relative to the folder `folder` (both absolute), with `..` where needed
    /// (`/data/sharp/a.fits` from `/data/runs` is `../sharp/a.fits`); a relative `path` is
    /// returned as it is. The manifest and the demo's archive record write their paths so.
    public static func relativePath(_ path: String, from folder: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let origin = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var shared = 0
        while shared < min(target.count, origin.count), target[shared] == origin[shared] { shared += 1 }
        let parts = Array(repeating: "..", count: origin.count - shared) + target[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The part of `path` under `folder` (`""` for the folder itself), or `nil` when it is not under it.
    static func path(_ path: String, under folder: String) -> String? {
        let trimmed = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        if path == trimmed { return "" }
        guard path.hasPrefix(trimmed + "/") else { return nil }
        return String(path.dropFirst(trimmed.count + 1))
    }

    /// The deepest folder holding every one of `paths` (absolute), or `nil` for none.
    static func commonFolder(of paths: [String]) -> String? {
        let folders = paths.filter { $0.hasPrefix("/") }.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardizedFileURL.pathComponents }
        guard var common = folders.first else { return nil }
        for folder in folders.dropFirst() {
            var shared = 0
            while shared < min(common.count, folder.count), common[shared] == folder[shared] { shared += 1 }
            common = Array(common.prefix(shared))
        }
        guard !common.isEmpty else { return nil }
        return URL(fileURLWithPath: NSString.path(withComponents: common)).standardizedFileURL.path
    }
}
