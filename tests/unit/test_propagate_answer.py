"""When the author's accepting answer widens a change beyond the quoted place (cocci.propagate.widened)."""
from __future__ import annotations

import pytest

from cocci.propagate import widened


@pytest.mark.parametrize("answer, more", [
    ("Right, I will change both messages.", 1),
    ("Sure, fixed in both places for v3.", 1),
    ("Will do for both of the callers.", 1),
    ("Good point, I'll convert all the callers.", 0),
    ("Done everywhere in the series.", 0),
    ("Yes, each of these calls needs it; will fix.", 0),
])
def test_answers_that_name_more_places(answer, more):
    assert widened(answer) == more


@pytest.mark.parametrize("answer", [
    "Will do.",
    "Right, both fixed for v3.",            # two suggestions answered at once, not two places
    "I'll do both.",
    "All fixed, thanks.",
    "Agreed with all of your comments.",
])
def test_answers_that_do_not(answer):
    assert widened(answer) is None


def test_all_of_them_in_an_answer_is_about_the_comments():
    assert widened("Thanks, I fixed all of them.") is None
