"""Line pins a generated rule does not need.

A rule that must change one place of a function, not every place its pattern matches, pins the
word it starts from to the quoted lines: ``position p : script:python() { p[0].line == "1654" };``
and ``VM_WARN_ON@p(es)``.  spatch then finds, loads and starts Python for that rule: about 0.15 s
more than the same pass without a script (spatch's whole pass over a 3,000-line file is about
0.08 s).  And a line number ties the rule to one version of one file.

When the pinned word (``VM_WARN_ON`` of ``VM_WARN_ON@p``, ``if`` of ``if@p``) is written in the
rule's function only on the pinned lines, the function and the word already single the place out:
``unpinned()`` drops the pin.  Words are counted in the code with comments and strings blanked out;
a word spatch could match elsewhere in the function keeps the pin.  Only rules with one SmPL rule,
whose position metavariable is a Python line constraint used nowhere but right after a literal
word, are rewritten; everything else is returned as it is.

A pin the word alone cannot replace still costs Python's start-up.  ``loosened()`` gives such a
rule without its pin when the rule is one replacement of the pinned word's expression (one `-`
line, which starts with the word or an expression metavariable, and the `+` lines right after
it): each place the loosened rule changes is then changed alone, as the pinned rule changes it,
starting on the line of its word, and only the changes on the pinned lines are kept (each must lie
on them or off them whole, and each pinned line must be changed, else the pinned rule runs).
cocci/apply.py does so for a rule run alone on one file, and in a shared pass (cocci/combine.py)
when every pinned rule of the pass can go without.

A pin on a statement metavariable (``+/* comment */`` above ``S@p``) has no word to keep.  There
``unpinned()`` writes the statement itself in place of ``S@p`` when its code singles it out: a simple
statement (a call, an assignment, ``return``, ``goto``, ...) is written whole (``hugetlb_vma_unlock_write(vma);``),
an ``if``, ``while`` or ``for`` by its head, its body left to the metavariable
(``if (!page_vma_mapped_walk(pvmw)) S``; an ``if`` with an ``else`` keeps the pin).  That code must
occur once in the rule's function (masked code, token by token), and the isomorphisms of
standard.iso that would let it match other code (``(E)`` as ``E``, ``p->f`` as ``p[i].f``, ``i++;`` as
``i += 1;``, ...) are disabled for the rule, so that it matches the statement as written and nothing
else.  A statement with a comment, a preprocessor line or a label in it keeps the pin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import combine, isos
from patches.ctext import COMPILER_KEYWORDS, TYPE_KEYWORDS, functions, is_declaration, mask

_PIN = re.compile(r'^\s*position\s+(\w+)\s*:\s*script:python\(\)\s*\{\s*(\w+)\[0\]\.line\s*'
                  r'(?:==\s*"(\d+)"|in\s*\(([\s",\d]+)\))\s*\}\s*;\s*$')


def _pinned_lines(m: re.Match[str]) -> set[int] | None:
    if m.group(1) != m.group(2):
        return None
    if m.group(3):
        return {int(m.group(3))}
    lines = {int(n) for n in re.findall(r'"(\d+)"', m.group(4) or "")}
    return lines or None


def _scope(rule: combine.SmplRule, source: str) -> list[tuple[int, int]] | None:
    """The line spans (1-based, inclusive) the rule can match in: its function's definitions when it
    names one (``identifier fn = NAME;`` and a body ``fn(...) {``), else the whole file; None when the
    function is not in SOURCE."""
    body = "\n".join(rule.body)
    for ln in rule.metavars:
        m = combine.FUNCTION_PIN.match(ln)
        if m and re.search(rf"^\s*{re.escape(m.group(1))}\s*\(\s*\.\.\.\s*\)\s*\{{", body, re.M):
            spans = [(f.start, f.end) for f in functions(source) if f.name == m.group(2)]
            return spans or None
    return [(1, source.count("\n") + 1)]


def _word_lines(source: str, word: str, spans: list[tuple[int, int]]) -> set[int]:
    """The lines of SPANS where WORD is written as code (not in a comment or a string)."""
    lines = mask(source).splitlines()
    pat = re.compile(rf"(?<![\w$]){re.escape(word)}(?![\w$])")
    return {n for lo, hi in spans for n in range(lo, min(hi, len(lines)) + 1) if pat.search(lines[n - 1])}


def _droppable(rule: combine.SmplRule, decl: str, source: str) -> str:
    """The name of the position DECL (a metavariable line of RULE) declares when SOURCE does not need it to
    single out the place, else "": only a Python line pin right after one literal word can go."""
    m = _PIN.match(decl)
    lines = _pinned_lines(m) if m else None
    if m is None or lines is None:
        return ""
    pos = m.group(1)
    body = "\n".join(rule.body)
    uses = re.findall(rf"(\S?)@{pos}\b", body)
    anchored = re.findall(rf"([A-Za-z_]\w*)@{pos}\b", body)
    if len(uses) != len(anchored) or len(set(anchored)) != 1 or anchored[0] in combine.metavariables(rule):
        return ""               # a metavariable (S@p) or an expression matches anywhere: the line is the pin
    if any(re.search(rf"(?<!@)\b{pos}\b", ln) for ln in rule.body if not re.search(rf"@{pos}\b", ln)):
        return ""               # the position is read elsewhere
    spans = _scope(rule, source)
    found = _word_lines(source, anchored[0], spans) if spans else set()
    return pos if found and found <= lines else ""


def unpinned(text: str, source: str) -> str:
    """TEXT (a generated .cocci) without the line pins SOURCE (the file it runs on) does not need."""
    if "script:python" not in text:
        return text
    _, rules = combine.split(text)
    if len(rules) != 1:
        return text
    drop: dict[str, str] = {}            # position name -> its declaration line
    for decl in rules[0].metavars:
        if pos := _droppable(rules[0], decl, source):
            drop[pos] = decl
    stated = _stated(rules[0], source)
    if not drop and stated is None:
        return text
    out: list[str] = []
    for part, _, ln in combine.parts(text.splitlines()):
        if stated is not None and ((part == "meta" and ln in stated.decls) or (part == "body" and ln == stated.line)):
            if part == "body":
                out += stated.code
            continue
        if part == "meta" and ln in drop.values():
            continue
        if part == "body":
            for pos in drop:
                ln = re.sub(rf"@{pos}\b", "", ln)
        out.append(ln)
    new = "\n".join(out) + ("\n" if text.endswith("\n") else "")
    if stated is None:
        return new
    # the operators the statement brings are written as they are too (cocci/isos.py)
    written = combine.split(new)[1][0]
    off = stated.isos + isos.respelled(combine.SmplRule("", written.metavars, written.body))
    return combine.reheaded(new, [isos.disabled(rules[0].head, off)]) if off else new


@dataclass(frozen=True)
class _Stated:
    """A statement pin written as the statement's code: the body line (``S@p``) it replaces, the
    metavariable lines it makes unneeded, the code, and the isomorphisms that code needs off."""
    line: str
    decls: tuple[str, ...]
    code: list[str]
    isos: list[str]


def _stated(rule: combine.SmplRule, source: str) -> _Stated | None:
    """RULE's pin of a statement metavariable (``S@p``, a context line of its own, S and p used nowhere
    else, p a Python pin of one line) written as the code of the statement on that line of SOURCE,
    when that code singles it out in the rule's function (see the module's text); else None."""
    for decl in rule.metavars:
        m = _PIN.match(decl)
        lines = _pinned_lines(m) if m else None
        if m is None or lines is None or len(lines) != 1:
            continue
        pos = m.group(1)
        at = [ln for ln in rule.body if re.search(rf"@{pos}\b", ln)]
        w = re.fullmatch(rf"\s*([A-Za-z_]\w*)@{pos}\s*", at[0]) if len(at) == 1 else None
        if w is None or len(re.findall(rf"\b{pos}\b", "\n".join(rule.body))) != 1:
            continue                # not a pin of a context line of its own (`- foo@p0(...)`)
        name = w.group(1)
        kind = [ln for ln in rule.metavars if re.fullmatch(rf"\s*statement\s+{name}\s*;\s*", ln)]
        if not kind or len(re.findall(rf"\b{name}\b", "\n".join(rule.body))) != 1:
            return None
        spans = _scope(rule, source) or []
        (line,) = lines
        found = _statement(source, line, spans, name) if any(lo < line < hi for lo, hi in spans) else None
        if found is None:
            return None
        code, key, head = found
        return _Stated(at[0], (decl,) if head else (decl, kind[0]), code, _respelling(key))
    return None


def _statement(source: str, line: int, spans: list[tuple[int, int]], name: str) -> tuple[list[str], str, str] | None:
    """The statement starting LINE of SOURCE as SmPL (its lines; an if/while/for head followed by NAME
    for its body), its masked tokens, and its head word ("" for a simple statement); None unless it
    is one of those, its masked code occurs once in SPANS (the lines the rule can match in, LINE among
    them), and nothing in it (a comment, a preprocessor line, a label, a declaration) makes its code a
    poor pattern."""
    m = mask(source)
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    if line > len(starts):
        return None
    first = starts[line - 1]
    at = first + len(m[first:].split("\n", 1)[0]) - len(m[first:].split("\n", 1)[0].lstrip())
    lo = max(s for s, _ in spans if s < line)
    before = m[starts[lo - 1]:at].rstrip()
    word = re.match(r"[A-Za-z_]\w*", m[at:])
    if word is None or not before or not (before[-1] in ";{})" or re.search(r"\b(?:else|do)$", before)
                                          or re.search(r"(?:^|[;{}])\s*(?:case\b[^;{}]*|[A-Za-z_]\w*\s*):$", before)):
        return None             # not where a statement starts (a continuation line, a declaration's type)
    w = word.group(0)
    if w in TYPE_KEYWORDS or w in COMPILER_KEYWORDS or re.match(r"\s*:(?!:)", m[word.end() + at:]):
        return None
    head = w if w in ("if", "while", "for") else ""
    if head:
        end = _closing(m, m.index("(", at)) if m[word.end() + at:].lstrip().startswith("(") else -1
        if end < 0 or (head == "while" and m[end:].lstrip().startswith(";")) \
                or (head == "if" and _has_else(m, end)):
            return None
    elif w in ("return", "goto", "break", "continue") or w not in _STATEMENT_WORDS:
        end = _simple_end(m, at)
        if end < 0 or m[end:].split("\n", 1)[0].strip() or is_declaration(source[at:end]):
            return None
    else:
        return None
    text = source[first:end]
    if re.search(r"^\s*#|\\$|^[-+*]", text, re.M) or re.search(r"/[*/]", _LITERAL.sub('""', text)):
        return None             # a preprocessor line, a line SmPL would read as - + or *, a comment
    key = " ".join(_TOKEN.findall(m[at:end]))
    if re.search(r'[\w$] "|" [\w$]', key):
        return None             # a string next to a word (a macro): C's parse and SmPL's may differ
    ends = [starts[b] if b < len(starts) else len(m) for _, b in spans]
    body = " ".join(t for (a, _), e in zip(spans, ends, strict=True) for t in _TOKEN.findall(m[starts[a - 1]:e]))
    if len(re.findall(rf"(?<![\w$]){re.escape(key)}(?![\w$])" if key[-1].isalnum() or key[-1] == "_"
                      else rf"(?<![\w$]){re.escape(key)}", body)) != 1:
        return None
    code = text.split("\n")
    if head:
        code[-1] += f" {name}"
    return code, key, head


_TOKEN = re.compile(r"[\w$]+|\S")
_LITERAL = re.compile(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'")
_STATEMENT_WORDS = frozenset("break case continue default do else for goto if return switch while".split())


def _closing(m: str, i: int) -> int:
    """The offset after the parenthesis (or brace) that closes the one at I of masked text M; -1 if none."""
    pair = {"(": ")", "{": "}"}[m[i]]
    depth = 0
    for k in range(i, len(m)):
        if m[k] == m[i]:
            depth += 1
        elif m[k] == pair:
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def _simple_end(m: str, at: int) -> int:
    """The offset after the `;` that ends the simple statement at AT of masked text M; -1 if none, or if
    it holds braces or a word right after a closing parenthesis (a cast, or a macro's loop:
    `list_for_each_entry(p, head, node)` and its body, which SmPL reads only with the macro declared)."""
    depth = 0
    for k in range(at, len(m)):
        c = m[k]
        if c in "{}":
            return -1
        depth += (c in "([") - (c in ")]")
        if c == ")" and re.match(r"\s*[A-Za-z_]", m[k + 1:]):
            return -1
        if c == ";" and depth == 0:
            return k + 1
    return -1


def _has_else(m: str, end: int) -> bool:
    """Whether the body of the `if` whose head ends at END of masked text M is followed by `else` (True
    too when the body cannot be told: a nested statement of its own)."""
    rest = len(m[end:]) - len(m[end:].lstrip())
    at = end + rest
    if m[at:at + 1] == "{":
        after = _closing(m, at)
    elif re.match(r"(?:if|else|for|while|do|switch)\b", m[at:]):
        return True
    else:
        after = _simple_end(m, at)
    return after < 0 or re.match(r"\s*else\b", m[after:]) is not None


# standard.iso's isomorphisms that let code written in a rule match other code, and what in a
# statement's masked code lets each (an `if` or loop head and `&&`, `||`, `!`, `?` are tests:
# `if (x)` also matches `if (x != 0)`); operators that respell (`a == b` as `b == a`) are isos.py's
_STATEMENT_ISOS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?:^|[^\w\s)\]]|\b(?:return|sizeof|case))\s*\(", ("paren", "drop_cast")),
    (r"\bsizeof\b", ("sizeof_type_expr",)),
    (r"- >", ("ptr_to_array",)),
    (r"\.\s*[A-Za-z_]", ("fld_to_ptr", "mkinit")),
    (r"\+ \+|- -|[+-] =|[+-] 1\b", ("inc",)),
    (r"\b(?:un)?likely\b", ("unlikely",)),
    (r"\b__predict_", ("bsd_branch_pred",)),
    (r"\b0\b", ("zero_multiple_format",)),
    (r"^(?:if|while|for)\b|& &|\| \||!|\?", ("not_int2", "not_ptr2")),
    (r"^if\b", ("neg_if", "ne_if", "drop_else")),
    (r"\?", ("neg_if_exp",)),
    (r"^for\b", ("for_inc",)),
    (r"\b(?:int|signed|unsigned)\b", ("add_signed", "add_int1", "add_int2")),
)


def _respelling(key: str) -> list[str]:
    """The isomorphisms to disable so that the statement KEY (its masked tokens, space-separated) written
    in a rule matches itself only."""
    out: list[str] = []
    for pattern, names in _STATEMENT_ISOS:
        if re.search(pattern, key):
            out += [n for n in names if n not in out]
    return out


def loosened(text: str) -> tuple[str, frozenset[int]] | None:
    """TEXT (a generated .cocci) without its Python line pin, and the pinned lines; None unless its one
    SmPL rule replaces only the expression of the pinned word: its one `-` line starts with ``WORD@p``
    (a literal word, or an expression or identifier metavariable: each change then starts on the line
    of its match's word), its `+` lines follow that line, the change is inside `<... ...>`, and the
    position is used nowhere else."""
    if "script:python" not in text:
        return None
    _, rules = combine.split(text)
    if len(rules) != 1 or rules[0].is_script:
        return None
    rule = rules[0]
    decls = [(m, ln) for ln in rule.metavars if (m := _PIN.match(ln))]
    if len(decls) != 1 or sum("script:" in ln for ln in rule.metavars) != 1:
        return None
    m, decl = decls[0]
    lines = _pinned_lines(m)
    pos = m.group(1)
    changes = [i for i, ln in enumerate(rule.body) if ln.startswith(("-", "+"))]
    minus = [i for i in changes if rule.body[i].startswith("-")]
    body = "\n".join(rule.body)
    anchored = re.findall(rf"([A-Za-z_]\w*)@{pos}\b", body)
    if lines is None or len(minus) != 1 or changes != list(range(minus[0], minus[0] + len(changes))) \
            or len(anchored) != 1 or len(re.findall(rf"\b{pos}\b", body)) != 1 \
            or not re.match(rf"-\s*[A-Za-z_]\w*@{pos}\b", rule.body[minus[0]]) \
            or not _local(rule, anchored[0]) or not _every_place(rule):
        return None
    out: list[str] = []
    for part, _, ln in combine.parts(text.splitlines()):
        if part == "meta" and ln == decl:
            continue
        out.append(re.sub(rf"@{pos}\b", "", ln) if part == "body" else ln)
    return "\n".join(out) + ("\n" if text.endswith("\n") else ""), frozenset(lines)


def _every_place(rule: combine.SmplRule) -> bool:
    """Whether RULE's change is inside `<... ...>` (every place it matches, each on its own) and no
    other `...` walks a path (where `... X ...` matches the first X, which the pin may skip)."""
    dots = [ln.strip() for ln in rule.body if ln.strip().startswith(("<...", "...")) or ln.strip().endswith("...>")]
    return bool(dots) and all(d in ("<...", "...>") for d in dots) and dots.count("<...") == dots.count("...>")


# metavariables that match a piece of one expression (a statement or a declaration metavariable
# would also match what encloses the pinned place)
_LOCAL_KINDS = ("expression", "identifier", "constant", "idexpression")


def _local(rule: combine.SmplRule, word: str) -> bool:
    """Whether WORD, where RULE's pin is, is a literal word or a metavariable of an expression kind."""
    if word not in combine.metavariables(rule):
        return True
    for decl in " ".join(rule.metavars).split(";"):
        words = re.findall(r"[A-Za-z_][\w.]*", re.split(r"=~|!=|=|:", decl, maxsplit=1)[0])
        if word in [w.split(".")[-1] for w in words[1:]]:
            return words[0] in _LOCAL_KINDS
    return False


def on_lines(lines: frozenset[int], h: combine.Hunk) -> bool | None:
    """Whether hunk H replaces LINES only (True), none of them (False), or some (None: it cannot be
    told which rule it is); a bare insertion (no line replaced) is None."""
    replaced = set(range(h.i1 + 1, h.i2 + 1))
    if not replaced:
        return None
    if replaced <= lines:
        return True
    return False if not replaced & lines else None


def continued(text: str, lines: frozenset[int]) -> frozenset[int]:
    """LINES (1-based lines of TEXT) and the lines that continue an expression one of them leaves open:
    a call pinned on its first line `dev_err(dev,` goes on to the `);` of its last one."""
    src = text.split("\n")
    out = set(lines)
    for n in lines:
        depth, k = 0, n
        while 1 <= k <= len(src):
            m = mask(src[k - 1])
            depth += m.count("(") - m.count(")")
            if depth <= 0:
                break
            k += 1
            out.add(k)
    return frozenset(out)


def kept(lines: frozenset[int], hunks: list[combine.Hunk], text: str = "") -> list[combine.Hunk] | None:
    """Of HUNKS (a loosened rule's changes to TEXT), those on its pinned LINES, the lines of a statement
    a pinned line opens included (spatch prints a call it changed anew, with its arguments): the pinned
    rule's changes; None when a hunk lies partly on them, or a pinned line is not changed (then only
    the pinned rule can say)."""
    where = [on_lines(continued(text, lines) if text else lines, h) for h in hunks]
    if None in where:
        return None
    out = [h for h, on in zip(hunks, where, strict=True) if on]
    return out if lines <= {n for h in out for n in range(h.i1 + 1, h.i2 + 1)} else None
