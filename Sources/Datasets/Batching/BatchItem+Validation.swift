extension BatchItem {
    /// Checks that every item has `frames` frame files and a finite label.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` naming the first item that does not.
    static func validate(_ items: [BatchItem], frames: Int) throws {
        for (index, item) in items.enumerated() {
            guard item.framePaths.count == frames else {
                throw DatasetsError.invalidValue(
                    what: "item \(index) (\(item.framePaths.first ?? "no file"))", value: "\(item.framePaths.count) frames",
                    reason: "every item needs \(frames)")
            }
            guard item.label.isFinite else {
                throw DatasetsError.invalidValue(what: "label of item \(index)", value: "\(item.label)", reason: "must be finite")
            }
        }
    }
}
