import Foundation
import Losses
import NeuralCore
import Testing
@testable import Architectures

/// The three networks against Keras (fixtures by Scripts/fixtures/make_parity_fixtures.py,
/// weights converted by the committed converter): inference outputs, the loss on
/// training-mode outputs, and its gradient with respect to the first convolution kernel.
@Suite("Keras parity")
struct KerasParityTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/keras")

    struct Case: Sendable, CustomTestStringConvertible {
        var folder: String
        var suffix: String
        var inputSize: Int?
        var usesSOL: Bool
        var testDescription: String { folder + suffix }
    }

    static let cases: [Case] = [
        .init(folder: "cnn1_32", suffix: "", inputSize: nil, usesSOL: false),
        .init(folder: "cnn2", suffix: "_256", inputSize: nil, usesSOL: false),
        .init(folder: "cnn2", suffix: "_128", inputSize: 128, usesSOL: false),
        .init(folder: "lrcn_t3", suffix: "", inputSize: nil, usesSOL: true),
        .init(folder: "lrcn_t40", suffix: "", inputSize: nil, usesSOL: true),
    ]

    func array(_ folder: URL, _ name: String) throws -> NumpyArray {
        try NumpyArray.read(from: folder.appendingPathComponent(name))
    }

    @Test("Outputs, loss and first-kernel gradient match Keras", arguments: cases)
    func parity(_ c: Case) throws {
        let folder = Self.root.appendingPathComponent(c.folder)
        let weights = folder.appendingPathComponent("weights.safetensors")
        let model: FlareModel
        if let size = c.inputSize, case var .cnn2(configuration)? = try FlareModel.description(in: weights)?.0 {
            configuration.inputSize = size
            model = try FlareModel.load(from: weights, configuration: .cnn2(configuration))
        } else {
            model = try FlareModel.load(from: weights)
        }
        let input = try array(folder, "input\(c.suffix).npy").tensor()
        let labels = try array(folder, "labels.npy").tensor()
        let expectedOutput = try array(folder, "output\(c.suffix).npy").tensor()

        let output = try model.forward(input, mode: .inference).reshaped([-1])
        #expect(output.maximumAbsoluteDifference(expectedOutput) <= 1e-4,
                "inference: \(output.scalars) vs Keras \(expectedOutput.scalars)")

        let loss: any Loss = c.usesSOL
            ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy(positiveWeight: 4.5)
        model.zeroGradients()
        let trainingOutput = try model.forward(input, mode: .training)
        let (value, gradient) = try loss.valueAndGradient(
            predictions: trainingOutput, labels: try labels.reshaped(trainingOutput.shape))
        let expectedLoss = try array(folder, "loss\(c.suffix).npy").doubles()[0]
        #expect(abs(value - expectedLoss) <= 1e-4 * abs(expectedLoss), "loss \(value) vs Keras \(expectedLoss)")

        _ = try model.backward(gradient)
        let kernelName = model.namedParameters().first { $0.name.hasSuffix("conv1.kernel") }!
        let expectedGradient = try array(folder, "grad_conv1\(c.suffix).npy").tensor()
        let actual = kernelName.parameter.gradient
        #expect(actual.shape == expectedGradient.shape)
        let scale = expectedGradient.scalars.map(abs).max() ?? 0
        let relative = Double(actual.maximumAbsoluteDifference(expectedGradient)) / Double(max(scale, 1e-12))
        #expect(relative <= 1e-3, "\(kernelName.name) gradient: relative difference \(relative)")
    }

    @Test func parameterTotalsEqualKeras() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("param_counts.json"))
        let counts = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
        var generator = SeededGenerator(seed: 0)
        var cnn2Small = CNN2Configuration()
        cnn2Small.inputSize = 128
        var identity = CNN2Configuration()
        identity.activation = .identity
        let models: [(String, ArchitectureConfiguration)] = [
            ("cnn1_128", .cnn1(CNN1Configuration())), ("cnn2_256", .cnn2(CNN2Configuration())),
            ("cnn2_128", .cnn2(cnn2Small)), ("cnn2_256_identity", .cnn2(identity)),
            ("lrcn_40x128", .lrcn(LRCNConfiguration())),
        ]
        for (key, configuration) in models {
            let model = try FlareModel(configuration, generator: &generator)
            #expect(model.parameterCount == counts[key], "\(key): \(model.parameterCount) vs Keras \(counts[key] ?? -1)")
            let summary = try model.summary()
            #expect(summary.contains("Total params: \(counts[key] ?? -1)"))
        }
    }
}
