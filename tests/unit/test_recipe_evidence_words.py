"""How comments are read: a call family or a one-letter rename is a rename, a bare `name()` with scope
words is a request, "get rid of X" next to the replacement is a rename and not a removal, "this" and
"the debug print" point at the quoted statement."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

PATH = "drivers/gpu/fence.c"
SRC = (Path(__file__).resolve().parent.parent / "data" / "c" / "evidence" / "gpu_fence.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def sugg(fn: str, quoted: list[str], comment: str, sid: str = "1.1", answer: str = "Will do.") -> Suggestion:
    return Suggestion(id=sid, patch=1, reviewer=Person("Rita Reviewer", "rita@example.org"), comment=comment,
                      anchor=Anchor(file=PATH, function=fn), quoted=quoted,
                      response=Response.ACCEPTED, response_text=answer, kind="code")


def run(tmp_path: Path, sugs: list[Suggestion]) -> tuple[str, list]:
    quotes = [(s.id, s.quoted) for s in sugs]
    ctxs = {s.id: CodeContext(PATH, SRC, s.anchor.function, {PATH: SRC}, quotes) for s in sugs}
    planned = RU.plan(sugs, ctxs)
    rules = RU.render(planned)
    files, _ = A.apply(rules, planned, {PATH: SRC}, tmp_path)
    return files[PATH], rules


def changed(after: str) -> tuple[list[str], list[str]]:
    b, a = SRC.splitlines(), after.splitlines()
    return [x for x in b if x not in a], [x for x in a if x not in b]


def test_get_rid_of_the_old_call_renames_it(tmp_path):
    s = sugg("fence_ctx_name", ["+\tstrcpy(ctx->name, src);"],
             "Please use strscpy(), we want to get rid of strcpy() everywhere.")
    after, rules = run(tmp_path, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert [r.kind for r in rules] == ["rename-call"]
    assert changed(after) == (["\tstrcpy(ctx->name, src);"], ["\tstrscpy(ctx->name, src);"])


def test_an_assertion_macro_of_another_family_member(tmp_path):
    s = sugg("fence_ctx_name", ["+\tBUG_ON(!src);"], "Why not VM_WARN_ON()? This is no reason to crash.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert changed(after) == (["\tBUG_ON(!src);"], ["\tVM_WARN_ON(!src);"])


def test_a_bare_name_with_scope_words_renames_all_of_them(tmp_path):
    s = sugg("fence_signal", ["+\tWARN_ON(ctx->pending == 0);"],
             "WARN_ON_ONCE() here and below, this would flood the log.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status, s.reason) == ("rename-call", Status.APPLIED, "")
    # "here and below": the quoted call and the one after it in fence_signal()
    assert changed(after) == (["\tWARN_ON(ctx->pending == 0);", "\tWARN_ON(ctx->seqno == 0);"],
                              ["\tWARN_ON_ONCE(ctx->pending == 0);", "\tWARN_ON_ONCE(ctx->seqno == 0);"])


def test_a_bare_name_in_a_sentence_is_not_a_request(tmp_path):
    s = sugg("fence_signal", ["+\tWARN_ON(ctx->pending == 0);"],
             "WARN_ON_ONCE() was discussed at length on the list last year.")
    run(tmp_path, [s])
    assert s.kind == "manual" and s.status == Status.MANUAL


def test_one_letter_apart_is_a_rename_but_an_unrelated_name_is_not(tmp_path):
    s = sugg("fence_ctx_free", ["+\tkfree(ctx->ring);"], "The ring comes from kvmalloc(), use kvfree() here.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert changed(after) == (["\tkfree(ctx->ring);"], ["\tkvfree(ctx->ring);"])
    t = sugg("fence_ctx_free", ["+\tkfree(ctx->ring);"], "Please use ring_release() instead.", sid="1.2")
    run(tmp_path / "2", [t])
    assert t.kind == "manual"


def test_drop_this_removes_the_call_right_above_the_comment(tmp_path):
    s = sugg("fence_ctx_name", ["+\tstrcpy(ctx->name, src);", "+\tpr_info(\"fence: %s\\n\", ctx->name);"],
             "Nobody reads that, you can drop this.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert changed(after) == (["\tpr_info(\"fence: %s\\n\", ctx->name);"], [])


def test_the_debug_print_is_the_nearest_quoted_print(tmp_path):
    s = sugg("fence_signal", ["+\tctx->pending--;", "+\tpr_debug(\"fence: signalled %u\\n\", ctx->seqno);",
                              "+\tctx->seqno++;"],
             "Please drop the debug print, the tracepoint says the same.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert changed(after) == (["\tpr_debug(\"fence: signalled %u\\n\", ctx->seqno);"], [])


def test_drop_this_over_an_assignment_is_not_a_removal(tmp_path):
    s = sugg("fence_signal", ["+\tctx->seqno++;"], "You can drop this.")
    after, _ = run(tmp_path, [s])
    assert s.kind != "remove-statements" and after == SRC


@pytest.mark.slow
def test_is_power_of_2_keeps_the_zero_check_it_needs(tmp_path):
    s = sugg("fence_ring_size", ["+\tif (size && (size & (size - 1)))"], "Please use is_power_of_2().")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert changed(after) == (["\tif (size && (size & (size - 1)))"], ["\tif (size && !is_power_of_2(size))"])
    t = sugg("fence_ring_size", ["+\tif (ctx->seqno != 0 && !(ctx->seqno & (ctx->seqno - 1)))"],
             "is_power_of_2()?", sid="1.2")
    after, _ = run(tmp_path / "2", [t])
    assert (t.kind, t.status) == ("use-helper", Status.APPLIED), t.reason
    assert changed(after) == (["\tif (ctx->seqno != 0 && !(ctx->seqno & (ctx->seqno - 1)))"],
                              ["\tif (is_power_of_2(ctx->seqno))"])


def test_is_power_of_2_without_a_zero_check_is_manual(tmp_path):
    s = sugg("fence_ring_size", ["+\tif (ctx->pending & (ctx->pending - 1))"], "Please use is_power_of_2().")
    after, _ = run(tmp_path, [s])
    assert s.status == Status.MANUAL and after == SRC
    assert "open-coded form" in s.reason


def test_s_over_a_block_head_and_a_comment_inside_the_block_compose(tmp_path):
    sub = sugg("fence_ctx_new", ["+\tif (ctx == NULL) {"], "s/ctx == NULL/!ctx/")
    sub.code = ["s/ctx == NULL/!ctx/"]
    note = sugg("fence_ctx_new", ["+\t\tpr_err(\"fence: no memory for %s\\n\", name);"],
                "Worth a word here:\n\n\t/* the caller retries with a smaller ring */", sid="1.2")
    note.code = ["/* the caller retries with a smaller ring */"]
    after, rules = run(tmp_path, [sub, note])
    assert (sub.kind, sub.status) == ("replace-code", Status.APPLIED), sub.reason
    assert (note.kind, note.status) == ("add-comment", Status.APPLIED), note.reason
    assert "- ctx@p == NULL\n+ ! ctx" in rules[0].text
    assert "\tif (!ctx) {\n\t\tpr_err(\"fence: no memory for %s\\n\", name);\n" \
           "\t\t/* the caller retries with a smaller ring */\n\t\treturn NULL;\n\t}\n" in after
    assert changed(after) == (["\tif (ctx == NULL) {"],
                              ["\tif (!ctx) {", "\t\t/* the caller retries with a smaller ring */"])


def test_s_that_matches_no_quoted_line_is_manual(tmp_path):
    s = sugg("fence_ctx_new", ["+\tif (ctx == NULL) {"], "s/name == NULL/!name/")
    s.code = ["s/name == NULL/!name/"]
    after, _ = run(tmp_path, [s])
    assert s.status == Status.MANUAL and "matches none" in s.reason and after == SRC


def test_a_quoted_one_expression_helper_is_open_coded_where_it_is_called(tmp_path):
    s = sugg("fence_ctx_left", ["+\treturn ctx->pending - ctx->seqno;", "+}"],
             "This helper has a single caller, please just open-code it.")
    after, _ = run(tmp_path, [s])
    assert (s.kind, s.status) == ("inline-helper", Status.APPLIED), s.reason
    assert s.summary == "Open-code fence_ctx_left() in fence_ctx_busy()"
    assert "fence_ctx_left" not in after
    assert "\tunsigned int left = ctx->pending - ctx->seqno;\n" in after


def test_a_helper_called_with_an_expression_stays_manual(tmp_path):
    s = sugg("fence_slot", ["+\treturn nr * 2;", "+}"], "Please just open-code this helper.")
    after, _ = run(tmp_path, [s])
    assert s.status == Status.MANUAL and "not a plain name" in s.reason and after == SRC


def test_drop_this_on_a_variable_assignment_drops_the_variable(tmp_path):
    s = sugg("fence_name_len", ["+\tlen = strlen(ctx->name);"],
             "You can drop this and return strlen(ctx->name) + 1 directly.")
    s.anchor.code = ["len = strlen(ctx->name);"]          # as the review stage anchors it
    after, rules = run(tmp_path, [s])
    assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
    assert [r.kind for r in rules] == ["drop-variable"]
    assert "{\n\treturn strlen(ctx->name) + 1;\n}\n" in after


def test_word_lists_match_whole_words_and_phrases_only():
    from cocci.recipes import _evidence as E
    assert E.has_any("Please get  rid\nof it", ("drop", "get rid"))
    assert E.has_any("Drop it.", ("remove", "drop"))
    assert not E.has_any("It was dropped already", ("drop",))
    assert not E.has_any("see undrop_all()", ("drop",))
    assert not E.has_any("anything at all", ())


def test_a_helper_named_only_to_be_turned_down():
    from cocci.recipes._evidence import rejected
    for comment, name in (("dev_err_probe() is only for probe paths; use %pe here", "dev_err_probe"),
                          ("Don't use kfree() here, this came from devm_kzalloc()", "kfree"),
                          ("devm_kzalloc() would be wrong: the buffer outlives the device", "devm_kzalloc"),
                          ("WARN_ON_ONCE(), not WARN_ON()", "WARN_ON"),
                          ("BITS_TO_BYTES() instead of DIV_ROUND_UP() open-coded.", "DIV_ROUND_UP"),
                          ("Replace DIV_ROUND_UP() with BITS_TO_BYTES().", "DIV_ROUND_UP")):
        assert rejected(comment, name), comment
    for comment, name in (("Please use dev_err_probe().", "dev_err_probe"),
                          ("Why not dev_err_probe()?", "dev_err_probe"),
                          ("WARN_ON_ONCE(), not WARN_ON()", "WARN_ON_ONCE"),
                          ("BITS_TO_BYTES() instead of DIV_ROUND_UP() open-coded.", "BITS_TO_BYTES"),
                          ("Use DIV_ROUND_UP() instead of open-coding it.", "DIV_ROUND_UP")):
        assert not rejected(comment, name), comment
