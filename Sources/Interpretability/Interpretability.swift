// The `Interpretability` module; see Documentation.
