"""Move a statement: to the beginning of a function (the first statement after its declarations).

Evidence: intent words (move, at the (very) beginning/start/top, first, earlier, "should be
checked/done ... in fn()") and a quoted statement of the anchored function.  The target function
is the one the comment names (an identifier followed by ``()``) when the file defines it, else the
anchored one.  The statement must make sense in the target: every variable it reads must be a
parameter or a local of the target (or not a local of the source at all).

The rule removes the statement in the source function (rule ``rm``) and, only when that matched,
adds it after the target's last declaration (rule ``add``): running it twice changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import ctext
from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from patches.ctext import block_items, decl_parts, function_span, is_declaration, read_names
from patches.model import Suggestion

_INTENT = re.compile(r"\b(move|moved|moving|at the (?:very )?(?:beginning|start|top)|right at the|"
                     r"first thing|(?:check|do|done|checked)\w* first|earlier|up front|upfront)\b", re.I)
_BEGIN = re.compile(r"\b(beginning|start|top|first|earlier|up ?front)\b", re.I)
_WHERE = re.compile(r"\b(before|after)\s+(?:the\s+)?(?:call\s+to\s+)?([A-Za-z_]\w*)\s*\(\)", re.I)


def _params(text: str, function: str) -> list[str]:
    span = function_span(text, function)
    if span is None:
        return []
    head = ctext.mask(text[span[0]:span[1]])
    inner = head[head.index("(") + 1:head.rindex(")")]
    names = []
    for part in inner.split(","):
        w = re.findall(r"[A-Za-z_]\w*", part)
        if w and w[-1] != "void":
            names.append(w[-1])
    return names


def _locals(text: str, function: str) -> list[str]:
    span = function_span(text, function)
    if span is None:
        return []
    names = []
    for it in block_items(text, span[1]):
        if not is_declaration(it.text):
            break
        p = decl_parts(it.text)
        if p:
            names.append(p[1])
        else:
            m = re.match(r"\s*(?:DEFINE|DECLARE)_\w+\s*\(\s*([A-Za-z_]\w*)", it.text)
            if m:
                names.append(m.group(1))
    return names


@dataclass(frozen=True)
class MoveStatementParams(Params):
    source: str                  # the function the statement leaves
    target: str                  # the function it goes to the start of
    statement: str               # the statement


class MoveStatement(Recipe[MoveStatementParams]):
    kind = "move-statement"
    order = Phase.MOVES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MoveStatementParams] | None:
        if not _INTENT.search(s.comment) or not ctx.function:
            return None
        code = " ".join(ln.strip() for ln in (s.anchor.code or s.quoted) if ln.strip())
        stmts = [st.strip() for st in re.findall(r"[^;{}]*;", code) if st.strip()]
        if len(stmts) != 1 or is_declaration(stmts[0]):
            return None
        stmt = " ".join(stmts[0].split())
        defined = {f.name for f in ctext.functions(ctx.text)}
        named = [n for n in re.findall(r"([A-Za-z_]\w*)\s*\(\)", s.comment) if n in defined]
        where = _WHERE.search(s.comment)
        if where and where.group(2) in named:
            named.remove(where.group(2))
        target = named[0] if named else ctx.function
        if where:
            raise Manual(f"moving a statement {where.group(1)} {where.group(2)}() is not supported; "
                         "move it by hand")
        if not _BEGIN.search(s.comment):
            raise Manual("the comment asks to move the statement but does not say where")
        src_span = function_span(ctx.text, ctx.function)
        if src_span is None or ctext.norm(stmt) not in ctext.norm(ctx.text[src_span[1]:src_span[2]]):
            raise Manual(f"the quoted statement is not in {ctx.function}()")
        # the statement must make sense in the target
        src_names = set(_params(ctx.text, ctx.function)) | set(_locals(ctx.text, ctx.function))
        dst_names = set(_params(ctx.text, target)) | set(_locals(ctx.text, target))
        missing = [n for n in read_names(stmt) if n in src_names and n not in dst_names]
        if missing:
            raise Manual(f"{', '.join(missing)} is not known in {target}(); the statement cannot move there")
        dst_span = function_span(ctx.text, target)
        assert dst_span is not None
        first = next((it for it in block_items(ctx.text, dst_span[1]) if not is_declaration(it.text)), None)
        if first is not None and ctext.norm(first.text) == ctext.norm(stmt):
            raise Manual(f"the statement already is the first one of {target}()")
        word = re.search(r"(WARN|BUG)_ON|\bif\b", stmt)
        flag = re.search(r"\b[A-Z][A-Z0-9_]{2,}\b(?!\s*\()", stmt)
        what = flag.group(0) if word and flag else stmt.rstrip(";")
        return Plan(kind=self.kind, slug=f"{target}", order=self.order, files=[ctx.path],
                    params=MoveStatementParams(source=ctx.function, target=target, statement=stmt),
                    summary=f"Check {what} first in {target}()" if word and flag
                    else f"Move {what} to the beginning of {target}()")

    def render(self, s: Suggestion, plan: Plan[MoveStatementParams], ctx: CodeContext) -> str:
        src, dst, stmt = plan.params.source, plan.params.target, plan.params.statement
        notes = [f"Remove the statement from {src}() and add it as the first statement of {dst}(),",
                 "right after the declarations (rule add runs only when rule rm matched)."]
        syms = sorted({n for n in read_names(stmt)} | set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", stmt)))
        sym = f"symbol {', '.join(syms)};\n" if syms else ""
        head = R.header(plan.summary or f"Move a statement to the beginning of {dst}()", s, notes)
        rm = (f"@rm exists@\nidentifier src = {src};\n{sym}@@\n\n src(...) {{\n ... when any\n- {stmt}\n"
              " ... when any\n }\n")
        if src == dst:
            add_fn = "src"
            add = (f"@add depends on rm@\nidentifier rm.src;\n{sym}declaration d;\nstatement S;\n@@\n\n"
                   f" {add_fn}(...) {{\n ... when any\n d\n+\n+ {stmt}\n S\n ... when any\n }}\n")
        else:
            add = (f"@add depends on rm@\nidentifier dst = {dst};\n{sym}declaration d;\nstatement S;\n@@\n\n"
                   f" dst(...) {{\n ... when any\n d\n+\n+ {stmt}\n S\n ... when any\n }}\n")
        return "\n".join([head, rm, add])

    def verify(self, s: Suggestion, plan: Plan[MoveStatementParams], before: str, after: str) -> str:
        dst, stmt = plan.params.target, plan.params.statement
        want = ctext.norm(stmt)
        n = ctext.norm(ctext.mask(after)).count(want)
        if n != 1:
            return f"the statement occurs {n} times in the file after the move, expected once"
        span = function_span(after, dst)
        if span is None:
            return f"{dst}() is gone"
        first = next((it for it in block_items(after, span[1]) if not is_declaration(it.text)), None)
        if first is None or ctext.norm(first.text) != want:
            return f"the statement is not the first statement of {dst}()"
        return ""

    def is_applied(self, s: Suggestion, plan: Plan[MoveStatementParams], current: str) -> bool:
        """True when CURRENT already has the statement once, first in the target."""
        return self.verify(s, plan, current, current) == ""


RECIPE = MoveStatement()
