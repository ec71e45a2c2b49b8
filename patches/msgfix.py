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


def spelling_list(text: str) -> dict[str, str]:
    """The misspellings of a tree's scripts/spelling.txt (`wrong||right` lines, `#` comments) and their
    corrections, as checkpatch reads them."""
    out = {}
    for ln in text.splitlines():
        wrong, sep, right = ln.strip().partition("||")
        if sep and wrong and right and not wrong.startswith("#"):
            out[wrong.lower()] = right
    return out


def in_case(word: str, right: str) -> str:
    """RIGHT, the correction of WORD, capitalised as WORD is."""
    return right[:1].upper() + right[1:] if word[:1].isupper() else right


def corrections(comment: str, message: str = "", known: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The (old, new) pairs COMMENT asks for: its s/old/new/ substitutions, else the `old -> new`
    pairs of a comment about a typo whose words are alike; else, for a typo named without its
    correction ("Typo in the subject: recieve", "Typo."), the one word of MESSAGE that KNOWN (the
    tree's spelling list) corrects, among the words the comment names when it names one."""
    pairs = [(m.group(1), m.group(2)) for m in _SUBST.finditer(comment)]
    if pairs or not _TYPO.search(comment):
        return pairs
    pairs = [(a, b) for a, b in ((m.group(1), m.group(2)) for m in _ARROW.finditer(comment))
             if a != b and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.7]
    if pairs or not known:
        return pairs
    body, _ = split_message(message)
    return listed_typo(re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", body), comment, known)


def listed_typo(words: list[str], comment: str, known: dict[str, str]) -> list[tuple[str, str]]:
    """(word, correction) for the one misspelling of WORDS that KNOWN (a spelling list) corrects, in each
    case it is written; among the words COMMENT names when it names one of KNOWN.  [] when WORDS hold
    none or several."""
    named = {w.lower() for w in re.findall(r"[A-Za-z]+", comment)} & set(known)
    found = {w for w in words if w.lower() in known and (not named or w.lower() in named)}
    if len({w.lower() for w in found}) != 1:
        return []
    return [(w, in_case(w, known[w.lower()])) for w in sorted(found)]


def whole_word(old: str) -> re.Pattern[str]:
    """OLD where it stands as a whole word (bounded by non-word characters where it begins or ends with
    one)."""
    lead = r"(?<!\w)" if re.match(r"\w", old) else ""
    tail = r"(?!\w)" if re.search(r"\w$", old) else ""
    return re.compile(lead + re.escape(old) + tail)


def hyphened_word(word: str, flags: int = 0) -> re.Pattern[str]:
    """WORD where it stands as a word of its own, a hyphen counting as part of a word: "bindings", not
    the one in "dt-bindings"."""
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", flags)


def corrected(message: str, comment: str, known: dict[str, str] | None = None) -> str | None:
    """MESSAGE (a commit message) with every correction COMMENT asks for made, each old text found exactly
    once in the subject and body; None when COMMENT asks for none or one does not fit.  KNOWN: the
    tree's spelling list, for a typo named without its correction."""
    pairs = corrections(comment, message, known)
    if not pairs:
        return None
    body, block = split_message(message)
    for old, new in pairs:
        hits = list(whole_word(old).finditer(body))
        if len(hits) != 1:
            return None
        body = body[:hits[0].start()] + new + body[hits[0].end():]
    return body + ("\n\n" + "\n".join(block) if block else "") + "\n"
