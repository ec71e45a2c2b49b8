"""Drop a parameter the function never uses: "'flags' is not used anywhere in this function", "Unused
argument?", "nit: drop @dev, it's unused", under a quote of the function's header, of its body or of a
call of it.

Evidence: the comment says the thing is unused or not needed (or asks to drop it and names it), and
names a parameter of the function the quote is about (the header quoted, the function the quoted
body lies in, or a function of the series called on the quoted lines); with no name, the one parameter
of that function its body never mentions.  The parameter goes from the definition, from every
prototype and every call in the series' files, and its kernel-doc `@name:` line goes too (a companion
text edit, cocci/recipes/drop_param_doc.py).

Only when every caller is in sight: the function is static, the series adds it (absent from the
files before the series), or no file of the tree outside the series' files names it (`git grep -w`
on the patch's commit).  Left to people, with the reason: the parameter used in the body (or by a
macro of the file), the function exported, used other than by calls (its address taken, a callback
in an ops struct), called from a macro or by a later patch of the series, variadic, a call that
passes something with side effects there (`f(a, i++)`, `f(a, get())`), a call or prototype with
another number of arguments.  The only parameter leaves `(void)` in the definition and prototypes and
`()` in the calls.  SmPL does the edits (definition, prototypes, calls); the check compares every file
with the same edit done as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.drop_param_doc import RECIPE as DOC
from patches.ctext import (Span, calls, closing, function_named, functions, line_of, mask, norm, occurrences,
                           offset_of_line, split_lines, split_top)
from patches.git import GitError
from patches.model import Suggestion

# the comment says the parameter does nothing
UNUSED = re.compile(r"\bunused\b|\bunneeded\b|\bunnecessary\b|\bsuperfluous\b|\bpointless\b|\buseless\b|"
                    r"\b(?:not|never|no longer|nowhere)\s+(?:\w+\s+)?used\b|"
                    r"\b(?:isn't|aren't|wasn't)\s+(?:\w+\s+)?used\b|"
                    r"\bnot\s+(?:really\s+)?(?:needed|necessary|required)\b|\bno\s+need\s+(?:for|to)\b|"
                    r"\b(?:does|do|did)(?:n't|\s+not)\s+(?:use|need|read|touch|look\s+at)\b|"
                    r"\bused\s+(?:at\s+all|anywhere)\b|\beven\s+used\b|"
                    r"\bnever\s+(?:\w+\s+)?(?:uses?|reads?|looks?\s+at)\b|"
                    r"\b(?:nothing|nobody|no one)\b[^.?!;]*\b(?:uses|reads|looks at)\b", re.I)
# or asks for it to go, naming it
DROP = re.compile(r"\b(?:drop(?:ped|ping)?|remov(?:e|ed|ing)|delet(?:e|ed|ing)|get rid of|kill)\b", re.I)
DEFINE = re.compile(r"^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*", re.M)    # with its continuation lines
_PARAM_WORD = re.compile(r"\b(?:param(?:eter)?s?|arg(?:ument)?s?)\b", re.I)
_SIDE_EFFECTS = re.compile(r"\+\+|--|(?<![=!<>])=(?!=)|\b(?!sizeof\b|typeof\b|__alignof__\b|_Alignof\b)"
                           r"[A-Za-z_]\w*\s*\(")


def asks_to_drop(comment: str, claims_unused: bool) -> bool:
    """Whether COMMENT asks to drop what it is under: it calls it unused (CLAIMS_UNUSED, read by the
    caller) or asks to drop it, and does not keep it for later ("unused for now, patch 3 uses it" is a
    report, no request)."""
    return (claims_unused or DROP.search(comment) is not None) and not E.kept_for_later(comment)


@dataclass(frozen=True)
class Header:
    """One function's parameter list: the parameters as written, and where the list is in the text."""
    params: list[Span]
    open_at: int                # offset of its "("
    close_at: int               # offset of its ")"


