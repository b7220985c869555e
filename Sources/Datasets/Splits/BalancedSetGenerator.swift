import NeuralCore

/// Guastavino et al. (2022, Sect. 2.2-2.3) well-balanced data sets: training, validation and
/// test sets whose class rates match target rates (proportionality) and which take whole
/// regions, no region in two sets of a triple (parsimony).
///
/// Each set of size n wants `n_c = n x p_c` samples of class c (largest-remainder rounding).
/// It is filled class by class in the order X, M, C, NO1, NO2, NO3, NO4, from the regions not
/// yet used by the triple:
///
/// - while the set has fewer than `n_c` samples of class c, a random region holding class-c
///   samples is added with all its samples. Candidates for X are regions with X samples; for M,
///   regions with M but no X samples; for C, regions with C but no X or M samples; for the null
///   classes, regions with samples of that class but no X or M samples (regions with X or M
///   samples are kept for other sets);
/// - at the end, each class with more than `n_c` samples is cut to `n_c` by discarding
///   randomly chosen excess samples (they go to no set).
///
/// A class whose candidates run out stays short: the set reports a ``ClassShortfall`` and
/// the ``ShortfallPolicy`` decides (report, fail, or scale all sizes down). The sets of a
/// triple are built in the order training, validation, test. Realisation r draws from a
/// `SeededGenerator` seeded with the r-th output of a generator seeded with `seed`.
///
/// ```swift
/// let generator = BalancedSetGenerator(configuration: BalancedSetConfiguration(
///     sizes: BalancedSetSizes(training: 6000, validation: 2000, test: 2000)))
/// let triples = try generator.triples(samples: manifest.samples, realisations: 10, seed: 1)
/// triples[0].test.rates[.M]                   // about 0.0321
/// triples[0].shortfallDescription             // nil when every target was met
/// ```
public struct BalancedSetGenerator: Sendable {
    /// The settings.
    public var configuration: BalancedSetConfiguration

    /// Creates a generator.
    public init(configuration: BalancedSetConfiguration) {
        self.configuration = configuration
    }

    /// `realisations` independent triples from labelled samples (indices are positions in
    /// `samples`).
    public func triples(samples: [LabeledSample], realisations: Int, seed: UInt64) throws -> [BalancedTriple] {
        try triples(
            harpNumbers: samples.map(\.harpNumber), classes: samples.map(\.sampleClass),
            realisations: realisations, seed: seed)
    }

    /// `realisations` independent triples from per-sample HARP numbers and classes.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for bad settings or arrays
    ///   of different lengths; ``DatasetsError/insufficientData(_:)`` under the `fail` and
    ///   `scaleDown` policies when targets cannot be met.
    public func triples(
        harpNumbers: [Int], classes: [SampleClass], realisations: Int, seed: UInt64
    ) throws -> [BalancedTriple] {
        guard realisations >= 1 else {
            throw DatasetsError.invalidValue(what: "number of realisations", value: "\(realisations)", reason: "must be at least 1")
        }
        let pool = try BalancedPool(harpNumbers: harpNumbers, classes: classes)
        try configuration.validate()
        return try SplitRandomness.roundSeeds(seed, count: realisations).enumerated().map { realisation, realisationSeed in
            try triple(pool: pool, realisation: realisation, seed: realisationSeed)
        }
    }

    /// One triple from its own seed (what ``triples(harpNumbers:classes:realisations:seed:)``
    /// returns as realisation `realisation` when given that realisation's recorded seed).
    public func triple(
        harpNumbers: [Int], classes: [SampleClass], realisation: Int = 0, seed: UInt64
    ) throws -> BalancedTriple {
        let pool = try BalancedPool(harpNumbers: harpNumbers, classes: classes)
        try configuration.validate()
        return try triple(pool: pool, realisation: realisation, seed: seed)
    }

    private func triple(pool: BalancedPool, realisation: Int, seed: UInt64) throws -> BalancedTriple {
        var scale = 1.0
        var sizes = configuration.sizes
        for _ in 0..<200 {
            let triple = build(pool: pool, sizes: sizes, scale: scale, realisation: realisation, seed: seed)
            if triple.isComplete { return triple }
            let which = "realisation \(realisation) (seed \(seed))"
            switch configuration.shortfallPolicy {
            case .report:
                return triple
            case .fail:
                throw DatasetsError.insufficientData(
                    "the samples cannot fill the well-balanced sets of \(which): \(triple.shortfallDescription ?? "")")
            case .scaleDown:
                let shortfalls = [triple.training, triple.validation, triple.test].flatMap(\.shortfalls)
                let ratio = shortfalls.map { $0.realised > 0 ? Double($0.realised) / Double($0.target) : 0.5 }.min() ?? 0.5
                var next = scale * ratio
                while configuration.sizes.scaled(by: next) == sizes, next > 0 { next *= 0.99 }
                let nextSizes = configuration.sizes.scaled(by: next)
                // Shrinking must not drop a class (or a set) the configured sizes want.
                let lost = zip(configuration.sizes.all, nextSizes.all).contains { configured, shrunk in
                    let wanted = configuration.targetCounts(size: configured)
                    let kept = configuration.targetCounts(size: shrunk)
                    return SampleClass.allCases.contains { wanted[$0] > 0 && kept[$0] == 0 }
                }
                guard !lost else {
                    throw DatasetsError.insufficientData(
                        "no scale-down of the well-balanced set sizes \(configuration.sizes.all) meets every class target "
                            + "in \(which); at scale \(scale): \(triple.shortfallDescription ?? ""); the report shortfall "
                            + "policy (flarekit train --shortfall report) builds the sets anyway, listing the short classes")
                }
                scale = next
                sizes = nextSizes
            }
        }
        throw DatasetsError.insufficientData(
            "scaling down the well-balanced set sizes \(configuration.sizes.all) did not converge for realisation \(realisation)")
    }

