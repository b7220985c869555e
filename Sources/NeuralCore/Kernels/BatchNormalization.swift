import CSupport

/// Batch normalisation's arithmetic per feature of `[outer, features, inner]` buffers: the
/// affine map with a fused activation, and the backward pass given the statistics (the
/// statistics themselves are ``featureSums(_:outer:features:inner:centres:)``). Rows of
/// `inner` values are split over workers; every kernel has a plain-Swift reference beside it.
enum BatchNormalization {
    /// `activation(scale[f] x + shift[f])` for every value of feature `f`.
    static func scaleShift(
        _ input: Tensor, layout: FeatureLayout, scale: [Float], shift: [Float], activation: PointwiseActivation
    ) -> Tensor {
        let (features, inner) = (layout.features, layout.inner)
        return Tensor(uninitialized: input.shape) { y in
            input.withUnsafeBufferPointer { x in
                let xs = SendableConstPointer(x.baseAddress!), ys = SendablePointer(y.baseAddress!)
                Parallel.forEachChunk(layout.rows, costPerItem: inner) { rows in
                    for row in rows {
                        let c = row % features
                        let source = xs.base + row * inner, destination = ys.base + row * inner
                        flarekit_scale_shift(source, destination, inner, scale[c], shift[c])
                        activation.apply(destination, count: inner)
                    }
                }
            }
        }
    }

    /// The plain-Swift reference of ``scaleShift(_:layout:scale:shift:activation:)``.
    static func referenceScaleShift(
        _ input: [Float], layout: FeatureLayout, scale: [Float], shift: [Float], activation: PointwiseActivation
    ) -> [Float] {
        input.indices.map { i in
            let c = i / layout.inner % layout.features
            let y = input[i] * scale[c] + shift[c]
            return y > 0 ? y : activation.negativeSlope * y
        }
    }

    /// Per feature, the sums of `dy` (first `features` values) and of `dy xHat` (next
    /// `features`), `xHat = (x - mean) inverseDeviation`: `Float` partial sums per row
    /// accumulated in `Double`, so they hardly depend on how the batch is shared out. The row
    /// sums are C kernels in eight lanes combined in a fixed order.
    static func gradientSums(
        outputGradient: Tensor, input: Tensor, layout: FeatureLayout, mean: [Float], inverseDeviation: [Float]
    ) -> [Double] {
        let (outer, features, inner) = (layout.outer, layout.features, layout.inner)
        var sums = [Double](repeating: 0, count: 2 * features)
        outputGradient.withUnsafeBufferPointer { dy in
            input.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { totals in
                    let dys = SendableConstPointer(dy.baseAddress!), xs = SendableConstPointer(x.baseAddress!)
                    let ts = SendablePointer(totals.baseAddress!)
                    Parallel.forEachChunk(features, costPerItem: 2 * outer * inner) { channels in
                        for c in channels {
                            let m = mean[c], inv = inverseDeviation[c]
                            var s = 0.0, sh = 0.0
                            for n in 0..<outer {
                                let offset = (n * features + c) * inner
                                var partial: Float = 0, partialXHat: Float = 0
                                flarekit_normalized_gradient_sums(
                                    dys.base + offset, xs.base + offset, inner, m, inv, &partial, &partialXHat)
                                s += Double(partial)
                                sh += Double(partialXHat)
                            }
                            ts.base[c] = s
                            ts.base[features + c] = sh
                        }
                    }
                }
            }
        }
        return sums
    }

    /// The plain-Swift reference of ``gradientSums(outputGradient:input:layout:mean:inverseDeviation:)``:
    /// every term summed in `Double`.
    static func referenceGradientSums(
        outputGradient: [Float], input: [Float], layout: FeatureLayout, mean: [Float], inverseDeviation: [Float]
    ) -> [Double] {
        var sums = [Double](repeating: 0, count: 2 * layout.features)
        for i in input.indices {
            let c = i / layout.inner % layout.features
            let xHat = (Double(input[i]) - Double(mean[c])) * Double(inverseDeviation[c])
            sums[c] += Double(outputGradient[i])
            sums[layout.features + c] += Double(outputGradient[i]) * xHat
        }
        return sums
    }

    /// The input gradient `gamma inverseDeviation (dy - meanGradient - xHat meanGradientXHat)`
    /// per feature, from the means over the global batch of `dy` and `dy xHat`.
    static func inputGradient(
        outputGradient: Tensor, input: Tensor, layout: FeatureLayout, mean: [Float], inverseDeviation: [Float],
        gamma: [Float], meanGradient: [Float], meanGradientXHat: [Float]
    ) -> Tensor {
        let (features, inner) = (layout.features, layout.inner)
        return Tensor(uninitialized: input.shape) { dx in
            outputGradient.withUnsafeBufferPointer { dy in
                input.withUnsafeBufferPointer { x in
                    let dys = SendableConstPointer(dy.baseAddress!), xs = SendableConstPointer(x.baseAddress!)
                    let dxs = SendablePointer(dx.baseAddress!)
                    Parallel.forEachChunk(layout.rows, costPerItem: inner) { rows in
                        for row in rows {
                            let c = row % features
                            let m = mean[c], inv = inverseDeviation[c]
                            let k = gamma[c] * inv
                            let g = meanGradient[c], gh = meanGradientXHat[c]
                            let offset = row * inner
                            flarekit_batch_norm_input_gradient(
                                dys.base + offset, xs.base + offset, dxs.base + offset, inner, m, inv, k, g, gh)
                        }
                    }
                }
            }
        }
    }

    /// The plain-Swift reference of
    /// ``inputGradient(outputGradient:input:layout:mean:inverseDeviation:gamma:meanGradient:meanGradientXHat:)``.
    static func referenceInputGradient(
        outputGradient: [Float], input: [Float], layout: FeatureLayout, mean: [Float], inverseDeviation: [Float],
        gamma: [Float], meanGradient: [Float], meanGradientXHat: [Float]
    ) -> [Float] {
        input.indices.map { i in
            let c = i / layout.inner % layout.features
            let xHat = (Double(input[i]) - Double(mean[c])) * Double(inverseDeviation[c])
            let centred = Double(outputGradient[i]) - Double(meanGradient[c]) - xHat * Double(meanGradientXHat[c])
            return Float(Double(gamma[c]) * Double(inverseDeviation[c]) * centred)
        }
    }
}
