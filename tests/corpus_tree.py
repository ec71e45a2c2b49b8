"""The review corpus: threads written for the project on real Linux 6.12 code, and how they are scored.

Each entry of tests/data/corpus/ is a directory with
  files.txt      the 6.12 files the series touches (read from the Linux sources, never copied here),
                 and the headers a recipe must read from the tree to prove an edit safe (the struct
                 definitions and prototypes the const recipe follows: include/linux/netdevice.h for
                 an ethtool_ops table); every file listed goes into the base commit
  thread.mbox    the vN patch mails (made with git format-patch) and the review replies
  expected.json  every suggestion: a fragment of its comment, the response, the kind, and for
                 accepted mechanical ones the exact v(N+1) lines removed and added; for one that must
                 stay manual, a fragment of the reason ("reason"); the trailers
                 the v(N+1) commits must carry (and must not, for conditional reviews), by the
                 patches' vN numbers (a patch left out renumbers the rest in the mails, not here)

``build_tree`` makes the git repository (base commit = the 6.12 files, branch ``series`` = the
patch mails applied with ``git am``); ``run_entry`` runs the whole pipeline on it and ``score``
sets the result against expected.json.  Used by tests/integration/test_corpus.py and
bench/review_corpus.py.
"""
from __future__ import annotations

import json
import mailbox
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from patches.git import Repo
from patches.subject import parse_subject

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
SOURCES = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kernel-fixture" / \
    "linux-source-6.12-full"

# the kinds a recipe turns into an edit (anything else is a trailer, a message, a remark or manual)
MECHANICAL = {"rename-call", "const", "const-param", "drop-variable", "replace-code", "remove-statements",
              "add-comment", "comment-block", "move-statement", "inline-helper", "alloc-array",
              "format-specifier", "dev-err-probe", "add-braces", "one-line-declaration", "make-static",
              "early-return", "move-declaration", "remove-dead-code", "use-helper", "rename", "replace-text",
              "join-line", "align-continuation", "whitespace", "blank-line", "reverse-xmas-tree",
              "drop-argument", "drop-cast", "swap-values", "drop-parameter", "wrap-condition",
              "revert-change", "carry-conversion", "list-entry", "use-own-helper", "move-under-lock",
              "drop-else", "drop-check", "add-include", "drop-initializer", "return-directly", "make-unsigned",
              "drop-braces", "replace-expression", "drop-parens", "drop-unused-parameter", "drop-member",
              "export-gpl", "align-define", "include-order", "initializer-comma", "drop-return", "use-local",
              "alloc-fill", "call-form", "parse-bool", "drop-callback", "drop-match-ptr", "device-table",
              "module-driver", "lock-guard", "devm-mutex-init", "drop-include", "yaml-unquote", "platform-ioremap",
              "use-swap", "comment-style", "kdoc-return", "define-bits", "drop-define", "propagate-error",
              "bool-assign", "drop-inline", "ethtool-string", "eth-addr", "text-lines", "sort-lines",
              "kconfig-option", "access-once", "add-local", "retype-local", "drop-ternary", "kunit-compare",
              "section-annotation", "pr-fmt", "lockdep-assert",
              "drop-patch"}     # a patch left out: its hunks are the lines of that patch the interdiff takes back
SERIES_EDITS = {"drop-patch"}   # mechanical, but made by the series stage rather than a recipe

NOT_CODE = {"trailer", "commit-message", "message-edit", "split-tag", "cc-request"}   # applied to the commit message

_IDENT = {"GIT_AUTHOR_NAME": "Linus Torvalds", "GIT_AUTHOR_EMAIL": "torvalds@linux-foundation.org",
          "GIT_COMMITTER_NAME": "Linus Torvalds", "GIT_COMMITTER_EMAIL": "torvalds@linux-foundation.org",
          "GIT_AUTHOR_DATE": "2024-11-17T14:15:08-08:00", "GIT_COMMITTER_DATE": "2024-11-17T14:15:08-08:00"}


def entries() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "expected.json").is_file())


def expected(entry: Path) -> dict:
    return json.loads((entry / "expected.json").read_text())


def source_reader() -> Callable[[str], str]:
    """Read 6.12 files from the extracted sources the `kernel_source` test fixture keeps."""
    if not (SOURCES / ".complete").exists():
        raise FileNotFoundError(f"{SOURCES} is missing: run the integration tests once (kernel_source "
                                "extracts Debian's linux-source-6.12 there)")
    return lambda path: (SOURCES / path).read_text(errors="replace")


