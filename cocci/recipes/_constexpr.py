"""The value of a constant integer expression as a driver writes its register fields: literals, object-like
macros (looked up through a reader), `BIT()`, `BIT_ULL()`, `GENMASK()`, `GENMASK_ULL()`, parentheses, and
the operators `<<`, `>>`, `|`, `&`, `^`, `+`, `-`, `*`.  Anything else (a cast, `~`, a function-like macro
of the driver, a value that would be negative or wider than 64 bits) has no value here: None, so that a
recipe that must prove two constants agree says it cannot.
"""
from __future__ import annotations

import re
from typing import Callable

# NAME -> the bodies of its object-like `#define`s (several when the files define it more than once)
Lookup = Callable[[str], list[str]]

_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*(?![\w.])|([A-Za-z_]\w*)|(<<|>>|[-+*&|^(),]))")
_BINARY = [("|",), ("^",), ("&",), ("<<", ">>"), ("+", "-"), ("*",)]
_HELPERS = {"BIT": 1, "BIT_ULL": 1, "GENMASK": 2, "GENMASK_ULL": 2}
_LIMIT = 1 << 64
MAX_DEPTH = 8


def _tokens(expr: str) -> list[str] | None:
    out, i, text = [], 0, expr.rstrip()
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None:
            return None
        out.append(m.group(m.lastindex or 0) if m.group(1) is None else str(int(m.group(1), 0)))
        i = m.end()
    return out


def evaluate(expr: str, lookup: Lookup, depth: int = 0) -> int | None:
    """The value of EXPR, macros read through LOOKUP (each must have one value), or None."""
    toks = _tokens(expr)
    if toks is None or not toks or depth > MAX_DEPTH:
        return None
    parser = _Parser(toks, lookup, depth)
    value = parser.binary(0)
    return value if parser.pos == len(toks) and value is not None else None


def macro_value(name: str, lookup: Lookup, depth: int = 0) -> int | None:
    """The value NAME's definitions agree on, or None (undefined, defined to different values, or to no
    constant)."""
    bodies = lookup(name)
    values = {evaluate(b, lookup, depth + 1) for b in bodies}
    return values.pop() if len(values) == 1 else None


def defines(texts: list[str]) -> Lookup:
    """A lookup of the object-like `#define`s of TEXTS (comments and continuation lines dropped)."""
    def look(name: str) -> list[str]:
        rx = re.compile(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}(?:[ \t]+((?:[^\n]*\\\n)*[^\n]*)|[ \t]*$)",
                        re.M)
        out = []
        for t in texts:
            for m in rx.finditer(t):
                body = re.sub(r"\\\n", " ", m.group(1) or "")
                body = re.sub(r"/\*.*?\*/|//.*$", " ", body, flags=re.S).strip()
                out.append(body)
        return out
    return look


class _Parser:
    def __init__(self, toks: list[str], lookup: Lookup, depth: int) -> None:
        self.toks, self.lookup, self.depth, self.pos = toks, lookup, depth, 0

    def _peek(self) -> str:
        return self.toks[self.pos] if self.pos < len(self.toks) else ""

    def _take(self, tok: str) -> bool:
        if self._peek() == tok:
            self.pos += 1
            return True
        return False

    def binary(self, level: int) -> int | None:
        if level == len(_BINARY):
            return self.primary()
        left = self.binary(level + 1)
        while left is not None and self._peek() in _BINARY[level]:
            op = self.toks[self.pos]
            self.pos += 1
            right = self.binary(level + 1)
            left = None if right is None else _apply(op, left, right)
        return left

    def primary(self) -> int | None:
        tok = self._peek()
        self.pos += 1
        if tok.isdigit():
            return int(tok)
        if tok == "(":
            value = self.binary(0)
            return value if self._take(")") else None
        if tok in _HELPERS:
            return self._helper(tok)
        if re.fullmatch(r"[A-Za-z_]\w*", tok):
            return macro_value(tok, self.lookup, self.depth)
        return None

    def _helper(self, name: str) -> int | None:
        if not self._take("("):
            return None
        args = [self.binary(0)]
        while self._take(","):
            args.append(self.binary(0))
        if not self._take(")") or len(args) != _HELPERS[name] or None in args:
            return None
        a = [x for x in args if x is not None]
        if name.startswith("BIT"):
            return 1 << a[0] if a[0] < 64 else None
        high, low = a
        return ((1 << (high + 1)) - 1) & ~((1 << low) - 1) if low <= high < 64 else None


def _apply(op: str, a: int, b: int) -> int | None:
    if op in ("<<", ">>") and b >= 64:
        return None
    value = {"|": a | b, "^": a ^ b, "&": a & b, "<<": a << b, ">>": a >> b, "+": a + b, "-": a - b,
             "*": a * b}[op]
    return value if 0 <= value < _LIMIT else None
