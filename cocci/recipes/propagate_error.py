"""Return the error a call gave instead of a constant one: "Don't override the error code, return ret.",
"Propagate the error from regmap_write() instead of -EIO.", or `return ret;` written under a quoted
`return -EINVAL;`.

Evidence: the comment asks to pass the error on (propagate it, return it, not override, overwrite,
shadow or mask it), says to return V ("Why not return ret?"), or is exactly the reviewer's `return V;`;
and the quoted lines hold one `return
-ECONST;` whose enclosing `if` tests one error value: `if (V)`, `if (V < 0)`, `if (V != 0)` (with
`unlikely()` around it or not) for a local V, or `if (IS_ERR(P))` (the return becomes `return
PTR_ERR(P);`).  Written code that returns something else, a condition that tests anything more, or a
return that is not that `if`'s own statement is manual or not this recipe's.  Only the return line
changes (a print above it stays).  Words that reach every return of the quote ("all of these", "these
returns"; "both" for exactly two) change each of the whole quote's returns when each is such a return.
A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import operand_type
from patches.ctext import Function, all_statements, mask, norm
from patches.model import Suggestion

_ASKS = re.compile(r"\bpropagat\w*|\b(?:don'?t|do\s+not|never|shouldn'?t|should\s+not|why)\s+(?:\w+\s+){0,2}?"
                   r"(?:override|overwrite|shadow|mask|clobber|replace|change|hide|lose)\w*\s+(?:the\s+|this\s+)?"
                   r"(?:error|return|err|ret)\w*|\bpass\s+(?:the\s+|this\s+)?(?:error|err)\w*\s+(?:on|up|through)\b|"
                   r"\breturn\s+(?:the\s+)?(?:actual\s+|real\s+|original\s+)?(?:error|error\s+code|errno)\b|"
                   r"\bkeep\s+(?:the\s+)?(?:original\s+)?error\b", re.I)
_RETURN_CONST = re.compile(r"^\s*return\s+(-\s*E[A-Z0-9]+)\s*;\s*$")
# what an error code is held in: a signed integer (an unsigned status, a bool or a count of bits is no errno)
_ERRNO_TYPES = re.compile(r"(?:const\s+)?(?:(?:signed\s+)?(?:int|long|long\s+int|long\s+long|short)|"
                          r"s(?:8|16|32|64)|__s(?:8|16|32|64)|ssize_t|loff_t|blk_status_t|vm_fault_t)")
_TESTS = (r"(?P<v>[A-Za-z_]\w*)", r"(?P<v>[A-Za-z_]\w*)\s*<\s*0", r"(?P<v>[A-Za-z_]\w*)\s*!=\s*0",
          r"IS_ERR\s*\(\s*(?P<p>[^()]+?)\s*\)")


@dataclass(frozen=True)
class PropagateErrorParams(InFunction):
    old: list[str]               # the return line as it is
    new: list[str]               # the same returning the error
    line: int                    # where it is


def tested_error(condition: str) -> str | None:
    """What an `if` on CONDITION (masked, outer parentheses gone) returns to pass the error on: `V` for a
    test of V's sign or truth, `PTR_ERR(P)` for `IS_ERR(P)`; None for any other condition."""
    c = condition.strip()
    m = re.fullmatch(r"unlikely\s*\((.*)\)", c)
    c = m.group(1).strip() if m else c
    for test in _TESTS:
        m = re.fullmatch(test, c)
        if m:
            return m.group("v") if "v" in m.groupdict() else f"PTR_ERR({m.group('p').strip()})"
    return None


def _condition(masked_stmt: str) -> str | None:
    """The condition of the `if` that MASKED_STMT begins with, None when it is no if."""
    m = re.match(r"\s*if\s*\(", masked_stmt)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(masked_stmt) and depth:
        depth += (masked_stmt[i] == "(") - (masked_stmt[i] == ")")
        i += 1
    return masked_stmt[m.end():i - 1] if depth == 0 else None


