import Evaluation
import Foundation
import NeuralCore

/// Bhattacharjee et al. (2020), Fig. 10 (right): the ratio of the high-peak to the low-peak
/// bipole radius against the aspect ratio of the probe magnetogram, over a set of
/// magnetogram dimensions. The paper finds the two peaks set by the x- and y-resolution of the
/// resized input, so their ratio follows the aspect ratio.
///
/// One radius sweep per (x-resolution, y-resolution) pair; each gives the probe magnetogram's
/// size (``BipoleProbeSettings/magnetogramSize(inputWidth:inputHeight:)``), its aspect ratio
/// width / height, and the low and high peaks of the mean output (``OutputPeaks``). A sweep
/// with fewer than two peaks has no ratio (`nil`), and is kept in the table.
///
/// ```swift
/// let ratios = try PeakRatioSweep(
///     probe: probe, radii: Array(stride(from: 1, through: 38.5, by: 0.5)),   // 0.05 x 0.05 holds 38.8 Mm
///     resolutions: [(0.05, 0.05), (0.09, 0.05), (0.13, 0.05), (0.09, 0.03), (0.09, 0.07)])
/// try ratios.figure().write(to: URL(fileURLWithPath: "peak_ratio.svg"))
/// ```
public struct PeakRatioSweep: EvaluationExportable {
    /// One magnetogram dimension.
    public struct Point: Sendable, Equatable {
        /// The resized input's resolution, degrees per pixel.
        public var xResolution: Double, yResolution: Double
        /// The probe magnetogram's size before resizing, pixels, and its width / height.
        public var magnetogramWidth: Int, magnetogramHeight: Int
        public var aspectRatio: Double
        /// The radii (Mm) of the low and high output peaks, and high / low.
        public var lowPeakRadius: Double?, highPeakRadius: Double?
        public var ratio: Double? {
            guard let low = lowPeakRadius, let high = highPeakRadius, low > 0 else { return nil }
            return high / low
        }
    }

    /// The points, in the order of the resolutions given.
    public var points: [Point]

    /// Sweeps the radius at every resolution pair, the other settings as `settings` gives them;
    /// the ranks of `communicator` share each sweep's probe inputs
    /// (``BipoleProbe/sweep(_:values:series:labels:communicator:)``).
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for no radii, no
    ///   resolutions or a resolution that is not positive; the probe's errors otherwise.
    public init(
        probe: BipoleProbe, radii: [Double], resolutions: [(x: Double, y: Double)], settings: BipoleProbeSettings = BipoleProbeSettings(),
        communicator: any Communicator = SingleProcessCommunicator.shared
    ) throws {
        guard !radii.isEmpty, !resolutions.isEmpty else {
            throw InterpretabilityError.invalidArgument(
                name: "peak-ratio sweep", value: "\(radii.count) radii, \(resolutions.count) resolutions", reason: "needs both")
        }
        points = try resolutions.map { resolution in
            guard resolution.x > 0, resolution.y > 0, resolution.x.isFinite, resolution.y.isFinite else {
                throw InterpretabilityError.invalidArgument(
                    name: "resolution", value: "\(resolution.x) x \(resolution.y)", reason: "must be positive degrees per pixel")
            }
            var base = settings
            base.xResolution = resolution.x
            base.yResolution = resolution.y
            let sweep = try probe.sweep(.radius, values: radii, series: [base], communicator: communicator)
            let size = base.magnetogramSize(inputWidth: probe.preparation.width, inputHeight: probe.preparation.height)
            let peaks = sweep.curves[0].peaks()
            return Point(
                xResolution: resolution.x, yResolution: resolution.y, magnetogramWidth: size.width, magnetogramHeight: size.height,
                aspectRatio: Double(size.width) / Double(max(size.height, 1)),
                lowPeakRadius: peaks.low?.position, highPeakRadius: peaks.high?.position)
        }
    }

    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        return ["points": points.map { p -> [String: Any] in
            ["x_resolution": p.xResolution, "y_resolution": p.yResolution, "magnetogram_width": p.magnetogramWidth,
             "magnetogram_height": p.magnetogramHeight, "aspect_ratio": p.aspectRatio, "low_peak_radius": number(p.lowPeakRadius),
             "high_peak_radius": number(p.highPeakRadius), "ratio": number(p.ratio)]
        }]
    }

    public func csv() -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var text = "x_resolution,y_resolution,magnetogram_width,magnetogram_height,aspect_ratio,low_peak_radius,high_peak_radius,ratio\n"
        for p in points {
            text += "\(p.xResolution),\(p.yResolution),\(p.magnetogramWidth),\(p.magnetogramHeight),\(p.aspectRatio),"
                + "\(number(p.lowPeakRadius)),\(number(p.highPeakRadius)),\(number(p.ratio))\n"
        }
        return text
    }

    /// Fig. 10 (right): the peak-radius ratio against the aspect ratio, points sorted by aspect
    /// ratio, with the line ratio = aspect ratio for reference.
    public func figure(title: String? = "High-to-low peak radius against aspect ratio (Fig. 10 right)") throws -> Figure {
        let sorted = points.filter { $0.ratio != nil }.sorted { $0.aspectRatio < $1.aspectRatio }
        var series: [FigureSeries] = [
            .line(try LineSeries(
                label: "peak-radius ratio", x: sorted.map(\.aspectRatio), y: sorted.map { $0.ratio ?? .nan }, color: .blue,
                showsMarkers: true)),
        ]
        if let first = sorted.first?.aspectRatio, let last = sorted.last?.aspectRatio {
            series.append(.line(try LineSeries(label: "ratio = aspect ratio", x: [first, last], y: [first, last], color: .gray)))
        }
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "Magnetogram aspect ratio (width / height)"),
            yAxis: FigureAxis(label: "High-peak radius / low-peak radius"), series: series,
            emptyNote: "no sweep has two peaks")
        return Figure(width: 640, height: 420, title: title, panels: [panel])
    }
}
