"""make-static: a function or global of the patch that no other file uses becomes static."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "net/sched/filter.c"
SRC = (KINDS / "net_filter.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_function_becomes_static(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)", "+{"],
             "This can be static.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s], files={"net/sched/core.c": "int core(void)\n{\n}\n"})
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "make-static", "Make filter_count() static")
    assert "+ static\n  T fn(...) { ... }" in rules[0].text
    assert hunks(PATH, SRC, after)[4:7] == [
        "-int filter_count(struct filter_rule *rules, unsigned int n)",
        "+static int filter_count(struct filter_rule *rules, unsigned int n)",
        " {",
    ]


def test_global_named_by_the_reviewer(tmp_path):
    s = sugg(PATH, "", ["+unsigned int filter_default_proto = 6;"], "Please make filter_default_proto static.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\nstatic unsigned int filter_default_proto = 6;\n" in after
    assert len(after.splitlines()) == len(SRC.splitlines())


def test_used_by_another_file_of_the_patch_is_manual(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "Please make it static")
    other = {"include/net/filter.h": "int filter_count(struct filter_rule *rules, unsigned int n);\n"}
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s], files=other)
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert "filter_count is also used in include/net/filter.h: making it static breaks the build" in s.reason


def test_static_inline_is_not_this_kind(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "Should be static inline in the header.")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "make-static" and rules == []


# A reviewer quotes a whole new function, from its header to the closing brace, and writes below it.
LED = "drivers/leds/led-blink.c"
LED_SRC = (KINDS / "led_blink.c").read_text()
START = ["+int led_blink_start(struct led_blink *b, unsigned int on_ms,",
         "+\t\t    unsigned int off_ms)",
         "+{",
         "+\tif (!on_ms || !off_ms)",
         "+\t\treturn -EINVAL;",
         "+",
         "+\tb->on_ms = on_ms;",
         "+\tb->off_ms = off_ms;",
         "+\tb->active = led_blink_period(b) > 0;",
         "+\treturn 0;",
         "+}"]
STOP = ["+void led_blink_stop(struct led_blink *b)", "+{", "+\tb->active = false;", "+}"]


def under_quote(quote: list[str], comment: str):
    """The suggestion the review reading makes of COMMENT under the quoted diff lines QUOTE."""
    from dataclasses import replace

    from patches.quotes import narrow
    from patches.voices import Quote
    s = sugg(LED, "", narrow(Quote(lines=quote, in_message=False), comment), comment)
    return replace(s, quote_diff=list(quote))


@pytest.mark.parametrize("comment", ["This can be static.", "static?", "Make this static, please."])
def test_a_function_quoted_whole_becomes_static(tmp_path, comment):
    s = under_quote(START, comment)
    after, _, _ = pipeline(tmp_path, LED, LED_SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "make-static", "Make led_blink_start() static"), s.reason
    assert hunks(LED, LED_SRC, after)[4:9] == [
        "-int led_blink_start(struct led_blink *b, unsigned int on_ms,",
        "-\t\t    unsigned int off_ms)",
        "+static int led_blink_start(struct led_blink *b, unsigned int on_ms,",
        "+\t\t\t   unsigned int off_ms)",      # still under the parenthesis
        " {",
    ]


def test_two_functions_quoted_whole_and_no_word_on_which_is_manual(tmp_path):
    s = under_quote(START + ["+"] + STOP, "These can be static.")
    after, rules, _ = pipeline(tmp_path, LED, LED_SRC, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], LED_SRC)
    assert ("the quote holds 2 function definitions (led_blink_start, led_blink_stop) and the comment does "
            "not say which to make static") in s.reason


def test_two_functions_quoted_whole_and_the_comment_names_one(tmp_path):
    s = under_quote(START + ["+"] + STOP, "led_blink_stop() can be static.")
    after, _, _ = pipeline(tmp_path, LED, LED_SRC, [s])
    assert (s.status, s.summary) == (Status.APPLIED, "Make led_blink_stop() static"), s.reason
    assert "\nstatic void led_blink_stop(struct led_blink *b)\n" in after
    assert "\nint led_blink_start(" in after


def test_a_function_quoted_whole_whose_comment_names_the_helper_it_calls(tmp_path):
    s = under_quote(START, "led_blink_period() can be static as well.")
    after, _, _ = pipeline(tmp_path, LED, LED_SRC, [s])
    assert (s.status, s.summary) == (Status.APPLIED, "Make led_blink_period() static"), s.reason
    assert hunks(LED, LED_SRC, after)[4:6] == [
        "-unsigned int led_blink_period(const struct led_blink *b)",
        "+static unsigned int led_blink_period(const struct led_blink *b)",
    ]
    assert "\nint led_blink_start(" in after


AMP = """\
#include <linux/module.h>

