import Datasets
import Foundation
import Magnetogram
import NeuralCore

/// The per-file prepared-input cache FlareKit used before the HDF5 data sets (removed from
/// Datasets; kept here, unchanged but for its name, only so that `flarekit-bench prepared-inputs`
/// can compare the two read paths).
///
/// An on-disk cache of prepared inputs (``SamplePreparation``), one file per magnetogram file
/// and preparation, so that later epochs and runs skip reading, decompressing and resizing.
///
/// An entry's name is a 128-bit hash of the magnetogram's path, its size and modification time,
/// the preparation's JSON (geometry included), and for the Hale/Joy normalisation the
/// hemisphere: editing a file or changing the preparation gives a new entry, never a stale one.
/// Entries are raw little-endian Float32 files (`<dir>/<2 hex>/<32 hex>.f32`) with a 40-byte
/// header: the magic `FKPREP1\n`, the 16-byte key, the height and width (UInt32), and a 64-bit
/// checksum of the values. They are written atomically (a temporary file renamed into place,
/// without `fsync`: the checksum catches an entry a crash left incomplete).
/// An entry whose size, magic, key, shape or checksum is wrong (a torn copy, a flipped bit, an
/// old format) is not trusted: the input is prepared again from the FITS file and the entry
/// rewritten, and ``Statistics/rebuilds`` counts it.
///
/// The cache holds no data in memory, and several threads (or processes) may use one
/// directory at once.
///
/// ```swift
/// let cache = try LegacyPreparedInputCache(directory: URL(fileURLWithPath: "/scratch/prepared"))
/// let x = try cache.tensor(contentsOf: path, latitude: -12, preparation: preparation)
/// cache.statistics     // hits, misses, rebuilds
/// ```
final class LegacyPreparedInputCache: @unchecked Sendable {
    /// What the cache did since it was created (or ``resetStatistics()``).
    struct Statistics: Sendable, Equatable {
        /// Entries read and trusted.
        var hits = 0
        /// Inputs prepared because no entry existed.
        var misses = 0
        /// Inputs prepared again because the entry was corrupt.
        var rebuilds = 0
    }

    /// The cache directory.
    let directory: URL

    private let lock = NSLock()
    private var counts = Statistics()

    /// The entry header size in bytes.
    static let headerSize = 40
    /// The entry magic.
    static let magic = Array("FKPREP1\n".utf8)

