"""The patch lines a comment is about: a quote narrowed to the statements the comment names, and the
anchor that stands for them until the tree resolves it (patches.anchor.resolve_anchors).

Quoted lines keep their diff markers; ctext.line_groups groups them into statements and comment blocks."""
from __future__ import annotations

import re

from patches import anchor as anc
from patches.ctext import declaration, functions, line_groups, norm
from patches.model import Anchor
from patches.voices import Quote, paragraphs
from patches.words import IDENT, STOP


def narrow(quote: Quote, comment: str) -> list[str]:
    """The quoted lines the comment is about: the last statement group, or the statements naming
    what the comment names."""
    lines = quote.code()
    if quote.in_message:
        paras = paragraphs(lines)
        return paras[-1] if paras else []
    stmts = line_groups(_last_group(lines), anc.strip_marker)
    if not stmts:
        return []
    # "like start", "as in foo()" name things for comparison, not the target
    target = re.sub(r"\b(like|as in|similar to|same as|as for)\b.*?([.;?!]|$)", " ", comment)
    words = {w.lower() for w in IDENT.findall(target) if w.lower() not in STOP and len(w) > 2}
    words -= _models(comment, stmts)
    header = _header_meant(lines, words, comment)
    if header is not None:
        return header
    named = [s for s in stmts if not _is_comment(s) and _names(s, words)]
    if not named:
        named = [s for s in stmts if _is_comment(s) and _names(s, words)]
        last = stmts.index(named[-1]) if named else -1
        if named and last + 1 < len(stmts) and not re.search(r"\bcomment", comment, re.I):
            # the comment matches the words of a code comment, but speaks of what that comment
            # explains: the commented code quoted right below it goes with it
            return [ln for s in stmts[last:] for ln in s]
    if named:
        return _last_run(stmts, named, comment)
    # "Also, the cast is not needed, fan_div is a u16." under a quote whose last group is the return: a
    # statement of an earlier group of the quote that the comment names is the one meant
    # (by a name of code: one with an underscore or a digit, or called, not an English word)
    names = {w for w in words if "_" in w or re.search(r"\d", w)} | \
        {w.lower() for w in re.findall(r"\b([A-Za-z_]\w*)\s*\(\)", target)}
    tail = {q for q in _last_group(lines) if q}
    code = [q for q in lines if norm(anc.strip_marker(q)) and not q.startswith(_DIFF_HEAD) and q not in tail]
    earlier = line_groups(code, anc.strip_marker) if names else []
    named = [s for s in earlier if not _is_comment(s)
             and names & {w.lower() for ln in s for w in IDENT.findall(anc.strip_marker(ln))}]
    if named:
        return _last_run(earlier, named, comment)
    return _unnamed(stmts, comment)


_DIFF_HEAD = ("-", "@@", "diff --git", "index ", "+++ ")
_C_WORDS = set("""auto bool break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void
volatile while""".split())


