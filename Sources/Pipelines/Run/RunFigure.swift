import Evaluation

/// A figure of a run folder, declared once for the pipeline that writes it and the report that
/// shows it: the file's name in the pipeline's subfolder and the report's caption.
///
/// The figure is `name.svg` (and the ``RunFolder/figureFormats`` beside it); the data drawn,
/// when written, are `name.json` and `name.csv`.
///
/// ```swift
/// try run.write(losses, drawnAs: try losses.figure(), .lossByEpoch, in: "training")
/// report.figure(.lossByEpoch, in: "training")
/// ```
struct RunFigure: Sendable, Hashable {
    /// The file name without its extension: `loss_by_epoch`.
    var name: String
    /// The caption in `report.md`, citing the paper's figure.
    var caption: String

    /// The SVG's path relative to the run folder, in `subfolder` (`training`, `name/` or ``""``).
    func path(in subfolder: String) -> String {
        dataPath(in: subfolder) + ".svg"
    }

    /// The data files' path without extension, relative to the run folder.
    func dataPath(in subfolder: String) -> String {
        subfolder.isEmpty || subfolder.hasSuffix("/") ? subfolder + name : subfolder + "/" + name
    }
}

extension RunFolder {
    /// Writes `figure` as `described` in `subfolder` (``write(figure:to:)``).
    func write(_ figure: Figure, as described: RunFigure, in subfolder: String) throws {
        try write(figure: figure, to: described.path(in: subfolder))
    }

    /// Writes `data` as JSON and CSV and `figure`, its drawing, as `described` in `subfolder`.
    func write(_ data: any EvaluationExportable, drawnAs figure: Figure, _ described: RunFigure, in subfolder: String) throws {
        try write(data, name: described.dataPath(in: subfolder))
        try write(figure, as: described, in: subfolder)
    }
}

extension MarkdownReport {
    /// The figure `described` in `subfolder` with its caption, followed by `note` (`"; 3 samples left out"`).
    mutating func figure(_ described: RunFigure, in subfolder: String, note: String = "") {
        figure(described.path(in: subfolder), caption: described.caption + note)
    }
}
