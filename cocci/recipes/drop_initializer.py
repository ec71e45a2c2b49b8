"""Drop a needless initializer: "No need to init txp", "unnecessary initialisation", "ret does not
need to be initialized", "redundant initialization of err", "txp = NULL is not needed", "Why the
initialisation?", "Don't initialize ret to zero".

Evidence: the comment speaks of initialising (init, initialise/initialize, initializer,
initialization), or writes out the initialisation (`txp = NULL`), together with a word that calls it
needless, and the quote holds a declaration of
one local with an initializer (the one the comment names, when it names one).  The initializer goes
only when the program cannot read the value it gives: after the declaration the first mention of
the local is a plain assignment `x = E;` (E not reading x) that is a statement of its own in the
block holding every later mention, with no label in that block after it (a goto could jump past
the assignment).  Then every read of x follows that assignment.  An initializer that calls
something or changes something (its effect would be lost) and a `static` local are manual, as is
any local whose first use is not such an assignment.

A verified text edit on the declaration line: `T x = V;` becomes `T x;` (`int ret = 0, irq;` becomes
`int ret, irq;`: only the declarator meant loses its initializer), nothing else changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import declaration, function_named, mask, norm, split_top, statements
from patches.model import Suggestion

_INIT = r"(?:init|initiali[sz](?:e|ed|es|ing|ation|er)|re-?initiali[sz]\w*|initial\s+value)"
_NEEDLESS = r"(?:no\s+need|not\s+needed|not\s+necessary|not\s+required|unnecessary|needless|redundant|" \
            r"superfluous|pointless|useless|(?:does|do|did)\s*(?:n['’]t|\s+not)\s+need|drop|remove)"
# a question after the initialisation's reason is the same request: "Why the initialisation?",
# "Why is ret initialised here?", "Why initialise it?"
ASKS = re.compile(rf"\b{_NEEDLESS}\b.{{0,40}}\b{_INIT}\b|\b{_INIT}\b.{{0,40}}\b{_NEEDLESS}\b|"
                  rf"\bwhy\b[^.?!]{{0,30}}\b{_INIT}\b[^.?!]{{0,30}}\?|"
                  # told not to: "Don't initialize ret to zero"
                  rf"\b(?:don['’]?t|do\s+not|never)\s+{_INIT}\b", re.I | re.S)
_LABEL = re.compile(r"^\s*(?!default\b|case\b)[A-Za-z_]\w*\s*:(?!:)", re.M)


def asks(comment: str) -> bool:
    """Whether COMMENT calls an initialisation needless."""
    return ASKS.search(" ".join(comment.split())) is not None


def _mentions(m: str, name: str, lo: int, hi: int) -> list[int]:
    """Offsets of NAME as a variable (not a member after `.` or `->`) in masked text M[lo:hi]."""
    out = []
    for x in re.finditer(rf"(?<![\w])({re.escape(name)})\b", m[lo:hi]):
        at = lo + x.start(1)
        if not re.search(r"(?:\.|->)\s*$", m[max(0, at - 8):at]):
            out.append(at)
    return out


def _block(m: str, p: int) -> tuple[int, int]:
    """Offsets of the `{` and `}` of the innermost block around offset P of masked text M."""
    depth = 0
    i = p - 1
    while i >= 0:
        c = m[i]
        if c == "}":
            depth += 1
        elif c == "{":
            if depth == 0:
                break
            depth -= 1
        i -= 1
    if i < 0:
        raise Manual("the block around the first assignment could not be read")
    depth = 0
    for j in range(i, len(m)):
        depth += {"{": 1, "}": -1}.get(m[j], 0)
        if depth == 0:
            return i, j
    raise Manual("an unbalanced block")


def _first_write_covers_reads(m: str, name: str, after: int, end: int) -> str:
    """'' when the first mention of NAME in M[after:end] is an assignment that every later mention
    follows (see the module docstring), else why not."""
    uses = _mentions(m, name, after, end)
    if not uses:
        return f"{name} is not used after its declaration"
    p = uses[0]
    stmt_end = m.find(";", p)
    a = re.match(rf"{re.escape(name)}\s*=(?!=)(.*)", m[p:stmt_end], re.S)
    if not a or re.search(rf"\b{re.escape(name)}\b", a.group(1)) or "(" in m[p:stmt_end].split("=", 1)[0]:
        return f"the first use of {name} is not a plain assignment to it"
    before = m[:p].rstrip()
    if not before or before[-1] not in ";{}":
        return f"the first assignment to {name} is not a statement of its own (it is under a condition)"
    lo, hi = _block(m, p)
    if any(u > hi for u in uses):
        return f"{name} is used outside the block of its first assignment"
    if _LABEL.search(m[p:hi]):
        return "a label follows the first assignment: a goto could jump past it"
    return ""


@dataclass(frozen=True)
class Initialized:
    name: str                    # a local the declaration initialises
    init: str                    # its initializer
    piece: str                   # its declarator as written, `ret = 0`
    array: bool


def _later_reads(ctx: CodeContext, function: str, decl: str, name: str) -> str:
    """Why the initializer of NAME, declared on the line DECL of FUNCTION, is read in the function as the later
    patches of the series leave CTX's file ('' when it is not, or they do not touch the function)."""
    later = ctx.later_files.get(ctx.path)
    f = function_named(later, function) if later else None
    if later is None or f is None:
        return ""
    lines = later.splitlines()
    at = [i for i in range(f.body_start - 1, min(f.end, len(lines))) if lines[i] == decl]
    if len(at) != 1:
        return f"they change the declaration of {name}"
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    return _first_write_covers_reads(mask(later), name, offsets[at[0] + 1], offsets[f.end])


