"""Make a file-scope static table const: `static struct ethtool_ops foo_ops = {` ->
`static const struct ethtool_ops foo_ops = {`, `static u8 foo_table[] = {` -> `static const u8 foo_table[] = {`
(a table written on one line, `static int rates[] = { 0, 32000 };`, alike)
("Can be const.", "This ops table should be const", "constify").

Evidence: the word const (or constify) in the comment, and a quoted line that defines, at file scope,
a static table with an initializer list whose type is not const yet and not a pointer (arrays of
pointers are const_pointer_array's).  The edit is made only when every use of the table's name in the
file (as the patch and the later patches of the series leave it) is proven to read it:

- a read through it: `foo.fn(...)`, `tbl[i]` or `foo.member` in an expression, `sizeof`, `ARRAY_SIZE()`;
  a member value handed on whole (`x = foo.member;`, `f(foo.member)`) only when the member is not an
  array (its struct's definition read from the headers);
- its address (`&foo`, or an array's name) stored or passed where the declared type is a pointer to const
  of the table's type (or `const void *`): a struct member (`ndev->ethtool_ops = &foo;`, `.ops = &foo`
  in another table's initializer), a parameter of the function it is passed to (through function-like
  macros too: the call expanded with every definition of each macro on the way), a local or file-scope
  pointer, a return value.

The members' and parameters' types are read from the file and the headers it includes, at the series'
commit (``CodeContext.tree_read``; `<linux/x.h>` is include/linux/x.h; cocci/recipes/_c_types.py).
Anything not proven is manual, naming the use and its line: a write (`foo.x = ...`, `tbl[i]++`), the
address where the declared type is not a pointer to const, a macro that uses it other than as a
function's argument, a preprocessor line naming it, a cast in the file that can give a writable pointer
back (`(struct foo *)match->data`), a struct or prototype not found in the headers read, a table in a
header, no tree to read them from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _c_types as C
from patches.ctext import Function, closing, function_at, line_of, mask, opening, split_top
from patches.model import Suggestion

ASKS = re.compile(r"(?<![\w-])const\b|\bconstif(?:y|ied|ying)\b", re.I)
# "no need to make it const", "it must not be const", "don't constify it" ("why not const?" still asks)
NOT_ASKED = re.compile(r"(?<!why )\b(?:no\s+need|not|don't|do\s+not|shouldn't|should\s+not|needn't|mustn't)\b"
                       r"[^.?!]{0,30}\bconst", re.I)
# `static struct T name = {`, `static u8 name[] = {` (or its one-line `{ 1, 2 };`): the type (no qualifier, no
# pointer), the name, the bounds
DEF = re.compile(r"^static\s+(?P<type>(?:struct|union|enum)\s+[A-Za-z_]\w*|(?:(?:unsigned|signed)\s+)?[A-Za-z_]\w*"
                 r"(?:\s+(?:int|long|short|char))*)\s+(?P<name>[A-Za-z_]\w*)\s*(?P<dims>(?:\[[^\]]*\]\s*)*)"
                 r"=\s*\{(?:\s*|[^{}]*\}\s*;\s*)(?:/\*.*\*/\s*)?$")
_NOT_TYPES = {"const", "volatile", "static", "inline", "extern", "register"}
_SIZE_OF = re.compile(r"\b(?:sizeof|ARRAY_SIZE)\s*\(?\s*$")
_WRITE = re.compile(r"(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--")
_CALL_WORDS = {"if", "while", "for", "switch", "return", "sizeof", "typeof", "__typeof__", "case"}


@dataclass(frozen=True)
class ConstTableParams(Params):
    name: str                    # the table
    type: str                    # its type as written (`struct ethtool_ops`, `u8`)
    dims: str                    # its bounds as written (`[]`, `[4]`; '' for a struct)
    old: str                     # the definition's first line as it is
    new: str                     # the same with const
    # where its address goes, each proven to be a pointer to const ("line 571: &foo goes to ...")
    proofs: tuple[str, ...] = ()
    function: str = ""           # file scope


def quoted_definition(quoted: list[str]) -> tuple[str, re.Match[str]] | None:
    """The one quoted line (diff marker dropped) that defines a static table not const yet."""
    found = []
    for q in quoted:
        line = q[1:] if q[:1] in "+ " else q
        if q.startswith("-") or line != line.lstrip():
            continue
        m = DEF.match(line.rstrip())
        if m and not _NOT_TYPES & set(m.group("type").split()) and m.group("name") not in ("const",):
            found.append((line.rstrip(), m))
    return found[0] if len(found) == 1 else None


def enclosing_definition(text: str, lines: tuple[int, int]) -> tuple[str, re.Match[str]] | None:
    """The definition line of the file-scope table whose initializer holds LINES (1-based, first and
    last) of TEXT, or that starts on the first of them: the reviewer quoted the table's entries."""
    src = text.split("\n")
    first, last = lines
    if not 1 <= first <= last <= len(src):
        return None
    m = mask(text)
    at = sum(len(ln) + 1 for ln in src[:first - 1])
    head = DEF.match(src[first - 1].rstrip())
    if head is None:
        brace = opening(m, at, "{")
        while brace >= 0 and opening(m, brace, "{") >= 0:
            brace = opening(m, brace, "{")
        if brace < 0 or closing(m, brace) < sum(len(ln) + 1 for ln in src[:last - 1]):
            return None
        first = line_of(text, brace)
        head = DEF.match(src[first - 1].rstrip())
    if head is None or _NOT_TYPES & set(head.group("type").split()):
        return None
    return src[first - 1].rstrip(), head


