"""A request the discussion takes back after the author's first answer: the reviewer retracting it below the
author's "Will do." (manual: the author agreed to what is no longer asked), a second thought ("Thinking about
it again, ..."), the reviewer agreeing with the author's question back ("Right, I missed that."), and the
author's question back left without an answer (manual)."""
from __future__ import annotations

import shutil

import pytest

from patches.answers import asks_back
from patches.model import Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."
REVIEWED = T.review(RELAXED).body.rsplit("\n\n", 1)[0]      # the review without its signature


def _quote(body: str) -> str:
    return "\n".join(">" + ("" if ln.startswith(">") or not ln else " ") + ln for ln in body.splitlines())


def _answer(text: str) -> T.Mail:
    return T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR, f"On Fri, Tomas Kral wrote:\n{_quote(REVIEWED)}\n\n"
                                                                 f"{text}\n\nInes")


def _reply(answer: str, text: str) -> T.Mail:
    """The reviewer's TEXT under the author's ANSWER, quoted."""
    above = f"On Fri, Tomas Kral wrote:\n{_quote(REVIEWED)}\n\n{answer}"
    return T.Mail("rv2@example.cz", "an1@example.no", T.REVIEWER, f"On Sat, Ines Haugen wrote:\n{_quote(above)}\n\n"
                                                                    f"{text}\n\nTomas")


def _outcome(tmp_path, mails):
    tree, mbox = T.series(tmp_path, [T.review(RELAXED), *mails])
    result = T.run(tmp_path, tree, mbox)
    return [(s.id, s.status, s.reason) for s in result.suggestions if s.id == "1.1"], \
        T.file_at(tree, f"{result.branch}~1")


@pytest.mark.parametrize("words", ["Scratch that, readl() is needed here, the reset write must land first.",
                                   "Hmm, thinking about it again, readl() is needed here after all."])
def test_a_retraction_after_the_author_agreed_is_manual(tmp_path, words):
    got, text = _outcome(tmp_path, [_answer("Will do."), _reply("Will do.", words)])
    assert got == [("1.1", Status.MANUAL, f'the reviewer took it back after the author agreed ("{words}"): make it '
                                          "by hand if you still want it")]
    assert text == T.PATCH1


def test_the_reviewer_agreeing_with_the_authors_question_back_withdraws(tmp_path):
    back = "Why? The reset write must land first, no?"
    got, text = _outcome(tmp_path, [_answer(back), _reply(back, "Right, I missed that. Keep readl().")])
    assert got == [("1.1", Status.SKIPPED, 'withdrawn by the reviewer: "Right, I missed that. Keep readl()."')]
    assert text == T.PATCH1


def test_a_question_back_left_open_is_manual(tmp_path):
    back = "Why? The reset write must land first, no?"
    got, text = _outcome(tmp_path, [_answer(back)])
    assert got == [("1.1", Status.MANUAL, f'the author asked back ("{back}") and the thread did not settle it: '
                                          "make it by hand if you want it")]
    assert text == T.PATCH1


@pytest.mark.parametrize("answer, want", [("Why? The reset write must land first, no?", True),
                                          ("Do you mean both reads?", True),
                                          ("Ok, should I convert the other reads too?", False),
                                          ("No, the reset write must land first.", False)])
def test_asks_back(answer, want):
    assert asks_back(answer) is want


def test_a_yes_to_the_authors_question_back_confirms_the_request(tmp_path):
    back = "Do you mean the read in probe too?"
    got, text = _outcome(tmp_path, [_answer(back), _reply(back, "Yes.")])
    assert got == [("1.1", Status.MANUAL, f'the author asked back ("{back}") and the thread did not settle it: '
                                          "make it by hand if you want it")]
