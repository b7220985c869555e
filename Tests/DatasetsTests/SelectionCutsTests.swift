import Foundation
import Magnetogram
import Testing

@testable import Datasets

@Suite("Selection cuts")
struct SelectionCutsTests {
    /// 1 uHem in Mm^2 for R = 696 Mm, computed here: 2 pi R^2 / 1e6.
    static let squareMegametresPerMicroHemisphere = 2 * Double.pi * 696.0 * 696.0 / 1e6

    /// An observation that passes every cut unless told otherwise (area 100 uHem ~ 304 Mm^2).
    static func observation(
        harp: Int = 1, minute: Double = 0, quality: Int? = 0, velocity: Double? = 1000, longitude: Double? = 0,
        area: Double? = 100, path: String? = nil
    ) -> SHARPObservation {
        SHARPObservation(
            harpNumber: harp, time: ArchiveTestSupport.utc(2012, 1, 1).addingTimeInterval(minute * 60),
            path: path ?? "h\(harp)-\(minute).fits", quality: quality, observerRadialVelocity: velocity,
            centralMeridianDistance: longitude, areaMicroHemispheres: area)
    }

    @Test func microHemispheresToSquareMegametres() {
        #expect(abs(SHARPArea.squareMegametres(microHemispheres: 1) - 3.0437) < 1e-4)
        #expect(abs(SHARPArea.squareMegametres(microHemispheres: 1) - Self.squareMegametresPerMicroHemisphere) < 1e-12)
        // With another radius: 2 pi 700^2 / 1e6.
        #expect(abs(SHARPArea.squareMegametres(microHemispheres: 10, solarRadius: 700e6) - 10 * 2 * Double.pi * 0.49) < 1e-9)
        #expect(abs(SHARPArea.microHemispheres(squareMegametres: SHARPArea.squareMegametres(microHemispheres: 8.2)) - 8.2) < 1e-12)
        // A hemisphere is 2 pi R^2: 1e6 uHem.
        #expect(abs(SHARPArea.squareMegametres(microHemispheres: 1e6) - 2 * Double.pi * 696 * 696) < 1e-6)
    }

    @Test func eachObservationCutAtItsBoundary() throws {
        let cuts = SelectionCuts(samplingInterval: nil)
        // Minutes only tell the observations apart; no sampling.
        let cases: [(SHARPObservation, Bool)] = [
            (Self.observation(minute: 0, quality: 0x10000), true),
            (Self.observation(minute: 1, quality: 0x10001), false),
            (Self.observation(minute: 2, quality: Int(Int32.min)), false),   // 0x80000000 as JSOC's int32
            (Self.observation(minute: 3, velocity: 3499.999), true),
            (Self.observation(minute: 4, velocity: 3500), false),
            (Self.observation(minute: 5, velocity: -3500), false),
            (Self.observation(minute: 6, velocity: -3499), true),
            (Self.observation(minute: 7, longitude: 45), true),
            (Self.observation(minute: 8, longitude: -45), true),
            (Self.observation(minute: 9, longitude: 45.000001), false),
            (Self.observation(minute: 10, longitude: -60), false),
        ]
        let result = try cuts.apply(to: cases.map(\.0))
        #expect(Set(result.observations.map(\.path)) == Set(cases.filter(\.1).map(\.0.path)))
        #expect(result.report.count(for: .quality).removed == 2)
        #expect(result.report.count(for: .observerRadialVelocity).removed == 2)
        #expect(result.report.count(for: .centralMeridianDistance).removed == 2)
        #expect(result.report.kept == 5)
        #expect(result.report.cuts.map(\.cut) == SelectionReport.Cut.allCases)
    }

