"""Are the tools the jobs need usable?  (spatch through cocci/spatch.py, git through patches/git.py).

Checked when the service starts, on /api/v1/health and before `respin run`: each problem names the
Debian package that is missing, so that it shows up there rather than as a rule or a send failing later.
"""
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
    """(spatch version or "", git version or "", problems).  spatch counts as usable only when it can run
    the Python script constraints respin's rules use."""
    problems: list[str] = []
    spatch = git = ""
    try:
        from cocci.spatch import python_problem, version
        spatch = version()
        scripting = python_problem()
        if scripting:
            problems.append(scripting)
            spatch = ""
    except Exception as e:  # noqa: BLE001 - reported, not raised
        problems.append(str(e) or "spatch is not usable")
    try:
        git = _git_version()
    except Exception as e:  # noqa: BLE001
        problems.append(str(e) or "git is not usable")
    return spatch, git, problems


@functools.lru_cache(maxsize=1)
def _checkpatch_and_send() -> tuple[str, ...]:
    from patches.checkpatch import perl_problem
    from patches.send import send_email_problems
    return tuple(p for p in [perl_problem(), *send_email_problems()] if p)


def other_problems() -> list[str]:
    """What the results lack without failing a job: checkpatch.pl's perl, git send-email and its modules."""
    return list(_checkpatch_and_send())


def startup_problems(send: bool = False) -> list[str]:
    """Everything missing, for a start-up message (SEND: git send-email's problems too)."""
    _, _, problems = check_tools()
    from patches.checkpatch import perl_problem
    problems += [p for p in [perl_problem()] if p]
    if send:
        from patches.send import send_email_problems
        problems += send_email_problems()
    return problems
