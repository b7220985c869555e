import Foundation
import Magnetogram

/// The observation cuts of Bhattacharjee et al. (2020, Sect. 2), each a parameter.
///
/// The cuts run in this order; each sees only what the earlier ones kept, and the report counts
/// what each removed:
/// 1. **QUALITY** <= ``maximumQuality`` (0x10000): QUALITY is read as an unsigned 32-bit field,
///    so 0x80000000 (stored as -2147483648) fails.
/// 2. **|OBS_VR|** < ``maximumObserverRadialVelocity`` (3500 m/s; strict).
/// 3. **|central meridian distance|** <= ``maximumCentralMeridianDistance`` (45 degrees).
/// 4. **Region area**: a HARP is kept only when its maximum area over its passage is >
///    ``minimumRegionArea`` (25 Mm^2; strict). The maximum is taken over every observation of
///    the HARP given (the whole passage, before cuts 1-3). AREA_ACR (micro-hemispheres) is
///    converted with 1 uHem = 2 pi R^2 x 1e-6, R = ``solarRadius`` (RSUN_REF, 696 Mm): about
///    3.04 Mm^2. When AREA_ACR is missing and ``areaFallback`` is `.magnetogram(threshold:)`,
///    the area is measured from the file: pixels with |B_los| >= threshold times the CEA pixel
///    area (``SHARPArea/area(of:threshold:)``); this is done only for HARPs whose known areas do
///    not already pass the cut, and counted in the report.
/// 5. **Hourly sampling** (``samplingInterval``, 1 h): for each HARP, among the observations
///    kept so far, each observation belongs to its nearest whole hour (UTC); for each whole hour
///    the observation nearest to it is kept when it is within ``samplingTolerance`` of it (ties:
///    the earlier). The default tolerance is half the HARP's cadence (the median spacing of its
///    observations given; half the interval when it has one), at most half the interval: 6 min
///    for SHARP's 12-min cadence. A HARP with a gap keeps nothing for the hours in the gap.
///
/// Missing values (QUALITY, OBS_VR, central meridian distance, or any area of a HARP): with
/// ``missingValues`` = `.fail` (default) the observation (or HARP) fails that cut and is counted
/// in ``SelectionReport/CutCount/removedForMissingValue``; with `.pass` it passes.
///
/// ```swift
/// let index = try ArchiveIndex(scanning: folder)
/// let selection = try SelectionCuts().apply(to: index)
/// print(selection.report)                 // counts per cut, regions removed by the area cut
/// let kept = selection.observations       // sorted by HARP, then time
/// var loose = SelectionCuts()
/// loose.maximumCentralMeridianDistance = 60
/// loose.samplingInterval = nil            // keep every cadence step
/// ```
public struct SelectionCuts: Sendable, Equatable {
    /// What a cut does with an observation (or HARP) lacking the value it tests.
    public enum MissingValuePolicy: String, Sendable, Equatable, Codable {
        /// The observation fails the cut (counted apart in the report).
        case fail
        /// The observation passes the cut.
        case pass
    }

    /// Where an area comes from when AREA_ACR is missing.
    public enum AreaFallback: Sendable, Equatable {
        /// Nowhere: the area is missing.
        case none
        /// Measured from the magnetogram's pixels with |B_los| >= `threshold` gauss.
        case magnetogram(threshold: Float)
    }

    /// Largest QUALITY kept (unsigned 32-bit comparison).
    public var maximumQuality: UInt32
    /// |OBS_VR| must be below this, m/s.
    public var maximumObserverRadialVelocity: Double
    /// |central meridian distance| must be at most this, degrees.
    public var maximumCentralMeridianDistance: Double
    /// A HARP's maximum area must exceed this, Mm^2.
    public var minimumRegionArea: Double
    /// RSUN_REF for the micro-hemisphere conversion, metres.
    public var solarRadius: Double
    /// Area measurement when AREA_ACR is missing.
    public var areaFallback: AreaFallback
    /// The sampling interval, seconds (`nil`: keep every observation).
    public var samplingInterval: TimeInterval?
    /// How far from a whole interval an observation may be, seconds (`nil`: half the cadence).
    public var samplingTolerance: TimeInterval?
    /// Missing values.
    public var missingValues: MissingValuePolicy

