"""Export a symbol for GPL modules only: "EXPORT_SYMBOL_GPL, please", "Why not EXPORT_SYMBOL_GPL()?",
"This should be a GPL export" under `EXPORT_SYMBOL(foo);` (or under the function it exports).

Evidence: the comment names EXPORT_SYMBOL_GPL (or a "GPL export", or "_GPL" in a short sentence of its
own) with no word turning it down ("drop the _GPL", "why _GPL?", "plain EXPORT_SYMBOL is enough"),
and exactly one `EXPORT_SYMBOL(name);` (`EXPORT_SYMBOL_NS(name, ns);`) is the target: the one the quote
holds, else the one that exports the quoted function.  The namespaced form keeps its namespace.
"Both exports", "all of them" carry it to the other exports of the same form that the patch adds to the
file: "both" to the one other (none or several: manual, saying how many), "all" to every one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion

_WISH = re.compile(r"\bEXPORT_SYMBOL(?:_NS)?_GPL\b|\bGPL[- ]?(?:only\s+)?export|\bexport\w*\s+(?:it\s+)?(?:as\s+)?"
                   r"(?:GPL|_GPL)\b|"
                   # "Everything else in this file is _GPL.", "this should be _GPL too"
                   r"\b(?:is|are|be)\s+(?:also\s+)?_GPL\b", re.I)
# a bare "_GPL" is about the export only in a short sentence of its own ("Make it _GPL please."), not in
# "use the _GPL variant of the lock helper"
_BARE = re.compile(r"(?:^|[.!?;]\s)(?:\S+\s+){0,3}_GPL\b(?:\s+\S+){0,2}?\s*(?:[.!?;,]|$)", re.I)
_NOT_WANTED = re.compile(r"\b(?:not|no\s+need|don['’]?t|do\s+not|shouldn['’]?t|should\s+not|needn['’]?t|never|"
                         r"rather\s+than|instead\s+of|drop|remove|without|why)\b[^.?!]{0,40}?(?:GPL|_GPL)", re.I)
_EXPORT = re.compile(r"^EXPORT_SYMBOL(?P<ns>_NS)?\(\s*(?P<name>[A-Za-z_]\w*)\s*(?P<rest>(?:,[^()]*)?)\)\s*;\s*$")


@dataclass(frozen=True)
class ExportGplParams(Params):
    name: str                    # the exported symbol
    namespaced: bool = False     # EXPORT_SYMBOL_NS(name, ns)
    function: str = ""           # file scope
    others: tuple[str, ...] = ()  # the other exports of that form "both"/"all" carry the change to


_NOT_NEEDED = re.compile(r"GPL[^.?!]{0,40}?\b(?:not\s+needed|unnecessary|isn['’]t\s+needed|not\s+required|is\s+wrong|"
                         r"would\s+break|is\s+fine|is\s+ok|too\s+strict|can\s+stay|stay\s+plain)\b", re.I)


def asks_gpl(comment: str) -> bool:
    """Whether COMMENT asks for a GPL-only export."""
    text = " ".join(comment.split())
    plain = re.sub(r"\bwhy\s+not\b", "", text, flags=re.I)        # "Why not X?" proposes X
    return bool(_WISH.search(text) or _BARE.search(text)) and not _NOT_WANTED.search(plain) and \
        not _NOT_NEEDED.search(plain)


def _target(quoted: list[str], function: str, text: str) -> re.Match[str] | None:
    """The one EXPORT_SYMBOL line the request is about: in the quote, else the quoted function's."""
    in_quote = [m for ln in quoted if (m := _EXPORT.match(ln.strip().lstrip("+").strip()))]
    if len(in_quote) > 1:
        raise Manual("the quote holds several EXPORT_SYMBOL() lines: which one is meant is not said")
    if in_quote:
        return in_quote[0]
    if not function:
        return None
    found = [m for ln in text.splitlines() if (m := _EXPORT.match(ln.strip())) and m.group("name") == function]
    return found[0] if len(found) == 1 else None


