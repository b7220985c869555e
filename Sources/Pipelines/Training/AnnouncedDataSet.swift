import Datasets

extension PreparedDataSetCache {
    /// The data set of `items` under `preparation`, after logging where its file goes and how
    /// large it is (or that it is there already), before anything is prepared.
    func announcedDataSet(for items: [BatchItem], preparation: SamplePreparation, log: (String) -> Void) throws -> PreparedDataSet {
        log(String(describing: try plan(for: items, preparation: preparation)))
        return try dataSet(for: items, preparation: preparation)
    }
}
