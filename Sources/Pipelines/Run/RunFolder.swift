import Evaluation
import FigureRendering
import Foundation
import NeuralCore

/// The one folder a run writes everything into: tables (JSON and CSV), figures (SVG, PNG),
/// weights, checkpoints and the `report.md` that links them.
///
/// Every file is written atomically (a temporary file in the same folder, then a rename), so a
/// reader, or a run killed half-way, never sees half a file.
///
/// ```swift
/// let run = try RunFolder(at: URL(fileURLWithPath: "runs/demo"))
/// try run.write(text: "# Report\n", to: "report.md")
/// try run.write(recallCurve, name: "bhattacharjee/recall_vs_time")   // .json and .csv
/// try run.write(figure: recallCurve.figure(), to: "bhattacharjee/recall_vs_time.svg")
/// ```
public struct RunFolder: Sendable {
    /// The folder.
    public let url: URL
    /// Formats every figure is also written in, beside its SVG (same name, other extension),
    /// rendered by librsvg and cairo: `[.png]`, `[.pdf]` or both (`flarekit --figure-format`).
    public var figureFormats: [FigureFileFormat] = []

    /// Opens (creating it and its parents when needed) the run folder at `url`.
    /// - Throws: ``PipelinesError/file(path:problem:)`` when it cannot be created, or exists as a file.
    public init(at url: URL) throws {
        self.url = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw PipelinesError.file(path: self.url.path, problem: "cannot create the run folder: a file of that name exists")
        }
        try Self.createFolder(self.url)
    }

    /// Opens the run folder at `url` and runs `body` in it. When the folder did not exist and
    /// `body` fails leaving it empty (a bad input found before anything was written), the
    /// folder is removed again, so a failed command leaves no empty run folder behind.
    /// - Throws: what `body` or ``init(at:)`` throws.
    public static func using<T>(
        _ url: URL, figureFormats: [FigureFileFormat] = [], _ body: (RunFolder) throws -> T
    ) throws -> T {
        let existed = FileManager.default.fileExists(atPath: url.standardizedFileURL.path)
        var run = try RunFolder(at: url)
        run.figureFormats = figureFormats
        do {
            return try body(run)
        } catch {
            if !existed, (try? FileManager.default.contentsOfDirectory(atPath: run.url.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: run.url)
            }
            throw error
        }
    }

    /// The URL of `relativePath` inside the run folder, creating its parent folders.
    /// - Throws: ``PipelinesError/file(path:problem:)`` when a parent folder cannot be created.
    public func file(_ relativePath: String) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try Self.createFolder(file.deletingLastPathComponent())
        return file
    }

    /// Writes `data` to `relativePath`, atomically.
    public func write(data: Data, to relativePath: String) throws {
        let target = try file(relativePath)
        do {
            try writeAtomically(data, to: target)
        } catch {
            throw PipelinesError.file(path: target.path, problem: "cannot write: \(FileWriteProblem.describe(error))")
        }
    }

    /// Writes UTF-8 `text` to `relativePath`, atomically.
    public func write(text: String, to relativePath: String) throws {
        try write(data: Data(text.utf8), to: relativePath)
    }

    /// Writes a JSON object (sorted keys, pretty printed) to `relativePath`, atomically.
    /// - Throws: ``PipelinesError/stageFailed(stage:reason:)`` when the object is not valid JSON
    ///   (a NaN, say).
    public func write(jsonObject: Any, to relativePath: String) throws {
        guard JSONSerialization.isValidJSONObject(jsonObject) else {
            throw PipelinesError.stageFailed(stage: "writing \(relativePath)", reason: "the object is not valid JSON")
        }
        let data = try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys, .prettyPrinted])
        try write(data: data + Data("\n".utf8), to: relativePath)
    }

    /// Writes an Evaluation result as `name.json` and `name.csv`, atomically.
    public func write(_ result: any EvaluationExportable, name: String) throws {
        try result.write(json: try file(name + ".json"), csv: try file(name + ".csv"))
    }

    /// Writes a figure as standalone SVG to `relativePath`, atomically, and in every one of
    /// ``figureFormats``.
    public func write(figure: Figure, to relativePath: String) throws {
        try write(svg: figure.svgText(), to: relativePath)
    }

    /// Writes an SVG document to `relativePath` (atomically) and renders it in every one of
    /// ``figureFormats`` beside it.
    /// - Throws: ``PipelinesError/file(path:problem:)`` naming the file that failed.
    public func write(svg: String, to relativePath: String) throws {
        try write(data: Data(svg.utf8), to: relativePath)
        let base = (relativePath as NSString).deletingPathExtension
        for format in figureFormats where format != .svg {
            let target = try file(base + "." + format.fileExtension)
            do {
                try SVGRenderer().write(svg: Data(svg.utf8), as: format, to: target)
            } catch {
                throw PipelinesError.file(path: target.path, problem: "cannot render the figure: \(error)")
            }
        }
    }

    private static func createFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelinesError.file(path: folder.path, problem: "cannot create the folder: \(FileReadProblem.systemMessage(error))")
        }
    }
}
