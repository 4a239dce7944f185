"""Changes to the project's own files: the new-story template, sample removal, the history
purge and the pack's settings."""
