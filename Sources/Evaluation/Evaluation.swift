// The `Evaluation` module; see its DocC article.
