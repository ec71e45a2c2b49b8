"""struct_size() for a size written with the element type of the flexible array: "Use struct_size()." under
`t = kzalloc(sizeof(*t) + n * sizeof(struct foo_entry), GFP_KERNEL);` (or `sizeof(struct foo) + n *
sizeof(u32)`, the product in either order) -> `t = kzalloc(struct_size(t, entries, n), GFP_KERNEL);`.

Evidence: the comment names struct_size() as a wish (use-helper's words, or the name alone), and one quoted
line holds the sum as the whole of an argument or value.  The struct is the pointer's (`struct foo *t`,
the one `sizeof(struct foo)` names); its definition (in the file, a file of the patch or a header the file
includes) must end with a flexible array member whose element type is the one written, blanks aside.  A
struct not found, one that ends with no flexible array, or another element type (`u16` counted for a `u32`
array) is manual: the member to name, or the amount, is for the author.  The forms that name the member
(`sizeof(p->m[0])`, `sizeof(*p->m)`) are use-helper's.  A verified text edit of the line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes._c_types import header_paths, includes
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes._operand_types import operand_type
from cocci.recipes.use_helper import WISH
from patches.ctext import mask
from patches.model import Suggestion

_TYPE = r"(?:(?:struct|union|enum|const|unsigned|signed|long|short)\s+)*[A-Za-z_]\w*(?:\s*\*)*"
_COUNT = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*|\d+"
_BASE = r"sizeof\s*\(\s*(?:\*\s*(?P<p>[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)|struct\s+(?P<s>[A-Za-z_]\w*))\s*\)"
# the sum, alone between `(`/`,`/`=` and `,`/`)`/`;`: the whole of the size
_SUM = re.compile(rf"(?<=[(,=])\s*(?P<sum>{_BASE}\s*\+\s*(?:(?P<n1>{_COUNT})\s*\*\s*sizeof\s*\(\s*(?P<t1>{_TYPE})\s*\)|"
                  rf"sizeof\s*\(\s*(?P<t2>{_TYPE})\s*\)\s*\*\s*(?P<n2>{_COUNT})))\s*(?=[,);])")
# the last member of a struct body: `type name[];` (an attribute such as __counted_by(n) after it)
_FLEX = re.compile(r"(?:^|[;{}])\s*(?P<t>(?:[A-Za-z_]\w*\s+)+?\**)\s*(?P<m>[A-Za-z_]\w*)\s*\[\s*0?\s*\]"
                   r"(?:\s*[A-Za-z_]\w*\s*\([^()]*\))*\s*;\s*$")


@dataclass(frozen=True)
class StructSizeParams(InFunction):
    old: list[str]               # the line as it is
    new: list[str]               # the same with struct_size()
    line: int


def _blank(t: str) -> str:
    return re.sub(r"\s*\*", "*", " ".join(t.split()))


def struct_body(texts: list[str], struct: str) -> str | None:
    """The body (masked, between `{` and the `}` at the start of a line) of the one definition of STRUCT
    that TEXTS hold, None when none or several differ."""
    bodies = set()
    for t in texts:
        m = mask(t)
        for d in re.finditer(rf"\bstruct\s+{re.escape(struct)}\s*\{{", m):
            close = m.find("\n}", d.end())
            if close >= 0:
                bodies.add(m[d.end():close])
    return bodies.pop() if len(bodies) == 1 else None


def flexible_member(body: str) -> tuple[str, str] | None:
    """(the member, its element type with blanks folded) of the flexible array BODY ends with; None when
    its last member is none."""
    m = _FLEX.search(body.rstrip())
    return (m.group("m"), _blank(m.group("t"))) if m else None


def _texts(ctx: CodeContext) -> list[str]:
    """The file, the patch's files and the headers the file includes that the tree holds."""
    out = [ctx.text, *ctx.files.values()]
    if ctx.tree_read is None:
        return out
    for system, name in includes(ctx.text):
        for path in header_paths(ctx.path, system, name):
            text = None if path in ctx.files else ctx.tree_read(path)
            if text is not None:
                out.append(text)
                break
    return out


class StructSize(LinesEdit[StructSizeParams]):
    kind = "struct-size"
    order = Phase.OPEN_CODED
    supersedes = ("use-helper", "alloc-array")
    changed = "the quoted size"
    notes = ("The size of the struct and of its flexible array, written with the element type, becomes "
             "struct_size() of the array member (checked against the struct's definition); a verified text "
             "edit of that line.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[StructSizeParams] | None:
        comment = " ".join(s.comment.split())
        if "struct_size" not in E.named_identifiers(comment) or E.rejected(comment, "struct_size") or not ctx.text:
            return None
        if not (E.has_any(comment, WISH) or "?" in comment or len(comment.split()) <= 3 or
                E.names_the_code(comment, "struct_size")):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        src, masked = ctx.text.splitlines(), mask(ctx.text).splitlines()
        hits = [(n, m) for n in range(first, last + 1) for m in _SUM.finditer(masked[n - 1])]
        if len(hits) != 1:
            return None
        line, m = hits[0]
        texts = _texts(ctx)
        pointer = m.group("p") or self._assigned(masked[line - 1], m.group("s"))
        if pointer is None:
            raise Manual(f"the size of struct {m.group('s')} is not assigned to a pointer to it on the line: "
                         "which pointer struct_size() takes is for the author")
        typ = operand_type(ctx.text, fn, pointer, texts) or ""
        st = re.fullmatch(r"struct ([A-Za-z_]\w*) \*", typ)
        if st is None or m.group("s") and st.group(1) != m.group("s"):
            raise Manual(f"{pointer} is {typ or 'of a type respin cannot read'}, not a pointer to the struct "
                         "sized: struct_size() of it would size another struct")
        struct = st.group(1)
        body = struct_body(texts, struct)
        if body is None:
            raise Manual(f"struct {struct} is defined neither in {ctx.path} nor in a header it includes: which "
                         "member struct_size() counts is for the author")
        flex = flexible_member(body)
        if flex is None:
            raise Manual(f"struct {struct} ends with no flexible array member: struct_size() is for one")
        member, elem = flex
        written = _blank(m.group("t1") or m.group("t2"))
        if written != elem:
            raise Manual(f"the flexible array {member} of struct {struct} holds {elem}, the size counts "
                         f"sizeof({written}): struct_size() would size another amount")
        count = " ".join((m.group("n1") or m.group("n2")).split())
        call = f"struct_size({' '.join(pointer.split())}, {member}, {count})"
        old = src[line - 1]
        span = m.span("sum")
        new = old[:span[0]] + call + old[span[1]:]
        return Plan(self.kind, slug="struct-size", order=self.order, files=[ctx.path],
                    params=StructSizeParams(fn.name, old=[old], new=[new], line=line),
                    summary=f"Use struct_size() in {fn.name}()")

    @staticmethod
    def _assigned(line: str, struct: str) -> str | None:
        """The pointer LINE (masked) assigns a value to, declared there as `struct STRUCT *` or not."""
        m = re.match(rf"\s*(?:struct\s+{re.escape(struct)}\s*\*\s*)?([A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)"
                     r"\s*=(?!=)", line)
        return m.group(1) if m else None


RECIPE = StructSize()
