"""Reviews of bus and low-level driver code (SPI, I2C, GPIO, serial, USB glue) on real 6.12 code: the
terse requests maintainers write there, and the ones whose literal edit would change what the code
does (manual, saying why)."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Response, Status
from tests.unit.kinds_support import hunks, on_real_code, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

SIFIVE = "drivers/spi/spi-sifive.c"
SIFIVE_CLK = '\t\tdev_err(&pdev->dev, "Unable to find bus clock\\n");\n'


def test_a_cast_a_format_conversion_reads_stays(tmp_path, kernel_source):
    """`"%d", (int)PTR_ERR(clk)`: without the cast %d would read a long; "Unneeded casting." is manual."""
    line = '\t\tdev_err(&pdev->dev, "Unable to find bus clock: %d\\n", (int)PTR_ERR(spi->clk));\n'
    s, _, before, after = on_real_code(tmp_path, kernel_source, SIFIVE, [(SIFIVE_CLK, line)], "sifive_spi_probe",
                                       ["+" + line.rstrip("\n")], "Unneeded casting.")
    assert s.status == Status.MANUAL
    assert s.reason == ("drop-cast: the (int) cast of PTR_ERR(spi->clk) is an argument of dev_err()'s format: "
                        "without it the conversion reads PTR_ERR(spi->clk) as its own type, which respin cannot read, "
                        "which is for the author to match")
    assert after == before


DUMP_PATH = "drivers/gpio/gpio-qx.c"
DUMP = """\
static void qx_dump(struct qx *qx, unsigned long mask)
{
\tint i, val;
\tu16 raw;

\tfor (i = 0; i < 4; i++) {
\t\traw = qx_read(qx, i);
\t\tval = raw >> 4;
\t\tdev_dbg(qx->dev, "bank %d: %d %x\\n", i, (int)val, (u32)raw);
\t}
}
"""


@pytest.mark.parametrize(("cast", "status"), [("val", Status.APPLIED), ("raw", Status.MANUAL)])
def test_a_format_argument_loses_its_cast_only_when_its_declared_type_is_the_cast_type(tmp_path, cast, status):
    """`int i, val;` declares val an int (a later name of a declaration list counts): its (int) goes; the
    (u32) of a u16 would hand %x a promoted u16, so it stays."""
    quoted = ['+\t\tdev_dbg(qx->dev, "bank %d: %d %x\\n", i, (int)val, (u32)raw);']
    s = sugg(DUMP_PATH, "qx_dump", quoted, f"The cast of {cast} is not needed.", answer="")
    after, _, _ = pipeline(tmp_path, DUMP_PATH, DUMP, [s])
    assert s.status == status, s.reason
    if status == Status.APPLIED:
        assert after == DUMP.replace("(int)val", "val")
    else:
        assert "the (u32) cast of raw is an argument of dev_dbg()'s format: without it the conversion reads " \
               "raw as a u16" in s.reason
        assert after == DUMP


def test_a_format_argument_whose_type_the_reviewer_states_loses_its_cast(tmp_path):
    """The operand's type is a typedef respin does not read through; the reviewer says it is the cast's type."""
    text = DUMP.replace("\tu16 raw;", "\tino_t ino = qx->ino;").replace(
        '"bank %d: %d %x\\n", i, (int)val, (u32)raw', '"inode %lu\\n", (unsigned long)ino')
    quoted = ['+\t\tdev_dbg(qx->dev, "inode %lu\\n", (unsigned long)ino);']
    s = sugg(DUMP_PATH, "qx_dump", quoted, '"ino" is of type "ino_t", which is of type "unsigned long", so the '
             "type cast is not needed.", answer="")
    after, _, _ = pipeline(tmp_path, DUMP_PATH, text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("(unsigned long)ino", "ino")
    s = sugg(DUMP_PATH, "qx_dump", quoted, "The type cast is not needed.", answer="")
    after, _, _ = pipeline(tmp_path, DUMP_PATH, text, [s])
    assert s.status == Status.MANUAL and after == text


DIGI = "drivers/i2c/busses/i2c-digicolor.c"


def test_a_quote_that_ends_on_two_blank_lines_loses_one(tmp_path, kernel_source):
    """"Redundant blank line." under a statement and the two blank lines after it: one of the pair goes."""
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, DIGI,
        [("\tplatform_set_drvdata(pdev, i2c);\n\n", "\tplatform_set_drvdata(pdev, i2c);\n\n\n")],
        "dc_i2c_probe", ["+\tplatform_set_drvdata(pdev, i2c);", "+", "+"], "Redundant blank line.")
    assert (s.status, s.kind) == (Status.APPLIED, "blank-line"), s.reason
    assert [ln for ln in hunks(DIGI, before, after) if ln[:1] in "+-"] == ["-"]
    assert after == real


def test_the_blank_line_quoted_between_two_declarations_goes_not_the_one_after_them(tmp_path, kernel_source):
    """"Drop the blank line." under `np`, a blank line and `ret`: the quoted blank line goes; the one that
    ends the declarations (right after the quote) stays."""
    path = "drivers/usb/dwc3/dwc3-of-simple.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path, [], "dwc3_of_simple_probe",
        ["+\tstruct device_node\t*np = dev->of_node;", "+", "+\tint\t\t\tret;"], "Drop the blank line.")
    assert (s.status, s.kind) == (Status.APPLIED, "blank-line"), s.reason
    assert hunks(path, before, after)[1:6] == [" \tstruct dwc3_of_simple\t*simple;",
                                                " \tstruct device\t\t*dev = &pdev->dev;",
                                                " \tstruct device_node\t*np = dev->of_node;", "-",
                                                " \tint\t\t\tret;"]


def test_a_call_asked_away_inside_a_statement_leaves_the_statement(tmp_path, kernel_source):
    """"drop the sizeof()" under a strscpy() call: the sizeof() is an argument, the call stays (manual;
    strscpy() is named only as what has a two-argument form, no statement the comment takes away)."""
    quoted = ['+\tstrscpy(i2c->adap.name, "Conexant Digicolor I2C adapter",', "+\t\tsizeof(i2c->adap.name));"]
    s, _, before, after = on_real_code(tmp_path, kernel_source, DIGI, [], "dc_i2c_probe", quoted,
                                       "strscpy() has a two-argument form now, drop the sizeof().")
    assert s.status == Status.MANUAL
    assert s.reason == "no recipe understands this comment"
    assert after == before


@pytest.mark.parametrize("comment", ["This can be one line.", "Could be a single line."])
def test_can_be_one_line_joins_a_split_statement_that_fits(tmp_path, kernel_source, comment):
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, SIFIVE,
        [("\thost->dev.of_node = pdev->dev.of_node;\n", "\thost->dev.of_node =\n\t\tpdev->dev.of_node;\n")],
        "sifive_spi_probe", ["+\thost->dev.of_node =", "+\t\tpdev->dev.of_node;"], comment)
    assert (s.status, s.kind) == (Status.APPLIED, "join-line"), s.reason
    assert after == real


NVME = "drivers/nvme/host/sysfs.c"
NVME_SHOW = '\treturn sysfs_emit(buf, head->passthru_err_log_enabled ? "on\\n" : "off\\n");\n'
NVME_SPRINTF = ['+\treturn sprintf(buf, "%s\\n",', '+\t\t       head->passthru_err_log_enabled ? "on" : "off");']


def test_two_helpers_asked_in_one_sentence_are_both_brought_in(tmp_path, kernel_source):
    """"Please use sysfs_emit() and str_on_off()." under a sprintf() of an on/off ternary: the rename to
    sysfs_emit() is a request of its own, not a part of the open-coded str_on_off() (both are done)."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, NVME, [(NVME_SHOW, "\n".join(q[1:] for q in NVME_SPRINTF) + "\n")],
        "nvme_io_passthru_err_log_enabled_show", NVME_SPRINTF, "Please use sysfs_emit() and str_on_off().")
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in hunks(NVME, before, after) if ln[:1] in "+-"] == [
        "+#include <linux/string_choices.h>", *("-" + q[1:] for q in NVME_SPRINTF),
        '+\treturn sysfs_emit(buf, "%s\\n",', "+\t\t\t  str_on_off(head->passthru_err_log_enabled));"]


