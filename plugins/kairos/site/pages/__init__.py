"""The site's page structure: which pages exist, what each shows, the feed, the sitemap
filter and the search index. Imports no MkDocs: the adapter (``kairos.site``) hands MkDocs
what this decides (tests/test_layers.py)."""
