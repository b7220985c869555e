extension EnsemblePrediction {
    /// The distinct reasons of `skipped` (each without the HARP it names, so that one cause
    /// counts once), most frequent first, each with its count.
    static func skipCauses(_ skipped: [SkippedSample]) -> [(reason: String, count: Int)] {
        var counts: [(reason: String, count: Int)] = []
        for sample in skipped {
            let cause = sample.reason.replacingOccurrences(of: #"HARP \d+"#, with: "HARP n", options: .regularExpression)
            if let index = counts.firstIndex(where: { $0.reason == cause }) {
                counts[index].count += 1
            } else {
                counts.append((cause, 1))
            }
        }
        return counts.sorted { $0.count > $1.count }
    }

    /// `S of N samples skipped: c1 x reason1; c2 x reason2` (at most three reasons), `nil` when
    /// no sample was skipped. The commands print it when some (not all) samples were skipped.
    ///
    /// ```swift
    /// if let summary = prediction.skippedSummary { print("warning: \(summary)") }
    /// ```
    public var skippedSummary: String? {
        guard !skipped.isEmpty else { return nil }
        let causes = Self.skipCauses(skipped)
        return "\(skipped.count) of \(skipped.count + samples.count) samples skipped: "
            + causes.prefix(3).map { "\($0.count) x \($0.reason)" }.joined(separator: "; ") + (causes.count > 3 ? "; ..." : "")
    }
}