/* gain steps of the front end, in the order of the register field */
u16 amp_gain_steps[] = { 1, 2, 4, 8 };

int amp_misses;

static int amp_pick(unsigned int gain)
{
\tunsigned int i;

\tfor (i = 0; i < ARRAY_SIZE(amp_gain_steps); i++)
\t\tif (amp_gain_steps[i] == gain)
\t\t\treturn i;
\tamp_misses++;
\treturn -EINVAL;
}
"""
AMP_PATH = "sound/soc/codecs/amp.c"


@pytest.mark.parametrize("comment", ["This is only ever read, make it static const.",
                                     "static const please, nothing writes the table"])
def test_a_table_under_a_comment_becomes_static_const(tmp_path, comment):
    """Before: spatch wrote `static/* gain steps ... */` above the table and the check failed it;
    const was not added at all."""
    s = sugg(AMP_PATH, "", ["+/* gain steps of the front end, in the order of the register field */",
                            "+u16 amp_gain_steps[] = { 1, 2, 4, 8 };"], comment)
    after, _, _ = pipeline(tmp_path, AMP_PATH, AMP, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "make-static"), s.reason
    assert after == AMP.replace("\nu16 amp_gain_steps", "\nstatic const u16 amp_gain_steps")


def test_a_plain_static_request_adds_no_const(tmp_path):
    s = sugg(AMP_PATH, "", ["+int amp_misses;"], "Should be static.")
    after, _, _ = pipeline(tmp_path, AMP_PATH, AMP, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == AMP.replace("\nint amp_misses;", "\nstatic int amp_misses;")


def test_static_const_on_a_variable_the_file_writes_is_manual(tmp_path):
    s = sugg(AMP_PATH, "", ["+int amp_misses;"], "Make it static const.")
    after, _, _ = pipeline(tmp_path, AMP_PATH, AMP, [s])
    assert s.status == Status.MANUAL and "amp_misses++;" in s.reason and after == AMP


HDR = "include/net/filter.h"
PROTO = "int filter_count(struct filter_rule *rules, unsigned int n);"
HDR_TEXT = f"#ifndef _NET_FILTER_H\n#define _NET_FILTER_H\n\n{PROTO}\n\n#endif\n"
HDR_BEFORE = "#ifndef _NET_FILTER_H\n#define _NET_FILTER_H\n\n#endif\n"


def with_header(tmp_path, comment: str, src_before: str = "", hdr_before: str = HDR_BEFORE, src: str = SRC):
    """COMMENT under the prototype a patch adds to HDR for filter_count(), which it defines in PATH (SRC)."""
    from cocci import apply as A
    from cocci import rules as RU
    from cocci.recipe import CodeContext
    s = sugg(PATH, "filter_count", ["+" + PROTO], comment)
    files = {PATH: src, HDR: HDR_TEXT}
    base = {PATH: src_before or src.replace("filter_count", "filter_tally"), HDR: hdr_before}
    ctx = CodeContext(PATH, src, "filter_count", files, [(s.id, s.quoted)], base_files=base)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, files, tmp_path)
    return s, out


@pytest.mark.parametrize("comment", ["Nothing outside filter.c calls this. Drop the prototype from the header "
                                     "and make the function static.",
                                     "This should be static, the declaration in filter.h can go."])
def test_a_prototype_the_patch_adds_to_a_header_goes_with_it(tmp_path, comment):
    """Before: the header's prototype made it 'also used in include/net/filter.h' (manual)."""
    s, out = with_header(tmp_path, comment)
    assert (s.status, s.kind) == (Status.APPLIED, "make-static"), s.reason
    assert s.summary == f"Make filter_count() static and drop its prototype from {HDR}"
    assert "\nstatic int filter_count(struct filter_rule *rules, unsigned int n)\n" in out[PATH]
    assert "filter_count" not in out[HDR] and out[HDR].startswith("#ifndef _NET_FILTER_H\n#define _NET_FILTER_H\n")


