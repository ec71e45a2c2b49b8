"""move-declaration: a local whose every use is inside one block is declared at the start of that block
(after the block's own declarations), by an SmPL rule pinned to the quoted function."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/net/can/can_scope.c"
SRC = Path(__file__).resolve().parent.parent / "data" / "c" / "kinds2" / "can_scope.c"


def run(tmp_path, fn: str, quoted: list[str], comment: str, text: str | None = None):
    text = text if text is not None else SRC.read_text()
    s = sugg(PATH, fn, quoted, comment)
    after, rules, edits = pipeline(tmp_path, PATH, text, [s])
    return s, hunks(PATH, text, after), rules, after


def test_into_the_if_block_after_its_declarations(tmp_path):
    s, diff, rules, _ = run(tmp_path, "can_rx_poll", ["+\tunsigned int mask = 0x7ff;"],
                            "mask is only used in the if block, move it there?")
    assert (s.status, s.kind) == (Status.APPLIED, "move-declaration"), s.reason
    assert diff == [
        "@@ -12,12 +12,12 @@",
        " {",
        " \tstruct can_frame frame;",
        " \tunsigned int status;",
        "-\tunsigned int mask = 0x7ff;",
        " \tint work = 0;",
        " ",
        " \tstatus = can_readl(priv->base, 0x04);",
        " \tif (status & 1) {",
        " \t\tint n = priv->fifo_depth;",
        "+\t\tunsigned int mask = 0x7ff;",
        " ",
        " \t\t/* the id is the low bits of the first word */",
        " \t\tframe.id = can_readl(priv->base, 0x10) & mask;",
    ]
    assert s.summary == "Declare mask in the if block that uses it in can_rx_poll()"
    assert "@mv exists@" in rules[0].text


def test_into_a_loop_whose_body_assigns_it_first(tmp_path):
    s, diff, rules, after = run(tmp_path, "can_drain", ["+\tunsigned int word;"], "Please declare word in the loop.")
    assert (s.status, s.kind) == (Status.APPLIED, "move-declaration"), s.reason
    assert "\tint i;\n\n\tfor (i = 0; i < count; i++) {\n\t\tunsigned int word;\n\n" \
           "\t\tword = can_readl(priv->base, 0x20);\n" in after
    assert diff == ["@@ -31,10 +31,11 @@", " ", " static void can_drain(struct can_priv *priv, int count)", " {",
                    "-\tunsigned int word;", " \tint i;", " ", " \tfor (i = 0; i < count; i++) {",
                    "+\t\tunsigned int word;", "+", " \t\tword = can_readl(priv->base, 0x20);",
                    " \t\tpriv->errors += word >> 16;", " \t}"]
    # the loop's first statement is once in can_drain(): the rule names it by its code, not its line
    assert rules[0].text.endswith("@mv disable ptr_to_array exists@\nidentifier fn = can_drain;\n"
                                  'position p0 : script:python() { p0[0].line == "34" };\n@@\n\n'
                                  "fn(...) {\n... when any\n- unsigned int word@p0;\n... when any\n"
                                  "+ unsigned int word;\n+\n\t\tword = can_readl(priv->base, 0x20);\n"
                                  "... when any\n}\n")


def test_a_value_carried_across_iterations_is_manual(tmp_path):
    s, diff, _, _ = run(tmp_path, "can_sum", ["+\tunsigned int total = 0;"], "This can be local to the loop.")
    assert s.status == Status.MANUAL and diff == []
    assert "total may carry its value from one iteration of the loop to the next" in s.reason


def test_an_initializer_reading_something_changed_before_the_block_is_manual(tmp_path):
    s, diff, _, _ = run(tmp_path, "can_count", ["+\tunsigned int st = priv->errors;"], "Reduce the scope of st?")
    assert s.status == Status.MANUAL and diff == []
    assert "the initializer of st reads memory that the code before the block may change" in s.reason


def test_a_call_in_the_initializer_is_manual(tmp_path):
    text = SRC.read_text().replace("\tunsigned int st;\n\n\tst = can_readl(priv->base, 0x28);\n",
                                   "\tunsigned int st = can_readl(priv->base, 0x28);\n\n")
    s, diff, _, _ = run(tmp_path, "can_both", ["+\tunsigned int st = can_readl(priv->base, 0x28);"],
                        "Move this into the if block.", text=text)
    assert s.status == Status.MANUAL and diff == []
    assert "the initializer of st has side effects (or calls a function)" in s.reason


def test_a_use_outside_the_block_is_manual(tmp_path):
    s, diff, _, _ = run(tmp_path, "can_both", ["+\tunsigned int st;"], "Move this into the if block.")
    assert s.status == Status.MANUAL and diff == []
    assert "the uses of st are not all inside one block of can_both()" in s.reason


def test_a_second_run_changes_nothing(tmp_path):
    s, _, _, after = run(tmp_path, "can_drain", ["+\tunsigned int word;"], "Declare it in the loop body.")
    assert s.status == Status.APPLIED, s.reason
    s2 = sugg(PATH, "can_drain", ["+\t\tword = can_readl(priv->base, 0x20);"], "Declare word in the loop body.")
    again, _, _ = pipeline(tmp_path / "2", PATH, after, [s2])
    assert again == after


def test_move_comments_about_statements_are_not_declarations(tmp_path):
    s, diff, _, _ = run(tmp_path, "can_rx_poll", ["+\t\twork++;"], "Move this into the if block?")
    assert s.kind != "move-declaration"


CSUM = """\
static int qx_csum_check(struct qx_desc *gdp, u32 calculated)
{
\t__u32 hi;
\t__u32 provided = le16_to_cpu(gdp->csum_lo);

\tif (gdp->size >= QX_CSUM_HI_END) {
\t\thi = le16_to_cpu(gdp->csum_hi);
\t\tprovided |= hi << 16;
\t}
\treturn provided == calculated;
}
"""


def test_a_declaration_of_a_kernel_type_moves(tmp_path):
    """Before: the rule spelt `- __u32@p0 hi;`, which spatch reads as an expression: a parse error, the
    comment failed.  The rule declares the type (`typedef __u32;`)."""
    path = "fs/qx/bitmap.c"
    s = sugg(path, "qx_csum_check", ["+\t__u32 hi;"], "hi can be declared in the block that uses it.")
    after, rules, _ = pipeline(tmp_path, path, CSUM, [s])
    assert (s.kind, s.status) == ("move-declaration", Status.APPLIED), s.reason
    assert "typedef __u32;" in rules[0].text
    assert after == CSUM.replace("\t__u32 hi;\n", "").replace(
        "\tif (gdp->size >= QX_CSUM_HI_END) {\n", "\tif (gdp->size >= QX_CSUM_HI_END) {\n\t\t__u32 hi;\n\n")


def test_a_type_smpl_knows_is_not_declared_again():
    """`typedef size_t;` is a parse error: SmPL knows size_t (a replace-code rule of `size_t size = ...;`
    failed on it)."""
    from cocci.render import cast_types
    assert cast_types("-\tsize_t size = 128 - 5;\n+\tsize_t size = 128;", []) == []
    assert cast_types("-\tx = (ssize_t)y;", []) == []
    assert cast_types("-\t__u32@p0 hi;", []) == ["__u32"]
