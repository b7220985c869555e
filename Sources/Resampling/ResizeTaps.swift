/// The input indices and weights of every output index along one axis, computed in `Float`
/// exactly as TensorFlow does (bicubic weights from its 1024-entry table of the Keys kernel).
struct ResizeTaps {
    var indices: [[Int]]
    var weights: [[Float]]

    /// TensorFlow's bicubic coefficient table size.
    static let tableSize = 1024

    init(method: ResizeMethod, input: Int, output: Int) {
        let scale = Float(input) / Float(output)
        indices = []
        weights = []
        for i in 0..<output {
            switch method {
            case .nearest:
                indices.append([min(Int(((Float(i) + 0.5) * scale).rounded(.down)), input - 1)])
                weights.append([1])
            case .bilinear:
                let position = (Float(i) + 0.5) * scale - 0.5
                let lowerFloor = position.rounded(.down)
                indices.append([max(Int(lowerFloor), 0), min(Int(position.rounded(.up)), input - 1)])
                weights.append([1 - (position - lowerFloor), position - lowerFloor])
            case .bicubic:
                let position = (Float(i) + 0.5) * scale - 0.5
                let base = Int(position.rounded(.down))
                let offset = Int((( position - position.rounded(.down)) * Float(Self.tableSize)).rounded(.toNearestOrEven))
                let distances: [Float] = [
                    1 + Float(offset) / Float(Self.tableSize), Float(offset) / Float(Self.tableSize),
                    Float(Self.tableSize - offset) / Float(Self.tableSize), 1 + Float(Self.tableSize - offset) / Float(Self.tableSize),
                ]
                var taps: [Int] = [], tapWeights: [Float] = []
                for k in 0..<4 {
                    let index = base - 1 + k
                    guard index >= 0, index < input else { continue }
                    taps.append(index)
                    tapWeights.append(Self.keys(distances[k]))
                }
                let total = tapWeights.reduce(0, +)
                indices.append(taps)
                weights.append(abs(total) >= 1000 * Float.leastNormalMagnitude ? tapWeights.map { $0 * (1 / total) } : tapWeights)
            }
        }
    }

    /// The Keys cubic convolution kernel with a = -0.5, at distance `d` >= 0.
    static func keys(_ d: Float) -> Float {
        let a: Float = -0.5
        if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
        if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return 0
    }
}
