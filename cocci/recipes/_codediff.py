"""The reviewer's code against the quoted code, token by token.

Shared by the recipes that turn reviewer-written code into an edit: where the quote
lies in the tree (the whole quote, not only the narrowed anchor), which run of quoted
statements a snippet lines up with, and which token differences are only a rename
the snippet presumes (it already says `count` where the code still says `sz`).
Nothing here decides to edit; it answers questions.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Callable

from patches.ctext import KEYWORDS, Function, declared_names, function_at, functions, mask, norm, tokens
from cocci.recipe import CodeContext
from cocci.recipes import _evidence as E
from patches.model import Suggestion

_IDENT = re.compile(r"[A-Za-z_]\w*$")
_HEAD_KEYWORDS = ("if", "for", "while", "switch", "do", "return", "goto", "break", "continue", "else")

# "just one check", "a single call", "one statement is enough": the snippet stands for a run of them
_COLLAPSE = re.compile(r"\b(?:just|only)\s+one\b|\bsingle\b|\bone\s+(?:check|call|statement|line|test|assert\w*)"
                       r"\b|\binstead of (?:all|these|those)\b", re.I)

def asks_collapse(comment: str) -> bool:
    return _COLLAPSE.search(comment) is not None


def quote_span(s: Suggestion, ctx: CodeContext, lo: int, hi: int) -> tuple[int, int] | None:
    """The tree lines (first, last) of the whole quote above the comment, within lines LO..HI (a function
    or the file): its longest tail found exactly once there, blank lines aside (a quote across a blank
    line is one quote, and a reviewer may cut blank lines out); None when it is not found."""
    normed = [n for n in (norm(ln) for ln in s.quote or []) if n]
    at, src, where = _nonblank_lines(ctx.text)
    for k in range(len(normed)):
        want = tuple(normed[k:])
        hits = [i for i in where.get(want[0], ()) if i + len(want) <= len(src) and at[i] >= lo - 1
                and at[i + len(want) - 1] <= hi - 1 and src[i:i + len(want)] == want]
        if len(hits) == 1:
            return at[hits[0]] + 1, at[hits[0] + len(want) - 1] + 1
        if len(hits) > 1:
            return None
    return None


@functools.lru_cache(maxsize=8)
def _nonblank_lines(text: str) -> tuple[tuple[int, ...], tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The 0-based line numbers of TEXT's non-blank lines, those lines normalized (``norm``), and where
    each normalized line stands among them.  Cached per text; read it, never change it."""
    src, _ = normalized_lines(text)
    at = tuple(i for i, ln in enumerate(src) if ln)
    lines = tuple(src[i] for i in at)
    where: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        where.setdefault(ln, []).append(i)
    return at, lines, {ln: tuple(ix) for ln, ix in where.items()}


