import Architectures

extension ArchitectureConfiguration {
    /// The network's layer sizes in a few words, for the protocol notes of a report (the input
    /// size is a setting of its own): `CNN-2, stem filters 16/32, 16 per inception branch`.
    var layerSizeDescription: String {
        func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: "/") }
        switch self {
        case let .cnn1(c):
            return "CNN-1, filters \(list(c.filters)) of \(c.kernelSize) x \(c.kernelSize), \(c.denseUnits) dense units"
        case let .cnn2(c):
            return "CNN-2, stem filters \(list(c.stemFilters)), \(c.inceptionFilters) per inception branch"
        case let .lrcn(c):
            return "LRCN, filters \(list(c.filters)) of kernels \(list(c.kernelSizes)), \(c.denseUnits) dense and \(c.lstmUnits) LSTM units"
        }
    }
}
