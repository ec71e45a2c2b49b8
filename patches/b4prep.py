"""Series managed by ``b4 prep``: the cover letter and revision come from b4's cover commit, and the
next version is written back the way b4 keeps it.

b4's "commit" cover strategy keeps the cover letter in an empty commit at the start of the series,
followed by b4's tracking data (a marker line, then JSON: revision, change-id, prefixes, the
Message-IDs of the versions sent).  For such a series respin

- takes the cover letter from that commit (comments dropped, as b4 sends it) instead of the thread's,
- makes the next version the one the tracking data says (b4 moves to it after ``b4 send``; a
  series sent otherwise is still at the revision under review, and gets the one after it),
- writes a new cover commit on the series' base: the same change-id, ``revision`` the new version,
  the version under review's Message-ID in ``history`` (b4's "Link to vN"), and the cover letter's
  "Changes in vN:" section filled with respin's changelog (b4's EDITME lines replaced, lines the
  author wrote there kept), then the new patches on top of it,

so that ``b4 prep --check``, ``b4 send`` and ``b4 trailers -u`` work on the new branch as on one b4
rerolled itself.  The branch-description and tip-commit strategies are left alone: the series is then
respun like any other.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from patches.git import GitError, Repo
from patches.model import PatchMail, Series, Subject


class B4PrepError(ValueError):
    """b4's tracking data cannot be read; the message names the commit."""


def _marker() -> str:
    from b4 import ez
    return ez.MAGIC_MARKER


@dataclass
class Prep:
    cover_commit: str               # the empty commit that holds the cover letter and the tracking data
    base: str                       # its parent: the commit the series sits on
    cover: str                      # the cover letter as b4 stores it (comment lines kept)
    tracking: dict[str, Any] = field(default_factory=dict)

    @property
    def series(self) -> dict[str, Any]:
        s = self.tracking.get("series")
        return s if isinstance(s, dict) else {}

    @property
    def revision(self) -> int:
        try:
            return max(int(self.series.get("revision", 1)), 1)
        except (TypeError, ValueError):
            return 1

    @property
    def change_id(self) -> str:
        return str(self.series.get("change-id", ""))


def _message(repo: Repo, sha: str) -> str:
    return repo.commit_object(sha).partition("\n\n")[2]


