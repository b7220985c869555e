// The `Evaluation` module; see Documentation.
