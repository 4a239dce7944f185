"""How an administrator removes a withdrawn story's text from the repository's whole history.

A tombstone takes the story off the site, but every earlier version of its file stays in git's
history, in every clone and fork, and on GitHub. :func:`purge_steps` writes the steps for one
story (``templates/purge_steps.sh.tmpl``: a fresh clone, ``git filter-repo``, the tombstone put
back, a forced push, then what git cannot reach) as a shell script an administrator reads,
then runs. Kairos never runs them: rewriting history is for an administrator.
"""

from __future__ import annotations

import shlex
from pathlib import PurePosixPath

from kairos.editors import editors_template

#: Shown when the repository's address is unknown; the script fails clearly if left in.
PLACEHOLDER_REPOSITORY = "git@github.com:OWNER/REPOSITORY.git"


def purge_steps(
    slug: str, stories_dir: PurePosixPath, tombstone: PurePosixPath, repository: str
) -> str:
    """The steps for the withdrawn story ``slug``: comments for people, commands that run as
    written in bash. ``stories_dir`` is the folder of stories inside the repository, and
    ``tombstone`` the story's file as it is now (``stories/<slug>.md`` or
    ``stories/<slug>/index.md``)."""
    q = shlex.quote
    file, folder = f"{stories_dir / slug}.md", f"{stories_dir / slug}/"
    return editors_template("purge_steps.sh.tmpl").substitute(
        slug=slug,
        clone=f"kairos-purge-{slug}",
        saved=f"{slug}.tombstone.md",
        repository=q(repository),
        tombstone=tombstone.as_posix(),
        tombstone_q=q(tombstone.as_posix()),
        tombstone_folder_q=q(tombstone.parent.as_posix()),
        file=file,
        file_q=q(file),
        folder=folder,
        folder_q=q(folder),
        message_q=q(f"Tombstone of the withdrawn story {slug} (history purged)"),
    )
