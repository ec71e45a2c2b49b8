"""Tree-wide propagation: one rule over every C file of a tree commit, without a checkout.

spatch's own narrowing (``--use-gitgrep``, ``--use-idutils``) asks for the tokens a file must hold
for the rule to *match*.  A rule whose removed code sits inside ``<... ...>`` (zero or more times)
matches every function, so spatch has no query and parses the whole tree.  What propagation
needs is weaker: the files the rule can *change*.  A change removes code a ``-`` line describes,
so the file holds every literal identifier of at least one ``-`` line (``query``).  The files
holding them come from ``git grep -l -w`` on the tree object (no checkout), one search per
identifier, cached per tree under a cache directory (``Index``); the rule then runs with spatch on
those files only, read as blobs into a scratch directory (``run``).

A rule where that reasoning does not hold (code added next to context only, no ``-`` line) gets no
query: every C file of the tree is a candidate, as without the prefilter.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cocci import spatch
from cocci.combine import SmplRule, split
from patches.ctext import COMPILER_KEYWORDS, KEYWORDS
from patches.git import GitError, Repo

C_FILES = ("*.c", "*.h")
C_SUFFIXES = (".c", ".h")

# words a rule's `-` line may hold that match other code through spatch's standard isomorphisms
# (X == NULL <=> !X, unlikely(E) <=> likely(E) => E); standard.iso's words are added when it is found
ISO_WORDS = frozenset({"NULL", "likely", "unlikely", "__predict_true", "__predict_false"})
ISO_FILES = (Path("/usr/lib/coccinelle/standard.iso"), Path("/usr/local/lib/coccinelle/standard.iso"))

SMPL_WORDS = frozenset("""when any exists forall strict expression identifier statement type typedef
declarer iterator field fresh constant idexpression local global position symbol format binary operator
assignment parameter list""".split())

_WORD = re.compile(r"[A-Za-z_]\w*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_COMMENT = re.compile(r"/\*.*?\*/|//.*$")


@dataclass(frozen=True)
class Query:
    """Which files the rule can change: those holding every word of at least one clause.
    ``clauses`` empty means no narrowing (every C file is a candidate)."""

    clauses: tuple[tuple[str, ...], ...] = ()
    why: str = ""              # when there is no narrowing: the reason

    @property
    def narrows(self) -> bool:
        return bool(self.clauses)

    @property
    def words(self) -> list[str]:
        return sorted({w for c in self.clauses for w in c})


def _clean(line: str) -> str:
    return _COMMENT.sub(" ", _STRING.sub(" ", line))


@functools.cache
def _iso_words() -> frozenset[str]:
    for path in ISO_FILES:
        if path.is_file():
            text = "\n".join(_clean(x) for x in path.read_text(errors="replace").splitlines())
            return ISO_WORDS | frozenset(_WORD.findall(text))
    return ISO_WORDS


def _line_words(line: str, skip: frozenset[str]) -> list[str]:
    return sorted({w for w in _WORD.findall(_clean(line)) if w not in skip})


def _rule_clauses(rule: SmplRule, skip: frozenset[str]) -> tuple[list[tuple[str, ...]], str]:
    """(clauses, "") for a rule that changes code only where a `-` line matched; ([], "") for a rule that
    changes nothing; ([], reason) when the rule can change a file through none of its `-` lines."""
    minus = [i for i, ln in enumerate(rule.body) if ln.startswith(("-", "*"))]
    plus = [i for i, ln in enumerate(rule.body) if ln.startswith("+")]
    if not minus and not plus:
        return [], ""
    if not minus:
        return [], "the rule adds code next to context only (no `-` line)"
    minus_set = set(minus)
    for i in plus:
        # a block of `+` lines is a replacement when a `-` line is next to it (blank lines aside)
        j = i
        while j - 1 >= 0 and (rule.body[j - 1].startswith("+") or not rule.body[j - 1].strip()):
            j -= 1
        k = i
        while k + 1 < len(rule.body) and (rule.body[k + 1].startswith("+") or not rule.body[k + 1].strip()):
            k += 1
        if j - 1 not in minus_set and k + 1 not in minus_set:
            return [], "the rule adds code next to context (a `+` line with no `-` line beside it)"
    clauses: list[tuple[str, ...]] = []
    for i in minus:
        text = rule.body[i][1:]
        words = _line_words(text.split(" when ")[0], skip)
        if not words:
            return [], f"a `-` line holds no literal name: {rule.body[i].strip()[:60]}"
        if re.search(r"\\\(|\\\||\\&|^\s*[|()]", text):
            clauses += [(w,) for w in words]       # a disjunction on the line: any of its names
        else:
            clauses.append(tuple(words))
    return clauses, ""


def query(text: str) -> Query:
    """The files the semantic patch TEXT can change (see the module's docstring)."""
    if re.search(r"^\s*using\s+\"", text, re.M) or re.search(r"^@[^@\n]*\busing\b[^@\n]*@", text, re.M):
        return Query((), "the rule brings isomorphisms of its own (using)")
    _, rules = split(text)
    clauses: list[tuple[str, ...]] = []
    base_skip = KEYWORDS | COMPILER_KEYWORDS | SMPL_WORDS | _iso_words()
    for rule in rules:
        if re.search(r"\b(script|initialize|finalize)\s*:", rule.head):
            continue
        # every name of the metavariable section (metavariables, their types, inherited rules) is not literal
        skip = base_skip | frozenset(_WORD.findall(" ".join(_clean(m) for m in rule.metavars)))
        got, why = _rule_clauses(rule, skip)
        if why:
            return Query((), why)
        clauses += got
    if not clauses:
        return Query((), "the rule changes no code")
    # a clause that holds another is implied by it: keep the smallest
    unique = sorted(set(clauses), key=lambda c: (len(c), c))
    kept: list[tuple[str, ...]] = []
    for c in unique:
        if not any(set(k) <= set(c) for k in kept):
            kept.append(c)
    return Query(tuple(kept))


# ---- the identifier index: which files of a tree hold a word ----

KEEP_TREES = 4          # tree ids whose lists stay cached; older ones go when a new one comes


class Index:
    """Per tree object id (a commit's tree: a moved branch gets a new one) and word: the C files holding
    the word, from `git grep -l -w` on the tree object.  Lists live under CACHE/<tree id>/; the cache keeps
    the KEEP_TREES most recently used trees."""

    def __init__(self, repo: Repo, cache: Path | None, grep_timeout: float = 600):
        self.repo = repo
        self.cache = cache
        self.grep_timeout = grep_timeout
        self.hits = 0
        self.misses = 0

    def all_files(self, tree: str) -> list[str]:
        out = self.repo.out("ls-tree", "-r", "-z", "--name-only", _sha(tree), timeout=self.grep_timeout)
        return sorted(p for p in out.split("\0") if p.endswith(C_SUFFIXES))

    def files_with(self, tree: str, word: str) -> set[str]:
        if not re.fullmatch(r"[A-Za-z_]\w*", word):
            raise ValueError(f"not an identifier: {word!r}")
        entry = self._entry(tree, word)
        if entry is not None and entry.is_file():
            self.hits += 1
            os.utime(entry.parent)
            return set(json.loads(entry.read_text()))
        self.misses += 1
        r = self.repo.run("grep", "-l", "-w", "-I", "--no-color", "-F", "-e", word, _sha(tree),
                          "--", *C_FILES, check=False, timeout=self.grep_timeout)
        if r.returncode not in (0, 1):
            raise GitError(f"git grep failed: {r.stderr.strip()}")
        prefix = tree + ":"
        files = sorted(p.removeprefix(prefix) for p in r.stdout.splitlines() if p)
        if entry is not None:
            self._store(entry, files)
        return set(files)

    def candidates(self, tree: str, q: Query) -> list[str]:
        """The C files of TREE that hold every word of some clause of Q (every C file when Q does not narrow)."""
        if not q.narrows:
            return self.all_files(tree)
        out: set[str] = set()
        for clause in q.clauses:
            files: set[str] | None = None
            for word in clause:
                got = self.files_with(tree, word)
                files = got if files is None else files & got
                if not files:
                    break
            out |= files or set()
        return sorted(out)

    def _entry(self, tree: str, word: str) -> Path | None:
        if self.cache is None:
            return None
        name = hashlib.sha256(word.encode()).hexdigest()[:32]
        return self.cache / tree / f"{name}.json"

    def _store(self, entry: Path, files: list[str]) -> None:
        fresh = not entry.parent.exists()
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(files))
        tmp.replace(entry)
        if fresh:
            self._prune(keep=entry.parent)

    def _prune(self, keep: Path) -> None:
        assert self.cache is not None
        trees = sorted((d for d in self.cache.iterdir() if d.is_dir() and d != keep),
                       key=lambda d: d.stat().st_mtime, reverse=True)
        for d in trees[KEEP_TREES - 1:]:
            shutil.rmtree(d, ignore_errors=True)


