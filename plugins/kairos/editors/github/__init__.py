"""GitHub: the deploy issue, the pull-request comment and the consent reminder."""
