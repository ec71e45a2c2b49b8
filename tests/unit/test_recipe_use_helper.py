"""use-helper: the open-coded form in the quote becomes the helper the reviewer names (real 6.12 code)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def respin_one(tmp_path: Path, path: str, text: str, fn: str, quoted: list[str], comment: str,
               answer: str = "Will do.") -> tuple[Suggestion, list[str], str]:
    """Plan, render and apply one accepted suggestion; (suggestion, changed diff lines, new text)."""
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Takashi Reviewer"), comment=comment,
                   anchor=Anchor(file=path, function=fn, code=[q[1:].strip() for q in quoted]),
                   quoted=quoted, response=Response.ACCEPTED, response_text=answer, kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, fn, {path: text}, [])})
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {path: text}, tmp_path)
    lines = [ln for e in edits for ln in e.diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")]
    return s, lines, files[path]


def v4(kernel_source, path: str, real: str, patched: str) -> str:
    text = kernel_source(path)
    assert text.count(real) == 1
    return text.replace(real, patched)


def test_array_size_in_a_sound_driver_loop(tmp_path, kernel_source):
    real = "enabled */\n\tfor (i = 0; i < ARRAY_SIZE(jack->key); i++) {"
    text = v4(kernel_source, "sound/core/jack.c", real,
              real.replace("ARRAY_SIZE(jack->key)", "sizeof(jack->key) / sizeof(jack->key[0])"))
    s, diff, after = respin_one(tmp_path, "sound/core/jack.c", text, "snd_jack_dev_register",
                                ["+\tfor (i = 0; i < sizeof(jack->key) / sizeof(jack->key[0]); i++) {"],
                                "Please use ARRAY_SIZE().")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert s.rule == "cocci/01-use-helper-array_size.cocci"
    assert diff == ["-\tfor (i = 0; i < sizeof(jack->key) / sizeof(jack->key[0]); i++) {",
                    "+\tfor (i = 0; i < ARRAY_SIZE(jack->key); i++) {"]
    assert after == kernel_source("sound/core/jack.c")


def test_div_round_up_asked_as_a_question_in_mm(tmp_path, kernel_source):
    real = "\tmax_idx = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE);\n\tif (unlikely(index >= max_idx))\n" \
           "\t\treturn VM_FAULT_SIGBUS;\n\n\ttrace_mm"
    text = v4(kernel_source, "mm/filemap.c", real,
              real.replace("DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE)",
                           "(i_size_read(inode) + PAGE_SIZE - 1) / PAGE_SIZE"))
    s, diff, _ = respin_one(tmp_path, "mm/filemap.c", text, "filemap_fault",
                            ["+\tmax_idx = (i_size_read(inode) + PAGE_SIZE - 1) / PAGE_SIZE;"], "DIV_ROUND_UP()?")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert diff == ["-\tmax_idx = (i_size_read(inode) + PAGE_SIZE - 1) / PAGE_SIZE;",
                    "+\tmax_idx = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE);"]
    assert s.summary == "Use DIV_ROUND_UP() in filemap_fault()"


def test_div_round_up_open_coded_with_numbers_in_lib(tmp_path, kernel_source):
    real = "\tmlen = DIV_ROUND_UP(mblen, 8);\n"
    text = v4(kernel_source, "lib/digsig.c", real, "\tmlen = (mblen + 7) / 8;\n")
    s, diff, after = respin_one(tmp_path, "lib/digsig.c", text, "digsig_verify_rsa", ["+\tmlen = (mblen + 7) / 8;"],
                                "Use DIV_ROUND_UP().")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert diff == ["-\tmlen = (mblen + 7) / 8;", "+\tmlen = DIV_ROUND_UP(mblen, 8);"]
    assert after == kernel_source("lib/digsig.c")
    # the rule names the one pair of numbers the code writes, besides the two general forms
    rule = RU.render(RU.plan([s], {s.id: CodeContext("lib/digsig.c", text, "digsig_verify_rsa",
                                                      {"lib/digsig.c": text}, [])}))[0].text
    assert "- (X@p + 7) / 8\n+ DIV_ROUND_UP(X, 8)" in rule
    assert rule.count("DIV_ROUND_UP(X,") == 3


@pytest.mark.parametrize("code", ["\tmlen = (mblen + 8) / 8;", "\tmlen = (mblen + 7) / 7;"])
def test_numbers_that_do_not_round_up_are_no_div_round_up(tmp_path, kernel_source, code):
    text = v4(kernel_source, "lib/digsig.c", "\tmlen = DIV_ROUND_UP(mblen, 8);\n", code + "\n")
    s, diff, after = respin_one(tmp_path, "lib/digsig.c", text, "digsig_verify_rsa", ["+" + code],
                                "Use DIV_ROUND_UP().")
    assert after == text and diff == []
    assert s.status == Status.MANUAL
    assert "no open-coded form of it that respin knows" in s.reason


def test_min_over_a_conditional_split_on_two_lines(tmp_path, kernel_source):
    text = v4(kernel_source, "kernel/kcov.c", "bytes_to_move = min(dst_free, src_len << entry_size_log);",
              "bytes_to_move = dst_free < (src_len << entry_size_log) ?\n\t\t\tdst_free : (src_len << entry_size_log);")
    s, diff, _ = respin_one(tmp_path, "kernel/kcov.c", text, "kcov_move_area",
                            ["+\tbytes_to_move = dst_free < (src_len << entry_size_log) ?",
                             "+\t\t\tdst_free : (src_len << entry_size_log);"], "Nit: min() instead?")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert diff == ["-\tbytes_to_move = dst_free < (src_len << entry_size_log) ?",
                    "-\t\t\tdst_free : (src_len << entry_size_log);",
                    "+\tbytes_to_move = min(dst_free, (src_len << entry_size_log));"]


def test_min_over_a_value_clamped_in_place_in_a_touchscreen_driver(tmp_path, kernel_source):
    text = v4(kernel_source, "drivers/input/touchscreen/hideep.c", "\tkey_count = min(key_count, HIDEEP_KEY_MAX);",
              "\tif (key_count > HIDEEP_KEY_MAX)\n\t\tkey_count = HIDEEP_KEY_MAX;")
    s, diff, _ = respin_one(tmp_path, "drivers/input/touchscreen/hideep.c", text, "hideep_parse_and_report",
                            ["+\tif (key_count > HIDEEP_KEY_MAX)", "+\t\tkey_count = HIDEEP_KEY_MAX;"], "min()")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert diff == ["-\tif (key_count > HIDEEP_KEY_MAX)", "-\t\tkey_count = HIDEEP_KEY_MAX;",
                    "+\tkey_count = min(key_count, HIDEEP_KEY_MAX);"]


def test_max_for_a_lower_bound_written_the_other_way_round(tmp_path, kernel_source):
    text = v4(kernel_source, "drivers/input/touchscreen/hideep.c", "\tkey_count = min(key_count, HIDEEP_KEY_MAX);",
              "\tif (1 > key_count)\n\t\tkey_count = 1;")
    s, diff, _ = respin_one(tmp_path, "drivers/input/touchscreen/hideep.c", text, "hideep_parse_and_report",
                            ["+\tif (1 > key_count)", "+\t\tkey_count = 1;"], "Use max() here?")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert diff == ["-\tif (1 > key_count)", "-\t\tkey_count = 1;", "+\tkey_count = max(key_count, 1);"]


def test_a_named_helper_without_its_open_coded_form_is_manual(tmp_path, kernel_source):
    text = kernel_source("mm/filemap.c")
    s, diff, after = respin_one(tmp_path, "mm/filemap.c", text, "filemap_fault",
                                ["+\tif (unlikely(index >= max_idx))"], "Use ARRAY_SIZE() here.")
    assert s.status == Status.MANUAL and diff == [] and after == text
    assert "ARRAY_SIZE() is named, but the quoted code has no open-coded form of it" in s.reason


STR = """\
static ssize_t qx_show(struct device *dev, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);

