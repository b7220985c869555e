import Testing
@testable import NeuralCore

@Suite("Determinism and initialisation")
struct DeterminismTests {
    func makeModel(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: seed)
        return try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 3, padding: .same), generator: &g)),
            ("bn1", BatchNorm(features: 4)),
            ("act1", LeakyReLU()),
            ("flatten", Flatten()),
            ("drop", Dropout(rate: 0.5, generator: &g)),
            ("dense", Dense(inFeatures: 64, units: 2, generator: &g)),
        ])
    }

    @Test func sameSeedGivesBitIdenticalWeightsAndOutputs() throws {
        let a = try makeModel(seed: 42), b = try makeModel(seed: 42), c = try makeModel(seed: 43)
        let weightsA = a.namedParameters().map(\.parameter.value)
        #expect(weightsA == b.namedParameters().map(\.parameter.value))
        #expect(weightsA != c.namedParameters().map(\.parameter.value))
        var g = SeededGenerator(seed: 1)
        let x = try g.uniformTensor(shape: [3, 1, 4, 4], low: -1, high: 1)
        // Training mode draws dropout masks: identical too.
        #expect(try a.forward(x, mode: .training) == b.forward(x, mode: .training))
        #expect(try a.forward(x, mode: .inference) == b.forward(x, mode: .inference))
        #expect(try a.forward(x, mode: .training) != c.forward(x, mode: .training))
    }

    @Test func randomStatesRestoreDropoutMasks() throws {
        let model = try makeModel(seed: 5)
        var g = SeededGenerator(seed: 2)
        let x = try g.uniformTensor(shape: [2, 1, 4, 4], low: -1, high: 1)
        let saved = model.randomStates
        #expect(saved.keys.sorted() == ["drop"])
        let first = try model.forward(x, mode: .training)
        let second = try model.forward(x, mode: .training)
        #expect(first != second)
        try model.restoreRandomStates(saved)
        #expect(try model.forward(x, mode: .training) == first)
    }

    @Test func generatorSequenceIsFixedBySeed() throws {
        var a = SeededGenerator(seed: 123), b = SeededGenerator(seed: 123)
        let drawsA = (0..<5).map { _ in a.next() }
        #expect(drawsA == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 124)
        #expect(drawsA != (0..<5).map { _ in c.next() })
        var d = SeededGenerator(seed: 9)
        for _ in 0..<1000 {
            let u = d.nextUniform()
            #expect(u >= 0 && u < 1)
        }
        var e = SeededGenerator(seed: 3)
        #expect(e.permutation(10).sorted() == Array(0..<10))
        // A saved state continues the same sequence; malformed states are refused.
        var f = try SeededGenerator(state: e.state)
        #expect(f.next() == e.next())
        #expect(throws: NeuralCoreError.self) { try SeededGenerator(state: [1, 2]) }
        #expect(throws: NeuralCoreError.self) { try SeededGenerator(state: [0, 0, 0, 0]) }
    }

    @Test func glorotUniformStaysWithinItsLimit() throws {
        var g = SeededGenerator(seed: 3)
        let conv = try Conv2D(.init(inChannels: 8, filters: 16, kernelSize: 3), generator: &g)
        let limit = (6.0 / Float(8 * 9 + 16 * 9)).squareRoot()
        let values = conv.kernel.value.scalars
        #expect(values.allSatisfy { abs($0) <= limit })
        #expect(values.map(abs).max()! > 0.9 * limit)   // the range is used, not a narrower one
        #expect(conv.bias!.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test("Orthogonal initialiser", arguments: [[5, 20], [20, 5], [6, 6]])
    func orthogonal(shape: [Int]) throws {
        var g = SeededGenerator(seed: 4)
        let q = try Initializers.orthogonal(shape: shape, generator: &g)
        let (rows, columns) = (shape[0], shape[1])
        // The shorter side is orthonormal: Q Q^T = I when rows <= columns, else Q^T Q = I.
        let n = min(rows, columns)
        for a in 0..<n {
            for b in 0..<n {
                var dot: Float = 0
                if rows <= columns {
                    for k in 0..<columns { dot += q[a, k] * q[b, k] }
                } else {
                    for k in 0..<rows { dot += q[k, a] * q[k, b] }
                }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-5)
            }
        }
    }

    @Test func lstmStartsWithUnitForgetBias() throws {
        var g = SeededGenerator(seed: 8)
        let lstm = try LSTM(inFeatures: 3, units: 4, generator: &g)
        #expect(lstm.bias.value.scalars == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    }
}
