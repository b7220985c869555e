extension FigurePanel {
    /// A receiver operating characteristic curve with the chance diagonal: true positive rate
    /// against false positive rate, both on 0...1, points in threshold order. With `auc` the
    /// legend reads `CNN (AUC = 0.873)`.
    ///
    /// ```swift
    /// let roc = try FigurePanel.rocCurve(
    ///     falsePositiveRates: [0, 0.1, 0.3, 1], truePositiveRates: [0, 0.6, 0.85, 1], auc: 0.82)
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the rates differ
    ///   in length.
    public static func rocCurve(
        falsePositiveRates: [Double], truePositiveRates: [Double], auc: Double? = nil, label: String = "CNN",
        title: String? = nil
    ) throws -> FigurePanel {
        var name = label
        if let auc, auc.isFinite { name += " (AUC = \(decimalText(auc)))" }
        let curve = try LineSeries(label: name, x: falsePositiveRates, y: truePositiveRates, color: .blue)
        return FigurePanel(
            title: title, xAxis: FigureAxis(label: "False positive rate", range: 0...1),
            yAxis: FigureAxis(label: "True positive rate", range: 0...1),
            series: [.line(curve), .reference(ReferenceLine(.diagonal, label: "chance"))], legend: .bottomRight)
    }
}

extension Figure {
    /// A one-panel figure of ``FigurePanel/rocCurve(falsePositiveRates:truePositiveRates:auc:label:title:)``.
    ///
    /// ```swift
    /// let figure = try Figure.rocCurve(
    ///     falsePositiveRates: [0, 0.1, 0.3, 1], truePositiveRates: [0, 0.6, 0.85, 1], auc: 0.82)
    /// try figure.write(to: URL(fileURLWithPath: "roc.svg"))
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the rates differ
    ///   in length.
    public static func rocCurve(
        falsePositiveRates: [Double], truePositiveRates: [Double], auc: Double? = nil, label: String = "CNN",
        title: String? = "ROC curve"
    ) throws -> Figure {
        let panel = try FigurePanel.rocCurve(
            falsePositiveRates: falsePositiveRates, truePositiveRates: truePositiveRates, auc: auc, label: label)
        return Figure(width: 500, height: 470, title: title, panels: [panel])
    }
}