@functools.lru_cache(maxsize=8)
def normalized_lines(text: str) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The lines of TEXT normalized (``norm``), and where each normalized line stands (0-based indexes,
    in order).  Cached per text: the recipes look up many quotes in the same file.  The index is
    shared by every caller of the same text: read it, never change it."""
    src = tuple(norm(ln) for ln in text.splitlines())
    where: dict[str, list[int]] = {}
    for i, ln in enumerate(src):
        where.setdefault(ln, []).append(i)
    return src, {ln: tuple(ix) for ln, ix in where.items()}


def close_blocks(text: str, first: int, last: int, limit: int) -> int:
    """LAST, or the line that closes the blocks opened within FIRST..LAST (a quote that stops inside
    an `if` block still quotes that `if`), at most LIMIT."""
    m = mask(text).splitlines()
    depth = 0
    for no in range(first, last + 1):
        depth = max(depth + m[no - 1].count("{") - m[no - 1].count("}"), 0)
    no = last
    while depth > 0 and no < limit:
        no += 1
        depth += m[no - 1].count("{") - m[no - 1].count("}")
    return no if depth <= 0 else last


def depth_at(text: str, line: int) -> int:
    """The brace depth at the start of LINE (1-based)."""
    m = mask(text)
    head = "\n".join(m.splitlines()[:line - 1])
    return head.count("{") - head.count("}")


@dataclass(frozen=True)
class Window:
    stmts: tuple[E.Stmt, ...]

    @property
    def start(self) -> int:
        return self.stmts[0].start

    @property
    def end(self) -> int:
        return self.stmts[-1].end

    @property
    def code(self) -> str:
        return "\n".join(st.code for st in self.stmts)


def sibling_runs(text: str, first: int, last: int) -> list[list[E.Stmt]]:
    """The statements within FIRST..LAST at every nesting level, grouped in runs of siblings (the same
    block, one after the other), in line order."""
    stmts = E.all_statements(text, first, last)
    m = mask(text).splitlines()
    runs: list[list[E.Stmt]] = []
    for st in stmts:
        d = depth_at(text, st.start)
        for run in runs:
            prev = run[-1]
            between = [m[n - 1].strip() for n in range(prev.end + 1, st.start)]
            if prev.end < st.start and depth_at(text, prev.start) == d and \
                    all(b == "" for b in between):
                run.append(st)
                break
        else:
            runs.append([st])
    return runs


def head(code: str) -> str:
    t = tokens(mask(code))
    return t[0] if t else ""


def compatible(old: str, new: str) -> bool:
    """Whether NEW can stand where OLD stands: an `if` for an `if`, a `return` for a `return`, else the
    same call or assignment target, or most names shared."""
    ho, hn = head(old), head(new)
    if ho in _HEAD_KEYWORDS or hn in _HEAD_KEYWORDS:
        # `if (!res) res = 1;` is no place for `if (!ti->timer) return 0;`: a name must be shared
        return ho == hn and (bool(set(E.identifiers(old)) & set(E.identifiers(new)))
                             or not E.identifiers(new))
    return E.similar(old, new)


def ratio(old: str, new: str) -> float:
    a, b = code_tokens(old), code_tokens(new)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def presumed_renames(old: str, new: str, known: set[str]) -> dict[str, str]:
    """{name in NEW: name in OLD} for the token differences that are one consistent rename of a name of
    the code (KNOWN: its locals and parameters) to a name the code does not have: the snippet was written
    with a name another suggestion gives.  {} when there is none, or it is not consistent."""
    a, b = tokens(mask(old)), tokens(mask(new))
    out: dict[str, str] = {}
    back: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        # the names of both sides in order (`sz` for `count > 0`: the rest is another change), when they
        # pair up one for one: `shift` for `(12 - adc->bits)` is another value, not `adc` renamed
        xs = [x for x in a[i1:i2] if _IDENT.match(x) and x not in KEYWORDS]
        ys = [y for y in b[j1:j2] if _IDENT.match(y) and y not in KEYWORDS]
        # `goto out` for `return ret` is another statement: a label is no local's new name
        if len(xs) != len(ys) or [x for x in a[i1:i2] if x in KEYWORDS] != [y for y in b[j1:j2] if y in KEYWORDS]:
            continue
        for x, y in zip(xs, ys, strict=True):
            if y.isupper():
                continue        # a constant's name (`DS_BIT` for `&status`) is no local's new name
            if _called(x, a) != _called(y, b):
                continue        # a variable is no call's new name: `val` and `FIELD_PREP(...)` are two values
            if _IDENT.match(x) and _IDENT.match(y) and x in known and y not in known \
                    and x not in KEYWORDS and y not in KEYWORDS:
                if out.get(y, x) != x or back.get(x, y) != y:
                    return {}
                out[y], back[x] = x, y
    # the new name must not be used in NEW for anything else than the old one's places
    return out


def _called(name: str, toks: list[str]) -> bool:
    """Whether NAME is called (followed by `(`) somewhere in TOKS."""
    return any(t == name and toks[i + 1:i + 2] == ["("] for i, t in enumerate(toks))


def rename_back(code: list[str], renames: dict[str, str]) -> list[str]:
    """CODE with the names of RENAMES (new -> old) back to the code's own names (not inside strings
    or comments)."""
    if not renames:
        return list(code)
    rx = re.compile(r"\b(" + "|".join(re.escape(k) for k in renames) + r")\b")
    return [rx.sub(_renamed_back(renames, mask(ln)), ln) for ln in code]


def _renamed_back(renames: dict[str, str], masked: str) -> Callable[[re.Match[str]], str]:
    """The substitution of a name of RENAMES in a line whose masked text is MASKED: the old name,
    unless the match lies in a string or comment (then the match itself)."""
    def sub(m: re.Match[str]) -> str:
        return renames[m.group(1)] if masked[m.start():m.end()] == m.group(0) else m.group(0)
    return sub


def code_tokens(code: str) -> list[str]:
    """Tokens of CODE without its comments (string and character literals count: 'x' is not 'y')."""
    return tokens(re.sub(r"/\*.*?\*/|//[^\n]*", " ", code, flags=re.S))


def best_window(text: str, first: int, last: int, near: tuple[int, int], new_code: str, n: int,
                collapse: bool) -> tuple[Window | None, str]:
    """The run of N sibling statements within FIRST..LAST the reviewer's NEW_CODE replaces: compatible
    heads, the most tokens in common, the nearest to NEAR (the lines the comment sits under) on a tie;
    COLLAPSE: widened to the neighbours that are the same kind of statement (an `if` with one such
    statement as its body counts).  (None, why) when nothing or several windows fit equally."""
    cands: list[tuple[float, int, Window]] = []
    absorbed = absorbed_ifs(text, first, last, new_code) if n == 1 else None
    if absorbed is not None:
        return absorbed, ""
    chosen, why = _one_value_if(text, first, last, new_code) if n == 1 else (None, "")
    if chosen is not None or why:
        return chosen, why
    chains = quoted_chains(text, first, last, new_code) if n == 1 else []
    new_stmts = E.statements(new_code, 1, len(new_code.splitlines()))
    new_first = new_stmts[0].code if new_stmts else new_code
    for run in sibling_runs(text, first, last):
        for i in range(len(run) - n + 1):
            w = Window(tuple(run[i:i + n]))
            if not compatible(w.stmts[0].code, new_first):
                continue
            if code_tokens(w.code) == code_tokens(new_code):
                if any(ch.start <= w.start and w.end <= ch.end for ch in chains):
                    continue        # `return v;` in `if (v) return v; return 0;`: the chain is what it stands for
                return None, "the reviewer's code is the quoted code"
            dist = 0 if w.end >= near[0] and w.start <= near[1] else \
                min(abs(w.start - near[1]), abs(w.end - near[0]))
            cands.append((ratio(w.code, new_code), -dist, w))
            folded = _folding_window(text, run, i, w, new_code)
            if folded is not None:
                cands.append((ratio(folded[1], new_code), -dist, folded[0]))
    cands += [(ratio(ch.code, new_code), 0, ch) for ch in chains]
    if not cands:
        return None, "the reviewer's code lines up with none of the quoted statements"
    cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
    best = cands[0]
    if best[0] < 0.4:
        return None, "the reviewer's code lines up with none of the quoted statements"
    if len(cands) > 1 and (cands[1][0], cands[1][1]) == (best[0], best[1]) and cands[1][2] != best[2]:
        return None, "the reviewer's code lines up equally well with several quoted statements: ambiguous"
    alike = [c for c in cands[1:] if c[0] == best[0] and code_tokens(c[2].code) == code_tokens(best[2].code)
             and c[2] != best[2]]
    if alike and best[1] != 0:
        # the same statement twice in the quote, the comment under neither: nearer is no reason to pick one
        return None, "the reviewer's code lines up equally well with several quoted statements: ambiguous"
    w = best[2]
    w = w if w in chains else _widened(text, first, last, w, new_code, n, collapse, chains)
    left = _elements_left(text, first, last, w, new_code)
    if left:
        return None, left
    return w, ""


# a statement that stores into one element of an array: `buf[1] = ...;`
_ELEMENT_STORE = re.compile(r"\s*([A-Za-z_][\w.>-]*)\s*\[[^\]]+\]\s*=(?!=)")


def _elements_left(text: str, first: int, last: int, w: Window, new_code: str) -> str:
    """Why W cannot stand alone for the reviewer's one call NEW_CODE (`put_unaligned_le32(secs, &buf[1]);`)
    that is handed an array whose elements W's statements store into, when other quoted statements
    outside W store into that array too (`buf[2] = ...;`): the call may fill them all.  '' otherwise."""
    new = mask(new_code).strip()
    if not re.fullmatch(r"[A-Za-z_]\w*\s*\(.*\)\s*;", new, re.S):
        return ""
    stored = {m.group(1) for st in w.stmts if (m := _ELEMENT_STORE.match(mask(st.code)))}
    handed = {a for a in stored if re.search(rf"(?<![\w.>]){re.escape(a)}\b(?!\s*(?:\.|->))", new)}
    if not handed:
        return ""
    others = [st.start for st in E.all_statements(text, first, last)
              if not w.start <= st.start <= w.end and (m := _ELEMENT_STORE.match(mask(st.code)))
              and m.group(1) in handed]
    if not others:
        return ""
    return (f"the reviewer's call is handed {sorted(handed)[0]}, whose elements the quoted statements on lines "
            f"{', '.join(str(n) for n in others)} store into as well: whether it stands for them too is for the author")


def _one_value_if(text: str, first: int, last: int, new_code: str) -> tuple[Window | None, str]:
    """The quoted `if (c) X = a; else X = b;` (braces or not) that the reviewer's one assignment to X
    stands for (`X = !!c;`): each branch assigns X and nothing else.  Only when the quote holds one, as
    statements of its function (an `if` under a case label is no statement of its own there).  (None, why)
    when a branch does more by a comma (`X = 1, y = 0;`): neither the whole if/else nor one branch is what
    the one assignment stands for."""
    m = re.fullmatch(r"\s*([^=;{}]+?)\s*=(?!=)[^;]+;\s*", mask(new_code))
    fn = function_at(text, first)
    if m is None or fn is None or len(E.statements(new_code, 1, len(new_code.splitlines()))) != 1:
        return None, ""
    x = re.escape(norm(m.group(1)))
    branch = rf"(?:\{{\s*{x}\s*=(?!=)[^;{{}}]+;\s*\}}|{x}\s*=(?!=)[^;{{}}]+;)"
    if_part, else_part = re.compile(rf"if\s*\(.*\)\s*{branch}", re.S), re.compile(rf"else\s*{branch}")
    stmts = E.all_statements(text, fn.body_start, fn.end)
    found = []
    for k, a in enumerate(stmts):
        if a.start < first or not if_part.fullmatch(norm(mask(a.code))):
            continue
        b = next((b for b in stmts[k + 1:] if b.start > a.end), None)     # past the if's own body
        if b is not None and b.end <= last and else_part.fullmatch(norm(mask(b.code))):
            found.append(Window((a, b)))
    if len(found) != 1:
        return None, ""
    if any(_comma_expression(mask(st.code)) for st in found[0].stmts):
        return None, (f"a branch of the quoted if/else does more than assign {' '.join(m.group(1).split())} (a comma "
                      "expression): what of it the reviewer's one assignment keeps is for the author")
    return found[0], ""


def _comma_expression(masked: str) -> bool:
    """Whether the masked statement MASKED holds a comma outside parentheses and brackets: `X = 1, y = 0;`
    does more than assign X (the reviewer's one assignment would lose the rest)."""
    depth = 0
    for c in masked:
        depth += (c in "([") - (c in ")]")
        if c == "," and depth == 0:
            return True
    return False


def kept_with_additions(text: str, first: int, last: int, new_code: str) -> Window | None:
    """The quoted run of sibling statements that NEW_CODE repeats, every one as it is and in order, with
    statements of its own before, between or after them (the reviewer's "... usleep_range(100, 200);"
    under the quoted read and its check): the one such run, or None."""
    new = [code_tokens(st.code) for st in E.statements(new_code, 1, len(new_code.splitlines()))]
    found = []
    for run in sibling_runs(text, first, last):
        old = [code_tokens(st.code) for st in run]
        it = iter(new)
        if len(old) < len(new) and all(any(o == x for x in it) for o in old):
            found.append(Window(tuple(run)))
    return found[0] if len(found) == 1 else None


def keeps_condition(text: str, w: Window, new_code: str) -> bool:
    """Whether NEW_CODE is W's one `if` (no `else`) with the same condition and a body made of some of
    its statements, one after the other (`if (err) return err;` for `if (err) { dev_err(...); return
    err; }`): the reviewer wrote the whole statement as it should read, not how a change begins."""
    if len(w.stmts) != 1:
        return False
    old_t, new_t = code_tokens(w.code), code_tokens(new_code)
    if old_t[:1] != ["if"] or new_t[:1] != ["if"] or "else" in old_t or "else" in new_t:
        return False
    cond_o, cond_n = _condition_end(old_t), _condition_end(new_t)
    if cond_o is None or cond_n is None or old_t[:cond_o] != new_t[:cond_n]:
        return False
    body = [t for t in new_t[cond_n:] if t not in "{}"]
    inner = [code_tokens(st.code) for st in E.all_statements(text, w.start, w.end) if st.start > w.start]
    return bool(body) and any(sum(inner[i:j], []) == body for i in range(len(inner))
                              for j in range(i + 1, len(inner) + 1))


def _condition_end(toks: list[str]) -> int | None:
    """The index just past the `)` that closes the condition of the `if` TOKS begins with."""
    depth = 0
    for i, t in enumerate(toks[1:], 1):
        depth += (t == "(") - (t == ")")
        if depth == 0:
            return i + 1 if t == ")" else None
    return None


def fits_elsewhere(text: str, fn: Function, first: int, last: int, w: Window, new_code: str,
                   n: int) -> Window | None:
    """A run of N statements of FN outside FIRST..LAST (the quote) that the reviewer's NEW_CODE lines up
    with better than with W, the best quoted one, and that has every name the reviewer's code reads
    where W lacks one (`regmap_clear_bits(map, REG, BIT)` under `regmap_read(map, REG, &val)`, with
    `regmap_update_bits(map, REG, BIT, 0)` below): the snippet was typed under another quote than the
    code it is for, and replacing the quoted statements would put it in the wrong place.  None when
    the quoted place fits as well, or calls what the reviewer's code calls and the other does not."""
    new_stmts = E.statements(new_code, 1, len(new_code.splitlines()))
    new_first = new_stmts[0].code if new_stmts else new_code
    new_calls = set(E.called_names(new_code))
    wanted = set(E.identifiers(new_code)) - new_calls
    here = ratio(w.code, new_code)
    if wanted <= set(E.identifiers(w.code)):
        return None
    best: tuple[float, Window] | None = None
    for run in sibling_runs(text, fn.body_start + 1, fn.end - 1):
        for i in range(len(run) - n + 1):
            other = Window(tuple(run[i:i + n]))
            if not (other.end < first or other.start > last) or not compatible(other.stmts[0].code, new_first):
                continue
            if code_tokens(other.code) == code_tokens(new_code) or not wanted <= set(E.identifiers(other.code)):
                continue
            if (new_calls & set(E.called_names(w.code))) - set(E.called_names(other.code)):
                continue
            r = ratio(other.code, new_code)
            if r > here and (best is None or r > best[0]):
                best = (r, other)
    return best[1] if best else None


def _widened(text: str, first: int, last: int, w: Window, new_code: str, n: int, collapse: bool,
             chains: list[Window]) -> Window:
    """The best window W grown to what the reviewer's code stands for: the `if` it takes in, the
    quoted return chain around it, or (COLLAPSE) its neighbours of the same kind."""
    if n == 1 and not collapse:
        # `if (rate > 3) rate = 3;` under "rate = min(rate, 3);": the reviewer's statement takes in the
        # condition (every name and number of it), so it stands for the whole `if`
        taken = absorbing_if(text, first, last, w.stmts[0], new_code)
        if taken is not None:
            w = Window((taken,))
        # a `return` inside (or below) a quoted `if (C) return X; return Y;` that the reviewer's return
        # takes in whole stands for all of it
        w = next((ch for ch in chains if ch.start <= w.start and w.end <= ch.end), w)
    if collapse and n == 1:
        # the statement is the body of an `if` of the same kind: the `if` goes with it
        outer = [st for st in E.all_statements(text, first, last)
                 if st.start < w.start and st.end >= w.end and _same_kind(st.code, new_code)]
        if outer:
            w = Window((outer[0],))
        run = next(r for r in sibling_runs(text, first, last) if w.stmts[0] in r)
        i = j = run.index(w.stmts[0])
        while i > 0 and _same_kind(run[i - 1].code, new_code):
            i -= 1
        while j + 1 < len(run) and _same_kind(run[j + 1].code, new_code):
            j += 1
        w = Window(tuple(run[i:j + 1]))
    return w


_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:<<|>>|[-+*/%&|^])?=(?!=)\s*(.+?)\s*;\s*$", re.S)


