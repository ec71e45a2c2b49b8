"""Which patch of a series an edit belongs in.

A reviewer answering patch 2 may ask for a change to code that patch 2 only shows, and that patch 1
added ("this helper from 1/3 should be static").  Made in patch 2, the change lands, but in the wrong
patch: patch 1 still adds the code as the reviewer did not want it, and patch 2 changes it back.
``earlier_patch`` tells such an edit from its diff and the files of each patch.

The other way round, an edit made where it belongs may take away what a later patch goes on to use
("this define is unused" under patch 1, patch 2 using it): the later patch still applies, and no longer
builds.  ``later_use`` tells such an edit.
"""
from __future__ import annotations

import functools
import re

from patches import diffs
from patches.ctext import mask
from patches.ctext.functions import functions

_DEFINES = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)|^(?:typedef[ \t]+)?(?:struct|union|enum)[ \t]+"
                      r"([A-Za-z_]\w*)[ \t]*\{", re.M)


@functools.lru_cache(maxsize=16)
def defined(text: str) -> frozenset[str]:
    """The names a C file defines at the top level: its functions, macros and struct, union and enum tags
    (kept for the few texts of a run: every applied edit of a patch asks of the same files)."""
    return frozenset({f.name for f in functions(text)} | {a or b for a, b in _DEFINES.findall(text)})


def _count(text: str | None, line: str) -> int:
    return (text or "").split("\n").count(line)


def _added_by(line: str, path: str, number: int, files_by_patch: dict[int, dict[str, str]],
              base_by_patch: dict[int, dict[str, str]]) -> bool:
    """Whether patch NUMBER leaves more copies of LINE in PATH than it found."""
    after = files_by_patch.get(number, {})
    return path in after and _count(after[path], line) > _count(base_by_patch.get(number, {}).get(path), line)


def earlier_patch(diff: str, number: int, files_by_patch: dict[int, dict[str, str]],
                  base_by_patch: dict[int, dict[str, str]]) -> tuple[str, int] | None:
    """(file, M) when every line DIFF (an edit made on patch NUMBER) takes away in a file is a line an
    earlier patch M of the series added and patch NUMBER itself does not add: the edit is of patch M's
    code.  None when some line is patch NUMBER's own or older than the series, when the edit only adds
    lines, or when the lines come from different patches.  Lines without a word character ("}", blank
    lines) say nothing of where an edit was."""
    earlier = sorted(n for n in files_by_patch if n < number)
    found: set[tuple[str, int]] = set()
    for old, _new, lines in diffs.changes(diff):
        path = old[2:] if old.startswith("a/") else old
        for sign, text in lines:
            line = text.rstrip("\n")
            if sign != "-" or not re.search(r"\w", line):
                continue
            if _added_by(line, path, number, files_by_patch, base_by_patch):
                return None
            first = next((m for m in earlier if _added_by(line, path, m, files_by_patch, base_by_patch)), None)
            if first is None:
                return None
            found.add((path, first))
    return found.pop() if len(found) == 1 else None


def _names(lines: list[str]) -> set[str]:
    return {name for line in lines for name in re.findall(r"[A-Za-z_]\w*", line)}


def _added_lines(before: str | None, after: str) -> list[str]:
    """The lines (comments and strings blanked) AFTER has more copies of than BEFORE."""
    old = mask(before or "").split("\n")
    out = []
    for line in mask(after).split("\n"):
        if line in old:
            old.remove(line)
        else:
            out.append(line)
    return out


def later_use(diff: str, number: int, edited: dict[str, str], files_by_patch: dict[int, dict[str, str]],
              base_by_patch: dict[int, dict[str, str]], followed: dict[int, set[str]]) -> tuple[int, list[str]] | None:
    """(M, names) when DIFF, an edit made on patch NUMBER (whose files the edits of that patch leave as
    EDITED), takes away the definition of a function, macro or struct tag that the lines a later patch M
    adds use, while M does not define it itself: M would still apply, and no longer build.  FOLLOWED
    (by patch number) holds the names an earlier rename takes away, which that patch's uses follow.
    None when no later patch uses what the edit takes away."""
    if not any(n > number for n in files_by_patch):
        return None             # the last patch: nothing after it uses anything
    gone: set[str] = set()
    for old, _new, lines in diffs.changes(diff):
        path = old[2:] if old.startswith("a/") else old
        before, after = files_by_patch.get(number, {}).get(path), edited.get(path)
        removed = _names([mask(text) for sign, text in lines if sign == "-"])
        if before is None or after is None or not removed:
            continue
        gone |= (defined(before) - defined(after)) & removed
    for m in sorted(n for n in files_by_patch if n > number and gone):
        files, bases = files_by_patch[m], base_by_patch.get(m, {})
        used = _names([ln for p, text in files.items() for ln in _added_lines(bases.get(p), text)])
        own = {name for p, text in files.items() for name in defined(text) - defined(bases.get(p) or "")}
        found = (gone & used) - own - followed.get(m, set())
        if found:
            return m, sorted(found)
    return None
