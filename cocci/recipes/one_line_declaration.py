"""Initialise at the declaration: `int ret;` ... `ret = foo();` -> `int ret = foo();`.

Evidence: intent words ("one line", "initialise/initialize ... declaration",
"at definition", "combine", "merge"), and a quoted assignment `x = E;` to a
local declared without initializer in the same function, the assignment being
the first statement after the declarations; an assignment wrapped over lines under bare "one line" words
("This fits on one line.") is join-line's.  Several declarations quoted without the assignment
("These can be on one line.") ask for them on one line, which is manual.  Refused: E reads a variable
declared after x, a declaration between them runs a call (the order of calls
would change), or x is declared with others (`int a, x;`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import begins_declaration, declaration, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion

INTENT = re.compile(r"\bone\s+line\b|\bsingle\s+line\b|\binitiali[sz]\w*\b.{0,40}\b(?:declar|defin)\w*|"
                    r"\b(?:declar|defin)\w*\b.{0,40}\binitiali[sz]\w*|\b(?:combine|merge|fold)\b.{0,40}"
                    r"\b(?:declar|assign)\w*", re.I | re.S)
# words that ask for the declaration and the assignment together, not for one statement's lines joined
_JOIN_WORDS = re.compile(r"\binitiali[sz]|\bdeclar|\bdefin|\bcombine|\bmerge|\bfold", re.I)
_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)\s*(.+);\s*$", re.S)


def _decl_block(text: str, body_start: int, end: int) -> list[E.Stmt]:
    """The declarations at the top of a function body, then the first statement after them."""
    out = []
    for st in E.statements(text, body_start + 1, end - 1):
        out.append(st)
        if not begins_declaration(st.code):
            break
    return out


@dataclass(frozen=True)
class OneLineDeclarationParams(InFunction):
    name: str                    # the local
    type: str                    # its type
    decl: str                    # its declaration without a value (normalized)
    assign: str                  # its first assignment (normalized)


class OneLineDeclaration(Recipe[OneLineDeclarationParams]):
    kind = "one-line-declaration"
    order = Phase.DECLARATION_JOIN

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[OneLineDeclarationParams] | None:
        if not INTENT.search(s.comment):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        block = _decl_block(ctx.text, fn.body_start, fn.end)
        if not block or begins_declaration(block[-1].code):
            return None
        assign = block[-1]
        decls = block[:-1]
        m = _ASSIGN.match(mask(assign.code))
        if not m or not (first <= assign.start <= last or any(first <= d.start <= last for d in decls)):
            return None
        if assign.end > assign.start and not _JOIN_WORDS.search(s.comment):
            return None         # "one line" under a call wrapped over lines: join-line's (the call's lines joined)
        quoted_decls = [d for d in decls if first <= d.start <= last]
        if not first <= assign.start <= last and len(quoted_decls) > 1:
            # "These can be on one line." under `int ret;` and `int fd;`: the declarations themselves
            raise Manual(f"the quote holds {len(quoted_decls)} declarations and not the assignment: declaring "
                         "them on one line (`int a, b;`) is left to the author")
        name = m.group(1)
        mine = [d for d in decls if re.search(rf"\b{re.escape(name)}\b", mask(d.code))]
        if not mine:
            return None
        decl = mine[0]
        read = declaration(decl.code)
        if read is None or read.name != name or read.init is not None or not read.single or read.array \
                or "static" in read.words:
            raise Manual(f"{name} is declared with an initializer or with other names: "
                         "joining them is left to the author")
        value = assign.code.strip()[assign.code.strip().index("=") + 1:].rstrip().rstrip(";").strip()
        later = decls[decls.index(decl) + 1:]
        later_names = {re.sub(r"[^\w].*", "", d.code.strip().split()[-1]) for d in later}
        for d in later:
            md = re.search(r"([A-Za-z_]\w*)\s*(?:=|;|\[)", mask(d.code))
            if md:
                later_names.add(md.group(1))
            if "=" in mask(d.code) and "(" in mask(d.code).split("=", 1)[1]:
                raise Manual(f"the declaration on line {d.start} calls a function: initialising {name} "
                             "first would change the order of the calls")
        used = set(E.identifiers(value)) & later_names
        if used:
            raise Manual(f"{name}'s value reads {', '.join(sorted(used))}, declared after {name}")
        typ = decl.code.strip()[:decl.code.strip().rindex(name)].rstrip()
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=OneLineDeclarationParams(fn.name, name=name, type=typ,
                                                    decl=decl.norm, assign=assign.norm),
                    summary=f"Initialise {name} at its declaration in {fn.name}()")

    def render(self, s: Suggestion, plan: Plan[OneLineDeclarationParams], ctx: CodeContext) -> str:
        fn, name, typ = plan.params.function, plan.params.name, plan.params.type
        st = E.find_statement(ctx.text, fn, plan.params.assign)
        if st is None or E.find_statement(ctx.text, fn, plan.params.decl) is None:
            raise Manual(f"the declaration or the assignment of {name} is no longer in {fn}()")
        sep = "" if typ.endswith("*") else " "
        body = (f"- {typ}{sep}x;\n+ {typ}{sep}x = E;\n... when != x\n- x@p = E;")
        mv = [f"identifier fn = {fn};", f"identifier x = {name};", "expression E;",
              R.position_constraint("p", [st.start])]
        return (R.header(f"Initialise {name} at its declaration in {fn}()", s)
                + "\n" + R.rule("one_line", mv, R.in_function("fn", body, whole=False)))

    def is_applied(self, s: Suggestion, plan: Plan[OneLineDeclarationParams], text: str) -> bool:
        fn = plan.params.function
        if function_named(text, fn) is None:
            return False
        return E.find_statement(text, fn, plan.params.assign) is None and \
            E.find_statement(text, fn, plan.params.decl) is None

    def verify(self, s: Suggestion, plan: Plan[OneLineDeclarationParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"{plan.params.name} is still declared and assigned apart"
        f = function_named(after, plan.params.function)
        want = norm(f"{plan.params.type} {plan.params.name} =")
        if f is None or not any(st.norm.startswith(want) for st in E.statements(after, f.body_start, f.end)):
            return f"no declaration of {plan.params.name} with its value afterwards"
        return ""


RECIPE = OneLineDeclaration()
