import Testing
@testable import NeuralCore

/// The pooling kernels (``MaxPooling``, ``AveragePooling``) against their plain-Swift references.
@Suite("Pooling kernels")
struct PoolingKernelTests {
    @Test("max pooling matches the reference, with and without indices", arguments: [
        (2, 2, Padding.valid), (3, 3, .valid), (2, 1, .valid), (3, 2, .same), (2, 2, .same), (3, 1, .same),
    ])
    func maxPooling(window: Int, stride: Int, padding: Padding) throws {
        // Rows of 100 put whole vectors of outputs through the kernels, not only their tails.
        for (height, width, ties) in [(8, 8, false), (9, 7, false), (13, 10, false), (7, 100, false), (7, 100, true)] {
            let g = WindowGeometry(
                channels: 3, inputHeight: height, inputWidth: width, windowHeight: window, windowWidth: window,
                strideHeight: stride, strideWidth: stride, padding: padding)
            let planes = 2 * 3
            // Distinct values: a unique maximum per window. With ties, three values only: the
            // first maximum in row-major window order must win, as in the reference.
            let distinct = try distinctValues(shape: [planes * g.inputPlane], seed: UInt64(height * window)).scalars
            let input = ties ? distinct.map { Float(abs(Int(($0 * 40).rounded())) % 3) } : distinct
            let expected = MaxPooling.referenceForward(input, planes: planes, geometry: g)
            for withIndices in [false, true] {
                var output = [Float](repeating: .nan, count: planes * g.outputPlane)
                var argmax = [Int32](repeating: -1, count: output.count)
                input.withUnsafeBufferPointer { x in
                    output.withUnsafeMutableBufferPointer { y in
                        argmax.withUnsafeMutableBufferPointer { a in
                            MaxPooling.forward(
                                x.baseAddress!, planes: planes, geometry: g, output: y.baseAddress!,
                                argmax: withIndices ? a.baseAddress! : nil)
                        }
                    }
                }
                #expect(output == expected.output, "\(window) \(stride) \(padding) \(height)x\(width)")
                if withIndices { #expect(argmax == expected.argmax) }
            }
        }
    }

    @Test("max pooling backward sends each gradient to its window's maximum")
    func maxPoolingBackward() throws {
        let g = WindowGeometry(
            channels: 1, inputHeight: 5, inputWidth: 5, windowHeight: 3, windowWidth: 3,
            strideHeight: 1, strideWidth: 1, padding: .valid)
        let input = try distinctValues(shape: [2 * g.inputPlane], seed: 4).scalars
        let (_, argmax) = MaxPooling.referenceForward(input, planes: 2, geometry: g)
        let outputGradient = (0..<(2 * g.outputPlane)).map { Float($0 + 1) }
        var expected = [Float](repeating: 0, count: input.count)
        for (p, index) in argmax.enumerated() { expected[p / g.outputPlane * g.inputPlane + Int(index)] += outputGradient[p] }
        var inputGradient = [Float](repeating: 0, count: input.count)
        outputGradient.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { a in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    MaxPooling.backward(dy.baseAddress!, argmax: a.baseAddress!, planes: 2, geometry: g, inputGradient: dx.baseAddress!)
                }
            }
        }
        #expect(inputGradient == expected)
    }

    @Test("max pooling backward of every geometry equals adding each gradient at its maximum", arguments: [
        (2, 2, Padding.valid), (3, 3, .valid), (2, 1, .valid), (3, 2, .same), (3, 3, .same), (4, 4, .valid),
    ])
    func maxPoolingBackwardEveryGeometry(window: Int, stride: Int, padding: Padding) throws {
        for (height, width, ties) in [(9, 7, false), (8, 100, false), (7, 101, true)] {
            let g = WindowGeometry(
                channels: 2, inputHeight: height, inputWidth: width, windowHeight: window, windowWidth: window,
                strideHeight: stride, strideWidth: stride, padding: padding)
            let distinct = try distinctValues(shape: [2, 2, height, width], seed: UInt64(width + window))
            let input = try Tensor(
                shape: distinct.shape, scalars: ties ? distinct.scalars.map { Float(abs(Int(($0 * 40).rounded())) % 3) } : distinct.scalars)
            var argmax: [Int32]? = []
            let pooled = MaxPooling.pool(input, geometry: g, argmax: &argmax)
            let outputGradient = (0..<pooled.count).map { Float($0 % 13) - 6.5 }
            var expected = [Float](repeating: 0, count: input.count)
            for (p, index) in argmax!.enumerated() { expected[p / g.outputPlane * g.inputPlane + Int(index)] += outputGradient[p] }
            let inputGradient = MaxPooling.backpropagate(
                try Tensor(shape: pooled.shape, scalars: outputGradient), argmax: argmax!, inputShape: input.shape, geometry: g)
            #expect(inputGradient.scalars == expected, "\(window) \(stride) \(padding) \(height)x\(width)")
            if padding == .valid, stride == window { #expect(g.tilesInput) }
        }
    }

    @Test("global average pooling matches the reference", arguments: [(1, 1), (6, 49), (4, 1024)])
    func averagePooling(planes: Int, plane: Int) throws {
        var generator = SeededGenerator(seed: 12)
        let input = try generator.uniformTensor(shape: [planes * plane], low: -2, high: 2).scalars
        var output = [Float](repeating: .nan, count: planes)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { AveragePooling.forward(x, plane: plane, output: $0) }
        }
        expectClose(output, AveragePooling.referenceForward(input, planes: planes, plane: plane), "means")
        let outputGradient = try generator.uniformTensor(shape: [planes], low: -1, high: 1).scalars
        var inputGradient = [Float](repeating: .nan, count: planes * plane)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { AveragePooling.backward(dy, plane: plane, inputGradient: $0) }
        }
        #expect(inputGradient == AveragePooling.referenceBackward(outputGradient, plane: plane))
    }
}
