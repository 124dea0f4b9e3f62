"""Engine: the runs that drive ingest and site together (build, serve's live updates)."""
