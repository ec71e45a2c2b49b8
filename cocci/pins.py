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
"""
from __future__ import annotations

import re

from cocci import combine
from patches.ctext import functions, mask

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
    if not drop:
        return text
    out: list[str] = []
    for part, _, ln in combine.parts(text.splitlines()):
        if part == "meta" and ln in drop.values():
            continue
        if part == "body":
            for pos in drop:
                ln = re.sub(rf"@{pos}\b", "", ln)
        out.append(ln)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


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
