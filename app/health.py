"""Are the tools the jobs need usable?  (spatch through cocci/spatch.py, git through patches/git.py).

Checked when the service starts, on /api/v1/health and before `respin run`: each problem names the
Debian package that is missing, so that it shows up there rather than as a rule or a send failing later.
The command line remembers a check that found nothing missing (``before_run``) until something it
depends on changes.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Mapping


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


def tools_checked() -> bool:
    """True when check_tools() and other_problems() answer from what they remembered, starting no tool
    (/health answers on the event loop then; a check that has not run, or raised, runs in a thread)."""
    from cocci.spatch import python_problem, version
    return all(f.cache_info().currsize for f in (version, python_problem, _git_version, _checkpatch_and_send))


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


# what the outcome of the checks depends on beyond the binaries: libraries (ld.so.cache changes when one
# is installed or removed), installed packages (perl modules, libpython), the environment they read
SYSTEM_FILES = ("/etc/ld.so.cache", "/var/lib/dpkg/status")
ENV_INPUTS = ("LD_LIBRARY_PATH", "PERL5LIB", "PYTHONHOME", "PYTHONPATH", "GIT_EXEC_PATH")
TOOLS_CACHE = "tools.json"


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """$XDG_CACHE_HOME/respin, else ~/.cache/respin; None without a home to put it in."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "respin"
    home = env.get("HOME", "").strip()
    return Path(home) / ".cache" / "respin" if home and Path(home).is_absolute() else None


def _file(path: str) -> list[object]:
    """PATH as it is now: its resolved path, size and mtime_ns (["", path] when it is missing)."""
    if not path:
        return [""]
    try:
        st = os.stat(path)
    except OSError:
        return ["", path]
    return [path, os.path.realpath(path), st.st_size, st.st_mtime_ns]


def tools_key(env: Mapping[str, str] | None = None) -> dict[str, object]:
    """Everything the outcome of the run checks depends on: the spatch, git and perl found on PATH, the
    interpreter spatch is given, the system files and environment SYSTEM_FILES/ENV_INPUTS name, and the
    code that checks (a change of respin re-checks)."""
    from cocci import spatch as spatch_mod
    from patches import checkpatch

    env = os.environ if env is None else env
    spatch = shutil.which("spatch") or ""
    python = spatch_mod.python_interpreter(spatch, env) if spatch else ""
    return {
        "spatch": _file(spatch), "git": _file(shutil.which("git") or ""), "perl": _file(shutil.which("perl") or ""),
        "python": [python, *_file(python)[1:]] if python else [""],
        "system": [_file(f) for f in SYSTEM_FILES],
        "env": [env.get(k, "") for k in ENV_INPUTS],
        "code": [_file(f) for f in sorted({__file__, spatch_mod.__file__, checkpatch.__file__})],
    }


def _remembered(path: Path, key: dict[str, object]) -> tuple[str, str] | None:
    """(spatch version, git version) of the successful check stored at PATH under KEY; None otherwise
    (no file, another key, or a file that cannot be read)."""
    want = json.loads(json.dumps(key))
    for entry in _entries(path):
        if entry.get("key") == want:
            spatch, git = entry.get("spatch"), entry.get("git")
            return (spatch, git) if isinstance(spatch, str) and isinstance(git, str) and spatch and git else None
    return None


# checks remembered at once: one per installation of respin (a checkout, a venv, the image) and tool set
TOOLS_REMEMBERED = 8


def _entries(path: Path) -> list[dict]:
    """The checks stored at PATH, newest first ([] for no file, or one that cannot be read)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    entries = data.get("checks") if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _remember(path: Path, key: dict[str, object], spatch: str, git: str) -> None:
    """Store a successful check (atomically) beside the other installations' newest ones; a cache that
    cannot be written is no cache."""
    tmp = ""
    want = json.loads(json.dumps(key))
    others = [e for e in _entries(path) if e.get("key") != want]
    checks = [{"key": key, "spatch": spatch, "git": git}, *others][:TOOLS_REMEMBERED]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tools-", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump({"checks": checks}, f)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def tools_cache(env: Mapping[str, str] | None = None) -> Path | None:
    """Where ``before_run`` keeps its successful check."""
    d = cache_dir(env)
    return d / TOOLS_CACHE if d else None


def before_run(send: bool = False, cache: Path | None = None) -> tuple[list[str], list[str]]:
    """(what keeps a run from starting, what only part of its result lacks): spatch with Python scripting
    and git; perl for checkpatch.pl (SEND: git send-email too), each naming the Debian package.

    A check that found nothing missing is stored in CACHE (default ``cache_dir()/tools.json``) under
    ``tools_key()`` and not run again while the key stays the same; a problem is checked again every
    time.  git send-email is checked every time it is asked for."""
    path = cache if cache is not None else tools_cache()
    key = tools_key()
    warnings: list[str] = []
    if path is None or _remembered(path, key) is None:
        spatch, git, fatal = check_tools()
        if not (spatch and git):
            return fatal or ["spatch or git is missing"], []
        from patches.checkpatch import perl_problem
        warnings += [p for p in [perl_problem()] if p]
        if path is not None and not warnings:
            _remember(path, key, spatch, git)
    if send:
        from patches.send import send_email_problems
        warnings += send_email_problems()
    return [], warnings
