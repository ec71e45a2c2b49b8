"""Commit-message trailer blocks: parse them and compose the next version's.

The trailer block is the last paragraph of a commit message when every line of
it is a ``Token: value`` trailer (``[ ... ]`` notes from maintainers and
``(cherry picked ...)`` style lines are tolerated).  The new block is ordered by
the kernel's conventions (``DEFAULT_ORDER``, see
Documentation/process/submitting-patches.rst and maintainer-tip.rst):

    Fixes, Reported-by, Closes, Originally-by, Suggested-by, Co-developed-by
    (each followed by its Signed-off-by), Signed-off-by of others, Link, Cc,
    Acked-by, Reviewed-by, Tested-by, and the author's Signed-off-by last.

The order is configurable: pass ``order`` (a list of trailer names; names not
in it keep their place after the listed ones).  Nobody's ``Signed-off-by`` is ever added except the
author's own, and no trailer appears twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from patches.model import Person, Response, Review, Status, Suggestion
from patches.scope import asked_for, named
from patches.words import content_words, item_number, only_asks

DEFAULT_ORDER: list[str] = [
    "Fixes", "Reported-by", "Closes", "Originally-by", "Suggested-by", "Co-developed-by",
    "Signed-off-by", "Link", "Cc", "Acked-by", "Reviewed-by", "Tested-by",
]

# trailers that vouch for a particular version of the patch; dropped when it changes substantially
REVIEW_TRAILERS = ("Reviewed-by", "Acked-by", "Tested-by")


def is_review_trailer(line: str) -> bool:
    """Whether LINE (`Reviewed-by: A <a@x>`) is one of the REVIEW_TRAILERS."""
    return line.startswith(tuple(f"{name}:" for name in REVIEW_TRAILERS))


# trailers that name people worth copying on the next version
CC_TRAILERS = ("Reviewed-by", "Acked-by", "Tested-by", "Suggested-by", "Reported-by",
               "Co-developed-by", "Originally-by", "Cc")

_TRAILER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]):[ \t]*(\S.*)$")
_NOTE = re.compile(r"^\s*(\[.*\]|\(.*\))\s*$")
_EMAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>|(\S+@\S+)")


@dataclass(frozen=True)
class TrailerLine:
    name: str       # canonical capitalisation: "Reviewed-by"
    value: str      # "Jane Doe <jane@example.org>"

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"

    @property
    def email(self) -> str:
        m = _EMAIL.search(self.value)
        return (m.group(1) or m.group(2)).lower() if m else ""

    def key(self) -> tuple[str, str]:
        """Identity for de-duplication: the name and the e-mail (or the whole value)."""
        return (self.name.lower(), self.email or " ".join(self.value.split()).lower())


@dataclass
class Composed:
    """What ``compose`` did: the new message and the trailer lines it added, dropped or refused."""

    message: str
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)   # e.g. a sign-off for someone else


def canonical_name(name: str) -> str:
    """'reviewed-BY' -> 'Reviewed-by' (the spelling the kernel uses)."""
    parts = name.split("-")
    return "-".join([parts[0].capitalize(), *[p.lower() for p in parts[1:]]])


def parse_line(line: str) -> TrailerLine | None:
    m = _TRAILER.match(line.strip())
    if not m:
        return None
    return TrailerLine(canonical_name(m.group(1)), m.group(2).strip())


def split_message(message: str) -> tuple[str, list[str]]:
    """(body without the trailer block, trailer block lines).

    The trailer block is the last paragraph if all its lines are trailers (or
    bracketed notes) and at least one is a trailer; otherwise it is empty.
    """
    lines = message.rstrip("\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    start = len(lines)
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = lines[start:]
    if start == 0 or not block:           # the subject line alone is never a trailer block
        return "\n".join(lines), []
    if not all(parse_line(ln) or _NOTE.match(ln) for ln in block):
        return "\n".join(lines), []
    if not any(parse_line(ln) for ln in block):
        return "\n".join(lines), []
    body = lines[:start]
    while body and not body[-1].strip():
        body.pop()
    return "\n".join(body), block


def trailers(message: str) -> list[TrailerLine]:
    """The trailers of MESSAGE, in order."""
    return [t for t in (parse_line(ln) for ln in split_message(message)[1]) if t]


def _rank(name: str, order: list[str]) -> int:
    low = [o.lower() for o in order]
    return low.index(name.lower()) if name.lower() in low else len(order)


def _same_person(t: TrailerLine, author: Person | None) -> bool:
    if author is None:
        return False
    if author.email and t.email:
        return t.email == author.email.lower()
    return " ".join(t.value.split()).lower().startswith(author.name.lower())


def compose(old: str, add: list[str], drop_reviews: bool = False, order: list[str] | None = None,
            author: Person | None = None) -> Composed:
    """The commit message OLD with the trailers ADD merged into its trailer block.

    - ``drop_reviews``: drop Reviewed-by/Acked-by/Tested-by (the patch changed substantially);
      ones in ADD are still added (they were given for this version).
    - ``order``: trailer names in the wanted order (``DEFAULT_ORDER`` when None).
    - ``author``: whose Signed-off-by goes last; when None, the last Signed-off-by of OLD
      (the submitter's) is taken as the author's.
    A Signed-off-by in ADD that is not the author's is refused, duplicates are skipped.
    """
    order = order or DEFAULT_ORDER
    body, block = split_message(old)
    existing: list[TrailerLine | str] = [parse_line(ln) or ln for ln in block]
    sobs = [t for t in existing if isinstance(t, TrailerLine) and t.name == "Signed-off-by"]
    if author is None and sobs:
        last = sobs[-1]
        author = Person(last.value.split("<")[0].strip(), last.email)
    result = Composed(message="")
    kept: list[TrailerLine | str] = []
    for t in existing:
        if isinstance(t, TrailerLine) and drop_reviews and t.name in REVIEW_TRAILERS:
            result.dropped.append(str(t))
            continue
        kept.append(t)
    seen = {t.key() for t in kept if isinstance(t, TrailerLine)}
    for raw in add:
        line = parse_line(raw)
        if line is None:
            result.refused.append(raw)
            continue
        if line.name == "Signed-off-by" and not _same_person(line, author):
            result.refused.append(str(line))
            continue
        if line.key() in seen:
            continue
        seen.add(line.key())
        kept.append(line)
        result.added.append(str(line))
    result.message = _assemble(body, kept, order, author)
    return result


def _assemble(body: str, items: list[TrailerLine | str], order: list[str], author: Person | None) -> str:
    # group: a Co-developed-by travels with the Signed-off-by right after it; notes stay with the
    # trailer above them
    groups: list[list[TrailerLine | str]] = []
    for it in items:
        if isinstance(it, str):
            if groups:
                groups[-1].append(it)
            else:
                groups.append([it])
            continue
        if (it.name == "Signed-off-by" and groups and isinstance(groups[-1][0], TrailerLine)
                and groups[-1][0].name == "Co-developed-by" and len(groups[-1]) == 1):
            groups[-1].append(it)
            continue
        groups.append([it])

    def head(g: list[TrailerLine | str]) -> TrailerLine | None:
        return g[0] if isinstance(g[0], TrailerLine) else None

    author_sob = [g for g in groups if (h := head(g)) and h.name == "Signed-off-by" and _same_person(h, author)]
    rest = [g for g in groups if g not in author_sob]
    # notes before any trailer keep the first place; otherwise a stable sort by the order
    def rank(g: list[TrailerLine | str]) -> int:
        h = head(g)
        return -1 if h is None else _rank(h.name, order)

    rest.sort(key=rank)
    lines = [str(x) for g in rest + author_sob[-1:] for x in g]
    if not lines:
        return body + "\n"
    return f"{body}\n\n" + "\n".join(lines) + "\n"


def new_message(old: str, add: list[str], drop_reviews: bool = False, order: list[str] | None = None,
                author: Person | None = None) -> str:
    """The new commit message: OLD's trailer block with ADD merged in (see ``compose``)."""
    return compose(old, add, drop_reviews, order, author).message


def first_name(person: Person | str) -> str:
    """'David Hildenbrand (Arm)' -> 'David'; an address alone -> its local part."""
    name = person.name if isinstance(person, Person) else person
    name = re.sub(r"\(.*?\)", "", name).strip().strip('"')
    if not name:
        return ""
    if "@" in name:
        return name.split("@")[0]
    if "," in name:                      # "Doe, Jane"
        return name.split(",", 1)[1].split()[0] if name.split(",", 1)[1].split() else name
    return name.split()[0]


def adds(s: Suggestion) -> bool:
    """Whether the trailer request S puts its line (``s.trailer``) into the next version: it has an address,
    the author did not decline or defer it, and nothing skipped it."""
    return (s.kind == "trailer" and bool(s.trailer) and s.response not in (Response.DECLINED, Response.DEFERRED)
            and s.status not in (Status.SKIPPED, Status.FAILED, Status.MANUAL))


def request_targets(s: Suggestion, numbers: list[int]) -> list[int]:
    """The patches the trailer request S is for: the one it was asked on; asked on the cover letter
    (patch 0), the patches its sentence names ("add Suggested-by: ... to patch 3"), else [0] (the whole
    series)."""
    if s.patch != 0:
        return [s.patch]
    tag = "stable" if s.trailer.startswith("Cc:") and "stable@" in s.trailer else s.trailer.split(":")[0]
    named = asked_for(s.comment, tag, numbers) if tag else ()
    return list(named) or [0]


def declined_fix(s: Suggestion) -> bool:
    """Whether S is a change the author declined (not a question answered): a review given on the
    condition that the changes are made does not hold for a version without it."""
    return s.response == Response.DECLINED and not only_asks(s.comment)


# the words of a condition that name no change of their own ("With that fixed", "with the nits addressed")
_CONDITION_WORDS = frozenset(
    "with that this these those above below fixed addressed changed resolved done sorted gone removed dropped "
    "moved renamed added split squashed folded handled updated corrected taken care once assuming provided "
    "after fixing addressing nits nit comments comment issues issue points point changes change fixes minor "
    "small both all them everything things remarks suggestions mentioned said".split())


def names_no_change(condition: str) -> bool:
    """Whether CONDITION is made of condition words alone ("With the nit fixed", "once those are addressed"),
    naming no change of its own ("if you fix the leak" names one)."""
    return not {w for w in content_words(condition) if w not in _CONDITION_WORDS}


def named_in(condition: str, asked: list[Suggestion]) -> list[Suggestion]:
    """Those of the suggestions ASKED a tag's CONDITION names: by their numbers ("With 1) and 2)
    addressed:" names the points "1) ..." and "2) ..."), else by a word of their own ("With the else
    gone:" names the one about the else); all of them when it names none ("With that fixed:") or its
    words are in none."""
    points = {int(a or b) for a, b in _POINTS.findall(condition)}
    if points:
        by_number = [s for s in asked if item_number(s.comment) in points]
        if by_number:
            return by_number
    words = {w for w in content_words(condition) if w not in _CONDITION_WORDS}
    named = [s for s in asked if words & content_words(s.comment + " " + " ".join(s.code))]
    return named or asked


# the numbered points a condition names: "With 1) and 2) addressed", "with #1 fixed", "(1) and (3)"
_POINTS = re.compile(r"(?<![\w/])[#(]?(\d{1,2})\)|#(\d{1,2})\b")


def requested(review: Review) -> dict[int, list[str]]:
    """Per patch number, the trailer lines the thread asks to add.

    - trailer requests the author accepted (Suggestion.kind == "trailer", ``trailer`` set,
      response accepted, not skipped);
    - trailers given in replies (Review.trailers): a trailer on the cover letter (patch 0)
      goes to every patch; a conditional one ("with that fixed: Reviewed-by") only when
      none of that reviewer's suggestions on that patch failed, was left to do by hand or was
      declined or put off by the author (a question answered is no fix declined).
    """
    numbers = [p.number for p in review.series.patches]
    out: dict[int, list[str]] = {n: [] for n in numbers}

    def put(patch: int, line: str) -> None:
        for n in (numbers if patch == 0 else [patch]):
            if n in out and line not in out[n]:
                out[n].append(line)

    for s in review.suggestions:
        if adds(s):
            for n in request_targets(s, numbers):
                put(n, s.trailer)
    for t in review.trailers:
        if t.conditional:
            # the requests of the mail that gave it too, wherever they went ("In patch 2, ..." on the cover);
            # given for the whole series, or on a condition naming patches ("With my comment on 2/3
            # addressed"), the reviewer's requests on those patches as well
            on = {*numbers, 0} if t.patch == 0 else {t.patch, 0}
            on |= set(named(t.condition))
            asked = [s for s in review.suggestions
                     if s.reviewer.name == t.person.name and s.kind != "trailer" and
                     (s.patch in on or bool(t.message_id) and s.message_id == t.message_id)]
            # a change put off to a later series is not in this version either
            open_ = [s for s in named_in(t.condition, asked)
                     if s.status in (Status.MANUAL, Status.FAILED) or declined_fix(s) or
                     s.response is Response.DEFERRED and not only_asks(s.comment)]
            if open_:
                continue
        put(t.patch, str(t))
    return out