def _line_no(text: str, line: str) -> int | None:
    """The 1-based line of TEXT that is LINE (trailing blanks aside), when there is exactly one."""
    at = [i for i, ln in enumerate(text.split("\n"), 1) if ln.rstrip() == line]
    return at[0] if len(at) == 1 else None


def _in_macro(text: str, line: int) -> bool:
    """Whether 1-based LINE of TEXT is a preprocessor line or a continuation of one."""
    lines = text.split("\n")
    i = line - 1
    while i > 0 and lines[i - 1].rstrip().endswith("\\"):
        i -= 1
    return lines[i].lstrip().startswith("#")


@dataclass
class Uses:
    """The uses of one table in one file text, checked one by one."""

    p: ConstTableParams
    text: str
    headers: C.Headers
    proofs: list[str] = field(default_factory=list)
    as_void: bool = False        # its address was handed on as a `const void *`

    def __post_init__(self) -> None:
        # comments, literals and preprocessor lines blanked: what the compiler reads around a use
        self.m = C.blank_preprocessor(mask(self.text))

    @property
    def element(self) -> str:
        return self.p.type

    @property
    def is_array(self) -> bool:
        return bool(self.p.dims)

    def _fn(self, off: int) -> Function | None:
        return function_at(self.text, line_of(self.text, off))

    def check(self, def_line: int) -> None:
        """Raise Manual naming the first use not proven to only read the table."""
        name = re.escape(self.p.name)
        for u in re.finditer(rf"(?<![\w$])({name})\b", mask(self.text)):
            line = line_of(self.text, u.start())
            if _in_macro(self.text, line):
                raise Manual(f"{self.p.name} is named in a preprocessor line (line {line}): a macro may use it "
                             "in ways that cannot be checked")
            before = self.m[:u.start()].rstrip()
            if before.endswith((".", "->")) and not before.endswith("..."):
                continue                    # a member of that name
            if line == def_line:
                continue
            self._one(u.start(), line)
        self._no_cast_back()

    def _no_cast_back(self) -> None:
        """Manual when a cast in the file can give a writable pointer to the table back: one to a pointer
        to its type not const (`(struct foo *)match->data`), or, when its address was handed on as a
        `const void *`, one to `void *`."""
        words = r"\s+".join(re.escape(w) for w in self.element.split())
        # `(struct foo *)p`, and container_of(p, struct foo, member), which casts inside the macro
        casts = [rf"\(\s*{words}\s*\*\s*\)", rf"\bcontainer_of\s*\([^;]*?,\s*{words}\s*,"]
        if self.as_void:
            casts.append(r"\(\s*void\s*\*\s*\)")
        for rx in casts:
            hit = re.search(rx, self.m)
            if hit:
                at = line_of(self.text, hit.start())
                what = f"container_of(..., {self.element}, ...)" if hit.group().startswith("container_of") else \
                    f"a cast to `{' '.join(hit.group()[1:-1].split())}`"
                raise Manual(f"{what} on line {at} may give a writable pointer to {self.p.name} back: whether it "
                             "is written through is not checked")

    def _chain(self, k: int) -> tuple[int, list[str], int, bool]:
        """The postfix chain after offset K: (end, member names, indexes, called)."""
        members: list[str] = []
        indexes, called = 0, False
        m = self.m
        while True:
            j = k
            while j < len(m) and m[j] in " \t\n":
                j += 1
            if m.startswith("[", j) or m.startswith("(", j):
                c = closing(m, j)
                if c < 0:
                    return k, members, indexes, called
                indexes += m[j] == "["
                called = called or m[j] == "("
                k = c + 1
                continue
            mm = re.compile(r"(?:\.|->)\s*([A-Za-z_]\w*)").match(m, j)
            if mm:
                members.append(mm.group(1))
                k = mm.end()
                continue
            return k, members, indexes, called

    def _one(self, at: int, line: int) -> None:
        m = self.m
        end, members, indexes, called = self._chain(at + len(self.p.name))
        before = m[max(0, at - 200):at].rstrip()          # what stands right before the use is enough
        after = m[end:end + 200].lstrip()
        expr = " ".join(self.text[at:end].split())
        if _SIZE_OF.search(before):
            return
        write = _WRITE.match(after)
        if write or before.endswith(("++", "--")):
            what = f"{expr} {write.group()}" if write else f"{before[-2:]}{expr}"
            raise Manual(f"{self.p.name} is written on line {line} ({what} ...): it must stay writable")
        amp = before.endswith("&") and not before.endswith("&&")
        if called and not amp:
            return                          # a function pointer of the table is called
        if amp and (members or indexes):
            raise Manual(f"the address of {expr} is taken on line {line}: whether it is written through is "
                         "not checked")
        if members or indexes:
            self._value(members, indexes, line, expr)
            return
        if amp and self.is_array:
            raise Manual(f"&{self.p.name} (the whole array's address) is used on line {line}")
        if not amp and not self.is_array:
            raise Manual(f"{self.p.name} is used whole on line {line}: only its address or members are "
                         "checked")
        start = m.rfind("&", 0, at) if amp else at
        self._address(start, end, line, ("&" if amp else "") + self.p.name)

    def _value(self, members: list[str], indexes: int, line: int, expr: str) -> None:
        """A read of an element or member: only of one that is no array (an array is a pointer into the
        table, wherever it goes: `foo.buf + 2` handed to memcpy() writes the table)."""
        dims = self.p.dims.count("[")
        if not members:
            if indexes >= dims:
                return
            raise Manual(f"{expr} on line {line} hands on a row of {self.p.name} as a pointer")
        if len(members) == 1 and indexes == dims and C.struct_of(self.element):
            arr = self.headers.member_is_array(C.struct_of(self.element) or "", members[0])
            if arr is False:
                return
            if arr:
                raise Manual(f"{expr} on line {line} is an array member: a pointer into the table, which may be "
                             "written through")
        raise Manual(f"{expr} is read on line {line}: whether it is an array (a pointer into the table that "
                     "may be written through) is not known")

    def _destination(self, start: int, end: int) -> str | None:
        """What the expression at START..END is handed to whole: "=" (assigned or initialized), "(" (an
        argument), "return"; None when it is part of a larger expression."""
        m = self.m
        after = m[end:end + 200].lstrip()
        before = m[max(0, start - 200):start].rstrip()
        if not after[:1] or after[0] not in ";,)}":
            return None
        if before.endswith("=") and not re.search(r"[=!<>]=$", before):
            return "="
        if re.search(r"\breturn$", before):
            return "return"
        if before.endswith(("(", ",")):
            return "("
        if before.endswith("{"):
            return "{"
        return None

    def _address(self, start: int, end: int, line: int, expr: str) -> None:
        """The table's address (EXPR, at START..END) must go where the declared type points to const."""
        kind = self._destination(start, end)
        before = self.m[:start].rstrip()
        fn = self._fn(start)
        if kind == "=":
            types, where = self._assigned(before[:-1], fn, line)
        elif kind == "(":
            types, where = self._argument(start, line)
        elif kind == "return" and fn is not None:
            head = " ".join(self.m[self._offset(fn.start):self._offset(fn.body_start)].split())
            types, where = [head[:head.find(fn.name)]], f"the return value of {fn.name}()"
        else:
            raise Manual(f"{expr} on line {line} is used in a way that is not checked (only assignments, "
                         "initializers, arguments and return values are)")
        for t in types:
            if not C.pointee_is_const(t) or C.base_words(t) not in (C.base_words(self.element), "void"):
                raise Manual(f"{expr} goes to {where} on line {line}, declared `{' '.join(t.split())}`: not "
                             f"a pointer to const {self.element}")
        self.as_void = self.as_void or any(C.base_words(t) == "void" for t in types)
        declared = " / ".join(sorted({" ".join(t.split()) for t in types}))
        self.proofs.append(f"line {line}: {expr} goes to {where}, declared `{declared}`")

    def _offset(self, line: int) -> int:
        return sum(len(ln) + 1 for ln in self.text.split("\n")[:line - 1])

    def _assigned(self, before: str, fn: Function | None, line: int) -> tuple[list[str], str]:
        """The declared types of what is assigned or initialized with the address; BEFORE ends just
        before the `=`."""
        cut = max(before.rfind(c) for c in ";{},")
        lhs = " ".join(before[cut + 1:].split())
        # the statement of an `if (...)`, `else` or loop without braces
        lhs = re.sub(r"^(?:(?:if|while|for)\s*\(.*\)|else|do)\s*(?=[A-Za-z_])", "", lhs)
        if re.fullmatch(r"\.\s*[A-Za-z_]\w*", lhs):
            member = lhs[1:].strip()
            tag = self._brace_tag(cut) if before[cut:cut + 1] in "{," else None
            if tag is None:
                raise Manual(f"the initializer of .{member} on line {line}: the struct it belongs to is not known")
            return self._members(tag, member, line), f".{member} of {tag}"
        decl = re.fullmatch(r"(?:static\s+)?((?:[A-Za-z_]\w*\s+)+\*?\s*(?:const\s+)?\*?\s*)([A-Za-z_]\w*)", lhs)
        if decl and "*" in decl.group(1):
            return [decl.group(1)], decl.group(2)
        chain = re.fullmatch(r"([A-Za-z_]\w*)((?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)", lhs)
        if chain is None:
            raise Manual(f"the address of {self.p.name} is stored in `{lhs}` on line {line}: its type is not known")
        # a local or parameter of the function, else a file-scope variable (none of that name in the function)
        found = C.local_types(self.text, fn, chain.group(1)) if fn is not None else set()
        found = found or C.file_scope_types(self.text, chain.group(1))
        if len(found) != 1:
            raise Manual(f"the type of {chain.group(1)} (line {line}) is not known")
        t = found.pop()
        parts = re.findall(r"[A-Za-z_]\w*", chain.group(2))
        if not parts:
            return [t], chain.group(1)
        for member in parts[:-1]:
            tag = C.struct_of(t)
            got = self._members(tag, member, line) if tag else []
            if tag is None or len(got) != 1:
                raise Manual(f"the type of {lhs} (line {line}) is not known")
            t = got[0]
        tag = C.struct_of(t)
        if tag is None:
            raise Manual(f"the type of {lhs} (line {line}) is not known")
        return self._members(tag, parts[-1], line), f"{lhs} ({tag})"

    def _members(self, tag: str, member: str, line: int) -> list[str]:
        got = self.headers.member_types(tag, member)
        if got is None:
            raise Manual(f"{tag} is not defined in the file or the headers it includes ({self._read()}), so "
                         f"the type of its member {member} (line {line}) is not known")
        if not got:
            raise Manual(f"{tag} has no member {member} that could be read (line {line})")
        return got

    def _read(self) -> str:
        n = len(self.headers.seen)
        return f"{n} header{'s' if n != 1 else ''} read" + (
            f"; not in the tree: {', '.join(self.headers.missing[:3])}" if self.headers.missing else "")

    def _brace_tag(self, brace: int) -> str | None:
        """The struct an initializer list's element at BRACE (`{` or `,` inside it) belongs to."""
        m = self.m
        b = brace if m[brace] == "{" else opening(m, brace, "{")
        got = self._brace(b)
        return got[0] if got is not None and not got[1] else None

    def _brace(self, b: int, depth: int = 0) -> tuple[str, bool] | None:
        """(struct tag, whether the brace lists an array of them) of the initializer list at B."""
        m = self.m
        if b < 0 or depth > 8:
            return None
        before = m[:b].rstrip()
        if before.endswith(("{", ",")):
            outer = self._brace(opening(m, b, "{"), depth + 1)
            return (outer[0], False) if outer is not None and outer[1] else None
        if not before.endswith("="):
            return None
        cut = max(before[:-1].rfind(c) for c in ";{},")
        lhs = " ".join(before[cut + 1:-1].split())
        if re.fullmatch(r"\[[^\]]*\]", lhs):
            outer = self._brace(opening(m, b, "{"), depth + 1)
            return (outer[0], False) if outer is not None and outer[1] else None
        if re.fullmatch(r"\.\s*[A-Za-z_]\w*", lhs):
            outer = self._brace(opening(m, b, "{"), depth + 1)
            if outer is None or outer[1]:
                return None
            member = lhs[1:].strip()
            got = self.headers.member_types(outer[0], member)
            tag = C.struct_of(got[0]) if got and len(got) == 1 and "*" not in got[0] else None
            arr = self.headers.member_is_array(outer[0], member)
            return (tag, bool(arr)) if tag and arr is not None else None
        d = re.fullmatch(r"(?:(?:static|const)\s+)*((?:struct|union)\s+[A-Za-z_]\w*)\s+(?:const\s+)?[A-Za-z_]\w*\s*"
                         r"((?:\[[^\]]*\]\s*)*)", lhs)
        return (d.group(1), bool(d.group(2))) if d else None

    def _argument(self, start: int, line: int) -> tuple[list[str], str]:
        """The declared types of the parameter the address is passed as."""
        m = self.m
        op = opening(m, start, "(")
        brace = opening(m, start, "{")
        if op < 0 or brace > op:
            raise Manual(f"{self.p.name} is listed in an initializer without a name on line {line}: where it goes "
                         "is not checked")
        call = re.search(r"(\.|->)?\s*([A-Za-z_]\w*)\s*$", m[:op])
        if call is not None and call.group(1):
            raise Manual(f"{self.p.name} is passed to the function pointer {call.group(2)} on line {line}: its "
                         "parameter types are not checked")
        if call is None or call.group(2) in _CALL_WORDS:
            raise Manual(f"the address of {self.p.name} on line {line} is not a call's argument that can be "
                         "checked")
        fname = call.group(2)
        k = sum(1 for i in _top_commas(m, op + 1, start))
        found = self.headers.callee(fname)
        if found is None:
            raise Manual(f"{fname}() is not declared in the file or the headers it includes ({self._read()}): "
                         f"whether it takes a pointer to const (line {line}) is not known")
        where, lists = found
        if where == "#define":
            return self._through_macro(fname, op, start, line)
        return self._parameter(fname, lists, k, line), f"parameter {k + 1} of {fname}()"

    def _parameter(self, fname: str, lists: list[str], k: int, line: int) -> list[str]:
        types = [C.parameter(params, k) for params in lists]
        if not types or any(t is None for t in types):
            raise Manual(f"{fname}() has no parameter {k + 1} that can be checked (line {line})")
        return [t for t in types if t is not None]

    def _through_macro(self, fname: str, op: int, start: int, line: int) -> tuple[list[str], str]:
        """The declared types of the parameters the macro FNAME hands the address on to: the macro call
        (its parentheses at OP, the address at START) expanded, every definition of each macro it reaches."""
        close = closing(self.m, op)
        if close < 0:
            raise Manual(f"the call of the macro {fname}() on line {line} does not end")
        args = [C.MARK if sp.start <= start < sp.end else sp.of(self.text)
                for sp in split_top(self.text, self.m, op + 1, close)]
        types: list[str] = []
        callees = []
        for callee, k, lists in self._expanded(fname, args, line, 0):
            types += self._parameter(callee, lists, k, line)
            callees.append(f"parameter {k + 1} of {callee}()")
        if not callees:
            raise Manual(f"the macro {fname}() (line {line}) does not pass {self.p.name} to a function")
        return types, f"{', '.join(sorted(set(callees)))} through the macro {fname}()"

    def _expanded(self, name: str, args: list[str], line: int, depth: int) -> list[tuple[str, int, list[str]]]:
        """(function, parameter index, its parameter lists) for each place the definitions of the macro
        NAME, given ARGS (one of them the marked address), pass the address to; Manual for any other use."""
        defs = self.headers.macros(name)
        if not defs or depth > 6 or len(defs) > 4:
            raise Manual(f"{name}() is a macro (line {line}) that cannot be followed: where it passes "
                         f"{self.p.name} is not checked")
        out = []
        for params, body in defs:
            text = C.expand(params, body, args)
            if text is None:
                raise Manual(f"the macro {name}() (line {line}) pastes the address of {self.p.name} into a name, "
                             "or its arguments do not fit it")
            m = mask(text)
            for hit in re.finditer(C.MARK, m):
                out += self._marked_call(name, text, m, hit.start(), line, depth)
        return out

    def _marked_call(self, macro: str, text: str, m: str, at: int, line: int,
                     depth: int) -> list[tuple[str, int, list[str]]]:
        """The call of a macro's expansion TEXT (masked: M) that takes the marked address at AT whole."""
        op = opening(m, at, "(")
        before, after = m[:at].rstrip(), m[at + len(C.MARK):].lstrip()
        if _SIZE_OF.search(before) and after.startswith(")"):
            return []
        call = re.search(r"(\.|->)?\s*([A-Za-z_]\w*)\s*$", m[:op]) if op >= 0 else None
        if call is None or call.group(1) or call.group(2) in _CALL_WORDS or not before.endswith(("(", ",")) \
                or not after.startswith((",", ")")) or opening(m, at, "{") > op:
            raise Manual(f"the macro {macro}() (line {line}) uses {self.p.name} in a way that is not checked")
        callee = call.group(2)
        spans = split_top(text, m, op + 1, closing(m, op))
        k = next(i for i, sp in enumerate(spans) if sp.start <= at < sp.end)
        found = self.headers.callee(callee)
        if found is None:
            raise Manual(f"{callee}() (reached through the macro {macro}(), line {line}) is not declared in the "
                         f"file or the headers it includes ({self._read()})")
        if found[0] == "#define":
            return self._expanded(callee, [sp.of(text) for sp in spans], line, depth + 1)
        return [(callee, k, found[1])]