def initialized(code: str) -> list[Initialized]:
    """The declarators with an initializer of the declaration CODE (`int ret = 0, irq;`: ret), [] when CODE
    declares nothing."""
    d = declaration(code)
    if d is None:
        return []
    m = mask(code)
    at = re.search(rf"(?<![\w*])\**\s*{re.escape(d.name)}\b", m)
    end = m.rfind(";")
    if at is None or end < at.start():
        return []
    out = []
    for sp in split_top(code, m, at.start(), end):
        x = re.fullmatch(r"\**\s*([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)=\s*(.+)", sp.of(code), re.S)
        if x:
            out.append(Initialized(x.group(1), x.group(3).strip(), sp.of(code), bool(x.group(2))))
    return out


@dataclass(frozen=True)
class DropInitializerParams(InFunction):
    name: str                    # the local
    old: list[str]               # its declaration line(s) as they are
    new: list[str]               # the same without the initializer


class DropInitializer(LinesEdit[DropInitializerParams]):
    kind = "drop-initializer"
    takes_away = True           # a doubting question may ask for it
    # an edit inside one declaration, like const on a local
    order = Phase.QUALIFIERS
    # "no need to init x" keeps x: it is not a request to drop the variable
    supersedes = ("drop-variable", "remove-statements")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropInitializerParams] | None:
        # "No need to init txp", or the initialisation written out: "txp = NULL is not needed"
        written = not asks(s.comment) and re.search(rf"\b{_NEEDLESS}\b", s.comment, re.I) is not None and \
            re.search(r"\b[A-Za-z_]\w*\s*=\s*[^\s=]", s.comment) is not None
        if not (asks(s.comment) or written) or E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = [(st, d) for st in statements(ctx.text, first, last) for d in initialized(st.code)]
        if written:
            found = [(st, d) for st, d in found if norm(f"{d.name} = {d.init}") in norm(s.comment)]
            if not found:
                return None
        if not found:
            raise Manual("the comment calls an initialisation needless, but the quote declares nothing "
                         "with an initializer")
        named = [(st, d) for st, d in found if re.search(rf"\b{re.escape(d.name)}\b", s.comment)]
        if len(named) > 1 or not named and len(found) > 1:
            raise Manual("the quote initialises several locals: the comment does not say which one")
        st, d = (named or found)[0]
        if d.array or re.search(r"\bstatic\b", st.code):
            raise Manual(f"{d.name} is declared as an array or static: left to the author")
        init = mask(d.init or "")
        if re.search(r"[A-Za-z_]\w*\s*\(|\+\+|--|(?<![=!<>])=(?!=)", init):
            raise Manual(f"the initializer of {d.name} calls or changes something: dropping it would "
                         "drop that effect")
        if st.start != st.end:
            raise Manual(f"the declaration of {d.name} spans several lines")
        lines = ctx.text.splitlines()
        m = mask(ctx.text)
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        why = _first_write_covers_reads(m, d.name, offsets[st.end], offsets[fn.end])
        if why:
            raise Manual(f"the initializer of {d.name} cannot go safely: {why}")
        old = lines[st.start - 1]
        why = _later_reads(ctx, fn.name, old, d.name)
        if why:
            raise Manual(f"the initializer of {d.name} cannot go safely in {fn.name}() as a later patch of the "
                         f"series leaves it: {why}")
        new = old.replace(d.piece, re.sub(r"\s*=.*$", "", d.piece, flags=re.S), 1) if old.count(d.piece) == 1 else old
        if norm(mask(new)) != norm(mask(old)).replace(" = " + norm(init).strip(), "", 1) or new == old:
            raise Manual(f"dropping the initializer of {d.name} would change more than the initializer")
        return Plan(self.kind, slug=d.name, order=self.order, files=[ctx.path],
                    params=DropInitializerParams(fn.name, name=d.name, old=[old], new=[new]),
                    summary=f"Do not initialise {d.name} in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropInitializerParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.name} is still initialised"

    def title(self, plan: Plan[DropInitializerParams]) -> str:
        return f"Do not initialise {plan.params.name} in {plan.params.function}()"

    def rule_notes(self, plan: Plan[DropInitializerParams], ctx: CodeContext) -> list[str]:
        return [f"The first use of {plan.params.name} assigns it, and every other use follows that assignment:",
                "the initial value is never read."]


RECIPE = DropInitializer()
