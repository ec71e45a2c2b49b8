"""Edits the patch author states in an answer: "I'll change the 2 u64-s here to s64", "I would prefer
to change this to 1000000LL (dropping the 'U')", "I'll use GFP_KERNEL instead of GFP_ATOMIC",
"s/ret/err/", "we can add `WARN_ON_ONCE(x);` here".

When the author's answer names the change exactly, that change is what the next version does: it is
turned into code lines the recipes read like reviewer-written code (the quoted line with the stated
replacement made, or the statement the author will add).  Only what maps onto the quoted code without
ambiguity is taken: one token the words name, the stated number of occurrences, a statement written
out in full.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import is_declaration

_INTENT = r"(?:i'?ll|i will|i'?d|i would|i can|we can|we could|let me|will|prefer to|going to|plan to)"
_NEGATED = re.compile(r"\b(not|n't|never|rather not)\b", re.I)
# "I can make it pr_warn_once() if you prefer": an offer left to the reviewer, who has not taken it up
_OFFERED = re.compile(r"\b(?:if|should)\s+(?:you|that|it)\s+(?:(?:would|'d)\s+)?(?:prefer|want|like|insist|helps?|"
                      r"works?\s+for\s+you|is\s+(?:better|preferred))\b", re.I)
_CHANGE = re.compile(
    _INTENT + r"\s+(?:\w+\s+){0,2}?(?:change|turn|switch|convert|make)\s+"
    r"(?:(?P<this>this|that|it|these|those|them|both)|(?:the\s+)?(?:(?P<count>\d+|two|three|both)\s+)?"
    r"(?P<old>[A-Za-z_][\w]*|\d\w*?)(?:-?s|'s)?)\s+(?:\w+\s+){0,2}?(?:in)?to\s+"
    r"(?:an?\s+)?`?(?P<new>(?:(?:unsigned|signed|long|short|const)\s+)*[A-Za-z_]\w*|\d\w*)`?(?=[\s.,;:)!]|$)",
    re.I)
_DROP = re.compile(r"\bdrop(?:ping)?\s+the\s+['\"`]?(?P<suffix>[A-Za-z])['\"`]?(?:\s+suffix)?\b", re.I)
_ADD = re.compile(_INTENT + r"\s+(?:\w+\s+){0,2}?(?:add|put|insert|use)\b", re.I)
# "so I will make it WARN_ON_ONCE() instead", "I'll use kvfree() there": a call named for the quoted one
_CALL_INSTEAD = re.compile(
    _INTENT + r"\s+(?:\w+\s+){0,2}?(?:make (?:it|this|that)|use|go with|switch to|turn (?:it|this|that) into)"
    r"\s+(?:an?\s+)?`?(?P<new>[A-Za-z_]\w*)\s*\(\)", re.I)
# "I'll use -EINVAL instead of -ENODEV", "then I'd rather go with `u32` instead of `int`": a firm intent
# ("I could use X instead of Y, but ..." weighs it), no condition after it
_FIRM = r"(?:i'?ll|i will|we'?ll|we will|let me|going to|plan to|(?:i'?d|i would)\s+rather|prefer to)"
_HEDGE = re.compile(r"\b(?:could|might|maybe|perhaps|if|unless|but|though|although|another|later|follow-?up|"
                    r"separate)\b", re.I)
_WORD = r"`?(?P<{}>-?[A-Za-z_]\w*|-?\d\w*)(?P<{}call>\(\))?`?"
_INSTEAD = re.compile(_FIRM + r"\s+(?:\w+\s+){0,3}?" + _WORD.format("new", "new") + r"\s+instead\s+of\s+"
                      + _WORD.format("old", "old") + r"(?=[\s.,;:)!]|$)", re.I)
# "s/ret/err/": sed's substitution, the old text word for word
_SED = re.compile(r"(?<![\w/])s/(?P<old>[^/\s]+)/(?P<new>[^/\s]*)/?(?=[\s.,;:)!]|$)")
# what a replacement on the quoted lines alone may change: a constant, a literal or a type name (a local,
# a field or a function defined in the file is renamed in more places than the quote shows)
_FIXED = re.compile(r"[A-Z][A-Z0-9_]*|\d\w*|(?:__)?[us](?:8|16|32|64)|(?:__)?(?:le|be)(?:16|32|64)|"
                    r"int|long|short|char|unsigned|signed|bool|size_t|ssize_t|loff_t")
_NUMBERS = {"two": 2, "three": 3, "both": 2}
_TOKEN = re.compile(r"[A-Za-z_]\w*|\d\w*")
_LITERAL = re.compile(r"(?P<digits>0[xX][0-9a-fA-F]+|\d+)(?P<suffix>[uUlL]*)")


@dataclass(frozen=True)
class StatedEdit:
    lines: list[str]            # the code lines the author's answer gives (whole statements)
    old: list[str]              # the quoted lines they replace ([] for a statement to add)
    words: str                  # the author's sentence that states it
    # the change as a reviewer's `s/old/new/` (the recipes check it as one: a local is not renamed on
    # one line, the head of a block is edited too); None when LINES are the new code
    subst: str | None = None


def _sentences(text: str) -> list[str]:
    """The sentences of TEXT that state a change: an offer left to the reviewer's choice states none."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split())) if s and not _OFFERED.search(s)]