def patch_mails(mbox: Path) -> bytes:
    """The vN patch mails of a thread (no cover letter, no replies, no mail of an older version the mbox
    also holds), as one mbox for `git am`."""
    found = []
    for msg in mailbox.mbox(str(mbox)):
        subject = parse_subject(str(msg.get("Subject", "")))
        # a patch sent as an attachment: git am reads it from the text parts
        parts = [p.get_payload(decode=True) for p in msg.walk() if not p.is_multipart()]
        payload = b"\n".join(p for p in parts if isinstance(p, bytes))
        # a reply ("Re:", "AW:", "SV:", ...) may hold the patch too: an Outlook original quotes it unmarked
        if subject.is_reply or b"\ndiff --git " not in b"\n" + payload:
            continue
        found.append((subject.version, msg.as_bytes(unixfrom=True)))
    latest = max((v for v, _ in found), default=1)
    return b"\n".join(raw for v, raw in found if v == latest)


def build_tree(entry: Path, read: Callable[[str], str], dest: Path) -> Repo:
    """A git repository at DEST: tag `base` = the entry's 6.12 files, branch `series` = base + the
    thread's patch mails (`git am`); HEAD stays on `main` at base."""
    dest.mkdir(parents=True, exist_ok=True)
    repo = Repo(dest)
    repo.run("init", "-q", "-b", "main")
    for path in (entry / "files.txt").read_text().split():
        f = dest / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(read(path))
        repo.run("add", path)
    repo.run("commit", "-q", "-m", "Linux 6.12", env=_IDENT)
    repo.run("tag", "base")
    repo.run("checkout", "-q", "-b", "series")
    repo.run("am", "-q", "--keep-cr", input=patch_mails(entry / "thread.mbox"), text=False,
             env={k: v for k, v in _IDENT.items() if k.startswith("GIT_COMMITTER_")})
    repo.run("checkout", "-q", "main")
    return repo


@dataclass
class Outcome:
    """One expected suggestion set against what respin did."""
    comment: str
    expected_response: str
    expected_kind: str
    found: bool = False
    id: str = ""
    response: str = ""
    kind: str = ""
    status: str = ""
    reason: str = ""
    mechanical: bool = False        # an accepted suggestion a recipe should apply
    applied_ok: bool = False
    expected_reason: str = ""       # a fragment of the reason a suggestion that must stay manual gives

    @property
    def response_ok(self) -> bool:
        return self.found and self.response == self.expected_response


@dataclass
class Score:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    wrong_lines: list[str] = field(default_factory=list)      # changed lines no expected hunk explains
    wrong_applied: list[str] = field(default_factory=list)    # suggestions applied that should not be
    trailer_problems: list[str] = field(default_factory=list)
    extra_found: int = 0           # suggestions respin found that expected.json does not list
    manual: int = 0

    def problems(self) -> list[str]:
        out = []
        for o in self.outcomes:
            if not o.found:
                out.append(f"not found: {o.comment!r}")
                continue
            if o.response != o.expected_response:
                out.append(f"{o.id} {o.comment!r}: response {o.response}, expected {o.expected_response}")
            if o.expected_kind and o.expected_response == "accepted" and o.kind != o.expected_kind:
                out.append(f"{o.id} {o.comment!r}: kind {o.kind}, expected {o.expected_kind}")
            if o.mechanical and not o.applied_ok:
                out.append(f"{o.id} {o.comment!r}: not applied as expected ({o.status}: {o.reason})")
            if o.expected_reason and (o.status != "manual" or o.expected_reason not in o.reason):
                out.append(f"{o.id} {o.comment!r}: expected manual with {o.expected_reason!r}, got {o.status}: "
                           f"{o.reason}")
        out += [f"wrong edit: {line}" for line in self.wrong_lines]
        out += [f"applied but should not be: {w}" for w in self.wrong_applied]
        out += self.trailer_problems
        return out


def _changed(diff: str) -> dict[str, Counter]:
    """file -> Counter of '-line' / '+line' of a unified diff (blank lines left out)."""
    out: dict[str, Counter] = {}
    cur = ""
    for line in diff.splitlines():
        if line.startswith("+++ b/"):
            cur = line[6:]
            continue
        if line.startswith(("--- ", "+++ ", "diff --git", "index ", "@@")):
            continue
        if line[:1] in "+-" and line[1:].strip():
            out.setdefault(cur, Counter())[line] += 1
    return out


def _hunk_lines(h: dict) -> Counter:
    """The lines a hunk removes and adds; blank lines are layout (where diff puts them is arbitrary)."""
    return Counter(["-" + line for line in h.get("remove", []) if line.strip()] +
                   ["+" + line for line in h.get("add", []) if line.strip()])


