"""Requests for tags that name no person: Fixes:, Closes:, Link:, Cc: stable (patches/tagasks.py)."""
from __future__ import annotations

import pytest

from patches.tagasks import (STABLE, asks_split, checked_fixes, other_fixes, same_fixes, split_pairs, split_summary,
                             split_tags, tag_requests)

FIXES = 'Fixes: 0f5d3e8a4b21 ("mm/rmap: handle hugetlb folios in try_to_unmap()")'


@pytest.mark.parametrize("paras, want", [
    ([["Please add a Fixes tag:"], [FIXES]], [FIXES]),
    ([["This is missing"], [FIXES]], [FIXES]),
    ([["Missing " + FIXES]], [FIXES]),
    ([[FIXES]], [FIXES]),                                   # the tag alone: the reviewer pasted it
    ([["This should be Cc'd to stable."]], [STABLE]),
    ([["Please add Cc: stable@vger.kernel.org # 6.6.x"]], [STABLE + " # 6.6.x"]),
    ([["Please add:"], ["Closes: https://bugzilla.kernel.org/show_bug.cgi?id=219"]],
     ["Closes: https://bugzilla.kernel.org/show_bug.cgi?id=219"]),
    ([["You could add a Fixes tag for the report:"], ["Fixes: https://bugzilla.kernel.org/show_bug.cgi?id=219"]],
     ["Closes: https://bugzilla.kernel.org/show_bug.cgi?id=219"]),      # a report is closed, not fixed
    ([["Please add"], ["Fixes: https://lore.kernel.org/all/20250101.abc@example.org/"]],
     ["Link: https://lore.kernel.org/all/20250101.abc@example.org/"]),
])
def test_requested_tags(paras, want):
    assert [line for line, _ in tag_requests(paras)[0]] == want


@pytest.mark.parametrize("paras", [
    [["The Fixes: tag is wrong, it should be"], [FIXES]],  # a correction of the tag there is: by hand
    [["This needs a Fixes tag."]],                          # no commit named: nothing to add
    [["Is this stable material?"]],
    [["No need to Cc stable for this one."]],
    [["I don't think this deserves a Cc to stable."]],
    [["Cc stable if you can show a real user hitting it."]],     # a condition: the author decides
])
def test_not_requests(paras):
    assert tag_requests(paras)[0] == []


def test_the_words_asking_go_with_the_tag_and_the_rest_stays():
    other = ["Also the check below should test for NULL before it dereferences the pointer, not after."]
    asked, rest = tag_requests([["Please add a Fixes tag:"], [FIXES], other])
    assert asked == [(FIXES, f"Please add a Fixes tag: {FIXES}")]
    assert rest == [other]


SHA = "e6f54da1f03178a5eb6988eb999044ad21f32464"
OBJECT = "tree 0\nauthor A <a@b> 1 +0000\n\nmm: tidy the rmap walk\n\nBody.\n"


def _commit_of(rev: str) -> str:
    return SHA if SHA.startswith(rev) else ""


def test_a_fixes_line_is_written_as_the_tree_knows_the_commit():
    assert checked_fixes('Fixes: e6f54da1 ("mm: tidy the rmap walk")', _commit_of, lambda sha: OBJECT) == \
        ('Fixes: e6f54da1f031 ("mm: tidy the rmap walk")', "")


def test_a_fixes_line_with_another_subject_is_left_to_the_author():
    line, why = checked_fixes('Fixes: e6f54da1f031 ("mm: something else")', _commit_of, lambda sha: OBJECT)
    assert line == ""
    assert why == ('commit e6f54da1f031 of the tree is "mm: tidy the rmap walk", not "mm: something else": '
                   "check the Fixes: tag and add it by hand")


def test_a_commit_the_tree_lacks_is_added_as_written_and_said():
    assert checked_fixes(FIXES, _commit_of, lambda sha: OBJECT) == (
        FIXES, "not checked: the tree has no commit 0f5d3e8a4b21")


@pytest.mark.parametrize("comment, quoted, want", [
    ('First please separate "Reported-and-tested-by" into two tags.', "", True),
    ("Please split this into two tags, checkpatch complains.", "Reported-and-tested-by: bot <b@example.org>", True),
    ("Nit: Suggested-and-reviewed-by is deprecated, use one tag each.", "", True),
    ("Please split this function into two.", "", False),
    ("No need to split the Reported-and-tested-by tag.", "", False),
])
def test_asks_split(comment, quoted, want):
    assert asks_split(comment, quoted) is want


def test_split_tags_in_place_and_the_changelog_says_it_once():
    message = "Fix it.\n\nReported-and-tested-by: bot <b@example.org>\nSigned-off-by: A <a@example.org>\n"
    assert split_tags(message) == ("Fix it.\n\nReported-by: bot <b@example.org>\nTested-by: bot <b@example.org>\n"
                                   "Signed-off-by: A <a@example.org>\n")
    assert split_summary(message) == "Split Reported-and-tested-by into Reported-by and Tested-by"
    assert split_pairs(["Reported-and-tested-by: bot <b@example.org>"],
                       ["Reported-by: bot <b@example.org>", "Tested-by: bot <b@example.org>",
                        "Reviewed-by: C <c@example.org>"]) == ([], ["Reviewed-by: C <c@example.org>"])


