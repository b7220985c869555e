import Foundation
import Magnetogram

/// The total unsigned line-of-sight flux of each magnetogram, measured from its own pixels:
/// the quantity Bhattacharjee et al. (2020, Sect. 4.3, Fig. 6) bin against the network output.
///
/// For each observation: sum of |B_los| over the finite pixels times the CEA pixel area, in Mx
/// (`Magnetogram.unsignedFlux()`), stored in ``SHARPObservation/lineOfSightUnsignedFlux``.
/// This is not the header's USFLUX, which sums the radial field Br inside the HARP mask (on
/// HARP 377 the two differ by a factor 0.85-0.90).
///
/// Observations that already carry a value keep it (the archive index cache holds the values
/// of unchanged files, so a second `flarekit index` reads no pixels). The values measured are
/// written back into the index cache when the observations come from a scanned
/// ``ArchiveIndex`` with a cache. A magnetogram whose pixels cannot be read is not measured:
/// it is listed in ``failures`` and left out of ``observations`` (a sample that cannot be
/// read cannot be trained on either).
///
/// ```swift
/// let index = try ArchiveIndex(scanning: folder)
/// let kept = try SelectionCuts().apply(to: index).observations
/// let flux = LineOfSightFluxMeasurement(observations: kept, index: index)
/// flux.observations[0].lineOfSightUnsignedFlux      // Mx
/// print(flux.measured, flux.reused, flux.failures.count)
/// ```
public struct LineOfSightFluxMeasurement: Sendable {
    /// A magnetogram whose pixels could not be read.
    public struct Failure: Sendable, Hashable, Codable {
        /// The file.
        public var path: String
        /// The typed error's text.
        public var reason: String
    }

    /// The observations with their flux, in the given order, without the failures.
    public var observations: [SHARPObservation]
    /// Magnetograms whose pixels could not be read.
    public var failures: [Failure]
    /// How many were measured from their pixels in this run.
    public var measured: Int
    /// How many already had a value (from the index cache).
    public var reused: Int
    /// Wall time of the measurement, seconds.
    public var seconds: Double
    /// Whether the values measured were written into the index cache.
    public var cacheUpdated: Bool

    /// Measures every observation that has no value yet.
    /// - Parameters:
    ///   - observations: the magnetograms (for example those the selection cuts kept).
    ///   - index: the scan they come from; its cache (when it has one that can be written)
    ///     receives the new values.
    ///   - reader: the FITS reader.
    ///   - progress: called with (done, total) every `progressInterval` files and at the end.
    public init(
        observations: [SHARPObservation], index: ArchiveIndex? = nil, reader: FITSReader = FITSReader(),
        progressInterval: Int = 100, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) {
        let started = Date()
        var results = observations
        var failed = Set<Int>()
        var failures: [Failure] = []
        var newValues: [String: Double] = [:]
        let pending = observations.indices.filter { observations[$0].lineOfSightUnsignedFlux == nil }
        let interval = max(progressInterval, 1)
        progress?(observations.count - pending.count, observations.count)
        for (count, position) in pending.enumerated() {
            let path = observations[position].path
            do {
                let flux = try Magnetogram(contentsOf: path, reader: reader).unsignedFlux()
                guard flux.isFinite else {
                    throw DatasetsError.file(path: path, reason: "the total unsigned flux is not finite (\(flux))")
                }
                results[position].lineOfSightUnsignedFlux = flux
                newValues[path] = flux
            } catch {
                failed.insert(position)
                failures.append(Failure(path: path, reason: String(describing: error)))
            }
            if (count + 1) % interval == 0 || count + 1 == pending.count {
                progress?(observations.count - pending.count + count + 1, observations.count)
            }
        }
        self.observations = results.indices.filter { !failed.contains($0) }.map { results[$0] }
        self.failures = failures
        self.measured = newValues.count
        self.reused = observations.count - pending.count
        self.cacheUpdated = !newValues.isEmpty && (index.map { ArchiveIndexCache.record(lineOfSightFlux: newValues, of: $0) } ?? false)
        self.seconds = Date().timeIntervalSince(started)
    }
}

extension ArchiveIndexCache {
    /// Writes measured fluxes (keyed by absolute path) into the cache of `index`; `false` when
    /// the index has no cache, it cannot be read or written, or it is for another folder.
    static func record(lineOfSightFlux values: [String: Double], of index: ArchiveIndex) -> Bool {
        guard let cachePath = index.report.cachePath, let directory = index.directory else { return false }
        switch index.report.cacheStatus {
        case .created, .reused, .updated: break
        case .disabled, .notWritten: return false
        }
        let url = URL(fileURLWithPath: cachePath)
        guard var cache = ArchiveIndexCache.load(from: url), cache.directory == directory else { return false }
        var changed = false
        for position in cache.entries.indices {
            guard let value = values[directory + "/" + cache.entries[position].file],
                  cache.entries[position].observation != nil
            else { continue }
            cache.entries[position].observation?.lineOfSightUnsignedFlux = value
            changed = true
        }
        guard changed else { return false }
        return (try? cache.write(to: url)) != nil
    }
}

extension LineOfSightFluxMeasurement {
    /// `samples` with every ``SHARPObservation/lineOfSightUnsignedFlux`` filled: the ones the
    /// manifest lacks (a manifest written before the flux was recorded) are measured from their
    /// files, so that no sample drops out of a flux analysis.
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming the first magnetogram whose pixels
    ///   cannot be read.
    public static func filling(
        _ samples: [LabeledSample], reader: FITSReader = FITSReader(), progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [LabeledSample] {
        guard samples.contains(where: { $0.observation.lineOfSightUnsignedFlux == nil }) else { return samples }
        let measurement = LineOfSightFluxMeasurement(
            observations: samples.map(\.observation), reader: reader, progressInterval: 500, progress: progress)
        if let failure = measurement.failures.first {
            throw DatasetsError.file(path: failure.path, reason: "its line-of-sight flux cannot be measured: \(failure.reason)")
        }
        var filled = samples
        for position in filled.indices { filled[position].observation = measurement.observations[position] }
        return filled
    }
}
