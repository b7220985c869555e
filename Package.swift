// swift-tools-version:6.0
//
// FlareKit: solar-flare classification on SDO/HMI magnetograms.
// The library modules depend only on the system libraries below (OpenBLAS, LAPACKE, cfitsio
// OpenMPI, librsvg and HDF5, found through pkg-config, and LIBSVM); the executables add swift-argument-parser.

import PackageDescription

let package = Package(
    name: "FlareKit",
    products: [
        .library(name: "Resampling", targets: ["Resampling"]),
        .library(name: "NeuralCore", targets: ["NeuralCore"]),
        .library(name: "Magnetogram", targets: ["Magnetogram"]),
        .library(name: "Losses", targets: ["Losses"]),
        .library(name: "Architectures", targets: ["Architectures"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Interpretability", targets: ["Interpretability"]),
        .library(name: "Pipelines", targets: ["Pipelines"]),
        .library(name: "Baselines", targets: ["Baselines"]),
        .library(name: "Distributed", targets: ["Distributed"]),
        .library(name: "FigureRendering", targets: ["FigureRendering"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "pkg-config"])]),
        .systemLibrary(
            name: "CLAPACKE", path: "Sources/CLAPACKE", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "pkg-config"])]),
        .systemLibrary(
            name: "CFITSIO", path: "Sources/CFITSIO", pkgConfig: "cfitsio",
            providers: [.apt(["libcfitsio-dev", "pkg-config"])]),
        // LIBSVM: Debian's libsvm-dev ships no pkg-config file; the module map links libsvm.
        .systemLibrary(name: "CLIBSVM", path: "Sources/CLIBSVM", providers: [.apt(["libsvm-dev"])]),
        // OpenMPI (only the Distributed module links it).
        .systemLibrary(
            name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

        // librsvg and cairo (only the FigureRendering module links them).
        .systemLibrary(
            name: "CRSVG", path: "Sources/CRSVG", pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev", "pkg-config"])]),

        // HDF5 (the Datasets module's prepared data sets).
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev", "pkg-config"])]),

        // A few C helpers (allocator tuning).
        .target(name: "CSupport", path: "Sources/CSupport"),

        // Library modules (the graph is in README.md).
        // TensorFlow-exact resizing of plain grids and the one name of the resize methods, below
        // both NeuralCore (which stores the method with the weights) and Magnetogram (which resizes).
        .target(name: "Resampling"),
        .target(name: "NeuralCore", dependencies: ["CBLAS", "CLAPACKE", "CSupport", "Resampling"]),
        .target(name: "Magnetogram", dependencies: ["CFITSIO", "Resampling"]),
        .target(name: "Losses", dependencies: ["NeuralCore"]),
        .target(name: "Architectures", dependencies: ["NeuralCore"]),
        .target(name: "Datasets", dependencies: ["CHDF5", "Magnetogram", "NeuralCore", "Resampling"]),
        .target(name: "Evaluation", dependencies: ["NeuralCore", "Losses", "Datasets"]),
        .target(
            name: "Interpretability",
            dependencies: ["NeuralCore", "Magnetogram", "Resampling", "Architectures", "Datasets", "Evaluation"]),
        // The papers' pipelines end to end (what `flarekit demo`, `train`, `evaluate` and
        // `predict` run): run folders, reports, the two experiments, ensembles.
        .target(
            name: "Pipelines",
            dependencies: [
                "NeuralCore", "Magnetogram", "Resampling", "Losses", "Architectures", "Datasets", "Evaluation",
                "Interpretability", "Baselines", "FigureRendering",
            ]),
        // Feature-based baselines: the RBF SVM (LIBSVM) on SHARP features; NeuralCore for .npy I/O.
        .target(name: "Baselines", dependencies: ["CLIBSVM", "NeuralCore"]),
        // SVG figures rendered to PNG and PDF by librsvg and cairo.
        .target(name: "FigureRendering", dependencies: ["CRSVG"]),
        // Several processes under mpirun/srun: NeuralCore's Communicator over MPI, launch detection.
        .target(name: "Distributed", dependencies: ["CMPI", "NeuralCore"]),

        // Examples.
        .executableTarget(
            name: "flarekit",
            dependencies: [
                "NeuralCore", "Losses", "Architectures", "Magnetogram", "Resampling", "Datasets", "Evaluation",
                "Interpretability", "Pipelines", "Baselines", "Distributed", "FigureRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/flarekit"),

        .executableTarget(
            name: "flarekit-bench",
            dependencies: [
                "NeuralCore", "Losses", "Architectures", "Interpretability", "Distributed", "Datasets", "Magnetogram",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/flarekit-bench"),

        // Small programs written as a downstream package would (library products only).
        .executableTarget(
            name: "train-cnn1", dependencies: ["Architectures", "Datasets", "Losses", "NeuralCore"],
            path: "Examples/train-cnn1"),
        .executableTarget(name: "sharp-flux", dependencies: ["Magnetogram"], path: "Examples/sharp-flux"),
        .executableTarget(
            name: "occlusion-map", dependencies: ["Architectures", "Interpretability", "Magnetogram"],
            path: "Examples/occlusion-map"),
        .executableTarget(
            name: "keras-port", dependencies: ["Architectures", "NeuralCore"], path: "Examples/keras-port"),
        .executableTarget(
            name: "mpi-check",
            dependencies: [
                "Distributed", "NeuralCore", "Architectures", "Losses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/mpi-check"),

        // Tests.
        .testTarget(
            name: "NeuralCoreTests", dependencies: ["NeuralCore", "CSupport"]),
        .testTarget(name: "LossesTests", dependencies: ["Losses", "NeuralCore"]),
        .testTarget(name: "FigureRenderingTests", dependencies: ["FigureRendering", "CRSVG"]),
        .testTarget(name: "ResamplingTests", dependencies: ["Resampling"]),
        .testTarget(name: "MagnetogramTests", dependencies: ["Magnetogram", "Resampling"]),
        .testTarget(name: "ArchitecturesTests", dependencies: ["Architectures", "Losses", "NeuralCore"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Magnetogram", "NeuralCore", "Resampling"]),
        .testTarget(
            name: "EvaluationTests", dependencies: ["Evaluation", "Datasets", "Losses", "NeuralCore"]),
        .testTarget(
            name: "InterpretabilityTests",
            dependencies: ["Interpretability", "Architectures", "Magnetogram", "NeuralCore"]),
        .testTarget(
            name: "PipelinesTests",
            dependencies: [
                "Pipelines", "Architectures", "Baselines", "Datasets", "Evaluation", "Magnetogram", "NeuralCore", "Resampling",
            ]),
        .testTarget(name: "BaselinesTests", dependencies: ["Baselines", "Datasets", "NeuralCore"]),
        .testTarget(name: "FlareKitCLITests", dependencies: ["flarekit", "MPISupport"]),
        // Also runs the mpi-check executable under mpirun (`swift build --build-tests` builds it).
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "NeuralCore", "MPISupport"]),
        // Launching programs under mpirun with a time limit (the Distributed and CLI tests).
        .target(name: "MPISupport", path: "Tests/MPISupport"),
    ],
    swiftLanguageModes: [.v6]
)
