"""Drop a local variable and rewrite every use of it.

Evidence: the comment says the thing is not needed (drop / remove / no need / get rid of ...)
and the quoted code declares or assigns a local variable of the anchored function; or it names
that local and its value with a word that the value is to stand in its place ("dev is used once,
just use &pdev->dev directly").  The
variable's single assignment (or its initializer) gives the value that replaces its uses; the
declaration and the assignment go.

A use may only receive the assigned expression when nothing that expression reads changed
between the assignment and the use.  When something did change, an assertion in the function
that compares the variable (or the parts of its value) with a simpler expression settles the
value: ``WARN_ON(A != v)`` means the code after it relies on ``v == A``; ``WARN_ON(X != Y)`` with
``X - Y`` inside the assigned expression makes that difference 0.  Without such evidence the
suggestion is manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from cocci import render as R
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.alloc_fill import PURE_CALLS
from cocci.recipes.drop_unused_name import only_reads, used_later
from patches import ctext
from patches.ctext import (Item, block_items, closing, decl_parts, function_span, is_declaration, needs_parens,
                           occurrences, passed, read_names, top_level, writes)
from patches.model import Suggestion

INTENT = re.compile(r"\b(drop(?:ped)?|remov(?:e|ed)|no need|not(?:\s+(?:really|strictly|actually))?\s+needed|"
                    r"unneeded|unnecessary|get rid of|superfluous|pointless|useless|redundant)\b", re.I)
# what "no need for the ..." names when it is not the variable: a cast, a check, a label ... of its line
_OTHER_THING = re.compile(r"\b(?:comment|line|statement|check|call|cast|typecast|paren\w*|bracket|brace|"
                          r"goto|label|else|initiali[sz](?:er|ation)|include|space|tab)s?\b", re.I)
# the local's value written where the local is used: "just use &pdev->dev directly", "inline it"
_IN_PLACE = re.compile(r"\b(?:directly|in\s+place|inline\s+(?:it|that|this)|open[-\s]?code\s+it)\b", re.I)
# "The lock is pointless", "no need for the barrier": the noun the comment calls needless
_SUBJECT = re.compile(rf"\b(?:the|this|that|these|those)\s+([A-Za-z_]\w*)\s+(?:is|are|seems|looks)\s+"
                      rf"(?:\w+\s+)?{INTENT.pattern}|\bno\s+need\s+(?:for|of)\s+(?:the|this|that|a|an|any)\s+"
                      r"([A-Za-z_]\w*)", re.I)
# nouns that name the local itself
_LOCAL_NOUNS = {"variable", "variables", "var", "local", "locals", "temporary", "temp", "tmp", "assignment",
                "value", "intermediate", "copy"}


def _another_subject(comment: str, names: list[str]) -> bool:
    """Whether COMMENT calls needless a thing it names by a noun that is neither one of NAMES nor a word
    for a local ("The lock is pointless for a single load" under `nr = x;`: the lock goes, not nr)."""
    for m in _SUBJECT.finditer(" ".join(comment.split())):
        noun = next(g for g in m.groups() if g)
        if noun.lower() not in _LOCAL_NOUNS and noun not in names:
            return True
    return False


_ASSIGN = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=(?!=)\s*(?P<value>.*);$", re.S)
_ASSERT = re.compile(r"\b(?:VM_)?(?:WARN|BUG)_ON(?:_ONCE)?\s*\(")


# ---- the recipe ----

def _quoted(s: Suggestion) -> list[str]:
    return [ln.strip() for ln in (s.anchor.code or s.quoted) if ln.strip()]


def _candidates(code: list[str]) -> list[str]:
    """Variables the quoted lines declare or assign."""
    names: list[str] = []
    for stmt in re.findall(r"[^;{}]*;", " ".join(code)):
        stmt = stmt.strip()
        if stmt.startswith("return") or stmt.startswith("goto"):
            continue
        if is_declaration(stmt):
            p = decl_parts(stmt)
            if p and p[1] not in names:
                names.append(p[1])
        else:
            m = _ASSIGN.match(stmt)
            if m and m.group("name") not in names:
                names.append(m.group("name"))
    return names


def _the_subject(comment: str, name: str) -> bool:
    """Whether COMMENT says of NAME itself that it can go ("reg can be dropped", "drop reg", "no need
    for reg"), not only mentions it."""
    n = re.escape(name)
    return re.search(rf"\b{n}\b\s+(?:(?:is|isn't|is\s+not|seems|looks|can|could|should|may)\s+)+(?:be\s+)?"
                     rf"(?:\w+\s+)?{INTENT.pattern}|{INTENT.pattern}\s+(?:(?:for|of|the|this|that)\s+)*{n}\b",
                     comment, re.I) is not None


def _named(comment: str, name: str) -> bool:
    for w in re.findall(r"[A-Za-z_]\w*", comment):
        if w == name or w.rstrip("s") == name or w == name + "es":
            return True
    return False


@dataclass(frozen=True)
class DropVariableParams(InFunction):
    variable: str                # the local that goes
    value: str                   # the value its uses get
    simple: str                  # a simpler equal value for uses after the value's inputs change (or "")
    assigned: bool               # declared without a value, assigned once later
    value_stmts: list[str]       # the statements that may keep the full value
    uses: int                    # how many uses it has


class DropVariable(Recipe[DropVariableParams]):
    kind = "drop-variable"
    tidies_after_spatch = True      # the parentheses SmPL needs around a value that fills a whole operand
    takes_away = True           # a doubting question may ask for it
    order = Phase.SETTLED_STATEMENTS
    # the more specific reading of a removal; a local passed on as an argument ("no need for the len
    # local, pass strlen() directly") goes with its value, not as an argument
    supersedes = ("remove-statements", "drop-argument")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropVariableParams] | None:
        if not ctx.function:
            return None
        names = _candidates(_quoted(s))
        if not names:
            return None
        if not INTENT.search(s.comment):
            return self._inlined(s, ctx, names)
        named = [n for n in names if _named(s.comment, n)]
        subject = [n for n in named if _the_subject(s.comment, n)]
        if len(named) > 1 and len(subject) == 1:
            named = subject          # "reg can be dropped, just use ret"
        if len(named) == 1:
            var = named[0]
        elif len(names) == 1 and not _OTHER_THING.search(s.comment) and not E.reviewer_code(s) and \
                not _another_subject(s.comment, names):
            var = names[0]
        else:
            return None
        analysis = analyse(ctx.text, ctx.function, var)
        _not_used_later(ctx, var)
        return Plan(kind=self.kind, slug=var, order=self.order, files=[ctx.path],
                    params=DropVariableParams(ctx.function, variable=var, **analysis),
                    summary=f"Drop the {var} variable")

    def _inlined(self, s: Suggestion, ctx: CodeContext, names: list[str]) -> Plan[DropVariableParams] | None:
        """"just use &pdev->dev directly" under the quoted local that holds it: the local the comment names
        together with its value, and a word that the value is to stand in its place (directly, inline)."""
        if not _IN_PLACE.search(s.comment):
            return None
        said = ctext.norm(s.comment)
        found = []
        for var in (n for n in names if _named(s.comment, n)):
            try:
                analysis = analyse(ctx.text, ctx.function, var)
            except Manual:
                continue
            if re.search(rf"(?<![\w>.]){re.escape(ctext.norm(analysis['value']))}(?![\w(])", said):
                found.append((var, analysis))
        if len(found) != 1:
            return None
        var, analysis = found[0]
        _not_used_later(ctx, var)
        return Plan(kind=self.kind, slug=var, order=self.order, files=[ctx.path],
                    params=DropVariableParams(ctx.function, variable=var, **analysis),
                    summary=f"Drop the {var} variable")

    def render(self, s: Suggestion, plan: Plan[DropVariableParams], ctx: CodeContext) -> str:
        p = plan.params
        fn, var = p.function, p.variable
        value, simple = p.value, p.simple
        notes = [f"The local variable {var} of {fn}() is assigned once; its value replaces every use,",
                 "then its declaration and its assignment go."]
        if simple:
            notes.append(f"Uses after a change of what the value reads get {simple}, which an")
            notes.append(f"assertion in {fn}() establishes as equal to {var}.")
        out = [R.header(f"Drop the {var} variable in {fn}()", s, notes)]
        sym = f"symbol {var};\n"
        # 1. the assignment goes (before the uses are rewritten, so that it is still recognised)
        if p.assigned:
            out.append(f"@assign@\nidentifier fn = {fn};\n{sym}expression E;\n@@\n\n"
                       f" fn(...) {{\n <...\n- {var} = E;\n ...>\n }}\n")
        # 2. with a simpler value: an assertion that compares the variable keeps the full value
        if simple:
            val = _paren(value)
            out.append(f"@assert@\nidentifier fn = {fn};\n{sym}"
                       "identifier W =~ \"^(VM_)?(WARN|BUG)_ON(_ONCE)?$\";\nexpression X;\n@@\n\n"
                       f" fn(...) {{\n <...\n(\n W(X !=\n- {var}\n+ {val}\n )\n|\n W(\n- {var}\n+ {val}\n != X)\n)\n"
                       " ...>\n }\n")
        # 3. every other use
        rest = simple or value
        new = rest if _address_fits(ctx.text, fn, var, rest) else _paren(rest)
        out.append(f"@uses@\nidentifier fn = {fn};\n{sym}@@\n\n"
                   f" fn(...) {{\n <...\n- {var}\n+ {new}\n ...>\n }}\n")
        # 4. the declaration
        if p.assigned:
            out.append(f"@decl@\nidentifier fn = {fn};\n{sym}type T;\n@@\n\n"
                       f" fn(...) {{\n ... when any\n- T {var};\n ... when any\n }}\n")
        else:
            out.append(f"@decl@\nidentifier fn = {fn};\n{sym}type T;\nexpression E;\n@@\n\n"
                       f" fn(...) {{\n ... when any\n- T {var} = E;\n ... when any\n }}\n")
        return "\n".join(out)

    def after_spatch(self, plan: Plan[DropVariableParams], path: str, before: str, after: str) -> str:
        """AFTER without the parentheses the rule had to write around the value (SmPL would read `a * b`
        alone as a declaration) where every use it replaced was a whole operand (`f(x, a * b)`, `= a * b;`,
        `return a * b;`), and the function had no such parenthesized value before."""
        p = plan.params
        value = p.simple or p.value
        wrapped = f"({value})"
        if not needs_parens(value) or not _whole_operand_uses(before, p.function, p.variable, value):
            return after
        old_span, span = function_span(before, p.function), function_span(after, p.function)
        if old_span is None or span is None or wrapped in before[old_span[1]:old_span[2]]:
            return after
        return after[:span[1]] + after[span[1]:span[2]].replace(wrapped, value) + after[span[2]:]

    def verify(self, s: Suggestion, plan: Plan[DropVariableParams], before: str, after: str) -> str:
        fn, var = plan.params.function, plan.params.variable
        span = function_span(after, fn)
        if span is None:
            # the function may have been folded into another one by a later rule; look at the file
            body = ctext.mask(after)
        else:
            body = ctext.mask(after[span[1]:span[2]])
        if occurrences(body, var, 0, len(body)):
            return f"{var} is still used in {fn}()"
        return ""


