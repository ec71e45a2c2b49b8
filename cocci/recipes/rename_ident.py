"""Rename an identifier the patch introduces: a local, a parameter, a struct tag or member, a
function, a file-scope variable or a macro, with every use.

Evidence: the comment gives the new name (a bare `dp_jack` under the declaration, "please call
the new variable "count"", "rename X to Y", "Maybe foo_bar()?", `s/X/Y/`, "Y would be a better
name"), a symbol prefix ("Use the foo_hw symbol prefix": the functions and file-scope variables
of the quote that lack it get it), or a correction of what the name says ("This is not an
address, but an index": the name part `addr` becomes `idx`).  The identifier renamed is one the
quote declares or uses and the patch itself adds (absent from the file, or for a local from its
function, before the patch); when the comment does not name it, it is the one the new name shares
name parts with, or the only one of the kind the comment names ("the new variable").  A local is
renamed in the quoted function ("analogously below", "everywhere": in every function of the
patch that adds the same local); anything else in every file the patch touches.  Refused (manual,
with the reason): a name the kernel had before the patch, a new name already in use there or in
a later patch of the series, a member, a struct tag, or a name in a file the patch does not touch
that a later patch uses.  A local, function, macro or file-scope name that later patches use in the
patch's files is renamed there too when the series is rebuilt (app/respin.py).

The rule renames the declaration and every use (`->m`, `.m`, `.m =`, prototypes); afterwards
the files must equal the old ones with exactly those tokens renamed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import linediff
from cocci import render as R
from patches.ctext import KEYWORDS, Function, function_named, functions, mask, tokens
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion

_ID = r"[A-Za-z_]\w*"
_Q = r"[`\"'\u2018\u2019\u201c\u201d]?"

# usual kernel short forms of what a name says: the first one is used for a new name
VOCABULARY: dict[str, tuple[str, ...]] = {
    "address": ("addr", "address"), "index": ("idx", "index"), "length": ("len", "length"),
    "number": ("num", "nr", "number"), "count": ("cnt", "count"), "buffer": ("buf", "buffer"),
    "pointer": ("ptr", "pointer"), "size": ("size", "sz"), "value": ("val", "value"),
    "offset": ("off", "offset"), "register": ("reg", "register"), "device": ("dev", "device"),
    "context": ("ctx", "context"), "message": ("msg", "message"), "parameter": ("param", "parameter"),
    "argument": ("arg", "argument"), "temperature": ("temp", "temperature"),
    "frequency": ("freq", "frequency"), "position": ("pos", "position"), "source": ("src", "source"),
    "destination": ("dst", "dest", "destination"), "sequence": ("seq", "sequence"),
    "current": ("cur", "curr", "current"), "previous": ("prev", "previous"), "interrupt": ("irq", "interrupt"),
    "information": ("info", "information"), "flags": ("flags",), "mask": ("mask",), "id": ("id",),
    "identifier": ("id", "identifier"), "channel": ("chan", "ch", "channel"), "callback": ("cb", "callback"),
    "request": ("req", "request"), "response": ("resp", "response"), "command": ("cmd", "command"),
    "status": ("status", "stat"), "timeout": ("timeout",), "result": ("res", "result"),
    "entry": ("entry", "ent"), "table": ("tbl", "table"), "array": ("arr", "array"),
    "config": ("cfg", "conf", "config"), "configuration": ("cfg", "config"), "clock": ("clk", "clock"),
}

_KIND_WORDS = {"variable": "local", "var": "local", "local": "local", "counter": "local",
               "parameter": "local", "param": "local", "argument": "local", "arg": "local",
               "function": "function", "helper": "function", "callback": "function",
               "struct": "tag", "structure": "tag", "type": "tag",
               "field": "member", "member": "member", "macro": "macro", "define": "macro",
               "constant": "macro"}

SCOPE_MORE = ("analogously", "below", "everywhere", "elsewhere", "other functions", "likewise",
              "similarly", "throughout", "all of them", "each of them", "in all", "same in", "same for")

# words that may stand beside a bare new name: "Nit: foo_len?", "foo_len, please"
_FILLER = frozenset("nit maybe perhaps please instead here too also then so just rather i'd i would "
                    "suggest how about what why not or something like e g eg the a an".split())
_NOT_NAMES = frozenset("""here there it this that them these those instead directly again first later
once please too also above below now then maybe rather anyway everywhere elsewhere""".split())


@dataclass(frozen=True)
class Ask:
    """What the comment asks for: a new name (with the old one, if named), a prefix, or a word swap."""

    new: str = ""
    old: str = ""
    prefix: str = ""
    was: str = ""            # "not an address, but an index": was "address", is "index"
    is_: str = ""
    hint: str = ""           # the kind of thing the comment names ("local", "function", ...)
    naming: bool = False     # the comment talks about naming ("name", "rename", "call it")


def _strip_code_quotes(text: str) -> str:
    return re.sub(r"[`\u2018\u2019\u201c\u201d]", '"', text)


def _hint(word: str) -> str:
    return _KIND_WORDS.get(word.lower().rstrip("s"), _KIND_WORDS.get(word.lower(), ""))


# a type named alone ("size_t", "u32") is a request for that type (retype-local's), never a new name
_TYPE_NAME = re.compile(r"(?:__)?[us](?:8|16|32|64)|\w+_t|bool|char|short|int|long|unsigned|signed|void|"
                        r"__(?:le|be)(?:16|32|64)")


def _name_like(word: str) -> bool:
    """A kernel-style name (snake_case or UPPER_CASE), not a capitalised word of prose nor a type."""
    return re.fullmatch(r"[a-z_][a-z0-9_]*|[A-Z_][A-Z0-9_]*", word) is not None and \
        word.lower() not in _NOT_NAMES and _TYPE_NAME.fullmatch(word) is None


def read_ask(comment: str, code: list[str]) -> Ask | None:
    """The rename COMMENT (and the reviewer's CODE, for `s/x/y/`) asks for, or None."""
    text = _strip_code_quotes(comment)
    one = " ".join(text.split())
    naming = bool(re.search(r"\b(re)?nam(e|es|ed|ing)\b|\bcall(ed)? (it|this|that|them)\b", one, re.I))
    for c in list(code) + text.splitlines():
        # "Nit: s/n/count/" too, and "s/n/count/, it counts" with the reason after it
        m = re.match(rf"\s*(?:[A-Za-z]+:\s*)?s/({_ID})/({_ID})/g?(?:\s*$|[,.;:]?\s)", c)
        if m:
            return Ask(new=m.group(2), old=m.group(1), naming=True)
    # "The name is wrong now, it holds microseconds.  s/max_ns/max/ throughout.": a sentence of its own
    m = re.search(rf"[.!?]\s+s/({_ID})/({_ID})/g?(?=\s|$|[,.;:])", one)
    if m:
        return Ask(new=m.group(2), old=m.group(1), naming=True)
    m = re.search(rf"\brenam\w*\s+(?:the\s+\w+\s+)?\"?({_ID})\"?(?:\(\))?\s+(?:to|as|into)\s+\"?({_ID})", one, re.I)
    if m:
        return Ask(new=m.group(2), old=m.group(1), naming=True)
    m = re.search(rf"\b(?:call|name)\s+(?:it|this|that|them|the\s+(?:new\s+)?(\w+))\s+\"?({_ID})\"?", one, re.I)
    if m and m.group(2).lower() not in _NOT_NAMES:
        # "call it X": the one name the quote declares; "call the new variable X": the one local
        return Ask(new=m.group(2), hint=_hint(m.group(1)) if m.group(1) else "it", naming=True)
    m = re.search(rf"\b(?:call|name)\s+\"?({_ID})\"?(?:\(\))?\s+(\"{_ID}\"|{_ID})", one, re.I)
    if m and (m.group(2).startswith('"') or "_" in m.group(2)):
        return Ask(new=m.group(2).strip('"'), old=m.group(1), naming=True)
    m = re.search(rf"\"?(?<!\w)({_ID})\"?(?:\(\))?\s+(?:would|might|could|may)\s+be\s+(?:a\s+)?(?:\w+\s+)?"
                  rf"(?:better|clearer|nicer)\s+name", one, re.I) or \
        re.search(rf"\b(?:better|clearer|nicer)\s+name\s*(?:would\s+be|is|:)\s*\"?({_ID})", one, re.I)
    if m:
        return Ask(new=m.group(1), naming=True)
    m = re.search(rf"\b(?:use|add|with|need)\s+(?:the\s+|a\s+)?\"?({_ID})\"?\s+"
                  rf"(?:symbol\s+|name\s+|function\s+|driver\s+)?prefix", one, re.I) or \
        re.search(rf"\bprefix\w*\s+(?:\w+\s+){{0,3}}?with\s+\"?({_ID})\"?", one, re.I)
    if m:
        return Ask(prefix=m.group(1).rstrip("_"), naming=True)
    m = re.search(r"\bnot\s+an?\s+([a-z]+)\s*,?\s+(?:but\s+)?(?:rather\s+)?an?\s+([a-z]+)\b", one, re.I)
    if m:
        return Ask(was=m.group(1).lower(), is_=m.group(2).lower())
    m = re.search(r"\bis\s+an?\s+([a-z]+)\s*,?\s+not\s+an?\s+([a-z]+)\b", one, re.I)
    if m:
        return Ask(was=m.group(2).lower(), is_=m.group(1).lower())
    m = re.search(rf"\b(?:maybe|perhaps|how about|what about|why not)\s+\"?({_ID})\"?(?:\(\))?\"?\s*\?", one, re.I)
    if m and _name_like(m.group(1)):
        return Ask(new=m.group(1), naming=naming)
    # the name alone, as the first line: "dp_jack", "foo_len.", "Nit: foo_len?"
    first = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    m = re.fullmatch(rf"(?:[A-Za-z' ]+:\s*)?\"?({_ID})\"?(?:\(\))?\"?\s*[.?!]?(?:\s+[A-Za-z',]+)*\s*[.?!]?", first)
    if m:
        rest = first.replace(m.group(1), " ", 1)
        if all(w in _FILLER for w in re.findall(r"[a-z']+", rest.lower())) and _name_like(m.group(1)) \
                and m.group(1).lower() not in _FILLER:
            return Ask(new=m.group(1), naming=naming)
    return None


# what may follow a s/old/new/ and its reach ("throughout, and pass the folio"): another request ("and" and a
# word that is no place: "and below", "and in the header" are the rename's own reach)
_AND_MORE = re.compile(rf"s/{_ID}/{_ID}/g?[^.!?]*?,?\s+and\s+(?!(?:also\s+)?(?:below|above|elsewhere|everywhere|"
                       r"in|on|at|for|to|the\s+rest|all|its?|their|every|each|other|others|similar|so\s+on)\b)"
                       r"(?P<rest>[a-z][^.!?\n]*)", re.I)


def request_after_substitution(comment: str) -> str:
    """The request COMMENT makes after its s/old/new/ in the same sentence ("s/page_foo/folio_foo/ throughout,
    and pass the folio." -> "pass the folio"), which the rename does not make; '' for none."""
    m = _AND_MORE.search(" ".join(comment.split()))
    return m.group("rest").strip() if m else ""


# ---------------------------------------------------------------- what a name is

@dataclass(frozen=True)
class Target:
    old: str
    new: str
    what: str                   # local, member, tag, function, global, macro
    struct: str = ""            # for a member: its struct's tag
    functions: tuple[str, ...] = ()   # for a local: the functions it is renamed in


def _named_first(names: list[str], comment: str) -> list[str]:
    """Of several NAMES, the ones COMMENT names ('"reg" reads like an offset ... call it "raw"'); all
    of them when it names none."""
    if len(names) < 2:
        return names
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", comment)] or names


def _has_word(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", mask(text)) is not None


def struct_bodies(text: str) -> list[tuple[str, int, int, set[str]]]:
    """(tag, first line, last line, member names) of every `struct|union tag { ... }` of TEXT."""
    m = mask(text)
    out = []
    for h in re.finditer(r"\b(?:struct|union)\s+([A-Za-z_]\w*)\s*\{", m):
        depth, i = 0, h.end() - 1
        while i < len(m):
            depth += {"{": 1, "}": -1}.get(m[i], 0)
            if depth == 0:
                break
            i += 1
        body = m[h.end():i]
        flat = re.sub(r"\{[^{}]*\}", " ", body)      # nested anonymous blocks: their members count too
        members = set(re.findall(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?::\s*\w+\s*)?[;,]", body))
        members |= set(re.findall(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(", flat))
        out.append((h.group(1), m.count("\n", 0, h.start()) + 1, m.count("\n", 0, i) + 1, members))
    return out


def _file_symbols(text: str) -> dict[str, str]:
    """Names TEXT defines at file scope -> what they are (function, global, macro, tag)."""
    m = mask(text)
    out: dict[str, str] = {}
    for name in re.findall(r"(?m)^\s*#\s*define\s+([A-Za-z_]\w*)", m):
        out.setdefault(name, "macro")
    for f in functions(text):
        out.setdefault(f.name, "function")
    fns = functions(text)
    for g in re.finditer(r"(?m)^(?!\s)(?!typedef\b|return\b|#)[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*"
                         r"(\(|\[[^\]]*\]\s*)?(=|;|\))", m):
        line = m.count("\n", 0, g.start()) + 1
        if any(f.start <= line <= f.end for f in fns):
            continue
        out.setdefault(g.group(1), "function" if g.group(2) == "(" else "global")
    for tag in re.findall(r"\b(?:struct|union|enum)\s+([A-Za-z_]\w*)\s*\{", m):
        out.setdefault(tag, "tag")
    return out


def _pasted_prefix(text: str, name: str) -> str:
    """A file-scope macro use in TEXT whose argument is NAME less its last underscore part
    (`static DEVICE_ATTR_RO(lock);` for `lock_show`, `DEFINE_SHOW_ATTRIBUTE(foo);` for `foo_show`): the
    macro pastes the rest on, so NAME is used by that prefix, never by its whole name; '' when there is none."""
    if "_" not in name.strip("_"):
        return ""
    prefix = name.rsplit("_", 1)[0]
    m = re.search(rf"^(?:static\s+)?([A-Z][A-Z0-9_]*)\s*\(\s*{re.escape(prefix)}\s*[,)]", mask(text), re.M)
    return f"{m.group(1)}({prefix})" if m else ""


def _prev_token(masked_line: str, start: int) -> str:
    before = masked_line[:start].rstrip()
    mt = re.search(r"(->|\.|[A-Za-z_]\w*|\S)$", before)
    return mt.group(1) if mt else ""


def _locals(text: str, fn: Function) -> set[str]:
    return E.local_names(text, fn)


def classify(name: str, ctx: CodeContext, fn: Function | None, first: int, last: int) -> tuple[str, str]:
    """(what NAME is where the quote is: local, member, tag, function, global, macro or "", the struct
    tag for a member)."""
    masked = mask(ctx.text).splitlines()
    quote = masked[first - 1:last]
    for tag, a, b, members in struct_bodies(ctx.text):
        if a < first and last <= b and name in members and any(_has_word(q, name) for q in quote):
            return "member", tag
    uses = [(q, mt.start()) for q in quote for mt in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", q)]
    prev = {_prev_token(q, at) for q, at in uses}
    if prev & {"struct", "union", "enum"}:
        return "tag", ""
    if prev and prev <= {"->", "."}:
        owners = [tag for f in ctx.files.values() or [ctx.text] for tag, _, _, mem in struct_bodies(f) if name in mem]
        return ("member", owners[0]) if len(set(owners)) == 1 else ("", "")
    if fn is not None and name in _locals(ctx.text, fn):
        return "local", ""
    for text in [ctx.text, *[t for p, t in sorted(ctx.files.items()) if p != ctx.path]]:
        what = _file_symbols(text).get(name)
        if what:
            return what, ""
    return "", ""


# ---------------------------------------------------------------- renaming tokens

def _sites(text: str, t: Target) -> list[tuple[int, int]]:
    """(line index, column) of every token of TEXT the rename T changes."""
    masked = mask(text).splitlines()
    rx = re.compile(rf"(?<![\w]){re.escape(t.old)}(?![\w])")
    ranges: list[tuple[int, int]] = []
    if t.what == "local":
        for name in t.functions:
            f = function_named(text, name)
            if f is not None:
                ranges.append((f.start, f.end))
    bodies = [(a, b) for tag, a, b, _ in struct_bodies(text) if tag == t.struct] if t.what == "member" else []
    out = []
    for i, line in enumerate(masked):
        no = i + 1
        if t.what == "local" and not any(a <= no <= b for a, b in ranges):
            continue
        for mt in rx.finditer(line):
            prev = _prev_token(line, mt.start())
            if t.what == "member":
                ok = prev in ("->", ".") or any(a < no < b for a, b in bodies)
            elif t.what == "tag":
                ok = prev in ("struct", "union", "enum")
            else:
                ok = prev not in ("->", ".", "struct", "union", "enum")
            if ok:
                out.append((i, mt.start()))
    return out


def renamed(text: str, targets: list[Target]) -> str:
    """TEXT with the tokens each target renames renamed, formatting kept; continuation lines aligned
    under a parenthesis that moved are moved with it."""
    lines = text.splitlines(keepends=True)
    for t in targets:
        delta = len(t.new) - len(t.old)
        by_line: dict[int, list[int]] = {}
        for i, col in _sites("".join(lines), t):
            by_line.setdefault(i, []).append(col)
        for i, cols in sorted(by_line.items()):
            line = lines[i]
            for col in sorted(cols, reverse=True):
                line = line[:col] + t.new + line[col + len(t.old):]
            lines[i] = line
            if delta:
                realign(lines, i, text_before=lines[i], first_col=min(cols), delta=delta)
    return "".join(lines)


def _prefixed(prefix: str, in_quote: list[str], kinds: dict[str, tuple[str, str]], new_of_patch: list[str],
              text: str) -> list[tuple[str, str, str, str]]:
    """(old, new, what, '') for the functions and file-scope variables of the quote the patch adds that lack
    PREFIX; none when PREFIX is a word of prose ("use the proper prefix"), not a prefix of names."""
    if not _prefix_of_code(prefix, text):
        return []
    return [(n, _with_prefix(n, prefix), kinds[n][0], "") for n in in_quote
            if kinds[n][0] in ("function", "global") and not n.startswith(prefix + "_") and n != prefix
            and n in new_of_patch]


def _prefix_of_code(prefix: str, text: str) -> bool:
    """PREFIX reads as a prefix of names: it is written as code (an underscore or a digit: "foo_hw",
    "tmp102") or names of TEXT start with it ("mtk" where mtk_probe() is); a plain word that begins no
    name ("the proper prefix", "the right prefix") is prose."""
    return re.search(r"[_0-9]", prefix) is not None or \
        re.search(rf"(?<![\w]){re.escape(prefix)}_\w", mask(text)) is not None


def _width(prefix: str) -> int:
    return len(prefix.expandtabs(8))


def realign(lines: list[str], i: int, text_before: str, first_col: int, delta: int) -> None:
    """Continuation lines after line I that were aligned one column after a '(' opened behind the renamed
    token (and still open at the line's end) follow it by DELTA columns (tabs, then blanks).  Also
    rename-call's, for the calls it renames."""
    m = mask(text_before.rstrip("\n"))
    stack = []
    for k, c in enumerate(m):
        if c == "(":
            stack.append(k)
        elif c == ")" and stack:
            stack.pop()
    if not stack or stack[0] <= first_col:
        return
    new_col = _width(text_before[:stack[0] + 1])
    old_col = new_col - delta
    depth = len(stack)
    j = i + 1
    while j < len(lines) and depth > 0:
        ln = lines[j]
        body = ln.lstrip(" \t")
        if not body.strip() or _width(ln[:len(ln) - len(body)]) != old_col:
            break
        lines[j] = "\t" * (new_col // 8) + " " * (new_col % 8) + body
        mm = mask(body)
        depth += mm.count("(") - mm.count(")")
        j += 1


# ---------------------------------------------------------------- the recipe

def _shared(old: str, new: str) -> int:
    """Name parts OLD and NEW share (a part of 3+ letters may be a prefix of the other: len/length)."""
    po, pn = E.name_parts(old), E.name_parts(new)
    n = 0
    for a in po:
        if any(a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))) for b in pn):
            n += 1
    return n


def _with_prefix(name: str, prefix: str) -> str:
    p = E.name_parts(prefix)
    o = E.name_parts(name)
    k = 0
    while k < len(o) and k < len(p) and o[k] == p[k]:
        k += 1
    parts = name.split("_")
    rest = "_".join(x for x in parts if x)
    rest = "_".join(rest.split("_")[k:])
    return f"{prefix}_{rest}" if rest else prefix


def _swap_word(name: str, was: str, is_: str) -> str | None:
    forms_was = VOCABULARY.get(was, (was,)) + (was,)
    new_form = VOCABULARY.get(is_, (is_,))[0]
    parts = name.split("_")
    hits = [k for k, p in enumerate(parts) if p.lower() in forms_was]
    if len(hits) != 1:
        return None
    parts[hits[0]] = new_form
    return "_".join(parts)


@dataclass(frozen=True)
class RenameIdentParams(Params):
    renames: list[Target]        # the names to change
    functions: list[str]         # for locals only: the functions they are renamed in, and the rule may change
    rest: str = ""               # a request the comment makes after its s/old/new/ ("and pass the folio")

    def scope_functions(self) -> tuple[str, ...]:
        return tuple(self.functions)

    def left_to_author(self) -> str:
        return f'"{self.rest}"' if self.rest else ""


class RenameIdent(Recipe[RenameIdentParams]):
    kind = "rename"
    tidies_after_spatch = True
    # last: the other rules find their code by the names the patch has now (a function, a statement)
    order = Phase.RENAMES
    supersedes = ("replace-code", "rename-call")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RenameIdentParams] | None:
        ask = read_ask(s.comment, s.code)
        if ask is None or not ctx.text:
            return None
        fn = function_named(ctx.text, s.anchor.function or ctx.function) if (s.anchor.function or ctx.function) \
            else None
        first, last = self._quote_range(s, ctx, fn)
        if first is None:
            return None
        masked = mask(ctx.text).splitlines()
        quote_text = "\n".join(masked[first - 1:last])
        in_quote = [n for n in dict.fromkeys(E.identifiers(quote_text))]
        pairs = self._pairs(ask, s, ctx, fn, first, last, in_quote)
        if not pairs:
            return None
        targets = [self._target(old, new, what, tag, ask, s, ctx, fn) for old, new, what, tag in pairs]
        files = sorted({p for p, t in ctx.files.items() if p.endswith((".c", ".h"))
                        and any(_has_word(t, x.old) for x in targets)} | {ctx.path})
        local_fns = list(dict.fromkeys(f for t in targets for f in t.functions))
        summary = "Rename " + ", ".join(f"{t.old}{'()' if t.what == 'function' else ''} to "
                                        f"{t.new}{'()' if t.what == 'function' else ''}" for t in targets)
        if len(local_fns) > 1:
            summary += f" (in {', '.join(f + '()' for f in local_fns)})"
        return Plan(self.kind, slug=targets[0].new, order=self.order, files=files,
                    params=RenameIdentParams(renames=list(targets),
                                             functions=local_fns if all(t.what == "local" for t in targets) else [],
                                             rest=request_after_substitution(s.comment)),
                    summary=summary)

    # -- evidence

    @staticmethod
    def _quote_range(s: Suggestion, ctx: CodeContext, fn: Function | None) -> tuple[int | None, int]:
        if s.anchor.lines:
            return s.anchor.lines
        if fn is not None:
            try:
                return E.anchor_range(s, ctx, fn)
            except Manual:
                return None, 0
        code = [ln for ln in (s.anchor.code or E.quote_code(s.quoted)) if ln.strip()]
        whole = Function("", 1, 1, len(ctx.text.splitlines()))
        hits = E.locate_lines(ctx.text, whole, code) if code else []
        return hits[0] if len(hits) == 1 else (None, 0)

    def _pairs(self, ask: Ask, s: Suggestion, ctx: CodeContext, fn: Function | None, first: int, last: int,
               in_quote: list[str]) -> list[tuple[str, str, str, str]]:
        """(old, new, what, struct tag) for every rename the comment asks for here."""
        kinds = {n: classify(n, ctx, fn, first, last) for n in in_quote}
        new_of_patch = [n for n in in_quote if kinds[n][0] and self._is_new(n, kinds[n][0], ctx, fn)]
        if ask.prefix:
            return _prefixed(ask.prefix, in_quote, kinds, new_of_patch, ctx.text)
        if ask.was:
            hits = [(n, new) for n in new_of_patch if (new := _swap_word(n, ask.was, ask.is_))]
            if len(hits) != 1:
                return []
            n, new = hits[0]
            return [(n, new, *kinds[n])]
        new = ask.new
        if not new or new in in_quote:
            return []
        if ask.old:
            if ask.old not in in_quote:
                return []
            if not kinds[ask.old][0]:
                raise Manual(f"{ask.old} is not a name respin can rename here")
            if ask.old not in new_of_patch:
                raise Manual(f"{ask.old} is not new in this patch: renaming a name the kernel already has is "
                             "left to the author")
            return [(ask.old, new, *kinds[ask.old])]
        declared = [n for n in new_of_patch if self._declared_here(n, kinds[n][0], ctx, fn, first, last)]
        pool = declared if not ask.naming else new_of_patch
        if ask.hint:
            same = _named_first(declared if ask.hint == "it" else [n for n in pool if kinds[n][0] == ask.hint],
                                s.comment)
            if len(same) == 1:
                return [(same[0], new, *kinds[same[0]])]
        scored = sorted(((_shared(n, new), n) for n in pool), reverse=True)
        scored = [x for x in scored if x[0] > 0]
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return []
        n = scored[0][1]
        return [(n, new, *kinds[n])]

    @staticmethod
    def _is_new(name: str, what: str, ctx: CodeContext, fn: Function | None) -> bool:
        """Whether the patch itself adds NAME (a local: to its function; else: to every file it touches)."""
        if ctx.base_files is None:
            return False
        if what == "local":
            base = ctx.base_files.get(ctx.path, "")
            old_fn = function_named(base, fn.name) if fn is not None and base else None
            if old_fn is None:
                return True
            body = "\n".join(base.splitlines()[old_fn.start - 1:old_fn.end])
            return not _has_word(body, name)
        return not any(_has_word(t, name) for t in ctx.base_files.values())

    @staticmethod
    def _declared_here(name: str, what: str, ctx: CodeContext, fn: Function | None, first: int, last: int) -> bool:
        """Whether the quote holds NAME's declaration or definition (its first occurrence in its scope)."""
        masked = mask(ctx.text).splitlines()
        lo, hi = (fn.start, fn.end) if what == "local" and fn is not None else (1, len(masked))
        for no in range(lo, hi + 1):
            if _has_word(masked[no - 1], name):
                return first <= no <= last
        return False

    def _target(self, old: str, new: str, what: str, tag: str, ask: Ask, s: Suggestion, ctx: CodeContext,
                fn: Function | None) -> Target:
        if not re.fullmatch(_ID, new) or new in KEYWORDS:
            raise Manual(f"{new} is not a C identifier")
        if what == "local":
            if fn is None:
                raise Manual(f"{old} is a local but the quote is not inside a function")
            names = [fn.name]
            if E.has_any(s.comment, SCOPE_MORE):
                for f in functions(ctx.text):
                    if f.name != fn.name and old in _locals(ctx.text, f) and self._is_new(old, "local", ctx, f):
                        names.append(f.name)
            for name in names:
                g = function_named(ctx.text, name)
                if g is not None and _has_word("\n".join(ctx.text.splitlines()[g.start - 1:g.end]), new):
                    raise Manual(f"{new} is already used in {name}(): renaming {old} would clash")
            return Target(old, new, what, functions=tuple(names))
        for path, text in sorted(ctx.files.items()):
            if _has_word(text, new):
                raise Manual(f"{new} is already used in {path}: renaming {old} would clash")
            pasted = _pasted_prefix(text, old)
            if pasted:
                raise Manual(f"{pasted} in {path} finds {old} by the first part of its name: renaming {old} "
                             "means renaming what the macro declares, which is for the author")
        for path, text in sorted(ctx.later_files.items()):
            if _has_word(text, new):
                raise Manual(f"{new} is already used in {path} by a later patch: renaming {old} would clash")
        # the uses later patches make of a function, macro or file-scope name follow (app/respin.py); another
        # struct may have a member or tag of the same name, and other files are not this patch's
        later = [p for p, t in sorted(ctx.later_files.items()) if _has_word(t, old)]
        if later and (what in ("member", "tag") or any(p not in ctx.files for p in later)):
            raise Manual(f"a later patch of the series uses {old} too ({', '.join(later)}): rename it there as well")
        return Target(old, new, what, struct=tag)

    # -- the rule

    def render(self, s: Suggestion, plan: Plan[RenameIdentParams], ctx: CodeContext) -> str:
        targets = self._targets(plan, ctx.text)
        rules = []
        for n, t in enumerate(targets):
            rules += self._rules(t, n, ctx)
        desc = "; ".join(self._describe(t) for t in targets)
        notes = ["spatch reprints the lines it changes; the lines keep their layout with the name "
                 "renamed (continuation lines follow a moved parenthesis) when the tokens are the same."]
        return "#spatch --max-width 200\n" + R.header(desc, s, notes) + "\n" + "\n".join(rules)

    @staticmethod
    def _describe(t: Target) -> str:
        if t.what == "local":
            return f"Rename {t.old} to {t.new} in {', '.join(f + '()' for f in t.functions)}"
        if t.what == "member":
            return f"Rename the member {t.old} of struct {t.struct} to {t.new}"
        if t.what == "tag":
            return f"Rename struct {t.old} to struct {t.new}"
        return f"Rename {t.old}{'()' if t.what == 'function' else ''} to {t.new}"

    @staticmethod
    def _rules(t: Target, n: int, ctx: CodeContext) -> list[str]:
        o, w = t.old, t.new
        sym = f"symbol {o};"
        if t.what == "local":
            fns = ", ".join(t.functions)
            fn_mv = f"identifier fn = {{{fns}}};" if len(t.functions) > 1 else f"identifier fn = {fns};"
            return [
                R.rule(f"param{n}", [fn_mv, "type T;", sym], f"fn(...,\nT\n- {o}\n+ {w}\n,...) {{ ... }}"),
                R.rule(f"decl{n}", [fn_mv, "type T;", "expression E;", sym],
                       R.in_function("fn", f"(\nT\n- {o}\n+ {w}\n;\n|\nT\n- {o}\n+ {w}\n= E;\n)")),
                R.rule(f"use{n}", [fn_mv, sym], R.in_function("fn", f"- {o}\n+ {w}")),
            ]
        if t.what == "member":
            st = t.struct
            return [
                R.rule(f"field{n}", ["type T;", sym], f"struct {st} {{\n...\nT\n- {o}\n+ {w}\n;\n...\n}};"),
                R.rule(f"access{n}", [f"struct {st} *p;", f"struct {st} s;", sym],
                       f"(\np->\n- {o}\n+ {w}\n|\ns.\n- {o}\n+ {w}\n)"),
                R.rule(f"init{n}", ["identifier x;", "expression E;", sym],
                       f"struct {st} x = {{ ...,\n- .{o}\n+ .{w}\n = E, ...}};"),
                R.rule(f"init_array{n}", ["identifier x;", "expression E;", sym],
                       f"struct {st} x[] = {{ ..., {{ ...,\n- .{o}\n+ .{w}\n = E, ...}}, ...}};"),
            ]
        if t.what == "tag":
            return [R.rule(f"tag{n}", [], f"struct\n- {o}\n+ {w}\n{{ ... }};"),
                    R.rule(f"tag_use{n}", [], f"struct\n- {o}\n+ {w}")]
        if t.what == "macro":
            return [R.rule(f"define{n}", [], f"- #define {o}\n+ #define {w}"),
                    R.rule(f"macro_use{n}", [sym], f"- {o}\n+ {w}")]
        out = []
        if t.what == "function":
            out += [R.rule(f"definition{n}", ["type T;", f"identifier f = {o};"], f"T\n- f\n+ {w}\n (...) {{ ... }}"),
                    R.rule(f"prototype{n}", ["type T;", f"identifier f = {o};"], f"T\n- f\n+ {w}\n (...);")]
        else:
            out += [R.rule(f"definition{n}", ["type T;", "initializer I;", f"identifier x = {o};"],
                           f"(\nT\n- x\n+ {w}\n= I;\n|\nT\n- x\n+ {w}\n;\n)")]
        out.append(R.rule(f"use{n}", [sym], f"- {o}\n+ {w}"))
        return out

    # -- checks

    @staticmethod
    def _targets(plan: Plan[RenameIdentParams], text: str = "") -> list[Target]:
        """The plan's renames; a member's struct as TEXT names it now (an earlier rule may have renamed
        the struct: the one whose body declares the member on the same line as before)."""
        out = []
        for x in plan.params.renames:
            if x.what == "member" and text and not any(tag == x.struct for tag, *_ in struct_bodies(text)):
                owners = [tag for tag, _, _, mem in struct_bodies(text) if x.old in mem]
                if len(owners) == 1:
                    x = Target(x.old, x.new, x.what, struct=owners[0], functions=x.functions)
            out.append(x)
        return out

    def after_spatch(self, plan: Plan[RenameIdentParams], path: str, before: str, after: str) -> str:
        """AFTER as BEFORE with the renamed tokens only, when that is what spatch did (its reprinted lines
        then keep their layout); AFTER itself otherwise, for verify to reject."""
        if after == before:
            return after
        want = renamed(before, self._targets(plan, before))
        return want if tokens(mask(want)) == tokens(mask(after)) else after

    def is_applied(self, s: Suggestion, plan: Plan[RenameIdentParams], text: str) -> bool:
        targets = self._targets(plan, text)
        return all(not _sites(text, t) and _has_word(text, t.new) for t in targets)

    def verify(self, s: Suggestion, plan: Plan[RenameIdentParams], before: str, after: str) -> str:
        return ""

    def verify_files(self, s: Suggestion, plan: Plan[RenameIdentParams], befores: dict[str, str],
                     afters: dict[str, str]) -> str:
        for path in sorted(befores):
            before, after = befores[path], afters[path]
            targets = self._targets(plan, before)
            want = renamed(before, targets)
            if tokens(mask(after)) != tokens(mask(want)):
                diff = [i + 1 for tag, i1, i2, _, _ in linediff.opcodes(want.splitlines(), after.splitlines())
                        if tag != "equal" for i in range(i1, max(i2, i1 + 1))]
                where = f" (line {diff[0]})" if diff else ""
                left = [t.old for t in targets if _sites(after, t)]
                return (f"{path}: {', '.join(left)} is still used after the rename{where}" if left
                        else f"{path}: the rule changed more than the name{where}")
        if not any(befores[p] != afters[p] for p in befores):
            return "the rule renamed nothing"
        return ""


RECIPE = RenameIdent()
