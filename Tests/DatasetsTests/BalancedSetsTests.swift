import Foundation
import NeuralCore
import Testing

@testable import Datasets

@Suite("Guastavino well-balanced sets")
struct BalancedSetsTests {
    /// A constructed archive: region types with fixed class compositions.
    /// - 30 X regions (HARP 1000+): 2 X, 5 M, 10 C, 3 NO2, 10 NO3, 10 NO4
    /// - 60 M regions (2000+): 6 M, 10 C, 4 NO2, 10 NO3, 10 NO4
    /// - 150 C regions (3000+): 10 C, 3 NO2, 8 NO3, 12 NO4
    /// - 600 quiet regions (4000+): 20 NO1
    /// Samples are interleaved so indices and regions do not line up.
    struct Pool {
        var harpNumbers: [Int] = []
        var classes: [SampleClass] = []

        init(xRegions: Int = 30, quietRegions: Int = 600) {
            let types: [(base: Int, count: Int, composition: [(SampleClass, Int)])] = [
                (1000, xRegions, [(.X, 2), (.M, 5), (.C, 10), (.NO2, 3), (.NO3, 10), (.NO4, 10)]),
                (2000, 60, [(.M, 6), (.C, 10), (.NO2, 4), (.NO3, 10), (.NO4, 10)]),
                (3000, 150, [(.C, 10), (.NO2, 3), (.NO3, 8), (.NO4, 12)]),
                (4000, quietRegions, [(.NO1, 20)]),
            ]
            var entries: [(Int, SampleClass)] = []
            for type in types {
                for region in 0..<type.count {
                    for (sampleClass, count) in type.composition {
                        entries += Array(repeating: (type.base + region, sampleClass), count: count)
                    }
                }
            }
            var generator = SeededGenerator(seed: 1234)
            for index in generator.permutation(entries.count) {
                harpNumbers.append(entries[index].0)
                classes.append(entries[index].1)
            }
        }
    }

    let sizes = BalancedSetSizes(training: 2000, validation: 1000, test: 1000)

    /// The paper's rates times 2000 and 1000, rounded by largest remainders by hand:
    /// 2000: quotas 2.6, 64.2, 361.6, 918.8, 71.4, 241.2, 340.2 -> +1 to NO1, X, C.
    /// 1000: quotas 1.3, 32.1, 180.8, 459.4, 35.7, 120.6, 170.1 -> +1 to C, NO2, NO3.
    let targets2000 = PerSampleClass(x: 3, m: 64, c: 362, no1: 919, no2: 71, no3: 241, no4: 340)
    let targets1000 = PerSampleClass(x: 1, m: 32, c: 181, no1: 459, no2: 36, no3: 121, no4: 170)

    func generate(_ pool: Pool, seed: UInt64, realisations: Int = 1, policy: ShortfallPolicy = .report)
        throws -> [BalancedTriple]
    {
        let generator = BalancedSetGenerator(configuration: BalancedSetConfiguration(sizes: sizes, shortfallPolicy: policy))
        return try generator.triples(
            harpNumbers: pool.harpNumbers, classes: pool.classes, realisations: realisations, seed: seed)
    }

    @Test func targetsAreTheRatesTimesTheSizeRoundedToTheSize() {
        let configuration = BalancedSetConfiguration(sizes: sizes)
        #expect(configuration.targetCounts(size: 2000) == targets2000)
        #expect(configuration.targetCounts(size: 1000) == targets1000)
        #expect(configuration.targetCounts(size: 0).total == 0)
        #expect(configuration.targetCounts(size: 777).total == 777)
    }