def test_a_prototype_the_header_had_before_the_patch_stays_manual(tmp_path):
    s, out = with_header(tmp_path, "Drop the prototype and make it static.", src_before=SRC,
                         hdr_before=HDR_TEXT)
    assert s.status == Status.MANUAL and out[HDR] == HDR_TEXT and "also used in" in s.reason


def test_static_without_dropping_the_prototype_stays_manual(tmp_path):
    s, out = with_header(tmp_path, "This should be static.")
    assert s.status == Status.MANUAL and out[HDR] == HDR_TEXT


@pytest.mark.parametrize("comment", ["Should be static.", "Make it static const, nothing writes it."])
def test_a_definition_of_several_variables_is_manual(tmp_path, comment):
    """Before: `int amp_floor[2] = { 1, 2 }, amp_misses;` became `static const int ...`, which made
    amp_misses (counted up by amp_pick()) const and static too."""
    text = AMP.replace("int amp_misses;", "int amp_floor[2] = { 1, 2 }, amp_misses;")
    s = sugg(AMP_PATH, "", ["+int amp_floor[2] = { 1, 2 }, amp_misses;"], comment)
    after, _, _ = pipeline(tmp_path, AMP_PATH, text, [s])
    assert s.status == Status.MANUAL and "declares other variables too" in s.reason, s.reason
    assert after == text