    /// The cuts of Bhattacharjee et al. (2020), with the parameters above as defaults.
    public init(
        maximumQuality: UInt32 = 0x10000, maximumObserverRadialVelocity: Double = 3500,
        maximumCentralMeridianDistance: Double = 45, minimumRegionArea: Double = 25,
        solarRadius: Double = Magnetogram.standardSolarRadius,
        areaFallback: AreaFallback = .magnetogram(threshold: SHARPArea.defaultActivePixelThreshold),
        samplingInterval: TimeInterval? = 3600, samplingTolerance: TimeInterval? = nil,
        missingValues: MissingValuePolicy = .fail
    ) {
        self.maximumQuality = maximumQuality
        self.maximumObserverRadialVelocity = maximumObserverRadialVelocity
        self.maximumCentralMeridianDistance = maximumCentralMeridianDistance
        self.minimumRegionArea = minimumRegionArea
        self.solarRadius = solarRadius
        self.areaFallback = areaFallback
        self.samplingInterval = samplingInterval
        self.samplingTolerance = samplingTolerance
        self.missingValues = missingValues
    }

    /// Applies the cuts to an index's observations.
    public func apply(to index: ArchiveIndex, reader: FITSReader = FITSReader()) throws -> SelectionResult {
        try apply(to: index.observations, reader: reader)
    }

    /// Applies the cuts (see the type's documentation). The kept observations are sorted by
    /// HARP, then time.
    /// - Throws: `DatasetsError.invalidValue` for a parameter out of its domain (a negative or
    ///   non-finite limit, a non-positive interval).
    public func apply(to observations: [SHARPObservation], reader: FITSReader = FITSReader()) throws -> SelectionResult {
        try validate()
        var report = SelectionReport()
        report.input = observations.count
        report.regionsInput = Set(observations.map(\.harpNumber)).count
        var remaining = observations.sorted { ($0.harpNumber, $0.time, $0.path) < ($1.harpNumber, $1.time, $1.path) }

        // 1-3: per-observation cuts.
        remaining = perObservationCut(.quality, remaining, &report) { observation in
            observation.quality.map { UInt32(truncatingIfNeeded: $0) <= maximumQuality }
        }
        remaining = perObservationCut(.observerRadialVelocity, remaining, &report) { observation in
            observation.observerRadialVelocity.map { abs($0) < maximumObserverRadialVelocity }
        }
        remaining = perObservationCut(.centralMeridianDistance, remaining, &report) { observation in
            observation.centralMeridianDistance.map { abs($0) <= maximumCentralMeridianDistance }
        }

        // 4: region area over the whole passage.
        let peakAreas = regionPeakAreas(observations, &report)
        var failingRegions = Set<Int>()
        for harp in Set(observations.map(\.harpNumber)) {
            if let area = peakAreas[harp] {
                if !(area > minimumRegionArea) { failingRegions.insert(harp) }
            } else if missingValues == .fail {
                failingRegions.insert(harp)
            }
        }
        report.regionsRemovedByArea = failingRegions.sorted()
        report.regionsWithoutArea = Set(observations.map(\.harpNumber)).subtracting(peakAreas.keys).sorted()
        let beforeArea = remaining.count
        let missingAreaRegions = Set(report.regionsWithoutArea)
        let removedForMissing = remaining.filter { failingRegions.contains($0.harpNumber) && missingAreaRegions.contains($0.harpNumber) }.count
        remaining.removeAll { failingRegions.contains($0.harpNumber) }
        report.cuts.append(.init(cut: .regionArea, removed: beforeArea - remaining.count, removedForMissingValue: removedForMissing))

        // 5: hourly sampling.
        let beforeSampling = remaining.count
        if let interval = samplingInterval {
            remaining = HourlySampling(interval: interval, tolerance: samplingTolerance).sample(remaining, cadenceFrom: observations)
            report.samplingRule = HourlySampling(interval: interval, tolerance: samplingTolerance).rule
        } else {
            report.samplingRule = "off: every observation kept"
        }
        report.cuts.append(.init(cut: .hourlySampling, removed: beforeSampling - remaining.count))

        report.kept = remaining.count
        report.regionsKept = Set(remaining.map(\.harpNumber)).count
        return SelectionResult(observations: remaining, report: report, peakAreas: peakAreas)
    }

