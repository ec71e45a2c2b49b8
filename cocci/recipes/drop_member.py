"""Drop a struct member the series adds and nothing reads: "this member is set but never read", "field
foo is never used, drop it", under a quote of the member (or of an assignment to it).

Evidence: the comment says the member is unused, never read or not needed (or asks to drop it and names
it); the quote declares the member in a struct definition of the anchored file, or assigns to a member
the comment names that one struct of the series' files declares.  The member must be new in the series
(absent from the struct before it, or on a quoted `+` line when that is unknown), so nothing outside the
series' files can use it; or no file of the tree outside the series' files may name it (`git grep -w`).

Every `->name` and `.name` in the series' files is looked at: through a variable declared as another
struct it is not this member; through one declared as this struct it must be a plain statement
`var->name = value;` whose value has no side effects (no call, assignment or ++/--), and those
statements go with the member.  Left to people, with the reason: a read, a use the base of which is not
a plain variable of a known struct type, a designated initializer of the struct, offsetof() or
container_of() on it, a macro, a later patch of the series using it, an assignment that is the body of
an `if`/loop or shares its line with other code.  SmPL removes the member and the assignments; the
check compares every file with the same edit done as text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.drop_param_doc import RECIPE as DOC
from cocci.recipes.drop_unused_parameter import DEFINE, UNUSED, asks_to_drop, side_effects, users_outside
from patches.ctext import (closing, function_at, functions, line_of, mask, norm, opening, split_lines,
                           split_top)
from patches.model import Suggestion

# "set but never read", "only ever written", "write-only"
NEVER_READ = re.compile(r"\b(?:never|not|nothing|nobody|no one)\s+(?:\w+\s+){0,2}(?:reads?|uses?)\b|"
                        r"\bwrite[- ]only\b|\bonly\s+(?:ever\s+)?(?:written|set|assigned)\b", re.I)
# what else "drop it" under a member may be about
_OTHER_THING = re.compile(r"\b(?:comment|blank|line|space|cast|type|attribute|__\w+|packed|const|volatile)s?\b", re.I)


@dataclass(frozen=True)
class Member:
    name: str
    start: int              # offset of the declaration's first character
    end: int                # offset just after its ';'
    array: bool             # `char label[16];`
    plain: bool             # one declarator, `type name;` or `type name[N];` (no bit-field, no function pointer)


@dataclass(frozen=True)
class StructDef:
    name: str
    open_at: int            # offset of its "{"
    close_at: int           # offset of its "}"
    members: list[Member]   # its direct members (those of nested structs and unions are not)


def structs(text: str) -> list[StructDef]:
    """The `struct name { ... }` definitions of TEXT outside functions."""
    return list(_structs(text))


@functools.lru_cache(maxsize=32)
def _structs(text: str) -> tuple[StructDef, ...]:
    """structs(), read once per file version: every comment of a review on the file asks again."""
    m = mask(text)
    fns = functions(text)
    out = []
    for x in re.finditer(r"\bstruct\s+([A-Za-z_]\w*)\s*\{", m):
        line = line_of(text, x.start())
        if any(f.start <= line <= f.end for f in fns):
            continue
        open_at = x.end() - 1
        close = closing(m, open_at)
        if close < 0:
            continue
        out.append(StructDef(x.group(1), open_at, close, _members(text, m, open_at, close)))
    return tuple(out)


def _members(text: str, m: str, open_at: int, close: int) -> list[Member]:
    out = []
    for sp in split_top(text, m, open_at + 1, close, sep=";"):
        piece = m[sp.start:sp.end].strip()
        if not piece or "{" in piece or piece.startswith("#"):
            continue
        end = m.find(";", sp.end)
        if end < 0 or end > close:
            continue
        fp = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", piece)
        named = re.search(r"([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*(:\s*\w+)?$", piece)
        name = fp.group(1) if fp else named.group(1) if named else ""
        if not name:
            continue
        plain = fp is None and named is not None and named.group(3) is None and \
            len(split_top(text, m, sp.start, sp.end)) == 1 and len(piece.split()) >= 2
        # the span starts after the ';' before it: past a comment that ends the line above
        start = sp.start + len(m[sp.start:sp.end]) - len(m[sp.start:sp.end].lstrip())
        out.append(Member(name, start, end + 1, bool(named and named.group(2)), plain))
    return out


def fixed_layout(path: str, text: str, sd: StructDef) -> str:
    """Why SD's layout may be fixed (an interface, a device's or a disk's format), '' when nothing says so."""
    m = mask(text)
    body = m[sd.open_at:sd.close_at]
    after = m[sd.close_at:sd.close_at + 80]
    if "/uapi/" in f"/{path}":
        return "is in a uapi header"
    if re.search(r"__packed|__attribute__\s*\(\(\s*(?:__)?packed|__aligned|__attribute__\s*\(\(\s*(?:__)?aligned",
                 m[max(0, sd.open_at - 80):sd.open_at] + body + after):
        return "is packed or aligned"
    if re.search(r"\b__[lb]e(?:16|32|64)\b", body):
        return "has members of a fixed byte order"
    if re.search(rf"\b(?:BUILD_BUG_ON|static_assert|_Static_assert)\s*\([^;]*\bstruct\s+{re.escape(sd.name)}\b", m):
        return "has its size or layout checked at build time"
    if _bytes_copied(m, sd.name):
        return "has its bytes copied to or from user space, a device or a checksum"
    return ""


