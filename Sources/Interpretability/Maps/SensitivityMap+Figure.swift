import Foundation
import Magnetogram

extension SensitivityMap {
    /// The colour scale the map is drawn with: `ColourScale.diverging` (-1 blue, 0 white,
    /// +1 red) when any value is negative, as occlusion maps can be, otherwise
    /// `ColourScale.sequential` (0 black to 1 white), as saliency and Grad-CAM maps are.
    public var colourScale: ColourScale {
        values.contains { $0 < 0 } ? .diverging : .sequential
    }

    /// The factor by which a figure enlarges a map (nearest neighbour) so that its long side is
    /// at least `minimumLongSide` pixels; 1 for a map already that large.
    public func figureScale(minimumLongSide: Int = 512) -> Int {
        let long = max(width, height)
        return max(1, (minimumLongSide + long - 1) / long)
    }

    /// A figure of the map on `magnetogram` (which must have the map's size), north up:
    /// left, the magnetogram in grey (saturated at ±`saturation`) with the pixels above
    /// `threshold` in red, as ``overlayPNG(on:threshold:saturation:)``; right, the map in
    /// ``colourScale``, then its colour bar with tick labels (-1, 0, 1 or 0, 0.5, 1 of the
    /// normalised map). Both panels are enlarged by ``figureScale(minimumLongSide:)`` so that a
    /// 128 x 128 map is drawn 512 x 512.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` when the sizes differ.
    public func figureImage(
        on magnetogram: Magnetogram, threshold: Float = SensitivityMap.defaultThreshold, saturation: Float = 500,
        minimumLongSide: Int = 512
    ) throws -> RGBImage {
        let overlay = try overlayImage(on: magnetogram, threshold: threshold, saturation: saturation)
        let scale = figureScale(minimumLongSide: minimumLongSide)
        let colours = colourScale
        var mapPanel = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { mapPanel[x, height - 1 - y] = colours.colour(for: self[x, y]) }
        }
        let (panelWidth, panelHeight) = (width * scale, height * scale)
        let layout = FigureLayout(panelWidth: panelWidth, panelHeight: panelHeight)
        var figure = RGBImage(width: layout.width, height: layout.height)
        figure.draw(overlay.upscaled(by: scale), x: layout.margin, y: layout.margin)
        figure.draw(mapPanel.upscaled(by: scale), x: layout.mapX, y: layout.margin)
        figure.drawColourBar(
            colours, x: layout.barX, y: layout.margin, width: FigureLayout.barWidth, height: panelHeight,
            textScale: FigureLayout.textScale)
        return figure
    }

    /// ``figureImage(on:threshold:saturation:minimumLongSide:)`` as PNG bytes.
    /// - Throws: As ``figureImage(on:threshold:saturation:minimumLongSide:)``.
    public func figurePNG(
        on magnetogram: Magnetogram, threshold: Float = SensitivityMap.defaultThreshold, saturation: Float = 500,
        minimumLongSide: Int = 512
    ) throws -> Data {
        try figureImage(on: magnetogram, threshold: threshold, saturation: saturation, minimumLongSide: minimumLongSide)
            .pngData()
    }

    /// Writes ``figurePNG(on:threshold:saturation:minimumLongSide:)`` to `url`, atomically.
    /// - Throws: As ``figureImage(on:threshold:saturation:minimumLongSide:)``, and
    ///   ``InterpretabilityError/file(path:problem:)`` when the file cannot be written.
    public func writeFigurePNG(
        on magnetogram: Magnetogram, to url: URL, threshold: Float = SensitivityMap.defaultThreshold,
        saturation: Float = 500, minimumLongSide: Int = 512
    ) throws {
        try Self.writePNG(
            try figurePNG(on: magnetogram, threshold: threshold, saturation: saturation, minimumLongSide: minimumLongSide),
            to: url)
    }

    /// Where the panels and the colour bar of a figure go.
    struct FigureLayout {
        static let barWidth = 24, textScale = 2
        let margin = 16
        let panelWidth: Int, panelHeight: Int

        /// The left edge of the map panel.
        var mapX: Int { 2 * margin + panelWidth }
        /// The left edge of the colour bar.
        var barX: Int { mapX + panelWidth + margin }
        /// The figure's width: room for the widest tick label ("0.5") right of the bar.
        var width: Int { barX + Self.barWidth + 7 + RGBImage.textSize("0.5", scale: Self.textScale).width + margin }
        /// The figure's height.
        var height: Int { panelHeight + 2 * margin }
    }
}
