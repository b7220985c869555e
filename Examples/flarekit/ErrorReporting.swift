import Architectures
import ArgumentParser
import Baselines
import Datasets
import Distributed
import Evaluation
import Foundation
import Interpretability
import Losses
import Magnetogram
import NeuralCore
import Pipelines
import Resampling

/// Runs `body`; an error becomes one line on standard error and the exit status
/// ``exitStatus(for:)`` gives it. An error of the command line (status 64: a `ValidationError`
/// thrown while running, or a library error about an option's value) is reported as
/// ArgumentParser reports one from `validate()`: the message, then the command's usage.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data(errorReport(error).utf8))
        throw exitStatus(for: error).exitCode
    }
}

/// What `flarekit` prints on standard error for `error`, newline included.
func errorReport(_ error: any Error) -> String {
    if exitStatus(for: error) == .usage {
        var text = "Error: \((error as? ValidationError)?.message ?? oneLine(error))\n"
        if let command = invokedSubcommand() {
            text += "Usage: \(FlareKitCommand.usageString(for: command))\n"
            text += "  See 'flarekit \(command.configuration.commandName ?? "") --help' for more information.\n"
        }
        return text
    }
    return "flarekit: error: \(oneLine(error))\n"
}

/// `error`'s description on one line.
func oneLine(_ error: any Error) -> String {
    String(describing: error).replacingOccurrences(of: "\n", with: " ")
}

/// The subcommand this process runs, from its arguments (`nil` when run in a test process).
private func invokedSubcommand() -> ParsableCommand.Type? {
    guard let name = CommandLine.arguments.dropFirst().first else { return nil }
    return FlareKitCommand.configuration.subcommands.first { $0.configuration.commandName == name }
}

// MARK: The one mapping from errors to exit statuses

/// The exit status of `error` (see ``ExitStatus``): every module's error cases in one place.
func exitStatus(for error: any Error) -> ExitStatus {
    switch error {
    case is ValidationError: return .usage
    case let error as NeuralCoreError:
        switch error {
        case .invalidArgument: return .usage
        case let .file(path, problem): return fileStatus(path: path, problem: problem)
        case .shapeMismatch, .rankMismatch, .invalidShape, .weightMismatch, .nonFiniteInput: return .dataError
        case .lapack, .nonFiniteLoss, .training: return .failure
        case .backwardWithoutForward: return .internalError
        }
    case let error as MagnetogramError:
        switch error {
        case .invalidArgument: return .usage
        case let .file(path, problem): return fileStatus(path: path, problem: problem)
        case let .cfitsio(path, operation, _, message): return fileStatus(path: path, problem: operation + " " + message)
        case .invalidKeyword, .emptyFile, .notFITS, .truncatedCompressedFile, .truncatedData, .invalidHeader, .noImage,
             .noSuchHDU, .wrongHDUType, .notTwoDimensional, .imageTooLarge, .missingColumn, .unsupportedColumn,
             .notSHARPMagnetogram:
            return .dataError
        }
    case let error as ResamplingError:
        switch error {
        case .invalidArgument: return .usage
        }
    case let error as DatasetsError:
        switch error {
        case .invalidValue: return .usage
        case let .file(path, reason): return fileStatus(path: path, problem: reason)
        case .malformedRow: return .dataError
        case .missingMagnetogram: return .noInput
        case .insufficientData: return .failure
        }
    case let error as LossesError:
        switch error {
        case .invalidParameter: return .usage
        case .shapeMismatch, .invalidValue: return .dataError
        case .unsupported: return .failure
        }
    case let error as ArchitecturesError:
        switch error {
        case .invalidConfiguration: return .usage
        case .metadata: return .dataError
        }
    case let error as EvaluationError:
        switch error {
        case .invalidArgument: return .usage
        case let .file(path, reason): return fileStatus(path: path, problem: reason)
        case .lengthMismatch: return .dataError
        case .insufficientData, .splitFailed, .locked, .settingsMismatch, .rankFailed: return .failure
        }
    case let error as InterpretabilityError:
        switch error {
        case .invalidArgument, .unknownLayer: return .usage
        case let .file(path, problem): return fileStatus(path: path, problem: problem)
        case .invalidInput, .unsupportedLayer: return .dataError
        case .invalidOutput, .nonFiniteMap: return .failure
        }
    case let error as BaselinesError:
        switch error {
        case .invalidParameter, .outputIsInput: return .usage
        case let .file(path, reason): return fileStatus(path: path, problem: reason)
        case .shapeMismatch, .noSamples, .noFeatures, .nonFiniteFeature, .invalidLabel, .singleClass: return .dataError
        case .libsvm: return .failure
        case .notFitted: return .internalError
        }
    case let error as PipelinesError:
        switch error {
        case .invalidSetting, .outputClash, .preparationMismatch, .mixedTargets, .runFolderInUse, .notARunFolder: return .usage
        case .unusableInput: return .noInput
        case .nonFiniteInput, .inconsistentFrames: return .dataError
        case .unusableOutput: return .cannotCreate
        case let .file(path, problem): return fileStatus(path: path, problem: problem)
        case .insufficientData, .stageFailed, .incompleteRun: return .failure
        }
    case is DistributedError: return .failure
    case let error as CocoaError where error.isFileError:
        return [.fileWriteUnknown, .fileWriteNoPermission, .fileWriteOutOfSpace, .fileWriteVolumeReadOnly,
                .fileWriteFileExists, .fileWriteInvalidFileName].contains(error.code) ? .cannotCreate : .noInput
    default: return .internalError
    }
}

/// The status of a `file` error: 73 when it is about writing, 66 when the file cannot be
/// opened (the words of NeuralCore's `FileReadProblem`, or nothing at the path), 65 otherwise
/// (the file was read and is not what the command reads).
func fileStatus(path: String, problem: String) -> ExitStatus {
    let text = problem.lowercased()
    let writing = ["cannot write", "cannot create", "cannot be written", "cannot be created", "cannot remove", "cannot replace",
                   "cannot rename", "cannot stage", "not writable"]
    if writing.contains(where: text.contains) { return .cannotCreate }
    let opening = ["no such", "does not exist", "is a directory", "is a file, not", "permission denied", "cannot be read",
                   "cannot read", "cannot be opened", "missing"]
    if opening.contains(where: text.hasPrefix) || !FileManager.default.fileExists(atPath: path) { return .noInput }
    return .dataError
}
