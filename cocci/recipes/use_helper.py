"""Use the helper the reviewer names instead of its open-coded form: `sizeof(a) / sizeof(a[0])` ->
`ARRAY_SIZE(a)`, `(x + y - 1) / y` -> `DIV_ROUND_UP(x, y)`, `a < b ? a : b` -> `min(a, b)`, ...

Evidence: the comment names a well-known kernel helper (`ARRAY_SIZE()`, "DIV_ROUND_UP()?") that the
quoted code does not use yet, and the quoted lines hold the open-coded form of that helper (the table
below: each helper with the SmPL patterns of its open-coded forms and a check for them on the quoted
code).  The rule is pinned to the quoted lines of the anchored function.  A named helper whose
open-coded form is not in the quote is manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from cocci import render as R
from patches.ctext import Function, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import member_declarator, operand_type
from cocci.recipes.add_include import header_companion
from patches.model import Suggestion

WISH = ("use", "using", "prefer", "instead", "rather", "can be", "could be", "should be", "there is",
        "there's", "we have", "helper", "macro", "open-coded", "open coded", "open-code", "opencoded")


@dataclass(frozen=True)
class Helper:
    name: str
    metavars: tuple[str, ...]
    forms: tuple[str, ...]       # SmPL expressions; `@p` marks the token the position pins
    new: str                     # the replacement expression
    seen: str                    # regex over norm(mask(code)) that finds an open-coded form
    news: tuple[str, ...] = ()   # a replacement per form, when they differ (else `new` for all)
    strings: bool = False        # `seen` reads norm(code) with the strings' contents kept
    whole: bool = False          # a whole statement (a braced `if`) may be the open-coded form too
    only_whole: bool = False     # only a whole statement is (an if/else chain: its pieces are not)
    written: str = ""            # regex over the quote's norm(mask()): the form written to or its address taken


def _cond(op1: str, op2: str, first: str, second: str) -> tuple[str, ...]:
    return (f"X@p {op1} Y ? {first} : {second}", f"X@p {op2} Y ? {first} : {second}")


_E = r"(?:^|[=(,?:] |return )"      # where an expression starts


def _written(member: str) -> str:
    """A regex over norm(mask(code)): MEMBER assigned to (`->m = `, `.m |= `, `++`) or its address taken."""
    return rf"(?:->|\.) {member} (?:(?:\S{{1,2}} )?= (?!=)|\+\+|--)|(?:^|[^\w)\]] )& (?:\w+ (?:->|\.) )*{member}\b"

# the divisors DIV_ROUND_UP() is open-coded with as numbers (`(len + 7) / 8`): the rule matches the pair written
_DIVISORS = (2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 10, 100, 1000, 1000000, 1000000000)
# a form of numbers only (`(X@p + 7) / 8`): in a rule only when the quoted code writes those numbers
_NUMBERS_FORM = re.compile(r"\+ (\d+)\) / (\d+)$")


def _written_form(form: str, code: str) -> bool:
    """Whether FORM may go in the rule for the quoted CODE (norm(mask())): a form of numbers only when CODE
    writes those numbers."""
    m = _NUMBERS_FORM.search(form)
    return m is None or re.search(rf"\+ {m.group(1)} \) / {m.group(2)}\b", code) is not None


HELPERS: dict[str, Helper] = {h.name: h for h in (
    Helper("ARRAY_SIZE", ("expression E;",),
           ("sizeof@p(E) / sizeof(E[0])", "sizeof@p(E) / sizeof(*E)", "sizeof@p E / sizeof E[0]"),
           "ARRAY_SIZE(E)", r"sizeof \(? ?(.+?) \)? / sizeof \(? ?(\* ?\1|\1 \[ 0 \])"),
    Helper("DIV_ROUND_UP", ("expression X, Y;",),
           ("(X@p + Y - 1) / Y", "(X@p + (Y - 1)) / Y", *(f"(X@p + {d - 1}) / {d}" for d in _DIVISORS)),
           "DIV_ROUND_UP(X, Y)",
           r"\+ \(? ?(.+?) - 1 (\) )?\) / \1\b|\+ (?:" + "|".join(f"{d - 1} \\) / {d}" for d in _DIVISORS) + r")\b",
           news=("DIV_ROUND_UP(X, Y)", "DIV_ROUND_UP(X, Y)", *(f"DIV_ROUND_UP(X, {d})" for d in _DIVISORS))),
    Helper("min", ("expression X, Y;",),
           _cond("<", "<=", "X", "Y") + _cond(">", ">=", "Y", "X"),
           "min(X, Y)", _E + r"(.+?) (<|<=) (.+?) \? \1 : \3|" + _E + r"(.+?) (>|>=) (.+?) \? \6 : \4"),
    Helper("max", ("expression X, Y;",),
           _cond(">", ">=", "X", "Y") + _cond("<", "<=", "Y", "X"),
           "max(X, Y)", _E + r"(.+?) (>|>=) (.+?) \? \1 : \3|" + _E + r"(.+?) (<|<=) (.+?) \? \6 : \4"),
    Helper("ALIGN", ("expression X, A;",),
           ("(X@p + A - 1) & ~(A - 1)", "(X@p + (A - 1)) & ~(A - 1)"),
           "ALIGN(X, A)", r"- 1 \)? \) & ~ \("),
    Helper("BIT", ("expression N;",),
           # the parenthesised shift first: BIT() brings its own parentheses
           ("(1@p << N)", "(1U@p << N)", "(1UL@p << N)", "1@p << N", "1U@p << N", "1UL@p << N"),
           "BIT(N)", r"(?<![\w.])1(U|UL)? << "),
    # two bytes of an array read as a 16-bit value (the bytes' order says which helper)
    Helper("get_unaligned_le16", ("expression B;",),
           ("(B@p[1] << 8) | B[0]", "B@p[1] << 8 | B[0]", "B@p[0] | (B[1] << 8)", "B@p[0] | B[1] << 8"),
           "get_unaligned_le16(B)",
           r"(\S+) \[ 1 \] << 8 (?:\) )?\| \1 \[ 0 \]|(\S+) \[ 0 \] \| (?:\( )?\2 \[ 1 \] << 8"),
    Helper("get_unaligned_be16", ("expression B;",),
           ("(B@p[0] << 8) | B[1]", "B@p[0] << 8 | B[1]", "B@p[1] | (B[0] << 8)", "B@p[1] | B[0] << 8"),
           "get_unaligned_be16(B)",
           r"(\S+) \[ 0 \] << 8 (?:\) )?\| \1 \[ 1 \]|(\S+) \[ 1 \] \| (?:\( )?\2 \[ 0 \] << 8"),
    # an error pointer handed on as a pointer of another type
    Helper("ERR_CAST", ("expression X;",),
           ("ERR_PTR@p(PTR_ERR(X))",),
           "ERR_CAST(X)", r"\bERR_PTR \( PTR_ERR \("),
    Helper("list_first_entry", ("expression E;", "type T;", "identifier F;"),
           ("list_entry(E@p->next, T, F)",),
           "list_first_entry(E, T, F)", r"list_entry \( .+ -> next ,"),
    Helper("list_last_entry", ("expression E;", "type T;", "identifier F;"),
           ("list_entry(E@p->prev, T, F)",),
           "list_last_entry(E, T, F)", r"list_entry \( .+ -> prev ,"),
    Helper("list_entry", ("expression E;", "type T;", "identifier F;"),
           ("container_of(E@p, T, F)",),
           "list_entry(E, T, F)", r"container_of \("),
    # n & (n - 1) is 0 for a power of two, and for 0 as well: only a form that rules 0 out is one
    Helper("is_power_of_2", ("expression X;",),
           ("X@p && (X & (X - 1))", "X@p && !(X & (X - 1))", "X@p && (X & (X - 1)) == 0",
            "X@p != 0 && !(X & (X - 1))", "X@p != 0 && (X & (X - 1)) == 0",
            "!X@p || (X & (X - 1))", "X@p == 0 || (X & (X - 1))"),
           "is_power_of_2(X)", r"(&&|\|\|) (! )?\(? ?(.+?) & \( \3 - 1 \)",
           news=("X && !is_power_of_2(X)", "is_power_of_2(X)", "is_power_of_2(X)", "is_power_of_2(X)",
                 "is_power_of_2(X)", "!is_power_of_2(X)", "!is_power_of_2(X)")),
    # a struct with a flexible array of N elements: the same formula, saturating instead of overflowing
    Helper("struct_size", ("expression P, N;", "identifier F;"),
           ("sizeof(*P@p) + N * sizeof(P->F[0])", "sizeof(*P@p) + sizeof(P->F[0]) * N",
            "sizeof(*P@p) + N * sizeof(*P->F)", "sizeof(*P@p) + sizeof(*P->F) * N"),
           "struct_size(P, F, N)",
           r"sizeof \( \* (.+?) \) \+ (?:.+? \* )?sizeof \( (?:\* \1 -> \w+|\1 -> \w+ \[ 0 \]) \)"),
    Helper("IS_ERR_OR_NULL", ("expression X;",),
           ("!X@p || IS_ERR(X)", "X@p == NULL || IS_ERR(X)", "IS_ERR(X@p) || !X", "IS_ERR(X@p) || X == NULL"),
           "IS_ERR_OR_NULL(X)", r"IS_ERR \(.*\|\||\|\|.*IS_ERR \("),
    # <linux/device.h>'s accessors: a read of the member is the accessor; a write or its address is not
    Helper("dev_get_platdata", ("expression D;",), ("D@p->platform_data", "D@p.platform_data"),
           "dev_get_platdata(D)", r"(?:->|\.) platform_data\b", news=("dev_get_platdata(D)", "dev_get_platdata(&D)"),
           written=_written("platform_data")),
    Helper("dev_get_drvdata", ("expression D;",), ("D@p->driver_data", "D@p.driver_data"),
           "dev_get_drvdata(D)", r"(?:->|\.) driver_data\b", news=("dev_get_drvdata(D)", "dev_get_drvdata(&D)"),
           written=_written("driver_data")),
)}


# the same helpers open-coded as a statement that clamps a value in place: `if (x > MAX) x = MAX;`
# is `x = min(x, MAX);` (x is read and written as often as before)
def _clamps(first: str, second: str) -> str:
    """A regex over norm(mask(code)) for `if (x OP y) x = y` with OP in FIRST (or y OP x, OP in SECOND)."""
    return (rf"^if \( (.+?) ({first}) (.+?) \) (?:\{{ )?\1 = \3(?: ;)?(?: \}})?$|"
            rf"^if \( (.+?) ({second}) (.+?) \) (?:\{{ )?\6 = \4(?: ;)?(?: \}})?$")


def _braced_too(forms: tuple[str, ...]) -> tuple[str, ...]:
    """FORMS (`if (c) x = y;`) and the same with the body in braces (`if (c) { x = y; }`)."""
    return forms + tuple(re.sub(r"\) (.*;)$", r") { \1 }", f) for f in forms)


STATEMENT_HELPERS: dict[str, Helper] = {h.name: h for h in (
    Helper("min", ("expression X, Y;",),
           _braced_too(("if (X@p > Y) X = Y;", "if (X@p >= Y) X = Y;", "if (Y < X@p) X = Y;",
                        "if (Y <= X@p) X = Y;")),
           "X = min(X, Y);", _clamps(">|>=", "<|<="), whole=True),
    Helper("max", ("expression X, Y;",),
           _braced_too(("if (X@p < Y) X = Y;", "if (X@p <= Y) X = Y;", "if (Y > X@p) X = Y;",
                        "if (Y >= X@p) X = Y;")),
           "X = max(X, Y);", _clamps("<|<=", ">|>="), whole=True),
    # both bounds in one chain: `if (x < lo) x = lo; else if (x > hi) x = hi;` (only as a whole statement)
    Helper("clamp", ("expression X, L, H;",),
           ("if (X@p < L) X = L; else if (X > H) X = H;", "if (X@p < L) { X = L; } else if (X > H) { X = H; }",
            "if (X@p > H) X = H; else if (X < L) X = L;", "if (X@p > H) { X = H; } else if (X < L) { X = L; }"),
           "X = clamp(X, L, H);",
           r"^if \( (.+?) (<|>) (.+?) \) (?:\{ )?\1 = \3 ;(?: \})? else if \( \1 (?!\2)(<|>) (.+?) \) "
           r"(?:\{ )?\1 = \5 ;(?: \})?$",
           news=("X = clamp(X, L, H);", "X = clamp(X, L, H);", "X = clamp(X, L, H);", "X = clamp(X, L, H);"),
           whole=True, only_whole=True),
)}


# helpers open-coded as a run of statements: `if (IS_ERR(p)) return PTR_ERR(p); return 0;` is
# `return PTR_ERR_OR_ZERO(p);` (the `seen` regex reads the statements' norm(mask()) joined by a space)
SEQUENCE_HELPERS: dict[str, Helper] = {h.name: h for h in (
    Helper("PTR_ERR_OR_ZERO", ("expression X;",),
           ("if (IS_ERR(X@p))\n\treturn PTR_ERR(X);\nreturn 0;",
            "if (IS_ERR(X@p)) {\n\treturn PTR_ERR(X);\n}\nreturn 0;"),
           "return PTR_ERR_OR_ZERO(X);",
           r"^if \( IS_ERR \( (.+?) \) \) (?:\{ )?return PTR_ERR \( \1 \) ;(?: \})? return 0 ;$"),
)}


def string_choice(name: str) -> Helper | None:
    """The helper of <linux/string_choices.h> that NAME names: `str_WORD1_WORD2(v)` is
    `v ? "WORD1" : "WORD2"` (str_on_off, str_enabled_disabled, and the reversed str_off_on, ...),
    exactly those lower-case words; a parenthesized condition loses its parentheses."""
    m = re.fullmatch(r"str_([a-z]+)_([a-z]+)", name)
    if m is None:
        return None
    a, b = m.groups()
    return Helper(name, ("expression X;",), (f'(X@p) ? "{a}" : "{b}"', f'X@p ? "{a}" : "{b}"'),
                  f"{name}(X)", rf'\? " {a} " : " {b} "', strings=True)


# the helpers <linux/string_choices.h> defines for a bool (str_plural() takes a count)
STRING_CHOICES = frozenset(f"str_{a}_{b}" for pair in (
    ("enable", "disable"), ("enabled", "disabled"), ("hi", "lo"), ("high", "low"), ("read", "write"),
    ("on", "off"), ("yes", "no"), ("up", "down"), ("true", "false")) for a, b in (pair, pair[::-1]))
_STRING_HEADER = re.compile(r"\bstring[_ ]choices?\b", re.I)
_STRING_TERNARY = re.compile(r'\?\s*"([a-z]+)"\s*:\s*"([a-z]+)"')


def string_choice_in(comment: str, quoted: str) -> Helper | None:
    """The string-choice helper a COMMENT that names <linux/string_choices.h> but no helper asks for
    ("there are helpers in string_choices.h for this"): the one the QUOTED code's ternary of two
    string literals spells out, when all such ternaries there spell the same helper."""
    if not _STRING_HEADER.search(comment):
        return None
    names = {f"str_{a}_{b}" for a, b in _STRING_TERNARY.findall(quoted)}
    if len(names) != 1 or not names <= STRING_CHOICES:
        return None
    return string_choice(names.pop())


def _asked_helpers(s: Suggestion) -> tuple[list[Helper], bool]:
    """(the helpers S's comment names, whether the one found was taken from the string-choices header
    named alone); Manual when that header is named but the quote spells none of its helpers."""
    names = [n for n in E.named_identifiers(s.comment) if not E.rejected(s.comment, n)]
    named = [h for h in (helper_named(n) or helper_named(n, sequence=True) or helper_named(n, statement=True)
                         for n in names) if h is not None]
    if named or not _STRING_HEADER.search(s.comment):
        return named, False
    by_header = string_choice_in(s.comment, "\n".join(s.quoted))
    if by_header is None:
        raise Manual("the comment names <linux/string_choices.h>, but the quoted code has no ternary of "
                     "two strings that one of its helpers spells (or several different ones)")
    return [by_header], True


def _other_arguments_written(comment: str, name: str, quoted: str) -> bool:
    """Whether COMMENT writes NAME's call with a name in its arguments the QUOTED code does not have
    ("DIV_ROUND_UP(interval_ms, MSEC_PER_SEC)" under `(interval_ms + 999) / 1000`): the rule would write the
    quoted operands, not the reviewer's."""
    have = set(re.findall(r"[A-Za-z_]\w*", mask(quoted)))
    for m in re.finditer(rf"\b{re.escape(name)}\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)", comment):
        if set(re.findall(r"[A-Za-z_]\w*", m.group(1))) - have:
            return True
    return False


