"""A request the thread itself takes back is not made: the reviewer's own words after it ("Not a
request, just curious.", "but it's fine as is", "but I wouldn't"), a retraction that follows it in the
same mail or quotes it from a later one ("Scratch that, I misread."), a choice left to the author ("up
to you": manual), and an author's answer that puts it into another patch or a later version."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from patches.withdrawn import corrected, elsewhere, later_version, rejected, retraction, waived, without_rejected
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."


def _outcome(tmp_path, mails):
    tree, mbox = T.series(tmp_path, mails)
    result = T.run(tmp_path, tree, mbox)
    return tree, result, [(s.id, s.kind, s.status, s.reason) for s in result.suggestions]


def test_a_plain_request_is_made(tmp_path):
    """The control: the same request with nothing taking it back."""
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED)])
    assert got == [("1.1", "rename-call", Status.APPLIED, "")]
    assert "\tval = readl_relaxed(priv->base + 0x08);\n" in T.file_at(tree, f"{result.branch}~1")


@pytest.mark.parametrize("comment, words", [
    ("Why not use readl_relaxed()? (Not a request, just curious.)", "Not a request, just curious."),
    ("This could be readl_relaxed(), but it's fine as is.", "This could be readl_relaxed(), but it's fine as is."),
    ("You could use readl_relaxed() here, but I wouldn't.", "You could use readl_relaxed() here, but I wouldn't."),
    ("I was going to suggest readl_relaxed(), but it's not worth the churn.",
     "I was going to suggest readl_relaxed(), but it's not worth the churn."),
    ("Just curious: why not readl_relaxed()?", "Just curious: why not readl_relaxed()?"),
    ("Nit (feel free to ignore): readl_relaxed() would do here.",
     "Nit (feel free to ignore): readl_relaxed() would do here."),
    ("This should be readl_relaxed() - hmm no, the current one is fine.",
     "This should be readl_relaxed() - hmm no, the current one is fine."),
    ("You could use readl_relaxed() here, but the write before it must land first. Fine as is.",
     "Fine as is."),
])
def test_a_request_the_reviewer_waives_is_not_made(tmp_path, comment, words):
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [("1.1", "withdrawn", Status.SKIPPED, f'not asked for: the reviewer says "{words}"')]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("comment", [
    "I wouldn't switch to readl_relaxed() here, the write before it must land first.",
    "Please don't use readl_relaxed() here, it needs the barrier.",
    "Not readl_relaxed(), the ordering matters here.",
    "I was going to say readl_relaxed() would do, but the ordering matters here.",
])
def test_a_change_the_reviewer_argues_against_is_not_made(tmp_path, comment):
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert [(g[1], g[2]) for g in got] == [("withdrawn", Status.SKIPPED)]
    assert got[0][3].startswith("not asked for: the reviewer ")
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("comment, quoted, expect", [
    ("Don't make this static, a later patch calls it from another file.", ["int foo_get(void)"],
     "Don't make this static, a later patch calls it from another file."),
    ("This shouldn't be static.", ["int foo_get(void)"], "This shouldn't be static."),
    ("Rather than dev_dbg(), keep dev_info() here.", ["dev_info(dev, \"x\");"],
     "Rather than dev_dbg(), keep dev_info() here."),
    ("Use dev_dbg() instead of dev_info() here.", ["dev_info(dev, \"x\");"], ""),   # dev_dbg() proposed
    ("Why not dev_dbg()?", ["dev_info(dev, \"x\");"], ""),
    ("Don't forget to use dev_dbg() here.", ["dev_info(dev, \"x\");"], ""),
    ("No reason not to use dev_dbg() here.", ["dev_info(dev, \"x\");"], ""),
    ("You shouldn't need to open-code this, use FIELD_GET().", ["v = (r >> 4) & 0xf;"], ""),
    ("Shouldn't this be static?", ["int foo_get(void)"], ""),
    ("Don't use devm_kzalloc() here, the buffer outlives the device.", ["p = devm_kzalloc(dev, n, GFP_KERNEL);"],
     ""),                                                   # what it rejects is there: a request to change it
    ("You don't need to use a temporary here, return foo_get() directly.", ["ret = foo_get();"], ""),
    ("No need for the cast, it's void *.", ["p = (u8 *)buf;"], ""),
    # `inline` is spelled in the quote as part of __always_inline: a request about what is there
    ("nit: please avoid inline in .c files", ["static __always_inline bool qx_ready(struct qx *q)"], ""),
    ("nit: please avoid inline here", ["static bool qx_ready(struct qx *q)"], "nit: please avoid inline here"),
])
def test_rejected(comment, quoted, expect):
    assert rejected(comment, quoted) == expect


@pytest.mark.parametrize("comment", [
    "Not sure readl_relaxed() is right here; up to you.",
    "I'd personally use readl_relaxed() here, but that's just me.",
    "Could be readl_relaxed(), but leave it as is if you prefer.",
    "Optional: readl_relaxed() would do here.",
    "readl_relaxed() would do here (optional).",
    "readl_relaxed() would do, not a strong opinion though.",
    "I'd use readl_relaxed() here, but up to you.",
    "readl_relaxed() is preferred here, but I don't mind.",
    "If nothing orders against this read, use readl_relaxed(), otherwise add a comment.",
])
def test_a_choice_left_to_the_author_is_manual(tmp_path, comment):
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [("1.1", "manual", Status.MANUAL,
                    f'left to the author by the reviewer ("{comment}"): make it by hand if you want it')]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("comment, words", [
    ("Use readl_relaxed() here? Actually, just print the revision with ioread32().",
     "Actually, just print the revision with ioread32()."),
    ("Use readl_relaxed() here. Or rather, drop the read, the revision is fixed.",
     "Or rather, drop the read, the revision is fixed."),
    ("Use readl_relaxed() here. Or better, drop the read, the revision is fixed.",
     "Or better, drop the read, the revision is fixed."),
    ("Use readl_relaxed() here, or better drop the read, the revision is fixed.",
     "Use readl_relaxed() here, or better drop the read, the revision is fixed."),
])
def test_a_request_the_reviewer_replaces_in_the_same_comment_is_manual(tmp_path, comment, words):
    """Before: the first request was made and reported applied, the second one lost."""
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [("1.1", "manual", Status.MANUAL,
                    f'the reviewer puts another change in place of the first within the comment ("{words}"): which '
                    "one stands is for the author")]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("comment, expect", [
    ("Use %u for a bool? Actually just print str_yes_no(on).", "Actually just print str_yes_no(on)."),
    ("Use %u here - better yet, use str_on_off().", "Use %u here - better yet, use str_on_off()."),
    ("The NULL on the right, please. Or better, just if (p->func) as before.",
     "Or better, just if (p->func) as before."),
    ("Constant on the right please, or better just if (p->flags & F_UP).",
     "Constant on the right please, or better just if (p->flags & F_UP)."),
    ("Actually, readl_relaxed() would do here.", ""),                # nothing asked before it
    ("I don't think we need the NULL check here... actually we do, the debugfs path passes NULL.", ""),
    ("Please drop this. Actually it is a leftover from v2.", ""),    # no other change asked
    # in the same sentence, after a comma (vmalloc_array() was made and reported applied)
    ("vmalloc_array(), or better kvmalloc_array().", "vmalloc_array(), or better kvmalloc_array()."),
    ("Make it u32, or rather unsigned int.", ""),                    # no call or request after it
])
def test_corrected(comment, expect):
    assert corrected(comment) == expect


def test_a_retraction_in_the_same_mail_takes_the_request_back(tmp_path):
    comment = f"{RELAXED}\n\nScratch that, I misread: the register needs the ordering."
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [
        ("1.1", "withdrawn", Status.SKIPPED,
         'withdrawn by the reviewer: "Scratch that, I misread: the register needs the ordering."'),
        ("1.2", "withdrawn", Status.SKIPPED, "the reviewer's retraction of an earlier comment")]
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_a_reason_closed_by_ignore_in_the_same_mail_takes_the_request_back(tmp_path):
    comment = f"{RELAXED}\n\nAh no, the ordering matters after the reset write, ignore."
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [
        ("1.1", "withdrawn", Status.SKIPPED,
         'withdrawn by the reviewer: "Ah no, the ordering matters after the reset write, ignore."'),
        ("1.2", "withdrawn", Status.SKIPPED, "the reviewer's retraction of an earlier comment")]
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_a_retraction_in_a_later_mail_takes_the_request_back(tmp_path):
    later = T.Mail("rv2@example.cz", "rv1@example.cz", T.REVIEWER,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n\n"
                   "Please ignore this one, the ordering is needed after the reset write.\n\nTomas")
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), later])
    assert got[0] == ("1.1", "withdrawn", Status.SKIPPED, 'withdrawn by the reviewer: "Please ignore this one, '
                      'the ordering is needed after the reset write."')
    assert all(s.status is not Status.APPLIED for s in result.suggestions)
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_another_reviewers_objection_is_no_retraction(tmp_path):
    """Only the reviewer can take a request back; another reviewer's doubt leaves it to the author."""
    later = T.Mail("rv2@example.se", "rv1@example.cz", T.OTHER,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n\n"
                   "Scratch that? I think the ordering matters here.\n\nAda")
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), later])
    assert got[0] == ("1.1", "rename-call", Status.APPLIED, "")