    @Test func countsInOrderAndMissingValues() throws {
        let observations = [
            Self.observation(minute: 0, quality: 0x20000, longitude: 80),   // fails quality first: counted there only
            Self.observation(minute: 1, quality: nil),
            Self.observation(minute: 2, velocity: nil),
            Self.observation(minute: 3, longitude: nil),
            Self.observation(minute: 4, velocity: 4000),
            Self.observation(minute: 5),
        ]
        let failing = try SelectionCuts(samplingInterval: nil).apply(to: observations)
        #expect(failing.report.count(for: .quality) == .init(cut: .quality, removed: 2, removedForMissingValue: 1))
        #expect(failing.report.count(for: .observerRadialVelocity) == .init(cut: .observerRadialVelocity, removed: 2, removedForMissingValue: 1))
        #expect(failing.report.count(for: .centralMeridianDistance) == .init(cut: .centralMeridianDistance, removed: 1, removedForMissingValue: 1))
        #expect(failing.observations.map(\.path) == [observations[5].path])
        #expect(failing.report.input == 6 && failing.report.kept == 1)

        let passing = try SelectionCuts(samplingInterval: nil, missingValues: .pass).apply(to: observations)
        #expect(Set(passing.observations.map(\.path)) == Set([1, 2, 3, 5].map { observations[$0].path }))
    }

    @Test func regionAreaCutOverThePassage() throws {
        // A maximum equal to the limit fails (strict); just above passes. The maximum counts,
        // over every observation, even one an earlier cut removed. The limit is set to exactly
        // 8 uHem so that the comparison is exact.
        let observations = [
            Self.observation(harp: 1, minute: 0, area: 8),
            Self.observation(harp: 1, minute: 1, area: 4),
            Self.observation(harp: 2, minute: 0, area: 8.0001),
            Self.observation(harp: 3, minute: 0, area: 1),
            Self.observation(harp: 3, minute: 1, longitude: 70, area: 30),   // peak of HARP 3, outside 45 deg
            Self.observation(harp: 4, minute: 0, area: nil),                 // no area, no file to measure
        ]
        let cuts = SelectionCuts(
            minimumRegionArea: SHARPArea.squareMegametres(microHemispheres: 8), areaFallback: .none, samplingInterval: nil)
        let result = try cuts.apply(to: observations)
        #expect(Set(result.observations.map(\.harpNumber)) == [2, 3])
        #expect(result.report.regionsRemovedByArea == [1, 4])
        #expect(result.report.regionsWithoutArea == [4])
        #expect(result.report.count(for: .regionArea) == .init(cut: .regionArea, removed: 3, removedForMissingValue: 1))
        #expect(abs((result.peakAreas[3] ?? 0) - 30 * Self.squareMegametresPerMicroHemisphere) < 1e-9)

        var loose = cuts
        loose.missingValues = .pass
        #expect(try loose.apply(to: observations).report.regionsRemovedByArea == [1])
        loose.minimumRegionArea = 0
        #expect(try loose.apply(to: observations).report.regionsRemovedByArea.isEmpty)
    }

