"""A reviewer who disagrees with another reviewer's request ("I don't agree with Jun that this should be
ratelimited") argues about that request: the sentence asks nothing of its own, the comment is a remark
unless it asks for something else besides."""
from __future__ import annotations

import pytest

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person
from patches.subject import parse_subject
from patches.voices import Chunk, Quote

REVIEWER = Person("Paulo Ferreira", "paulo.ferreira@example.pt")


def kinds(text: str) -> list[str]:
    msg = Message(msgid="<r3>", subject=parse_subject("Re: [PATCH 3/3] qx: name the inode"), author=REVIEWER,
                  date=None, body="", lines=[])
    chunk = Chunk(Quote(["+\tqx_error(sb, \"inode %lu: bad count\", ino);"], False, "qx.c"), [[text]])
    ds, _ = drafts_from_chunk(chunk, REVIEWER, msg, 3)
    return [d.kind for d in ds]


@pytest.mark.parametrize("text", [
    "One remark on 2/3 since I'm here: I don't agree with Jun that the signature message should be "
    "ratelimited. It comes once per sync at most.",
    "I disagree with Mark here, the lock should stay where it is in 1/2.",
])
def test_disagreeing_with_another_reviewer_asks_nothing(text):
    """Before: "should be" in the sentence that disagrees made it a request of its own, left to do by
    hand although nobody asked for anything."""
    assert kinds(text) == ["comment"]


def test_a_request_besides_the_objection_is_still_one():
    assert kinds("I don't agree with Jun that this should be ratelimited. Please drop the inode number "
                 "from the message though.") == ["code"]
    assert kinds("I don't agree that this should be ratelimited.") == ["code"]     # no one else named