def test_the_request_after_a_waiver_stands(tmp_path):
    comment = "The mask is fine as is, but please use readl_relaxed() here."
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got == [("1.1", "rename-call", Status.APPLIED, "")]


def test_an_author_who_wants_it_anyway_gets_it(tmp_path):
    comment = "Why not use readl_relaxed()? Just curious."
    tree, result, got = _outcome(tmp_path, [T.review(comment), T.answer(comment, "Good idea, will use it.")])
    assert got == [("1.1", "rename-call", Status.APPLIED, "")]


@pytest.mark.parametrize("text, status, reason", [
    ("Will do in v4.", Status.SKIPPED, 'deferred by the author: "Will do in v4."'),
    ("Right, but not in this series.", Status.SKIPPED, 'deferred by the author: "Right, but not in this series."'),
    ("See patch 2.", Status.SKIPPED, 'deferred by the author: "See patch 2."'),
    ("Yes, fixed in patch 2.", Status.MANUAL,
     'the author answers that patch 2 makes this change ("Yes, fixed in patch 2."): check that patch by hand'),
    ("Let me think about it.", Status.MANUAL,
     'the author had not decided ("Let me think about it."): make it by hand if you want it'),
    ("Will check.", Status.MANUAL, 'the author had not decided ("Will check."): make it by hand if you want it'),
    ("Let me check and fix it.", Status.APPLIED, ""),
    ("Will fix in v3.", Status.APPLIED, ""),
    ("Ok, here and in patch 2.", Status.APPLIED, ""),
])
def test_an_answer_that_places_the_change_elsewhere(tmp_path, text, status, reason):
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), T.answer(RELAXED, text)])
    assert [(g[2], g[3]) for g in got] == [(status, reason)]
    changed = T.file_at(tree, result.branch) != T.PATCH2
    assert changed is (status is Status.APPLIED)