    @Test func areaMeasuredFromTheMagnetogramWhenAREAACRIsMissing() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("cuts")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A CEA pixel of 0.03 deg covers (0.03 x pi / 180 x 696 Mm)^2.
        let side = 0.03 * Double.pi / 180 * 696
        let pixelArea = side * side
        let below = Int((25 / pixelArea).rounded(.down))   // 188 pixels: 24.97 Mm^2
        func write(_ strong: Int, _ name: String) throws -> String {
            var pixels = [Float](repeating: 20, count: 40 * 20)   // weak field everywhere
            for index in 0..<strong { pixels[index] = index % 2 == 0 ? 500 : -500 }
            pixels[799] = .nan
            let path = folder.appendingPathComponent(name).path
            try FITSWriter().write(
                pixels, width: 40, height: 20, cards: [FITSCard(keyword: "CDELT1", double: 0.03), FITSCard(keyword: "CDELT2", double: 0.03)],
                to: path)
            return path
        }
        let observations = [
            Self.observation(harp: 1, area: nil, path: try write(below, "small.fits")),
            Self.observation(harp: 2, area: nil, path: try write(below + 1, "large.fits")),
            Self.observation(harp: 3, minute: 0, area: 100),
            Self.observation(harp: 3, minute: 1, area: nil, path: folder.appendingPathComponent("absent.fits").path),
            Self.observation(harp: 5, area: nil, path: folder.appendingPathComponent("absent.fits").path),
        ]
        let result = try SelectionCuts(samplingInterval: nil).apply(to: observations)
        #expect(result.report.regionsRemovedByArea == [1, 5])
        #expect(result.report.regionsWithoutArea == [5])
        #expect(abs((result.peakAreas[1] ?? 0) - Double(below) * pixelArea) < 1e-6)
        #expect(abs((result.peakAreas[2] ?? 0) - Double(below + 1) * pixelArea) < 1e-6)
        // HARP 3 already passes on AREA_ACR: its file is never opened; HARP 5's cannot be read.
        #expect(result.report.areasMeasuredFromMagnetograms == 2)
        #expect(result.report.areaFailures.map(\.path) == [observations[4].path])
        #expect(result.report.areaRule.contains("200"))
    }

    @Test(.enabled(if: ArchiveTestSupport.sharedDataAvailable, "../shared/data (the real SHARP file) is absent: skipped"))
    func defaultAreaThresholdMatchesTheRealAREAACR() throws {
        // The real record of HARP 377: AREA_ACR = 1101.346313 uHem (its header, as in the reference JSON).
        let path = ArchiveTestSupport.sharedData.appendingPathComponent(
            "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits").path
        let magnetogram = try Magnetogram(contentsOf: path)
        let acr = 1101.346313 * Self.squareMegametresPerMicroHemisphere
        let measured = SHARPArea.area(of: magnetogram)
        #expect(abs(measured / acr - 1) < 0.1, "measured \(measured) Mm^2, AREA_ACR \(acr) Mm^2")
        // Pixel count by hand: |B| >= 200 G times (0.03 deg x pi / 180 x 696 Mm)^2.
        let count = magnetogram.pixels.filter { $0.isFinite && abs($0) >= 200 }.count
        let side = 0.03 * Double.pi / 180 * 696
        #expect(abs(measured - Double(count) * side * side) < 1e-6 * measured)
    }

    @Test func hourlySampleNearestWholeHour() throws {
        // SHARP's 12-minute cadence, T_REC on whole TAI minutes: 34 s after each UTC slot.
        let sharp = (0...15).map { Self.observation(minute: Double($0) * 12 + 34.0 / 60) }
        let kept = try SelectionCuts().apply(to: sharp)
        #expect(kept.observations.map(\.path) == [0, 5, 10, 15].map { sharp[$0].path })
        #expect(kept.report.count(for: .hourlySampling).removed == 12)

        // A 36-minute cadence: 0:00 0:36 1:12 1:48 2:24 3:00; tolerance half the cadence (18 min):
        // 0:00 for 0h, 1:12 for 1h, 1:48 for 2h, 3:00 for 3h.
        let slow = (0...5).map { Self.observation(minute: Double($0) * 36) }
        #expect(try SelectionCuts().apply(to: slow).observations.map(\.path) == [0, 2, 3, 5].map { slow[$0].path })
        // A tolerance of 10 minutes keeps only the exact hours.
        #expect(try SelectionCuts(samplingTolerance: 600).apply(to: slow).observations.map(\.path) == [0, 5].map { slow[$0].path })

        // Ties go to the earlier; each HARP is sampled on its own.
        let tie = [Self.observation(harp: 1, minute: 55), Self.observation(harp: 1, minute: 65), Self.observation(harp: 2, minute: 65)]
        #expect(try SelectionCuts(samplingTolerance: 600).apply(to: tie).observations.map(\.path) == [tie[0].path, tie[2].path])
        #expect(try SelectionCuts(samplingInterval: nil).apply(to: tie).observations.count == 3)
    }

    @Test func parametersOutOfTheirDomainThrow() {
        #expect(throws: DatasetsError.self) { try SelectionCuts(samplingInterval: 0).apply(to: []) }
        #expect(throws: DatasetsError.self) { try SelectionCuts(maximumCentralMeridianDistance: -.infinity).apply(to: []) }
        #expect(throws: DatasetsError.self) { try SelectionCuts(minimumRegionArea: .nan).apply(to: []) }
        #expect(throws: DatasetsError.self) { try SelectionCuts(solarRadius: 0).apply(to: []) }
    }
}
