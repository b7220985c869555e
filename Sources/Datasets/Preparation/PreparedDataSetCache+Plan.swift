import Foundation

extension PreparedDataSetCache {
    /// Where a data set goes and what building it takes, known before anything is read: the
    /// file, its samples and distinct inputs, its size, and whether it exists already.
    public struct Plan: Sendable, Equatable, CustomStringConvertible {
        /// The data set's file.
        public var url: URL
        /// Samples.
        public var samples: Int
        /// Distinct prepared frames (rows of `inputs`).
        public var inputs: Int
        /// The size of the file in bytes: the inputs (4 bytes a value plus 4 of checksum per
        /// chunk) and an estimate of the rest.
        public var bytes: Int64
        /// Whether the file exists (it is checked when opened).
        public var exists: Bool

        /// One line: where the data set is, how large it is, and whether it is prepared now.
        public var description: String {
            if exists { return "input cache \(url.path): \(inputs) inputs of \(samples) samples prepared already (\(Self.megabytes(bytes)))" }
            return "input cache \(url.path): preparing \(inputs) inputs of \(samples) samples now "
                + "(\(Self.megabytes(bytes)) in one HDF5 file)"
        }

        static func megabytes(_ bytes: Int64) -> String {
            bytes >= 1 << 30 ? String(format: "%.1f GB", Double(bytes) / 1e9) : String(format: "%.0f MB", Double(bytes) / 1e6)
        }
    }

    /// The plan for `items` under `preparation` (the file's name and size; nothing is read).
    /// - Throws: as ``url(for:sampleIDs:preparation:)``.
    public func plan(for items: [BatchItem], sampleIDs: [String]? = nil, preparation: SamplePreparation) throws -> Plan {
        let url = try url(for: items, sampleIDs: sampleIDs, preparation: preparation)
        let inputs = PreparedDataSet.frames(of: items, preparation: preparation).frames.count
        let plane = Int64(preparation.width * preparation.height)
        // Inputs and their chunk checksums, plus about 200 bytes a sample and input for the
        // paths, ids, labels, rows and the chunk index, and a few kilobytes of headers.
        let estimate = Int64(inputs) * (4 * plane + 4 + 200) + Int64(items.count) * 200 + 8192
        let found = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber
        return Plan(url: url, samples: items.count, inputs: inputs, bytes: found?.int64Value ?? estimate, exists: found != nil)
    }
}
