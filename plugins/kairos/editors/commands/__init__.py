"""The ``kairos`` command line: one module per command, on the options of ``command_options``."""
