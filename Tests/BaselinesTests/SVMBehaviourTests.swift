import Foundation
import Testing

@testable import Baselines

/// What the SVM computes besides LIBSVM's solution: standardisation, gamma "scale", class
/// weights, the sign convention.
@Suite("RBF SVM behaviour")
struct SVMBehaviourTests {
    @Test func standardizationUsesPopulationStatisticsAndLeavesConstantsUnscaled() throws {
        let x = try FeatureMatrix(rows: [[1, 5, 1e22], [2, 5, 3e22], [3, 5, 2e22], [6, 5, 2e22]])
        let scaler = try FeatureStandardization(fitting: x)
        #expect(scaler.mean == [3, 5, 2e22])
        #expect(abs(scaler.scale[0] - (3.5).squareRoot()) < 1e-15)   // ddof 0: (4 + 1 + 0 + 9) / 4
        #expect(scaler.scale[1] == 1)                                 // constant
        #expect(abs(scaler.scale[2] / (0.5e44).squareRoot() - 1) < 1e-12)
        let z = try scaler.transform(x)
        #expect(z[0, 1] == 0 && z[3, 1] == 0)
        let columnMean = (0..<4).map { z[$0, 0] }.reduce(0, +) / 4
        #expect(abs(columnMean) < 1e-15)
        #expect(throws: BaselinesError.self) { try scaler.transform(FeatureMatrix(rows: [[1, 2]])) }
        #expect(throws: BaselinesError.self) { try FeatureStandardization(mean: [0], scale: [0]) }
    }

    @Test func scaleGammaIsOneOverFeaturesTimesVarianceOfAllEntries() throws {
        let x = try FeatureMatrix(rows: [[0, 2], [4, 6]])     // entries 0, 2, 4, 6: variance 5
        #expect(RBFSupportVectorMachine.scaleGamma(x) == 1.0 / (2 * 5))
        let constant = try FeatureMatrix(rows: [[3, 3], [3, 3]])
        #expect(RBFSupportVectorMachine.scaleGamma(constant) == 1)
    }

    @Test func positiveMeansFlaringWhateverTheOrderOfTheRows() throws {
        let rows: [[Double]] = [[2, 2], [0, 0], [2.1, 1.8], [0.2, 0.1], [1.9, 2.2], [0.1, 0.3]]
        let labels = [1, 0, 1, 0, 1, 0]
        // Another row order is another path of the optimiser: the same optimum within tol.
        var first = RBFSupportVectorMachine(configuration: .init(standardizesFeatures: false, tolerance: 1e-10))
        try first.fit(features: FeatureMatrix(rows: rows), labels: labels)
        var second = first
        try second.fit(features: FeatureMatrix(rows: rows.reversed()), labels: labels.reversed())
        let probe = try FeatureMatrix(rows: [[2, 2], [0, 0], [1, 1]])
        let a = try first.decisionValues(for: probe), b = try second.decisionValues(for: probe)
        #expect(a[0] > 0 && a[1] < 0)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-8 }, "\(a) vs \(b)")
        // The copy made before the second fit still scores with the first model.
        #expect(try first.decisionValues(for: probe) == a)
    }

    @Test func balancedWeightsAreSamplesOverTwiceTheClassCount() throws {
        let rows: [[Double]] = (0..<10).map { [Double($0)] }
        let labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
        var svm = RBFSupportVectorMachine(configuration: .init(classWeight: .balanced))
        try svm.fit(features: FeatureMatrix(rows: rows), labels: labels)
        let summary = try #require(svm.summary)
        #expect(summary.classWeights == [10.0 / 16, 10.0 / 4])
        #expect(summary.classCounts == [8, 2] && summary.trainingSampleCount == 10 && summary.featureCount == 1)
        #expect(summary.supportVectorCount == summary.supportVectorCounts.reduce(0, +) && summary.supportVectorCount > 0)
        #expect(summary.standardization != nil)
    }
}