def _written_problem(helper: Helper, quoted: str) -> str:
    """Why HELPER cannot stand for the QUOTED code: it writes what the helper only reads; '' otherwise."""
    if helper.written and re.search(helper.written, norm(mask(quoted))):
        return f"the quoted code writes what {helper.name}() reads, or takes its address: {helper.name}() only reads it"
    return ""


def _not_in_tree(ctx: CodeContext, helper: Helper) -> str:
    """Why HELPER, a string choice, cannot be used: the tree's <linux/string_choices.h> does not define
    it (a name from a newer kernel, or none at all); '' when it does or the header cannot be read."""
    if string_choice(helper.name) is None or ctx.tree_read is None:
        return ""
    header = ctx.tree_read("include/linux/string_choices.h")
    if header is None or re.search(rf"\b{re.escape(helper.name)}\b", header):
        return ""
    return (f"{helper.name}() is not defined in this tree's <linux/string_choices.h>: the call would not build "
            "here, which helper to use (or adding it) is for the author")


def helper_named(name: str, statement: bool = False, sequence: bool = False) -> Helper | None:
    """The helper NAME of the expression (or, STATEMENT, the statement; SEQUENCE, the statement run)
    table, or a string choice."""
    if sequence:
        return SEQUENCE_HELPERS.get(name)
    if statement:
        return STATEMENT_HELPERS.get(name)
    return HELPERS.get(name) or string_choice(name)


