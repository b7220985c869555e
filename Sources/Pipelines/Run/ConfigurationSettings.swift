import Architectures
import Evaluation

extension BhattacharjeeConfiguration {
    /// Every setting by name, as the records of a run folder store and compare them: each stored
    /// property (``NamedSettings/init(describing:prefix:)``), the input size as `inputSize` and
    /// the network as `architecture` at its type's default input size, so that the size is one
    /// entry and a record of the same settings compares equal whichever FlareKit wrote it.
    ///
    /// ```swift
    /// let settings = BhattacharjeeConfiguration.demo().recordedSettings(prefix: "bhattacharjee.")
    /// settings.values["bhattacharjee.inputSize"]     // "32"
    /// ```
    func recordedSettings(prefix: String = "") -> NamedSettings {
        var settings = NamedSettings(describing: self, prefix: prefix)
        settings.values[prefix + "architecture"] = String(describing: architecture.atDefaultInputSize)
        settings.values[prefix + "inputSize"] = "\(inputSize)"
        return settings
    }
}

extension GuastavinoConfiguration {
    /// Every setting by name, as the records of a run folder store and compare them: each stored
    /// property (``NamedSettings/init(describing:prefix:)``), the frame size as `frameSize` and
    /// the network as `architecture` at the LRCN's default frame size, so that the size is one
    /// entry and a record of the same settings compares equal whichever FlareKit wrote it.
    ///
    /// ```swift
    /// let settings = GuastavinoConfiguration.demo().recordedSettings(prefix: "guastavino.")
    /// settings.values["guastavino.frameSize"]     // "32"
    /// ```
    func recordedSettings(prefix: String = "") -> NamedSettings {
        var settings = NamedSettings(describing: self, prefix: prefix)
        var network = architecture
        network.frameSize = LRCNConfiguration().frameSize
        settings.values[prefix + "architecture"] = String(describing: network)
        settings.values[prefix + "frameSize"] = "\(frameSize)"
        return settings
    }
}

extension ArchitectureConfiguration {
    /// This network at its type's default input size (``ArchitectureName/defaultConfiguration(inputSize:frames:)``).
    var atDefaultInputSize: ArchitectureConfiguration {
        var network = self
        network.inputSize = architectureName.defaultConfiguration().inputSize
        return network
    }
}
