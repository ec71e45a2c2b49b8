"""The review stage's suggestions, built from the merged drafts in one place.

Every field the review reading decides is a constructor argument here: the id, the reviewer with an
address, the narrowed quote and its anchor, the response, whether the point is a later round of
another one's discussion (kind "discussion", skipped with a reason), and the change the author's answer
states (patches.stated), which becomes the suggestion's code or, when the author declined the request
and proposed something else instead, a suggestion of its own.  Later stages (rules, apply) record what
they did with a suggestion in their own fields (status, rule, reason, summary, propagation)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import anchor as anc
from patches import stated
from patches.drafts import Draft
from patches.git import Repo
from patches.model import Anchor, Person, Response, Status, Suggestion
from patches.people import Addresses
from patches.quotes import anchor_for, narrow

_SAME = re.compile(r"^\s*(?:and\s+|also\s+)?(?:the\s+)?same\b(?:\s+(?:applies|goes|here|for|below|again|thing))?", re.I)


@dataclass(frozen=True)
class _Point:
    """What the suggestion of one draft is, before it is built: what the other points' lookups read."""

    id: str
    patch: int
    reviewer: Person                # with the address the thread or the tree gives
    address_from: str               # where that address was found (patches.people), "" when none was
    quote: list[str]                # the code quote's post-image lines ([] for a quote of the message)
    in_message: bool


def suggestions(drafts: list[Draft], rounds: dict[int, int], known: list[Person],
                repo: Repo | None) -> list[Suggestion]:
    """One suggestion per draft, in order, then the counter-proposals the author's declining answers make.

    ROUNDS links a later round of a discussion to its point (patches.merge.later_rounds)."""
    address = Addresses(known, repo)
    points = _points(drafts, address)
    discussion = _discussions(drafts, points, rounds)
    own, instead = _stated_edits(drafts, points, discussion)
    out = [_suggestion(d, points[i], discussion.get(i, ""), own.get(i)) for i, d in enumerate(drafts)]
    last: dict[int, int] = {}
    for p in points:
        last[p.patch] = last.get(p.patch, 0) + 1
    for i, k, edit in instead:
        patch = points[i].patch
        last[patch] += 1
        out.append(_counter_proposal(out[i], out[k], f"{patch}.{last[patch]}", edit))
    return out


def _points(drafts: list[Draft], address: Addresses) -> list[_Point]:
    counters: dict[int, int] = {}
    out = []
    for d in drafts:
        number = d.patch_number or 0
        counters[number] = counters.get(number, 0) + 1
        code_quote = d.quote is not None and not d.quote.in_message
        reviewer, where = address.resolve(d.reviewer)
        out.append(_Point(f"{number}.{counters[number]}", number, reviewer, where if reviewer.email else "",
                          anc.code_lines(d.quote.code()) if d.quote and code_quote else [],
                          d.quote is None or d.quote.in_message))
    return out


def _suggestion(d: Draft, p: _Point, discussion: str, edit: stated.StatedEdit | None) -> Suggestion:
    narrowed = narrow(d.quote, d.comment) if d.quote else []
    anchor = anchor_for(d.quote, narrowed)
    kind, status, reason, trailer = d.kind, None, "", ""
    if d.kind == "trailer" and d.trailer_line:
        trailer = d.trailer_line
    elif d.kind == "trailer":
        trailer = f"{d.trailer_name}: {p.reviewer}" if p.reviewer.email else ""
        if not p.reviewer.email:
            reason = f"no address for {p.reviewer.name} in the thread or the tree's MAINTAINERS/.mailmap"
    if discussion:
        kind, status, reason = "discussion", Status.SKIPPED, discussion
    elif d.set_aside and d.kind != "trailer":
        kind, status, reason = ("manual", Status.MANUAL, d.set_aside) if d.set_aside_manual else \
            ("withdrawn", Status.SKIPPED, d.set_aside)
    code, written, code_from, quoted = list(d.code), list(d.written), "", list(narrowed)
    if edit is not None:
        written = _edit_lines(edit)
        code, code_from = [ln.strip() for ln in written], "author"
        kind = "code" if kind == "comment" else kind
        if edit.old:
            quoted = ["+" + ln for ln in edit.old]
            anchor = Anchor(file=anchor.file, function=anchor.function, code=[ln.strip() for ln in edit.old],
                            lines=None, in_message=anchor.in_message)
    code_quote = d.quote is not None and not d.quote.in_message
    return Suggestion(id=p.id, patch=p.patch, reviewer=p.reviewer, comment=d.comment, anchor=anchor,
                      response=d.response, response_text=d.response_text, kind=kind, quoted=quoted,
                      code=code, trailer=trailer, message_id=d.message_id, written=written, quote=list(p.quote),
                      quote_diff=d.quote.code() if d.quote and code_quote else [], code_from=code_from,
                      author_words=edit.words if edit is not None else "",
                      status=status, reason=reason,
                      address_from=p.address_from if trailer and not d.trailer_line else "",
                      params={"hunk_function": d.quote.function} if d.quote and d.quote.function else {})