def _table_helper(params: "UseHelperParams") -> Helper:
    h = helper_named(params.helper, params.statement, params.sequence)
    assert h is not None
    return h


def open_sequences(helper: Helper, text: str, first: int, last: int) -> list[E.Stmt]:
    """The runs of two consecutive statements within lines FIRST..LAST that open-code HELPER."""
    stmts = [st for st in E.statements(text, first, last) if st.norm]
    out: list[E.Stmt] = []
    for a, b in zip(stmts, stmts[1:], strict=False):
        if re.search(helper.seen, norm(mask(a.code)) + " " + norm(mask(b.code))):
            out.append(E.Stmt(a.start, b.end, tuple(text.splitlines()[a.start - 1:b.end])))
    return out


def _open(helper: Helper, params_sequence: bool, text: str, first: int, last: int) -> list[E.Stmt]:
    return (open_sequences if params_sequence else open_statements)(helper, text, first, last)


def open_coded(helper: Helper, code: str) -> bool:
    return re.search(helper.seen, norm(code) if helper.strings else norm(mask(code))) is not None


def open_statements(helper: Helper, text: str, first: int, last: int) -> list[E.Stmt]:
    """The pieces of code between `;`, `{` and `}` within lines FIRST..LAST that open-code HELPER
    (a `for` header's condition is a piece of its own)."""
    src = text.splitlines()
    m = mask(text).splitlines()
    out: list[E.Stmt] = []
    cur: list[int] = []
    acc = ""
    for no in range(first, min(last, len(m)) + 1):
        # the masked line finds the ends of the pieces; the piece is read from the source (mask keeps
        # the columns), so that a helper may look at strings
        for c, raw in zip(m[no - 1] + "\n", src[no - 1] + "\n", strict=False):
            if c in ";{}":
                if acc.strip() and not helper.only_whole and open_coded(helper, acc):
                    out.append(E.Stmt(cur[0], no, tuple(src[cur[0] - 1:no])))
                acc, cur = "", []
                continue
            if not cur and not c.isspace():
                cur = [no]
            acc += raw
    if helper.whole:                # `if (x > M) { x = M; }`: the braces end the pieces above
        seen = {st.start for st in out}
        out += [st for st in _if_chains(text, first, last) if st.start not in seen and open_coded(helper, st.code)]
        out.sort(key=lambda st: st.start)
    return out


