// The `Architectures` module; see Documentation.
