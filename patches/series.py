"""The vN series as commits, and the vN+1 series built from it, without touching a working tree.

Everything here works on the object database: ``apply --cached`` on a temporary
index (``GIT_INDEX_FILE`` in a temp dir) that holds only the files a patch names,
trees written directory by directory along the changed paths (``ls-tree``,
``mktree``), ``commit-tree``.  The cost is what a patch touches, not what the tree
holds; the whole tree is read into an index (``read-tree``) only when the narrow
way cannot be sure of git's answer.  The user's working tree, index and branches
are never touched; the only ref ever written is the new branch, by
``create_branch``.  Bare repositories work the same.

Determinism: a rebuilt commit keeps the author (name, e-mail, date) of the
commit it replaces and, unless a ``committer_date`` is given, its committer
date too.  The same inputs therefore give the same commit ids on every run.

Identity: every commit made here names its author and committer explicitly (the
series' author; the committer given by the caller, or else that author), so the
machine's git identity (user.name/user.email, or the lack of them) never matters.
"""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

from patches import diffs
from patches.placement import defined
from patches.ctext.functions import function_at, function_named
from patches.git import GitError, Ident, Repo, commit_fields
from patches.model import PatchMail, Series


class SeriesError(ValueError):
    """The series cannot be built; the message names the patch and what to fix."""


class ConflictError(SeriesError):
    """A later patch does not apply after the edits (3-way): names the patch and the files."""

    def __init__(self, number: int, total: int, subject: str, files: list[str]):
        self.number, self.total, self.subject, self.files = number, total, subject, files
        where = ", ".join(files) if files else "unknown file"
        super().__init__(f"patch {number}/{total} ({subject}) does not apply after the edits: "
                         f"conflict in {where}")


# ---- small helpers over the object database ----

@contextmanager
def _temp_index(repo: Repo) -> Iterator[dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="respin-index-") as d:
        yield {"GIT_INDEX_FILE": str(Path(d) / "index")}


def _commit_fields(repo: Repo, sha: str) -> dict[str, str]:
    """tree, parents, author/committer (name, email, raw date) and the raw message of SHA."""
    return commit_fields(repo.commit_object(sha))


def _commit_tree(repo: Repo, tree: str, parent: str, message: str, author: tuple[str, str, str],
                 committer: tuple[str, str, str]) -> str:
    env = {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": author[2],
           "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
           "GIT_COMMITTER_DATE": committer[2]}
    if not message.endswith("\n"):
        message += "\n"
    args = ["commit-tree", tree] + (["-p", parent] if parent else [])
    return repo.out(*args, input=message, env=env).strip()


def _git_date(d: datetime | str | None) -> str:
    if d is None:
        return ""
    if isinstance(d, str):
        return d
    if d.tzinfo is None:
        return d.strftime("%Y-%m-%dT%H:%M:%S")
    off = d.utcoffset()
    secs = int(off.total_seconds()) if off else 0
    sign = "+" if secs >= 0 else "-"
    return f"@{int(d.timestamp())} {sign}{abs(secs) // 3600:02d}{abs(secs) % 3600 // 60:02d}"


def _conflict_paths(text: str) -> list[str]:
    paths: list[str] = []
    for pat in (r"^U (\S+)$", r"patch failed: ([^:\s]+):\d+", r"^error: (\S+): does not exist in index",
                r"^error: (\S+): already exists in index", r"Applied patch to '([^']+)' with conflicts",
                r"^error: (\S+): patch does not apply"):
        for m in re.finditer(pat, text, re.M):
            if m.group(1) not in paths:
                paths.append(m.group(1))
    return paths