def _contains_run(hay: list[str], needle: list[str]) -> bool:
    return bool(needle) and any(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1))


def _own_locals(text: str, at: int) -> set[str]:
    """The parameters and automatic locals of the function around line AT: what only it can see and
    that lives no longer than its call (a global or a static local keeps what is assigned to it)."""
    fn = function_at(text, at)
    if fn is None:
        return set()
    static = {n for st in E.all_statements(text, fn.body_start + 1, fn.end - 1)
              if re.match(r"\s*static\b", mask(st.code)) for n in declared_names(st.code)}
    return E.local_names(text, fn) - static


def _foldable(stmt: str, w_code: str, new_code: str, after: list[str],
              own: set[str] | None = None) -> tuple[str, str] | None:
    """(variable, value) of STMT, an assignment the reviewer's NEW_CODE folds in: the window W_CODE reads
    the variable and NEW_CODE holds the value whole.  `x = E;` only when NEW_CODE no longer reads x
    (it would read what x held before); `x op= E;` only when it does (`(x & ~M)` is that x op E);
    a variable NEW_CODE no longer names must not be read after the window (AFTER: its tokens)."""
    m = _ASSIGN.match(mask(stmt))
    if m is None:
        return None
    x, rhs = m.group(1), m.group(2)
    if own is not None and x not in own:
        return None             # a global or static: what it is assigned is kept for later
    new_toks = tokens(mask(new_code))
    compound = not re.match(rf"\s*{re.escape(x)}\s*=", mask(stmt))
    reads = any(t == x and new_toks[k + 1:k + 2] != ["="] for k, t in enumerate(new_toks))
    if x not in tokens(mask(w_code)) or not _contains_run(new_toks, tokens(rhs)) or reads != compound or \
            (x not in new_toks and x in after):
        return None
    return x, rhs