def _not_used_later(ctx: CodeContext, var: str) -> None:
    """Manual when a later patch of the series adds uses of VAR to the function: they would be left
    without the variable."""
    if used_later(ctx, ctx.function, var):
        raise Manual(f"a later patch of the series uses {var} in {ctx.function}() too: dropping it here would "
                     "break that patch")


def _address_fits(text: str, function: str, var: str, value: str) -> bool:
    """Whether VALUE, an address `&a->b.c`, may stand for VAR without parentheses: a unary `&` binds
    tighter than any binary operator, so only a use followed by `->`, `.`, `[` or `(` needs them."""
    if not value.startswith("&") or needs_parens(value[1:]):
        return False
    span = function_span(text, function)
    if span is None:
        return False
    m = ctext.mask(text)
    return not any(re.match(r"\s*(?:->|\.|\[|\()", m[k + len(var):]) for k in occurrences(m, var, span[1], span[2]))


def _whole_operand_uses(text: str, function: str, var: str, value: str) -> bool:
    """Whether every use of VAR in FUNCTION (its declaration and assignment aside) is a whole operand that
    any expression fills without parentheses: a call's argument `f(a, VAR)`, a condition `if (VAR)`, the
    right side of a plain `=` or a `return VAR;`.  VALUE must hold no comma outside parentheses."""
    if "," in "".join(ctext.mask(value)[i] for i in top_level(ctext.mask(value))):
        return False
    span = function_span(text, function)
    if span is None:
        return False
    m = ctext.mask(text)
    found = occurrences(m, var, span[1], span[2])
    uses = [k for k in found[1:] if not re.match(r"\s*=(?!=)", m[k + len(var):])]
    if not uses:
        return False
    for k in uses:
        before, after = m[:k].rstrip(), m[k + len(var):].lstrip()
        argument = before[-1:] in ("(", ",") and after[:1] in (",", ")")
        assigned = re.search(r"(?<![=!<>+\-*/%&|^])=$", before) is not None and after[:1] == ";"
        returned = re.search(r"\breturn$", before) is not None and after[:1] == ";"
        if not (argument or assigned or returned):
            return False
    return True


