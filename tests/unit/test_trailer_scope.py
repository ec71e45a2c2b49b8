"""Which patches a trailer is for, from the sentence above it (patches/scope.py)."""
from __future__ import annotations

import pytest

from patches.answers import classify_response, split_by_answer
from patches.model import Response
from patches.scope import UNKNOWN, named, other_patch, scope_of, scopes

SERIES = [1, 2, 3]


@pytest.mark.parametrize("sentence, want", [
    ("For patches 1-2:", (1, 2)),
    ("Patches 1 and 3 look good to me.", (1, 3)),
    ("For 1/3 and 2/3:", (1, 2)),
    ("For 2-3/3:", (2, 3)),
    ("For the whole series:", (1, 2, 3)),
    ("With that, for both patches:", (1, 2, 3)),
    ("For all but 3/3:", (1, 2)),
    ("For everything except patch 2:", (1, 3)),
    ("Patches 1 and 2 look good to me apart from the nit above.", (1, 2)),
    # the patches a condition names are not the tag's scope
    ("With the nits in 2/3 fixed, for the whole series:", (1, 2, 3)),
    ("Once patch 1 is sorted out, this goes for all the patches:", (1, 2, 3)),
    ("If the comment in 3/3 gets updated, for patches 1-2:", (1, 2)),
    ("With that fixed, for 2/3:", (2,)),
])
def test_scope_sentences(sentence, want):
    assert scope_of(sentence, SERIES) == want


@pytest.mark.parametrize("sentence", [
    "Patch 3 needs more work, see my reply there.",      # names a patch but gives nothing for it
    "I have a small comment on 3/3, see there.",
    "For patches 2-5:",                                   # the series has no patch 5
    "Thanks for the respin.",
    "With the above changes addressed:",                 # a condition, not a scope
    "With the suggested changes, for these patches:",
    "For the other patches:",                            # the rest: nothing taken before it
])
def test_no_scope(sentence):
    assert scope_of(sentence, SERIES) is None


@pytest.mark.parametrize("sentence", [
    "For all the patches except the bindings one:",      # what is left out is not said by number
    "For the driver patches:",
    "On the hwmon bits:",
    "The DT binding patches look good to me.",
    "With that fixed, for the two core patches:",
])
def test_a_scope_in_words_is_unknown(sentence):
    assert scope_of(sentence, SERIES) == UNKNOWN


@pytest.mark.parametrize("sentence, want", [
    ("The first two patches look good to me.", (1, 2)),
    ("For the last one:", (3,)),
    ("For all but the first patch:", (2, 3)),
    ("For the first 2:", (1, 2)),
])
def test_first_and_last_are_counted(sentence, want):
    assert scope_of(sentence, SERIES) == want


def test_numbers_named():
    assert named("patches #1, #2 and #4") == [1, 2, 4]
    assert named("v2 fixes 10 things") == []


def test_each_trailer_gets_the_nearest_scope_above_it():
    lines = ["I have a comment on 3/3, see there. For", "patches 1-2:", "",
             "Reviewed-by: Ann Other <ann@example.org>", "",
             "And for the rest:", "Acked-by: Ann Other <ann@example.org>"]
    assert scopes(lines, SERIES) == {("reviewed-by", "ann@example.org"): ((1, 2), "For patches 1-2:"),
                                     ("acked-by", "ann@example.org"): ((3,), "And for the rest:")}


def test_a_trailer_without_a_scope_sentence_is_left_alone():
    lines = ["Looks good.", "", "Reviewed-by: Ann Other <ann@example.org>"]
    assert scopes(lines, SERIES) == {}


# -- requests about where a change goes in the series (manual: moving code between commits)

@pytest.mark.parametrize("comment, want", [
    ("This hunk belongs in the previous patch, otherwise 2/3 does not build.", "to patch 2 of the series"),
    ("Please squash this into 1/3.", "to patch 1 of the series"),
    ("This should be part of patch 2.", "to patch 2 of the series"),
    ("Move it to the next patch please.", "to patch 4 of the series"),
    ("Could you split this out into a separate patch?", "a patch of its own"),
    ("Please squash 2 and 3.", "squash patches"),
    ("\"While at it\" means this is two patches: please split the resolution part out.", "split this change out"),
    ("Split it into two, one per driver.", "split this change out"),
    ("This should be two separate patches.", "split this change out"),
])
def test_requests_about_the_series_shape(comment, want):
    assert want in other_patch(comment, 3)


@pytest.mark.parametrize("comment", [
    "This is done in the previous patch already.",
    "Same as in the previous patch, please use dev_err_probe().",
    "This line should be in the probe function.",
    "This should be static.",
    "Please split the line up, it is too long.",
    "Don't split this line.",
])
def test_code_requests_are_not_about_the_series(comment):
    assert other_patch(comment, 3) == ""


def test_a_sentence_pointing_back_stays_with_the_request_it_continues():
    comment = "This hunk belongs in the previous patch. Please move it there so that the series bisects."
    assert split_by_answer(comment, "Good catch, I'll move it into 2/3.") == [(comment, True)]


@pytest.mark.parametrize("answer", ["Oops, yes.", "Ah, right.", "Hmm, good point."])
def test_an_interjection_before_the_agreement(answer):
    assert classify_response(answer) is Response.ACCEPTED


@pytest.mark.parametrize("sentence, want", [
    ("For all but the first two:", (3, 4)),
    ("All except the last one look good to me:", (1, 2, 3)),
])
def test_first_and_last_left_out_are_counted(sentence, want):
    assert scope_of(sentence, [1, 2, 3, 4]) == want


@pytest.mark.parametrize("sentence,want", [
    ("I have not looked at the accounting closely enough to judge patch 2, so for patch 1 only:", (1,)),
    ("Patch 3 is beyond me, but patches 1 and 2 look good to me:", (1, 2)),
    ("I did not get to 2/3 yet; for 1/3:", (1,)),
    ("For all patches, but not 3/3:", (1, 2)),
])
def test_the_clause_that_gives_the_tag_is_the_scope(sentence, want):
    """Before: every patch a sentence named was its scope, the one the reviewer says he did not judge
    too ("... to judge patch 2, so for patch 1 only:" gave the tag to patches 1 and 2)."""
    assert scope_of(sentence, [1, 2, 3]) == want


def test_a_clause_that_does_not_introduce_the_tag_is_not_its_scope():
    assert scope_of("Patch 1 is fine; for patch 2 I need more time.", [1, 2, 3]) != (2,)