    private func build(
        pool: BalancedPool, sizes: BalancedSetSizes, scale: Double, realisation: Int, seed: UInt64
    ) -> BalancedTriple {
        var generator = SeededGenerator(seed: seed)
        var available = Set(pool.harps)
        let sets = sizes.all.map { size in
            buildSet(pool: pool, target: configuration.targetCounts(size: size), available: &available, generator: &generator)
        }
        return BalancedTriple(
            realisation: realisation, seed: seed, scale: scale, sizes: sizes, training: sets[0],
            validation: sets[1], test: sets[2])
    }

    private func buildSet(
        pool: BalancedPool, target: PerSampleClass<Int>, available: inout Set<Int>, generator: inout SeededGenerator
    ) -> BalancedSet {
        var chosen: [Int] = []
        var counts = PerSampleClass(repeating: 0)
        for sampleClass in SampleClass.allCases where counts[sampleClass] < target[sampleClass] {
            let candidates = pool.harps.filter {
                available.contains($0) && BalancedPool.isCandidate(pool.counts[$0], for: sampleClass)
            }
            for harp in SplitRandomness.shuffled(candidates, using: &generator) {
                if counts[sampleClass] >= target[sampleClass] { break }
                available.remove(harp)
                chosen.append(harp)
                let added = pool.counts[harp] ?? PerSampleClass(repeating: 0)
                counts = PerSampleClass { counts[$0] + added[$0] }
            }
        }
        var kept: [Int] = []
        var keptCounts = PerSampleClass(repeating: 0)
        var discarded = 0
        var shortfalls: [ClassShortfall] = []
        for sampleClass in SampleClass.allCases {
            let members = chosen.sorted().flatMap { pool.indices[$0]?[sampleClass] ?? [] }
            let wanted = target[sampleClass]
            if members.count > wanted {
                kept += generator.permutation(members.count).prefix(wanted).map { members[$0] }
                discarded += members.count - wanted
                keptCounts[sampleClass] = wanted
            } else {
                kept += members
                keptCounts[sampleClass] = members.count
                if members.count < wanted {
                    shortfalls.append(ClassShortfall(sampleClass: sampleClass, target: wanted, realised: members.count))
                }
            }
        }
        return BalancedSet(
            harpNumbers: chosen.sorted(), sampleIndices: kept.sorted(), targetCounts: target, counts: keptCounts,
            shortfalls: shortfalls, discardedSampleCount: discarded)
    }
}

/// The samples of each region by class.
struct BalancedPool {
    /// HARP numbers, ascending.
    let harps: [Int]
    /// Sample indices of each HARP by class, ascending.
    let indices: [Int: PerSampleClass<[Int]>]
    /// Sample counts of each HARP by class.
    let counts: [Int: PerSampleClass<Int>]

    init(harpNumbers: [Int], classes: [SampleClass]) throws {
        guard harpNumbers.count == classes.count else {
            throw DatasetsError.invalidValue(
                what: "per-sample arrays", value: "\(harpNumbers.count) HARPs, \(classes.count) classes",
                reason: "must have equal lengths")
        }
        var indices: [Int: PerSampleClass<[Int]>] = [:]
        for (index, harp) in harpNumbers.enumerated() {
            indices[harp, default: PerSampleClass(repeating: [])][classes[index]].append(index)
        }
        self.indices = indices
        self.counts = indices.mapValues { $0.map(\.count) }
        self.harps = indices.keys.sorted()
    }

    /// Whether a region with these class counts may be added to fill `sampleClass`.
    static func isCandidate(_ counts: PerSampleClass<Int>?, for sampleClass: SampleClass) -> Bool {
        guard let counts, counts[sampleClass] > 0 else { return false }
        switch sampleClass {
        case .X: return true
        case .M: return counts.x == 0
        default: return counts.x == 0 && counts.m == 0
        }
    }
}
