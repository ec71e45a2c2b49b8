"""A bug a reviewer reports under code ("This leaks X on the error path") is a request for a fix, not a
remark that asks for nothing."""
from __future__ import annotations

import pytest

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Subject
from patches.voices import Chunk, Quote

REVIEWER = Person("Bo Lind", "bo@example.net")
MSG = Message("r1@example.net", Subject("", "x", ("PATCH",), 1, 1, 1), REVIEWER, None, "")
CODE = Quote(["+\tret = qx_setup(q);", "+\tif (ret)", "+\t\treturn ret;"], False, "drivers/misc/qx.c", "qx_probe")


@pytest.mark.parametrize("comment", ["This leaks the clock enable on the error path.",
                                     "q->buf is used after free here when the setup fails."])
def test_a_bug_report_under_code_is_a_request_not_a_remark(comment):
    """Before: no word asked for anything, so the report was a remark, skipped ("no recipe finds a
    change asked for in it") and never among what is left to the author."""
    drafts, _ = drafts_from_chunk(Chunk(CODE, [[comment]]), REVIEWER, MSG, 1)
    assert [d.kind for d in drafts] == ["code"]


def test_a_statement_about_the_code_stays_a_remark():
    drafts, _ = drafts_from_chunk(Chunk(CODE, [["The setup order matches the datasheet now."]]), REVIEWER, MSG, 1)
    assert [d.kind for d in drafts] == ["comment"]