\tif (q->verbose)
\t\tdev_info(dev, "irq %s\\n", q->irq_on ? "on" : "off");
\treturn sysfs_emit(buf, "%s\\n", (q->flags & QX_EN) ? "enabled" : "disabled");
}
"""


@pytest.mark.parametrize("quoted,comment,old,new", [
    ('+\treturn sysfs_emit(buf, "%s\\n", (q->flags & QX_EN) ? "enabled" : "disabled");',
     "There is str_enabled_disabled() for exactly this.",
     '(q->flags & QX_EN) ? "enabled" : "disabled"', "str_enabled_disabled(q->flags & QX_EN)"),
    ('+\t\tdev_info(dev, "irq %s\\n", q->irq_on ? "on" : "off");', "str_on_off()",
     'q->irq_on ? "on" : "off"', "str_on_off(q->irq_on)"),
])
def test_a_string_choice_helper_by_its_name_alone(tmp_path, quoted, comment, old, new):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", STR, "qx_show", [quoted], comment)
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == STR.replace(old, new)


@pytest.mark.parametrize("comment", ["Use str_off_on() here.", "str_enable_disable() please"])
def test_a_string_choice_helper_whose_words_are_not_the_quoted_strings_is_manual(tmp_path, comment):
    quoted = '+\t\tdev_info(dev, "irq %s\\n", q->irq_on ? "on" : "off");'
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", STR, "qx_show", [quoted], comment)
    assert s.status == Status.MANUAL and "no open-coded form" in s.reason and after == STR


SEQ = """\
static int qx_get_clk(struct qx *q)
{
\tq->clk = devm_clk_get(q->dev, NULL);
\tif (IS_ERR(q->clk)) {
\t\treturn PTR_ERR(q->clk);
\t}

\treturn 0;
}