def _apply_onto(repo: Repo, tree_ish: str, diff: str, three_way: bool,
                zero_context: bool = False) -> tuple[str | None, str]:
    """(tree with DIFF applied on TREE_ISH, or None; git's messages).

    The work is on the files DIFF names only: a temporary index holds just those (their entries in
    TREE_ISH), ``git apply --cached`` runs on it, and what it leaves is grafted onto TREE_ISH's tree.
    Whenever that cannot give the answer for sure (the names cannot be read, git refuses the diff, the
    result holds a file the headers did not name, a file stands where a directory is needed), the
    whole tree is read into the index instead (`_apply_onto_full`), so results and messages are git's
    own in every case."""
    if not diff.strip():
        return repo.out("rev-parse", tree_ish + "^{tree}").strip(), ""
    if not diff.endswith("\n"):
        diff += "\n"
    paths = diffs.named_paths(diff)
    base = repo.tree_of(tree_ish) if paths else ""
    if not paths or not base:
        return _apply_onto_full(repo, tree_ish, diff, three_way, zero_context)
    with _temp_index(repo) as env:
        index_info = b"".join(_ls_tree_line(e) for e in _entries_at(repo, base, sorted(paths)))
        u = repo.run("update-index", "-z", "--index-info", input=index_info, env=env, text=False, check=False)
        r = repo.run(*_apply_args(three_way, zero_context), "-", input=diff, env=env, check=False)
        w = repo.run("write-tree", env=env, check=False) if u.returncode == 0 and r.returncode == 0 else None
        if w is None or w.returncode != 0:
            return _apply_onto_full(repo, tree_ish, diff, three_way, zero_context)
        result = {e[3]: (e[0], e[2]) for e in _all_entries(repo, w.stdout.strip())}
    if not set(result) <= paths:
        return _apply_onto_full(repo, tree_ish, diff, three_way, zero_context)
    try:
        return _graft(repo, base, {p: result.get(p) for p in paths}), r.stderr or ""
    except _GraftConflict:
        return _apply_onto_full(repo, tree_ish, diff, three_way, zero_context)


def _apply_args(three_way: bool, zero_context: bool) -> list[str]:
    return ["apply", "--cached", "--whitespace=nowarn"] + (["--3way"] if three_way else []) \
        + (["--unidiff-zero"] if zero_context else [])


def _apply_onto_full(repo: Repo, tree_ish: str, diff: str, three_way: bool,
                     zero_context: bool = False) -> tuple[str | None, str]:
    """`_apply_onto` with the whole of TREE_ISH read into the temporary index: the way that always
    holds, for the cases the narrow way leaves to it."""
    with _temp_index(repo) as env:
        repo.run("read-tree", tree_ish, env=env)
        r = repo.run(*_apply_args(three_way, zero_context), "-", input=diff, env=env, check=False)
        if r.returncode != 0:
            return None, (r.stderr or "") + (r.stdout or "")
        w = repo.run("write-tree", env=env, check=False)
        if w.returncode != 0:
            return None, (r.stderr or "") + w.stderr
        return w.stdout.strip(), r.stderr or ""


def _replace_files(repo: Repo, tree: str, files: dict[str, str | None]) -> str:
    """TREE with FILES (path -> full content, None to delete) written in; returns the new tree.

    A replaced file keeps its mode (100755, 120000), a new one is 100644.  Only the directories along
    FILES' paths are read and written (`_graft`); when a file stands where a directory is needed (or a
    directory where a file is), `_replace_files_full` gives git's own answer."""
    old = {e[3]: e for e in _entries_at(repo, tree, sorted(files))}
    entries: dict[str, tuple[str, str] | None] = {}
    for path, content in sorted(files.items()):
        if content is None:
            entries[path] = None
            continue
        if path in old and old[path][1] != "blob":
            return _replace_files_full(repo, tree, files)
        blob = repo.out("hash-object", "-w", "--stdin", "--path", path, input=content).strip()
        entries[path] = (old[path][0] if path in old else "100644", blob)
    try:
        return _graft(repo, tree, entries)
    except _GraftConflict:
        return _replace_files_full(repo, tree, files)


def _replace_files_full(repo: Repo, tree: str, files: dict[str, str | None]) -> str:
    """`_replace_files` through a temporary index holding the whole of TREE."""
    with _temp_index(repo) as env:
        repo.run("read-tree", tree, env=env)
        for path, content in sorted(files.items()):
            if content is None:
                repo.run("update-index", "--force-remove", "--", path, env=env)
                continue
            blob = repo.out("hash-object", "-w", "--stdin", "--path", path, input=content).strip()
            ls = repo.out("ls-files", "-s", "--", path, env=env).split()
            mode = ls[0] if ls else "100644"
            repo.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=env)
        return repo.out("write-tree", env=env).strip()


