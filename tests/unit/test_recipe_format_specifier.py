"""format-specifier: the conversion the reviewer wrote, in the quoted call's format string only."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "sound/soc/mixer.c"
SRC = (KINDS / "snd_mixer.c").read_text()
QUOTE = ["+ dev_info(dev, \"%d controls, cache of %d bytes\\n\", mx->nr_ctls, mx->cache_len);"]
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_named_value_picks_the_conversion(tmp_path):
    s = sugg(PATH, "mixer_probe", QUOTE, "cache_len is a size_t: use %zu")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert s.summary == "Print with %zu instead of %d in mixer_probe()"
    assert rules[0].name == "01-format-specifier-zu.cocci"
    assert ('- "%d controls, cache of %d bytes\\n"\n+ "%d controls, cache of %zu bytes\\n"' in rules[0].text)
    assert hunks(PATH, SRC, after) == [
        "@@ -40,6 +40,7 @@",
        " \t\tdev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
        " \t\treturn ret;",
        " \t}",
        "-\tdev_info(dev, \"%d controls, cache of %d bytes\\n\", mx->nr_ctls, mx->cache_len);",
        "+\tdev_info(dev, \"%d controls, cache of %zu bytes\\n\", mx->nr_ctls,",   # spatch re-wraps at 80
        "+\t\t mx->cache_len);",
        " \treturn 0;",
        " }",
    ]


def test_substitution_and_both(tmp_path):
    s = sugg(PATH, "mixer_probe", QUOTE, "Nit: s/%d/%u/ for both, they are unsigned.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    # the author wrote the line 83 columns wide and %u is no wider than %d: spatch re-wraps it, the
    # author's line stays as it was
    assert "\tdev_info(dev, \"%u controls, cache of %u bytes\\n\", mx->nr_ctls, mx->cache_len);\n" in after
    assert "cannot allocate %u controls: %d\\n" in after            # the other call keeps its %d


HEX = ["+\tdev_dbg(dev, \"limits %d..%d (raw 0x%x 0x%x)\\n\", min, max, lo, hi);"]
HEX_SRC = """\
static void qx_limits(struct device *dev, int min, int max, u16 lo, u16 hi)
{
\tdev_dbg(dev, "limits %d..%d (raw 0x%x 0x%x)\\n", min, max, lo, hi);
}
"""


@pytest.mark.parametrize("comment, reason", [
    # before: the two %d became %#x as well, and each 0x stayed ("0x0x1f")
    ("Use %#x for both, please.", 'the comment says "both", and the format has 4 conversions that could be meant'),
    # before: both %d became %x
    ("Both casts are not needed, %x takes the value as is.",
     "the comment names %x, which the format already uses: which of its other conversions should change is not "
     "clear"),
])
def test_a_conversion_the_words_do_not_pin_down_is_manual(tmp_path, comment, reason):
    s = sugg(PATH, "qx_limits", HEX, comment)
    after, rules, _ = pipeline(tmp_path, PATH, HEX_SRC, [s])
    assert (s.status, s.reason, after) == (Status.MANUAL, "format-specifier: " + reason, HEX_SRC)


def test_a_conversion_the_format_already_uses_for_a_value_the_comment_names(tmp_path):
    s = sugg(PATH, "qx_limits", HEX, "max is a register value too, so %x for it as well.")
    after, _, _ = pipeline(tmp_path, PATH, HEX_SRC, [s])
    assert (s.kind, s.status, s.reason) == ("format-specifier", Status.APPLIED, "")
    assert after == HEX_SRC.replace("limits %d..%d", "limits %d..%x")


PAIR_SRC = """\
static void qx_dump(struct device *dev, unsigned int conf, unsigned int last)
{
\tdev_dbg(dev, "conf %d\\n", conf);
\tdev_dbg(dev, "updated at %d\\n", last);
}
"""


@pytest.mark.parametrize("line", [3, 4])
def test_both_under_one_of_two_like_calls_fixes_the_other_too(tmp_path, line):
    """Before: the quoted call changed, reported applied; the other kept its %d."""
    s = sugg(PATH, "qx_dump", ["+" + PAIR_SRC.splitlines()[line - 1]], "%u for both, they are unsigned.",
             lines=(line, line))
    after, _, _ = pipeline(tmp_path, PATH, PAIR_SRC, [s])
    assert (s.kind, s.status, s.reason) == ("format-specifier", Status.APPLIED, "")
    assert after == PAIR_SRC.replace("%d", "%u")


def test_a_hex_prefix_goes_with_the_conversion_that_prints_it(tmp_path):
    s = sugg(PATH, "qx_limits", HEX, "Nit: %#x instead of 0x%x, for both.")
    after, _, _ = pipeline(tmp_path, PATH, HEX_SRC, [s])
    assert (s.kind, s.status) == ("format-specifier", Status.APPLIED), s.reason
    assert after == HEX_SRC.replace("(raw 0x%x 0x%x)", "(raw %#x %#x)")


RATE_SRC = """\
static int qx_rate(struct device *dev, unsigned int rate)
{
\tif (rate >= QX_NR_RATES) {
\t\tdev_err(dev, "unknown rate 0x%x\\n", rate);
\t\treturn -ENODEV;
\t}
\treturn 0;
}
"""


def test_a_hex_prefix_goes_with_a_hex_conversion_made_decimal(tmp_path):
    """Before: "%u instead of 0x%x?" made "unknown rate 0x%u": a decimal printed after 0x."""
    s = sugg(PATH, "qx_rate", ["+\tif (rate >= QX_NR_RATES) {", "+\t\tdev_err(dev, \"unknown rate 0x%x\\n\", rate);",
                               "+\t\treturn -ENODEV;", "+\t}"], "%u instead of 0x%x? The rate is an index.")
    after, _, _ = pipeline(tmp_path, PATH, RATE_SRC, [s])
    assert (s.kind, s.status, s.reason) == ("format-specifier", Status.APPLIED, "")
    assert after == RATE_SRC.replace("unknown rate 0x%x", "unknown rate %u")


TWIN_SRC = """\
static int qx_reset(struct i2c_client *client)
{
\tint res;

\tres = i2c_smbus_read_byte_data(client, 0x12);
\tif (res < 0) {
\t\tpr_err("qx: cannot read config: %d\\n", res);
\t\tgoto out;
\t}
\tres = i2c_smbus_write_byte_data(client, 0x12, 0);
\tif (res < 0) {
\t\tpr_err("qx: cannot write config: %d\\n", res);
\t\tgoto out;
\t}
out:
\treturn res;
}
"""


def test_pe_in_the_first_of_two_statements_that_read_alike(tmp_path):
    """Before: failed, "the format of the quoted pr_err() did not change as asked": the changed call was
    looked for by its old statement, which the second block still reads as."""
    s = sugg(PATH, "qx_reset", ['+\t\tpr_err("qx: cannot read config: %d\\n", res);'], "%pe please.", lines=(7, 7))
    after, _, _ = pipeline(tmp_path, PATH, TWIN_SRC, [s])
    assert (s.kind, s.status, s.reason) == ("format-specifier", Status.APPLIED, "")
    assert after == TWIN_SRC.replace('read config: %d\\n", res);', 'read config: %pe\\n", ERR_PTR(res));')


def test_unnamed_value_among_two_is_manual(tmp_path):
    s = sugg(PATH, "mixer_probe", QUOTE, "%u since it is unsigned")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "the format has 2 conversions that could be meant" in s.reason


def test_error_code_printed_with_pe(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);"],
             "Please print with %pe.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert s.summary == "Print the error with %pe instead of %d in mixer_probe()"
    assert rules[0].name == "01-format-specifier-pe.cocci"
    assert hunks(PATH, SRC, after) == [
        "@@ -37,7 +37,8 @@",
        " \tmx->dev = dev;",
        " \tret = mixer_alloc(mx, nr);",
        " \tif (ret) {",
        "-\t\tdev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
        "+\t\tdev_err(dev, \"cannot allocate %u controls: %pe\\n\", nr,",
        "+\t\t\tERR_PTR(ret));",
        " \t\treturn ret;",
        " \t}",
        " \tdev_info(dev, \"%d controls, cache of %d bytes\\n\", mx->nr_ctls, mx->cache_len);",
    ]


def test_a_value_that_is_no_error_code_is_not_printed_with_pe(tmp_path):
    s = sugg(PATH, "mixer_probe", QUOTE, "Use %pe.")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert rules == [] and s.status != Status.APPLIED


PROBE = "drivers/hwmon/fanctl.c"
PROBE_SRC = (KINDS / "fanctl_pe.c").read_text()


def test_ptr_err_printed_with_pe_keeps_the_pointer(tmp_path):
    s = sugg(PROBE, "fanctl_probe",
             ["+\t\tdev_err(dev, \"channel %u: no regulator, err=%ld\\n\",", "+\t\t\tch, PTR_ERR(fc->reg));"],
             "Use %pe.")
    after, _, _ = pipeline(tmp_path, PROBE, PROBE_SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert hunks(PROBE, PROBE_SRC, after)[4:8] == [
        "-\t\tdev_err(dev, \"channel %u: no regulator, err=%ld\\n\",",
        "-\t\t\tch, PTR_ERR(fc->reg));",
        "+\t\tdev_err(dev, \"channel %u: no regulator, err=%pe\\n\",",
        "+\t\t\tch, fc->reg);",
    ]
    assert "return PTR_ERR(fc->reg);" in after          # only the printed argument changes


def test_two_error_values_without_both_is_manual(tmp_path):
    s = sugg(PROBE, "fanctl_probe",
             ["+\tdev_warn(dev, \"clk %ld, reset %ld\\n\", PTR_ERR(fc->clk), PTR_ERR(fc->rst));"],
             "%pe?")
    _, rules, _ = pipeline(tmp_path, PROBE, PROBE_SRC, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "2 error values that %pe could print" in s.reason


@pytest.mark.parametrize("comment", ["%pe with ERR_PTR(ret) instead of %d, so the log names the error.",
                                     "Print it as %pe rather than %d, please."])
def test_pe_instead_of_the_conversion_it_replaces(tmp_path, comment):
    """Before: naming %d next to %pe made which one replaces which unclear (manual)."""
    s = sugg(PATH, "mixer_probe", ["+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);"], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert "\t\tdev_err(dev, \"cannot allocate %u controls: %pe\\n\", nr,\n\t\t\tERR_PTR(ret));\n" in after


def test_pe_instead_of_a_conversion_the_format_lacks_is_manual(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);"],
             "%pe instead of %x here.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.MANUAL and after == SRC


SHOW = "drivers/hid/remote.c"
SHOW_SRC = """// SPDX-License-Identifier: GPL-2.0
static ssize_t layout_show(struct device *dev, struct device_attribute *attr,
\t\t\t   char *buf)
{
\tunsigned long kind = (unsigned long)dev_get_drvdata(dev);

\treturn sprintf(buf, "layout-%d\\n", kind);
}
"""
SHOW_QUOTE = ["+\treturn sprintf(buf, \"layout-%d\\n\", kind);"]


@pytest.mark.parametrize("comment", ["kind is an unsigned long, so %lu.", "The format wants %lu here, no?"])
def test_the_format_follows_the_call_an_earlier_rule_renamed(tmp_path, comment):
    rename = sugg(SHOW, "layout_show", SHOW_QUOTE, "Use sysfs_emit() in show callbacks.", sid="1.1")
    fmt = sugg(SHOW, "layout_show", SHOW_QUOTE, comment, sid="1.2")
    after, _, _ = pipeline(tmp_path, SHOW, SHOW_SRC, [rename, fmt])
    assert (rename.status, fmt.status) == (Status.APPLIED, Status.APPLIED), (rename.reason, fmt.reason)
    assert hunks(SHOW, SHOW_SRC, after)[4:6] == [
        "-\treturn sprintf(buf, \"layout-%d\\n\", kind);",
        "+\treturn sysfs_emit(buf, \"layout-%lu\\n\", kind);",
    ]


NL = "drivers/power/supply/chg.c"
NL_SRC = """// SPDX-License-Identifier: GPL-2.0
static int chg_request(struct chg *c)
{
\tint ret;

\tret = chg_irq(c);
\tif (ret < 0)
\t\tdev_warn(c->dev, "no fault irq: %d", ret);
\tif (!c->psy)
\t\tpr_err("chg: no supply");
\treturn 0;
}
"""


@pytest.mark.parametrize("quoted,comment,old,new", [
    ("+\t\tdev_warn(c->dev, \"no fault irq: %d\", ret);", "Missing \\n.",
     "\"no fault irq: %d\"", "\"no fault irq: %d\\n\""),
    ("+\t\tpr_err(\"chg: no supply\");", "The message wants a trailing newline.",
     "\"chg: no supply\"", "\"chg: no supply\\n\""),
])
def test_a_message_gets_the_newline_it_lacks(tmp_path, quoted, comment, old, new):
    s = sugg(NL, "chg_request", [quoted], comment)
    after, _, _ = pipeline(tmp_path, NL, NL_SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert after == NL_SRC.replace(old, new)


@pytest.mark.parametrize("comment", ["nit: missing newline after the declarations",
                                     "Drop the \\n, the helper adds one."])
def test_a_blank_line_or_a_newline_taken_away_is_not_the_message_newline(tmp_path, comment):
    s = sugg(NL, "chg_request", ["+\t\tdev_warn(c->dev, \"no fault irq: %d\", ret);"], comment)
    after, _, _ = pipeline(tmp_path, NL, NL_SRC, [s])
    assert s.kind != "format-specifier" and "no fault irq: %d\\n" not in after


def test_two_messages_without_their_newline_are_manual(tmp_path):
    s = sugg(NL, "chg_request", ["+\t\tdev_warn(c->dev, \"no fault irq: %d\", ret);", "+\tif (!c->psy)",
                                 "+\t\tpr_err(\"chg: no supply\");"], "Missing \\n.")
    after, _, _ = pipeline(tmp_path, NL, NL_SRC, [s])
    assert s.status == Status.MANUAL and "2 quoted messages lack the newline" in s.reason and after == NL_SRC


KSFT = "tools/testing/selftests/qx/qx_test.c"
KSFT_SRC = """// SPDX-License-Identifier: GPL-2.0
static int qx_check(int fd)
{
\tif (fcntl(fd, F_GETFD) < 0)
\t\tksft_print_msg("fd %d lost after unshare", fd);
\tif (fd > 1024)
\t\tnet_warn_ratelimited("qx: fd %d too high", fd);
\treturn 0;
}
"""


@pytest.mark.parametrize("line,old", [("\t\tksft_print_msg(\"fd %d lost after unshare\", fd);", "after unshare\""),
                                      ("\t\tnet_warn_ratelimited(\"qx: fd %d too high\", fd);", "too high\"")])
def test_a_selftest_or_ratelimited_message_gets_its_newline(tmp_path, line, old):
    """Before: "no recipe understands this comment": these calls were not known as messages."""
    s = sugg(KSFT, "qx_check", ["+" + line], "Missing newline at the end of the message.")
    after, _, _ = pipeline(tmp_path, KSFT, KSFT_SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert after == KSFT_SRC.replace(old, old[:-1] + "\\n\"")




def test_pe_under_a_quote_that_goes_on_past_the_print(tmp_path):
    """"%pe" under the print, its return and the next call: the review stage narrows the quote to the
    lines above the comment, which hold no print; the one print of the whole quote is meant (before: a
    remark that asked for nothing)."""
    text = ("static int qx_hw_params(struct qx *qx, int fmt, int rate)\n{\n\tint ret;\n\n"
            "\tret = qx_set_bitwidth(qx, fmt);\n\tif (ret) {\n"
            "\t\tdev_err(qx->dev, \"set bitwidth failed, %d\\n\", ret);\n"
            "\t\treturn ret;\n\t}\n\n\tret = qx_set_rate(qx, rate);\n\treturn ret;\n}\n")
    quote = ["\t\tdev_err(qx->dev, \"set bitwidth failed, %d\\n\", ret);", "\t\treturn ret;", "\t}", "",
             "\tret = qx_set_rate(qx, rate);"]
    s = sugg("sound/soc/codecs/qx.c", "qx_hw_params", ["+\tret = qx_set_rate(qx, rate);"], "%pe", lines=(11, 11))
    s.quote = quote
    after, _, _ = pipeline(tmp_path, "sound/soc/codecs/qx.c", text, [s])
    assert (s.kind, s.status) == ("format-specifier", Status.APPLIED), s.reason
    assert [h for h in hunks("sound/soc/codecs/qx.c", text, after) if h[:1] in "+-"] == [
        "-\t\tdev_err(qx->dev, \"set bitwidth failed, %d\\n\", ret);",
        "+\t\tdev_err(qx->dev, \"set bitwidth failed, %pe\\n\", ERR_PTR(ret));"]