static int qx_get_reset(struct qx *q)
{
\tq->rst = devm_reset_control_get(q->dev, NULL);
\tif (IS_ERR(q->rst))
\t\treturn PTR_ERR(q->rst);
\tq->ready = true;
\treturn 0;
}
"""


def test_ptr_err_or_zero_by_its_name_under_the_quoted_tail(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", SEQ, "qx_get_clk",
                             ["+\tif (IS_ERR(q->clk)) {", "+\t\treturn PTR_ERR(q->clk);", "+\t}", "+", "+\treturn 0;"],
                             "PTR_ERR_OR_ZERO()")
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == SEQ.replace("\tif (IS_ERR(q->clk)) {\n\t\treturn PTR_ERR(q->clk);\n\t}\n\n\treturn 0;\n",
                                "\treturn PTR_ERR_OR_ZERO(q->clk);\n")


def test_ptr_err_or_zero_where_something_runs_between_is_manual(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", SEQ, "qx_get_reset",
                             ["+\tif (IS_ERR(q->rst))", "+\t\treturn PTR_ERR(q->rst);", "+\tq->ready = true;",
                              "+\treturn 0;"], "Use PTR_ERR_OR_ZERO().")
    assert s.status == Status.MANUAL and "no open-coded form" in s.reason and after == SEQ


def test_min_over_a_braced_clamp_quoted_down_to_its_closing_brace(tmp_path, kernel_source):
    text = v4(kernel_source, "drivers/input/touchscreen/hideep.c", "\tkey_count = min(key_count, HIDEEP_KEY_MAX);",
              "\tif (key_count > HIDEEP_KEY_MAX) {\n\t\tkey_count = HIDEEP_KEY_MAX;\n\t}")
    brace = text.splitlines().index("\t\tkey_count = HIDEEP_KEY_MAX;") + 2
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Takashi Reviewer"),
                   comment="min() instead of the open-coded if.",
                   anchor=Anchor(file="drivers/input/touchscreen/hideep.c", function="hideep_parse_and_report",
                                 code=["}"], lines=(brace, brace)),
                   quoted=["+\t}"], response=Response.ACCEPTED, response_text="", kind="code",
                   quote=["\tif (key_count > HIDEEP_KEY_MAX) {", "\t\tkey_count = HIDEEP_KEY_MAX;", "\t}"])
    path = "drivers/input/touchscreen/hideep.c"
    planned = RU.plan([s], {s.id: CodeContext(path, text, s.anchor.function, {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert files[path] == kernel_source(path)


FLEX = """\
static struct qx_ring *qx_ring_alloc(struct qx *q)
{
\tstruct qx_ring *ring;

\tring = kzalloc(sizeof(*ring) + sizeof(*ring->slots) * q->n, GFP_KERNEL);
\treturn ring;
}

