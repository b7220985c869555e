import Testing
@testable import NeuralCore

/// ``Tensor``'s element-wise, reduction and product operations against plain loops.
@Suite("Tensor operations")
struct TensorOperationsTests {
    @Test func mapAndCombineWorkValueByValue() throws {
        var generator = SeededGenerator(seed: 2)
        let a = try generator.uniformTensor(shape: [3, 40_000], low: -1, high: 1)
        let b = try generator.uniformTensor(shape: [3, 40_000], low: -1, high: 1)
        #expect(a.map { $0 * $0 + 1 }.scalars == a.scalars.map { $0 * $0 + 1 })
        let difference = try a.combined(with: b, -)
        #expect(difference.shape == a.shape)
        #expect(difference.scalars == zip(a.scalars, b.scalars).map(-))
        #expect(throws: NeuralCoreError.self) { try a.combined(with: try Tensor(shape: [2]), +) }
        var c = a
        try c.add(b, scaledBy: -0.5)
        #expect(c.scalars == zip(a.scalars, b.scalars).map { $0 + -0.5 * $1 })
    }

    @Test func reductions() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.sum() == 21)
        #expect(try x.dot(x) == 91)
        var sums = try Tensor(shape: [3], scalars: [1, 0, -1])
        try sums.addColumnSums(of: x)
        #expect(sums.scalars == [6, 7, 8])
        #expect(throws: NeuralCoreError.self) { try sums.addColumnSums(of: try Tensor(shape: [4])) }
        let rows = Tensor(rows: 2, repeating: try Tensor(shape: [3], scalars: [7, 8, 9]))
        #expect(rows.shape == [2, 3])
        #expect(rows.scalars == [7, 8, 9, 7, 8, 9])
    }

    @Test("matmul matches the triple loop", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(transposeA: Bool, transposeB: Bool) throws {
        var generator = SeededGenerator(seed: 3)
        let (m, n, k) = (5, 7, 4)
        let a = try generator.uniformTensor(shape: transposeA ? [k, m] : [m, k], low: -1, high: 1)
        let b = try generator.uniformTensor(shape: transposeB ? [n, k] : [k, n], low: -1, high: 1)
        let product = try Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(product.shape == [m, n])
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    sum += (transposeA ? a[p, i] : a[i, p]) * (transposeB ? b[j, p] : b[p, j])
                }
                #expect(abs(product[i, j] - sum) < 1e-5)
            }
        }
        var accumulated = product
        try accumulated.addMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
        expectClose(accumulated.scalars, product.scalars.map { 2 * $0 }, "accumulated product")
        #expect(throws: NeuralCoreError.self) { try Tensor.matmul(a, a, transposeA: transposeA, transposeB: transposeA) }
    }
}
