import Foundation
import Magnetogram
import NeuralCore
import Resampling
import Testing
@testable import Datasets

/// Small magnetograms and FITS files for the preparation, batch and augmentation tests.
enum PreparationFixtures {
    /// A fresh temporary directory (the caller removes it).
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A magnetogram with the given pixels (row-major) and 0.03 degree pixels.
    static func magnetogram(width: Int, height: Int, pixels: [Float]) throws -> Magnetogram {
        try Magnetogram(width: width, height: height, pixels: pixels, scaleX: 0.03, scaleY: 0.03)
    }

    /// Deterministic, asymmetric pixel values (no NaN).
    static func pixels(width: Int, height: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(width * height)).map { _ in (generator.nextUniform() - 0.5) * 2000 }
    }

    /// Writes a Float32 FITS magnetogram with CDELT1/CDELT2 (and LAT_FWT when given).
    static func writeFITS(
        _ pixels: [Float], width: Int, height: Int, latitude: Double? = nil, to path: String
    ) throws {
        var cards = [
            FITSCard(keyword: "CDELT1", double: 0.03), FITSCard(keyword: "CDELT2", double: 0.03),
        ]
        if let latitude { cards.append(FITSCard(keyword: "LAT_FWT", double: latitude)) }
        try FITSWriter().write(pixels, width: width, height: height, cards: cards, to: path)
    }

    /// Writes a SHARP-like RICE-compressed int32 file (BSCALE 0.1, BLANK).
    static func writeRICE(_ pixels: [Float], width: Int, height: Int, to path: String) throws {
        let cards = [FITSCard(keyword: "CDELT1", double: 0.03), FITSCard(keyword: "CDELT2", double: 0.03)]
        let integers = try FITSWriter.quantize(pixels, scale: 0.1)
        try FITSWriter().write(
            integers: integers, width: width, height: height, scale: 0.1, blank: .min, cards: cards, compression: .rice,
            to: path)
    }
}

@Suite("Sample preparation")
struct PreparationTests {
    /// A 4-wide, 3-high map with a NaN, large values and an asymmetric layout.
    let raw: [Float] = [
        1, .nan, -3000, 2000,
        5, 6, 7, 8,
        -9, 10, 11, 1600,
    ]

    func sameSize(_ preprocessing: InputPreprocessing) throws -> SamplePreparation {
        var preprocessing = preprocessing
        preprocessing.geometry = .resize(width: 4, height: 3, method: .bilinear)
        return try SamplePreparation(preprocessing)
    }

    @Test func fillsClipsAndScalesByHand() throws {
        let map = try PreparationFixtures.magnetogram(width: 4, height: 3, pixels: raw)
        let preparation = try sameSize(InputPreprocessing(nanFill: 5, clip: 1500, scale: 0.01))
        let x = try preparation.tensor(from: map)
        #expect(x.shape == [1, 3, 4])
        let expected: [Float] = [
            0.01, 0.05, -15, 15,
            0.05, 0.06, 0.07, 0.08,
            -0.09, 0.10, 0.11, 15,
        ]
        for (value, wanted) in zip(x.scalars, expected) { #expect(abs(value - wanted) < 1e-6) }
    }

    @Test func defaultsFillNaNWithZeroAndKeepGauss() throws {
        let map = try PreparationFixtures.magnetogram(width: 4, height: 3, pixels: raw)
        let x = try sameSize(InputPreprocessing()).tensor(from: map)
        #expect(x.scalars == [1, 0, -3000, 2000, 5, 6, 7, 8, -9, 10, 11, 1600])
    }

    @Test func haleJoyFlipsAndReversesSouthernRegions() throws {
        let map = try PreparationFixtures.magnetogram(width: 4, height: 3, pixels: raw)
        let preparation = try sameSize(InputPreprocessing(haleJoyNormalization: true))
        let south = try preparation.tensor(from: map, latitude: -14.5)
        // Rows in reverse order, every sign reversed (NaN filled with 0 first).
        #expect(south.scalars == [9, -10, -11, -1600, -5, -6, -7, -8, -1, 0, 3000, -2000])
        let north = try preparation.tensor(from: map, latitude: 14.5)
        #expect(north.scalars == [1, 0, -3000, 2000, 5, 6, 7, 8, -9, 10, 11, 1600])
        let equator = try preparation.tensor(from: map, latitude: 0)
        #expect(equator.scalars == north.scalars)
        // Switched off, the latitude does not matter.
        #expect(try sameSize(InputPreprocessing()).tensor(from: map, latitude: -14.5).scalars == north.scalars)
    }

    @Test func haleJoyNeedsALatitude() throws {
        let map = try PreparationFixtures.magnetogram(width: 4, height: 3, pixels: raw)
        let preparation = try sameSize(InputPreprocessing(haleJoyNormalization: true))
        #expect(throws: DatasetsError.self) { try preparation.tensor(from: map, source: "ar.fits") }
    }

    @Test func haleJoyReadsTheHeaderLatitude() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("south.fits").path
        let pixels: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        try PreparationFixtures.writeFITS(pixels, width: 4, height: 3, latitude: -20, to: path)
        let preparation = try sameSize(InputPreprocessing(haleJoyNormalization: true))
        #expect(try preparation.tensor(contentsOf: path).scalars == [-9, -10, -11, -12, -5, -6, -7, -8, -1, -2, -3, -4])
        // A latitude given with the sample wins over the header.
        #expect(try preparation.tensor(contentsOf: path, latitude: 3).scalars == pixels)
    }