@pytest.mark.parametrize("comment, expect", [
    ("Why not FIELD_GET()? Just curious.", ("Just curious.", False)),
    ("Could be const. Your call.", ("Your call.", True)),
    ("Maybe FIELD_GET()? Not sure it matters.", ("Not sure it matters.", True)),
    ("This print could go, but it's not a big deal.", ("This print could go, but it's not a big deal.", True)),
    ("Not that it matters, but FIELD_GET() is enough here.",
     ("Not that it matters, but FIELD_GET() is enough here.", True)),
    ("Could use FIELD_GET(), though it hardly matters.", ("Could use FIELD_GET(), though it hardly matters.", True)),
    ("I would have used FIELD_GET(), but fine.", ("I would have used FIELD_GET(), but fine.", False)),
    ("I'd call this rate, but up to you.", ("I'd call this rate, but up to you.", True)),
    ("Optional: readl_relaxed() would do here.", ("Optional: readl_relaxed() would do here.", True)),
    ("With guard() you could return directly here. Not a must.", ("Not a must.", True)),
    ("Move the kzalloc() before it. guard() would be nice too but not needed.",
     ("guard() would be nice too but not needed.", True)),
    ("Drop the NULL check, it's harmless but not needed.", None),   # the reason for the drop
    ("Not a must, but please use guard() here.", None),             # insisted on after it
    ("The optional clock wants devm_clk_get_optional().", None),     # optional of the code, not the request
    ("Nit: readl_relaxed() would do here.", None),
    ("Up to you, but this should be static.", None),               # insisted on after it
    ("I'm not asking you to rework it all, just use FIELD_GET() here.", None),
    ("Not a request for this patch, but you could use FIELD_GET() here.", None),
    ("This is fine as is.", None),                                  # nothing asked before it
    ("The check is fine as is. Please drop the cast though.", None),  # asked after it
    ("I don't think we need the NULL check here... actually we do, the debugfs path passes NULL.",
     ("actually we do, the debugfs path passes NULL.", False)),
    # the reviewer's own question answered no at once
    ("Add a trailing comma after NULL? No, sentinels don't get one.", ("No, sentinels don't get one.", False)),
    ("Can be const? Ah no, sysfs wants them writable.", ("Ah no, sysfs wants them writable.", False)),
    ("Is this needed? No, drop it.", None),                         # a question of need: "no" asks
    ("Can this be static? No need for the export then.", None),     # "no need" is no answer
    ("Can be const? No, but please make it static.", None),         # a request after it
    # a question of need whose answer says it is needed after all
    ("No need to zero len? No, wait, it is needed for the short read.",
     ("No, wait, it is needed for the short read.", False)),
    ("Is this needed? No, it is not needed, drop it.", None),
    # the answer's reason first, its "no" last
    ("Should this be dev_warn_ratelimited() rather than pr_warn()? It's in a loop of three, so no.",
     ("It's in a loop of three, so no.", False)),
    ("Is this needed? It is set in probe already, so no.", None),   # a question of need: "no" asks
    # the condition of the request not met
    ("scnprintf() instead of snprintf() if you use the return value; you don't, so fine.",
     ("scnprintf() instead of snprintf() if you use the return value; you don't, so fine.", False)),
    ("No need for kzalloc() if buf is only written? Hmm, no, it is read below. Keep it.",
     ("Hmm, no, it is read below.", False)),
    # a bare "Ignore." or "Never mind." closing the comment takes it back
    ("Switch to u32 here? Hmm, the callers pass an int. Ignore.",
     ("Hmm, the callers pass an int. Ignore.", False)),
    ("Make it static. Never mind.", ("Make it static. Never mind.", False)),
    ("Make it static. Ignore the checkpatch warning.", None),        # a thing to ignore, not the comment
    # "fine as is" in a sentence of its own, but not when it is said of the rest
    ("Could be __v4l2_ctrl_handler_setup(), but the lock is taken inside. Fine as is.", ("Fine as is.", False)),
    ("Make it const. Fine as is otherwise.", None),
    # a bare "Leave it." closing the comment
    ("You need gpiod_set_value_cansleep() here if it can sleep, but then not from trigger. Leave it.",
     ("Leave it.", False)),
    ("Drop the cast. Keep it short.", None),
    # two changes, the one to make hangs on what the author knows
    ("Why the sleep? If the datasheet wants it, add a comment, otherwise drop it.",
     ("If the datasheet wants it, add a comment, otherwise drop it.", True)),
    ("If the delay is needed, add a comment. Otherwise, drop it.", ("If the delay is needed, add a comment.", True)),
    ("Use dev_err_probe(), otherwise the deferral is logged as an error.", None),   # why, no second change
    ("If this can fail, check the value, otherwise we hang.", None),
    # the question answered by a second look: "Oh, I see", a bare "Fine." closing it
    ("Isn't this kmemdup()? Oh, I see, you need it zeroed later. Fine.",
     ("Oh, I see, you need it zeroed later.", False)),
    ("Could this be kmemdup()? It is copied again below. OK.", ("OK.", False)),
    ("Why not kmemdup()? Oh I see, please use it then.", None),     # a request after it
    ("Why the cast? Drop it. Fine.", None),                         # a request between
    # "..., but don't change it", "..., but leave it as is"
    ("This is kmemdup(), but don't change it: b[0] is cleared below.",
     ("This is kmemdup(), but don't change it: b[0] is cleared below.", False)),
    ("Could be kmemdup(), but leave it as is.", ("Could be kmemdup(), but leave it as is.", False)),
    ("Drop the cast, but keep it on one line.", None),             # what is kept is another thing
    # "fine as is" after a reason in the same sentence; what the reviewer would do, said not to matter
    ("Return directly. (I know the old code did the same, fine as is for now.)",
     ("I know the old code did the same, fine as is for now.", False)),
    ("Drop the cast, fine as is otherwise.", None),                 # the rest is fine, not the cast
    ("kmemdup() exists, but I'm fine with the open-coded version here.",
     ("kmemdup() exists, but I'm fine with the open-coded version here.", False)),
    ("Use kmemdup(). I'm fine with it going through the net tree.", None),
    # "Never mind" opening a sentence after the request
    ("Don't you want struct_size() here? Never mind, n is at most 8.",
     ("Don't you want struct_size() here? Never mind, n is at most 8.", False)),
    ("Use struct_size(). Never mind the other one, but please fix this.", None),
    ("I'd return directly, but it doesn't matter much.",
     ("I'd return directly, but it doesn't matter much.", True)),
    # "not needed" answering a question that is not one of need, a reason closing on keeping it
    ("return foo() directly? Not needed, it reads better like this.",
     ("Not needed, it reads better like this.", False)),
    ("Is this needed? Not needed, drop it.", None),                 # a question of need: it asks
    ("Could return directly, but ret is used in the next patch, so keep it.",
     ("Could return directly, but ret is used in the next patch, so keep it.", False)),
])
def test_waived(comment, expect):
    assert waived(comment) == expect