def _others(comment: str, ctx: CodeContext, name: str, namespaced: bool) -> tuple[str, ...]:
    """The other symbols whose exports "both"/"all" in COMMENT carry the change to: those the patch adds to
    CTX's file in the form of NAME's (namespaced or not); () without such words.  Manual when "both" finds
    none or several of them, or the file before the patch is not known."""
    words = E.more_places(comment)
    if not words:
        return ()
    own = E.own_lines(ctx)
    if own is None:
        raise Manual(f'"{words}": the file before the patch is not known, so which exports it adds is not either')
    found = [m.group("name") for i, ln in enumerate(ctx.text.splitlines(), 1)
             if i in own and (m := _EXPORT.match(ln.strip())) and m.group("name") != name
             and bool(m.group("ns")) == namespaced]
    if E.two_places(comment) and len(found) != 1:
        return _both_left(words, len(found))
    return tuple(dict.fromkeys(found))


def _both_left(words: str, count: int) -> tuple[str, ...]:
    """Manual: "both" under one export found COUNT other plain exports the patch adds (not one)."""
    if not count:
        raise Manual(f'"{words}": the patch adds no other export of this form to the file')
    raise Manual(f'"{words}": the patch adds {count} other exports of this form to the file, which one is '
                 "meant is for the author")


class ExportGpl(Recipe[ExportGplParams]):
    kind = "export-gpl"
    order = Phase.CALLS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ExportGplParams] | None:
        if not ctx.text or not asks_gpl(s.comment):
            return None
        m = _target(list(s.anchor.code) or [q[1:] if q[:1] in "+ " else q for q in s.quoted], s.anchor.function,
                    ctx.text)
        if m is None:
            return None
        name = m.group("name")
        if not self._exported(ctx.text, name, gpl=False) or self._exported(ctx.text, name, gpl=True):
            return None
        others = _others(s.comment, ctx, name, bool(m.group("ns")))
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=ExportGplParams(name, namespaced=bool(m.group("ns")), others=others),
                    summary=f"Export {', '.join((name, *others))}() with "
                            f"EXPORT_SYMBOL{'_NS' if m.group('ns') else ''}_GPL()")

    def render(self, s: Suggestion, plan: Plan[ExportGplParams], ctx: CodeContext) -> str:
        p = plan.params
        out = R.header(plan.summary, s)
        names = (p.name, *p.others)
        for i, name in enumerate(names, 1):
            if p.namespaced:
                old, new, mv = "EXPORT_SYMBOL_NS", "EXPORT_SYMBOL_NS_GPL", ["expression ns;"]
                body = f"- {old}({name}, ns);\n+ {new}({name}, ns);"
            else:
                old, new, mv = "EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL", []
                body = f"- {old}({name});\n+ {new}({name});"
            rule = "export_gpl" if len(names) == 1 else f"export_gpl{i}"
            out += "\n" + R.rule(rule, [f"declarer name {old};", f"declarer name {new};", *mv], body)
        return out

    def is_applied(self, s: Suggestion, plan: Plan[ExportGplParams], text: str) -> bool:
        return all(self._exported(text, n, gpl=True) for n in (plan.params.name, *plan.params.others))

    def verify(self, s: Suggestion, plan: Plan[ExportGplParams], before: str, after: str) -> str:
        for name in (plan.params.name, *plan.params.others):
            if not self._exported(after, name, gpl=True):
                return f"{name} is not exported with _GPL"
        return "" if len(after.splitlines()) == len(before.splitlines()) else "more than the export line changed"

    @staticmethod
    def _exported(text: str, name: str, gpl: bool) -> bool:
        pattern = re.compile(rf"^EXPORT_SYMBOL(?:_NS)?{'_GPL' if gpl else ''}\(\s*{re.escape(name)}\s*[,)]", re.M)
        return bool(pattern.search(text))


RECIPE = ExportGpl()
