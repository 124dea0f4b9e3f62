"""Serve: the development server, the file watcher and serve's rebuild loop."""
