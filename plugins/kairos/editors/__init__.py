"""The editors' tools: the ``kairos`` command line, its reports and the new-story template."""

from importlib.resources import files
from string import Template


def editors_template(name: str) -> Template:
    """A text template of ``kairos/editors/templates`` (``$name`` placeholders, ``$$`` for $)."""
    return Template(files(__name__).joinpath("templates", name).read_text(encoding="utf-8"))