def test_a_layout_request_that_cannot_be_done_beside_one_that_is_makes_it_partly(tmp_path, kernel_source):
    """"Use str_on_off(), and this fits on one line.": the helper goes in; the join, which does not fit
    as the code stands, is named as left to the author, not passed over."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, NVME, [(NVME_SHOW, "\n".join(q[1:] for q in NVME_SPRINTF) + "\n")],
        "nvme_io_passthru_err_log_enabled_show", NVME_SPRINTF, "Use str_on_off(), and this fits on one line.")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper")
    assert s.reason == ("partly: the rest is left to the author (join-line: the joined line would be 83 columns, "
                        "over the limit of 80)")
    assert [ln for ln in hunks(NVME, before, after) if ln[:1] in "+-"][-2:] == [
        '-\t\t       head->passthru_err_log_enabled ? "on" : "off");',
        "+\t\t       str_on_off(head->passthru_err_log_enabled));"]


CLK_PATH = "drivers/clk/clk-qx.c"
CLK = """\
static struct clk_hw *qx_clk_setup(struct device_node *node, const char *name, u32 freq)
{
\treturn clk_hw_register_fixed_rate(NULL, name, NULL, 0, (unsigned long)freq);
}
"""
CLK_QUOTE = ["+\treturn clk_hw_register_fixed_rate(NULL, name, NULL, 0, (unsigned long)freq);"]


@pytest.mark.parametrize(("answer", "response", "status"), [
    ("No reason, will drop it.", Response.ACCEPTED, Status.APPLIED),
    ("", Response.NONE, Status.SKIPPED),
])
def test_why_the_cast_answered_with_a_drop_drops_it(tmp_path, answer, response, status):
    """"Why the cast?" is a question until the author answers that it goes; then the cast goes."""
    s = sugg(CLK_PATH, "qx_clk_setup", CLK_QUOTE, "Why the cast?", answer=answer, response=response)
    after, _, _ = pipeline(tmp_path, CLK_PATH, CLK, [s])
    assert s.status == status, s.reason
    assert after == (CLK.replace("(unsigned long)freq", "freq") if status == Status.APPLIED else CLK)


LITE = "drivers/tty/serial/liteuart.c"
LITE_RET = "\tret = uart_add_one_port(&liteuart_driver, &uart->port);\n\tif (ret)\n\t\tgoto err_erase_id;\n"
LITE_DBG = '\tdev_dbg(&pdev->dev, "%s: registered port %d\\n", __func__, dev_id);'


@pytest.mark.parametrize("comment", [
    "dev_dbg() already prints the function name with dynamic debug, no need to pass __func__.",
    "No need to pass __func__ to dev_dbg().",
])
def test_an_argument_a_format_conversion_prints_stays_with_its_call(tmp_path, kernel_source, comment):
    """__func__ printed by the "%s: " of the format: dropping it alone would leave %s reading dev_id, and the
    comment asks for no removal of the print: manual."""
    s, _, before, after = on_real_code(tmp_path, kernel_source, LITE, [(LITE_RET, LITE_RET + "\n" + LITE_DBG + "\n")],
                                       "liteuart_probe", ["+" + LITE_DBG], comment)
    assert s.status == Status.MANUAL
    assert s.reason == ("drop-argument: __func__ is printed by the %s of dev_dbg()'s format: the conversion and "
                        "the words around it go with it, which is for the author to word")
    assert after == before


@pytest.mark.parametrize("comment", ["Drop.", "Please drop", "remove!"])
def test_the_verb_alone_under_a_print_drops_it(tmp_path, kernel_source, comment):
    """"Drop." under the one quoted print: it goes, as "drop this" would have it."""
    info = '\tdev_info(&pdev->dev, "adapter probed, irq %d\\n", irq);\n\n'
    end = "\treturn 0;\n}\n\nstatic void dc_i2c_remove"
    s, real, before, after = on_real_code(tmp_path, kernel_source, DIGI, [(end, info + end)], "dc_i2c_probe",
                                          ["+" + info.strip("\n")], comment)
    assert (s.status, s.kind) == (Status.APPLIED, "remove-statements"), s.reason
    assert after == real


STORE_PATH = "drivers/scsi/qx_sysfs.c"
STORE = """\
static ssize_t qx_store_enable(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
\tstruct qx_device *qdev = to_qx_device(dev);
\tbool v;

\tif (kstrtobool(buf, &v))
\t\treturn -EINVAL;

\tif (v == true && !qdev->supported) {
\t\tdev_info(dev, "not supported\\n");
\t\treturn -EOPNOTSUPP;
\t}

\treturn count;
}
"""
STORE_IF = ["+\tif (v == true && !qdev->supported) {"]


def test_a_line_of_code_that_opens_a_block_is_a_request_left_to_the_author_not_a_remark(tmp_path):
    """`if (v && !qdev->supported) {` under the quoted `if` line: code whose brace opens a block respin does
    not see the end of; not passed over as a remark."""
    s = sugg(STORE_PATH, "qx_store_enable", STORE_IF, "if (v && !qdev->supported) {", answer="",
             response=Response.NONE)
    s.kind = "comment"
    after, _, _ = pipeline(tmp_path, STORE_PATH, STORE, [s])
    assert s.status == Status.MANUAL
    assert s.reason == ("replace-code: the reviewer's code does not close the brackets it opens (a typo, or lines "
                        "left out of a sketch): it is not code to write as it stands")
    assert after == STORE


def test_an_expression_with_a_part_left_out_is_not_written(tmp_path):
    s = sugg(STORE_PATH, "qx_store_enable", STORE_IF, "if (v && ...)")
    after, _, _ = pipeline(tmp_path, STORE_PATH, STORE, [s])
    assert s.status == Status.MANUAL
    # an if head written alone is replace-expression's new condition; one with a part left out is none
    assert s.reason == "replace-code: the reviewer's code lines up with none of the quoted statements"
    assert after == STORE


def test_the_print_after_a_call_that_prints_already_goes_when_the_quote_was_narrowed_to_the_call(tmp_path,
                                                                                             kernel_source):
    """"devm_request_irq() already prints on failure, no need to print again.": the review stage anchors the
    comment on the devm_request_irq() line it names; the print the whole quote holds below it goes."""
    text = kernel_source(SIFIVE)
    whole = ["\tret = devm_request_irq(&pdev->dev, irq, sifive_spi_irq, 0,", "\t\t\t       dev_name(&pdev->dev), spi);",
             "\tif (ret) {", '\t\tdev_err(&pdev->dev, "Unable to bind to interrupt\\n");', "\t\tgoto put_host;", "\t}"]
    first = text.splitlines().index(whole[0]) + 1
    s = sugg(SIFIVE, "sifive_spi_probe", ["+" + ln for ln in whole[:2]],
             "devm_request_irq() already prints on failure, no need to print again.", lines=(first, first + 1))
    s.quote = whole
    after, _, _ = pipeline(tmp_path, SIFIVE, text, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "remove-statements"), s.reason
    assert [ln for ln in hunks(SIFIVE, text, after) if ln[:1] in "+-"] == [
        "-\tif (ret) {", '-\t\tdev_err(&pdev->dev, "Unable to bind to interrupt\\n");', "+\tif (ret)", "-\t}"]


def test_pe_for_an_error_pointer_cast_to_int_for_its_d(tmp_path, kernel_source):
    """"Use %pe." under `"%d", (int)PTR_ERR(clk)`: %pe prints clk itself, the cast goes with PTR_ERR()."""
    line = '\t\tdev_err(&pdev->dev, "Unable to find bus clock: %d\\n", (int)PTR_ERR(spi->clk));\n'
    s, _, before, after = on_real_code(tmp_path, kernel_source, SIFIVE, [(SIFIVE_CLK, line)], "sifive_spi_probe",
                                       ["+" + line.rstrip("\n")], "Use %pe.")
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert [ln for ln in hunks(SIFIVE, before, after) if ln[:1] in "+-"] == [
        "-" + line.rstrip("\n"), '+\t\tdev_err(&pdev->dev, "Unable to find bus clock: %pe\\n", spi->clk);']


@pytest.mark.parametrize(("decl", "comment"), [("int ret = 0, irq;", "No need to initialize ret."),
                                               ("int irq, ret = 0;", "Don't initialize ret.")])
def test_the_initializer_of_one_name_of_a_declaration_list_goes(tmp_path, kernel_source, decl, comment):
    """`int ret = 0, irq;`: ret is assigned before any read, its initializer goes and irq stays declared."""
    s, _, before, after = on_real_code(tmp_path, kernel_source, DIGI, [("\tint ret = 0, irq;\n", f"\t{decl}\n")],
                                       "dc_i2c_probe", [f"+\t{decl}"], comment)
    assert (s.status, s.kind) == (Status.APPLIED, "drop-initializer"), s.reason
    assert [ln for ln in hunks(DIGI, before, after) if ln[:1] in "+-"] == [
        f"-\t{decl}", "+\t" + decl.replace(" = 0", "")]


def test_a_layout_remark_a_recipe_cannot_do_is_manual_not_passed_over(tmp_path, kernel_source):
    """"Reverse xmas tree order." read as a remark over `int i, ret;` and `unsigned int data;`: the layout
    recipe's reason is reported, the request is not skipped."""
    path = "drivers/regulator/mt6311-regulator.c"
    s = sugg(path, "mt6311_i2c_probe", ["+\tint i, ret;", "+\tunsigned int data;"], "Reverse xmas tree order.",
             answer="", response=Response.NONE)
    s.kind = "comment"
    text = kernel_source(path)
    after, _, _ = pipeline(tmp_path, path, text, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "reverse-xmas-tree: a declaration of several names: ordering "
                                                   "it is left to the author")
    assert after == text


