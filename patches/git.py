"""The one place respin runs git.

Argument lists only (never a shell string), a timeout on every call, and errors
that name the command.  Callers read blobs and write objects; nothing here
touches a working tree or the index of the user's repository (index work uses a
temporary GIT_INDEX_FILE).
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 120


class GitError(RuntimeError):
    """A git command failed; the message names it and carries git's own words."""


@dataclass(frozen=True)
class Repo:
    path: Path

    def run(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = TIMEOUT, check: bool = True, text: bool = True) -> subprocess.CompletedProcess:
        cmd = ["git", "-C", str(self.path), *args]
        # never refresh the user's index; never let refs/replace/* (which a bundle could bring) swap objects
        full_env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0",
                    "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_REPLACE_OBJECTS": "1", **(env or {})}
        if isinstance(input, str) and not text:
            input = input.encode()
        try:
            r = subprocess.run(cmd, input=input, capture_output=True, text=text, env=full_env,
                               timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise GitError(f"git {args[0]} timed out after {timeout:.0f}s") from e
        except FileNotFoundError as e:
            raise GitError("git is not installed (apt-get install git)") from e
        if check and r.returncode != 0:
            err = r.stderr if isinstance(r.stderr, str) else r.stderr.decode(errors="replace")
            raise GitError(f"git {' '.join(args[:3])} failed: {err.strip() or 'exit ' + str(r.returncode)}")
        return r

    def out(self, *args: str, **kw) -> str:
        return self.run(*args, **kw).stdout

    def rev(self, rev: str) -> str:
        """The full sha of REV, or GitError."""
        return self.out("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}").strip()

    def try_rev(self, rev: str) -> str:
        r = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}", check=False)
        return r.stdout.strip() if r.returncode == 0 else ""

    def show_file(self, rev: str, path: str) -> str:
        """The content of PATH at REV, read from the object database."""
        return self.out("show", "--end-of-options", f"{rev}:{path}")

    def try_show_file(self, rev: str, path: str) -> str | None:
        r = self.run("show", "--end-of-options", f"{rev}:{path}", check=False)
        return r.stdout if r.returncode == 0 else None


@dataclass(frozen=True)
class Ident:
    """Who a commit names (author or committer): respin always says it to git itself, so that nothing
    depends on the machine's own git identity (user.name/user.email, or the lack of them)."""
    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def env(self, role: str, date: str = "") -> dict[str, str]:
        """GIT_<ROLE>_NAME/_EMAIL (and _DATE when given) for a git call; ROLE is AUTHOR or COMMITTER."""
        out = {f"GIT_{role}_NAME": self.name, f"GIT_{role}_EMAIL": self.email}
        if date:
            out[f"GIT_{role}_DATE"] = date
        return out


def parse_ident(text: str, what: str = "committer") -> Ident:
    """'Name <address>' -> Ident; GitError saying what is expected otherwise."""
    m = re.fullmatch(r"\s*([^<>\n]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*", text or "")
    if not m or not m.group(1):
        raise GitError(f"{what} {text!r} is not of the form 'Full Name <address@example.org>'")
    return Ident(m.group(1), m.group(2))


def open_repo(path: str | os.PathLike) -> Repo:
    """A Repo for PATH, or GitError with a message saying what is wrong with it."""
    p = Path(path).expanduser()
    if not p.exists():
        raise GitError(f"tree {p} does not exist")
    r = subprocess.run(["git", "-C", str(p), "rev-parse", "--git-dir"], capture_output=True, text=True,
                       timeout=30)
    if r.returncode != 0:
        raise GitError(f"tree {p} is not a git repository")
    return Repo(p.resolve())
