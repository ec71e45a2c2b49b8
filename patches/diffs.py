"""Reading unified diffs (git's, and the diffs of patch mails), with unidiff.

Every parse of a whole unified diff goes through here: PatchSet -> PatchedFile -> Hunk -> Line.
Quoted diff fragments in review replies (`> ` prefixes, cut, hunk counts that no longer add up) are
not unified diffs; the review reader has its own tolerant reading of those.  The file names of a
diff's headers (`named_paths`) are read as git reads them (quoted names, renames, copies), not by unidiff.
"""
from __future__ import annotations

import os
import re

from unidiff import PatchSet, UnidiffParseError

__all__ = ["PatchSet", "UnidiffParseError", "parse", "added", "removed", "added_lines", "added_ranges",
           "changes", "named_paths"]


def parse(diff: str) -> PatchSet:
    """DIFF as files, hunks and lines; UnidiffParseError when it is not a well-formed unified diff."""
    return PatchSet(diff)


def _path(pf) -> str:
    """The file a PatchedFile leaves behind, without git's b/ prefix (the old name for a deletion)."""
    return str(pf.path)


def added(diff: str | PatchSet) -> list[str]:
    """The text of every line DIFF adds (without its `+` and line end), in order."""
    ps = parse(diff) if isinstance(diff, str) else diff
    return [line.value.rstrip("\n") for pf in ps for hunk in pf for line in hunk if line.is_added]


def removed(diff: str | PatchSet) -> list[str]:
    """The text of every line DIFF removes (without its `-` and line end), in order."""
    ps = parse(diff) if isinstance(diff, str) else diff
    return [line.value.rstrip("\n") for pf in ps for hunk in pf for line in hunk if line.is_removed]


def added_lines(diff: str) -> dict[str, dict[int, str]]:
    """path -> {1-based line of the new file: its text} for every line DIFF adds (files in the order of
    the diff, lines in order)."""
    out: dict[str, dict[int, str]] = {}
    for pf in parse(diff):
        for hunk in pf:
            for line in hunk:
                if line.is_added and line.target_line_no is not None:
                    out.setdefault(_path(pf), {})[line.target_line_no] = line.value.rstrip("\n")
    return out


def added_ranges(diff: str) -> list[tuple[int, int]]:
    """The new-file line ranges (1-based, inclusive) of the hunks of DIFF that leave lines behind:
    with -U0, exactly the lines the change adds."""
    return [(h.target_start, h.target_start + h.target_length - 1)
            for pf in parse(diff) for h in pf if h.target_length]


def changes(diff: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(old name, new name, ((sign, text) of each removed or added line, in order)) per file with
    hunks: what a diff changes, without positions or context."""
    return [(pf.source_file, pf.target_file,
             tuple((line.line_type, line.value) for hunk in pf for line in hunk
                   if line.is_added or line.is_removed))
            for pf in parse(diff) if len(pf)]


# ---- the file names a diff's headers give (git's own reading, not unidiff's) ----

_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _unquote(text: str) -> tuple[str, str] | None:
    """(the name, the rest) of TEXT that starts with a C-quoted name ("a/t\\tab" x); None when the quote
    is malformed.  Octal escapes are bytes of the name (UTF-8 as git writes them)."""
    out, i = bytearray(), 1
    while i < len(text):
        c = text[i]
        if c == '"':
            return os.fsdecode(bytes(out)), text[i + 1:]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        esc = text[i + 1:i + 2]
        if esc in _ESCAPES:
            out.append(_ESCAPES[esc])
            i += 2
        elif re.fullmatch(r"[0-3][0-7]{2}", text[i + 1:i + 4]):
            out.append(int(text[i + 1:i + 4], 8))
            i += 4
        else:
            return None
    return None


def _name(text: str, strip: bool) -> str | None:
    """The file name of a header's value (quoted or plain, a plain one ends at a tab); without its first
    component (a/, b/) when STRIP; None for /dev/null, "" when it cannot be read."""
    if text.startswith('"'):
        q = _unquote(text)
        if q is None or q[1].strip():
            return ""
        name = q[0]
    else:
        name = text.split("\t", 1)[0].rstrip("\n")
        if name == "/dev/null":
            return None
    if strip:
        name = name.partition("/")[2]
    return name


def _git_header_names(rest: str) -> list[str] | None:
    """The two names of `diff --git a/X b/Y` (REST is `a/X b/Y`) without their a/ and b/, when they can
    be told apart: quoted, or the same name twice; None otherwise (a rename of names with spaces)."""
    if rest.startswith('"'):
        q = _unquote(rest)
        if q is None or not q[1].startswith(" "):
            return None
        first, second = q[0], q[1][1:]
    elif rest.endswith('"'):
        first, _, second = rest.partition(' "')
        second = '"' + second
    else:
        half = (len(rest) - 1) // 2
        if not (len(rest) % 2 and rest[half] == " "):
            return None
        first, second = rest[:half], rest[half + 1:]
        if first.partition("/")[2] != second.partition("/")[2]:
            return None
    if second.startswith('"'):
        q = _unquote(second)
        if q is None or q[1]:
            return None
        second = q[0]
    return [first.partition("/")[2], second.partition("/")[2]]


def named_paths(diff: str) -> set[str] | None:
    """Every file name the headers of DIFF give, as `git apply` (-p1) reads them: both names of
    `diff --git a/X b/Y`, `rename from/to`, `copy from/to`, `--- a/X` and `+++ b/Y` (quoted names with
    C escapes included); hunk bodies are skipped by their line counts.  None when a file's names cannot
    be read (a malformed quote, a hunk header git would not take, a `diff --git` section whose names
    nothing else states)."""
    paths: set[str] = set()
    lines = diff.split("\n")
    i, section_named = 0, True
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("diff --git "):
            if not section_named:
                return None
            names = _git_header_names(line[len("diff --git "):])
            section_named = bool(names)
            paths.update(names or ())
            continue
        for key, strip in (("rename from ", False), ("rename to ", False), ("copy from ", False),
                           ("copy to ", False), ("--- ", True), ("+++ ", True)):
            if line.startswith(key):
                name = _name(line[len(key):], strip)
                if name == "":
                    return None
                if name is not None:
                    paths.add(name)
                    section_named = True
                break
        else:
            if line.startswith("@@ "):
                m = _HUNK.match(line)
                if not m:
                    return None
                old = int(m.group(1)) if m.group(1) is not None else 1
                new = int(m.group(2)) if m.group(2) is not None else 1
                while (old > 0 or new > 0) and i < len(lines):
                    body = lines[i]
                    i += 1
                    if body.startswith("\\"):
                        continue
                    if body.startswith("-"):
                        old -= 1
                    elif body.startswith("+"):
                        new -= 1
                    else:
                        old, new = old - 1, new - 1
    return paths if section_named else None
