"""Changelog lines: one short imperative line per applied suggestion, as kernel developers write them.

    - Use huge_pte_dirty() instead of pte_dirty() (David)
    - Make hsz const (David)
    - Add a comment "There is only a single mapping in a VMA" (David)

A line says what the rules did.  Each rule's recipe words its change (``Change.summary``); for code the
reviewer wrote (``replace-code``), the line says what that code changes, from the code itself: the
calls it brings in or drops, the value a variable now gets, the one short piece it replaces.  Several
rules serving one comment make one line.  Code appears only where it is short (identifiers, a call
name, a short expression), never as a statement with its ``;``.  A line longer than ``SOFT`` loses its
details, least useful first: the function it is in, what it replaces, a comment's text.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from patches.ctext import c_tokens, pretty
from patches.model import Change, Suggestion

SOFT = 80           # a line (without its credit) longer than this loses details
HARD = 100          # no line with its "- " and credit is longer than this
SHORT_CODE = 28     # longer code is shown by its call name: "test_bit()"

_COUNT = re.compile(r"\s*\(x\d+\)")
_MORE = re.compile(r"\s*\(and (\d+) more places? in the series\)")
_LIST_WHERE = re.compile(r"\s*\(in ([^()]*(?:\(\)[^()]*)*)\)$")
_COMMENT = re.compile(r"^\s*/\*+\s*|\s*\*+/\s*$")
_CALL = re.compile(r"\b([A-Za-z_]\w*)\(")
_NOT_CALLS = {"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__", "defined"}
_ASSIGN = {"=", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "<<=", ">>="}


@dataclass(frozen=True)
class Phrase:
    """One change in words: "Use <new>() instead of <old>() in <function>()" in its parts."""

    core: str               # "Use huge_pte_dirty()", "Add a comment"
    detail: str = ""        # shown in quotes after the core: a comment's text
    instead: str = ""       # what it replaces: "pte_dirty()"
    where: str = ""         # "try_to_unmap_one()" or "a(), b() and c()"
    more: int = 0           # other places of the series the rule changed as well

    def render(self) -> str:
        text = self.core
        if self.detail:
            text += f' "{self.detail}"'
        if self.instead:
            text += f" instead of {self.instead}"
        if self.where:
            text += f" in {self.where}" + (f" and {_places(self.more, 'more ')}" if self.more else "")
        elif self.more:
            text += f" in {_places(self.more + 1)}"
        return text


def _places(n: int, more: str = "") -> str:
    return f"{n} {more}place{'s' if n != 1 else ''}"


def _join_names(names: list[str]) -> str:
    """["a()", "b()", "c()"] -> "a(), b() and c()"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---- code ----

def short_code(text: str) -> str:
    """TEXT with each call longer than SHORT_CODE shown by its name (``test_bit(NR, &p->f)`` ->
    ``test_bit()``) and without statement ends (``;``)."""
    out, i = "", 0
    for m in _CALL.finditer(text):
        if m.start() < i:
            continue
        end = _closing(text, m.end() - 1)
        if end < 0 or end + 1 - m.start() <= SHORT_CODE:
            continue
        out += text[i:m.start()] + m.group(1) + "()"
        i = end + 1
    out += text[i:]
    return " ".join(re.sub(r"\s*;\s*", " ", out).split())