def _edit_lines(edit: stated.StatedEdit) -> list[str]:
    """The stated change as the lines of a suggestion's code: its s/old/new/, or a -/+ diff when it
    replaces lines."""
    if edit.subst:
        return [edit.subst]
    if edit.old:
        return [f"-{o.strip()}" for o in edit.old] + [f"+{n.strip()}" for n in edit.lines]
    return list(edit.lines)


def _counter_proposal(at: Suggestion, declined: Suggestion, sid: str, edit: stated.StatedEdit) -> Suggestion:
    """What the author proposed instead of the DECLINED request, made on AT's quoted lines (the request
    itself, or a later "Same applies here." of its reviewer), as an accepted suggestion of that reviewer."""
    written = _edit_lines(edit)
    anchor = Anchor(file=at.anchor.file)
    quoted = list(at.quoted)
    if edit.old:
        quoted = ["+" + ln for ln in edit.old]
        anchor = Anchor(file=at.anchor.file, code=[ln.strip() for ln in edit.old], lines=None)
    return Suggestion(id=sid, patch=at.patch, reviewer=declined.reviewer, comment=declined.comment, anchor=anchor,
                      response=Response.ACCEPTED, response_text=declined.response_text, kind="code", quoted=quoted,
                      code=[ln.strip() for ln in written], message_id=declined.message_id, written=written,
                      quote=list(at.quote), code_from="author", author_words=edit.words,
                      alternative_to=declined.id, params=dict(at.params))


def _discussions(drafts: list[Draft], points: list[_Point], links: dict[int, int]) -> dict[int, str]:
    """The follow-ups that are part of their point's discussion, with the reason they are skipped: one
    whose round the author answered, or one on a point the author declined or put off.  (A follow-up on
    an accepted point that nobody answered may ask for something new and stays a suggestion.)"""
    out: dict[int, str] = {}
    for i, root in links.items():
        d, point = drafts[i], drafts[root]
        if d.response is Response.NONE and point.response not in (Response.DECLINED, Response.DEFERRED):
            continue
        out[i] = f"discussion of {points[root].id} ({point.response.value} by the author" + (
            f": \"{' '.join(point.response_text.split())[:120]}\")" if point.response_text else ")")
    return out


def _stated_edits(drafts: list[Draft], points: list[_Point], discussion: dict[int, str]
                  ) -> tuple[dict[int, stated.StatedEdit], list[tuple[int, int, stated.StatedEdit]]]:
    """The change the author's answer states exactly (see patches.stated): {draft index: edit} for the
    suggestions that carry it as their code, and (draft index, declined draft index, edit) for the
    counter-proposals.

    Agreed ("I'll change the 2 u64-s here to s64"): the suggestion carries the author's form.  A
    counter-proposal the author makes instead of what was asked ("I would prefer to change this to X"):
    the request stays declined and a suggestion of the same reviewer with the author's form is added.
    An agreed "Same applies here." under the next quote takes the stated forms of the points under the
    previous quote, each when it maps onto its own quoted lines the same way: an agreed one as its code,
    a counter-proposal as a counter-proposal of its own on these lines."""
    own: dict[int, stated.StatedEdit] = {}
    instead: list[tuple[int, int, stated.StatedEdit]] = []
    earlier: list[tuple[int, stated.StatedEdit]] = []
    for i, d in enumerate(drafts):
        p = points[i]
        if i in discussion or d.kind in ("trailer", "commit-message") or p.in_message or d.code or not p.quote:
            continue
        edit = None
        if d.response in (Response.ACCEPTED, Response.DECLINED) and d.response_text:
            edit = stated.replacement(d.response_text, p.quote) or stated.added_statement(d.response_text, p.quote)
        if edit is None and d.response is Response.ACCEPTED and _SAME.match(d.comment):
            mine = [(j, e) for j, e in earlier
                    if drafts[j].message_id == d.message_id and points[j].reviewer == p.reviewer]
            for j, carried in _same_as_before(mine, points, p.quote):
                if drafts[j].response is Response.DECLINED:
                    instead.append((i, j, carried))
                elif edit is None:
                    edit = carried
        if edit is None:
            continue
        if d.response is Response.DECLINED:
            instead.append((i, i, edit))
        else:
            own[i] = edit
        earlier.append((i, edit))
    return own, instead


def _same_as_before(mine: list[tuple[int, stated.StatedEdit]], points: list[_Point], quote: list[str]
                    ) -> list[tuple[int, stated.StatedEdit]]:
    """What "the same" carries onto QUOTE from MINE (the reviewer's earlier points of this mail with a
    stated form): the forms of the points under the latest quote one of whose forms fits, mapped."""
    for j, edit in reversed(mine):
        if stated.same_edit(edit, quote) is None:
            continue
        out = []
        for k, other in mine:
            mapped = stated.same_edit(other, quote) if points[k].quote == points[j].quote else None
            if mapped is not None:
                out.append((k, mapped))
        return out
    return []
