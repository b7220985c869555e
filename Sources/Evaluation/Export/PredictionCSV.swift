import Foundation

/// The one prediction CSV of FlareKit: `flarekit train` (each split's test predictions,
/// `predictions.csv` of the run's pipeline folder), `flarekit evaluate` (`predictions.csv` of
/// its run folder) and `flarekit predict --output FILE.csv` all write these columns, one row per
/// sample and model (``PredictionRecord``):
///
/// | column | value |
/// |---|---|
/// | `sample_id` | `HARP <number> <T_REC, ISO 8601 UTC>`, a FITS path, or `NAME[i]` for a batch row |
/// | `sample_index` | position in the manifest / run's sample list (empty when none) |
/// | `harpnum` | HARPNUM (empty when unknown) |
/// | `noaa_ar` | the HARP's NOAA regions, separated by `;` (empty when none) |
/// | `t_rec` | T_REC, ISO 8601 UTC (empty when unknown) |
/// | `label` | the true label of the model's target (region, C1+ or M1+), 0 or 1; empty when unknown |
/// | `probability` | the model's probability, 9 significant digits |
/// | `threshold` | the decision threshold |
/// | `predicted` | 1 when `probability >= threshold`, else 0 |
/// | `model` | the weight file, or `median` for an ensemble's per-sample median |
/// | `split` | the split (fold, realisation) the model was trained on; empty when unknown |
///
/// RFC 4180 quoting, LF line ends, UTF-8. Rows are grouped by model (train: by split), in
/// sample order within a group.
///
/// ```swift
/// try PredictionCSV.write(records, to: runFolder.appendingPathComponent("predictions.csv"))
/// ```
public enum PredictionCSV {
    /// The header, in order.
    public static let columns = [
        "sample_id", "sample_index", "harpnum", "noaa_ar", "t_rec", "label", "probability", "threshold", "predicted",
        "model", "split",
    ]

    /// The CSV text: the ``columns`` header, then one row per record.
    public static func text(_ records: [PredictionRecord]) -> String {
        let format = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        return csvText(header: columns, rows: records.map { record in
            [
                record.sampleID, record.sampleIndex.map(String.init) ?? "", record.harpNumber.map(String.init) ?? "",
                record.noaaRegions.map(String.init).joined(separator: ";"), record.time?.formatted(format) ?? "",
                record.label.map(String.init) ?? "", String(format: "%.9g", record.probability), "\(record.threshold)",
                "\(record.predicted)", record.model, record.split ?? "",
            ]
        })
    }

    /// Writes ``text(_:)`` atomically.
    /// - Throws: ``EvaluationError/file(path:reason:)`` naming the file that could not be written.
    public static func write(_ records: [PredictionRecord], to url: URL) throws {
        try writeEvaluationFile(Data(text(records).utf8), to: url)
    }
}
