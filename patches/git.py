"""The one place respin runs git.

Reads of the object database and the refs (a commit a name points at, a file at a commit, a commit's
header and message, the branches) go through GitPython: no process per read.  Everything that writes or
that git's own machinery does best (format-patch, send-email, apply on a temporary index, commit-tree,
update-ref, bundles, log walks, diffs) runs the git command line through `Repo.run`: argument lists
only (never a shell string), a timeout on every call, and errors that name the command.  Nothing here
touches a working tree or the index of the user's repository (index work uses a temporary
GIT_INDEX_FILE), and nothing runs a hook or a program the repository's configuration names.
"""
from __future__ import annotations

import locale
import os
import re
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import git as gitpython         # GIT_PYTHON_REFRESH: see patches/__init__.py
from git.objects import Blob, Commit, TagObject
from git.refs.symbolic import SymbolicReference
from git.exc import BadName, BadObject

TIMEOUT = 120
# never refresh the user's index; never let refs/replace/* (which a bundle could bring) swap objects
_ENV = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_REPLACE_OBJECTS": "1"}


class GitError(RuntimeError):
    """A git command failed; the message names it and carries git's own words."""


@dataclass(frozen=True)
class Repo:
    """A git repository: reads (refs, commits, blobs) through GitPython, everything else through `run`."""
    path: Path

    def run(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = TIMEOUT, check: bool = True, text: bool = True) -> subprocess.CompletedProcess:
        cmd = ["git", "-C", str(self.path), *args]
        full_env = {**os.environ, **_ENV, **(env or {})}
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

    def diff_tree_each(self, commits: list[str], *args: str) -> list[str]:
        """For each commit C of COMMITS, what `git diff-tree ARGS C^ C` prints, in one git process when
        that gives the very same texts: every C a full sha of a commit with exactly one parent, in a
        repository GitPython reads as git does (no grafts, no shallow history: C^ is the parent the
        commit names); otherwise (or when `_diff_tree_stdin` cannot tell the commits apart) one process
        a commit, with the errors those give."""
        one = all(_HEX40.fullmatch(c) and self._parent_count(c) == 1 for c in commits)
        got = self._diff_tree_stdin(commits, args) if one else None
        return got if got is not None else [self.out("diff-tree", *args, f"{c}^", c) for c in commits]

    def diff_tree_commits(self, commits: list[str], *args: str) -> list[str]:
        """For each commit C of COMMITS (full shas), what `git diff-tree --no-commit-id ARGS C` prints (C
        against its parents), in one git process when `_diff_tree_stdin` can tell the commits apart."""
        got = self._diff_tree_stdin(commits, args) if all(_HEX40.fullmatch(c) for c in commits) else None
        return got if got is not None else [self.out("diff-tree", "--no-commit-id", *args, c) for c in commits]

    def _diff_tree_stdin(self, commits: list[str], args: tuple[str, ...]) -> list[str] | None:
        """`git diff-tree --stdin --always ARGS` on COMMITS (one a line): it prints each commit's sha on a
        line of its own, then what `diff-tree ARGS C` prints for it.  The texts by commit; None for fewer
        than two commits, a commit given twice, a failure, or a sha printed more than once (a file so
        named): the caller then asks git commit by commit."""
        if len(commits) < 2 or len(set(commits)) != len(commits):
            return None
        r = self.run("diff-tree", "--stdin", "--always", *args, input="".join(c + "\n" for c in commits),
                     check=False, timeout=TIMEOUT * len(commits))      # the time the calls one by one had
        lines = r.stdout.split("\n")
        shas = set(commits)
        heads = [i for i, ln in enumerate(lines) if ln in shas]
        if r.returncode != 0 or [lines[i] for i in heads] != commits or heads[0] != 0 or lines[-1]:
            return None
        ends = [*heads[1:], len(lines) - 1]       # git's output ends with a newline: split's last "" left out
        return ["".join(ln + "\n" for ln in lines[i + 1:end]) for i, end in zip(heads, ends, strict=True)]

    def _parent_count(self, sha: str) -> int:
        """How many parents the commit SHA names; -1 when GitPython does not read this repository."""
        if _objects(self).gp is None:
            return -1
        return len(commit_fields(self.commit_object(sha))["parents"].split())

    # ---- reads: GitPython, or the command line for what GitPython does not read as git does ----

    def rev(self, rev: str) -> str:
        """The full sha of the commit REV names, or GitError."""
        sha = self.try_rev(rev)
        if not sha:
            raise GitError(f"git rev-parse {rev} failed: not a commit")
        return sha

    def try_rev(self, rev: str) -> str:
        """The full sha of the commit REV names; "" when it names none."""
        sha = _objects(self).commit(rev)
        if sha is not _UNREAD:
            return sha
        r = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}", check=False)
        return r.stdout.strip() if r.returncode == 0 else ""

    def ref(self, ref: str) -> str:
        """The sha the ref REF (refs/heads/x) points at, not peeled; "" when there is no such ref."""
        sha = _objects(self).ref(ref)
        if sha is not _UNREAD:
            return sha
        r = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref, check=False)
        return r.stdout.strip() if r.returncode == 0 else ""

    def branches(self) -> list[str]:
        """The full names of the local branches (refs/heads/...), in git's order."""
        names = _objects(self).branches()
        if names is not _UNREAD:
            return names
        return [h for h in self.out("for-each-ref", "--format=%(refname)", "refs/heads").split("\n") if h]

    def head_ref(self) -> str:
        """The branch HEAD is on (refs/heads/x); "" when HEAD is detached."""
        ref = _objects(self).head_ref()
        if ref is not _UNREAD:
            return ref
        return self.run("symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()

    def is_bare(self) -> bool:
        bare = _objects(self).bare()
        if bare is not _UNREAD:
            return bare
        return self.out("rev-parse", "--is-bare-repository").strip() == "true"

    def try_read_blob(self, rev: str, path: str) -> bytes | None:
        """The bytes of PATH in the commit REV; None when REV is no commit or has no file PATH."""
        sha = self.try_rev(rev)
        if not sha:
            return None
        data = _objects(self).blob(sha, path)
        if data is not _UNREAD:
            return data
        r = self.run("cat-file", "blob", "--end-of-options", f"{sha}:{path}", check=False, text=False)
        return r.stdout if r.returncode == 0 else None

    def try_show_small_file(self, rev: str, path: str, limit: int) -> str | None:
        """The text of PATH in the commit REV when it holds at most LIMIT bytes; None when there is no such
        file or it is larger (its size is asked first: a large file is never read)."""
        sha = self.try_rev(rev)
        if not sha:
            return None
        size = _objects(self).blob_size(sha, path)
        if size is _UNREAD:
            r = self.run("cat-file", "-s", "--end-of-options", f"{sha}:{path}", check=False)
            size = int(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip().isdigit() else None
        if size is None or size > limit:
            return None
        return self.try_show_file(sha, path)

    def try_show_file(self, rev: str, path: str) -> str | None:
        """The text of PATH in the commit REV (as `git show REV:PATH` gives it); None when there is none."""
        data = self.try_read_blob(rev, path)
        return None if data is None else _text(data)

    def commit_object(self, rev: str) -> str:
        """The commit REV as stored (`git cat-file commit`): its header lines, a blank line, the message."""
        sha = self.try_rev(rev)
        data = _objects(self).commit_data(sha) if sha else None
        if data is _UNREAD:
            data = self.run("cat-file", "commit", sha, text=False).stdout
        if data is None:
            raise GitError(f"git cat-file commit {rev} failed: not a commit")
        return _text(data)

    def reads_objects(self) -> bool:
        """Whether object reads (tree_entries of a full sha) go through GitPython, no process each."""
        return _objects(self).gp is not None

    def tree_entries(self, sha: str) -> list[tuple[str, str, str, str]]:
        """The entries of the tree SHA, one level, as `git ls-tree -z SHA` gives them: (mode, type, sha,
        name), modes as git prints them (canonical, six digits).  Read through GitPython when SHA is a
        full sha; GitError when it is no tree."""
        data = _objects(self).tree_data(sha) if _HEX40.fullmatch(sha) else _UNREAD
        if data is None:
            raise GitError(f"git ls-tree {sha} failed: not a tree")
        if data is _UNREAD:
            out = self.run("ls-tree", "-z", "--end-of-options", sha, text=False).stdout
            return [_ls_tree_entry(rec) for rec in out.split(b"\0") if rec]
        return _tree_entries(data)

    def tree_of(self, rev: str) -> str:
        """The sha of the tree of the commit REV names; "" when it names none."""
        sha = self.try_rev(rev)
        return commit_fields(self.commit_object(sha)).get("tree", "") if sha else ""

    def author(self, rev: str) -> tuple[str, str]:
        """(name, email) of the author of the commit REV, as the commit states them."""
        fields = commit_fields(self.commit_object(rev))
        return fields.get("author_name", ""), fields.get("author_email", "")

    def author_date(self, rev: str) -> datetime:
        """When the commit REV was written, in its author's time zone."""
        secs, _, tz = commit_fields(self.commit_object(rev)).get("author_date", "0 +0000").partition(" ")
        offset = int(tz[1:3]) * 3600 + int(tz[3:5]) * 60
        return datetime.fromtimestamp(int(secs), timezone(timedelta(seconds=-offset if tz[0] == "-" else offset)))


def commit_fields(raw: str) -> dict[str, str]:
    """tree, parents, author/committer (name, email, raw date), encoding and the raw message of a commit
    object's text (`Repo.commit_object`)."""
    head, _, message = raw.partition("\n\n")
    f: dict[str, str] = {"message": message, "parents": ""}
    for line in head.split("\n"):
        key, _, val = line.partition(" ")
        if key == "tree":
            f["tree"] = val
        elif key == "parent":
            f["parents"] = (f["parents"] + " " + val).strip()
        elif key in ("author", "committer"):
            m = re.match(r"^(.*?) <(.*)> (\d+ [+-]\d{4})$", val)
            if m:
                f[key + "_name"], f[key + "_email"], f[key + "_date"] = m.group(1), m.group(2), m.group(3)
        elif key == "encoding":
            f["encoding"] = val
    return f


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
    r = Repo(p).run("rev-parse", "--git-dir", check=False, timeout=30)     # GitError when git is missing
    if r.returncode != 0:
        raise GitError(f"tree {p} is not a git repository")
    return Repo(p.resolve())


# ---- the GitPython side ----

def _text(data: bytes) -> str:
    """DATA as `subprocess.run(text=True)` decodes git's output (the locale's encoding, universal newlines),
    so that a read through GitPython gives callers the very text the command line gave them."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


_UNREAD: Any = object()        # "GitPython cannot answer this one: ask the command line"


def _ls_tree_entry(record: bytes) -> tuple[str, str, str, str]:
    """One `git ls-tree -z` record: (mode, type, sha, name)."""
    head, _, name = record.partition(b"\t")
    mode, typ, sha = head.decode().split(" ")
    return mode, typ, sha, os.fsdecode(name)


def _canonical_mode(mode: int) -> str:
    """MODE as git prints a tree entry's mode (tree-walk's canon_mode): a directory, a symlink, a gitlink,
    else a file, executable when its owner may run it."""
    kind = mode & 0o170000
    if kind == 0o040000:
        return "040000"
    if kind == 0o120000:
        return "120000"
    if kind == 0o160000:
        return "160000"
    return "100755" if mode & 0o100 else "100644"


_KINDS = {"040000": "tree", "160000": "commit"}


def _tree_entries(data: bytes) -> list[tuple[str, str, str, str]]:
    """The entries of a stored tree object (`<octal mode> <name>NUL<20-byte sha>` each), as ls-tree gives
    them."""
    out = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = _canonical_mode(int(data[at:space], 8))
        out.append((mode, _KINDS.get(mode, "blob"), data[nul + 1:nul + 21].hex(), os.fsdecode(data[space + 1:nul])))
        at = nul + 21
    return out

# A revision GitPython resolves exactly as git does: a full sha or a ref name (git's rules: no "..", no
# "@{", no component starting with "." or ending with ".lock"), then ~N / ^N steps.  Everything else
# (short shas, "@{u}", ":/text", "HEAD@{1}", describe names) goes to `git rev-parse`.
_REV = re.compile(r"(?P<name>[A-Za-z0-9_][A-Za-z0-9_./+-]*)(?P<steps>(?:[~^][0-9]{0,4})*)")
_STEP = re.compile(r"([~^])([0-9]*)")
_HEX40 = re.compile(r"[0-9a-f]{40}")
_SHORT_HEX = re.compile(r"[0-9a-fA-F]{4,39}")
_ROOT_REF = re.compile(r"[A-Z_]+")          # HEAD, FETCH_HEAD: the only names git looks up outside refs/
_RULES = ("refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD")
# repository formats GitPython does not read (sha256 objects, the reftable ref store)
_UNREADABLE = ("objectformat", "refstorage", "compatobjectformat")
_MISSING = (BadName, BadObject, ValueError, KeyError, IndexError)
_FOUND_MAX = 4096     # paths looked up in commits' trees, remembered per repository


def _ref_name_ok(name: str) -> bool:
    return ".." not in name and "//" not in name and not name.endswith((".", "/")) and \
        not any(p.startswith(".") or p.endswith(".lock") for p in name.split("/"))


class _Objects:
    """One repository opened with GitPython, or gp None when GitPython cannot read it as git does (then
    every read goes to the command line).  Object reads go through the `git cat-file --batch` processes
    GitPython keeps running: they print stored objects and nothing else (no hook, no filter, no textconv),
    in the same environment as `Repo.run`.  Those processes serve one request at a time: every use of
    gp (a Commit's attributes load lazily through them too) holds the lock."""

    def __init__(self, path: Path):
        self.lock = threading.Lock()
        self.gp: gitpython.Repo | None = None
        self.common: Path | None = None
        self.identity: tuple[int, int, int] | None = None
        self.found: dict[tuple[str, str], bytes | None] = {}    # (commit sha, path) -> the blob's sha or None
        try:
            gp = gitpython.Repo(path, search_parent_directories=True)
        except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
            return
        gp.git.update_environment(**_ENV)
        self.common = Path(gp.common_dir)
        self.identity = self._identity()
        with gp.config_reader("repository") as cfg:
            extensions = cfg.options("extensions") if cfg.has_section("extensions") else []
        if self.identity is None or any(e.lower() in _UNREADABLE for e in extensions):
            gp.close()
            return
        self.gp = gp

    def _identity(self) -> tuple[int, int, int] | None:
        """Which directory the repository is (device, inode, last change of its entries); None when it is
        gone or its history is shallow or grafted (parents that only git itself gets right)."""
        if self.common is None:
            return None
        try:
            st = self.common.stat()
        except OSError:
            return None
        if (self.common / "shallow").exists() or (self.common / "info" / "grafts").exists():
            return None
        return st.st_dev, st.st_ino, st.st_ctime_ns

    def current(self) -> bool:
        """Still the repository it was opened on (not removed and made anew at the same path, not made
        shallow since)."""
        return self.gp is not None and self._identity() == self.identity

    def close(self) -> None:
        with self.lock:
            if self.gp is not None:
                self.gp.close()
                self.gp = None

    def _named(self, gp: gitpython.Repo, name: str) -> Any:
        """The object NAME names (a full sha, or a ref in git's lookup order), None, or _UNREAD."""
        if _HEX40.fullmatch(name):
            return gitpython.Object.new_from_sha(gp, bytes.fromhex(name))
        if _SHORT_HEX.fullmatch(name) or not _ref_name_ok(name):
            return _UNREAD
        rules = (("%s",) if name.startswith("refs/") or _ROOT_REF.fullmatch(name) else ()) + _RULES
        for rule in rules:
            try:
                sha = SymbolicReference.dereference_recursive(gp, rule % name)
            except ValueError:
                continue
            return gitpython.Object.new_from_sha(gp, bytes.fromhex(sha))
        return None

    def _commit(self, gp: gitpython.Repo, rev: str) -> Any:
        m = _REV.fullmatch(rev)
        if not m:
            return _UNREAD
        obj = self._named(gp, m.group("name"))
        if obj is None or obj is _UNREAD:
            return obj
        while isinstance(obj, TagObject):
            obj = obj.object
        if not isinstance(obj, Commit):
            return None
        for op, n in _STEP.findall(m.group("steps")):
            count = int(n) if n else 1
            if op == "~":
                for _ in range(count):
                    obj = obj.parents[0]
            elif count:
                obj = obj.parents[count - 1]
        gp.odb.info(obj.binsha)         # a parent the repository does not hold is no commit
        return obj

    def commit(self, rev: str) -> Any:
        """The sha of the commit REV names, "" for none, or _UNREAD."""
        with self.lock:
            if self.gp is None:
                return _UNREAD
            try:
                c = self._commit(self.gp, rev)
            except _MISSING:
                return ""
            return c if c is _UNREAD else c.hexsha if c is not None else ""

    def _binsha(self, gp: gitpython.Repo, sha: str, path: str) -> bytes | None:
        """The object id of PATH in the commit SHA, None when it has no such file (caller holds the lock)."""
        if (sha, path) not in self.found:     # a commit's tree never changes: walk it once per path
            if len(self.found) >= _FOUND_MAX:
                self.found.clear()
            obj = gp.commit(sha).tree / path
            self.found[sha, path] = obj.binsha if isinstance(obj, Blob) else None
        return self.found[sha, path]

    def _of_blob(self, sha: str, path: str, get: Callable[[Any, bytes], Any]) -> Any:
        """GET(object database, binsha) of PATH's blob in the commit SHA (a full sha); None when it has no
        such file; _UNREAD when the repository cannot be read here."""
        with self.lock:
            if self.gp is None:
                return _UNREAD
            try:
                binsha = self._binsha(self.gp, sha, path)
                return None if binsha is None else get(self.gp.odb, binsha)
            except _MISSING:
                return None

    def blob(self, sha: str, path: str) -> Any:
        """PATH's bytes in the commit SHA (a full sha); None when it has no such file; _UNREAD."""
        return self._of_blob(sha, path, lambda odb, binsha: odb.stream(binsha).read())

    def blob_size(self, sha: str, path: str) -> Any:
        """The size in bytes of PATH in the commit SHA (a full sha); None when it has no such file; _UNREAD."""
        return self._of_blob(sha, path, lambda odb, binsha: int(odb.info(binsha).size))

    def tree_data(self, sha: str) -> Any:
        """The stored bytes of the tree object SHA (a full sha); None when SHA is no tree; _UNREAD."""
        with self.lock:
            if self.gp is None:
                return _UNREAD
            try:
                stream = self.gp.odb.stream(bytes.fromhex(sha))
                data = stream.read()        # read whole either way: the cat-file process serves the next read
            except _MISSING:
                return None
            return data if stream.type == b"tree" else None

    def commit_data(self, sha: str) -> Any:
        with self.lock:
            if self.gp is None:
                return _UNREAD
            try:
                return self.gp.commit(sha).data_stream.read()
            except _MISSING:
                return None

    def ref(self, ref: str) -> Any:
        with self.lock:
            if self.gp is None or not ref.startswith("refs/") or not _ref_name_ok(ref):
                return _UNREAD
            try:
                return SymbolicReference.dereference_recursive(self.gp, ref)
            except ValueError:
                return ""

    def branches(self) -> Any:
        with self.lock:
            if self.gp is None:
                return _UNREAD
            return sorted((h.path for h in self.gp.heads), key=lambda n: n.encode())

    def head_ref(self) -> Any:
        with self.lock:
            if self.gp is None:
                return _UNREAD
            head = self.gp.head
            return "" if head.is_detached else head.reference.path

    def bare(self) -> Any:
        with self.lock:
            return _UNREAD if self.gp is None else self.gp.bare


_OPEN: OrderedDict[Path, _Objects] = OrderedDict()
_OPEN_LOCK = threading.Lock()
_KEEP = 8           # repositories kept open (each has up to two cat-file processes)


def _objects(repo: Repo) -> _Objects:
    """REPO opened with GitPython, kept open for the next reads (the least recently used one is closed)."""
    with _OPEN_LOCK:
        objs = _OPEN.get(repo.path)
        if objs is None or not objs.current():
            if objs is not None:
                objs.close()
            objs = _OPEN[repo.path] = _Objects(repo.path)
            while len(_OPEN) > _KEEP:
                _OPEN.popitem(last=False)[1].close()
        _OPEN.move_to_end(repo.path)
        return objs