# calls that move a struct's bytes across an interface: its layout is then a format
_BYTE_CALLS = re.compile(r"\b(?:copy_(?:to|from)_user|memcpy_(?:to|from)io|regmap_(?:bulk|raw|noinc)_\w+|"
                         r"i2c_\w+|spi_\w+|\w+_(?:read|write)_block\w*|nvmem_\w+|crc\w*|\w*hash\w*|"
                         r"simple_read_from_buffer|memcmp)\s*\(")


def _bytes_copied(m: str, sname: str) -> bool:
    """Whether masked M passes the size of struct SNAME (or of a variable of it) to a call that moves its
    bytes across an interface (_BYTE_CALLS)."""
    names = set(re.findall(rf"\bstruct\s+{re.escape(sname)}\s*\**\s*([A-Za-z_]\w*)\s*[;,=)\[]", m))
    sizes = [rf"struct\s+{re.escape(sname)}"] + [rf"\*?\s*{re.escape(n)}" for n in names]
    size = rf"sizeof\s*\(?\s*(?:{'|'.join(sizes)})\s*\)?"
    for c in _BYTE_CALLS.finditer(m):
        close = closing(m, c.end() - 1)
        if close > 0 and re.search(size + r"(?![\w\[.]|->)", m[c.end():close]):
            return True
    return False


def by_position(text: str, sname: str) -> int:
    """The line of an initializer of struct SNAME (a variable, an array of them, a compound literal) that gives
    a value by position rather than by `.member =`; 0 when there is none."""
    m = mask(text)
    starts = [x.end() - 1 for x in re.finditer(
        rf"\bstruct\s+{re.escape(sname)}\s+(?:const\s+)?[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*="
        rf"\s*\{{|\(\s*(?:const\s+)?struct\s+{re.escape(sname)}\s*\)\s*\{{", m)]
    for sd in structs(text):        # `struct S { ... } list[] = {`
        if sd.name == sname:
            x = re.match(r"\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*=\s*\{", m[sd.close_at + 1:])
            if x:
                starts.append(sd.close_at + x.end())
    for open_at in starts:
        close = closing(m, open_at)
        if close < 0:
            return line_of(text, open_at)
        array = re.search(r"\]\s*=\s*\{$", m[max(0, open_at - 40):open_at + 1]) is not None
        groups = [open_at]
        if array:               # each element of an array of them: `{ ... }` or `[i] = { ... }`
            groups = []
            for sp in split_top(text, m, open_at + 1, close):
                if not _item(m, sp.start, sp.end):
                    continue
                brace = m.find("{", sp.start, sp.end)
                if brace < 0:
                    return line_of(text, sp.start)
                groups.append(brace)
        for g in groups:
            items = [(sp, _item(m, sp.start, sp.end)) for sp in split_top(text, m, g + 1, closing(m, g))]
            if [i for _, i in items if i] == ["0"]:
                continue                # `{ 0 }`: all zero, whatever the members
            for sp, item in items:
                if item and not item.startswith("."):
                    return line_of(text, sp.start)
    return 0


def _item(m: str, a: int, b: int) -> str:
    """The masked text of an initializer item without preprocessor lines."""
    return re.sub(r"^[ \t]*#.*$", "", m[a:b], flags=re.M).strip()


