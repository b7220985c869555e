import Foundation

/// The values a bipole sweep visits, from text: `START:STOP:STEP` (START, START + STEP, ... up
/// to STOP inclusive, within a millionth of a step) or a comma list (`1,2,3.5`).
///
/// ```swift
/// try BipoleSweepValues.parse("1:3:0.5")   // [1, 1.5, 2, 2.5, 3]
/// try BipoleSweepValues.parse("500,1000")  // [500, 1000]
/// ```
public enum BipoleSweepValues {
    /// The most values a range may give.
    public static let maximumCount = 100_000

    /// Parses `text` (see the type's documentation).
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for text that is
    ///   not a range or list of finite numbers, a non-positive step, STOP below START, or more
    ///   than ``maximumCount`` values.
    public static func parse(_ text: String) throws -> [Double] {
        func fail(_ reason: String) -> InterpretabilityError {
            .invalidArgument(name: "sweep values", value: text, reason: reason)
        }
        func number(_ part: Substring) throws -> Double {
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw fail("'\(part)' is not a finite number")
            }
            return value
        }
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw fail("a range is START:STOP:STEP") }
            let start = try number(parts[0]), stop = try number(parts[1]), step = try number(parts[2])
            guard step > 0 else { throw fail("the step must be positive") }
            guard stop >= start else { throw fail("STOP must not be below START") }
            let steps = ((stop - start) / step * (1 + 1e-12) + 1e-6).rounded(.down)
            guard steps < Double(maximumCount) else { throw fail("more than \(maximumCount) values") }
            return (0...Int(steps)).map { start + Double($0) * step }
        }
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map(number)
        guard !values.isEmpty else { throw fail("no values") }
        return values
    }
}
