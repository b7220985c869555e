// The `Magnetogram` module; see Documentation.
