"""The parts of one comment: an "Also, X is not needed." sentence is a request of its own; it is about the
statement of the quote that names what it names, also in an earlier group of the quote than the last;
and a later "Ignore the first part" of a comment read as one request leaves the rest to the author."""
from __future__ import annotations

import shutil

import pytest

from patches.drafts import _split_requests
from patches.model import Status
from patches.quotes import narrow
from patches.voices import Quote
from tests.unit import reading_threads as T

QUOTE = ["+\tmutex_lock(&data->update_lock);", "+\tdiv = (int)data->fan_div;", "+\tmutex_unlock(&data->update_lock);",
         "+", "+\treturn sprintf(buf, \"%d\\n\", div);"]


def test_a_sentence_that_calls_something_needless_is_a_request_of_its_own():
    assert _split_requests(["Please use sysfs_emit() for new attributes. Also, the cast is not needed, fan_div is "
                            "a u16."]) == [["Please use sysfs_emit() for new attributes."],
                                           ["Also, the cast is not needed, fan_div is a u16."]]


def test_a_comment_naming_a_statement_of_an_earlier_group_of_the_quote_is_about_it():
    assert narrow(Quote(QUOTE, False), "Also, the cast is not needed, fan_div is a u16.") == \
        ["+\tdiv = (int)data->fan_div;"]
    assert narrow(Quote(QUOTE, False), "Please use sysfs_emit() for new attributes.") == \
        ["+\treturn sprintf(buf, \"%d\\n\", div);"]


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_ignoring_one_part_of_a_comment_read_as_one_request_leaves_the_rest_to_the_author(tmp_path):
    comment = "Use readl_relaxed() here. The mask wants GENMASK() too."
    retraction = "Ignore the first part, readl() is right here."
    later = T.Mail("rv2@example.cz", "rv1@example.cz", T.REVIEWER,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {comment}\n\n"
                   f"{retraction}\n\nTomas")
    tree, mbox = T.series(tmp_path, [T.review(comment), later])
    result = T.run(tmp_path, tree, mbox)
    s = next(s for s in result.suggestions if s.comment.strip() == comment)
    assert (s.kind, s.status, s.reason) == ("manual", Status.MANUAL, f'the reviewer took back part of it '
                                            f'("{retraction}"): make the rest by hand')
    assert T.file_at(tree, result.branch) == T.PATCH2
