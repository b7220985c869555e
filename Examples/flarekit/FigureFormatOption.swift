import ArgumentParser
import FigureRendering

/// `--figure-format png,pdf`: the formats every figure of a run folder is also written in.
struct FigureFormatOption: ParsableArguments {
    @Option(
        name: .customLong("figure-format"),
        help: "Also write every figure as png and/or pdf (comma-separated), rendered by librsvg; SVG is always written.")
    var figureFormat: String?

    /// The extra formats.
    func formats() throws -> [FigureFileFormat] {
        guard let figureFormat else { return [] }
        return try figureFormat.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = FigureFileFormat(rawValue: trimmed) else {
                throw ValidationError("--figure-format takes png, pdf or svg (comma-separated), not '\(name)'")
            }
            return format
        }
    }

    func validate() throws { _ = try formats() }
}