def _folding_window(text: str, run: list[E.Stmt], i: int, w: Window, new_code: str) -> tuple[Window, str] | None:
    """(W with the assignment right above it, W's code with that value in place of the variable) when
    NEW_CODE folds the assignment in (see ``folded_into``): `x = E; if (F(x)) ...` under `if (F(E)) ...`."""
    if i == 0:
        return None
    fn = function_at(text, w.start)
    after = tokens(mask("\n".join(text.splitlines()[w.end:fn.end if fn else w.end])))
    got = _foldable(run[i - 1].code, w.code, new_code, after, _own_locals(text, w.start))
    if got is None:
        return None
    x, rhs = got
    return Window((run[i - 1],) + w.stmts), re.sub(rf"\b{re.escape(x)}\b", lambda _: rhs, mask(w.code))


def repeated_call_above(text: str, first: int, last: int, w: Window, new_code: str) -> str:
    """The quoted assignment right above W whose call NEW_CODE makes again while the window keeps it
    (`st = f(x); if (F(st))` under `if (F(f(x)))` where st is read further down): the call would run
    twice.  '' when there is none."""
    run = next((r for r in sibling_runs(text, first, last) if w.stmts[0] in r), None)
    if run is None or run.index(w.stmts[0]) == 0:
        return ""
    above = run[run.index(w.stmts[0]) - 1]
    m = _ASSIGN.match(mask(above.code))
    if m is None or not re.search(r"\w\s*\(", m.group(2)):
        return ""
    return above.code.strip() if _contains_run(tokens(mask(new_code)), tokens(m.group(2))) else ""


