import Foundation

/// A fast, seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random choice in FlareKit (weight initialisation, dropout masks, shuffling,
/// augmentation) draws from a `SeededGenerator` passed in by the caller, so the same seed
/// gives the same result on every run and machine. Its ``state`` can be saved and restored,
/// which is how checkpoints resume bit-identically.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let u = generator.nextUniform()          // in [0, 1)
/// let z = generator.nextNormal()           // standard normal
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The four 64-bit words of the generator's state; ``init(state:)`` restores it.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator continuing from a saved ``state``.
    /// - Throws: ``NeuralCoreError/invalidArgument(name:value:reason:)`` unless the state has
    ///   four words, not all zero.
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw NeuralCoreError.invalidArgument(
                name: "generator state", value: "\(state)", reason: "needs four words, not all zero")
        }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Float` in [low, high).
    public mutating func nextUniform(in low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUniform()
    }

    /// A standard normal `Float` (Box-Muller on two uniform doubles).
    public mutating func nextNormal() -> Float {
        var u1 = nextUniformDouble()
        while u1 <= 0 { u1 = nextUniformDouble() }
        let u2 = nextUniformDouble()
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A `Float` tensor of the given shape with values uniform in [low, high).
    public mutating func uniformTensor(shape: [Int], low: Float = 0, high: Float = 1) throws -> Tensor {
        var tensor = try Tensor(shape: shape)
        for i in 0..<tensor.count { tensor.scalars[i] = nextUniform(in: low, high) }
        return tensor
    }

    /// A `Float` tensor of the given shape with standard-normal values times `scale`.
    public mutating func normalTensor(shape: [Int], scale: Float = 1) throws -> Tensor {
        var tensor = try Tensor(shape: shape)
        for i in 0..<tensor.count { tensor.scalars[i] = scale * nextNormal() }
        return tensor
    }

    /// A random permutation of `0..<count` (Fisher-Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count < 2 { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

