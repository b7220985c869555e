import Evaluation
import Foundation

/// The result of a bipole sweep: one curve per series, each the model output (mean and
/// standard error over models) at every swept value, with the probe's flux.
public struct BipoleSweep: EvaluationExportable {
    /// One probe input and the models' outputs on it.
    public struct Point: Sendable, Equatable {
        /// The swept parameter's value.
        public var value: Double
        /// Each model's output, in model order.
        public var outputs: [Double]
        /// Total unsigned flux of the probe magnetogram, Mx (from its pixels).
        public var inputUnsignedFlux: Double
        /// The closed-form flux n |B| pi r^2, Mx.
        public var closedFormUnsignedFlux: Double
        /// The probe magnetogram's size before resizing, pixels.
        public var magnetogramWidth: Int
        public var magnetogramHeight: Int

        /// The mean output over models.
        public var mean: Double { outputs.reduce(0, +) / Double(outputs.count) }

        /// The standard error of the mean over models (sample standard deviation / sqrt(n));
        /// 0 for a single model.
        public var standardError: Double {
            guard outputs.count > 1 else { return 0 }
            let m = mean
            let variance = outputs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(outputs.count - 1)
            return (variance / Double(outputs.count)).squareRoot()
        }
    }

    /// One series of the sweep.
    public struct Curve: Sendable, Equatable {
        /// The legend label.
        public var label: String
        /// The settings every point starts from (the swept parameter replaced).
        public var settings: BipoleProbeSettings
        /// The points, in the order of the swept values.
        public var points: [Point]

        /// The low and high peaks of the mean output (see ``OutputPeaks``).
        public func peaks() -> OutputPeaks {
            OutputPeaks(x: points.map(\.value), y: points.map(\.mean))
        }
    }

    /// The swept parameter.
    public var parameter: BipoleProbeParameter
    /// One curve per series.
    public var curves: [Curve]
    /// How many models were averaged.
    public var modelCount: Int
    /// The models' clipping bound in gauss (`nil`: their preprocessing does not clip).
    public var clip: Double?
    /// The probed fields above ``clip``, gauss, ascending (empty without a clip).
    public var fieldsAboveClip: [Double]

    /// Creates a sweep result; `probedFields` are the field strengths of every probe input,
    /// compared with the models' `clip`.
    public init(
        parameter: BipoleProbeParameter, curves: [Curve], modelCount: Int, clip: Double? = nil, probedFields: [Double] = []
    ) {
        self.parameter = parameter
        self.curves = curves
        self.modelCount = modelCount
        self.clip = clip
        self.fieldsAboveClip = clip.map { bound in Array(Set(probedFields.filter { $0 > bound })).sorted() } ?? []
    }

    /// Warnings for the reader of the sweep: fields the models see clipped.
    public var warnings: [String] {
        guard let clip, let lowest = fieldsAboveClip.first, let highest = fieldsAboveClip.last else { return [] }
        let range = lowest == highest ? "\(Self.gauss(lowest))" : "\(Self.gauss(lowest)) to \(Self.gauss(highest))"
        return ["the models clip their inputs at ±\(Self.gauss(clip)) G: the probed fields of \(range) G reach the "
            + "network as \(Self.gauss(clip)) G (apart from resampled edge pixels), so their outputs say nothing "
            + "about fields above the clip"]
    }

    static func gauss(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }

    public var jsonObject: [String: Any] {
        [
            "parameter": parameter.rawValue,
            "model_count": modelCount,
            "clip_gauss": clip ?? NSNull(),
            "warnings": warnings,
            "curves": curves.map { curve -> [String: Any] in
                let peaks = curve.peaks()
                return [
                    "label": curve.label,
                    "arrangement": curve.settings.arrangement.rawValue,
                    "radius_mm": curve.settings.radius, "field_gauss": curve.settings.field,
                    "x_resolution": curve.settings.xResolution, "y_resolution": curve.settings.yResolution,
                    "low_peak": peaks.low.map { ["position": $0.position, "value": $0.value] } ?? NSNull(),
                    "high_peak": peaks.high.map { ["position": $0.position, "value": $0.value] } ?? NSNull(),
                    "points": curve.points.map { point -> [String: Any] in
                        [
                            "value": point.value, "mean": point.mean, "standard_error": point.standardError,
                            "outputs": point.outputs, "input_unsigned_flux": point.inputUnsignedFlux,
                            "closed_form_unsigned_flux": point.closedFormUnsignedFlux,
                            "magnetogram_width": point.magnetogramWidth, "magnetogram_height": point.magnetogramHeight,
                        ]
                    },
                ]
            },
        ]
    }

    public func csv() -> String {
        var text = "curve,\(parameter.rawValue),mean,standard_error,input_unsigned_flux,closed_form_unsigned_flux,magnetogram_width,magnetogram_height\n"
        for curve in curves {
            let label = curve.label.contains(",") ? "\"\(curve.label)\"" : curve.label
            for p in curve.points {
                text += "\(label),\(p.value),\(p.mean),\(p.standardError),\(p.inputUnsignedFlux),\(p.closedFormUnsignedFlux),\(p.magnetogramWidth),\(p.magnetogramHeight)\n"
            }
        }
        return text
    }

    /// The curves with their standard-error bars, as in the paper's Figs. 9-11.
    public func figure(title: String? = nil) throws -> Figure {
        let x = curves.first?.points.map(\.value) ?? []
        return try Figure.curvesWithErrorBars(
            x: x, means: curves.map { $0.points.map(\.mean) }, errors: curves.map { $0.points.map(\.standardError) },
            labels: curves.map(\.label), xLabel: parameter.axisLabel, yLabel: "Model output", title: title,
            yRange: 0...1)
    }
}