@pytest.mark.parametrize("paras", [
    [["Please don't send this to stable."]],
    [["Greg will Cc stable automatically."]],                    # what someone else does
    [["I already Cc'd stable on v1."]],                          # what was done
    [["Cc'ing stable for visibility."]],
    [["Please Cc stable when you resend the other series."]],    # another series
    [["The Link: tag should be dropped:"], ["Link: https://lore.kernel.org/r/20250101.abc@example.org"]],
    [["Patch 2 needs"], [FIXES]],                                # another patch
    [["For the other series, please add"], [FIXES]],
    [["Please add"], [FIXES], ["if that is the commit that broke it."]],
    [["Please add a Fixes tag. It looks like the culprit is"], [FIXES], ["but I'm not sure."]],
])
def test_what_someone_did_another_patch_or_a_hedge_is_no_request(paras):
    assert tag_requests(paras)[0] == []


@pytest.mark.parametrize("paras, want", [
    ([["If you resend, please Cc stable."]], [STABLE]),          # the next version is the condition
    ([["When you respin, please add"], [FIXES]], [FIXES]),
])
def test_a_resend_is_no_condition(paras, want):
    assert [line for line, _ in tag_requests(paras)[0]] == want


@pytest.mark.parametrize("comment", [
    "Reported-and-tested-by is deprecated; some maintainers still use it though, so keep it.",
    "Do we need to split Reported-and-tested-by into two tags?",
    "I would not split Reported-and-tested-by.",
    "The Reported-and-tested-by tag in patch 2 should be separate tags.",
])
def test_a_split_declined_asked_or_on_another_patch_is_not_asked(comment):
    assert not asks_split(comment)


def test_another_fixes_line_in_the_message():
    message = 'misc: x\n\nWhy.\n\nFixes: 0123456789ab ("misc: y")\nSigned-off-by: A <a@example.org>\n'
    assert other_fixes(message, FIXES) == 'Fixes: 0123456789ab ("misc: y")'
    assert other_fixes(message, 'Fixes: 0123456789abcdef ("misc: y")') == ""       # the same commit
    assert other_fixes("misc: x\n\nWhy.\n", FIXES) == ""


@pytest.mark.parametrize("written", ['e6f54da1f031 mm: tidy the rmap walk', 'e6f54da1 mm: tidy the rmap walk'])
def test_a_fixes_line_without_quotes_is_written_as_checkpatch_wants_once_the_tree_confirms_it(written):
    """Before: "Fixes: <sha> subject" without ("...") was no tag request at all."""
    asked, _ = tag_requests([["Please add"], [f"Fixes: {written}"]])
    assert [line for line, _ in asked] == [f"Fixes: {written}"]
    assert checked_fixes(asked[0][0], _commit_of, lambda sha: OBJECT) == (
        'Fixes: e6f54da1f031 ("mm: tidy the rmap walk")', "")


def test_a_fixes_line_without_quotes_the_tree_cannot_confirm_is_left_to_the_author():
    line = "Fixes: 0f5d3e8a4b21 mm/rmap: handle hugetlb folios"
    assert checked_fixes(line, _commit_of, lambda sha: OBJECT) == (
        "", 'the tree has no commit 0f5d3e8a4b21 to check "Fixes: 0f5d3e8a4b21 mm/rmap: handle hugetlb folios" '
            'against, and it is not written as Fixes: <sha> ("subject"): add it by hand')


@pytest.mark.parametrize("closing", [["Tomasz"], ["Thanks,", "Tomasz"]])
def test_a_tag_pasted_alone_over_the_reviewers_name_is_asked(closing):
    """Before: the sign-off counted as the comment's words, which asked for nothing."""
    assert [line for line, _ in tag_requests([[FIXES], closing])[0]] == [FIXES]


def test_on_the_cover_letter_the_patches_named_are_where_the_tag_goes_not_another_patch():
    assert tag_requests([["Please Cc stable on patches 1 and 2."]])[0] == []
    assert tag_requests([["Please Cc stable on patches 1 and 2."]], cover=True)[0] == [
        (STABLE, "Please Cc stable on patches 1 and 2.")]
    assert tag_requests([["For the other series, please Cc stable."]], cover=True)[0] == []


def test_please_under_the_tag_asks_for_it_and_for_nothing_else():
    """Before: the "please." under a pasted tag was left as a request of its own, manual."""
    asked, rest = tag_requests([[FIXES], ["please."]])
    assert [line for line, _ in asked] == [FIXES]
    assert rest == []


def test_a_fixes_line_the_message_has_with_more_digits_is_there_already():
    """Before: the reviewer's 12-digit line went in beside the message's 14-digit one for the same commit."""
    message = 'subject\n\nbody\n\nFixes: 0f5d3e8a4b2155 ("mm/rmap: handle hugetlb folios in try_to_unmap()")\n'
    assert same_fixes(message, FIXES) == 'Fixes: 0f5d3e8a4b2155 ("mm/rmap: handle hugetlb folios in try_to_unmap()")'
    assert other_fixes(message, FIXES) == ""
    assert same_fixes(message.replace("0f5d3e8a4b2155", "e6f54da1f031"), FIXES) == ""
