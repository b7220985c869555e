import Testing

@testable import Baselines

@Suite("Feature matrix")
struct FeatureMatrixTests {
    @Test func rowsAndShapes() throws {
        let x = try FeatureMatrix(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(x.sampleCount == 2 && x.featureCount == 3)
        #expect(x[1, 0] == 4 && Array(x.row(1)) == [4, 5, 6])
        #expect(throws: BaselinesError.self) { try FeatureMatrix(rows: [[1, 2], [3]]) }
        #expect(throws: BaselinesError.self) { try FeatureMatrix(sampleCount: 2, featureCount: 2, values: [1, 2, 3]) }
        #expect(throws: BaselinesError.self) { try FeatureMatrix(sampleCount: -1, featureCount: -1, values: [1]) }
    }
}
