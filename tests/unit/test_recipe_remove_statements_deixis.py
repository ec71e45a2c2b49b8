""""You can drop this" under a quoted code comment and the `if` it explains: both go; an `if` that
returns is control flow and stays manual."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Anchor, Person, Response, Status, Suggestion
from tests.unit.kinds_support import applied

PATH = "block/zcache.c"
SRC = (Path(__file__).resolve().parent.parent / "data" / "c" / "deixis" / "blk_zone.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def run(tmp_path: Path, fn: str, code: list[str], comment: str) -> tuple[Suggestion, str]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jens Reviewer", "jens@example.org"), comment=comment,
                   anchor=Anchor(file=PATH, function=fn, code=code), quoted=["+\t" + c for c in code],
                   response=Response.ACCEPTED, response_text="Right, dropped.", kind="code")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_comment_and_the_if_it_explains_go(tmp_path):
    s, after = run(tmp_path, "zcache_advance",
                   ["/* Rewind to the zone start when the cache runs full. */",
                    "if (zc->wp == zc->start + 4096)", "zc->wp = zc->start;"],
                   "The wp is reset by the zone reset path already. You can drop this.")
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert after == SRC.replace("\t/* Rewind to the zone start when the cache runs full. */\n"
                                "\tif (zc->wp == zc->start + 4096)\n\t\tzc->wp = zc->start;\n", "")


def test_an_if_that_returns_is_not_dropped(tmp_path):
    s, after = run(tmp_path, "zcache_report",
                   ["/* Callers want the pointer, not the cache. */", "if (zc->hits > 100)", "return 1;"],
                   "I don't see why. You can drop this.")
    assert s.status != Status.APPLIED
    assert after == SRC


SLEEPY = """\
static int qx_setup(struct qx *q)
{
\tint ret;

\tret = qx_write(q, 0x10, 1);
\tif (ret)
\t\treturn ret;
\tmsleep(10);
\treturn qx_write(q, 0x11, 2);
}
"""


@pytest.mark.parametrize("comment", ["This sleep is not needed.", "This delay is unnecessary.", "That's not needed."])
def test_the_quoted_call_said_needless_as_the_subject_goes(tmp_path, comment):
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jens Reviewer", "jens@example.org"), comment=comment,
                   anchor=Anchor(file=PATH, function="qx_setup", code=["msleep(10);"]), quoted=["+\tmsleep(10);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    after = applied(tmp_path, PATH, SLEEPY, s)[0]
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert after == SLEEPY.replace("\tmsleep(10);\n", "")


@pytest.mark.parametrize("comment", ["This print is not needed.", "The lock is not needed."])
def test_a_subject_that_is_not_the_quoted_call_removes_nothing(tmp_path, comment):
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jens Reviewer", "jens@example.org"), comment=comment,
                   anchor=Anchor(file=PATH, function="qx_setup", code=["msleep(10);"]), quoted=["+\tmsleep(10);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    after = applied(tmp_path, PATH, SLEEPY, s)[0]
    assert s.status != Status.APPLIED and after == SLEEPY
