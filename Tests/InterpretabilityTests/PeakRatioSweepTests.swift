import Datasets
import Foundation
import NeuralCore
import Testing

@testable import Interpretability

/// An output that rises and falls with the mean |input|: 0.5 + 0.5 sin(gain * mean |x|), so a
/// radius sweep has several peaks.
private final class OscillatingModel: Layer {
    let gain: Double
    init(gain: Double) { self.gain = gain }
    func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape[0], 1] }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let n = input.shape[0], per = input.count / n
        let outputs = (0..<n).map { k -> Float in
            let mean = input.scalars[(k * per)..<((k + 1) * per)].reduce(0.0) { $0 + Double(abs($1)) } / Double(per)
            return Float(0.5 + 0.5 * Foundation.sin(gain * mean))
        }
        return try Tensor(shape: [n, 1], scalars: outputs)
    }
    func backward(_ outputGradient: Tensor) throws -> Tensor { outputGradient }
}

@Suite("Peak-radius ratio against aspect ratio (Fig. 10 right)")
struct PeakRatioSweepTests {
    @Test func eachResolutionIsOneRadiusSweepWithItsPeaksAndAspectRatio() throws {
        let preparation = try SamplePreparation(InputPreprocessing(), defaultGeometry: .resize(width: 16, height: 16, method: .bilinear))
        // Magnetograms of 320 or 640 pixels a side hold every radius swept (the -+ bipole up to
        // 29 Mm); a quarter of the mean |x| of half their size, so four times the gain.
        let probe = try BipoleProbe(models: [OscillatingModel(gain: 0.08)], preparation: preparation)
        let radii = Array(stride(from: 2.0, through: 20, by: 2))
        let resolutions: [(x: Double, y: Double)] = [(0.6, 0.6), (1.2, 0.6), (0.6, 1.2)]
        let ratios = try PeakRatioSweep(probe: probe, radii: radii, resolutions: resolutions)
        #expect(ratios.points.count == 3)
        for (point, resolution) in zip(ratios.points, resolutions) {
            var settings = BipoleProbeSettings()
            settings.xResolution = resolution.x
            settings.yResolution = resolution.y
            let size = settings.magnetogramSize(inputWidth: 16, inputHeight: 16)
            #expect(point.magnetogramWidth == size.width && point.magnetogramHeight == size.height)
            #expect(point.aspectRatio == Double(size.width) / Double(size.height))
            let peaks = try probe.sweep(.radius, values: radii, series: [settings]).curves[0].peaks()
            #expect(point.lowPeakRadius == peaks.low?.position && point.highPeakRadius == peaks.high?.position)
            if let low = peaks.low?.position, let high = peaks.high?.position { #expect(point.ratio == high / low) }
        }
        #expect(ratios.points.map(\.aspectRatio) == [1, 2, 0.5])
        #expect(ratios.points.contains { $0.ratio != nil })
        #expect(ratios.csv().split(separator: "\n").count == 4)
        #expect(try ratios.figure().svgText().contains("aspect ratio"))
        #expect(throws: InterpretabilityError.self) { try PeakRatioSweep(probe: probe, radii: radii, resolutions: []) }
        #expect(throws: InterpretabilityError.self) { try PeakRatioSweep(probe: probe, radii: radii, resolutions: [(0, 0.1)]) }
    }
}
