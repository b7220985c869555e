import Foundation

/// Errors of the end-to-end pipelines: each names the file, the setting or the stage it is about.
public enum PipelinesError: Error, CustomStringConvertible, Equatable {
    /// A setting is outside its domain.
    case invalidSetting(name: String, value: String, reason: String)
    /// The data cannot support the requested run (too few regions, one class only, ...).
    case insufficientData(stage: String, reason: String)
    /// A file the run needs is missing or unreadable.
    case file(path: String, problem: String)
    /// A stage failed; `reason` carries the underlying error.
    case stageFailed(stage: String, reason: String)
    /// The run folder at `path` lacks finished splits (named by their path in the folder), so
    /// its report cannot be assembled yet.
    case incompleteRun(path: String, missing: [String])
    /// The output `output` (an option such as `--output`) at `outputPath` would overwrite or
    /// write into `other` at `otherPath` (an input, or another output): `relation` says how
    /// (`is the same file as the input`, ...). Nothing was written.
    case outputClash(output: String, outputPath: String, other: String, otherPath: String, relation: String)
    /// The input `option` names at `path` cannot be read as the command needs: `problem` says
    /// why (`no such file or folder`, `is a folder, not a file`, ...). Nothing was written.
    case unusableInput(option: String, path: String, problem: String)
    /// The output `option` names at `path` cannot be written: `problem` says why (`the folder
    /// ... does not exist`, `is a file, not a folder`, ...). Nothing was written.
    case unusableOutput(option: String, path: String, problem: String)
    /// A sample fed to a network holds a NaN or an infinity: `sample` names it as the
    /// prediction does (a FITS path, `FILE.npy[i]`, or `HARP <number> <time>`), `element` is the
    /// position inside the sample (row-major over its frames, channels, rows and columns).
    case nonFiniteInput(sample: String, element: Int, value: Float)
    /// The weight file `weights` records that its model was trained on inputs prepared with
    /// `setting` = `model` (frames, video cadence, image size, preprocessing, label...), but the
    /// command would feed it `input`. Nothing was predicted.
    case preparationMismatch(weights: String, setting: String, model: String, input: String)
    /// The weight files `first` and `second` were trained for different targets (their `label`
    /// metadata `firstLabel` and `secondLabel`), so they cannot be scored on one label.
    case mixedTargets(first: String, firstLabel: String, second: String, secondLabel: String)
    /// The FITS files given as the frames of one video do not make one: `first` and `second`
    /// are the files concerned, `problem` says how (two regions, frames out of order, a gap
    /// that does not match the model's cadence).
    case inconsistentFrames(first: String, second: String, problem: String)
    /// The run folder at `path` holds another run: its settings record `record` holds other
    /// settings (`changes`, each `name: old → new`, sorted by name), or it is another command's
    /// record (`run: flarekit demo → flarekit tune`). Nothing was written: give another folder,
    /// or `--overwrite` to clear this one first.
    case runFolderInUse(path: String, record: String, changes: [String])
    /// The run folder at `path` holds files (`entries`, sorted) but no FlareKit settings
    /// record, so it is neither written into nor cleared (not even with `--overwrite`).
    case notARunFolder(path: String, entries: [String])

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, reason): "\(name) = \(value): \(reason)"
        case let .insufficientData(stage, reason): "\(stage): not enough data: \(reason)"
        case let .file(path, problem): "\(path): \(problem)"
        case let .stageFailed(stage, reason): "\(stage) failed: \(reason)"
        case let .incompleteRun(path, missing):
            "\(path): \(missing.count) split\(missing.count == 1 ? " is" : "s are") not finished yet: "
                + missing.joined(separator: ", ") + " (train them, with flarekit train --splits say, then assemble the folder)"
        case let .unusableInput(option, path, problem), let .unusableOutput(option, path, problem):
            "\(path): \(option): \(problem)"
        case let .outputClash(output, outputPath, other, otherPath, relation):
            "\(output) \(outputPath) \(relation) \(other) \(otherPath): refusing to overwrite it (nothing was written; "
                + "choose another \(output))"
        case let .nonFiniteInput(sample, element, value):
            "\(sample): the network input holds \(value) at element \(element); every input value must be finite"
        case let .preparationMismatch(weights, setting, model, input):
            "\(weights): the model was trained with \(setting) \(model), but the input has \(input); "
                + "prepare the input as the model was trained, or use weights trained for it"
        case let .mixedTargets(first, firstLabel, second, secondLabel):
            "\(first) was trained for the \(firstLabel) label but \(second) for \(secondLabel); "
                + "score models of one target together"
        case let .inconsistentFrames(first, second, problem):
            "\(first), \(second): \(problem)"
        case let .runFolderInUse(path, record, changes):
            "\(path) holds another run (\(record)): " + changes.prefix(3).joined(separator: "; ")
                + (changes.count > 3 ? "; and \(changes.count - 3) more" : "")
                + ". Nothing was written: give another --output folder, or add --overwrite to clear this one first "
                + "(not with --resume or --splits)"
        case let .notARunFolder(path, entries):
            "\(path) is not empty (" + entries.prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", ..." : "")
                + ") and holds no FlareKit settings record (" + RunFolder.settingsRecordNames.joined(separator: ", ")
                + "): it is not a run folder, so it is neither written into nor cleared; give a new or empty --output folder"
        }
    }
}