def _if_chains(text: str, first: int, last: int) -> list[E.Stmt]:
    """The `if` statements within lines FIRST..LAST, each with the `else` branches that follow it."""
    stmts = E.statements(text, first, last)
    src = text.splitlines()
    out = []
    for i, st in enumerate(stmts):
        if not re.match(r"\s*if\b", st.code):
            continue
        j = i
        while j + 1 < len(stmts) and re.match(r"\s*(?:\}\s*)?else\b", stmts[j + 1].code):
            j += 1
        out.append(E.Stmt(st.start, stmts[j].end, tuple(src[st.start - 1:stmts[j].end])))
    return out


def _form_words(helper: Helper) -> set[str]:
    """The words of HELPER's open-coded forms other than its metavariables (`sizeof`, `IS_ERR`)."""
    metas = {m for decl in helper.metavars for m in re.findall(r"\b([A-Z])\b", decl)}
    # a suffix of a number (`1UL`) is no word
    return {w for f in helper.forms for w in re.findall(r"(?<![\w@])[A-Za-z_]\w*", f) if w not in metas}


def _int(expr: str) -> int | None:
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*", expr.replace(" ", ""))
    return int(m.group(1), 0) if m else None


def flex_problem(helper: Helper, code: str, text: str, fn: Function, texts: list[str]) -> str:
    """Why the open-coded size CODE (norm(mask())) is no struct_size(): the member it counts is a pointer
    (struct_size() checks for an array and would not build) or an array of fixed size (no flexible
    array to size).  '' when it is a flexible array or its declaration is out of sight."""
    if helper.name != "struct_size":
        return ""
    m = re.search(r"sizeof \( \* (.+?) \) \+ .*?sizeof \( (?:\* \1 -> (\w+)|\1 -> (\w+) \[ 0 \]) \)", code)
    if m is None:
        return ""
    base, member = m.group(1).replace(" ", ""), m.group(2) or m.group(3)
    st = re.fullmatch(r"struct ([A-Za-z_]\w*) \*", operand_type(text, fn, base, texts) or "")
    decl = member_declarator(texts, st.group(1), member) if st else None
    if decl is None or re.fullmatch(rf"{re.escape(member)}\[0?\]", decl):
        return ""
    what = "a pointer" if decl.startswith("*") else "an array of fixed size" if "[" in decl else "no array"
    return (f"struct {st.group(1) if st else ''} declares {decl}: {member} is {what}, not a flexible array; "
            "struct_size() is for a flexible array member")


