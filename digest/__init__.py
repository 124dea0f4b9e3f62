"""digest: a static site generator for a news story digest."""

__version__ = "0.1.0"  # pyproject.toml reads it from here
DISTRIBUTION = "story-digest"  # the name pip installs digest by
