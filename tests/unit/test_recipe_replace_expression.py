"""replace-expression: an expression written as the whole comment ("BIT(7)", "sizeof(*p->buf)",
"GENMASK(7, 4)") replaces the one part of the quoted line it stands for, in or outside functions;
an expression that lines up with nothing or with several parts is manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes.replace_expression import expression, instead
from patches.model import Status, Suggestion
from tests.unit.kinds_support import KINDS, applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
#define QX_CTRL_EN (1 << 7)
#define QX_CTRL_MODE_MASK 0xf0
#define QX_CTRL_BOTH ((1 << 2) | (1 << 2))

static int qx_setup(struct device *dev, struct qx *q)
{
\tq->buf = devm_kcalloc(dev, q->n, sizeof(u8), GFP_KERNEL);
\tq->shadow_copy = devm_kcalloc(dev, QX_SHADOW_WORDS, sizeof(u32),
\t\t\t\t      GFP_KERNEL);
\tif (!q->buf)
\t\treturn -ENOMEM;
\tq->ctrl = (1 << 2) | (1 << 2);
\treturn 0;
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str, lines: tuple[int, int]) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="OK.", lines=lines)
    s.quote = [q[1:] for q in quoted]
    return s, applied(tmp_path, PATH, SRC, s)[0]


def on_line(tmp_path: Path, text: str, fn: str, line: int, comment: str) -> tuple[Suggestion, str]:
    """A suggestion with COMMENT quoting line LINE of TEXT (in function FN of PATH), and TEXT after it."""
    s = sugg(PATH, fn, ["+" + text.splitlines()[line - 1]], comment, answer="", lines=(line, line))
    return s, applied(tmp_path, PATH, text, s)[0]


def test_bit_for_a_shift_in_a_define(tmp_path):
    s, after = run(tmp_path, "", ["+#define QX_CTRL_EN (1 << 7)"], "BIT(7)", (1, 1))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("#define QX_CTRL_EN (1 << 7)", "#define QX_CTRL_EN BIT(7)")


def test_genmask_for_a_literal_of_its_value(tmp_path):
    s, after = run(tmp_path, "", ["+#define QX_CTRL_MODE_MASK 0xf0"], "GENMASK(7, 4)?", (2, 2))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("0xf0", "GENMASK(7, 4)")


def test_sizeof_of_the_pointer_for_sizeof_of_a_type(tmp_path):
    s, after = run(tmp_path, "qx_setup", ["+\tq->buf = devm_kcalloc(dev, q->n, sizeof(u8), GFP_KERNEL);"],
                   "sizeof(*q->buf)", (7, 7))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("sizeof(u8)", "sizeof(*q->buf)")


def test_a_last_argument_that_gets_too_long_moves_to_the_next_line(tmp_path):
    s, after = run(tmp_path, "qx_setup", ["+\tq->shadow_copy = devm_kcalloc(dev, QX_SHADOW_WORDS, sizeof(u32),"],
                   "sizeof(*q->shadow_copy)", (8, 8))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("QX_SHADOW_WORDS, sizeof(u32),\n\t\t\t\t      GFP_KERNEL);",
                                "QX_SHADOW_WORDS,\n\t\t\t\t      sizeof(*q->shadow_copy), GFP_KERNEL);")


def test_new_instead_of_old_names_the_part_meant(tmp_path):
    s, after = run(tmp_path, "qx_setup", ["+\tq->buf = devm_kcalloc(dev, q->n, sizeof(u8), GFP_KERNEL);"],
                   "Please use sizeof(*q->buf) instead of sizeof(u8).", (7, 7))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("sizeof(u8)", "sizeof(*q->buf)")


def test_an_expression_that_lines_up_with_two_places_is_manual(tmp_path):
    s, after = run(tmp_path, "", ["+#define QX_CTRL_BOTH ((1 << 2) | (1 << 2))"], "BIT(2)", (3, 3))
    assert s.status == Status.MANUAL and "ambiguous" in s.reason and after == SRC


def test_what_is_an_expression_comment():
    assert expression("BIT(7)") == ("BIT(7)", "BIT", ["7"])
    assert expression("Use sizeof(*p) here?") == ("sizeof(*p)", "sizeof", ["*p"])
    for no in ("min()", "dev_err_probe() please, it can be deferred.", "Please call foo(bar) in the loop too."):
        assert expression(no) is None, no
    assert instead("Prefer sizeof(*p) rather than sizeof(u8)") == ("sizeof(*p)", "sizeof(u8)")
    assert instead("Use kcalloc() instead of kzalloc()") is None          # a call rename: not this recipe


ELIDED = """\
static int qx_probe(struct i2c_client *client)
{
\tstruct device *dev = &client->dev;
\tint ret;

\tret = qx_reset(client);
\tif (ret)
\t\tdev_err(&client->dev, "reset failed: %d\\n", ret);
\treturn ret;
}
"""


@pytest.mark.parametrize("comment", ["dev_err(dev, ...), here and below.", "dev_err(dev, \u2026)"])
def test_a_call_written_with_its_arguments_left_out_is_not_written_in(tmp_path, comment):
    """"dev_err(dev, ...)" shows the call's shape: the dots are no argument, and the quoted call stays."""
    assert expression(comment) is None
    s, after = on_line(tmp_path, ELIDED, "qx_probe", 8, comment)
    assert s.kind != "replace-expression" and after == ELIDED