def test_of_device_is_compatible_given_a_node_becomes_device_is_compatible_of_its_device(tmp_path,
                                                                                         kernel_source):
    """of_device_is_compatible(np, ...) takes the device node (np = dev->of_node), device_is_compatible() the
    device: the rename takes dev in np's place, not np."""
    path = "drivers/usb/dwc3/dwc3-of-simple.c"
    quoted = ['+\tif (of_device_is_compatible(np, "rockchip,rk3399-dwc3"))']
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "dwc3_of_simple_probe", quoted,
                                       "Use device_is_compatible().")
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        "-" + quoted[0][1:], '+\tif (device_is_compatible(dev, "rockchip,rk3399-dwc3"))']


def test_of_device_is_compatible_of_a_node_parameter_is_manual(tmp_path):
    """A node handed in as a parameter: which device it belongs to is not in the code (manual)."""
    path = "drivers/usb/qx/qx-glue.c"
    text = "static bool qx_needs_reset(struct device_node *np)\n{\n" \
           '\treturn of_device_is_compatible(np, "qx,glue-v2");\n}\n'
    s = sugg(path, "qx_needs_reset", ['+\treturn of_device_is_compatible(np, "qx,glue-v2");'],
             "Use device_is_compatible().")
    after, _, _ = pipeline(tmp_path, path, text, [s])
    assert s.status == Status.MANUAL
    assert s.reason == ("rename-call: device_is_compatible() takes the device whose node of_device_is_compatible() "
                        "is given (np), and qx_needs_reset() does not say which device that is: the argument is "
                        "for the author")
    assert after == text
