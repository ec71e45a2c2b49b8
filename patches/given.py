"""The trailers reviewers give in the thread (Reviewed-by:, Acked-by:, ...): collected from their own
mails only, one of each, and a conditional one dropped when the author declined what it was
conditional on (the review stage's skipped trailer suggestions say why)."""
from __future__ import annotations

from patches.git import Repo
from patches.model import Anchor, Person, Response, Status, Suggestion, Trailer
from patches.people import Addresses, name_key, same_person
from patches.trailers import declined_fix, named_in

# tags that credit someone for the report or the idea rather than vouch for the patch: a reviewer writing
# "Reported-by: <the reporter>" in a reply asks to credit that person, as maintainers do
CREDIT_TAGS = ("reported-by", "suggested-by")


def given_by(sender: Person, person: Person) -> bool:
    """Whether a trailer for PERSON was given by SENDER, the person who wrote it (the mail's From:, or the
    author of the quoted words): the same address, or the same name (case, spaces and a parenthesised
    part such as "(Arm)" aside).  Anyone can type "Acked-by: <a maintainer>" into a reply; like b4,
    respin only collects a person's tags from that person's own mail."""
    if sender.email and person.email and sender.email.lower() == person.email.lower():
        return True
    return same_person(sender.name, person.name)


def not_collected(forged: list[tuple[Trailer, Person]], suggestions: list[Suggestion]) -> None:
    """A skipped trailer suggestion for every trailer given by someone else than its person, so the report
    says "not collected: given by X for Y" and the user can add it by hand if it is genuine."""
    seen: set[tuple[str, str, int, str]] = set()
    for t, sender in forged:
        key = (t.name.lower(), t.person.name.lower(), t.patch, sender.name.lower())
        if key in seen:
            continue
        seen.add(key)
        n = 1 + max((int(s.id.split(".")[1]) for s in suggestions if s.patch == t.patch), default=0)
        suggestions.append(Suggestion(
            id=f"{t.patch}.{n}", patch=t.patch, reviewer=sender, comment=f"{t.name}: {t.person}",
            anchor=Anchor(in_message=True), response=Response.NONE, kind="trailer", message_id=t.message_id,
            status=Status.SKIPPED, reason=f"not collected: given by {sender} for {t.person}"))


def _manual_tags(tags: list[tuple[Trailer, Person, str]], suggestions: list[Suggestion]) -> None:
    """A manual trailer suggestion for each (tag, sender, reason) of TAGS, once per tag, person and patch."""
    seen: set[tuple[str, str, int]] = set()
    for t, sender, reason in tags:
        key = (t.name.lower(), t.person.name.lower(), t.patch)
        if key in seen:
            continue
        seen.add(key)
        n = 1 + max((int(s.id.split(".")[1]) for s in suggestions if s.patch == t.patch), default=0)
        suggestions.append(Suggestion(
            id=f"{t.patch}.{n}", patch=t.patch, reviewer=sender, comment=f"{t.name}: {t.person}",
            anchor=Anchor(in_message=True), response=Response.NONE, kind="trailer", message_id=t.message_id,
            status=Status.MANUAL, reason=reason))


def not_placed(unplaced: list[tuple[Trailer, Person, str]], suggestions: list[Suggestion]) -> None:
    """A manual trailer suggestion for every tag given for some patches named in words only ("For the
    driver patches:"): the report quotes the words, the author adds the tag to those patches by hand."""
    _manual_tags([(t, sender, f"given for the patches \"{words if len(words) <= 80 else words[:77].rstrip() + '...'}\" "
                   "names in words: add it by hand to those patches") for t, sender, words in unplaced], suggestions)


def changed_lines(diff: str) -> list[str]:
    """The lines a unified DIFF removes and adds, blanks inside them squeezed: what a patch changes, apart
    from its line numbers, context and index lines (two versions of a patch that only moved compare equal)."""
    out = []
    lines = diff.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("diff --git ")), 0)
    for line in lines[start:]:
        if line == "-- ":
            break               # the mail's signature
        if line.startswith(("+++", "---")) or line[:1] not in "+-" or not line:
            continue
        out.append(line[0] + " ".join(line[1:].split()))
    return out


