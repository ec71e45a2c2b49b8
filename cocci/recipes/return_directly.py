"""Return a value directly: "Return the result of foo() directly", "just return foo(...)", "this can
simply return regmap_write()".

Evidence: the comment asks for a return (the word `return` with directly, just, simply or straight, or
"can be a single return"),
and the quote holds (or ends in) one of the two shapes that compute a value only to return it:

    v = E;                      v = E;
    if (v)                      return v;
            return v;
    return 0;

Both are `return E;`.  A quoted `if (v) return v; return 0;` alone (v computed further up, other
statements between) is `return v;`, unless the `if` is the one statement of another `if` or loop
without braces (the `return 0;` is not: manual).  `if (v < 0) return v; return 0;` is not (a positive
value would be lost), so only the exact shapes count.  When nothing else in the function uses v
afterwards its declaration goes too (with the blank line below it when it was the only one).  The
value keeps its type: v must be declared in the function with the type the function returns, else the
change is manual, as are a comment inside the statements (it would be lost) and a declaration of v
together with other names.

A verified text edit: the new lines hold the tokens of the old ones less the declaration, `v =` and
the check, with `return` in front of E; a continuation line of E moves with its first line.

"Return directly here, no need for the goto": a quoted `goto L;` whose label does nothing but
`return v;` (other labels and blank lines aside) becomes `return v;`, or `return E;` when the line
above is `v = E;` (v of the type the function returns); an `if` block left with the return alone
loses its braces, and the label's line goes when no other goto jumps there.  A label followed by
anything else (an unlock, a free) is what the goto is for: manual.  A label the statement above never falls
into (a `return` before it) is reached by its gotos alone: its last goto is manual, since the
return after the label would be left unreached.  The edit is made on the text as
it reads when it runs, from the goto's lines to the label's.

"Drop this return as all cases should return directly": a quoted `return X;` right after a `switch`
whose cases leave it with `break;` becomes `return X;` in place of each of those breaks, and the
return after the switch goes (with the blank line above it when a block ends after it).  Nothing runs
between a break and that return, so the value is the same; when the author's answer says what every
case returns instead ("I'll make all the cases return IIO_VAL_INT"), that constant is returned.  Only
a switch with a `default:` whose every way out is a break or a return qualifies (else the return after
it is still reached), with no loop, switch or braced block inside it that a break could belong to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import (Declaration, Function, Stmt, all_statements, declaration, declared_names, function_named,
                           mask, norm, statements)
from patches.model import Suggestion

ASKS = re.compile(r"\breturn\b.{0,80}\b(?:directly|straight(?:\s+away)?|right\s+away)\b|"
                  r"\b(?:just|simply|directly)\s+return\b|\breturn\s+(?:it|that|this)\s+directly\b|"
                  # "This can be a single return.": the value and its return are one statement
                  r"\b(?:can|could|should)\s+(?:just\s+|simply\s+)?be\s+(?:a\s+)?(?:single|one)\s+return\b",
                  re.I | re.S)
_STORAGE = {"static", "inline", "__always_inline", "noinline", "extern", "__init", "__exit", "__cold",
            "__maybe_unused", "__must_check"}


# "The if is redundant.", "Drop the if, it returns ret either way.", "`return ret;` is enough": said of a
# quoted `if (v) return v;` before a return of v (or of 0) only
_IF_REDUNDANT = re.compile(r"\bif\b[^.?!]{0,20}?\b(?:is\s+|looks\s+|seems\s+)?(?:redundant|pointless|useless|"
                           r"not\s+needed|unnecessary|superfluous)\b|\b(?:drop|remove)\s+the\s+if\b|"
                           r"\breturn\s+[A-Za-z_]\w*\s*;?\s*`?\s+(?:is|would\s+be)\s+enough\b", re.I)


def asks(comment: str) -> bool:
    """Whether COMMENT asks for a value to be returned directly."""
    return ASKS.search(" ".join(comment.split())) is not None


_SKETCH = re.compile(r"return\s+([A-Za-z_]\w*)\s*\(\s*(?:\.\.\.|\u2026)\s*\)\s*;")


# "This can simply be `return foo(x)`.": a return written inline, between backticks
_INLINE = re.compile(r"`\s*(return\s+[A-Za-z_]\w*\s*\([^`]*\))\s*;?\s*`")


def _return_code(s: Suggestion) -> list[str]:
    """The reviewer's code, or else the one return they wrote inline between backticks (with its `;`)."""
    code = E.function_body(E.reviewer_code(s))
    if code:
        return code
    inline = _INLINE.findall(s.comment)
    return [inline[0] + ";"] if len(inline) == 1 else []


