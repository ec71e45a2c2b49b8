import pytest

from patches.model import (Anchor, PatchMail, Person, Response, Review, Series, Status, Subject,
                           Suggestion, Trailer)
from patches.trailers import compose, first_name, new_message, requested, split_message

OLD = """\
net: mvpp2: fix the RX queue accounting

The per-queue counters were read before the DMA sync.

Fixes: 0123456789ab ("net: mvpp2: add RX counters")
Signed-off-by: Ana Ruiz <ana.ruiz@example.com>
"""


def test_split_message_finds_the_last_paragraph_of_trailers():
    body, block = split_message(OLD)
    assert body.endswith("before the DMA sync.")
    assert block == ['Fixes: 0123456789ab ("net: mvpp2: add RX counters")',
                     "Signed-off-by: Ana Ruiz <ana.ruiz@example.com>"]


def test_a_paragraph_that_is_not_all_trailers_is_no_block():
    assert split_message("title\n\nSee: the manual.\nIt says so.\n")[1] == []


def test_kernel_order_with_the_authors_signoff_last():
    msg = new_message(OLD, ["Reviewed-by: Bo Lind <bo@example.net>", "Acked-by: Cy Ng <cy@example.org>",
                            "Suggested-by: Dee Park <dee@example.org>",
                            "Reported-by: Eve Ito <eve@example.org>"])
    assert msg.endswith("""\
before the DMA sync.

Fixes: 0123456789ab ("net: mvpp2: add RX counters")
Reported-by: Eve Ito <eve@example.org>
Suggested-by: Dee Park <dee@example.org>
Acked-by: Cy Ng <cy@example.org>
Reviewed-by: Bo Lind <bo@example.net>
Signed-off-by: Ana Ruiz <ana.ruiz@example.com>
""")


def test_no_duplicates_and_no_signoff_for_someone_else():
    r = compose(OLD + "Reviewed-by: Bo Lind <bo@example.net>\n",
                ["reviewed-by: Bo Lind <BO@example.net>", "Signed-off-by: Bo Lind <bo@example.net>",
                 "Signed-off-by: Ana Ruiz <ana.ruiz@example.com>"])
    assert r.added == []
    assert r.refused == ["Signed-off-by: Bo Lind <bo@example.net>"]
    assert r.message.count("Reviewed-by") == 1 and r.message.count("Signed-off-by") == 1


def test_drop_reviews_keeps_the_new_ones():
    old = OLD.replace("Signed-off-by", "Reviewed-by: Bo Lind <bo@example.net>\nSigned-off-by")
    r = compose(old, ["Tested-by: Cy Ng <cy@example.org>"], drop_reviews=True)
    assert r.dropped == ["Reviewed-by: Bo Lind <bo@example.net>"]
    assert r.message.splitlines()[-2:] == ["Tested-by: Cy Ng <cy@example.org>",
                                           "Signed-off-by: Ana Ruiz <ana.ruiz@example.com>"]


def test_co_developed_by_stays_with_its_signoff_and_order_is_configurable():
    old = ("title\n\nbody\n\nSigned-off-by: Ana Ruiz <ana.ruiz@example.com>\n"
           "Co-developed-by: Bo Lind <bo@example.net>\nSigned-off-by: Bo Lind <bo@example.net>\n")
    msg = new_message(old, ["Reviewed-by: Cy Ng <cy@example.org>"], author=Person("Ana Ruiz", "ana.ruiz@example.com"),
                      order=["Reviewed-by", "Co-developed-by"])
    assert msg.split("\n\n")[-1].splitlines() == [
        "Reviewed-by: Cy Ng <cy@example.org>", "Co-developed-by: Bo Lind <bo@example.net>",
        "Signed-off-by: Bo Lind <bo@example.net>", "Signed-off-by: Ana Ruiz <ana.ruiz@example.com>"]


def test_a_message_without_trailers_gets_a_block():
    assert new_message("title\n\nbody text\n", ["Acked-by: Cy Ng <cy@example.org>"]) == \
        "title\n\nbody text\n\nAcked-by: Cy Ng <cy@example.org>\n"


