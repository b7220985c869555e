import Foundation
import NeuralCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `flarekit svm` does: trains an ``RBFSupportVectorMachine`` on `.npy` features and
/// labels and writes the decision values of other features as a float64 `.npy` (positive means
/// flaring).
///
/// - Training features: a 2-D array `[N, F]` of any numeric type NumPy writes (float32,
///   float64, integers); training labels: `[N]` or `[N, 1]`, each exactly 0 or 1 (integers,
///   booleans or floats); features to score: `[M, F]`.
/// - The output is `[M]` float64, written atomically (a temporary file renamed over it); an
///   output that is one of the inputs (the same path, or the same file through a link) is
///   refused before anything is read.
/// - Errors name the file they are about.
///
/// ```swift
/// let run = SVMFileRun(
///     trainingFeatures: URL(fileURLWithPath: "X.npy"), trainingLabels: URL(fileURLWithPath: "y.npy"),
///     features: URL(fileURLWithPath: "Z.npy"), output: URL(fileURLWithPath: "D.npy"),
///     configuration: .init(classWeight: .balanced))
/// let summary = try run.run()
/// print(summary.fit.gamma, summary.outputCount)
/// ```
public struct SVMFileRun: Sendable {
    /// What a run did.
    public struct Summary: Sendable, Hashable {
        /// The fit.
        public var fit: RBFSupportVectorMachine.Summary
        /// Decision values written.
        public var outputCount: Int
        /// The output file.
        public var output: String
    }

    public var trainingFeatures: URL
    public var trainingLabels: URL
    public var features: URL
    public var output: URL
    public var configuration: RBFSupportVectorMachine.Configuration

    /// A run; nothing is read until ``run()``.
    public init(
        trainingFeatures: URL, trainingLabels: URL, features: URL, output: URL,
        configuration: RBFSupportVectorMachine.Configuration = .init()
    ) {
        self.trainingFeatures = trainingFeatures
        self.trainingLabels = trainingLabels
        self.features = features
        self.output = output
        self.configuration = configuration
    }

    /// Reads, trains, scores and writes.
    /// - Throws: ``BaselinesError/outputIsInput(output:input:)``, or ``BaselinesError`` naming
    ///   the file that is missing, malformed, misshapen, not 0/1 or not finite, or cannot be
    ///   written.
    @discardableResult
    public func run() throws -> Summary {
        try Self.refuseOverwriting(inputs: [trainingFeatures, trainingLabels, features], with: output)
        let x = try Self.readMatrix(trainingFeatures)
        let y = try Self.readLabels(trainingLabels)
        let z = try Self.readMatrix(features)
        var svm = RBFSupportVectorMachine(configuration: configuration)
        try svm.fit(features: x, labels: y, featuresName: trainingFeatures.path, labelsName: trainingLabels.path)
        guard z.featureCount == x.featureCount else {
            throw BaselinesError.shapeMismatch(
                what: features.path, expected: "[M, \(x.featureCount)] (the features of \(trainingFeatures.lastPathComponent))",
                actual: "[\(z.sampleCount), \(z.featureCount)]")
        }
        let values = try svm.decisionValues(for: z, what: features.path)
        do {
            try NumpyArray.write(values, shape: [values.count], to: output)
        } catch {
            throw BaselinesError.file(path: output.path, reason: Self.problem(error))
        }
        guard let fit = svm.summary else { throw BaselinesError.notFitted }
        return Summary(fit: fit, outputCount: values.count, output: output.path)
    }

    /// Throws when `output` is one of `inputs`: the same standardised path, or, when the output
    /// exists, the same device and inode (a symbolic or hard link).
    static func refuseOverwriting(inputs: [URL], with output: URL) throws {
        let outputPath = output.standardizedFileURL.resolvingSymlinksInPath().path
        var outputInfo = stat()
        let outputExists = stat(output.path, &outputInfo) == 0
        for input in inputs {
            if input.standardizedFileURL.resolvingSymlinksInPath().path == outputPath {
                throw BaselinesError.outputIsInput(output: output.path, input: input.path)
            }
            var inputInfo = stat()
            if outputExists, stat(input.path, &inputInfo) == 0,
               inputInfo.st_dev == outputInfo.st_dev, inputInfo.st_ino == outputInfo.st_ino {
                throw BaselinesError.outputIsInput(output: output.path, input: input.path)
            }
        }
    }

    /// A 2-D `.npy` as a feature matrix.
    static func readMatrix(_ url: URL) throws -> FeatureMatrix {
        let array = try read(url)
        guard array.shape.count == 2 else {
            throw BaselinesError.shapeMismatch(
                what: url.path, expected: "a 2-D array [samples, features]", actual: "shape \(array.shape)")
        }
        return try FeatureMatrix(sampleCount: array.shape[0], featureCount: array.shape[1], values: array.doubles(), what: url.path)
    }

    /// A `[N]` or `[N, 1]` `.npy` of labels, as numbers (checked to be 0/1 by the fit).
    static func readLabels(_ url: URL) throws -> [Double] {
        let array = try read(url)
        guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
            throw BaselinesError.shapeMismatch(what: url.path, expected: "labels shaped [N] or [N, 1]", actual: "shape \(array.shape)")
        }
        return array.doubles()
    }

    static func read(_ url: URL) throws -> NumpyArray {
        do {
            return try NumpyArray.read(from: url)
        } catch {
            throw BaselinesError.file(path: url.path, reason: problem(error))
        }
    }

    /// The problem a NeuralCore error states, without its path (the caller's error names it).
    static func problem(_ error: Error) -> String {
        if case let .file(_, problem)? = error as? NeuralCoreError { return problem }
        return String(describing: error)
    }
}
