"""Add or drop one blank line: "Nit: add empty line before kfree().", "blank line after the declarations",
"drop the blank line".

Evidence: the comment speaks of an empty/blank line, and
  - asks for one before/after something it names (a call `kfree()`, a keyword such as `return`, "the
    declarations") or "here": the named statement is the first code after the quote or the quoted
    one nearest to the comment, and gets a blank line above (below) it unless it has one;
  - or asks to drop one: the single blank line inside the whole quote (the lines above the narrowed
    one too), else the one right after it, goes.
Nothing else in the function changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import Function, begins_declaration, mask, norm
from cocci.recipe import CodeContext, Manual, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.model import Suggestion

BLANK = re.compile(r"\b(?:empty|blank)\s+lines?\b|\bnewline\s+(?:before|after|above|below)\b", re.I)
REMOVE = re.compile(r"\b(?:drop|remove|delete|get\s+rid\s+of|no\s+need\s+for|unnecessary|superfluous|"
                    r"spurious|stray|extra|unneeded|redundant|no|double|doubled|two|multiple|consecutive)\b"
                    r"[^.?!]{0,20}\b(?:empty|blank)\s+lines?|"
                    r"\b(?:one|a\s+single)\s+(?:empty|blank)\s+line\s+(?:is|should\s+be)\s+enough|"
                    r"\b(?:empty|blank)\s+lines?\b[^.?!]{0,20}\b(?:not\s+needed|unnecessary|can\s+go|"
                    r"should\s+go)\b", re.I)
WHERE = re.compile(r"\b(?:empty|blank)\s+lines?\s+(?:\w+\s+){0,2}?(before|above|ahead\s+of|after|below|"
                   r"following|here)\b\s*(?:the\s+)?([^\s.,;!?]*(?:\(\))?)?", re.I)
# "no need for the empty line in the log": a line the code prints, not one of the source
PRINTED = re.compile(r"\b(?:empty|blank)\s+lines?\s+(?:in|to|into|on)\s+(?:the\s+)?(?:kernel\s+)?"
                     r"(?:log|logs|output|dmesg|console|messages?)\b", re.I)
DECL_WORDS = ("declaration", "declarations", "local", "locals", "variables", "definitions")
_DEIXIS = ("this", "it", "that", "these", "those")
_KEYWORDS = ("return", "if", "for", "while", "switch", "goto", "break", "continue", "do")


def asked(comment: str) -> tuple[str, str] | None:
    """("drop", "") / ("before"|"after"|"here", target) the comment asks for, None when none."""
    text = " ".join(comment.split())
    if not BLANK.search(text) or PRINTED.search(text):
        return None
    if REMOVE.search(text) or any(BLANK.search(text[m.end():m.end() + 24]) for m in E.DONT_ADD.finditer(text)):
        return "drop", ""
    m = WHERE.search(text) or re.search(r"\bnewline\s+(before|after|above|below)\s+(?:the\s+)?"
                                         r"([^\s.,;!?]*(?:\(\))?)", text, re.I)
    if m is None:
        return None
    side = m.group(1).lower()
    side = "before" if side in ("above", "ahead of") else "after" if side in ("below", "following") else side
    target = (m.group(2) or "").strip("`'\"")
    if target.lower() in DECL_WORDS or target.lower().rstrip("s") in ("declaration", "variable"):
        target = "<declarations>"
    return side, target


def _matches(code: str, target: str) -> bool:
    """Whether the masked unit CODE is the statement TARGET names."""
    t = target.rstrip("()")
    if not t:
        return False
    if t in _KEYWORDS:
        return re.match(rf"\s*(?:\}}\s*)?(?:else\s+)?{t}\b", code) is not None
    if re.fullmatch(r"[A-Za-z_]\w*", t):
        return re.search(rf"\b{re.escape(t)}\s*\(", code) is not None or \
            re.match(rf"\s*{re.escape(t)}\s*:", code) is not None
    return False


def _doubled_blank(s: Suggestion, ctx: CodeContext, fn: Function) -> list[int]:
    """[the second blank line of the one doubled blank line in the whole quote] ("nit: extra blank
    line" under a quote whose only layout fault is two blank lines in a row), else []."""
    want = [n for n in (norm(ln) for ln in s.quote or E.quote_code(s.quoted)) if n]
    src = ctx.text.splitlines()
    code = [n for n in range(fn.body_start + 1, fn.end) if src[n - 1].strip()]   # 1-based, blank lines aside
    normed = [norm(src[n - 1]) for n in code]
    hits = [i for i in range(len(code) - len(want) + 1) if want and normed[i:i + len(want)] == want]
    if len(hits) != 1:
        return []
    lo, hi = code[hits[0]], code[hits[0] + len(want) - 1]
    doubled = [n for n in range(lo, hi) if not src[n - 1].strip() and not src[n].strip()]
    return [doubled[0] + 1] if len(doubled) == 1 else []


@dataclass(frozen=True)
class BlankLineParams(S.LayoutParams):
    op: str                     # "drop" (the blank line before the unit), "undouble" (one of the two blank
    #                             lines before it), "before" or "after" it


def _to_drop(s: Suggestion, ctx: CodeContext, fn: Function, first: int, last: int) -> tuple[list[int], str]:
    """([the blank line to drop], "drop") or ([the second of a doubled pair], "undouble") for S quoted on
    lines FIRST..LAST of FN; Manual when the quote holds several and none is doubled."""
    src = ctx.text.splitlines()
    whole = E.whole_quote_in(s, ctx.text, fn)
    lo, hi = whole or (first, last)
    if re.search(r"\babove\b|\bbefore\s+(?:this|it)\b", s.comment, re.I) and \
            not any(not src[n - 1].strip() for n in range(min(lo, first), max(hi, last) + 1)):
        # "drop the blank line above" under a quote without one: the line right above the quote, never
        # the one under it
        if min(lo, first) - 1 > fn.body_start and not src[min(lo, first) - 2].strip():
            return [min(lo, first) - 1], "drop"
        raise Manual("the comment asks to drop the blank line above the quote, and the line above it is code")
    blanks = [n for n in range(first, min(last + 1, fn.end - 1) + 1) if not src[n - 1].strip()]
    quoted_blanks = [n for n in range(lo, hi + 1) if not src[n - 1].strip()] + [n for n in blanks if n <= last]
    if len(set(quoted_blanks)) == 1:
        blanks = quoted_blanks[:1]      # the one blank line the reviewer quoted, not the one after
    if not blanks and whole:
        # the review stage narrowed the quote to the lines after the blank one
        blanks = [n for n in range(whole[0], min(whole[1] + 1, fn.end - 1) + 1) if not src[n - 1].strip()]
    if len(blanks) != 1 and _doubled_blank(s, ctx, fn):
        return _doubled_blank(s, ctx, fn), "undouble"
    if len(blanks) != 1:
        raise Manual(f"the quote holds {len(blanks)} blank lines: which one to drop is not clear")
    if blanks[0] + 1 < fn.end - 1 and not src[blanks[0]].strip():
        return [blanks[0] + 1], "undouble"      # the first of two blank lines in a row
    return blanks, "drop"


def _unbraced_head(masked: list[str], line: int) -> str:
    """The keyword of the unbraced if/for/while/else whose body starts on LINE (1-based) of the MASKED
    lines (its condition on one line or several); '' when the code above it is no such head."""
    k = line - 2
    while k >= 0 and not masked[k].strip():
        k -= 1
    if k < 0 or masked[line - 1].lstrip().startswith("{"):
        return ""
    last = masked[k].strip()
    top, depth = k, last.count(")") - last.count("(")
    while depth > 0 and top > 0:       # a condition over several lines: up to the line that opens it
        top -= 1
        depth += masked[top].count(")") - masked[top].count("(")
    m = re.match(r"(?:\}\s*)?(else\s+if|if|for|while|else)\b", masked[top].strip())
    if m is None or depth > 0 or last.endswith((";", "{", "}")) or (m.group(1) != "else" and not last.endswith(")")):
        return ""
    return m.group(1)


class BlankLine(S.LayoutRecipe[BlankLineParams]):
    kind = "blank-line"
    supersedes = ("remove-statements", "comment-block", "drop-variable")   # a blank line asked away, never code
    what = "Fix the blank line"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[BlankLineParams] | None:
        want = asked(s.comment)
        if want is None:
            return None
        side, target = want
        fn, first, last = self.understand_unit(s, ctx)
        src = ctx.text.splitlines()
        m = mask(ctx.text).splitlines()
        code_units = [(a, b) for a, b in S.units(ctx.text, fn.body_start + 1, fn.end - 1) if m[a - 1].strip()]
        after = [(a, b) for a, b in code_units if a > last][:1]
        quoted = [(a, b) for a, b in code_units if a <= last and b >= first]
        if side == "drop":
            blanks, op = _to_drop(s, ctx, fn, first, last)
            nxt = [(a, b) for a, b in code_units if a > blanks[0]][:1]
            if not nxt or nxt[0][0] != blanks[0] + 1:
                raise Manual("the blank line is not followed by code of the function")
            a, b = nxt[0]
            prev = [(c, d) for c, d in code_units if d < blanks[0]][-1:]
            if op == "drop" and prev and prev[0][1] == blanks[0] - 1 and \
                    begins_declaration("\n".join(src[prev[0][0] - 1:prev[0][1]])) and \
                    not begins_declaration("\n".join(src[a - 1:b])):
                raise Manual("the blank line ends the declarations: kernel style keeps it (checkpatch: Missing a "
                             "blank line after declarations)")
            return self.plan_for(ctx, fn, a, b, slug="drop-blank-line",
                                 summary=f"Drop a blank line in {fn.name}()",
                                 params=lambda f, unit, k: BlankLineParams(f, unit, k, op=op))
        if target == "<declarations>":
            decls = [(a, b) for a, b in code_units if a <= last + 1 and begins_declaration("\n".join(src[a - 1:b]))]
            if not decls:
                raise Manual("no declaration in or right before the quote")
            a, b = decls[-1]
            side = "after"
        elif side == "here" or not target:
            if side == "before" or not quoted:
                return None
            a, b = quoted[-1]
            side = "after"
        elif target.lower() in _DEIXIS and side in ("before", "after"):
            # "a blank line before this": the quoted statement (the first of several; after: the last)
            if not quoted:
                raise Manual(f"no statement in the quoted lines for \"{target}\"")
            a, b = quoted[0] if side == "before" else quoted[-1]
            target = "the quoted statement"
        else:
            hits = [(a, b) for a, b in after + quoted[::-1] if _matches(mask("\n".join(src[a - 1:b])), target)]
            if not hits:
                raise Manual(f"no {target} right after or in the quoted lines")
            a, b = hits[0]
        body = a if side == "before" else b + 1
        head = _unbraced_head(m, body) if body <= len(m) else ""
        if head:
            raise Manual(f"the statement on line {body} is the whole body of the unbraced {head} above it: a blank "
                         "line between them would split the statement")
        what = f"{side} {target}" if target and target != "<declarations>" else \
            "after the declarations" if target else "here"
        return self.plan_for(ctx, fn, a, b, slug=f"blank-line-{side}",
                             summary=f"Add a blank line {what} in {fn.name}()",
                             params=lambda f, unit, k: BlankLineParams(f, unit, k, op=side))

    def relayout(self, plan: Plan[BlankLineParams], text: str, fn: Function, a: int, b: int
                 ) -> tuple[int, int, list[str]]:
        src = text.splitlines()
        op = plan.params.op
        if op == "drop":
            if a - 1 > fn.body_start and not src[a - 2].strip():
                return a - 1, a, [src[a - 1]]
            return a, a, [src[a - 1]]
        if op == "undouble":
            if a - 2 > fn.body_start and not src[a - 2].strip() and not src[a - 3].strip():
                return a - 1, a, [src[a - 1]]
            return a, a, [src[a - 1]]
        if op == "before":
            if not src[a - 2].strip() or src[a - 2].rstrip().endswith("{"):
                return a, a, [src[a - 1]]      # nothing to do: a blank line, or the block's first line
            return a, a, ["", src[a - 1]]
        if b + 1 >= fn.end or not src[b].strip() or mask(src[b]).strip().startswith("}"):
            return b, b, [src[b - 1]]
        return b, b, [src[b - 1], ""]


RECIPE = BlankLine()
