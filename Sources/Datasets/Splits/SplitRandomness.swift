import NeuralCore

/// The random choices the splits share, all drawn from NeuralCore's `SeededGenerator`.
enum SplitRandomness {
    /// `count` seeds for the rounds of a scheme: the first `count` outputs of a generator
    /// seeded with `seed`, so round `r` can be rerun alone from its recorded seed.
    static func roundSeeds(_ seed: UInt64, count: Int) -> [UInt64] {
        var generator = SeededGenerator(seed: seed)
        return (0..<max(count, 0)).map { _ in generator.next() }
    }

    /// The items (sorted ascending first, so input order does not matter) in a random order.
    static func shuffled(_ items: [Int], using generator: inout SeededGenerator) -> [Int] {
        let sorted = items.sorted()
        return generator.permutation(sorted.count).map { sorted[$0] }
    }

    /// Throws unless both classes have at least `parts` regions.
    static func requireRegions(flaring: Int, nonflaring: Int, parts: Int, scheme: String) throws {
        guard parts >= 2 else {
            throw DatasetsError.invalidValue(what: "number of parts of \(scheme)", value: "\(parts)", reason: "must be at least 2")
        }
        guard flaring >= parts, nonflaring >= parts else {
            throw DatasetsError.insufficientData(
                "\(scheme) into \(parts) parts needs at least \(parts) flaring and \(parts) nonflaring regions; "
                    + "there are \(flaring) flaring and \(nonflaring) nonflaring")
        }
    }
}
