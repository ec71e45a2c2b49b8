"""Drop a local variable and rewrite every use of it.

Evidence: the comment says the thing is not needed (drop / remove / no need / get rid of ...)
and the quoted code declares or assigns a local variable of the anchored function.  The
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

import bisect

import re
from dataclasses import dataclass
from typing import TypedDict

from patches import ctext
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from patches.model import Suggestion

INTENT = re.compile(r"\b(drop|remove|no need|not needed|unneeded|unnecessary|get rid of|superfluous|"
                    r"pointless|useless|redundant)\b", re.I)
_KEYWORDS = {"return", "goto", "if", "else", "for", "while", "do", "switch", "case", "sizeof",
             "break", "continue", "default", "typeof"}
_TYPE_WORDS = {"const", "volatile", "static", "unsigned", "signed", "struct", "union", "enum",
               "int", "long", "short", "char", "bool", "void", "float", "double"}
_DECL = re.compile(r"^(?P<type>(?:[A-Za-z_]\w*\s+|\*\s*)*?[A-Za-z_]\w*[\s*]+)(?P<name>[A-Za-z_]\w*)"
                   r"\s*(?:=\s*(?P<init>.*))?;$", re.S)
_ASSIGN = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=(?!=)\s*(?P<value>.*);$", re.S)
_ASSERT = re.compile(r"\b(?:VM_)?(?:WARN|BUG)_ON(?:_ONCE)?\s*\(")


# ---- small C helpers shared by the structural recipes ----

@dataclass(frozen=True)
class Stmt:
    """One top-level statement or declaration of a block: its text span in the file."""

    start: int      # offset of its first character
    end: int        # offset just after its last character (';' or '}')
    text: str


def function_span(text: str, name: str) -> tuple[int, int, int] | None:
    """(offset of the header's first char, offset of '{', offset just after '}') of function NAME."""
    f = ctext.function_named(text, name)
    if f is None:
        return None
    offs = line_offsets(text)
    start = offs[f.start - 1]
    m = ctext.mask(text)
    # the header area may begin with preprocessor lines (a #define right above the function)
    while True:
        line_end = m.find("\n", start)
        line = m[start:line_end]
        if line_end < 0 or not (line.strip() == "" or line.lstrip().startswith("#")):
            break
        start = line_end + 1
    brace = m.index("{", offs[f.body_start - 1])
    close = matching(m, brace)
    return start, brace, close + 1


def line_offsets(text: str) -> list[int]:
    """Offsets at which the lines of TEXT start."""
    offs = [0]
    for i, c in enumerate(text):
        if c == "\n":
            offs.append(i + 1)
    return offs


def line_at(offs: list[int], off: int) -> int:
    """The 1-based line holding offset OFF, given the line_offsets() of the text."""
    return bisect.bisect_right(offs, off)


def matching(masked: str, i: int) -> int:
    """Offset of the bracket closing the one at I (in masked text)."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    stack = []
    for j in range(i, len(masked)):
        c = masked[j]
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                return j
            if not stack:
                return j
    return len(masked) - 1


def block_items(text: str, open_brace: int) -> list[Stmt]:
    """The top-level items (declarations, statements) of the block opened at OPEN_BRACE."""
    m = ctext.mask(text)
    close = matching(m, open_brace)
    items: list[Stmt] = []
    i = open_brace + 1
    while i < close:
        while i < close and m[i].isspace():
            i += 1
        if i >= close:
            break
        j = _item_end(m, i, close)
        items.append(Stmt(i, j, text[i:j]))
        i = j
    return items


def _item_end(m: str, i: int, limit: int) -> int:
    """End of the statement starting at I (masked text)."""
    word = re.match(r"[A-Za-z_]\w*", m[i:limit])
    w = word.group(0) if word else ""
    if w in ("if", "for", "while", "switch"):
        p = m.index("(", i)
        j = _skip_ws(m, matching(m, p) + 1, limit)
        end = _item_end(m, j, limit)
        if w == "if":
            k = _skip_ws(m, end, limit)
            if m.startswith("else", k) and not re.match(r"\w", m[k + 4:k + 5]):
                end = _item_end(m, _skip_ws(m, k + 4, limit), limit)
        return end
    if w == "do":
        end = _item_end(m, _skip_ws(m, i + 2, limit), limit)
        return m.index(";", end) + 1
    if w == "else":
        return _item_end(m, _skip_ws(m, i + 4, limit), limit)
    if m[i] == "{":
        return matching(m, i) + 1
    label = re.match(r"[A-Za-z_]\w*\s*:(?!:)", m[i:limit])
    if label and w not in ("default",) and not m[i:limit].startswith("case"):
        return i + label.end()
    j = i
    while j < limit:
        c = m[j]
        if c in "({[":
            j = matching(m, j) + 1
            continue
        if c == ";":
            return j + 1
        j += 1
    return limit


def _skip_ws(m: str, i: int, limit: int) -> int:
    while i < limit and m[i].isspace():
        i += 1
    return i


def is_declaration(stmt: str) -> bool:
    s = ctext.mask(stmt).strip()
    if re.match(r"(DEFINE|DECLARE)_\w+\s*\(", s):
        return True
    m = _DECL.match(s)
    if not m:
        return False
    words = re.findall(r"[A-Za-z_]\w*", m.group("type"))
    return bool(words) and words[0] not in _KEYWORDS


def decl_parts(stmt: str) -> tuple[str, str, str | None] | None:
    """(type, name, initializer or None) of a single-declarator declaration."""
    s = stmt.strip()
    m = _DECL.match(s)
    if not m:
        return None
    init = m.group("init")
    if init is None and "," in ctext.mask(s):
        return None
    if init is not None and _top_level_comma(init):
        return None
    return " ".join(m.group("type").split()).replace("* ", "*").strip(), m.group("name"), \
        (init.strip() if init is not None else None)


def _top_level_comma(expr: str) -> bool:
    depth = 0
    for c in ctext.mask(expr):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            return True
    return False


def ident_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.>]|->)\b{re.escape(name)}\b(?!\s*:(?!:))")


def occurrences(masked: str, name: str, start: int, end: int) -> list[int]:
    """Offsets of identifier NAME in MASKED[start:end] (not as a member after . or ->)."""
    out = []
    for m in re.finditer(rf"\b{re.escape(name)}\b", masked[start:end]):
        k = start + m.start()
        before = masked[:k].rstrip()
        if before.endswith(".") or before.endswith("->"):
            continue
        out.append(k)
    return out


def writes(masked: str, name: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end) where NAME is assigned, incremented, or has its address taken."""
    out = []
    for k in occurrences(masked, name, start, end):
        after = masked[k + len(name):end]
        before = masked[start:k].rstrip()
        if re.match(r"\s*(=(?!=)|\+=|-=|\*=|/=|%=|&=|\|=|\^=|<<=|>>=|\+\+|--)", after):
            out.append(k)
        elif before.endswith("++") or before.endswith("--"):
            out.append(k)
        elif before.endswith("&") and not re.search(r"(&&|[\w)\]]\s*&)$", before):
            out.append(k)
    return out


def passed(masked: str, name: str, start: int, end: int) -> bool:
    """True when NAME is passed to a call (as an argument) in [start, end): the callee may change
    what it points to."""
    for k in occurrences(masked, name, start, end):
        before = masked[start:k].rstrip()
        after = masked[k + len(name):end].lstrip()
        if (before.endswith("(") or before.endswith(",")) and after[:1] in (",", ")"):
            return True
    return False


def read_names(expr: str) -> list[str]:
    """Identifiers EXPR reads (not called functions, not members, not macros-constants in caps)."""
    m = ctext.mask(expr)
    names = []
    for t in re.finditer(r"[A-Za-z_]\w*", m):
        w = t.group(0)
        rest = m[t.end():].lstrip()
        before = m[:t.start()].rstrip()
        if rest.startswith("(") or w in _KEYWORDS or w in _TYPE_WORDS:
            continue
        if before.endswith(".") or before.endswith("->"):
            continue
        if w not in names:
            names.append(w)
    return names


def needs_parens(expr: str) -> bool:
    """True when EXPR is not a primary/postfix expression (identifier, call, member, literal)."""
    m = ctext.mask(expr).strip()
    if re.fullmatch(r"[A-Za-z_]\w*|\d+\w*|0[xX][0-9a-fA-F]+\w*", m):
        return False
    depth = 0
    for i, c in enumerate(m):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and not (c.isalnum() or c in "_." or c.isspace()) and not m.startswith("->", i) \
                and not m[i - 1:i + 1] == "->":
            return True
    return False


def quote_header(title: str, s: Suggestion, notes: list[str], confidence: str = "High") -> str:
    """The header of a generated rule, in the style of the kernel's scripts/coccinelle/*.cocci."""
    lines = [f"/// {title}", "///"]
    lines += [f"//# {n}" for n in notes]
    who = str(s.reviewer) if s.reviewer else "the reviewer"
    lines.append(f"//# Review comment by {who}:")
    for q in s.quoted or s.anchor.code:
        lines.append(f"//#   > {q}")
    for c in s.comment.splitlines():
        lines.append(f"//#   {c}".rstrip())
    if s.response_text:
        lines.append("//# Answer:")
        for c in s.response_text.splitlines()[:6]:
            lines.append(f"//#   {c}".rstrip())
    lines += ["//", f"// Confidence: {confidence}", "// Comments: generated by respin from the review",
              "// Options: --no-includes --include-headers", ""]
    return "\n".join(lines)


def smpl_code(code: str, indent: str = "") -> str:
    """CODE (C text, possibly several lines) as SmPL context lines (leading space column)."""
    return "\n".join(" " + indent + ln.strip() if ln.strip() else "" for ln in code.splitlines())


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
    order = Phase.SETTLED_STATEMENTS
    # the more specific reading of a removal; a local passed on as an argument ("no need for the len
    # local, pass strlen() directly") goes with its value, not as an argument
    supersedes = ("remove-statements", "drop-argument")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropVariableParams] | None:
        if not INTENT.search(s.comment) or not ctx.function:
            return None
        names = _candidates(_quoted(s))
        if not names:
            return None
        named = [n for n in names if _named(s.comment, n)]
        if len(named) == 1:
            var = named[0]
        elif len(names) == 1 and not re.search(r"\b(comment|line|statement|check|call)s?\b", s.comment, re.I):
            var = names[0]
        else:
            return None
        analysis = analyse(ctx.text, ctx.function, var)
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
        out = [quote_header(f"Drop the {var} variable in {fn}()", s, notes)]
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
        out.append(f"@uses@\nidentifier fn = {fn};\n{sym}@@\n\n"
                   f" fn(...) {{\n <...\n- {var}\n+ {_paren(rest)}\n ...>\n }}\n")
        # 4. the declaration
        if p.assigned:
            out.append(f"@decl@\nidentifier fn = {fn};\n{sym}type T;\n@@\n\n"
                       f" fn(...) {{\n ... when any\n- T {var};\n ... when any\n }}\n")
        else:
            out.append(f"@decl@\nidentifier fn = {fn};\n{sym}type T;\nexpression E;\n@@\n\n"
                       f" fn(...) {{\n ... when any\n- T {var} = E;\n ... when any\n }}\n")
        return "\n".join(out)

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