def _line_span(text: str, a: int, b: int) -> tuple[int, int]:
    """The offsets of the whole lines holding [A, B), with their newline."""
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    return lo, len(text) if hi < 0 else hi + 1


def _with_comment_above(text: str, lo: int, floor: int) -> int:
    """LO moved up over the comment-only lines right above it (not above FLOOR)."""
    src = text[:lo].split("\n")[:-1]
    m = mask(text[:lo]).split("\n")[:-1]
    k = len(src)
    while k and src[k - 1].strip() and not m[k - 1].strip() and lo - len(src[k - 1]) - 1 >= floor:
        lo -= len(src[k - 1]) + 1
        k -= 1
    return lo


def _trailing_comment(text: str, end: int) -> str:
    """The comment after offset END on its line ('' when none)."""
    nl = text.find("\n", end)
    rest = text[end:len(text) if nl < 0 else nl].strip()
    return rest if rest.startswith(("/*", "//")) else ""


@dataclass(frozen=True)
class Write:
    path: str
    start: int              # the statement's first character
    end: int                # just after its ';'


def _base_type(text: str, m: str, base: str, at: int) -> tuple[str, bool] | None:
    """(struct name, through a pointer) of variable BASE as declared in the function around AT (or at file
    scope), None when it is not declared there as a struct."""
    f = function_at(text, line_of(text, at))
    lo = sum(len(ln) + 1 for ln in text.split("\n")[:f.start - 1]) if f else 0
    pat = re.compile(rf"\bstruct\s+([A-Za-z_]\w*)(?:\s*(\*)\s*|\s+)(?:const\s+)?{re.escape(base)}\s*[,;=)\[]")
    found = {(x.group(1), bool(x.group(2))) for x in pat.finditer(m, lo, at)}
    if not found and f is not None:
        # a file-scope variable: declared outside every function
        fns = functions(text)
        found = {(x.group(1), bool(x.group(2))) for x in pat.finditer(m, 0, lo)
                 if not any(g.contains(line_of(text, x.start())) for g in fns)}
    return found.pop() if len(found) == 1 else None


def _initializer_struct(m: str, k: int) -> str:
    """The struct of the `{ ... }` initializer around offset K ('' when not a plain `struct S x = {`)."""
    i = opening(m, k, "{")
    if i < 0:
        return ""
    x = re.search(r"\bstruct\s+([A-Za-z_]\w*)\s+[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*"
                  r"(?:__\w+\s*)*=\s*$", m[max(0, i - 200):i])
    return x.group(1) if x else ""


def uses(path: str, text: str, sname: str, member: str) -> list[Write]:
    """The assignments to SNAME's MEMBER in TEXT (file PATH) that can go with it; Manual(why) for any other
    use of it."""
    m = mask(text)
    where = f"line {{}} of {path}"
    if re.search(rf"\bstruct\s+{re.escape(sname)}\s*,\s*{re.escape(member)}\b", m):
        raise Manual(f"{sname}.{member} is named in an offsetof() or container_of() in {path}")
    macros = [(x.start(), x.end()) for x in DEFINE.finditer(m)]
    passed = member_passed_to_macro(m, member)
    if passed:
        raise Manual(f"{member} is passed to {passed[0]}() on {where.format(line_of(text, passed[1]))}: a macro "
                     "may reach the member by that name")
    out = []
    for x in re.finditer(rf"(->|\.)\s*{re.escape(member)}\b", m):
        k = x.start()
        line = line_of(text, k)
        at = where.format(line)
        if any(a <= k < b for a, b in macros):
            raise Manual(f"a macro uses ->{member} on {at}: which struct it reaches cannot be told")
        before = m[:k].rstrip()
        if x.group(1) == "." and before.endswith(("{", ",")) and re.match(r"\s*=", m[x.end():]):
            init = _initializer_struct(m, k)
            if init == sname or not init:
                raise Manual(f"{member} is set by an initializer on {at}")
            continue
        b = re.search(r"(?<![\w.>\])])([A-Za-z_]\w*)\s*$", before)
        if b is None or re.search(r"(->|\.)\s*$", before[:b.start()]):
            raise Manual(f"the {member} used on {at} is reached through an expression: which struct it "
                         "belongs to cannot be told")
        typ = _base_type(text, m, b.group(1), k)
        if typ is None:
            raise Manual(f"what {b.group(1)} is, whose {member} is used on {at}, cannot be told")
        if typ[0] != sname:
            continue
        out.append(_write(text, m, b.start(), x.end(), sname, member, at))
    return out


