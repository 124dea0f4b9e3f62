"""Ingest: raw dumps in content/raw/ -> editable stories in content/articles/."""
