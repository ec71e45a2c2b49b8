"""Inline a helper into its only caller ("collapse into a single function").

Evidence: the quoted line calls a static function of the same file that has exactly one caller;
the comment questions a separate function / helper / wrapper or asks to open-code, inline, fold
or merge it.  (Rules only run for suggestions the author accepted.)

The merged function is computed here, from the file's text as it is when the rule runs (this
recipe runs last, after every other rule changed the two functions): ``render`` works on
``ctx.text``.  The generated ``.cocci`` is a real semantic patch: rule ``helper`` removes the helper's definition,
rule ``call`` replaces the call statement by the helper's body (parameters substituted, returns
turned into the caller's flow), rules ``merge``/``decls`` merge the declarations at the top of
the caller.  It does not depend on line numbers.

What the fold does, and why it is correct:
- a pointer parameter that received ``&local`` becomes the local (``p->f`` -> ``local.f``,
  ``*p`` -> ``local``, ``p`` -> ``&local``); a parameter that received a variable of the same name
  stays; another variable is renamed in; any other argument is substituted (parenthesised when
  needed).  A parameter the helper assigns is refused (the caller's variable would change).
- ``v = helper(...);``: the helper's final ``return r;`` of a local ``r`` of v's type merges r
  into v (v's declaration takes r's initializer); an early ``return X;`` becomes
  ``v = X; goto out;`` (only ``goto out;`` when X is v's value at that point: v itself, or r's
  initializer before any assignment of r), with ``out:`` before the caller's next statement.
  ``return helper(...);`` keeps the returns; ``helper(...);`` turns them into ``goto out;``.
- the helper's locals join the caller's declarations, initializers included, when nothing an
  initializer reads is written (or has its address taken) in the caller before the call, so the
  value is the same; otherwise the declaration goes to the top and the initialization stays at
  the call as an assignment.
- a helper local with the name of a caller variable (parameter or local) of the same type: C
  forbids declaring it again in the function's outermost block (where a parameter lives), and
  renaming it would rewrite every line of the helper that uses it.  When the caller does not read
  its own variable after the call (its old value is dead there) and never takes its address, the
  helper's local simply reuses the caller's variable: the declaration becomes an assignment at
  the place of the call, which is exactly the helper's semantics.  Otherwise the fold is refused.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cocci import render as R
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes import drop_inline
from patches import ctext
from patches.ctext import (Item, block_items, closing, decl_parts, function_span, is_declaration, needs_parens,
                           occurrences, read_names, split_args, writes)
from patches.model import Suggestion

_INTENT = re.compile(r"\b(open[- ]?code\w*|inline\w*|fold\w*|merge\w*|collapse\w*|single function|one function|"
                     r"split\w* (?:out|into))\b", re.I)
# the helper named as a thing ("a separate function", "this wrapper") asks for nothing by itself: only when
# the comment doubts it ("Why a separate function?", "Is a helper worth it?", "single caller, drop it");
# "Pass the regmap, the helper needs nothing else." is about the helper's parameters
_HELPER = re.compile(r"\b(?:separate function|own function|helper|wrapper)s?\b", re.I)
_DOUBT = re.compile(r"\bneed(?:ed)?\b[^.?!]*\?|\b(?:why|worth|overkill|pointless|superfluous|unnecessary|"
                    r"no\s+need|not\s+needed|n't\s+need|drop|remove|get\s+rid|no\s+point|(?:single|only|one)\s+caller|"
                    r"(?:called|used)\s+(?:only\s+)?once)\b", re.I)
_LABELS = ("out", "out_end", "done", "finish")
# "make it a static inline in the header", "move this to the header", "static inline?": an inline function
# asked for, not a fold
_TO_HEADER = re.compile(r"\bstatic\s+inline\b|\b(?:to|into|in)\s+(?:the|a|its|some)\s+(?:\w+\s+)?header\b|"
                        r"\b(?:to|into|in)\s+[\w/.-]+\.h\b", re.I)


def _asks_fold(comment: str) -> bool:
    """Whether COMMENT asks for the helper to go into its caller: a word for doing so (open-code, fold,
    inline), or the helper named with a doubt about it."""
    return bool(_INTENT.search(comment) or _HELPER.search(comment) and _DOUBT.search(comment))


@dataclass(frozen=True)
class Fold:
    helper: str
    caller: str
    call: str                                    # the call statement, normalized to one line
    replacement: tuple[str, ...]                 # lines replacing it (with indentation)
    merge: tuple[tuple[str, str], ...] = ()      # caller declaration -> merged one
    decls: tuple[str, ...] = ()                  # declarations added to the caller
    caller_decls: bool = True                    # the caller opens with declarations (the added ones go after)


def _split_args(s: str) -> list[str]:
    """The comma-separated arguments of S (the text between a call's parentheses), whitespace folded."""
    out = list(split_args(s, ctext.mask(s), -1, len(s)))
    if out and not out[-1]:
        out.pop()
    return [" ".join(a.split()) for a in out]


def _header_params(text: str, span: tuple[int, int, int]) -> tuple[str, list[tuple[str, str]]]:
    head = text[span[0]:span[1]]
    mh = ctext.mask(head)
    p = mh.index("(")
    q = closing(mh, p)
    params = []
    for part in _split_args(head[p + 1:q]):
        if part in ("void", ""):
            continue
        if part == "..." or "va_list" in part:
            raise Manual("the helper takes variable arguments; inline it by hand")
        m = re.match(r"(.*?)([A-Za-z_]\w*)\s*$", part, re.S)
        if not m:
            raise Manual(f"cannot read the helper's parameter '{part}'")
        params.append((" ".join(m.group(1).split()).replace("* ", "*"), m.group(2)))
    return head[:p], params


def _sub(text: str, edits: list[tuple[int, int, str]]) -> str:
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def _rename(code: str, old: str, new: str) -> str:
    m = ctext.mask(code)
    return _sub(code, [(k, k + len(old), new) for k in occurrences(m, old, 0, len(m))])


def _subst_param(code: str, name: str, arg: str) -> str:
    m = ctext.mask(code)
    edits = []
    amp = re.fullmatch(r"&\s*([A-Za-z_]\w*)", arg)
    for k in occurrences(m, name, 0, len(m)):
        end = k + len(name)
        if amp:
            local = amp.group(1)
            arrow = re.match(r"\s*->", m[end:])
            before = m[:k].rstrip()
            if arrow:
                edits.append((k, end + arrow.end(), local + "."))
            elif before.endswith("*") and re.search(r"(^|[(=,;{}!&|+\-*/<>?:]|return)\s*\*$", before):
                star = len(before) - 1
                edits.append((star, end, local))
            else:
                edits.append((k, end, "&" + local))
        else:
            # a whole argument (between `(` or `,` and `,` or `)`) needs no parentheses of its own
            whole = re.search(r"[(,]\s*$", m[:k]) is not None and re.match(r"\s*[,)]", m[end:]) is not None
            edits.append((k, end, f"({arg})" if needs_parens(arg) and not whole else arg))
    return _sub(code, edits)


_Span = tuple[int, int, int]
_Decl = tuple[str, str, str | None]             # (type, name, initializer or None)


@dataclass(frozen=True)
class _Site:
    """The helper and the one statement of its single caller that calls it."""
    text: str
    m: str                                       # TEXT masked
    helper: str
    caller: str
    hspan: _Span
    cspan: _Span
    params: list[tuple[str, str]]                # the helper's (type, name)
    args: list[str]                              # the call's arguments
    citems: list[Item]                           # the caller's block items
    item: Item                                   # the call statement
    form: str                                    # "stmt", "assign" or "return"
    var: str | None                              # the variable assigned ("assign")


@dataclass(frozen=True)
class _CallerNames:
    """The caller's parameters and the locals it declares before the call."""
    params: dict[str, str]                                   # name -> type
    locals: dict[str, tuple[str, str | None, Item]]          # name -> (type, initializer, declaration)
    before_call: tuple[int, int]                             # its code between declarations and call
    after_call: str                                          # its masked code after the call

    @property
    def names(self) -> set[str]:
        return set(self.params) | set(self.locals)


def _single_call(text: str, m: str, helper: str) -> tuple[_Span, list[tuple[str, str]], int]:
    """The helper's span, its parameters and the offset of its one call; Manual when it has not one."""
    hspan = function_span(text, helper)
    if hspan is None:
        raise Manual(f"{helper}() is not defined in this file")
    head, params = _header_params(text, hspan)
    if not re.search(r"\bstatic\b", ctext.mask(head)):
        raise Manual(f"{helper}() is not static: other files may call it")
    refs = [k for k in occurrences(m, helper, 0, len(m)) if not hspan[0] <= k < hspan[1]]
    inside = [k for k in refs if hspan[1] <= k < hspan[2]]
    if inside:
        raise Manual(f"{helper}() is recursive")
    calls = [k for k in refs if re.match(r"\s*\(", m[k + len(helper):])]
    if len(calls) != len(refs):
        raise Manual(f"the address of {helper}() is taken; it cannot be folded into a caller")
    if len(calls) != 1:
        raise Manual(f"{helper}() has {len(calls)} callers; it can only be folded into a single caller")
    return hspan, params, calls[0]


def _call_site(text: str, m: str, helper: str) -> _Site:
    """Where the helper and its call are; Manual when the call is not a plain statement of one caller."""
    hspan, params, k = _single_call(text, m, helper)
    cfun = ctext.function_at(text, text.count("\n", 0, k) + 1)
    if cfun is None:
        raise Manual(f"the call of {helper}() is not inside a function")
    caller = cfun.name
    cspan = function_span(text, caller)
    assert cspan is not None
    for a, b in ((hspan[1], hspan[2]), (cspan[1], cspan[2])):
        if re.search(r"(?m)^\s*#", m[a:b]):
            raise Manual("a preprocessor directive inside the functions; fold them by hand")
    citems = block_items(text, cspan[1])
    item = next((it for it in citems if it.start <= k < it.end), None)
    form, var = _call_form(item, helper)
    if item is None or form == "":
        raise Manual(f"the call of {helper}() in {caller}() is not a plain statement "
                     "(x = helper(...); return helper(...); helper(...);)")
    mi = ctext.mask(item.text)
    p = mi.index("(", mi.index(helper))
    args = _split_args(item.text[p + 1:closing(mi, p)])
    if len(args) != len(params):
        raise Manual(f"{helper}() is called with {len(args)} arguments for {len(params)} parameters")
    return _Site(text=text, m=m, helper=helper, caller=caller, hspan=hspan, cspan=cspan, params=params,
                 args=args, citems=citems, item=item, form=form, var=var)


def _caller_names(site: _Site) -> _CallerNames:
    cdecls = [it for it in site.citems if is_declaration(it.text) and it.end <= site.item.start]
    cparams = dict((n, t) for t, n in _header_params(site.text, site.cspan)[1])
    clocals: dict[str, tuple[str, str | None, Item]] = {}
    for it in cdecls:
        dp = decl_parts(it.text)
        if dp:
            clocals[dp[1]] = (dp[0], dp[2], it)
        else:
            mm = re.match(r"\s*(?:DEFINE|DECLARE)_\w+\s*\(\s*([A-Za-z_]\w*)", it.text)
            if mm:
                clocals[mm.group(1)] = ("", None, it)
    return _CallerNames(params=cparams, locals=clocals,
                        before_call=(cdecls[-1].end if cdecls else site.cspan[1] + 1, site.item.start),
                        after_call=site.m[site.item.end:site.cspan[2]])


def _helper_parts(site: _Site) -> tuple[list[_Decl], str]:
    """The helper's leading declarations and the code after them."""
    text, hspan = site.text, site.hspan
    hitems = block_items(text, hspan[1])
    hdecls = []
    for it in hitems:
        if not is_declaration(it.text):
            break
        dp = decl_parts(it.text)
        if dp is None:
            raise Manual(f"cannot read the declaration '{it.text.strip()}' of {site.helper}()")
        hdecls.append(dp)
    body_start = hdecls and hitems[len(hdecls) - 1].end or hspan[1] + 1
    body = text[body_start:hspan[2] - 1].strip("\n").rstrip()
    return hdecls, re.sub(r"^\s*\n", "", body)


def _helper_labels(site: _Site, body: str) -> set[str]:
    """The helper's labels; Manual when one is also a label of the caller."""
    hlabels = set(re.findall(r"(?m)^\s*([A-Za-z_]\w*)\s*:(?!:)", ctext.mask(body))) - {"default"}
    clabels = set(re.findall(r"(?m)^\s*([A-Za-z_]\w*)\s*:(?!:)", site.m[site.cspan[1]:site.cspan[2]])) - {"default"}
    if hlabels & clabels:
        raise Manual(f"label {sorted(hlabels & clabels)[0]} is used in both functions")
    return hlabels


def _check_names(site: _Site, cnames: set[str], hdecls: list[_Decl], body: str, hlabels: set[str]) -> None:
    """Manual when the helper assigns a parameter, or reads a variable the caller has another of."""
    hnames = {n for _, n, _ in hdecls}
    free = set(read_names(body)) - hnames - {n for _, n in site.params} - hlabels
    captured = sorted(free & cnames - {a for a in site.args})
    nested = set(re.findall(r"(?:struct\s+\w+|\b\w+_t|\bint|\blong|\bbool|\bchar)\s*\**\s*([A-Za-z_]\w*)\s*[;=\[]",
                            ctext.mask(body)))
    captured = [c for c in captured if c not in nested and c in read_names(body)]
    for (_, pname), arg in zip(site.params, site.args, strict=True):
        if writes(ctext.mask(body), pname, 0, len(body)) or any(
                init and writes(ctext.mask(init), pname, 0, len(init)) for _, _, init in hdecls):
            if not re.fullmatch(r"&\s*[A-Za-z_]\w*", arg) or "&" + pname in body:
                raise Manual(f"{site.helper}() assigns its parameter {pname}; inlining would change the "
                             "caller's variable")
    if captured:
        raise Manual(f"{site.helper}() uses {captured[0]}, which is a different variable in {site.caller}()")


def _substitute(code: str, site: _Site) -> str:
    """CODE with the helper's parameters replaced by the call's arguments."""
    for (_, pname), arg in zip(site.params, site.args, strict=True):
        if arg == pname:
            continue
        code = _subst_param(code, pname, arg)
    return code


def _check_hidden(site: _Site, cnames: set[str], hdecls: list[_Decl]) -> None:
    for _, n, _ in hdecls:
        if n in {a.lstrip("&").strip() for a in site.args} and n not in cnames:
            raise Manual(f"the helper's local {n} hides the caller's argument {n}")


def _merge_target(site: _Site, names: _CallerNames, hdecls: list[_Decl], body: str) -> tuple[str | None, str | None]:
    """The helper's local its final `return r;` returns and its initializer, when r merges into the
    caller's assigned variable (same type, a local of the caller); (None, None) otherwise."""
    if site.form != "assign":
        return None, None
    var = site.var
    assert var is not None
    last = block_items("{" + body + "}", 0)
    last_ret = last[-1] if last and re.match(r"return\b", last[-1].text) else None
    if last_ret is None:
        return None, None
    vtype = names.locals.get(var, (names.params.get(var, ""), None, None))[0]
    rm = re.fullmatch(r"return\s+([A-Za-z_]\w*)\s*;", last_ret.text.strip())
    rdecl = next((d for d in hdecls if rm and d[1] == rm.group(1)), None)
    if rdecl is not None and rdecl[0] == vtype and var in names.locals:
        return rdecl[1], rdecl[2]
    return None, None


def _merge_result(site: _Site, names: _CallerNames, hdecls: list[_Decl], body: str, merged_into: str,
                  merged_init: str | None) -> tuple[str, list[tuple[str, str]], list[str], list[_Decl]]:
    """The helper's local MERGED_INTO merged into the caller's assigned variable: the body with it
    renamed, the caller's declaration changed (or the initialization to do at the call), and the
    helper's remaining declarations."""
    var = site.var
    assert var is not None                  # a helper's local merges only into an assigned one
    prelude: list[str] = []
    if merged_into != var:
        if var in {n for _, n, _ in hdecls} or var in read_names(body):
            raise Manual(f"{site.helper}()'s {merged_into} cannot merge with {site.caller}()'s {var}")
        body = _rename(body, merged_into, var)
    merge: list[tuple[str, str]] = []
    vt, vinit, vitem = names.locals[var]
    used_before = occurrences(site.m, var, site.cspan[1], site.item.start)
    used_before = [u for u in used_before if not vitem.start <= u < vitem.end]
    if merged_init is not None:
        if vinit is None and not used_before and vitem is not None:
            merge.append((vitem.text.strip(), f"{vt} {var} = {merged_init};".replace("* ", "*")))
        else:
            prelude.append(f"{var} = {merged_init};")
    return body, merge, prelude, [d for d in hdecls if d[1] != merged_into]


def _reuse_caller_variable(site: _Site, names: _CallerNames, t: str, n: str) -> None:
    """Manual unless the helper's local N (of type T) may simply reuse the caller's variable N."""
    ctype = names.locals[n][0] if n in names.locals else names.params[n]
    if ctype != t.replace("const ", "") and ctype != t:
        raise Manual(f"{site.helper}()'s local {n} ({t}) clashes with {site.caller}()'s {n} ({ctype})")
    if re.search(rf"\b{re.escape(n)}\b", names.after_call) or re.search(
            rf"(?<!&)&(?!&)\s*{re.escape(n)}\b", site.m[site.cspan[1]:site.cspan[2]]):
        raise Manual(f"{site.helper}()'s local {n} clashes with {site.caller}()'s {n}, which is still used "
                     "after the call")


def _helper_locals(site: _Site, names: _CallerNames, hdecls: list[_Decl]) -> tuple[list[str], list[str]]:
    """The declarations the helper's locals add to the caller, and the assignments to do at the call."""
    decls: list[str] = []
    prelude: list[str] = []
    late: set[str] = set()
    cnames = names.names
    for t, n, init in hdecls:
        if n in cnames:
            _reuse_caller_variable(site, names, t, n)
            if init is not None:
                prelude.append(f"{n} = {init};")
            late.add(n)
            continue
        if init is None:
            decls.append(f"{t} {n};".replace("* ", "*"))
            continue
        reads = read_names(init)
        changed = [r for r in reads if r in late or (r in cnames and writes(site.m, r, *names.before_call))]
        if changed:
            if t.startswith("const "):
                raise Manual(f"the const {n} of {site.helper}() reads {changed[0]}, which {site.caller}() "
                             "changes before the call")
            decls.append(f"{t} {n};")
            prelude.append(f"{n} = {init};")
            late.add(n)
        else:
            decls.append(f"{t} {n} = {init};")
    return [re.sub(r"\*\s+", "*", d) if "*" in d else d for d in decls], prelude


def _replacement(site: _Site, names: _CallerNames, body: str, mb: str, prelude: list[str], merged: bool,
                 merged_init: str | None) -> list[str]:
    """The lines replacing the call statement: PRELUDE, then BODY with its returns turned into the
    caller's flow (MB: the body's mask before any merge, for the free label name)."""
    used = set(re.findall(r"[A-Za-z_]\w*", site.m[site.cspan[1]:site.cspan[2]] + mb))
    label = next((lb for lb in _LABELS if lb not in used), None)
    if label is None:
        raise Manual("no free label name for the caller's remaining code")
    body, needs_label = _returns(body, site.form, site.var, merged, merged_init, label)
    if needs_label and not names.after_call.strip(" \t\n}"):
        raise Manual(f"the call is the last statement of {site.caller}(); nothing to jump to")
    line = site.text[site.text.rfind("\n", 0, site.item.start) + 1:]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    lines = [indent + ln for ln in prelude] + body.splitlines()
    if needs_label:
        lines.append(f"{label}:")
    return lines


@functools.lru_cache(maxsize=16)     # understand and every render of the plan fold the same text
def fold(text: str, helper: str) -> Fold:
    """The merged function's pieces, or Manual(why)."""
    site = _call_site(text, ctext.mask(text), helper)
    names = _caller_names(site)
    hdecls, body = _helper_parts(site)
    hlabels = _helper_labels(site, body)
    _check_names(site, names.names, hdecls, body, hlabels)
    body = _substitute(body, site)
    hdecls = [(t, n, _substitute(i, site) if i is not None else None) for t, n, i in hdecls]
    _check_hidden(site, names.names, hdecls)
    mb = ctext.mask(body)
    merged_into, merged_init = _merge_target(site, names, hdecls, body)
    merge: list[tuple[str, str]] = []
    prelude: list[str] = []
    if merged_into is not None:
        body, merge, prelude, hdecls = _merge_result(site, names, hdecls, body, merged_into, merged_init)
    decls, local_prelude = _helper_locals(site, names, hdecls)
    lines = _replacement(site, names, body, mb, prelude + local_prelude, merged_into is not None, merged_init)
    return Fold(helper=helper, caller=site.caller, call=" ".join(site.item.text.split()),
                replacement=tuple(lines), merge=tuple(merge), decls=tuple(decls),
                caller_decls=bool(names.locals))


def _call_form(item: Item | None, helper: str) -> tuple[str, str | None]:
    if item is None:
        return "", None
    s = " ".join(ctext.mask(item.text).split())
    h = re.escape(helper)
    if re.fullmatch(rf"{h}\s*\(.*\)\s*;", s):
        return "stmt", None
    mm = re.fullmatch(rf"([A-Za-z_]\w*)\s*=\s*{h}\s*\(.*\)\s*;", s)
    if mm:
        return "assign", mm.group(1)
    if re.fullmatch(rf"return\s+{h}\s*\(.*\)\s*;", s):
        return "return", None
    return "", None


def _side_effects(expr: str) -> bool:
    return bool(re.search(r"\(|\+\+|--|[^=!<>]=[^=]", ctext.mask(expr)))


def _returns(body: str, form: str, var: str | None, merged: bool, init: str | None,
             label: str) -> tuple[str, bool]:
    """BODY with its returns turned into the caller's flow; and whether LABEL is jumped to."""
    if form == "return":
        return body, False
    m = ctext.mask(body)
    rets = [r.start() for r in re.finditer(r"\breturn\b", m)]
    items = block_items("{" + body + "}", 0)
    last = items[-1] if items else None
    edits: list[tuple[int, int, str]] = []
    jumped = False
    for k in rets:
        end = m.index(";", k) + 1
        value = " ".join(body[k + 6:end - 1].split())
        is_last = last is not None and last.start - 1 == k
        line_start = body.rfind("\n", 0, k) + 1
        rest = body[line_start:]
        ind = rest[:len(rest) - len(rest.lstrip(" \t"))]
        if is_last:
            if form == "assign" and not (merged and value == var):
                new = f"{var} = {value};"
            elif form == "stmt" and value and _side_effects(value):
                new = f"{value};"
            else:
                new = ""
            if new:
                edits.append((k, end, new))
            else:
                # drop the line (and a blank line left before it)
                a = line_start
                b = end + 1 if body[end:end + 1] == "\n" else end
                edits.append((a, b, ""))
            continue
        jumped = True
        stmts = []
        if form == "assign":
            keep = value == var or (merged and init is not None and value == " ".join(init.split())
                                    and not writes(m, var or "", 0, k))
            if not keep:
                stmts.append(f"{var} = {value};")
        elif value and _side_effects(value):
            stmts.append(f"{value};")
        stmts.append(f"goto {label};")
        before = m[:k].rstrip()
        unbraced = before.endswith(")") or re.search(r"\belse$", before)
        if len(stmts) == 1:
            edits.append((k, end, stmts[0]))
        elif unbraced:
            outer = ind[:-1] if ind.endswith("\t") else ind[:-8]
            brace_at = len(before)
            inner = "\n".join(ind + st for st in stmts)
            edits.append((brace_at, end, " {\n" + inner + "\n" + outer + "}"))
        else:
            edits.append((k, end, ("\n" + ind).join(stmts)))
    out = _sub(body, edits)
    out = re.sub(r"\n[ \t]*\n(\s*)$", r"\n\1", out).rstrip()
    return out, jumped


def _smpl_lines(code: str, mark: str) -> str:
    return "\n".join(mark + ln if ln.strip() else mark for ln in code.splitlines())


def _quoted_call(s: Suggestion, text: str) -> str | None:
    code = " ".join(ln.strip() for ln in (s.anchor.code or s.quoted) if ln.strip())
    defined = {f.name for f in ctext.functions(text)}
    for mm in re.finditer(r"([A-Za-z_]\w*)\s*\(", code):
        if mm.group(1) in defined and mm.group(1) != s.anchor.function:
            return mm.group(1)
    return None


@dataclass
class ExprFold:
    """A helper whose body is one `return EXPR;`: each call becomes EXPR with the arguments put in."""
    helper: str
    caller: str
    params: list[str]
    expr: str                                    # the returned expression, as written


_SIMPLE_ARG = re.compile(r"&?[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*|\[\w+\])*|\d+[uUlL]*")


def expression_fold(text: str, helper: str) -> ExprFold:
    """The fold of a one-expression helper into its single caller, wherever the call stands (an
    initializer, a condition); Manual when the helper is more than `return EXPR;` or an argument is
    not a plain name, member or constant (put in as it is, it could change precedence or run twice)."""
    m = ctext.mask(text)
    hspan = function_span(text, helper)
    if hspan is None:
        raise Manual(f"{helper}() is not defined in this file")
    head, params = _header_params(text, hspan)
    if not re.search(r"\bstatic\b", ctext.mask(head)):
        raise Manual(f"{helper}() is not static: other files may call it")
    body = text[hspan[1]:hspan[2]].strip()
    mb = ctext.mask(body)
    mm = re.fullmatch(r"\{\s*return\b(.*);\s*\}", mb, re.S)
    if mm is None or ";" in mm.group(1):
        raise Manual(f"{helper}() is more than one return statement")
    expr = body[mm.start(1):mm.end(1)].strip()
    refs = [k for k in occurrences(m, helper, 0, len(m)) if not hspan[0] <= k < hspan[1]]
    calls = [k for k in refs if re.match(r"\s*\(", m[k + len(helper):])]
    if len(calls) != len(refs) or len(calls) != 1:
        raise Manual(f"{helper}() has {len(calls)} callers; it can only be folded into a single caller")
    cfun = ctext.function_at(text, text.count("\n", 0, calls[0]) + 1)
    if cfun is None:
        raise Manual(f"the call of {helper}() is not inside a function")
    p = m.index("(", calls[0])
    args = _split_args(text[p + 1:closing(m, p)])
    if len(args) != len(params):
        raise Manual(f"{helper}() is called with {len(args)} arguments for {len(params)} parameters")
    for a in args:
        if not _SIMPLE_ARG.fullmatch(a.strip()):
            raise Manual(f"the argument '{a.strip()}' of {helper}() is not a plain name; fold it by hand")
    return ExprFold(helper, cfun.name, [n for _, n in params], expr)


def _quoted_definition(s: Suggestion, text: str) -> str | None:
    """The function whose definition the quote starts with ("This helper has a single caller, please
    open-code it" under the helper itself), when the file defines it."""
    lines = [ln.strip() for ln in E.quote_code(s.quoted) if ln.strip()]
    if not lines:
        return None
    head = ctext.mask(lines[0])
    mm = re.match(r"(?:static\s+|inline\s+|__always_inline\s+|const\s+|struct\s+|unsigned\s+)*"
                  r"[A-Za-z_]\w*[\s*]+(?:__\w+\s+)*([A-Za-z_]\w*)\s*\(", head)
    if mm is None or head.rstrip().endswith(";") or re.match(r"(return|if|while|for|switch)\b", head):
        return None
    defined = {f.name for f in ctext.functions(text)}
    return mm.group(1) if mm.group(1) in defined else None


def _quoted_helper(s: Suggestion, text: str) -> str | None:
    """The static function the quote lies in, when the comment speaks of it as a whole ("this helper",
    "open-code it") and the quote calls no function of the file: the reviewer quoted the helper."""
    fn = s.anchor.function
    if not fn or not re.search(r"\b(helper|wrapper|function|it|this)\b", s.comment, re.I):
        return None
    span = function_span(text, fn)
    if span is None:
        return None
    return fn if re.search(r"\bstatic\b", ctext.mask(text[span[0]:span[1]])) else None


@dataclass(frozen=True)
class InlineHelperParams(Params):
    helper: str                  # the helper folded in
    caller: str                  # its single caller
    mode: str = ""               # "expression": a one-expression helper, open-coded in the call's place


class InlineHelper(Recipe[InlineHelperParams]):
    kind = "inline-helper"
    takes_away = True           # a doubting question may ask for it
    order = Phase.INLINING
    tidies_after_spatch = True  # spatch prints an iterator it adds as `list_for_each_entry (pos, ...)`

    def after_spatch(self, plan: Plan[InlineHelperParams], path: str, before: str, after: str) -> str:
        """AFTER with the loop macros of the lines the fold added written as the kernel does, without a
        space before their parenthesis."""
        old = set(before.splitlines())
        names = _iterators(tuple(ln for ln in after.splitlines() if ln not in old))
        if not names:
            return after
        rx = re.compile(r"^(\s*(?:" + "|".join(map(re.escape, names)) + r"))\s+\(")
        return "".join(rx.sub(r"\1(", ln) if ln.rstrip("\n") not in old else ln
                       for ln in after.splitlines(keepends=True))

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[InlineHelperParams] | None:
        if not _asks_fold(s.comment) or drop_inline.asks(s.comment) or drop_inline.keeps(s.comment):
            return None          # "no inline in .c files": the keyword goes, not the helper (drop-inline);
            #                      "keep inline here": nothing goes
        helper = _quoted_call(s, ctx.text) or _quoted_definition(s, ctx.text) or _quoted_helper(s, ctx.text)
        if helper is None:
            return None
        if _TO_HEADER.search(s.comment):
            raise Manual(f"the comment asks for {helper}() as a static inline function or in a header, not "
                         "folded into its caller: which header, and the definition's move there, are for the "
                         "author")
        try:
            f = fold(ctx.text, helper)
        except Manual as why:
            try:
                ef = expression_fold(ctx.text, helper)
            except Manual as why2:
                # for a one-expression helper, why the expression cannot go in is the reason to give
                raise (why if "more than one return" in str(why2) else why2) from None
            return Plan(kind=self.kind, slug=helper, order=self.order, files=[ctx.path],
                        params=InlineHelperParams(helper=helper, caller=ef.caller, mode="expression"),
                        summary=f"Open-code {helper}() in {ef.caller}()")
        return Plan(kind=self.kind, slug=helper, order=self.order, files=[ctx.path],
                    params=InlineHelperParams(helper=helper, caller=f.caller),
                    summary=f"Fold {helper}() into {f.caller}()")

    def render(self, s: Suggestion, plan: Plan[InlineHelperParams], ctx: CodeContext) -> str:
        text = ctx.text
        if plan.params.mode == "expression":
            return self._render_expression(s, expression_fold(text, plan.params.helper))
        f = fold(text, plan.params.helper)
        notes = [f"{f.helper}() has a single caller, {f.caller}(): its body replaces the call,",
                 "parameters become the arguments, returns become the caller's flow, and its locals",
                 "join the caller's declarations.  The helper's definition goes."]
        out = [R.header(f"Fold {f.helper}() into {f.caller}()", s, notes)]
        out.append(f"@helper@\nidentifier h = {f.helper};\ntype T;\n@@\n\n- T h(...) {{ ... }}\n")
        iterators = "".join(f"iterator name {n};\n" for n in _iterators(f.replacement))
        out.append(f"@call depends on helper@\nidentifier fn = {f.caller};\n{iterators}@@\n\n fn(...) {{\n <...\n"
                   f"- {f.call}\n" + _smpl_lines("\n".join(f.replacement), "+") + "\n ...>\n }\n")
        for i, (old, new) in enumerate(f.merge):
            out.append(f"@merge{i} depends on call@\nidentifier fn = {f.caller};\n@@\n\n fn(...) {{\n"
                       f" ... when any\n- {old}\n+ {new}\n ... when any\n }}\n")
        if f.decls and f.caller_decls:
            out.append(f"@decls depends on call@\nidentifier fn = {f.caller};\ndeclaration d;\nstatement S;\n@@\n\n"
                       f" fn(...) {{\n ... when any\n d\n" + _smpl_lines("\n".join(f.decls), "+ ")
                       + "\n S\n ... when any\n }\n")
        elif f.decls:
            # the caller declares nothing: the helper's locals open its body
            out.append(f"@decls depends on call@\nidentifier fn = {f.caller};\nstatement S;\n@@\n\n"
                       f" fn(...) {{\n" + _smpl_lines("\n".join(f.decls), "+ ") + "\n+\n S\n ... when any\n }\n")
        return "\n".join(out)

    @staticmethod
    def _render_expression(s: Suggestion, ef: ExprFold) -> str:
        notes = [f"{ef.helper}() has a single caller, {ef.caller}(), and returns one expression: the",
                 "expression replaces the call, the parameters become the arguments (plain names only,",
                 "so nothing runs twice and no parentheses are needed).  The helper's definition goes."]
        metas = [f"E{i}" for i in range(len(ef.params))]
        expr = ef.expr
        for name, meta in zip(ef.params, metas, strict=True):
            expr = _rename(expr, name, meta)
        decl = f"expression {', '.join(metas)};\n" if metas else ""
        out = [R.header(f"Open-code {ef.helper}() in {ef.caller}()", s, notes)]
        out.append(f"@helper@\nidentifier h = {ef.helper};\ntype T;\n@@\n\n- T h(...) {{ ... }}\n")
        out.append(f"@call depends on helper@\nidentifier fn = {ef.caller};\n{decl}@@\n\n fn(...) {{\n <...\n"
                   f"- {ef.helper}({', '.join(metas)})\n+ {expr}\n ...>\n }}\n")
        return "\n".join(out)

    def verify(self, s: Suggestion, plan: Plan[InlineHelperParams], before: str, after: str) -> str:
        helper, caller = plan.params.helper, plan.params.caller
        m = ctext.mask(after)
        if re.search(rf"\b{re.escape(helper)}\b", m):
            return f"{helper}() is still in the file"
        span = function_span(after, caller)
        if span is None:
            return f"{caller}() is gone"
        if plan.params.mode != "expression":
            return _missing_declaration(before, helper, after[span[1]:span[2]])
        return ""

    def is_applied(self, s: Suggestion, plan: Plan[InlineHelperParams], current: str) -> bool:
        """True when CURRENT no longer has the helper and still has the caller."""
        return self.verify(s, plan, current, current) == ""


def _iterators(lines: tuple[str, ...]) -> list[str]:
    """The macros LINES use as loop heads (`list_for_each_entry(pos, head, member)` with a statement after
    it, not a `;`): SmPL parses the body it adds only when they are declared iterators."""
    heads = (re.fullmatch(r"\s*([A-Za-z_]\w*)\s*\(.*\)\s*\{?\s*", ctext.mask(ln)) for ln in lines)
    return sorted({m.group(1) for m in heads if m and m.group(1) not in ("if", "for", "while", "switch", "return")})


def _missing_declaration(before: str, helper: str, caller_body: str) -> str:
    """Why the caller's body (CALLER_BODY, after the fold) lacks a local the fold moves into it from the
    helper of BEFORE; '' when each is declared there."""
    try:
        f = fold(before, helper)
    except Manual:
        return ""                   # BEFORE is not the text the plan folded (a second run): nothing to hold
    body = " ".join(caller_body.split())
    for d in f.decls:
        if " ".join(d.split()) not in body:
            return f"the helper's local declaration '{d}' did not arrive in {f.caller}()"
    return ""


RECIPE = InlineHelper()