_BYTE_TYPES = ("u8", "__u8", "uint8_t", "unsigned char")


def array_problem(helper: Helper, code: str, text: str, fn: Function,
                  type_of: Callable[[str], str | None]) -> str:
    """Why `sizeof(a) / sizeof(a[0])` in CODE (norm(mask())) is no ARRAY_SIZE(a): A is a pointer, or a
    parameter of FN (an array parameter is a pointer), for which ARRAY_SIZE() does not build and the
    open code divides the pointer's size; why two bytes of B are no get_unaligned_le16(B): B's elements
    are not unsigned bytes (a signed char's sign spreads through the open code), or their type is not
    known.  '' when nothing is wrong."""
    if helper.name.startswith("get_unaligned_"):
        m = re.search(helper.seen, code)
        name = (m.group(1) or m.group(2)).strip() if m else ""
        typ = " ".join((type_of(f"{name}[0]") or type_of(name) or "").split())
        element = typ[:-1].strip() if typ.endswith("*") else typ   # an array's or a pointer's
        if element not in _BYTE_TYPES:
            return (f"the elements of {name} are {element or 'of a type respin cannot read'}, not unsigned bytes: "
                    f"whether {helper.name}() reads the same value is for the author")
        return ""
    if helper.name != "ARRAY_SIZE":
        return ""
    m = re.search(helper.seen, code)
    name = m.group(1).strip() if m else ""
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        return ""
    header = mask("\n".join(text.splitlines()[fn.start - 1:fn.body_start]))
    declared = type_of(name)
    if (declared or "").endswith("*") or re.search(rf"\b{re.escape(name)}\s*(?:\[[^\]]*\]\s*)?[,)]", header):
        return (f"{name} is a pointer (or an array parameter, which is one): ARRAY_SIZE() takes an array, and "
                f"sizeof({name}) here is the pointer's size, which is for the author to look at")
    return ""


