import Foundation
import Testing

/// Fixtures of `Tests/Fixtures/evaluation/` (made by Scripts/fixtures/make_evaluation_fixtures.py).
enum EvaluationFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/evaluation")

    /// The `cases` array of a fixture JSON file.
    static func cases(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["cases"] as? [[String: Any]])
    }
}

/// A fixture number that may be JSON null.
func fixtureNumber(_ value: Any?) -> Double? {
    (value as? NSNumber)?.doubleValue
}

/// A fixture array of numbers.
func fixtureNumbers(_ value: Any?) throws -> [Double] {
    try #require(value as? [NSNumber]).map(\.doubleValue)
}

/// Whether two numbers agree within an absolute tolerance.
func isClose(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= tolerance
    default: return false
    }
}

/// A fresh temporary folder for file tests.
func temporaryEvaluationFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-evaluation-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Uniform draws from a small linear congruential generator (test data only, independent of
/// the code under test).
struct TestDataGenerator {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1p-53
    }
}