# ---- trees written directory by directory ----

class _GraftConflict(Exception):
    """A file stands where a directory is needed, or a directory where a file is (or a name git would
    not store): the caller takes the whole-index way, which says what git says."""


_Entry = tuple[str, str, str, str]          # mode, type, sha, path (as `git ls-tree` gives them)
_CHUNK = 500                                # paths per `git ls-tree` call


def _entries(repo: Repo, tree_ish: str, paths: list[str]) -> list[_Entry]:
    """The entries of TREE_ISH, recursively: all of them, or those under PATHS (taken literally)."""
    out = b""
    for at in range(0, max(len(paths), 1), _CHUNK):
        some = paths[at:at + _CHUNK]
        out += repo.run("--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", "--end-of-options",
                        tree_ish, *(["--", *some] if some else []), text=False).stdout
    return _parse_ls_tree(out)


def _entries_at(repo: Repo, tree: str, paths: list[str]) -> list[_Entry]:
    """The entries of TREE (a tree's sha) at PATHS exactly (a file or a gitlink there; nothing for a
    directory or a missing path), as `_entries` lists them.  Read level by level through GitPython when
    it reads the repository and every path is one an index takes; otherwise `git ls-tree -r`."""
    if not repo.reads_objects() or not all(_storable(part) for p in paths for part in p.split("/")):
        wanted = set(paths)
        return [e for e in _entries(repo, tree, paths) if e[3] in wanted]
    levels: dict[str, dict[str, _Entry]] = {}
    out: list[_Entry] = []
    for path in paths:
        *dirs, name = path.split("/")
        at: str | None = tree
        for d in dirs:
            e = _level_of(repo, at, levels).get(d) if at else None
            at = e[2] if e is not None and e[1] == "tree" else None
        found = _level_of(repo, at, levels).get(name) if at else None
        if found is not None and found[1] != "tree":
            out.append((found[0], found[1], found[2], path))
    return out


def _level_of(repo: Repo, tree: str, levels: dict[str, dict[str, _Entry]]) -> dict[str, _Entry]:
    if tree not in levels:
        levels[tree] = _level(repo, tree)
    return levels[tree]


def _all_entries(repo: Repo, tree: str, prefix: str = "") -> list[_Entry]:
    """`_entries(repo, TREE, [])`: every file and gitlink of TREE, recursively, read through GitPython when
    it reads the repository."""
    if not repo.reads_objects():
        return _entries(repo, tree, [])
    out: list[_Entry] = []
    for mode, typ, sha, name in repo.tree_entries(tree):
        if typ == "tree":
            out += _all_entries(repo, sha, prefix + name + "/")
        else:
            out.append((mode, typ, sha, prefix + name))
    return out


def _level(repo: Repo, tree: str) -> dict[str, _Entry]:
    """name -> entry of one directory level of TREE."""
    return {e[3]: e for e in repo.tree_entries(tree)}


def _parse_ls_tree(out: bytes) -> list[_Entry]:
    entries: list[_Entry] = []
    for record in out.split(b"\0"):
        if record:
            head, _, name = record.partition(b"\t")
            mode, typ, sha = head.decode().split(" ")
            entries.append((mode, typ, sha, os.fsdecode(name)))
    return entries


def _ls_tree_line(e: _Entry) -> bytes:
    return f"{e[0]} {e[1]} {e[2]}\t".encode() + os.fsencode(e[3]) + b"\0"


def _storable(name: str) -> bool:
    """NAME is a file or directory name an index takes (not empty, ".", "..", ".git", nor with a "/")."""
    return name not in ("", ".", "..") and name.lower() != ".git" and "/" not in name


def _type(mode: str) -> str:
    return {"040000": "tree", "40000": "tree", "160000": "commit"}.get(mode, "blob")


def _graft(repo: Repo, tree: str, entries: dict[str, tuple[str, str] | None]) -> str:
    """TREE with ENTRIES (path -> (mode, blob), or None to delete it) written in: the new tree's id.

    Only the directories along ENTRIES' paths are read (`git ls-tree` of one level) and written
    (`git mktree`, bottom-up); a directory left empty disappears, as it would from an index.  Raises
    _GraftConflict when a path needs a directory where the tree has a file or the reverse (deleting
    a directory by its name included), or has a component git would not store."""
    for path in entries:
        if not all(_storable(part) for part in path.split("/")):
            raise _GraftConflict(path)
    return _graft_level(repo, tree, entries) or repo.run("mktree", "-z", input=b"", text=False).stdout.decode().strip()


