"""Delete or reword a comment block, as a verified text edit (SmPL cannot match comments).

Evidence: the quote lies in a comment block, and either the reviewer asks to
drop it ("drop", "remove", or a question whether it is needed/helpful that the
author answers with "drop"/"remove"), or the reviewer wrote the new comment text
(`/* ... */`) or an `s/old/new/` under it.  The whole enclosing block is edited,
even when only its tail was quoted.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from cocci import render as R
from cocci import textedit as T
from patches.ctext import KEYWORDS, mask, split_lines
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.model import Suggestion

NEED_QUESTION = re.compile(r"\b(need|needed|necessary|helpful|useful|required|worth)\b.*\?|"
                           r"\b(need|keep)\s+(this|that|the)\s+comment", re.I | re.S)


def comment_block_at(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The (first, last) lines of the comment block(s) covering lines FIRST..LAST, when every non-blank
    line there is comment only; None otherwise."""
    src, m = split_lines(text), split_lines(mask(text))
    if any(src[i - 1].strip() and m[i - 1].strip() for i in range(first, last + 1)):
        return None
    a = first
    while a > 1 and not src[a - 1].lstrip().startswith(("/*", "//")):
        if m[a - 2].strip() or not src[a - 2].strip():
            return None
        a -= 1
    b = last
    while "*/" not in src[b - 1] and not src[b - 1].lstrip().startswith("//"):
        if b >= len(src) or m[b].strip():
            return None
        b += 1
    return a, b


