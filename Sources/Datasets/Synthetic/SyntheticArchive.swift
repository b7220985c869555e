import Foundation
import NeuralCore
import Magnetogram

/// A synthetic SHARP archive that every reader takes for real data: SHARP CEA line-of-sight
/// magnetograms named and compressed as JSOC exports them, the HARP-to-NOAA table, and a GOES
/// flare list in the SWPC format whose flares depend on what the magnetograms show.
///
/// Layout written into the folder:
/// - `sharp/hmi.sharp_cea_720s.<HARP>.<YYYYMMDD_HHMMSS>_TAI.magnetogram.fits`: RICE_1
///   tile-compressed int32 with BSCALE 0.1 and BLANK -2147483648, like the real files; T_REC on
///   the TAI scale (record slots of the 720 s grid; TAI - UTC from `JSOCTime`, 34 s in early
///   2012, 35 s from July 2012, 36 s from July 2015), headers with HARPNUM, NOAA_AR, NOAA_NUM,
///   NOAA_ARS, T_REC, DATE-OBS, QUALITY, OBS_VR, CRVAL1/2, CRLN_OBS, CRLT_OBS, CDELT1/2, CRPIX1/2,
///   CTYPE1/2, RSUN_REF, RSUN_OBS, DSUN_OBS, LON_FWT, LAT_FWT, USFLUX, AREA_ACR and BUNIT
///   'Mx/cm^2' (ORIGIN and a COMMENT say the record is synthetic).
/// - `all_harps_with_noaa_ars.txt`: JSOC's table (some HARPs hold two NOAA regions;
///   unnumbered HARPs are absent, as in JSOC's).
/// - `swpc_flarelist.csv`: the GOES event list in the SWPC layout.
///
/// The regions (see the planner, ``Configuration`` and ``SyntheticFlareModel`` for every number):
/// - cross the disk at ``Configuration/rotationRate`` (13.2 deg/day) from a start longitude in
///   ``Configuration/startLongitudeRange``, so a few percent of the files lie beyond +-45 deg;
/// - hold 1-5 bipoles that emerge (flux rising, footpoints separating) and decay; larger regions
///   have more bipoles, stronger fields and more often a sheared compact bipole with a strong
///   polarity inversion line; the field is projected (x cos(lat) cos(CMD)) and has Gaussian noise
///   (``Configuration/noise``, 10 G) and weak network elements; some files miss a stripe of pixels;
/// - include small regions whose maximum area stays below the 25 Mm^2 area cut;
/// - share an observer whose OBS_VR and QUALITY make a few percent of the files fail the cuts.
///
/// USFLUX and AREA_ACR are measured from each file's stored pixels (what a reader gets): the
/// pixels with |B| >= ``Configuration/activePixelThreshold`` (200 G, the threshold the area
/// cut uses when AREA_ACR is missing), each of `Magnetogram`'s CEA pixel area (AREA_ACR in
/// micro-hemispheres);
/// LON_FWT / LAT_FWT are the |B|-weighted centre of the same pixels. The other SHARP
/// space-weather keywords (MEANGAM ... R_VALUE) are synthetic: functions of the measured flux
/// and the region's inversion-line fraction with seeded noise, from their own random stream
/// (`SyntheticSpaceWeather`), so that a feature-based baseline has something to learn.
///
/// Flares follow ``SyntheticFlareModel``: a rate rising with the region's flux and its
/// inversion-line fraction, so flaring regions (M1+) are about a quarter of the regions and a
/// network can tell them from their images.
///
/// Generation is deterministic: one random stream per region and purpose, mixed from the seed
/// and the region's index, so the same seed gives byte-identical files whichever thread renders
/// which region; the regions are rendered concurrently (`DispatchQueue.concurrentPerform`).
///
/// ```swift
/// let archive = try SyntheticArchive(configuration: .small)
/// let summary = try archive.generate(into: URL(fileURLWithPath: "/tmp/flarekit-demo"))
/// print(summary)   // files, bytes, flares per class, flaring regions
/// let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder))
/// let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath))
/// ```
public struct SyntheticArchive: Sendable {
    /// The folder of the magnetograms inside the archive folder.
    public static let magnetogramFolderName = "sharp"
    /// The HARP-to-NOAA table's file name.
    public static let harpTableFileName = "all_harps_with_noaa_ars.txt"
    /// The flare list's file name.
    public static let flareCatalogFileName = "swpc_flarelist.csv"

    /// Sizes, rates and seed.
    public let configuration: Configuration

    /// An archive of this configuration.
    /// - Throws: `DatasetsError.invalidValue` for a value out of its domain.
    public init(configuration: Configuration = Configuration()) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// The flare list the archive holds (drawn without rendering any image).
    public func flareCatalog() throws -> FlareCatalog {
        FlareCatalog(events: try SyntheticFlareDraw(configuration: configuration).flares(of: regions()))
    }

    /// The HARP-to-NOAA map the archive holds.
    public func harpNOAAMap() -> HARPNOAAMap {
        SyntheticFlareDraw(configuration: configuration).map(of: regions())
    }

