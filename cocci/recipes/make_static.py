"""Give a symbol file scope: `int foo_setup(...)` -> `static int foo_setup(...)`.

Evidence: the word "static" (not "static inline", not "non-static"), and a
function or global variable defined in the quoted lines: the one the comment
names, else the quoted function header or global definition (a function quoted
whole is narrowed to its header by patches.quotes; several quoted whole with
none named is left to people with the reason).  Refused, with
the place: a symbol used by another file of the patch, declared in a header
(or earlier in the file), or exported with EXPORT_SYMBOL*().  One exception: a function the patch adds
whose only other mention is its prototype in a header the patch adds too, when the comment asks for
that prototype to go ("drop the prototype from the header and make it static") and no other file of
the tree or of later patches names the function; the same rule then drops the prototype.

A variable is made static by a verified text edit of its definition's first line (spatch would
put the `static` in front of a comment above it).  "static const" makes it const too when the
file only reads it (`x[i]` read, `ARRAY_SIZE(x)`, `sizeof(x)`) and its type has no pointer (which
`const` would qualify is then not clear); otherwise that request is manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from patches.ctext import function_named, functions, mask
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes._c_types import declared_in_header
from cocci.recipes.rename_ident import realign
from patches.model import Suggestion
from patches.quotes import whole_functions

_GLOBAL = re.compile(r"^(?!\s)(?!static\b|extern\b|typedef\b|return\b|#)(?P<head>[A-Za-z_][\w\s*]*?)"
                     r"\b(?P<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*(?:=|;)", re.M)


def globals_defined(text: str) -> dict[str, int]:
    """Top-level variable definitions (not static): name -> 1-based line."""
    m = mask(text)
    fns = functions(text)
    out: dict[str, int] = {}
    for g in _GLOBAL.finditer(m):
        line = m.count("\n", 0, g.start()) + 1
        if any(f.start <= line <= f.end for f in fns) or not g.group("head").strip():
            continue
        out.setdefault(g.group("name"), line)
    return out


def declares_several(masked: str, line: int) -> bool:
    """Whether the top-level definition starting on LINE of MASKED names more than one variable (a
    comma outside its initializer's braces, brackets and parentheses, before its `;`)."""
    depth = 0
    start = sum(len(ln) + 1 for ln in masked.split("\n")[:line - 1])
    for ch in masked[start:]:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";" and depth == 0:
            return False
        elif ch == "," and depth == 0:
            return True
    return False


def used_above_definition(text: str, name: str) -> bool:
    """Whether function NAME of TEXT is named above its definition (a call, or its address taken)."""
    f = next((f for f in functions(text) if f.name == name), None)
    if f is None:
        return False
    above = "\n".join(mask(text).splitlines()[:f.start - 1])
    return re.search(rf"(?<![\w.>]){re.escape(name)}\b", above) is not None


def _header(text: str, name: str) -> tuple[int, str] | None:
    f = next((f for f in functions(text) if f.name == name), None)
    if f is None:
        return None
    return f.start, " ".join(mask(text).splitlines()[f.start - 1:f.body_start])


def uses_elsewhere(name: str, ctx: CodeContext) -> list[str]:
    rx = re.compile(rf"\b{re.escape(name)}\b")
    return [p for p, t in sorted(ctx.files.items()) if p != ctx.path and rx.search(mask(t))]


# "drop the prototype from the header", "the declaration in foo.h can go"
_DROP_PROTO = re.compile(r"\b(?:prototype|declaration|header)s?\b", re.I)
_DROP_WORD = re.compile(r"\b(?:drop|remove|delete|get rid of|(?:can|should) go|not needed|no need)\b", re.I)


def new_prototypes(comment: str, name: str, others: list[str], ctx: CodeContext) -> tuple[str, ...]:
    """The headers among OTHERS whose prototype of function NAME goes with "make it static": COMMENT asks
    to drop it, each names NAME on one prototype line only, and NAME is new with the patch (absent from
    every file before it) and named by no other file of the tree or of the later patches.  () otherwise."""
    if not (_DROP_PROTO.search(comment) and _DROP_WORD.search(comment)) or ctx.base_files is None:
        return ()
    rx = re.compile(rf"\b{re.escape(name)}\b")
    proto = re.compile(rf"^(?:extern\s+)?[A-Za-z_][\w\s*]*\b{re.escape(name)}\s*\([^;{{}}]*\)\s*;\s*$")
    for path in others:
        lines = [ln for ln in mask(ctx.files[path]).splitlines() if rx.search(ln)]
        if not path.endswith(".h") or len(lines) != 1 or not proto.match(lines[0]):
            return ()
    if any(rx.search(mask(ctx.base_files.get(p, ""))) for p in [ctx.path, *others]):
        return ()           # there before the patch: callers elsewhere may use it
    if any(rx.search(mask(t)) for p, t in ctx.later_files.items() if p not in [ctx.path, *others]):
        return ()
    if ctx.tree_grep is not None and set(ctx.tree_grep(name)) - {ctx.path, *others}:
        return ()
    return tuple(others)


# `NOKPROBE_SYMBOL(fn);`, `ALLOW_ERROR_INJECTION(fn, ERRNO);`: a file-scope macro that marks the function
# (an upper-case name, the function its first argument) declares nothing that static would contradict
_MARKS = re.compile(r"[A-Z][A-Z0-9_]*\(\s*[A-Za-z_]\w*\s*(?:,[^;]*)?\)\s*;$")


# "it is not static", "this isn't static": what the code is, said as a reason ("Please add kernel-doc for
# this, it is not static."); "Why is this not static?" asks for it
_IS_NOT_STATIC = re.compile(r"\b(?:is|are|was|were)\s+not\s+static\b|\b(?:isn|aren|wasn|weren)['’]?t\s+static\b",
                            re.I)


def said_not_static(comment: str) -> bool:
    """Whether every "static" of COMMENT says, in a sentence that is no question, that the code is not."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+|\n\s*\n", comment) if re.search(r"(?<![\w-])static\b", x)]
    return bool(sentences) and all(_IS_NOT_STATIC.search(x) and not x.rstrip().endswith("?") and
                                   len(re.findall(r"(?<![\w-])static\b", x)) == 1 for x in sentences)


_STATIC_CONST = re.compile(r"\bstatic\s+(?:and\s+)?const\b|\bconst\s+(?:and\s+)?static\b", re.I)
_WRITE_AFTER = re.compile(r"(?:\s*(?:\.\s*\w+|\[[^\]]*\]))*\s*(?:(?:<<|>>|[-+*/%&|^])?=(?!=)|\+\+|--)")


def only_read(masked: str, name: str, definition: int) -> str:
    """'' when every use of global NAME outside its definition (line DEFINITION) in MASKED reads it
    (an element read, ARRAY_SIZE() or sizeof()), else the use that may write it."""
    for no, ln in enumerate(masked.splitlines(), 1):
        if no == definition:
            continue
        for m in re.finditer(rf"(?<![\w.>]){re.escape(name)}\b", ln):
            before, after = ln[:m.start()].rstrip(), ln[m.end():]
            if re.search(r"\b(?:ARRAY_SIZE|sizeof)\s*\($", before):
                continue
            if not after.lstrip().startswith("[") or before.endswith(("&", "++", "--")) or \
                    _WRITE_AFTER.match(after):
                return f"line {no}: {ln.strip()}"
    return ""


@dataclass(frozen=True)
class MakeStaticParams(InFunction):
    symbol: str                  # the function or variable made static
    is_function: bool
    line: int = 0                # a variable: its definition's line, as the patch has it
    old: str = ""                # ... that line
    new: str = ""                # ... and what it becomes
    headers: tuple[str, ...] = ()    # a function: the headers whose prototype of it goes too


class MakeStatic(Recipe[MakeStaticParams]):
    kind = "make-static"
    order = Phase.WRAPPERS
    tidies_after_spatch = True              # the parameters under the parenthesis follow `static `

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MakeStaticParams] | None:
        if not re.search(r"(?<![\w-])static\b", s.comment) or re.search(r"\bnon-?static\b|\bstatic\s+inline\b",
                                                                       s.comment) or said_not_static(s.comment):
            return None
        quoted = [ln for ln in (s.anchor.code or E.quote_code(s.quoted)) if ln.strip()]
        qnorm = " ".join(E.norm(E.mask(q)) for q in quoted)
        fns = {f.name for f in functions(ctx.text)}
        gls = globals_defined(ctx.text)
        defined = [n for n in list(fns) + list(gls) if re.search(rf"(?<![\w]){re.escape(n)} [(\[=;]", qnorm + " ")
                   and n != "if"]
        named = [n for n in E.named_identifiers(s.comment) if n in fns or n in gls]
        pick = [n for n in named if n in defined] or named or defined
        if not pick:
            several = [n for n, _ in whole_functions(s.quote_diff)]
            if len(several) > 1:
                raise Manual(f"the quote holds {len(several)} function definitions ({', '.join(several)}) and "
                             "the comment does not say which to make static")
            return None
        name = pick[-1]
        is_fn = name in fns
        if is_fn:
            hdr = _header(ctx.text, name)
            if hdr and re.match(r"\s*static\b", hdr[1]):
                return None
        rx = re.compile(rf"\b{re.escape(name)}\b")
        masked = mask(ctx.text)
        if re.search(rf"EXPORT_SYMBOL\w*\s*\(\s*{re.escape(name)}\s*\)", masked):
            raise Manual(f"{name} is exported with EXPORT_SYMBOL: it cannot be static")
        other = uses_elsewhere(name, ctx)
        protos = new_prototypes(s.comment, name, other, ctx) if other and is_fn else ()
        if other and not protos:
            raise Manual(f"{name} is also used in {', '.join(other)}: making it static breaks the build")
        if protos and used_above_definition(ctx.text, name):
            raise Manual(f"{name}() is used above its definition in {ctx.path}: without the prototype in "
                         f"{', '.join(protos)} it would be undeclared there; moving it up is left to the author")
        header = "" if protos else declared_in_header(ctx.path, ctx.text, name, ctx.files, ctx.tree_read)
        if header:
            raise Manual(f"{name} is declared in {header}, which the patch leaves as it is: a static definition "
                         "after that declaration does not build, and whether the declaration goes is for the author")
        fn_lines = {f.start for f in functions(ctx.text)}
        for no, ln in enumerate(masked.splitlines(), 1):
            if rx.search(ln) and re.match(r"(?!\s)", ln) and ln.rstrip().endswith(";") and "(" in ln \
                    and is_fn and no not in fn_lines and not ln.lstrip().startswith("static") \
                    and not _MARKS.match(ln.strip()):
                raise Manual(f"{name}() is declared on line {no} of {ctx.path} too: drop or adapt that "
                             "declaration with it")
        if is_fn:
            return Plan(self.kind, slug=name, order=self.order, files=[ctx.path, *protos],
                        params=MakeStaticParams(name, symbol=name, is_function=True, headers=protos),
                        summary=f"Make {name}() static" + (f" and drop its prototype from {', '.join(protos)}"
                                                           if protos else ""))
        return self._variable_plan(s, ctx, name)

    def _variable_plan(self, s: Suggestion, ctx: CodeContext, name: str) -> Plan[MakeStaticParams]:
        line = globals_defined(ctx.text)[name]
        old = ctx.text.splitlines()[line - 1]
        if declares_several(mask(ctx.text), line):
            raise Manual(f"the definition of {name} on line {line} declares other variables too: static "
                         "would apply to them all; splitting it is left to the author")
        words = "static"
        if _STATIC_CONST.search(s.comment):
            head = mask(old)[:mask(old).find(name)]
            if "*" in head or re.search(r"\bconst\b", head):
                raise Manual(f"{name} is a pointer or const already: which part \"static const\" means is "
                             "not clear")
            writer = only_read(mask(ctx.text), name, line)
            if writer:
                raise Manual(f"{name} cannot be const: the file may write it ({writer})")
            words = "static const"
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=MakeStaticParams("", symbol=name, is_function=False, line=line, old=old,
                                            new=f"{words} {old}"),
                    summary=f"Make {name} {words} (variable)")

    def edits_text(self, plan: Plan[MakeStaticParams]) -> bool:
        return not plan.params.is_function

    def text_edit(self, s: Suggestion, plan: Plan[MakeStaticParams], ctx: CodeContext) -> T.TextEdit:
        p = plan.params
        return T.TextEdit(ctx.path, "", [p.old], [p.new], plan.summary, drop_blank_after=False, line=p.line)

    def render(self, s: Suggestion, plan: Plan[MakeStaticParams], ctx: CodeContext) -> str:
        name = plan.params.symbol
        if not plan.params.is_function:
            return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx),
                                    [f"{name} is not used outside {ctx.path}."])
        body = "+ static\n  T fn(...) { ... }"
        mv = ["type T;", f"identifier fn = {name};"]
        out = (R.header(f"Make {name} static: it is not used outside {ctx.path}", s,
                        [f"Its prototype goes from {', '.join(plan.params.headers)}."] if plan.params.headers else None)
               + "\n" + R.rule("make_static", mv, body))
        if plan.params.headers:
            out += "\n" + R.rule("drop_prototype", mv, "- T fn(...);")
        return out

    def after_spatch(self, plan: Plan[MakeStaticParams], path: str, before: str, after: str) -> str:
        """The parameters a function's header carries on under its parenthesis follow it when `static `
        goes in front of the line that opens it."""
        f = function_named(after, plan.params.symbol) if plan.params.is_function else None
        if f is None or path != plan.files[0]:
            return after
        lines = after.split("\n")
        i = f.start - 1
        if not lines[i].startswith("static ") or "(" not in mask(lines[i]) or \
                lines[i][len("static "):] not in before.split("\n"):
            return after
        realign(lines, i, lines[i], 0, len("static "))
        return "\n".join(lines)

    def _is_static(self, text: str, plan: Plan[MakeStaticParams]) -> bool:
        name = plan.params.symbol
        if plan.params.is_function:
            hdr = _header(text, name)
            return bool(hdr and re.match(r"\s*static\b", hdr[1]))
        return name not in globals_defined(text) and bool(
            re.search(rf"^static\b[^;=]*\b{re.escape(name)}\b", mask(text), re.M))

    def verify_files(self, s: Suggestion, plan: Plan[MakeStaticParams], befores: dict[str, str],
                     afters: dict[str, str]) -> str | None:
        if not plan.params.headers:
            return None
        for path, after in afters.items():
            before = befores[path]
            if path not in plan.params.headers:
                if after != before and path != plan.files[0]:
                    return f"the rule changed {path} too"
                continue
            gone = [ln for ln in before.splitlines() if ln not in after.splitlines()]
            added = [ln for ln in after.splitlines() if ln not in before.splitlines()]
            if added or len(gone) != 1 or re.search(rf"\b{re.escape(plan.params.symbol)}\b", mask(after)):
                return f"the prototype of {plan.params.symbol}() did not go from {path} alone"
        return ""

    def is_applied(self, s: Suggestion, plan: Plan[MakeStaticParams], text: str) -> bool:
        return self._is_static(text, plan)

    def verify(self, s: Suggestion, plan: Plan[MakeStaticParams], before: str, after: str) -> str:
        if not self._is_static(after, plan):
            return f"{plan.params.symbol} is not static afterwards"
        changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
        # the first line takes `static`; the parameters carried on under its parenthesis only move
        if len(before.splitlines()) != len(after.splitlines()) or not changed or \
                any(a.strip() != b.strip() for a, b in changed[1:]):
            return "more than the definition's first line changed"
        return ""


RECIPE = MakeStatic()
