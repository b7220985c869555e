/// A 5 x 7 pixel font of the characters a colour bar's tick labels need (digits, `-`, `+`,
/// `.`, `e`, `x`, space), so that labels are drawn without a font library.
enum BitmapFont {
    /// Glyph width and height in font pixels, and the advance between characters.
    static let glyphWidth = 5, glyphHeight = 7, advance = 6

    /// Rows top to bottom; `#` is ink.
    static let glyphs: [Character: [String]] = [
        "0": [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
        "1": ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
        "3": ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
        "4": ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
        "5": ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
        "6": ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
        "7": ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
        "8": [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
        "9": [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
        "-": ["     ", "     ", "     ", "#####", "     ", "     ", "     "],
        "+": ["     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "],
        ".": ["     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "],
        "e": ["     ", "     ", " ### ", "#   #", "#####", "#    ", " ### "],
        "x": ["     ", "     ", "#   #", " # # ", "  #  ", " # # ", "#   #"],
        " ": ["     ", "     ", "     ", "     ", "     ", "     ", "     "],
    ]

    /// The width in image pixels of `text` drawn at `scale`.
    static func width(of text: String, scale: Int) -> Int {
        text.isEmpty ? 0 : (text.count * advance - 1) * scale
    }
}

extension RGBImage {
    /// Draws `text` with its top-left corner at (`x`, `y`), each font pixel a `scale` x `scale`
    /// square; characters the font lacks (see the list above) are drawn as blanks.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 2, colour: RGBColour = .black) {
        let scale = max(1, scale)
        for (index, character) in text.enumerated() {
            guard let rows = BitmapFont.glyphs[character] else { continue }
            let left = x + index * BitmapFont.advance * scale
            for (row, line) in rows.enumerated() {
                for (column, ink) in line.enumerated() where ink == "#" {
                    fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, with: colour)
                }
            }
        }
    }

    /// The size in image pixels of `text` drawn by ``drawText(_:x:y:scale:colour:)``.
    public static func textSize(_ text: String, scale: Int = 2) -> (width: Int, height: Int) {
        (BitmapFont.width(of: text, scale: max(1, scale)), BitmapFont.glyphHeight * max(1, scale))
    }
}