def member_passed_to_macro(m: str, member: str) -> tuple[str, int] | None:
    """(macro, offset) of a call in masked M that passes MEMBER as a whole argument to a macro that makes
    a member access of that argument (`#define GET(d, f) ((d)->f)`), or to an upper-case macro M does not
    define (its body is out of sight); None when there is none."""
    pasting: dict[str, set[int]] = {}
    for d in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)", m, re.M):
        params = [p.strip() for p in d.group(2).split(",")]
        pasting[d.group(1)] = {i for i, p in enumerate(params) if p and re.search(
            rf"(?:->|\.)\s*{re.escape(p)}\b|##\s*{re.escape(p)}\b|\b{re.escape(p)}\s*##", d.group(3))}
    if not re.search(rf"[(,]\s*{re.escape(member)}\s*[,)]", m):
        return None
    # a variable of that name too (`u32 mode` beside the member mode): the argument is more likely it
    variable = len(re.findall(rf"\b[A-Za-z_]\w*[\s*]+{re.escape(member)}\s*[;,=)\[]", m)) > 1
    for c in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", m):
        name = c.group(1)
        if name not in pasting and not name.isupper():
            continue
        args = [a.strip() for a in _call_args(m, c.end(1))]
        if name in pasting and any(i < len(args) and args[i] == member for i in pasting[name]):
            return name, c.start()
        if name not in pasting and member in args and not variable:
            return name, c.start()
    return None


def _call_args(m: str, after_name: int) -> list[str]:
    """The top-level arguments of the call whose name ends at AFTER_NAME in masked M."""
    open_at = m.find("(", after_name)
    close = closing(m, open_at)
    return [m[sp.start:sp.end] for sp in split_top(m, m, open_at + 1, close)] if close > open_at else []


def _write(text: str, m: str, base_at: int, name_end: int, sname: str, member: str, at: str) -> Write:
    """The statement `base->member = value;` starting at BASE_AT, or Manual(why)."""
    rest = re.match(r"\s*=(?!=)", m[name_end:])
    if rest is None:
        raise Manual(f"{sname}.{member} is read on {at}")
    end = m.find(";", name_end)
    value = text[name_end + rest.end():end]
    if end < 0 or side_effects(value) or "," in m[name_end:end]:
        raise Manual(f"the value assigned to {member} on {at} does something: dropping it would drop that")
    prev = m[:base_at].rstrip()
    if not prev.endswith((";", "{", "}")):
        raise Manual(f"the assignment to {member} on {at} is the body of a condition or a loop, "
                     "or part of a larger expression")
    lo, hi = _line_span(text, base_at, end + 1)
    if m[lo:base_at].strip() or m[end + 1:hi].strip() or _trailing_comment(text, end + 1):
        raise Manual(f"the assignment to {member} on {at} shares its line with other code or a comment")
    return Write("", base_at, end + 1)


@dataclass(frozen=True)
class DropMemberParams(Params):
    struct: str                 # the struct's tag
    member: str                 # the member that goes
    array: bool                 # declared with array bounds
    comment: str                # the comment after it on its line ('' when none)
    writes: int                 # how many assignments to it go along

    def where(self) -> str:
        return ""