def _if_of(text: str, fn: Function, line: int) -> tuple[int, int, str] | None:
    """(the line the `if` begins on, the line its condition ends on, the condition) of the innermost `if`
    whose own body the return on LINE is (the statement alone, or the last of its braced block), None when
    it is none."""
    stmts = [st for st in all_statements(text, fn.body_start + 1, fn.end - 1)
             if st.start < line <= st.end and re.match(r"\s*if\b", mask(st.code))]
    if not stmts:
        return None
    st = max(stmts, key=lambda x: x.start)
    m = mask(st.code)
    if re.search(r"\belse\b", m):
        return None
    cond = _condition(m)
    return None if cond is None else (st.start, st.start + m[:m.index(cond) + len(cond)].count("\n"), cond)


def _error_holder(ctx: CodeContext, fn: Function, value: str, cond_line: int, line: int) -> str:
    """Why VALUE, tested by the `if` whose condition ends on COND_LINE, is not the error to return on LINE
    ('' when it is): a type that holds no errno, or an assignment to it between the test and the return."""
    if value.startswith("PTR_ERR("):
        return ""
    typ = " ".join((operand_type(ctx.text, fn, value, [ctx.text, *ctx.files.values()]) or "").split())
    if not _ERRNO_TYPES.fullmatch(typ):
        return (f"{value} is {typ or 'of a type respin cannot read'}, not a signed integer: whether it holds an "
                "error code to return is for the author")
    m = mask(ctx.text).splitlines()
    set_again = re.compile(rf"(?<![\w.>]){re.escape(value)}\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|&\s*{re.escape(value)}\b")
    if any(set_again.search(m[n - 1]) for n in range(cond_line + 1, line)):
        return f"{value} is set again between its test and the return: which error to pass on is for the author"
    return ""


# calls whose value is no error code: a count of bytes left, a truth
_NO_ERRNO = re.compile(r"(?:__)?(?:copy_(?:to|from)_user|clear_user|strncpy_from_user)\w*|"
                       r"\w*(?:^|_)(?:is|has|can|test|was|should|need|needs)(?:_\w*|$)")
_HOLDERS = ("ret", "err", "error", "rc", "retval", "status")


def _call_test(condition: str) -> tuple[str, str] | None:
    """(the call's name, the test after it) of a condition (masked) that tests one call's value alone:
    `kstrtouint(buf, 0, &v)`, `foo(x) < 0`, `foo(x) != 0` (`unlikely()` aside); None for any other."""
    c = condition.strip()
    m = re.fullmatch(r"unlikely\s*\((.*)\)", c)
    c = m.group(1).strip() if m else c
    m = re.fullmatch(r"([A-Za-z_]\w*)\s*(\(.*\))\s*(<\s*0|!=\s*0)?", c)
    if not m:
        return None
    depth = 0
    for i, ch in enumerate(m.group(2)):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(m.group(2)) - 1:
            return None         # `foo(a) && bar(b)`: more than one call's value
    return m.group(1), " ".join((m.group(3) or "").split())


def _set_on_every_path(m: list[str], h: str, indent: str, line: int, first_write: int) -> str:
    """Why H, set again first on line FIRST_WRITE (1-based, of the masked lines M) after the tested `if` whose
    return is on LINE, may still be read with the call's value kept in it: a goto before that line jumps to a
    label that may read it (`int ret = count; ... if (x == y) goto exit; ... exit: return ret;`), and a write
    nested deeper than the `if` (at INDENT) runs on some paths only.  '' when neither."""
    jump = next((n for n in range(line + 1, first_write) if re.search(r"\bgoto\b", m[n - 1])), 0)
    if jump:
        return (f"the goto on line {jump} leaves before {h} is set again: keeping the call's value in {h} "
                "would change what is read after its label")
    depth = len(m[first_write - 1].expandtabs(8)) - len(m[first_write - 1].expandtabs(8).lstrip())
    if first_write < len(m) and re.search(rf"(?<![\w.>]){h}\b", m[first_write - 1]) and \
            depth > len(indent.expandtabs(8)):
        return (f"{h} is set again on line {first_write} only on some paths: keeping the call's value in it "
                "would change what is read where it is not")
    return ""