def test_first_name():
    assert first_name(Person("David Hildenbrand (Arm)")) == "David"
    assert first_name("Lind, Bo") == "Bo"


def test_requested_trailers_from_the_review():
    ana, bo = Person("Ana Ruiz", "ana@example.com"), Person("Bo Lind", "bo@example.net")
    pm = [PatchMail(n, Subject("", f"t{n}", ("PATCH",), 2, n, 2), ana) for n in (1, 2)]
    ask = Suggestion("2.1", 2, bo, "Might want to credit me", Anchor(), Response.ACCEPTED, kind="trailer",
                     trailer=f"Suggested-by: {bo}", status=Status.APPLIED)
    unasked = Suggestion("1.1", 1, bo, "Credit?", Anchor(), Response.DECLINED, kind="trailer",
                         trailer=f"Suggested-by: {bo}", status=Status.SKIPPED)
    manual = Suggestion("1.2", 1, bo, "Rework the locking", Anchor(), Response.ACCEPTED, kind="rework",
                        status=Status.MANUAL)
    review = Review(Series(pm), [ask, unasked, manual],
                    [Trailer("Acked-by", bo, 0), Trailer("Reviewed-by", bo, 1, conditional=True)])
    assert requested(review) == {1: [f"Acked-by: {bo}"], 2: [f"Suggested-by: {bo}", f"Acked-by: {bo}"]}


def _conditional_review(*sugs: Suggestion) -> Review:
    ana, bo = Person("Ana Ruiz", "ana@example.com"), Person("Bo Lind", "bo@example.net")
    pm = [PatchMail(1, Subject("", "t1", ("PATCH",), 1, 1, 1), ana)]
    return Review(Series(pm), list(sugs), [Trailer("Reviewed-by", bo, 1, conditional=True)])


@pytest.mark.parametrize("comment", ["Drop the cast, the function takes a u8 anyway.",
                                     "Please name it after the datasheet field instead."])
def test_a_conditional_review_is_not_kept_when_the_author_declined_one_of_its_fixes(comment):
    """Before: only a failed or manual point kept the tag out; a declined one let it in, although
    the version no longer has what the reviewer made the tag depend on."""
    bo = Person("Bo Lind", "bo@example.net")
    done = Suggestion("1.1", 1, bo, "make it static const", Anchor(), Response.ACCEPTED, kind="make-static",
                      status=Status.APPLIED)
    declined = Suggestion("1.2", 1, bo, comment, Anchor(), Response.DECLINED, kind="code", status=Status.SKIPPED)
    assert requested(_conditional_review(done, declined)) == {1: []}
    assert requested(_conditional_review(done)) == {1: [f"Reviewed-by: {bo}"]}


def test_a_conditional_review_is_not_kept_when_the_author_put_one_of_its_fixes_off():
    """Before: "I'll do the rename in a follow-up." let the tag in, although this version lacks the rename."""
    bo = Person("Bo Lind", "bo@example.net")
    done = Suggestion("1.1", 1, bo, "make it static const", Anchor(), Response.ACCEPTED, kind="make-static",
                      status=Status.APPLIED)
    later = Suggestion("1.2", 1, bo, "Please rename clk to rate, it is not a clock.", Anchor(), Response.DEFERRED,
                       kind="code", status=Status.SKIPPED)
    assert requested(_conditional_review(done, later)) == {1: []}


def test_a_question_answered_keeps_a_conditional_review():
    bo = Person("Bo Lind", "bo@example.net")
    asked = Suggestion("1.1", 1, bo, "Does the part keep the setting over a power loss?", Anchor(),
                       Response.DECLINED, kind="code", status=Status.SKIPPED)
    assert requested(_conditional_review(asked)) == {1: [f"Reviewed-by: {bo}"]}


@pytest.mark.parametrize("before,conditional", [
    ("With @sep gone:", True), ("With the goto replaced by a return and the cast dropped:", True),
    ("With the helper renamed,", True), ("Nice cleanup.", False), ("Works with the new firmware.", False)])
