"""The project's files on disk: stamps of inputs, the build cache, the build lock, atomic writes."""
