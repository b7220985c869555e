/// The scalar whose gradient an explanation takes.
///
/// The probability is the sigmoid of the logit, so its gradient is the logit's times
/// p (1 - p) > 0: after normalisation a saliency or Grad-CAM map is the same for both, and only
/// the raw gradients differ in scale.
public enum GradientTarget: String, Sendable, Equatable, Codable, CaseIterable {
    /// The network's output, the flaring probability.
    case probability
    /// The input of the final sigmoid (the network must end with a `Sigmoid` layer).
    case logit
}
