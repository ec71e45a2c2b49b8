"""A scope word ("all", "every", "both") widens a request only in a sentence about what it changes: "This
prints for every register, which is a lot. Please use dev_dbg()." renames the quoted call alone."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
PATH = "drivers/hwmon/tq.c"

SCOPE_TEXT = """\
static int tq_show(struct tq *tq)
{
\tint i;

\tfor (i = 0; i < 4; i++)
\t\tdev_info(tq->dev, "reg %d\\n", tq_read(tq, i));
\tdev_info(tq->dev, "id %d\\n", tq_read(tq, 7));
\treturn 0;
}
"""


@pytest.mark.parametrize("comment, calls", [
    # "every" is about the registers, in a sentence that does not name the call: the quoted call only
    ("This prints for every register, which is a lot. Please use dev_dbg().", 1),
    ("Please use dev_dbg() for all of these.", 2),
    ("Use dev_dbg() everywhere here.", 2),
])
def test_a_scope_word_counts_in_a_sentence_about_the_call(tmp_path, comment, calls):
    s = sugg(PATH, "tq_show", ["+\t\tdev_info(tq->dev, \"reg %d\\n\", tq_read(tq, i));"], comment, answer="")
    after, _, _ = pipeline(tmp_path, PATH, SCOPE_TEXT, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED)
    assert after.count("dev_dbg(") == calls and after.count("dev_info(") == 2 - calls
    assert "\t\tdev_dbg(tq->dev, \"reg %d\\n\", tq_read(tq, i));\n" in after


CONST_TEXT = """\
static int tq_sum(struct tq *tq)
{
\tint base = tq_read(tq, 0);
\tint step = tq_read(tq, 1);

\treturn base + step;
}
"""


@pytest.mark.parametrize("comment, made", [
    ("These are read from every channel. This can be const.", ["step"]),   # the nearest, as without "every"
    ("Both can be const.", ["base", "step"]),
])
def test_const_takes_the_scope_of_the_sentence_that_asks_for_it(tmp_path, comment, made):
    s = sugg(PATH, "tq_sum", ["+\tint base = tq_read(tq, 0);", "+\tint step = tq_read(tq, 1);"], comment,
             answer="")
    after, _, _ = pipeline(tmp_path, PATH, CONST_TEXT, [s])
    assert (s.kind, s.status) == ("const", Status.APPLIED)
    assert after == CONST_TEXT.replace("\tint base", "\tconst int base" if "base" in made else "\tint base") \
        .replace("\tint step", "\tconst int step")
