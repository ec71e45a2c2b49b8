"""Reading a review: the series under review, reviewer comments as suggestions, trailers given.

The stage's entry point.  Its parts, in the order they run:

- patches.locate: the series' patches from the thread and their commits in the tree;
- patches.voices: each mail's quote depths (patch, reviewer, author) and its comment chunks;
- patches.drafts: a chunk's paragraphs into drafts (requests, code the reviewer wrote, trailers given),
  with the author's response (patches.answers) and the quoted lines narrowed (patches.quotes);
  a cover-letter request that names its patch and code in words is placed there (patches.named_place);
- patches.merge: the drafts of all mails merged into one per comment, with later rounds;
- patches.suggest: the suggestions built from them; patches.given: the trailers given;
- patches.anchor.resolve_anchors: each code anchor resolved against the tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from patches import merge
from patches.anchor import resolve_anchors
from patches.drafts import (Draft, answered_above, condition, condition_before, conditional, drafts_from_chunk,
                            same_answer_as_before, same_as_before, share_answers)
from patches.git import GitError, Repo
from patches.mended import mend
from patches.given import (CREDIT_TAGS, changed_lines, dedupe_trailers, given_by, not_carried, not_collected,
                          not_placed, unmet_conditions)
from patches.locate import LocateError, is_patch_mail, locate_series, series_from_thread
from patches.named_place import code_named, named_place
from patches.model import (Anchor, Conversation, Message, PatchMail, Person, Response, Review, Series,
                           Status, Suggestion, Trailer)
from patches.people import parse_person, same_person
from patches.subject import title_key
from patches.scope import UNKNOWN, named, scopes, trailer_key
from patches.suggest import suggestions as build_suggestions
from patches.answers import classify_response, numbered_acks
from patches.partial import answer_in_part, partial_answer
from patches.voices import Chunk, chunks, closing_answer, covering_answer, depths, rest_answer
from patches.withdrawn import (answered_elsewhere, concede, kept_below, tag_withdrawals, unplaced_parts, withdraw,
                               without_withdrawn_tags)
from patches.words import item_number

__all__ = ["Check", "ReviewError", "read_review"]

Check = Callable[[], None]      # raises to stop the work (a cancelled or timed-out job)


class ReviewError(ValueError):
    """The thread or the range cannot be read as a review of a series; one line."""


def read_review(conv: Conversation, repo: Repo | None, series_range: str = "",
                check: Check | None = None) -> Review:
    """The series under review, its suggestions (with responses) and the trailers given.

    CHECK is called between mails and between comments (it raises to stop the work)."""
    series, patch_author = _series(conv, repo, series_range)
    known = [m.author for m in conv.messages]
    got = _Reading()
    patch_index = _PatchIndex(series)
    for msg in conv.messages:
        if check is not None:
            check()
        _read_mail(msg, series, conv, patch_author, patch_index, got)
    drafts = merge.merge([d for d in got.drafts if not d.seconds], got.quoted_reviews, check)
    _answer_by_number(drafts, got.by_number)
    _answer_the_rest(drafts, got.rest)
    answer_in_part(drafts, got.partial)
    merge.seconded(drafts, [d for d in got.drafts if d.seconds])
    drafts = merge.without_answered_parts(drafts)
    rounds = merge.later_rounds(drafts)
    withdraw(drafts)
    kept_below(drafts)
    unplaced_parts(drafts)
    concede(drafts, [d for d in got.drafts if d.seconds])
    answered_elsewhere(drafts, series.version)
    taken_back = tag_withdrawals(drafts)
    suggestions = build_suggestions(drafts, rounds, known, repo)
    trailers = dedupe_trailers(got.given, known, repo)
    trailers = without_withdrawn_tags(trailers, taken_back, {m.msgid: i for i, m in enumerate(conv.messages)},
                                      suggestions)
    trailers = unmet_conditions(trailers, suggestions)
    not_collected(got.forged, suggestions)
    not_placed(got.unplaced, suggestions)
    not_carried(got.older, suggestions)
    _not_read(got.unread, suggestions)
    return resolve_anchors(Review(series, suggestions, trailers, conv), repo, check)


def _series(conv: Conversation, repo: Repo | None, series_range: str) -> tuple[Series, str]:
    """The series under review (located in the tree when there is one) and the patch author's name."""
    try:
        patches, cover, patch_author = series_from_thread(conv)
    except LocateError as e:
        raise ReviewError(str(e)) from e
    if repo is None:
        if series_range:
            raise ReviewError(f"--series {series_range} needs a tree")
        return Series(patches, cover, patches[0].subject.version), patch_author
    try:
        return locate_series(repo, patches, cover, series_range), patch_author
    except LocateError as e:
        raise ReviewError(str(e)) from e
    except GitError as e:
        raise ReviewError(f"tree {repo.path}: {e}") from e


