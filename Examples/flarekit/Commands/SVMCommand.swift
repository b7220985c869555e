import ArgumentParser
import Baselines
import Foundation

struct SVMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svm",
        abstract: "Train an RBF support vector machine (LIBSVM) and write decision values.",
        discussion: """
            The SVM baseline of Bhattacharjee et al. (2020, Fig. 5 right), on features such as \
            the SHARP keywords (Dhuri et al. 2019). Trains on --train-features (a 2-D .npy \
            [N, F]) and --train-labels (0/1, [N] or [N, 1]) and writes the decision values of \
            --features ([M, F]) to --output as float64 [M]: positive means flaring (label 1). \
            The decision values are scikit-learn's SVC(kernel="rbf") with the same C, gamma, \
            class_weight and tol, after StandardScaler fitted on the training features unless \
            --no-standardize. --gamma scale is scikit-learn's 1 / (F * X.var()). The output is \
            written atomically and may not be one of the inputs.
            """)

    @Option(name: .customLong("train-features"), help: "Training features: a 2-D .npy [N, F] (float or integer).")
    var trainFeatures: String

    @Option(name: .customLong("train-labels"), help: "Training labels: a .npy [N] or [N, 1] of 0 and 1.")
    var trainLabels: String

    @Option(name: .long, help: "Features to score: a 2-D .npy [M, F].")
    var features: String

    @Option(name: .long, help: "Output: decision values, float64 .npy [M] (positive: flaring); never one of the inputs (refused, also through links).")
    var output: String

    @Option(name: .customLong("c"), help: "The penalty C.")
    var c = 1.0

    @Option(name: .long, help: "RBF gamma: 'scale' (1 / (F * X.var())) or a positive number.")
    var gamma = "scale"

    @Option(name: .customLong("class-weight"), help: "Class weighting of C: 'none' or 'balanced' (n / (2 n_class)).")
    var classWeight = "none"

    @Option(name: .long, help: "LIBSVM stopping tolerance (scikit-learn's tol).")
    var tol = 1e-3

    @Flag(name: .customLong("no-standardize"), help: "Use the features as they are (no standardisation).")
    var noStandardize = false

    func run() throws {
        try reportingErrors {
            let gammaSetting: RBFSupportVectorMachine.Configuration.Gamma
            if gamma == "scale" {
                gammaSetting = .scale
            } else if let value = Double(gamma) {
                gammaSetting = .value(value)
            } else {
                throw ValidationError("--gamma must be 'scale' or a number, not '\(gamma)'")
            }
            guard let weighting = RBFSupportVectorMachine.Configuration.ClassWeight(rawValue: classWeight) else {
                throw ValidationError("--class-weight must be 'none' or 'balanced', not '\(classWeight)'")
            }
            let configuration = RBFSupportVectorMachine.Configuration(
                c: c, gamma: gammaSetting, classWeight: weighting, standardizesFeatures: !noStandardize, tolerance: tol)
            let summary = try SVMFileRun(
                trainingFeatures: URL(fileURLWithPath: trainFeatures), trainingLabels: URL(fileURLWithPath: trainLabels),
                features: URL(fileURLWithPath: features), output: URL(fileURLWithPath: output),
                configuration: configuration
            ).run()
            let fit = summary.fit
            print("trained on \(fit.trainingSampleCount) samples (\(fit.classCounts[1]) flaring) x \(fit.featureCount) features")
            print("C \(c), gamma \(fit.gamma), class weights \(fit.classWeights[0]) / \(fit.classWeights[1]), standardised \(!noStandardize)")
            print("support vectors \(fit.supportVectorCount) (\(fit.supportVectorCounts[0]) / \(fit.supportVectorCounts[1]))")
            print("wrote \(summary.outputCount) decision values to \(summary.output)")
        }
    }
}
