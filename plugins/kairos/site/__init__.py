"""The MkDocs adapter: the ``kairos`` plugin, its config and the pages, feed and search it adds."""