@dataclass
class _Reading:
    """What the mails give, in thread order, before the merge."""

    drafts: list[Draft] = field(default_factory=list)
    given: list[Trailer] = field(default_factory=list)
    forged: list[tuple[Trailer, Person]] = field(default_factory=list)  # given for someone else than the sender
    quoted_reviews: set[str] = field(default_factory=set)      # mails a reviewer's reply quotes
    unread: list[tuple[Message, int]] = field(default_factory=list)   # replies with no text, and their patch
    # tags given for some patches named in words only ("For the driver patches:"), who gave them, the words
    unplaced: list[tuple[Trailer, Person, str]] = field(default_factory=list)
    # tags given on an older version of a patch that has changed since, who gave them, that version
    older: list[tuple[Trailer, Person, int]] = field(default_factory=list)
    # (the mail answered, the answer, the answering mail): a top-posted answer about every comment of a
    # review the author cut short below it ("I will address all of these." above "[...]"), or a closing
    # paragraph about the comments not answered inline ("The other comments I will fix as you suggest.")
    rest: list[tuple[str, str, str]] = field(default_factory=list)
    # (the mail answered, the points' numbers, the answer, the answering mail): the author's answer to
    # a review that numbers its points, by number ("Ack on 1 and 3, for 2 see below")
    by_number: list[tuple[str, set[int], str, str]] = field(default_factory=list)
    # (the mail answered, the answer, the answering mail): an answer about the whole review that leaves
    # part of it out ("I'll do all of these except the rename.", patches.partial)
    partial: list[tuple[str, str, str]] = field(default_factory=list)


def _read_mail(msg: Message, series: Series, conv: Conversation, patch_author: str,
               patch_index: "_PatchIndex", got: _Reading) -> None:
    """The drafts and trailers of one mail (none for a patch mail or a mail on no patch of the series)."""
    if is_patch_mail(msg) or not msg.subject.is_patch and not msg.in_reply_to:
        return
    pm = _patch_for(msg, series, conv, patch_index)
    if pm is None:
        return
    if msg.unread:
        got.unread.append((msg, pm.number))
        return
    r, p, reviewer_name = depths(msg, patch_author, conv)
    if r < 0:
        partial = partial_answer(msg) if msg.in_reply_to else ""
        if partial:
            # the author's reply quoting nothing: "Thanks, I'll fix all of these except the rename."
            got.partial.append((msg.in_reply_to, partial, msg.msgid))
        return
    if r > 0 and msg.in_reply_to:
        got.quoted_reviews.add(msg.in_reply_to)
    reviewer = msg.author if r == 0 else parse_person(reviewer_name)
    msg_drafts: list[Draft] = []
    numbers = [x.number for x in series.patches]
    for chunk in _uncut(chunks(msg, r, p), pm.diff):
        ds, tr = drafts_from_chunk(chunk, reviewer, msg, pm.number)
        acked = numbered_acks(" ".join(chunk.answer)) if r > 0 and msg.in_reply_to and chunk.answer else set()
        if acked and same_person(msg.author.name, patch_author):
            got.by_number.append((msg.in_reply_to, acked, " ".join(" ".join(chunk.answer).split()), msg.msgid))
        for d in ds:
            if pm.number == 0:
                _place(d, series)
            else:
                _place_in_code(d, pm)
        msg_drafts.extend(ds)
        scoped = scopes([ln for para in chunk.paras for ln in para], numbers) if tr else {}
        for line in tr:
            name, _, value = line.partition(":")
            who, note = trailer_note(value)
            scope, sentence = scoped.get(trailer_key(line) or ("", ""), (None, ""))
            stated, note, own_scope = note_terms(note, numbers)
            stated = stated or condition_before(chunk)
            scope = own_scope or scope
            if scope == UNKNOWN:
                got.unplaced.append((Trailer(name.strip(), parse_person(who), pm.number,
                                             bool(stated) or conditional(chunk), msg.msgid if r == 0 else "",
                                             note=note, condition=stated or condition(chunk), stated=bool(stated)),
                                     reviewer, sentence))
                continue
            for number in _given_for(scope, numbers, pm.number):
                t = Trailer(name.strip(), parse_person(who), number, bool(stated) or conditional(chunk),
                            msg.msgid if r == 0 else "", note=note, condition=stated or condition(chunk),
                            stated=bool(stated))
                _take(t, reviewer, msg, series, conv, got)
    _of_older_version(msg_drafts, _other_version(msg, series, conv), series.version)
    same_as_before(msg_drafts)
    answered_above(msg_drafts)
    same_answer_as_before(msg_drafts)
    share_answers(msg_drafts)
    got.drafts.extend(msg_drafts)
    if r > 0 and msg.in_reply_to:
        _answers_to_the_rest(msg, p, got)