def _held(s: Suggestion, ctx: CodeContext, fn: Function, lines: tuple[list[str], list[str]], tested: tuple[int, int],
          line: int, written: str, prose: bool) -> Plan[PropagateErrorParams] | None:
    """`if (foo(x)) return -EINVAL;` -> `ret = foo(x); if (ret) return ret;`: the call's value kept in the
    function's one local that holds error codes (ret, err, ...), tested and returned.  None when the
    comment does not ask it of that local; Manual when it cannot be done surely.  LINES: the file's lines and
    their masked form; TESTED: the lines the `if` begins on and its condition ends on."""
    src, m = lines
    start, cond_line = tested
    body = mask("\n".join(src[fn.body_start - 1:fn.end]))
    holders = [h for h in _HOLDERS if re.search(rf"(?<![\w.>]){h}\b", body) and
               _ERRNO_TYPES.fullmatch(" ".join((operand_type(ctx.text, fn, h, [ctx.text]) or "").split()))]
    comment = " ".join(s.comment.split())
    if not prose and not any(written == h or re.search(rf"\breturn(?:ing)?\s+{h}\b", comment) for h in holders):
        return None
    head = re.fullmatch(r"(\s*)if\s*\((.*)\)(\s*\{?)\s*", m[start - 1])     # strings blanked: positions kept
    called = _call_test(head.group(2)) if head and start == cond_line else None
    if head is None or called is None:
        raise Manual("the quoted `if` tests a call's value over several lines: keeping it in a local is for the "
                     "author")
    if _NO_ERRNO.fullmatch(called[0]):
        raise Manual(f"{called[0]}() gives no error code (a count or a truth value): what to return is for the "
                     "author")
    if len(holders) != 1:
        raise Manual(f"{fn.name}() has {'no' if not holders else 'more than one'} local that holds an error code "
                     f"({', '.join(holders) or 'ret, err'}): where to keep {called[0]}()'s is for the author")
    h = holders[0]
    later = [n for n in range(line + 1, fn.end) if re.search(rf"(?<![\w.>]){h}\b", m[n - 1])]
    if later and not re.search(rf"(?<![\w.>]){h}\s*=(?!=)", m[later[0] - 1]):
        raise Manual(f"{h} is read on line {later[0]} before it is set again: keeping {called[0]}()'s value in "
                     "it would change what that line sees")
    why = _set_on_every_path(m, h, head.group(1), line, later[0] if later else fn.end)
    if why:
        raise Manual(why)
    if any(re.search(rf"(?<![\w.>]){h}\b", m[n - 1]) for n in range(start, line + 1)):
        return None
    indent, call = head.group(1), src[start - 1][head.start(2):head.end(2)].strip()
    call = re.sub(r"^unlikely\s*\((.*)\)$", r"\1", call).strip()
    call = re.sub(r"\s*(?:<\s*0|!=\s*0)$", "", call) if called[1] else call
    assign = f"{indent}{h} = {call};"
    if len(assign.expandtabs(8)) > 80:
        raise Manual(f"`{h} = {call};` would pass 80 columns: how to wrap it is for the author")
    test = f"{h} {called[1]}" if called[1] else h
    test = f"unlikely({test})" if re.match(r"unlikely\s*\(", head.group(2).strip()) else test
    const = _RETURN_CONST.match(m[line - 1])
    assert const is not None
    new = [assign, f"{indent}if ({test}){head.group(3)}", *src[start:line - 1],
           src[line - 1].replace(src[line - 1].strip(), f"return {h};", 1)]
    return Plan(PropagateError.kind, slug=h, order=Phase.CALLS, files=[ctx.path],
                params=PropagateErrorParams(fn.name, old=src[start - 1:line], new=new, line=start),
                summary=f"Return the error {called[0]}() gives instead of {norm(const.group(1)).replace(' ', '')} "
                        f"in {fn.name}()")


def _written(s: Suggestion) -> str | None:
    """The value of the one `return V;` the reviewer wrote as all their code, None for other code, '' for none."""
    code = [c.strip() for c in E.reviewer_code(s) if c.strip()]
    if not code:
        return ""
    m = re.fullmatch(r"return\s+(.+?)\s*;", " ".join(code))
    return m.group(1) if m else None


def _passed_on(ctx: CodeContext, fn: Function, line: int, written: str) -> str | None:
    """What the return of a constant error on LINE passes on instead (`V`, `PTR_ERR(P)`): the error its
    `if` tests, held where an errno is and not set again before the return, and the one WRITTEN when the
    reviewer wrote one; None when any of that fails."""
    tested = _if_of(ctx.text, fn, line)
    value = tested_error(tested[2]) if tested is not None else None
    if value is None or tested is None or written and norm(written) != norm(value) or \
            _error_holder(ctx, fn, value, tested[1], line):
        return None
    return value