class DropMember(Recipe[DropMemberParams]):
    kind = "drop-member"
    takes_away = True           # a doubting question may ask for it
    # quoted statements go: the member and what only writes it
    order = Phase.REMOVALS
    retargets = True             # the rule runs first in the file that defines the struct
    tidies_after_spatch = True   # spatch moves a comment that followed the member onto the line above
    supersedes = ("remove-statements", "drop-variable")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropMemberParams] | None:
        claims = UNUSED.search(s.comment) is not None or NEVER_READ.search(s.comment) is not None
        if not asks_to_drop(s.comment, claims):
            return None
        files = E.patch_files(ctx)
        found = self._member(s, ctx, files, claims)
        if found is None:
            return None
        path, sd, mem = found
        if not mem.plain:
            raise Manual(f"{sd.name}.{mem.name} is not a plain member (a bit-field, a function pointer, "
                         "several names in one declaration)")
        layout = fixed_layout(path, files[path], sd) or next(
            (f"has its bytes copied to or from user space, a device or a checksum in {p}"
             for p, t in sorted(files.items()) if p != path and _bytes_copied(mask(t), sd.name)), "")
        if layout:
            raise Manual(f"struct {sd.name} {layout}: its layout may matter, a member of it cannot simply go")
        self._new(s, ctx, path, sd, mem)
        for p, t in sorted(files.items()):
            if re.search(rf"\b{re.escape(sd.name)}\b", t):
                where = by_position(t, sd.name)
                if where:
                    raise Manual(f"struct {sd.name} is initialized by position on line {where} of {p}: "
                                 "the values after the member would shift")
        writes = 0
        for p, t in sorted(files.items()):
            if re.search(rf"\b{re.escape(mem.name)}\b", t):
                writes += len(uses(p, t, sd.name, mem.name))
        for p, t in sorted(ctx.later_files.items()):
            now = {norm(ln) for ln in split_lines(mask(files.get(p, "")))}
            if any(re.search(rf"(->|\.)\s*{re.escape(mem.name)}\b", ln) and norm(ln) not in now
                   for ln in split_lines(mask(t))):
                raise Manual(f"a later patch of the series uses {mem.name} in {p}")
        mentioned = sorted(p for p, t in files.items() if p != path and re.search(rf"\b{re.escape(mem.name)}\b", t))
        text = files[path]
        what = f"Drop the unused {mem.name} member of struct {sd.name}"
        return Plan(self.kind, slug=f"{sd.name}-{mem.name}", order=self.order, files=[path, *mentioned],
                    params=DropMemberParams(struct=sd.name, member=mem.name, array=mem.array,
                                            comment=_trailing_comment(text, mem.end), writes=writes),
                    summary=what + ("" if not writes else " and the assignment to it" if writes == 1
                                    else " and the assignments to it"))

    def _member(self, s: Suggestion, ctx: CodeContext, files: dict[str, str],
                claims: bool) -> tuple[str, StructDef, Member] | None:
        """(file, struct, member) the comment is about: a member on the quoted lines, or one the comment
        names that the quoted lines assign to."""
        code = [c for c in (s.anchor.code or E.quote_code(s.quoted)) if c.strip()]
        quoted = {norm(mask(c)) for c in code}
        on_quote = [(sd, mem) for sd in structs(ctx.text) for mem in sd.members
                    if norm(mask(ctx.text[mem.start:mem.end])) in quoted]
        named = [(sd, mem) for sd, mem in on_quote if re.search(rf"(?<!\w){re.escape(mem.name)}\b", s.comment)]
        if len(on_quote) == 1 and (claims or (len(code) == 1 and not _OTHER_THING.search(s.comment))):
            named = on_quote         # "unused" or "drop it" under the quote of one member
        if len({(sd.name, mem.name) for sd, mem in named}) == 1:
            return ctx.path, named[0][0], named[0][1]
        if named or on_quote:
            raise Manual("the quote holds several members and the comment does not name one of them")
        accessed = {x.group(1) for c in code for x in re.finditer(r"(?:->|\.)\s*([A-Za-z_]\w*)\s*=(?!=)", mask(c))}
        names = [n for n in accessed if re.search(rf"(?<!\w){re.escape(n)}\b", s.comment)]
        if len(names) != 1 or not claims:
            return None
        owners = [(p, sd, mem) for p, t in sorted(files.items()) for sd in structs(t) for mem in sd.members
                  if mem.name == names[0]]
        if len(owners) != 1:
            if owners:
                raise Manual(f"{len(owners)} structs of the series have a member {names[0]}: which one is meant "
                             "is not clear")
            return None
        return owners[0]

    @staticmethod
    def _new(s: Suggestion, ctx: CodeContext, path: str, sd: StructDef, mem: Member) -> None:
        """Manual unless the series adds MEM to SD."""
        if ctx.base_files is not None:
            old = ctx.base_files.get(path, "")
            was = [x for x in structs(old) if x.name == sd.name]
            if not was or not any(m.name == mem.name for m in was[0].members):
                return
        elif any(q.startswith("+") and re.search(rf"\b{re.escape(mem.name)}\b", q) for q in s.quoted):
            return
        outside = users_outside(ctx, mem.name, E.patch_files(ctx))
        if outside is None:
            raise Manual(f"{sd.name}.{mem.name} was there before the series: users outside the series' files "
                         "are not checked")
        if outside:
            more = f" and {len(outside) - 1} more file(s)" if len(outside) > 1 else ""
            raise Manual(f"{sd.name}.{mem.name} was there before the series and {outside[0]}{more} outside the "
                         f"series' files name {mem.name}")

    def companions(self, s: Suggestion, plan: Plan[DropMemberParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The member's `@name:` line of the struct's kernel-doc goes too, once the member did."""
        path = plan.files[0]
        text = ctx.files.get(path, ctx.text if path == ctx.path else "")
        doc = DOC.plan_for(path, text, plan.params.struct, plan.params.member, of_struct=True)
        return [(DOC, doc)] if doc is not None else []

    def render(self, s: Suggestion, plan: Plan[DropMemberParams], ctx: CodeContext) -> str:
        p = plan.params
        decl = "- T I[N];" if p.array else "- T I;"
        mv = [f"identifier I = {p.member};", "type T;"] + (["expression N;"] if p.array else [])
        out = [R.header(f"Drop the unused {p.member} member of struct {p.struct}", s,
                        [f"Nothing in the series' files reads {p.struct}.{p.member}"
                         + (f"; the {p.writes} assignment(s) to it go too." if p.writes else ".")]),
               R.rule("member", mv, f"struct {p.struct} {{\n  ...\n{decl}\n  ...\n}};\n")]
        if p.writes:
            # typed: an assignment to a same-named member of another struct stays
            out.append(R.rule("writes", [f"identifier I = {p.member};", f"struct {p.struct} *P;",
                                         f"struct {p.struct} V;", "expression E;"],
                              "(\n- P->I = E;\n|\n- V.I = E;\n)\n"))
        return "\n".join(out)

    def expected(self, plan: Plan[DropMemberParams], path: str, text: str) -> str:
        """TEXT (file PATH) without the member and the assignments to it."""
        p = plan.params
        cuts: list[tuple[int, int]] = []
        for sd in structs(text):
            for mem in sd.members:
                if sd.name == p.struct and mem.name == p.member:
                    lo, hi = _line_span(text, mem.start, mem.end)
                    prev = max([x.end for x in sd.members if x.end <= mem.start], default=sd.open_at + 1)
                    cuts.append((_with_comment_above(text, lo, prev), hi))
        for w in uses(path, text, p.struct, p.member):
            lo, hi = _line_span(text, w.start, w.end)
            cuts.append((_with_comment_above(text, lo, 0), hi))
        for a, b in sorted(cuts, reverse=True):
            text = text[:a] + text[b:]
        return text

    def after_spatch(self, plan: Plan[DropMemberParams], path: str, before: str, after: str) -> str:
        """The member's own trailing comment, which spatch leaves on the line above, goes."""
        c = plan.params.comment
        if not c:
            return after
        had = {ln.rstrip() for ln in before.split("\n")}
        lines = after.split("\n")
        for i, ln in enumerate(lines):
            if ln.rstrip().endswith(c) and ln.rstrip() not in had and ln.rstrip()[:-len(c)].rstrip() in had:
                lines[i] = ln.rstrip()[:-len(c)].rstrip()
        return "\n".join(lines)

    def verify(self, s: Suggestion, plan: Plan[DropMemberParams], before: str, after: str) -> str:
        return ""                    # every file, the anchored one too, is checked by verify_files

    def verify_files(self, s: Suggestion, plan: Plan[DropMemberParams], befores: dict[str, str],
                     afters: dict[str, str]) -> str:
        for path in sorted(afters):
            try:
                want = self.expected(plan, path, befores[path])
            except Manual as e:
                return f"{path}: {e}"
            if norm(want) != norm(afters[path]):
                return f"{path}: the rule did more or less than dropping {plan.params.member} and the " \
                       "assignments to it"
        return ""

    def is_applied(self, s: Suggestion, plan: Plan[DropMemberParams], text: str) -> bool:
        sds = [sd for sd in structs(text) if sd.name == plan.params.struct]
        return len(sds) == 1 and not any(mem.name == plan.params.member for mem in sds[0].members)


RECIPE = DropMember()