def bounds_problem(helper: Helper, code: str, type_of: Callable[[str], str | None]) -> str:
    """Why the open-coded CODE (norm(mask())) is no min(), max() or clamp() the kernel would take: a
    low bound above the high one, or operands of different declared types (TYPE_OF reads them; the
    kernel's macros refuse to compare those, min_t() names the type).  '' when nothing is wrong."""
    if helper.name not in ("min", "max", "clamp"):
        return ""
    m = re.search(helper.seen, code)
    if m is None:
        return ""
    g = m.groups()
    if helper.name == "clamp":
        x, lo, hi = (g[0], g[2], g[4]) if g[1] == "<" else (g[0], g[4], g[2])
        operands = [x, lo, hi]
        low, high = _int(lo), _int(hi)
        if low is not None and high is not None and low > high:
            return (f"clamp() with the low bound {lo} above the high bound {hi}: the quoted chain does not clamp "
                    "and the kernel's clamp() refuses it")
    else:
        operands = [g[0], g[2]] if g[0] is not None else [g[3], g[5]]
    typed = [(o.replace(" ", ""), type_of(o)) for o in operands if _int(o) is None]
    known = [(o, t) for o, t in typed if t is not None]
    if len({t for _, t in known}) > 1:
        shown = " and ".join(f"{o} ({t})" for o, t in known)
        return (f"{helper.name}() of {shown}: the kernel's {helper.name}() wants operands of one type; "
                f"{helper.name}_t() and the type to compare in are for the author")
    return ""


