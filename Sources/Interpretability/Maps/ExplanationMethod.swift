/// The method that made a ``SensitivityMap``, recorded in its FITS header (MAPMETH) and chosen
/// with `flarekit occlusion --explanation`.
///
/// ```swift
/// ExplanationMethod(rawValue: "grad-cam")   // .gradCAM
/// ```
public enum ExplanationMethod: String, Sendable, Equatable, CaseIterable, Codable {
    /// Occlusion (``OcclusionAnalysis``): the change of the output under a sliding mask.
    case occlusion
    /// Saliency (``Saliency``): the magnitude of the output's gradient with respect to the input.
    case saliency
    /// Grad-CAM (``GradCAM``): gradient-weighted activations of a convolutional layer.
    case gradCAM = "grad-cam"
}