static struct qx_ring *qx_ring_alloc2(struct qx *q)
{
\tstruct qx_ring *ring;

\tring = kzalloc(sizeof(struct qx_ring) + q->n * sizeof(struct qx_slot), GFP_KERNEL);
\treturn ring;
}
"""


def test_struct_size_by_its_name_for_a_struct_with_a_flexible_array(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", FLEX, "qx_ring_alloc",
                             ["+\tring = kzalloc(sizeof(*ring) + sizeof(*ring->slots) * q->n, GFP_KERNEL);"],
                             "struct_size()")
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == FLEX.replace("sizeof(*ring) + sizeof(*ring->slots) * q->n", "struct_size(ring, slots, q->n)")


def test_struct_size_where_the_member_is_not_written_is_manual(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", FLEX, "qx_ring_alloc2",
                             ["+\tring = kzalloc(sizeof(struct qx_ring) + q->n * sizeof(struct qx_slot), GFP_KERNEL);"],
                             "Use struct_size() here.")
    assert s.status == Status.MANUAL and after == FLEX


MULTI = """\
static int qx_probe(struct device *dev, struct qx *q)
{
\tq->ring = kzalloc(sizeof(*q->ring) +
\t\t\t  QX_SLOTS * sizeof(q->ring->slots[0]),
\t\t\t  GFP_KERNEL);
\tif (!q->ring)
\t\treturn -ENOMEM;
\treturn 0;
}
"""


def test_a_multi_line_form_with_a_design_request_beside_it_is_done_in_part_and_says_so(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", MULTI, "qx_probe",
                             ["+\tq->ring = kzalloc(sizeof(*q->ring) +",
                              "+\t\t\t  QX_SLOTS * sizeof(q->ring->slots[0]),", "+\t\t\t  GFP_KERNEL);"],
                             "This is never freed. Use devm_kzalloc(), and struct_size() for the size.")
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert s.reason == "partly: the rest is left to the author (devm_kzalloc(): a change of design)"
    assert "q->ring = kzalloc(struct_size(q->ring, slots, QX_SLOTS),\n" in after and "devm_" not in after


CLAMPS = """\
static void qx_level(struct qx *q, int level)
{
\tif (level < QX_MIN)
\t\tlevel = QX_MIN;
\telse if (level > QX_MAX)
\t\tlevel = QX_MAX;
\tq->level = level;
}
"""


def test_clamp_for_a_chain_that_bounds_a_value_on_both_sides(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", CLAMPS, "qx_level",
                             ["+\tif (level < QX_MIN)", "+\t\tlevel = QX_MIN;", "+\telse if (level > QX_MAX)",
                              "+\t\tlevel = QX_MAX;"], "clamp()")
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == CLAMPS.replace("\tif (level < QX_MIN)\n\t\tlevel = QX_MIN;\n\telse if (level > QX_MAX)\n"
                                   "\t\tlevel = QX_MAX;\n", "\tlevel = clamp(level, QX_MIN, QX_MAX);\n")


BOUNDS = """\
struct qx_state {
\tunsigned long limit;
\tint floor;
};

static void qx_bound(struct qx_state *st, int level, unsigned int rate, unsigned int top)
{
\tif (level > st->limit)
\t\tlevel = st->limit;
\tif (level < st->floor)
\t\tlevel = st->floor;
\tif (rate > top)
\t\trate = top;
\tif (rate > 10)
\t\trate = 10;
\telse if (rate < 20)
\t\trate = 20;
\tst->floor = level + rate;
}
"""


def test_min_of_operands_of_different_types_is_manual(tmp_path):
    """level is an int, st->limit an unsigned long: the kernel's min() refuses to compare them."""
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", BOUNDS, "qx_bound",
                             ["+\tif (level > st->limit)", "+\t\tlevel = st->limit;"], "Use min().")
    assert (s.status, after) == (Status.MANUAL, BOUNDS)
    assert s.reason == ("use-helper: min() of level (int) and st->limit (unsigned long): the kernel's min() wants "
                        "operands of one type; min_t() and the type to compare in are for the author")


@pytest.mark.parametrize("quoted,old,new", [
    (["+\tif (level < st->floor)", "+\t\tlevel = st->floor;"],
     "\tif (level < st->floor)\n\t\tlevel = st->floor;\n", "\tlevel = max(level, st->floor);\n"),
    (["+\tif (rate > top)", "+\t\trate = top;"], "\tif (rate > top)\n\t\trate = top;\n", "\trate = min(rate, top);\n"),
])
def test_min_and_max_of_operands_of_one_type(tmp_path, quoted, old, new):
    helper = "max()" if "<" in quoted[0] else "min()"
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", BOUNDS, "qx_bound", quoted, f"Use {helper}.")
    assert s.status == Status.APPLIED, s.reason
    assert after == BOUNDS.replace(old, new)