def _statement(text: str, start: int) -> str:
    """The C call statement starting at START (`name(...);`, parentheses balanced), or ""."""
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return ""
        elif c == ";" and depth == 0:
            return text[start:i + 1]
    return ""


def _top_of_body(quoted: list[str]) -> str | None:
    """The first statement after the declarations, when QUOTED is a whole function body (`{` ... `}`)
    and that statement is one line: where "here" puts a statement added to the function quoted."""
    code = [q.strip() for q in quoted if q.strip()]
    if "{" not in code or code[-1] != "}" or code.count("{") != 1 or code.count("}") != 1:
        return None
    body = code[code.index("{") + 1:-1]
    rest = [c for c in body if not is_declaration(c)]
    if not rest or not rest[0].endswith(";") or body.count(rest[0]) != 1 or \
            any(c.startswith(("if", "for", "while", "switch", "/*", "*", "#")) for c in rest[:1]):
        return None
    return rest[0]


def added_statement(answer: str, quoted: list[str]) -> StatedEdit | None:
    """A statement the author says they will add ("But we can add WARN_ON_ONCE(x); here.") under a
    quoted function body: a small diff that puts it first after the declarations.  Anywhere else
    "here" does not say where it goes, so nothing is taken."""
    top = _top_of_body(quoted)
    if top is None:
        return None
    for sent in _sentences(answer):
        m = _ADD.search(sent)
        if not m or _NEGATED.search(sent[:m.start()] + m.group(0)):
            continue
        call = re.search(r"`?([A-Za-z_]\w*\s*\()", sent[m.end():])
        if not call:
            continue
        stmt = _statement(sent, m.end() + call.start(1))
        if stmt and stmt.count("(") == stmt.count(")") and stmt not in (q.strip() for q in quoted):
            return StatedEdit(["-" + top, "+" + stmt, "+" + top], [], sent)
    return None


def replacement(answer: str, quoted: list[str]) -> StatedEdit | None:
    """The quoted lines with the replacement the author states made, when it maps onto them exactly."""
    for sent in _sentences(answer):
        m = _CHANGE.search(sent)
        if not m or _NEGATED.search(sent[:m.end()]):
            continue
        new = m.group("new")
        if m.group("this"):
            old = _variant_of(new, quoted, _DROP.search(sent))
            if old is None:
                continue
            edited = [re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new, q) for q in quoted]
        else:
            old = m.group("old")
            count = m.group("count")
            want = int(count) if count and count.isdigit() else _NUMBERS.get((count or "").lower())
            if want is not None:
                # "the 2 u64-s": two occurrences of the text, inside names too (div_u64, (u64))
                if sum(q.count(old) for q in quoted) != want:
                    continue
                edited = [q.replace(old, new) for q in quoted]
            else:
                if not any(re.search(rf"(?<![\w]){re.escape(old)}(?![\w])", q) for q in quoted):
                    continue
                edited = [re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new, q) for q in quoted]
        changed = [(q, e) for q, e in zip(quoted, edited, strict=False) if q != e]
        if changed:
            return StatedEdit([e for _, e in changed], [q for q, _ in changed], sent)
    return _named_instead(answer, quoted) or _call_instead(answer, quoted)


def _named_instead(answer: str, quoted: list[str]) -> StatedEdit | None:
    """"I'll use X instead of Y" and "s/Y/X/": every quoted Y becomes X, when the quote holds Y and not X
    already, and what changes is a constant, a literal or a type name: a name the file may use
    elsewhere too, or a call whose arguments may differ, is left to the reviewer's request.  The edit
    carries the substitution, for the recipes to make it as they make a reviewer's."""
    for sent in _sentences(answer):
        for m in [*_INSTEAD.finditer(sent), *_SED.finditer(sent)]:
            # refused in its own clause ("I'd rather not keep it. -ENODEV is not right either: I'll use X
            # instead of Y" states X: the sentence splitter does not split before a '-')
            clause = re.split(r"[.:;!?](?:\s|$)", sent[:m.start()])[-1]
            rest = re.split(r"[.:;!?](?:\s|$)", sent[m.end():])[0]
            if _NEGATED.search(clause + m.group(0)) or _HEDGE.search(clause + " " + rest):
                continue
            old, new = m.group("old"), m.group("new")
            gone = set(_TOKEN.findall(old)) - set(_TOKEN.findall(new))
            if m.re is _INSTEAD and (m.group("oldcall") or m.group("newcall")) or not gone or \
                    not all(_FIXED.fullmatch(t) for t in gone):
                continue
            pattern = re.compile((r"(?<![\w])" if re.match(r"\w", old) else "") + re.escape(old) +
                                 (r"(?![\w])" if re.search(r"\w$", old) else ""))
            if not any(pattern.search(q) for q in quoted) or (new and any(
                    re.search(rf"(?<![\w]){re.escape(new)}(?![\w])", q) for q in quoted)):
                continue
            changed = [(q, pattern.sub(new.replace("\\", r"\\"), q)) for q in quoted if pattern.search(q)]
            every = "g" if sum(len(pattern.findall(q)) for q in quoted) > 1 else ""
            return StatedEdit([e for _, e in changed], [q for q, _ in changed], sent, f"s/{old}/{new}/{every}")
    return None