    /// A cache in `directory`, created when missing.
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the directory cannot be created.
    init(directory: URL) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DatasetsError.file(path: directory.path, reason: "cannot create the cache directory: \(FileReadProblem.systemMessage(error))")
        }
    }

    /// The counts so far.
    var statistics: Statistics {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Sets the counts to zero.
    func resetStatistics() {
        lock.lock()
        counts = Statistics()
        lock.unlock()
    }

    /// The prepared input `[1, H, W]` of a FITS file, from the cache when possible.
    /// - Throws: as ``prepare(contentsOf:latitude:preparation:into:)``.
    func tensor(contentsOf path: String, latitude: Double? = nil, preparation: SamplePreparation) throws -> Tensor {
        var result = try Tensor(shape: preparation.sampleShape)
        try result.withUnsafeMutableBufferPointer {
            try prepare(contentsOf: path, latitude: latitude, preparation: preparation, into: $0)
        }
        return result
    }

    /// Writes the prepared input of a FITS file into `output` (`H * W` values): the cached
    /// entry when it is there and intact, otherwise the file prepared now (and cached).
    /// - Throws: the reader's `MagnetogramError` naming the file when it cannot be read, the
    ///   errors of ``SamplePreparation``, and ``DatasetsError/file(path:reason:)`` naming the
    ///   entry when it cannot be written.
    func prepare(
        contentsOf path: String, latitude: Double?, preparation: SamplePreparation,
        into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        guard let key = try entryKey(contentsOf: path, latitude: latitude, preparation: preparation) else {
            // The file cannot even be examined: let the reader report why.
            try preparation.prepare(Magnetogram(contentsOf: path), latitude: latitude, source: path, into: output)
            return
        }
        let url = entryURL(key)
        var found = false
        if let data = try? Data(contentsOf: url) {
            found = true
            if readEntry(data, key: key, width: preparation.width, height: preparation.height, into: output) {
                count(\.hits)
                return
            }
        }
        try preparation.prepare(Magnetogram(contentsOf: path), latitude: latitude, source: path, into: output)
        try writeEntry(UnsafeBufferPointer(output), key: key, width: preparation.width, height: preparation.height, to: url)
        count(found ? \.rebuilds : \.misses)
    }

    /// The entry file of a magnetogram file under a preparation (whether or not it exists);
    /// `nil` when the file cannot be examined.
    func entryURL(contentsOf path: String, latitude: Double?, preparation: SamplePreparation) throws -> URL? {
        try entryKey(contentsOf: path, latitude: latitude, preparation: preparation).map(entryURL)
    }

    // MARK: Keys

    /// The 16-byte key, or `nil` when the file's size and time cannot be read.
    private func entryKey(contentsOf path: String, latitude: Double?, preparation: SamplePreparation) throws -> [UInt8]? {
        guard let (size, modified) = Self.identity(of: path) else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(preparation.preprocessing), as: UTF8.self)
        let hemisphere: String
        if !preparation.preprocessing.haleJoyNormalization {
            hemisphere = "-"
        } else if let latitude {
            hemisphere = latitude < 0 ? "south" : "north"
        } else {
            hemisphere = "header"
        }
        let text = [
            "flarekit-prepared-1", path, String(size), modified, json, hemisphere,
        ].joined(separator: "\u{0}")
        let bytes = Array(text.utf8)
        let first = LegacyCacheHash.fnv1a(bytes, basis: LegacyCacheHash.fnvBasis)
        let second = LegacyCacheHash.fnv1a(bytes, basis: LegacyCacheHash.fnvBasis ^ 0x5BD1_E995_5BD1_E995)
        return LegacyCacheHash.bytes(first) + LegacyCacheHash.bytes(second)
    }

    /// The size in bytes and the modification time (as text) of a file, `nil` when it cannot be
    /// examined.
    static func identity(of path: String) -> (size: Int64, modified: String)? {
        #if canImport(Glibc) || canImport(Musl)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
        #else
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.int64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, String(modified.timeIntervalSince1970.bitPattern))
        #endif
    }

    private func entryURL(_ key: [UInt8]) -> URL {
        let name = key.map { String(format: "%02x", $0) }.joined()
        return directory.appendingPathComponent(String(name.prefix(2)), isDirectory: true)
            .appendingPathComponent(name + ".f32")
    }

    // MARK: Entries

    /// Copies a trusted entry into `output`; `false` when anything is wrong with it.
    private func readEntry(_ data: Data, key: [UInt8], width: Int, height: Int, into output: UnsafeMutableBufferPointer<Float>) -> Bool {
        let count = width * height
        guard data.count == Self.headerSize + 4 * count, output.count == count else { return false }
        return data.withUnsafeBytes { bytes in
            guard bytes.prefix(8).elementsEqual(Self.magic), bytes[8..<24].elementsEqual(key),
                  UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self)) == UInt32(height),
                  UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 28, as: UInt32.self)) == UInt32(width)
            else { return false }
            let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
            var checksum = LegacyCacheHash.fnvBasis
            for i in 0..<count {
                let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: Self.headerSize + 4 * i, as: UInt32.self))
                checksum = LegacyCacheHash.mix(checksum, word)
                output[i] = Float(bitPattern: word)
            }
            return checksum == stored
        }
    }

    /// Writes an entry atomically.
    private func writeEntry(_ values: UnsafeBufferPointer<Float>, key: [UInt8], width: Int, height: Int, to url: URL) throws {
        var checksum = LegacyCacheHash.fnvBasis
        for value in values { checksum = LegacyCacheHash.mix(checksum, value.bitPattern) }
        var data = Data(capacity: Self.headerSize + 4 * values.count)
        data.append(contentsOf: Self.magic)
        data.append(contentsOf: key)
        withUnsafeBytes(of: UInt32(height).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(width).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: checksum.littleEndian) { data.append(contentsOf: $0) }
        let start = data.count
        data.count += 4 * values.count
        data.withUnsafeMutableBytes { bytes in
            for (i, value) in values.enumerated() {
                bytes.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: start + 4 * i, as: UInt32.self)
            }
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DatasetsError.file(path: url.path, reason: "cannot create the cache folder: \(FileReadProblem.systemMessage(error))")
        }
        try Self.replace(url, with: data)
    }

    /// Writes `data` to a uniquely named temporary file next to `url` and renames it over `url`,
    /// so readers see the old entry or the whole new one. There is no `fsync`: an entry torn
    /// by a crash fails its checksum and is rebuilt.
    static func replace(_ url: URL, with data: Data) throws {
        do {
            try writeAtomically(data, to: url, synchronize: false)
        } catch {
            throw DatasetsError.file(path: url.path, reason: "cannot write the cache entry: \(FileWriteProblem.describe(error))")
        }
    }

    private func count(_ field: WritableKeyPath<Statistics, Int>) {
        lock.lock()
        counts[keyPath: field] += 1
        lock.unlock()
    }
}

/// The FNV-1a hashes of the cache's keys and checksums.
enum LegacyCacheHash {
    static let fnvBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// FNV-1a over bytes.
    static func fnv1a(_ bytes: [UInt8], basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    /// One FNV-1a step over a 32-bit word (any single changed word changes the result: each
    /// step is a bijection of the running hash).
    @inline(__always)
    static func mix(_ hash: UInt64, _ word: UInt32) -> UInt64 {
        (hash ^ UInt64(word)) &* fnvPrime
    }

    /// The eight little-endian bytes of a value.
    static func bytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
