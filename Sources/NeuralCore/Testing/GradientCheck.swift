/// Finite-difference gradient checks for layers and scalar functions.
///
/// One helper runs every check in the test suite, so checking a new layer is one call:
///
/// ```swift
/// let results = try GradientCheck.check(layer: conv, inputShape: [2, 3, 6, 6], seed: 1)
/// #expect(results.allSatisfy(\.passed))
/// ```
///
/// The scalar function is `f = sum(r * y)` for a fixed random projection `r` of the layer's
/// training-mode output `y`, accumulated in `Double`; numeric derivatives are central
/// differences `(f(x + h) - f(x - h)) / 2h` with h = 1e-2 by default: large enough that Float32
/// rounding in `f` stays far below the tolerance even where the true gradient is zero. Near
/// kinks (ReLU at 0, max-pooling ties) pick inputs away from them or a smaller step. A check passes when
/// `max|analytic - numeric| / max(max|numeric|, 1e-3) <= tolerance` (default 1e-2).
/// Random layers (dropout) get the same generator state before every evaluation, so every
/// evaluation draws the same mask.
public enum GradientCheck {
    /// The outcome of checking one gradient tensor.
    public struct Result: Sendable, CustomStringConvertible {
        /// What was checked: `input` or a dotted parameter name.
        public var name: String
        /// max |analytic - numeric|.
        public var maximumAbsoluteError: Double
        /// max |numeric|.
        public var maximumNumeric: Double
        /// maximumAbsoluteError / max(maximumNumeric, 1e-3).
        public var relativeError: Double
        /// The tolerance the check was run with.
        public var tolerance: Double
        /// Whether relativeError <= tolerance.
        public var passed: Bool { relativeError <= tolerance }

        public var description: String {
            let verdict = passed ? "ok" : "FAILED"
            return "\(name): relative error \(relativeError) (max abs \(maximumAbsoluteError), "
                + "max numeric \(maximumNumeric), tolerance \(tolerance)) \(verdict)"
        }
    }

    /// Compares an analytic gradient of `function` at `point` with central differences.
    /// - Parameters:
    ///   - name: what the gradient is of, for the result.
    ///   - function: the scalar function, evaluated in `Double`.
    ///   - point: where to differentiate.
    ///   - analytic: the claimed gradient, same shape as `point`.
    ///   - step: the finite-difference step h.
    public static func compare(
        name: String, function: (Tensor) throws -> Double, at point: Tensor, analytic: Tensor,
        step: Float = 1e-2, tolerance: Double = 1e-2
    ) throws -> Result {
        try analytic.expectShape(point.shape, in: "GradientCheck analytic gradient of \(name)")
        var probe = point
        var maximumError = 0.0
        var maximumNumeric = 0.0
        for i in 0..<point.count {
            let original = point.scalars[i]
            probe.scalars[i] = original + step
            let plus = try function(probe)
            probe.scalars[i] = original - step
            let minus = try function(probe)
            probe.scalars[i] = original
            let numeric = (plus - minus) / (2 * Double(step))
            maximumNumeric = max(maximumNumeric, abs(numeric))
            maximumError = max(maximumError, abs(numeric - Double(analytic.scalars[i])))
        }
        return Result(
            name: name, maximumAbsoluteError: maximumError, maximumNumeric: maximumNumeric,
            relativeError: maximumError / max(maximumNumeric, 1e-3), tolerance: tolerance)
    }

    /// Checks the input gradient and every trainable parameter gradient of `layer` in
    /// training mode.
    /// - Parameters:
    ///   - layer: the layer (or model) to check.
    ///   - input: the point to check at.
    ///   - seed: seeds the output projection `r`.
    /// - Returns: one result for `input`, then one per trainable parameter.
    public static func check(
        layer: any Layer, input: Tensor, seed: UInt64 = 0,
        step: Float = 1e-2, tolerance: Double = 1e-2
    ) throws -> [Result] {
        var generator = SeededGenerator(seed: seed)
        let randomStates = layer.randomStates
        let outputShape = try layer.outputShape(for: input.shape)
        let projection = try generator.uniformTensor(shape: outputShape, low: -1, high: 1)

        func objective(_ x: Tensor) throws -> Double {
            try layer.restoreRandomStates(randomStates)
            let y = try layer.forward(x, mode: .training)
            try y.expectShape(outputShape, in: "GradientCheck output of \(layer.kind)")
            return try y.dot(projection)
        }

        // Analytic gradients.
        layer.zeroGradients()
        _ = try objective(input)
        let inputGradient = try layer.backward(projection)
        let parameters = layer.namedParameters().filter { $0.parameter.isTrainable }
        let parameterGradients = parameters.map { $0.parameter.gradient }

        var results = [try compare(
            name: "input", function: objective, at: input, analytic: inputGradient,
            step: step, tolerance: tolerance)]
        for (index, (name, parameter)) in parameters.enumerated() {
            let original = parameter.value
            let result = try compare(
                name: name,
                function: { value in
                    parameter.value = value
                    return try objective(input)
                },
                at: original, analytic: parameterGradients[index], step: step, tolerance: tolerance)
            parameter.value = original
            results.append(result)
        }
        try layer.restoreRandomStates(randomStates)
        return results
    }

    /// Checks `layer` at a random input of the given shape, uniform in [-1, 1).
    public static func check(
        layer: any Layer, inputShape: [Int], seed: UInt64 = 0,
        step: Float = 1e-2, tolerance: Double = 1e-2
    ) throws -> [Result] {
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        let input = try generator.uniformTensor(shape: inputShape, low: -1, high: 1)
        return try check(layer: layer, input: input, seed: seed, step: step, tolerance: tolerance)
    }
}
