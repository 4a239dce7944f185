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
    slug = target.slug
    clone = f"kairos-purge-{slug}"
    saved = f"{slug}.tombstone.md"
    tombstone = target.tombstone.as_posix()
    file, folder = target.file.as_posix(), f"{target.folder.as_posix()}/"
    return f"""\
# Removing the withdrawn story '{slug}' from the repository's history
#
# For an administrator of the repository. Rewriting history changes every commit after the
# story was first added; do it when the storyteller asks for their words to be removed
# entirely, or when any version of the story held identifying details. Do not discuss the
# story's content in public issues or pull requests while you do.
#
# Before you start:
#  - the tombstone (status withdrawn, no text) is merged on the default branch:
#      {tombstone}
#  - tell the editors to merge or close their open pull requests and to stop pushing;
#  - note the pull requests that ever touched the story, for GitHub Support (step 8):
#      gh pr list --state all --limit 1000 --json number,files \\
#        --jq '.[] | select(any(.files[]; .path | startswith("{file}") or startswith("{folder}")))
#        | .number'
#
# The commands below run as written in bash, from an empty folder (each step stops on error).
set -eu

# 1. Install git-filter-repo once. If pip refuses (an "externally managed" Python), use
#    pipx install git-filter-repo, or on Debian and Ubuntu: sudo apt install git-filter-repo.
command -v git-filter-repo >/dev/null || python3 -m pip install git-filter-repo

# 2. A fresh clone: never purge your working copy. Every branch and tag comes with it.
REPOSITORY={q(repository)}
git clone --no-local "$REPOSITORY" {clone}
cd {clone}

# 3. Keep the tombstone (front-matter only) outside the clone, to put it back in step 5.
git show HEAD:{q(tombstone)} > ../{saved}

# 4. Remove every version of the story, as one file or as a folder with photos, from every
#    commit of every branch and tag.
git filter-repo --invert-paths --path {q(file)} --path {q(folder)}

# 5. Put the tombstone back as a new commit, so the slug stays taken.
mkdir -p {q(PurePosixPath(tombstone).parent.as_posix())}
cp ../{saved} {q(tombstone)}
git add {q(tombstone)}
git commit --quiet -m {q(f"Tombstone of the withdrawn story {slug} (history purged)")}

# 6. Drop every old object and reflog entry from this clone.
git reflog expire --expire=now --all
git gc --prune=now --quiet

# 7. Replace every branch and tag on the server (filter-repo removed the remote, on purpose).
git remote add origin "$REPOSITORY"
git push --force --all origin
git push --force --tags origin

# 8. What git cannot do: the old text is still
#  - on GitHub, in pull requests (refs/pull/N/head, which nobody can push to), in cached views
#    of old commits and in comments (kairos diff reports quote published text). Ask GitHub
#    Support (https://support.github.com/contact) to remove the cached views and dereference
#    the pull requests listed above, naming the story's paths:
#      {file}  {folder}
#    and edit or delete the comments that quote the story;
#  - in every other clone: each editor deletes their clone (and its .cache/kairos folder, which
#    holds rendered stories) and clones again. Never push from an old clone: it would bring the
#    text back;
#  - in forks: ask each fork's owner (Insights > Forks) to delete their fork, or to purge it
#    the same way;
#  - in the built site's copies: delete the workflow runs (and their artifacts) that built the
#    site while the story was published (gh run list, gh run delete);
#  - in search engines and web archives: ask Google (Search Console, "Remove outdated
#    content") and Bing (Webmaster Tools, "Content removal") to drop their copies of the
#    story's old address, and the Internet Archive if it kept one.
#
# Check, in a new clone: this lists only the tombstone's commit.
#   git log --all --oneline -- {file} {folder}
"""
