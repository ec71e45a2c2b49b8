"""Code reviewers of driver subsystems write under a quote, on real 6.12 code: a dev_err_probe() for the
line above a print the patch adds, and code with a slip of the keyboard in a member's name.  Neither
may be written in as it stands."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

CLK = "drivers/clk/clk-gpio.c"
CLK_REAL = "\tif (IS_ERR(hw))\n\t\treturn PTR_ERR(hw);"
CLK_PATCHED = "\tif (IS_ERR(hw)) {\n\t\tret = PTR_ERR(hw);\n\t\tdev_err(dev, \"failed to register: %d\\n\", ret);\n" \
    "\t\treturn ret;\n\t}"


def test_a_dev_err_probe_for_the_line_above_a_print_it_leaves_stays_manual(tmp_path, kernel_source):
    """The reviewer quotes `ret = PTR_ERR(hw);` and the dev_err() under it and writes a `ret =
    dev_err_probe(...)`: lined up with the assignment alone, the dev_err() below would print the error a
    second time."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, CLK, [(CLK_REAL, CLK_PATCHED)], "gpio_clk_driver_probe",
        ["+\t\tret = PTR_ERR(hw);", "+\t\tdev_err(dev, \"failed to register: %d\\n\", ret);"], "",
        ["\t\tret = dev_err_probe(dev, PTR_ERR(hw), \"failed to register\\n\");"])
    assert after == before
    assert s.status == Status.MANUAL
    assert "the reviewer's dev_err_probe() prints the error itself, and the dev_err() below the quoted " \
        "`ret = PTR_ERR(hw);` (line 232) would print it again; which message stays is left to the author" \
        in s.reason


ASOC = "sound/soc/codecs/max98357a.c"
ASOC_AT = "\tdev_set_drvdata(&pdev->dev, max98357a);\n"
ASOC_PRINT = "\tdev_info(&pdev->dev, \"sdmode delay %d ms\\n\", max98357a->sdmode_delay);\n"


def test_reviewer_code_with_a_misspelt_member_is_not_written_in(tmp_path, kernel_source):
    """`max98357a->sdmode_dealy`: no such member, one letter from `sdmode_delay`; written in, the file
    would not build.  Manual, naming both."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ASOC, [(ASOC_AT, ASOC_PRINT + ASOC_AT)], "max98357a_platform_probe",
        ["+" + ASOC_PRINT.rstrip("\n")], "",
        ["\tdev_dbg(&pdev->dev, \"sdmode delay %u ms\\n\", max98357a->sdmode_dealy);"])
    assert "sdmode_dealy" not in after
    assert after == before
    assert s.status == Status.MANUAL
    assert "the reviewer's code uses the member sdmode_dealy, which nothing in the patch's files has; " \
        "sdmode_delay is one letter away" in s.reason


def test_reviewer_code_with_the_member_spelt_right_is_written(tmp_path, kernel_source):
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ASOC, [(ASOC_AT, ASOC_PRINT + ASOC_AT)], "max98357a_platform_probe",
        ["+" + ASOC_PRINT.rstrip("\n")], "",
        ["\tdev_dbg(&pdev->dev, \"sdmode delay %u ms\\n\", max98357a->sdmode_delay);"])
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in hunks(ASOC, before, after) if ln[:1] in "+-"] == [
        "-" + ASOC_PRINT.rstrip("\n"),
        "+\tdev_dbg(&pdev->dev, \"sdmode delay %u ms\\n\", max98357a->sdmode_delay);"]


BEEP = "drivers/input/misc/pwm-beeper.c"
BEEP_REAL = "\tif (IS_ERR(beeper->amplifier))\n\t\treturn dev_err_probe(dev, PTR_ERR(beeper->amplifier),\n" \
    "\t\t\t\t     \"Failed to get 'amp' regulator\\n\");"
BEEP_PATCHED = "\tif (IS_ERR(beeper->amplifier)) {\n\t\tdev_err(dev, \"Failed to get 'amp' regulator\\n\");\n" \
    "\t\treturn PTR_ERR(beeper->amplifier);\n\t}"


def test_a_misspelt_member_in_a_dev_err_probe_snippet_leaves_the_request_to_the_rewrite(tmp_path, kernel_source):
    """"Please use dev_err_probe():" over code that misspells `amplifier`: the code is not written in;
    the request, which the words make as well, is the usual rewrite of the quoted print and return."""
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, BEEP, [(BEEP_REAL, BEEP_PATCHED)], "pwm_beeper_probe",
        ["+\tif (IS_ERR(beeper->amplifier)) {", "+\t\tdev_err(dev, \"Failed to get 'amp' regulator\\n\");",
         "+\t\treturn PTR_ERR(beeper->amplifier);"], "Please use dev_err_probe():",
        ["\tif (IS_ERR(beeper->amplifier))", "\t\treturn dev_err_probe(dev, PTR_ERR(beeper->amplifer),",
         "\t\t\t\t     \"Failed to get 'amp' regulator\\n\");"])
    assert s.status == Status.APPLIED, s.reason
    assert "amplifer" not in after
    assert after == real


def test_a_misspelt_dev_err_probe_in_reviewer_code_is_not_written_in(tmp_path, kernel_source):
    """`return dev_err_prbe(...)`: no file has it, one letter from dev_err_probe(); written in, the
    driver would not build.  Manual, naming both."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, BEEP, [(BEEP_REAL, BEEP_PATCHED)], "pwm_beeper_probe",
        ["+\tif (IS_ERR(beeper->amplifier)) {", "+\t\tdev_err(dev, \"Failed to get 'amp' regulator\\n\");",
         "+\t\treturn PTR_ERR(beeper->amplifier);"], "",
        ["\tif (IS_ERR(beeper->amplifier))", "\t\treturn dev_err_prbe(dev, PTR_ERR(beeper->amplifier),",
         "\t\t\t\t     \"Failed to get 'amp' regulator\\n\");"])
    assert after == before
    assert s.status == Status.MANUAL
    assert "the reviewer's code calls dev_err_prbe(), which nothing in the patch's files has; dev_err_probe() " \
        "is one letter away" in s.reason