def _sha(tree: str) -> str:
    """TREE, an object id rev-parse gave (git grep takes no --end-of-options before it)."""
    if not re.fullmatch(r"[0-9a-f]{40,64}", tree):
        raise ValueError(f"not an object id: {tree!r}")
    return tree


# ---- running the rule on the candidates ----

@dataclass
class Change:
    path: str
    before: str
    after: str


@dataclass
class Outcome:
    tree: str
    query: Query
    candidates: list[str]
    changes: list[Change]
    seconds: dict[str, float]            # "grep", "read", "spatch"
    cached: bool                         # every word's list came from the cache
    errors: list[str] = field(default_factory=list)   # spatch's complaints for groups of files it gave up on


def read_blobs(repo: Repo, tree: str, paths: list[str], dest: Path) -> dict[str, str]:
    """PATHS of TREE written under DEST (one `git cat-file --batch`); path -> text."""
    if not paths:
        return {}
    r = repo.run("cat-file", "--batch", input="".join(f"{tree}:{p}\n" for p in paths).encode(), text=False,
                 timeout=600)
    data: bytes = r.stdout
    out: dict[str, str] = {}
    pos = 0
    for p in paths:
        nl = data.index(b"\n", pos)
        head = data[pos:nl].split()
        if len(head) != 3:
            raise GitError(f"git cat-file: {p} is missing from the tree")
        size = int(head[2])
        body = data[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
        target = dest / p
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        out[p] = body.decode("utf-8", errors="surrogateescape")
    return out


def _groups(paths: list[str], sizes: dict[str, int], n: int) -> list[list[str]]:
    """PATHS in N groups of about the same bytes (largest first, each to the lightest group)."""
    groups: list[list[str]] = [[] for _ in range(max(1, n))]
    load = [0] * len(groups)
    for p in sorted(paths, key=lambda x: -sizes.get(x, 0)):
        i = load.index(min(load))
        groups[i].append(p)
        load[i] += sizes.get(p, 0)
    return [g for g in groups if g]


def run(rule_text: str, repo: Repo, rev: str, work: Path, cache: Path | None = None, jobs: int = 2,
        narrow: bool = True) -> Outcome:
    """RULE_TEXT over the C files of REV's tree that it can change; the changed files.

    NARROW=False runs it on every C file (what the prefilter must not change the outcome of)."""
    index = Index(repo, cache)
    tree = repo.tree_of(rev)
    if not tree:
        raise GitError(f"{rev} is not a commit of the tree")
    q = query(rule_text) if narrow else Query((), "not narrowed")
    t0 = time.monotonic()
    files = index.candidates(tree, q)
    t1 = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    src = work / "src"
    before = read_blobs(repo, tree, files, src)
    t2 = time.monotonic()
    sp = work / "rule.cocci"
    sp.write_text(rule_text)
    extra = ["-D", "patch"] if re.search(r"^virtual\s+.*\bpatch\b", rule_text, re.M) else []
    sizes = {p: len(t) for p, t in before.items()}
    groups = _groups(files, sizes, jobs)
    errors: list[str] = []

    def one(group: list[str]) -> None:
        try:
            spatch.apply(sp, [src / p for p in group], in_place=True, extra=extra,
                         timeout=max(spatch.TIMEOUT, 30 + 5 * len(group)))
        except spatch.SpatchError as e:
            errors.append(str(e))

    with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
        list(pool.map(one, groups))
    t3 = time.monotonic()
    if errors and len(errors) == len(groups):
        raise spatch.SpatchError(errors[0])
    changes = []
    for p in files:
        after = (src / p).read_bytes().decode("utf-8", errors="surrogateescape")
        if after != before[p]:
            changes.append(Change(p, before[p], after))
    return Outcome(tree, q, files, changes, {"grep": t1 - t0, "read": t2 - t1, "spatch": t3 - t2},
                   cached=index.hits > 0 and index.misses == 0, errors=errors)
