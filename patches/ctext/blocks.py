"""Statements: the items of a block by offset, the statements of a line range, a quote's statements.

Three views of the same thing, for three kinds of callers:

* ``block_items`` splits the block opened at a brace into its top-level items (offsets into the
  file): what the structural recipes rewrite;
* ``statements`` / ``all_statements`` give the complete statements lying within a range of lines
  (line numbers, the lines as they are): what a quote covers;
* ``line_groups`` groups quoted lines, which need not be complete C, into statements and comment
  blocks: what a reviewer's comment sits under.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from patches.ctext.lex import closing, mask, norm, split_lines

# ---------------------------------------------------------------- block items (offsets)


@dataclass(frozen=True)
class Item:
    """One top-level statement or declaration of a block: its text span in the file."""

    start: int      # offset of its first character
    end: int        # offset just after its last character (';' or '}')
    text: str


def _close(masked: str, i: int, limit: int) -> int:
    """closing() for a bracket inside a block ending at LIMIT: an unclosed one runs to the block's end."""
    j = closing(masked, i)
    return j if j >= 0 else limit - 1


def block_items(text: str, open_brace: int) -> list[Item]:
    """The top-level items (declarations, statements) of the block opened at OPEN_BRACE."""
    m = mask(text)
    close = _close(m, open_brace, len(m))
    items: list[Item] = []
    i = open_brace + 1
    while i < close:
        i = skip_blanks(m, i, close)
        if i >= close:
            break
        j = item_end(m, i, close)
        items.append(Item(i, j, text[i:j]))
        i = j
    return items


def item_end(m: str, i: int, limit: int) -> int:
    """End (offset just after it) of the statement starting at I in masked text M, not beyond LIMIT."""
    word = re.match(r"[A-Za-z_]\w*", m[i:limit])
    w = word.group(0) if word else ""
    if w in ("if", "for", "while", "switch"):
        p = m.index("(", i)
        j = skip_blanks(m, _close(m, p, limit) + 1, limit)
        end = item_end(m, j, limit)
        if w == "if":
            k = skip_blanks(m, end, limit)
            if m.startswith("else", k) and not re.match(r"\w", m[k + 4:k + 5]):
                end = item_end(m, skip_blanks(m, k + 4, limit), limit)
        return end
    if w == "do":
        end = item_end(m, skip_blanks(m, i + 2, limit), limit)
        return m.index(";", end) + 1
    if w == "else":
        return item_end(m, skip_blanks(m, i + 4, limit), limit)
    if m[i] == "{":
        return _close(m, i, limit) + 1
    label = re.match(r"[A-Za-z_]\w*\s*:(?!:)", m[i:limit])
    if label and w not in ("default",) and not m[i:limit].startswith("case"):
        return i + label.end()
    j = i
    while j < limit:
        c = m[j]
        if c in "({[":
            j = _close(m, j, limit) + 1
            continue
        if c == ";":
            return j + 1
        j += 1
    return limit


def skip_blanks(m: str, i: int, limit: int) -> int:
    """The first offset from I (before LIMIT) that is not white space."""
    while i < limit and m[i].isspace():
        i += 1
    return i


# ---------------------------------------------------------------- statements of a line range


@dataclass(frozen=True)
class Stmt:
    """A complete statement or declaration by its lines."""

    start: int          # 1-based first line
    end: int            # 1-based last line
    lines: tuple[str, ...]  # the tree lines, as they are (tabs kept)

    @property
    def code(self) -> str:
        return "\n".join(self.lines)

    @functools.cached_property
    def norm(self) -> str:
        return norm(mask(self.code))


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines of TEXT and of its mask: a file's statements are asked for block by block."""
    return tuple(split_lines(text)), tuple(split_lines(mask(text)))


def statements(text: str, first: int, last: int) -> list[Stmt]:
    """The complete statements and declarations that lie within lines FIRST..LAST (1-based)."""
    return list(_statements(text, first, last))


