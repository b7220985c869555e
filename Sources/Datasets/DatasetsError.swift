import Foundation

/// Every error the Datasets module throws. Each case names the file or value it is about.
public enum DatasetsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// A row of a table file is malformed (`line` is the physical 1-based line number).
    case malformedRow(path: String, line: Int, reason: String)
    /// A value (argument, parameter or field) is invalid.
    case invalidValue(what: String, value: String, reason: String)
    /// A request cannot be satisfied by the data (for example too few regions for a split).
    case insufficientData(String)
    /// A magnetogram of the manifest `manifest` is not at `path`, the path its relative path
    /// resolved to (against the manifest's folder, or the SHARP folder `sharpDirectory` given
    /// when it was read); `missing` of its `samples` samples' files are not found.
    case missingMagnetogram(manifest: String, path: String, missing: Int, samples: Int, sharpDirectory: String?)

    public var description: String {
        switch self {
        case let .file(path, reason):
            "\(path): \(reason)"
        case let .malformedRow(path, line, reason):
            "\(path), line \(line): \(reason)"
        case let .invalidValue(what, value, reason):
            "invalid \(what) '\(value)': \(reason)"
        case let .insufficientData(reason):
            "not enough data: \(reason)"
        case let .missingMagnetogram(manifest, path, missing, samples, sharpDirectory):
            "\(manifest): magnetogram not found at \(path) (\(missing) of the \(samples) samples' files are missing); "
                + (sharpDirectory.map { "they were looked up in the --sharp-dir \($0): give the SHARP folder the manifest was made from" }
                    ?? "the manifest's paths are relative to its own folder: if the SHARP files moved without it, "
                    + "give their folder with --sharp-dir DIR")
        }
    }
}