def test_a_review_given_with_a_change_in_words_is_conditional(before, conditional):
    """Before: 'With @sep gone:' above an Acked-by was read as unconditional (only fixed, addressed,
    changed, resolved, done and sorted counted)."""
    from patches.drafts import conditional as is_conditional
    from patches.voices import Chunk
    chunk = Chunk(None, [[before], ["Acked-by: Bo Lind <bo@example.net>"]])
    assert is_conditional(chunk) == conditional


def _conditional_on(condition: str, *sugs: Suggestion) -> Review:
    ana, bo = Person("Ana Ruiz", "ana@example.com"), Person("Bo Lind", "bo@example.net")
    pm = [PatchMail(1, Subject("", "t1", ("PATCH",), 1, 1, 1), ana)]
    return Review(Series(pm), list(sugs), [Trailer("Reviewed-by", bo, 1, conditional=True, condition=condition)])


@pytest.mark.parametrize("condition,done_comment", [
    ("With the else gone:", "The else is not needed anymore now that the branch above returns."),
    ("With the cast dropped,", "This cast is pointless, qx_read() returns a u8 already."),
])
def test_a_condition_that_names_its_change_depends_on_that_change_only(condition, done_comment):
    """Before: a declined soft preference of the same reviewer ("I'd make it ratelimited") kept out the
    tag given "With the else gone:", although the else is gone; the tag now depends on the change its
    condition names.  A condition that names none ("With that fixed:") still depends on all of them."""
    bo = Person("Bo Lind", "bo@example.net")
    done = Suggestion("1.1", 1, bo, done_comment, Anchor(), Response.ACCEPTED, kind="drop-else",
                      status=Status.APPLIED)
    declined = Suggestion("1.2", 1, bo, "Every sync prints this again; I'd make it qx_msg_ratelimited().",
                          Anchor(), Response.DECLINED, kind="code", status=Status.SKIPPED)
    assert requested(_conditional_on(condition, done, declined)) == {1: [f"Reviewed-by: {bo}"]}
    assert requested(_conditional_on("With that fixed:", done, declined)) == {1: []}
    failed = Suggestion("1.1", 1, bo, done_comment, Anchor(), Response.ACCEPTED, kind="drop-else",
                        status=Status.MANUAL)
    assert requested(_conditional_on(condition, failed, declined)) == {1: []}


def test_the_condition_is_the_sentence_that_makes_the_tag_conditional():
    from patches.drafts import condition
    from patches.voices import Chunk
    chunk = Chunk(None, [["The else is not needed anymore now that the branch above", "returns."],
                         ["With the else gone:"], ["Reviewed-by: Bo Lind <bo@example.net>"]])
    assert condition(chunk) == "With the else gone:"
    assert condition(Chunk(None, [["Nice cleanup."], ["Reviewed-by: Bo Lind <bo@example.net>"]])) == ""


