import Architectures
import Datasets
import Foundation

/// What `flarekit demo` runs: a generated archive and both papers' pipelines at sizes that
/// finish in minutes on two cores.
///
/// The archive is the Datasets module's synthetic SHARP archive with 240 regions of 2.5-day
/// passages at a 144-minute cadence (6,000 files of about 48 x 96 pixels at 0.06 degrees, the
/// demo archive's field of view at half the resolution). The Bhattacharjee pipeline trains
/// CNN-2 at 32 x 32 in 3 folds; the Guastavino pipeline trains the LRCN on videos of 8 frames
/// at 144 minutes (about 17 hours), 32 x 32, over 5 realisations of 1200/300/300 samples on the
/// C1+ task (``BhattacharjeeConfiguration/demo(network:seed:)`` and
/// ``GuastavinoConfiguration/demo(task:seed:)``, which `flarekit train --protocol demo` also
/// uses). Every size is a property.
///
/// ```swift
/// var configuration = DemoConfiguration()
/// configuration.guastavino.realisations = 10
/// let result = try Demo(configuration: configuration).run(in: RunFolder(at: folder))
/// ```
public struct DemoConfiguration: Sendable {
    /// The generated archive.
    public var archive: SyntheticArchive.Configuration
    /// The Bhattacharjee et al. (2020) stage.
    public var bhattacharjee: BhattacharjeeConfiguration
    /// The Guastavino et al. (2022) stage.
    public var guastavino: GuastavinoConfiguration
    /// Run the Bhattacharjee stage.
    public var runsBhattacharjee = true
    /// Run the Guastavino stage.
    public var runsGuastavino = true

    /// The demo's sizes (see the type's documentation).
    public init(seed: UInt64 = 2012) {
        var archive = SyntheticArchive.Configuration(
            regionCount: 240, cadence: 144 * 60, imageHeight: 48, imageWidth: 96, degreesPerPixel: 0.06,
            span: 120 * 86_400)
        archive.seed = seed
        archive.flares.fluxExponent = 3          // a steeper flux dependence: clearer region labels
        archive.flares.inversionLineWeight = 4
        self.archive = archive

        var bhattacharjee = BhattacharjeeConfiguration.demo(network: .cnn2, seed: seed)
        bhattacharjee.occlusion?.maskSize = 6
        bhattacharjee.occlusion?.stride = 2
        bhattacharjee.occlusion?.target = .probability   // a map even where no mask flips the label
        bhattacharjee.probeRadii = stride(from: 2.5, through: 30, by: 2.5).map { $0 }
        bhattacharjee.haleJoyComparison = true            // Fig. 11: the folds retrained with Hale's and Joy's laws
        self.bhattacharjee = bhattacharjee

        self.guastavino = .demo(task: .c1, seed: seed)
    }
}
