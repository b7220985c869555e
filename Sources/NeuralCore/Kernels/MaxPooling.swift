import CSupport

/// Max pooling of NCHW planes: the maximum of each window, with `same` padding never winning
/// (it acts as minus infinity), ties to the first maximum in row-major order, and the index of
/// that maximum kept for the backward pass. ``referenceForward(_:planes:geometry:)`` is the
/// plain-Swift reference.
enum MaxPooling {
    /// The pool of an `[N, C, H, W]` tensor; with `argmax`, also the index of each maximum
    /// (resized to the output's count) for ``backpropagate(_:argmax:inputShape:geometry:)``.
    static func pool(_ input: Tensor, geometry g: WindowGeometry, argmax: inout [Int32]?) -> Tensor {
        let planes = input.shape[0] * input.shape[1]
        if let count = argmax?.count, count != planes * g.outputPlane {
            argmax = [Int32](repeating: 0, count: planes * g.outputPlane)
        }
        return Tensor(uninitialized: [input.shape[0], input.shape[1], g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                if argmax == nil {
                    forward(x.baseAddress!, planes: planes, geometry: g, output: y.baseAddress!, argmax: nil)
                    return
                }
                argmax!.withUnsafeMutableBufferPointer { indices in
                    forward(x.baseAddress!, planes: planes, geometry: g, output: y.baseAddress!, argmax: indices.baseAddress!)
                }
            }
        }
    }

    /// The input gradient of ``pool(_:geometry:argmax:)`` from the indices it recorded.
    /// Windows that tile the input (CNN-2's and CNN-1's pools) write every input value once;
    /// others add into zeros.
    static func backpropagate(_ outputGradient: Tensor, argmax: [Int32], inputShape: [Int], geometry g: WindowGeometry) -> Tensor {
        let planes = inputShape[0] * inputShape[1]
        if g.tilesInput {
            return Tensor(uninitialized: inputShape) { dx in
                outputGradient.withUnsafeBufferPointer { dy in
                    argmax.withUnsafeBufferPointer { indices in
                        let dys = SendableConstPointer(dy.baseAddress!), ids = SendableConstPointer(indices.baseAddress!)
                        let dxs = SendablePointer(dx.baseAddress!)
                        Parallel.forEachChunk(planes, costPerItem: g.inputPlane) { range in
                            var window = g.cWindow
                            for plane in range {
                                flarekit_max_pool_tiled_backward(
                                    dys.base + plane * g.outputPlane, ids.base + plane * g.outputPlane, &window,
                                    dxs.base + plane * g.inputPlane)
                            }
                        }
                    }
                }
            }
        }
        var inputGradient = Tensor(zeros: inputShape)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                argmax.withUnsafeBufferPointer { indices in
                    backward(
                        dy.baseAddress!, argmax: indices.baseAddress!, planes: planes, geometry: g,
                        inputGradient: dx.baseAddress!)
                }
            }
        }
        return inputGradient
    }

    /// Pools `planes` planes of `input` into `output`, planes split over workers; with `argmax`,
    /// also writes each maximum's index within its input plane.
    static func forward(
        _ input: UnsafePointer<Float>, planes: Int, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        let xs = SendableConstPointer(input), ys = SendablePointer(output)
        let ids = argmax.map { SendablePointer($0) }
        Parallel.forEachChunk(planes, costPerItem: g.outputPlane * g.windowHeight * g.windowWidth) { range in
            for plane in range {
                poolPlane(
                    xs.base + plane * g.inputPlane, geometry: g, output: ys.base + plane * g.outputPlane,
                    argmax: ids.map { $0.base + plane * g.outputPlane })
            }
        }
    }

    /// Adds each output gradient to the input position of its window's maximum (the C
    /// kernel), planes split over workers.
    static func backward(
        _ outputGradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, planes: Int, geometry g: WindowGeometry,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        let dys = SendableConstPointer(outputGradient), ids = SendableConstPointer(argmax)
        let dxs = SendablePointer(inputGradient)
        Parallel.forEachChunk(planes, costPerItem: g.outputPlane) { range in
            for plane in range {
                let source = plane * g.outputPlane
                flarekit_scatter_add_indexed(dys.base + source, ids.base + source, g.outputPlane, dxs.base + plane * g.inputPlane)
            }
        }
    }

    /// One plane: the C kernel or the bounds-free loop when every window lies inside the image,
    /// the general loop otherwise.
    static func poolPlane(
        _ input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        let inside = g.padTop == 0 && g.padLeft == 0
            && (g.outputHeight - 1) * g.strideHeight + g.windowHeight <= g.inputHeight
            && (g.outputWidth - 1) * g.strideWidth + g.windowWidth <= g.inputWidth
        switch (inside, argmax) {
        case (true, nil):
            var window = g.cWindow
            flarekit_max_pool_plane(input, &window, output)
        case let (true, argmax?):
            poolInteriorPlane(input, geometry: g, output: output, argmax: argmax)
        default:
            poolPaddedPlane(input, geometry: g, output: output, argmax: argmax)
        }
    }

    /// Every window inside the image: the C kernel (branch-free selects over each output row,
    /// AVX2 where available); ties keep the first maximum in row-major window order.
    private static func poolInteriorPlane(
        _ input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>
    ) {
        var window = g.cWindow
        flarekit_max_pool_plane_argmax(input, &window, output, argmax)
    }

    /// Windows clipped to the image (the inception modules' 3 x 3 stride-1 `same` pools): the
    /// C kernel folds each tap across the outputs whose window holds it inside the image.
    private static func poolPaddedPlane(
        _ input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        var window = g.cWindow
        flarekit_max_pool_plane_padded(input, &window, output, argmax)
    }

    /// The plain-Swift reference of ``forward(_:planes:geometry:output:argmax:)``: for each
    /// window, the first largest value among the taps inside the image and its index.
    static func referenceForward(
        _ input: [Float], planes: Int, geometry g: WindowGeometry
    ) -> (output: [Float], argmax: [Int32]) {
        var output: [Float] = [], argmax: [Int32] = []
        for plane in 0..<planes {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    var best: (value: Float, index: Int)?
                    for i in 0..<g.windowHeight {
                        for j in 0..<g.windowWidth {
                            let iy = oy * g.strideHeight - g.padTop + i, ix = ox * g.strideWidth - g.padLeft + j
                            guard iy >= 0, iy < g.inputHeight, ix >= 0, ix < g.inputWidth else { continue }
                            let index = iy * g.inputWidth + ix
                            let value = input[plane * g.inputPlane + index]
                            if best == nil || value > best!.value { best = (value, index) }
                        }
                    }
                    output.append(best!.value)
                    argmax.append(Int32(best!.index))
                }
            }
        }
        return (output, argmax)
    }
}
