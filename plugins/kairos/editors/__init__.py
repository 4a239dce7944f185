"""The editors' tools: the ``kairos`` command line, its reports and the new-story template."""
