"""Kairos: anthologies of patient and family stories, published only with valid, current consent.

The public API is the core's (:mod:`kairos.core`: ``kairos.core.anthology.load_anthology`` and
the modules beside it), which imports neither mkdocs nor click. This package imports nothing,
so a process that needs one module (the audit's workers) does not load the story model.
"""
