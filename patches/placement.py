"""Which patch of a series an edit belongs in.

A reviewer answering patch 2 may ask for a change to code that patch 2 only shows, and that patch 1
added ("this helper from 1/3 should be static").  Made in patch 2, the change lands, but in the wrong
patch: patch 1 still adds the code as the reviewer did not want it, and patch 2 changes it back.
``earlier_patch`` tells such an edit from its diff and the files of each patch.
"""
from __future__ import annotations

import re

from patches import diffs


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
