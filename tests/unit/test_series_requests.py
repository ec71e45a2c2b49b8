"""What the next version carries besides code, from requests about the series and its tags: a tag asked
on the cover letter goes to the patch its sentence names, a reporter credited by the reviewer is
credited with the report's address, a hunk that belongs in another patch is said plainly to be the
author's move, and "the Signed-off-by must come last" is read as a request about the tags' order."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from patches.scope import other_patch
from patches.tagasks import asks_signoff_last, tag_requests
from tests.unit import reading_threads as T

ANNA = "Anna Berg <anna.berg@example.org>"
BUG = "https://bugzilla.kernel.org/show_bug.cgi?id=219000"
TOMAS = f"{T.REVIEWER[0]} <{T.REVIEWER[1]}>"

needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _added(tmp_path, mails, on=1):
    tree, mbox = T.series(tmp_path, mails, on=on)
    result = T.run(tmp_path, tree, mbox)
    return result, {p.number: list(p.trailers_added) for p in result.patches}


@needs_spatch
def test_a_tag_asked_on_the_cover_letter_for_one_patch_goes_to_that_patch(tmp_path):
    """Before: the Suggested-by went to both patches."""
    cover = T.Mail("rv1@example.cz", "", T.REVIEWER,
                   "On Tue, Ines Haugen wrote:\n> Two small patches.\n\n"
                   f"Please add Suggested-by: {TOMAS} to patch 2, printing it was my idea.\n\nTomas")
    _, added = _added(tmp_path, [cover], on=0)
    assert added == {1: [], 2: [f"Suggested-by: {TOMAS}"]}


@needs_spatch
def test_a_reporter_credited_by_the_reviewer_is_added_with_the_report(tmp_path):
    """Before: the Reported-by beside the Closes: was lost, and the line asking for them was left manual."""
    result, added = _added(tmp_path, [T.review(f"This was reported by Anna, please add\n\n"
                                               f"Reported-by: {ANNA}\nCloses: {BUG}")])
    assert added == {1: [f"Reported-by: {ANNA}", f"Closes: {BUG}"], 2: []}
    assert [(s.kind, s.status) for s in result.suggestions] == [("trailer", Status.APPLIED)]


@needs_spatch
def test_a_hunk_that_belongs_in_another_patch_is_left_to_the_author_saying_so(tmp_path):
    """Before: skipped as "not a code change (comment)"."""
    result, _ = _added(tmp_path, [T.review("Also this hunk belongs in patch 2.")])
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "asks to move this change to patch 2 of the series: moving changes between the commits "
                        "of the series is left to the author")]


def test_the_reviewers_tag_beside_a_closes_line_is_kept_for_the_tags_given():
    asked, rest = tag_requests([["This was reported by Anna, please add"], [f"Reported-by: {ANNA}", f"Closes: {BUG}"]])
    assert [line for line, _ in asked] == [f"Closes: {BUG}"]
    assert rest == [[f"Reported-by: {ANNA}"]]


@pytest.mark.parametrize("comment, asks", [
    ("The Signed-off-by must come last.", True),
    ("Your SoB goes at the end, after the Link.", True),
    ("The tags are in the wrong order.", True),
    ("Signed-off-by last is not a problem here, keep it.", False),
    ("Why is the Signed-off-by last?", False),
    ("The Link: is wrong.", False),
])
def test_asks_signoff_last(comment, asks):
    assert asks_signoff_last(comment) == asks


@pytest.mark.parametrize("comment, shape", [
    ("Also, patches 2 and 3 should be squashed, they touch the same probe path.",
     "asks to squash patches of the series together"),
    ("Please squash 2 and 3.", "asks to squash patches of the series together"),
    ("Patch 2 and the DT binding could be reviewed together.", ""),
])
def test_squashing_asked_in_the_passive(comment, shape):
    assert other_patch(comment, 0) == shape


@pytest.mark.parametrize("comment, shape", [
    ("This should come first in the series.", "asks to reorder the patches of the series"),
    ("It's a fix, please move it to the front of the series so it can go to stable.",
     "asks to reorder the patches of the series"),
    ("This needs to go before patch 2.", "asks to reorder the patches of the series"),
    ("Please reorder the patches so that the fix is first.", "asks to reorder the patches of the series"),
    ("Make this the first patch.", "asks to reorder the patches of the series"),
    ("The NULL check should come first.", ""),
    ("This should go after the unlock.", ""),
    ("It should be the first member of the struct.", ""),
])
def test_reordering_the_series(comment, shape):
    """Before: "This should come first in the series." was "a request under the commit message that no
    recipe carries out"."""
    assert other_patch(comment, 3) == shape


