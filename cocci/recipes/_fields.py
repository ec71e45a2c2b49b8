"""Open-coded register fields on a line: `(reg & MASK) >> SHIFT` is `FIELD_GET(MASK, reg)` and
`(val << SHIFT) & MASK` is `FIELD_PREP(MASK, val)` (<linux/bitfield.h>) exactly when MASK is a constant
whose set bits are one run and SHIFT is the place of its lowest bit.

What is proven, else the field is found with the reason it cannot be rewritten:
  - MASK is a name defined to a constant or a `GENMASK()`/`BIT()` written in place (a bare literal is
    no name: which name it gets is the author's), its bits one run (FIELD_*() refuse others at build);
  - SHIFT (a literal or a name defined to one) is the mask's lowest bit: `(reg & 0xf0) >> 2` is no field;
  - the value is no constant, and for FIELD_GET() its declared type is wide enough for the mask (the
    kernel's build check "type of reg too small for mask");
  - nothing next to the open code binds tighter than its outer operator (`a + (r & M) >> S` shifts the sum).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from cocci.recipes import _constexpr as K

_PATH = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[\s*\w+\s*\])*"
_HELPER = r"(?:BIT|BIT_ULL|GENMASK|GENMASK_ULL)\s*\([^()]*\)"
_OPND = rf"(?:{_HELPER}|{_PATH}|(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*)"
_SHIFT = r"(?:\(\s*(?:[A-Za-z_]\w*|\d+[uUlL]*)\s*\)|[A-Za-z_]\w*|\d+[uUlL]*)"
_GET = rf"\(\s*(?P<a>{_OPND})\s*&\s*(?P<b>{_OPND})\s*\)\s*>>\s*(?P<s>{_SHIFT})"
_PREP = (rf"\(\s*(?P<v>{_OPND})\s*<<\s*(?P<s>{_SHIFT})\s*\)\s*&\s*(?P<m>{_OPND})"
         rf"|(?P<m2>{_OPND})\s*&\s*\(\s*(?P<v2>{_OPND})\s*<<\s*(?P<s2>{_SHIFT})\s*\)")
# what may stand right before / after each form without binding tighter than its outer operator
_ASSIGN = r"(?:(?<![=!<>])|(?<=<<)|(?<=>>))="
_BEFORE_OK = {"FIELD_GET": rf"(?:^|[(,?:{{;]|{_ASSIGN}|[=!<>]=|&&|\|\||(?<![<>&|-])[<>&|^]|\breturn|\bcase)$",
              "FIELD_PREP": rf"(?:^|[(,?:{{;]|{_ASSIGN}|&&|\|\||(?<![&|])[&|^]|\breturn|\bcase)$"}
_AFTER_OK = {"FIELD_GET": r"(?:$|[),;?:}\]]|&&|\|\||[=!<>]=|[<>](?![<>])|&|\||\^|<<|>>)",
             "FIELD_PREP": r"(?:$|[),;?:}\]]|&&|\|\||&(?!&)|\|(?!\|)|\^)"}


@dataclass(frozen=True)
class Field:
    start: int                  # span of the open code on the (masked) line
    end: int
    head: str                   # FIELD_GET or FIELD_PREP
    mask: str                   # the mask as written
    value: str                  # the register (FIELD_GET) or the field's value (FIELD_PREP) as written
    problem: str                # why it cannot be rewritten; "" when it can
    literal: bool               # the mask is a bare literal (no name for the field)

    @property
    def call(self) -> str:
        return f"{self.head}({self.mask}, {self.value})"

    @property
    def unnamed(self) -> str:
        """Why a request that names no mask leaves this field alone: its problem, or its bare mask."""
        return self.problem or (f"the mask `{self.mask}` is a bare literal: which name the field gets (a GENMASK() "
                                "#define) is the author's" if self.literal else "")


def squash(text: str) -> str:
    """TEXT with its spaces as the call is written: one between words, none around `->`, `.`, `[`."""
    return re.sub(r"\s*(->|\.|\[|\])\s*", r"\1", re.sub(r"\s+", " ", text.strip()))


def _outer(line: str, a: int, b: int) -> tuple[int, int]:
    """A, B widened over parentheses that hold exactly LINE[A:B] (`((v << 4) & M)`)."""
    while True:
        left, right = line[:a].rstrip(), line[b:].lstrip()
        if not (left.endswith("(") and right.startswith(")")):
            return a, b
        before = left[:-1].rstrip()
        if re.search(r"[\w\]]$", before) and not re.search(r"\breturn$", before):   # a call's, an if's: not ours
            return a, b
        a, b = len(left) - 1, len(line) - len(right) + 1


def fields(line: str, look: K.Lookup, width: Callable[[str], int | None]) -> list[Field]:
    """The open-coded fields of LINE (comments and strings masked), each with its problem or "";
    WIDTH gives the declared width in bits of a register operand (None when not known)."""
    out = []
    for head, rx in (("FIELD_GET", _GET), ("FIELD_PREP", _PREP)):
        for m in re.finditer(rx, line):
            called = re.search(r"([A-Za-z_]\w*)\s*$", line[:m.start()])
            if called is not None and called.group(1) not in ("return", "case"):
                continue                                    # `foo(x & M) >> S`: a call's argument
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            if head == "FIELD_GET":
                mask_text, value_text = _which_mask(g["a"], g["b"], look)
            else:
                mask_text, value_text = g.get("m", g.get("m2", "")), g.get("v", g.get("v2", ""))
            shift_text = g.get("s", g.get("s2", "")).strip("() \t")
            a, b = _outer(line, m.start(), m.end())
            problem = _context(line, a, b, head) or \
                _proof(head, mask_text, value_text, shift_text, look, width(value_text))
            literal = re.fullmatch(r"(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*", mask_text.strip()) is not None
            out.append(Field(a, b, head, squash(mask_text), squash(value_text), problem, literal))
    return out


def _which_mask(a: str, b: str, look: K.Lookup) -> tuple[str, str]:
    """(mask, register) of the operands of `(A & B)`: the constant one is the mask."""
    return (b, a) if K.evaluate(a, look) is None or K.evaluate(b, look) is not None else (a, b)


def _context(line: str, a: int, b: int, head: str) -> str:
    before, after = line[:a].rstrip(), line[b:].lstrip()
    if re.search(_BEFORE_OK[head], before) and re.match(_AFTER_OK[head], after):
        return ""
    return f"`{squash(line[a:b])}` is an operand of the code around it, not a whole value: {head}() would " \
        "change what binds to what"


def _proof(head: str, mask_text: str, value_text: str, shift_text: str, look: K.Lookup, width: int | None) -> str:
    """Why `mask, value, shift` is not a field FIELD_GET()/FIELD_PREP() can stand for; "" when it is."""
    code = f"`{squash(mask_text)}`"
    mask = K.evaluate(mask_text, look)
    if mask is None or mask == 0:
        return f"the mask {code} is not defined to a constant in the file or the headers it includes"
    low = (mask & -mask).bit_length() - 1
    if (mask >> low) & ((mask >> low) + 1):
        return f"the mask {code} ({mask:#x}) is not one run of bits: {head}() refuses it"
    shift = K.evaluate(shift_text, look)
    if shift is None:
        return f"the shift `{shift_text}` is not defined to a constant in the file or the headers it includes"
    if shift != low:
        return f"the shift `{shift_text}` ({shift}) is not the lowest bit of {code} ({mask:#x}, bit {low}): " \
            f"{head}() would shift by {low}"
    if K.evaluate(value_text, look) is not None:
        return f"`{squash(value_text)}` is a constant: a field of a constant is the author's to name"
    if head == "FIELD_GET" and width is not None and mask >> width:
        return f"`{squash(value_text)}` is {width} bits wide, narrower than the mask {code} ({mask:#x}): " \
            "FIELD_GET() refuses it at build time"
    return ""