def sketched_return(s: Suggestion) -> str | None:
    """The function the reviewer's code returns the result of, its arguments left out: the code is one
    line `return foo(...);` (the dots, or an ellipsis, stand for the call as the quote has it)."""
    code = _return_code(s)
    m = _SKETCH.fullmatch(code[0].strip()) if len(code) == 1 else None
    return m.group(1) if m else None


_WRITTEN = re.compile(r"return\s+([A-Za-z_]\w*)\s*\((?s:.*)\)\s*;")


def written_return(s: Suggestion) -> tuple[str, str] | None:
    """(function, code) when the reviewer's code is one `return foo(args);` written out whole (the
    arguments given, not `...`)."""
    code = _return_code(s)
    if len(code) != 1 or sketched_return(s) is not None:
        return None
    m = _WRITTEN.fullmatch(code[0].strip())
    return (m.group(1), code[0].strip()) if m else None


def _calling(hits: list[tuple[Stmt, str, re.Match[str]]], name: str) -> list[tuple[Stmt, str, re.Match[str]]]:
    """The HITS whose value is a call of NAME (all of them for no name); Manual when there is none."""
    if not name:
        return hits
    out = [h for h in hits if re.match(rf"{re.escape(name)}\s*\(", h[2].group("e"))]
    if not out:
        raise Manual(f"the reviewer returns {name}(...), but the quote does not compute the value it returns "
                     f"with {name}()")
    return out


def _declared(decls: list[tuple[Stmt, Declaration | None]], v: str) -> list[tuple[Stmt, Declaration]]:
    """The declarations of DECLS that declare V: as their first name, or (`int i, ret;`) as a later plain
    declarator (no `*` or bounds of its own), which has the type written before the first."""
    return [(d_st, d) for d_st, d in decls if d is not None and d.name == v] or \
        [(d_st, d) for d_st, d in decls if d is not None and not d.pointer and not d.array
         and re.search(rf",\s*{re.escape(v)}\s*[,;=]", mask(d_st.code))]


def _shape(m: str, v: str) -> re.Match[str] | None:
    """The two shapes (see the module docstring) at the start of masked text M, for local V."""
    n = re.escape(v)
    return re.match(rf"\s*{n}\s*=(?!=)\s*(?P<e>[^;]*?)\s*;\s*"
                    rf"(?:if\s*\(\s*{n}\s*(?:!=\s*0\s*)?\)\s*(?:\{{\s*return\s+{n}\s*;\s*\}}|return\s+{n}\s*;)"
                    rf"\s*return\s+0\s*;|return\s+{n}\s*;)", m, re.S)


# `if (v) return v; return 0;` returns v either way (v is 0 when the check is false): `return v;`; so does
# `if (v < 0) return v; return v;` (any test of v, then v either way)
_CHECKED = re.compile(r"if\s*\(\s*(?P<v>[A-Za-z_]\w*)\s*(?P<op>!=\s*0\s*|<\s*0\s*)?\)\s*(?:\{\s*return\s+(?P=v)\s*;"
                      r"\s*\}|return\s+(?P=v)\s*;)\s*return\s+(?P<last>0|(?P=v))\s*;")


def _checked_plan(kind: str, path: str, text: str, fn: Function, first: int,
                  last: int) -> Plan[ReturnDirectlyParams] | None:
    """The quoted `if (v) return v; return 0;` (blank lines between allowed) as `return v;`; None when the
    quote holds no such statements or more than one run of them."""
    lines = text.splitlines()
    stmts = [st for st in statements(text, max(first, fn.body_start + 1), min(last, fn.end - 1)) if st.norm]
    runs = []
    for a, b in zip(stmts, stmts[1:], strict=False):
        m = _CHECKED.fullmatch(mask(a.code).strip() + " " + mask(b.code).strip())
        if m is not None and (m.group("op") or "").startswith("<") and m.group("last") == "0":
            m = None            # a positive v would be returned as 0
        if m is not None and "\n".join(lines[a.start - 1:b.end]) == mask("\n".join(lines[a.start - 1:b.end])):
            runs.append((a, b, m.group("v")))
    if len(runs) != 1:
        return None
    a, b, v = runs[0]
    masked = mask(text).splitlines()
    above = next((masked[n - 1].strip() for n in range(a.start - 1, fn.body_start, -1) if masked[n - 1].strip()), "")
    if above.endswith(")") or re.search(r"\belse$", above):
        raise Manual(f"`if ({v})` is the one statement of `{above}`, and `return 0;` is not: `return {v};` there "
                     "would leave the other way without a return")
    old = lines[a.start - 1:b.end]
    new = [E.indent_of(lines[a.start - 1]) + f"return {v};"]
    return Plan(kind, slug=v, order=ReturnDirectly.order, files=[path],
                params=ReturnDirectlyParams(fn.name, variable=v, old=old, new=new),
                summary=f"Return {v} directly in {fn.name}()")


