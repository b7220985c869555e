// The `Datasets` module; see Documentation.
