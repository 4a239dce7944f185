"""Defence in depth: look for held-back stories in every file of a built site.

What it reads and looks for: MAINTAINERS.md, "Defence in depth". It imports neither mkdocs nor
click (``kairos audit`` and the plugin both call :func:`.site_scan.scan_site`), and the package
imports nothing, so the worker processes load only :mod:`.matching`.
"""