def _outcome(e: dict, s, changed: dict[str, Counter]) -> Outcome:
    """The outcome of the expected suggestion E, S the suggestion of respin that matches it (or None)."""
    o = Outcome(e["comment"], e["response"], e.get("kind", ""), expected_reason=e.get("reason", ""))
    if s is not None:
        o.found, o.id = True, s.id
        o.response = s.response.value if hasattr(s.response, "value") else str(s.response)
        o.kind = s.kind
        o.status = s.status.value if s.status is not None else ""
        o.reason = s.reason
    # what the author did not decline or defer is done (unanswered requests too)
    o.mechanical = e["response"] in ("accepted", "unanswered") and e.get("kind", "") in MECHANICAL
    if o.mechanical and o.status == "applied":
        o.applied_ok = all(not (_hunk_lines(h) - changed.get(h["file"], Counter())) for h in e.get("hunks", []))
    return o


def _wrongly_applied(e: dict, o: Outcome) -> str | None:
    """Why the outcome O of E is an edit that should not be, or None."""
    if o.mechanical:
        return f"{o.id} {o.comment!r} (edited, but not as expected)" if o.status == "applied" and \
            not o.applied_ok else None
    # a commit-message edit the author did not answer is carried out like any other (DESIGN.md: an
    # unanswered suggestion is applied by default)
    if o.status == "applied" and not (e["response"] in ("accepted", "unanswered") and e.get("kind") in NOT_CODE):
        return f"{o.id} {o.comment!r}"
    return None


def _extra_applied(result, taken: set[str]) -> list[str]:
    """The code edits of suggestions respin found that expected.json does not list."""
    return [f"{s.id} {s.comment[:60]!r} (not in expected.json)" for s in result.suggestions
            if s.id not in taken and s.status is not None and s.status.value == "applied"
            and s.kind not in NOT_CODE]


def _trailer_problems(exp: dict, messages: dict[int, str]) -> list[str]:
    """Trailers missing from the commit messages, and trailers there that should not be."""
    out = []
    for number, names in exp.get("trailers", {}).items():
        for t in names:
            if t not in messages.get(int(number), "").splitlines():
                out.append(f"patch {number}: missing trailer {t!r}")
    for number, names in exp.get("absent_trailers", {}).items():
        for t in names:
            if t in messages.get(int(number), "").splitlines():
                out.append(f"patch {number}: trailer {t!r} should not be there")
    return out


def score(entry: Path, result, interdiff: str, messages: dict[int, str]) -> Score:
    """RESULT (a RespinResult) and the v(N+1) interdiff and commit messages against expected.json."""
    exp = expected(entry)
    sc = Score(entry.name)
    changed = _changed(interdiff)
    explained: dict[str, Counter] = {}
    taken: set[str] = set()
    for e in exp["suggestions"]:
        s = next((s for s in result.suggestions if s.id not in taken
                  and e["comment"] in s.comment + "\n" + "\n".join(s.code)), None)
        if s is not None:
            taken.add(s.id)
        o = _outcome(e, s, changed)
        wrong = _wrongly_applied(e, o)
        if wrong is not None:
            sc.wrong_applied.append(wrong)
        if o.mechanical:
            for h in e.get("hunks", []):
                explained.setdefault(h["file"], Counter()).update(_hunk_lines(h))
        sc.outcomes.append(o)
    sc.extra_found = sum(1 for s in result.suggestions if s.id not in taken)
    sc.wrong_applied += _extra_applied(result, taken)
    sc.manual = sum(1 for s in result.suggestions if s.status is not None and s.status.value == "manual")
    for path, lines in changed.items():
        for line in (lines - explained.get(path, Counter())).elements():
            sc.wrong_lines.append(f"{path}: {line}")
    sc.trailer_problems += _trailer_problems(exp, messages)
    return sc


def run_entry(entry: Path, read: Callable[[str], str], work: Path | None = None) -> Score:
    """Build the entry's tree, run the whole pipeline on its thread, score the v(N+1)."""
    from app.respin import RespinRequest, ThreadInput, run_respin

    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        root = Path(work or tmp)
        repo = build_tree(entry, read, root / "tree")
        req = RespinRequest(tree=root / "tree", out=root / "out",
                            threads=[ThreadInput("thread.mbox", (entry / "thread.mbox").read_bytes())])
        result = run_respin(req)
        interdiff = (root / "out" / "interdiff.diff").read_text()
        messages = {p.number: repo.out("log", "-1", "--format=%B", p.commit) for p in result.patches if p.commit}
        return score(entry, result, interdiff, messages)