    @Test(arguments: [ResizeMethod.bilinear, .bicubic, .nearest])
    func resizeEqualsMagnetogramResized(method: ResizeMethod) throws {
        let map = try PreparationFixtures.magnetogram(
            width: 19, height: 11, pixels: PreparationFixtures.pixels(width: 19, height: 11, seed: 4))
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 8, height: 6, method: method)))
        let x = try preparation.tensor(from: map)
        let reference = try map.resized(width: 8, height: 6, method: method)
        #expect(x.shape == [1, 6, 8])
        #expect(x.scalars == reference.pixels)
    }

    @Test func defaultGeometryIsBilinearToTheModelSize() throws {
        let preparation = try SamplePreparation()
        #expect(preparation.geometry == .resize(width: 128, height: 128, method: .bilinear))
        #expect(preparation.preprocessing.geometry == preparation.geometry)
        #expect(preparation.sampleShape == [1, 128, 128])
        let other = try SamplePreparation(defaultGeometry: .resize(width: 256, height: 256, method: .bicubic))
        #expect(other.sampleShape == [1, 256, 256])
        let map = try PreparationFixtures.magnetogram(
            width: 30, height: 20, pixels: PreparationFixtures.pixels(width: 30, height: 20, seed: 2))
        #expect(try preparation.tensor(from: map).scalars == map.resized(width: 128, height: 128, method: .bilinear).pixels)
    }

    @Test func resolutionPreservingEqualsMagnetogramResampled() throws {
        let map = try PreparationFixtures.magnetogram(
            width: 24, height: 14, pixels: PreparationFixtures.pixels(width: 24, height: 14, seed: 9))
        let degrees = try SamplePreparation(InputPreprocessing(
            geometry: .resolutionPreserving(scale: .degreesPerPixel(0.06), width: 10, height: 10, method: .bilinear)))
        let reference = try map.resampled(toScale: 0.06, width: 10, height: 10, method: .bilinear).magnetogram
        #expect(try degrees.tensor(from: map).scalars == reference.pixels)
        // Megametres per pixel: the same scale expressed through the solar radius.
        let megametres = 0.06 * map.megametresPerDegree
        let physical = try SamplePreparation(InputPreprocessing(
            geometry: .resolutionPreserving(scale: .megametresPerPixel(megametres), width: 10, height: 10, method: .bilinear)))
        let again = try physical.tensor(from: map).scalars
        for (a, b) in zip(again, reference.pixels) { #expect(abs(a - b) <= 1e-3 * max(1, abs(b))) }
    }

    @Test func nanFillComesBeforeTheResize() throws {
        // A NaN would spread to every interpolated neighbour; filled first, it is interpolated as 0.
        var pixels = [Float](repeating: 100, count: 16)
        pixels[5] = .nan
        let map = try PreparationFixtures.magnetogram(width: 4, height: 4, pixels: pixels)
        let x = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 2, height: 2, method: .bilinear))).tensor(from: map)
        var filled = pixels
        filled[5] = 0
        let reference = try PreparationFixtures.magnetogram(width: 4, height: 4, pixels: filled)
            .resized(width: 2, height: 2, method: .bilinear)
        #expect(x.scalars == reference.pixels)
        let allFinite = x.scalars.allSatisfy { $0.isFinite }
        #expect(allFinite)
    }

    @Test func infiniteValuesAreAnErrorUnlessClipped() throws {
        var pixels = raw
        pixels[3] = .infinity
        let map = try PreparationFixtures.magnetogram(width: 4, height: 3, pixels: pixels)
        #expect(throws: DatasetsError.self) { try sameSize(InputPreprocessing()).tensor(from: map, source: "inf.fits") }
        let clipped = try sameSize(InputPreprocessing(clip: 1000)).tensor(from: map)
        #expect(clipped.scalars[3] == 1000)
    }

    @Test func badSettingsAreRejected() {
        #expect(throws: DatasetsError.self) {
            try SamplePreparation(InputPreprocessing(geometry: .resize(width: 0, height: 3, method: .bilinear)))
        }
        #expect(throws: DatasetsError.self) { try SamplePreparation(InputPreprocessing(clip: -1)) }
        #expect(throws: DatasetsError.self) {
            try SamplePreparation(InputPreprocessing(
                geometry: .resolutionPreserving(scale: .degreesPerPixel(0), width: 8, height: 8, method: .bilinear)))
        }
    }

    @Test func unreadableFilesAreNamed() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.fits").path
        try Data("<!DOCTYPE html> not a FITS file".utf8).write(to: URL(fileURLWithPath: path))
        let preparation = try SamplePreparation()
        do {
            _ = try preparation.tensor(contentsOf: path)
            Issue.record("a broken file was read")
        } catch {
            #expect("\(error)".contains(path))
        }
        let missing = folder.appendingPathComponent("missing.fits").path
        do {
            _ = try preparation.tensor(contentsOf: missing)
            Issue.record("a missing file was read")
        } catch {
            #expect("\(error)".contains(missing))
        }
    }
}

