"""Commands: one module per CLI verb; the only library code that prints."""
