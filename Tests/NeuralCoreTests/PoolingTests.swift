import Testing
@testable import NeuralCore

@Suite("Pooling")
struct PoolingTests {
    @Test func maxPoolSamePaddingIgnoresThePaddedCells() throws {
        // 3x3 input, 2x2 window, stride 2, same: output 2x2 with the padding after the image.
        let pool = try MaxPool2D(poolSize: 2, padding: .same)
        let x = try Tensor(shape: [1, 1, 3, 3], scalars: [-1, -2, -3, -4, -5, -6, -7, -8, -9])
        let y = try pool.forward(x, mode: .inference)
        #expect(y.shape == [1, 1, 2, 2])
        // Windows {0,1}x{0,1}, {0,1}x{2}, {2}x{0,1}, {2}x{2}; padding never wins, even
        // against negative values.
        #expect(y.scalars == [-1, -3, -7, -9])
    }

    @Test func maxPoolValidDropsTheRemainder() throws {
        let pool = try MaxPool2D(poolSize: 3)
        let x = try Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let y = try pool.forward(x, mode: .inference)
        #expect(y.shape == [1, 1, 1, 1])
        #expect(y.scalars == [11])
        #expect(try pool.outputShape(for: [2, 32, 256, 256]) == [2, 32, 85, 85])
        #expect(try pool.outputShape(for: [2, 64, 85, 85]) == [2, 64, 28, 28])
        #expect(try pool.outputShape(for: [2, 160, 28, 28]) == [2, 160, 9, 9])
    }

    @Test func maxPoolGradientGoesToTheMaximum() throws {
        let pool = try MaxPool2D(poolSize: 2)
        let x = try Tensor(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
        _ = try pool.forward(x, mode: .training)
        let dx = try pool.backward(try Tensor(shape: [1, 1, 1, 2], scalars: [10, 20]))
        #expect(dx.scalars == [0, 10, 0, 0, 0, 0, 20, 0])
    }

    @Test func globalAveragePool() throws {
        let pool = GlobalAveragePool2D()
        let x = try Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 10, 20, 30, 40])
        #expect(try pool.forward(x, mode: .inference).scalars == [2.5, 25])
    }
}
