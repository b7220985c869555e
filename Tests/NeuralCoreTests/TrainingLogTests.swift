import Foundation
import Testing
@testable import NeuralCore

/// TensorBoard event files and `history.csv` (fixtures by
/// `Scripts/fixtures/make_tensorboard_fixtures.py`, written with the `tensorboard` package's own
/// record writer and read back with its EventAccumulator).
@Suite("Training logs")
struct TrainingLogTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/tensorboard")

    struct Events: Decodable {
        struct Header: Decodable { var wall_time: Double; var version: String }
        struct Epoch: Decodable { var wall_time: Double; var step: Int64; var scalars: [[Scalar]] }
        enum Scalar: Decodable {
            case tag(String), value(Double)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .tag(text) } else { self = .value(try container.decode(Double.self)) }
            }
        }
        var file_version: Header
        var epochs: [Epoch]
    }

    static func events() throws -> Events {
        try JSONDecoder().decode(Events.self, from: Data(contentsOf: fixtures.appendingPathComponent("events.json")))
    }

    static func scalars(_ epoch: Events.Epoch) -> [(tag: String, value: Float)] {
        epoch.scalars.compactMap { pair in
            guard case let .tag(tag)? = pair.first, case let .value(value)? = pair.last else { return nil }
            return (tag, Float(value))
        }
    }

    @Test("CRC-32C of the standard check string")
    func checksum() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test("The event file is byte for byte what TensorBoard's writer makes")
    func eventFileMatchesTensorBoard() throws {
        let events = try Self.events()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-tb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try TensorBoardEventFile(folder: folder, wallTime: events.file_version.wall_time)
        for epoch in events.epochs {
            try file.append(scalars: Self.scalars(epoch), step: epoch.step, wallTime: epoch.wall_time)
        }
        #expect(file.url.lastPathComponent.hasPrefix("events.out.tfevents.1765000000."))
        let written = try Data(contentsOf: file.url)
        let reference = try Data(contentsOf: Self.fixtures.appendingPathComponent("reference.tfevents"))
        #expect(written == reference, "\(written.count) bytes written, TensorBoard's writer makes \(reference.count)")
    }

    @Test("TensorBoard reads back every scalar at its step")
    func tensorBoardReadsTheScalars() throws {
        let readBack = try JSONDecoder().decode(
            [String: [[Double]]].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("read_back.json")))
        var expected: [String: [[Double]]] = [:]
        for epoch in try Self.events().epochs {
            for (tag, value) in Self.scalars(epoch) { expected[tag, default: []].append([Double(epoch.step), Double(value)]) }
        }
        #expect(readBack == expected)
    }

    @Test("history.csv has Keras's columns, empty cells where undefined")
    func historyCSV() {
        var first = EpochRecord(
            epoch: 1, loss: 0.5, validationLoss: 0.625, validationMetrics: ["tss": 0.25, "hss": nil],
            learningRate: 0.001, samplesPerSecond: 100)
        first.seconds = 2.5
        let second = EpochRecord(
            epoch: 2, loss: 0.25, validationLoss: nil, validationMetrics: [:], learningRate: 0.0005, samplesPerSecond: 50)
        let text = HistoryCSV.text([first, second])
        #expect(text == """
            epoch,loss,val_loss,val_hss,val_tss,learning_rate,samples_per_second,seconds
            1,0.5,0.625,,0.25,0.0010000000474974513,100.0,2.5
            2,0.25,,,,0.0005000000237487257,50.0,

            """)
    }
}