TYPES = """\
struct qx_regs {
\tuint16_t ctrl;
\tuint16_t stat;
};

static int qx_store(struct qx *q, const char *buf)
{
\tuint32_t val;
\tint ret;

\tret = kstrtou32(buf, 0, &val);
\tq->sum = (uint64_t)val + (uint64_t)q->base;
\treturn ret;
}
"""


def test_a_kernel_type_named_alone_replaces_its_c99_spelling_on_the_quoted_line(tmp_path):
    from cocci.recipes.replace_expression import type_request
    for comment, want in (("u32, please.", ("u32", "uint32_t")), ("u16 instead of uint16_t", ("u16", "uint16_t")),
                          ("Use s8.", ("s8", "int8_t")), ("u32 instead of uint64_t", None),
                          ("u32 is wrong here", None), ("bool", None)):
        assert type_request(comment) == want, comment
    s, after = on_line(tmp_path, TYPES, "qx_store", 8, "u32, please.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == TYPES.replace("\tuint32_t val;", "\tu32 val;")
    s, after = on_line(tmp_path, TYPES, "", 3, "u16 rather than uint16_t")
    assert s.status == Status.APPLIED, s.reason
    assert after == TYPES.replace("\tuint16_t stat;", "\tu16 stat;")


def test_a_kernel_type_for_a_line_with_two_c99_spellings_is_manual(tmp_path):
    s, after = on_line(tmp_path, TYPES, "qx_store", 12, "u64")
    assert s.status == Status.MANUAL and "2 places" in s.reason and after == TYPES


NULLS = """\
static int qx_bits(struct qx *q, u32 reg)
{
\tif (q->ring == NULL)
\t\treturn -ENOMEM;
\tif (reg & 0x08)
\t\tq->fast = true;
\tq->mode = (reg & 0x60) >> 5;
\treturn 0;
}
"""


def test_a_negated_pointer_alone_replaces_its_null_comparison(tmp_path):
    from cocci.recipes.replace_expression import null_test_request
    assert null_test_request("`!q->ring`, please.") == "q->ring"
    assert null_test_request("!ring") == "ring"
    assert null_test_request("!ring && foo") is None
    assert null_test_request("Use !ring instead of ring == NULL.") == "ring"
    assert null_test_request('Comparison to NULL could be written "!q->ring"') == "q->ring"
    s, after = on_line(tmp_path, NULLS, "qx_bits", 3, "!q->ring")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == NULLS.replace("q->ring == NULL", "!q->ring")


def test_bit_for_a_literal_of_its_value_but_not_for_a_shift_count(tmp_path):
    s, after = on_line(tmp_path, NULLS, "qx_bits", 5, "BIT(3)")
    assert s.status == Status.APPLIED, s.reason
    assert after == NULLS.replace("reg & 0x08", "reg & BIT(3)")
    s, after = on_line(tmp_path, NULLS, "qx_bits", 7, "BIT(5)")
    assert s.status == Status.MANUAL and after == NULLS


def test_bit_for_a_shift_in_parentheses_that_close_a_condition_keeps_the_condition_closed():
    from cocci.recipes.replace_expression import _aligned
    line = "\t\tif (regval & (1 << 13))"
    assert [line[a:b] for a, b in _aligned(line, "BIT", ["13"])] == ["(1 << 13)"]
    line = "\tmask = (1 << (13));"
    assert [line[a:b] for a, b in _aligned(line, "BIT", ["13"])] == ["(1 << (13))"]


CONST = """\
#define QX_EN\t\tBIT(1)
#define QX_MODE_MASK\tGENMASK(6, 5)
#define QX_TWO\t\t2

static int qx_mode(struct qx *q, u32 reg)
{
\tif (reg & 0x02)
\t\tq->on = true;
\tq->mode = (reg & 0x60) >> 5;
\treturn 0;
}
"""


def test_a_macro_the_file_defines_replaces_a_literal_of_its_value(tmp_path):
    from cocci.recipes.replace_expression import constant_request, constant_value
    assert constant_request("That is QX_EN.") == "QX_EN"
    assert constant_request("Use QX_MODE_MASK here?") == "QX_MODE_MASK"
    assert constant_request("That is wrong.") is None
    assert [constant_value(v) for v in ("BIT(1)", "(1U << 4)", "GENMASK(6, 5)", "0x10", "FOO + 1")] == \
        [2, 16, 0x60, 16, None]
    s, after = on_line(tmp_path, CONST, "qx_mode", 9, "That is QX_MODE_MASK.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == CONST.replace("(reg & 0x60)", "(reg & QX_MODE_MASK)")


def test_a_macro_of_a_value_the_line_holds_twice_or_not_at_all_is_manual(tmp_path):
    s, after = on_line(tmp_path, CONST, "qx_mode", 7, "That is QX_TWO... or QX_EN?")
    assert s.status != Status.APPLIED and after == CONST
    s, after = on_line(tmp_path, CONST, "qx_mode", 9, "That is QX_EN.")
    assert s.status == Status.MANUAL and "lines up with nothing" in s.reason and after == CONST


FIELDS = """\
#define QX_MODE\t\tGENMASK(6, 5)

static void qx_fields(struct qx *q, u32 reg, u32 mode)
{
\tq->mode = (reg & QX_MODE) >> 5;
\tq->raw = (reg & 0x60) >> 4;
\twritel(((mode << 5) & QX_MODE), q->base);
}
"""


def test_field_get_and_field_prep_for_the_open_coded_shift_and_mask(tmp_path):
    s, after = on_line(tmp_path, FIELDS, "qx_fields", 5, "FIELD_GET(QX_MODE, reg)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == FIELDS.replace("(reg & QX_MODE) >> 5", "FIELD_GET(QX_MODE, reg)")
    s = sugg(PATH, "qx_fields", ["+\twritel(((mode << 5) & QX_MODE), q->base);"], "FIELD_PREP(QX_MODE, mode)",
             answer="", lines=(7, 7))
    after = applied(tmp_path, PATH, FIELDS, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == FIELDS.replace("((mode << 5) & QX_MODE)", "FIELD_PREP(QX_MODE, mode)")


def test_field_get_with_a_shift_other_than_the_mask_s_is_manual(tmp_path):
    s, after = on_line(tmp_path, FIELDS, "qx_fields", 6, "FIELD_GET(QX_MODE, reg)")
    assert s.status == Status.MANUAL and after == FIELDS


DEREF = """\
static int qx_take(struct qx *q, char **slot, int off)
{
\tif (*slot == NULL)
\t\treturn -ENOENT;
\tif (q->base + off == NULL)
\t\treturn -EINVAL;
\treturn q->ring == NULL ? -ENOMEM : 0;
}
"""


@pytest.mark.parametrize("line,comment", [(3, "!slot"), (5, "!off")])
def test_a_null_comparison_of_a_larger_operand_is_not_the_named_pointer_s(tmp_path, line, comment):
    """`*slot == NULL` compares *slot, `q->base + off == NULL` compares the sum: `!slot` / `!off` written
    into them would test something else (`*!slot`, `q->base + !off`)."""
    s, after = on_line(tmp_path, DEREF, "qx_take", line, comment)
    assert s.status == Status.MANUAL and "lines up with nothing" in s.reason and after == DEREF


def test_a_null_comparison_that_is_a_whole_operand_of_the_conditional_operator(tmp_path):
    s, after = on_line(tmp_path, DEREF, "qx_take", 7, "!q->ring")
    assert s.status == Status.APPLIED, s.reason
    assert after == DEREF.replace("q->ring == NULL ?", "!q->ring ?")


COUNTS = """\
#define QX_RESET\tBIT(1)

static int qx_fill(struct qx *q, u32 reg)
{
\tchar name[16];
\tint tries = 8;

\tq->lanes = 2;
\twritel(0x10, q->base);
\treg |= 16;
\treturn tries + sizeof(name);
}
"""


@pytest.mark.parametrize("line,comment,value", [(5, "BIT(4)", 16), (6, "BIT(3)", 8), (8, "GENMASK(1, 1)", 2)])
def test_a_bit_helper_for_a_count_or_size_is_manual(tmp_path, line, comment, value):
    """An array size, a retry count, a number of lanes hold the value of BIT(n) without being a mask."""
    s, after = on_line(tmp_path, COUNTS, "qx_fill", line, comment)
    assert s.status == Status.MANUAL and after == COUNTS
    assert s.reason.startswith(f"replace-expression: {comment} would stand for {value}, which the quoted code uses "
                               "as a count or size, not as a mask (no bit operation takes it)"), s.reason


def test_a_mask_macro_named_for_a_count_is_manual(tmp_path):
    s, after = on_line(tmp_path, COUNTS, "qx_fill", 8, "That is QX_RESET.")
    assert s.status == Status.MANUAL and after == COUNTS


@pytest.mark.parametrize("line,comment,old,new", [(9, "BIT(4)", "writel(0x10,", "writel(BIT(4),"),
                                                  (10, "BIT(4)", "reg |= 16;", "reg |= BIT(4);")])
def test_a_bit_helper_for_a_register_value_or_a_bit_operand(tmp_path, line, comment, old, new):
    s, after = on_line(tmp_path, COUNTS, "qx_fill", line, comment)
    assert s.status == Status.APPLIED, s.reason
    assert after == COUNTS.replace(old, new)


def test_a_kernel_type_in_a_uapi_header_is_manual(tmp_path):
    """User space has no u32: a uapi header spells it __u32."""
    src = "struct qx_req {\n\tuint32_t flags;\n\tuint64_t addr;\n};\n"
    s = sugg("include/uapi/linux/qx.h", "", ["+\tuint32_t flags;"], "u32, please.", answer="", lines=(2, 2))
    after = applied(tmp_path, "include/uapi/linux/qx.h", src, s)[0]
    assert (s.status, after) == (Status.MANUAL, src)
    assert s.reason.startswith("replace-expression: include/uapi/linux/qx.h is a uapi header: u32 is not exported "
                               "to user space (its spelling there is __u32)"), s.reason


def test_field_get_with_a_mask_of_bits_apart_is_manual(tmp_path):
    """FIELD_GET() checks at build time that its mask is one run of bits: 0x50 is not."""
    src = "#define QX_ODD\t\t0x50\n\nstatic u32 qx_odd(u32 reg)\n{\n\treturn (reg & QX_ODD) >> 4;\n}\n"
    s = sugg(PATH, "qx_odd", ["+\treturn (reg & QX_ODD) >> 4;"], "FIELD_GET(QX_ODD, reg)", answer="", lines=(5, 5))
    after = applied(tmp_path, PATH, src, s)[0]
    assert (s.status, after) == (Status.MANUAL, src)


@pytest.mark.parametrize("comment", [
    "Since this line is being rewritten anyway: sizeof(*q->buf) instead of sizeof(u8).",
    "While at it, please use sizeof(*q->buf) instead of sizeof(u8), it follows the type.",
])
def test_new_instead_of_old_after_a_lead_in_or_before_a_reason(tmp_path, comment):
    """Before: a clause before NEW or after OLD made the comment no expression pair at all (manual)."""
    s, after = run(tmp_path, "qx_setup", ["+\tq->buf = devm_kcalloc(dev, q->n, sizeof(u8), GFP_KERNEL);"],
                   comment, (7, 7))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("sizeof(u8)", "sizeof(*q->buf)")


def test_instead_takes_a_clause_only_when_both_sides_are_expressions_of_one_head():
    assert instead("Hmm, bar(x) instead of foo(x)?") is None
    assert instead("As said, foo(a, 1) instead of foo(a, 2), the lanes are swapped.") == ("foo(a, 1)", "foo(a, 2)")


@pytest.mark.parametrize("comment", ["BIT(7), as in the rest of the file.", "BIT(7) (like everywhere else here)",
                                     "BIT(7) for consistency", "Please use BIT(7), that's the preferred style.",
                                     "BIT(7), which is what coding-style asks for."])
def test_the_expression_followed_by_why(tmp_path, comment):
    # the reason after the expression is no part of it: the expression is still the whole request
    s, after = run(tmp_path, "", ["+#define QX_CTRL_EN (1 << 7)"], comment, (1, 1))
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("#define QX_CTRL_EN (1 << 7)", "#define QX_CTRL_EN BIT(7)")


def test_a_comparison_to_null_asked_away_with_a_reason(tmp_path):
    text = SRC.replace("\tif (!q->buf)", "\tif (q->buf == NULL)")
    s, after = on_line(tmp_path, text, "qx_setup", 10, "if (!q->buf), like everywhere else.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC


JOIN = """\
static int qx_probe(struct phy_device *phydev)
{
\tstruct qx_priv *priv;

\tpriv = devm_kzalloc(&phydev->mdio.dev, sizeof(struct qx_priv_with_long_name),
\t\t\t    GFP_KERNEL);
\tif (!priv)
\t\treturn -ENOMEM;
\tpriv->regs = kcalloc(QX_NREGS, sizeof(unsigned short),
\t\t\t     GFP_KERNEL);
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["sizeof(*priv)", "Nit: sizeof(*priv) please."])
def test_a_statement_wrapped_for_length_is_joined_when_it_fits(tmp_path, comment):
    s, after = on_line(tmp_path, JOIN, "qx_probe", 5, comment)
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == JOIN.replace("sizeof(struct qx_priv_with_long_name),\n\t\t\t    GFP_KERNEL);",
                                 "sizeof(*priv), GFP_KERNEL);")


def test_a_statement_wrapped_though_it_fitted_stays_wrapped(tmp_path):
    s, after = on_line(tmp_path, JOIN, "qx_probe", 9, "sizeof(*priv->regs)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == JOIN.replace("sizeof(unsigned short),\n", "sizeof(*priv->regs),\n")


# ---------------------------------------------------------------- a value spelled with the kernel's unit constants

UNITS = """\
#include <linux/device.h>
#include <linux/slab.h>

#define QX_MAX_DELAY 60000

static int qx_wait(struct qx *q)
{
\tq->buf = kmalloc(4096, GFP_KERNEL);
\tq->ticks = q->elapsed / 60000;
\tq->pair = 4096 + 4096;
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["Spell it (60 * MSEC_PER_SEC) please, a bare 60000 makes the reader count "
                                     "the zeroes.", "60 * MSEC_PER_SEC?"])
def test_a_value_spelled_with_a_time_constant_in_a_macro_body(tmp_path, comment):
    s, after = on_line(tmp_path, UNITS, "", 4, comment)
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == UNITS.replace("#define QX_MAX_DELAY 60000", "#define QX_MAX_DELAY (60 * MSEC_PER_SEC)")


def test_a_size_constant_brings_its_header(tmp_path):
    s, after = on_line(tmp_path, UNITS, "qx_wait", 8, "Use SZ_4K instead of the bare 4096.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == UNITS.replace("kmalloc(4096,", "kmalloc(SZ_4K,").replace(
        "#include <linux/device.h>\n", "#include <linux/device.h>\n#include <linux/sizes.h>\n")


def test_a_product_next_to_an_operator_goes_in_parentheses(tmp_path):
    s, after = on_line(tmp_path, UNITS, "qx_wait", 9, "nit: 60 * MSEC_PER_SEC reads better")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == UNITS.replace("q->elapsed / 60000;", "q->elapsed / (60 * MSEC_PER_SEC);")


def test_a_value_twice_on_the_line_is_manual(tmp_path):
    s, after = on_line(tmp_path, UNITS, "qx_wait", 10, "SZ_4K")
    assert s.status == Status.MANUAL and "lines up with 2 places" in s.reason
    assert after == UNITS


@pytest.mark.parametrize("comment", ["No need for MSEC_PER_SEC here, 60000 is fine.",
                                     "Use 60000 instead of 60 * MSEC_PER_SEC"])
def test_a_unit_constant_declined_or_taken_away_is_not_written(tmp_path, comment):
    s, after = on_line(tmp_path, UNITS, "", 4, comment)
    assert s.status != Status.APPLIED and after == UNITS


COUNTED = """\
struct qx_state {
\tu16 buf[QX_NBUF];
\tint scale;
};

#define QX_NBUF 4

static int qx_sum(struct qx_state *st)
{
\tu8 raw[3];
\tint i, sum = 0;

\tfor (i = 0; i < 4; i++)
\t\tsum += st->buf[i];
\tfor (i = 0; i < 3; i++)
\t\tsum += raw[i] * 4;
\treturn sum;
}
"""


@pytest.mark.parametrize("comment", ["ARRAY_SIZE(st->buf) instead of 4.", "Use ARRAY_SIZE(st->buf) here.",
                                     "ARRAY_SIZE(st->buf) rather than the magic 4?"])
def test_array_size_for_the_literal_count_of_the_array_it_names(tmp_path, comment):
    s, after = on_line(tmp_path, COUNTED, "qx_sum", 13, comment)
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == COUNTED.replace("i < 4;", "i < ARRAY_SIZE(st->buf);")


def test_array_size_of_a_local_array_leaves_a_product_by_the_same_number_alone(tmp_path):
    s, after = on_line(tmp_path, COUNTED.replace("raw[i] * 4", "raw[i] * 3"), "qx_sum", 15, "ARRAY_SIZE(raw)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert "\tfor (i = 0; i < ARRAY_SIZE(raw); i++)\n\t\tsum += raw[i] * 3;\n" in after


def test_array_size_for_another_number_than_the_arrays_is_not_done(tmp_path):
    s, after = on_line(tmp_path, COUNTED, "qx_sum", 13, "ARRAY_SIZE(st->buf) instead of 3.")
    assert s.status != Status.APPLIED and after == COUNTED


def test_a_type_limit_for_the_literal_of_its_value(tmp_path):
    text = COUNTED.replace("\treturn sum;", "\tif (sum > 255)\n\t\treturn -ERANGE;\n\treturn sum;")
    s, after = on_line(tmp_path, text, "qx_sum", 17, "U8_MAX instead of 255?")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == text.replace("if (sum > 255)", "if (sum > U8_MAX)")


def test_array_size_of_a_pointer_parameter_named_like_a_file_scope_array_is_not_done(tmp_path):
    text = "static u16 vals[4];\n\n" + COUNTED.replace("static int qx_sum(struct qx_state *st)",
                                                        "static int qx_sum(struct qx_state *st, u16 *vals)").replace(
        "sum += st->buf[i];", "sum += vals[i];")
    line = text.splitlines().index("\tfor (i = 0; i < 4; i++)") + 1
    s, after = on_line(tmp_path, text, "qx_sum", line, "ARRAY_SIZE(vals) instead of 4.")
    assert s.status != Status.APPLIED and after == text


BYTES = (KINDS / "qx_sample.c").read_text()


@pytest.mark.parametrize("comment", ["sizeof(buf) instead of 2", "Use sizeof(buf) rather than the magic 2."])
def test_sizeof_a_byte_array_for_its_count(tmp_path, comment):
    s, after = on_line(tmp_path, BYTES, "qx_read_sample", 9, comment)
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == BYTES.replace("QX_REG_DATA, 2, buf)", "QX_REG_DATA, sizeof(buf), buf)")


def test_sizeof_an_array_of_wider_elements_is_no_count(tmp_path):
    text = BYTES.replace("\tu8 buf[2];", "\tu16 buf[2];")
    s, after = on_line(tmp_path, text, "qx_read_sample", 9, "sizeof(buf) instead of 2")
    assert after == text and s.kind != "replace-expression"


@pytest.mark.parametrize("comment", ["if (ret) is enough.", "nit: if (ret) would do",
                                     "regmap_write() returns 0 or a negative error, so if (ret) is enough."])
def test_the_expression_in_a_sentence_that_says_it_will_do(tmp_path, comment):
    text = BYTES.replace("\tif (ret < 0)\n\t\treturn ret;\n\t*val", "\tif (ret < 0)\n\t\treturn -EIO;\n\t*val")
    s, after = on_line(tmp_path, text, "qx_read_sample", 10, comment)
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == text.replace("\tif (ret < 0)\n", "\tif (ret)\n")


def test_checkpatchs_null_comparison_message_pasted_under_its_line(tmp_path):
    text = SRC.replace("\tif (!q->buf)", "\tif (q->buf == NULL)")
    s, after = on_line(tmp_path, text, "qx_setup", 10,
                       "checkpatch says:\n\nCHECK: Comparison to NULL could be written \"!q->buf\"")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC


def test_the_null_test_in_the_last_clause(tmp_path):
    text = SRC.replace("\tif (!q->buf)", "\tif (q->buf == NULL)")
    s, after = on_line(tmp_path, text, "qx_setup", 10, "checkpatch will complain: use !q->buf")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC


LINED_UP = """\
uint64_t
xqx_sum_bytes(
\tstruct xqx_stats __percpu\t*stats)
{
\tuint64_t\t\t\ttotal = 0;
\tint\t\t\t\tcpu;

\tfor_each_possible_cpu(cpu)
\t\ttotal += per_cpu_ptr(stats, cpu)->bytes;
\treturn total;
}
"""


def test_a_kernel_type_keeps_the_name_in_the_column_of_the_declarations_around_it(tmp_path):
    """Before: `u64\\t\\t\\ttotal` left the name one tab left of `cpu` (the tabs after a shorter type
    reach a nearer stop)."""
    s, after = on_line(tmp_path, LINED_UP, "xqx_sum_bytes", 5, "u64, please.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == LINED_UP.replace("\tuint64_t\t\t\ttotal = 0;", "\tu64\t\t\t\ttotal = 0;")


def test_a_value_keeps_the_column_of_the_comment_or_name_after_it():
    from cocci.recipes._style import replaced_in_column
    line = "#define QX_RATE\t\t1000000\t/* in Hz */"
    a = line.index("1000000")
    assert replaced_in_column(line, a, a + 7, "HZ_PER_MHZ") == "#define QX_RATE\t\tHZ_PER_MHZ\t/* in Hz */"
    assert replaced_in_column("\tint  x = 0;", 1, 4, "long") == "\tlong x = 0;"
    assert replaced_in_column("\tu8 x = 0;", 1, 3, "u16") == "\tu16 x = 0;"


PROTECTIONS = """\
static pgprot_t qx_map[16] __ro_after_init = {
\t[0] = PAGE_NONE,
};

static int qx_count(void)
{
\tint i, n = 0;

\tfor (i = 0; i < 16; i++)
\t\tn += pgprot_val(qx_map[i]) != 0;
\treturn n;
}
"""


def test_array_size_of_a_table_declared_with_an_attribute(tmp_path):
    """Before: `__ro_after_init` between the bound and the initializer hid the bound; the request was
    skipped as a remark."""
    s, after = on_line(tmp_path, PROTECTIONS, "qx_count", 9, "ARRAY_SIZE(qx_map) instead of 16")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == PROTECTIONS.replace("i < 16;", "i < ARRAY_SIZE(qx_map);")


EIGHT = """\
#include <linux/buffer_head.h>

static int qx_bitmap_bytes(struct qx_sb *sbi)
{
\treturn sbi->inodes_per_group / 8;
}
"""


def test_bits_per_byte_for_the_eight_it_stands_for(tmp_path):
    """Before: skipped as a remark that asks for nothing."""
    s, after = on_line(tmp_path, EIGHT, "qx_bitmap_bytes", 5, "BITS_PER_BYTE instead of 8")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == EIGHT.replace("/ 8;", "/ BITS_PER_BYTE;").replace(
        "#include <linux/buffer_head.h>\n", "#include <linux/bits.h>\n#include <linux/buffer_head.h>\n")




def test_a_condition_written_as_an_if_head_alone_replaces_the_condition(tmp_path: Path):
    """`if (!(flags & MEM))` written under `if ((flags & MEM) == 0) return -ENODEV;`: before, replace-code also
    took it for the whole statement, wrote an `if` without its body, spatch refused the rule and the
    comment failed with the condition undone."""
    text = ("static int qx_probe(struct pci_dev *pdev)\n{\n\tif ((pdev->resource[0].flags & IORESOURCE_MEM) == 0)\n"
            "\t\treturn -ENODEV;\n\treturn 0;\n}\n")
    quoted = ["+\tif ((pdev->resource[0].flags & IORESOURCE_MEM) == 0)", "+\t\treturn -ENODEV;"]
    s = sugg(PATH, "qx_probe", quoted, "if (!(pdev->resource[0].flags & IORESOURCE_MEM))", answer="", lines=(3, 4))
    s.quote = [q[1:] for q in quoted]
    s.anchor.code = [q[1:].strip() for q in quoted]
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == text.replace("if ((pdev->resource[0].flags & IORESOURCE_MEM) == 0)",
                                 "if (!(pdev->resource[0].flags & IORESOURCE_MEM))")


TWICE = """\
static int qx_filter(struct qx *q, bool on)
{
\tunsigned int val;

\tval = q->ctrl;
\tval &= ~0x01;
\tval |= on ? 0x01 : 0;
\tq->max = q->raw;
\tif (q->max > 0x7ff)
\t\tq->max = 0x7ff;
\treturn val;
}
"""


def test_an_expression_under_a_quote_that_holds_the_part_twice_replaces_both(tmp_path):
    """"BIT(0)" under `val &= ~0x01; val |= on ? 0x01 : 0;` is about both masks: one edit of the two lines,
    not the line right above the comment alone (which left `~0x01` and said applied)."""
    quoted = ["+\tval &= ~0x01;", "+\tval |= on ? 0x01 : 0;"]
    s = sugg(PATH, "qx_filter", quoted, "BIT(0)", answer="", lines=(6, 7))
    s.quote = [q[1:] for q in quoted]
    after = applied(tmp_path, PATH, TWICE, s)[0]
    assert (s.kind, s.status, s.reason) == ("replace-expression", Status.APPLIED, "")
    assert after == TWICE.replace("\tval &= ~0x01;\n\tval |= on ? 0x01 : 0;",
                                  "\tval &= ~BIT(0);\n\tval |= on ? BIT(0) : 0;")


def test_an_expression_that_stands_for_one_of_two_like_literals_of_the_quote_is_manual(tmp_path):
    """"GENMASK(10, 0)" under a clamp: the bound of the comparison is no mask, so only the assignment would
    change, the two values then written two ways."""
    quoted = ["+\tif (q->max > 0x7ff)", "+\t\tq->max = 0x7ff;"]
    s = sugg(PATH, "qx_filter", quoted, "GENMASK(10, 0)", answer="", lines=(9, 10))
    s.quote = [q[1:] for q in quoted]
    after = applied(tmp_path, PATH, TWICE, s)[0]
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == ("replace-expression: GENMASK(10, 0) stands for 0x7ff on line 10, but line 9 of the quote "
                        "holds 0x7ff too, where it is no such value: which of them the comment means is for the author")
    assert after == TWICE


ONE_USE = """\
static int qx_show(struct seq_file *seq, void *offset)
{
\tstruct qx_bus *bus = seq->private;
\tstruct qx *q = qx_of(bus);

\tseq_printf(seq, "%u\\n", q->count);
\treturn 0;
}
"""


def test_an_expression_that_takes_the_last_use_of_a_local_is_manual(tmp_path):
    # the local would stay declared with nothing reading it: half of what the reviewer asks
    s, after = on_line(tmp_path, ONE_USE, "qx_show", 4, "bus is only used once, qx_of(seq->private)?")
    assert (s.status, s.reason) == (Status.MANUAL, "replace-expression: with qx_of(seq->private) the local bus "
                                    "would be left declared and unused: dropping it is for the author")
    assert after == ONE_USE


def test_an_expression_that_leaves_a_local_other_uses_is_made(tmp_path):
    text = ONE_USE.replace("\treturn 0;", "\treturn bus->id;")
    s, after = on_line(tmp_path, text, "qx_show", 4, "qx_of(seq->private)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == text.replace("qx_of(bus)", "qx_of(seq->private)")
