"""digest: a static site generator for a news story digest."""

__version__ = "0.1.0"
