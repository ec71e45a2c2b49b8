"""A maintainer's note of what was applied, as b4 writes it ("[1/2] subject" over "commit: sha"), is a
record: it asks for nothing, so it is neither a request nor a manual item of the report."""
from __future__ import annotations

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Subject
from patches.voices import Chunk

MAINTAINER = Person("Bo Lind", "bo@example.net")
MSG = Message("r1@example.net", Subject("", "x", ("PATCH",), 0, 2, 1), MAINTAINER, None, "")


def test_the_applied_list_asks_for_nothing():
    listed = ["[1/2] iio: light: acme-als: add the threshold", "      commit: 0123456789ab",
              "[2/2] iio: light: acme-als: read the threshold",
              "      commit: https://git.kernel.org/jic23/iio/c/89abcdef0123"]
    drafts, tags = drafts_from_chunk(Chunk(None, [["Applied, thanks!"], listed, ["Best regards,"]]), MAINTAINER,
                                     MSG, 0)
    assert ([d.comment for d in drafts], tags) == (["Applied, thanks!"], [])


def test_a_request_that_names_a_commit_is_still_read():
    para = ["[1/2] is applied, but 2/2 needs a Fixes: tag: the leak came with", "commit 0123456789ab."]
    drafts, _ = drafts_from_chunk(Chunk(None, [para]), MAINTAINER, MSG, 0)
    assert len(drafts) == 1
