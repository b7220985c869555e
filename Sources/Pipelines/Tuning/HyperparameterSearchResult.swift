import Evaluation
import Foundation

/// What ``HyperparameterSearch`` found: every cell's cross-validation TSS and the best cell.
///
/// Files: `tune.json` (`cells`: `cell`, `learning_rate`, `batch_size`, `tss_mean`, `tss_std`,
/// `tss_by_fold`; `best`), `tune.csv` (`cell,learning_rate,batch_size,tss_mean,tss_std,folds,
/// tss_by_fold` with the folds joined by `;`), `tune.svg` (the mean TSS as a heat map, the best
/// cell outlined) and `report.md`.
public struct HyperparameterSearchResult: Sendable {
    /// The cells, learning rates first, then minibatch sizes.
    public var cells: [HyperparameterCell]
    /// The grid's axes.
    public var learningRates: [Float], batchSizes: [Int]
    /// The cell with the highest mean TSS (`nil` when no cell has one).
    public var best: HyperparameterCell?
    /// The whole search, seconds (cells kept from an earlier run count nothing).
    public var wallSeconds: Double

    init(cells: [HyperparameterCell], learningRates: [Float], batchSizes: [Int], wallSeconds: Double) throws {
        self.cells = cells
        self.learningRates = learningRates
        self.batchSizes = batchSizes
        self.wallSeconds = wallSeconds
        var best: HyperparameterCell?
        for cell in cells {
            guard let mean = cell.meanTSS else { continue }
            if best?.meanTSS.map({ mean > $0 }) ?? true { best = cell }
        }
        self.best = best
    }

    /// The table as CSV.
    public func csv() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        var lines = ["cell,learning_rate,batch_size,tss_mean,tss_std,folds,tss_by_fold"]
        for cell in cells {
            lines.append([
                cell.name, "\(cell.learningRate)", "\(cell.batchSize)", number(cell.meanTSS), number(cell.standardDeviationTSS),
                "\(cell.trueSkillStatistics.count)", cell.trueSkillStatistics.map(number).joined(separator: ";"),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The object of `tune.json`.
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        func object(_ cell: HyperparameterCell) -> [String: Any] {
            ["cell": cell.name, "learning_rate": Double(cell.learningRate), "batch_size": cell.batchSize,
             "tss_mean": number(cell.meanTSS), "tss_std": number(cell.standardDeviationTSS),
             "tss_by_fold": cell.trueSkillStatistics.map(number)]
        }
        return ["cells": cells.map(object), "best": best.map(object) ?? NSNull(), "wall_seconds": wallSeconds]
    }

    /// The mean TSS of every cell, minibatch sizes down, learning rates across.
    public func heatMap() throws -> HeatMapFigure {
        let values = batchSizes.map { size in
            learningRates.map { rate in cells.first { $0.learningRate == rate && $0.batchSize == size }?.meanTSS }
        }
        let highlighted = best.flatMap { cell -> (row: Int, column: Int)? in
            guard let row = batchSizes.firstIndex(of: cell.batchSize), let column = learningRates.firstIndex(of: cell.learningRate)
            else { return nil }
            return (row, column)
        }
        return try HeatMapFigure(
            title: "Mean cross-validation TSS", rowLabel: "minibatch size", columnLabel: "learning rate",
            rows: batchSizes.map(String.init), columns: learningRates.map { "\($0)" }, values: values, highlighted: highlighted)
    }

    /// Writes `tune.json`, `tune.csv`, `tune.svg` and `report.md`.
    func write(into run: RunFolder) throws {
        try run.write(jsonObject: jsonObject, to: "tune.json")
        try run.write(text: csv(), to: "tune.csv")
        try run.write(svg: try heatMap().svgText(), to: "tune.svg")
        var report = MarkdownReport(title: "FlareKit hyper-parameter search")
        report.paragraph("The learning rate and minibatch size that maximise the mean cross-validation TSS, as Bhattacharjee "
            + "et al. (2020, Sect. 4.1) chose theirs. \(cells.count) cells" + String(format: ", %.0f s.", wallSeconds))
        report.table(
            header: ["cell", "learning rate", "minibatch", "TSS mean ± std", "folds"],
            rows: cells.map { cell in
                [cell.name, "\(cell.learningRate)", "\(cell.batchSize)",
                 cell.meanTSS.map { mean in
                                 cell.standardDeviationTSS.map { String(format: "%.3f ± %.3f", mean, $0) } ?? String(format: "%.3f (1 value)", mean)
                             } ?? "undefined",
                 "\(cell.trueSkillStatistics.count)"]
            })
        report.paragraph(best.map { "Best: \($0.name) (learning rate \($0.learningRate), minibatch \($0.batchSize))." }
            ?? "No cell has a defined TSS.")
        report.figure("tune.svg", caption: "Mean cross-validation TSS per cell; the best is outlined")
        report.links([("table (CSV)", "tune.csv"), ("table (JSON)", "tune.json")]
            + cells.map { ("\($0.name)", "cells/\($0.name)/folds.csv") })
        try run.write(text: report.text, to: "report.md")
    }
}