def test_clamp_of_a_chain_with_its_bounds_reversed_is_manual(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", BOUNDS, "qx_bound",
                             ["+\tif (rate > 10)", "+\t\trate = 10;", "+\telse if (rate < 20)", "+\t\trate = 20;"],
                             "clamp()")
    assert (s.status, after) == (Status.MANUAL, BOUNDS)
    assert s.reason == ("use-helper: clamp() with the low bound 20 above the high bound 10: the quoted chain does "
                        "not clamp and the kernel's clamp() refuses it")


TWO_CHOICES = """\
#include <linux/sysfs.h>

static ssize_t qx_state_show(struct qx *q, char *buf)
{
\tint n;

\tn = sprintf(buf, "%s ", q->powered ? "on" : "off");
\tn += sprintf(buf + n, "%s\\n", q->muted ? "on" : "off");
\treturn n;
}
"""


def test_a_string_choice_on_each_of_two_quoted_lines(tmp_path):
    """Both quoted lines hold the open-coded choice: both change, and the header comes along (the lines
    were told apart by words the string mask hid: one changed, the rule failed, the header stayed)."""
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", TWO_CHOICES, "qx_state_show",
                             ["+\tn = sprintf(buf, \"%s \", q->powered ? \"on\" : \"off\");",
                              "+\tn += sprintf(buf + n, \"%s\\n\", q->muted ? \"on\" : \"off\");"], "Use str_on_off().")
    assert s.status == Status.APPLIED, s.reason
    assert after == TWO_CHOICES.replace("#include <linux/sysfs.h>\n", "#include <linux/string_choices.h>\n"
                                        "#include <linux/sysfs.h>\n") \
        .replace("q->powered ? \"on\" : \"off\"", "str_on_off(q->powered)") \
        .replace("q->muted ? \"on\" : \"off\"", "str_on_off(q->muted)")


RINGS = """\
struct qx_ring {
\tunsigned int count;
\tu32 *shadow;
\tu32 spare[4];
\tu32 slots[];
};

static struct qx_ring *qx_ring_alloc(unsigned int n)
{
\tstruct qx_ring *r;

\tr = kzalloc(sizeof(*r) + n * sizeof(r->shadow[0]), GFP_KERNEL);
\tr = kzalloc(sizeof(*r) + n * sizeof(r->spare[0]), GFP_KERNEL);
\tr = kzalloc(sizeof(*r) + n * sizeof(r->slots[0]), GFP_KERNEL);
\treturn r;
}
"""


@pytest.mark.parametrize("member,what", [("shadow", "*shadow: shadow is a pointer"),
                                         ("spare", "spare[4]: spare is an array of fixed size")])
def test_struct_size_of_a_member_that_is_no_flexible_array_is_manual(tmp_path, member, what):
    """struct_size() wants a flexible array: of a pointer it does not build, of a fixed array it sizes nothing."""
    line = f"+\tr = kzalloc(sizeof(*r) + n * sizeof(r->{member}[0]), GFP_KERNEL);"
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", RINGS, "qx_ring_alloc", [line], "Use struct_size().")
    assert (s.status, after) == (Status.MANUAL, RINGS)
    assert s.reason == (f"use-helper: struct qx_ring declares {what}, not a flexible array; struct_size() is for "
                        "a flexible array member")


def test_struct_size_of_a_flexible_array(tmp_path):
    line = "+\tr = kzalloc(sizeof(*r) + n * sizeof(r->slots[0]), GFP_KERNEL);"
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", RINGS, "qx_ring_alloc", [line], "Use struct_size().")
    assert s.status == Status.APPLIED, s.reason
    assert after == RINGS.replace("sizeof(*r) + n * sizeof(r->slots[0])", "struct_size(r, slots, n)")


def test_a_helper_named_only_to_prefer_the_code_as_it_is_changes_nothing(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", BOUNDS, "qx_bound",
                             ["+\tif (rate > top)", "+\t\trate = top;"],
                             "Someone will suggest min() here, but the open-coded form is clearer.")
    assert s.status != Status.APPLIED and after == BOUNDS


INC = "#include <linux/device.h>\n\n" + STR


