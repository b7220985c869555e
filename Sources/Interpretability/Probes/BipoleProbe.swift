import Datasets
import Evaluation
import Foundation
import Magnetogram
import NeuralCore

/// Sweeps of a model's output over synthetic bipoles (Bhattacharjee et al. 2020, Sect. 4.4):
/// one model, or the mean and standard error of a set of cross-validation models.
///
/// Each probe magnetogram is prepared exactly as training data (``SamplePreparation``: NaN
/// fill, resize to the input size, clip, scale) and fed to every model. When the models were
/// trained with a clip, fields above it reach the network clipped: a 2000 G and a 3000 G
/// bipole look the same, and a field sweep goes flat at the clip. The sweep then carries a
/// warning naming the clip (``BipoleSweep/warnings``), which `flarekit probe` prints.
///
/// ```swift
/// let probe = try BipoleProbe(models: folds.map(\.model), preparation: preparation)
/// var series = [BipoleProbeSettings](repeating: .init(), count: 3)
/// for (k, field) in [1000.0, 2000, 3000].enumerated() { series[k].field = field }
/// let sweep = try probe.sweep(.radius, values: Array(stride(from: 1, through: 30, by: 0.5)),
///                             series: series, labels: ["1000 G", "2000 G", "3000 G"])
/// let peaks = try sweep.curves[1].peaks()      // low and high peak positions and values
/// try sweep.figure().write(to: folder.appendingPathComponent("radius.svg"))
/// ```
public struct BipoleProbe {
    /// The models probed (their outputs are probabilities in [0, 1]).
    public var models: [any Layer]
    /// How a probe magnetogram becomes network input.
    public var preparation: SamplePreparation
    /// Probe inputs per forward pass.
    public var batchSize = 16
    /// The latitude, degrees, the probe magnetograms are taken to lie at. It matters only to
    /// models trained with the Hale/Joy normalisation (Bhattacharjee et al. 2020, Sect. 4.4),
    /// which flip and reverse southern regions; the default, 0, is northern: the bipole is fed
    /// as drawn, to plain and normalised models alike (Fig. 11).
    public var latitude: Double = 0

    /// How far a probe magnetogram's total unsigned flux may lie from the closed form, as a
    /// fraction of it (the anti-aliased drawing is well inside it for regions of a pixel or more).
    public static let fluxTolerance = 0.01

    /// Creates a probe of `models`, each fed inputs prepared by `preparation`.
    /// - Throws: ``InterpretabilityError`` when `models` is empty.
    public init(models: [any Layer], preparation: SamplePreparation) throws {
        guard !models.isEmpty else {
            throw InterpretabilityError.invalidArgument(name: "models", value: "[]", reason: "a probe needs at least one model")
        }
        self.models = models
        self.preparation = preparation
    }

    /// The paper's representative probe for this probe's input size: the 768 x 427 magnetogram
    /// (``BipoleProbeSettings/paper(inputWidth:inputHeight:)``).
    public var paperSettings: BipoleProbeSettings {
        BipoleProbeSettings.paper(inputWidth: preparation.width, inputHeight: preparation.height)
    }

    /// Sweeps `parameter` over `values` for each of `series` (other parameters as each series
    /// sets them; default: ``paperSettings``), labelling the curves `labels` (default: the
    /// series' arrangement). Every probe input is checked first
    /// (``BipoleProbeSettings/validate(inputWidth:inputHeight:)``), so a bipole that does not
    /// fit its magnetogram fails before any network runs.
    ///
    /// With several ranks (`mpirun -np N`) the probe inputs (every series at every value) are
    /// shared round robin among them and every rank receives the others' points bit for bit
    /// (Evaluation's `Communicator.allgather(_: [Double])`), so every rank returns the sweep one
    /// process computes; rank 0 alone should write it. Every rank must call this
    /// with the same arguments.
    ///
    /// ```swift
    /// let sweep = try probe.sweep(.field, values: fields, communicator: communicator)
    /// if communicator.isRoot { try sweep.figure().write(to: svg) }
    /// ```
    /// - Throws: ``InterpretabilityError`` for empty inputs or a non-finite model output;
    ///   errors of the bipole, preparation, model or communicator otherwise.
    public func sweep(
        _ parameter: BipoleProbeParameter, values: [Double], series: [BipoleProbeSettings]? = nil,
        labels: [String]? = nil, communicator: any Communicator = SingleProcessCommunicator.shared
    ) throws -> BipoleSweep {
        let series = series ?? [paperSettings]
        guard !values.isEmpty, !series.isEmpty else {
            throw InterpretabilityError.invalidArgument(
                name: "sweep", value: "\(values.count) values, \(series.count) series", reason: "needs at least one of each")
        }
        if let labels, labels.count != series.count {
            throw InterpretabilityError.invalidArgument(
                name: "labels", value: "\(labels.count)", reason: "need one label per series (\(series.count))")
        }
        for settings in series {
            for value in values {
                try settings.setting(parameter, to: value).validate(inputWidth: preparation.width, inputHeight: preparation.height)
            }
        }
        let points = try sharedPoints(parameter, values: values, series: series, communicator: communicator)
        let curves = series.enumerated().map { index, settings in
            BipoleSweep.Curve(
                label: labels?[index] ?? settings.arrangement.rawValue, settings: settings,
                points: Array(points[(index * values.count)..<((index + 1) * values.count)]))
        }
        let fields = series.flatMap { settings in values.map { settings.setting(parameter, to: $0).field } }
        return BipoleSweep(
            parameter: parameter, curves: curves, modelCount: models.count,
            clip: preparation.preprocessing.clip.map(Double.init), probedFields: fields)
    }