@pytest.mark.parametrize("comment, expect", [
    ("Scratch that, I misread.", True), ("Oops, never mind, it is freed in the caller.", True),
    ("Please ignore my previous comment.", True), ("I misread the loop, sorry.", True),
    ("Please ignore the return value here.", False), ("Never return 0 here.", False),
    # a reason closed by a bare "ignore", asking for nothing itself
    ("Ah no, this is not the probe path, ignore.", True), ("Hm, you unlock below. Never mind.", True),
    ("Use readl() here, or ignore.", False), ("I'd drop it, never mind.", False),
])
def test_retraction(comment, expect):
    assert retraction(comment) is expect


def test_elsewhere_and_later_version():
    assert elsewhere("Fixed in patch 3.", 1) == 3
    assert elsewhere("Patch 3 already removes it.", 2) == 3
    assert elsewhere("Renamed here and in 2/2.", 1) == 0
    assert elsewhere("Will rename it (and its user in 2/3) in v3.", 1) == 0
    assert elsewhere("Fixed in patch 1.", 1) == 0
    assert elsewhere("Will fix. The other case is in patch 3, see there.", 1) == 0
    assert elsewhere("Yes, fixed in patch 3.", 1) == 3
    assert later_version("Will do in v5.", 3) == 5
    assert later_version("Will do in v4.", 3) == 0
    assert later_version("Done in v2.", 3) == 0


