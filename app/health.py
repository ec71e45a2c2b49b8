"""Are the tools the jobs need usable?  (spatch through cocci/spatch.py, git through patches/git.py)."""
from __future__ import annotations

import functools
import re
from pathlib import Path


@functools.lru_cache(maxsize=1)
def _git_version() -> str:
    from patches.git import Repo
    out = Repo(Path("/")).out("--version", timeout=30)
    m = re.search(r"git version (\S+)", out)
    return m.group(1) if m else "unknown"


def check_tools() -> tuple[str, str, list[str]]:
    """(spatch version or "", git version or "", problems)."""
    problems: list[str] = []
    spatch = git = ""
    try:
        from cocci.spatch import version
        spatch = version()
    except Exception as e:  # noqa: BLE001 - reported, not raised
        problems.append(str(e) or "spatch is not usable")
    try:
        git = _git_version()
    except Exception as e:  # noqa: BLE001
        problems.append(str(e) or "git is not usable")
    return spatch, git, problems
