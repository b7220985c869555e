extension Layer {
    /// A Keras-style `model.summary()` table for an input of `inputShape` (batch axis
    /// included): each layer with its output shape and parameter count, containers expanded,
    /// then the total, trainable and non-trainable parameter counts.
    public func summary(inputShape: [Int], title: String? = nil) throws -> String {
        var rows: [(name: String, kind: String, shape: String, parameters: Int)] = []
        try collectSummaryRows(into: &rows, inputShape: inputShape, prefix: "")
        let nameWidth = max(24, (rows.map { $0.name.count + $0.kind.count + 3 }.max() ?? 0) + 2)
        let shapeWidth = max(20, (rows.map(\.shape.count).max() ?? 0) + 2)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        let rule = String(repeating: "─", count: nameWidth + shapeWidth + 12)
        var lines: [String] = []
        if let title { lines.append("Model: \"\(title)\"") }
        lines.append(rule)
        lines.append(pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + "Param #")
        lines.append(rule)
        for row in rows {
            lines.append(pad("\(row.name) (\(row.kind))", nameWidth) + pad(row.shape, shapeWidth) + "\(row.parameters)")
        }
        lines.append(rule)
        lines.append("Total params: \(parameterCount)")
        lines.append("Trainable params: \(trainableParameterCount)")
        lines.append("Non-trainable params: \(parameterCount - trainableParameterCount)")
        return lines.joined(separator: "\n")
    }

    private func collectSummaryRows(
        into rows: inout [(name: String, kind: String, shape: String, parameters: Int)], inputShape: [Int], prefix: String
    ) throws {
        func shapeText(_ shape: [Int]) -> String { "(None, " + shape.dropFirst().map(String.init).joined(separator: ", ") + ")" }
        if let sequential = self as? Sequential {
            var shape = inputShape
            for (name, layer) in sequential.layers {
                try layer.collectSummaryRows(into: &rows, inputShape: shape, prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
                shape = try layer.outputShape(for: shape)
            }
            return
        }
        if let branches = self as? ConcatenatedBranches {
            for (name, layer) in branches.branches {
                try layer.collectSummaryRows(into: &rows, inputShape: inputShape, prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
            }
            rows.append((prefix, kind, shapeText(try outputShape(for: inputShape)), 0))
            return
        }
        if let distributed = self as? TimeDistributed {
            let folded = [inputShape[0] * inputShape[1]] + inputShape.dropFirst(2)
            var inner: [(name: String, kind: String, shape: String, parameters: Int)] = []
            try distributed.inner.collectSummaryRows(into: &inner, inputShape: folded, prefix: prefix)
            // Show per-frame shapes with the time axis: (None, T, ...).
            rows += inner.map { row in
                (row.name, row.kind, row.shape.replacingOccurrences(of: "(None, ", with: "(None, \(inputShape[1]), "), row.parameters)
            }
            return
        }
        let count = parameters.reduce(0) { $0 + $1.parameter.value.count }
        rows.append((prefix, kind, shapeText(try outputShape(for: inputShape)), count))
    }
}