def _return_type(text: str, fn_start: int, name: str) -> str:
    """The type FN returns, from its header (storage words and attributes left out)."""
    lines = text.splitlines()
    head = " ".join(lines[fn_start - 1:fn_start + 3])
    head = head[:head.find(name + "(")] if name + "(" in head else head.split("(")[0]
    words = [w for w in norm(mask(head)).split() if w not in _STORAGE and w != name]
    return " ".join(words)


def _moved(indent: str, value_lines: list[str], delta: int) -> list[str]:
    """The assignment's lines as `return E;`: the first line re-headed, continuation lines shifted by
    DELTA columns (tabs of 8)."""
    out = [indent + "return " + value_lines[0].strip()]
    for line in value_lines[1:]:
        lead = len(line) - len(line.lstrip())
        width = len(line[:lead].expandtabs(8)) + delta
        out.append("\t" * (width // 8) + " " * (width % 8) + line.strip())
    return out


_GOTO = re.compile(r"\s*goto\s+([A-Za-z_]\w*)\s*;\s*$")
# the author's answer names what every case returns: "I'll make all the cases (early) return FOO"
_CASES_RETURN = re.compile(r"\b(?:i'?ll|i will|we'?ll|we will|let me|will)\s+(?:\w+\s+){0,2}?(?:make|have|let)\s+"
                           r"(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?cases?\s+(?:\w+\s+)?return\s+"
                           r"`?(?P<v>-?[A-Z][A-Z0-9_]*|-?\d+)`?(?![\w(])", re.I)
_NEGATED = re.compile(r"\b(?:not|n't|never)\b", re.I)


def cases_return(answer: str) -> str:
    """The constant the author's ANSWER says every case returns, "" when it names none."""
    for sent in re.split(r"(?<=[.!?])\s+", " ".join(answer.split())):
        m = _CASES_RETURN.search(sent)
        if m and not _NEGATED.search(sent[:m.end()]):
            return m.group("v")
    return ""


def _switch_closed_before(m: list[str], fn: Function, ret: int) -> tuple[int, int] | None:
    """(header line, closing line) of the switch whose `}` is the last line with code before line RET
    (at RET's indentation), None when that line closes no switch."""
    n = ret - 1
    while n > fn.body_start and not m[n - 1].strip():
        n -= 1
    if m[n - 1].strip() != "}" or E.indent_of(m[n - 1]) != E.indent_of(m[ret - 1]):
        return None
    depth = 0
    for k in range(n, fn.body_start, -1):
        depth += m[k - 1].count("}") - m[k - 1].count("{")
        if depth == 0:
            ok = re.fullmatch(r"\s*switch\s*\(.*\)\s*\{\s*", m[k - 1]) and \
                E.indent_of(m[k - 1]) == E.indent_of(m[n - 1])
            return (k, n) if ok else None
    return None


def _last_goto(text: str, first: int, last: int) -> int:
    """The line of the last `goto` statement within FIRST..LAST, 0 when there is none; or the `goto` right
    under a quoted last line `v = E;` (the quote narrowed to the value the comment names: "Just return
    -EINVAL directly" under `ret = -EINVAL; goto out;`)."""
    m = mask(text).splitlines()
    found = max((n for n in range(first, last + 1) if _GOTO.match(m[n - 1])), default=0)
    if found or last >= len(m) or not re.fullmatch(r"\s*[A-Za-z_]\w*\s*=(?!=)[^;]*;\s*", m[last - 1]):
        return found
    return last + 1 if _GOTO.match(m[last]) else 0


def label_returns(text: str, fn: Function, label: str, goto: int) -> str:
    """What FN returns at LABEL, jumped to from line GOTO: the expression of the `return X;` right after
    it (other labels and blank lines between); Manual when the label does anything else first (a
    cleanup the goto is for), or comes before the goto (a loop back)."""
    lines = mask(text).splitlines()
    at = [n for n in range(fn.body_start + 1, fn.end) if re.fullmatch(rf"{re.escape(label)}\s*:\s*", lines[n - 1])]
    if len(at) != 1:
        raise Manual(f"the label {label} is not found in {fn.name}() on a line of its own")
    if at[0] < goto:
        raise Manual(f"the label {label} comes before the goto: a jump back is left to the author")
    for ln in lines[at[0]:fn.end - 1]:
        t = ln.strip()
        if not t or re.fullmatch(r"[A-Za-z_]\w*\s*:", t):
            continue
        m = re.fullmatch(r"return\s+([^;]+?)\s*;", t)
        if m and re.fullmatch(r"-?[A-Za-z_]\w*|-?\d+", m.group(1)):
            return m.group(1)
        break
    raise Manual(f"{fn.name}() does more than return a value at {label}: the goto is what runs that code")


_ONLY_JUMPS = ("{label} is reached by its gotos alone (the statement above it does not fall through): "
               "with the last goto gone, the code after it would never run, and it does more than return; "
               "how the function ends is left to the author")
_NO_FALLTHROUGH = re.compile(r"(?:return\b|goto\s|break\s*;|continue\s*;)")


def reached_only_by_jumps(text: str, fn: Function, label_line: int) -> bool:
    """Whether the statement before the label on LABEL_LINE never falls through to it: a `return`,
    `goto`, `break` or `continue` at the indentation of the statement after the label.  Such a label
    is reached by its gotos alone: without them, what follows it is never run."""
    lines = mask(text).splitlines()
    after = next((ln for ln in lines[label_line:fn.end - 1]
                  if ln.strip() and not re.fullmatch(r"\s*\w+\s*:\s*", ln)), "")
    indent = E.indent_of(after)
    n = label_line - 1
    while n > fn.body_start and not lines[n - 1].strip():
        n -= 1
    if n <= fn.body_start or not lines[n - 1].rstrip().endswith(";"):
        return False
    while n > fn.body_start and len(E.indent_of(lines[n - 1])) > len(indent):
        n -= 1  # back to the first line of a statement continued over several lines
    ln = lines[n - 1]
    return E.indent_of(ln) == indent and bool(_NO_FALLTHROUGH.match(ln.strip()))


def _cases_edit(text: str, fn: Function, first: int, last: int, stated: str, header: str = ""
                ) -> tuple[list[str], list[str], str, str] | None:
    """(old lines, new lines, the value returned after the switch, the value each case returns) for the
    `return X;` within FIRST..LAST right after a switch (whose first line is HEADER, when given) that
    its cases break to; None when there is no such return, Manual when the switch does not qualify."""
    lines, m = text.splitlines(), mask(text).splitlines()
    found = [(n, r.group(1), sw) for n in range(first, last + 1) if fn.body_start < n < fn.end
             and (r := re.fullmatch(r"\s*return\s+([^;]+?)\s*;\s*", m[n - 1]))
             and (sw := _switch_closed_before(m, fn, n)) is not None
             and (not header or lines[sw[0] - 1].rstrip() == header.rstrip())]
    if len(found) != 1:
        return None
    ret, value, (head, close) = found[0]
    body = m[head:close - 1]
    case_indent = E.indent_of(m[head - 1]) + "\t"
    if any(re.search(r"\b(?:for|while|do|switch)\b", ln) or "{" in ln or "}" in ln for ln in body):
        raise Manual("a loop, a switch or a block inside the switch: which `break;` leaves the switch is "
                     "left to the author")
    breaks = [head + 1 + i for i, ln in enumerate(body) if re.search(r"\bbreak\s*;", ln)]
    if not breaks or any(m[n - 1] != case_indent + "break;" for n in breaks):
        raise Manual("the switch has no `break;` of its own, or one that is not a statement of its own")
    if not any(re.fullmatch(r"\s*default\s*:\s*", ln) for ln in body):
        raise Manual("the switch has no default: the return after it is still reached when no case matches")
    code = [ln for ln in body if ln.strip()]
    if not re.fullmatch(r"\s*(?:break|return\b[^;]*|goto\s+\w+)\s*;\s*", code[-1]):
        raise Manual("the last case of the switch runs on past it: the return after it is still reached")
    after = next((ln for ln in lines[ret:fn.end] if ln.strip()), "")
    lo = ret - 1 if not lines[ret - 2].strip() and after.strip().startswith("}") else ret
    returned = stated or value
    new = [case_indent + f"return {returned};" if n in breaks else lines[n - 1] for n in range(head, close + 1)]
    return lines[head - 1:ret], new + lines[close:lo - 1], value, returned


def _cases_done(text: str, p: ReturnDirectlyParams) -> bool:
    """Whether TEXT shows the switch of P (its first line P.old[0]) with its cases returning: no `break;`
    left in it, and no `return` of P's value right after it."""
    fn = function_named(text, p.function)
    if fn is None:
        return False
    lines, m = text.splitlines(), mask(text).splitlines()
    heads = [n for n in range(fn.body_start + 1, fn.end) if lines[n - 1].rstrip() == p.old[0].rstrip()]
    if len(heads) != 1:
        return False
    depth, close = 0, 0
    for n in range(heads[0], fn.end):
        depth += m[n - 1].count("{") - m[n - 1].count("}")
        if depth == 0:
            close = n
            break
    after = next((ln.strip() for ln in m[close:fn.end] if ln.strip()), "")
    return close > 0 and not any(re.search(r"\bbreak\s*;", ln) for ln in m[heads[0]:close - 1]) and \
        re.sub(r"\s+", " ", after) != f"return {p.variable};" and \
        any(ln.strip() == f"return {p.cases};" for ln in m[heads[0]:close - 1])


def _local_type(text: str, fn: Function, upto: int, v: str) -> str:
    """The type of V as FN declares it before line UPTO (`int i, ret;` counts), '' when not found."""
    for st in statements(text, fn.body_start + 1, upto):
        d = declaration(st.code)
        if d is None or d.array:
            continue
        if d.name == v:
            return norm(d.type)
        if not d.single and "*" not in d.type and re.search(rf",\s*{re.escape(v)}\s*[,;]", mask(st.code)):
            return norm(d.type)
    return ""


def _goto_edit(ctx: CodeContext, p: ReturnDirectlyParams, description: str) -> T.TextEdit:
    """The goto shape's edit on the text as it is now: the goto's lines replaced, and the label's line
    gone too when no other goto jumps there (from the goto's lines to the label's, as they read now)."""
    label = p.label
    fn = function_named(ctx.text, p.function)
    lines = ctx.text.splitlines()
    if fn is None:
        return T.replacing(ctx.path, p, description)
    m = mask(ctx.text).splitlines()
    jumps = [n for n in range(fn.body_start, fn.end) if re.match(rf"\s*goto\s+{re.escape(label)}\s*;", m[n - 1])]
    at = [n for n in range(fn.body_start, fn.end) if re.fullmatch(rf"{re.escape(label)}\s*:\s*", m[n - 1])]
    starts = [i + 1 for i in range(fn.body_start - 1, fn.end) if [x.rstrip() for x in lines[i:i + len(p.old)]]
              == [o.rstrip() for o in p.old]]
    if len(jumps) != 1 or len(at) != 1 or len(starts) != 1 or at[0] < starts[0]:
        return T.replacing(ctx.path, p, description)
    a, b = starts[0], starts[0] + len(p.old) - 1
    if reached_only_by_jumps(ctx.text, fn, at[0]):
        end = dead_label_end(m, fn, at[0])
        if not end:
            raise Manual(_ONLY_JUMPS.format(label=label))
        kept = lines[b:at[0] - 1]
        while kept and not kept[-1].strip():
            kept.pop()
        after = m[fn.body_start:a - 1] + list(p.new) + kept + m[end:fn.end - 1]
        if p.variable and not any(re.search(rf"(?<![\w.>]){re.escape(p.variable)}\b", ln) and
                                  declaration(ln.strip()) is None for ln in after):
            raise Manual(f"{label} is reached by its gotos alone: with the last goto gone, {label} and its "
                         f"return go, and {p.variable} would be left unused; whether its declaration goes too is "
                         "left to the author")
        return T.TextEdit(ctx.path, p.function, lines[a - 1:end], list(p.new) + kept, description,
                          drop_blank_after=False, line=a)
    old = lines[a - 1:at[0]]
    new = list(p.new) + lines[b:at[0] - 1]
    return T.TextEdit(ctx.path, p.function, old, new, description, drop_blank_after=False, line=a)


def dead_label_end(masked: list[str], fn: Function, label_line: int) -> int:
    """The line of the `return X;` that is all FN does after the label on LABEL_LINE up to its closing brace:
    once the label's last goto goes, the label and that return are dead code and go with it; 0 when the
    label's block is anything else."""
    rest = [n for n in range(label_line + 1, fn.end) if masked[n - 1].strip()]
    return rest[0] if len(rest) == 1 and re.fullmatch(r"\s*return\b[^;]*;\s*", masked[rest[0] - 1]) else 0


def in_block(masked: str, start: int) -> bool:
    """Whether the statement at offset START of MASKED is one of a block's statements (after `{`, `;`, `}`
    or a label), not the whole body of a braceless `if`, `else` or loop."""
    return masked[:start].rstrip()[-1:] in ("{", ";", "}", ":")


def block_statements(text: str, fn: Function, top: list[Stmt], masked: str, offsets: list[int]) -> list[Stmt]:
    """The statements of FN at every nesting level that are one of a block's statements: FN's own (TOP),
    and those inside braces; not the body of a braceless if, else or loop, whose return is outside it."""
    own = {(st.start, st.end) for st in top}
    return [st for st in all_statements(text, fn.body_start + 1, fn.end - 1)
            if (st.start, st.end) in own or in_block(masked, offsets[st.start - 1])]


@dataclass(frozen=True)
class ReturnDirectlyParams(InFunction):
    variable: str                # the local that only carried the value
    old: list[str]               # the lines from its declaration (or the assignment) to the return
    new: list[str]               # the same with the value returned directly
    label: str = ""              # the goto shape: the label jumped to, whose line goes with its last goto
    cases: str = ""              # the switch shape: what each case returns in place of its break


class ReturnDirectly(Recipe[ReturnDirectlyParams]):
    kind = "return-directly"
    # a statement sequence becomes one statement, like a helper call
    order = Phase.HELPER_CALLS
    is_text_edit = True
    # the reviewer's `return foo(args);` is this rewrite when it lines up with the quoted call
    supersedes = ("drop-variable", "remove-statements", "early-return", "replace-code")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ReturnDirectlyParams] | None:
        written = written_return(s)
        if written is not None:
            return self._written_plan(s, ctx, *written)
        sketch = sketched_return(s)
        if sketch is None and not asks(s.comment) and not E.reviewer_code(s) and \
                _IF_REDUNDANT.search(" ".join(s.comment.split())):
            fn = E.the_function(ctx, s)
            first, last = E.anchor_range(s, ctx, fn)
            whole = E.whole_quote_in(s, ctx.text, fn) or (first, last)
            return _checked_plan(self.kind, ctx.path, ctx.text, fn, min(first, whole[0]), max(last, whole[1]))
        if sketch is None and (not asks(s.comment) or E.reviewer_code(s)):
            return None
        if sketch is not None:
            fn = E.the_function(ctx, s)
            first, last = E.anchor_range(s, ctx, fn)
            return self._assigned_plan(s, ctx, fn, first, last, calling=sketch)
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        goto = _last_goto(ctx.text, first, last)
        if goto:
            return self._goto_plan(ctx, fn, goto)
        cases = self._cases_plan(s, ctx, fn, first, last)
        if cases is not None:
            return cases
        if last <= fn.body_start:
            # the function quoted whole comes narrowed to its header: the comment is about its body
            return self._assigned_plan(s, ctx, fn, fn.body_start, fn.end, whole=True)
        try:
            return self._assigned_plan(s, ctx, fn, first, last)
        except Manual:
            # the review stage may narrow the quote to its last line: the `if` above it is in the whole quote
            whole = E.whole_quote_in(s, ctx.text, fn) or (first, last)
            checked = _checked_plan(self.kind, ctx.path, ctx.text, fn, min(first, whole[0]), max(last, whole[1]))
            if checked is None:
                raise
            return checked

    def _written_plan(self, s: Suggestion, ctx: CodeContext, name: str,
                      code: str) -> Plan[ReturnDirectlyParams] | None:
        """The reviewer's `return foo(args);` for the quoted `v = foo(args); ... return ...;` shape: the
        plan when the call is the quoted one token for token; None otherwise (another call or other
        arguments are the reviewer's code as written, replace-code's business)."""
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        whole = E.whole_quote_in(s, ctx.text, fn)
        if whole is not None and whole[0] <= last <= whole[1]:
            first = min(first, whole[0])       # the quote narrowed to the return the code lines up with
            if E.function_body(E.reviewer_code(s)) != E.reviewer_code(s):
                last = whole[1]                # the function written whole: its body is what it returns
        try:
            plan = self._assigned_plan(s, ctx, fn, first, last, calling=name)
        except Manual:
            return None
        got = norm(mask("\n".join(plan.params.new))).split()
        want = norm(mask(code)).split()
        return plan if got[-len(want):] == want else None

    def _assigned_plan(self, s: Suggestion, ctx: CodeContext, fn: Function, first: int,
                       last: int, whole: bool = False, calling: str = "") -> Plan[ReturnDirectlyParams]:
        """`v = E; return v;` (or `if (v) return v; return 0;`) overlapping the quote, as `return E;`;
        CALLING: E must be a call of that function."""
        text = ctx.text
        lines = text.splitlines()
        m = mask(text)
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        body = statements(text, fn.body_start + 1, fn.end - 1)
        hits = []
        for st in block_statements(text, fn, body, m, offsets):
            a = re.match(r"\s*([A-Za-z_]\w*)\s*=(?!=)", mask(st.code))
            got = _shape(m[offsets[st.start - 1]:offsets[fn.end - 1]], a.group(1)) if a else None
            if a is None or got is None:
                continue
            stop = offsets[st.start - 1] + got.end()
            end_line = next(n for n in range(st.start, fn.end + 1) if offsets[n] >= stop)
            if st.start <= last and first <= end_line:      # the shape and the quote overlap
                hits.append((st, a.group(1), got))
        if not hits:
            raise Manual("the comment asks to return a value directly, but the quote holds no `v = E;` "
                         "followed by `return v;` or `if (v) return v; return 0;`")
        hits = _calling(hits, calling)
        called = set(E.named_identifiers(s.comment))
        pick = [h for h in hits if called & set(E.identifiers(h[2].group("e")))] or hits
        body_text = "\n".join(m.splitlines()[fn.body_start:fn.end])
        if whole and len(re.findall(r"\breturn\b", body_text)) > 1:
            raise Manual(f"{fn.name}() was quoted whole and returns in more than one place: which return "
                         "the comment means is not clear")
        st, v, got = pick[-1]
        start = offsets[st.start - 1]
        stop = start + got.end()
        end_line = next(n for n in range(st.start, fn.end + 1) if offsets[n] >= stop)
        region = "\n".join(lines[st.start - 1:end_line])
        if mask(region) != region:
            raise Manual("a comment or string among the statements would be lost")
        decls = [(d_st, declaration(d_st.code)) for d_st in body if d_st.start < st.start]
        mine = _declared(decls, v)
        if not mine:
            raise Manual(f"{v} is not a local of {fn.name}(): its type is not known")
        d_st, d = mine[-1]
        ret_type = _return_type(text, fn.start, fn.name)
        if norm(d.type) != ret_type:
            raise Manual(f"{v} is {d.type} but {fn.name}() returns {ret_type}: returning directly could "
                         "change the value")
        rest = m[offsets[fn.body_start - 1]:start] + m[stop:offsets[fn.end - 1]]
        others = len(re.findall(rf"(?<![\w.>]){re.escape(v)}\b", rest))
        drop_decl = others == 1                      # the declaration alone
        if drop_decl and (not d.single or d.array or d_st.start != d_st.end or
                          d.init is not None and re.search(r"[A-Za-z_]\w*\s*\(", mask(d.init))):
            raise Manual(f"{v} would be left unused, and its declaration cannot go on its own")
        indent = E.indent_of(lines[st.start - 1])
        value = lines[st.start - 1:end_line]
        value_lines = []
        for line in value:
            value_lines.append(line)
            if ";" in mask(line):
                break
        value_lines[0] = re.sub(rf"^\s*{re.escape(v)}\s*=\s*", "", value_lines[0])
        head_old = lines[st.start - 1]
        old_col = len(head_old[:head_old.index("=") + 1].expandtabs(8)) + 1
        new_col = len(indent.expandtabs(8)) + len("return ")
        delta = new_col - old_col
        returned = _moved(indent, value_lines, delta)
        lo = d_st.start if drop_decl else st.start
        middle = lines[lo:st.start - 1] if drop_decl else []
        if middle and not middle[0].strip() and lines[lo - 2].strip() == "{":
            middle = middle[1:]                      # the only declaration: its blank line goes too
        old = lines[lo - 1:end_line]
        new = middle + returned
        want = norm(mask("\n".join(middle))).split() + ["return"] + norm(got.group("e")).split() + [";"]
        if norm(mask("\n".join(new))).split() != want:
            raise Manual("returning directly would change more than the statements")
        return Plan(self.kind, slug=v, order=self.order, files=[ctx.path],
                    params=ReturnDirectlyParams(fn.name, variable=v, old=old, new=new),
                    summary=f"Return the value directly in {fn.name}()")

    def _cases_plan(self, s: Suggestion, ctx: CodeContext, fn: Function, first: int,
                    last: int) -> Plan[ReturnDirectlyParams] | None:
        """A quoted `return X;` after a switch whose cases break to it, as `return X;` in each case (see
        the module docstring); None when the quote holds no return right after a switch."""
        got = _cases_edit(ctx.text, fn, first, last, cases_return(s.response_text))
        if got is None:
            return None
        old, new, value, returned = got
        return Plan(self.kind, slug="cases", order=self.order, files=[ctx.path],
                    params=ReturnDirectlyParams(fn.name, variable=value, old=old, new=new, cases=returned),
                    summary=f"Return from every case of the switch in {fn.name}()")

    def _goto_plan(self, ctx: CodeContext, fn: Function, at: int) -> Plan[ReturnDirectlyParams]:
        """`v = E; goto L;` (or `goto L;` alone) on line AT, where L only returns, as `return E;`."""
        lines = ctx.text.splitlines()
        label = _GOTO.match(mask(lines[at - 1])).group(1)  # type: ignore[union-attr]
        returned = label_returns(ctx.text, fn, label, at)
        m = mask(ctx.text).splitlines()
        jumps = [n for n in range(fn.body_start, fn.end) if re.match(rf"\s*goto\s+{re.escape(label)}\s*;", m[n - 1])]
        targets = [n for n in range(fn.body_start, fn.end) if re.fullmatch(rf"{re.escape(label)}\s*:\s*", m[n - 1])]
        if len(jumps) == 1 and reached_only_by_jumps(ctx.text, fn, targets[0]) and \
                not dead_label_end(m, fn, targets[0]):
            raise Manual(_ONLY_JUMPS.format(label=label))
        v = returned if re.fullmatch(r"[a-z_]\w*", returned) else ""
        if v and sum(declared_names(st.code).count(v)
                     for st in all_statements(ctx.text, fn.body_start + 1, fn.end - 1)) > 1:
            raise Manual(f"{v} is declared again in a block of {fn.name}(): the {v} returned at {label} may not "
                         "be the one the goto sees")
        start, value = at, returned
        prev = mask(lines[at - 2]) if at - 2 > fn.body_start else ""
        assign = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*=(?!=)\s*([^;]+?)\s*;\s*", prev)
        if assign and E.indent_of(prev) != E.indent_of(lines[at - 1]):
            assign = None   # the body of an `if` above the goto, not a statement that always runs before it
        if assign and assign.group(1) == v:
            start, value = at - 1, assign.group(2).strip()
        elif assign and not v:
            raise Manual(f"the goto follows an assignment to {assign.group(1)}, but {label} returns {returned}")
        if v and value != v:
            if _local_type(ctx.text, fn, at, v) != _return_type(ctx.text, fn.start, fn.name):
                raise Manual(f"{v} is not a local of {fn.name}()'s return type: returning the value "
                             "directly could change it")
        indent = E.indent_of(lines[start - 1])
        old, new = lines[start - 1:at], [indent + f"return {value};"]
        head = lines[start - 2] if start - 2 >= fn.body_start else ""
        close = lines[at] if at < fn.end else ""
        if re.fullmatch(r"\s*(?:\}\s*else\s+)?if\s*\(.*\)\s*\{\s*", mask(head)) and close.strip() == "}" \
                and not head.lstrip().startswith("}"):
            # the block is left with the return alone: its braces go (no else: the line after is `}`)
            nxt = next((ln for ln in lines[at + 1:fn.end] if ln.strip()), "")
            if not nxt.lstrip().startswith("else"):
                old = [head] + old + [close]
                new = [head.rstrip()[:-1].rstrip()] + new
        plan = Plan(self.kind, slug=label, order=self.order, files=[ctx.path],
                    params=ReturnDirectlyParams(fn.name, variable=v, old=old, new=new, label=label),
                    summary=f"Return directly instead of jumping to {label} in {fn.name}()")
        _goto_edit(ctx, plan.params, plan.summary)          # Manual when the edit cannot be made
        return plan

    def text_edit(self, s: Suggestion, plan: Plan[ReturnDirectlyParams], ctx: CodeContext) -> T.TextEdit:
        p = plan.params
        fn = function_named(ctx.text, p.function) if p.cases else None
        if p.cases and fn is not None:
            # the switch as it reads now (other rules may have edited its cases)
            got = _cases_edit(ctx.text, fn, fn.body_start + 1, fn.end - 1, p.cases, header=p.old[0])
            if got is not None:
                return T.TextEdit(ctx.path, p.function, got[0], got[1], plan.summary, drop_blank_after=False)
        if plan.params.label:
            return _goto_edit(ctx, plan.params, plan.summary)
        return T.replacing(ctx.path, plan.params, plan.summary)

    def render(self, s: Suggestion, plan: Plan[ReturnDirectlyParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        v = plan.params.variable
        if plan.params.cases:
            notes = [f"Each `break;` of the switch becomes `return {plan.params.cases};` and the `return {v};` "
                     "after the switch goes" + ("" if plan.params.cases == v else
                                                " (the value every case returns, as the author's answer states)")
                     + "."]
            return R.text_edit_rule(f"Return from every case in {plan.params.function}()", s, te, notes)
        notes = [f"`{v} = E; if ({v}) return {v}; return 0;` and `{v} = E; return {v};` are `return E;`,",
                 f"`if ({v}) return {v}; return 0;` is `return {v};`;",
                 f"{v} goes when nothing else uses it."]
        return R.text_edit_rule(f"Return the value directly in {plan.params.function}()", s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[ReturnDirectlyParams], text: str) -> bool:
        if plan.params.cases:
            return _cases_done(text, plan.params)
        return T.replaced(text, plan.params)

    def verify(self, s: Suggestion, plan: Plan[ReturnDirectlyParams], before: str, after: str) -> str:
        if plan.params.cases:
            return "" if self.is_applied(s, plan, after) else "a case of the switch still breaks to the return"
        return "" if self.is_applied(s, plan, after) else "the value is still returned through a local"


RECIPE = ReturnDirectly()
