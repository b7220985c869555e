import Testing
import CSupport
@testable import NeuralCore

/// The C kernels (AVX2 where available) against the plain-Swift references.
@Suite("Kernels")
struct KernelTests {
    @Test("feature sums and squared deviations match the reference", arguments: [(1, 1, 1), (3, 4, 10), (5, 7, 33)])
    func featureSumsMatchTheReference(outer: Int, features: Int, inner: Int) throws {
        var generator = SeededGenerator(seed: 8)
        let values = try generator.uniformTensor(shape: [outer, features, inner], low: -2, high: 3).scalars
        let centres = (0..<features).map { Float($0) * 0.25 }
        for c in [nil, centres] {
            let fast = values.withUnsafeBufferPointer { featureSums($0.baseAddress!, outer: outer, features: features, inner: inner, centres: c) }
            let reference = referenceFeatureSums(values, outer: outer, features: features, inner: inner, centres: c)
            #expect(zip(fast, reference).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        }
    }

    @Test("im2col matches the Swift reference", arguments: [
        (1, 7, 1, Padding.same), (3, 3, 1, .valid), (2, 5, 2, .valid), (2, 7, 2, .same), (3, 4, 3, .same), (1, 3, 2, .same),
    ])
    func imageToColumns(channels: Int, kernel: Int, stride: Int, padding: Padding) throws {
        var generator = SeededGenerator(seed: 3)
        for (height, width) in [(9, 11), (21, 40), (5, 5)] where kernel <= height || padding == .same {
            let g = WindowGeometry(
                channels: channels, inputHeight: height, inputWidth: width, windowHeight: kernel, windowWidth: kernel,
                strideHeight: stride, strideWidth: stride, padding: padding)
            let image = try generator.uniformTensor(shape: [channels, height, width], low: -1, high: 1)
            let rowStride = g.outputPlane + 3, offset = 2
            var fast = [Float](repeating: .nan, count: g.patchSize * rowStride)
            var reference = fast
            image.withUnsafeBufferPointer { x in
                fast.withUnsafeMutableBufferPointer { c in
                    Im2col.imageToColumns(image: x.baseAddress!, geometry: g, columns: c.baseAddress!, rowStride: rowStride, columnOffset: offset)
                }
                reference.withUnsafeMutableBufferPointer { c in
                    Im2col.referenceImageToColumns(
                        image: x.baseAddress!, geometry: g, columns: c.baseAddress!, rowStride: rowStride, columnOffset: offset)
                }
            }
            // Same values, and both leave the columns outside their block untouched (NaN).
            #expect(fast.elementsEqual(reference) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(g)")
        }
    }

    @Test("Inference pooling (C) equals training pooling (Swift)", arguments: [(2, 1), (3, 3), (2, 2), (3, 1), (3, 2)])
    func pooling(window: Int, stride: Int) throws {
        var generator = SeededGenerator(seed: 4)
        let pool = try MaxPool2D(poolSize: window, stride: stride)
        let x = try generator.uniformTensor(shape: [2, 3, 17, 23], low: -1, high: 1)
        #expect(try pool.forward(x, mode: .inference) == pool.forward(x, mode: .training))
    }
}

/// The training-path C kernels (pooling with indices, col2im, activation gradients) against
/// their plain-Swift references.
@Suite("Training kernels")
struct TrainingKernelTests {
    @Test("pooling with indices matches the reference", arguments: [(2, 1), (3, 3), (2, 2), (3, 1), (3, 2), (1, 1)])
    func poolingWithIndices(window: Int, stride: Int) throws {
        var generator = SeededGenerator(seed: 5)
        for (height, width) in [(17, 23), (3, 3), (60, 61)] where window <= height {
            let g = WindowGeometry(
                channels: 1, inputHeight: height, inputWidth: width, windowHeight: window, windowWidth: window,
                strideHeight: stride, strideWidth: stride, padding: .valid)
            // Few distinct values, so windows hold ties and the first maximum must win.
            let image = try generator.uniformTensor(shape: [height, width], low: 0, high: 4).scalars.map { $0.rounded(.down) }
            var fast = [Float](repeating: .nan, count: g.outputPlane)
            var fastIndices = [Int32](repeating: -1, count: g.outputPlane)
            image.withUnsafeBufferPointer { x in
                var window = g.cWindow
                flarekit_max_pool_plane_argmax(x.baseAddress!, &window, &fast, &fastIndices)
            }
            let (reference, referenceIndices) = MaxPooling.referenceForward(image, planes: 1, geometry: g)
            #expect(fast == reference, "\(g)")
            #expect(fastIndices == referenceIndices, "\(g)")
        }
    }