def _graft_level(repo: Repo, tree: str | None, entries: dict[str, tuple[str, str] | None]) -> str | None:
    """The tree TREE (None: an empty one) with ENTRIES (relative to it) written in; None when empty."""
    old = _level(repo, tree) if tree else {}
    if not all(_storable(name) for name in old):        # a tree no index would take (a crafted bundle)
        raise _GraftConflict(tree or "")
    new = dict(old)
    files: dict[str, tuple[str, str] | None] = {}
    below: dict[str, dict[str, tuple[str, str] | None]] = {}
    for path, entry in entries.items():
        head, sep, rest = path.partition("/")
        if sep:
            below.setdefault(head, {})[rest] = entry
        else:
            files[head] = entry
    for name, entry in files.items():
        was = new.get(name)
        if (was is not None and was[1] == "tree") or (entry is not None and name in below):
            raise _GraftConflict(name)
        if entry is None:
            new.pop(name, None)
        else:
            new[name] = (entry[0], _type(entry[0]), entry[1], name)
    for name, sub in below.items():
        was = new.get(name)
        if was is not None and was[1] != "tree":
            raise _GraftConflict(name)
        subtree = _graft_level(repo, was[2] if was else None, sub)
        if subtree is None:
            new.pop(name, None)
        else:
            new[name] = ("040000", "tree", subtree, name)
    if not new:
        return None
    if new == old and tree:
        return tree
    return repo.run("mktree", "-z", input=b"".join(_ls_tree_line(e) for e in new.values()),
                    text=False).stdout.decode().strip()


def _diff(repo: Repo, a: str, b: str) -> str:
    return repo.out("diff-tree", "-p", "--binary", "--full-index", "-M", a, b)


# ---- public API ----

def apply_mails(repo: Repo, series: Series, base: str, committer: Ident | None = None) -> Series:
    """The vN patch mails of SERIES turned into commits on BASE, like ``git am`` but without a checkout.

    Each PatchMail's ``diff`` is applied (``git apply --cached`` on a temporary index),
    committed with its ``message``, ``author`` and date (``PatchMail.date`` when the model
    has it; otherwise the commit date is now), and COMMITTER (default: the patch's author).
    Returns the series with ``commit`` filled in and ``base`` set; raises SeriesError naming
    the patch and file when one does not apply, or the patch whose mail names no author.
    """
    base_sha = repo.try_rev(base)
    if not base_sha:
        raise SeriesError(f"--base {base!r} does not resolve in {repo.path}")
    total = len(series.patches)
    parent = base_sha
    for p in series.patches:
        if not p.diff.strip():
            raise SeriesError(f"patch {p.number}/{total} ({p.subject.title}) has no diff in the thread")
        tree, err = _apply_onto(repo, parent, p.diff, three_way=False)
        if tree is None:
            files = _conflict_paths(err)
            raise SeriesError(f"patch {p.number}/{total} ({p.subject.title}) does not apply on {base}: "
                              f"{', '.join(files) or err.strip().splitlines()[-1] if err.strip() else 'unknown'}")
        date = _git_date(getattr(p, "date", None)) or _git_date(datetime.now().astimezone())
        if not p.author.email and committer is None:
            raise SeriesError(f"patch {p.number}/{total} ({p.subject.title}): its mail names no author "
                              f"address, so it cannot be committed; give a committer (RESPIN_COMMITTER or "
                              f"--committer 'Name <address>') to use as its author")
        by = committer or Ident(p.author.name or p.author.email, p.author.email)
        author = (p.author.name or by.name, p.author.email or by.email, date)
        message = _mail_message(p)
        p.commit = _commit_tree(repo, tree, parent, message, author, (by.name, by.email, date))
        parent = p.commit
    series.base = base_sha
    return series


