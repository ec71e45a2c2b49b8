"""The example that ships with respin: a small kernel-style tree and a review thread for it.

`examples/base/` holds the tree's files, `examples/thread.mbox` a v2 series of two
patches (drivers/misc/tinyring.c), a Reviewed-by for 1/2 and a review of 2/2 with
the author's answers.  `ensure_example_tree(dest)` turns them into a git
repository: tag `base`, branch `tinyring` = the v2 series (applied from the mails),
the same commit ids every time.
"""
from __future__ import annotations

import mailbox
import shutil
import tempfile
from pathlib import Path

from app.settings import Settings
from patches.git import Repo

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_BASE = EXAMPLES / "base"
EXAMPLE_THREAD = EXAMPLES / "thread.mbox"
EXAMPLE_SERIES = "base..tinyring"

_BASE_ENV = {"GIT_AUTHOR_NAME": "Linus Example", "GIT_AUTHOR_EMAIL": "linus@example.org",
             "GIT_COMMITTER_NAME": "Linus Example", "GIT_COMMITTER_EMAIL": "linus@example.org",
             "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z"}
_SERIES_ENV = {"GIT_COMMITTER_NAME": "Sam Author", "GIT_COMMITTER_EMAIL": "sam@example.org"}


def _git(tree: Path, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> None:
    Repo(tree).run(*args, env=env, input=input, text=False)


def ensure_example_tree(dest: Path) -> Path:
    """Build the example tree in DEST (once; an existing complete tree is reused) and return its path."""
    dest = Path(dest)
    if (dest / ".git").exists() and Repo(dest).try_rev("refs/heads/tinyring"):
        return dest
    tmp = Path(tempfile.mkdtemp(prefix=".example-", dir=dest.parent if dest.parent.exists() else None))
    try:
        shutil.copytree(EXAMPLE_BASE, tmp, dirs_exist_ok=True)
        _git(tmp, "init", "-q", "-b", "master")
        _git(tmp, "config", "user.name", "Sam Author")
        _git(tmp, "config", "user.email", "sam@example.org")
        _git(tmp, "add", "-A")
        _git(tmp, "commit", "-q", "--no-verify", "-m", "Initial tinyring driver", env=_BASE_ENV)
        _git(tmp, "tag", "base")
        _git(tmp, "checkout", "-q", "-b", "tinyring")
        for msg in mailbox.mbox(str(EXAMPLE_THREAD)):
            subject = str(msg["Subject"] or "")
            if subject.startswith("[PATCH") and " 0/" not in subject:
                _git(tmp, "am", "-q", "--committer-date-is-author-date", env=_SERIES_ENV,
                     input=msg.as_bytes())
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return dest


def service_trees(settings: Settings) -> tuple[dict[str, Path], Path | None, list[str]]:
    """The trees the service offers: the configured ones and, when enabled, the example tree."""
    trees = dict(settings.trees)
    thread: Path | None = None
    notes: list[str] = []
    if settings.example:
        try:
            trees.setdefault("example", ensure_example_tree(settings.data_dir / "example"))
            thread = Path(EXAMPLE_THREAD)
        except Exception as e:  # noqa: BLE001 - the service still starts; the form says why
            notes.append(f"the example tree is not available: {e}")
    return trees, thread, notes
