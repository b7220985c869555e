import Architectures
import Magnetogram
import NeuralCore
import Testing

@testable import Interpretability

@Suite("Magnetograms as network input, and maps brought back onto them")
struct MagnetogramInputTests {
    func model(_ preprocessing: InputPreprocessing = InputPreprocessing()) throws -> FlareModel {
        var generator = SeededGenerator(seed: 90)
        var configuration = CNN1Configuration()
        configuration.inputSize = 8
        configuration.filters = [2, 2]
        configuration.denseUnits = 4
        return try FlareModel(.cnn1(configuration), preprocessing: preprocessing, generator: &generator)
    }

    func magnetogram(width: Int = 20, height: Int = 12, scale: Double = 0.03) throws -> Magnetogram {
        var generator = SeededGenerator(seed: 91)
        var pixels = (0..<(width * height)).map { _ in generator.nextNormal() * 300 }
        pixels[5] = .nan
        return try Magnetogram(width: width, height: height, pixels: pixels, scaleX: scale, scaleY: scale)
    }

    @Test func aModelWithoutGeometryGetsABilinearResize() throws {
        let map = try magnetogram()
        let input = try MagnetogramInput(map, model: try model(InputPreprocessing(scale: 0.01)))
        var filled = map
        filled.pixels[5] = 0
        let expected = try filled.resized(width: 8, height: 8, method: .bilinear).pixels.map { $0 * 0.01 }
        #expect(input.tensor.shape == [1, 1, 8, 8])
        #expect(zip(input.tensor.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        // Back onto the magnetogram: the paper's bicubic resize.
        let values = (0..<64).map { Float($0) }
        let back = try input.projectOntoMagnetogram(values)
        let bicubic = try Magnetogram(width: 8, height: 8, pixels: values, scaleX: 1, scaleY: 1)
            .resized(width: 20, height: 12, method: .bicubic).pixels
        #expect(back == bicubic)
        #expect(throws: InterpretabilityError.self) { try input.projectOntoMagnetogram([1, 2]) }
    }

    @Test func theHaleJoyFlipIsUndone() throws {
        var map = try magnetogram(width: 16, height: 16)
        map.pixels = [Float](repeating: 0, count: 256)
        for y in 12..<16 { for x in 0..<4 { map[x, y] = 800 } }     // a patch in the top rows
        let model = try model(InputPreprocessing(geometry: .resize(width: 8, height: 8, method: .bilinear), haleJoyNormalization: true))
        let south = try MagnetogramInput(map, model: model, latitude: -12)
        #expect(south.isFlipped)
        // The network sees the patch flipped to the bottom rows, with its polarity reversed.
        #expect(south.tensor[0, 0, 0, 0] < -700 && south.tensor[0, 0, 7, 0] == 0)
        let peak = try SensitivityMap(
            unnormalized: south.projectOntoMagnetogram(south.tensor.scalars.map(abs)), width: 16, height: 16).peak
        #expect(peak.y >= 12 && peak.x < 4, "peak at \(peak)")
        let north = try MagnetogramInput(map, model: model, latitude: 12)
        #expect(!north.isFlipped && north.tensor[0, 0, 7, 0] > 700)
    }

    @Test func aResolutionPreservingGeometryIsInverted() throws {
        // 20 x 12 pixels of 0.03 deg resampled to 0.06 deg: a 10 x 6 frame, the 8 x 8 input
        // centred in it (one column cut on each side, one row of padding above and below).
        let map = try magnetogram()
        let geometry = InputGeometry.resolutionPreserving(scale: .degreesPerPixel(0.06), width: 8, height: 8, method: .bilinear)
        let input = try MagnetogramInput(map, model: try model(InputPreprocessing(geometry: geometry)))
        let values = (0..<64).map { Float($0 + 1) }
        var frame = [Float](repeating: 0, count: 60)
        for y in 0..<8 where y - 1 >= 0 && y - 1 < 6 {
            for x in 0..<8 { frame[(y - 1) * 10 + x + 1] = values[y * 8 + x] }
        }
        let expected = try Magnetogram(width: 10, height: 6, pixels: frame, scaleX: 1, scaleY: 1)
            .resized(width: 20, height: 12, method: .bicubic).pixels
        #expect(try input.projectOntoMagnetogram(values) == expected)
    }

    @Test func explanationsOfAMagnetogramHaveItsSize() throws {
        let map = try magnetogram()
        let model = try model()
        let input = try MagnetogramInput(map, model: model)
        let occlusion = try OcclusionAnalysis(model: model, configuration: .init(maskSize: 3, stride: 2, target: .probability))
            .map(for: input)
        #expect(occlusion.map.width == 20 && occlusion.map.height == 12)
        #expect(occlusion.inputWidth == 8 && occlusion.meanChange.count == 64)
        let expected = try SensitivityMap(
            unnormalized: input.projectOntoMagnetogram(occlusion.meanChange), width: 20, height: 12)
        #expect(occlusion.map == expected)
        #expect(try Saliency(model: model).map(for: input).map.width == 20)
        let gradCAM = try GradCAM(model: model).map(for: input)
        #expect(gradCAM.map.width == 20 && gradCAM.map.height == 12 && gradCAM.layerHeight == 2)
        _ = try gradCAM.map.overlayPNG(on: map)
    }

    @Test func videosAreRejected() throws {
        var generator = SeededGenerator(seed: 92)
        var lrcn = LRCNConfiguration()
        lrcn.frames = 2
        let video = try FlareModel(.lrcn(lrcn), generator: &generator)
        #expect(throws: InterpretabilityError.self) { try MagnetogramInput(try magnetogram(), model: video) }
    }
}
