"""Declarations and the uses of a name: what a statement declares, where a name is read or written.

One reading of a declaration serves every caller: ``declaration`` parses the statement, and
``is_declaration``, ``decl_parts`` and ``declared_names`` are views of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext.functions import function_named
from patches.ctext.lex import KEYWORDS, STATEMENT_KEYWORDS, mask, split_commas, top_level

# type words (qualifiers, `struct x`, pointer stars), the declarator's name, array bounds, then an
# initializer or further declarators
_TYPE = r"(?P<type>(?:[A-Za-z_]\w*\s+|\*\s*)*?[A-Za-z_]\w*[\s*]+)(?P<name>[A-Za-z_]\w*)\s*"
_DECL = re.compile(r"^" + _TYPE + r"(?P<array>(?:\[[^\]]*\]\s*)*)(?:=\s*(?P<init>.*)|(?P<more>,.*))?;$", re.S)
# the first line of a declaration that may go on over the next lines
_DECL_START = re.compile(r"^" + _TYPE + r"(?:=|;|\[|,)")
_DECLARATOR = re.compile(r"^[\s*]*(?P<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:=.*)?$", re.S)
_DEFINE = re.compile(r"(DEFINE|DECLARE)_\w+\s*\(")


@dataclass(frozen=True)
class Declaration:
    """What a declaration statement declares: its first declarator, and whether there are more."""

    type: str           # the type as written before the first name, blanks folded (`struct foo *`)
    name: str           # the first declarator's name
    init: str | None    # its initializer, stripped (None without one)
    array: bool         # the first declarator has array bounds
    single: bool        # one declarator only

    @property
    def pointer(self) -> bool:
        return "*" in self.type

    @property
    def words(self) -> list[str]:
        """The identifier words of the type (`const`, `struct`, `foo`)."""
        return re.findall(r"[A-Za-z_]\w*", self.type)


def _match(stmt: str, pattern: re.Pattern[str] = _DECL) -> tuple[re.Match[str], int] | None:
    """The declaration match of STMT's masked text (stripped), with the offset it starts at in STMT."""
    m = mask(stmt)
    lead = len(m) - len(m.lstrip())
    dm = pattern.match(m.strip())
    if not dm:
        return None
    words = re.findall(r"[A-Za-z_]\w*", dm.group("type"))
    if not words or words[0] in STATEMENT_KEYWORDS or dm.group("name") in KEYWORDS:
        return None
    return dm, lead


def declaration(stmt: str) -> Declaration | None:
    """STMT (one statement, `;` included) read as a declaration; None when it is something else."""
    found = _match(stmt)
    if found is None:
        return None
    m, lead = found
    single = m.group("more") is None
    init = None
    if m.group("init") is not None:
        init = stmt[lead + m.start("init"):lead + m.end("init")].strip()
        single = len(split_commas(init)) == 1
    typ = " ".join(m.group("type").split()).replace("* ", "*").strip()
    return Declaration(typ, m.group("name"), init, bool(m.group("array")), single)


def is_declaration(stmt: str) -> bool:
    """Whether STMT declares something (a DEFINE_x() / DECLARE_x() line counts)."""
    if _DEFINE.match(mask(stmt).strip()):
        return True
    return declaration(stmt) is not None


def begins_declaration(line: str) -> bool:
    """Whether LINE starts a declaration (`struct foo *p = bar(a,` counts: the rest may follow)."""
    return _match(line, _DECL_START) is not None


def decl_parts(stmt: str) -> tuple[str, str, str | None] | None:
    """(type, name, initializer or None) of a declaration of one plain variable (no array, no list)."""
    d = declaration(stmt)
    if d is None or not d.single or d.array:
        return None
    return d.type, d.name, d.init


def declared_names(stmt: str) -> list[str]:
    """The names every declarator of declaration STMT declares (`int a, *b = x, c[2];`: a, b, c)."""
    found = _match(stmt)
    if found is None:
        return []
    m, _ = found
    declarators = m.string[m.start("name"):].rstrip().removesuffix(";")
    names = []
    for part in split_commas(declarators):
        dm = _DECLARATOR.match(part)
        if dm and dm.group("name") not in KEYWORDS and dm.group("name") not in names:
            names.append(dm.group("name"))
    return names