    /// Writes the archive into `directory` (created when missing).
    ///
    /// - Parameter replacingExisting: when the magnetogram folder already holds SHARP files,
    ///   `false` (default) throws rather than mixing two archives; `true` first removes those
    ///   SHARP-named files and the index cache (nothing else).
    /// - Throws: `DatasetsError.file` when the folder cannot be made or written, or already
    ///   holds an archive; the FITS writer's `MagnetogramError` for a file it cannot write.
    public func generate(into directory: URL, replacingExisting: Bool = false) throws -> Summary {
        let started = Date()
        let c = configuration
        let folder = directory.standardizedFileURL
        let sharp = folder.appendingPathComponent(SyntheticArchive.magnetogramFolderName)
        try prepare(sharp, replacingExisting: replacingExisting)

        let regions = regions()
        let draw = SyntheticFlareDraw(configuration: c)
        let events = try draw.flares(of: regions)
        let map = draw.map(of: regions)
        let catalog = FlareCatalog(events: events)

        // Render the regions concurrently; each has its own random streams.
        let writer = SyntheticRegionWriter(
            configuration: c,
            observer: SyntheticObserver(
                velocityAmplitude: c.observerVelocityAmplitude, seed: c.seed, badQualityFraction: c.badQualityFraction,
                benignQualityFraction: c.benignQualityFraction))
        let results = RegionResults(count: regions.count)
        DispatchQueue.concurrentPerform(iterations: regions.count) { position in
            results.set(position, Result { try writer.write(regions[position], into: sharp) })
        }
        var outputs: [SyntheticRegionWriter.Output] = []
        for result in results.all() { outputs.append(try result.get()) }

        let tableURL = folder.appendingPathComponent(SyntheticArchive.harpTableFileName)
        let catalogURL = folder.appendingPathComponent(SyntheticArchive.flareCatalogFileName)
        try map.writeTable(to: tableURL)
        try catalog.writeSWPCEventList(to: catalogURL)

        var byClass: [String: Int] = [:]
        for event in events { byClass[event.flareClass.letter.rawValue, default: 0] += 1 }
        var flaringRegions = Set<Int>()
        for event in events where event.flareClass >= .m1 {
            guard let noaa = event.noaaRegion else { continue }
            for harp in map.harps(holdingRegion: noaa) { flaringRegions.insert(harp) }
        }
        let magnetogramBytes = outputs.reduce(Int64(0)) { $0 + $1.bytes }
        return Summary(
            directory: folder.path, magnetogramFolder: sharp.path, harpTablePath: tableURL.path, flareCatalogPath: catalogURL.path,
            regions: regions.count, magnetogramFiles: outputs.reduce(0) { $0 + $1.files }, magnetogramBytes: magnetogramBytes,
            totalBytes: magnetogramBytes + SyntheticRegionWriter.size(of: tableURL.path) + SyntheticRegionWriter.size(of: catalogURL.path),
            flaresByClass: byClass, blankRegionFlares: events.filter { $0.noaaRegion == nil }.count,
            flaringRegions: flaringRegions.sorted(), smallRegions: regions.filter(\.isSmall).map(\.harpNumber),
            unnumberedRegions: regions.filter { $0.noaaRegions.isEmpty }.map(\.harpNumber),
            filesBeyondCentralMeridianLimit: outputs.reduce(0) { $0 + $1.beyondCentralMeridianLimit },
            filesWithBadQuality: outputs.reduce(0) { $0 + $1.badQuality },
            filesWithHighObserverVelocity: outputs.reduce(0) { $0 + $1.highVelocity },
            filesWithMissingPixels: outputs.reduce(0) { $0 + $1.missingPixels },
            seconds: Date().timeIntervalSince(started))
    }

    /// The planned regions.
    func regions() -> [SyntheticRegion] {
        SyntheticRegionPlanner(configuration: configuration).plan()
    }

    /// Creates the magnetogram folder, refusing (or clearing) an existing archive.
    private func prepare(_ sharp: URL, replacingExisting: Bool) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: sharp, withIntermediateDirectories: true)
        } catch {
            throw DatasetsError.file(path: sharp.path, reason: "cannot create the archive folder: \(FileReadProblem.systemMessage(error))")
        }
        let existing = ((try? manager.contentsOfDirectory(atPath: sharp.path)) ?? [])
            .filter { SHARPFileName(parsing: $0) != nil || $0 == ArchiveIndex.cacheFileName }
        guard !existing.isEmpty else { return }
        guard replacingExisting else {
            throw DatasetsError.file(
                path: sharp.path, reason: "already holds \(existing.count) SHARP files: pass replacingExisting: true to replace them")
        }
        for name in existing {
            do {
                try manager.removeItem(at: sharp.appendingPathComponent(name))
            } catch {
                throw DatasetsError.file(path: sharp.appendingPathComponent(name).path, reason: "cannot remove: \(FileReadProblem.systemMessage(error))")
            }
        }
    }
}

/// Per-region results filled by concurrent workers (each writes its own slot under a lock).
private final class RegionResults: @unchecked Sendable {
    private var slots: [Result<SyntheticRegionWriter.Output, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<SyntheticRegionWriter.Output, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// Results in region order (a slot never filled is an error).
    func all() -> [Result<SyntheticRegionWriter.Output, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(DatasetsError.insufficientData("a synthetic region was not rendered")) }
    }
}
