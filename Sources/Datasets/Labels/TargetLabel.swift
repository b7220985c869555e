/// The binary label a model was trained to predict, as a weight file records it (the `label`
/// metadata key of `WeightProvenance`): Bhattacharjee et al.'s flaring-region flag, or one of
/// Guastavino et al.'s tasks.
///
/// ```swift
/// let target = TargetLabel(rawValue: "C1+")   // .c1
/// target?.label(of: manifest.samples[0])      // 1 when a C1+ flare peaks in the next 24 h
/// TargetLabel.region.label(of: sample)        // sample.regionLabel
/// ```
public enum TargetLabel: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 1 for a magnetogram of a flaring HARP (``LabeledSample/regionLabel``; CNN-1 and CNN-2).
    case region
    /// 1 when a C1+ flare peaks in the next 24 hours (``FlareTask/c1``).
    case c1 = "C1+"
    /// 1 when an M1+ flare peaks in the next 24 hours (``FlareTask/m1``).
    case m1 = "M1+"

    /// The sample's label for this target: 0 or 1.
    public func label(of sample: LabeledSample) -> Int {
        switch self {
        case .region: sample.regionLabel
        case .c1: sample.label(for: .c1)
        case .m1: sample.label(for: .m1)
        }
    }

    /// Guastavino's task, `nil` for the region label.
    public var flareTask: FlareTask? {
        switch self {
        case .region: nil
        case .c1: .c1
        case .m1: .m1
        }
    }

    /// The metadata value (`region`, `C1+` or `M1+`).
    public var description: String { rawValue }
}
