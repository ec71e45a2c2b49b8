"""The sentence that introduces a tag ("With that, for the series:") is no request, but the sentences of
its paragraph before it are; and a small diff the reviewer writes ("+/* why */" over " #define X")
is the reviewer's code."""
from __future__ import annotations

from patches.drafts import before_intro, drafts_from_chunk
from patches.model import Message, Person, Subject
from patches.voices import Chunk, Quote

REVIEWER = Person("Bo Lind", "bo@example.net")
MSG = Message("r1@example.net", Subject("", "x", ("PATCH",), 0, 2, 1), REVIEWER, None, "")
COVER = Quote(["Two small changes for the bus driver."], True)
ACK = ["Acked-by: Bo Lind <bo@example.net>"]


def test_a_request_before_the_tag_intro_stays():
    """Before: the whole paragraph ending in "With that, for the series:" was taken for the tag's
    introduction, so the request in it was lost and the tag's condition had nothing to hold to."""
    para = ["The pr_warn() in 2/2 fires on every conversion. Please drop", "it. With that, for the series:"]
    drafts, tags = drafts_from_chunk(Chunk(COVER, [para, ACK]), REVIEWER, MSG, 0)
    assert tags == ACK
    assert [d.comment for d in drafts] == ["The pr_warn() in 2/2 fires on every conversion. Please drop it."]


def test_the_intro_alone_asks_for_nothing():
    drafts, tags = drafts_from_chunk(Chunk(COVER, [["With that fixed:"], ACK]), REVIEWER, MSG, 0)
    assert (drafts, tags) == ([], ACK)
    assert before_intro(["For the series:"]) == []
    assert before_intro(["Drop the print.", "With that:"]) == ["Drop the print."]


def test_a_condition_ending_in_a_comma_introduces_the_tag_too():
    """Before: "With the nit fixed," above the tag stayed a comment of its own, a request nothing could make,
    and the conditional tag was held back for it."""
    drafts, tags = drafts_from_chunk(Chunk(COVER, [["With the nit fixed,"], ACK]), REVIEWER, MSG, 0)
    assert (drafts, tags) == ([], ACK)
    para = ["Looks fine otherwise. Once those are addressed,"]
    drafts, tags = drafts_from_chunk(Chunk(COVER, [para, ACK]), REVIEWER, MSG, 0)
    assert [d.comment for d in drafts] == ["Looks fine otherwise."] and tags == ACK


def test_a_condition_that_names_a_change_of_its_own_stays_a_comment():
    drafts, tags = drafts_from_chunk(Chunk(COVER, [["If you fix the leak in the probe error path,"], ACK]),
                                     REVIEWER, MSG, 0)
    assert tags == ACK
    assert [d.comment for d in drafts] == ["If you fix the leak in the probe error path,"]


def test_a_small_diff_of_the_reviewers_is_code():
    quote = Quote(["+#define QX_DEFAULT_MS 100"], False, "drivers/misc/qx.c")
    para = ["+/* the width most consumers expect */", " #define QX_DEFAULT_MS 100"]
    drafts, _ = drafts_from_chunk(Chunk(quote, [["Please say where the 100 comes from:"], para]), REVIEWER, MSG, 1)
    assert [(d.kind, d.written) for d in drafts] == [("code", para)]
    prose = [" I think this is fine", "+ and so is the rest."]
    drafts, _ = drafts_from_chunk(Chunk(quote, [prose]), REVIEWER, MSG, 1)
    assert all(not d.code for d in drafts)
