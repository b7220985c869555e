/// A layer that can leave out its input gradient in `backward` (returning zeros), which saves
/// time in a network's first layer, whose input is data. What needs the gradient with respect
/// to the network's input (saliency, Grad-CAM) switches it on for its duration and restores it.
public protocol InputGradientSkipping: Layer {
    /// Whether `backward` computes the input gradient.
    var computesInputGradient: Bool { get set }
}
