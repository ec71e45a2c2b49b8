"""The lexical layer: tokens, masking, keywords, line offsets, bracket matching, top-level splitting.

Everything that looks for structure works on masked text (comments and literals blanked, lengths
kept), so that an offset found there indexes the real text too.
"""
from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

_TOKEN = re.compile(r"[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\S")


def tokens(code: str) -> list[str]:
    """C-ish tokens of CODE; whitespace and line breaks do not matter."""
    return _TOKEN.findall(code)


def same_tokens(a: str, b: str) -> bool:
    """Whether ``tokens(a) == tokens(b)``, told from the stretch where A and B differ: no token holds
    white space, so text up to (or from) a white space character splits into the same tokens alone
    as within the whole; the common start and end of A and B, each cut at white space, are left out."""
    if a == b:
        return True
    same = _common_prefix(a, b)
    end = _common_prefix(a[same:][::-1], b[same:][::-1])        # the common end, after the common start
    start = next((i for i in range(same - 1, -1, -1) if a[i].isspace()), 0)
    cut = next((k for k in range(end, 0, -1) if a[len(a) - k].isspace()), 0)
    return tokens(a[start:len(a) - cut]) == tokens(b[start:len(b) - cut])


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common start of A and B (halving: slices compare at C speed)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def token_spans(code: str) -> list[re.Match[str]]:
    """The tokens of CODE as matches, with where each stands (``tokens`` with offsets)."""
    return list(_TOKEN.finditer(code))


def norm(code: str) -> str:
    """CODE with its whitespace normalized token by token (for comparing quoted and real lines)."""
    return _norm_snippet(code) if len(code) < _SNIPPET_MAX else _norm_file(code)


_SNIPPET_MAX = 16384     # lines, quotes, statements: many kept; whole files (up to megabytes): a few


@functools.lru_cache(maxsize=8192)      # the lines of a file's versions (and quotes of them) come back often
def _norm_snippet(code: str) -> str:
    return " ".join(tokens(code))


@functools.lru_cache(maxsize=16)
def _norm_file(code: str) -> str:
    # no token holds a line break: the tokens of the file are those of its lines, and a new version of
    # the file shares nearly all its lines with the last one
    return " ".join(filter(None, map(_norm_line, code.split("\n"))))


@functools.lru_cache(maxsize=16384)
def _norm_line(line: str) -> str:
    return " ".join(tokens(line))


_SUFFIX = re.compile(r"[uUlL]{1,3}")
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
    return prev is None or prev in _STATEMENT_WORDS or not (prev[0].isalnum() or prev[0] == "_" or prev in (")", "]"))


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
                 or (tok in ("(", "[") and word and prev not in _STATEMENT_WORDS)
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


def _blank(m: re.Match) -> str:
    s = m.group()
    if s[0] == "/":         # every character a space but the line breaks (one join, not one sub per character)
        return "\n".join(" " * len(part) for part in s.split("\n"))
    q = s[0]
    closed = len(s) > 1 and s.endswith(q) and not s.endswith("\\" + q) or len(s) > 2 and s.endswith("\\\\" + q)
    inner = s[1:-1] if closed else s[1:]
    return q + " " * len(inner) + (q if closed else "")


def mask(text: str) -> str:
    """TEXT with comments, string and char literals replaced by spaces (newlines kept)."""
    return _mask_snippet(text) if len(text) < _SNIPPET_MAX else _mask_file(text)



@functools.lru_cache(maxsize=128)
def _mask_snippet(text: str) -> str:
    return _LITERAL.sub(_blank, text)


@functools.lru_cache(maxsize=32)
def _mask_file(text: str) -> str:
    base = _RECENT_MASKS.latest()
    done = _remasked(base, text) if base is not None else _masked(text)
    _RECENT_MASKS.put(text, done)
    return done.masked


_T = TypeVar("_T")


