"""Make a local or a parameter unsigned: "nq can't be negative, make it unsigned", "i should be
unsigned int", "unsigned long for the index?".

Evidence: the comment says `unsigned` with a request (make, should, use, could, can, why not, a
question), and names a local or parameter of the quoted code declared with a signed integer type
(`int`, `long`, `short`, `long long`, `signed ...`), or the quote declares exactly one such name.
The new type is the one the comment spells (`unsigned long`), else `unsigned` + the old one.

A value that is never negative means the same in either type only where nothing can tell them
apart, so every use of the name in the function must be one of: an argument of a call (no format
string with %d or %i in that call), an array index, the bound of a counting-up loop that starts at
a literal (`for (i = 0; i < n; i++)`), the counter of such a loop bound by ARRAY_SIZE() or sizeof
(the comparison is unsigned already), a plain assignment to it, `+`/`*` with a literal.  A
comparison with anything else, a subtraction, `--`, a negative value and the like are manual, and
so is a parameter of a function that is not static, whose address is taken (a callback's type
fixes its parameters) or that is declared elsewhere in the file.  The declaration changes as a
verified text edit, nothing else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from cocci.recipes.drop_unused_name import uses_changed_later
from patches.ctext import Function, declaration, mask, norm, opening, statements
from patches.model import Suggestion

_SIGNED = r"(?:signed\s+)?(?:long\s+long(?:\s+int)?|long(?:\s+int)?|short(?:\s+int)?|int|signed)"
# the kernel's unsigned fixed-width types and their widths in bits
_KERNEL_UNSIGNED = {"u8": 8, "u16": 16, "u32": 32, "u64": 64}
_UNSIGNED = r"(?:unsigned|u8|u16|u32|u64)"
_ASKS = re.compile(r"\b(?:make|making)\b[^.?!]{0,30}\bunsigned\b|"
                   rf"\b(?:should|could|can|would|must)(?:n'?t|\s+not)?\s+(?:this\s+|it\s+|that\s+)?(?:also\s+|rather\s+)?"
                   rf"be\s+(?:an?\s+)?[\'\"`\u2018\u201c]?{_UNSIGNED}\b|"
                   r"\b(?:use|using|switch\w*\s+to|prefer|why\s+not)\b[^.?!]{0,20}\bunsigned\b|"
                   r"\bunsigned(?:\s+(?:int|long|short|char))?\s*\?", re.I)
# the width in bits of a signed type as declared (long as on 64-bit machines)
_WIDTH = {"short": 16, "int": 32, "long": 64, "long long": 64}
_SPELLED = re.compile(r"\bunsigned\s+(long\s+long|long|int|short|char)\b")


# `unsigned` with no other type word after it; the compiler's wider types (`unsigned __int128`,
# `unsigned _BitInt(N)`) are spelled out already
_BARE = re.compile(r"\bunsigned\b(?!\s+(?:int|long|short|char|__int128|_BitInt)\b)")


def asks_spelled_out(comment: str) -> bool:
    """Whether COMMENT asks for a bare `unsigned` to be spelled `unsigned int` ("unsigned int instead of
    unsigned", "not bare unsigned")."""
    text = " ".join(comment.split())
    return re.search(r"\bunsigned\s+int\b", text) is not None and \
        (re.search(r"\bbare\b", text) is not None or _BARE.search(text) is not None)


def _names_spelled_type(comment: str, quoted: list[str]) -> bool:
    """Whether COMMENT names `unsigned int` over a quote that spells a bare `unsigned` ("this should be
    'unsigned int'", "unsigned int"): the quote settles that the spelling is what is asked."""
    return re.search(r"\bunsigned\s+int\b", " ".join(comment.split())) is not None and \
        any(_BARE.search(mask(q)) for q in quoted)


def _signed_names(text: str, fn: Function, first: int, last: int) -> list[tuple[str, int]]:
    """(name, 1-based line of its declaration) of the signed parameters and locals FN declares on the
    quoted lines FIRST..LAST."""
    lines = text.splitlines()
    header = "\n".join(lines[fn.start - 1:fn.body_start])
    params = mask(header)[mask(header).find("("):]
    found: list[tuple[str, int]] = []
    if first <= fn.body_start:
        for pm in re.finditer(rf"(?:\(|,)\s*(?:const\s+)?{_SIGNED}\s+([A-Za-z_]\w*)\s*(?=[,)])", params):
            at = fn.start + params[:pm.start(1)].count("\n") + header[:mask(header).find("(")].count("\n")
            found.append((pm.group(1), at))
    for st in statements(text, max(first, fn.body_start + 1), last):
        d = declaration(st.code)
        if d is not None and re.fullmatch(_SIGNED, d.type) and d.single and not d.array:
            found.append((d.name, st.start))
    return found


def kernel_type(comment: str) -> str:
    """The kernel unsigned type COMMENT asks for ("Shouldn't this be u32?"), '' when it asks for none."""
    m = re.search(r"\bbe\s+(?:an?\s+)?(u8|u16|u32|u64)\b", " ".join(comment.split()))
    return m.group(1) if m else ""


def asks(comment: str) -> bool:
    """Whether COMMENT asks for something to be made unsigned ("make it unsigned", "should be unsigned",
    "unsigned int?"), not only says that something is."""
    return _ASKS.search(" ".join(comment.split())) is not None


def _use_ok(m: str, at: int, name: str, new_type: str = "") -> bool:
    """Whether the use of NAME at offset AT of masked function text M cannot tell signed from unsigned
    (for a value that is never negative).  With NEW_TYPE a kernel type (u32), `&NAME` passed to a call
    named for that type (device_property_read_u32(..., &x)) is a use the change makes right."""
    before = m[max(0, at - 200):at]
    after = m[at + len(name):at + len(name) + 200]
    if new_type and re.search(rf"\b[A-Za-z_]\w*{new_type}\s*\([^;()]*&\s*$", before) and re.match(r"\s*[,)]", after):
        return True                                  # read_u32(..., &x) for a u32 x
    if re.search(r"(?:^|[^=!<>+\-*/%&|^])=\s*$", before) and re.match(r"\s*;", after):
        return True                                  # y = x;
    if re.match(r"\s*=(?!=)\s*(?!-)", after) and re.search(r"(?:^|[;{}])\s*$", before):
        return True                                  # x = E;  (E not a negative literal)
    if re.search(r"\[\s*$", before) and re.match(r"\s*\]", after):
        return True                                  # a[x]
    if re.search(r"for\s*\(\s*([A-Za-z_]\w*)\s*=\s*\d+\s*;\s*\1\s*<=?\s*$", before) and \
            re.match(r"\s*;\s*(?:[A-Za-z_]\w*\s*\+\+|\+\+\s*[A-Za-z_]\w*|[A-Za-z_]\w*\s*\+=\s*\d+)\s*\)", after):
        return True                                  # for (i = 0; i < x; i++)
    n = re.escape(name)
    # an unsigned bound: the comparison is unsigned already
    bound = r"<=?\s*(?:ARRAY_SIZE\s*\(|sizeof\b)[^;]*;\s*"
    head = rf"for\s*\(\s*{n}\s*=\s*\d+\s*;\s*"
    if re.search(r"for\s*\(\s*$", before) and re.match(rf"\s*=\s*\d+\s*;\s*{n}\s*{bound}{n}\s*\+\+\s*\)", after) or \
            re.search(head + "$", before) and re.match(rf"\s*{bound}{n}\s*\+\+\s*\)", after) or \
            re.search(rf"{head}{n}\s*{bound}$", before) and re.match(r"\s*\+\+\s*\)", after):
        return True                                  # the counter of for (i = 0; i < ARRAY_SIZE(a); i++)
    if re.match(r"\s*[*+]\s*\d+\b", after) and re.search(r"[(,=]\s*$", before):
        return True                                  # x * 2, x + 2 as an operand
    if re.search(r"[(,]\s*$", before) and re.match(r"\s*[,)]", after):
        return True                                  # f(a, x): checked for formats by the caller
    return False


def _calls_with_formats(m: str, src: str) -> list[tuple[int, int]]:
    """Spans (offsets) of the calls whose string literals hold %d or %i."""
    out = []
    for lit in re.finditer(r'"(?:[^"\\\n]|\\.)*"', src):
        if re.search(r"%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?[di]", lit.group(0)):
            i = max(opening(m, lit.start()), 0)
            depth, j = 0, i
            while j < len(m):
                depth += {"(": 1, ")": -1}.get(m[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append((i, j))
    return out


def _telling_use(text: str, fn: Function, name: str, at_line: int, is_param: bool, kernel: str) -> str:
    """The first line of FN that uses NAME (declared on AT_LINE) where unsigned could change the result
    ('' when there is none; KERNEL: the kernel type it becomes, see _use_ok)."""
    lines = text.splitlines()
    m = mask(text)
    offsets = [0]
    for text_line in lines:
        offsets.append(offsets[-1] + len(text_line) + 1)
    lo, hi = offsets[fn.body_start - 1], offsets[fn.end]
    formats = _calls_with_formats(m, text)
    for x in re.finditer(rf"(?<![\w.>]){re.escape(name)}\b", m[lo:hi]):
        at = lo + x.start()
        if at < offsets[at_line] and not is_param:
            continue                               # the declaration itself
        if not _use_ok(m, at, name, kernel) or any(a < at < b for a, b in formats):
            return lines[next(n for n in range(len(offsets)) if offsets[n + 1] > at)].strip()
    return ""


def _below(text: str, fn: Function, last: int, old_type: str, new_type: str, kernel: str
           ) -> tuple[list[tuple[int, str, str]], list[str]]:
    """The locals of FN declared after line LAST (the quote's last) with OLD_TYPE, as the quoted one, that
    "same below" makes NEW_TYPE: (line, name, the line as it becomes) of those whose every use cannot tell
    signed from unsigned; and the ones it leaves, each with why."""
    lines = text.splitlines()
    took: list[tuple[int, str, str]] = []
    kept: list[str] = []
    for st in statements(text, last + 1, fn.end):
        d = declaration(st.code)
        if d is None or not d.single or d.array or " ".join(d.type.split()) != " ".join(old_type.split()):
            continue
        line = lines[st.start - 1]
        om = re.search(rf"(?<![\w])({_SIGNED})(\s+{re.escape(d.name)}\b)", line)
        if om is None or st.start != st.end:
            kept.append(f"{d.name} on line {st.start}: its declaration is not on one line")
            continue
        new_line = line[:om.start(1)] + new_type + line[om.end(1):]
        use = _telling_use(text, fn, d.name, st.start, False, kernel)
        if use:
            kept.append(f"{d.name} on line {st.start}: it is used where unsigned could change the result: `{use}`")
        elif len(new_line.expandtabs(8)) > 80 >= len(line.expandtabs(8)):
            kept.append(f"{d.name} on line {st.start}: its declaration would go past 80 columns")
        else:
            took.append((st.start, d.name, new_line))
    return took, kept


@dataclass(frozen=True)
class MakeUnsignedParams(InFunction):
    name: str                    # the local or parameter
    old: list[str]               # its declaration line as it is
    new: list[str]               # the same with the unsigned type
    # "Same below.": the lines of the like declarations after the quote that change too (OLD/NEW run to
    # the last of them); None when not asked
    later: tuple[int, ...] | None = None
    kept: tuple[str, ...] = ()   # the like declarations after the quote "same below" leaves, and why

    def reach_below(self) -> int | None:
        return None if self.later is None else len(self.later)

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


class MakeUnsigned(LinesEdit[MakeUnsignedParams]):
    kind = "make-unsigned"
    # an edit inside one declaration, like const on a local
    order = Phase.QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MakeUnsignedParams] | None:
        spelling = asks_spelled_out(s.comment) or _names_spelled_type(s.comment, E.quote_code(s.quoted))
        if not (asks(s.comment) or spelling) or E.reviewer_code(s):
            return None
        spelled_out = self._spelled_request(s, ctx) if spelling else None
        if spelled_out is not None:
            return spelled_out
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        lines = ctx.text.splitlines()
        found = _signed_names(ctx.text, fn, first, last)
        words = set(re.findall(r"[A-Za-z_]\w*", s.comment))
        named = [f for f in found if f[0] in words]
        if len(named) > 1 or not named and len(found) != 1:
            raise Manual("the comment asks for unsigned, but which signed local or parameter it means "
                         "is not clear from the quote")
        name, at_line = (named or found)[0]
        old_line = lines[at_line - 1]
        om = re.search(rf"(?<![\w])({_SIGNED})(\s+{re.escape(name)}\b)", old_line)
        if om is None:
            raise Manual(f"the declaration of {name} could not be read on one line")
        spelled = _SPELLED.search(s.comment)
        old_type = " ".join(om.group(1).replace("signed", "").split()) or "int"
        new_type = f"unsigned {spelled.group(1)}" if spelled else f"unsigned {old_type}"
        kernel = kernel_type(s.comment) if not spelled else ""
        if kernel:
            if _KERNEL_UNSIGNED[kernel] < _WIDTH.get(" ".join(old_type.replace("int", "").split()) or "int", 64):
                raise Manual(f"{kernel} is narrower than the {old_type} of {name}: values could change")
            new_type = kernel
        new_line = old_line[:om.start(1)] + new_type + old_line[om.end(1):]
        if len(new_line.expandtabs(8)) > 80 >= len(old_line.expandtabs(8)):
            raise Manual(f"the declaration of {name} would go past 80 columns")
        is_param = at_line <= fn.body_start
        if is_param:
            why = self._parameter_blocked(ctx.text, mask(ctx.text), fn.name, fn.start)
            if why:
                raise Manual(why)
        use = _telling_use(ctx.text, fn, name, at_line, is_param, kernel)
        if use:
            raise Manual(f"{name} is used where unsigned could change the result: `{use}`")
        if uses_changed_later(ctx, fn.name, name):
            raise Manual(f"a later patch of the series changes the uses of {name} in {fn.name}(): whether they hold "
                         f"with {new_type} is for the author")
        old, new, names = [old_line], [new_line], [name]
        later: tuple[int, ...] | None = None
        kept: list[str] = []
        if E.same_below_only(s.comment):
            # "Same below.": the later locals of the function declared with the quoted one's type, each
            # with uses that cannot tell signed from unsigned; the lines from the quoted one to the last
            # of them are one edit
            taken, kept = _below(ctx.text, fn, last, om.group(1), new_type, kernel)
            later = tuple(at for at, _, _ in taken)
            names += [n for _, n, _ in taken]
            if taken:
                upto = max(later)
                old = lines[at_line - 1:upto]
                changed = {at: ln for at, _, ln in taken}
                new = [new_line, *(changed.get(n, lines[n - 1]) for n in range(at_line + 1, upto + 1))]
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=MakeUnsignedParams(fn.name, name=", ".join(names), old=old, new=new,
                                              later=later, kept=tuple(kept)),
                    summary=f"Make {', '.join(names)} {new_type} in {fn.name}()")

    def _spelled_request(self, s: Suggestion, ctx: CodeContext) -> Plan[MakeUnsignedParams] | None:
        """The plan that spells out the bare `unsigned` of the quote; None when the comment means a
        signed local instead, or the quote is not found outside functions."""
        if E.quoted_function(ctx, s) is None:
            # a struct member, a global or a prototype: the same type spelled out changes nothing else
            span = CD.quote_span(s, ctx, 1, len(ctx.text.splitlines())) or s.anchor.lines
            return self._spelled_out(ctx, "", *span) if span else None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        head = {norm(ln) for ln in ctx.text.splitlines()[fn.start - 1:fn.body_start]} - {"", "{"}
        quoted_head = bool(head & {norm(q) for q in E.quote_code(s.quoted)})
        start = fn.start if quoted_head else first
        # "X is unsigned, so make i an unsigned int": the bare word was prose, and a signed local
        # is what the comment means when the quote has no bare unsigned
        bare = any(_BARE.search(mask(ln)) for ln in ctx.text.splitlines()[start - 1:last])
        return self._spelled_out(ctx, fn.name, start, last) if bare or not asks(s.comment) else None

    def _spelled_out(self, ctx: CodeContext, fn: str, first: int, last: int) -> Plan[MakeUnsignedParams]:
        """Every bare `unsigned` on the quoted lines FIRST..LAST (the function's header counts; FN is ""
        outside functions) spelled `unsigned int`: the same type, so nothing else can change."""
        lines = ctx.text.splitlines()
        at = [n for n in range(first, last + 1) if _BARE.search(mask(lines[n - 1]))]
        if not at:
            raise Manual("the comment asks for unsigned int, but the quoted lines have no bare unsigned")
        old = lines[at[0] - 1:at[-1]]
        new = []
        for ln in old:
            m = mask(ln)
            new.append(S.keep_comment_column(ln, "".join(
                ln[i:j] + ("unsigned int" if j < len(ln) else "") for i, j in
                zip([0] + [x.end() for x in _BARE.finditer(m)], [x.start() for x in _BARE.finditer(m)] + [len(ln)],
                    strict=True))))
        if any(len(n.expandtabs(8)) > 100 for n in new):
            raise Manual("spelling out unsigned int would take a line past 100 columns")
        names = ", ".join(sorted({x for n in at for x in re.findall(r"unsigned\s+\**\s*([A-Za-z_]\w*)",
                                                                    mask(lines[n - 1]))}))
        return Plan(self.kind, slug="unsigned-int", order=self.order, files=[ctx.path],
                    params=MakeUnsignedParams(fn, name=names, old=old, new=new),
                    summary=f"Spell unsigned int for {names or 'bare unsigned'}" + (f" in {fn}()" if fn else ""))

    @staticmethod
    def _parameter_blocked(text: str, m: str, fn: str, fn_start: int) -> str:
        """Why a parameter of FN cannot change type ('' when it can)."""
        head = text.splitlines()[fn_start - 1]
        if not re.match(r"\s*static\b", head):
            return f"{fn}() is not static: its declaration elsewhere would have to change too"
        for x in re.finditer(rf"(?<![\w.>]){re.escape(fn)}\b", m):
            rest = m[x.end():x.end() + 400]
            if not re.match(r"\s*\(", rest):
                return f"the address of {fn}() is taken: its type is fixed by where it is used"
            close = 0
            depth = 0
            for i, c in enumerate(rest):
                depth += {"(": 1, ")": -1}.get(c, 0)
                if depth == 0 and c == ")":
                    close = i
                    break
            prev = m[m.rfind("\n", 0, x.start()) + 1:x.start()]
            if re.match(r"\s*;", rest[close + 1:]) and \
                    re.fullmatch(r"\s*(?!return\b)[A-Za-z_][\w\s]*[\s*]", prev):
                return f"{fn}() is declared before its definition: the declaration would have to change too"
        return ""

    def verify(self, s: Suggestion, plan: Plan[MakeUnsignedParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.name} is not unsigned afterwards"

    def rule_notes(self, plan: Plan[MakeUnsignedParams], ctx: CodeContext) -> list[str]:
        if plan.slug == "unsigned-int":
            return ["A bare unsigned is unsigned int: the type stays the same."]
        return [f"Every use of {plan.params.name} reads the same for a value that is never negative:",
                "call arguments, indexes, the bound of a loop counting up from a literal."]


RECIPE = MakeUnsigned()
