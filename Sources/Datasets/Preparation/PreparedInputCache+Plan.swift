import Foundation

extension PreparedInputCache {
    /// What filling the cache for a set of inputs takes: how many entries exist already and
    /// how many bytes the missing ones will add. Found by looking up each entry's name (no
    /// entry is read).
    public struct Plan: Sendable, Equatable, CustomStringConvertible {
        /// Distinct inputs (magnetogram files under the preparation).
        public var inputs: Int
        /// Inputs whose entry exists.
        public var cached: Int
        /// Bytes the missing entries will take on disk.
        public var bytesToWrite: Int64
        /// The cache directory.
        public var directory: URL

        /// One line: where the cache is, what it holds and what it will add.
        public var description: String {
            let missing = inputs - cached
            if missing == 0 { return "input cache \(directory.path): all \(inputs) inputs prepared already" }
            return "input cache \(directory.path): \(cached) of \(inputs) inputs prepared already; the other \(missing) "
                + "(\(Self.megabytes(bytesToWrite))) are read, resized and stored on first use, during the first epoch"
        }

        static func megabytes(_ bytes: Int64) -> String {
            bytes >= 1 << 30 ? String(format: "%.1f GB", Double(bytes) / 1e9) : String(format: "%.0f MB", Double(bytes) / 1e6)
        }
    }

    /// The plan for the frames of `items` under `preparation`.
    /// - Throws: as ``entryURL(contentsOf:latitude:preparation:)``.
    public func plan(for items: [BatchItem], preparation: SamplePreparation) throws -> Plan {
        let entryBytes = Int64(Self.headerSize + 4 * preparation.width * preparation.height)
        var seen = Set<URL>(), cached = 0
        for item in items {
            for path in item.framePaths {
                guard let url = try entryURL(contentsOf: path, latitude: item.latitude, preparation: preparation),
                    seen.insert(url).inserted
                else { continue }
                if FileManager.default.fileExists(atPath: url.path) { cached += 1 }
            }
        }
        return Plan(inputs: seen.count, cached: cached, bytesToWrite: Int64(seen.count - cached) * entryBytes, directory: directory)
    }
}
