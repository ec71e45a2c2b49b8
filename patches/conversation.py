"""Messages into a conversation: one copy of each mail, parents before children."""
from __future__ import annotations

import bisect
from datetime import datetime, timezone

from patches.model import Conversation, Message
from patches.people import named_by
from patches.subject import title_key

_LOOK_BACK = 200        # the earlier mails of one subject an unthreaded reply is set against (bounds the work)


def _key(m: Message, index: int) -> tuple:
    d = m.date
    if d is not None and d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (d or datetime.max.replace(tzinfo=timezone.utc), index)


def build(messages: list[Message]) -> Conversation:
    """Deduplicate by Message-Id (the first copy wins) and order by the reply tree.

    Roots (mails whose parent is not in the thread) come first by date; each mail is
    followed by its replies, by date.  Mails without a Message-Id (pasted archive text)
    are roots."""
    seen: set[str] = set()
    unique: list[Message] = []
    for m in messages:
        if m.msgid:
            if m.msgid in seen:
                continue
            seen.add(m.msgid)
        unique.append(m)
    index = {id(m): i for i, m in enumerate(unique)}

    def parent(m: Message) -> str:
        if m.in_reply_to in seen and m.in_reply_to != m.msgid:
            return m.in_reply_to
        for ref in reversed(m.references):
            if ref in seen and ref != m.msgid:
                return ref
        return ""

    _hang_unthreaded(unique)
    children: dict[str, list[Message]] = {}
    roots: list[Message] = []
    for m in unique:
        p = parent(m)
        (children.setdefault(p, []) if p else roots).append(m)
    ordered: list[Message] = []
    placed: set[int] = set()

    def visit(top: Message) -> None:
        # depth first, parents before children, with a stack instead of recursion: a chain of
        # thousands of replies is as deep as it is long
        stack = [top]
        while stack:
            m = stack.pop()
            if id(m) in placed:
                continue
            placed.add(id(m))
            ordered.append(m)
            kids = sorted(children.get(m.msgid, []) if m.msgid else [], key=lambda c: _key(c, index[id(c)]))
            stack.extend(reversed(kids))

    for r in sorted(roots, key=lambda r: _key(r, index[id(r)])):
        visit(r)
    for m in unique:          # reply cycles: keep every mail
        visit(m)
    return Conversation(ordered)


def _hang_unthreaded(mails: list[Message]) -> None:
    """Give each reply with neither In-Reply-To nor References (a client or an archive that dropped
    them) the mail it answers: the latest earlier mail on the same subject from the sender its
    attribution line names ("On ..., Ana Sousa wrote:"), else the patch mail of that subject.  Its
    answers then go with the comments it quotes."""
    by_title: dict[str, list[tuple[tuple, Message]]] = {}
    for i, m in enumerate(mails):
        if m.msgid:
            by_title.setdefault(title_key(m.subject.title), []).append((_key(m, i), m))
    for same in by_title.values():
        same.sort(key=lambda km: km[0])
    keys = {t: [k for k, _ in same] for t, same in by_title.items()}
    for i, m in enumerate(mails):
        if not m.msgid or not m.subject.is_reply or m.in_reply_to or m.references:
            continue
        title = title_key(m.subject.title)
        same = by_title[title]
        at = bisect.bisect_left(keys[title], _key(m, i))
        earlier = [c for _, c in same[max(0, at - _LOOK_BACK):at]]
        named = m.quote_authors[min(m.quote_authors)] if m.quote_authors else ""
        found = next((c for c in reversed(earlier) if named and named_by(named, c.author)), None) or \
            next((c for c in reversed(earlier) if not c.subject.is_reply), None)
        if found is not None:
            m.in_reply_to = found.msgid