@Suite("Input preprocessing record")
struct PreparationRecordTests {
    @Test func oldJSONWithoutGeometryDecodes() throws {
        let old = #"{"clip":1500,"nan_fill":0,"scale":0.001}"#
        let decoded = try JSONDecoder().decode(InputPreprocessing.self, from: Data(old.utf8))
        #expect(decoded == InputPreprocessing(nanFill: 0, clip: 1500, scale: 0.001))
        #expect(decoded.geometry == nil)
        #expect(decoded.haleJoyNormalization == false)
        let noClip = try JSONDecoder().decode(InputPreprocessing.self, from: Data(#"{"nan_fill":-1,"scale":1}"#.utf8))
        #expect(noClip == InputPreprocessing(nanFill: -1, clip: nil, scale: 1))
        // Written again, it has exactly the old keys.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
        // The old required keys stay required.
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(InputPreprocessing.self, from: Data(#"{"clip":3}"#.utf8))
        }
    }

    @Test(arguments: [
        InputGeometry.resize(width: 128, height: 96, method: .bicubic),
        .resolutionPreserving(scale: .degreesPerPixel(0.06), width: 64, height: 64, method: .bilinear),
        .resolutionPreserving(scale: .megametresPerPixel(0.73), width: 128, height: 128, method: .nearest),
    ])
    func geometryRoundTrips(geometry: InputGeometry) throws {
        let preprocessing = InputPreprocessing(nanFill: 0, clip: nil, scale: 1, geometry: geometry, haleJoyNormalization: true)
        let data = try JSONEncoder().encode(preprocessing)
        #expect(try JSONDecoder().decode(InputPreprocessing.self, from: data) == preprocessing)
    }

    @Test func geometryJSONIsSnakeCase() throws {
        let json = #"{"nan_fill":0,"scale":1,"hale_joy":true,"geometry":{"kind":"resolution_preserving","degrees_per_pixel":0.06,"width":64,"height":32,"method":"bicubic"}}"#
        let decoded = try JSONDecoder().decode(InputPreprocessing.self, from: Data(json.utf8))
        #expect(decoded.geometry == .resolutionPreserving(scale: .degreesPerPixel(0.06), width: 64, height: 32, method: .bicubic))
        #expect(decoded.haleJoyNormalization)
        let unknown = #"{"nan_fill":0,"scale":1,"geometry":{"kind":"stretch","width":64,"height":32,"method":"bicubic"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InputPreprocessing.self, from: Data(unknown.utf8)) }
        let negative = #"{"nan_fill":0,"scale":1,"geometry":{"kind":"resize","width":-4,"height":32,"method":"bicubic"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InputPreprocessing.self, from: Data(negative.utf8)) }
    }
}