def _paren(expr: str) -> str:
    return f"({expr})" if needs_parens(expr) else expr


class Analysis(TypedDict):
    value: str
    simple: str
    assigned: bool
    value_stmts: list[str]
    uses: int


def analyse(text: str, function: str, var: str) -> Analysis:
    """How VAR can go from FUNCTION: its value, the statements that may use it, or Manual(why)."""
    span = function_span(text, function)
    if span is None:
        raise Manual(f"{function}() is not in the file")
    _, brace, end = span
    m = ctext.mask(text)
    occ = occurrences(m, var, brace, end)
    if not occ:
        raise Manual(f"{var} does not occur in {function}()")
    ditem, init = _declared(text, brace, var, function)
    # the declaration's own `= init` is no assignment
    w = [k for k in writes(m, var, brace, end) if not ditem.start <= k < ditem.end]
    value, vstart, vend = _the_value(text, m, var, function, init, ditem.end, w)
    uses = [k for k in occ if not ditem.start <= k < ditem.end and not vstart <= k < vend]
    if any(k < vstart for k in uses):
        raise Manual(f"{var} is used before it is assigned in {function}()")
    reads = read_names(value)
    if var in reads:
        raise Manual(f"the value of {var} reads {var} itself")
    narrow = _narrow_type(ditem.text)
    if narrow and not re.fullmatch(r"(?:0[xX][\da-fA-F]+|\d+)[uUlL]*|'[^'\\]'", value):
        raise Manual(f"{var} is {narrow}: {value} written in its place is not cut to {narrow}, and what the "
                     "uses compute from it may change")
    simple = _simpler(var, value, _assertions(text, m, vend, end), reads, m, vend, end)
    # the value itself written in place of the uses (not one an assertion of the function settles): a call
    # that only computes from its arguments (strlen(), sizeof(), to_*()) may be made later, or twice
    does = "" if simple or all(c in PURE_CALLS for c in re.findall(r"\b([A-Za-z_]\w*)\s*\(", ctext.mask(value))) \
        else only_reads(ctext.mask(value))
    if does and (len(uses) > 1 or (uses and ";" in m[vend:uses[0]])):
        raise Manual(f"the value of {var} {does}: written in place of {'each use' if len(uses) > 1 else 'its use'} "
                     f"it would run {'again each time' if len(uses) > 1 else 'later'}")
    value_stmts = _value_statements(text, m, var, function, value, reads, vend, uses, simple)
    return {"value": value, "simple": simple, "assigned": init is None, "value_stmts": value_stmts,
            "uses": len(uses)}