def test_a_condition_naming_points_by_number_depends_on_those_wherever_they_went():
    """"With 1) and 2) addressed, for the series:" on the cover letter, whose points 1) and 2) were placed
    on patches 1 and 2 ("In patch 1, ..."): before, the tag depended on the cover letter's own requests
    only (point 3, a question the author answered with a reason), and was dropped."""
    ana, bo = Person("Ana Ruiz", "ana@example.com"), Person("Bo Lind", "bo@example.net")
    pm = [PatchMail(n, Subject("", f"t{n}", ("PATCH",), 1, n, 2), ana) for n in (1, 2)]
    one = Suggestion("1.1", 1, bo, "1) In patch 1, please make the new dev_warn() a dev_err().", Anchor(),
                     Response.ACCEPTED, kind="rename-call", status=Status.APPLIED, message_id="r@x")
    two = Suggestion("2.1", 2, bo, "2) In patch 2, print the error with %pe.", Anchor(), Response.ACCEPTED,
                     kind="format-specifier", status=Status.APPLIED, message_id="r@x")
    three = Suggestion("0.1", 0, bo, "3) Why is it reset to NULL? The remove path could skip an error pointer.",
                       Anchor(), Response.DECLINED, kind="code", status=Status.SKIPPED, message_id="r@x")
    tag = Trailer("Reviewed-by", bo, 0, conditional=True, message_id="r@x", condition="With 1) and 2) addressed, "
                  "for the series:")
    assert requested(Review(Series(pm), [one, two, three], [tag])) == {1: [f"Reviewed-by: {bo}"],
                                                                     2: [f"Reviewed-by: {bo}"]}
    failed = Suggestion("2.1", 2, bo, two.comment, Anchor(), Response.ACCEPTED, kind="format-specifier",
                        status=Status.MANUAL, message_id="r@x")
    assert requested(Review(Series(pm), [one, failed, three], [tag])) == {1: [], 2: []}
    # and the review stage keeps the tag for the later one to decide
    from patches.given import unmet_conditions
    assert unmet_conditions([tag], [one, two, three]) == [tag]
    # a question the author answered is no change declined: the tag is not dropped for it
    asked = Suggestion("0.1", 0, bo, "Why is it reset to NULL?", Anchor(), Response.DECLINED, kind="code",
                       status=Status.SKIPPED, message_id="r@x")
    plain = Trailer("Reviewed-by", bo, 0, conditional=True, message_id="r@x", condition="With that fixed:")
    assert unmet_conditions([plain], [asked]) == [plain]


def _three_patches(*sugs: Suggestion) -> Review:
    ana = Person("Ana Ruiz", "ana@example.com")
    pm = [PatchMail(n, Subject("", f"t{n}", ("PATCH",), 2, n, 3), ana) for n in (1, 2, 3)]
    return Review(Series(pm), list(sugs), [])


@pytest.mark.parametrize("comment,tag,patches", [
    ("And please add Suggested-by: Bo Lind <bo@example.net> to patch 3, that was my idea.",
     "Suggested-by: Bo Lind <bo@example.net>", [3]),
    ("Please Cc stable for 1/3 and 2/3, the others are clean-ups.", "Cc: stable@vger.kernel.org", [1, 2]),
    ("For patch 2, please add:\nReported-by: Bo Lind <bo@example.net>", "Reported-by: Bo Lind <bo@example.net>", [2]),
    ("Please credit me: Suggested-by: Bo Lind <bo@example.net>", "Suggested-by: Bo Lind <bo@example.net>",
     [1, 2, 3]),
])
def test_a_trailer_asked_on_the_cover_letter_goes_to_the_patches_its_sentence_names(comment, tag, patches):
    """Before: a request on the cover letter put its line on every patch, "to patch 3" or not."""
    bo = Person("Bo Lind", "bo@example.net")
    ask = Suggestion("0.1", 0, bo, comment, Anchor(), Response.NONE, kind="trailer", trailer=tag,
                     status=Status.APPLIED)
    wanted = requested(_three_patches(ask))
    assert [n for n in (1, 2, 3) if tag in wanted[n]] == patches


@pytest.mark.parametrize("patch, condition", [(0, "With my comment on 2/3 addressed, for the whole series:"),
                                              (1, "With my comment on 2/3 addressed:")])
def test_a_conditional_tag_waits_for_the_requests_on_the_patches_it_covers_or_names(patch, condition):
    """Before: a Reviewed-by given on the cover letter "with my comment on 2/3 addressed" went on every patch
    while that comment was left to do by hand."""
    bo = Person("Bo Lind", "bo@example.net")
    open_ = Suggestion("2.1", 2, bo, "Please name the register as the datasheet does.", Anchor(), Response.NONE,
                       kind="code", status=Status.MANUAL, message_id="<other@example.net>")
    review = _three_patches(open_)
    review.trailers = [Trailer("Reviewed-by", bo, patch, conditional=True, message_id="<cover@example.net>",
                               condition=condition)]
    assert requested(review) == {1: [], 2: [], 3: []}
    open_.status = Status.APPLIED
    assert requested(review) == ({n: [f"Reviewed-by: {bo}"] for n in (1, 2, 3)} if patch == 0 else
                                 {1: [f"Reviewed-by: {bo}"], 2: [], 3: []})
