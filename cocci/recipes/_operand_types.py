"""The declared type of a simple operand (a variable, or one member of a struct variable), read
from the C text the way the recipes read declarations: enough to tell that the kernel's min(),
max() and clamp() would refuse their operands (they want one type; min_t() names it)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from patches.ctext import Function, mask

# the width in bits of the integer types (a cast, a declaration) (long as on 64-bit machines)
WIDTHS = {**{t: 8 for t in ("char", "signed char", "unsigned char", "u8", "s8", "__u8", "__s8", "bool")},
           **{t: 16 for t in ("short", "unsigned short", "u16", "s16", "__u16", "__s16", "__le16", "__be16")},
           **{t: 32 for t in ("int", "unsigned int", "unsigned", "u32", "s32", "__u32", "__s32", "__le32",
                              "__be32")},
           **{t: 64 for t in ("long", "unsigned long", "long long", "unsigned long long", "u64", "s64", "__u64",
                              "__s64", "size_t", "ssize_t", "loff_t", "__le64", "__be64", "uintptr_t")}}


_QUALIFIERS = {"const", "volatile", "register", "static"}
_NOT_TYPES = {"return", "else", "case", "goto", "sizeof", "do", "typeof", "__typeof__"}


def _type_words(words: str, stars: str) -> str | None:
    ws = [w for w in words.split() if w not in _QUALIFIERS]
    if not ws or ws[0] in _NOT_TYPES or ws[-1] in _NOT_TYPES:
        return None
    return " ".join(ws) + (" " + stars if stars else "")


def _declared(masked: str, name: str) -> set[str]:
    """The types MASKED declares NAME with (`unsigned long n`, `struct foo *p`, a parameter too)."""
    rx = rf"(?:^|(?<=[;{{}}(,]))\s*((?:[A-Za-z_]\w*\s+)+?)(\**)\s*{re.escape(name)}\s*(?=[,;=)\[])"
    out = set()
    for m in re.finditer(rx, masked, re.M):
        t = _type_words(m.group(1), m.group(2))
        if t is not None:
            out.add(t)
    return out | _declared_after_comma(masked, name)


def _declared_after_comma(masked: str, name: str) -> set[str]:
    """The types MASKED declares NAME with as a later declarator of a list, `int i, val;` for `val`: the
    type words of the list's first declarator, with NAME's own stars."""
    out = set()
    for m in re.finditer(rf",\s*(\**)\s*{re.escape(name)}\s*(?=[,;=\[])", masked):
        start = max(masked.rfind(c, 0, m.start()) for c in ";{}") + 1
        head = masked[start:m.start()]
        if head.count("(") != head.count(")") or head.count("[") != head.count("]"):
            continue                    # a comma inside a call or a parameter list
        first = re.match(r"\s*((?:[A-Za-z_]\w*\s+)+?)\**\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)?(?:=|,|$)", head)
        t = _type_words(first.group(1), m.group(1)) if first else None
        if t is not None:
            out.add(t)
    return out


def _struct_bodies(texts: list[str], struct: str) -> Iterator[str]:
    """The bodies (masked, between `{` and the closing brace at the start of a line) of every
    definition of STRUCT in TEXTS."""
    for t in texts:
        m = mask(t)
        for d in re.finditer(rf"\bstruct\s+{re.escape(struct)}\s*\{{", m):
            close = m.find("\n}", d.end())
            if close >= 0:
                yield m[d.end():close]


def _member_types(texts: list[str], struct: str, member: str) -> set[str]:
    out: set[str] = set()
    rx = rf"(?:^|(?<=[;{{}}]))\s*((?:[A-Za-z_]\w*\s+)+?)(\**)\s*{re.escape(member)}\s*(?:\[[^\]]*\]\s*)?;"
    for body in _struct_bodies(texts, struct):
        for x in re.finditer(rx, body, re.M):
            ty = _type_words(x.group(1), x.group(2))
            if ty is not None:
                out.add(ty)
    return out


def operand_type(text: str, fn: Function, expr: str, texts: list[str]) -> str | None:
    """The declared type of EXPR in function FN of TEXT: a variable declared there (a parameter or a
    local), or `v->m` / `v.m` of a struct variable declared there whose struct one of TEXTS defines.
    None when it is anything else or the declarations do not say one type."""
    e = re.sub(r"\s+", "", expr)
    masked = "\n".join(mask(text).splitlines()[fn.start - 1:fn.end])
    if re.fullmatch(r"[A-Za-z_]\w*", e):
        found = _declared(masked, e)
        return found.pop() if len(found) == 1 else None
    m = re.fullmatch(r"([A-Za-z_]\w*)(->|\.)([A-Za-z_]\w*)", e)
    if m is None:
        return None
    base = _declared(masked, m.group(1))
    if len(base) != 1:
        return None
    sm = re.fullmatch(r"struct ([A-Za-z_]\w*)(?: (\*))?", base.pop())
    if sm is None or (sm.group(2) is not None) != (m.group(2) == "->"):
        return None
    found = _member_types(texts, sm.group(1), m.group(3))
    return found.pop() if len(found) == 1 else None


def member_declarator(texts: list[str], struct: str, member: str) -> str | None:
    """How STRUCT declares MEMBER in one of TEXTS: `*name`, `name[]`, `name[4]`, `name` (blanks
    folded); None when no text defines the struct with that member, or they disagree."""
    found: set[str] = set()
    rx = rf"(?:^|(?<=[;{{}}]))\s*(?:[A-Za-z_]\w*\s+)+?(\**)\s*({re.escape(member)})\s*((?:\[[^\]]*\]\s*)*);"
    for body in _struct_bodies(texts, struct):
        for x in re.finditer(rx, body, re.M):
            found.add(x.group(1) + x.group(2) + re.sub(r"\s+", "", x.group(3)))
    return found.pop() if len(found) == 1 else None
