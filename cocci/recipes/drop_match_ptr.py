"""Drop `of_match_ptr()` / `ACPI_PTR()` around a match table: "Drop of_match_ptr(), it breaks ACPI
PRP0001 matching", "No of_match_ptr() please", "ACPI_PTR() isn't needed".

Evidence: the comment names the macro next to a word that takes it away ("drop of_match_ptr()", "no
need for ACPI_PTR()", "of_match_ptr() is not needed"), and no word keeps it ("No, keep of_match_ptr()",
"is needed"); the quoted lines wrap a name in it.  Safe only when that name is a table the
file defines outside every `#if`: with CONFIG_OF (CONFIG_ACPI) off the macro gives NULL and the table
may be left out of the build, so a table under `#ifdef CONFIG_OF` (or not defined in the file) is
manual, the `#ifdef` being the author's to drop too.  A verified text edit of the quoted lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from patches.ctext import function_at, mask
from patches.model import Suggestion

_MACROS = ("of_match_ptr", "ACPI_PTR")
_MACRO = r"(?:of_match_ptr|ACPI_PTR)\b(?:\s*\(\s*\w*\s*\))?"
# a word that takes the macro away, next to it: "drop of_match_ptr()", "no need for ACPI_PTR()", "of_match_ptr() is
# not needed"; "No, keep of_match_ptr()" is no such request
_AWAY = re.compile(rf"\b(?:drop|remove|get\s+rid\s+of|lose|kill|avoid|no(?:\s+need\s+(?:for|to\s+use))?|"
                   rf"don['’]?t\s+(?:use|need|want)|do\s+not\s+(?:use|need)|need\s+not|needn['’]t)\s+(?:the\s+|any\s+|using\s+)?"
                   rf"{_MACRO}|{_MACRO}\s+(?:is\s+|are\s+)?(?:not\s+(?:needed|necessary|required|useful)|unneeded|"
                   rf"unnecessary|needless|pointless|useless|can\s+(?:go|be\s+dropped|be\s+removed)|should\s+go|"
                   rf"has\s+to\s+go)", re.I)
_KEEP = re.compile(r"\b(?:keep|is\s+needed|are\s+needed|needs\s+to\s+stay|must\s+stay)\b", re.I)
_COND = re.compile(r"^\s*#\s*(if|ifdef|ifndef|endif)\b")
_MAYBE_UNUSED = re.compile(r"\b__maybe_unused\b ?")


@dataclass(frozen=True)
class DropMatchPtrParams(InFunction):
    old: list[str]               # the quoted lines that wrap a table in the macro
    new: list[str]               # without it
    line: int                    # where they start
    tables: list[str]            # the names unwrapped


def named_macros(comment: str) -> list[str]:
    """The wrapping macros COMMENT asks away."""
    text = " ".join(comment.split())
    if not _AWAY.search(text) or _KEEP.search(text):
        return []
    return [m for m in _MACROS if re.search(rf"\b{m}\b", text)]


def conditional_depth(text: str, line: int) -> int:
    """How many `#if`/`#ifdef`/`#ifndef` blocks line LINE (1-based) of TEXT stands in."""
    depth = 0
    for ln in text.splitlines()[:line - 1]:
        m = _COND.match(ln)
        if m:
            depth += -1 if m.group(1) == "endif" else 1
    return max(depth, 0)


def table_line(text: str, name: str) -> int | None:
    """The line where TEXT defines the table NAME at file scope (`... name[] = {`), None when it does not."""
    for no, ln in enumerate(mask(text).splitlines(), 1):
        if re.search(rf"\b{re.escape(name)}\s*\[[^\]]*\](?:\s*__\w+)*\s*=", ln) and function_at(text, no) is None:
            return no
    return None


class DropMatchPtr(LinesEdit[DropMatchPtrParams]):
    kind = "drop-match-ptr"
    order = Phase.CALLS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropMatchPtrParams] | None:
        macros = named_macros(s.comment)
        if not macros or not ctx.text or s.anchor.in_message:
            return None
        src = ctx.text.splitlines()
        span = CD.quote_span(s, ctx, 1, len(src)) or s.anchor.lines
        if span is None:
            return None
        first, last = span
        wrap = re.compile(rf"\b({'|'.join(macros)})\s*\(\s*([A-Za-z_]\w*)\s*\)")
        found = [(no, m) for no in range(first, last + 1) for m in wrap.finditer(src[no - 1])]
        if not found:
            return None
        for _, m in found:
            macro, name = m.groups()
            at = table_line(ctx.text, name)
            if at is None:
                raise Manual(f"{name} is not defined in {ctx.path}: whether it exists without CONFIG_"
                             f"{'OF' if macro == 'of_match_ptr' else 'ACPI'} is not known here")
            if conditional_depth(ctx.text, at):
                raise Manual(f"{name} is defined under a preprocessor conditional (line {at}): without {macro}() "
                             "a build that leaves it out fails; the #ifdef goes too, which is for the author")
        lines = sorted({no for no, _ in found})
        lo, hi = lines[0], lines[-1]
        # "Drop of_match_ptr() and the __maybe_unused": the attribute goes from the tables' definitions too
        bare = sorted({at for _, m in found if (at := table_line(ctx.text, m.group(2))) is not None}) \
            if _MAYBE_UNUSED.search(s.comment) else []
        if bare and not all(_MAYBE_UNUSED.search(src[at - 1]) for at in bare):
            raise Manual("the comment asks __maybe_unused away too, but the definition of the table (line "
                         f"{bare[0]}) does not carry it on its line")
        lo, hi = min([lo, *bare]), max([hi, *bare])
        old = src[lo - 1:hi]
        new = [_MAYBE_UNUSED.sub("", ln) if no in bare else wrap.sub(r"\2", ln) if no in lines else ln
               for no, ln in enumerate(old, lo)]
        fn = function_at(ctx.text, lo)
        names = sorted({m.group(2) for _, m in found})
        used = sorted({m.group(1) for _, m in found})
        return Plan(self.kind, slug=names[0], order=self.order, files=[ctx.path],
                    params=DropMatchPtrParams(fn.name if fn else "", old=old, new=new, line=lo, tables=names),
                    summary=f"Drop {' and '.join([*(f'{u}()' for u in used), *(['__maybe_unused'] if bare else [])])}")

    def rule_notes(self, plan: Plan[DropMatchPtrParams], ctx: CodeContext) -> list[str]:
        return [f"{', '.join(plan.params.tables)}: defined outside every #if, so the table is there in every "
                "build and needs no wrapper."]

    def overreach(self, plan: Plan[DropMatchPtrParams]) -> str:
        return "the edit changed more than the quoted lines"


RECIPE = DropMatchPtr()
