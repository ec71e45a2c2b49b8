"""A yes or a no that answers the reviewer's question: to "Is the cast needed?" a "Yes, ..." keeps the cast
(declined) and a "No, will drop it." lets it go (accepted); a question of another kind answered "No, will
fix." is an agreement.  "it" in "will drop it" is what the question asked about: a cast goes, not the line."""
from __future__ import annotations

import shutil

import pytest

from patches.answers import classify_response
from patches.model import Response, Status
from tests.unit.kinds_support import pipeline, sugg


@pytest.mark.parametrize("answer, question, response", [
    ("No, will drop it.", "Is the cast needed?", Response.ACCEPTED),
    ("No.", "Do we need the lock here?", Response.ACCEPTED),
    ("No, it is not needed, dropped.", "Is the cast needed?", Response.ACCEPTED),
    ("Yes, it is needed. I will add a comment.", "Is the cast needed?", Response.DECLINED),
    ("Yes.", "Is the cast needed?", Response.DECLINED),
    ("Yes, it can go, I will drop it.", "Is the cast needed?", Response.ACCEPTED),
    ("Nope, it is required by the API.", "Is the cast needed?", Response.DECLINED),
    ("No, will fix.", "Is this safe against a concurrent remove?", Response.ACCEPTED),
    ("No, will drop it.", "Drop the cast.", Response.DECLINED),     # no question: "No" refuses
    ("No, will drop it.", "Is the cast needed?\nTomas", Response.ACCEPTED),    # the signature quoted too
])
def test_a_yes_or_a_no_answers_the_question(answer, question, response):
    assert classify_response(answer, question) is response


PATH = "drivers/hwmon/tq.c"
TEXT = """\
static void tq_dump(struct tq *tq)
{
\tint i;

\tfor (i = 0; i < 4; i++)
\t\tdev_info(tq->dev, "reg %d: %d\\n", (int)i, tq_read(tq, i));
}
"""


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_will_drop_it_to_a_question_about_a_cast_drops_the_cast_not_the_line(tmp_path):
    s = sugg(PATH, "tq_dump", ["+\t\tdev_info(tq->dev, \"reg %d: %d\\n\", (int)i, tq_read(tq, i));"],
             "Is the cast needed?", answer="No, will drop it.")
    after, rules, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert [r.kind for r in rules] == ["drop-cast"] and s.status == Status.APPLIED, s.reason
    assert after == TEXT.replace("(int)i", "i")