def _uncut(found: list[Chunk], diff: str) -> list[Chunk]:
    """FOUND with the quoted lines of code the reviewer cut short ("[...]") or the mail client wrapped made
    whole from DIFF."""
    for chunk in found:
        if chunk.quote is not None and not chunk.quote.in_message:
            mended = mend(chunk.quote.lines, diff)
            if len(chunk.quote.depths) == len(chunk.quote.lines):
                chunk.quote.depths = [chunk.quote.depths[i] for _, i in mended]
            chunk.quote.lines = [ln for ln, _ in mended]
    return found


def _take(t: Trailer, reviewer: Person, msg: Message, series: Series, conv: Conversation, got: _Reading) -> None:
    """The tag T that REVIEWER's mail MSG gives: collected, or kept apart when it is given for someone else
    (a review, not a credit) or on an older version of a patch that has changed since."""
    if not given_by(reviewer, t.person) and t.name.lower() not in CREDIT_TAGS:
        got.forged.append((t, reviewer))
    elif _changed_since(msg, t.patch, series, conv):
        got.older.append((t, reviewer, msg.subject.version))
    else:
        got.given.append(t)


def _changed_since(msg: Message, number: int, series: Series, conv: Conversation) -> bool:
    """Whether MSG, a reply to an older version of the series than the one under review, gives its tags for
    a version of patch NUMBER (0: every patch) that differs from this one: the older patch mail of the same
    title changes other lines, or is not in the thread to compare."""
    if not msg.subject.is_patch or msg.subject.version >= series.version:
        return False
    older = {title_key(m.subject.title): m for m in conv.messages
             if is_patch_mail(m) and m.subject.version == msg.subject.version and m.subject.number}
    for p in series.patches:
        if number not in (0, p.number):
            continue
        before = older.get(title_key(p.subject.title))
        if before is None or not p.diff or changed_lines(before.body) != changed_lines(p.diff):
            return True
    return False


def _answers_to_the_rest(msg: Message, p: int, got: _Reading) -> None:
    """The author's answers in MSG about the comments it does not answer inline: a top-posted one above
    a review cut short, else a closing paragraph about the others."""
    top = rest_answer(msg, p)
    if top:
        got.rest.append((msg.in_reply_to, " ".join(top), msg.msgid))
    closing = closing_answer(msg) if not top else []
    if closing:
        got.rest.append((msg.in_reply_to, " ".join(closing), msg.msgid))
    covering = covering_answer(msg) if not top and not closing else []
    if covering:
        got.rest.append((msg.in_reply_to, " ".join(covering), msg.msgid))
    partial = partial_answer(msg) if not top and not closing and not covering else ""
    if partial:
        got.partial.append((msg.in_reply_to, partial, msg.msgid))


def _place(d: Draft, series: Series) -> None:
    """A request on the cover letter that names its patch and code in words ("In patch 2, drop the
    dev_info() in the remove path") becomes a request on those lines of that patch."""
    if d.kind not in ("commit-message", "code") or d.code or (d.quote is not None and not d.quote.in_message):
        return
    place = named_place(d.comment, series)
    if place is not None:
        d.patch_number, d.quote = place
        d.kind = "code"


