import Architectures
import Foundation
import NeuralCore
import Testing

@testable import Interpretability

/// Small models and inputs for the Interpretability tests.
enum Models {
    /// Gives every BatchNorm of `network` non-trivial moving statistics and affine parameters,
    /// so that inference-mode normalisation matters.
    static func randomizeBatchNorms(_ network: any Layer, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (_, layer) in network.namedLayers() {
            guard let norm = layer as? BatchNorm else { continue }
            for c in 0..<norm.features {
                norm.movingMean.value[flat: c] = generator.nextUniform(in: -0.3, 0.3)
                norm.movingVariance.value[flat: c] = generator.nextUniform(in: 0.5, 1.5)
                norm.gamma.value[flat: c] = generator.nextUniform(in: 0.7, 1.3)
                norm.beta.value[flat: c] = generator.nextUniform(in: -0.2, 0.2)
            }
        }
    }

    /// CNN-1 or CNN-2 at a small input size with random weights.
    static func paperModel(_ name: String, inputSize: Int, seed: UInt64) throws -> FlareModel {
        var generator = SeededGenerator(seed: seed)
        let configuration: ArchitectureConfiguration
        if name == "cnn1" {
            var c = CNN1Configuration()
            c.inputSize = inputSize
            configuration = .cnn1(c)
        } else {
            var c = CNN2Configuration()
            c.inputSize = inputSize
            configuration = .cnn2(c)
        }
        let model = try FlareModel(configuration, generator: &generator)
        randomizeBatchNorms(model.network, seed: seed + 1)
        return model
    }

    /// A `[1, 1, height, width]` input of standard normal values.
    static func normalInput(height: Int, width: Int, seed: UInt64, scale: Float = 1) throws -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return try generator.normalTensor(shape: [1, 1, height, width], scale: scale)
    }

    /// A hand-built network whose output depends only on the top-left 4 x 4 pixels of a 16 x 16
    /// input: an identity 3 x 3 convolution, 2 x 2 max pooling, and a dense layer summing the four
    /// pooled cells of that corner, minus 2, through a sigmoid.
    static func cornerModel() throws -> Sequential {
        var generator = SeededGenerator(seed: 3)
        let conv = try Conv2D(.init(inChannels: 1, filters: 1, kernelSize: 3, padding: .same), generator: &generator)
        conv.kernel.value = try Tensor(shape: [1, 1, 3, 3], scalars: [0, 0, 0, 0, 1, 0, 0, 0, 0])
        let dense = try Dense(inFeatures: 64, units: 1, generator: &generator)
        var kernel = [Float](repeating: 0, count: 64)
        for index in [0, 1, 8, 9] { kernel[index] = 1 }
        dense.kernel.value = try Tensor(shape: [64, 1], scalars: kernel)
        dense.bias!.value = try Tensor(shape: [1], scalars: [-2])
        return try Sequential([
            ("conv", conv), ("pool", try MaxPool2D(poolSize: 2)), ("flatten", Flatten()), ("dense", dense),
            ("sigmoid", Sigmoid()),
        ])
    }

    /// The corner model's logit for a 16 x 16 image, computed by hand.
    static func cornerLogit(_ image: [Float]) -> Double {
        var sum = 0.0
        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            var best = -Float.infinity
            for y in (2 * i)..<(2 * i + 2) { for x in (2 * j)..<(2 * j + 2) { best = max(best, image[y * 16 + x]) } }
            sum += Double(best)
        }
        return sum - 2
    }

    /// A non-square network exercising what the incremental occlusion supports: a stride-2
    /// convolution, a same max pool with stride 1, a valid convolution, branches with a nested
    /// chain, BatchNorm with a fused activation, global pooling, dropout.
    static func mixedNetwork(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: seed)
        let network = try Sequential([
            ("bn1", BatchNorm(features: 1)),
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 3, stride: 2, padding: .same,
                                   activation: .leakyReLU(slope: 0.3)), generator: &g)),
            ("pool1", MaxPool2D(poolSize: 3, stride: 1, padding: .same)),
            ("bn2", BatchNorm(features: 4, activation: .relu)),
            ("conv2", Conv2D(.init(inChannels: 4, filters: 6, kernelHeight: 3, kernelWidth: 2, strideHeight: 1,
                                   strideWidth: 1, padding: .valid), generator: &g)),
            ("act2", Tanh()),
            ("mixed", ConcatenatedBranches([
                ("wide", Conv2D(.init(inChannels: 6, filters: 3, kernelSize: 5, padding: .same), generator: &g)),
                ("chain", Sequential([
                    ("squeeze", Conv2D(.init(inChannels: 6, filters: 2, kernelSize: 1), generator: &g)),
                    ("act", LeakyReLU()),
                    ("pool", MaxPool2D(poolSize: 3, stride: 1, padding: .same)),
                ])),
            ])),
            ("gap", GlobalAveragePool2D()),
            ("dense", Dense(inFeatures: 5, units: 1, generator: &g)),
            ("dropout", Dropout(rate: 0.5, seed: 9)),
            ("sigmoid", Sigmoid()),
        ])
        randomizeBatchNorms(network, seed: seed + 1)
        return network
    }
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