def _mail_message(p: PatchMail) -> str:
    """The commit message of a patch mail: the subject's title, a blank line, the body."""
    body = p.message.strip("\n")
    title = " ".join(p.subject.title.split())
    if not body:
        return title + "\n"
    first = body.split("\n", 1)[0].strip()
    if title and first != title:
        body = f"{title}\n\n{body}"
    return body + "\n"


def rebuild(repo: Repo, series: Series, changes: dict[int, dict[str, str]], messages: dict[int, str],
            committer_date: datetime | str | None = None, committer: Ident | None = None) -> list[str]:
    """New commit shas, one per patch of SERIES in order.

    Patch N gets its files replaced by ``changes[N]`` (path -> full new content, on top of
    that patch's own commit as carried; when it gives every file the patch touches, on top of the new
    parent, nothing being left to carry) and its message replaced by ``messages[N]``.  Later
    commits are carried across like a rebase: each one's diff is applied 3-way onto the new
    parent; a conflict raises ``ConflictError`` ("patch 3/3 (<subject>) does not apply after
    the edits: conflict in mm/rmap.c").  A patch that is neither edited nor moved keeps its
    sha (as ``git rebase`` fast-forwards it).  Authors (name, e-mail, date) are kept; the
    committer is COMMITTER or else the commit's author (never the machine's git identity), and
    the committer date is COMMITTER_DATE or else the original commit's (so that runs are
    reproducible).
    Nothing is written but objects.
    """
    total = len(series.patches)
    if not series.patches:
        return []
    first = series.patches[0].commit
    if not first:
        raise SeriesError("the series has no commits (apply the mails first)")
    parent = series.base or repo.rev(first + "^")
    new: list[str] = []
    for p in series.patches:
        if not p.commit:
            raise SeriesError(f"patch {p.number}/{total} ({p.subject.title}) has no commit in the tree")
        f = _commit_fields(repo, p.commit)
        orig_parent = f["parents"].split()[0] if f["parents"] else ""
        edit = changes.get(p.number) or {}
        message = messages.get(p.number)
        if message is not None:
            message = message.rstrip("\n") + "\n"
        if parent == orig_parent and not edit and (message is None or message == f["message"]):
            new.append(p.commit)
            parent = p.commit
            continue
        tree = f["tree"]
        if parent != orig_parent and edit and set(_touched(repo, orig_parent, p.commit)) <= set(edit):
            # the edit gives every file the patch touches whole, the earlier patches' edits merged in
            # (app/respin.py): nothing is left to carry
            tree = _commit_fields(repo, parent)["tree"]
        elif parent != orig_parent:
            carried, err = _apply_onto(repo, parent, _diff(repo, orig_parent, p.commit), three_way=True)
            if carried is None:
                carried = _replay_edits(repo, orig_parent, parent, p.commit)
            if carried is None:
                raise ConflictError(p.number, total, p.subject.title,
                                    _conflict_paths(err) or _touched(repo, orig_parent, p.commit))
            tree = carried
        if edit:
            tree = _replace_files(repo, tree, dict(edit))
        author = (f.get("author_name", ""), f.get("author_email", ""), "@" + f.get("author_date", ""))
        if not author[1] and committer is None:
            raise SeriesError(f"patch {p.number}/{total} ({p.subject.title}): its commit names no author "
                              f"address; give a committer (RESPIN_COMMITTER or --committer 'Name <address>')")
        name, email = (committer.name, committer.email) if committer else author[:2]
        cdate = _git_date(committer_date) or "@" + f.get("committer_date", f.get("author_date", ""))
        sha = _commit_tree(repo, tree, parent, message if message is not None else f["message"], author,
                           (name, email, cdate))
        new.append(sha)
        parent = sha
    return new