def param_name(param: str) -> str:
    """The name a parameter declares ("" for an unnamed one: `struct device *`)."""
    m = mask(param).strip()
    fp = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", m)      # a function pointer: int (*cb)(void *)
    if fp:
        return fp.group(1)
    m = re.sub(r"\[[^\]]*\]", "", m)
    ids = [t for t in re.findall(r"[A-Za-z_]\w*", m) if t not in ("const", "volatile", "restrict", "__user",
                                                                 "__iomem", "__rcu", "__maybe_unused")]
    if len(ids) < 2 or ids[-1] in ("int", "long", "char", "short", "unsigned", "signed", "bool", "void"):
        return ""
    return ids[-1] if not re.match(r"(struct|union|enum)$", ids[-2]) else ""


def header_at(text: str, m: str, name_at: int) -> Header | None:
    """The parameter list after the function name at offset NAME_AT."""
    open_at = m.find("(", name_at)
    close = closing(m, open_at) if open_at >= 0 else -1
    if close < 0:
        return None
    spans = split_top(text, m, open_at + 1, close)
    if len(spans) == 1 and norm(spans[0].of(text)) in ("void", ""):
        spans = []
    return Header(spans, open_at, close)


def definition(text: str, fn_name: str) -> Header | None:
    """The parameter list of FN_NAME's definition in TEXT."""
    f = function_named(text, fn_name)
    if f is None:
        return None
    m = mask(text)
    lo = sum(len(ln) + 1 for ln in text.splitlines()[:f.start - 1])
    at = re.compile(rf"\b{re.escape(fn_name)}\s*\(").search(m, lo)
    return header_at(text, m, at.start()) if at else None


def used_in_body(text: str, fn_name: str, pname: str) -> bool:
    """Whether PNAME is mentioned as a variable in FN_NAME's body (a member `x->pname` is not it)."""
    f = function_named(text, fn_name)
    assert f is not None
    m = mask(text)
    return bool(occurrences(m, pname, offset_of_line(text, f.body_start), offset_of_line(text, f.end + 1)))


def in_macros(text: str, name: str) -> bool:
    """Whether a #define of TEXT mentions NAME (with its continuation lines), not as a member."""
    m = mask(text)
    return any(occurrences(m, name, mt.start(), mt.end()) for mt in DEFINE.finditer(m))


@dataclass(frozen=True)
class Uses:
    """Where a function's name occurs in one file, by kind (offsets of the name)."""
    definition: list[int]
    prototypes: list[int]
    calls: list[int]
    macros: list[int]
    other: list[int]


def uses_of(text: str, fn_name: str) -> Uses:
    """Every occurrence of FN_NAME in TEXT (not as a member), sorted by what it is."""
    m = mask(text)
    fns = functions(text)
    macro_spans = [(x.start(), x.end()) for x in DEFINE.finditer(m)]
    out: dict[str, list[int]] = {"definition": [], "prototypes": [], "calls": [], "macros": [], "other": []}
    for x in re.finditer(rf"(?<![\w.])(?<!->){re.escape(fn_name)}\b", m):
        k = x.start()
        line = line_of(text, k)
        called = re.match(r"\s*\(", m[x.end():]) is not None
        inside = [f for f in fns if f.start <= line <= f.end]
        if any(a <= k < b for a, b in macro_spans):
            out["macros"].append(k)
        elif inside and inside[0].name == fn_name and line <= inside[0].body_start:
            out["definition" if called and not out["definition"] else "other"].append(k)
        elif inside:
            out["calls" if called and _is_call(m, k) else "other"].append(k)
        elif called and _is_prototype(m, k, x.end()):
            out["prototypes"].append(k)
        else:
            out["other"].append(k)
    return Uses(**out)


def _is_call(m: str, k: int) -> bool:
    """Whether the name at K is called (not its address taken: `&f(` cannot be, `(f)(` is not a call)."""
    before = m[:k].rstrip()
    return not before.endswith("&")


def _is_prototype(m: str, k: int, name_end: int) -> bool:
    """Whether the name at K (outside any function) is declared there: `type name(params);`."""
    open_at = m.find("(", name_end)
    close = closing(m, open_at)
    if close < 0:
        return False
    rest = m[close + 1:]
    if not re.match(r"\s*(?:__\w+(?:\([^()]*\))?\s*)*;", rest):
        return False
    start = max(m.rfind(";", 0, k), m.rfind("}", 0, k), m.rfind("{", 0, k)) + 1
    head = m[start:k]
    head = re.sub(r"^[ \t]*#[^\n]*$", "", head, flags=re.M)
    return "=" not in head and "(" not in head and re.search(r"[A-Za-z_]\w*[\s*]*$", head) is not None


