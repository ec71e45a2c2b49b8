"""drop-initializer ("no need to init x"): the initializer goes when the program cannot read it, and
the request is manual otherwise."""
from __future__ import annotations

from pathlib import Path

from cocci.recipes import drop_initializer
from patches.model import Status, Suggestion
from tests.unit.kinds_support import KINDS, applied, sugg

PATH = "drivers/misc/qx.c"
SRC = (KINDS / "qx_ring_locals.c").read_text()


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_an_initializer_overwritten_before_every_read_goes(tmp_path):
    s, after = run(tmp_path, "qx_sum", ["+\tstruct qx_ring *r = NULL;"], "No need to init r.")
    assert (s.kind, s.status) == ("drop-initializer", Status.APPLIED), s.reason
    assert after == SRC.replace("\tstruct qx_ring *r = NULL;\n", "\tstruct qx_ring *r;\n")


def test_the_initialisation_written_out_in_the_comment(tmp_path):
    s, after = run(tmp_path, "qx_sum", ["+\tstruct qx_ring *r = NULL;", "+\tint i, sum = 0;"],
                   "r = NULL is not needed.")
    assert (s.kind, s.status) == ("drop-initializer", Status.APPLIED), s.reason
    assert after == SRC.replace("\tstruct qx_ring *r = NULL;\n", "\tstruct qx_ring *r;\n")


def test_an_initializer_read_when_a_condition_is_false_stays(tmp_path):
    s, after = run(tmp_path, "qx_first", ["+\tint ret = 0;"], "Unnecessary initialisation of ret.")
    assert s.status == Status.MANUAL and "under a condition" in s.reason and after == SRC


def test_an_initializer_that_calls_something_stays(tmp_path):
    s, after = run(tmp_path, "qx_pick", ["+\tint err = qx_reset(q);"], "err doesn't need to be initialized")
    assert s.status == Status.MANUAL and "calls or changes" in s.reason and after == SRC


def test_what_asks():
    for yes in ("No need to init txp, it's set in the loop.", "Unnecessary initialisation.",
                "ret doesn't need to be initialized"):
        assert drop_initializer.asks(yes), yes
    for no in ("Please initialise ret at its declaration.", "Return the result of foo() directly."):
        assert not drop_initializer.asks(no), no


def test_a_why_question_about_the_initialisation_drops_it_when_safe(tmp_path):
    for comment in ("Why the initialisation? r is assigned before it is read.", "Why is r initialised here?"):
        s, after = run(tmp_path, "qx_sum", ["+\tstruct qx_ring *r = NULL;"], comment)
        assert (s.kind, s.status) == ("drop-initializer", Status.APPLIED), s.reason
        assert after == SRC.replace("\tstruct qx_ring *r = NULL;\n", "\tstruct qx_ring *r;\n")


def test_a_why_question_about_a_needed_initialisation_changes_nothing(tmp_path):
    s, after = run(tmp_path, "qx_first", ["+\tint ret = 0;"], "Why the initialisation of ret?")
    assert s.status in (Status.MANUAL, Status.SKIPPED) and after == SRC


def test_why_questions_about_something_else_do_not_ask():
    for no in ("Why not initialise it at its declaration", "Why the lock? Nothing else writes it."):
        assert not drop_initializer.asks(no), no


def test_told_not_to_initialise():
    for yes in ("Don't initialize ret to zero, it hides the checker's warnings.", "Do not initialise r here."):
        assert drop_initializer.asks(yes), yes
    assert not drop_initializer.asks("Don't forget to initialise the lock.")
