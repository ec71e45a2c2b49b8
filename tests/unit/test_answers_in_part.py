"""An answer about the whole review that leaves part of it out ("Thanks, I'll do all of these except the
rename.", "I'd rather keep readl(), the rest is fine."), above the quoted review, below it or in a reply
that quotes nothing: the comments it names are declined, the others taken; when its words name none of
them (or all), each is left to the author (manual), never made."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Response, Status
from patches.partial import leaving_clauses, touches
from tests.unit import reading_threads as T

RELAXED = "Use readl_relaxed() here."
RENAME = "Please rename val to reg."
REVIEW = f"On Tue, Ines Haugen wrote:\n{T.READ}\n\n{RELAXED}\n\n{T.RETURN}\n\n{RENAME}\n\nTomas"
QUOTED = (f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n>\n>{T.RETURN}\n>\n"
          f"> {RENAME}")
RENAMED = "\treg = readl_relaxed(priv->base + 0x08);\n\treturn reg & 0xff;\n"
RELAXED_ONLY = "\tval = readl_relaxed(priv->base + 0x08);\n\treturn val & 0xff;\n"
KEPT = "\treg = readl(priv->base + 0x08);\n\treturn reg & 0xff;\n"


@pytest.mark.parametrize("text, want", [
    ("Thanks, I'll do all of these except the rename: val is the datasheet's name.",
     [("except the rename:", Response.DECLINED)]),
    ("I'd rather keep the non-relaxed accessors, the rest is fine, will fix.",
     [("I'd rather keep the non-relaxed accessors", Response.DECLINED)]),
    ("Will fix all of these, but the rename I'll do in a follow-up.",
     [("but the rename I'll do in a follow-up.", Response.DEFERRED)]),
    ("Thanks, will fix all of these.", []),
    ("Sorry for the late answer, I was travelling.", []),
])
def test_the_clauses_that_leave_part_out(text, want):
    assert leaving_clauses(text) == want


def test_a_clause_names_a_comment_by_a_part_of_its_names():
    assert touches("I'd rather keep the non-relaxed accessors", RELAXED)
    assert not touches("I'd rather keep the non-relaxed accessors", RENAME)


def _run(tmp_path, answer: str):
    mails = [T.Mail("rv1@example.cz", "", T.REVIEWER, REVIEW),
             T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR, answer)]
    tree, mbox = T.series(tmp_path, mails)
    result = T.run(tmp_path, tree, mbox)
    return [(s.id, s.status, s.response, s.reason) for s in result.suggestions], \
        T.file_at(tree, f"{result.branch}~1")


pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@pytest.mark.parametrize("answer", [
    f"Thanks, I'll do all of these except the rename.\n\n{QUOTED}\n\nInes",          # above the review
    "Thanks, I'll do all of these except the rename.\n\nInes",                       # quoting nothing
    f"{QUOTED.split('>' + T.RETURN)[0]}\nWill do.\n\n>{T.RETURN}\n>\n> {RENAME}\n\n"
    "All the rest I will fix, except the rename.\n\nInes",                          # below the review
])
def test_the_comment_left_out_is_declined(tmp_path, answer):
    said = " ".join(next(p for p in answer.split("\n\n") if "except" in p).split())
    got, text = _run(tmp_path, answer)
    assert got[1] == ("1.2", Status.SKIPPED, Response.DECLINED, f'declined by the author: "{said}"')
    assert got[0][1] is Status.APPLIED
    assert RELAXED_ONLY in text


def test_a_refusal_above_the_review_declines_the_comment_it_names(tmp_path):
    top = "I'd rather keep readl(), the ordering matters. The rest is fine."
    got, text = _run(tmp_path, f"{top}\n\n{QUOTED}\n\nInes")
    assert got == [("1.1", Status.SKIPPED, Response.DECLINED, f'declined by the author: "{top}"'),
                   ("1.2", Status.APPLIED, Response.NONE, "")]
    assert KEPT in text


def test_an_answer_leaving_out_a_part_it_does_not_name_leaves_each_to_the_author(tmp_path):
    top = "I'll do most of these, but not all of them."
    got, text = _run(tmp_path, f"{top}\n\n{QUOTED}\n\nInes")
    reason = (f"the author's answer leaves part of the review out (\"{top}\") and which part cannot be told: "
              "make it by hand if you want it")
    assert got == [("1.1", Status.MANUAL, Response.NONE, reason), ("1.2", Status.MANUAL, Response.NONE, reason)]
    assert text == T.PATCH1


def test_an_answer_taking_all_of_it_is_unchanged(tmp_path):
    got, text = _run(tmp_path, f"Thanks, I'll fix all of these.\n\n{QUOTED}\n\nInes")
    assert [(g[1], g[2]) for g in got] == [(Status.APPLIED, Response.ACCEPTED)] * 2
    assert RENAMED in text


def _draft(comment: str):
    from patches.drafts import Draft
    from patches.model import Person
    return Draft(1, Person("Tomas Kral", "tomas.kral@example.cz"), comment, [], None, "", Response.NONE, "code",
                 message_id="rv1@example.cz")


def test_a_whole_code_name_picks_its_comment_over_one_sharing_a_part_of_it():
    drafts = [_draft("Use readl_relaxed() here."), _draft("Please rename val to reg."),
              _draft("writel_relaxed() here as well.")]
    from patches.partial import answer_in_part
    answer = "Thanks! All done except the writel_relaxed() one, the write has to be ordered."
    answer_in_part(drafts, [("rv1@example.cz", answer, "an1@example.no")])
    assert [d.response for d in drafts] == [Response.ACCEPTED, Response.ACCEPTED, Response.DECLINED]


def test_a_refusal_in_a_sentence_of_its_own_above_the_review_is_not_taken_for_all(tmp_path):
    """"Will switch both. I'd keep ... though." is no answer to every comment: the refusal names the comment
    by its words, or each is left to the author (here "val" is too short a word to tell)."""
    top = "Will switch both. I'd keep the val name though, it is the datasheet's."
    got, text = _run(tmp_path, f"{top}\n\n{QUOTED}\n\nInes")
    assert [(g[1], g[2]) for g in got] == [(Status.MANUAL, Response.NONE)] * 2
    assert text == T.PATCH1
    top = "Will switch both. I'd rather not rename though, val is the datasheet's name."
    (tmp_path / "2").mkdir()
    got, text = _run(tmp_path / "2", f"{top}\n\n{QUOTED}\n\nInes")
    assert [(g[1], g[2]) for g in got] == [(Status.APPLIED, Response.ACCEPTED), (Status.SKIPPED, Response.DECLINED)]
    assert RELAXED_ONLY in text
