"""Several generated rules for one file, run in one spatch pass, and each one's share of the result.

spatch runs the rules of one `.cocci` in order over a single parse of the file, so N rules cost
one start-up and one parse instead of N.  ``merge()`` puts the rules of several generated
`.cocci` files into one, each SmPL rule renamed uniquely (``@rename@`` of the third file becomes
``@rename_3@``; ``depends on`` clauses and inherited metavariables ``rm.E`` follow).

The pass gives only the final text.  To check and report each rule as if it had run alone,
the final diff is split between the rules: ``batches()`` groups rules whose expected change
regions (the lines their `-` lines match, their position pins, their function) lie apart,
``attribute()`` gives every changed hunk to the one rule whose region and `-`/`+` words explain
it, and ``replay()`` rebuilds the text after each rule.  Whatever does not split cleanly
(a hunk two rules explain, a rule with no hunk) is None: the caller then runs those rules
one by one.

What keeps rules out of one pass is what would make that split wrong or impossible, so that a pass
is not paid for and then redone rule by rule: regions that share a line, or touch one where a rule
adds or removes lines (the diff makes one hunk of both changes); a rule that reads (in its `-`
lines, its context or its metavariables' types) a word an earlier rule of the pass writes or takes
away (spatch matches every rule of a pass on the one parse, not on what an earlier rule printed);
a `-` line of metavariables only (``attributable()``: no hunk could be given to it); other
`#spatch` options (``options()``).  A text edit that only writes comments (``comments_only()``)
may stand between the rules of a pass: it is made in its turn, and the later rules' shares are
``carried()`` onto its result when their lines and the lines next to them are as they were.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cocci import linediff
from patches.ctext import function_named, split_lines

_HEAD = re.compile(r"^@([^@]*)@\s*$")
_WORD = re.compile(r"[A-Za-z_]\w*")
_PIN = re.compile(r"^\s*position\s+(\w+)\s*:\s*script:python\(\)\s*\{(.*)\}\s*;\s*$")
FUNCTION_PIN = re.compile(r"^\s*identifier\s+(\w+)\s*=\s*([A-Za-z_]\w*)\s*;\s*$")
# metavariable kinds and modifiers: words of a declaration that are not names
_KIND_WORDS = {"identifier", "expression", "statement", "declaration", "type", "position", "constant",
               "idexpression", "local", "global", "list", "parameter", "field", "initializer", "function",
               "binary", "unary", "operator", "assignment", "fresh", "format", "attribute", "name",
               "struct", "union", "enum", "char", "short", "int", "long", "unsigned", "signed", "void",
               "const", "volatile", "float", "double", "bool", "iterator", "declarer", "comments",
               "symbol", "typedef", "virtual", "metavariable", "pragmainfo"}
_NOT_NAMES = {"symbol", "typedef", "virtual"}       # their names are literal words of the code
_SCRIPT_KINDS = ("script:", "initialize:", "finalize:")
# the words a rule's header may begin with when the rule has no name
_NOT_RULE_NAMES = ("depends", "exists", "forall", "disable", "using", "extends")


@dataclass
class SmplRule:
    """One `@...@ metavariables @@ body` rule of a .cocci text."""

    head: str                       # between the @s: "rename", "add depends on rm", "script:python"
    metavars: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    @property
    def is_script(self) -> bool:
        """A script:, initialize: or finalize: rule: code in Python or OCaml, no SmPL to match."""
        return self.head.split()[:1] != [] and self.head.split()[0].startswith(_SCRIPT_KINDS)

    @property
    def name(self) -> str:
        words = self.head.split()
        if not words:
            return ""
        if self.is_script:
            return words[1] if len(words) > 1 and words[1] not in ("depends", "<<") else ""
        return "" if words[0] in _NOT_RULE_NAMES else words[0]


def parts(lines: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    """Each of LINES (a .cocci text's) with what it is: "pre" (before the first rule: comments, `virtual`),
    "head" (`@...@`), "meta" (a metavariable line), "end" (the `@@` that ends them) or "body"; and the
    index of its rule (-1 before the first)."""
    k = -1
    in_meta = False
    for line in lines:
        if not in_meta and _HEAD.match(line):
            k += 1
            in_meta = True
            yield "head", k, line
        elif in_meta and line.strip().startswith("@@"):
            in_meta = False
            yield "end", k, line
        else:
            yield "meta" if in_meta else "body" if k >= 0 else "pre", k, line


def split(text: str) -> tuple[list[str], list[SmplRule]]:
    """The lines before the first rule (comments, `virtual`), and the rules of TEXT."""
    pre: list[str] = []
    rules: list[SmplRule] = []
    for kind, _, line in parts(text.splitlines()):
        if kind == "head":
            rules.append(SmplRule(line.rstrip()[1:-1]))     # `@head@`, as parts() matched it
        elif kind == "meta":
            rules[-1].metavars.append(line)
        elif kind == "body":
            rules[-1].body.append(line)
        elif kind == "pre":
            pre.append(line)
    return pre, rules


def reheaded(text: str, heads: list[str]) -> str:
    """TEXT with the header of its k-th rule (what stands between the @s) replaced by HEADS[k]."""
    return "\n".join(f"@{heads[k]}@" if kind == "head" else line for kind, k, line in parts(text.split("\n")))


def _renamed_head(head: str, names: dict[str, str], fallback: str) -> str:
    """HEAD with rule names (its own and those of `depends on`) renamed; FALLBACK names an unnamed rule."""
    words = head.split()
    script = bool(words) and words[0].startswith(_SCRIPT_KINDS)
    if not script and (not words or words[0] in _NOT_RULE_NAMES):
        head = f"{fallback} {head}".strip()
    return re.sub(r"(?<![\w:.])([A-Za-z_]\w*)\b", lambda m: names.get(m.group(1), m.group(1)), head)


def options(text: str) -> list[str]:
    """The `#spatch` lines of a .cocci text (command line options spatch reads from it), in order."""
    return [ln for ln in split(text)[0] if ln.startswith("#spatch")]


def merge(texts: list[str]) -> str:
    """One .cocci running the rules of TEXTS in order; rule names get the text's number (1-based).
    `virtual` and `#spatch` lines are kept (once each): only texts with the same `#spatch` options
    can share a pass."""
    virtual: list[str] = []
    out: list[str] = []
    for n, text in enumerate(texts, 1):
        pre, rules = split(text)
        virtual += [ln for ln in pre if ln.startswith(("virtual", "#spatch")) and ln not in virtual]
        names = {r.name: f"{r.name}_{n}" for r in rules if r.name}
        for k, r in enumerate(rules):
            out.append(f"@{_renamed_head(r.head, names, f'rule_{n}_{k}')}@")
            out += [_renamed_meta(ln, names) for ln in r.metavars]
            out.append("@@")
            out += r.body
            out.append("")
    return "\n".join(virtual + [""] + out).lstrip("\n") + "\n"


def _renamed_meta(line: str, names: dict[str, str]) -> str:
    """A metavariable line with inherited names `rule.X` (and script `x << rule.y`) renamed."""
    for old, new in names.items():
        line = re.sub(rf"(?<![\w.]){re.escape(old)}\.(?=\w)", f"{new}.", line)
    return line


def metavariables(rule: SmplRule) -> set[str]:
    """The names RULE declares as metavariables (not `symbol`s or `typedef`s: those are code words)."""
    out: set[str] = set()
    for decl in " ".join(rule.metavars).split(";"):
        decl = re.split(r"=~|!=|=|:", decl, maxsplit=1)[0]
        words = _WORD.findall(decl)
        if not words or words[0] in _NOT_NAMES:
            continue
        for part in decl.split(","):
            w = [x for x in _WORD.findall(part) if x not in _KIND_WORDS]
            if w:
                out.add(w[-1].split(".")[-1])
    out |= {w for ln in rule.metavars for w in re.findall(r"\b\w+\.(\w+)", ln)}
    return out


@dataclass
class Shape:
    """What one generated .cocci may change: its `-` and `+` lines as sets of code words, its line
    pins, its functions, and whether some change is not tied to words (then: the whole function)."""

    minus: list[frozenset[str]] = field(default_factory=list)
    plus: list[frozenset[str]] = field(default_factory=list)
    pins: set[int] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    anywhere: bool = False          # a change only metavariables describe, or a bare insertion
    resizes: bool = False           # some rule's `-` and `+` lines are not one for one: lines come or go
    context: frozenset[str] = frozenset()   # the code words of its context lines and metavariable types
    new: frozenset[str] = frozenset()       # the code words its `+` lines write and its `-` lines do not
    gone: frozenset[str] = frozenset()      # the code words its `-` lines take away and its `+` lines do not
    anchors: list[frozenset[str]] = field(default_factory=list)   # code words of the lines it adds above
    confined: bool = True           # each of its rules changes the body of the function it names only


@functools.lru_cache(maxsize=256)
def shape(text: str) -> Shape:
    """What the generated .cocci TEXT may change (one object per text: not to be changed)."""
    s = Shape()
    context: set[str] = set()
    for r in split(text)[1]:
        if r.is_script:
            s.anywhere = True
            continue
        meta = metavariables(r)
        for ln in r.metavars:           # `struct foo *p;`, `identifier f = foo;`: foo is read
            context |= {w for w in _WORD.findall(re.sub(r"=~.*", "", ln)) if w not in meta and w not in _KIND_WORDS}
        for ln in r.body:
            if not ln.startswith(("-", "+")):
                context |= {w for w in _WORD.findall(re.sub(r"/\*.*?\*/|//.*$|@\w+", "", ln)) if w not in meta}
        for ln in r.metavars:
            if (m := FUNCTION_PIN.match(ln)):
                s.functions.add(m.group(2))
            if (m := _PIN.match(ln)):
                s.pins |= {int(x) for x in re.findall(r'"(\d+)"', m.group(2))}
        pinned = any(_PIN.match(ln) for ln in r.metavars)
        s.confined = s.confined and _confined(r)
        anchored = _anchors(r.body, meta)
        s.anchors += [a for a in anchored if a]
        for ln in r.body:
            if not ln.startswith(("-", "+")):
                continue
            code = re.sub(r"@\w+", "", ln[1:])
            if ln.startswith("-"):
                code = re.sub(r"/\*.*?\*/|//.*$", "", code)
            words = frozenset(w for w in _WORD.findall(code) if w not in meta)
            (s.minus if ln.startswith("-") else s.plus).append(words)
            if ln.startswith("-") and not words:
                s.anywhere = True
        if any(ln.startswith("+") for ln in r.body) and not any(ln.startswith("-") for ln in r.body) \
                and not pinned and not (anchored and all(anchored)):
            s.anywhere = True
        if sum(ln.startswith("-") for ln in r.body) != sum(ln.startswith("+") for ln in r.body):
            s.resizes = True
    s.context = frozenset(context)
    s.new = frozenset().union(*s.plus) - frozenset().union(*s.minus)
    s.gone = frozenset().union(*s.minus) - frozenset().union(*s.plus)
    return s


def _confined(r: SmplRule) -> bool:
    """Whether rule R's body is one function it names (`identifier fn = NAME;` ... `fn(...) {`)."""
    names = {m.group(1) for ln in r.metavars if (m := FUNCTION_PIN.match(ln))}
    first = next((ln for ln in r.body if ln.strip()), "")
    m = re.match(r"\s*(\w+)\s*\(\s*\.\.\.\s*\)\s*\{\s*$", first)
    return m is not None and m.group(1) in names


def _anchors(body: list[str], meta: set[str]) -> list[frozenset[str]]:
    """For each run of `+` lines of BODY that replaces nothing (no `-` line next to it), the code words
    (not metavariables) of the context line right after it: the added lines go above the code that
    line matches.  An empty set: the run is not anchored to code words (an `S@p` after it, `...`)."""
    out: list[frozenset[str]] = []
    i = 0
    while i < len(body):
        if not body[i].startswith("+"):
            i += 1
            continue
        j = i
        while j < len(body) and body[j].startswith("+"):
            j += 1
        after = body[j] if j < len(body) else ""
        if not (i and body[i - 1].startswith("-")) and not after.startswith("-"):
            code = re.sub(r"/\*.*?\*/|//.*$|@\w+", "", after)
            literal = not code.strip().startswith(("...", "<...", "<+..."))
            out.append(frozenset(w for w in _WORD.findall(code) if w not in meta) if literal else frozenset())
        i = j
    return out


def attributable(text: str) -> bool:
    """Whether attribute() can give the generated .cocci TEXT its hunks: each of its `-` lines has a
    code word (a line of metavariables only explains no changed line)."""
    return all(shape(text).minus)


def _words(line: str) -> frozenset[str]:
    return frozenset(_WORD.findall(line))


def _explains(pattern: list[frozenset[str]], line: str) -> bool:
    """Whether some `-` (or `+`) line of a rule can be (part of) LINE: all its code words are there."""
    w = _words(line)
    return not w or any(p and p <= w for p in pattern)


def _left(line: str, removed: list[str]) -> bool:
    """Whether LINE has no code word but those of the REMOVED lines it replaces (spatch reprinted what
    a rule left of them: an argument or a cast taken out)."""
    return bool(removed) and _words(line) <= frozenset().union(*(_words(ln) for ln in removed))


def region(sh: Shape, text: str) -> set[int] | None:
    """The lines of TEXT (1-based) the rule is expected to change; None: its whole function(s) or file."""
    lines = split_lines(text)
    spans = [(f.start, f.end) for n in sorted(sh.functions) if (f := function_named(text, n))]
    if not spans:
        spans = [(1, len(lines))]
    if sh.anywhere:
        return None
    out = set(sh.pins)
    for lo, hi in spans:
        for n in range(lo, hi + 1):
            w = _words(lines[n - 1])
            if any(p and p <= w for p in sh.minus + sh.anchors):
                out.add(n)
    return out


def lines_of(rule: str, text: str) -> set[int]:
    """The lines of TEXT (1-based) the generated .cocci RULE may change (its region, else its function(s))."""
    sh = shape(rule)
    reg = region(sh, text)
    return _whole(sh, text) if reg is None else reg


def grown(lines: set[int]) -> set[int]:
    """LINES and the line on each side of every one: a change that adds or removes lines there is
    one diff hunk with a change on the next line."""
    return {n + d for n in lines for d in (-1, 0, 1)}


def _whole(sh: Shape, text: str) -> set[int]:
    spans = [(f.start, f.end) for n in sorted(sh.functions) if (f := function_named(text, n))]
    if not spans:
        return set(range(1, len(split_lines(text)) + 1))
    return {n for lo, hi in spans for n in range(lo, hi + 1)}


def _reads(minus: list[frozenset[str]], plus: list[frozenset[str]]) -> bool:
    """Whether some `-` line of MINUS can match code a `+` line of PLUS writes."""
    return any(m and any(m <= a for a in plus) for m in minus)


def batches(texts: list[str], text: str) -> list[list[int]]:
    """Consecutive runs of TEXTS (indexes) whose expected regions in TEXT do not share a line (nor
    touch one, when a rule adds or removes lines: the diff would make one hunk of both changes), no
    rule of which removes what another adds, and none of whose context (code around its `-` lines,
    types of its metavariables) is a word an earlier one writes new or takes away (spatch matches the
    parse, not what an earlier rule of the pass printed; words written in another function count
    only for a rule that is not confined to the functions it names); one rule alone where they would
    not.

    A rule pinned to lines runs first in its pass (see run_order()): after a change in its function,
    spatch may no longer find the pinned place (a statement after a removed declaration).  So a
    pinned rule joins a run only when no pinned rule of the run is in its functions, and no rule
    of the run removes what it adds (it would do that before them, not after)."""
    out: list[list[int]] = []
    taken: set[int] = set()
    near: set[int] = set()          # the lines next to the regions of rules that add or remove lines
    adds: list[frozenset[str]] = []
    removes: list[frozenset[str]] = []
    pinned_in: set[str] = set()
    # words the run's rules write new or take away: a later rule reading them needs a new parse (or
    # is rendered otherwise on what they leave); by function for rules confined to theirs ("" for others)
    written: dict[str, set[str]] = {}
    for i, t in enumerate(texts):
        sh = shape(t)
        reg = region(sh, text)
        mine = _whole(sh, text) if reg is None else reg
        fits = bool(out) and not (mine & (taken | near)) and not _reads(sh.minus, adds) \
            and not (sh.context & _written_for(sh, written))
        if fits and sh.resizes:
            fits = not (grown(mine) & taken)
        if fits and sh.pins:
            fits = not (sh.functions & pinned_in) and not _reads(removes, sh.plus)
        if fits:
            out[-1].append(i)
        else:
            out.append([i])
            taken, near, adds, removes, pinned_in, written = set(), set(), [], [], set(), {}
        taken |= mine
        for f in sh.functions if sh.confined and sh.functions else [""]:
            written.setdefault(f, set()).update(sh.new | sh.gone)
        if sh.resizes:
            near |= grown(mine)
        adds += sh.plus
        removes += sh.minus
        if sh.pins:
            pinned_in |= sh.functions
    return out


def _written_for(sh: Shape, written: dict[str, set[str]]) -> set[str]:
    """The words of WRITTEN (by function, "" for rules not confined to theirs) a rule of shape SH can
    read: those written in its functions and anywhere, or all of them when it is not confined."""
    if not (sh.confined and sh.functions):
        return set().union(*written.values())
    return set().union(*(written.get(f, set()) for f in [*sh.functions, ""]))


def run_order(texts: list[str]) -> list[int]:
    """The order the rules of one pass (TEXTS, a run of batches()) run in: the rules pinned to lines
    first, each kind in its own order."""
    pinned = [bool(shape(t).pins) for t in texts]
    return [i for i in range(len(texts)) if pinned[i]] + [i for i in range(len(texts)) if not pinned[i]]


@dataclass(frozen=True)
class Hunk:
    i1: int     # 0-based, half-open, lines of the text before
    i2: int
    j1: int     # the same in the text after
    j2: int


def hunks(before: str, after: str) -> list[Hunk]:
    a, b = split_lines(before), split_lines(after)
    out: list[Hunk] = []
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 > 1:
            out += [Hunk(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            out.append(Hunk(i1, i2, j1, j2))
    return out


def attribute(texts: list[str], before: str, after: str) -> list[list[Hunk]] | None:
    """The hunks of BEFORE -> AFTER that each of TEXTS made (none for a rule that matched nothing in
    the pass), or None when a hunk is explained by no rule or by more than one."""
    a, b = split_lines(before), split_lines(after)
    shapes = [shape(t) for t in texts]
    wholes = [_whole(sh, before) for sh in shapes]
    out: list[list[Hunk]] = [[] for _ in texts]
    for h in hunks(before, after):
        near = set(range(h.i1 + 1, h.i2 + 1)) if h.i2 > h.i1 else {h.i1, h.i1 + 1}   # 1-based lines
        who = []
        for k, sh in enumerate(shapes):
            if not (near & wholes[k]):
                continue
            if all(_explains(sh.minus, ln) for ln in a[h.i1:h.i2]) and \
                    all(_explains(sh.plus, ln) or _left(ln, a[h.i1:h.i2]) for ln in b[h.j1:h.j2]):
                who.append(k)
        if len(who) != 1:
            return None
        out[who[0]].append(h)
    return out


def replay(before: str, after: str, chosen: list[Hunk]) -> str:
    """BEFORE with only the CHOSEN hunks of BEFORE -> AFTER applied."""
    a, b = split_lines(before, keepends=True), split_lines(after, keepends=True)
    out: list[str] = []
    pos = 0
    for h in sorted(chosen, key=lambda h: (h.i1, h.i2)):
        out += a[pos:h.i1]
        out += b[h.j1:h.j2]
        pos = h.i2
    out += a[pos:]
    return "".join(out)


def carried(start: str, now: str, after: str, share: list[Hunk]) -> str | None:
    """NOW (START with changes made since: the earlier rules of the pass, a comment a text edit wrote)
    with SHARE (hunks of START -> AFTER) made on it; None unless every line a hunk replaces, and the
    line on each side of it, is still there in NOW as it was in START (unchanged, in order)."""
    a, b, n = split_lines(start, keepends=True), split_lines(after, keepends=True), split_lines(now, keepends=True)
    moved: dict[int, int] = {}          # 0-based lines of START kept in NOW -> their index there
    for tag, i1, i2, j1, _ in linediff.opcodes(split_lines(start), split_lines(now)):
        if tag == "equal":
            moved.update({i1 + k: j1 + k for k in range(i2 - i1)})
    out: list[str] = []
    pos = 0
    for h in sorted(share, key=lambda h: (h.i1, h.i2)):
        around = range(max(h.i1 - 1, 0), min(h.i2 + 1, len(a)))
        if not around or any(i not in moved or moved[i] - moved[around[0]] != i - around[0] for i in around):
            return None
        if h.i1 < len(a):
            at = moved[h.i1]
        elif moved[len(a) - 1] == len(n) - 1:
            at = len(n)                 # an addition at the end, after the same last line
        else:
            return None
        if at < pos:
            return None
        out += n[pos:at]
        out += b[h.j1:h.j2]
        pos = at + (h.i2 - h.i1)
    out += n[pos:]
    return "".join(out)


_COMMENT_OR_LITERAL = re.compile(r"""/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""", re.S)


@functools.lru_cache(maxsize=16)
def code_words(text: str) -> tuple[str, ...]:
    """TEXT's code, comments left out, split at white space (string literals kept whole)."""
    return tuple(_COMMENT_OR_LITERAL.sub(lambda m: " " if m.group().startswith("/") else m.group(), text).split())


def comments_only(before: str, after: str) -> bool:
    """Whether BEFORE -> AFTER changes comments and white space only (no code spatch would match)."""
    return code_words(before) == code_words(after)


def pinned_lines(text: str) -> list[int]:
    """The line numbers TEXT's position pins name, in order."""
    return [int(n) for ln in text.splitlines() if _PIN.match(ln) for n in re.findall(r'"(\d+)"', ln)]


def same_pins(first: str, before: str, again: str, after: str) -> bool:
    """Whether the pins of FIRST (a rule rendered on BEFORE) and of AGAIN (the same rule rendered on
    AFTER, the text after the earlier rules of its pass) name the same lines: each line FIRST pins is
    one the earlier rules left as it was, and it is the line AGAIN pins."""
    old, new = pinned_lines(first), pinned_lines(again)
    if not old and not new:
        return True
    moved: dict[int, int] = {}
    for tag, i1, i2, j1, _ in linediff.opcodes(before.splitlines(), after.splitlines()):
        if tag == "equal":
            moved.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
    return len(old) == len(new) and all(moved.get(a) == b for a, b in zip(old, new, strict=True))


def same_rule(first: str, again: str) -> bool:
    """Whether two renderings of a rule differ at most in the line numbers of their position pins
    (a rule rendered before the earlier rules of its pass ran, and after)."""
    def norm(t: str) -> str:
        return "\n".join(re.sub(r'"\d+"', '"N"', ln) if _PIN.match(ln) else ln for ln in t.splitlines())
    return norm(first) == norm(again)