    @Test func setsMeetTheRatesWithNoRegionInTwoSets() throws {
        let pool = Pool()
        let triple = try #require(try generate(pool, seed: 7).first)
        #expect(triple.isComplete)
        #expect(triple.shortfallDescription == nil)
        #expect(triple.scale == 1)
        let sets = [triple.training, triple.validation, triple.test]
        for (set, targets) in zip(sets, [targets2000, targets1000, targets1000]) {
            // Counts recomputed from the indices.
            var counts = PerSampleClass(repeating: 0)
            for index in set.sampleIndices { counts[pool.classes[index]] += 1 }
            #expect(counts == targets)
            #expect(set.counts == targets)
            #expect(set.size == targets.total)
            for sampleClass in SampleClass.allCases {
                #expect(set.rates[sampleClass] == Double(targets[sampleClass]) / Double(targets.total))
            }
            // Parsimony: every kept sample comes from a region of the set, and the discarded
            // samples are exactly the rest of those regions.
            let regions = Set(set.harpNumbers)
            #expect(set.sampleIndices.allSatisfy { regions.contains(pool.harpNumbers[$0]) })
            let regionSamples = pool.harpNumbers.filter(regions.contains).count
            #expect(regionSamples - set.size == set.discardedSampleCount)
            #expect(Set(set.sampleIndices).count == set.size)
        }
        let regionSets = sets.map { Set($0.harpNumbers) }
        #expect(regionSets[0].isDisjoint(with: regionSets[1]))
        #expect(regionSets[0].isDisjoint(with: regionSets[2]))
        #expect(regionSets[1].isDisjoint(with: regionSets[2]))
    }

    @Test func regionsWithXFlaresAreTakenOnlyForX() throws {
        let pool = Pool()
        let triple = try #require(try generate(pool, seed: 3).first)
        // Two X samples per X region: 3 X samples need 2 regions, 1 needs 1.
        #expect(triple.training.harpNumbers.filter { (1000..<2000).contains($0) }.count == 2)
        #expect(triple.validation.harpNumbers.filter { (1000..<2000).contains($0) }.count == 1)
        #expect(triple.test.harpNumbers.filter { (1000..<2000).contains($0) }.count == 1)
        // The training set's M regions: 64 M samples, 10 from the X regions, 6 per M region.
        #expect(triple.training.harpNumbers.filter { (2000..<3000).contains($0) }.count == 9)
    }

    @Test func sameSeedSameSetsDifferentSeedDifferentSets() throws {
        let pool = Pool()
        let a = try generate(pool, seed: 21, realisations: 3)
        let b = try generate(pool, seed: 21, realisations: 3)
        let c = try generate(pool, seed: 22, realisations: 3)
        #expect(a == b)
        #expect(a[0].training.sampleIndices != c[0].training.sampleIndices)
        #expect(a[0].training.sampleIndices != a[1].training.sampleIndices)
        #expect(Set(a.map(\.seed)).count == 3)
        #expect(a.map(\.realisation) == [0, 1, 2])
        // A realisation reruns alone from its recorded seed.
        let generator = BalancedSetGenerator(configuration: BalancedSetConfiguration(sizes: sizes))
        let again = try generator.triple(
            harpNumbers: pool.harpNumbers, classes: pool.classes, realisation: 2, seed: a[2].seed)
        #expect(again == a[2])
    }

    @Test func aShortfallIsReportedNotHidden() throws {
        // Three X regions hold 6 X samples; the triple needs 3 + 1 + 1, but the training set
        // takes two regions (4 X samples, 1 discarded) and the validation set the third.
        let pool = Pool(xRegions: 3)
        let triple = try #require(try generate(pool, seed: 5).first)
        #expect(!triple.isComplete)
        #expect(triple.training.isComplete)
        #expect(triple.validation.isComplete)
        #expect(triple.test.shortfalls == [ClassShortfall(sampleClass: .X, target: 1, realised: 0)])
        #expect(triple.test.counts.x == 0)
        #expect(triple.test.size == 999)
        #expect(triple.shortfallDescription == "test set: X 0 of 1")
        #expect(throws: DatasetsError.self) { try generate(pool, seed: 5, policy: .fail) }
    }

