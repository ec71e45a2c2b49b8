"""Add the comment the reviewer wrote, where they put it; or the comment the reviewer asks for in words.

Evidence: the reviewer wrote a C comment (`/* ... */`) under quoted code.  It
goes above the first statement after the quoted lines (where the reviewer
placed it), or above the quoted statement when the comment says "above".

Or the reviewer asks in words for a comment that says something: "add a comment that X", "adding
a comment to point out that X" (also as one branch of "either use A here or add a comment ...").
The comment is X in kernel style (`/* X */`, a block comment when that would not fit the line
limit), above the quoted statement nearest to the review comment; when that one names nothing (a
bare `break;`), above the statement right after the quote if it holds what the review names (the
reviewer's "here" points below).  "A comment explaining why ..." without the explanation is left to the author.
This variant is a verified text edit, so that it can sit above a `case` label.

Or the reviewer wrote the comment as a small diff of their own: `+` comment lines right above a ` `
context line ("+/* why 100 */" over " #define X 100").  The comment goes above that line, which must
be in the file once; a verified text edit, also outside functions (a #define, a declaration).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cocci import render as R
from cocci import textedit as T
from patches.ctext import Function, function_at, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from cocci.recipes.comment_block import comment_block_at
from cocci.recipes.const_decl import parse_decl
from patches.model import Suggestion


_SAYING = (r"(?:(?:to\s+)?(?:point(?:ing)?\s+out|explain(?:s|ing)?|say(?:s|ing)?|not(?:e|es|ing)|stat(?:e|es|ing)|"
           r"mention(?:s|ing)?|clarify(?:ing)?|document(?:s|ing)?|mak(?:e|es|ing)\s+(?:it\s+)?clear|"
           r"spell(?:s|ing)?\s+out|warn(?:s|ing)?)\s+)?")
ASKED = re.compile(r"\b(?:add|adding|put|putting|write|writing|leave|leaving|need|needs|with|want|deserves?)\s+"
                   r"(?:a|an|some|one)?\s*(?:short\s+|brief\s+|small\s+|one-line\s+)?comment\s+(?:here\s+)?"
                   + _SAYING + r"that\s+(?P<x>[^.?!;]+)", re.I | re.S)
VAGUE = re.compile(r"\b(?:add|adding|put|write|need|needs|deserves?)\s+(?:a|an|some)?\s*(?:short\s+|brief\s+)?"
                   r"comment\b", re.I)


def asked_comment(comment: str) -> str | None:
    """What the comment the reviewer asks for in words should say ("add a comment that X": X), or None."""
    m = ASKED.search(" ".join(comment.split()))
    if m is None:
        return None
    # the reviewer's reasons for wanting it ("..., otherwise the next reader drops it") are not its text
    x = re.split(r",?\s+(?:otherwise|because|since|so\s+that|or\s+else|as\s+otherwise)\b|,\s+(?:as|so|but)\s|\s+\(",
                 m.group("x"))[0]
    x = re.sub(r"\s+(?:here|there)$", "", x.strip().rstrip(",:"))
    x = re.sub(r"^(?:the\s+fact\s+that\s+)", "", x)
    return x or None


def kernel_comment(x: str, indent: str, limit: int) -> list[str]:
    """X as a kernel-style comment at INDENT: `/* X */`, or a block comment when that is too wide."""
    first = x.split()[0]
    if re.fullmatch(r"[a-z]+", first):
        x = x[0].upper() + x[1:]
    one = f"{indent}/* {x} */"
    if S.width(one) <= limit:
        return [one]
    out, line = [f"{indent}/*"], ""
    for w in x.split():
        if line and S.width(f"{indent} * {line} {w}") > limit:
            out.append(f"{indent} * {line}")
            line = w
        else:
            line = f"{line} {w}".strip()
    return out + [f"{indent} * {line}", f"{indent} */"]


def _parts(code: str) -> set[str]:
    return {p for w in re.findall(r"[A-Za-z_]\w*", code) for p in w.lower().split("_") if len(p) > 1}


def _diff_comment(written: list[str]) -> tuple[list[str], str] | None:
    """(the comment lines, the context line below them) when WRITTEN is a reviewer's diff that only adds
    one comment above a context line ("+/* why */" / " #define X 100"); None otherwise."""
    lines = [ln for ln in written if ln.strip()]
    added = [ln[1:] for ln in lines if ln.startswith("+")]
    if not added or any(ln.startswith("-") for ln in lines) or E.comment_text(added) is None:
        return None
    first = next(i for i, ln in enumerate(lines) if ln.startswith("+"))
    block = lines[first:first + len(added)]
    after = lines[first + len(added):]
    if any(not ln.startswith("+") for ln in block) or not after or not after[0].startswith(" "):
        return None
    return added, after[0][1:]


def comment_target(text: str, fn: Function, first: int, last: int, review: str) -> E.Stmt:
    """The statement the asked-for comment goes above: the quoted one nearest to the review comment (a
    whole `if`, not its body), or, when that one names nothing (`break;`), the next one if it holds
    what the review names ("either use DISPLAY_PORT_RX here or ..." above `case DISPLAY_PORT_RX_0:`).
    A `case` label goes with the statement it introduces."""
    stmts = E.all_statements(text, fn.body_start + 1, fn.end - 1)
    starts = [st for st in stmts if first <= st.start <= last]
    outer = [st for st in starts if not any(o is not st and o.start <= st.start and st.end <= o.end
                                            and (o.start, o.end) != (st.start, st.end) for o in starts)]
    quoted = max(outer, key=lambda st: st.start, default=None)
    later = [st for st in stmts if st.start > last]
    after = min(later, key=lambda st: (st.start, -st.end), default=None)
    if quoted is None and after is None:
        raise Manual(f"no code in or after the quote in {fn.name}() to put the comment on")
    words = _parts(" ".join(E.named_identifiers(review)))     # names, not ordinary words ("the fan")
    # a bare `break;`/`return;` says nothing a comment could explain: the review's "here" is below it
    bare = quoted is not None and not E.identifiers(quoted.code)
    if after is not None and (quoted is None or bare and _parts(mask(after.code)) & words):
        return after
    assert quoted is not None
    return quoted


@dataclass(frozen=True)
class AddCommentParams(InFunction):
    comment: list[str]           # the comment's lines, stripped
    target: str                  # the statement it goes above (normalized code)
    k: int                       # that statement's occurrence in the function
    lines: list[str] = field(default_factory=list)   # a comment asked for in words: its lines, indented
    text_edit: bool = False      # ... which is written as a text edit (SmPL anchors a comment to code)
    above: str = ""              # the reviewer's diff: the line (as in the file) the comment goes above


class AddComment(Recipe[AddCommentParams]):
    kind = "add-comment"
    order = Phase.SETTLED_STATEMENTS
    supersedes = ("replace-text",)      # a reviewer's diff that adds a comment only: the comment goes in

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AddCommentParams] | None:
        diff = _diff_comment(s.written)
        if diff is not None:
            return self._from_diff(ctx, *diff)
        comment = E.comment_text(E.reviewer_code(s))
        if comment is None:
            return self._asked(s, ctx)
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        if comment_block_at(ctx.text, first, last) is not None:
            return None                    # written under a comment: a rewording (comment-block)
        if E.has_any(s.comment, ("above", "before")):
            stmts = E.statements(ctx.text, first, last)
            if not stmts:
                raise Manual("no quoted statement to put the comment above")
            target = stmts[-1]
        else:
            after = E.statements(ctx.text, last + 1, fn.end - 1)
            m = mask(ctx.text).splitlines()
            nxt = next((n for n in range(last + 1, fn.end) if m[n - 1].strip()), fn.end)
            if not after or after[0].start != nxt:
                raise Manual(f"no statement follows the quoted lines in {fn.name}() to put the comment on")
            target = after[0]
        if parse_decl(target.code):
            raise Manual("the comment would go above a declaration, which SmPL cannot anchor reliably")
        text = " ".join(c.strip() for c in comment)
        return Plan(self.kind, slug="-".join(re.findall(r"[a-z]+", text.lower())[:4]) or "comment",
                    order=self.order, files=[ctx.path],
                    params=AddCommentParams(fn.name, comment=comment, target=target.norm,
                                            k=E.occurrence(ctx.text, fn, target.norm, target.start, nested=True)),
                    summary=f"Add a comment in {fn.name}(): {text}")

    def _from_diff(self, ctx: CodeContext, lines: list[str], context: str) -> Plan[AddCommentParams]:
        """The plan for the comment LINES the reviewer's diff puts above the line CONTEXT."""
        src = ctx.text.splitlines()
        at = [n for n, ln in enumerate(src, 1) if norm(ln) == norm(context)]
        if len(at) != 1:
            raise Manual(f"the line the reviewer's comment goes above is {'not' if not at else 'more than once'} "
                         f"in {ctx.path}: {context.strip()}")
        a = at[0]
        if S.has_comment(src[a - 2:a - 1]):
            raise Manual("the line the comment would go above has a comment already")
        fn = function_at(ctx.text, a)
        name = fn.name if fn is not None else ""
        text = " ".join(ln.strip() for ln in lines)
        where = f"in {name}()" if name else f"above {src[a - 1].strip()}"
        return Plan(self.kind, slug="-".join(re.findall(r"[a-z]+", text.lower())[:4]) or "comment",
                    order=self.order, files=[ctx.path],
                    params=AddCommentParams(name, comment=[ln.strip() for ln in lines], lines=lines,
                                            target=norm(context), k=0, text_edit=True, above=src[a - 1]),
                    summary=f"Add a comment {where}: {text}")

    def _asked(self, s: Suggestion, ctx: CodeContext) -> Plan[AddCommentParams] | None:
        """The plan for a comment asked for in words, None when the review asks for none."""
        x = asked_comment(s.comment)
        if x is None:
            if VAGUE.search(s.comment) and re.search(r"\b(?:why|explain\w*)\b", s.comment, re.I):
                raise Manual("the review asks for a comment but does not say what it should say")
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        if comment_block_at(ctx.text, first, last) is not None:
            return None                    # written under a comment: a rewording (comment-block)
        st = comment_target(ctx.text, fn, first, last, s.comment)
        a = st.start
        indent = E.indent_of(ctx.text.splitlines()[a - 1])
        lines = kernel_comment(x, indent, S.line_limit(ctx.text))
        if S.has_comment(ctx.text.splitlines()[a - 2:a - 1]):
            raise Manual("the line the comment would go above has a comment already")
        return Plan(self.kind, slug="-".join(re.findall(r"[a-z]+", x.lower())[:4]) or "comment",
                    order=self.order, files=[ctx.path],
                    params=AddCommentParams(fn.name, comment=[ln.strip() for ln in lines], lines=lines,
                                            target=st.norm,
                                            k=E.occurrence(ctx.text, fn, st.norm, st.start, nested=True),
                                            text_edit=True),
                    summary=f"Add a comment in {fn.name}(): {x}")

    def edits_text(self, plan: Plan[AddCommentParams]) -> bool:
        return plan.params.text_edit

    def _unit(self, plan: Plan[AddCommentParams], text: str) -> tuple[int, list[str]]:
        if plan.params.above:
            src = text.splitlines()
            at = [n for n, ln in enumerate(src, 1) if ln.rstrip() == plan.params.above.rstrip()]
            if len(at) != 1:
                raise Manual(f"the line the comment goes above is no longer in the file once: {plan.params.above}")
            return at[0], src
        st = E.find_statement(text, plan.params.function, plan.params.target,
                              plan.params.k, nested=True)
        if st is None:
            raise Manual(f"the line the comment goes above is no longer in {plan.params.function}()")
        return st.start, text.splitlines()

    def text_edit(self, s: Suggestion, plan: Plan[AddCommentParams], ctx: CodeContext) -> T.TextEdit:
        a, src = self._unit(plan, ctx.text)
        return T.TextEdit(ctx.path, plan.params.function, [src[a - 1]],
                          [*plan.params.lines, src[a - 1]], plan.summary,
                          drop_blank_after=False, line=a)

    def render(self, s: Suggestion, plan: Plan[AddCommentParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        if plan.params.text_edit:
            te = self.text_edit(s, plan, ctx)
            return R.text_edit_rule(f"Add the comment the review asks for in {fn}()", s, te)
        st = E.find_statement(ctx.text, fn, plan.params.target, plan.params.k, nested=True)
        if st is None:
            raise Manual(f"the statement the comment goes above is no longer in {fn}()")
        metavars = [f"identifier fn = {fn};", "statement S;", R.position_constraint("p", [st.start])]
        comment = [ln if i == 0 or not ln.startswith("*") else " " + ln
                   for i, ln in enumerate(plan.params.comment)]
        body = R.plus(comment) + "\nS@p"
        return (R.header(f"Add the reviewer's comment in {fn}()", s) + "\n"
                + R.rule("add_comment", metavars, R.in_function("fn", body)))

    def is_applied(self, s: Suggestion, plan: Plan[AddCommentParams], text: str) -> bool:
        fn = plan.params.function
        if plan.params.text_edit:
            try:
                a, src = self._unit(plan, text)
            except Manual:
                return False
            n = len(plan.params.lines)
            return [ln.strip() for ln in src[max(0, a - 1 - n):a - 1]] == plan.params.comment
        st = E.find_statement(text, fn, plan.params.target, plan.params.k, nested=True)
        if st is None:
            return False
        src = text.splitlines()
        n = len(plan.params.comment)
        above = src[max(0, st.start - 1 - n):st.start - 1]
        return norm("\n".join(above)) == norm("\n".join(plan.params.comment))

    def verify(self, s: Suggestion, plan: Plan[AddCommentParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the comment is not right above the statement afterwards"
        f = function_named(after, plan.params.function)
        if f is not None and before != after:
            body = "\n".join(after.splitlines()[f.start - 1:f.end])
            want = norm("\n".join(plan.params.comment))
            if norm(body).count(want) != 1:
                return "the comment was added more than once"
        return ""


RECIPE = AddComment()