@pytest.mark.parametrize("comment, shape", [
    ("Please split this patch: the helper and the new field are unrelated.", "asks to split this patch into several"),
    ("Split the patch into two, please.", "asks to split this change out into a patch of its own"),
    ("Split the commit message lines at 75 columns.", ""),
])
def test_splitting_the_patch(comment, shape):
    """Before: "Please split this patch: ..." was "a request under the commit message that no recipe carries
    out"."""
    assert other_patch(comment, 1) == shape


@needs_spatch
def test_a_request_to_reorder_the_series_is_left_to_the_author_saying_so(tmp_path):
    result, _ = _added(tmp_path, [T.review("This should come first in the series, it is a fix.", quote="> Why.")],
                       on=2)
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "asks to reorder the patches of the series: moving changes between the commits of the "
                        "series is left to the author")]


@needs_spatch
def test_a_fixes_tag_asked_without_the_commit_is_manual_saying_what_to_find(tmp_path):
    result, added = _added(tmp_path, [T.review("This needs a Fixes tag.", quote="> Why.")])
    assert added == {1: [], 2: []}
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, 'asks for a Fixes: tag without naming the commit: find the commit that introduced the '
                        'problem and add Fixes: <12-digit sha> ("subject") by hand')]


@needs_spatch
@pytest.mark.parametrize("edit, kept", [("typo: Why -> Whyy", True), ("s/Because/Since/", False)])
def test_a_review_given_with_the_message_fixed_holds_only_when_the_edit_was_made(tmp_path, edit, kept):
    """Before: the tags were settled before the commit messages were edited, so a review conditional on
    a message edit was kept when the edit then could not be made."""
    result, added = _added(tmp_path, [T.review(f"{edit}\n\nWith that fixed:\n\nReviewed-by: {TOMAS}",
                                               quote="> Why.")])
    assert [s.status for s in result.suggestions if s.kind != "trailer"] == \
        [Status.APPLIED if kept else Status.MANUAL]
    assert added == {1: [f"Reviewed-by: {TOMAS}"] if kept else [], 2: []}


@needs_spatch
def test_a_subject_prefix_the_reviewer_takes_back_at_once_is_not_written(tmp_path):
    """Before: "hwmon: (lm73):" became the prefix of every subject although the reviewer took it back."""
    cover = T.Mail("rv1@example.cz", "", T.REVIEWER,
                   "On Tue, Ines Haugen wrote:\n> Two small patches.\n\n"
                   'The subject prefix should be "misc: vlx:" - hmm no, the usual is fine.\n\nTomas')
    tree, mbox = T.series(tmp_path, [cover], on=0)
    result = T.run(tmp_path, tree, mbox)
    assert [(s.status, s.kind) for s in result.suggestions] == [(Status.SKIPPED, "withdrawn")]
    assert [T._git(tree, "log", "-1", "--format=%s", f"{result.branch}~{k}").strip() for k in (1, 0)] == T.SUBJECTS


@needs_spatch
def test_a_request_about_the_cover_letter_is_left_to_the_author_naming_the_cover_letter(tmp_path):
    cover = T.Mail("rv1@example.cz", "", T.REVIEWER,
                   "On Tue, Ines Haugen wrote:\n> Two small patches.\n\n"
                   "Please describe in the cover letter how you tested this.\n\nTomas")
    tree, mbox = T.series(tmp_path, [cover], on=0)
    result = T.run(tmp_path, tree, mbox)
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "a request about the cover letter that no recipe carries out: left to the author")]