class Recent(Generic[_T]):
    """The last few results of a text function, by text, for a text's next version to start from (it
    mostly differs from the last one in one place).  Runs share it between threads: a lock keeps it whole."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[str, _T] = {}
        self._lock = threading.Lock()

    def latest(self) -> _T | None:
        with self._lock:
            return next(reversed(self._items.values()), None)

    def put(self, text: str, value: _T) -> None:
        with self._lock:
            self._items.pop(text, None)
            self._items[text] = value
            while len(self._items) > self._size:
                del self._items[next(iter(self._items))]


@dataclass(frozen=True)
class _Masked:
    """A text, its mask, and the spans of the comments and literals blanked in it (in order)."""
    text: str
    masked: str
    spans: tuple[tuple[int, int], ...]


_RECENT_MASKS: Recent[_Masked] = Recent(8)    # the last files masked


def _masked(text: str) -> _Masked:
    spans = tuple(m.span() for m in _LITERAL.finditer(text))
    return _Masked(text, _LITERAL.sub(_blank, text), spans)


def _remasked(base: _Masked, text: str) -> _Masked:
    """The mask of TEXT from BASE (another version): BASE's mask before the first change and after the
    last one, TEXT masked in between.  No literal reads behind its start or past the character after its
    end, so the scan of TEXT stands where BASE's stood up to an offset before the first change, and from
    an offset in the common end where neither scan is inside a literal both blank the same."""
    old = base.text
    same = _common_prefix(old, text)
    tail = _common_prefix(old[same:][::-1], text[same:][::-1])
    shift = len(old) - len(text)
    ends = [e for _, e in base.spans]
    k = bisect.bisect_left(ends, same)              # the first literal of BASE not over before SAME
    a = max(0, min(same - 1, base.spans[k][0] if k < len(base.spans) else same - 1))
    k = bisect.bisect_left(ends, a + 1)             # the literals of BASE over by A stay
    pieces = [base.masked[:a]]
    spans = list(base.spans[:k])
    pos = a
    tail_from = len(text) - tail
    for mt in [*_LITERAL.finditer(text, a), None]:
        limit = mt.start() if mt else len(text)
        b = max(pos, tail_from)
        if b <= limit:
            j = bisect.bisect_left(ends, b + shift + 1)    # the first literal of BASE ending after B
            if j < len(ends) and base.spans[j][0] < b + shift:
                b, j = ends[j] - shift, j + 1              # B is inside it: from its end on
            if b <= limit:
                pieces += [text[pos:b], base.masked[b + shift:]]
                spans += [(x - shift, y - shift) for x, y in base.spans[j:]]
                return _Masked(text, "".join(pieces), tuple(spans))
        if mt is None:
            break
        pieces += [text[pos:mt.start()], _blank(mt)]
        spans.append(mt.span())
        pos = mt.end()
    pieces.append(text[pos:])
    return _Masked(text, "".join(pieces), tuple(spans))


# ---------------------------------------------------------------- keywords

# storage classes, qualifiers and the built-in type names
TYPE_KEYWORDS = frozenset("""
auto char const double enum extern float inline int long register restrict short signed static struct
typedef union unsigned void volatile bool _Bool
""".split())
# the words a statement (or an expression that is no call) starts with
STATEMENT_KEYWORDS = frozenset("""
break case continue default do else for goto if return sizeof switch while
""".split())
# the statement words after which an operator is a prefix one and a parenthesis groups (`pretty`)
_STATEMENT_WORDS = STATEMENT_KEYWORDS - {"break", "continue", "default", "sizeof"}
# the constants every kernel file has: words that are values, not names of anything declared
CONSTANTS = frozenset({"true", "false", "NULL"})
# every word that is not an identifier of the program
KEYWORDS = TYPE_KEYWORDS | STATEMENT_KEYWORDS | CONSTANTS
# C11's underscore keywords and the GNU extensions kernel code writes like calls or qualifiers
COMPILER_KEYWORDS = frozenset("""
_Complex _Atomic _Alignas _Alignof _Generic _Noreturn _Static_assert typeof __typeof__ asm __asm__ __attribute__
""".split())


# ---------------------------------------------------------------- lines

_NEWLINE = re.compile(r"\n")


def line_offsets(text: str) -> list[int]:
    """Offsets at which the lines of TEXT start (one more than the lines when TEXT ends with a newline)."""
    return list(_line_starts(text))


@functools.lru_cache(maxsize=32)
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *[m.end() for m in _NEWLINE.finditer(text)])


@functools.lru_cache(maxsize=32)
def _split(text: str, keepends: bool) -> tuple[str, ...]:
    return tuple(text.splitlines(keepends))


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """``TEXT.splitlines(KEEPENDS)``, each text split once: the checks ask for the lines of the same file
    versions (and of their masks) many times.  A new list each time: callers may change it."""
    return list(_split(text, keepends))


def line_at(offs: list[int], off: int) -> int:
    """The 1-based line holding offset OFF, given the line_offsets() of the text."""
    return bisect.bisect_right(offs, off)


def line_of(text: str, off: int) -> int:
    """The 1-based line of TEXT holding offset OFF."""
    return text.count("\n", 0, off) + 1


def offset_of_line(text: str, line: int) -> int:
    """Offset at which 1-based LINE of TEXT starts (len(TEXT) past the last line)."""
    offs = line_offsets(text)
    return offs[line - 1] if 1 <= line <= len(offs) else (0 if line < 1 else len(text))


# ---------------------------------------------------------------- brackets

_PAIRS = {"{": "}", "(": ")", "[": "]"}
_BRACKET = re.compile(r"[\[\](){}]")


def closing(masked: str, i: int) -> int:
    """Offset of the bracket closing the one at I in MASKED text.  A closer of the wrong kind ends the
    bracket where it stands (unbalanced text, e.g. around #if branches); -1 when the text ends first."""
    stack: list[str] = []
    for m in _BRACKET.finditer(masked, i):       # only the brackets matter: skip the rest at C speed
        c = m.group()
        if c in _PAIRS:
            stack.append(_PAIRS[c])
        elif not stack or stack.pop() != c or not stack:
            return m.start()
    return -1


def opening(masked: str, i: int, opener: str = "(") -> int:
    """Offset of the OPENER (`(`, `[` or `{`) still open at offset I of MASKED, looking back over the
    pairs of that kind closed in between (other brackets are not counted); -1 when there is none."""
    closer = _PAIRS[opener]
    depth = 0
    while i > 0:
        i -= 1
        c = masked[i]
        if c == closer:
            depth += 1
        elif c == opener:
            if depth == 0:
                return i
            depth -= 1
    return -1


@dataclass(frozen=True)
class Span:
    """A piece of a text: where it starts and ends, and the 1-based line it starts on."""

    start: int          # offset of the first character in the text
    end: int            # offset after the last character
    line: int           # 1-based line of START

    def of(self, text: str) -> str:
        return text[self.start:self.end]


def trimmed(text: str, a: int, b: int) -> Span:
    """TEXT[A:B] without its surrounding blanks, as a Span."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b, line_of(text, a))


def top_level(masked: str, a: int = 0, b: int | None = None) -> Iterator[int]:
    """The offsets in MASKED[A:B] (masked text) of the characters outside any brackets, in order; the
    brackets themselves are not among them."""
    depth = 0
    for i in range(a, len(masked) if b is None else b):
        c = masked[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            yield i


def split_top(text: str, masked: str, a: int, b: int, sep: str = ",") -> list[Span]:
    """TEXT[A:B] split at the SEP characters outside brackets (MASKED is TEXT masked): the arguments
    between a call's parentheses, the declarators of a declaration.  Nothing when the range is blank."""
    out: list[Span] = []
    start = a
    for i in top_level(masked, a, b):
        if masked[i] == sep:
            out.append(trimmed(text, start, i))
            start = i + 1
    last = trimmed(text, start, b)
    if last.start < last.end or out:
        out.append(last)
    return out


def split_args(text: str, masked: str, open_at: int, close_at: int) -> tuple[str, ...]:
    """The texts of the arguments between the parentheses at OPEN_AT and CLOSE_AT, stripped."""
    return tuple(sp.of(text) for sp in split_top(text, masked, open_at + 1, close_at))


def split_commas(code: str) -> list[str]:
    """CODE split at its top-level commas (commas in literals and comments do not count), stripped."""
    return [sp.of(code) for sp in split_top(code, mask(code), 0, len(code))]
