/// A layer that turns logits into probabilities value by value (the sigmoid): its input is the
/// logit of its output. Attribution methods that target the logit rather than the probability
/// (saliency and Grad-CAM in `Interpretability`) stop before the last
/// layer of a network when that layer adopts this protocol, so a new squashing output layer
/// works there without edits outside `Layers/`.
public protocol LogitToProbability: Layer {}
