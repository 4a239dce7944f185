"""A stand-in for GitHub's ``gh`` command line: records each call and answers from a file.

Tests put a ``gh`` script first on the PATH, so the code runs its real subprocess path. Each
call is appended to ``calls.jsonl``; ``issue list`` prints the open issues kept in
``issues.json``; ``issue create``/``edit``/``close`` change that file as GitHub would.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

SCRIPT = """#!{python}
import json, sys
from pathlib import Path
here = Path(__file__).parent
arguments = sys.argv[1:]
with (here / "calls.jsonl").open("a", encoding="utf-8") as log:
    log.write(json.dumps(arguments) + "\\n")
issues_file = here / "issues.json"
issues = json.loads(issues_file.read_text(encoding="utf-8"))
if arguments[:2] == ["issue", "list"]:
    print(json.dumps(issues))
elif arguments[:2] == ["issue", "create"]:
    title = arguments[arguments.index("--title") + 1]
    body = arguments[arguments.index("--body") + 1]
    number = max([i["number"] for i in issues], default=0) + 1
    issues.append({{"number": number, "title": title, "body": body}})
elif arguments[:2] == ["issue", "edit"]:
    for issue in issues:
        if issue["number"] == int(arguments[2]):
            issue["body"] = arguments[arguments.index("--body") + 1]
elif arguments[:2] == ["issue", "close"]:
    issues = [i for i in issues if i["number"] != int(arguments[2])]
issues_file.write_text(json.dumps(issues), encoding="utf-8")
"""


class FakeGh:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        script = folder / "gh"
        script.write_text(SCRIPT.format(python=sys.executable), encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        (folder / "issues.json").write_text("[]", encoding="utf-8")
        (folder / "calls.jsonl").write_text("", encoding="utf-8")

    def path_first(self) -> str:
        return f"{self.folder}{os.pathsep}{os.environ.get('PATH', '')}"

    @property
    def open_issues(self) -> list[dict[str, object]]:
        issues: list[dict[str, object]] = json.loads(
            (self.folder / "issues.json").read_text(encoding="utf-8")
        )
        return issues

    @property
    def calls(self) -> list[list[str]]:
        lines = (self.folder / "calls.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]