@functools.lru_cache(maxsize=256)
def _statements(text: str, first: int, last: int) -> tuple[Stmt, ...]:
    src, masked = _lines(text)
    out: list[Stmt] = []
    cur: list[int] = []
    paren = brace = 0
    for no in range(first, min(last, len(src)) + 1):
        m = masked[no - 1].strip()
        if not m and not cur:
            continue
        if not cur and m in ("{", "}"):
            continue
        if not cur and m.startswith("#"):
            continue
        cur.append(no)
        paren += m.count("(") - m.count(")")
        brace += m.count("{") - m.count("}")
        if brace < 0:            # closing a block we did not see open: not a whole statement
            cur, paren, brace = [], 0, 0
            continue
        if paren == 0 and brace == 0 and (m.endswith(";") or m.endswith("}") or
                                          re.fullmatch(r"[A-Za-z_]\w*\s*:", m)):
            out.append(Stmt(cur[0], cur[-1], tuple(src[i - 1] for i in cur)))
            cur = []
    return tuple(out)


def all_statements(text: str, first: int, last: int) -> list[Stmt]:
    """The statements within lines FIRST..LAST at every nesting level (an `if` block, then the
    statements inside it), in line order."""
    return list(_all_statements(text, first, last))


@functools.lru_cache(maxsize=64)
def _all_statements(text: str, first: int, last: int) -> tuple[Stmt, ...]:
    out: dict[tuple[int, int], Stmt] = {}

    masked = _lines(text)[1]

    def walk(a: int, b: int) -> None:
        for st in statements(text, a, b):
            out.setdefault((st.start, st.end), st)
            depth, opened, paren = 0, 0, 0
            for no in range(st.start, st.end + 1):
                m = masked[no - 1].strip()
                if depth == 0 and opened and m.startswith("}"):
                    walk(opened + 1, no - 1)
                    opened = 0
                for c in m:
                    depth += {"{": 1, "}": -1}.get(c, 0)
                    paren += {"(": 1, ")": -1}.get(c, 0)
                    if c == "}" and depth == 0 and opened:
                        walk(opened + 1, no - 1)    # `} else {`: the block it closes
                        opened = 0
                if depth == 0 and opened:
                    walk(opened + 1, no - 1)
                    opened = 0
                if m.endswith("{") and depth == 1:
                    opened = no
                elif depth == 0 and paren == 0 and no > st.start and no == st.end and \
                        not masked[no - 2].strip().endswith(("{", ";", "}")):
                    walk(no, no)                 # `if (x)` / `\tfoo();`: the body line alone
    walk(first, last)
    return tuple(out[k] for k in sorted(out))


# ---------------------------------------------------------------- quoted lines


def _is_comment_start(code: str) -> bool:
    return code.startswith(("/*", "*"))


def line_groups(lines: list[str], code: Callable[[str], str] = lambda line: line) -> list[list[str]]:
    """LINES grouped into statements and comment blocks, for lines that need not be complete C (a
    quote): a line not ending in ; { } : or */ continues on the next one, a comment block (or the part
    of one the quote holds) is a group of its own, a preprocessor line stands alone.  CODE gives the
    C text of a line (a quoted diff line without its marker); the groups hold the lines as given."""
    groups: list[list[str]] = []
    cur: list[str] = []
    in_comment = False

    def flush_comment() -> None:
        nonlocal cur
        if cur and _is_comment_start(code(cur[0]).strip()):
            groups.append(cur)
            cur = []

    for q in lines:
        c = code(q).strip()
        if in_comment or c.startswith("/*"):
            in_comment = "*/" not in c
            if cur and not _is_comment_start(code(cur[0]).strip()):
                groups.append(cur)
                cur = []
            cur.append(q)
            if not in_comment:
                groups.append(cur)
                cur = []
            continue
        if c.startswith("*"):          # a comment quoted from its middle
            cur.append(q)
            if c.endswith("*/"):
                groups.append(cur)
                cur = []
            continue
        flush_comment()
        cur.append(q)
        if re.search(r"(;|\{|\}|:)\s*$", c) or c.startswith("#"):
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return groups
