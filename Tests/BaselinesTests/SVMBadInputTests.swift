import Foundation
import Testing

@testable import Baselines

/// Every input the SVM refuses, each with the typed error that names the problem.
@Suite("RBF SVM bad input")
struct SVMBadInputTests {
    /// Two separable clusters, classes 0 and 1.
    static let features = try! FeatureMatrix(rows: [[0, 0], [0.2, 0.1], [0.1, 0.3], [2, 2], [2.1, 1.8], [1.9, 2.2]])
    static let labels = [0, 0, 0, 1, 1, 1]

    /// The error `body` throws (a failed expectation when it throws none or another type).
    func error(_ body: () throws -> Void) -> BaselinesError? {
        do {
            try body()
            Issue.record("no error")
        } catch let error as BaselinesError {
            return error
        } catch {
            Issue.record("not a BaselinesError: \(error)")
        }
        return nil
    }

    @Test func labelsMustBeZeroOrOne() {
        var svm = RBFSupportVectorMachine()
        let thrown = error { try svm.fit(features: Self.features, labels: [0, 0, 2, 1, 1, 1]) }
        #expect(thrown == .invalidLabel(what: "training labels", index: 2, value: 2))
        let half = error {
            try svm.fit(features: Self.features, labels: [0, 0, 0.5, 1, 1, 1], featuresName: "x.npy", labelsName: "y.npy")
        }
        #expect(half == .invalidLabel(what: "y.npy", index: 2, value: 0.5))
        #expect(half?.description == "y.npy: label at index 2 is 0.5; labels must be 0 or 1")
        #expect(svm.summary == nil)
    }

    @Test func bothClassesAreNeeded() {
        var svm = RBFSupportVectorMachine()
        #expect(error { try svm.fit(features: Self.features, labels: [1, 1, 1, 1, 1, 1]) }
            == .singleClass(what: "training labels", label: 1, count: 6))
        #expect(error { try svm.fit(features: Self.features, labels: [0, 0, 0, 0, 0, 0]) }
            == .singleClass(what: "training labels", label: 0, count: 6))
    }

    @Test func nonFiniteFeaturesAreNamed() throws {
        var values = Self.features.values
        values[5] = .nan
        let x = try FeatureMatrix(sampleCount: 6, featureCount: 2, values: values)
        var svm = RBFSupportVectorMachine()
        guard case let .nonFiniteFeature(what, sample, feature, value)? = error({ try svm.fit(features: x, labels: Self.labels) }) else {
            Issue.record("wrong error")
            return
        }
        #expect(what == "training features" && sample == 2 && feature == 1 && value.isNaN)

        try svm.fit(features: Self.features, labels: Self.labels)
        let infinite = try FeatureMatrix(rows: [[1, .infinity]])
        #expect(error { _ = try svm.decisionValues(for: infinite) } == .nonFiniteFeature(what: "features", sample: 0, feature: 1, value: .infinity))
    }

    @Test func shapesMustAgree() throws {
        var svm = RBFSupportVectorMachine()
        #expect(error { try svm.fit(features: Self.features, labels: [0, 1]) }
            == .shapeMismatch(what: "training labels", expected: "6 labels (one per sample of training features)", actual: "2"))
        try svm.fit(features: Self.features, labels: Self.labels)
        let three = try FeatureMatrix(rows: [[1, 2, 3]])
        #expect(error { _ = try svm.decisionValues(for: three) }
            == .shapeMismatch(what: "features", expected: "2 features (as the training features)", actual: "3"))
        // No rows to score: no values.
        #expect(try svm.decisionValues(for: FeatureMatrix(rows: [])) == [])
    }

    @Test func emptyTrainingSetsAreRefused() throws {
        var svm = RBFSupportVectorMachine()
        #expect(error { try svm.fit(features: FeatureMatrix(rows: []), labels: []) } == .noSamples(what: "training features"))
        let noColumns = try FeatureMatrix(sampleCount: 2, featureCount: 0, values: [])
        #expect(error { try svm.fit(features: noColumns, labels: [0, 1]) } == .noFeatures(what: "training features"))
    }

    @Test func settingsOutsideTheirDomain() {
        for configuration in [
            RBFSupportVectorMachine.Configuration(c: 0), .init(c: -.infinity), .init(gamma: .value(0)), .init(gamma: .value(.nan)),
            .init(tolerance: 0), .init(cacheSizeMegabytes: -1),
        ] {
            var svm = RBFSupportVectorMachine(configuration: configuration)
            guard case .invalidParameter? = error({ try svm.fit(features: Self.features, labels: Self.labels) }) else {
                Issue.record("\(configuration) was accepted")
                continue
            }
        }
    }

    @Test func scoringBeforeFittingIsAnError() {
        let svm = RBFSupportVectorMachine()
        #expect(error { _ = try svm.decisionValues(for: Self.features) } == .notFitted)
    }
}
