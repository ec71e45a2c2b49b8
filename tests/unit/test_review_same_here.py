"""'Ditto.' / 'Same here.' under a second quote asks again what the comment before it asked
(patches.drafts.same_as_before), when that is one request in words on code."""
from __future__ import annotations

from patches.drafts import Draft, same_as_before
from patches.model import Person, Response
from patches.voices import Quote

REVIEWER = Person("Rui Costa", "rui.costa@example.pt")


def draft(comment: str, quote: list[str], seg: int, kind: str = "code", code: list[str] | None = None) -> Draft:
    return Draft(1, REVIEWER, comment, list(code or []), Quote(quote, False, "drivers/iio/zed.c"), "",
                 Response.NONE, kind, message_id="<z1>", seg=seg)


def test_ditto_asks_again_what_the_request_before_it_asked():
    first = draft("Please use dev_dbg() for this.", ['+\tdev_info(zd->dev, "rate %d\\n", zd->rate);'], 1)
    again = draft("Ditto.", ['+\tdev_info(zd->dev, "gain %d\\n", zd->gain);'], 2, kind="comment")
    same_as_before([first, again])
    assert (again.comment, again.kind) == ("Ditto. (Please use dev_dbg() for this.)", "code")
    also = draft("Same applies here of course.", ['+\tdev_info(zd->dev, "x\\n");'], 3, kind="comment")
    same_as_before([first, also])
    assert also.kind == "code"


def test_ditto_after_two_requests_or_reviewer_code_says_nothing_sure():
    a = draft("Please use dev_dbg() for this.", ["+\tdev_info(zd->dev, \"a\\n\");"], 1)
    b = draft("Also, the rate is unsigned.", ["+\tdev_info(zd->dev, \"a\\n\");"], 1)
    again = draft("Same here.", ['+\tdev_info(zd->dev, "b\\n");'], 2, kind="comment")
    same_as_before([a, b, again])
    assert (again.comment, again.kind) == ("Same here.", "comment")
    coded = draft("Like this:", ["+\tzd->rate = 0;"], 1, code=["zd->rate = ZED_RATE_DEFAULT;"])
    again = draft("Ditto.", ["+\tzd->gain = 0;"], 2, kind="comment")
    same_as_before([coded, again])
    assert again.kind == "comment"
    said = draft("Same here, but with a comment why.", ["+\tzd->gain = 0;"], 2, kind="comment")
    same_as_before([a, said])
    assert said.kind == "comment"           # more than "the same"


def test_as_above_is_the_same_request_again():
    first = draft("No need to initialize len here.", ["+\tsize_t len = 0;"], 1)
    for words in ("Same as above.", "As above.", "See above."):
        again = draft(words, ["+\tint err = 0;"], 2, kind="comment")
        same_as_before([first, again])
        assert (again.comment, again.kind) == (f"{words} (No need to initialize len here.)", "code")


def test_a_scope_line_in_the_paragraph_of_its_tag_is_no_comment():
    from patches.drafts import drafts_from_chunk
    from patches.model import Message
    from patches.subject import parse_subject
    from patches.voices import Chunk
    msg = Message(msgid="<r2>", subject=parse_subject("Re: [PATCH 2/2] foo: bar"), author=REVIEWER, date=None,
                  body="", lines=[])
    chunk = Chunk(Quote(["+\tx = 1;"], False, "a.c"),
                  [["Fine with me now."], ["For the two patches:", "Acked-by: Rui Costa <rui.costa@example.pt>"]])
    ds, given = drafts_from_chunk(chunk, REVIEWER, msg, 2)
    assert given == ["Acked-by: Rui Costa <rui.costa@example.pt>"]
    assert not any("For the two patches" in d.comment for d in ds)