    /// Every series' points at every value, series after series: probe input `k` (series
    /// `k / values.count`, value `k % values.count`) on rank `k % size`, gathered on every rank.
    private func sharedPoints(
        _ parameter: BipoleProbeParameter, values: [Double], series: [BipoleProbeSettings], communicator: any Communicator
    ) throws -> [BipoleSweep.Point] {
        let count = series.count * values.count
        func point(_ k: Int) throws -> BipoleSweep.Point {
            let value = values[k % values.count]
            return try probe(series[k / values.count].setting(parameter, to: value), at: value)
        }
        guard communicator.size > 1 else { return try (0..<count).map(point) }
        // A point travels as [value, input flux, closed-form flux, width, height, outputs...].
        let stride = 5 + models.count
        var mine: [Double] = []
        for k in WorkShare.roundRobin(count: count, rank: communicator.rank, size: communicator.size) {
            let p = try point(k)
            mine += [p.value, p.inputUnsignedFlux, p.closedFormUnsignedFlux, Double(p.magnetogramWidth), Double(p.magnetogramHeight)]
            mine += p.outputs
        }
        let gathered = try communicator.allgather(mine)
        return try (0..<count).map { k in
            let rank = k % communicator.size, start = (k / communicator.size) * stride
            guard gathered[rank].count >= start + stride else {
                throw InterpretabilityError.invalidArgument(
                    name: "gathered probe points", value: "\(gathered[rank].count) values from rank \(rank)",
                    reason: "expected \(stride) per probe input")
            }
            let f = gathered[rank][start..<(start + stride)].map { $0 }
            return BipoleSweep.Point(
                value: f[0], outputs: Array(f[5...]), inputUnsignedFlux: f[1], closedFormUnsignedFlux: f[2],
                magnetogramWidth: Int(f[3]), magnetogramHeight: Int(f[4]))
        }
    }

    /// Every model's output for one probe input, with the input's flux.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for settings
    ///   ``BipoleProbeSettings/validate(inputWidth:inputHeight:)`` refuses, or a magnetogram
    ///   whose total unsigned flux is more than 1% from the closed form; the preparation's and
    ///   models' errors.
    public func probe(_ settings: BipoleProbeSettings, at value: Double? = nil) throws -> BipoleSweep.Point {
        try settings.validate(inputWidth: preparation.width, inputHeight: preparation.height)
        let bipole = try settings.bipole(inputWidth: preparation.width, inputHeight: preparation.height)
        let magnetogram = bipole.magnetogram()
        let flux = magnetogram.unsignedFlux(), closedForm = bipole.closedFormUnsignedFlux
        guard abs(flux - closedForm) <= Self.fluxTolerance * closedForm else {
            throw InterpretabilityError.invalidArgument(
                name: "radius", value: "\(settings.radius) Mm",
                reason: "the \(bipole.width) x \(bipole.height) probe magnetogram holds \(flux) Mx, not the closed-form "
                    + "\(closedForm) Mx of its bipole (more than \(Self.fluxTolerance * 100)% off: a region of under a pixel?)")
        }
        let input = try preparation.tensor(
            from: magnetogram, latitude: latitude, source: "synthetic bipole \(settings.arrangement.rawValue)")
        let batch = try input.reshaped([1] + input.shape)
        let outputs = try models.map { model -> Double in
            let output = try model.forward(batch, mode: .inference)
            guard output.count == 1, let value = output.scalars.first, value.isFinite else {
                throw InterpretabilityError.invalidArgument(
                    name: "model output", value: "\(output.scalars.prefix(4))", reason: "expected one finite probability")
            }
            return Double(value)
        }
        return BipoleSweep.Point(
            value: value ?? settings.radius, outputs: outputs, inputUnsignedFlux: flux,
            closedFormUnsignedFlux: closedForm,
            magnetogramWidth: bipole.width, magnetogramHeight: bipole.height)
    }
}