def call_made_again(text: str, first: int, w: Window, new_code: str) -> str:
    """A quoted assignment between FIRST and W, not next to it, whose call NEW_CODE makes again (`st =
    f(x); g(); if (F(st))` under `if (F(f(x)))`): replacing W alone would run the call twice, and
    folding it in would move it past the statements between.  '' when there is none."""
    new_toks = tokens(mask(new_code))
    for st in E.all_statements(text, first, w.start - 1):
        m = _ASSIGN.match(mask(st.code))
        if m and st.end < w.start and re.search(r"\w\s*\(", m.group(2)) and \
                _contains_run(new_toks, tokens(m.group(2))):
            return st.code.strip()
    return ""


def folded_into(text: str, first: int, last: int, w: Window, new_code: str, fn_end: int) -> Window:
    """W widened to the quoted statements right above it that the reviewer's NEW_CODE folds in:
    `x &= ~M; x |= F; write(x);` under `write((x & ~M) | F);`, each as ``_foldable`` says."""
    run = next((r for r in sibling_runs(text, first, last) if w.stmts[0] in r), None)
    if run is None:
        return w
    after = tokens(mask("\n".join(text.splitlines()[w.end:fn_end])))
    i = run.index(w.stmts[0])
    own = _own_locals(text, w.start)
    while i > 0 and _foldable(run[i - 1].code, w.code, new_code, after, own) is not None:
        i -= 1
        w = Window((run[i],) + w.stmts)
    return w


def absorbing_if(text: str, first: int, last: int, body: E.Stmt, new: str) -> E.Stmt | None:
    """The quoted `if` (no else) within FIRST..LAST whose only statement is BODY and whose condition's
    names and numbers all occur in NEW, a statement that is no `if` itself; None otherwise."""
    if head(new) in _HEAD_KEYWORDS:
        return None
    for st in E.all_statements(text, first, last):
        if not (st.start < body.start and st.end >= body.end and head(st.code) == "if") or \
                "else" in tokens(mask(st.code)):
            continue
        m = mask(st.code)
        open_at = m.index("(")
        close_at = open_at
        depth = 0
        for k in range(open_at, len(m)):
            depth += {"(": 1, ")": -1}.get(m[k], 0)
            if depth == 0:
                close_at = k
                break
        rest = tokens(m[close_at + 1:])
        if [t for t in rest if t not in ("{", "}")] != tokens(mask(body.code)):
            continue                # the body is more than that one statement
        cond = {t for t in tokens(m[open_at + 1:close_at]) if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t)}
        if cond and cond <= set(tokens(mask(new))):
            return st
    return None


