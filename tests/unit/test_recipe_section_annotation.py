"""section-annotation: "This can be __init.", "mark it __initconst", "__ro_after_init please" put the word
where kernel style has it (before a function's name, after a variable's declarator); "this must not be
__init" takes it off; a word that does not fit, or a use that would be a section mismatch, is manual."""
from __future__ import annotations

import shutil

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.recipes.section_annotation import asked
from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/qxlink.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

static const char * const qxlink_names[] = { "uplink", "downlink" };
static unsigned int qxlink_modes[] = { 1, 2, 4 };
static const u16 qxlink_rates[] = { 10, 100, 1000 };
static unsigned int qxlink_count;
static int qxlink_debug = 1;
static int qxlink_boot_rate __initdata = 100;

static unsigned int qxlink_rate(unsigned int i)
{
\treturn qxlink_rates[i % ARRAY_SIZE(qxlink_rates)];
}

static void qxlink_show(void)
{
\tpr_info("%s: %u\\n", qxlink_names[0], qxlink_rate(qxlink_count));
\tqxlink_count++;
}

static int qxlink_setup(void)
{
\tunsigned int i;

\tfor (i = 0; i < ARRAY_SIZE(qxlink_modes); i++)
\t\tqxlink_count += qxlink_modes[i];
\tqxlink_debug = qxlink_boot_rate;
\treturn 0;
}

static int qxlink_init(void)
{
\tqxlink_show();
\treturn qxlink_setup();
}

static int __init qxlink_early(void)
{
\tqxlink_count = qxlink_boot_rate;
\treturn 0;
}

static void qxlink_exit(void)
{
\tqxlink_count = 0;
}