def users_outside(ctx: CodeContext, word: str, files: dict[str, str]) -> list[str] | None:
    """The files of the tree, other than FILES, that hold WORD; None when the tree cannot be asked."""
    if ctx.tree_grep is None:
        return None
    try:
        hits = ctx.tree_grep(word)
    except GitError:
        return None
    return [h for h in hits if h not in files]


def side_effects(arg: str) -> bool:
    """Whether passing ARG does something (an assignment, ++/--, a call) that dropping it would undo."""
    return _SIDE_EFFECTS.search(mask(arg)) is not None


def _other_argument_named(s: Suggestion, fn: str, idx: int, n: int) -> str:
    """An argument of a quoted call of FN, other than the one at IDX, that the comment names ('' if none)."""
    quoted = "\n".join(c for c in (s.anchor.code or E.quote_code(s.quoted)) if c.strip())
    for c in calls(quoted, 1, quoted.count("\n") + 1):
        if c.name != fn or len(c.args) != n:
            continue
        for j, a in enumerate(c.args):
            a = " ".join(a.split())
            if j != idx and a and re.search(rf"(?<![\w>.]){re.escape(a)}(?![\w(])", s.comment):
                return a
    return ""


def _named(comment: str, name: str) -> bool:
    return re.search(rf"(?<![\w>.]){re.escape(name)}(?!\w)", comment) is not None


@dataclass(frozen=True)
class DropUnusedParameterParams(Params):
    owner: str                   # the function whose parameter goes
    index: int                   # which parameter (0-based)
    nparams: int                 # how many parameters it has
    param: str                   # the parameter's name

    def where(self) -> str:
        return self.owner

    def scope_functions(self) -> tuple[str, ...]:
        # prototypes lie outside any function: the check compares every file with the expected text
        return ()