def _top_commas(m: str, a: int, b: int) -> list[int]:
    depth, out = 0, []
    for i in range(a, b):
        c = m[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(i)
    return out


def _pasted(text: str, name: str) -> str:
    """A macro of TEXT that pastes tokens (`##`) into a name that could be NAME, or '': one whose written
    part of the pasted name is part of NAME, or that pastes its parameters only."""
    for d in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?((?:[^\n]*\\\n)*[^\n]*)", text, re.M):
        params = set(re.findall(r"[A-Za-z_]\w*", d.group(2) or ""))
        for part in re.findall(r"([A-Za-z_]\w*)?\s*##\s*([A-Za-z_]\w*)?", d.group(3)):
            written = [p for p in part if p and p not in params]
            if any(p in name for p in written) or not written:
                return d.group(1)
    return ""


class ConstTable(Recipe[ConstTableParams]):
    kind = "const"
    order = Phase.QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ConstTableParams] | None:
        text = " ".join(s.comment.split())
        if not ASKS.search(text) or NOT_ASKED.search(text) or re.search(r"\bnon-?const\b", text) or not ctx.text:
            return None
        found = quoted_definition(s.quoted)
        if found is None and s.anchor.lines and not (s.anchor.function or ctx.function):
            found = enclosing_definition(ctx.text, s.anchor.lines)
        if found is None:
            return None
        line, d = found
        at = _line_no(ctx.text, line)
        if at is None or function_at(ctx.text, at) is not None:
            return None
        name, typ, dims = d.group("name"), " ".join(d.group("type").split()), "".join(d.group("dims").split())
        new = line.replace("static ", "static const ", 1)
        p = ConstTableParams(name=name, type=typ, dims=dims, old=line, new=new)
        p = replace(p, proofs=self._check(p, ctx, at))
        what = "array" if dims else "table"
        return Plan(self.kind, slug=name.lower(), order=self.order, files=[ctx.path], params=p,
                    summary=f"Make the {what} {name} const")

    def _check(self, p: ConstTableParams, ctx: CodeContext, at: int) -> tuple[str, ...]:
        """Where the table's address goes, each proven; Manual naming the first use not proven a read."""
        if not ctx.path.endswith(".c"):
            raise Manual(f"{p.name} is defined in {ctx.path}: every file that includes it has its own copy, "
                         "and their uses are not checked")
        if ctx.tree_read is None:
            raise Manual(f"{p.name}: the headers that declare where it goes cannot be read (no tree)")
        macro = _pasted(ctx.text, p.name)
        if macro:
            raise Manual(f"the macro {macro} pastes names together (##): it may name {p.name}")
        for path, other in sorted(ctx.files.items()):
            if path != ctx.path and re.search(rf"\b{re.escape(p.name)}\b", mask(other)):
                raise Manual(f"{path} names {p.name} too: a static table is used in its own file only, unless "
                             "a file includes another")
        uses = Uses(p, ctx.text, C.Headers(ctx.path, ctx.text, ctx.tree_read))
        uses.check(at)
        later = ctx.later_files.get(ctx.path)
        if later is not None and later != ctx.text:
            later_at = _line_no(later, p.old)
            if later_at is None:
                raise Manual(f"a later patch of the series changes the definition of {p.name}")
            Uses(p, later, C.Headers(ctx.path, later, ctx.tree_read)).check(later_at)
        return tuple(uses.proofs)

    def render(self, s: Suggestion, plan: Plan[ConstTableParams], ctx: CodeContext) -> str:
        p = plan.params
        body = f"  static\n+ const\n  {p.type} x{p.dims} = {{...}};"
        notes = ["Every use of it in the file only reads it; its address goes where a pointer to const is "
                 "declared:", *p.proofs] if p.proofs else ["Every use of it in the file only reads it."]
        return (R.header(f"{plan.summary}", s, notes) + "\n"
                + R.rule("make_const", [f"identifier x = {p.name};"], body))

    def is_applied(self, s: Suggestion, plan: Plan[ConstTableParams], text: str) -> bool:
        return plan.params.new in [ln.rstrip() for ln in text.split("\n")]

    def verify(self, s: Suggestion, plan: Plan[ConstTableParams], before: str, after: str) -> str:
        b, a = before.split("\n"), after.split("\n")
        changed = [(x, y) for x, y in zip(b, a, strict=False) if x != y]
        if len(b) != len(a) or len(changed) != 1 or changed[0][0].rstrip() != plan.params.old \
                or changed[0][1].rstrip() != plan.params.new:
            return f"more or less than the definition of {plan.params.name} changed"
        return ""


RECIPE = ConstTable()
