import Testing

@testable import Interpretability
