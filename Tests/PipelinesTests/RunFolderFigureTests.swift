import Evaluation
import FigureRendering
import Foundation
import Testing
@testable import Pipelines

@Suite("Run folder figures in several formats")
struct RunFolderFigureTests {
    @Test("--figure-format png,pdf writes each figure as SVG, PNG and PDF; none by default")
    func figuresInEveryFormat() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let figure = Figure(width: 320, height: 200, title: "TSS by fold", panels: [
            FigurePanel(title: "folds", xAxis: FigureAxis(label: "fold"), yAxis: FigureAxis(label: "TSS"),
                        series: [.line(try LineSeries(label: "TSS", x: [1, 2, 3], y: [0.5, 0.6, 0.55], showsMarkers: true))]),
        ])
        var run = try RunFolder(at: root)
        try run.write(figure: figure, to: "plain/tss.svg")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("plain").path) == ["tss.svg"])

        run.figureFormats = [.png, .pdf]
        try run.write(figure: figure, to: "all/tss.svg")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("all").path).sorted()
        #expect(names == ["tss.pdf", "tss.png", "tss.svg"])
        let png = try Data(contentsOf: root.appendingPathComponent("all/tss.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR width and height (big-endian, bytes 16-23): twice the SVG's 320 x 200.
        let size = (16..<24).map { png[$0] }
        #expect(size == [0, 0, 0x02, 0x80, 0, 0, 0x01, 0x90])
        #expect(try Data(contentsOf: root.appendingPathComponent("all/tss.pdf")).starts(with: Data("%PDF-".utf8)))
    }
}