def _name_parts(name: str) -> set[str]:
    return {p for p in name.lower().split("_") if p}


def _call_instead(answer: str, quoted: list[str]) -> StatedEdit | None:
    """"I will make it WARN_ON_ONCE() instead" under a quoted WARN_ON() call: the quoted lines with the
    one called name the author's name is a variant of (one holds the other's name parts) renamed.
    Nothing is taken when the quote calls the name already, or calls no such name or several."""
    for sent in _sentences(answer):
        m = _CALL_INSTEAD.search(sent)
        if not m or _NEGATED.search(sent[:m.end()]):
            continue
        new = m.group("new")
        called = {c for q in quoted for c in re.findall(r"(?<![\w.>])([A-Za-z_]\w*)\s*\(", q)}
        if new in called:
            continue
        parts = _name_parts(new)
        related = {c for c in called if _name_parts(c) and (_name_parts(c) <= parts or parts <= _name_parts(c))}
        if len(related) != 1:
            continue
        old = related.pop()
        call = re.compile(rf"(?<![\w.>]){re.escape(old)}(?=\s*\()")
        changed = [(q, call.sub(new, q)) for q in quoted if call.search(q)]
        if changed:
            return StatedEdit([e for _, e in changed], [q for q, _ in changed], sent)
    return None


def _variant_of(new: str, quoted: list[str], drop: re.Match | None) -> str | None:
    """The one quoted token that NEW is a spelling of ("this" -> 1000000LLU for 1000000LL, with the
    'U' dropped): it begins with NEW and only a suffix differs, or a stated dropped letter makes them
    equal."""
    tokens = {t for q in quoted for t in _TOKEN.findall(q)}
    if new in tokens:
        return None             # already there: "this" is not a token that becomes NEW
    found = {t for t in tokens if t.lower().startswith(new.lower()) and len(t) - len(new) <= 2
             and (not drop or t[len(new):].lower() == drop.group("suffix").lower())}
    return next(iter(found)) if len(found) == 1 else None


def _suffix_change(old: str, new: str) -> tuple[str, str] | None:
    """(from, to) when OLD and NEW are the same integer literal with another suffix (1000LLU, 1000LL)
    and OLD has one: the change that "the same" makes on the other literals with that suffix."""
    a, b = _LITERAL.fullmatch(old), _LITERAL.fullmatch(new)
    if a and b and a["digits"] == b["digits"] and a["suffix"] and a["suffix"] != b["suffix"]:
        return a["suffix"], b["suffix"]
    return None


def _token_change(old: str, new: str) -> tuple[re.Pattern[str], str]:
    """The pattern of what a token replacement OLD -> NEW changes, and its replacement (tokens are word
    characters only: nothing in them is a group reference)."""
    suffix = _suffix_change(old, new)
    if suffix is not None:
        return re.compile(rf"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+){re.escape(suffix[0])}(?![\w.])"), rf"\g<1>{suffix[1]}"
    return re.compile(rf"(?<![\w]){re.escape(old)}(?![\w])"), new


def same_edit(edit: StatedEdit, quoted: list[str]) -> StatedEdit | None:
    """EDIT made on other quoted lines ("Same applies here."): the same token replacements, when each
    maps onto QUOTED the same number of times.  A literal's suffix change (1000LLU -> 1000LL) is made on
    the literals with that suffix (1000000LLU -> 1000000LL)."""
    pairs: list[tuple[str, str]] = []
    for old, new in zip(edit.old, edit.lines, strict=False):
        a, b = _TOKEN.findall(old), _TOKEN.findall(new)
        if len(a) != len(b):
            return None
        pairs += [(x, y) for x, y in zip(a, b, strict=False) if x != y and (x, y) not in pairs]
    if not pairs or not edit.old:
        return None
    out = list(quoted)
    for x, y in pairs:
        pattern, replace = _token_change(x, y)
        if sum(len(pattern.findall(q)) for q in out) != sum(len(pattern.findall(o)) for o in edit.old):
            return None
        out = [pattern.sub(replace, q) for q in out]
    changed = [(q, e) for q, e in zip(quoted, out, strict=False) if q != e]
    return StatedEdit([e for _, e in changed], [q for q, _ in changed], edit.words) if changed else None
