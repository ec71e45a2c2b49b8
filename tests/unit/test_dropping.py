"""Reading a request to drop a whole patch (patches/dropping.py)."""
from __future__ import annotations

import pytest

from patches.dropping import drop_request, numbered_drop

QUESTION = "a question whether the patch is needed: drop it by hand if you agree"
CONDITION = "asked on a condition: drop the patch by hand when it holds"
ELSEWHERE = "the reviewer wants the patch sent on its own: move it by hand"


@pytest.mark.parametrize("comment", [
    "I don't think this patch is needed, the helper's name says it all.\nPlease just drop it.",
    "Please drop this patch.",
    "This patch is not needed anymore since the core does it.",
    "This patch isn't needed: the caller already checks.",
    "This commit can be dropped.",
    "I'd just drop this patch",
    "We don't need this patch at all.",
    "This commit is redundant now.",
    "Honestly, this whole patch looks pointless.",
    "This patch can go away, 1/2 already covers it.",
    "Thanks. Let's drop the patch, the bug is gone with 1/2.",
])
def test_a_plain_request_is_a_drop(comment):
    assert drop_request(comment) == "drop"


@pytest.mark.parametrize("comment", [
    "This patch is not needed for stable.",
    "Please don't drop this patch.",
    "Keep this patch, it is fine.",
    "This patch should not be dropped.",
    "Drop this line, it is not needed.",
    "This change is not needed.",
    "drop the patch's second hunk",
    "Looks good, but this patch needs a better subject.",
    "This patch is needed.",
    "Please drop this.",
    "This patch can go as is.",                          # merged, not dropped
    "This patch can go now, the rest needs another round.",
    "This patch can go through the hwmon tree.",
])
def test_other_words_are_not_a_drop(comment):
    assert drop_request(comment) == ""


@pytest.mark.parametrize("comment, reason", [
    ("Do we need this patch at all?", QUESTION),
    ("Is this patch really needed?", QUESTION),
    ("Once the fix lands, this patch can be dropped.", CONDITION),
    ("If you rework 2/3 as I said, this patch can be dropped.", CONDITION),
    ("Please drop this patch from the series and send it separately.", ELSEWHERE),
])
def test_the_author_decides_questions_conditions_and_moves(comment, reason):
    assert drop_request(comment) == reason


@pytest.mark.parametrize("comment, want", [
    ("Patch 3 can be dropped.", ("drop", 3)),
    ("I'd drop 2/4, it's not needed.", ("drop", 2)),
    ("Please drop patch 2.", ("drop", 2)),
    ("Patch 2 looks good.", ("", 0)),
    ("Don't drop patch 2.", ("", 0)),
])
def test_on_the_cover_letter_the_patch_is_named(comment, want):
    assert numbered_drop(comment) == want


def test_a_sentence_of_thousands_of_characters_is_no_plain_request():
    """Each clause of a sentence is tried as the start of a request: a sentence of many clauses took time
    that grew with the square of its length, so a long one is not read."""
    assert drop_request("a, " * 200_000 + "this patch can be dropped.") == ""
    assert drop_request("With the rework in 1/3, this patch can be dropped.") == "drop"


FOLD = "the reviewer wants the change folded into another patch: squash it by hand"


@pytest.mark.parametrize("comment, reason", [
    ("This patch is redundant, fold it into patch 2.", FOLD),
    ("This patch is unnecessary, please squash it into the previous one.", FOLD),
    ("Please drop this patch; merge the change into 2/4 instead.", FOLD),
    ("This patch can be dropped, the change belongs in patch 2.", FOLD),
    ("This patch isn't needed as a separate change, squash it.", FOLD),
    ("Without the previous one, this patch isn't needed.", CONDITION),
    ("This patch can be dropped after the rework.", CONDITION),
])
def test_a_fold_or_a_condition_in_other_words_is_left_to_the_author(comment, reason):
    assert drop_request(comment) == reason


@pytest.mark.parametrize("comment", [
    "The first patch is not needed.",       # another patch of the series
    "The last commit is redundant.",
])
def test_the_first_or_last_patch_is_not_this_one(comment):
    assert drop_request(comment) == ""


@pytest.mark.parametrize("comment, reason", [
    ("Patch 3 is redundant, can be squashed into patch 2.", FOLD),
    ("Patch 3 is not needed as a separate patch.", FOLD),
    ("Without patch 2, patch 3 is redundant.", CONDITION),
])
def test_on_the_cover_letter_a_fold_or_condition_is_left(comment, reason):
    assert numbered_drop(comment) == (reason, 3)
