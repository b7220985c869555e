// The layers whose training-mode forward pass computes their inference map: their inference
// gradient is the training-mode pass and `backward` (the default of InferenceDifferentiable).

extension Conv2D: InferenceDifferentiable, InputGradientSkipping {}
extension Dense: InferenceDifferentiable {}
extension MaxPool2D: InferenceDifferentiable {}
extension GlobalAveragePool2D: InferenceDifferentiable {}
extension Flatten: InferenceDifferentiable {}
extension ReLU: InferenceDifferentiable {}
extension LeakyReLU: InferenceDifferentiable {}
extension Identity: InferenceDifferentiable {}
extension Sigmoid: InferenceDifferentiable {}
extension Tanh: InferenceDifferentiable {}