def _v1_patch(line: str) -> str:
    """Patch 1 as v1 posted it, its one added line LINE."""
    return (f"From {T.AUTHOR[1]} Mon Mar 10 12:00:00 2025\nFrom: {T.AUTHOR[0]} <{T.AUTHOR[1]}>\n"
            f"Subject: [PATCH 1/2] {T.SUBJECTS[0]}\nDate: Mon, 28 Apr 2025 09:00:00 +0000\n"
            "Message-ID: <v1-1@example.no>\n\nWhy.\n\nSigned-off-by: Ines Haugen <ines.haugen@example.no>\n---\n"
            f"diff --git a/{T.PATH} b/{T.PATH}\n--- a/{T.PATH}\n+++ b/{T.PATH}\n@@ -9,2 +9,9 @@\n"
            " };\n \n+static int vlx3_read_rev(struct vlx3_priv *priv)\n+{\n+\tu32 val;\n+\n"
            f"+{line}\n+\treturn val & 0xff;\n+}}\n+\n static int vlx3_probe(struct platform_device *pdev)\n"
            "-- \n2.39.5\n")


@needs_spatch
@pytest.mark.parametrize("v1_line, carried", [("\tval = readl(priv->base + 0x08);", True),
                                              ("\tval = readl(priv->base + 0x04);", False)])
def test_a_tag_given_on_an_older_version_goes_on_only_when_the_patch_is_the_same(tmp_path, v1_line, carried):
    """Before: a Reviewed-by given on v1 went onto v3 although v2 had changed the patch."""
    from tests.unit import mailseries
    tree, mbox = T.series(tmp_path, [T.review("Looks fine."), T.Mail("rv2@example.cz", "rv1@example.cz", T.OTHER,
                                                                     "Agreed, nice.")])
    older = _v1_patch(v1_line) + "\n" + mailseries.reply(
        "v1-r@example.cz", "v1-1@example.no", f"[PATCH 1/2] {T.SUBJECTS[0]}", T.REVIEWER, T.AUTHOR,
        f"Reviewed-by: {TOMAS}", "Tue, 29 Apr 2025 10:00:00 +0000")
    result = T.run(tmp_path, tree, mbox + b"\n" + older.encode())
    added = {p.number: list(p.trailers_added) for p in result.patches}
    assert added == {1: [f"Reviewed-by: {TOMAS}"] if carried else [], 2: []}
    assert [(s.status, s.reason) for s in result.suggestions if s.kind == "trailer"] == ([] if carried else [
        (Status.MANUAL, "given for v1, and the patch has changed since: add it by hand if the reviewer confirms it "
                        "for this version")])


ADA = f"{T.OTHER[0]} <{T.OTHER[1]}>"


@needs_spatch
@pytest.mark.parametrize("comment, tag", [
    (f"Ada came up with this, please add Suggested-by: {ADA}", f"Suggested-by: {ADA}"),
    ("Please add Suggested-by: Tomas Kral, this was my idea.", f"Suggested-by: {TOMAS}"),
    ("I suggested this in v1, a Suggested-by would be nice.", f"Suggested-by: {TOMAS}"),
    ("Please add Suggested-by: Ada Lindgren, it was her idea.", None),
])
def test_a_credit_asked_in_a_sentence_names_the_person_it_writes(tmp_path, comment, tag):
    """Before: "please add Suggested-by: Ada <...>" added the reviewer's own Suggested-by; one asked in
    words without the colon was manual."""
    result, added = _added(tmp_path, [T.review(comment)])
    assert added == {1: [tag] if tag else [], 2: []}
    assert [s.status for s in result.suggestions] == [Status.APPLIED if tag else Status.MANUAL]


@needs_spatch
def test_signoff_last_asked_where_it_is_last_already_is_left_to_the_author(tmp_path):
    result, _ = _added(tmp_path, [T.review("The Signed-off-by must come last.",
                                           quote=f"> Signed-off-by: {T.AUTHOR[0]} <{T.AUTHOR[1]}>")])
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "the tags of the commit message are in the documented order, the Signed-off-by last, "
                        "already: check what is meant by hand")]


@needs_spatch
@pytest.mark.parametrize("comment", ["No need to add my Suggested-by, it was obvious.",
                                     "Please don't add a Suggested-by: for me, I only pointed at the datasheet."])
def test_a_credit_turned_down_adds_nothing_and_edits_no_code(tmp_path, comment):
    """Before: the first added the reviewer's Suggested-by and dropped a variable ("No need ..."), the second
    added the Suggested-by."""
    tree, mbox = T.series(tmp_path, [T.review(comment)])
    result = T.run(tmp_path, tree, mbox)
    assert {p.number: list(p.trailers_added) for p in result.patches} == {1: [], 2: []}
    assert [s for s in result.suggestions if s.status == Status.APPLIED] == []
    assert T.file_at(tree, result.branch) == T.PATCH2
