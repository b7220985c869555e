import Architectures
import ArgumentParser
import Foundation
import Interpretability
import Magnetogram
import NeuralCore
import Pipelines

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Sweep a trained CNN's output over synthetic bipoles (Bhattacharjee et al. 2020, Sect. 4.4).",
        discussion: """
            Each probe input is a magnetogram of circular regions of uniform field (--arrangement, \
            left to right: -+ by default; repeat it for one curve per arrangement) at the native \
            SHARP scale, sized so that resized to the network input it has the given x- and \
            y-resolution, prepared as the weight file's metadata says. One parameter (--parameter \
            radius, field, x_resolution or y_resolution) is swept over --values, START:STOP:STEP \
            (STOP included) or a comma list; the others keep --radius (12.5 Mm), --field (2000 G), \
            --x-resolution and --y-resolution (default: the paper's 768 x 427 magnetogram, \
            23 x 12.8 degrees, whatever the input size: 0.09 and 0.05 deg/pixel at a 256 input, \
            0.72 and 0.4 at 32). A probe input that makes no sense is refused before any network \
            runs: a radius, field or resolution that is not a positive finite number, a \
            magnetogram under one pixel or wider than 180 degrees, or a bipole that does not fit \
            inside its magnetogram (its flux would be cut at the edge: n touching regions of \
            radius r need 2nr x 2r; the error gives the largest radius that fits and the \
            resolutions of the paper's magnetogram). Every probe magnetogram's total unsigned \
            flux is within 1% of the closed form n |B| pi r^2. With several --weights (for \
            example the models of the cross-validation folds, which must share input size and \
            preprocessing) the curve is their mean with its standard error. Writes sweep.json, \
            sweep.csv and sweep.svg into --output and prints each curve's points and its low and \
            high peaks. When the models clip their inputs (a clip in their preprocessing) and a \
            probed field exceeds it, a warning naming the clip goes to standard error, report.md \
            and the "warnings" of sweep.json. Under mpirun or srun the probe inputs are shared \
            among the ranks and rank 0 writes the same files as one process and prints.
            """)

    @Option(name: .long, help: "Weights (.safetensors); repeat for the mean over several models.")
    var weights: [String] = []

    @Option(name: .long, help: "Architecture for weight files without metadata.")
    var arch: CNNArchitectureName?

    @Option(name: .customLong("input-size"), help: "Square input size for weight files without metadata.")
    var inputSize: Int?

    @Option(name: .long, help: "The swept parameter: radius, field, x_resolution or y_resolution.")
    var parameter: String

    @Option(name: .long, help: "START:STOP:STEP or a comma list.")
    var values: String

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: "Polarities left to right (-+, +-, -+-, +, -); repeat for one curve each.")
    var arrangement: [String] = []

    @Option(name: .long, help: "Field strength of each region, G (when not swept).")
    var field: Double?

    @Option(name: .long, help: "Radius of each region, Mm (when not swept).")
    var radius: Double?

    @Option(name: .customLong("x-resolution"), help: "x-resolution of the resized input, deg/pixel (when not swept; default: the paper's 768-pixel width, 0.09 at a 256 input).")
    var xResolution: Double?

    @Option(name: .customLong("y-resolution"), help: "y-resolution of the resized input, deg/pixel (when not swept; default: the paper's 427-pixel height, 0.05 at a 256 input).")
    var yResolution: Double?

    @Option(name: .long, help: "The output folder (a weight file where probe writes its files is refused).")
    var output: String

    @Option(name: .long, help: "With --parameter radius: a radius sweep per x-resolution x y-resolution pair, e.g. 0.05x0.05,0.09x0.05,0.13x0.05, and the high-to-low peak radius ratio against the magnetogram aspect ratio (Fig. 10 right) in peak_ratio.json/csv/svg.")
    var resolutions: String?

    @Option(name: .customLong("compare-weights"), help: "A second set of models (repeat), e.g. retrained with Hale/Joy normalisation: their curves are drawn beside the first set's (Fig. 11).")
    var compareWeights: [String] = []

    func validate() throws {
        guard !weights.isEmpty else { throw ValidationError("give at least one --weights file") }
        if let inputSize, inputSize < 1 { throw ValidationError("--input-size must be at least 1") }
        guard Self.parameter(parameter) != nil else {
            throw ValidationError("--parameter must be radius, field, x_resolution or y_resolution, not '\(parameter)'")
        }
        for text in arrangement where SyntheticBipole.Arrangement(rawValue: text) == nil {
            throw ValidationError("--arrangement must be one of -+, +-, -+-, +, -, not '\(text)'")
        }
        for (name, value) in [("--field", field), ("--radius", radius), ("--x-resolution", xResolution), ("--y-resolution", yResolution)] {
            if let value, !(value.isFinite && value > 0) { throw ValidationError("\(name) must be positive") }
        }
        if let resolutions {
            guard Self.parameter(parameter) == .radius else { throw ValidationError("--resolutions goes with --parameter radius") }
            guard Self.resolutionPairs(resolutions) != nil else {
                throw ValidationError("--resolutions must be XRESxYRES pairs of positive degrees per pixel, e.g. 0.09x0.05,0.05x0.05, not '\(resolutions)'")
            }
        }
    }

    @OptionGroup var compute: ThreadsOption

    func run() throws {
        try runDistributed(threads: compute.threads) { communicator in
            var files = CommandFiles()
            files.read(weights, option: "--weights")
            files.read(compareWeights, option: "--compare-weights")
            files.write(folder: output, option: "--output", writing: BipoleProbeOutput.fileNames)
            try files.check()
            let sweptValues = try BipoleSweepValues.parse(values)
            let models = try weights.map { path -> FlareModel in
                let url = URL(fileURLWithPath: path)
                if let arch { return try FlareModel.resolve(weights: url, architecture: arch.architectureName, inputSize: inputSize) }
                return try FlareModel.load(from: url)
            }
            let probe = try BipoleProbe(flareModels: models)
            var base = probe.paperSettings
            if let field { base.field = field }
            if let radius { base.radius = radius }
            if let xResolution { base.xResolution = xResolution }
            if let yResolution { base.yResolution = yResolution }
            let arrangements = (arrangement.isEmpty ? ["-+"] : arrangement).compactMap(SyntheticBipole.Arrangement.init(rawValue:))
            let series = arrangements.map { arrangement -> BipoleProbeSettings in
                var settings = base
                settings.arrangement = arrangement
                return settings
            }
            let swept = Self.parameter(parameter) ?? .radius
            if communicator.isRoot {
                FileHandle.standardError.write(Data(
                    "probe: \(sweptValues.count) values x \(series.count) curves x \(models.count) models\n".utf8))
            }
            var sweep = try probe.sweep(swept, values: sweptValues, series: series, communicator: communicator)
            if !compareWeights.isEmpty {
                let others = try compareWeights.map { path -> FlareModel in
                    let url = URL(fileURLWithPath: path)
                    if let arch { return try FlareModel.resolve(weights: url, architecture: arch.architectureName, inputSize: inputSize) }
                    return try FlareModel.load(from: url)
                }
                let second = try BipoleProbe(flareModels: others).sweep(
                    swept, values: sweptValues, series: series, labels: series.map { "compared " + $0.arrangement.rawValue },
                    communicator: communicator)
                sweep.curves = sweep.curves.map { curve in
                    var renamed = curve
                    renamed.label = "first " + curve.label
                    return renamed
                } + second.curves
            }
            var peakRatios: PeakRatioSweep?
            if let resolutions, let pairs = Self.resolutionPairs(resolutions) {
                if communicator.isRoot {
                    FileHandle.standardError.write(Data("probe: radius sweeps at \(pairs.count) resolutions (Fig. 10 right)\n".utf8))
                }
                peakRatios = try PeakRatioSweep(
                    probe: probe, radii: sweptValues, resolutions: pairs, settings: series[0], communicator: communicator)
            }
            guard communicator.isRoot else { return }
            for warning in sweep.warnings { FileHandle.standardError.write(Data("probe: warning: \(warning)\n".utf8)) }
            let probeOutput = BipoleProbeOutput(sweep: sweep, peakRatios: peakRatios, models: weights)
            try probeOutput.write(toFolder: output)
            print(probeOutput.table())
            if let peakRatios { print(peakRatios.csv(), terminator: "") }
            print("wrote sweep.json, sweep.csv, sweep.svg and report.md into \(output)")
        }
    }

    /// `0.09x0.05,0.05x0.05` as (x, y) pairs, or `nil` when one is not two positive numbers.
    static func resolutionPairs(_ text: String) -> [(x: Double, y: Double)]? {
        let pairs = text.split(separator: ",").map { item -> (x: Double, y: Double)? in
            let parts = item.lowercased().split(separator: "x")
            guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), x > 0, y > 0, x.isFinite, y.isFinite
            else { return nil }
            return (x, y)
        }
        return pairs.isEmpty || pairs.contains { $0 == nil } ? nil : pairs.compactMap { $0 }
    }

    static func parameter(_ text: String) -> BipoleProbeParameter? {
        BipoleProbeParameter(rawValue: text.replacingOccurrences(of: "-", with: "_"))
    }
}