@dataclass(frozen=True)
class UseHelperParams(InFunction):
    helper: str                  # the kernel helper
    lines: list[int]             # the lines of the open-coded statements
    count: int                   # how many calls of the helper they become
    targets: list[tuple[str, int]]   # those lines: (normalized code, occurrence)
    statement: bool = False      # open-coded as a statement (STATEMENT_HELPERS), not as an expression
    sequence: bool = False       # open-coded as a run of statements (SEQUENCE_HELPERS)


def _leads_with_call(comment: str, named: list[Helper]) -> bool:
    """Whether COMMENT opens with one of the NAMED helpers written as a call, a "nit:" before it at
    most ("str_on_off(x), and include <linux/string_choices.h> for it."): the replacement itself,
    however much the comment says after it."""
    return any(re.match(rf"\s*(?:\w+:\s*)?{re.escape(h.name)}\s*\(", comment) for h in named)


class UseHelper(Recipe[UseHelperParams]):
    kind = "use-helper"
    order = Phase.OPEN_CODED
    # the more specific reading of a removal, or of a call renamed inside the open-coded form
    # (PTR_ERR() -> PTR_ERR_OR_ZERO() under `if (IS_ERR(p)) return PTR_ERR(p); return 0;`)
    supersedes = ("remove-statements", "rename-call")

    def outranks(self, plan: Plan[UseHelperParams], other: Plan[Any]) -> bool:
        """A rename of a call to this helper is the open-coded form's; a rename to another helper the
        comment asks for as well ("use sysfs_emit() and str_on_off()") is a request of its own."""
        return other.kind != "rename-call" or getattr(other.params, "new", "") == plan.params.helper

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[UseHelperParams] | None:
        named, by_header = _asked_helpers(s)
        if not named:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = "\n".join(ctx.text.splitlines()[first - 1:last])
        named = [h for h in named if not re.search(rf"\b{re.escape(h.name)}\s*\(", mask(quoted))]
        if not named:
            return None
        short = len(s.comment.split()) <= 3
        if not (E.has_any(s.comment, WISH) or "?" in s.comment or short or _leads_with_call(s.comment, named)
                or by_header or any(E.names_the_code(s.comment, h.name) for h in named)):
            return None
        # a run of statements may begin above the lines the comment sits under: the whole quote counts,
        # its statements, not the function's header
        whole = E.whole_quote_in(s, ctx.text, fn) or (first, last)
        inside = max(min(first, whole[0]), fn.body_start + 1), min(last, fn.end - 1)
        found = [h for h in named if h.name in SEQUENCE_HELPERS and open_sequences(h, ctx.text, *inside)]
        sequence = bool(found)
        found = found or [h for h in named if h.name not in SEQUENCE_HELPERS and not h.only_whole
                          and open_coded(h, quoted)]
        statement = False
        if not found:
            # a comment under the closing brace of a braced clamp: its `if` is in the whole quote
            whole_stmt = [st for st in E.statements(ctx.text, *inside) if st.start <= last and st.end >= first]
            if whole_stmt and whole_stmt[0].start < first:
                first = whole_stmt[0].start
            found = [STATEMENT_HELPERS[h.name] for h in named if h.name in STATEMENT_HELPERS
                     and open_statements(STATEMENT_HELPERS[h.name], ctx.text, first, last)]
            statement = bool(found)
        if not found:
            if E.reviewer_code(s):
                return None                 # the reviewer wrote the code: replace-code's business
            raise Manual(f"{named[0].name}() is named, but the quoted code has no open-coded form of it "
                         "that respin knows")
        helper = found[0]
        if _other_arguments_written(s.comment, helper.name, quoted):
            return None                     # the reviewer's call says more than the quoted form: replace-code's
        refused = _not_in_tree(ctx, helper) or _written_problem(helper, quoted)
        if refused:
            raise Manual(refused)
        stmts = _open(helper, sequence, ctx.text, *(inside if sequence else (first, last)))
        if sequence:
            stmts = stmts[-1:]              # the run nearest to the comment
        texts = [ctx.text, *ctx.files.values()]
        for st in stmts:
            code = norm(mask(st.code))
            problem = flex_problem(helper, code, ctx.text, fn, texts) or \
                bounds_problem(helper, code, lambda e: operand_type(ctx.text, fn, e, texts)) or \
                array_problem(helper, code, ctx.text, fn, lambda e: operand_type(ctx.text, fn, e, texts))
            if problem:
                raise Manual(problem)
        src = ctx.text.splitlines()
        # a line of a brace alone, or one with none of the form's words (`GFP_KERNEL);` below a
        # multi-line call), is no evidence: the function keeps others like it
        words = _form_words(helper)
        lines = sorted({n for st in stmts for n in range(st.start, st.end + 1)
                        if src[n - 1].strip() not in ("", "{", "}")
                        and (not words or words & set(re.findall(r"\w+", src[n - 1] if helper.strings
                                                                  else mask(src[n - 1]))))}) or \
            list(range(first, last + 1))
        if not words:
            # a form with no words of its own (`1 << N`): the lines that hold it whole, when some do
            lines = [n for n in lines if open_coded(helper, src[n - 1])] or lines
        return Plan(self.kind, slug=helper.name.lower(), order=self.order, files=[ctx.path],
                    params=UseHelperParams(fn.name, helper=helper.name, lines=lines,
                                           count=max(1, len(stmts)),
                                           targets=[(E.line_norm(ctx.text, n), E.line_occurrence(ctx.text, fn, n))
                                                    for n in lines], statement=statement,
                                           sequence=sequence),
                    summary=f"Use {helper.name}() in {fn.name}()")

    def companions(self, s: Suggestion, plan: Plan[UseHelperParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The header of a string-choice helper, or of the unaligned accessors, when the file does not include
        it yet (<linux/unaligned.h>, or <asm/unaligned.h> in a tree from before 6.12)."""
        if plan.params.statement or plan.params.sequence:
            return []
        if plan.params.helper.startswith("get_unaligned_"):
            if re.search(r"^\s*#\s*include\s*<(?:linux|asm)/unaligned\.h>", ctx.text, re.M):
                return []
            old_tree = ctx.tree_read is not None and ctx.tree_read("include/linux/unaligned.h") is None
            return header_companion(ctx, "asm/unaligned.h" if old_tree else "linux/unaligned.h")
        if string_choice(plan.params.helper) is None:
            return []
        return header_companion(ctx, "linux/string_choices.h")

    def _lines(self, plan: Plan[UseHelperParams], text: str) -> list[int]:
        fn = plan.params.function
        out = []
        for tnorm, k in plan.params.targets:
            no = E.find_line(text, fn, str(tnorm), int(k))
            if no is None:
                raise Manual(f"the quoted open-coded {plan.params.helper}() is no longer in {fn}()")
            out.append(no)
        return out

    def render(self, s: Suggestion, plan: Plan[UseHelperParams], ctx: CodeContext) -> str:
        helper = _table_helper(plan.params)
        fn = plan.params.function
        lines = self._lines(plan, ctx.text)
        metavars = [f"identifier fn = {fn};", *helper.metavars, R.position_constraint("p", lines)]
        src = ctx.text.splitlines()
        quoted = norm(mask("\n".join(src[n - 1] for n in lines)))
        alts = ["\n".join(f"- {ln}" for ln in form.splitlines()) +
                f"\n+ {helper.news[i] if helper.news else helper.new}" for i, form in enumerate(helper.forms)
                if _written_form(form, quoted)]
        body = alts[0] if len(alts) == 1 else "(\n" + "\n|\n".join(alts) + "\n)"
        desc = f"Use {helper.name}() instead of its open-coded form in {fn}()"
        return R.header(desc, s) + "\n" + R.rule("helper", metavars, R.in_function("fn", body))

    def _open_count(self, plan: Plan[UseHelperParams], text: str) -> int:
        f = function_named(text, plan.params.function)
        if f is None:
            return -1
        return len(_open(_table_helper(plan.params), plan.params.sequence, text, f.body_start, f.end))

    def is_applied(self, s: Suggestion, plan: Plan[UseHelperParams], text: str) -> bool:
        fn = plan.params.function
        for tnorm, k in plan.params.targets:
            if E.find_line(text, fn, str(tnorm), int(k)) is not None:
                return False
        f = function_named(text, fn)
        return f is not None and re.search(rf"\b{plan.params.helper}\s*\(",
                                           mask("\n".join(text.splitlines()[f.start - 1:f.end]))) is not None

    def verify(self, s: Suggestion, plan: Plan[UseHelperParams], before: str, after: str) -> str:
        name = plan.params.helper
        if not self.is_applied(s, plan, after):
            return f"the quoted lines still open-code {name}()"
        gone = self._open_count(plan, before) - self._open_count(plan, after)
        want = plan.params.count
        if before != after and gone != want:
            return f"{gone} open-coded {name}() changed, the reviewer pointed at {want}"
        return ""


RECIPE = UseHelper()