def _closing(text: str, at: int) -> int:
    """Index of the ")" closing the "(" at AT; -1 when it is not closed."""
    depth = 0
    for j in range(at, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _calls(toks: list[str]) -> list[str]:
    """The functions (and function-like macros) TOKS call, in order, each once."""
    out: list[str] = []
    for a, b in zip(toks, toks[1:], strict=False):
        if b == "(" and (a[0].isalpha() or a[0] == "_") and a not in _NOT_CALLS and a not in out:
            out.append(a)
    return out


def _statements(toks: list[str]) -> list[tuple[str, ...]]:
    """TOKS cut at ``;`` and braces: the simple statements, each as its tokens."""
    out: list[tuple[str, ...]] = []
    cur: list[str] = []
    for t in toks:
        if t in (";", "{", "}"):
            if cur:
                out.append(tuple(cur))
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(tuple(cur))
    return out


def _assigned(stmt: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """("size", value tokens) for ``[type] size = value``; None for anything else."""
    at = next((i for i, t in enumerate(stmt) if t == "="), -1)
    if at < 1 or "(" in stmt[:at] or stmt[at - 1] in ("+", "-", "*", "/", "|", "&", "^", "<", ">", "!"):
        return None
    name = stmt[at - 1]
    if not (name[0].isalpha() or name[0] == "_"):
        return None
    return name, stmt[at + 1:]


def _items(value: object) -> list[object]:
    """VALUE as a list of items: a list or tuple as it is, anything else (None, '') as no items."""
    return list(value) if isinstance(value, (list, tuple)) else []


def replaced_code(params: dict[str, object]) -> Phrase | None:
    """What the reviewer's code (params "old": the statements it replaces, "new": its lines) changes, in
    words: a variable's new value, the one short piece it replaces, the calls it brings in or drops."""
    old_src = " ".join(str(x) for x in _items(params.get("old")))
    new_src = " ".join(str(x) for x in _items(params.get("new")))
    if not old_src.strip() or not new_src.strip():
        return None
    where = f"{params['function']}()" if params.get("function") else ""
    old, new = c_tokens(old_src), c_tokens(new_src)
    olds, news = _statements(old), _statements(new)
    if len(olds) == 1 and len(news) == 1:
        a, b = _assigned(olds[0]), _assigned(news[0])
        if a and b and a[0] == b[0] and a[1] != b[1]:
            value = pretty(" ".join(b[1]))
            if len(value) <= SHORT_CODE:
                return Phrase(f"Set {a[0]} to {value}", where=where)
    regions = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(regions) == 1 and regions[0][0] == "replace":
        _, i1, i2, j1, j2 = regions[0]
        was, now = pretty(" ".join(old[i1:i2])), pretty(" ".join(new[j1:j2]))
        if len(was) <= SHORT_CODE and len(now) <= SHORT_CODE and not {";", "{", "}"} & set(old[i1:i2] + new[j1:j2]):
            return Phrase(f"Use {now}", instead=was, where=where)
    old_calls, new_calls = _calls(old), _calls(new)
    added = [f"{c}()" for c in new_calls if c not in old_calls]
    dropped = [f"{c}()" for c in old_calls if c not in new_calls]
    if added and dropped:
        return Phrase(f"Use {_join_names(added)}", instead=_join_names(dropped), where=where)
    if added:
        if set(olds) <= set(news):          # nothing of the old code changed: statements were added
            heads = [f"{c}()" for c in dict.fromkeys(_calls(list(s))[0] for s in news if s not in olds
                                                     and _calls(list(s)))]
            return Phrase(f"Add {_join_names(heads or added)}", where=where)
        return Phrase(f"Use {_join_names(added)}", where=where)
    common = [f"{c}()" for c in new_calls if c in old_calls]
    if len(new) < len(old) and common:
        return Phrase(f"Simplify the {common[0]} code", where=where)
    if dropped:
        return Phrase(f"Drop {_join_names(dropped)}", where=where)
    if common and len(olds) == len(news) == 1 and _calls(list(olds[0]))[:1] == _calls(list(news[0]))[:1]:
        return Phrase(f"Change the {_calls(list(news[0]))[0]}() arguments", where=where)
    return None


# ---- one rule's wording ----

def from_summary(summary: str, function: str = "") -> Phrase:
    """A recipe's wording of its change cut into its parts: the function it names ("in foo()", "(in a(),
    b())"), what it replaces ("instead of x()"), a comment's text ("Add a comment in foo(): /* text */")."""
    text = _COUNT.sub("", summary).strip()
    more = 0
    m = _MORE.search(text)
    if m:
        more = int(m.group(1))
        text = (text[:m.start()] + text[m.end():]).strip()
    where = ""
    if function and (text.endswith(f" in {function}()") or f" in {function}(): " in text):
        where = f"{function}()"         # at the end (or before a comment's text): it may go
        text = text.replace(f" in {function}()", "", 1)
    else:
        m = _LIST_WHERE.search(text)
        if m:
            names = [n.strip() for n in m.group(1).split(",") if n.strip()]
            where, text = _join_names(names) if names else "", text[:m.start()]
    detail = ""
    head, sep, rest = text.partition(": ")
    if sep and '"' not in head and rest.strip():
        detail = " ".join(_COMMENT.sub("", rest).replace(";", ",").split()).rstrip(".").replace('"', "'")
        text = head
    instead = ""
    head, sep, rest = text.partition(" instead of ")
    if sep and rest.strip():
        text, instead = head, rest.strip()
    return Phrase(short_code(text), detail, short_code(instead), where, more)


def phrase(change: Change) -> Phrase:
    """The words for one rule's change: for the reviewer's own code what it changes, else the recipe's
    wording."""
    function = str(change.params.get("function") or "")
    if change.kind == "replace-code":
        p = replaced_code(change.params)
        if p is not None:
            return p
        if ";" in change.summary or len(change.summary) > SOFT:
            return Phrase("Use the suggested code", where=f"{function}()" if function else "")
    return from_summary(change.summary, function)


# ---- the line ----

def _fits(parts: list[Phrase], limit: int) -> bool:
    return len(merge(parts)) <= limit


def merge(parts: list[Phrase]) -> str:
    """PARTS as one line: "Use a() instead of b(), make x const"."""
    texts = [p.render() for p in parts if p.core]
    texts = list(dict.fromkeys(texts))
    out = ", ".join(t if i == 0 or not re.match(r"[A-Z][a-z]+\b", t) else t[:1].lower() + t[1:]
                    for i, t in enumerate(texts))
    return out[:1].upper() + out[1:]


def _with(p: Phrase, detail: str, value: str) -> Phrase:
    """P with its DETAIL ("where", "instead" or "detail") set to VALUE."""
    if detail == "where":
        return replace(p, where=value)
    if detail == "instead":
        return replace(p, instead=value)
    return replace(p, detail=value)


def shortened(parts: list[Phrase], limit: int = SOFT) -> list[Phrase]:
    """PARTS with details dropped until their line fits LIMIT: the functions first, then what they
    replace, then comment texts, each from the last part to the first; then what was dropped is put
    back where it still fits, most useful first."""
    steps = [(i, f) for f in ("where", "instead", "detail") for i in reversed(range(len(parts)))]
    cur = list(parts)
    done: list[tuple[int, str]] = []
    for i, f in steps:
        if _fits(cur, limit):
            break
        if getattr(cur[i], f):
            cur[i] = _with(cur[i], f, "")
            done.append((i, f))
    for i, f in reversed(done):
        trial = list(cur)
        trial[i] = _with(trial[i], f, getattr(parts[i], f))
        if _fits(trial, limit):
            cur = trial
    return cur


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 3].rsplit(" ", 1)[0].rstrip(",") + "..."


def entry(s: Suggestion, credit: str = "") -> str:
    """The changelog line of the applied suggestion S, CREDIT appended (" (David)")."""
    function = str(s.params.get("function") or s.anchor.function or "")
    if s.changes:
        parts = [phrase(c) for c in s.changes]
    elif s.summary.strip():
        parts = [from_summary(s.summary, function)]
    else:
        first = re.split(r"(?<=[.?!])\s", " ".join(s.comment.split()), maxsplit=1)[0].rstrip(".?!")
        parts = [Phrase(short_code(first))]
    more = sum(1 for p in s.propagation if p.get("applied"))
    if more and parts and not parts[0].more:
        parts[0] = replace(parts[0], more=more)
    return _cut(merge(shortened(parts)), HARD - 2 - len(credit)) + credit