def leave_out(repo: Repo, series: Series, new: list[str], drop: set[int]) -> list[str]:
    """NEW (one commit per patch of SERIES, as ``rebuild`` made them) without the patches numbered DROP:
    the commits after a dropped one carried across like ``git rebase --onto`` (each one's diff applied
    3-way onto the commit before it; tree, author, committer and message otherwise its own).  Returns one
    sha per patch kept, in order; ConflictError names the first later patch that does not apply without
    the dropped ones.  Nothing is written but objects."""
    total = len(series.patches)
    kept: list[str] = []
    parent = ""
    for i, (p, sha) in enumerate(zip(series.patches, new, strict=True)):
        f = _commit_fields(repo, sha)
        orig_parent = f["parents"].split()[0] if f["parents"] else ""
        if i == 0:
            parent = orig_parent
        if p.number in drop:
            continue
        if parent == orig_parent:
            kept.append(sha)
            parent = sha
            continue
        carried, err = _apply_onto(repo, parent, _diff(repo, orig_parent, sha), three_way=True)
        if carried is None:
            raise ConflictError(p.number, total, p.subject.title,
                                _conflict_paths(err) or _touched(repo, orig_parent, sha))
        parent = _commit_tree(repo, carried, parent, f["message"],
                              (f.get("author_name", ""), f.get("author_email", ""), "@" + f.get("author_date", "")),
                              (f.get("committer_name", ""), f.get("committer_email", ""),
                               "@" + f.get("committer_date", "")))
        kept.append(parent)
    return kept


def _defined_in(repo: Repo, rev: str, paths: list[str]) -> set[str]:
    return {name for path in paths for name in defined(repo.try_show_file(rev, path) or "")}


def still_used(repo: Repo, series: Series, new: list[str], kept: list[str], drop: set[int]) -> \
        tuple[int, list[str]] | None:
    """The first patch kept after a dropped one (KEPT, as ``leave_out`` made them from NEW) whose added
    lines use a function, macro or struct tag that only a dropped patch defined and nothing kept defines,
    with those names: the patch applies without the dropped one but no longer builds.  None otherwise."""
    gone: set[str] = set()
    paths: set[str] = set()
    for p, sha in zip(series.patches, new, strict=True):
        if p.number in drop:
            parent = _commit_fields(repo, sha)["parents"].split()[0]
            files = _touched(repo, parent, sha)
            paths.update(files)
            gone |= _defined_in(repo, sha, files) - _defined_in(repo, parent, files)
    later = [p for p in series.patches if p.number not in drop and p.number > min(drop, default=0)]
    for p, sha in zip(later, kept[len(kept) - len(later):], strict=True):
        parent = _commit_fields(repo, sha)["parents"].split()[0]
        used = gone & _names(diffs.added(_diff(repo, parent, sha)))
        missing = used - _defined_in(repo, sha, sorted(paths | set(_touched(repo, parent, sha))))
        if missing:
            return p.number, sorted(missing)
    return None


def emptied(repo: Repo, series: Series, new: list[str]) -> list[int]:
    """The numbers of the patches whose rebuilt commit (NEW, one per patch) changes nothing while the
    posted one changed something: every change it made was dropped on request."""
    out = []
    for p, sha in zip(series.patches, new, strict=True):
        if sha == p.commit or not p.commit:
            continue
        f, was = _commit_fields(repo, sha), _commit_fields(repo, p.commit)
        if f["parents"] and was["parents"] and \
                f["tree"] == _commit_fields(repo, f["parents"].split()[0])["tree"] and \
                was["tree"] != _commit_fields(repo, was["parents"].split()[0])["tree"]:
            out.append(p.number)
    return out