    @Test("col2im matches the Swift reference", arguments: [
        (1, 7, 1, Padding.same), (3, 3, 1, .valid), (2, 5, 2, .valid), (2, 7, 2, .same), (3, 4, 3, .same),
    ])
    func columnsToImage(channels: Int, kernel: Int, stride: Int, padding: Padding) throws {
        var generator = SeededGenerator(seed: 6)
        for (height, width) in [(9, 11), (21, 40)] {
            let g = WindowGeometry(
                channels: channels, inputHeight: height, inputWidth: width, windowHeight: kernel, windowWidth: kernel,
                strideHeight: stride, strideWidth: stride, padding: padding)
            let rows = 1..<max(2, g.outputHeight - 1)
            let rowStride = rows.count * g.outputWidth + 3, offset = 2
            let columns = try generator.uniformTensor(shape: [g.patchSize, rowStride], low: -1, high: 1).scalars
            let start = try generator.uniformTensor(shape: [channels, height, width], low: -1, high: 1).scalars
            var fast = start, reference = start
            columns.withUnsafeBufferPointer { c in
                Im2col.columnsToImage(
                    columns: c.baseAddress!, rowStride: rowStride, columnOffset: offset, geometry: g, image: &fast, outputRows: rows)
                Im2col.referenceColumnsToImage(
                    columns: c.baseAddress!, rowStride: rowStride, columnOffset: offset, geometry: g, image: &reference,
                    outputRows: rows)
            }
            #expect(fast == reference, "\(g)")
        }
    }

    @Test("activation gradients match the reference", arguments: [Float(0), 0.3, 1])
    func activationGradient(slope: Float) throws {
        var generator = SeededGenerator(seed: 7)
        let output = try generator.uniformTensor(shape: [1037], low: -1, high: 1).scalars
        let gradient = try generator.uniformTensor(shape: [1037], low: -2, high: 2).scalars
        let activation: PointwiseActivation = slope == 1 ? .identity : slope == 0 ? .relu : .leakyReLU(slope: slope)
        var fast = [Float](repeating: .nan, count: output.count)
        activation.backpropagate(output: output, gradient: gradient, into: &fast, count: output.count)
        let reference = zip(output, gradient).map { $0 > 0 ? $1 : $1 * slope }
        #expect(fast == reference)
        let tensors = try Elementwise.backpropagate(
            activation, output: Tensor(shape: [1037], scalars: output), outputGradient: Tensor(shape: [1037], scalars: gradient),
            rowLength: 61)
        #expect(tensors.scalars == reference)
    }

    @Test("normalisation row kernels match the reference", arguments: [1, 7, 8, 37, 1000])
    func normalisationRows(count: Int) throws {
        var generator = SeededGenerator(seed: 9)
        let x = try generator.uniformTensor(shape: [count], low: -1, high: 2).scalars
        let dy = try generator.uniformTensor(shape: [count], low: -1, high: 1).scalars
        let (mean, inverse, factor, meanGradient, meanGradientXHat): (Float, Float, Float, Float, Float) = (0.3, 1.7, 0.9, 0.05, -0.2)
        func close(_ a: Float, _ b: Double) -> Bool { abs(Double(a) - b) <= 1e-5 * max(1, abs(b)) }
        #expect(close(flarekit_sum(x, count), x.reduce(0.0) { $0 + Double($1) }))
        #expect(close(flarekit_centred_square_sum(x, count, mean), x.reduce(0.0) { $0 + Double(($1 - mean) * ($1 - mean)) }))
        var sum: Float = 0, sumXHat: Float = 0
        flarekit_normalized_gradient_sums(dy, x, count, mean, inverse, &sum, &sumXHat)
        #expect(close(sum, dy.reduce(0.0) { $0 + Double($1) }))
        #expect(close(sumXHat, zip(dy, x).reduce(0.0) { $0 + Double($1.0 * ($1.1 - mean) * inverse) }))
        var dx = [Float](repeating: .nan, count: count)
        flarekit_batch_norm_input_gradient(dy, x, &dx, count, mean, inverse, factor, meanGradient, meanGradientXHat)
        let reference = zip(dy, x).map { factor * ($0 - meanGradient - ($1 - mean) * inverse * meanGradientXHat) }
        #expect(zip(dx, reference).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
    }
}