def not_carried(older: list[tuple[Trailer, Person, int]], suggestions: list[Suggestion]) -> None:
    """A manual trailer suggestion for every tag given on an older version of a patch that has changed
    since: the reviewer has not seen the version it would go on (b4 carries such a tag only when the
    patch is the same)."""
    _manual_tags([(t, sender, f"given for v{version}, and the patch has changed since: add it by hand if the "
                   "reviewer confirms it for this version") for t, sender, version in older], suggestions)


def unmet_conditions(trailers: list[Trailer], suggestions: list[Suggestion]) -> list[Trailer]:
    """A conditional review ("With that moved: Reviewed-by: ...") is not given when the author declined
    or put off every change that reviewer asked for on the patch: it becomes a skipped trailer
    suggestion that says why.  (When some were done, the later stages decide from their status.)"""
    out = []
    by_person: dict[tuple[int, str], list[Suggestion]] = {}    # (patch, reviewer's name key) -> changes asked
    by_mail: dict[tuple[str, str], list[Suggestion]] = {}      # (mail, reviewer's name key) -> changes asked
    for s in suggestions:
        if s.kind not in ("trailer", "comment") and name_key(s.reviewer.name):
            by_person.setdefault((s.patch, name_key(s.reviewer.name)), []).append(s)
            by_mail.setdefault((s.message_id, name_key(s.reviewer.name)), []).append(s)
    last: dict[int, int] = {}                                  # patch -> highest suggestion number
    for s in suggestions:
        last[s.patch] = max(last.get(s.patch, 0), int(s.id.split(".")[1]))
    changed = {key[0] for key in by_person}                    # patches someone asked a change of
    for t in trailers:
        asked = by_person.get((t.patch, name_key(t.person.name)), []) if t.conditional else []
        if t.conditional and t.message_id:     # and the requests of its mail placed on other patches
            asked += [s for s in by_mail.get((t.message_id, name_key(t.person.name)), []) if s not in asked]
        number = t.patch
        if t.stated and not asked and not (changed if number == 0 else changed & {0, number}):
            # "Reviewed-by: ... if you fix the leak" on a patch nobody asked a change of: what the condition
            # is about is nothing respin makes
            n = 1 + last.get(number, 0)
            last[number] = n
            suggestions.append(Suggestion(
                id=f"{number}.{n}", patch=number, reviewer=t.person, comment=f"{t.name}: {t.person} # {t.condition}",
                anchor=Anchor(in_message=True), response=Response.NONE, kind="trailer", message_id=t.message_id,
                status=Status.MANUAL, reason=f"{t.name} was given on a condition (\"{t.condition[:120]}\") that "
                                             "no change asked in the thread meets: add it by hand once it holds"))
            continue
        asked = named_in(t.condition, asked)
        # a question answered is no change declined
        unmet = [s for s in asked if s.response is Response.DEFERRED or declined_fix(s)]
        if not unmet or len(unmet) < len(asked):    # which of them the condition names is not known
            out.append(t)
            continue
        n = 1 + last.get(number, 0)
        last[number] = n
        ids = ", ".join(s.id for s in unmet)
        suggestions.append(Suggestion(
            id=f"{number}.{n}", patch=number, reviewer=t.person, comment=f"{t.name}: {t.person} (conditional)",
            anchor=Anchor(in_message=True), response=Response.DECLINED, kind="trailer", message_id=t.message_id,
            status=Status.SKIPPED, reason=f"{t.name} was conditional on {ids}, which the author "
                                          f"{unmet[0].response.value}: not added"))
    return out


def dedupe_trailers(given: list[Trailer], known: list[Person], repo: Repo | None) -> list[Trailer]:
    out: list[Trailer] = []
    address = Addresses(known, repo)
    seen: set[tuple[str, str, int]] = set()
    for t in given:
        person, where = address.resolve(t.person)
        t = Trailer(t.name, person, t.patch, t.conditional, t.message_id, where if person.email else "", t.note,
                    t.condition, t.stated)
        key = (t.name.lower(), name_key(t.person.name), t.patch)
        if key[1] and key in seen:          # same_person: equal, non-empty name keys
            continue
        seen.add(key)
        out.append(t)
    return out