def whole_functions(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The function definitions quoted whole (header through the closing brace), in order: (name, the
    quoted header lines through the one with the opening brace).  Removed ('-') lines and diff headers
    are not part of the code; only definitions that end within the quote count."""
    return [(name, [lines[i] for i in idx]) for name, idx in _whole(lines)]


def _whole(lines: list[str]) -> list[tuple[str, list[int]]]:
    """whole_functions with the header lines as indexes into LINES."""
    at = [i for i, q in enumerate(lines) if not q.startswith(_DIFF_HEAD)]
    text = "\n".join(anc.strip_marker(lines[i]) for i in at)
    out = []
    for f in functions(text):
        start = f.body_start
        while start > f.start and _continues_header(anc.strip_marker(lines[at[start - 2]])):
            start -= 1
        out.append((f.name, at[start - 1:f.body_start]))
    return out


def _continues_header(line: str) -> bool:
    """Whether LINE, right above a header line, is part of the same header (not a blank line, the end of
    a statement, block, comment or preprocessor line)."""
    c = line.strip()
    return bool(c) and not c.endswith((";", "}", "{", "*/")) and not c.startswith(("#", "/*", "*", "//"))


def _header_meant(lines: list[str], words: set[str], comment: str) -> list[str] | None:
    """The header of the function quoted whole that a comment under it is about: the quote ends with that
    function's closing brace and the comment names nothing else of the quote (C keywords such as
    "static" or "const" name no code).  None when the quote holds no whole function or the comment
    names something else in the quote, or asks for const where a local with a value could be meant
    too; [] when it holds several the comment does not tell apart (the comment is about no line in
    particular: a recipe that needs one says why it cannot tell)."""
    code = [anc.strip_marker(q) for q in lines if not q.startswith(_DIFF_HEAD) and norm(anc.strip_marker(q))]
    if not code or code[-1].strip() != "}":
        return None
    whole = _whole(lines)
    if not whole:
        return None
    words = words - _C_WORDS
    in_headers = {i for _, idx in whole for i in idx}
    others = [q for i, q in enumerate(lines) if i not in in_headers and not q.startswith(_DIFF_HEAD)]
    rest = [st for st in line_groups(others, anc.strip_marker) if not _is_comment(st)]
    if any(_names(st, words) for st in rest):
        return None
    if re.search(r"\bconst\b", comment, re.I) and any(_declares_with_value(st) for st in rest):
        return None
    meant = [idx for name, idx in whole if name.lower() in words]
    if len(meant) == 1:
        return [lines[i] for i in meant[0]]
    if len(whole) == 1 and not meant:
        return [lines[i] for i in whole[0][1]]
    return []


def _last_group(lines: list[str]) -> list[str]:
    """The quoted code lines without diff headers, from the last blank code line on."""
    body: list[str] = []
    for q in lines:
        if q.startswith(("diff --git", "index ", "--- ", "+++ ", "@@")):
            body = []
            continue
        if not norm(anc.strip_marker(q)):
            body.append("")
            continue
        body.append(q)
    while body and body[-1] == "":
        body.pop()
    if _whole_hunk(lines):
        # a hunk quoted to its end: the context lines git put under the change are no target of their own
        while "" in body and all(q.startswith(" ") or not q for q in body[len(body) - body[::-1].index(""):]) \
                and any(q.startswith(("+", "-")) for q in body):
            body = body[:len(body) - body[::-1].index("") - 1]
            while body and body[-1] == "":
                body.pop()
    if "" in body:
        return body[len(body) - body[::-1].index(""):]
    return body


_HUNK_COUNTS = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _whole_hunk(lines: list[str]) -> bool:
    """Whether LINES end with a whole hunk: the last hunk header's line counts are all quoted below it
    (blank lines after it are the quote's, not the hunk's)."""
    at = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith("@@")), None)
    m = _HUNK_COUNTS.match(lines[at]) if at is not None else None
    if at is None or m is None:
        return False
    old, new = int(m.group(1) or 1), int(m.group(2) or 1)
    for k, q in enumerate(lines[at + 1:]):
        if (old, new) == (0, 0):
            return not any(r.strip() for r in lines[at + 1 + k:])
        if q.startswith("\\"):
            continue
        old -= not q.startswith("+")
        new -= not q.startswith("-")
        if old < 0 or new < 0:
            return False
    return (old, new) == (0, 0)


def _last_run(stmts: list[list[str]], named: list[list[str]], comment: str) -> list[str]:
    """The last run of statements naming what the comment names; a comment that speaks of one
    thing ("this is dead code") is about the last of them only."""
    last = stmts.index(named[-1])
    first = last
    while first > 0 and stmts[first - 1] in named and stmts[first - 1] is not None:
        first -= 1
    if first < last and _ONE_THING.search(comment) and not _MANY_THINGS.search(comment) and \
            _opens_nothing(stmts[last]) and sum(_is_branch(st) for st in stmts[first:last + 1]) >= 2:
        first = last
    return [ln for s in stmts[first:last + 1] for ln in s]


def _unnamed(stmts: list[list[str]], comment: str) -> list[str]:
    """The statements a comment naming none of them is about."""
    if re.search(r"\bconst\b", comment, re.I):
        # a const local must be initialized where it is declared: the declarations that are
        inits = [s for s in stmts if not _is_comment(s) and _declares_with_value(s)]
        if inits:
            return inits[-1]
    if len(stmts) <= 2 and not any(_opens_block(s) or _is_comment(s) for s in stmts):
        return [ln for s in stmts for ln in s]
    opened = _block_closed_by(stmts)
    if opened is not None:
        # the comment sits under the closing brace of a quoted block: it is about that block
        return [ln for s in stmts[opened:] for ln in s]
    return stmts[-1]


def _block_closed_by(stmts: list[list[str]]) -> int | None:
    """The index of the statement that opens the block the last statement (a lone `}`) closes, when the
    quote holds it; None otherwise."""
    if len(stmts[-1]) != 1 or not re.fullmatch(r"\}\s*;?", anc.strip_marker(stmts[-1][0]).strip()):
        return None
    depth = 0
    for i in range(len(stmts) - 1, -1, -1):
        if _is_comment(stmts[i]):
            continue
        text = " ".join(anc.strip_marker(ln) for ln in stmts[i])
        depth += text.count("}") - text.count("{")
        if depth == 0:
            return i if i < len(stmts) - 1 else None
    return None


# "make this a WARN_ON_ONCE(), too": the name says what "this" should become, not which line "this" is
_BECOME = re.compile(r"\b(?:make|turn|convert|change)\s+(?:this|that|it)\s+(?:in)?to\s+(?:an?\s+)?([A-Za-z_]\w*)|"
                     r"\b(?:make|turn)\s+(?:this|that|it)\s+(?:an?\s+)?([A-Za-z_]\w*)\s*\(\)|"
                     r"\b(?:this|that|it)\s+(?:can|could|should)\s+be\s+(?:an?\s+)?([A-Za-z_]\w*)\s*\(\)", re.I)


def _models(comment: str, stmts: list[list[str]]) -> set[str]:
    """Lower-cased names the comment wants the code it points at turned into, when a quoted statement
    already calls them by that exact name (so that statement is the model, not the target)."""
    out = set()
    for m in _BECOME.finditer(comment):
        name = next(g for g in m.groups() if g)
        if any(re.search(rf"(?<![\w]){re.escape(name)}\s*\(", anc.strip_marker(ln)) for st in stmts for ln in st):
            out.add(name.lower())
    return out


def _declares_with_value(stmt: list[str]) -> bool:
    """Whether the quoted statement STMT declares a variable with an initializer."""
    d = declaration(" ".join(anc.strip_marker(ln).strip() for ln in stmt))
    return d is not None and d.init is not None


_ONE_THING = re.compile(r"\b(this|it)\b", re.I)
_MANY_THINGS = re.compile(r"\b(both|these|those|them|all|lines|statements|calls|block|loop)\b", re.I)


def _is_branch(stmt: list[str]) -> bool:
    """A statement that is a control structure with its one-statement body (`if (x)` / `y;`)."""
    return bool(re.match(r"^(if|for|while|switch)\b", anc.strip_marker(stmt[0]).strip()))


def _opens_nothing(stmt: list[str]) -> bool:
    return not anc.strip_marker(stmt[-1]).rstrip().endswith("{")


def _is_comment(stmt: list[str]) -> bool:
    return anc.strip_marker(stmt[0]).strip().startswith(("/*", "*"))


def _opens_block(stmt: list[str]) -> bool:
    return anc.strip_marker(stmt[-1]).rstrip().endswith("{")


def _names(stmt: list[str], words: set[str]) -> bool:
    idents = {w.lower() for ln in stmt for w in IDENT.findall(anc.strip_marker(ln))}
    for w in words:
        for ident in idents:
            if len(ident) < 3:
                continue
            if w == ident or ("_" in ident and len(ident) >= 5 and ident in w) or \
                    (w.rstrip("s") == ident) or (len(w) >= 6 and w in ident and "_" in ident):
                return True
    return False


def anchor_for(draft_quote: Quote | None, narrowed: list[str]) -> Anchor:
    if draft_quote is None:
        return Anchor(in_message=True)
    if draft_quote.in_message:
        return Anchor(code=[ln.strip() for ln in narrowed], in_message=True)
    return Anchor(file=draft_quote.file, code=[anc.strip_marker(ln).strip() for ln in narrowed if
                                                norm(anc.strip_marker(ln))])


def in_comment(q: Quote | None) -> bool:
    if q is None or q.in_message:
        return False
    code = [anc.strip_marker(ln).strip() for ln in q.code() if anc.strip_marker(ln).strip()]
    return bool(code) and all(c.startswith(("/*", "*")) for c in code[-2:])
