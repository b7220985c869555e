import NeuralCore

/// Which placements leave the input unchanged because every masked value already equals the
/// fill value (off-disk regions filled with zeros, for example): their output change is exactly
/// zero. Answers in O(1) per placement from a summed-area table of the pixels equal to the fill.
struct UnchangedPlacements {
    private let table: [Int]
    private let width: Int
    private let channels: Int
    private let placements: OcclusionPlacements

    init(input: Tensor, placements: OcclusionPlacements, fill: Float) {
        let (channels, height, width) = (input.shape[1], input.shape[2], input.shape[3])
        var table = [Int](repeating: 0, count: (height + 1) * (width + 1))
        input.withUnsafeBufferPointer { x in
            for y in 0..<height {
                var rowCount = 0
                for column in 0..<width {
                    for channel in 0..<channels where x[(channel * height + y) * width + column] == fill { rowCount += 1 }
                    table[(y + 1) * (width + 1) + column + 1] = table[y * (width + 1) + column + 1] + rowCount
                }
            }
        }
        self.table = table
        self.width = width
        self.channels = channels
        self.placements = placements
    }

    /// Whether the placement at `index` changes nothing.
    func contains(_ index: Int) -> Bool {
        let (row, column) = placements[index]
        let m = placements.maskSize, stride = width + 1
        let count = table[(row + m) * stride + column + m] - table[row * stride + column + m]
            - table[(row + m) * stride + column] + table[row * stride + column]
        return count == channels * m * m
    }
}