def _declared(text: str, brace: int, var: str, function: str) -> tuple[Item, str | None]:
    """The declaration of VAR at the top of the block opened at BRACE, and its initializer (or None)."""
    decl = None
    for it in block_items(text, brace):
        if is_declaration(it.text):
            p = decl_parts(it.text)
            if p and p[1] == var:
                decl = (it, p[2])
    if decl is None:
        raise Manual(f"{var} is not a local variable declared at the top of {function}()")
    return decl


def _the_value(text: str, m: str, var: str, function: str, init: str | None, decl_end: int,
               w: list[int]) -> tuple[str, int, int]:
    """(the one value VAR is given, where the statement giving it starts and ends), given its
    initializer INIT and the offsets W where it is written; Manual when no single value replaces it."""
    if any(m[k - 1:k] == "&" or m[:k].rstrip().endswith("&") for k in w):
        raise Manual(f"the address of {var} is taken in {function}(); dropping it is not safe")
    if init is not None and w:
        raise Manual(f"{var} is initialized and assigned again in {function}()")
    if len(w) > 1:
        raise Manual(f"{var} is assigned {len(w)} times in {function}(); no single value replaces it")
    if init is None and not w:
        raise Manual(f"{var} is never assigned in {function}()")
    if init is not None:
        return " ".join(init.split()), decl_end, decl_end
    k = w[0]
    stmt_end = m.index(";", k) + 1
    am = _ASSIGN.match(text[k:stmt_end])
    if not am:
        raise Manual(f"the assignment of {var} in {function}() is not a plain statement")
    return " ".join(am.group("value").split()), k, stmt_end