def _place_in_code(d: Draft, pm: PatchMail) -> None:
    """A request under the commit message that names code of the patch instead ("s/HIGH/LOW/ for the
    enable line", "call the new member enable_gpio, 'en' says little") becomes a request on that code."""
    if d.kind not in ("commit-message", "message-edit") or any(not _SED_LINE.match(c) for c in d.code) or \
            (d.quote is not None and not d.quote.in_message):
        return
    quote = code_named("\n".join([d.comment, *d.code]), pm)
    if quote is None:
        return
    d.quote, d.kind = quote, "code"
    if not d.code:
        # the s/OLD/NEW/ written in the sentence is the reviewer's code, as if on a line of its own
        d.code = [m.group(0) for m in _SED_WORD.finditer(d.comment)]
        d.written = list(d.code)


_SED_LINE = re.compile(r"^\s*s/[^/\s]+/[^/\s]*/g?\s*$")
_SED_WORD = re.compile(r"(?<![\w/])s/[^/\s]+/[^/\s]*/g?(?![\w/])")


def _given_for(scope: tuple[int, ...] | None, numbers: list[int], answered: int) -> list[int]:
    """The patches a trailer goes to: those its scope sentence names (0: every patch), else the
    patch ANSWERED (0 for the cover letter: every patch)."""
    if scope is None:
        return [answered]
    return [0] if set(scope) == set(numbers) else list(scope)


def _answer_the_rest(drafts: list[Draft], rest: list[tuple[str, str, str]]) -> None:
    """The comments of a review mail left unanswered get the top-posted answer that said it covers all
    of them, when the answering mail cut the review short, or the closing paragraph that said it is
    about the others."""
    for parent, text, msgid in rest:
        response = classify_response(text)
        if response is Response.NONE:
            continue
        for d in drafts:
            if d.message_id == parent and d.response is Response.NONE and d.kind != "trailer":
                d.response, d.response_text, d.answered_by = response, text, msgid


def _answer_by_number(drafts: list[Draft], answers: list[tuple[str, set[int], str, str]]) -> None:
    """The numbered points of a review mail ("3) Please ...") that the author agreed to by number in an
    answer to that mail ("Ack on 1 and 3") and did not answer where they stand: accepted."""
    for parent, numbers, text, msgid in answers:
        for d in drafts:
            if d.message_id == parent and d.response is Response.NONE and d.kind != "trailer" and \
                    item_number(d.comment) in numbers:
                d.response, d.response_text, d.answered_by = Response.ACCEPTED, text, msgid


def _not_read(unread: list[tuple[Message, int]], suggestions: list[Suggestion]) -> None:
    """One skipped entry for each reply that has no text to read (an attachment only, such as
    winmail.dat): the report says which mail was left out and why, in one line."""
    for msg, number in unread:
        n = 1 + max((int(s.id.split(".")[1]) for s in suggestions if s.patch == number), default=0)
        suggestions.append(Suggestion(
            id=f"{number}.{n}", patch=number, reviewer=msg.author, comment=f"(the mail <{msg.msgid}>)",
            anchor=Anchor(in_message=True), kind="comment", message_id=msg.msgid, status=Status.SKIPPED,
            reason=f"not read: {msg.unread}"))


def trailer_note(value: str) -> tuple[str, str]:
    """A trailer's value split into the person and the note after " # " that some reviewers add
    ("Jane Doe <jane@x.org> # for the mm part", "... # v2"): the note is part of the tag as given and
    goes into the next version with it.  A "#" inside the address or the name is no note."""
    m = _NOTE.match(value.strip())
    if not m:
        return value.strip(), ""
    who, note = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return who.strip(), " ".join(note.split())


# a note that is a condition: "# if you fix the leak", "# once the binding is reviewed"
_CONDITION_NOTE = re.compile(r"^(?:but\s+|only\s+)?(?:if|once|provided|assuming|as\s+long\s+as|when|after|"
                             r"with\b(?!\s+(?:the\s+)?(?:dt|binding|driver|core)\b)|given|conditional|pending|"
                             r"unless|subject\s+to)\b", re.I)
