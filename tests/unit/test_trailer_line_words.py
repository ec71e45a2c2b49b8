"""Words after a tag's address on its own line (b4 drops them): a condition ("Reviewed-by: ... if you
fix the leak") is no part of the tag, and when no request of the thread is what it asks for, the tag
is left to the author; a part of the patch ("for the DT part") stays with the tag as a " # " note; patches
named ("for patch 2 only") are the ones that get the tag.  A tag its reviewer takes back in a later mail
("Please ignore my Reviewed-by", "Scratch that" under the quoted tag) is not added."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from patches.review import note_terms
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

TOMAS = f"{T.REVIEWER[0]} <{T.REVIEWER[1]}>"


def _run(tmp_path, comment):
    tree, mbox = T.series(tmp_path, [T.review(comment)])
    result = T.run(tmp_path, tree, mbox)
    return result, {p.number: list(p.trailers_added) for p in result.patches}


def test_a_condition_no_request_makes_leaves_the_tag_to_the_author(tmp_path):
    result, added = _run(tmp_path, f"Looks good otherwise.\n\nReviewed-by: {TOMAS} if you fix the leak")
    assert added == {1: [], 2: []}
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("trailer", Status.MANUAL, 'Reviewed-by was given on a condition ("if you fix the leak") that no change '
                                   "asked in the thread meets: add it by hand once it holds")]


@pytest.mark.parametrize("comment, tag, condition", [
    (f"Once the reader moves to the core, this is fine.\nAcked-by: {TOMAS}", "Acked-by",
     "Once the reader moves to the core, this is fine."),
    (f"Looks fine, but only if the register really is unordered.\n\nReviewed-by: {TOMAS}", "Reviewed-by",
     "Looks fine, but only if the register really is unordered."),
])
def test_a_condition_sentence_above_the_tag_no_request_meets(tmp_path, comment, tag, condition):
    result, added = _run(tmp_path, comment)
    assert added == {1: [], 2: []}
    assert [(s.kind, s.status, s.reason) for s in result.suggestions][-1] == (
        "trailer", Status.MANUAL, f'{tag} was given on a condition ("{condition}") that no change asked in the '
                                  "thread meets: add it by hand once it holds")


def test_a_remark_with_a_condition_word_elsewhere_keeps_the_tag(tmp_path):
    _, added = _run(tmp_path, "Tested on a board with a slow panel, the flicker at boot is gone.\n\n"
                              f"Tested-by: {TOMAS}")
    assert added == {1: [f"Tested-by: {TOMAS}"], 2: []}


def test_a_part_of_the_patch_stays_with_the_tag(tmp_path):
    _, added = _run(tmp_path, f"Looks good.\n\nAcked-by: {TOMAS} for the DT part")
    assert added == {1: [f"Acked-by: {TOMAS} # for the DT part"], 2: []}


def test_a_note_stays_with_its_own_tag_of_the_same_person(tmp_path):
    # b4 keeps the "# note" of the first tag; the second line, the same person's, has none of its own
    _, added = _run(tmp_path, f"Works on my board.\n\nTested-by: {TOMAS} # on a 10\" panel\nAcked-by: {TOMAS}")
    assert added == {1: [f"Acked-by: {TOMAS}", f"Tested-by: {TOMAS} # on a 10\" panel"], 2: []}


def test_a_tag_for_another_patch_goes_there(tmp_path):
    _, added = _run(tmp_path, f"Looks good.\n\nReviewed-by: {TOMAS} # for patch 2 only")
    assert added == {1: [], 2: [f"Reviewed-by: {TOMAS} # for patch 2 only"]}


@pytest.mark.parametrize("note, expect", [
    ("if you fix the leak", ("if you fix the leak", "", None)),
    ("once the binding is acked", ("once the binding is acked", "", None)),
    ("for the DT part", ("", "for the DT part", None)),
    ("for patch 2 only", ("", "for patch 2 only", (2,))),
    ("for patches 1-2", ("", "for patches 1-2", (1, 2))),
    ("for patch 7", ("", "for patch 7", None)),          # not a patch of the series
    ("v2", ("", "v2", None)),
    ("except for patch 3", ("", "except for patch 3", (1, 2))),
    ("but not 2/3", ("", "but not 2/3", (1, 3))),
])
def test_note_terms(note, expect):
    assert note_terms(note, [1, 2, 3]) == expect


def _with_later(tmp_path, first: str, later: str):
    review = T.review(first)
    again = T.Mail("rv2@example.cz", "rv1@example.cz", T.REVIEWER,
                   "On Fri, Tomas Kral wrote:\n" + "\n".join("> " + ln for ln in first.splitlines()) +
                   f"\n\n{later}\n\nTomas")
    tree, mbox = T.series(tmp_path, [review, again])
    result = T.run(tmp_path, tree, mbox)
    return result, {p.number: list(p.trailers_added) for p in result.patches}


@pytest.mark.parametrize("later", [
    "Please ignore my Reviewed-by, I missed that the revision can read as 0.",
    "Scratch that, I need to look at the reset path again.",
    "I have to withdraw my tag, the read races with the reset.",
])
def test_a_tag_taken_back_later_is_not_added(tmp_path, later):
    result, added = _with_later(tmp_path, f"Looks good.\n\nReviewed-by: {TOMAS}", later)
    assert added == {1: [], 2: []}
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("withdrawn", Status.SKIPPED, f'the reviewer takes back a tag: "{later}"'),
        ("trailer", Status.SKIPPED, f'taken back by {T.REVIEWER[0]}: "{later}"')]


def test_a_later_remark_under_the_tag_keeps_it(tmp_path):
    _, added = _with_later(tmp_path, f"Looks good.\n\nReviewed-by: {TOMAS}",
                           "One more thing: the mask could be a define.")
    assert added[1] == [f"Reviewed-by: {TOMAS}"]


@pytest.mark.parametrize("comment, tag", [
    ("Looks good, feel free to add my R-b.", "Reviewed-by"),
    ("Looks good. You can add my Ack.", "Acked-by"),
    ("Works on my board, please take my Tested-by tag.", "Tested-by"),
])
def test_a_tag_offered_in_words_is_the_senders(tmp_path, comment, tag):
    result, added = _run(tmp_path, comment)
    assert added == {1: [f"{tag}: {TOMAS}"], 2: []}
    assert result.suggestions == []


def test_a_tag_offered_in_words_on_a_condition_the_author_declined_is_not_added(tmp_path):
    comment = "Use readl_relaxed() here.\n\nWith that fixed, feel free to add my R-b."
    tree, mbox = T.series(tmp_path, [T.review(comment), T.answer("Use readl_relaxed() here.",
                                                                 "I'd prefer to keep readl(), the ordering matters.")])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("code", Status.SKIPPED), ("trailer", Status.SKIPPED)]
    assert all(not p.trailers_added for p in result.patches)


@pytest.mark.parametrize("comment", [
    "After looking at this again, it is fine.",
    "When I ran it on my board, the revision read back as expected.",
])
def test_a_remark_that_opens_with_a_time_keeps_the_tag(tmp_path, comment):
    _, added = _run(tmp_path, f"{comment}\n\nReviewed-by: {TOMAS}")
    assert added == {1: [f"Reviewed-by: {TOMAS}"], 2: []}


@pytest.mark.parametrize("tail", ["Thanks!", "Cheers", "."])
def test_thanks_after_the_address_is_no_note(tmp_path, tail):
    _, added = _run(tmp_path, f"Looks good.\n\nReviewed-by: {TOMAS} {tail}")
    assert added == {1: [f"Reviewed-by: {TOMAS}"], 2: []}


@pytest.mark.parametrize("below", ["Actually, scratch that ack, I'll wait for v3.",
                                   "Hmm, please ignore my Reviewed-by, the reset path races."])
def test_a_tag_taken_back_below_it_in_the_same_mail_is_not_added(tmp_path, below):
    """Before: only a later mail could take a tag back; "scratch that ack" under it kept it."""
    result, added = _run(tmp_path, f"Looks good.\n\nAcked-by: {TOMAS}\n\n{below}")
    assert added == {1: [], 2: []}
    assert [(s.kind, s.status) for s in result.suggestions] == [("withdrawn", Status.SKIPPED),
                                                                 ("trailer", Status.SKIPPED)]