def test_a_part_that_rejects_new_code_is_left_out_of_the_request(tmp_path):
    """"No need to use readl_relaxed() here, but ...": the rest of the comment is the request; nothing
    reads the rejected part as one ("no need" of the local variable)."""
    comment = "No need to use readl_relaxed() here, but the mask could be a define."
    tree, result, got = _outcome(tmp_path, [T.review(comment, quote=T.READ)])
    assert [s.comment for s in result.suggestions] == ["the mask could be a define."]
    assert "readl(priv->base + 0x08)" in T.file_at(tree, result.branch)
    assert "\tu32 val;\n" in T.file_at(tree, result.branch)


def test_a_part_that_asks_to_change_nothing_is_no_request(tmp_path):
    """"No need to change the readl(), but ...": nothing reads "no need" as a request about the read."""
    comment = "No need to change the readl(), but the mask could be a define."
    tree, result, got = _outcome(tmp_path, [T.review(comment, quote=T.READ + "\n" + T.RETURN)])
    assert [s.comment for s in result.suggestions] == ["the mask could be a define."]
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_an_answer_that_takes_up_part_and_keeps_the_rest_is_manual(tmp_path):
    comment = "The mask should be a define. Also use readl_relaxed() here."
    answer = "Ok for the define, but I'd keep readl(), the reset write must land first."
    tree, result, got = _outcome(tmp_path, [T.review(comment), T.answer(comment, answer)])
    assert got == [("1.1", "manual", Status.MANUAL, f'the author took up part of it and kept the rest ("{answer}"): '
                                                    "make that part by hand")]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("comment, expect", [
    ("No need to use readl_relaxed() here, but foo_get() could be static.", "foo_get() could be static."),
    ("I wouldn't use readl_relaxed(). Please make foo_get() static.", "Please make foo_get() static."),
    ("No need to change the readl(), but foo_get() could be static.", "foo_get() could be static."),
    ("The readl() is fine. Please make foo_get() static.", "Please make foo_get() static."),
    ("No need for the NULL check, kfree() handles it.", ""),
    ("Use readl_relaxed() here.", ""),
])
def test_without_rejected(comment, expect):
    assert without_rejected(comment, ["+\tval = readl(priv->base + 0x08);", "+int foo_get(void)"]) == expect


