"""Just enough C to find things: tokens, and the functions of a file with their line ranges.

This is not a C parser.  It masks comments and string literals, then finds
top-level brace blocks that follow a ``name(...)`` header.  spatch is the
authority on what parses; this module only says where to look.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\S")


def tokens(code: str) -> list[str]:
    """C-ish tokens of CODE; whitespace and line breaks do not matter."""
    return _TOKEN.findall(code)


def token_spans(code: str) -> list[re.Match[str]]:
    """The tokens of CODE as matches, with where each stands (``tokens`` with offsets)."""
    return list(_TOKEN.finditer(code))


def norm(code: str) -> str:
    """CODE with its whitespace normalized token by token (for comparing quoted and real lines)."""
    return " ".join(tokens(code))


_SUFFIX = re.compile(r"[uUlL]{1,3}")
_KEYWORDS = {"if", "for", "while", "switch", "return", "case", "do", "else", "goto"}
_OPENERS = {"(", "[", "!", "~", "->", "."}
_TIGHT_BEFORE = {")", "]", ",", ";", "->", ".", "++", "--"}


def c_tokens(code: str) -> list[str]:
    """``tokens`` with a number and its suffix kept together (``1000000 LLU`` -> ``1000000LLU``)."""
    out: list[str] = []
    for tok in tokens(code):
        if out and _SUFFIX.fullmatch(tok) and out[-1][:1].isdigit() and not _SUFFIX.search(out[-1][-1]):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _unary(prev: str | None) -> bool:
    """Whether an operator after PREV is a prefix one (``&x``, ``*p``, ``-1``)."""
    return prev is None or prev in _KEYWORDS or not (prev[0].isalnum() or prev[0] == "_" or prev in (")", "]"))


def pretty(code: str) -> str:
    """CODE (also as ``norm`` spaced it) written the way kernel code is: ``!test_bit(NR, &cmd->flags)``,
    ``'N'``, ``(u64)val2``, ``x += 1000000LLU``.  For showing code to people; nothing compares it."""
    out = ""
    prev: str | None = None
    before: str | None = None
    quote = ""                  # inside a string or char literal: its quote
    parens: list[bool] = []     # per open "(": whether it groups (neither a call nor after a keyword)
    cast = False                # the ")" just written closed a grouping paren: a cast when a value follows
    for tok in c_tokens(code):
        if quote:
            out += (" " if prev and prev[-1].isalnum() and tok[0].isalnum() else "") + tok
            if tok == quote:
                quote = ""
            before, prev = prev, tok
            continue
        word = prev is not None and (prev[0].isalnum() or prev[0] == "_" or prev in (")", "]"))
        tight = (prev is None or tok in _TIGHT_BEFORE or prev in _OPENERS
                 or (tok in ("(", "[") and word and prev not in _KEYWORDS)
                 or (tok == "=" and prev in ("+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"))
                 or (prev in ("&", "*", "-", "+") and _unary(before))
                 or (cast and (tok[0].isalnum() or tok[0] == "_" or tok == "(")))
        out += tok if tight else " " + tok
        cast = False
        if tok == "(":
            parens.append(not word or prev == "return")
        elif tok == ")":
            cast = parens.pop() if parens else False
        elif tok in ("'", '"'):
            quote = tok
        before, prev = prev, tok
    return out


# comments, then string and char literals (an unterminated one runs to the end of its line)
_LITERAL = re.compile(r"""/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*(?:"|$)|'(?:\\.|[^'\\\n])*(?:'|$)""",
                      re.S | re.M)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(m: re.Match) -> str:
    s = m.group()
    if s[0] == "/":
        return _NOT_NEWLINE.sub(" ", s)
    q = s[0]
    closed = len(s) > 1 and s.endswith(q) and not s.endswith("\\" + q) or len(s) > 2 and s.endswith("\\\\" + q)
    inner = s[1:-1] if closed else s[1:]
    return q + " " * len(inner) + (q if closed else "")


@functools.lru_cache(maxsize=32)
def mask(text: str) -> str:
    """TEXT with comments, string and char literals replaced by spaces (newlines kept)."""
    return _LITERAL.sub(_blank, text)


@dataclass(frozen=True)
class Function:
    name: str
    start: int       # 1-based line of the header's first line
    body_start: int  # 1-based line of the opening brace
    end: int         # 1-based line of the closing brace

    def contains(self, line: int) -> bool:
        return self.start <= line <= self.end


_HEADER = re.compile(r"([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(?:__\w+(?:\([^)]*\))?\s*)*$", re.S)


def functions(text: str) -> list[Function]:
    """The function definitions of a C file, in order."""
    return list(_functions(text))


@functools.lru_cache(maxsize=32)
def _functions(text: str) -> tuple[Function, ...]:
    m = mask(text)
    result: list[Function] = []
    depth = 0
    line = 1
    seg_start = 0          # offset where the current top-level declaration began
    open_at = -1
    open_line = 0
    for i, c in enumerate(m):
        if c == "\n":
            line += 1
        elif c == "{":
            if depth == 0:
                open_at, open_line = i, line
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and open_at >= 0:
                head = m[seg_start:open_at]
                # strip preprocessor lines from the header area
                head_clean = re.sub(r"(?m)^\s*#.*$", "", head).rstrip()
                hm = _HEADER.search(head_clean)
                if hm and not re.search(r"=\s*$", head_clean) and hm.group(1) not in (
                        "if", "for", "while", "switch"):
                    first = seg_start + len(head) - len(head.lstrip())
                    # the header begins on the first non-blank line of the segment
                    hdr_line = m.count("\n", 0, first) + 1
                    result.append(Function(hm.group(1), hdr_line, open_line, line))
                open_at = -1
                seg_start = i + 1
            elif depth < 0:
                depth = 0
        elif c == ";" and depth == 0:
            seg_start = i + 1
    return tuple(result)


def function_named(text: str, name: str) -> Function | None:
    return next((f for f in functions(text) if f.name == name), None)


def function_at(text: str, line: int) -> Function | None:
    return next((f for f in functions(text) if f.contains(line)), None)
