"""Small edits a reviewer asks for on the commit message, under the quoted line they are about: ``s/to/for/``
(one or more, the closing slash optional), "drop the comma", "no full stop at the end".

``edit_of`` reads the request; ``apply`` makes it in the message, only inside the lines the reviewer
quoted (or their paragraph, when the text is not in them: a wrapped sentence quoted in part), and only
when it is certain: the text to replace occurs exactly once there (as a word when it is
one), the comma or full stop is the only one.  Anything else gives the reason to leave it to the author.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SED = re.compile(r"^\s*s/(?P<old>[^/\n]+)/(?P<new>[^/\n]*)(?:/g?)?\s*$")
_DROP = re.compile(r"^\s*(?:nit:?\s*)?(?:please\s+)?(?:drop|remove|delete|no\s+need\s+for|no)\s+(?:the\s+)?"
                   r"(?P<mark>comma|full\s+stop|period|trailing\s+dot|dot)(?:\s+(?:at\s+the\s+end|here))?"
                   r"(?:\s+please)?\s*[.!]?\s*$", re.I)
_MARK = {"comma": ",", "full stop": ".", "period": ".", "trailing dot": ".", "dot": "."}


@dataclass(frozen=True)
class MessageEdit:
    old: str            # the text to replace ("," for a mark to drop)
    new: str
    words: str          # the changelog's wording


def edit_of(comment: str, code: list[str]) -> list[MessageEdit]:
    """The edits COMMENT (its text) and CODE (its code-like lines: ``s/a/b/``) ask for, or []."""
    lines = [ln for ln in code if ln.strip()] if code else []
    if lines and all(_SED.match(ln) for ln in lines):
        out = []
        for ln in lines:
            m = _SED.match(ln)
            if m:
                old, new = m.group("old"), m.group("new")
                out.append(MessageEdit(old, new, f"Fix the commit message wording (\"{old}\" -> \"{new}\")"))
        return out if not comment.strip() or _SED.match(comment) else []
    m = _DROP.match(" ".join(comment.split()))
    if m and not code:
        mark = _MARK[" ".join(m.group("mark").lower().split())]
        return [MessageEdit(mark, "", f"Drop the {' '.join(m.group('mark').lower().split())} in the commit message")]
    return []


def _region(lines: list[str], quoted: list[str]) -> tuple[int, int] | None:
    """Where the QUOTED lines (stripped, in order) stand in the message's LINES: (first, end)."""
    want = [" ".join(q.split()) for q in quoted if q.strip()]
    if not want:
        return None
    norm = [" ".join(ln.split()) for ln in lines]
    hits = [i for i in range(len(norm) - len(want) + 1) if norm[i:i + len(want)] == want]
    return (hits[0], hits[0] + len(want)) if len(hits) == 1 else None


def apply(message: str, quoted: list[str], edits: list[MessageEdit], original: str = "") -> tuple[str, str]:
    """MESSAGE with EDITS made inside the QUOTED lines: (the new message, ''), or ('', why not).  The
    quote is looked up in ORIGINAL (default: MESSAGE), the message before other such edits (they keep
    every line where it is)."""
    lines = message.split("\n")
    where = _region((original or message).split("\n"), quoted)
    if where is None:
        return "", "the quoted lines are not in the commit message once: edit it by hand"
    first, end = where
    text = "\n".join(lines[first:end])
    if any(e.old not in text for e in edits):
        # the reviewer quoted part of a wrapped sentence: its paragraph
        while first > 0 and lines[first - 1].strip():
            first -= 1
        while end < len(lines) and lines[end].strip():
            end += 1
        text = "\n".join(lines[first:end])
    for e in edits:
        pattern = rf"(?<!\w){re.escape(e.old)}(?!\w)" if re.fullmatch(r"\w+(?:\s+\w+)*", e.old) else \
            re.escape(e.old)
        found = list(re.finditer(pattern, text))
        if len(found) != 1:
            return "", (f"\"{e.old}\" is {'not' if not found else f'{len(found)} times'} in the quoted paragraph: "
                        "edit the commit message by hand")
        at = found[0]
        text = text[:at.start()] + e.new + text[at.end():]
        if "\n" in e.new:
            return "", "the replacement spans lines: edit the commit message by hand"
    return "\n".join(lines[:first] + text.split("\n") + lines[end:]), ""
