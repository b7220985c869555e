import Datasets
import Foundation
import FoundationXML
import Magnetogram
import NeuralCore
import Testing

@testable import Interpretability

/// A "model" whose output is a known function of its input: 1 - exp(-gain * mean |x|).
private final class MeanAbsoluteFieldModel: Layer {
    let gain: Double
    init(gain: Double) { self.gain = gain }
    func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape[0], 1] }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let n = input.shape[0], per = input.count / n
        let outputs = (0..<n).map { k -> Float in
            let slice = input.scalars[(k * per)..<((k + 1) * per)]
            let mean = slice.reduce(0.0) { $0 + Double(abs($1)) } / Double(per)
            return Float(1 - Foundation.exp(-gain * mean))
        }
        return try Tensor(shape: [n, 1], scalars: outputs)
    }
    func backward(_ outputGradient: Tensor) throws -> Tensor { outputGradient }
}

@Suite("Synthetic-bipole probes")
struct BipoleProbeTests {
    private let preparation = try! SamplePreparation(
        InputPreprocessing(), defaultGeometry: .resize(width: 32, height: 32, method: .bilinear))

    @Test func probeSizesFollowTheResizedResolution() throws {
        let settings = BipoleProbeSettings()
        let size = settings.magnetogramSize(inputWidth: 256, inputHeight: 256)
        #expect(size.width == 768 && size.height == 427)   // the paper's 768 x 427
    }

    @Test func sweepInputsCarryTheirClosedFormFlux() throws {
        let probe = try BipoleProbe(models: [MeanAbsoluteFieldModel(gain: 1e-3)], preparation: preparation)
        var settings = BipoleProbeSettings()
        settings.xResolution = 0.3
        settings.yResolution = 0.2   // 320 x 213 px at 0.03 deg/px
        let sweep = try probe.sweep(.radius, values: [4, 8, 12], series: [settings])
        for point in sweep.curves[0].points {
            let bipole = try SyntheticBipole(
                arrangement: .negativePositive, radius: point.value, field: 2000,
                width: point.magnetogramWidth, height: point.magnetogramHeight, degreesPerPixel: 0.03)
            let closedForm = 2 * 2000 * Double.pi * point.value * point.value * 1e16
            #expect(abs(point.closedFormUnsignedFlux - closedForm) <= 1e-9 * closedForm)
            #expect(abs(point.inputUnsignedFlux - closedForm) <= 0.01 * closedForm)
            #expect(point.inputUnsignedFlux == bipole.magnetogram().unsignedFlux())
        }
        // The mean-|B| model's output grows with the bipole's area.
        let means = sweep.curves[0].points.map(\.mean)
        #expect(means[0] < means[1] && means[1] < means[2])
    }

    @Test func meanAndStandardErrorAreOverModels() throws {
        let models = [0.5e-3, 1e-3, 2e-3].map { MeanAbsoluteFieldModel(gain: $0) }
        let probe = try BipoleProbe(models: models, preparation: preparation)
        let point = try probe.probe(probe.paperSettings.setting(.field, to: 1000))
        #expect(point.outputs.count == 3)
        let m = point.outputs.reduce(0, +) / 3
        let s = (point.outputs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 2).squareRoot() / 3.0.squareRoot()
        #expect(abs(point.mean - m) < 1e-12 && abs(point.standardError - s) < 1e-12)
        #expect(point.outputs[0] < point.outputs[1] && point.outputs[1] < point.outputs[2])
    }

    @Test func peaksAreTheTwoLargestLocalMaxima() {
        let peaks = OutputPeaks(x: [1, 2, 3, 4, 5, 6, 7], y: [0.1, 0.5, 0.3, 0.4, 0.8, 0.8, 0.2])
        #expect(peaks.low == .init(position: 2, value: 0.5))
        #expect(peaks.high == .init(position: 5, value: 0.8))
        #expect(peaks.positionRatio == 2.5)
        let single = OutputPeaks(x: [1, 2, 3], y: [0.1, 0.2, 0.3])
        #expect(single.high?.position == 3 && single.low == nil)
        #expect(OutputPeaks(x: [], y: []).high == nil)
    }

    @Test func sweepExportsJSONCSVAndAParsableFigure() throws {
        let probe = try BipoleProbe(models: [MeanAbsoluteFieldModel(gain: 1e-3)], preparation: preparation)
        var a = BipoleProbeSettings(), b = BipoleProbeSettings()
        a.xResolution = 0.1; a.yResolution = 0.1; a.radius = 5   // 107 x 107 px hold the bipole up to 9.75 Mm
        b = a; b.arrangement = .positiveNegative
        let sweep = try probe.sweep(.field, values: [500, 1000, 2000], series: [a, b], labels: ["-+", "+-"])
        let json = try JSONSerialization.jsonObject(with: sweep.jsonData()) as? [String: Any]
        #expect(json?["parameter"] as? String == "field")
        #expect((json?["curves"] as? [Any])?.count == 2)
        #expect(sweep.csv().split(separator: "\n").count == 1 + 6)
        let svg = try sweep.figure(title: "Output vs field").svgText()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.contains("Field strength (G)"))
        #expect(throws: InterpretabilityError.self) { try probe.sweep(.radius, values: []) }
        #expect(throws: InterpretabilityError.self) { try BipoleProbe(models: [], preparation: preparation) }
    }
}
