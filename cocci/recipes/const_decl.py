"""Make a local declaration const: `unsigned long hsz = E;` -> `const unsigned long hsz = E;`.

Evidence: the word "const" in the comment, and a quoted local declaration with
an initializer.  The declaration the comment names, else the one nearest to the
comment ("all"/"both": every quoted one).  Pointers are left to people (const
data or const pointer?), as are declarations without an initializer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import KEYWORDS, Declaration, Function, Stmt, declaration, function_named, mask
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion


def parse_decl(code: str) -> Declaration | None:
    """CODE read as a declaration of one variable that is not const yet (nor static); None otherwise."""
    d = declaration(code)
    if d is None or not d.single or d.array or d.words[0] in ("const", "static"):
        return None
    if " ".join(d.type.replace("*", " ").split()) in KEYWORDS - {"bool", "char", "int", "long", "short", "unsigned",
                                                                 "signed"}:
        return None
    return d


@dataclass(frozen=True)
class ConstDeclParams(InFunction):
    decls: list[tuple[str, int, str, str]]   # (statement, occurrence, name, type) of each declaration
    # "Same below.": how many of DECLS (the last ones) are the like declarations after the quote; None
    # when not asked
    below: int | None = None
    kept: tuple[str, ...] = ()   # the like declarations after the quote "same below" leaves, and why

    def reach_below(self) -> int | None:
        return self.below

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


def asks_pointer(comment: str) -> bool:
    """Whether COMMENT asks for a pointer ("A const pointer will do.", "use a pointer to the entry"), not
    only the const of the variable it is under ("not a pointer" says what it is)."""
    return any(not re.search(r"\b(?:not|no|isn't|never)\s+(?:an?\s+)?(?:\w+\s+)?$", comment[:m.start()])
               for m in re.finditer(r"\bpointers?\b", comment, re.I))


def written(code: str, name: str) -> bool:
    """Whether the masked CODE writes NAME (or a member or element of it), takes its address or steps it."""
    n = re.escape(name)
    lvalue = rf"(?<![\w.>]){n}(?:\s*(?:\.|->)\s*\w+|\s*\[[^\]]*\])*"
    return re.search(rf"{lvalue}\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\+\+|--)\s*{lvalue}|{lvalue}\s*(?:\+\+|--)"
                     rf"|&\s*{n}\b", code) is not None


def _below(text: str, fn: Function, last: int, types: set[str], first: int = 0, own: set[int] | None = None
           ) -> tuple[list[tuple[Stmt, Declaration]], list[str]]:
    """The local declarations of FN after line LAST (the quote's last) of one of TYPES, with an
    initializer and not a pointer, as the quoted ones, that "same below" makes const: those whose variable
    the code after them never writes; and the ones it leaves, each with why.  With FIRST (the quote's
    first line, for "both"), the declarations above the quote too, of the lines OWN (the patch's)."""
    took: list[tuple[Stmt, Declaration]] = []
    kept: list[str] = []
    m = mask(text)
    offsets = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    for st in E.statements(text, fn.body_start if first else last + 1, fn.end):
        if first and (first <= st.start <= last or (own is not None and st.start not in own)):
            continue
        d = parse_decl(st.code)
        if d is None or d.pointer or d.init is None or d.type not in types:
            continue
        rest = m[offsets[st.end] if st.end < len(offsets) else len(m):offsets[fn.end - 1]]
        if written(rest, d.name):
            kept.append(f"{d.name} on line {st.start}: the code after it changes it")
            continue
        took.append((st, d))
    return took, kept


def written_later(later: str | None, fn: str, name: str) -> bool:
    """Whether the code after the declaration of local NAME in function FN of LATER (the file as the later
    patches of the series leave it; None when they do not touch it) changes NAME."""
    f = function_named(later, fn) if later else None
    if later is None or f is None:
        return False
    m = mask(later)
    offsets = [0, *(i + 1 for i, c in enumerate(later) if c == "\n")]
    for st in E.statements(later, f.body_start, f.end):
        d = parse_decl(st.code)
        if d is not None and d.name == name:
            return written(m[offsets[st.end] if st.end < len(offsets) else len(m):offsets[f.end - 1]], name)
    return False


class ConstDecl(Recipe[ConstDeclParams]):
    kind = "const"
    order = Phase.QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ConstDeclParams] | None:
        if not re.search(r"(?<![\w-])const\b", s.comment) or re.search(r"\bnon-?const\b", s.comment):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        decls = [(st, d) for st in E.statements(ctx.text, first, last) if (d := parse_decl(st.code))]
        if not decls:
            return None
        named = set(E.named_identifiers(s.comment)) | set(re.findall(r"\b\w+\b", s.comment))
        chosen = [(st, d) for st, d in decls if d.name in named and len(d.name) > 1]
        if not chosen:
            if E.scope_words(s.comment, ("const",), E.SCOPE_ALL + E.SCOPE_BOTH):
                chosen = decls
            else:
                chosen = [decls[-1]]
        for _, d in chosen:
            if d.pointer:
                raise Manual(f"{d.name} is a pointer: const data or a const pointer? Left to the author")
            if asks_pointer(s.comment):
                raise Manual(f"the comment asks for a pointer and {d.name} is a copy: declaring a pointer "
                             "and reading through it is left to the author")
            if d.init is None:
                raise Manual(f"{d.name} has no initializer, it cannot simply be made const")
            if written_later(ctx.later_files.get(ctx.path), fn.name, d.name):
                raise Manual(f"a later patch of the series changes {d.name} in {fn.name}(): a const here would "
                             "break its build")
        names = [d.name for _, d in chosen]
        below: int | None = None
        kept: list[str] = []
        if E.same_below_only(s.comment):
            # "Same below.": the later declarations of the function like the quoted one (its type, an
            # initializer), each only when nothing after it changes the variable
            later, kept = _below(ctx.text, fn, last, {d.type for _, d in chosen})
            chosen, below = chosen + later, len(later)
        elif E.two_places(s.comment) and len(chosen) == 1:
            # "Both can be const." under one of two: the one other like declaration the patch adds to the
            # function, above or below, checked as "same below" checks its declarations
            later, kept = _below(ctx.text, fn, last, {chosen[0][1].type}, first=first, own=E.own_lines(ctx))
            kept += [f"{d.name}: a later patch of the series changes it" for _, d in later
                     if written_later(ctx.later_files.get(ctx.path), fn.name, d.name)]
            if len(later) == 1 and not kept:
                chosen, below = chosen + later, 1
            else:
                below, kept = 0, kept or [E.both_left(len(later), "declaration", fn.name)]
        return Plan(self.kind, slug="-".join(names), order=self.order, files=[ctx.path],
                    params=ConstDeclParams(fn.name, decls=[
                        (st.norm, E.occurrence(ctx.text, fn, st.norm, st.start), d.name, d.type)
                        for st, d in chosen], below=below, kept=tuple(kept)),
                    summary=f"Make {', '.join(names)} const" + (f" (and {below} below)" if below else ""))

    def render(self, s: Suggestion, plan: Plan[ConstDeclParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        bodies = []
        for snorm, k, name, typ in plan.params.decls:
            if E.find_statement(ctx.text, fn, snorm, k) is None:
                raise Manual(f"the declaration of {name} is no longer in {fn}()")
            bodies.append(f"- {typ} {name} = E;\n+ const {typ} {name} = E;")
        names = [d[2] for d in plan.params.decls]
        out = R.header(f"Make {', '.join(names)} const in {fn}()", s)
        for i, body in enumerate(bodies):
            out += "\n" + R.rule(f"make_const{i + 1}" if len(bodies) > 1 else "make_const",
                                 [f"identifier fn = {fn};", "expression E;"], R.in_function("fn", body))
        return out

    def _decl_of(self, text: str, fn: str, name: str) -> str | None:
        f = function_named(text, fn)
        if f is None:
            return None
        for st in E.statements(text, f.body_start, f.end):
            m = re.match(rf"\s*(const\s+)?[\w\s]+?[\s*]\b{re.escape(name)}\s*=", mask(st.code))
            if m:
                return st.code.strip()
        return None

    def is_applied(self, s: Suggestion, plan: Plan[ConstDeclParams], text: str) -> bool:
        fn = plan.params.function
        for _, _, name, _ in plan.params.decls:
            d = self._decl_of(text, fn, name)
            if d is None or not d.startswith("const "):
                return False
        return True

    def verify(self, s: Suggestion, plan: Plan[ConstDeclParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the declaration is not const afterwards"
        return ""


RECIPE = ConstDecl()
