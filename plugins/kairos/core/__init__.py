"""The story core: the story model, front-matter, vocabularies, rules and the publishing rule.

It imports neither mkdocs nor click, so any engine or tool can build on it.
"""
