import Datasets
import Foundation
import Magnetogram
import NeuralCore
import Testing

@testable import Interpretability

/// The mean |input| of each sample: enough of a "model" to run a sweep.
private final class MeanFieldModel: Layer {
    func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape[0], 1] }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let n = input.shape[0], per = input.count / n
        let outputs = (0..<n).map { k -> Float in
            let mean = input.scalars[(k * per)..<((k + 1) * per)].reduce(0.0) { $0 + Double(abs($1)) } / Double(per)
            return Float(1 - Foundation.exp(-1e-3 * mean))
        }
        return try Tensor(shape: [n, 1], scalars: outputs)
    }
    func backward(_ outputGradient: Tensor) throws -> Tensor { outputGradient }
}

/// The probe magnetogram holds every bipole swept: its total unsigned flux is the closed form
/// n |B| pi r^2 within 1% (Bhattacharjee et al. 2020, Sect. 4.4: the 768 x 427 magnetogram at
/// 0.03 deg/pixel, x-res 0.09 and y-res 0.05 on a 256 input), and what cannot fit is refused.
@Suite("Synthetic-bipole probe geometry")
struct BipoleProbeGeometryTests {
    private static func probe(inputSize: Int) throws -> BipoleProbe {
        let preparation = try SamplePreparation(
            InputPreprocessing(), defaultGeometry: .resize(width: inputSize, height: inputSize, method: .bilinear))
        return try BipoleProbe(models: [MeanFieldModel()], preparation: preparation)
    }

    private static func closedForm(_ settings: BipoleProbeSettings) -> Double {
        Double(settings.arrangement.signs.count) * settings.field * .pi * settings.radius * settings.radius * 1e16
    }

    @Test(arguments: [256, 32, 16])
    func thePaperMagnetogramWhateverTheInputSize(inputSize: Int) {
        let settings = BipoleProbeSettings.paper(inputWidth: inputSize, inputHeight: inputSize)
        let size = settings.magnetogramSize(inputWidth: inputSize, inputHeight: inputSize)
        #expect(size.width == 768 && size.height == 427)
        #expect(abs(settings.xResolution * Double(inputSize) - 0.09 * 256) < 1e-9)
    }

    /// The demo's sweep (2.5 to 30 Mm on a 32 input): the former 96 x 53 magnetogram cut every
    /// bipole from about 10 Mm, so its flux, and the output, plateaued.
    @Test func theDemoSweepKeepsEveryBipoleWhole() throws {
        let sweep = try Self.probe(inputSize: 32).sweep(.radius, values: [2.5, 10, 20, 30])
        for point in sweep.curves[0].points {
            let closedForm = 2 * 2000 * Double.pi * point.value * point.value * 1e16
            #expect(abs(point.closedFormUnsignedFlux - closedForm) <= 1e-9 * closedForm)
            #expect(abs(point.inputUnsignedFlux - closedForm) <= 0.01 * closedForm, "radius \(point.value)")
            #expect(point.magnetogramWidth == 768 && point.magnetogramHeight == 427)
        }
    }

    /// Over the sweep ranges: the smallest and largest radius that fits, for every arrangement,
    /// at the smallest magnetogram of the paper's Fig. 10 resolutions (x-res 0.05 at 256) and
    /// at a small explicit resolution on a 16 input.
    @Test func fluxIsTheClosedFormFromTheSmallestToTheLargestRadius() throws {
        var smallest = BipoleProbeSettings()
        smallest.xResolution = 0.05
        smallest.yResolution = 0.05
        var tiny = BipoleProbeSettings()
        tiny.xResolution = 0.2
        tiny.yResolution = 0.1   // 107 x 53 pixels on a 16 input
        // Every arrangement on the small magnetogram; the paper's -+ on the large one (fast enough).
        let cases: [(BipoleProbeSettings, Int, [SyntheticBipole.Arrangement])] = [
            (smallest, 256, [.negativePositive]), (tiny, 16, SyntheticBipole.Arrangement.allCases),
        ]
        for (base, input, arrangements) in cases {
            for arrangement in arrangements {
                var settings = base
                settings.arrangement = arrangement
                let largest = settings.largestRadius(inputWidth: input, inputHeight: input)
                let smallest = settings.smallestRadius
                #expect(smallest < largest, "\(arrangement.rawValue) at \(input)")
                for radius in [smallest, (smallest + largest) / 2, largest] {
                    let probe = settings.setting(.radius, to: radius)
                    try probe.validate(inputWidth: input, inputHeight: input)
                    let flux = try probe.magnetogram(inputWidth: input, inputHeight: input).unsignedFlux()
                    #expect(abs(flux - Self.closedForm(probe)) <= 0.01 * Self.closedForm(probe), "\(arrangement.rawValue) r \(radius) at \(input)")
                }
                #expect(throws: InterpretabilityError.self) {
                    try settings.setting(.radius, to: largest * 1.05).validate(inputWidth: input, inputHeight: input)
                }
                #expect(throws: InterpretabilityError.self) {
                    try settings.setting(.radius, to: smallest * 0.9).validate(inputWidth: input, inputHeight: input)
                }
            }
        }
    }

    @Test func absurdRadiiResolutionsAndFieldsAreRefused() throws {
        let probe = try Self.probe(inputSize: 32)
        func refused(_ parameter: BipoleProbeParameter, _ value: Double) -> String? {
            do {
                _ = try probe.sweep(parameter, values: [value])
                return nil
            } catch let error as InterpretabilityError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        for value in [0, -3, Double.nan, .infinity, 1e9] {
            let message = refused(.radius, value)
            #expect(message?.contains("radius") == true, "radius \(value): \(message ?? "accepted")")
        }
        for value in [0, -0.1, Double.nan, 1e-7, 10] {   // 10 deg/px x 32 px: 320 degrees
            let message = refused(.xResolution, value)
            #expect(message?.contains("x_resolution") == true, "x_resolution \(value): \(message ?? "accepted")")
        }
        for value in [0, Double.nan, 1e300] {
            #expect(refused(.field, value)?.contains("field") == true, "field \(value)")
        }
        // The old artifact: the paper's resolutions on a 32 input make a 96 x 53 magnetogram,
        // which cannot hold a 10 Mm bipole; the error says what fits.
        var explicit = BipoleProbeSettings()
        explicit.radius = 10
        let error = try #require(throws: InterpretabilityError.self) { try probe.probe(explicit) }
        #expect(error.description.contains("96 x 53") && error.description.contains("0.72"))
    }
}
