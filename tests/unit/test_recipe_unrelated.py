"""revert-change, carry-conversion and list-entry: text edits whose evidence is the patch itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c" / "unrelated"
C, H = "drivers/misc/qdev.c", "drivers/misc/qdev.h"


def texts() -> tuple[dict[str, str], dict[str, str]]:
    files = {C: (DATA / "qdev.c").read_text(), H: (DATA / "qdev.h").read_text()}
    base = {C: (DATA / "qdev_base.c").read_text(), H: (DATA / "qdev_base.h").read_text()}
    return files, base


def sugg(comment: str, path: str = C, fn: str = "", quote_diff: list[str] | None = None,
         kind: str = "code", in_message: bool = False, answer: str = "", sid: str = "1.1",
         response: Response = Response.NONE) -> Suggestion:
    quote_diff = quote_diff or []
    code = [q[1:] for q in quote_diff if not q.startswith("-")]
    return Suggestion(id=sid, patch=1, reviewer=Person("Ilse Reviewer", "ilse@example.org"), comment=comment,
                      anchor=Anchor(file="" if in_message else path, function=fn, in_message=in_message),
                      quoted=code[-2:], quote=code, quote_diff=quote_diff, response=response,
                      response_text=answer, kind=kind)


def run(tmp_path: Path, s: Suggestion):
    files, base = texts()
    path = s.anchor.file
    ctxs = {s.id: CodeContext(path, files.get(path, ""), s.anchor.function, files, [], base_files=base)}
    planned = RU.plan([s], ctxs)
    rules = RU.render(planned)
    out, edits = A.apply(rules, planned, files, tmp_path)
    return files, out, rules, edits


STYLE_QUOTE = [
    "+\t\t\tqdev_retry_later(qd, f);",
    " \t\t\treturn 0;",
    "+\t\t} else {",
    "+\t\t\tset_bit(QDEV_FRAME_DROPPED, &f->flags);",
    "+\t\t\treturn ret;",
    " \t\t}",
    "-\t\tset_bit(QDEV_FRAME_DROPPED, &f->flags);",
    "-\t\treturn ret;",
]


# ---- revert-change

def test_an_unrelated_style_change_goes_back_to_what_the_base_had(tmp_path):
    s = sugg("This is an unrelated style change.", fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:],
             kind="comment")
    before, out, rules, edits = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "revert-change"), s.reason
    assert ("\t\t\tqdev_retry_later(qd, f);\n\t\t\treturn 0;\n\t\t}\n"
            "\t\tset_bit(QDEV_FRAME_DROPPED, &f->flags);\n\t\treturn ret;\n\t}\n\tqd->queued++;\n") in out[C]
    assert "} else {" not in out[C]
    # nothing else moved: the patch's own change stays
    assert "qdev_retry_later(qd, f);" in out[C] and "qd->stalled" not in out[C]
    assert len(out[C].splitlines()) == len(before[C].splitlines()) - 1
    assert "// -\t\t} else {" in rules[0].text or "# -\t\t} else {" in rules[0].text


def test_a_quote_with_more_than_the_named_kind_of_change_is_manual(tmp_path):
    # the quote also replaces `qd->stalled = true;` by a call: that is not whitespace
    quote = ["-\t\t\tqd->stalled = true;", "+\t\t\tqdev_retry_later(qd, f);", " \t\t\treturn 0;"]
    s = sugg("Unrelated whitespace change, please drop it.", fn="qdev_queue_frame", quote_diff=quote)
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and "whitespace" in s.reason
    assert out[C] == before[C]


def test_a_change_asked_to_go_into_a_patch_of_its_own_is_not_reverted(tmp_path):
    s = sugg("This is an unrelated style change, please send it as a separate patch.", fn="qdev_queue_frame",
             quote_diff=STYLE_QUOTE[2:])
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and "patch of its own" in s.reason
    assert out[C] == before[C]


def test_reverting_a_line_whose_new_name_the_patch_uses_elsewhere_is_manual(tmp_path):
    # qdev_retry_later() is the patch's own helper: dropping its only call would leave it unused;
    # the quoted '+' line introduces the name and the rest of the patch defines it
    quote = ["-\t\t\tqd->stalled = true;", "+\t\t\tqdev_retry_later(qd, f);"]
    s = sugg("Spurious change?", fn="qdev_queue_frame", quote_diff=quote)
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and "qdev_retry_later" in s.reason
    assert out[C] == before[C]


def test_a_remark_that_does_not_call_the_change_unrelated_is_left_alone(tmp_path):
    s = sugg("The else branch reads better, thanks.", fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:],
             kind="comment")
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.SKIPPED and out[C] == before[C]


@pytest.mark.parametrize("comment", ["This is not an unrelated style change, checkpatch asks for it.",
                                     "I don't think this is a spurious change, the two exits read better.",
                                     "Unrelated style change, but I'm fine with it.",
                                     "Looks like an unrelated change at first, but it is needed for the fix. OK.",
                                     "No spurious changes here, good."])
def test_a_change_called_unrelated_only_to_deny_it_stays(tmp_path, comment):
    s = sugg(comment, fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:], kind="comment")
    before, out, _, _ = run(tmp_path, s)
    assert s.kind != "revert-change" and s.status == Status.SKIPPED and out[C] == before[C]


def test_an_unrelated_change_asked_back_after_a_but_goes(tmp_path):
    s = sugg("Unrelated style change, but please drop it.", fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:],
             kind="comment")
    run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "revert-change"), s.reason


def test_a_declined_revert_is_not_made(tmp_path):
    s = sugg("Please don't change this here.", fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:],
             response=Response.DECLINED, answer="I'd rather keep it, the else makes the two exits explicit.")
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.SKIPPED and out[C] == before[C]


def test_a_quote_cut_at_the_end_of_a_move_does_not_drop_the_moved_lines(tmp_path):
    # the patch moved set_bit() and the return into an else branch; the quote keeps only the '+' side
    s = sugg("Unrelated change.", fn="qdev_queue_frame", quote_diff=STYLE_QUOTE[2:5], kind="comment")
    before, out, _, _ = run(tmp_path, s)
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == ("revert-change: the quoted 'set_bit(QDEV_FRAME_DROPPED, &f->flags);' was moved by the "
                        "patch from further off in qdev_queue_frame(), which the quote leaves out")
    assert out[C] == before[C]


def test_a_quote_of_the_new_line_alone_does_not_delete_it(tmp_path):
    # the '-' line the patch replaced is not quoted: taking the '+' line away would lose the statement
    s = sugg("Unrelated change.", fn="qdev_account",
             quote_diff=["+\tqd->stats.bytes += qdev_len_to_words_round_up(qd, len);"], kind="comment")
    before, out, _, _ = run(tmp_path, s)
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert "the quote leaves out lines the patch changed next to it" in s.reason
    assert out[C] == before[C]


def test_of_two_places_with_the_quoted_lines_the_one_the_patch_changed_goes_back(tmp_path):
    base = "int f(int err)\n{\n\tif (err < 0) {\n\t\tpr_err(\"a\\n\");\n\t\treturn err;\n\t}\n\treturn 0;\n}\n"
    now = ("int g(int err)\n{\n\tif (err) {\n\t\treturn err;\n\t}\n\treturn 1;\n}\n\n" +
           base.replace("if (err < 0) {", "if (err) {"))
    s = sugg("Unrelated change.", path="lib/f.c", fn="f", quote_diff=["-\tif (err < 0) {", "+\tif (err) {"],
             kind="comment")
    ctxs = {s.id: CodeContext("lib/f.c", now, "f", {"lib/f.c": now}, [], base_files={"lib/f.c": base})}
    planned = RU.plan([s], ctxs)
    out, _ = A.apply(RU.render(planned), planned, {"lib/f.c": now}, tmp_path)
    assert s.status == Status.APPLIED, s.reason
    assert out["lib/f.c"] == now.replace("\tif (err) {\n\t\tpr_err", "\tif (err < 0) {\n\t\tpr_err")


# ---- carry-conversion

def test_the_patch_conversion_reaches_the_function_named_under_the_commit_message(tmp_path):
    s = sugg("You missed one in qdev_reserve(), right?", kind="commit-message", in_message=True)
    before, out, rules, edits = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "carry-conversion"), s.reason
    assert s.anchor.file == C and s.anchor.function == "qdev_reserve"
    # only the call with the arguments the patch converted; QDEV_HDR_LEN's call stays
    assert "\tunsigned int words = qdev_len_to_words_round_up(qd, len);\n" in out[C]
    assert "\tunsigned int hdr = qdev_len_to_words(qd, QDEV_HDR_LEN);\n" in out[C]
    assert len(out[C].splitlines()) == len(before[C].splitlines())


def test_nothing_left_in_the_named_function_is_manual(tmp_path):
    s = sugg("qdev_trim() needs the same change.", fn="qdev_queue_frame",
             quote_diff=[" \tqd->stats.frames++;"])
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and "no place left" in s.reason
    assert out[C] == before[C]


def test_a_function_the_patch_does_not_have_is_not_this_recipe(tmp_path):
    s = sugg("You missed one in qdev_flush(), right?", kind="commit-message", in_message=True)
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and "left to the author" in s.reason and out[C] == before[C]


# ---- list-entry

PASTED = ("The qdev_param() macro has a kernel-doc with every supported type:\n"
          "* Supported types are: * u8, u16, u32, u64 * flag: a bool, set with 0/1 or y/n. "
          "* level: a u8 between 0 and 7.\n"
          "watermark_t should be added to this list.")


def test_a_described_list_gets_the_name_with_the_patch_own_description(tmp_path):
    s = sugg(PASTED, path=H, quote_diff=["+++ b/drivers/misc/qdev.h"])
    before, out, rules, _ = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "list-entry"), s.reason
    assert (" *\tlevel: a u8 between 0 and 7.\n"
            " *\twatermark_t: a watermark, which is set like a u32 but wakes waiters.\n */\n") in out[H]
    assert len(out[H].splitlines()) == len(before[H].splitlines()) + 1


def test_a_bare_list_gets_the_name_appended(tmp_path):
    comment = ("Counter kinds are:\n* Counter kinds are: * bytes, frames, drops\n"
               "Please add stalls to the list.")
    s = sugg(comment, path=H, quote_diff=["+++ b/drivers/misc/qdev.h"])
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.APPLIED, s.reason
    assert " *\tbytes, frames, drops, stalls\n" in out[H]


def test_a_name_already_listed_or_no_list_shown_changes_nothing(tmp_path):
    s = sugg("Please add flag to the list.\n* Supported types are: * u8, u16, u32, u64 * flag: a bool, set "
             "with 0/1 or y/n. * level: a u8 between 0 and 7.", path=H, quote_diff=["+++ b/drivers/misc/qdev.h"])
    before, out, _, _ = run(tmp_path, s)
    assert s.status != Status.APPLIED and out[H] == before[H]
    s = sugg("watermark_t should be added to this list.", path=H, sid="1.2",
             quote_diff=["+++ b/drivers/misc/qdev.h"])
    before, out, _, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and out[H] == before[H]


# ---- a request under the commit message that no stage carries out is the author's, said so

@pytest.mark.parametrize("comment, status, reason", [
    ("Your Signed-off-by is missing, I can't take this without it.", Status.MANUAL, "left to the author"),
    ("\"While at it\" means this is two patches: please split the resolution part out.", Status.MANUAL,
     "asks to split this change out into a patch of its own"),
    ("Why is this needed?", Status.SKIPPED, "a question"),
])
def test_a_commit_message_request_is_manual_not_skipped(tmp_path, comment, status, reason):
    """Before: every one was skipped as 'not a code change (commit-message)'."""
    s = sugg(comment, kind="commit-message", in_message=True)
    before, out, _, _ = run(tmp_path, s)
    assert s.status == status and reason in s.reason and out == before