def test_commas_inside_the_initializer_do_not_count_as_several_variables(tmp_path):
    s = sugg(AMP_PATH, "", ["+u16 amp_gain_steps[] = { 1, 2, 4, 8 };"], "static const, please")
    after, _, _ = pipeline(tmp_path, AMP_PATH, AMP, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == AMP.replace("\nu16 amp_gain_steps", "\nstatic const u16 amp_gain_steps")


def test_a_function_used_above_its_definition_keeps_its_prototype(tmp_path):
    """Before: the header's prototype went and filter_total() above the definition called an
    undeclared function (the build fails)."""
    caller = "static int filter_total(struct filter_rule *r)\n{\n\treturn filter_count(r, 4);\n}\n\n"
    src = SRC.replace("int filter_count(", caller + "int filter_count(", 1)
    s, out = with_header(tmp_path, "This should be static, the declaration in filter.h can go.", src=src)
    assert s.status == Status.MANUAL and "used above its definition" in s.reason, s.reason
    assert out[PATH] == src and out[HDR] == HDR_TEXT


@pytest.mark.parametrize("comment", ["Please add kernel-doc for this, it is not static.",
                                     "This isn't static, so it wants a prototype in the header."])
def test_static_said_of_what_the_code_is_asks_for_no_static(tmp_path, comment):
    """Before: the first was skipped as a request the reviewer argues against, and with that fixed,
    made static."""
    from patches.withdrawn import rejected
    assert rejected(comment, ["int filter_count(struct filter_rule *rules, unsigned int n)"]) == ""
    assert rejected("Don't make this static.", []) != ""
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.kind != "make-static"


def test_not_static_as_a_reason_beside_the_request_keeps_it(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "It is not static, but nothing else uses it. Please make it static.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("make-static", Status.APPLIED), s.reason
    assert "\nstatic int filter_count(struct filter_rule *rules, unsigned int n)\n" in after


def test_a_function_marked_by_a_file_scope_macro_becomes_static(tmp_path):
    """Before: manual, taking `NOKPROBE_SYMBOL(filter_count);` for a second declaration."""
    at = SRC.index("\n", SRC.index("\n}\n", SRC.index("int filter_count(")) + 1)
    text = SRC[:at] + "\nNOKPROBE_SYMBOL(filter_count);" + SRC[at:]
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "This can be static.")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("make-static", Status.APPLIED), s.reason
    assert after == text.replace("\nint filter_count(", "\nstatic int filter_count(")
    assert "\nNOKPROBE_SYMBOL(filter_count);\n" in after


QX = "drivers/net/wireless/qx/pcie/tx.c"
QX_SRC = """\
#include <linux/slab.h>
#include "internal.h"

void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr)
{
\tdma_free_coherent(trans->dev, ptr->size, ptr->addr, ptr->dma);
}

unsigned int qx_ring_count = 4;
"""
QX_HEADERS = {"drivers/net/wireless/qx/pcie/internal.h":
              "void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr);\n"
              "extern unsigned int qx_ring_count;\n"}


@pytest.mark.parametrize(("fn", "quoted", "name"), [
    ("qx_free_dma_ptr", "+void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr)", "qx_free_dma_ptr"),
    ("", "+unsigned int qx_ring_count = 4;", "qx_ring_count")])
def test_a_symbol_a_header_of_the_tree_declares_is_not_made_static(tmp_path, fn, quoted, name):
    """Before: static after the prototype (or extern) of internal.h, which the file includes: it does not build."""
    from cocci import apply as A
    from cocci import rules as RU
    from cocci.recipe import CodeContext
    s = sugg(QX, fn, [quoted], "missing static")
    ctx = CodeContext(QX, QX_SRC, fn, {QX: QX_SRC}, [], tree_read=QX_HEADERS.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {QX: QX_SRC}, tmp_path)
    assert (s.status, out[QX]) == (Status.MANUAL, QX_SRC)
    assert s.reason == (f"make-static: {name} is declared in drivers/net/wireless/qx/pcie/internal.h, which the patch "
                        "leaves as it is: a static definition after that declaration does not build, and whether the "
                        "declaration goes is for the author")


WRAPPED = """\
int qx_alloc_dma_ptr(struct qx_trans *trans,
\t\t     struct qx_dma_ptr *ptr, size_t size)
{
\tptr->addr = dma_alloc_coherent(trans->dev, size, &ptr->dma, GFP_KERNEL);
\treturn ptr->addr ? 0 : -ENOMEM;
}
"""


def test_the_parameters_under_the_parenthesis_follow_it(tmp_path):
    """Before: `static ` moved the parenthesis seven columns on, the second line of parameters stayed."""
    s = sugg(QX, "qx_alloc_dma_ptr", ["+int qx_alloc_dma_ptr(struct qx_trans *trans,"], "missing static")
    after, _, _ = pipeline(tmp_path, QX, WRAPPED, [s])
    assert (s.kind, s.status) == ("make-static", Status.APPLIED), s.reason
    assert hunks(QX, WRAPPED, after)[:5] == [
        "@@ -1,5 +1,5 @@",
        "-int qx_alloc_dma_ptr(struct qx_trans *trans,",
        "-\t\t     struct qx_dma_ptr *ptr, size_t size)",
        "+static int qx_alloc_dma_ptr(struct qx_trans *trans,",
        "+\t\t\t    struct qx_dma_ptr *ptr, size_t size)"]
