import Foundation
import NeuralCore
import Testing

@testable import Baselines

/// Decision values against scikit-learn's `SVC(kernel="rbf")` (Scripts/fixtures/make_svm_fixture.py).
@Suite("RBF SVM against scikit-learn")
struct SVMParityTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/svm")

    /// One case of `cases.json`.
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var c: Double
        var gamma: GammaText
        var classWeight: String
        var standardize: Bool
        var tol: Double
        var firstLabel: Int
        var gammaUsed: Double
        var classWeightUsed: [Double]
        var nSupport: [Int]
        var description: String { name }

        /// `"scale"` or a number.
        enum GammaText: Decodable {
            case scale, value(Double)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Double.self) { self = .value(value) } else { self = .scale }
            }
        }

        var configuration: RBFSupportVectorMachine.Configuration {
            let gammaSetting: RBFSupportVectorMachine.Configuration.Gamma
            switch gamma {
            case .scale: gammaSetting = .scale
            case let .value(value): gammaSetting = .value(value)
            }
            return .init(
                c: c, gamma: gammaSetting, classWeight: .init(rawValue: classWeight) ?? .none, standardizesFeatures: standardize,
                tolerance: tol)
        }

        func url(_ suffix: String) -> URL { SVMParityTests.fixtures.appendingPathComponent("\(name)_\(suffix).npy") }
    }

    static let cases: [Case] = {
        struct File: Decodable { var cases: [Case] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let data = try? Data(contentsOf: fixtures.appendingPathComponent("cases.json")),
              let file = try? decoder.decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    @Test func everyCaseIsThere() {
        #expect(Self.cases.count == 5)
        #expect(Self.cases.contains { $0.firstLabel == 1 } && Self.cases.contains { $0.firstLabel == 0 })
    }

    @Test(arguments: SVMParityTests.cases)
    func decisionValuesMatchScikitLearn(_ fixture: Case) throws {
        let x = try SVMFileRun.readMatrix(fixture.url("train_features"))
        let labels = try SVMFileRun.readLabels(fixture.url("train_labels"))
        let z = try SVMFileRun.readMatrix(fixture.url("features"))
        let expected = try NumpyArray.read(from: fixture.url("decision")).doubles()

        var svm = RBFSupportVectorMachine(configuration: fixture.configuration)
        try svm.fit(features: x, labels: labels.map { Int($0) })
        let values = try svm.decisionValues(for: z)
        #expect(values.count == expected.count)
        let difference = zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity
        print("svm parity \(fixture.name): max |decision - sklearn| = \(difference)")
        #expect(difference <= 1e-5, "\(fixture.name): max difference \(difference)")
        // Same signs, so the same predicted classes.
        #expect(zip(values, expected).allSatisfy { ($0 > 0) == ($1 > 0) })

        let summary = try #require(svm.summary)
        #expect(abs(summary.gamma - fixture.gammaUsed) <= 1e-12 * fixture.gammaUsed, "gamma \(summary.gamma) vs \(fixture.gammaUsed)")
        #expect(zip(summary.classWeights, fixture.classWeightUsed).allSatisfy { abs($0 - $1) <= 1e-12 })
        #expect(summary.supportVectorCounts == fixture.nSupport)
    }
}
