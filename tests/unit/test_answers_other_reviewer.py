"""An answer that agrees with someone else than the reviewer answered ("Agreed with Marta, will keep it."):
the author sides with another reviewer's objection, and the request answered is declined; agreeing
with the reviewer ("Agreed with you") or going on to change the code is an acceptance as before."""
from __future__ import annotations

import pytest

from patches.answers import classify_response
from patches.model import Response


@pytest.mark.parametrize("answer", [
    "Agreed with Marta, will keep it.",
    "Agreed with Tom, I will keep returning the error.",
    "I agree with Nina: leave the check alone.",
    "Agree with Ole. I will leave it as it is.",
    "Agreed with Rui, keeping them unchanged.",
    "Agreed with Marta, I will keep the sizeof().",
])
def test_siding_with_another_reviewer_declines(answer):
    assert classify_response(answer) is Response.DECLINED


@pytest.mark.parametrize("answer", [
    "Agreed, will fix.",
    "Agreed with you, will change it.",
    "I agree with Henrik, I will change it.",
    "Agreed with both of you, will keep it short.",
    "Agreed with Jan, I will keep the helper and drop the macro.",
])
def test_agreeing_and_changing_is_still_an_acceptance(answer):
    assert classify_response(answer) is Response.ACCEPTED
