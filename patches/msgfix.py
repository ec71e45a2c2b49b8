"""Typos a reviewer points out in a commit message, fixed word for word: "s/wer/were/", "Typo in the
subject: propeties -> properties".

Only a correction that names both words is taken: `s/old/new/` (the closing slash optional), or
`old -> new` in a comment that speaks of a typo or a spelling, between two words that differ as a
typo does (mostly the same letters).  The old text must stand exactly once as a whole word in the
subject and body (never in the trailers); otherwise nothing changes and the request stays with the
author.
"""
from __future__ import annotations

import difflib
import re

from patches.trailers import split_message

_SUBST = re.compile(r"(?<![\w/])s/([^/\n]+)/([^/\n]*)(?:/|(?=\s|$))")
_ARROW = re.compile(r"(?<![\w-])([A-Za-z][\w'-]*)\s*(?:->|=>|\u2192)\s*([A-Za-z][\w'-]*)")
_TYPO = re.compile(r"\b(?:typos?|spell\w*|misspel\w*)\b", re.I)


def corrections(comment: str) -> list[tuple[str, str]]:
    """The (old, new) pairs COMMENT asks for: its s/old/new/ substitutions, else the `old -> new`
    pairs of a comment about a typo whose words are alike."""
    pairs = [(m.group(1), m.group(2)) for m in _SUBST.finditer(comment)]
    if pairs or not _TYPO.search(comment):
        return pairs
    return [(a, b) for a, b in ((m.group(1), m.group(2)) for m in _ARROW.finditer(comment))
            if a != b and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.7]


def whole_word(old: str) -> re.Pattern[str]:
    """OLD where it stands as a whole word (bounded by non-word characters where it begins or ends with
    one)."""
    lead = r"(?<!\w)" if re.match(r"\w", old) else ""
    tail = r"(?!\w)" if re.search(r"\w$", old) else ""
    return re.compile(lead + re.escape(old) + tail)


def corrected(message: str, comment: str) -> str | None:
    """MESSAGE (a commit message) with every correction COMMENT asks for made, each old text found exactly
    once in the subject and body; None when COMMENT asks for none or one does not fit."""
    pairs = corrections(comment)
    if not pairs:
        return None
    body, block = split_message(message)
    for old, new in pairs:
        hits = list(whole_word(old).finditer(body))
        if len(hits) != 1:
            return None
        body = body[:hits[0].start()] + new + body[hits[0].end():]
    return body + ("\n\n" + "\n".join(block) if block else "") + "\n"