def absorbed_ifs(text: str, first: int, last: int, new: str) -> Window | None:
    """The one run of two or more quoted `if`s (no else), one after the other, each setting the variable
    NEW assigns and nothing else, whose every name and number NEW holds (`if (t < MIN) t = MIN; if (t >
    MAX) t = MAX;` under `t = clamp_val(t, MIN, MAX);`): the reviewer's statement stands for all of them,
    also for those of the run the quote (FIRST..LAST) cut off.  None when there is no such run, or several."""
    m = _ASSIGN.match(mask(new))
    fn = function_at(text, first)
    if m is None or head(new) in _HEAD_KEYWORDS or fn is None:
        return None
    have = set(tokens(mask(new)))
    found: list[Window] = []
    for run in sibling_runs(text, fn.body_start + 1, fn.end - 1):
        taken = [_sets_only(st, m.group(1), have) for st in run] + [False]
        start = None
        for i, ok in enumerate(taken):
            if ok and start is None:
                start = i
            elif not ok and start is not None:
                if i - start >= 2 and run[start].start <= last and run[i - 1].end >= first:
                    found.append(Window(tuple(run[start:i])))
                start = None
    return found[0] if len(found) == 1 else None


def _sets_only(st: E.Stmt, target: str, have: set[str]) -> bool:
    """Whether ST is an `if` (no else) whose one statement assigns TARGET, with every name and number of
    it in HAVE."""
    t = tokens(mask(st.code))
    end = _condition_end(t) if t[:1] == ["if"] else None
    if end is None or "else" in t:
        return False
    body = " ".join(x for x in t[end:] if x not in ("{", "}"))
    a = _ASSIGN.match(body)
    if a is None or a.group(1) != target or body.count(";") != 1:
        return False
    return {x for x in t if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", x)} - {"if"} <= have


def quoted_chains(text: str, first: int, last: int, new: str) -> list[Window]:
    """The ``return_chain`` of each run of statements within FIRST..LAST (the quote)."""
    return [ch for run in sibling_runs(text, first, last) if (ch := return_chain(run, new)) is not None]


def return_chain(run: list[E.Stmt], new: str) -> Window | None:
    """The tail of RUN that one `return E;` of the reviewer (NEW) stands for: the run's last statement, a
    `return`, and the `if (C) return X;` (no else, the return its whole body) right above it, back as far
    as every name and number of each C occurs in NEW (`if (p < 0) return false; return true;` under
    `return p >= 0;`).  None when NEW is no single return or no such `if` is there."""
    if head(new) != "return" or not run or head(run[-1].code) != "return" or \
            len(E.statements(new, 1, len(new.splitlines()))) != 1:
        return None
    said = set(tokens(mask(new)))
    if len(run) >= 2 and _nonzero_or_zero(run[-2].code, run[-1].code, new):
        return Window(tuple(run[-2:]))
    if not _values_said(tokens(mask(run[-1].code))[1:], said):
        return None
    k = len(run) - 1
    while k > 0 and _returning_if(run[k - 1].code, said):
        k -= 1
    return Window(tuple(run[k:])) if k < len(run) - 1 else None


def _nonzero_or_zero(check: str, last: str, new: str) -> bool:
    """Whether CHECK and LAST are `if (v) return v;` (or `v != 0`, braces or not) and `return 0;`, and NEW
    is `return v;`: the two return v whatever it holds.  `if (v < 0)` is no such check: a positive v
    would be returned where 0 was."""
    words = [t for t in tokens(mask(new))]
    if len(words) != 3 or words[0] != "return" or not re.fullmatch(r"[A-Za-z_]\w*", words[1]):
        return False
    v = words[1]
    body = [t for t in tokens(mask(check)) if t not in ("{", "}")]
    return body in (["if", "(", v, ")", "return", v, ";"], ["if", "(", v, "!=", "0", ")", "return", v, ";"]) and \
        tokens(mask(last)) == ["return", "0", ";"]


def _values_said(value: list[str], said: set[str]) -> bool:
    """Whether every name and number of VALUE (the tokens a `return` returns) is in SAID; `true` and
    `false` are the answer of the condition itself, not a value the reviewer must repeat."""
    return {t for t in value if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t)} - {"true", "false"} <= said


def _returning_if(code: str, said: set[str]) -> bool:
    """Whether CODE is `if (C) return X;` (braces or not, no else) with every name and number of C in SAID."""
    m = mask(code)
    if head(code) != "if" or "else" in tokens(m):
        return False
    open_at, depth = m.index("("), 0
    close_at = open_at
    for k in range(open_at, len(m)):
        depth += {"(": 1, ")": -1}.get(m[k], 0)
        if depth == 0:
            close_at = k
            break
    body = [t for t in tokens(m[close_at + 1:]) if t not in ("{", "}")]
    if not body or body[0] != "return" or body.count(";") != 1 or body[-1] != ";" or \
            not _values_said(body[1:], said):
        return False
    cond = {t for t in tokens(m[open_at + 1:close_at]) if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t)}
    return bool(cond) and cond <= said


