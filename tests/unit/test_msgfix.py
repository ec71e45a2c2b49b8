"""Commit-message typos a reviewer names word for word are corrected in the next version; anything
less certain stays with the author."""
from __future__ import annotations

import pytest

from app.respin import _message_typos_fixed
from patches.model import Anchor, Person, Response, Status, Suggestion
from patches.msgfix import corrected, corrections

MSG = ("hwmon: (qx) recieve the alarm bits in one read\n\nThe alarm register was read twice, wich raced\n"
       "with the hardware clearing it.\n\nFixes: 0123456789ab (\"hwmon: (qx) add alarms\")\n"
       "Signed-off-by: Ana Ruiz <ana@example.com>\n")


@pytest.mark.parametrize("comment,old,new", [
    ("Typo in subject: recieve -> receive", "recieve", "receive"),
    ("s/wich/which/", "wich", "which"),
    ("Spelling: wich => which, please.", "wich", "which")])
def test_a_named_typo_is_corrected_once(comment, old, new):
    assert corrected(MSG, comment) == MSG.replace(old, new)


@pytest.mark.parametrize("comment", [
    "Typo in the subject.",                         # which word: not said
    "s/the/a/",                                     # more than once
    "Typo: recieve",                                # the right word not given
    "%d -> %u please",                              # no typo talk, no substitution
    "Typo: alarm -> interrupt"])                    # not a typo of the word
def test_what_is_not_certain_changes_nothing(comment):
    assert corrected(MSG, comment) is None


def test_trailers_are_never_corrected():
    assert corrected(MSG, "s/Ruiz/Ruis/") is None
    assert corrections("s/ana/Ana/") == [("ana", "Ana")]


def test_the_respin_marks_what_it_corrected():
    """Before: 'not a code change (commit-message)', and v2 kept the typo."""
    asked = Suggestion("1.1", 1, Person("Bo Lind", "bo@example.net"), "Typo in subject: recieve -> receive",
                       Anchor(in_message=True), Response.ACCEPTED, kind="commit-message", status=Status.SKIPPED,
                       reason="not a code change (commit-message)")
    vague = Suggestion("1.2", 1, Person("Bo Lind", "bo@example.net"), "The body could say why.",
                       Anchor(in_message=True), Response.NONE, kind="commit-message", status=Status.SKIPPED)
    assert _message_typos_fixed(MSG, [asked, vague]) == MSG.replace("recieve", "receive")
    assert (asked.status, asked.summary) == (Status.APPLIED, "Correct recieve to receive in the commit message")
    assert vague.status == Status.SKIPPED


KNOWN = {"recieve": "receive", "wich": "which"}


@pytest.mark.parametrize("comment,old,new", [
    ("Typo in the subject: recieve", "recieve", "receive"),     # the word named, the tree's list corrects it
    ("typo: wich", "wich", "which")])
def test_a_typo_named_without_its_correction_takes_the_trees_spelling_list(comment, old, new):
    assert corrected(MSG, comment, KNOWN) == MSG.replace(old, new)


def test_a_typo_not_named_with_two_listed_words_in_the_message_changes_nothing():
    assert corrected(MSG, "Typo in the subject.", KNOWN) is None
    assert corrected(MSG, "Typo in the subject.", {"recieve": "receive"}) == MSG.replace("recieve", "receive")
