import Foundation
import Resampling
import Testing

/// Resizing plain grids against TensorFlow's tf.image.resize(antialias=False), fixtures made by
/// Scripts/fixtures/make_resize_fixtures.py.
@Suite("Plain-grid resampling")
struct ResamplerTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/resize")

    /// A fixture's little-endian float32 values.
    func fixture(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test("Matches TensorFlow", arguments: ["up", "down", "square", "odd"], ResizeMethod.allCases)
    func matchesTensorFlow(name: String, method: ResizeMethod) throws {
        let shapes = try JSONDecoder().decode(
            [String: [String: [Int]]].self, from: Data(contentsOf: Self.folder.appendingPathComponent("manifest.json")))
        let (inShape, outShape) = (try #require(shapes[name]?["input"]), try #require(shapes[name]?["output"]))
        let resized = try Resampler.resize(
            fixture("\(name)_input.f32"), width: inShape[1], height: inShape[0], toWidth: outShape[1], toHeight: outShape[0],
            method: method)
        let expected = try fixture("\(name)_\(method.rawValue).f32")
        #expect(resized.count == expected.count)
        let scale = expected.map(abs).max() ?? 1
        let worst = zip(resized, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-5 * scale, "\(name) \(method): max difference \(worst) (values up to \(scale))")
        if ProcessInfo.processInfo.environment["FLAREKIT_PRINT_REFERENCE_DIFFS"] == "1" { print("resize \(name) \(method): worst \(worst / scale) of max") }
    }

    @Test func nanReachesOnlyTheOutputsWhoseTapsTouchIt() throws {
        // 6 x 6 to 12 x 12: the first output's taps include the first pixel, the last output's
        // (even bicubic's four) do not.
        var grid = [Float](repeating: 3, count: 36)
        grid[0] = .nan
        for method in ResizeMethod.allCases {
            let resized = try Resampler.resize(grid, width: 6, height: 6, toWidth: 12, toHeight: 12, method: method)
            #expect(resized[0].isNaN, "\(method)")
            #expect(abs(resized[143] - 3) < 1e-6, "\(method)")
        }
    }

    @Test func badSizesAreTypedErrors() {
        let pixels = [Float](repeating: 1, count: 35)
        #expect(throws: ResamplingError.invalidArgument(name: "grid to resize", value: "35 values", reason: "needs 6 x 5 = 30")) {
            try Resampler.resize(pixels, width: 6, height: 5, toWidth: 4, toHeight: 9, method: .bilinear)
        }
        #expect(throws: ResamplingError.self) {
            try Resampler.resize(pixels, width: 7, height: 5, toWidth: 0, toHeight: 9, method: .bilinear)
        }
        #expect(throws: ResamplingError.self) {
            try Resampler.resize([], width: 0, height: 5, toWidth: 4, toHeight: 9, method: .nearest)
        }
        #expect("\(ResamplingError.invalidArgument(name: "resize sizes", value: "0x5 to 4x9", reason: "must be positive"))"
            == "invalid resize sizes 0x5 to 4x9: must be positive")
    }

    @Test func theMethodsKeepTheirSpellings() throws {
        // The raw values are what weights metadata, manifests, run records and the command line hold.
        #expect(ResizeMethod.allCases.map(\.rawValue) == ["bicubic", "bilinear", "nearest"])
        let json = try JSONEncoder().encode(ResizeMethod.allCases)
        #expect(String(decoding: json, as: UTF8.self) == #"["bicubic","bilinear","nearest"]"#)
        #expect(try JSONDecoder().decode([ResizeMethod].self, from: Data(#"["nearest","bilinear"]"#.utf8)) == [.nearest, .bilinear])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ResizeMethod].self, from: Data(#"["Bilinear"]"#.utf8)) }
    }
}