# ---------------------------------------------------------------- uses of a name


def occurrences(masked: str, name: str, start: int, end: int) -> list[int]:
    """Offsets of identifier NAME in MASKED[start:end] (not as a member after . or ->)."""
    out = []
    word = re.escape(name)
    # \bNAME\b, with the leading \b asked after the name: a pattern that starts with the name itself is
    # looked for at C speed (the name is rare in a file; every offset would be tried for a leading \b)
    for m in re.finditer(rf"{word}(?<=\b{word})\b", masked[start:end]):
        k = start + m.start()
        j = k
        while j and masked[j - 1].isspace():
            j -= 1
        if masked.endswith((".", "->"), 0, j):
            continue
        out.append(k)
    return out


def writes(masked: str, name: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end) where NAME is assigned, incremented, or has its address taken."""
    out = []
    for k in occurrences(masked, name, start, end):
        after = masked[k + len(name):end]
        before = masked[start:k].rstrip()
        if re.match(r"\s*(=(?!=)|\+=|-=|\*=|/=|%=|&=|\|=|\^=|<<=|>>=|\+\+|--)", after):
            out.append(k)
        elif before.endswith("++") or before.endswith("--"):
            out.append(k)
        elif before.endswith("&") and not re.search(r"(&&|[\w)\]]\s*&)$", before) \
                and not re.match(r"\s*->", after):
            # `&p->member` takes the address of what p points to, not of p
            out.append(k)
    return out


def passed(masked: str, name: str, start: int, end: int) -> bool:
    """True when NAME is passed to a call (as an argument) in [start, end): the callee may change
    what it points to."""
    for k in occurrences(masked, name, start, end):
        before = masked[start:k].rstrip()
        after = masked[k + len(name):end].lstrip()
        if (before.endswith("(") or before.endswith(",")) and after[:1] in (",", ")"):
            return True
    return False


def read_names(expr: str) -> list[str]:
    """Identifiers EXPR reads (not called functions, not members, not keywords), in order."""
    m = mask(expr)
    names = []
    for t in re.finditer(r"[A-Za-z_]\w*", m):
        w = t.group(0)
        rest = m[t.end():].lstrip()
        before = m[:t.start()].rstrip()
        if rest.startswith("(") or w in KEYWORDS:
            continue
        if before.endswith(".") or before.endswith("->"):
            continue
        if w not in names:
            names.append(w)
    return names


def needs_parens(expr: str) -> bool:
    """True when EXPR is not a primary/postfix expression (identifier, call, member, literal)."""
    m = mask(expr).strip()
    if re.fullmatch(r"[A-Za-z_]\w*|\d+\w*|0[xX][0-9a-fA-F]+\w*", m):
        return False
    for i in top_level(m):
        c = m[i]
        if not (c.isalnum() or c in "_." or c.isspace()) and not m.startswith("->", i) and not m[i - 1:i + 1] == "->":
            return True
    return False


def rename_tokens(text: str, old: str, new: str, functions: tuple[str, ...] | list[str] = ()) -> str:
    """TEXT with the identifier OLD written NEW wherever it is code (not in comments or strings); with
    FUNCTIONS, only inside those functions' definitions (a local's rename)."""
    masked = mask(text)
    spans: list[tuple[int, int]] = [(0, len(text))]
    if functions:
        starts = [0]
        for line in text.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        spans = []
        for name in functions:
            f = function_named(text, name)
            if f is not None:
                spans.append((starts[f.start - 1], starts[min(f.end, len(starts) - 1)]))
    out, last = [], 0
    for m in re.finditer(rf"(?<![\w]){re.escape(old)}(?![\w])", masked):
        if any(a <= m.start() < b for a, b in spans):
            out += [text[last:m.start()], new]
            last = m.end()
    return "".join(out) + text[last:]