def _value_statements(text: str, m: str, var: str, function: str, value: str, reads: list[str], vend: int,
                      uses: list[int], simple: str) -> list[str]:
    """The statements that may keep VALUE (with a simpler value: only those asserting it); Manual when a
    use sees something VALUE reads changed and no simpler value stands for it."""
    derefs = [n for n in reads if re.search(rf"\b{re.escape(n)}\s*(->|\.)", ctext.mask(value))]

    def changed(upto: int) -> list[str]:
        # a variable written, or (for one the value reads through -> or .) passed to a call or written through
        return [n for n in reads if writes(m, n, vend, upto)
                or (n in derefs and (passed(m, n, vend, upto) or _member_written(m[vend:upto], n)))]

    value_stmts: list[str] = []
    for k in uses:
        if not changed(k):
            if simple:
                st = _stmt_around(text, m, k)
                if st not in value_stmts:
                    value_stmts.append(st)
            continue
        if not simple:
            raise Manual(f"{', '.join(changed(k))} changes between the assignment of {var} and a use of it "
                         f"in {function}(); its value would not be the same there")
    # with a simpler value, the statements that may keep the full value are only those asserting it
    return [st for st in value_stmts if _ASSERT.search(st)] if simple else value_stmts


# integer types narrower than int: a value stored in such a local is cut to it
_NARROW = re.compile(r"^(?:const\s+)?(?:(?:__)?[us](?:8|16)|(?:un)?signed\s+(?:char|short)|char|short(?:\s+int)?|"
                     r"(?:unsigned\s+)?short(?:\s+int)?|bool|_Bool)$")


def _narrow_type(decl: str) -> str:
    """The type of the one variable DECL declares when it is narrower than int ('' otherwise)."""
    p = decl_parts(decl)
    t = " ".join(p[0].split()) if p else ""
    return t if _NARROW.match(t) else ""


def _member_written(masked: str, name: str) -> bool:
    """Whether MASKED stores into a member of NAME (`name->a = ...`, `name.b++`)."""
    member = rf"(?<![\w.>]){re.escape(name)}\s*(?:->|\.)(?:->|\[[^\]]*\]|[\w\s.])*?"
    return re.search(rf"{member}(?:(?:[-+*/|&^%]|<<|>>)?=(?!=)|\+\+|--)|(?:\+\+|--)\s*{re.escape(name)}\s*(?:->|\.)",
                     masked) is not None


def _stmt_around(text: str, m: str, k: int) -> str:
    a = max(m.rfind(";", 0, k), m.rfind("{", 0, k), m.rfind("}", 0, k)) + 1
    b = m.index(";", k) + 1
    return text[a:b].strip()


def _assertions(text: str, m: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(offset, left, right) of each `WARN_ON(left != right)`-style assertion in [start, end)."""
    out = []
    for a in _ASSERT.finditer(m, start, end):
        p = a.end() - 1
        q = closing(m, p)
        inner = text[p + 1:q]
        mi = ctext.mask(inner)
        depth = 0
        for i, c in enumerate(mi):
            if c in "([":
                depth += 1
            elif c in ")]":
                depth -= 1
            elif depth == 0 and mi.startswith("!=", i):
                out.append((a.start(), " ".join(inner[:i].split()), " ".join(inner[i + 2:].split())))
                break
    return out


def _simpler(var: str, value: str, asserts: list[tuple[int, str, str]], reads: list[str],
             m: str, vend: int, end: int) -> str:
    """An expression equal to VAR by an assertion, that reads nothing changed after the assignment."""
    for _, left, right in asserts:
        for a, b in ((left, right), (right, left)):
            if b == var:
                cand = a
                if not any(writes(m, n, vend, end) for n in read_names(cand)) and var not in read_names(cand):
                    return cand
        diff = f"{left} - {right}"
        if ctext.norm(diff) in ctext.norm(value):
            cand = _norm_replace(value, diff, "0")
            if cand and not any(writes(m, n, vend, end) for n in read_names(cand)):
                return cand
    return ""


def _norm_replace(value: str, old: str, new: str) -> str:
    toks, old_t = ctext.tokens(value), ctext.tokens(old)
    for i in range(len(toks) - len(old_t) + 1):
        if toks[i:i + len(old_t)] == old_t:
            out = toks[:i] + [new] + toks[i + len(old_t):]
            return _join(out)
    return ""


def _join(toks: list[str]) -> str:
    s = ""
    for t in toks:
        if not s or s[-1] in "(" or t in ",)" or (t == "(" and re.match(r"\w", s[-1])):
            s += t
        else:
            s += " " + t
    return s


RECIPE = DropVariable()
