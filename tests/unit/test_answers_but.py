"""An agreeing opener that a "but" takes back in the same sentence is decided by what follows the
"but": "Good point, but I'd rather keep it" declines; "Sure, but I will also update X" and "Fine, but the
core has a helper for that" qualify an agreement."""
from __future__ import annotations

import pytest

from patches.answers import classify_response


@pytest.mark.parametrize("answer,expect", [
    ("Good point, but I would rather keep it.", "declined"),
    ("Good catch, but that is intended.", "declined"),
    ("Makes sense, but I prefer to keep it as is.", "declined"),
    ("Good point, but the amplifier stays silent until the enable pin goes high, so I'd rather not "
     "touch it there.", "declined"),
    ("Fine, but the core has a helper for that already.", "accepted"),
    ("Good point, but let us do it in a follow-up.", "deferred"),
    ("Sure, but I will also update the binding.", "accepted"),
    ("Ok, but only here.", "accepted"),
    ("Good point, will fix.", "accepted"),
    ("Thanks, will fix. But the other one stays as it is.", "accepted"),
])
def test_an_opener_taken_back_by_but(answer, expect):
    assert classify_response(answer).value == expect


@pytest.mark.parametrize("answer,expect", [
    ("No strong opinion, will change.", "accepted"),
    ("No problem, will do.", "accepted"),
    ("No objection, will update it.", "accepted"),
    ("No, this is needed for the reset.", "declined"),
])
def test_no_problem_is_not_no(answer, expect):
    assert classify_response(answer).value == expect


@pytest.mark.parametrize("answer,expect", [
    ("Let me think about it.", "deferred"),
    ("Will check.", "deferred"),
    ("Hmm, not sure.", "deferred"),
    ("Let me check and fix it.", "accepted"),
    ("Will check, good catch.", "accepted"),
    ("No, I'll check the datasheet but this is right.", "declined"),
])
def test_an_answer_that_leaves_the_point_open(answer, expect):
    """Not decided yet: nothing is made of it in this version unless the author comes back to it."""
    assert classify_response(answer).value == expect


@pytest.mark.parametrize("answer,expect", [
    ("Nope.", "declined"),
    ("Right, but the datasheet says otherwise.", "declined"),
    ("Fair point, I will leave it as is.", "declined"),
    ("Yes, but not in this patch.", "deferred"),
    ("Agree, but let me do that separately.", "deferred"),
    ("Ok, I will keep the helper and drop the macro.", "accepted"),
    ("Sure, but the other callers break too, will fix them all.", "accepted"),
])
def test_an_agreeing_word_that_the_answer_takes_back(answer, expect):
    """An opener such as "Right," or "Fair point," is no agreement when what follows keeps the code,
    objects, or puts the change elsewhere."""
    assert classify_response(answer).value == expect
