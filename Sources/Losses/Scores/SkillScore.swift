/// The skill scores of a binary forecast, each defined once on the four confusion-matrix
/// cells. ``ConfusionCounts`` evaluates them on counts; ``ScoreOrientedLoss`` on expected
/// counts, differentiably.
///
/// Composite scores are built from their ratios as the papers define them: F1 from precision
/// and recall, TSS = recall + specificity - 1.
public enum SkillScore: Sendable, Hashable, CustomStringConvertible {
    case accuracy, precision, recall, specificity, f1
    /// F-beta: (1 + beta^2) P R / (beta^2 P + R).
    case fBeta(Double)
    /// FP / (TP + FP).
    case falseAlarmRatio
    /// FP / (FP + TN).
    case falsePositiveRate
    /// TP / (TP + FN + FP).
    case criticalSuccessIndex
    /// recall + specificity - 1.
    case trueSkillStatistic
    /// (TP - FP) / (TP + FN).
    case heidkeSkillScore1
    /// 2 (TP TN - FP FN) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN)).
    case heidkeSkillScore2

    /// The scores a score-oriented loss can optimise, with the short names used in JSON.
    public static let lossScores: [(key: String, score: SkillScore)] = [
        ("accuracy", .accuracy), ("precision", .precision), ("recall", .recall),
        ("specificity", .specificity), ("f1", .f1), ("tss", .trueSkillStatistic),
        ("csi", .criticalSuccessIndex), ("hss1", .heidkeSkillScore1), ("hss2", .heidkeSkillScore2),
    ]

    /// Parses a short name: accuracy, precision, recall, specificity, f1, far, fpr, csi, tss,
    /// hss1, hss2 (also `hss`, meaning HSS2), or `f<beta>` such as `f2` or `f0.5`.
    public init?(shortName: String) {
        switch shortName.lowercased() {
        case "accuracy": self = .accuracy
        case "precision": self = .precision
        case "recall": self = .recall
        case "specificity": self = .specificity
        case "f1": self = .f1
        case "far": self = .falseAlarmRatio
        case "fpr": self = .falsePositiveRate
        case "csi": self = .criticalSuccessIndex
        case "tss": self = .trueSkillStatistic
        case "hss1": self = .heidkeSkillScore1
        case "hss2", "hss": self = .heidkeSkillScore2
        case let name where name.hasPrefix("f"):
            guard let beta = Double(name.dropFirst()), beta > 0, beta.isFinite else { return nil }
            self = .fBeta(beta)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .accuracy: return "accuracy"
        case .precision: return "precision"
        case .recall: return "recall"
        case .specificity: return "specificity"
        case .f1: return "f1"
        case let .fBeta(beta): return "f\(beta)"
        case .falseAlarmRatio: return "far"
        case .falsePositiveRate: return "fpr"
        case .criticalSuccessIndex: return "csi"
        case .trueSkillStatistic: return "tss"
        case .heidkeSkillScore1: return "hss1"
        case .heidkeSkillScore2: return "hss2"
        }
    }

    /// Evaluates the score on any number type. `divide` decides what a zero denominator
    /// gives: `nil` (undefined) for counted matrices, 0 inside the losses.
    func evaluate<T: ScoreNumber>(tp: T, tn: T, fp: T, fn: T, divide: (T, T) -> T?) -> T? {
        func recall() -> T? { divide(tp, tp + fn) }
        func precision() -> T? { divide(tp, tp + fp) }
        func specificity() -> T? { divide(tn, tn + fp) }
        func fScore(_ beta: Double) -> T? {
            guard let p = precision(), let r = recall() else { return nil }
            let b2 = T(beta * beta)
            return divide((T(1) + b2) * p * r, b2 * p + r)
        }
        switch self {
        case .accuracy: return divide(tp + tn, tp + tn + fp + fn)
        case .precision: return precision()
        case .recall: return recall()
        case .specificity: return specificity()
        case .f1: return fScore(1)
        case let .fBeta(beta): return fScore(beta)
        case .falseAlarmRatio: return divide(fp, tp + fp)
        case .falsePositiveRate: return divide(fp, fp + tn)
        case .criticalSuccessIndex: return divide(tp, tp + fn + fp)
        case .trueSkillStatistic:
            guard let r = recall(), let s = specificity() else { return nil }
            return r + s - T(1)
        case .heidkeSkillScore1: return divide(tp - fp, tp + fn)
        case .heidkeSkillScore2:
            return divide(T(2) * (tp * tn - fp * fn), (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
        }
    }
}

/// The arithmetic the score formulas need: `Double` for values, ``CellDual`` for gradients.
protocol ScoreNumber {
    init(_ constant: Double)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    var isZero: Bool { get }
}

extension Double: ScoreNumber {
    var isZero: Bool { self == 0 }
}

/// A value with its partial derivatives with respect to (TP, TN, FP, FN): forward-mode
/// differentiation of the score formulas, so each formula is written only once.
struct CellDual: ScoreNumber {
    var value: Double
    var partials: SIMD4<Double>

    init(_ constant: Double) {
        value = constant
        partials = .zero
    }

    init(value: Double, partials: SIMD4<Double>) {
        self.value = value
        self.partials = partials
    }

    var isZero: Bool { value == 0 }

    static func + (a: CellDual, b: CellDual) -> CellDual { .init(value: a.value + b.value, partials: a.partials + b.partials) }
    static func - (a: CellDual, b: CellDual) -> CellDual { .init(value: a.value - b.value, partials: a.partials - b.partials) }
    static func * (a: CellDual, b: CellDual) -> CellDual {
        .init(value: a.value * b.value, partials: a.partials * b.value + b.partials * a.value)
    }
    static func / (a: CellDual, b: CellDual) -> CellDual {
        .init(value: a.value / b.value, partials: (a.partials * b.value - b.partials * a.value) / (b.value * b.value))
    }
}
