import Magnetogram

/// The bipoles a probe magnetogram holds, and the checks that refuse the others
/// (Bhattacharjee et al. 2020, Sect. 4.4; see ``BipoleProbeSettings``).
extension BipoleProbeSettings {
    /// The largest region radius, Mm, whose arrangement fits inside the magnetogram for a
    /// network input of the given size: `min(width / (2 n), height / 2)` pixels for `n`
    /// touching regions, in Mm at the native scale (solar radius 696 Mm).
    public func largestRadius(inputWidth: Int, inputHeight: Int) -> Double {
        let size = magnetogramSize(inputWidth: inputWidth, inputHeight: inputHeight)
        let regions = arrangement.signs.count
        // An even number of regions is centred on a pixel boundary: floor(width / 2).
        let halfWidth = regions % 2 == 0 ? Double(size.width / 2) : Double(size.width) / 2
        return min(halfWidth / Double(regions), Double(size.height) / 2) * megametresPerPixel
    }

    /// The smallest region radius, Mm, whose drawn flux is within 1% of the closed form: one
    /// native pixel, or ten for the three-region `-+-` arrangement (its two touching points
    /// fall inside pixels that hold both polarities; ten pixels keep the loss under 0.9%).
    public var smallestRadius: Double {
        Double(arrangement.signs.count == 3 ? 10 : 1) * megametresPerPixel
    }

    /// Megametres per native pixel (solar radius 696 Mm).
    var megametresPerPixel: Double { nativeScale * Magnetogram.standardSolarRadius * .pi / 180 / 1e6 }

    /// Checks that this probe makes sense for a network input of the given size.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` naming the
    ///   setting: a field, radius or resolution that is not a positive finite number, a
    ///   magnetogram of less than one pixel or wider than the visible hemisphere (180 degrees),
    ///   a radius below ``smallestRadius``, or a radius whose arrangement does not fit inside
    ///   the magnetogram (its flux would be cut at the edge).
    public func validate(inputWidth: Int, inputHeight: Int) throws {
        for (name, value) in [("field", field), ("radius", radius), ("x_resolution", xResolution), ("y_resolution", yResolution),
                              ("native scale", nativeScale)]
        where !(value.isFinite && value > 0) {
            throw InterpretabilityError.invalidArgument(name: name, value: "\(value)", reason: "must be a positive finite number")
        }
        guard Float(field).isFinite else {
            throw InterpretabilityError.invalidArgument(name: "field", value: "\(field) G", reason: "too large for a float32 magnetogram")
        }
        guard inputWidth >= 1, inputHeight >= 1 else {
            throw InterpretabilityError.invalidArgument(
                name: "input size", value: "\(inputWidth) x \(inputHeight)", reason: "must be at least 1 x 1 pixels")
        }
        let input = "at a \(inputWidth) x \(inputHeight) input"
        for (name, resolution, pixels) in [("x_resolution", xResolution, inputWidth), ("y_resolution", yResolution, inputHeight)] {
            let side = resolution * Double(pixels)
            guard side <= Self.widestMagnetogramSide else {
                throw InterpretabilityError.invalidArgument(
                    name: name, value: "\(resolution) deg/pixel",
                    reason: "\(input) the magnetogram would span \(side) degrees, more than the visible hemisphere "
                        + "(\(Self.widestMagnetogramSide) degrees); at most \(Self.widestMagnetogramSide / Double(pixels)) deg/pixel")
            }
            guard (side / nativeScale).rounded() >= 1 else {
                throw InterpretabilityError.invalidArgument(
                    name: name, value: "\(resolution) deg/pixel",
                    reason: "\(input) the magnetogram would be less than one \(nativeScale)-degree pixel wide")
            }
        }
        guard radius >= smallestRadius else {
            throw InterpretabilityError.invalidArgument(
                name: "radius", value: "\(radius) Mm",
                reason: "the \(arrangement.rawValue) regions would be under \(String(format: "%.3g", smallestRadius / megametresPerPixel)) "
                    + "pixels of \(nativeScale) degrees: the drawn flux would be more than 1% from the closed form; "
                    + "at least \(String(format: "%.2f", smallestRadius)) Mm")
        }
        let largest = largestRadius(inputWidth: inputWidth, inputHeight: inputHeight)
        guard radius <= largest else {
            let size = magnetogramSize(inputWidth: inputWidth, inputHeight: inputHeight)
            var paper = Self.paper(inputWidth: inputWidth, inputHeight: inputHeight)
            paper.arrangement = arrangement
            let paperLargest = paper.largestRadius(inputWidth: inputWidth, inputHeight: inputHeight)
            let n = arrangement.signs.count
            throw InterpretabilityError.invalidArgument(
                name: "radius", value: "\(radius) Mm",
                reason: "the \(arrangement.rawValue) arrangement (\(n) touching region\(n == 1 ? "" : "s")) does not fit inside the "
                    + "\(size.width) x \(size.height) magnetogram of x_resolution \(xResolution) and y_resolution \(yResolution) "
                    + "deg/pixel \(input): at most \(String(format: "%.2f", largest)) Mm (its flux would be cut at the edge); "
                    + "coarser resolutions hold larger bipoles (the paper's 768 x 427 magnetogram is x_resolution "
                    + "\(String(format: "%.4g", paper.xResolution)), y_resolution \(String(format: "%.4g", paper.yResolution)) at this input, "
                    + "up to \(String(format: "%.2f", paperLargest)) Mm)")
        }
    }
}
