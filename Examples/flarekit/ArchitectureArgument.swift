import ArgumentParser
import Architectures

/// `--arch cnn1|cnn2|lrcn`: parsed once into the library's name; an unknown value is refused by
/// the parser (exit 64) with the option and the valid values named, and `--help` lists them.
extension ArchitectureName: ExpressibleByArgument {}

/// `--arch cnn1|cnn2` of the commands that explain single-image CNNs (`occlusion`, `probe`):
/// the LRCN is refused by the parser as any unknown value, and `--help` lists the two.
enum CNNArchitectureName: String, CaseIterable, ExpressibleByArgument {
    case cnn1
    case cnn2

    /// The library's name of this network.
    var architectureName: ArchitectureName {
        switch self {
        case .cnn1: .cnn1
        case .cnn2: .cnn2
        }
    }
}
