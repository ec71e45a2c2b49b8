"""Propagation: a rule that came from one review comment, run on the rest of the series.

A generated rule is pinned to the function (and lines) the reviewer quoted.  The same
rule without that pin is a semantic patch for the whole series: ``generalize()`` drops
the function name and the position constraint, ``find()`` runs it on every C file of
every patch and keeps the matches on lines that patch itself added (code of the series,
not the kernel code around it), and ``merge()`` takes over only those changes.

The orchestrator reports the matches on the suggestion (``Suggestion.propagation``) and
applies them when the reviewer asked ("here and elsewhere", "all of them", "the others
too") or the user did (``--propagate``).
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from cocci import linediff, spatch, treewide
from patches.ctext import function_at, mask
from cocci.recipes._evidence import has_any
from patches.model import Rule

# recipes whose rules rewrite an expression or a statement wherever it stands; the others
# (drop a variable, move or remove given statements, comments) are about one place by nature
KINDS = ("rename-call", "use-helper", "replace-code")

SCOPE_WORDS = ("elsewhere", "everywhere", "all of them", "all of these", "all such", "the others",
               "others too", "other places", "other instances", "other occurrences", "other callers",
               "other call sites", "throughout", "here and", "same below", "same elsewhere",
               "same applies", "each of them", "the rest", "whole series", "across the series",
               "analogously", "likewise", "similarly below", "here too", "same thing below", "ditto")


def asked(comment: str) -> bool:
    """Whether the reviewer's words ask for the change beyond the quoted place."""
    return has_any(comment, SCOPE_WORDS)


_POSITION = re.compile(r"^position\s+(\w+)\s*:\s*script:python\(\)\s*\{.*\};\s*$", re.M)


def generalize(text: str) -> str | None:
    """RULE text without its function name and position pins; None when it is not that kind of rule."""
    if "identifier fn = " not in text:
        return None
    out = re.sub(r"^identifier fn = [A-Za-z_]\w*;", "identifier fn;", text, flags=re.M)
    names = _POSITION.findall(out)
    out = _POSITION.sub("", out)
    for n in names:
        out = re.sub(rf"@{re.escape(n)}\b", "", out)
    return out


@dataclass
class Match:
    patch: int
    file: str
    function: str
    line: int              # 1-based, in the file as that patch leaves it

    def to_json(self) -> dict:
        return {"patch": self.patch, "file": self.file, "function": self.function, "line": self.line}


@dataclass
class Found:
    """What the general rule would do in one file of one patch: the matches and the merged text."""

    patch: int
    file: str
    before: str
    after: str
    matches: list[Match] = field(default_factory=list)


def carried(original: str, current: str, lines: Collection[int]) -> set[int]:
    """LINES of ORIGINAL, as line numbers of CURRENT (ORIGINAL after some edits).  A block of lines
    that the edits rewrote counts when every line it replaced was among LINES: the series' own code,
    edited by an earlier rule (a variable renamed in it), is still the series' code."""
    a, b = original.splitlines(), current.splitlines()
    out: set[int] = set()
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if tag == "equal":
            out |= {j1 + k + 1 for k in range(i2 - i1) if i1 + k + 1 in lines}
        elif tag == "replace" and all(n in lines for n in range(i1 + 1, i2 + 1)):
            out |= set(range(j1 + 1, j2 + 1))
    return out


def merge(before: str, after: str, allowed: set[int]) -> tuple[str, list[int]]:
    """BEFORE with only those changes of AFTER whose replaced lines (1-based) all are ALLOWED;
    the merged text and the BEFORE lines taken over."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    out: list[str] = []
    taken: list[int] = []
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if tag == "equal":
            out += a[i1:i2]
        elif i2 > i1 and all(n in allowed for n in range(i1 + 1, i2 + 1)):
            out += b[j1:j2]
            taken += range(i1 + 1, i2 + 1)
        else:
            out += a[i1:i2]
    return "".join(out), taken


def find(rule: Rule, texts: dict[int, dict[str, str]], originals: dict[int, dict[str, str]],
         added: dict[int, dict[str, dict[int, str]]], workdir: Path) -> list[Found]:
    """Run RULE, generalized, on every C file of every patch (TEXTS: patch -> path -> text as that patch
    leaves it, with the edits so far); the places on lines the patch adds (ADDED: patch -> path -> lines
    of ORIGINALS, the files at the patch's commit)."""
    general = generalize(rule.text)
    if general is None:
        return []
    workdir.mkdir(parents=True, exist_ok=True)
    sp = workdir / f"general-{rule.name}"
    sp.write_text(general)
    extra = ["-D", "patch"] if re.search(r"^virtual\s+.*\bpatch\b", general, re.M) else []
    query = treewide.query(general)
    out: list[Found] = []
    for number, files in sorted(texts.items()):
        allowed = {p: carried(originals.get(number, {}).get(p, files[p]), files[p], added[number][p])
                   for p in sorted(files) if p.endswith((".c", ".h")) and added.get(number, {}).get(p)}
        paths = [p for p, lines in allowed.items() if may_change(query, files[p], lines)]
        if not paths:
            continue
        d = workdir / f"p{number}"
        targets = []
        for rel in paths:
            f = d / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(files[rel])
            targets.append(f)
        try:
            spatch.apply(sp, targets, in_place=True, extra=extra)
        except spatch.SpatchError:
            continue
        for rel, f in zip(paths, targets, strict=True):
            before, after = files[rel], f.read_text()
            if before == after:
                continue
            merged, lines = merge(before, after, allowed[rel])
            if not lines:
                continue
            found = Found(number, rel, before, merged)
            for no in _first_lines(lines):
                fn = function_at(before, no)
                found.matches.append(Match(number, rel, fn.name if fn else "", no))
            out.append(found)
    return out


def may_change(query: treewide.Query, text: str, allowed: set[int]) -> bool:
    """Whether a rule whose removed names QUERY gives can make a change to TEXT that merge() keeps: one
    that replaces only ALLOWED lines.  spatch changes code, and a block of lines it replaces holds at
    least one changed code line, so lines that are all comment or blank (a patch that only adds a
    comment) take no change; and a change removes the names of one of the rule's `-` lines, so the code
    of TEXT (comments and strings aside) holds them all (treewide.query)."""
    code = mask(text)
    masked = code.splitlines()
    if not any(0 < n <= len(masked) and masked[n - 1].strip() for n in allowed):
        return False
    return not query.narrows or any(all(re.search(rf"\b{re.escape(w)}\b", code) for w in clause)
                                    for clause in query.clauses)


def _first_lines(lines: list[int]) -> list[int]:
    """The first line of each run of consecutive lines (one place per changed statement)."""
    return [n for n in sorted(lines) if n - 1 not in lines]
