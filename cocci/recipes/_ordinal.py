"""Which of several like calls of a quote a comment picks by its place: "Use dev_warn() for the first one",
"the second print should be dev_dbg()", "in the last one"."""
from __future__ import annotations

import re

_PLACES = {"first": 0, "former": 0, "top": 0, "upper": 0, "second": 1, "third": 2, "fourth": 3,
           "last": -1, "latter": -1, "bottom": -1, "lower": -1}
# the ordinal names a call of the quote ("for the first one", "the second call"), not an adjective of
# something else ("the first read may fail"): a noun of a call or none after it
_PICK = re.compile(r"\bthe\s+(" + "|".join(_PLACES) + r")(?:\s+(?:one|call|print|message|place|instance|occurrence|"
                   r"case|line|statement|site|warning|error)s?\b|\b(?!\s+(?:of\b|[a-z])))", re.I)

# the place named as one to leave: "the second one is fine", "keep the last one"
_KEPT = re.compile(r"^\W*(?:one\s+|call\s+|print\s+)?(?:is|are|can|should|may)\s+(?:be\s+)?"
                   r"(?:fine|ok(?:ay)?|stay|remain|correct|right|good)\b|^[^.;!?]*?\bas\s+(?:it\s+)?is\b", re.I)
_KEEP_BEFORE = re.compile(r"\b(?:keep|leave)\s*$", re.I)
# the place named as the model of the change: "like the first one", "as in the last one"
_MODEL_BEFORE = re.compile(r"\b(?:like|as(?:\s+(?:in|for|with|does))?|than|unlike|from)\s*$", re.I)


def picked(comment: str, lines: list[int]) -> int | None:
    """The line of LINES (those holding the call a comment asks to change, in order) that COMMENT picks by
    its place; None when it names no place, or LINES hold one call only.  -1 when the place it names is
    not among them ("the third one" of two), or the comment names two places or the one to leave ("the
    second one is fine"): which call it means is for the author to read."""
    text = " ".join(comment.split())
    found = [m for m in _PICK.finditer(text) if not _MODEL_BEFORE.search(text[:m.start()])]
    if not found or len(lines) < 2:
        return None
    # "the second one is fine", "keep the last one": a place to leave says which changes only with another
    kept = [m for m in found if _KEPT.search(text[m.end():]) or _KEEP_BEFORE.search(text[:m.start()])]
    places = {_PLACES[m.group(1).lower()] for m in found if m not in kept}
    if len(places) != 1:
        return -1           # two places, or only the one to leave: which changes is not said
    k = places.pop()
    return lines[k] if -len(lines) <= k < len(lines) else -1
