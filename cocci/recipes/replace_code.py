"""Replace quoted code with the code the reviewer wrote right under it.

Evidence: C lines in the comment (not a `/* comment */`), and a quoted statement
nearest to the comment that they plausibly replace (same macro or function
called, same variable assigned, or most names shared).  The reviewer may also
write the change as a small diff (`-old` / `+new` lines: the `-` lines say which
statements) or as `s/old/new/` (done on the nearest quoted statement that has
`old`, token by token).  Statements inside blocks count as well.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cocci import render as R
from patches.ctext import Function, closing, function_named, mask, norm, token_spans, tokens
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _calls as C
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from cocci.recipes.drop_unused_local import RECIPE as DROP_UNUSED
from cocci.recipes.drop_unused_local import only_set_after, unused_after
from patches.model import Suggestion


_SUBST = re.compile(r"^s/((?:[^/\\]|\\.)+)/((?:[^/\\]|\\.)*)/(g?)$")


def _diff_sides(code: list[str]) -> tuple[list[str], list[str]] | None:
    """(old, new) of reviewer code written as a small diff: `-old` / `+new` lines (other lines are
    context, on both sides); None when it is not one."""
    marked = [c for c in code if c[:1] in "+-" and c[:2] not in ("++", "--")]
    if not any(c.startswith("-") for c in marked) or not any(c.startswith("+") for c in marked):
        return None
    old = [c[1:].strip() if c[:1] in "+-" else c.strip() for c in code if not c.startswith("+")]
    new = [c[1:].strip() if c[:1] in "+-" else c.strip() for c in code if not c.startswith("-")]
    return [o for o in old if o], [n for n in new if n]


def _diff_insertion(s: Suggestion, ctx: CodeContext, fn: Function, first: int, last: int,
                    code: list[str]) -> tuple[list[E.Stmt], list[str], bool] | None:
    """(the statement, it with the new lines, True) for a small diff that only adds (`+` lines with a
    context line right after them, the first line of a statement, or right before them, the last
    line of one): the lines go in before or after that statement, which stays as it is.  None when
    the diff is no such thing; Manual when the context line is not one statement of FN."""
    marked = [i for i, c in enumerate(code) if c[:1] in "+-" and c[:2] not in ("++", "--")]
    if not marked or any(code[i].startswith("-") for i in marked) or \
            marked != list(range(marked[0], marked[-1] + 1)):
        return None
    after = code[marked[-1] + 1].strip() if marked[-1] + 1 < len(code) else ""
    before = code[marked[0] - 1].strip() if marked[0] > 0 else ""
    if not after and not before:
        return None
    stmts = E.all_statements(ctx.text, fn.body_start + 1, fn.end - 1)
    key = norm(mask(after or before))
    hits = [st for st in stmts if norm(mask(st.lines[0] if after else st.lines[-1])) == key]
    hits = [st for st in hits if first <= st.start <= last or first <= st.end <= last] or hits
    if len(hits) != 1:
        raise Manual(f"the context line of the reviewer's diff, `{after or before}`, is "
                     f"{'no statement' if not hits else 'several statements'} of {fn.name}()")
    st = hits[0]
    plus = [code[i][1:] for i in marked]
    lines = [p.strip() for p in plus if p.strip()]
    _names_exist("\n".join(lines), ctx, fn)
    indent = E.indent_of(st.lines[0])
    if all(p.startswith(indent) for p in plus if p.strip()) and E.indent_of(lines and plus[0] or "") == indent:
        new = [p.rstrip() for p in plus]
    else:
        new = CD.indent_written([p for p in plus if p.strip()], lines, indent) or CD.indent_flush(lines, indent)
    return [st], (new + list(st.lines) if after else list(st.lines) + new), True


def _diff_marked(code: list[str], marker: str) -> bool:
    """Whether every line of CODE is a diff line with MARKER (`+` or `-`), none `++`/`--` C."""
    return bool(code) and all(c[:1] == marker and c[:2] != marker * 2 for c in code)


def _diff_core(code: list[str]) -> tuple[list[str], list[str]] | None:
    """(old, new) of a small diff's `-` and `+` lines alone, when they stand together (one change, its
    context lines around it); None otherwise."""
    marked = [i for i, c in enumerate(code) if c[:1] in "+-" and c[:2] not in ("++", "--")]
    if not marked or marked != list(range(marked[0], marked[-1] + 1)):
        return None
    old = [code[i][1:].strip() for i in marked if code[i].startswith("-")]
    new = [code[i][1:].strip() for i in marked if code[i].startswith("+")]
    return ([o for o in old if o], [n for n in new if n]) if old else None


def _statement_runs(text: str, stmts: list[E.Stmt], old: list[str]) -> list[list[E.Stmt]]:
    """The runs of statements of STMTS (one after the other, in one block) whose code, masked, is the
    lines OLD."""
    want = norm(mask("\n".join(old)))
    hits = []
    for i, st in enumerate(stmts):
        window = [st]
        for nxt in stmts[i + 1:]:
            if norm(mask("\n".join(x.code for x in window))) == want or len(window) >= len(old):
                break
            if nxt.start > window[-1].end:
                if CD.depth_at(text, nxt.start) != CD.depth_at(text, st.start):
                    break           # the next statement is in another block: no run to replace as one
                window.append(nxt)
        if norm(mask("\n".join(x.code for x in window))) == want:
            hits.append(window)
    return hits


def _substitute(line_text: str, pat: str, rep: str, every: bool) -> str | None:
    """LINE_TEXT with `s/PAT/REP/` done token-wise (whitespace inside PAT does not matter)."""
    toks = tokens(pat.replace("\\/", "/"))
    if not toks:
        return None
    rx = r"\s*".join(re.escape(t) for t in toks)
    if re.match(r"\w", toks[0]):
        rx = r"(?<![\w])" + rx
    if re.match(r"\w", toks[-1][-1]):
        rx += r"(?![\w])"
    new, n = re.subn(rx, lambda _: rep.replace("\\/", "/"), line_text, count=0 if every else 1)
    return new if n else None


def reviewer_edit(s: Suggestion, ctx: CodeContext, fn: Function, first: int,
                  last: int) -> tuple[list[E.Stmt], list[str], bool] | None:
    """(statements, new lines, lines are indented as they stand) when the reviewer wrote the change as a
    small diff (`-old` / `+new`) or as `s/old/new/` over the quoted code; None otherwise."""
    code = E.reviewer_code(s)
    added = _diff_insertion(s, ctx, fn, first, last, code)
    if added is not None:
        return added
    if _diff_marked(code, "+"):
        raise Manual("the reviewer's diff only adds lines, with no context line to say where they go: "
                     "what they replace, if anything, is for the author")
    sides = _diff_sides(code)
    if sides is not None:
        old, new = sides
        stmts = E.all_statements(ctx.text, fn.body_start, fn.end)
        hits = _statement_runs(ctx.text, stmts, old)
        core = _diff_core(code)
        if not hits and core is not None:
            # the context lines are part of statements (`if (ret) {` above a changed call): the `-`
            # lines alone say which statements change
            old, new = core
            hits = _statement_runs(ctx.text, stmts, old)
        inside = [w for w in hits if first <= w[0].start <= last] or hits
        if len(inside) != 1:
            raise Manual(f"the '-' lines of the reviewer's diff are "
                         f"{'not, one after the other in one block,' if not inside else 'several times'} "
                         f"in {fn.name}()" + ("" if not inside else ": ambiguous"))
        return inside[0], new, False
    subs = [m for c in code if (m := _SUBST.match(c.strip()))]
    if not subs or len(subs) != len(code):
        return None
    locals_ = E.local_names(ctx.text, fn)
    renamed = [m.group(1) for m in subs if m.group(1) in locals_]
    if renamed:
        raise Manual(f"s/{renamed[0]}/.../ renames a variable of {fn.name}(): its declaration and every use "
                     "change, not only the quoted line; rename it by hand")
    labels = [m.group(1) for m in subs if m.group(1) in E.label_names(ctx.text, fn)]
    if labels:
        raise Manual(f"s/{labels[0]}/.../ renames a goto label of {fn.name}(): the label and every goto to it "
                     "change, not only the quoted line")
    masked = mask(ctx.text).splitlines()[first - 1:last]
    if not any(_substitute(ln, m.group(1), m.group(2), True) is not None for ln in masked for m in subs):
        return None             # only text of strings and comments changes: replace-text's s///
    quoted = E.all_statements(ctx.text, first, last)
    for st in reversed(quoted):                       # nearest to the comment first
        lines = list(st.lines)
        changed = False
        for m in subs:
            out = []
            for ln in lines:
                new_ln = _substitute(ln, m.group(1), m.group(2), bool(m.group(3)))
                out.append(new_ln if new_ln is not None and (m.group(3) or not changed) else ln)
                changed = changed or new_ln is not None
            lines = out
        if changed and lines != list(st.lines):
            inner = [x for x in quoted if x is not st and st.start <= x.start and x.end <= st.end]
            if inner:
                continue                              # a block: take the statement inside it
            return [st], lines, True
    return None


def _substitutions(s: Suggestion) -> list[re.Match[str]]:
    code = E.reviewer_code(s)
    subs = [m for c in code if (m := _SUBST.match(c.strip()))]
    return subs if subs and len(subs) == len(code) else []


def _bare_head(lines: list[str]) -> bool:
    """Whether LINES are the head of an `if`/`while`/`for`/`switch` alone, without the statement it
    governs."""
    m = norm(mask("\n".join(lines)))
    head = re.match(r"(?:if|while|for|switch)\s*\(", m)
    return head is not None and closing(m, head.end() - 1) == len(m) - 1


def _is_expression(text: str) -> bool:
    t = text.replace("\\/", "/")
    if not t.strip() or re.search(r"[;{}]", t):
        return False
    depth = 0
    for c in mask(t):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def line_substitution(s: Suggestion, ctx: CodeContext, fn: Function, first: int,
                      last: int) -> tuple[int, str, list[tuple[str, str]]] | None:
    """(line, new line, [(old, new) expressions]) when the reviewer's s/old/new/ rewrites an expression
    on a quoted line that is no whole statement (`if (inode == NULL) {`, the head of a block): the
    nearest such line to the comment; None when the s/// is not over expressions of one quoted line."""
    subs = _substitutions(s)
    if not subs or not all(_is_expression(m.group(1)) and _is_expression(m.group(2)) for m in subs):
        return None
    src = ctx.text.splitlines()
    for no in range(last, first - 1, -1):
        ln = src[no - 1]
        new = ln
        for m in subs:
            if _substitute(mask(new), m.group(1), m.group(2), False) is None:
                continue                # in a comment or a string only: a text edit's, no expression
            got = _substitute(new, m.group(1), m.group(2), bool(m.group(3)))
            new = got if got is not None else new
        if new != ln:
            return no, new, [(m.group(1).replace("\\/", "/"), m.group(2).replace("\\/", "/")) for m in subs]
    return None