def _every_return(s: Suggestion, ctx: CodeContext, fn: Function, written: str,
                  lines: tuple[list[str], list[str]]) -> Plan[PropagateErrorParams] | None:
    """The plan for every return of a constant error the whole quote holds, when the comment reaches them
    all ("all of these", "these returns", "both": exactly two) and each passes on the error its `if` tests;
    None otherwise (the one right above the comment is then the comment's, and the others are named)."""
    words = E.more_places(s.comment)
    whole = E.whole_quote_in(s, ctx.text, fn) if words else None
    if whole is None:
        return None
    src, m = lines
    returns = [n for n in range(whole[0], whole[1] + 1) if _RETURN_CONST.match(m[n - 1])]
    values = [_passed_on(ctx, fn, n, written) for n in returns]
    if len(returns) < 2 or E.two_places(s.comment) and len(returns) != 2 or None in values:
        return None
    new = list(src[returns[0] - 1:returns[-1]])
    for n, value in zip(returns, values, strict=True):
        new[n - returns[0]] = src[n - 1].replace(src[n - 1].strip(), f"return {value};", 1)
    shown = sorted({norm(c.group(1)).replace(" ", "") for n in returns if (c := _RETURN_CONST.match(m[n - 1]))})
    told = sorted({str(v) for v in values})
    return Plan(PropagateError.kind, slug=told[0].lower().replace("(", "-").strip(")"), order=Phase.CALLS,
                files=[ctx.path], params=PropagateErrorParams(fn.name, old=src[returns[0] - 1:returns[-1]], new=new,
                                                              line=returns[0]),
                summary=f"Return {' and '.join(told)} instead of {' and '.join(shown)} in {fn.name}() "
                        f"({len(returns)} places)")


class PropagateError(LinesEdit[PropagateErrorParams]):
    kind = "propagate-error"
    order = Phase.CALLS
    supersedes = ("replace-code", "replace-expression", "return-directly")
    changed = "the quoted return"
    notes = ("The return of the quoted `if` passes on the error it tests; a verified text "
             "edit of that one line.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[PropagateErrorParams] | None:
        written = _written(s)
        comment = " ".join(s.comment.split())
        prose = _ASKS.search(comment) is not None
        named = re.search(r"\breturn(?:ing)?\s+[A-Za-z_]\w*", comment) is not None     # "Why not return ret?"
        if written is None or not written and not prose and not named or not ctx.text:
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        every = _every_return(s, ctx, fn, written, (src, m))
        if every is not None:
            return every
        returns = [n for n in range(first, last + 1) if _RETURN_CONST.match(m[n - 1])]
        if len(returns) != 1:
            return None
        line = returns[0]
        tested = _if_of(ctx.text, fn, line)
        value = tested_error(tested[2]) if tested is not None else None
        if value is None and tested is not None and _call_test(tested[2]) is not None:
            return _held(s, ctx, fn, (src, m), tested[:2], line, written, prose)
        if value is None or tested is None:
            raise Manual("the quoted return of a constant error is not the body of an `if` that tests one error "
                         "value (`if (ret)`, `if (ret < 0)`, `if (IS_ERR(p))`): which error to pass on is for "
                         "the author")
        if written and norm(written) != norm(value):
            return None             # other code: replace-code's
        if not written and not prose and \
                not re.search(rf"\breturn(?:ing)?\s+(?:the\s+)?{re.escape(value)}(?![\w(])", comment):
            return None             # "return 0 here": another value
        why = _error_holder(ctx, fn, value, tested[1], line)
        if why:
            raise Manual(why)
        const = _RETURN_CONST.match(m[line - 1])
        assert const is not None
        new = src[line - 1].replace(src[line - 1].strip(), f"return {value};", 1)
        return Plan(self.kind, slug=value.lower().replace("(", "-").strip(")"), order=self.order, files=[ctx.path],
                    params=PropagateErrorParams(fn.name, old=[src[line - 1]], new=[new], line=line),
                    summary=f"Return {value} instead of {norm(const.group(1)).replace(' ', '')} in {fn.name}()")



RECIPE = PropagateError()
