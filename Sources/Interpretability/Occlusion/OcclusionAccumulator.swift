/// The running sum and count of output changes per pixel. Each placement adds its change to
/// every masked pixel; the occlusion map is sum / count (Bhattacharjee et al. 2020, Sect. 4.5).
///
/// A placement costs O(1): the square is added to two-dimensional difference arrays (in
/// `Double`), whose prefix sums at the end give every pixel's sum and count.
struct OcclusionAccumulator {
    let height: Int
    let width: Int
    private var sums: [Double]
    private var counts: [Int]

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        sums = [Double](repeating: 0, count: (height + 1) * (width + 1))
        counts = [Int](repeating: 0, count: (height + 1) * (width + 1))
    }

    /// Adds `change` to the `size` x `size` square with top-left corner (`row`, `column`).
    mutating func add(_ change: Double, row: Int, column: Int, size: Int) {
        let stride = width + 1
        let bottom = row + size, right = column + size
        sums[row * stride + column] += change
        sums[row * stride + right] -= change
        sums[bottom * stride + column] -= change
        sums[bottom * stride + right] += change
        counts[row * stride + column] += 1
        counts[row * stride + right] -= 1
        counts[bottom * stride + column] -= 1
        counts[bottom * stride + right] += 1
    }

    /// Every pixel's mean change, row-major; pixels never masked get 0.
    func average() -> [Float] {
        let stride = width + 1
        var sum = sums, count = counts
        for y in 0...height {
            for x in 0...width {
                let index = y * stride + x
                if x > 0 { sum[index] += sum[index - 1]; count[index] += count[index - 1] }
            }
        }
        for y in 1...height {
            for x in 0...width {
                let index = y * stride + x
                sum[index] += sum[index - stride]
                count[index] += count[index - stride]
            }
        }
        var result = [Float](repeating: 0, count: height * width)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * stride + x
                if count[index] > 0 { result[y * width + x] = Float(sum[index] / Double(count[index])) }
            }
        }
        return result
    }

    /// Every pixel's count, row-major (for tests).
    func coverage() -> [Int] {
        let stride = width + 1
        var count = counts
        for y in 0...height { for x in 1...width { count[y * stride + x] += count[y * stride + x - 1] } }
        for y in 1...height { for x in 0...width { count[y * stride + x] += count[(y - 1) * stride + x] } }
        var result = [Int](repeating: 0, count: height * width)
        for y in 0..<height { for x in 0..<width { result[y * width + x] = count[y * stride + x] } }
        return result
    }
}
