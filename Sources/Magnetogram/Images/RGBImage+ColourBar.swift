extension RGBImage {
    /// Draws a vertical colour bar of `scale` from its minimum (bottom) to its maximum (top)
    /// in the rectangle at (`x`, `y`) of `width` x `height`, with a black frame, a tick mark
    /// and a label (font `textScale`) right of the bar for each of ``ColourScale/ticks``.
    /// Returns the right edge of the widest label.
    @discardableResult
    public mutating func drawColourBar(
        _ scale: ColourScale, x: Int, y: Int, width: Int, height: Int, textScale: Int = 2
    ) -> Int {
        let height = max(2, height)
        for row in 0..<height {
            let fraction = Float(height - 1 - row) / Float(height - 1)
            let value = scale.minimum + fraction * (scale.maximum - scale.minimum)
            fill(x: x, y: y + row, width: width, height: 1, with: scale.colour(for: value))
        }
        fill(x: x - 1, y: y - 1, width: width + 2, height: 1, with: .black)
        fill(x: x - 1, y: y + height, width: width + 2, height: 1, with: .black)
        fill(x: x - 1, y: y - 1, width: 1, height: height + 2, with: .black)
        fill(x: x + width, y: y - 1, width: 1, height: height + 2, with: .black)
        var right = x + width
        for tick in scale.ticks {
            let fraction = (tick - scale.minimum) / (scale.maximum - scale.minimum)
            let row = y + Int((Float(height - 1) * (1 - fraction)).rounded())
            fill(x: x + width, y: row, width: 4, height: 1, with: .black)
            let text = ColourScale.label(tick)
            let size = Self.textSize(text, scale: textScale)
            let top = min(max(row - size.height / 2, y - 1), y + height - size.height + 1)
            drawText(text, x: x + width + 7, y: top, scale: textScale)
            right = max(right, x + width + 7 + size.width)
        }
        return right
    }
}
