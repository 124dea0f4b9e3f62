"""Site: articles in content/articles/ -> planned and rendered pages, feeds and search."""
