/// One 8-bit RGB colour.
public struct RGBColour: Sendable, Equatable {
    /// Red, 0-255.
    public var red: UInt8
    /// Green, 0-255.
    public var green: UInt8
    /// Blue, 0-255.
    public var blue: UInt8

    /// A colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A grey level.
    public init(grey: UInt8) {
        self.init(red: grey, green: grey, blue: grey)
    }

    /// Black.
    public static let black = RGBColour(grey: 0)
    /// White.
    public static let white = RGBColour(grey: 255)
    /// Pure red, the highlighted region of an occlusion overlay.
    public static let red = RGBColour(red: 255, green: 0, blue: 0)
}