@pytest.mark.parametrize("comment", [
    "str_on_off(q->irq_on), and include <linux/string_choices.h> for it.",
    "nit: str_on_off(q->irq_on) reads better; it lives in <linux/string_choices.h>",
])
def test_the_helper_written_out_first_then_its_header(tmp_path, comment):
    # the comment opens with the replacement itself: more words after it (the header to include)
    # make it no less a request, and the header comes with the helper
    quoted = '+\t\tdev_info(dev, "irq %s\\n", q->irq_on ? "on" : "off");'
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", INC, "qx_show", [quoted], comment)
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == INC.replace('q->irq_on ? "on" : "off"', "str_on_off(q->irq_on)").replace(
        "#include <linux/device.h>\n", "#include <linux/device.h>\n#include <linux/string_choices.h>\n")


PDATA = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct qx_pdata *pdata = pdev->dev.platform_data;
\tstruct device *dev = &pdev->dev;
\tstruct qx_pdata *alt = dev->platform_data;

\tif (!pdata)
\t\tdev->platform_data = &qx_default_pdata;
\treturn 0;
}
"""


@pytest.mark.parametrize("quoted, comment, old, new", [
    ("\tstruct qx_pdata *pdata = pdev->dev.platform_data;", "Please use dev_get_platdata().",
     "pdev->dev.platform_data;", "dev_get_platdata(&pdev->dev);"),
    ("\tstruct qx_pdata *alt = dev->platform_data;", "dev_get_platdata(dev)",
     "= dev->platform_data;", "= dev_get_platdata(dev);"),
])
def test_dev_get_platdata_for_a_read_of_the_member(tmp_path, quoted, comment, old, new):
    s, lines, after = respin_one(tmp_path, "drivers/misc/qx.c", PDATA, "qx_probe", ["+" + quoted], comment)
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == PDATA.replace(old, new, 1)


def test_dev_get_platdata_for_a_write_of_the_member_is_manual(tmp_path):
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", PDATA, "qx_probe",
                             ["+\tif (!pdata)", "+\t\tdev->platform_data = &qx_default_pdata;"],
                             "Use dev_get_platdata() here")
    assert s.status == Status.MANUAL and "writes what dev_get_platdata() reads" in s.reason and after == PDATA


def test_bit_on_the_continuation_line_of_a_call(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    src = ("static int qx_sleep(struct qx *q)\n{\n\treturn regmap_update_bits(q->map, QX_CONF_REG,\n"
           "\t\t\t\t  1 << 8, 0);\n}\n")
    s = ksugg("drivers/misc/qx.c", "qx_sleep", ["+\treturn regmap_update_bits(q->map, QX_CONF_REG,",
                                                "+\t\t\t\t  1 << 8, 0);"], "prefer BIT() over (1 << 8)")
    after = applied(tmp_path, "drivers/misc/qx.c", src, s)[0]
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == src.replace("1 << 8, 0", "BIT(8), 0")


def test_bit_takes_the_parentheses_of_the_shift_with_it(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    src = "static u8 qx_flags(struct qx *q)\n{\n\treturn q->ctrl | (1 << 7);\n}\n"
    s = ksugg("drivers/misc/qx.c", "qx_flags", ["+\treturn q->ctrl | (1 << 7);"], "Prefer BIT(7) over (1 << 7).")
    after = applied(tmp_path, "drivers/misc/qx.c", src, s)[0]
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert after == src.replace("(1 << 7)", "BIT(7)")


UNALIGNED = (KINDS / "qx_sample.c").read_text()


@pytest.mark.parametrize(("line", "helper"), [("\t*val = (buf[1] << 8) | buf[0];", "get_unaligned_le16"),
                                              ("\t*val = buf[1] | buf[0] << 8;", "get_unaligned_be16")])
def test_two_bytes_read_as_a_16_bit_value(tmp_path, line, helper):
    text = UNALIGNED.replace("\t*val = (buf[1] << 8) | buf[0];", line)
    path = "drivers/iio/light/qx.c"
    s = sugg(path, "qx_read_sample", ["+" + line], f"Use {helper}().")
    after, _, _ = pipeline(tmp_path, path, text, [s])
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert [h for h in hunks(path, text, after) if h[:1] in "+-"] == [
        "+#include <linux/unaligned.h>", "-" + line, f"+\t*val = {helper}(buf);"]


def test_two_signed_bytes_are_no_unaligned_read(tmp_path):
    text = UNALIGNED.replace("\tu8 buf[2];", "\tchar buf[2];")
    path = "drivers/iio/light/qx.c"
    s = sugg(path, "qx_read_sample", ["+\t*val = (buf[1] << 8) | buf[0];"], "get_unaligned_le16()")
    after, _, _ = pipeline(tmp_path, path, text, [s])
    assert after == text and s.status == Status.MANUAL
    assert "the elements of buf are char, not unsigned bytes" in s.reason


def test_an_unaligned_read_in_a_tree_before_6_12_includes_asm_after_the_linux_headers(tmp_path):
    """A tree without <linux/unaligned.h> has the accessors in <asm/unaligned.h>; a file with no <asm/...>
    line gets it after its last <linux/...> one (before: the helper came without any header)."""
    line = "\t*val = buf[1] | buf[0] << 8;"
    text = UNALIGNED.replace("\t*val = (buf[1] << 8) | buf[0];", line)
    assert "#include <asm/" not in text
    path = "drivers/iio/light/qx.c"
    s = sugg(path, "qx_read_sample", ["+" + line], "Use get_unaligned_be16().")
    ctx = CodeContext(path, text, s.anchor.function, {path: text}, [(s.id, s.quoted)], tree_read=lambda p: None)
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    assert (s.kind, s.status) == ("use-helper", Status.APPLIED), s.reason
    assert [h for h in hunks(path, text, files[path]) if h[:1] in "+- "][:3] == [
        " #include <linux/i2c.h>", " #include <linux/regmap.h>", "+#include <asm/unaligned.h>"]
    assert [h for h in hunks(path, text, files[path]) if h[:1] in "+-"] == [
        "+#include <asm/unaligned.h>", "-" + line, "+\t*val = get_unaligned_be16(buf);"]




NBYTES = """\
static unsigned int qx_frame_bytes(unsigned int bits)
{
\tunsigned int nbytes;

\tnbytes = (bits + 7) / 8;
\treturn nbytes + 2;
}
"""


def test_a_helper_named_as_the_one_to_replace_is_not_brought_in(tmp_path):
    """Before: "BITS_TO_BYTES() instead of DIV_ROUND_UP() open-coded." made DIV_ROUND_UP(bits, 8), the helper
    the reviewer put aside, and said applied."""
    s, diff, after = respin_one(tmp_path, "drivers/misc/qx.c", NBYTES, "qx_frame_bytes",
                                ["+\tnbytes = (bits + 7) / 8;"],
                                "BITS_TO_BYTES() instead of DIV_ROUND_UP() open-coded.")
    assert (diff, after) == ([], NBYTES)
    assert (s.status, s.reason) == (Status.MANUAL, "no recipe understands this comment")


SECS = NBYTES.replace("bits", "ms").replace("nbytes", "secs").replace("(ms + 7) / 8", "(ms + 999) / 1000") \
    .replace("qx_frame_bytes", "qx_period_secs")


def test_the_helper_written_with_a_name_the_quote_lacks_is_not_made_of_the_quoted_numbers(tmp_path):
    """Before: "DIV_ROUND_UP(ms, MSEC_PER_SEC)" made DIV_ROUND_UP(ms, 1000), not the call the reviewer wrote,
    and said applied."""
    s, diff, after = respin_one(tmp_path, "drivers/misc/qx.c", SECS, "qx_period_secs",
                                ["+\tsecs = (ms + 999) / 1000;"], "DIV_ROUND_UP(ms, MSEC_PER_SEC)")
    assert (diff, after) == ([], SECS)
    assert (s.status, s.reason) == (Status.MANUAL, "no recipe understands this comment")


def test_the_helper_written_with_the_quoted_operands_is_made(tmp_path):
    s, diff, _ = respin_one(tmp_path, "drivers/misc/qx.c", SECS, "qx_period_secs",
                            ["+\tsecs = (ms + 999) / 1000;"], "DIV_ROUND_UP(ms, 1000)")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper")
    assert diff == ["-\tsecs = (ms + 999) / 1000;", "+\tsecs = DIV_ROUND_UP(ms, 1000);"]


def test_the_open_code_named_as_the_helper_s_work_asks_for_it(tmp_path):
    line = "+\tr = kzalloc(sizeof(*r) + n * sizeof(r->slots[0]), GFP_KERNEL);"
    s, _, after = respin_one(tmp_path, "drivers/misc/qx.c", RINGS, "qx_ring_alloc", [line],
                             "This is exactly what struct_size() is for, it saturates on overflow.")
    assert (s.kind, s.status, s.reason) == ("use-helper", Status.APPLIED, "")
    assert after == RINGS.replace("sizeof(*r) + n * sizeof(r->slots[0])", "struct_size(r, slots, n)")
