"""A request another reviewer argues against: whose word settles it.

Reviewer A asks for a change; reviewer B, answering A's comment, argues against it ("I'd keep it as
is, ..."). While the author has not answered, the request is not the thread's: it is left to the
author (manual) with B's words. A later reply in that discussion settles it when it takes a side by
naming one of the two ("Let's go with Tomas' suggestion", "Agree with Ada, keep it"), or keeps the
code in words ("keep it as it is"): the request stands again, or is set aside."""
from __future__ import annotations

import re

from patches.answers import keeps_code, objects_to
from patches.model import Person
from patches.people import same_person

POINT, OBJECTION = "point", "objection"

# a negation before a name in its clause takes the other side: "I don't agree with Ada", "not convinced by Ada"
_NEGATED = re.compile(r"\b(?:disagree|don'?t\s+agree|do\s+not\s+agree|not\s+convinced|not\s+sure\s+about)\b"
                      r"[^,.;:!?]*$", re.I)


def objection(comment: str) -> bool:
    """Whether a reviewer's reply COMMENT, under another reviewer's request, argues against it."""
    return objects_to(" ".join(comment.split()))


def _named(comment: str, who: Person) -> int:
    """Where COMMENT names WHO by the first word of the name (a possessive too: "Tomas' idea",
    "Ada's"), negated (the other side): +1 for, -1 against, 0 not named."""
    first = who.name.split()[0] if who.name.split() else ""
    if len(first) < 2:
        return 0
    m = re.search(rf"(?<![\w-]){re.escape(first)}(?:'s|'|’s|’)?(?![\w-])", comment, re.I)
    if m is None:
        return 0
    return -1 if _NEGATED.search(comment[:m.start()]) else 1


def side(comment: str, point_by: Person, objector: Person) -> str:
    """Which side a later reply COMMENT in the discussion of a contested request takes: POINT (the
    request of POINT_BY stands), OBJECTION (OBJECTOR's case against it), or '' (no decision)."""
    t = " ".join(comment.split())
    if same_person(point_by.name, objector.name):
        return ""
    votes = {POINT: 0, OBJECTION: 0}
    for who, own, other in ((point_by, POINT, OBJECTION), (objector, OBJECTION, POINT)):
        n = _named(t, who)
        if n > 0:
            votes[own] += 1
        elif n < 0:
            votes[other] += 1
    if votes[POINT] != votes[OBJECTION]:
        return POINT if votes[POINT] > votes[OBJECTION] else OBJECTION
    return OBJECTION if keeps_code(t) else ""

