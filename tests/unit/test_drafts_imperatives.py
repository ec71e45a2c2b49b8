"""A comment under code that opens on "make" ("make it unsigned") or writes a call with the arguments left
out ("qx_err(qx, ...) like the rest of the driver") asks for a change: it goes to the recipes, and what
they cannot do is left to the author with their reason, not skipped as a remark."""
from __future__ import annotations

import shutil

import pytest

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Status, Subject
from patches.voices import Chunk, Quote
from tests.unit.kinds_support import pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

REVIEWER = Person("Bo Lind", "bo@example.net")
MSG = Message("r1@example.net", Subject("", "x", ("PATCH",), 1, 1, 1), REVIEWER, None, "")
PATH = "drivers/net/wireless/qx/efuse.c"
SRC = """\
static int qx_dump_efuse(struct qx_dev *qx, u8 *map)
{
\tint cnt = 1000;

\tdo {
\t\tudelay(1);
\t\tif (--cnt == 0) {
\t\t\tdev_err(qx->dev, "efuse timeout\\n");
\t\t\treturn -EBUSY;
\t\t}
\t} while (!(qx_read32(qx, QX_EFUSE_CTRL) & QX_EFUSE_FLAG));
\treturn 0;
}
"""
CNT = ["+\tint cnt = 1000;"]
PRINT = ['+\t\t\tdev_err(qx->dev, "efuse timeout\\n");']


@pytest.mark.parametrize(("quoted", "comment", "reason"), [
    (CNT, "make it unsigned", "make-unsigned: cnt is used where unsigned could change the result: `if (--cnt == 0) {`"),
    (PRINT, "qx_err(qx, ...) like the rest of the driver.", "no recipe understands this comment"),
])
def test_an_imperative_or_a_call_with_arguments_left_out_is_a_request(tmp_path, quoted, comment, reason):
    """Before: both were remarks, skipped ("no recipe finds a change asked for in it"), though the author
    answered "Will do."."""
    drafts, _ = drafts_from_chunk(Chunk(Quote(quoted, False, PATH, "qx_dump_efuse"), [[comment]]), REVIEWER, MSG, 1)
    assert [d.kind for d in drafts] == ["code"]
    s = sugg(PATH, "qx_dump_efuse", quoted, comment)
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason, rules, after) == (Status.MANUAL, reason, [], SRC)


@pytest.mark.parametrize("comment", ["Makes sense to me.", "The timeout matches the vendor driver (...)."])
def test_a_statement_stays_a_remark(comment):
    drafts, _ = drafts_from_chunk(Chunk(Quote(CNT, False, PATH, "qx_dump_efuse"), [[comment]]), REVIEWER, MSG, 1)
    assert [d.kind for d in drafts] == ["comment"]