    @Test func scalingDownMeetsEveryTargetOrThrows() throws {
        // Only C and NO1 wanted, half each; 10 C regions of 10 C samples: 100 C samples for
        // targets of 100 + 50 + 50.
        var harps: [Int] = []
        var classes: [SampleClass] = []
        for region in 0..<10 {
            harps += Array(repeating: 3000 + region, count: 10)
            classes += Array(repeating: .C, count: 10)
        }
        for region in 0..<40 {
            harps += Array(repeating: 4000 + region, count: 10)
            classes += Array(repeating: .NO1, count: 10)
        }
        let rates = PerSampleClass(x: 0, m: 0, c: 0.5, no1: 0.5, no2: 0, no3: 0, no4: 0)
        let configured = BalancedSetSizes(training: 200, validation: 100, test: 100)
        let generator = BalancedSetGenerator(configuration: BalancedSetConfiguration(
            rates: rates, sizes: configured, shortfallPolicy: .scaleDown))
        let triple = try #require(try generator.triples(harpNumbers: harps, classes: classes, realisations: 1, seed: 9).first)
        #expect(triple.isComplete)
        #expect(triple.scale <= 0.5)
        #expect(triple.scale > 0)
        #expect(triple.sizes == configured.scaled(by: triple.scale))
        for set in [triple.training, triple.validation, triple.test] {
            #expect(set.counts.c == set.counts.no1)
            #expect(set.rates.c == 0.5)
        }
        // No scale helps when a wanted class has no sample at all.
        let withX = BalancedSetGenerator(configuration: BalancedSetConfiguration(
            rates: PerSampleClass(x: 0.1, m: 0, c: 0.4, no1: 0.5, no2: 0, no3: 0, no4: 0), sizes: configured,
            shortfallPolicy: .scaleDown))
        #expect(throws: DatasetsError.self) {
            try withX.triples(harpNumbers: harps, classes: classes, realisations: 1, seed: 9)
        }
    }

    @Test func badSettingsAreTypedErrors() throws {
        let pool = Pool(xRegions: 3, quietRegions: 10)
        func run(_ configuration: BalancedSetConfiguration, realisations: Int = 1) throws {
            _ = try BalancedSetGenerator(configuration: configuration)
                .triples(harpNumbers: pool.harpNumbers, classes: pool.classes, realisations: realisations, seed: 1)
        }
        var negative = PerSampleClass<Double>.guastavino2022Rates
        negative.m = -0.1
        #expect(throws: DatasetsError.self) { try run(BalancedSetConfiguration(rates: negative, sizes: sizes)) }
        #expect(throws: DatasetsError.self) {
            try run(BalancedSetConfiguration(rates: PerSampleClass(repeating: 0), sizes: sizes))
        }
        #expect(throws: DatasetsError.self) {
            try run(BalancedSetConfiguration(sizes: BalancedSetSizes(training: -1, validation: 1, test: 1)))
        }
        #expect(throws: DatasetsError.self) { try run(BalancedSetConfiguration(sizes: sizes), realisations: 0) }
        #expect(throws: DatasetsError.self) {
            try BalancedSetGenerator(configuration: BalancedSetConfiguration(sizes: sizes))
                .triples(harpNumbers: [1, 2], classes: [.X], realisations: 1, seed: 1)
        }
    }

    @Test func sizesFromFractionsAddUpToTheTotal() throws {
        let sizes = try BalancedSetSizes(total: 1001, training: 0.6, validation: 0.2, test: 0.2)
        #expect(sizes.all.reduce(0, +) == 1001)
        #expect(sizes == BalancedSetSizes(training: 601, validation: 200, test: 200))
        #expect(throws: DatasetsError.self) { try BalancedSetSizes(total: 10, training: 0.5, validation: 0.2, test: 0.2) }
        #expect(throws: DatasetsError.self) { try BalancedSetSizes(total: -1, training: 1, validation: 0, test: 0) }
    }

    @Test func thePapersRatesSumToOne() {
        #expect(abs(PerSampleClass<Double>.guastavino2022Rates.total - 1) < 1e-12)
        #expect(PerSampleClass<Double>.guastavino2022Rates[.NO1] == 0.4594)
    }
}
