import Foundation

/// A GOES soft X-ray flare class: a letter (A, B, C, M, X) and a magnitude, for example `X2.4`.
///
/// The class encodes the peak 1-8 Angstrom flux: the letter gives the decade (A = 1e-8 W/m^2,
/// B = 1e-7, C = 1e-6, M = 1e-5, X = 1e-4) and the magnitude multiplies it, so X2.4 means
/// 2.4e-4 W/m^2. Classes compare by that flux, so `FlareClass("X1.0") > FlareClass("M9.9")`.
///
/// ```swift
/// let flare = try FlareClass("M2.5")
/// flare.peakFlux                       // 2.5e-5
/// flare >= .m1                         // true
/// try FlareClass(peakFlux: 2.5554e-5)  // M2.5 (truncated as NOAA's event lists write it)
/// ```
public struct FlareClass: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The class letter, ordered by flux.
    public enum Letter: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case A, B, C, M, X

        /// The flux in W/m^2 of magnitude 1 in this letter.
        public var decadeFlux: Double {
            switch self {
            case .A: 1e-8
            case .B: 1e-7
            case .C: 1e-6
            case .M: 1e-5
            case .X: 1e-4
            }
        }

        public static func < (lhs: Letter, rhs: Letter) -> Bool {
            lhs.decadeFlux < rhs.decadeFlux
        }
    }

    /// The letter (decade).
    public let letter: Letter
    /// The magnitude within the decade (X magnitudes may exceed 10, as in X28).
    public let magnitude: Double

    /// Creates a class from a letter and a positive, finite magnitude.
    public init(letter: Letter, magnitude: Double) throws {
        guard magnitude.isFinite, magnitude > 0 else {
            throw DatasetsError.invalidValue(
                what: "flare class magnitude", value: "\(magnitude)", reason: "must be positive and finite")
        }
        self.letter = letter
        self.magnitude = magnitude
    }

    /// Parses a class as catalogues write it: a letter and an optional magnitude (`"M2.5"`,
    /// `"X10"`, `"C"` meaning C1.0). Surrounding spaces and tabs are ignored; the letter is
    /// case-insensitive.
    ///
    /// The magnitude is a plain decimal number: digits, optionally one decimal point and more
    /// digits (`M1`, `M1.0`, `X10.5`). Exponents (`X1e308`), hexadecimal floats (`M0x1p3`),
    /// `inf`, `nan`, signs and inner spaces are refused, as is a class whose peak flux exceeds
    /// ``maximumPlausiblePeakFlux`` (X100; see Documentation/Reliability.md).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` naming the text.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        guard let first = trimmed.first, let letter = Letter(rawValue: String(first).uppercased()) else {
            throw DatasetsError.invalidValue(
                what: "flare class", value: text, reason: "must start with one of A, B, C, M, X")
        }
        let rest = trimmed.dropFirst()
        if rest.isEmpty {
            try self.init(letter: letter, magnitude: 1)
            return
        }
        guard Self.isPlainDecimal(rest), let magnitude = Double(rest) else {
            throw DatasetsError.invalidValue(
                what: "flare class", value: text,
                reason: "the magnitude after the letter is not a plain decimal number (digits, optionally '.' and digits)")
        }
        guard magnitude > 0 else {
            throw DatasetsError.invalidValue(what: "flare class", value: text, reason: "the magnitude must be positive")
        }
        try self.init(letter: letter, magnitude: magnitude)
        guard peakFlux <= Self.maximumPlausiblePeakFlux else {
            throw DatasetsError.invalidValue(
                what: "flare class", value: text,
                reason: "a peak flux of \(peakFlux) W/m^2 is above \(Self.maximumPlausiblePeakFlux) W/m^2 (X100), "
                    + "beyond any flare GOES can record")
        }
    }

    /// The largest 1-8 Angstrom peak flux taken as a real flare, W/m^2: 1e-2 (X100). The
    /// largest flares on record are near X30-X45; a value above this is a corrupt number or a
    /// detector spike, never a class.
    public static let maximumPlausiblePeakFlux = 1e-2

    /// Whether `text` is digits with at most one decimal point followed by digits.
    static func isPlainDecimal(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.utf8.allSatisfy { (48...57).contains($0) } }
        return digits(parts[0]) && (parts.count == 1 || digits(parts[1]))
    }

    /// The class of a peak flux in W/m^2, with the magnitude truncated (not rounded) to one
    /// decimal as NOAA's event lists write it: 2.5554e-5 W/m^2 is M2.5. Fluxes at or above
    /// 1e-3 stay in X (X10 and beyond); fluxes below 1e-8 are an error.
    public init(peakFlux: Double) throws {
        guard peakFlux.isFinite, peakFlux >= 1e-8 else {
            throw DatasetsError.invalidValue(
                what: "peak flux", value: "\(peakFlux)", reason: "must be finite and at least 1e-8 W/m^2 (A1.0)")
        }
        var letter = Letter.A
        for candidate in Letter.allCases where peakFlux >= candidate.decadeFlux * (1 - 1e-12) {
            letter = candidate
        }
        // Truncate to one decimal; the small epsilon keeps 2.5e-5 (stored as 2.4999...e-5) at 2.5.
        let scaled = peakFlux / letter.decadeFlux
        let truncated = (scaled * 10 + 1e-9).rounded(.down) / 10
        try self.init(letter: letter, magnitude: max(truncated, 1.0))
    }

    /// The peak 1-8 Angstrom flux this class means, W/m^2.
    public var peakFlux: Double { magnitude * letter.decadeFlux }

    /// The class written with one decimal, as catalogues write it: `"X2.4"`, `"M1.0"`.
    public var description: String {
        "\(letter.rawValue)\(String(format: "%.1f", magnitude))"
    }

    public static func < (lhs: FlareClass, rhs: FlareClass) -> Bool {
        lhs.peakFlux < rhs.peakFlux
    }

    /// C1.0, the threshold of Guastavino's C1+ task.
    public static let c1 = try! FlareClass(letter: .C, magnitude: 1)
    /// M1.0, the threshold of Bhattacharjee's flaring regions and Guastavino's M1+ task.
    public static let m1 = try! FlareClass(letter: .M, magnitude: 1)
    /// X1.0.
    public static let x1 = try! FlareClass(letter: .X, magnitude: 1)

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a GOES class such as M1.0")
        }
    }
}
