"""How an administrator removes a withdrawn story's text from the repository's whole history.

A tombstone takes the story off the site, but every earlier version of its file stays in git's
history, in every clone and fork, and on GitHub. :func:`purge_steps` writes the exact steps for
one story as a shell script an administrator reads, then runs: a fresh clone,
``git filter-repo`` removing every version of the story's file (or folder) from every branch and
tag, the tombstone put back as a new commit, old objects dropped, a forced push; then what git
cannot do (GitHub's pull-request refs and caches, forks, old clones, the site's artifacts,
search engines). Kairos never runs them: rewriting history is for an administrator.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import PurePosixPath

from kairos.editors import editors_template

#: Shown when the repository's address is unknown; the script fails clearly if left in.
PLACEHOLDER_REPOSITORY = "git@github.com:OWNER/REPOSITORY.git"


@dataclass(frozen=True)
class PurgeTarget:
    """A withdrawn story, by its paths inside the repository."""

    slug: str
    #: The folder of stories inside the repository (``stories``).
    stories_dir: PurePosixPath
    #: The tombstone as it is now: ``stories/<slug>.md`` or ``stories/<slug>/index.md``.
    tombstone: PurePosixPath

    @property
    def file(self) -> PurePosixPath:
        return self.stories_dir / f"{self.slug}.md"

    @property
    def folder(self) -> PurePosixPath:
        return self.stories_dir / self.slug


def purge_steps(target: PurgeTarget, repository: str) -> str:
    """The steps for ``target``: comments for people, commands that run as written in bash."""
    q = shlex.quote
    tombstone = target.tombstone.as_posix()
    file, folder = target.file.as_posix(), f"{target.folder.as_posix()}/"
    return editors_template("purge_steps.sh.tmpl").substitute(
        slug=target.slug,
        clone=f"kairos-purge-{target.slug}",
        saved=f"{target.slug}.tombstone.md",
        repository=q(repository),
        tombstone=tombstone,
        tombstone_q=q(tombstone),
        tombstone_folder_q=q(target.tombstone.parent.as_posix()),
        file=file,
        file_q=q(file),
        folder=folder,
        folder_q=q(folder),
        message_q=q(f"Tombstone of the withdrawn story {target.slug} (history purged)"),
    )
