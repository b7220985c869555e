import Testing
@testable import NeuralCore

@Suite("Training progress")
struct TrainingProgressTests {
    @Test("Remaining and elapsed times read as m:ss or h:mm:ss")
    func clock() {
        #expect(TrainingProgress.clock(0) == "0:00")
        #expect(TrainingProgress.clock(59.6) == "1:00")
        #expect(TrainingProgress.clock(754) == "12:34")
        #expect(TrainingProgress.clock(3 * 3600 + 5 * 60 + 7) == "3:05:07")
        #expect(TrainingProgress.clock(.nan) == "?")
        #expect(TrainingProgress.clock(-1) == "?")
    }
}