def blocks_within(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """The comment blocks (comment-only lines, `/* ... */` or `//`) that lie wholly within lines
    FIRST..LAST, as (first, last) pairs."""
    src, m = split_lines(text), split_lines(mask(text))
    out: list[tuple[int, int]] = []
    n = first
    while n <= last:
        if src[n - 1].lstrip().startswith(("/*", "//")) and not m[n - 1].strip():
            block = comment_block_at(text, n, n)
            if block is not None and block[0] >= first and block[1] <= last:
                out.append(block)
                n = block[1] + 1
                continue
        n += 1
    return out


def explaining_comment(text: str, stmt_start: int, names: set[str] | None) -> tuple[int, int] | None:
    """The comment block right above line STMT_START (no blank line between) when it mentions one of
    NAMES (any comment block there when NAMES is None): the comment that explains a statement."""
    src = split_lines(text)
    end = stmt_start - 1
    if end < 1 or not src[end - 1].rstrip().endswith("*/"):
        return None
    start = end
    while start > 1 and not src[start - 1].lstrip().startswith("/*"):
        start -= 1
    block = "\n".join(src[start - 1:end])
    if names is None or any(re.search(rf"\b{re.escape(n)}\b", block) for n in names):
        return start, end
    return None


_STAR_LINE = re.compile(r"^\s*\*(?:\s(?P<text>.*\S))?\s*$")


# what a request is about when it is an initialisation, not a comment: "No need to initialise ret"
_INIT_WORDS = re.compile(r"\binit(?:iali[sz](?:e|ed|es|ing|ation|ations))?\b", re.I)


def _about_the_code(comment: str, text: str, first: int, last: int, block: tuple[int, int]) -> bool:
    """Whether COMMENT, which does not say "comment", names what it asks about in the code quoted with the
    comment BLOCK (lines FIRST..LAST of TEXT): a name the code has and the block does not ("No need to
    initialise ret, every case sets it."), or an initialisation."""
    if re.search(r"comments?", comment, re.I):
        return False
    if _INIT_WORDS.search(comment):
        return True
    lines = mask(text).splitlines()
    code = " ".join(lines[n - 1] for n in range(first, last + 1) if not block[0] <= n <= block[1])
    said = " ".join(text.splitlines()[block[0] - 1:block[1]])
    names = {w for w in re.findall(r"[A-Za-z_]\w+", code) if w not in KEYWORDS}
    return any(w in names and not re.search(rf"\b{re.escape(w)}\b", said)
               for w in re.findall(r"[A-Za-z_]\w+", comment))


def _comment_lines(comment: str) -> list[str]:
    """The middle lines of a comment the reviewer wrote after their words (`* Return: the count.`), as
    their text after the `*`: the run of such lines that ends the comment."""
    lines = [ln for ln in comment.splitlines() if ln.strip()]
    out: list[str] = []
    for ln in reversed(lines[1:]):
        m = _STAR_LINE.match(ln)
        if m is None or "*/" in ln:
            break
        out.insert(0, m.group("text") or "")
    return out if any(out) else []


def _lined_up(old: list[str], written: list[str]) -> list[str] | None:
    """OLD (a comment block's lines) with the consecutive lines that the WRITTEN texts reword replaced
    (each written line close to one old line, in order: "Returns the count" -> "Return: the count"),
    keeping each old line's ` * ` prefix; None when they do not line up."""
    texts = [(_STAR_LINE.match(ln), ln) for ln in old]
    best: list[int] = []
    for w in written:
        scores = [(difflib.SequenceMatcher(None, (m.group("text") or "") if m else "", w).ratio(), i)
                  for i, (m, _) in enumerate(texts)]
        score, i = max(scores)
        if score < 0.6 or sum(1 for x, _ in scores if x == score) > 1:
            return None
        best.append(i)
    if best != list(range(best[0], best[0] + len(best))):
        return None
    out = list(old)
    for i, w in zip(best, written, strict=True):
        prefix = old[i][:old[i].index("*") + 1]
        out[i] = prefix + (" " + w if w else "")
    return out if out != old else None


def _substituted_block(text: str, first: int, last: int, word: str) -> tuple[int, int] | None:
    """The one comment block within lines FIRST..LAST that holds WORD (an s/WORD/.../), when no code of
    those lines (comments and strings aside) holds it; None otherwise."""
    rx = re.compile(("(?<!\\w)" if word[:1].isalnum() else "") + re.escape(word) +
                    ("(?!\\w)" if word[-1:].isalnum() else ""))
    if any(rx.search(ln) for ln in split_lines(mask(text))[first - 1:last]):
        return None
    src = split_lines(text)
    hits = [b for b in blocks_within(text, first, last) if rx.search("\n".join(src[b[0] - 1:b[1]]))]
    return hits[0] if len(hits) == 1 else None


def _substituted(joined: str, substs: list[tuple[str, str]]) -> str:
    """JOINED with each (old, new) of SUBSTS made in turn; Manual when an old text is not in it."""
    for old, new in substs:
        # a word is replaced as a word: s/can/may/ leaves "cancel" alone
        rx = ("(?<!\\w)" if old[:1].isalnum() else "") + re.escape(old) + ("(?!\\w)" if old[-1:].isalnum() else "")
        if not re.search(rx, joined):
            raise Manual(f"\"{old}\" is not in the quoted comment")
        joined = re.sub(rx, new.replace("\\", "\\\\"), joined)
    return joined


@dataclass(frozen=True)
class CommentBlockParams(InFunction):
    old: list[str]               # the comment block's lines
    new: list[str]               # its replacement ([] drops it)
    why: str = ""                 # a note for the rule's header (why the block goes)
    line: int = 0                 # where OLD starts in the file, for a block outside functions (function "")


class CommentBlock(Recipe[CommentBlockParams]):
    kind = "comment-block"
    order = Phase.COMMENTS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[CommentBlockParams] | None:
        if not (s.anchor.function or ctx.function) and s.anchor.lines and \
                (_comment_lines(s.comment) or E.comment_text(E.reviewer_code(s))):
            return self._at_file_scope(s, ctx, *s.anchor.lines)
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        block = comment_block_at(ctx.text, first, last)
        if block is None and E.has_any(s.comment, ("comment", "comments")):
            # "Please drop this comment." under a quote of a comment and the code it is about
            inside = blocks_within(ctx.text, first, last)
            block = inside[0] if len(inside) == 1 else None
            if not inside and E.has_any(s.comment, E.REMOVE_WORDS):
                return self._trailing(ctx, fn.name, first, last)
        found = re.search(r"\bs/([^/]+)/([^/]*)/", s.comment)
        if block is None and found:
            # s/Lane/lane/ under a comment and the code below it: the one quoted comment that has the word,
            # when the quoted code does not
            block = _substituted_block(ctx.text, first, last, found.group(1))
        if block is None:
            return None
        old = split_lines(ctx.text)[block[0] - 1:block[1]]
        code = E.reviewer_code(s)
        new_comment = E.comment_text(code) if code else None
        # every substitution of the comment ("s/retrun/return/ and s/caler/caller/"), not its first only
        substs = [(m.group(1), m.group(2)) for m in re.finditer(r"\bs/([^/]+)/([^/]*)/", s.comment)] or \
            [p for ln in s.comment.splitlines() for p in E.respellings(ln)]
        if new_comment:
            indent = E.indent_of(old[0])
            new = [indent + ln if i == 0 or ln.startswith("*") is False else indent + " " + ln
                   for i, ln in enumerate(new_comment)]
            return self._plan(ctx, fn.name, old, new, "Reword the comment")
        if substs:
            return self._plan(ctx, fn.name, old, _substituted("\n".join(old), substs).split("\n"),
                              "Reword the comment")
        written = _comment_lines(s.comment)
        if written:
            lined_up = _lined_up(old, written)
            if lined_up is None:
                raise Manual("the comment lines the reviewer wrote do not line up with lines of the quoted comment")
            return self._plan(ctx, fn.name, old, lined_up, "Reword the comment")
        about_comment = E.has_any(s.comment + " " + s.response_text, ("comment", "it", "this", "that")) and \
            not _about_the_code(s.comment, ctx.text, first, last, block)
        asks_drop = E.has_any(s.comment, E.REMOVE_WORDS)
        answer_drops = E.has_any(s.response_text, ("drop", "remove", "delete", "get rid"))
        if about_comment and (asks_drop or (NEED_QUESTION.search(s.comment) and answer_drops)):
            return self._plan(ctx, fn.name, old, [], "Drop the comment")
        return None

    def _trailing(self, ctx: CodeContext, fn: str, first: int, last: int) -> Plan[CommentBlockParams] | None:
        """The plan that drops the one comment standing after the code of a quoted line."""
        src = split_lines(ctx.text)
        found = [(n, at) for n in range(first, last + 1) for at in [S.trailing_comment(src[n - 1])] if at is not None]
        if len(found) != 1:
            return None
        n, at = found[0]
        if "*/" not in src[n - 1][at:] and not src[n - 1][at:].startswith("//"):
            return None                 # a comment that goes on below the line
        return replace(self._plan(ctx, fn, [src[n - 1]], [src[n - 1][:at].rstrip()], "Drop the comment"),
                       params=CommentBlockParams(fn, old=[src[n - 1]], new=[src[n - 1][:at].rstrip()], line=n))

    def _at_file_scope(self, s: Suggestion, ctx: CodeContext, first: int, last: int) -> Plan[CommentBlockParams]:
        """The reviewer's comment, or comment lines, for a comment outside functions (a kernel-doc block
        or a one-line comment above one)."""
        block = comment_block_at(ctx.text, first, last)
        if block is None:
            raise Manual("the quoted lines are not a comment block")
        old = ctx.text.splitlines()[block[0] - 1:block[1]]
        whole = E.comment_text(E.reviewer_code(s))
        if whole:
            indent = E.indent_of(old[0])
            new: list[str] | None = [indent + ln if i == 0 or not ln.startswith("*") else indent + " " + ln
                                     for i, ln in enumerate(whole)]
        else:
            new = _lined_up(old, _comment_lines(s.comment))
        if new is None:
            raise Manual("the comment lines the reviewer wrote do not line up with lines of the quoted comment")
        return replace(self._plan(ctx, "", old, new, "Reword the comment"),
                       params=CommentBlockParams("", old=old, new=new, line=block[0]))

    def _plan(self, ctx: CodeContext, fn: str, old: list[str], new: list[str], what: str) -> Plan[CommentBlockParams]:
        words = re.findall(r"[A-Za-z_]\w+", " ".join(old).replace("/*", ""))
        slug = "-".join(w.lower() for w in words[:3]) or "comment"
        where = f"{fn}()" if fn else ctx.path
        return Plan(self.kind, slug=slug, order=self.order, files=[ctx.path],
                    params=CommentBlockParams(fn, old=old, new=new),
                    summary=f"{what} in {where}" if new or what != "Drop the comment"
                    else f"Drop the comment \"{' '.join(words[:6])}...\" in {where}")

    def text_edit(self, s: Suggestion, plan: Plan[CommentBlockParams], ctx: CodeContext) -> T.TextEdit:
        return T.TextEdit(ctx.path, plan.params.function, list(plan.params.old),
                          list(plan.params.new), plan.summary, line=plan.params.line)

    def render(self, s: Suggestion, plan: Plan[CommentBlockParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        te = self.text_edit(s, plan, ctx)
        desc = "Delete a comment block" if not te.new else "Reword a comment block"
        notes = [plan.params.why] if plan.params.why else None
        return R.text_edit_rule(f"{desc} in {fn + '()' if fn else ctx.path}", s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[CommentBlockParams], text: str) -> bool:
        return T.replaced(text, plan.params)

    def verify(self, s: Suggestion, plan: Plan[CommentBlockParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the comment block is still there"


RECIPE = CommentBlock()