def _not_enabling_again(text: str, fn: Function, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code for W (a run of quoted statements) gets a value enabled while the
    function still enables it itself."""
    enabling = _enables_again(text, fn, w.start, w.end, w.code, new_text)
    if enabling:
        raise Manual(enabling)


def _not_doubling(text: str, fn: Function, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code for W writes a statement the function has outside W again: the
    code shows an order (a reorder, often with `...` for the rest), and taken for W it would run that
    statement twice and lose one of W's."""
    lines = new_text.splitlines()
    stmts = [st for st in E.all_statements(new_text, 1, len(lines)) if st.norm.endswith(";")]
    written = Counter(st.norm for st in stmts)
    outside = Counter(st.norm for st in E.all_statements(text, fn.body_start + 1, fn.end - 1)
                      if st.end < w.start or st.start > w.end)
    inside = Counter(st.norm for st in E.all_statements(text, w.start, w.end))
    again = [k for k, n in written.items() if outside[k] and n > inside[k]]
    if again:
        shown = " ".join(next(st for st in stmts if st.norm == again[0]).code.split())
        raise Manual(f"the reviewer's code writes `{shown}` again, which the function has outside the lines it "
                     "lines up with: it shows another order of the statements, which is for the author")


def _not_shifted(text: str, fn: Function, lo: int, hi: int, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code lines up better with statements the quote cuts (see _shifted_better)."""
    shifted = _shifted_better(text, fn, lo, hi, w, new_text)
    if shifted is not None:
        raise Manual(f"the reviewer's code lines up better with `{shifted.stmts[0].lines[0].strip()}` (line "
                     f"{shifted.start}) and the statements after it, which the quote cuts: which lines it "
                     "is for is left to the author")


def _not_leaving_loop(text: str, lo: int, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code would become the body of a quoted loop it does not step through."""
    around = CD.loop_left_behind(text, lo, w, new_text)
    if around:
        loop, steps = around
        raise Manual(f"the reviewer's code reads none of {', '.join(sorted(steps))}, which the quoted loop "
                     f"`{loop.lines[0].strip()}` (line {loop.start}) steps through and its body reads: it may "
                     "stand for the whole loop rather than its body; left to the author")


def _shifted_better(text: str, fn: Function, lo: int, hi: int, w: CD.Window, new_text: str) -> CD.Window | None:
    """As many statements as W (and the reviewer's code), one after the other in its block, partly outside
    the quote (lines LO..HI), that the reviewer's code lines up with better than with W (`reg &= ~M; reg
    |= FIELD_PREP(M, v);` under `reg |= v << 6; err = write(reg);`, with `reg &= ~0xc0;` above the quote);
    None when there is none."""
    n = len(w.stmts)
    first = E.statements(new_text, 1, len(new_text.splitlines()))
    run = next((r for r in CD.sibling_runs(text, fn.body_start + 1, fn.end - 1) if w.stmts[0] in r), [])
    if n < 2 or n != len(first) or not run:
        return None         # statement for statement only (not a window that folds several into one)
    at, here = run.index(w.stmts[0]), CD.ratio(w.code, new_text)
    for k in range(max(0, at - n + 1), min(len(run) - n, at + n - 1) + 1):
        other = CD.Window(tuple(run[k:k + n]))
        if k != at and (other.start < lo or other.end > hi) and CD.ratio(other.code, new_text) > here and \
                CD.compatible(other.stmts[0].code, first[0].code):
            return other
    return None


def _through_return(text: str, fn: Function, hi: int, w: CD.Window, new_text: str) -> CD.Window:
    """W grown to the statements after it in its block when the reviewer's code ends in a `return` (`x &=
    ~M; return write(x);` under `x = x & ~M; write(x); return 0;`): nothing after the return would run, so
    the code stands for them too.  Manual when one of them lies below the quote (line HI)."""
    written = E.statements(new_text, 1, len(new_text.splitlines()))
    if not written or CD.head(written[-1].code) != "return":
        return w
    run = next((r for r in CD.sibling_runs(text, fn.body_start + 1, fn.end - 1) if w.stmts[-1] in r), [])
    rest = run[run.index(w.stmts[-1]) + 1:] if run else []
    labelled = next((i for i, st in enumerate(rest) if re.match(r"\s*[A-Za-z_]\w*\s*:", mask(st.lines[0]))),
                    len(rest))
    rest = rest[:labelled]          # a `goto` reaches the statements from a label on
    if not rest:
        return w
    if rest[-1].end > hi:
        raise Manual(f"the reviewer's code ends in a return, and `{' '.join(rest[0].code.split())}` after the "
                     "lines it lines up with would never run: what becomes of it is for the author")
    return CD.Window(w.stmts + tuple(rest))


_BARE_CALL = re.compile(r"^[A-Za-z_][\w.>-]*\s*\(.*\)\s*;$")


def _not_calling_twice(text: str, fn: Function, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code makes, inside one of its statements, the call that the statement
    right above or right below W makes alone (`f(x);` over `return ret;`, under `return f(x), ret;`):
    with W replaced alone the call would run twice; folding the two is for the author."""
    stmts = E.all_statements(text, fn.body_start + 1, fn.end - 1)
    before = [st for st in stmts if st.end < w.start]
    after = [st for st in stmts if st.start > w.end]
    near = ([max(before, key=lambda st: (st.end, -st.start))] if before else []) + \
        ([min(after, key=lambda st: (st.start, -st.end))] if after else [])
    new_toks, old_toks = tokens(mask(new_text)), tokens(mask(w.code))
    written = {st.norm for st in E.all_statements(new_text, 1, len(new_text.splitlines()))}
    for st in near:
        if not _BARE_CALL.match(st.norm) or st.norm in written:
            continue
        call = tokens(mask(st.code))[:-1]
        if _runs(new_toks, call) > _runs(old_toks, call):
            raise Manual(f"the reviewer's code makes the call `{' '.join(st.code.split()).rstrip(';')}` that the "
                         f"statement next to the lines it lines up with makes: replacing those lines alone would "
                         "make it twice; folding the two is for the author")


def _runs(hay: list[str], needle: list[str]) -> int:
    """How many times the tokens NEEDLE stand in a row in HAY."""
    return sum(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1)) if needle else 0


def _not_printing_twice(text: str, fn: Function, w: CD.Window, new_text: str) -> None:
    """Manual when the reviewer's code calls a helper that prints the error (dev_err_probe()) in place of
    quoted statements right after, or right before, a print of the same family that it leaves: both
    would print."""
    helpers = [h for h in C.ERR_PROBE if re.search(rf"\b{h}\s*\(", mask(new_text))]
    if not helpers or any(re.search(rf"\b(?:{'|'.join(C.ERR_PROBE[h])})\s*\(", mask(w.code)) for h in helpers):
        return
    stmts = E.all_statements(text, fn.body_start + 1, fn.end - 1)
    src = text.splitlines()
    before = sorted((st for st in stmts if st.end < w.start), key=lambda st: (st.end, -st.start))
    after = sorted((st for st in stmts if st.start > w.end), key=lambda st: (st.start, -st.end))
    near = []
    if before and (before[-1].end == w.start - 1 or src[before[-1].end:w.start - 1] == [""]):
        near.append((before[-1], "above"))
    if after and (after[0].start == w.end + 1 or src[w.end:after[0].start - 1] == [""]) \
            and CD.depth_at(text, after[0].start) == CD.depth_at(text, w.start):
        near.append((after[0], "below"))
    for st, where in near:
        m = re.match(r"\s*(\w+)\s*\(", mask(st.code))
        if m and any(m.group(1) in C.ERR_PROBE[h] for h in helpers):
            raise Manual(f"the reviewer's {helpers[0]}() prints the error itself, and the {m.group(1)}() {where} "
                         f"the quoted `{w.stmts[0].lines[0].strip()}` (line {st.start}) would print it again; "
                         "which message stays is left to the author")


def _names_exist(new_text: str, ctx: CodeContext, fn: Function) -> None:
    """Manual when the reviewer's code uses a name FN does not have, or calls a helper of the file's own
    that no file of the patch defines."""
    unknown = CD.unknown_names(new_text, ctx.text, fn, E.local_names(ctx.text, fn))
    if unknown:
        raise Manual(f"the reviewer's code uses {', '.join(unknown)}, which {fn.name}() does not have")
    misspelt = CD.misspelt_members(new_text, [ctx.text, *(v for k, v in ctx.files.items() if k != ctx.path)])
    if misspelt:
        name, meant = misspelt[0]
        raise Manual(f"the reviewer's code uses the member {name}, which nothing in the patch's files has; "
                     f"{meant} is one letter away: a slip to correct by hand, not code to write as it stands")
    helpers = CD.undefined_own_calls(new_text, ctx.text, [v for k, v in ctx.files.items() if k != ctx.path])
    if helpers:
        raise Manual(f"the reviewer's code calls {', '.join(h + '()' for h in helpers)}, which no file of the "
                     "patch defines: a helper to write first")


def _calls_spelt_right(s: Suggestion, new_text: str, ctx: CodeContext) -> None:
    """Manual when the reviewer's code calls a function nothing in the patch's files has, one letter away
    from a helper the comment names or that prints the error for the caller (dev_err_probe()): a slip of
    the keyboard, which written in would not build."""
    meant = [*E.named_identifiers(s.comment), *C.ERR_PROBE]
    misspelt = CD.misspelt_calls(new_text, [ctx.text, *(v for k, v in ctx.files.items() if k != ctx.path)], meant)
    if misspelt:
        name, near = misspelt[0]
        raise Manual(f"the reviewer's code calls {name}(), which nothing in the patch's files has; {near}() is "
                     "one letter away: a slip to correct by hand, not code to write as it stands")


def _statements_written(s: Suggestion, ctx: CodeContext, fn: Function) -> list[str]:
    """The reviewer's code lines that are statements for FN: comment lines, a lead word ("nit:") and
    the function's own header and braces left out; Manual when the brackets do not close or lines are
    left out."""
    code = _without_lead_label(E.without_comment_lines(without_elisions(E.reviewer_code(s))),
                               "\n".join(ctx.text.splitlines()[fn.start - 1:fn.end]))
    code = _body_of_written_function(code, ctx.text, fn)
    if code and not _balanced(code):
        raise Manual("the reviewer's code does not close the brackets it opens (a typo, or lines left "
                     "out of a sketch): it is not code to write as it stands")
    return code


# a line of reviewer code that stands for lines left out: "...", "[...]", "/* ... */", "// ..."
_DOTS = r"(?:\.{3,}|\u2026)"
_ELLIPSIS = re.compile(rf"^\s*(?:/\*\s*{_DOTS}\s*\*/|//\s*{_DOTS}|\[?\s*{_DOTS}\s*\]?)\s*$")


def without_elisions(code: list[str]) -> list[str]:
    """CODE without the marks that open or close it for lines left out above or below ("..." under the
    last statement written: the rest stays); Manual for one among its lines, which leaves out lines the
    code does not say."""
    at = [i for i, c in enumerate(code) if c.strip() and not _ELLIPSIS.match(c)]
    gap = next((c.strip() for c in code[at[0]:at[-1]] if _ELLIPSIS.match(c)), None) if at else None
    if gap is not None:
        raise Manual(f"the reviewer's code has `{gap}` for lines it leaves out: which quoted lines those are, "
                     "and which change, is for the author")
    return code[at[0]:at[-1] + 1] if at else []


def _balanced(code: list[str]) -> bool:
    """Whether CODE's brackets close what they open, in order."""
    depth = 0
    for c in mask("\n".join(code)):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _body_of_written_function(code: list[str], text: str, fn: Function) -> list[str]:
    """CODE without the header and outer braces of FN when the reviewer wrote the function whole
    ("static int foo(...)" / "{" / ... / "}"): the body is what replaces the quoted statements."""
    header = norm(mask("\n".join(text.splitlines()[fn.start - 1:fn.body_start])).rstrip().rstrip("{"))
    for k in range(1, len(code)):
        head = norm(mask("\n".join(code[:k])))
        if head.rstrip("{").strip() == header.strip() and code[-1].strip() == "}":
            rest = code[k:-1]
            if not head.endswith("{"):
                if not rest or rest[0].strip() != "{":
                    return code
                rest = rest[1:]
            return rest
        if len(head) > len(header) + 2:
            break
    return code


_LABEL = re.compile(r"^\s*([A-Za-z_]\w*)\s*:\s*$")


def _without_lead_label(code: list[str], fn_text: str) -> list[str]:
    """CODE without a first line that reads as a label no `goto` of the function or of CODE jumps to
    ("nit:" over the snippet): the word that introduces the code, not a label to write."""
    m = _LABEL.match(code[0]) if code else None
    if m is None or re.search(rf"\bgoto\s+{re.escape(m.group(1))}\s*;", mask(fn_text + "\n" + "\n".join(code))):
        return code
    return code[1:]


def _chain_start(s: Suggestion, ctx: CodeContext, fn: Function, lo: int, hi: int, new_text: str) -> int:
    """LO, or where the quoted `if (C) return X;` chain ends in LO..HI begins when the reviewer's one
    `return` takes it in whole (the review stage narrows the quote to the return it lines up with)."""
    whole = E.whole_quote_in(s, ctx.text, fn)
    if whole is None or not whole[0] < lo <= whole[1]:
        return lo
    chains = [ch for ch in CD.quoted_chains(ctx.text, whole[0], hi, new_text) if ch.start < lo <= ch.end]
    return chains[0].start if len(chains) == 1 else lo


def snippet_edit(s: Suggestion, ctx: CodeContext, fn: Function, first: int,
                 last: int) -> tuple[list[E.Stmt], list[str], dict[str, str]] | None:
    """(quoted statements, new lines at their indentation, presumed renames) for reviewer-written C
    under the quote: the run of quoted statements it lines up with token by token (the whole quote
    counts, the lines the comment sits under win a tie; "just one ..." widens it to the neighbours of
    the same kind).  None when the reviewer wrote no statements, or only the quoted code again (a
    whitespace change); Manual when it lines up with nothing or with several places alike."""
    code = _statements_written(s, ctx, fn)
    if not code or _diff_sides(code) is not None or any(_SUBST.match(c.strip()) for c in code) or \
            _diff_marked(code, "-"):        # lines a diff removes: no code to write (remove-statements')
        return None
    if any(re.search(r"[(,]\s*(?:\.\.\.|\u2026)\s*[,)]", E.mask(c)) for c in code):
        return None         # `foo(dev, ret, ...)`: a sketch of a call, not code to write (other recipes read it)
    new_text = "\n".join(code)
    if re.search(r"\b(?:scoped_)?guard\s*\(", mask(new_text)):
        return None         # a lock guard: its unlock calls go with it (lock-guard), never the lock line alone
    n = max(1, len(E.statements(new_text, 1, len(code))))
    # a quote of the whole function (header and closing brace too) is found in it, then kept to the body
    span = CD.quote_span(s, ctx, fn.body_start + 1, fn.end - 1) or CD.quote_span(s, ctx, fn.start, fn.end) or \
        (first, last)
    lo, hi = max(min(span[0], first), fn.body_start + 1), min(max(span[1], last), fn.end - 1)
    hi = CD.close_blocks(ctx.text, lo, hi, fn.end - 1)
    lo = _chain_start(s, ctx, fn, lo, hi, new_text) if n == 1 else lo
    collapse = CD.asks_collapse(s.comment)
    w, why = CD.best_window(ctx.text, lo, hi, (first, last), new_text, n, collapse)
    if w is None and why == "the reviewer's code lines up with none of the quoted statements":
        w = CD.kept_with_additions(ctx.text, lo, hi, new_text)
    if w is None:
        if why == "the reviewer's code is the quoted code":
            return None
        raise Manual(why)
    if not collapse and len(E.all_statements(ctx.text, w.start, w.end)) > len(w.stmts):
        # a block for code that calls nothing it called: the snippet shows how a change begins
        # ("invert the condition and return early: if (!x) return 0;"), not what the block becomes
        old_calls, new_calls = E.called_names(w.code), E.called_names(new_text)
        if old_calls and not any(a == b or E.relatedness(a, b) > 0 for a in old_calls for b in new_calls) \
                and not CD.keeps_condition(ctx.text, w, new_text):
            return None
    if not collapse:
        other = CD.fits_elsewhere(ctx.text, fn, lo, hi, w, new_text, n)
        if other is not None:
            raise Manual(f"the reviewer's code lines up better with `{other.stmts[0].lines[0].strip()}` "
                         f"(line {other.start}) than with the quoted lines: it was written under another "
                         "quote than the code it is for; left to the author")
        _not_shifted(ctx.text, fn, lo, hi, w, new_text)
        _not_leaving_loop(ctx.text, lo, w, new_text)
        w = CD.folded_into(ctx.text, lo, hi, w, new_text, fn.end)
        w = _through_return(ctx.text, fn, hi, w, new_text)
        twice = CD.repeated_call_above(ctx.text, lo, hi, w, new_text)
        if twice:
            raise Manual(f"the reviewer's code makes the call of `{twice}` again, and what that statement "
                         "assigns is still read further down or outlives the function: folding it in is left "
                         "to the author")
        again = CD.call_made_again(ctx.text, lo, w, new_text)
        if again:
            raise Manual(f"the reviewer's code makes the call of `{again}` again, with statements between "
                         "them: folding it in would move it past them, keeping it would run it twice; left "
                         "to the author")
    renames = CD.presumed_renames(w.code, new_text, E.local_names(ctx.text, fn))
    if renames:
        code = CD.rename_back(code, renames)
        new_text = "\n".join(code)
        w2, _ = CD.best_window(ctx.text, lo, hi, (first, last), new_text, n, collapse)
        w = w2 or w
        if CD.code_tokens(w.code) == CD.code_tokens(new_text):
            return None
    _names_exist(new_text, ctx, fn)
    _calls_spelt_right(s, new_text, ctx)
    _not_enabling_again(ctx.text, fn, w, new_text)
    _not_printing_twice(ctx.text, fn, w, new_text)
    _not_doubling(ctx.text, fn, w, new_text)
    _not_calling_twice(ctx.text, fn, w, new_text)
    indent = E.indent_of(w.stmts[0].lines[0])
    written = CD.rename_back(without_elisions(s.written), renames) if s.written else []
    nonblank = [w for w in written if w.strip()]
    new = CD.align_continuations(CD.indent_written(nonblank, code, indent) or CD.indent_flush(code, indent))
    new = CD.with_blank_lines(written, code, new)
    return list(w.stmts), new, renames


_ENABLE = {"enable", "enabled"}


def _enables_again(text: str, fn: Function, start: int, end: int, old_code: str, new_code: str) -> str:
    """Why NEW_CODE cannot replace OLD_CODE (lines START..END of FN): it calls a form that also enables
    what the replaced call only gets (`devm_clk_get_enabled()` for `devm_clk_get()`) while FN still calls
    an enable function elsewhere (`clk_prepare_enable()`: enabled twice, its disable unbalanced); ''
    when it does not."""
    olds = E.called_names(old_code)
    gained = [(o, n) for n in E.called_names(new_code) for o in olds
              if _ENABLE & set(n.split("_")) and set(o.split("_")) < set(n.split("_"))
              and set(n.split("_")) - set(o.split("_")) <= _ENABLE]
    if not gained:
        return ""
    o, n = gained[0]
    # what the getter's value goes to (`clk = devm_clk_get(...)`): the enable calls given it
    target = re.search(rf"([\w>.-]+)\s*=\s*{re.escape(n)}\s*\(", mask(new_code))
    rest = "\n".join(ln for no, ln in enumerate(mask(text).splitlines()[fn.body_start - 1:fn.end], fn.body_start)
                     if not start <= no <= end)
    given = rf"\([^;]*(?<![\w>.]){re.escape(target.group(1))}(?![\w])" if target else r"\("
    still = sorted({m.group(1) for m in re.finditer(rf"\b(\w+)\s*{given}", rest) if "enable" in m.group(1).split("_")})
    if not still:
        return ""
    return (f"the reviewer's code calls {n}(), which also enables what {o}() only gets, and {fn.name}() still "
            f"calls {still[0]}(): that call and the disable on the error and remove paths go with the change, "
            "which is for the author")


@dataclass(frozen=True)
class ReplaceCodeParams(InFunction):
    k: int                       # the occurrence of the quoted statement (line, in expression mode)
    line: int                    # where it starts
    mode: str = ""               # "expression": s/old/new/ on one line; "": statements replaced
    pairs: list[list[str]] = field(default_factory=list)   # expression mode: the [old, new] pairs
    old_line: str = ""           # expression mode: the line before (normalized)
    new_line: str = ""           # ... and after
    old: list[str] = field(default_factory=list)   # the quoted statements replaced (normalized)
    old_norm: str = ""           # their code (normalized)
    new: list[str] = field(default_factory=list)   # the reviewer's lines
    new_norm: str = ""           # their code (normalized)
    exact: bool = False          # NEW is indented as it goes in
    # names the reviewer's code presumes renamed: the file's name -> the reviewer's
    renames: dict[str, str] = field(default_factory=dict)


class ReplaceCode(Recipe[ReplaceCodeParams]):
    kind = "replace-code"
    order = Phase.REVIEWER_CODE
    # spatch prints added statements its own way (`for(i = 0;i < n;i++)`, one long line): the
    # reviewer's own lines, where they hold the same tokens, replace what it printed
    tidies_after_spatch = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ReplaceCodeParams] | None:
        code = E.reviewer_code(s)
        if not code or E.comment_text(code) is not None:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        edit = reviewer_edit(s, ctx, fn, first, last)
        if edit is None and _substitutions(s):
            sub = line_substitution(s, ctx, fn, first, last)
            if sub is None:
                raise Manual("the reviewer's s/old/new/ matches none of the quoted statements")
            no, new_line, pairs = sub
            old_line = ctx.text.splitlines()[no - 1]
            return Plan(self.kind, slug=(E.identifiers(pairs[0][1]) or ["code"])[0].lower(), order=self.order,
                        files=[ctx.path],
                        params=ReplaceCodeParams(fn.name, mode="expression", pairs=[list(p) for p in pairs],
                                                 old_line=norm(mask(old_line)), new_line=norm(mask(new_line)),
                                                 k=E.line_occurrence(ctx.text, fn, no), line=no),
                        summary=f"Use {pairs[0][1].strip()} instead of {pairs[0][0].strip()} in {fn.name}()")
        renames: dict[str, str] = {}
        if edit:
            old, new = edit[:2]
            exact = bool(edit[2])
        else:
            snip = snippet_edit(s, ctx, fn, first, last)
            if snip is None or _bare_head(snip[1]):
                # `if (!(flags & MEM))` alone: a new condition (replace-expression's), no statement to put in
                return None
            old, new, renames = snip
            exact = True
        old_norm = norm(mask("\n".join(st.code for st in old)))
        k = E.occurrence(ctx.text, fn, old[0].norm, old[0].start, nested=True)
        new_text = "\n".join(new)
        new_norm = norm(mask(new_text))
        head = E.identifiers(new_text)[0] if E.identifiers(new_text) else "code"
        left_set = only_set_after(ctx.text, fn, "\n".join(st.code for st in old), new_text)
        if left_set:
            raise Manual(f"with the reviewer's code, {' and '.join(left_set)} would only be assigned in {fn.name}(), "
                         "never read: which of the statements that set them go as well is for the author")
        return Plan(self.kind, slug=head.lower(), order=self.order, files=[ctx.path],
                    params=ReplaceCodeParams(fn.name, old=[st.norm for st in old], old_norm=old_norm,
                                             k=k, new=list(new), new_norm=new_norm,
                                             line=old[0].start, exact=exact,
                                             renames={v: k for k, v in renames.items()}),
                    summary=f"Use {new_text.strip() if len(new) == 1 else 'the suggested code'} "
                            f"in {fn.name}()")

    def _rebased(self, plan: Plan[ReplaceCodeParams], text: str) -> tuple[E.Stmt, list[str]] | None:
        """Where an earlier rule changed other tokens of the one quoted statement (two comments on one
        line: "use div_s64()" and "drop the U"), that statement and the reviewer's change made on it as
        it now reads; None when the two changes touch the same tokens or the statement is not found."""
        olds = list(plan.params.old)
        f = function_named(text, plan.params.function)
        if len(olds) != 1 or f is None:
            return None
        new_text = "\n".join(plan.params.new)
        line = plan.params.line
        found = []
        for st in E.all_statements(text, f.body_start, f.end):
            other_shape = st.end != st.start and st.end - st.start + 1 != len(new_text.splitlines())
            if abs(st.start - line) > 3 or other_shape:
                continue
            merged = merge_tokens(olds[0], new_text, st.code)
            if merged is not None:
                found.append((st, merged))
        if len(found) != 1:
            return None
        st, merged = found[0]
        return st, merged.splitlines()

    def _locate(self, plan: Plan[ReplaceCodeParams], text: str) -> list[E.Stmt]:
        fn = plan.params.function
        olds = list(plan.params.old)
        first = E.find_statement(text, fn, olds[0], plan.params.k, nested=True)
        if first is None and (r := self._rebased(plan, text)) is not None:
            return [r[0]]
        if first is None:
            raise Manual(f"the quoted code is no longer in {fn}()")
        f = function_named(text, fn)
        assert f is not None
        stmts = [st for st in E.all_statements(text, f.body_start, f.end) if st.start >= first.start]
        window = [first]
        for st in stmts[1:]:
            if len(window) == len(olds):
                break
            if st.start > window[-1].end:
                window.append(st)
        if [st.norm for st in window] != olds:
            raise Manual(f"the quoted statements are no longer together in {fn}()")
        return window

    def _render_expression(self, s: Suggestion, plan: Plan[ReplaceCodeParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        no = E.find_line(ctx.text, fn, plan.params.old_line, plan.params.k)
        if no is None:
            raise Manual(f"the quoted line is no longer in {fn}()")
        alts = []
        for old, new in plan.params.pairs:
            toks = tokens(old)
            at = next((i for i, t in enumerate(toks) if re.fullmatch(r"[A-Za-z_]\w*", t)), None)
            if at is None:
                raise Manual(f"s/{old}/{new}/ has no identifier to pin the rule to the quoted line")
            toks[at] += "@p"
            alts.append(f"- {' '.join(toks)}\n+ {' '.join(tokens(new))}")
        body = alts[0] if len(alts) == 1 else "(\n" + "\n|\n".join(alts) + "\n)"
        metavars = [f"identifier fn = {fn};", R.position_constraint("p", [no])]
        desc = "Replace the expression the reviewer's s/old/new/ names, on the quoted line"
        return R.header(desc, s) + "\n" + R.rule("replace", metavars, R.in_function("fn", body))

    def render(self, s: Suggestion, plan: Plan[ReplaceCodeParams], ctx: CodeContext) -> str:
        if plan.params.mode == "expression":
            return self._render_expression(s, plan, ctx)
        fn = plan.params.function
        window = self._locate(plan, ctx.text)
        f = function_named(ctx.text, fn)
        assert f is not None
        dupes = [st for st in E.all_statements(ctx.text, f.body_start, f.end) if st.norm == window[0].norm]
        metavars = [f"identifier fn = {fn};"]
        old_lines = [ln for st in window for ln in st.lines]
        # a local the reviewer's code calls by the name another suggestion gives it: any name there,
        # so that the rule still holds once (or before) that rename ran, here and at other places
        presumed = sorted(plan.params.renames)
        metavars += [f"identifier {name};" for name in presumed]
        if len(dupes) > 1 or presumed:
            metavars.append(R.position_constraint("p", [window[0].start]))
            old_lines = R.with_position(old_lines, "p") + []
        indent = E.indent_of(window[0].lines[0])
        new_lines = list(plan.params.new) if plan.params.exact else \
            R.indent_code(list(plan.params.new), indent)
        if window[0].norm != plan.params.old[0]:
            rebased = self._rebased(plan, ctx.text)
            assert rebased is not None
            new_lines = rebased[1]
        body = R.minus(old_lines) + "\n" + R.plus(new_lines)
        desc = "Replace the quoted code with the " + \
            ("change the author's answer states" if s.code_from == "author" else "code the reviewer wrote")
        return R.header(desc, s) + "\n" + R.rule("replace", metavars, R.in_function("fn", body))

    def companions(self, s: Suggestion, plan: Plan[ReplaceCodeParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """A local that only the replaced statements used goes with them (an unused-variable warning
        otherwise)."""
        f = function_named(ctx.text, plan.params.function)
        if plan.params.mode == "expression" or f is None:
            return []
        names = unused_after(ctx.text, f, plan.params.old_norm, "\n".join(plan.params.new))
        return [(DROP_UNUSED, DROP_UNUSED.plan_for(ctx, f.name, name)) for name in names]

    def after_spatch(self, plan: Plan[ReplaceCodeParams], path: str, before: str, after: str) -> str:
        """AFTER with the lines spatch printed for the reviewer's code laid out as the reviewer wrote
        them (at the quoted statement's indentation), where exactly one run of lines of the function
        holds exactly the reviewer's tokens."""
        p = plan.params
        if p.mode == "expression" or not p.exact or not p.new:
            return after
        f = function_named(after, p.function)
        if f is None:
            return after
        lines = after.splitlines(keepends=True)
        want = p.new_norm
        hits = []
        for i in range(f.start - 1, min(f.end, len(lines))):
            if not lines[i].strip():
                continue
            acc = ""
            for j in range(i, min(f.end, len(lines))):
                acc = (acc + " " + norm(mask(lines[j]))).strip()
                if acc == want:
                    hits.append((i, j))
                    break
                if not want.startswith(acc):
                    break
        if len(hits) != 1:
            return after
        i, j = hits[0]
        if [ln.rstrip("\n") for ln in lines[i:j + 1]] == list(p.new):
            return after
        return "".join(lines[:i] + [ln + "\n" for ln in p.new] + lines[j + 1:])

    def is_applied(self, s: Suggestion, plan: Plan[ReplaceCodeParams], text: str) -> bool:
        """The quoted code is gone and the reviewer's is there (a later rule may have renamed the
        macro or function it starts with, e.g. VM_WARN_ON -> VM_WARN_ON_ONCE)."""
        if plan.params.mode == "expression":
            fn = plan.params.function
            return E.find_line(text, fn, plan.params.new_line) is not None and \
                self._line_count(text, fn, plan.params.old_line) <= plan.params.k
        f = function_named(text, plan.params.function)
        if f is None:
            return False
        body = norm(mask("\n".join(text.splitlines()[f.body_start - 1:f.end])))
        if plan.params.old_norm in body:
            return False
        new = plan.params.new_norm
        if new in body:
            return True
        tail = new.split(" ", 1)[-1]
        return any(st.norm.split(" ", 1)[-1] == tail
                   for st in E.all_statements(text, f.body_start, f.end))

    @staticmethod
    def _line_count(text: str, fn: str, want: str) -> int:
        f = function_named(text, fn)
        if f is None:
            return -1
        m = mask(text).splitlines()
        return sum(1 for n in range(f.body_start, f.end + 1) if norm(m[n - 1]) == want)

    def verify(self, s: Suggestion, plan: Plan[ReplaceCodeParams], before: str, after: str) -> str:
        if plan.params.mode == "expression":
            fn = plan.params.function
            if not self.is_applied(s, plan, after):
                return "the quoted line does not read as the reviewer's s/old/new/ makes it"
            gone = self._line_count(before, fn, plan.params.old_line) - \
                self._line_count(after, fn, plan.params.old_line)
            if before != after and gone != 1:
                return f"{gone} lines changed by the s/old/new/, the reviewer pointed at one"
            return ""
        try:
            window = self._locate(plan, before)
        except Manual as e:
            return str(e)
        want = plan.params.new_norm
        if window[0].norm != plan.params.old[0]:
            rebased = self._rebased(plan, before)
            want = norm(mask("\n".join(rebased[1]))) if rebased else want
        return replaced_exactly(before, after, window[0].start, window[-1].end, want)


def merge_tokens(old: str, new: str, current: str) -> str | None:
    """CURRENT (OLD with other tokens changed since) with the change OLD -> NEW made on it, token by
    token; None when the two changes touch the same or neighbouring tokens, or nothing differs."""
    from difflib import SequenceMatcher
    ot = tokens(old)
    nt = token_spans(new)
    ct = token_spans(current)
    mine = SequenceMatcher(None, ot, [m.group() for m in nt], autojunk=False).get_opcodes()
    theirs = SequenceMatcher(None, ot, [m.group() for m in ct], autojunk=False)
    if not any(tag != "equal" for tag, *_ in theirs.get_opcodes()):
        return None
    at: dict[int, int] = {}             # old token -> current token, where they are the same
    for a, b, size in theirs.get_matching_blocks():
        for k in range(size):
            at[a + k] = b + k
    edits: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in mine:
        if tag == "equal":
            continue
        # the tokens changed here and their neighbours must all stand unchanged in CURRENT
        around = range(max(i1 - 1, 0), min(i2 + 1, len(ot)))
        if any(k not in at for k in around) or \
                any(at[k + 1] != at[k] + 1 for k in around if k + 1 in around):
            return None
        text = new[nt[j1].start():nt[j2 - 1].end()] if j2 > j1 else ""
        if i2 > i1:
            a, b = ct[at[i1]].start(), ct[at[i2 - 1]].end()
            if not text and i2 < len(ot):
                b = ct[at[i2]].start()          # a deletion takes the space after it
        else:
            a = b = ct[at[i1]].start() if i1 < len(ot) else ct[at[i1 - 1]].end()
            text = new[nt[j1].start():nt[j2].start()] if j2 < len(nt) else " " + text
        edits.append((a, b, text))
    if not edits:
        return None
    out = current
    for a, b, text in sorted(edits, reverse=True):
        out = out[:a] + text + out[b:]
    return out


def replaced_exactly(before: str, after: str, a: int, b: int, new_norm: str) -> str:
    """'' when AFTER is BEFORE with lines A..B (1-based) replaced by code reading NEW_NORM and nothing
    else changed: the old code is gone, not kept next to the new."""
    bl, al = before.splitlines(), after.splitlines()
    head, tail = bl[:a - 1], bl[b:]
    if al[:len(head)] != head or (tail and al[len(al) - len(tail):] != tail) or len(al) < len(head) + len(tail):
        return "the rule changed lines outside the quoted statements"
    mid = al[len(head):len(al) - len(tail)]
    if norm(mask("\n".join(mid))) != new_norm:
        return "the quoted statements do not read as the reviewer's code afterwards"
    return ""


RECIPE = ReplaceCode()