# a note that gives the tag for some patches only: "# for patch 2 only", "# for 1/3 and 2/3"
_BUT_NOT = re.compile(r"\b(?:except|but\s+not|other\s+than|apart\s+from|not\s+for)\b", re.I)
_FOR_PATCHES = re.compile(r"^(?:only\s+)?(?:for|on)\b|\bonly\b", re.I)


def note_terms(note: str, numbers: list[int]) -> tuple[str, str, tuple[int, ...] | None]:
    """(the condition NOTE gives its tag on or '', the note the tag keeps, the patches NOTE gives it for):
    a condition is no note (the tag is given when it holds, patches.given), a note that names patches
    of the series ("for patch 2 only") says which ones get the tag and stays with it."""
    if not note:
        return "", "", None
    if _CONDITION_NOTE.match(note):
        return note, "", None
    if _BUT_NOT.search(note) and named(note):
        left = set(named(note))             # "except for patch 3": every other patch of the series
        rest = tuple(n for n in numbers if n not in left)
        return "", note, rest if left <= set(numbers) and rest else None
    names = named(note) if _FOR_PATCHES.search(note) else []
    if names and set(names) <= set(numbers):
        return "", note, tuple(names)
    return "", note, None


# after "<address>" (a space before the "#" optional), or after a bare address (a space needed)
_NOTE = re.compile(r"^(.*?<[^<>]*@[^<>]*>)\s*#\s*(\S.*)$|^([^<>\s]+@[^<>\s]+)\s+#\s*(\S.*)$")


def _patch_for(msg: Message, series: Series, conv: Conversation,
               index: "_PatchIndex | None" = None) -> PatchMail | None:
    """The patch (or cover letter) MSG reviews: by title, by the mail it answers, by number."""
    index = index or _PatchIndex(series)
    p = index.by_title.get(title_key(msg.subject.title))
    if p is not None:
        return p
    parent = conv.by_id(msg.in_reply_to)
    if parent is not None:
        found = [index.by_msgid[i] for i in (parent.msgid, *parent.references) if i in index.by_msgid]
        if found:
            return min(found, key=lambda f: f[0])[1]
    if msg.subject.number is not None:
        return index.by_number.get(msg.subject.number)
    return None


def _of_older_version(drafts: list[Draft], older: int, version: int) -> None:
    """Leave the requests of DRAFTS, made on version OLDER of the series (0: on this one), to the
    author: the code they quote may have changed since, or been kept on purpose."""
    for d in drafts if older else []:
        if d.kind != "trailer" and not d.set_aside:
            d.set_aside = (f"a review of v{older} (this series is v{version}): whether v{version} still "
                           "needs it is for the author")
            d.set_aside_manual = True


def _other_version(msg: Message, series: Series, conv: Conversation) -> int:
    """The version of the series MSG answers when it is not the one being respun, else 0: the version
    its subject names ("Re: [PATCH v2 3/4]" in a v3 thread), or that of the nearest mail up its chain of
    replies that names one.  Its requests were made on that version's code."""
    version = msg.subject.version if msg.subject.is_patch else 0
    for ref in (msg.in_reply_to, *reversed(msg.references)) if not version else ():
        up = conv.by_id(ref)
        if up is not None and up.subject.is_patch:
            version = up.subject.version
            break
    return version if version and version != series.version else 0


class _PatchIndex:
    """The series' patches by title key, Message-Id and number (the first of each, as _patch_for
    scanned them), so that each reply finds its patch without going through the whole series."""

    def __init__(self, series: Series):
        self.by_title: dict[str, PatchMail] = {}
        for p in series.patches + ([series.cover] if series.cover else []):
            self.by_title.setdefault(title_key(p.subject.title), p)
        self.by_msgid: dict[str, tuple[int, PatchMail]] = {}
        for i, p in enumerate(series.patches + ([series.cover] if series.cover else [])):
            if p.msgid:
                self.by_msgid.setdefault(p.msgid, (i, p))
        self.by_number: dict[int, PatchMail] = {}
        for p in series.patches:
            self.by_number.setdefault(p.number, p)
