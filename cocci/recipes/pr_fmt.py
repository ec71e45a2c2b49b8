"""Define pr_fmt() instead of a prefix written in every message: "Please define pr_fmt instead of
prefixing every message", "use pr_fmt()".

Evidence: the comment names pr_fmt and does not turn it down; every pr_*() call of the file (pr_cont()
aside, which pr_fmt() does not reach) has a string literal format that begins with the same prefix
("foo: ", one to three words before the colon), the one the quoted call has.  The edit, one verified
text edit: `#define pr_fmt(fmt) ... fmt` and a blank line right before the file's first `#include`, and
the prefix taken off the format of every pr_*() call.  The define is the reviewer's own line when the
comment writes one; else `KBUILD_MODNAME ": " fmt` when the comment names KBUILD_MODNAME or the
directory's Makefile builds the file as a module of the prefix's name; else the prefix itself
(`"foo: " fmt`), so that every message reads as before.

Manual, saying which: a file that defines pr_fmt already (or a file of the patch does), a pr_*() call
whose format is not a string literal or lacks the prefix, a format that is the prefix alone, a first
`#include` inside an `#if`, no pr_*() call with a prefix, a header file.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import calls, mask
from patches.model import Suggestion

_PR = re.compile(r"pr_(?:emerg|alert|crit|err|warn|warning|notice|info|debug|devel)(?:_once|_ratelimited)?")
_ASKS = re.compile(r"\bpr_fmt\b")
_AGAINST = re.compile(r"\b(?:no\s+need\s+for|(?<!why\s)not|don['\u2019]?t|drop|remove|without)\b"
                      r"[^.;!?]{0,20}\bpr_fmt\b|"
                      r"\bpr_fmt\b(?:\s*\(\))?\s+(?:is|would\s+be|'s)\s+(?:not|wrong|overkill|unnecessary)", re.I)
# "foo: ", "foo bar: ", "foo-bar.c: ": up to three words, no conversion, then ": "
_PREFIX = re.compile(r'^"((?:[A-Za-z0-9_.\-/]+ ){0,2}[A-Za-z0-9_.\-/]+: )')
_DEFINE = re.compile(r"^\s*#\s*define\s+pr_fmt\s*\(\s*fmt\s*\)\s+(?P<value>(?:KBUILD_MODNAME|\"[^\"\\]*\")"
                     r"(?:\s*(?:KBUILD_MODNAME|\"[^\"\\]*\"))*)\s+fmt\s*$")
_OBJ = re.compile(r"^\s*(?P<lhs>[\w$()-]+)\s*[:+]?=\s*(?P<rhs>.*?)\s*$")


@dataclass(frozen=True)
class PrFmtParams(Params):
    prefix: str                 # the prefix taken off every format ("foo: ")
    define: str                 # the #define line put in
    old: list[str]              # the lines from the first #include to the last format changed, as they are
    new: list[str]              # ... and what they become
    line: int = 0               # where OLD starts
    formats: int = 0            # how many formats lose the prefix


def asks(comment: str) -> bool:
    """Whether COMMENT asks for pr_fmt() (and does not turn it down)."""
    flat = " ".join(comment.split())
    return _ASKS.search(flat) is not None and _AGAINST.search(flat) is None and not E.rejected(flat, "pr_fmt")


def _module_name(ctx: CodeContext) -> str:
    """The module the directory's Makefile builds CTX's file into (KBUILD_MODNAME), '' when not known."""
    folder, base = posixpath.split(ctx.path)
    make = posixpath.join(folder, "Makefile")
    text = ctx.files.get(make) or (ctx.tree_read(make) if ctx.tree_read is not None else None) or ""
    obj = base[:-2] + ".o"
    joined = re.sub(r"\\\n", " ", text)
    for ln in joined.split("\n"):
        m = _OBJ.match(ln)
        if m is None or obj not in m.group("rhs").split():
            continue
        lhs = m.group("lhs")
        if lhs.startswith("obj-"):
            return base[:-2].replace("-", "_")
        composite = re.match(r"([\w-]+)-(?:y|objs|\$\(CONFIG_\w+\))$", lhs)
        return composite.group(1).replace("-", "_") if composite else ""
    return ""


def _define(s: Suggestion, ctx: CodeContext, prefix: str) -> str:
    for c in [*E.reviewer_code(s), *s.comment.splitlines()]:
        m = _DEFINE.match(c)
        if m:
            return f"#define pr_fmt(fmt) {' '.join(m.group('value').split())} fmt"
    if "KBUILD_MODNAME" in s.comment or _module_name(ctx) == prefix[:-2]:
        return '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt'
    return f'#define pr_fmt(fmt) "{prefix}" fmt'


def _local_headers(ctx: CodeContext) -> dict[str, str]:
    """The headers CTX's file includes with `#include "..."` that can be read (the patch's own, else the
    tree's), path -> text."""
    out: dict[str, str] = {}
    folder = posixpath.dirname(ctx.path)
    for name in re.findall(r'^\s*#\s*include\s+"([^"]+)"', ctx.text, re.M):
        path = posixpath.normpath(posixpath.join(folder, name))
        text = ctx.files.get(path) or (ctx.tree_read(path) if ctx.tree_read is not None else None)
        if text:
            out[path] = text
    return out


def _first_include(text: str) -> int:
    """The 0-based index of the first #include line of TEXT; Manual when it stands inside an #if."""
    depth = 0
    for i, ln in enumerate(mask(text).split("\n")):
        if re.match(r"\s*#\s*if", ln):
            depth += 1
        elif re.match(r"\s*#\s*endif\b", ln):
            depth -= 1
        elif re.match(r"\s*#\s*include\b", ln):
            if depth:
                raise Manual(f"the first #include (line {i + 1}) is inside an #if: where pr_fmt() goes is for "
                             "the author")
            return i
    raise Manual("the file has no #include: pr_fmt() is defined before the first one")