module_init(qxlink_init);
module_exit(qxlink_exit);
"""


def changed(before: str, after: str) -> list[str]:
    """The removed and added lines of the hunks of BEFORE -> AFTER."""
    return [h for h in hunks(PATH, before, after) if h[:1] in "+-"]


def run(tmp_path, fn: str, quoted: list[str], comment: str, text: str = SRC):
    s = sugg(PATH, fn, quoted, comment, answer="")
    after, rules, _ = pipeline(tmp_path, PATH, text, [s])
    return s, after, rules


def test_an_init_function_gets_init_before_its_name(tmp_path):
    s, after, rules = run(tmp_path, "", ["+static int qxlink_init(void)"], "This can be __init.")
    assert (s.kind, s.status, s.summary) == ("section-annotation", Status.APPLIED, "Mark qxlink_init() __init")
    assert changed(SRC, after) == ["-static int qxlink_init(void)", "+static int __init qxlink_init(void)"]
    assert "//  > This can be __init." in rules[0].text


def test_an_exit_function_gets_exit(tmp_path):
    s, after, _ = run(tmp_path, "qxlink_exit", ["+\tqxlink_count = 0;"], "qxlink_exit() should be marked __exit")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static void qxlink_exit(void)", "static void __exit qxlink_exit(void)")


def test_a_function_called_from_code_kept_after_boot_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static unsigned int qxlink_rate(unsigned int i)"], "Please mark it __init.")
    assert (s.status, after) == (Status.MANUAL, SRC)
    assert ("qxlink_rate() is used on line 18 (pr_info(\"%s: %u\\n\", qxlink_names[0], "
            "qxlink_rate(qxlink_count));) in qxlink_show(), which is not __init code") in s.reason


def test_a_function_called_from_init_code_that_is_not_yet_init_is_manual(tmp_path):
    s, _, _ = run(tmp_path, "", ["+static int qxlink_setup(void)"], "This can be __init")
    assert s.status == Status.MANUAL
    assert "in qxlink_init(), which is not __init code: a __init function may be used only from __init code" \
        in s.reason


def test_init_on_data_and_initdata_on_a_function_are_manual(tmp_path):
    s, _, _ = run(tmp_path, "", ["+static unsigned int qxlink_count;"], "This can be __init.")
    assert s.status == Status.MANUAL and "qxlink_count is a variable: __init is for functions" in s.reason
    s, _, _ = run(tmp_path, "", ["+static int qxlink_init(void)"], "__initdata please")
    assert s.status == Status.MANUAL and "qxlink_init() is a function: __initdata is for data" in s.reason


def test_const_data_used_only_at_init_gets_initconst_after_its_declarator(tmp_path):
    text = SRC.replace("\treturn qxlink_rates[i % ARRAY_SIZE(qxlink_rates)];", "\treturn i;").replace(
        "static int __init qxlink_early(void)\n{\n", "static int __init qxlink_early(void)\n{\n"
        "\tqxlink_debug = qxlink_rates[0];\n")
    s, after, _ = run(tmp_path, "", ["+static const u16 qxlink_rates[] = { 10, 100, 1000 };"],
                      "Only used by qxlink_early(), so this can be __initconst.", text)
    assert s.status == Status.APPLIED, s.reason
    assert changed(text, after) == ["-static const u16 qxlink_rates[] = { 10, 100, 1000 };",
                                     "+static const u16 qxlink_rates[] __initconst = { 10, 100, 1000 };"]


def test_init_data_used_after_boot_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static const u16 qxlink_rates[] = { 10, 100, 1000 };"], "Mark it __initconst.")
    assert (s.status, after) == (Status.MANUAL, SRC)
    assert ("qxlink_rates is used on line 13 (return qxlink_rates[i % ARRAY_SIZE(qxlink_rates)];) in "
            "qxlink_rate(), which is not __init code: __initconst data is discarded after boot") in s.reason


@pytest.mark.parametrize("quoted,comment,reason", [
    ("+static const u16 qxlink_rates[] = { 10, 100, 1000 };", "__initdata please",
     "qxlink_rates is const: const data takes __initconst, not __initdata"),
    ("+static unsigned int qxlink_modes[] = { 1, 2, 4 };", "This can be __initconst.",
     "qxlink_modes is not const: __initconst is for const data"),
    ("+static const u16 qxlink_rates[] = { 10, 100, 1000 };", "__read_mostly?",
     "qxlink_rates is const: it is read-only already"),
    ("+static unsigned int qxlink_count;", "This can be __ro_after_init.",
     "qxlink_count is written or handed on by address on line 19 (qxlink_count++;) in qxlink_show(), which is "
     "not __init code"),
])
def test_an_annotation_that_does_not_fit_the_data_is_manual(tmp_path, quoted, comment, reason):
    s, after, _ = run(tmp_path, "", [quoted], comment)
    assert (s.status, after) == (Status.MANUAL, SRC) and reason in s.reason, s.reason


def test_read_mostly_needs_no_check(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static int qxlink_debug = 1;"], "This is read on every message: __read_mostly.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static int qxlink_debug = 1;", "static int qxlink_debug __read_mostly = 1;")


def test_const_asked_with_initconst_is_made_with_it(tmp_path):
    """The const recipe makes the table const first (its proof that the file only reads it), then the
    annotation goes on."""
    text = SRC.replace("static unsigned int qxlink_modes[] = { 1, 2, 4 };",
                       "static unsigned int qxlink_modes[] = {\n\t1, 2, 4,\n};").replace(
        "\tfor (i = 0; i < ARRAY_SIZE(qxlink_modes); i++)\n\t\tqxlink_count += qxlink_modes[i];\n", "").replace(
        "\tqxlink_count = qxlink_boot_rate;\n", "\tqxlink_count = qxlink_boot_rate + qxlink_modes[1];\n")
    s = sugg(PATH, "", ["+static unsigned int qxlink_modes[] = {"], "This can be static const and __initconst.",
             answer="")
    ctx = CodeContext(PATH, text, "", {PATH: text}, [(s.id, s.quoted)], tree_read=lambda path: None)
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {PATH: text}, tmp_path)
    assert (s.status, [c.kind for c in s.changes]) == (Status.APPLIED, ["const", "section-annotation"]), s.reason
    assert files[PATH] == text.replace("static unsigned int qxlink_modes[] = {",
                                       "static const unsigned int qxlink_modes[] __initconst = {")


def test_init_taken_off_a_function_called_after_boot(tmp_path):
    text = SRC.replace("static int __init qxlink_early(void)\n{\n\tqxlink_count = qxlink_boot_rate;\n",
                       "static int __init qxlink_early(void)\n{\n\tqxlink_count = 3;\n")
    s, after, _ = run(tmp_path, "", ["+static int __init qxlink_early(void)"],
                      "This must not be __init, it is called on resume.", text)
    assert (s.status, s.summary) == (Status.APPLIED, "Drop __init from qxlink_early()"), s.reason
    assert after == text.replace("static int __init qxlink_early(void)", "static int qxlink_early(void)")


def test_init_taken_off_a_function_that_uses_init_data_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static int __init qxlink_early(void)"], "Drop the __init, resume calls this.")
    assert (s.status, after) == (Status.MANUAL, SRC)
    assert "qxlink_early() uses qxlink_boot_rate, which is discarded after boot" in s.reason


def test_what_is_asked_and_which_way():
    assert asked("This can be __init.") == ("__init", False)
    assert asked("Why not __init?") == ("__init", False)
    assert asked("Mark it __init; nothing non-__init calls it") == ("__init", False)
    assert asked("This must not be __init, it is called after boot.") == ("__init", True)
    assert asked("__initconst would be wrong here, it is used at runtime") == ("__initconst", True)
    assert asked("no need for __read_mostly") == ("__read_mostly", True)
    assert asked("__init is wrong here: resume calls it") == ("__init", True)
    assert asked("Drop the __ro_after_init, qxlink_show() is not __init.") == ("__ro_after_init", True)
    assert asked("Use __initconst rather than __initdata.") == ("__initconst", False)
    assert asked("__initconst or __initdata?") is None      # two words, neither asked for
    assert asked("This can be static.") is None
    assert asked("Shouldn't this be __init? Nothing calls it after boot.") == ("__init", False)
    assert asked("This shouldn't be __init, resume calls it.") == ("__init", True)
    assert asked("This runs from __init code only, so GFP_KERNEL is fine.") is None
    assert asked("__initconst please") == ("__initconst", False)
    assert asked("static const u16 qxlink_rates[] __initconst = {") == ("__initconst", False)
    assert asked("This should be:\n\nstatic int __init qxlink_init(void)") == ("__init", False)
    assert asked("It's not called later, so mark it __init.") == ("__init", False)
    assert asked("This isn't used after probe, mark it __initconst.") == ("__initconst", False)


def test_a_reason_in_the_negative_before_the_request_keeps_the_annotation(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static int __init qxlink_early(void)"],
                      "It's not called later, so mark it __init.")
    assert s.status != Status.APPLIED and after == SRC


def test_a_reason_in_the_negative_before_the_request_adds_it(tmp_path):
    s, after, _ = run(tmp_path, "", ["+static int qxlink_init(void)"], "Nothing calls it after boot, not even resume, "
                      "so mark it __init.")
    assert (s.kind, s.status) == ("section-annotation", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-static int qxlink_init(void)", "+static int __init qxlink_init(void)"]


def test_on_real_code_the_module_init_gets_init(tmp_path, kernel_source):
    path = "drivers/pps/clients/pps-ldisc.c"
    s, real, text, after = on_real_code(tmp_path, kernel_source, path,
                                        [("static int __init pps_tty_init(void)", "static int pps_tty_init(void)")],
                                        "", ["+static int pps_tty_init(void)"], "Missing __init?")
    assert s.status == Status.APPLIED, s.reason
    assert after == real


def test_const_asked_with_initconst_on_data_used_after_boot_changes_nothing(tmp_path):
    """The const alone would be half of "static const ... __initconst", reported done: nothing is made."""
    text = SRC.replace("static unsigned int qxlink_modes[] = { 1, 2, 4 };",
                       "static unsigned int qxlink_modes[] = {\n\t1, 2, 4,\n};").replace(
        "\tfor (i = 0; i < ARRAY_SIZE(qxlink_modes); i++)\n\t\tqxlink_count += qxlink_modes[i];\n",
        "\tqxlink_count += qxlink_modes[0];\n")
    s = sugg(PATH, "", ["+static unsigned int qxlink_modes[] = {"], "This can be static const and __initconst.",
             answer="")
    ctx = CodeContext(PATH, text, "", {PATH: text}, [(s.id, s.quoted)], tree_read=lambda path: None)
    planned = RU.plan([s], {s.id: ctx})
    assert (planned, s.status) == ([], Status.MANUAL)
    assert s.reason == ("section-annotation: qxlink_modes is used on line 28 (qxlink_count += qxlink_modes[0];) in "
                        "qxlink_setup(), which is not __init code: __initconst data is discarded after boot")


def test_a_quoted_call_of_another_function_of_the_file_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "qxlink_init", ["+\treturn qxlink_setup();"], "This can be __init.")
    assert (s.status, after) == (Status.MANUAL, SRC)
    assert "the quoted line in qxlink_init() calls qxlink_setup(): which of the two the comment means" in s.reason