def test_the_same_snippet_spelt_right_is_written(tmp_path, kernel_source):
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, BEEP, [(BEEP_REAL, BEEP_PATCHED)], "pwm_beeper_probe",
        ["+\tif (IS_ERR(beeper->amplifier)) {", "+\t\tdev_err(dev, \"Failed to get 'amp' regulator\\n\");",
         "+\t\treturn PTR_ERR(beeper->amplifier);"], "",
        ["\tif (IS_ERR(beeper->amplifier))", "\t\treturn dev_err_probe(dev, PTR_ERR(beeper->amplifier),",
         "\t\t\t\t     \"Failed to get 'amp' regulator\\n\");"])
    assert s.status == Status.APPLIED, s.reason
    assert after == real


ANATOP = "drivers/regulator/anatop-regulator.c"
ANATOP_REAL = "\t\tdev_err(dev, \"no anatop-reg-offset property set\\n\");"
ANATOP_PATCHED = "\t\tdev_err(dev, \"no anatop-reg-offset property set: %d\\n\", ret);"


def test_a_name_of_an_included_header_path_is_no_variable_of_the_file(tmp_path, kernel_source):
    """`ERR_PTR(err)` typed for a function whose error is `ret`: the file includes <linux/err.h>, but a
    header's path declares nothing; the reviewer's code names a variable the function lacks."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ANATOP, [(ANATOP_REAL, ANATOP_PATCHED)], "anatop_regulator_probe",
        ["+" + ANATOP_PATCHED], "",
        ["\t\tdev_err(dev, \"no anatop-reg-offset property set: %pe\\n\", ERR_PTR(err));"])
    assert after == before
    assert s.status == Status.MANUAL
    assert "the reviewer's code uses err, which anatop_regulator_probe() does not have" in s.reason


def test_the_same_print_with_the_functions_own_error_is_written(tmp_path, kernel_source):
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ANATOP, [(ANATOP_REAL, ANATOP_PATCHED)], "anatop_regulator_probe",
        ["+" + ANATOP_PATCHED], "",
        ["\t\tdev_err(dev, \"no anatop-reg-offset property set: %pe\\n\", ERR_PTR(ret));"])
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in hunks(ANATOP, before, after) if ln[:1] in "+-"] == [
        "-" + ANATOP_PATCHED, "+\t\tdev_err(dev, \"no anatop-reg-offset property set: %pe\\n\", ERR_PTR(ret));"]


TMP = "drivers/hwmon/tmp102.c"
TMP_READY = "\ttmp102->ready_time = jiffies + msecs_to_jiffies(CONVERSION_TIME_MS);\n\n\treturn err;"


def test_a_global_the_file_reads_in_other_functions_is_a_name_it_has(tmp_path, kernel_source):
    """`jiffies`, which tmp102_resume() reads and the file's other functions read too without declaring
    it, is a global of the kernel's headers: the reviewer's code that uses it is written."""
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, TMP, [(TMP_READY, TMP_READY.replace("jiffies + ", "get_jiffies_64() + "))],
        "tmp102_resume", ["+\ttmp102->ready_time = get_jiffies_64() + msecs_to_jiffies(CONVERSION_TIME_MS);"],
        "", ["\ttmp102->ready_time = jiffies + msecs_to_jiffies(CONVERSION_TIME_MS);"])
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in hunks(TMP, before, after) if ln[:1] in "+-"] == [
        "-\ttmp102->ready_time = get_jiffies_64() + msecs_to_jiffies(CONVERSION_TIME_MS);",
        "+\ttmp102->ready_time = jiffies + msecs_to_jiffies(CONVERSION_TIME_MS);"]


RTC = "drivers/rtc/rtc-ds1672.c"
RTC_STORES = ["+\tbuf[1] = secs & 0x000000FF;", "+\tbuf[2] = (secs & 0x0000FF00) >> 8;",
              "+\tbuf[3] = (secs & 0x00FF0000) >> 16;", "+\tbuf[4] = (secs & 0xFF000000) >> 24;"]


def test_a_call_handed_the_array_that_several_quoted_stores_fill_is_manual(tmp_path, kernel_source):
    """`put_unaligned_le32(secs, &buf[1]);` under the four stores of the bytes: lined up with `buf[1] = ...;`
    alone, the other three stayed beside it (said applied); which of them the call stands for is the
    author's."""
    s, _, before, after = on_real_code(tmp_path, kernel_source, RTC, [], "ds1672_set_time", RTC_STORES, "",
                                       ["\tput_unaligned_le32(secs, &buf[1]);"])
    assert after == before
    assert (s.status, s.kind) == (Status.MANUAL, "manual")
    assert s.reason == ("replace-code: the reviewer's call is handed buf, whose elements the quoted statements on "
                        "lines 90, 91, 92 store into as well: whether it stands for them too is for the author")


def test_a_store_written_again_for_one_of_the_quoted_stores_is_made(tmp_path, kernel_source):
    """The control: an assignment for one of them is no call that may fill the others."""
    s, _, before, after = on_real_code(tmp_path, kernel_source, RTC, [], "ds1672_set_time", RTC_STORES, "",
                                       ["\tbuf[1] = secs & 0xff;"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert [ln for ln in hunks(RTC, before, after) if ln[:1] in "+-"] == ["-\tbuf[1] = secs & 0x000000FF;",
                                                                          "+\tbuf[1] = secs & 0xff;"]
