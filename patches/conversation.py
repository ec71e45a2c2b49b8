"""Messages into a conversation: one copy of each mail, parents before children."""
from __future__ import annotations

from datetime import datetime, timezone

from patches.model import Conversation, Message


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
