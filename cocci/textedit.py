"""Edits SmPL cannot express (deleting or rewording a comment block), done as verified text edits.

A TextEdit names the lines to replace by their content (not their numbers), inside
one function, so that it still finds them after earlier rules moved things around,
and so that running it twice changes nothing the second time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from cocci import linediff
from patches.ctext import function_named, split_lines


@dataclass
class TextEdit:
    path: str                   # tree path of the file
    function: str               # the edit must lie inside this function
    old: list[str]              # the exact lines to replace (tabs kept)
    new: list[str] = field(default_factory=list)   # their replacement ([] deletes them)
    description: str = ""
    drop_blank_after: bool = True   # deleting a block: also drop one blank line it leaves doubled
    line: int = 0               # where OLD starts, when it occurs more than once (function "": file scope)


class LinesInFunction(Protocol):
    """A plan's parameters that name lines of one function and what they become."""

    @property
    def function(self) -> str: ...          # the function ("" for file scope)

    @property
    def old(self) -> list[str]: ...         # the exact lines as they are

    @property
    def new(self) -> list[str]: ...         # what they become


def replacing(path: str, p: LinesInFunction, description: str, line: int = 0) -> TextEdit:
    """The edit of file PATH that replaces P's old lines by its new ones, blank lines around kept."""
    return TextEdit(path, p.function, list(p.old), list(p.new), description, drop_blank_after=False, line=line)


def changed_part(old: list[str], new: list[str]) -> tuple[int, list[str], list[str]]:
    """OLD and NEW less the lines both begin and end with: (lines dropped in front, old, new).

    An edit that names only the lines it changes still finds them after another rule changed
    a neighbouring line of the same statement (a format string in the branch above an `else`)."""
    n = 0
    while n < min(len(old), len(new)) - 1 and old[n].rstrip() == new[n].rstrip():
        n += 1
    m = 0
    while m < min(len(old), len(new)) - n - 1 and old[-1 - m].rstrip() == new[-1 - m].rstrip():
        m += 1
    return n, old[n:len(old) - m], new[n:len(new) - m]


def only_replaced(before: str, after: str, p: LinesInFunction) -> bool:
    """Whether AFTER is BEFORE with P's old lines (once) replaced by its new ones and nothing else
    changed (trailing whitespace aside): a text edit's ``verify``."""
    old, new = [x.rstrip() for x in p.old], [x.rstrip() for x in p.new]
    bl, al = [x.rstrip() for x in split_lines(before)], [x.rstrip() for x in split_lines(after)]
    return any(bl[i:i + len(old)] == old and al == bl[:i] + new + bl[i + len(old):]
               for i in range(len(bl) - len(old) + 1))


def replaced(text: str, p: LinesInFunction) -> bool:
    """Whether TEXT shows P's lines replaced already (``is_applied`` of the edit)."""
    return is_applied(text, TextEdit("", p.function, list(p.old), list(p.new)))


class TextEditError(ValueError):
    """The edit cannot be applied; str(e) says why."""


def _find(lines: list[str], old: list[str], lo: int, hi: int) -> list[int]:
    """0-based starts of OLD within lines[lo:hi] (whitespace at line ends ignored)."""
    want = [o.rstrip() for o in old]
    n = len(want)
    return [i for i in range(lo, max(lo, hi - n + 1)) if [x.rstrip() for x in lines[i:i + n]] == want]


def find_lines(lines: list[str], old: list[str], lo: int, hi: int) -> list[int]:
    """0-based starts of the lines OLD within lines[lo:hi] (whitespace at line ends ignored)."""
    return _find(lines, old, lo, hi)


def is_applied(text: str, e: TextEdit) -> bool:
    """Whether TEXT already shows the edit: OLD absent from the function (and NEW present when given)."""
    lines = split_lines(text)
    fn = function_named(text, e.function) if e.function else None
    lo, hi = (fn.start - 1, fn.end) if fn else (0, len(lines))
    if _find(lines, e.old, lo, hi):
        return False
    return not e.new or bool(_find(lines, e.new, lo, hi))


def apply_text_edit(text: str, e: TextEdit) -> str:
    """TEXT with the edit made; TextEditError when OLD is not found exactly once in the function."""
    lines = split_lines(text, keepends=True)
    bare = [ln.rstrip("\n") for ln in lines]
    fn = function_named(text, e.function) if e.function else None
    if fn is None and e.function:
        raise TextEditError(f"function {e.function}() not found in {e.path}")
    where = f"{e.function}()" if e.function else e.path
    hits = _find(bare, e.old, fn.start - 1, fn.end) if fn else _find(bare, e.old, 0, len(bare))
    if not hits:
        raise TextEditError(f"the lines to edit were not found in {where}")
    if len(hits) > 1 and e.line - 1 in hits:
        hits = [e.line - 1]
    if len(hits) > 1:
        raise TextEditError(f"the lines to edit occur {len(hits)} times in {where}: ambiguous")
    i = hits[0]
    j = i + len(e.old)
    new = [ln + "\n" for ln in e.new]
    if not e.new and e.drop_blank_after:
        before_blank = i == 0 or not bare[i - 1].strip() or bare[i - 1].rstrip().endswith("{")
        if j < len(bare) and not bare[j].strip() and before_blank:
            j += 1
    return "".join(lines[:i] + new + lines[j:])


def diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, a/ b/ prefixed like git's."""
    return "".join(linediff.unified(split_lines(before, keepends=True), split_lines(after, keepends=True),
                                        f"a/{path}", f"b/{path}", n=3))


def describe(e: TextEdit) -> str:
    """The edit as `//` comment lines of a diff, for the rule file people read."""
    where = f"{e.path}:{e.function}()" if e.function else e.path
    out = [f"// Text edit in {where} -- {e.description}".rstrip(" -")]
    out += [f"// -{ln}" for ln in e.old]
    out += [f"// +{ln}" for ln in e.new]
    return "\n".join(out) + "\n"