def formats(text: str) -> list[tuple[int, int, str]]:
    """(line, offset, literal) of the format of every pr_*() call of TEXT; Manual naming the first call
    whose format is not a string literal."""
    out = []
    for c in calls(text, 1, text.count("\n") + 1, names=_PR, members=False):
        first = c.args[0] if c.args else ""
        if not first.startswith('"'):
            raise Manual(f"the format of {c.name}() on line {c.line} is not a string literal: whether pr_fmt() "
                         "changes it is for the author")
        out.append((c.line, c.arg_spans[0].start, first))
    return out


def rewritten(text: str, prefix: str, define: str) -> tuple[int, list[str], list[str], int]:
    """(first line, lines as they are, as they become, formats changed) of the edit on TEXT."""
    found = formats(text)
    for line, _, lit in found:
        if not lit.startswith('"' + prefix):
            raise Manual(f"the pr_*() call on line {line} does not begin its message with \"{prefix}\": pr_fmt() "
                         "would add the prefix to it")
        if lit.startswith(f'"{prefix}"'):
            raise Manual(f"the format on line {line} is the prefix alone: how to write the call without it is "
                         "for the author")
    new_text = text
    for _, off, _ in sorted(found, key=lambda f: -f[1]):
        new_text = new_text[:off + 1] + new_text[off + 1 + len(prefix):]
    at = _first_include(text)
    old_lines, new_lines = text.split("\n"), new_text.split("\n")
    last = max((line for line, _, _ in found), default=at + 1)
    end = max(last, at + 1)
    return at + 1, old_lines[at:end], [define, ""] + new_lines[at:end], len(found)


class PrFmt(Recipe[PrFmtParams]):
    kind = "pr-fmt"
    order = Phase.MESSAGES
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[PrFmtParams] | None:
        if not asks("\n".join([s.comment, *s.code])) or not ctx.text:
            return None
        if not ctx.path.endswith(".c"):
            raise Manual(f"{ctx.path} is not a .c file: pr_fmt() is defined by the .c file, before its includes")
        local = _local_headers(ctx)
        for path, t in sorted({ctx.path: ctx.text, **ctx.files, **local}.items()):
            m = re.search(r"^[ \t]*#[ \t]*define[ \t]+pr_fmt\b", mask(t), re.M)
            if m:
                line = mask(t).count("\n", 0, m.start()) + 1
                raise Manual(f"{path} defines pr_fmt already (line {line}): changing it is for the author")
        found = formats(ctx.text)
        quoted = " ".join(E.quote_code(s.quoted) + list(s.anchor.code))
        seed = [lit for _, _, lit in found if lit in quoted] or [lit for _, _, lit in found]
        m = _PREFIX.match(seed[0]) if seed else None
        if m is None:
            raise Manual("no pr_*() message of the file begins with a prefix such as \"foo: \": nothing to move "
                         "into pr_fmt()")
        prefix = m.group(1)
        for path, t in sorted(local.items()):
            if re.search(r"\b" + _PR.pattern + r"\s*\(\s*\"" + re.escape(prefix), t):
                raise Manual(f"{path}, which the file includes, prints messages beginning with \"{prefix}\" too: "
                             "with pr_fmt() they would carry it twice")
        define = _define(s, ctx, prefix)
        line, old, new, n = rewritten(ctx.text, prefix, define)
        return Plan(self.kind, slug="pr_fmt", order=self.order, files=[ctx.path],
                    params=PrFmtParams(prefix=prefix, define=define, old=old, new=new, line=line, formats=n),
                    summary=f"Define pr_fmt() instead of \"{prefix}\" in every message")

    def text_edit(self, s: Suggestion, plan: Plan[PrFmtParams], ctx: CodeContext) -> T.TextEdit:
        # found on the file as it is when the rule runs: an earlier rule may have changed a message
        line, old, new, _ = rewritten(ctx.text, plan.params.prefix, plan.params.define)
        return T.TextEdit(ctx.path, "", old, new, plan.summary, drop_blank_after=False, line=line)

    def render(self, s: Suggestion, plan: Plan[PrFmtParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        p = plan.params
        out = [f"// Text edit in {ctx.path} -- {plan.summary}",
               f"// before line {te.line}:", f"// +{p.define}", "// +"]
        for k, (a, b) in enumerate(zip(te.old, te.new[2:], strict=True)):
            if a != b:
                out += [f"// line {te.line + k}:", f"// -{a}", f"// +{b}"]
        notes = [f"Every pr_*() message of the file began with \"{p.prefix}\"; pr_fmt() now adds it "
                 "(pr_cont() continues a line and takes no prefix)."]
        return R.text_edit_header(plan.summary, s, notes) + "\n".join(out) + "\n"

    def is_applied(self, s: Suggestion, plan: Plan[PrFmtParams], text: str) -> bool:
        return plan.params.define in text.split("\n") and not any(
            lit.startswith('"' + plan.params.prefix) for _, _, lit in formats(text))

    def verify(self, s: Suggestion, plan: Plan[PrFmtParams], before: str, after: str) -> str:
        try:
            line, old, new, _ = rewritten(before, plan.params.prefix, plan.params.define)
        except Manual as e:
            return str(e)
        lines = before.split("\n")
        want = "\n".join(lines[:line - 1] + new + lines[line - 1 + len(old):])
        return "" if after == want else "more than the define and the prefixes of the messages changed"


RECIPE = PrFmt()
