"""Give a quoted local the type the reviewer names: "u64, the multiplication overflows otherwise." under
`u32 duty;`, "This should be size_t.", "Make it unsigned long." under a declaration of one local.

Evidence: the comment is a C type (the kernel's fixed-width types, the integer types, `size_t`, `ssize_t`,
`bool`) on its own or after "should be", "make it", "use", with anything after it a reason; the quoted lines
hold one declaration of a single local of the anchored function (of several, the one on the line right above
the comment), of another integer type.  The local's address is never taken in the function (a `u32 *` handed
on would no longer point at a u32), it is not an argument of a call with a format string (its conversion
would no longer fit) and not under `sizeof`, it is not given a constant the new type cannot hold nor
compared with one beyond it (`i < 256` for a u8 always holds), and when the new type is unsigned and the
old one signed, it is never given a negative value nor compared below zero
(an error code kept in it would be lost), and made `bool`, it is given no number (`found = 0;`, `n++`: its
values change with the type): otherwise manual, saying which.  The same type made unsigned is
make-unsigned's.  Only the type of the declaration changes.  A verified text edit.  A type named for a
struct member is manual, saying so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _style as ST
from cocci.recipes._operand_types import operand_type
from cocci.recipes.drop_unused_name import uses_changed_later
from cocci.recipes.rename_ident import struct_bodies
from patches.ctext import mask, norm, statements
from patches.model import Suggestion

_INT = (r"(?:unsigned\s+|signed\s+)?(?:long\s+long|long|short|char|int)(?:\s+int)?|unsigned|"
        r"__[us](?:8|16|32|64)|[us](?:8|16|32|64)|u?int(?:8|16|32|64)_t|size_t|ssize_t|bool")
_TYPE = re.compile(rf"^(?:nit:\s*)?(?:(?:this|it|that)\s+)?(?:should\s+be|could\s+be|can\s+be|make\s+it|make\s+this|"
                   rf"use|please\s+use)?\s*(?:an?\s+)?`?(?P<t>{_INT})`?(?:\s*(?:please|here|instead))*"
                   # "u16 is enough here", "size_t would do": the type named as what suffices
                   rf"(?:\s+(?:is|would\s+be|will\s+be)\s+(?:enough|sufficient|plenty)|\s+(?:would|will)\s+do|"
                   rf"\s+suffices)?(?:\s*(?:please|here|instead))*\s*(?:[,.;:!?]|$)", re.I)
_DECL = re.compile(rf"^(?P<indent>\s*)(?P<type>(?:const\s+)?(?:{_INT}))\s+(?P<name>[A-Za-z_]\w*)\s*"
                   rf"(?P<rest>(?:=[^,;]*)?;.*)$")


_UNSIGNED = re.compile(r"unsigned\b.*|__u\d+|u\d+|uint\d+_t|size_t|bool")
_BITS = {"char": 8, "short": 16, "int": 32, "long": 64, "long long": 64, "size_t": 64, "ssize_t": 64}


def _bits(typ: str) -> int | None:
    """The width in bits of the integer type TYP (long as on 64-bit machines), None for bool."""
    m = re.search(r"(\d+)", typ)
    if m:
        return int(m.group(1))
    base = " ".join(w for w in typ.split() if w not in ("unsigned", "signed")).replace(" int", "") or "int"
    return None if typ == "bool" else _BITS.get(base, 32)


def _lost(name: str, new_type: str, old_type: str, body: str) -> str:
    """Why a value NAME holds in the masked BODY (from its declaration on) would not survive NEW_TYPE, or ""."""
    n = re.escape(name)
    unsigned = _UNSIGNED.fullmatch(new_type) is not None
    if unsigned and _UNSIGNED.fullmatch(old_type) is None and \
            re.search(rf"(?<![\w.>]){n}\s*(?:<\s*0\b|>=\s*0\b|=\s*-(?!=))|\bIS_ERR_VALUE\s*\(\s*{n}\b", body):
        return f"{name} holds or is tested for a negative value: {new_type} cannot hold one"
    if new_type == "bool" and old_type != "bool":
        told = re.search(rf"(?<![\w.>]){n}\s*(?:=\s*(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*[;,)]|\+\+|--|[-+*/|&^]=)|"
                         rf"(?:\+\+|--)\s*{n}\b", body)
        if told:
            return (f"{name} is given numbers ({' '.join(told.group(0).split())}): as a bool it takes true and "
                    "false, and the type and every value stored in it change together, which is for the author")
    width = _bits(new_type)
    for m in re.finditer(rf"(?<![\w.>]){n}\s*=\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*[;,)]", body):
        value = int(m.group(1), 0)
        if width is None and value > 1 or width is not None and value >= 1 << (width - (0 if unsigned else 1)):
            return f"{name} is given {m.group(1)}, which {new_type} cannot hold"
    if width is not None:
        top = (1 << (width - (0 if unsigned else 1))) - 1
        # `i < 256` with i a u8 always holds: the loop it bounds would never end
        for m in re.finditer(rf"(?<![\w.>]){n}\s*(<=|>=|==|!=|<|>)\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", body):
            value = int(m.group(2), 0)
            if value > top or value == top and m.group(1) in ("<=", ">"):
                return (f"{name} is compared with {m.group(2)} ({' '.join(m.group(0).split())}): as {new_type} the "
                        "comparison would always come out the same")
    return ""


_OPERAND = r"[A-Za-z_][\w]*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*"


def _outgrown(name: str, new_type: str, old_type: str, body: str, bound_type: Callable[[str], str | None]) -> str:
    """Why NAME, made the narrower NEW_TYPE, may no longer compare as it did in the masked BODY: it is
    compared with a variable or member (`i < ring->count`) of a type respin cannot read, or wider than
    NEW_TYPE (BOUND_TYPE gives the declared type of such an operand): the comparison may always come out
    the same, a loop bounded by it never end; '' otherwise."""
    new_bits, old_bits = _bits(new_type), _bits(old_type)
    if new_bits is None or old_bits is None or new_bits >= old_bits:
        return ""
    n = re.escape(name)
    for m in re.finditer(rf"(?<![\w.>]){n}\s*(?:<=|>=|==|!=|<|>)\s*({_OPERAND})(?!\s*\()|"
                         rf"(?<![\w.>])({_OPERAND})\s*(?:<=|>=|==|!=|<|>)\s*{n}\b", body):
        other = " ".join((m.group(1) or m.group(2)).split())
        if re.fullmatch(r"[A-Z][A-Z0-9_]*", other):
            continue                # a constant's name: _lost() reads literals, a macro is the author's
        have = bound_type(other)
        width = _bits(have) if have else None
        if width is None or width > new_bits:
            return (f"{name} is compared with {other} ({have or 'a type respin cannot read'}): as {new_type} the "
                    "comparison may always come out the same (a loop bounded by it would not end), which is for "
                    "the author")
    return ""


def asked_type(comment: str) -> str | None:
    """The type COMMENT names as the one to use, or None."""
    m = _TYPE.match(" ".join(comment.split()))
    return " ".join(m.group("t").split()) if m else None


@dataclass(frozen=True)
class RetypeLocalParams(InFunction):
    name: str                    # the local
    old: list[str]               # its declaration line
    new: list[str]               # the same with the new type
    line: int                    # where it is


def _member(s: Suggestion, ctx: CodeContext) -> str:
    """"NAME is a member of struct TAG" when the quote's last code line is the declaration of one member
    of one struct of the file (of an integer type); '' otherwise."""
    code = [c for c in (s.anchor.code or E.quote_code(s.quoted)) if c.strip()]
    m = _DECL.match(mask(code[-1])) if code else None
    if m is None:
        return ""
    src = ctx.text.splitlines()
    hits = [n for n, ln in enumerate(src, 1) if norm(ln) == norm(code[-1])]
    tags = [tag for tag, a, b, members in struct_bodies(ctx.text) for n in hits
            if a < n < b and m.group("name") in members]
    return f"{m.group('name')} is a member of struct {tags[0]}" if len(tags) == 1 else ""


class RetypeLocal(LinesEdit[RetypeLocalParams]):
    kind = "retype-local"
    remark_asks = True          # its Manual comes once the comment named a type
    order = Phase.QUALIFIERS
    changed = "the quoted declaration"
    notes = ("Only the declaration's type changes; the local's address is never taken and it is "
             "never printed with a format.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RetypeLocalParams] | None:
        new_type = asked_type(s.comment)
        code = [c.strip().rstrip(";") for c in E.reviewer_code(s) if c.strip()]
        if new_type is None or not ctx.text or code and code != [new_type]:     # "u64" alone reads as code
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            member = _member(s, ctx)
            if member:
                raise Manual(f"{member}: its type goes with every use of it, which is for the author")
            return None
        first, last = E.anchor_range(s, ctx, fn)
        lines = ctx.text.splitlines()
        decls = [(st.start, m) for st in statements(ctx.text, first, last) if st.start == st.end
                 for m in [_DECL.match(mask(st.code))] if m]
        if len(decls) > 1 and decls[-1][0] == last:
            decls = decls[-1:]          # several quoted: the one right above the comment
        if len(decls) != 1:
            return None
        line, m = decls[0]
        old_type, name = " ".join(m.group("type").split()), m.group("name")
        if old_type == new_type or f"unsigned {old_type}" == new_type or \
                (old_type == "int" and new_type in ("unsigned", "unsigned int")):
            return None             # nothing to do, or make-unsigned's
        body = "\n".join(mask(ctx.text).splitlines()[line:fn.end - 1])
        n = re.escape(name)
        lost = _lost(name, new_type, old_type, mask(lines[line - 1]) + "\n" + body)
        if lost:
            raise Manual(lost)
        texts = [ctx.text, *ctx.files.values()]
        outgrown = _outgrown(name, new_type, old_type, body, lambda x: operand_type(ctx.text, fn, x, texts))
        if outgrown:
            raise Manual(outgrown)
        if re.search(rf"(?<!&)&\s*{n}\b(?!\s*(?:->|\.|\[))", body):
            raise Manual(f"the address of {name} is taken in {fn.name}(): what it is handed to expects {old_type}")
        if re.search(rf"\bsizeof\s*\(?\s*{n}\b", body):
            raise Manual(f"{fn.name}() takes sizeof({name}): the size would change with the type")
        if uses_changed_later(ctx, fn.name, name):
            raise Manual(f"a later patch of the series changes the uses of {name} in {fn.name}(): whether they hold "
                         f"with {new_type} is for the author")
        src_body = "\n".join(lines[line:fn.end - 1])
        for call in re.finditer(r"\b\w+\s*\((?:[^()]|\([^()]*\))*\"(?:[^()]|\([^()]*\))*\)", src_body):
            if re.search(rf"(?<![\w.>]){n}\b", mask(call.group(0))) and "%" in call.group(0):
                raise Manual(f"{name} is printed with a format in {fn.name}(): its conversion would have to "
                             f"change with the type, which is for the author")
        src = lines[line - 1]
        a, b = m.span("type")
        new = ST.replaced_in_column(src, a, b, src[a:b].replace(src[a:b].strip(), new_type, 1))
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=RetypeLocalParams(fn.name, name=name, old=[src], new=[new], line=line),
                    summary=f"Declare {name} as {new_type} in {fn.name}()")



RECIPE = RetypeLocal()