def test_a_retraction_under_the_next_quote_that_points_back(tmp_path):
    comment = (f"{RELAXED}\n\n{T.RETURN}\n\nNever mind my comment above, the reset write before it needs the "
               "ordering.")
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert [(g[1], g[2]) for g in got] == [("withdrawn", Status.SKIPPED), ("withdrawn", Status.SKIPPED)]
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_a_retraction_under_the_next_quote_is_about_that_quote(tmp_path):
    """"Never mind." under other code that names nothing before it: what it takes back is not known, and
    the request above stands."""
    comment = f"{RELAXED}\n\n{T.RETURN}\n\nNever mind, the mask is right."
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert got[0] == ("1.1", "rename-call", Status.APPLIED, "")


def test_a_retraction_that_goes_on_asking_keeps_its_own_request(tmp_path):
    comment = "Please rename val to rev.\n\nNever mind the name, but please use readl_relaxed() here."
    tree, result, got = _outcome(tmp_path, [T.review(comment)])
    assert [(g[1], g[2]) for g in got] == [("withdrawn", Status.SKIPPED), ("rename-call", Status.APPLIED)]


@pytest.mark.parametrize("retraction, taken", [
    ("Ignore the first part, readl() is right here.", 0),
    ("Please ignore my second point, the mask is needed.", 1),
])
def test_a_later_retraction_of_one_part_by_its_order_takes_back_that_part(tmp_path, retraction, taken):
    comment = f"{RELAXED}\n\nAlso, please drop the mask, the register is 8 bits wide."
    later = T.Mail("rv2@example.cz", "rv1@example.cz", T.REVIEWER,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n>\n"
                   "> Also, please drop the mask, the register is 8 bits wide.\n\n"
                   f"{retraction}\n\nTomas")
    tree, result, got = _outcome(tmp_path, [T.review(comment), later])
    kinds = [g[1] for g in got[:2]]
    assert kinds[taken] == "withdrawn" and got[taken][3] == f'withdrawn by the reviewer: "{retraction}"'
    assert kinds[1 - taken] != "withdrawn"
    if taken == 0:
        assert "readl_relaxed" not in T.file_at(tree, result.branch)


def test_an_answer_that_takes_up_one_request_and_keeps_the_other_leaves_both_to_the_author(tmp_path):
    """"Will drop the mask, but I'd rather keep readl()." answers both sentences: the readl() one is not
    left unanswered (and made) because the answer names the mask only."""
    comment = f"{RELAXED} Please drop the mask too."
    answer = "Will drop the mask, but I'd rather keep readl()."
    tree, result, got = _outcome(tmp_path, [T.review(comment), T.answer(comment, answer)])
    assert got == [("1.1", "manual", Status.MANUAL, f'the author took up part of it and kept the rest ("{answer}"): '
                    "make that part by hand")]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("words", ["Scratch the readl_relaxed() comment, the ordering is needed after the reset.",
                                   "Please ignore my comment about readl_relaxed(), I misread the code.",
                                   "Never mind the readl_relaxed() remark, I see the reset write now."])
def test_a_retraction_below_the_whole_review_takes_back_the_comment_it_names(tmp_path, words):
    """Written under the last quoted comment, a retraction that names the code of an earlier one takes back
    that one, not the last one above it."""
    rename = "Please rename val to reg."
    review = T.Mail("rv1@example.cz", "", T.REVIEWER,
                    f"On Tue, Ines Haugen wrote:\n{T.READ}\n\n{RELAXED}\n\n{T.RETURN}\n\n{rename}\n\nTomas")
    later = T.Mail("rv2@example.cz", "rv1@example.cz", T.REVIEWER,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n>\n"
                   f">{T.RETURN}\n>\n> {rename}\n\n{words}\n\nTomas")
    tree, result, got = _outcome(tmp_path, [review, later])
    assert got == [("1.1", "withdrawn", Status.SKIPPED, f'withdrawn by the reviewer: "{words}"'),
                   ("1.2", "rename", Status.APPLIED, ""),
                   ("1.3", "withdrawn", Status.SKIPPED, "the reviewer's retraction of an earlier comment")]
    assert "\treg = readl(priv->base + 0x08);\n\treturn reg & 0xff;\n" in T.file_at(tree, f"{result.branch}~1")