def _paren(expr: str) -> str:
    return f"({expr})" if needs_parens(expr) else expr


def _minus(code: str) -> str:
    return "\n".join("- " + ln.strip() for ln in code.splitlines() if ln.strip())


def _plus(code: str) -> str:
    return "\n".join("+ " + ln.strip() for ln in code.splitlines() if ln.strip())


def _replace_ident(code: str, name: str, new: str) -> str:
    m = ctext.mask(code)
    ks = occurrences(m, name, 0, len(m))
    for k in reversed(ks):
        code = code[:k] + new + code[k + len(name):]
    return code


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
    # the declaration
    decl = None
    for it in block_items(text, brace):
        if is_declaration(it.text):
            p = decl_parts(it.text)
            if p and p[1] == var:
                decl = (it, p)
    if decl is None:
        raise Manual(f"{var} is not a local variable declared at the top of {function}()")
    ditem, (_, _, init) = decl
    uses = [k for k in occ if not ditem.start <= k < ditem.end]
    w = writes(m, var, brace, end)
    if any(m[k - 1:k] == "&" or m[:k].rstrip().endswith("&") for k in w):
        raise Manual(f"the address of {var} is taken in {function}(); dropping it is not safe")
    if init is not None and w:
        raise Manual(f"{var} is initialized and assigned again in {function}()")
    if len(w) > 1:
        raise Manual(f"{var} is assigned {len(w)} times in {function}(); no single value replaces it")
    if init is None and not w:
        raise Manual(f"{var} is never assigned in {function}()")
    if init is not None:
        value, vstart, vend = init, ditem.end, ditem.end
    else:
        k = w[0]
        stmt_end = m.index(";", k) + 1
        am = _ASSIGN.match(text[k:stmt_end])
        if not am:
            raise Manual(f"the assignment of {var} in {function}() is not a plain statement")
        value, vstart, vend = am.group("value").strip(), k, stmt_end
    value = " ".join(value.split())
    uses = [k for k in uses if not vstart <= k < vend]
    if any(k < vstart for k in uses):
        raise Manual(f"{var} is used before it is assigned in {function}()")
    reads = read_names(value)
    if var in reads:
        raise Manual(f"the value of {var} reads {var} itself")

    derefs = [n for n in reads if re.search(rf"\b{re.escape(n)}\s*(->|\.)", ctext.mask(value))]

    def changed(upto: int) -> list[str]:
        # a variable written, or (for one the value reads through -> or .) passed to a call
        return [n for n in reads if writes(m, n, vend, upto)
                or (n in derefs and passed(m, n, vend, upto))]

    asserts = _assertions(text, m, vend, end)
    simple = _simpler(var, value, asserts, reads, m, vend, end)
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
    if simple:
        value_stmts = [st for st in value_stmts if _ASSERT.search(st)]
    return {"value": value, "simple": simple, "assigned": init is None, "value_stmts": value_stmts,
            "uses": len(uses)}


def _stmt_around(text: str, m: str, k: int) -> str:
    a = max(m.rfind(";", 0, k), m.rfind("{", 0, k), m.rfind("}", 0, k)) + 1
    b = m.index(";", k) + 1
    return text[a:b].strip()


def _assertions(text: str, m: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(offset, left, right) of each `WARN_ON(left != right)`-style assertion in [start, end)."""
    out = []
    for a in _ASSERT.finditer(m, start, end):
        p = a.end() - 1
        q = matching(m, p)
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

    def is_applied(self, s: Suggestion, plan: Plan[DropVariableParams], current: str) -> bool:
        """True when CURRENT already has no trace of the variable (a second comment about it)."""
        return self.verify(s, plan, current, current) == ""


RECIPE = DropVariable()
