"""GitHub: one open issue per title (deploy, consent reminder) and the pull-request comment."""
