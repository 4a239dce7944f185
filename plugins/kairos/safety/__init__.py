"""Safety: the identifier scan, the story HTML sanitizer and the audit of every output file."""