def _changed_lines(repo: Repo, a: str, b: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """The removed and added lines between trees A and B, per file, without positions."""
    return diffs.changes(repo.out("diff-tree", "-p", "-U0", "--no-renames", a, b))


def _names(lines: list[str]) -> set[str]:
    """The identifiers on LINES."""
    return {name for line in lines for name in re.findall(r"[A-Za-z_]\w*", line)}


def _replay_edits(repo: Repo, orig_parent: str, new_parent: str, commit: str) -> str | None:
    """The tree of COMMIT with the edits that turned ORIG_PARENT into NEW_PARENT made on it too.

    The other way round from carrying COMMIT's diff onto NEW_PARENT, for when git's 3-way merge
    calls edits on lines next to each other a conflict: the edits (hunks without context) are
    applied on COMMIT's tree, and the result is kept only if COMMIT still changes exactly the lines
    it changed before (its diff from NEW_PARENT has the same removed and added lines as its diff
    from ORIG_PARENT), and if none of the names the edits took away appears in the lines COMMIT
    adds (a comment that documents a function the edits renamed is a real conflict; a name the
    edits took off a line but that the function, or the file outside functions, still holds is
    not taken away)."""
    edits = repo.out("diff-tree", "-p", "-U0", "--no-renames", "--full-index", orig_parent, new_parent)
    gone = _gone(repo, orig_parent, new_parent, edits)
    if gone & _names(diffs.added(repo.out("diff-tree", "-p", "-U0", "--no-renames", orig_parent, commit))):
        return None
    tree, _ = _apply_onto(repo, commit, edits, three_way=False, zero_context=True)
    if tree is None:
        return None
    if _changed_lines(repo, new_parent, tree) != _changed_lines(repo, orig_parent, commit):
        return None
    return tree


def _gone(repo: Repo, orig_parent: str, new_parent: str, edits: str) -> set[str]:
    """The names EDITS (the -U0 diff from ORIG_PARENT to NEW_PARENT) take away: those of a removed line
    that no added line has and that the line's function as NEW_PARENT has it (the whole file, for a line
    outside functions or of a function gone) no longer holds."""
    added = _names(diffs.added(edits))
    out: set[str] = set()
    for pf in diffs.parse(edits):
        path = pf.path
        old, new = repo.try_show_file(orig_parent, path) or "", repo.try_show_file(new_parent, path) or ""
        for line in (ln for hunk in pf for ln in hunk if ln.is_removed):
            f = function_at(old, line.source_line_no or 0)
            g = function_named(new, f.name) if f is not None else None
            scope = "\n".join(new.splitlines()[g.start - 1:g.end]) if g is not None else new
            out |= _names([line.value]) - added - _names([scope])
    return out


def _touched(repo: Repo, a: str, b: str) -> list[str]:
    return repo.out("diff-tree", "--name-only", "-r", a, b).split()


def next_version(series: Series) -> int:
    """v4 -> 5; a series without a version (v1) -> 2."""
    return max(series.version, 1) + 1


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9._]+", "-", text).strip("-.").lower()
    return s[:52].rstrip("-.") or "series"


def branch_name(repo: Repo, series: Series, version: int | None = None) -> str:
    """The new branch's name.

    ``<branch>-v<N+1>`` when the series tip is a branch (a trailing ``-vN`` of that branch
    is replaced: hugetlb-v4 -> hugetlb-v5); otherwise ``respin/<slug>-v<N+1>`` where the
    slug is made of the cover letter's title (or the first patch's).
    """
    v = version or next_version(series)
    if series.branch:
        stem = re.sub(r"-v\d+$", "", series.branch)
        return f"{stem}-v{v}"
    title = series.cover.subject.title if series.cover else (
        series.patches[0].subject.title if series.patches else "series")
    return f"respin/{_slug(title)}-v{v}"


def check_branch(repo: Repo, name: str, force: bool = False) -> str:
    """The full ref of branch NAME if create_branch can make it; SeriesError (one line) when NAME is not a
    valid branch name, exists without FORCE, or is the branch checked out in the working tree."""
    ref = f"refs/heads/{name}"
    if not name or name.startswith("-") or repo.run("check-ref-format", ref, check=False).returncode != 0:
        raise SeriesError(f"{name!r} is not a valid branch name")
    old = repo.ref(ref)
    if old and not force:
        raise SeriesError(f"branch {name} already exists (use --force to overwrite it)")
    if old:
        if repo.head_ref() == ref and not repo.is_bare():
            raise SeriesError(f"branch {name} is checked out; respin does not move a checked-out branch")
    return ref


def create_branch(repo: Repo, name: str, sha: str, force: bool = False, committer: Ident | None = None) -> str:
    """Create branch NAME at SHA (``update-ref``); returns the full ref.

    Refuses an existing branch unless FORCE, and never moves the branch checked out in a
    working tree (that would leave its files out of step).  The reflog entry (when the repository
    keeps one) names COMMITTER.
    """
    ref = check_branch(repo, name, force)
    old = repo.ref(ref)
    try:
        repo.run("update-ref", "-m", "respin: new version of the series", ref, sha, old or "0" * 40,
                 env=committer.env("COMMITTER") if committer else None)
    except GitError as e:
        raise SeriesError(f"cannot create branch {name}: {e}") from e
    return ref