class DropUnusedParameter(Recipe[DropUnusedParameterParams]):
    kind = "drop-unused-parameter"
    takes_away = True           # a doubting question may ask for it
    # a parameter goes from a function and its calls, after the call-level edits
    order = Phase.SIGNATURES
    retargets = True             # the rule runs in the file that defines the function
    # "Unused argument?" under a call is not a request to drop the call's argument alone, nor to fold a
    # helper ("the helper never looks at it")
    supersedes = ("drop-argument", "drop-variable", "remove-statements", "inline-helper")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropUnusedParameterParams] | None:
        claims_unused = UNUSED.search(s.comment) is not None
        if not asks_to_drop(s.comment, claims_unused):
            return None
        files = E.patch_files(ctx)
        found = self._which(s, ctx, files, claims_unused)
        if found is None:
            return None
        fn, defpath, idx, params = found
        text = files[defpath]
        pname = param_name(params[idx].of(text))
        marked = re.search(r"\b__(?:maybe|always)_unused\b", params[idx].of(text))
        if marked:
            raise Manual(f"{pname} is marked {marked.group(0)}: it is kept on purpose (a configuration that "
                         "uses it, or a type it must match)")
        if used_in_body(text, fn, pname):
            if not claims_unused:
                return None                 # "drop X" of a used parameter: some other change is asked
            raise Manual(f"{pname} is used in {fn}(): it cannot simply go")
        other = _other_argument_named(s, fn, idx, len(params))
        if other:
            raise Manual(f"the comment is also about the argument {other} of the quoted call of {fn}(): "
                         "more than an unused parameter is asked")
        mentioned = check_callers(fn, idx, len(params), pname, defpath, files, ctx)
        return Plan(self.kind, slug=f"{fn}-{pname}", order=self.order, files=[defpath, *mentioned],
                    params=DropUnusedParameterParams(owner=fn, index=idx, nparams=len(params), param=pname),
                    summary=f"Drop the unused {pname} parameter of {fn}()")

    def _which(self, s: Suggestion, ctx: CodeContext, files: dict[str, str],
               claims_unused: bool) -> tuple[str, str, int, list[Span]] | None:
        """(function, file defining it, parameter index, its parameters) the comment is about."""
        code = [c for c in (s.anchor.code or E.quote_code(s.quoted)) if c.strip()]
        candidates: list[str] = []
        header = E.header_function(ctx.text, code) if code else ""
        if header:
            candidates.append(header)
        else:
            if ctx.function:
                candidates.append(ctx.function)
            quoted = "\n".join(code)
            for c in calls(quoted, 1, quoted.count("\n") + 1):
                if c.name not in candidates and not c.member:
                    candidates.append(c.name)
        hits: list[tuple[str, str, int, list[Span]]] = []
        problems: list[str] = []
        for fn in candidates:
            try:
                hit = self._parameter(s, ctx, files, claims_unused, fn, bool(header))
            except Manual as e:
                problems.append(str(e))
                continue
            if hit is not None:
                hits.append(hit)
        # a body quote may name a parameter of its function and of a function it calls: the unused one
        idle = [h for h in hits if not used_in_body(files[h[1]], h[0], param_name(h[3][h[2]].of(files[h[1]])))]
        if len(idle) > 1:
            raise Manual("the comment may be about " + " or ".join(
                f"{param_name(h[3][h[2]].of(files[h[1]]))} of {h[0]}()" for h in idle))
        if idle or hits:
            return (idle or hits)[0]
        if problems:
            raise Manual(problems[0])
        return None

    @staticmethod
    def _parameter(s: Suggestion, ctx: CodeContext, files: dict[str, str], claims_unused: bool, fn: str,
                   header: bool) -> tuple[str, str, int, list[Span]] | None:
        """(FN, the file defining it, parameter index, its parameters) when the comment is about one of FN's
        parameters."""
        defs = [p for p, t in files.items() if p.endswith(".c") and function_named(t, fn) is not None]
        if not defs:
            return None
        if len(defs) > 1:
            raise Manual(f"{fn}() is defined in {len(defs)} files of the series: which one is meant is not clear")
        defpath = defs[0]
        h = definition(files[defpath], fn)
        if h is None:
            return None
        names = [param_name(p.of(files[defpath])) for p in h.params]
        named = [i for i, n in enumerate(names) if n and _named(s.comment, n)]
        if len(named) > 1:
            raise Manual(f"the comment names {len(named)} parameters of {fn}(): one plan drops one parameter")
        # unnamed: "Unused argument?" under the header or a call; not "the result is unused"
        if not named and claims_unused and _PARAM_WORD.search(s.comment) and (header or fn != ctx.function):
            idle = [i for i, n in enumerate(names) if n and not used_in_body(files[defpath], fn, n)]
            named = idle if len(idle) == 1 else []
            if len(idle) > 1:
                raise Manual(f"{len(idle)} parameters of {fn}() are unused and the comment names none")
        if not named:
            return None
        if any(re.match(r"\s*\.\.\.\s*$", p.of(files[defpath])) for p in h.params):
            raise Manual(f"{fn}() takes variable arguments: its calls cannot be checked")
        return fn, defpath, named[0], h.params

    def companions(self, s: Suggestion, plan: Plan[DropUnusedParameterParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The parameter's `@name:` line of the function's kernel-doc goes too, once the signature did."""
        path = plan.files[0]
        text = ctx.files.get(path, ctx.text if path == ctx.path else "")
        doc = DOC.plan_for(path, text, plan.params.owner, plan.params.param)
        return [(DOC, doc)] if doc is not None else []

    def render(self, s: Suggestion, plan: Plan[DropUnusedParameterParams], ctx: CodeContext) -> str:
        p = plan.params
        fn, i, n, pname = p.owner, p.index, p.nparams, p.param

        def shape(before: str, gone: str, after: str, declared: bool = True) -> str:
            if n == 1:              # the only one: a declaration says (void), a call ()
                return f"(\n- {gone}\n+ void\n  )" if declared else f"(\n- {gone}\n  )"
            if i == 0:
                return f"(\n- {gone},\n  {after})"
            if i == n - 1:
                return f"({before}\n- , {gone}\n  )"
            return f"({before},\n- {gone},\n  {after})"

        def sized(kind: str, name: str, k: int) -> list[str]:
            return [f"{kind} list[{k}] {name};"] if k else []

        before, after = sized("parameter", "before", i), sized("parameter", "after", n - i - 1)
        definition_rule = R.rule("definition", [f"identifier fn = {fn};", f"identifier P = {pname};", "type T, R;",
                                                *before, *after],
                                 f"R fn{shape('before', 'T P', 'after')}\n{{ ... }}\n")
        proto_rule = R.rule("declared", [f"identifier fn = {fn};", "parameter P;", "type R;", *before, *after],
                            f"R fn{shape('before', 'P', 'after')};\n")
        calls_rule = R.rule("calls", [f"identifier fn = {fn};", "expression E;",
                                      *sized("expression", "before", i), *sized("expression", "after", n - i - 1)],
                            f"fn{shape('before', 'E', 'after', declared=False)}\n")
        notes = [f"{pname} is the parameter {i + 1} of {n} of {fn}(); its body never mentions it.",
                 "It goes from the definition, from every prototype and from every call."]
        return (R.header(f"Drop the unused {pname} parameter of {fn}()", s, notes) + "\n" + definition_rule
                + "\n" + proto_rule + "\n" + calls_rule)

    def expected(self, plan: Plan[DropUnusedParameterParams], text: str) -> str:
        """TEXT with the parameter gone from FN's definition, prototypes and calls (as text)."""
        p = plan.params
        m = mask(text)
        u = uses_of(text, p.owner)
        edits: list[tuple[int, int, str]] = []
        for k in [*u.definition, *u.prototypes]:
            h = header_at(text, m, k)
            if h is None or len(h.params) != p.nparams:
                raise Manual(f"{p.owner}() no longer takes {p.nparams} parameters")
            edits.append((*_dropped(h.params, p.index), "void" if p.nparams == 1 else ""))
        for c in calls(text, 1, text.count("\n") + 1):
            if c.name_span.start in u.calls:
                if len(c.arg_spans) != p.nparams:
                    raise Manual(f"a call of {p.owner}() on line {c.line} passes {len(c.arg_spans)} arguments")
                edits.append((*_dropped(list(c.arg_spans), p.index), ""))
        for a, b, new in sorted(edits, reverse=True):
            text = text[:a] + new + text[b:]
        return text

    def verify(self, s: Suggestion, plan: Plan[DropUnusedParameterParams], before: str, after: str) -> str:
        return self._check(plan, before, after)

    def verify_files(self, s: Suggestion, plan: Plan[DropUnusedParameterParams], befores: dict[str, str],
                     afters: dict[str, str]) -> str:
        for path in sorted(afters):
            problem = self._check(plan, befores[path], afters[path])
            if problem:
                return f"{path}: {problem}"
        return ""

    def _check(self, plan: Plan[DropUnusedParameterParams], before: str, after: str) -> str:
        try:
            want = self.expected(plan, before)
        except Manual as e:
            return str(e)
        if norm(want) == norm(after):
            return ""
        return f"the rule did more or less than dropping {plan.params.param} from {plan.params.owner}() " \
               "and its prototypes and calls"

    def is_applied(self, s: Suggestion, plan: Plan[DropUnusedParameterParams], text: str) -> bool:
        h = definition(text, plan.params.owner)
        return h is not None and len(h.params) == plan.params.nparams - 1


def _dropped(spans: list[Span], i: int) -> tuple[int, int]:
    """The text range that removes item I of a comma list SPANS (with one comma)."""
    if len(spans) == 1:
        return spans[0].start, spans[0].end
    if i + 1 < len(spans):
        return spans[i].start, spans[i + 1].start
    return spans[i - 1].end, spans[i].end


def check_callers(fn: str, idx: int, n: int, pname: str, defpath: str, files: dict[str, str],
                  ctx: CodeContext) -> list[str]:
    """The files other than DEFPATH whose uses of FN change; Manual(why) unless every use of FN is in FILES
    and each can lose argument IDX of N.  A static FN is DEFPATH's own: the same name elsewhere is
    another function."""
    text = files[defpath]
    f = function_named(text, fn)
    assert f is not None
    static = re.search(r"\bstatic\b", " ".join(split_lines(mask(text))[f.start - 1:f.body_start])) is not None
    new = ctx.base_files is not None and not any(re.search(rf"\b{re.escape(fn)}\b", t)
                                                  for t in ctx.base_files.values())
    if not static and not new:
        outside = users_outside(ctx, fn, files)
        if outside is None:
            raise Manual(f"{fn}() is not static and was there before the series: callers outside the series' "
                         "files cannot be checked")
        if outside:
            more = f" and {len(outside) - 1} more file(s)" if len(outside) > 1 else ""
            raise Manual(f"{fn}() is not static and {outside[0]}{more} outside the series' files name it: "
                         "its callers there would need the change too")
    if in_macros(text, pname):
        raise Manual(f"a macro in {defpath} mentions {pname}: {fn}() may use it through the macro")
    reach = {defpath: text} if static else files
    called = 0
    for path, t in sorted(reach.items()):
        if re.search(rf"\b{re.escape(fn)}\b", t):
            called += _check_file(fn, idx, n, pname, path, t)
        made = built_by_macro(t, fn)
        if made:
            raise Manual(f"{made} in {path} may make the name {fn} (a sysfs or ops callback): its type must stay")
    if not called:
        raise Manual(f"nothing in the series' files calls {fn}(): it is reached some other way (a macro that "
                     "builds its name, a table), so its type must stay")
    for path, t in sorted(ctx.later_files.items()):
        if static and path != defpath:
            continue
        now = {norm(ln) for ln in split_lines(mask(files.get(path, "")))}
        if any(re.search(rf"\b{re.escape(fn)}\b", ln) and norm(ln) not in now for ln in split_lines(mask(t))):
            raise Manual(f"a later patch of the series uses {fn}() in {path}")
    return sorted(p for p, t in reach.items() if p != defpath and re.search(rf"\b{re.escape(fn)}\b", t))


def built_by_macro(text: str, fn: str) -> str:
    """A macro call of TEXT whose argument is a part of FN's name (`DEVICE_ATTR_RO(temp)` makes `temp_show`),
    as written; '' when there is none."""
    for c in calls(text, 1, text.count("\n") + 1):
        if not re.fullmatch(r"_*[A-Z][A-Z0-9_]*", c.name):
            continue
        for a in c.args:
            a = a.strip()
            # the name pasted with one more word: x_show, x_store, x_open
            if re.fullmatch(r"[A-Za-z_]\w*", a) and re.fullmatch(rf"{re.escape(a)}_[A-Za-z0-9]+", fn):
                return f"{c.name}({', '.join(x.strip() for x in c.args)})"
    return ""


def _check_file(fn: str, idx: int, n: int, pname: str, path: str, t: str) -> int:
    """Manual(why) unless every use of FN in file PATH (text T) can lose argument IDX of N; how many calls
    there are."""
    m = mask(t)
    if re.search(rf"\bEXPORT_SYMBOL\w*\s*\(\s*{re.escape(fn)}\s*\)", m):
        raise Manual(f"{fn}() is exported: modules outside the tree may call it")
    u = uses_of(t, fn)
    if u.macros:
        raise Manual(f"{fn}() is used in a macro in {path}: its callers cannot be checked")
    if u.other:
        line = m.count("\n", 0, u.other[0]) + 1
        raise Manual(f"{fn}() is used other than by a call on line {line} of {path} (its address taken, "
                     "a callback): its type must stay")
    for k in u.prototypes:
        ph = header_at(t, m, k)
        if ph is None or len(ph.params) != n:
            raise Manual(f"a prototype of {fn}() in {path} does not take {n} parameters")
    for c in calls(t, 1, t.count("\n") + 1):
        if c.name_span.start not in u.calls:
            continue
        if len(c.arg_spans) != n:
            raise Manual(f"a call of {fn}() on line {c.line} of {path} passes {len(c.arg_spans)} arguments, "
                         f"not {n}")
        arg = c.arg_spans[idx].of(t)
        if side_effects(arg):
            raise Manual(f"the call of {fn}() on line {c.line} of {path} passes `{' '.join(arg.split())}` for "
                         f"{pname}: dropping it would drop what it does")
    return len(u.calls)


RECIPE = DropUnusedParameter()
