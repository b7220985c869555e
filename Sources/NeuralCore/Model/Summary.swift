/// One row of a model summary: a layer, its output shape and its parameter count.
public struct LayerSummaryRow: Sendable, Equatable {
    /// The dotted layer name.
    public var name: String
    /// The layer's ``Layer/kind``.
    public var kind: String
    /// The output shape, batch axis included.
    public var outputShape: [Int]
    /// The number of parameter values the row accounts for.
    public var parameters: Int

    /// A row.
    public init(name: String, kind: String, outputShape: [Int], parameters: Int) {
        self.name = name
        self.kind = kind
        self.outputShape = outputShape
        self.parameters = parameters
    }

    /// The shape as Keras prints it, the batch axis as `None`: `(None, 32, 14, 14)`.
    var shapeText: String { "(None, " + outputShape.dropFirst().map(String.init).joined(separator: ", ") + ")" }
}

extension Layer {
    /// A Keras-style `model.summary()` table for an input of `inputShape` (batch axis
    /// included): each layer with its output shape and parameter count, containers expanded,
    /// then the total, trainable and non-trainable parameter counts.
    public func summary(inputShape: [Int], title: String? = nil) throws -> String {
        let rows = try summaryRows(name: "", inputShape: inputShape)
        let nameWidth = max(24, (rows.map { $0.name.count + $0.kind.count + 3 }.max() ?? 0) + 2)
        let shapeWidth = max(20, (rows.map(\.shapeText.count).max() ?? 0) + 2)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        let rule = String(repeating: "─", count: nameWidth + shapeWidth + 12)
        var lines: [String] = []
        if let title { lines.append("Model: \"\(title)\"") }
        lines.append(rule)
        lines.append(pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + "Param #")
        lines.append(rule)
        for row in rows {
            lines.append(pad("\(row.name) (\(row.kind))", nameWidth) + pad(row.shapeText, shapeWidth) + "\(row.parameters)")
        }
        lines.append(rule)
        lines.append("Total params: \(parameterCount)")
        lines.append("Trainable params: \(trainableParameterCount)")
        lines.append("Non-trainable params: \(parameterCount - trainableParameterCount)")
        return lines.joined(separator: "\n")
    }

    /// One row with the layer's own parameters; for a ``ComposedLayer``, its sublayers' rows
    /// and, for branches, a row for the concatenation.
    public func summaryRows(name: String, inputShape: [Int]) throws -> [LayerSummaryRow] {
        guard let composed = self as? any ComposedLayer else {
            let count = parameters.reduce(0) { $0 + $1.parameter.value.count }
            return [LayerSummaryRow(name: name, kind: kind, outputShape: try outputShape(for: inputShape), parameters: count)]
        }
        var rows: [LayerSummaryRow] = []
        try composed.forEachSublayer(inputShape: inputShape) { childName, layer, shape in
            rows += try layer.summaryRows(name: dottedName(name, childName), inputShape: shape)
        }
        if composed.composition == .branches {
            rows.append(LayerSummaryRow(name: name, kind: kind, outputShape: try outputShape(for: inputShape), parameters: 0))
        }
        return rows
    }
}
