import Datasets
import Foundation

/// Bhattacharjee et al. (2020), Fig. 8: histograms of the x- and y-resolution of the training
/// magnetograms after they are resized to the network's input, in degrees per pixel.
///
/// A SHARP CEA map of W x H pixels at CDELT1 x CDELT2 degrees per pixel, resized to an input of
/// w x h pixels, has an x-resolution of CDELT1 x W / w and a y-resolution of CDELT2 x H / h: a
/// wide region is squeezed more along x than a narrow one, the dependence on magnetogram
/// dimensions the paper's probes (Figs. 9-11) trace back to. Samples without a pixel scale or a
/// size (a manifest written before FlareKit kept CDELT) are counted in ``unknown`` and left out.
///
/// ```swift
/// let histogram = try InputResolutionHistogram(samples: trainingSamples, inputWidth: 256, inputHeight: 256)
/// try histogram.figure().write(to: URL(fileURLWithPath: "input_resolution.svg"))
/// ```
public struct InputResolutionHistogram: Sendable, EvaluationExportable {
    /// Each sample's x- and y-resolution, degrees per pixel (samples with a known scale).
    public var xResolutions: [Double], yResolutions: [Double]
    /// Samples left out for lack of a pixel scale or a size.
    public var unknown: Int
    /// The bins' edges (shared by both histograms) and the counts per bin.
    public var edges: [Double]
    public var xCounts: [Int], yCounts: [Int]

    /// The histograms of `samples` resized to `inputWidth` x `inputHeight`, in `binCount` equal bins.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` for a non-positive
    ///   input size or bin count, or when no sample has a known resolution.
    public init(samples: [LabeledSample], inputWidth: Int, inputHeight: Int, binCount: Int = 20) throws {
        guard inputWidth > 0, inputHeight > 0, binCount > 0 else {
            throw EvaluationError.invalidArgument(
                name: "input size and bins", value: "\(inputWidth)x\(inputHeight), \(binCount)", reason: "must be positive")
        }
        var x: [Double] = [], y: [Double] = [], unknown = 0
        for sample in samples {
            let o = sample.observation
            guard let sx = o.pixelScaleX, let sy = o.pixelScaleY, o.width > 0, o.height > 0 else {
                unknown += 1
                continue
            }
            x.append(sx * Double(o.width) / Double(inputWidth))
            y.append(sy * Double(o.height) / Double(inputHeight))
        }
        guard let low = (x + y).min(), let high = (x + y).max() else {
            throw EvaluationError.invalidArgument(
                name: "samples", value: "\(samples.count) (\(unknown) without a pixel scale)",
                reason: "no sample has a known resolution; index the archive again to record CDELT1/CDELT2")
        }
        let span = high > low ? high - low : max(abs(high), 1e-6) * 0.1
        let width = span / Double(binCount)
        edges = (0...binCount).map { low + Double($0) * width }
        func counts(_ values: [Double]) -> [Int] {
            var result = [Int](repeating: 0, count: binCount)
            for value in values { result[min(binCount - 1, max(0, Int((value - low) / width)))] += 1 }
            return result
        }
        xResolutions = x
        yResolutions = y
        self.unknown = unknown
        xCounts = counts(x)
        yCounts = counts(y)
    }

    public var jsonObject: [String: Any] {
        ["edges": edges, "x_counts": xCounts, "y_counts": yCounts, "unknown": unknown, "samples": xResolutions.count]
    }

    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "x_count", "y_count"],
            rows: xCounts.indices.map { k in [csvField(edges[k]), csvField(edges[k + 1]), "\(xCounts[k])", "\(yCounts[k])"] })
    }

    /// Fig. 8: the two histograms side by side.
    public func figure(title: String? = "Resolution of the resized inputs (Fig. 8)") throws -> Figure {
        let centers = xCounts.indices.map { (edges[$0] + edges[$0 + 1]) / 2 }
        let width = edges.count > 1 ? edges[1] - edges[0] : 1
        func panel(_ name: String, _ counts: [Int], _ color: FigureColor) throws -> FigurePanel {
            FigurePanel(
                title: "\(name)-resolution", xAxis: FigureAxis(label: "\(name)-resolution (deg/pixel)"),
                yAxis: FigureAxis(label: "Number of magnetograms"),
                series: [.bars(try BarSeries(label: name, centers: centers, heights: counts.map(Double.init), width: width, color: color))])
        }
        return Figure(
            width: 960, height: 400, title: title,
            panels: [try panel("x", xCounts, .blue), try panel("y", yCounts, .vermillion)])
    }
}