def find(repo: Repo, series: Series) -> Prep | None:
    """The b4 prep cover commit right below SERIES' first patch, or None when the series is not one
    ``b4 prep`` manages with its "commit" strategy."""
    if not series.patches or not series.patches[0].commit:
        return None
    cover = repo.try_rev(f"{series.patches[0].commit}^")
    base = repo.try_rev(f"{cover}^") if cover else ""
    if not cover or not base:
        return None
    text = _message(repo, cover)
    marker = _marker()
    if marker not in text or repo.try_rev(f"{cover}^{{tree}}") != repo.try_rev(f"{base}^{{tree}}"):
        return None
    letter, _, data = text.partition(marker)
    start = data.find("{")
    try:
        tracking = json.loads(data[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        tracking = None
    if not isinstance(tracking, dict) or not isinstance(tracking.get("series"), dict):
        raise B4PrepError(f"the b4 cover commit {cover[:12]} has tracking data b4 cannot read either: "
                          "repair it with b4 prep --edit-cover")
    return Prep(cover, base, letter.strip("\n"), tracking)


def next_revision(prep: Prep, under_review: int) -> int:
    """The version respin writes: the tracking's revision when b4 already moved past the version under
    review (it does after ``b4 send``), else the one after the version under review."""
    return prep.revision if prep.revision > under_review else under_review + 1


def sendable(cover: str) -> str:
    """The cover letter as b4 sends it: comment lines dropped, ">#" unescaped, no runs of blank lines."""
    text = re.sub(r"^#.*$", "", cover, flags=re.M)
    text = re.sub(r"^>(#.*)$", r"\1", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _pending(lines: list[str], revision: int) -> tuple[int, int] | None:
    """[start, end) of the "Changes in v<REVISION>:" block of LINES, or None."""
    head = re.compile(rf"^\s*changes\s+in\s+v{revision}\b", re.I)
    start = next((i for i, ln in enumerate(lines) if head.match(ln)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and lines[end].strip() and not re.match(r"^\s*changes\s+in\s+v\d+", lines[end], re.I):
        end += 1
    return start, end


_LINK = re.compile(r"^\s*-\s*Link to v\d+:")


def _own_lines(block: list[str]) -> list[str]:
    """The lines of a pending changelog block the author wrote (not b4's EDITME template, not its link)."""
    return [ln for ln in block[1:] if "EDITME" not in ln and not _LINK.match(ln)]


def cover_mail(prep: Prep, series: Series, revision: int) -> PatchMail | None:
    """The cover letter respin's mails carry: b4's, as b4 would send it, without the pending changelog
    block of REVISION (respin writes its own); None while b4's letter is still its EDITME template."""
    lines = sendable(prep.cover).split("\n")
    if not lines or not lines[0].strip() or lines[0].startswith("EDITME"):
        return None
    span = _pending(lines, revision)
    own: list[str] = []
    if span:
        own = _own_lines(lines[span[0]:span[1]])
        lines = lines[:span[0]] + lines[span[1]:]
    body = "\n".join(lines).strip("\n")
    if own:
        body += "\n\n" + "\n".join(own)
    old = series.cover
    title = lines[0].strip()
    first = series.patches[0].subject if series.patches else Subject(raw=title, title=title)
    subject = Subject(raw=title, title=title, prefixes=first.prefixes, version=series.version, number=0,
                      total=len(series.patches), width=first.width)
    author = old.author if old else series.patches[0].author
    return PatchMail(number=0, subject=subject, author=author, msgid=old.msgid if old else "",
                     message=body + "\n")


def changes_written(cover_letter: str, revision: int) -> list[str]:
    """The "Changes in v<REVISION>:" block of a cover letter respin wrote (heading first), [] if none."""
    lines = cover_letter.split("\n")
    span = _pending(lines, revision)
    return lines[span[0]:span[1]] if span else []


def new_cover(prep: Prep, revision: int, block: list[str]) -> str:
    """b4's cover letter with the "Changes in v<REVISION>:" section holding BLOCK (respin's changelog): in
    place of the EDITME template b4 leaves after sending (the author's own lines there kept, above the
    link), else above the older changelogs, else as a new section below a "---" line, as b4 does."""
    if not block:
        return prep.cover
    lines = prep.cover.split("\n")
    span = _pending(lines, revision)
    if span:
        pending = lines[span[0]:span[1]]
        own = _own_lines(pending)
        ours = [ln for ln in block[1:] if _LINK.match(ln)]
        rest = [ln for ln in block[1:] if ln not in ours]
        links = [ln for ln in pending if _LINK.match(ln)] or ours      # b4's link (its linkmask) if it left one
        return "\n".join(lines[:span[0]] + [block[0], *rest, *own, *links] + lines[span[1]:])
    older = next((i for i, ln in enumerate(lines) if re.match(r"^\s*changes\s+in\s+v\d+", ln, re.I)), None)
    if older is not None:
        return "\n".join(lines[:older] + block + [""] + lines[older:])
    return prep.cover.rstrip("\n") + "\n\n---\n" + "\n".join(block)


def new_tracking(prep: Prep, revision: int, under_review: int, msgid: str) -> dict[str, Any]:
    """The tracking data of the new version: REVISION, the same change-id and everything else b4 keeps,
    MSGID (the version under review's cover letter, or first patch) recorded in its history."""
    series = dict(prep.series)
    series["revision"] = revision
    if msgid:
        history = dict(series.get("history") or {})
        sent = list(history.get(f"v{under_review}") or [])
        if msgid not in sent:
            sent.append(msgid)
        history[f"v{under_review}"] = sent
        series["history"] = history
    return {**prep.tracking, "series": series}


def cover_message(cover: str, tracking: dict[str, Any]) -> str:
    """The cover commit's message: the letter, then b4's tracking section."""
    from b4 import ez
    return cover.rstrip("\n") + "\n\n" + ez.make_magic_json(tracking) + "\n"


def _fields(repo: Repo, sha: str) -> tuple[str, str, dict[str, str]]:
    """(tree, message, identity env) of commit SHA: its author and committer, dates included."""
    raw = repo.commit_object(sha)
    head, _, message = raw.partition("\n\n")
    tree, env = "", {}
    for line in head.split("\n"):
        key, _, val = line.partition(" ")
        if key == "tree":
            tree = val
        elif key in ("author", "committer"):
            m = re.match(r"^(.*?) <(.*)> (\d+ [+-]\d{4})$", val)
            if m:
                role = key.upper()
                env.update({f"GIT_{role}_NAME": m.group(1), f"GIT_{role}_EMAIL": m.group(2),
                            f"GIT_{role}_DATE": "@" + m.group(3)})
    return tree, message, env


def _commit(repo: Repo, tree: str, parent: str, message: str, env: dict[str, str]) -> str:
    return repo.out("commit-tree", tree, "-p", parent, input=message, env=env).strip()


def restack(repo: Repo, commits: list[str], onto: str) -> list[str]:
    """COMMITS (a chain) recreated on ONTO with the same trees, messages, authors and committers: the
    same series on another parent whose tree is the same (b4's cover commit changes no file)."""
    out, parent = [], onto
    for sha in commits:
        tree, message, env = _fields(repo, sha)
        parent = _commit(repo, tree, parent, message, env)
        out.append(parent)
    return out


def write(repo: Repo, prep: Prep, cover: str, tracking: dict[str, Any], commits: list[str]) -> list[str]:
    """The new cover commit on the series' base (the old one's author and committer: b4 looks for its
    user's), then COMMITS on top of it; returns [cover, *patches]."""
    tree, _, env = _fields(repo, prep.cover_commit)
    try:
        top = _commit(repo, tree, prep.base, cover_message(cover, tracking), env)
    except GitError as e:
        raise B4PrepError(f"cannot write the b4 cover commit: {e}") from None
    return [top, *restack(repo, commits, top)]


def mark_branch(repo: Repo, branch: str) -> None:
    """Tell b4 the new BRANCH keeps its cover letter in a commit (as the one it was made from)."""
    repo.run("config", "--end-of-options", f"branch.{branch}.b4-prep-cover-strategy", "commit")


def summary(prep: Prep) -> str:
    return f"b4 prep series {prep.change_id or '(no change-id)'}, revision {prep.revision}"



def skip_cover(repo: Repo, series_range: str) -> str:
    """SERIES_RANGE ("base..b4/foo") without b4's cover commit when the range starts with one: the cover
    letter is not a patch of the series."""
    if ".." not in series_range or "..." in series_range:
        return series_range
    left, right = series_range.split("..", 1)
    first = repo.run("rev-list", "--reverse", "--topo-order", "--no-merges", "--end-of-options",
                     f"{left}..{right or 'HEAD'}", check=False).stdout.split()[:1]
    if not first:
        return series_range
    parent = repo.try_rev(f"{first[0]}^")
    empty = parent and repo.try_rev(f"{first[0]}^{{tree}}") == repo.try_rev(f"{parent}^{{tree}}")
    if empty and _marker() in _message(repo, first[0]):
        return f"{first[0]}..{right}"
    return series_range