    // MARK: Steps

    /// Keeps the observations `test` passes; `test` returns `nil` for a missing value.
    private func perObservationCut(
        _ cut: SelectionReport.Cut, _ observations: [SHARPObservation], _ report: inout SelectionReport,
        _ test: (SHARPObservation) -> Bool?
    ) -> [SHARPObservation] {
        var kept: [SHARPObservation] = []
        kept.reserveCapacity(observations.count)
        var missing = 0
        for observation in observations {
            switch test(observation) {
            case true?: kept.append(observation)
            case false?: break
            case nil:
                if missingValues == .pass {
                    kept.append(observation)
                } else {
                    missing += 1
                }
            }
        }
        report.cuts.append(.init(cut: cut, removed: observations.count - kept.count, removedForMissingValue: missing))
        return kept
    }

    /// Each HARP's maximum area in Mm^2 over all its observations (HARPs without any area are
    /// absent), measuring missing areas from the files when needed and allowed.
    private func regionPeakAreas(_ observations: [SHARPObservation], _ report: inout SelectionReport) -> [Int: Double] {
        let perMicroHemisphere = SHARPArea.squareMegametresPerMicroHemisphere(solarRadius: solarRadius)
        var peak: [Int: Double] = [:]
        var missing: [Int: [SHARPObservation]] = [:]
        for observation in observations {
            if let area = observation.areaMicroHemispheres, area.isFinite {
                peak[observation.harpNumber] = max(peak[observation.harpNumber] ?? -.infinity, area * perMicroHemisphere)
            } else {
                missing[observation.harpNumber, default: []].append(observation)
            }
        }
        switch areaFallback {
        case .none:
            report.areaRule = "AREA_ACR x \(String(format: "%.4f", perMicroHemisphere)) Mm^2/uHem; missing AREA_ACR is a missing area"
        case let .magnetogram(threshold):
            report.areaRule = "AREA_ACR x \(String(format: "%.4f", perMicroHemisphere)) Mm^2/uHem; missing AREA_ACR measured "
                + "from the magnetogram as the pixels with |B_los| >= \(threshold) G times the CEA pixel area"
            for (harp, list) in missing.sorted(by: { $0.key < $1.key }) {
                if let known = peak[harp], known > minimumRegionArea { continue }   // already passes
                for observation in list {
                    do {
                        let magnetogram = try Magnetogram(contentsOf: observation.path)
                        let area = SHARPArea.area(of: magnetogram, threshold: threshold)
                        peak[harp] = max(peak[harp] ?? -.infinity, area)
                        report.areasMeasuredFromMagnetograms += 1
                    } catch {
                        report.areaFailures.append(.init(path: observation.path, reason: String(describing: error)))
                    }
                }
            }
        }
        return peak
    }

    /// Throws for parameters out of their domain.
    private func validate() throws {
        func check(_ name: String, _ value: Double, positive: Bool = false) throws {
            guard value.isFinite, positive ? value > 0 : value >= 0 else {
                throw DatasetsError.invalidValue(what: "selection cut \(name)", value: "\(value)", reason: positive ? "must be positive and finite" : "must be finite and not negative")
            }
        }
        try check("maximumObserverRadialVelocity", maximumObserverRadialVelocity)
        try check("maximumCentralMeridianDistance", maximumCentralMeridianDistance)
        try check("minimumRegionArea", minimumRegionArea)
        try check("solarRadius", solarRadius, positive: true)
        if let samplingInterval { try check("samplingInterval", samplingInterval, positive: true) }
        if let samplingTolerance { try check("samplingTolerance", samplingTolerance) }
        if case let .magnetogram(threshold) = areaFallback { try check("area threshold", Double(threshold)) }
    }
}