def _same_kind(old: str, new: str) -> bool:
    """OLD is the same kind of statement as NEW (the same call), or an `if` without `else` whose body is."""
    if head(old) == "if" and head(new) != "if":
        body = re.sub(r"^\s*if\s*\(", "", mask(old), count=1)
        depth, k = 1, 0
        while k < len(body) and depth:
            depth += {"(": 1, ")": -1}.get(body[k], 0)
            k += 1
        inner = old[len(old) - len(body) + k:].strip().strip("{}").strip()
        return "else" not in tokens(mask(old)) and bool(inner) and _same_kind(inner, new)
    return head(old) == head(new) and head(new) not in _HEAD_KEYWORDS and "(" in old


def indent_written(written: list[str], code: list[str], indent: str) -> list[str] | None:
    """The reviewer's lines at INDENT, keeping their relative indentation (spaces read as 8 a tab); None
    when WRITTEN is not CODE as written or gives no relative indentation (all lines flush)."""
    if not written or [w.strip() for w in written] != [c.strip() for c in code]:
        return None
    cols = [len(w.expandtabs(8)) - len(w.expandtabs(8).lstrip()) for w in written]
    if len(set(cols)) == 1:
        return None
    base = cols[0]
    rels = [max(c - base, 0) for c in cols]
    # a reviewer who indents with two or four spaces a level (no tab in any line): a level is a tab
    steps = sorted({r for r in rels if r})
    unit = steps[0] if steps and steps[0] < 8 and not any("\t" in w[:len(w) - len(w.lstrip())] for w in written) \
        and all(r % steps[0] == 0 for r in rels) else 8
    out = []
    for w, rel in zip(written, rels, strict=True):
        out.append(indent + "\t" * (rel // unit) + " " * (rel % unit) + w.strip())
    return out


def with_blank_lines(written: list[str], code: list[str], new: list[str]) -> list[str]:
    """NEW (CODE laid out, a line for each) with the blank lines the reviewer left between WRITTEN's
    lines ("if (!x)" / "\treturn 0;" / "" / "return y;"); NEW as it is when WRITTEN is not CODE."""
    lines = [w for w in written if w.strip()]
    if len(lines) != len(new) or [w.strip() for w in lines] != [c.strip() for c in code]:
        return new
    out: list[str] = []
    k = 0
    for w in written:
        if not w.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(new[k])
        k += 1
    return out


def align_continuations(lines: list[str], limit: int = 100) -> list[str]:
    """LINES with each continuation line of an open parenthesis aligned just after that parenthesis
    (tabs, then spaces: kernel style), unless the line would then pass LIMIT columns."""
    out: list[str] = []
    opens: list[int] = []           # columns just after the parentheses still open
    for ln in lines:
        t = ln.strip()
        if opens and t:
            col = opens[-1]
            aligned = "\t" * (col // 8) + " " * (col % 8) + t
            if len(aligned.expandtabs(8)) <= limit:
                ln = aligned
        out.append(ln)
        for c, ch in enumerate(mask(ln).expandtabs(8)):
            if ch == "(":
                opens.append(c + 1)
            elif ch == ")" and opens:
                opens.pop()
    return out


def indent_flush(code: list[str], indent: str) -> list[str]:
    """Reviewer-written lines without indentation at INDENT: block bodies and the body of an `if`/
    `for`/`while`/`else` without braces one tab deeper, continuation lines of an open parenthesis two."""
    out = []
    depth = 0
    pending = 0         # a braceless `if (...)` opened one level for the next statement
    paren = 0
    for ln in code:
        t = ln.strip()
        extra = depth + pending + (2 if paren > 0 else 0)
        if t.startswith("}"):
            extra -= 1
        out.append(indent + "\t" * max(extra, 0) + t if t else "")
        m = mask(t)
        paren += m.count("(") - m.count(")")
        depth += m.count("{") - m.count("}")
        if paren == 0:
            if re.match(r"(?:}\s*)?(?:if|for|while|else(?:\s+if)?)\b", m) and not m.endswith(("{", ";")):
                pending = 1
            elif m.endswith((";", "}")):
                pending = 0
    return out


def undefined_own_calls(new: str, text: str, others: list[str]) -> list[str]:
    """Functions NEW calls that are named as this file's own (the prefix two or more functions of TEXT
    share, `adc081c_` in ti-adc081c.c) and that neither TEXT nor OTHERS (the patch's other files) name
    anywhere: a helper the reviewer asks to be written, which calling alone would not build."""
    counts: dict[str, int] = {}
    for f in functions(text):
        head = f.name.split("_", 1)[0]
        if head != f.name:
            counts[head] = counts.get(head, 0) + 1
    prefixes = {p for p, n in counts.items() if n >= 2}
    out = []
    for name in E.called_names(new):
        if name.split("_", 1)[0] in prefixes and name not in out and \
                not any(re.search(rf"\b{re.escape(name)}\b", mask(t)) for t in [text, *others]):
            out.append(name)
    return out


def unknown_names(new: str, text: str, fn: Function, known: set[str]) -> list[str]:
    """Names NEW uses as variables that the code does not have: not a local or parameter of FN (KNOWN),
    not declared in NEW itself, not a member (`->x`, `.x`), a call, a constant, a function of TEXT or a
    file-scope name of TEXT (a local or parameter of another function is none).  Writing them in would
    not build."""
    src = mask(text).splitlines()
    fns = functions(text)
    # an #include's path is no name: `err` of <linux/err.h> is not a variable of the file
    inside = {no for f in fns + [fn] for no in range(f.start, f.end + 1)}
    outside = "\n".join(ln for no, ln in enumerate(src, 1)
                        if no not in inside and not re.match(r"\s*#\s*include\b", ln))
    known = known | {f.name for f in fns}
    # `int x;`, `u8 *p = ...`: not `goto out;` or `return ret;`
    declared = set(re.findall(r"\b(?!(?:goto|return|case|else|do|sizeof)\b)[A-Za-z_]\w*[\s*]+([A-Za-z_]\w*)"
                              r"\s*(?:=|;|\[)", mask(new)))
    out = []
    for m in re.finditer(r"(->|\.)?\s*\b([A-Za-z_]\w*)\b(\s*\()?", mask(new)):
        name = m.group(2)
        if m.group(1) or m.group(3) or name in KEYWORDS or name.isupper() or name in known \
                or name in declared or re.search(rf"\b{re.escape(name)}\b", outside) \
                or _global_of(name, text, src, [f for f in fns if f.name != fn.name]):
            continue
        if name not in out:
            out.append(name)
    return out


def _global_of(name: str, text: str, src: list[str], others: list[Function]) -> bool:
    """Whether another function of TEXT (SRC its masked lines) reads NAME without declaring it: a global
    of the kernel's headers (`jiffies`), not a local of that function."""
    rx = re.compile(rf"(?<![\w.>]){re.escape(name)}\b(?!\s*\()")
    return any(any(rx.search(ln) for ln in src[f.body_start:f.end - 1]) and name not in E.local_names(text, f)
               for f in others)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether A and B differ by one letter left out, added, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def misspelt_members(new: str, texts: list[str]) -> list[tuple[str, str]]:
    """(member, the member meant) for each `->x` / `.x` of NEW whose name no text of TEXTS (the file, the
    patch's other files) has, one letter away from a member those texts use: a slip of the reviewer's
    keyboard (`->amplifer` for `->amplifier`), which written in would not build."""
    words = set().union(*(re.findall(r"\b[A-Za-z_]\w*\b", mask(t)) for t in texts)) if texts else set()
    members = set().union(*(re.findall(r"(?:->|\.)\s*([A-Za-z_]\w*)", mask(t)) for t in texts)) if texts else set()
    out: list[tuple[str, str]] = []
    for name in re.findall(r"(?:->|\.)\s*([A-Za-z_]\w*)", mask(new)):
        if len(name) < 4 or name in words or any(name == n for n, _ in out):
            continue
        near = sorted(m for m in members if _one_edit_apart(name, m))
        if len(near) == 1:
            out.append((name, near[0]))
    return out


def misspelt_calls(new: str, texts: list[str], meant: list[str]) -> list[tuple[str, str]]:
    """(call, the name meant) for each function NEW calls that no text of TEXTS has, one letter away from
    a name of MEANT (the helpers the comment names, the ones a request of its kind brings in):
    `dev_err_prbe(` under "Please use dev_err_probe()"."""
    words = set().union(*(re.findall(r"\b[A-Za-z_]\w*\b", mask(t)) for t in texts)) if texts else set()
    out: list[tuple[str, str]] = []
    for name in re.findall(r"\b([A-Za-z_]\w*)\s*\(", mask(new)):
        if name in words or name in KEYWORDS or name in meant or any(name == n for n, _ in out):
            continue
        near = sorted({m for m in meant if len(m) >= 6 and _one_edit_apart(name, m)})
        if len(near) == 1:
            out.append((name, near[0]))
    return out


_LOOP_HEAD = re.compile(r"\s*(?:for|while|\w*for_each\w*)\s*\(")


def loop_steps(head: str) -> set[str]:
    """The variables a loop's HEAD steps through: those its `for (...)` assigns or counts (`i = 0`,
    `++i`, `p = p->next`), or the cursor a for_each macro takes first; empty for a `while`."""
    m = mask(head)
    if re.match(r"\s*for\s*\(", m):
        return set(re.findall(r"([A-Za-z_]\w*)\s*(?:\+\+|--|[-+*/|&^]?=(?!=))", m)) | \
            set(re.findall(r"(?:\+\+|--)\s*([A-Za-z_]\w*)", m))
    each = re.match(r"\s*\w*for_each\w*\s*\(\s*([A-Za-z_]\w*)", m)
    return {each.group(1)} if each else set()


def loop_left_behind(text: str, lo: int, w: Window, new_code: str) -> tuple[E.Stmt, set[str]] | None:
    """(the loop, its variables) when W is the body of a loop whose head is quoted (from line LO on) and
    the old body reads a variable the loop steps through while NEW_CODE reads none: code that counts
    no step ("this is bitmap_weight(): `*n = bitmap_weight(map, bits);`" under a `for` and its body)
    stands for the whole loop, not for what each round does.  None otherwise."""
    for st in E.all_statements(text, lo, w.end):
        if not (lo <= st.start < w.start and st.end >= w.end) or not _LOOP_HEAD.match(st.lines[0]):
            continue
        steps = loop_steps(st.lines[0])
        old, new = set(E.identifiers(w.code)), set(E.identifiers(new_code))
        if steps & old and not steps & new:
            return st, steps
    return None
