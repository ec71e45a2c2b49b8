"""An answer conceding a "why" question ("No reason, ... will drop it.") takes the request up, and an
answer naming the proposed call by a part of its name answers the sentence that proposes it."""
import pytest

from patches.answers import classify_response, split_by_answer
from patches.model import Response


@pytest.mark.parametrize("answer, comment", [
    ("No reason, a leftover from the first version. Will drop it.", "Why the initialisation? It is set below."),
    ("No particular reason, I will change it to unsigned int.", "Why a signed int for a count?"),
    ("No good reason. Will fix.", "Why is this not const?"),
])
def test_no_reason_for_the_code_takes_the_request_up(answer, comment):
    assert classify_response(answer, comment) is Response.ACCEPTED


@pytest.mark.parametrize("answer", [
    "No, the lock is needed here: the worker reads the counter.",
    "No reason to change it, the helper is only called from probe.",
    "No reason, but I'd rather keep it as it is.",
])
def test_a_plain_no_still_declines(answer):
    assert classify_response(answer, "Why not drop the lock?") is Response.DECLINED


def test_an_answer_naming_the_proposal_by_part_of_its_name_answers_that_sentence():
    comment = ("Should this not be devm_clk_get_optional()? The binding needs the clock too, please "
               "send the binding update along with this.")
    answer = ("I'd keep devm_clk_get(): with _optional() every board has to handle a missing clock. "
              "The binding patch comes next time.")
    assert split_by_answer(comment, answer) == [(comment, True)]
    assert classify_response(answer, comment) is Response.DECLINED


def test_an_answer_about_the_second_request_alone_still_splits():
    comment = "Should this use devm_clk_get_enabled()? Also please send the binding update with this."
    assert split_by_answer(comment, "The binding update comes with the next version.") == [
        ("Should this use devm_clk_get_enabled()?", False),
        ("Also please send the binding update with this.", True)]


@pytest.mark.parametrize("answer", ["Sorry, that was not on purpose.  Fixed.", "It wasn't intentional, will fix.",
                                    "Not deliberate, I'll fix it."])
def test_a_change_that_was_not_meant_is_owned_and_fixed(answer):
    assert classify_response(answer, "Why move dev down? Longest line first please.") is Response.ACCEPTED


@pytest.mark.parametrize("answer", ["That is on purpose: the order matters.", "This is intentional."])
def test_a_change_made_on_purpose_stays(answer):
    assert classify_response(answer, "Why move dev down?") is Response.DECLINED


def test_a_no_answers_the_question_that_opens_the_comment():
    """"No, because ..." under "Does this have to be a dev_info()? A missing property should not make
    noise": the answer is to the whole comment, the question included, though it repeats none of its words."""
    comment = ("Also, does this have to be a dev_info()? A missing optional property should not make noise "
               "on every boot, dev_dbg() would do.")
    answer = "No, because a board that forgot the property gets a default it may not expect; I want it in the log."
    assert split_by_answer(comment, answer) == [(comment, True)]
