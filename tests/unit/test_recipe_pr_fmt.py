"""pr-fmt: "Please define pr_fmt instead of prefixing every message" puts `#define pr_fmt(fmt) ... fmt` before
the first #include and takes the prefix off every pr_*() message; a message without it, a format that
is no literal, a pr_fmt defined already are manual."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes.pr_fmt import asks
from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/qxwatch.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
/*
 * qxwatch: a watchdog for the qx boards
 */

#include <linux/module.h>
#include <linux/watchdog.h>

static int qxwatch_start(struct watchdog_device *wdd)
{
\tif (!wdd->timeout) {
\t\tpr_err("qxwatch: no timeout set\\n");
\t\treturn -EINVAL;
\t}
\tpr_debug("qxwatch: starting, timeout %u\\n",
\t\t wdd->timeout);
\tpr_cont("(armed)\\n");
\treturn 0;
}

static int qxwatch_stop(struct watchdog_device *wdd)
{
\tpr_info_once("qxwatch: stopped\\n");
\tdev_info(wdd->parent, "qxwatch: stopped\\n");
\treturn 0;
}
"""
QUOTE = ['+\t\tpr_err("qxwatch: no timeout set\\n");']


def run(tmp_path, comment: str, text: str = SRC, quoted: list[str] = QUOTE, files: dict[str, str] | None = None):
    s = sugg(PATH, "qxwatch_start", quoted, comment, answer="")
    after, rules, _ = pipeline(tmp_path, PATH, text, [s], files=files)
    return s, after, rules


def test_the_prefix_moves_into_pr_fmt(tmp_path):
    s, after, rules = run(tmp_path, "Please define pr_fmt instead of prefixing every message.")
    assert (s.kind, s.status) == ("pr-fmt", Status.APPLIED), s.reason
    assert s.summary == 'Define pr_fmt() instead of "qxwatch: " in every message'
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        '+#define pr_fmt(fmt) "qxwatch: " fmt',
        "+",
        '-\t\tpr_err("qxwatch: no timeout set\\n");',
        '+\t\tpr_err("no timeout set\\n");',
        '-\tpr_debug("qxwatch: starting, timeout %u\\n",',
        '+\tpr_debug("starting, timeout %u\\n",',
        '-\tpr_info_once("qxwatch: stopped\\n");',
        '+\tpr_info_once("stopped\\n");',
    ]
    assert "//  > Please define pr_fmt instead of prefixing every message." in rules[0].text


def test_kbuild_modname_when_the_comment_names_it(tmp_path):
    s, after, _ = run(tmp_path, "Use pr_fmt() with KBUILD_MODNAME.")
    assert s.status == Status.APPLIED, s.reason
    assert '\n#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n\n#include <linux/module.h>\n' in after


def test_kbuild_modname_when_the_makefile_builds_a_module_of_that_name(tmp_path):
    make = {"drivers/misc/Makefile": "obj-$(CONFIG_QX_WATCH)\t+= qxwatch.o\n"}
    s, after, _ = run(tmp_path, "Use pr_fmt().", files=make)
    assert s.status == Status.APPLIED, s.reason
    assert '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt' in after.split("\n")
    composite = {"drivers/misc/Makefile": "obj-$(CONFIG_QX_WATCH)\t+= qx.o\nqx-y := qxwatch.o qxcore.o\n"}
    s, after, _ = run(tmp_path, "Use pr_fmt().", files=composite)
    assert '#define pr_fmt(fmt) "qxwatch: " fmt' in after.split("\n")


def test_the_reviewers_define_is_taken(tmp_path):
    s = sugg(PATH, "qxwatch_start", QUOTE, "Please add\n\n#define pr_fmt(fmt) \"qx-watchdog: \" fmt", answer="")
    s.code = ['#define pr_fmt(fmt) "qx-watchdog: " fmt']
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert '#define pr_fmt(fmt) "qx-watchdog: " fmt' in after.split("\n") and '"qxwatch: ' not in after.replace(
        'dev_info(wdd->parent, "qxwatch: ', "")


@pytest.mark.parametrize("text,reason", [
    (SRC.replace('pr_info_once("qxwatch: stopped', 'pr_info_once("stopped'),
     'the pr_*() call on line 23 does not begin its message with "qxwatch: ": pr_fmt() would add the prefix to it'),
    (SRC.replace('pr_info_once("qxwatch: stopped\\n")', "pr_info_once(QX_STOPPED)"),
     "the format of pr_info_once() on line 23 is not a string literal"),
    (SRC.replace("#include <linux/module.h>", '#define pr_fmt(fmt) "qx: " fmt\n#include <linux/module.h>'),
     "drivers/misc/qxwatch.c defines pr_fmt already (line 6)"),
    (SRC.replace('pr_err("qxwatch: no timeout set', 'pr_err("%s: no timeout set').replace("qxwatch: ", ""),
     'no pr_*() message of the file begins with a prefix such as "foo: "'),
])
def test_what_pr_fmt_would_change_is_manual(tmp_path, text, reason):
    quoted = [q for q in (f"+{ln}" for ln in text.split("\n")) if "pr_err(" in q]
    s, after, _ = run(tmp_path, "Please define pr_fmt instead of prefixing every message.", text, quoted)
    assert (s.status, after) == (Status.MANUAL, text) and reason in s.reason, s.reason


def test_a_local_header_printing_the_prefix_is_manual(tmp_path):
    text = SRC.replace("#include <linux/watchdog.h>", '#include <linux/watchdog.h>\n#include "qxwatch.h"')
    header = {"drivers/misc/qxwatch.h": 'static inline void qx_warn(void)\n{\n\tpr_warn("qxwatch: odd\\n");\n}\n'}
    s, after, _ = run(tmp_path, "Use pr_fmt().", text, files=header)
    assert (s.status, after) == (Status.MANUAL, text)
    assert "drivers/misc/qxwatch.h, which the file includes, prints messages beginning with" in s.reason


def test_what_asks():
    for yes in ("Please define pr_fmt instead of prefixing every message.", "Use pr_fmt().",
                "pr_fmt() would make these shorter", "Why not pr_fmt()?"):
        assert asks(yes), yes
    for no in ("no need for pr_fmt here", "pr_fmt is overkill for two messages", "Don't add pr_fmt."):
        assert not asks(no), no


@pytest.mark.parametrize("comment", ["pr_fmt() would not help here: the tools grep for the whole string.",
                                     "I'd normally ask for pr_fmt() but the old driver does it this way, so keep it."])
def test_pr_fmt_named_only_to_say_it_does_not_fit_changes_nothing(tmp_path, comment):
    s, after, _ = run(tmp_path, comment)
    assert s.kind != "pr-fmt" and s.status != Status.APPLIED and after == SRC


def test_on_real_code_the_prefixes_go_back_into_pr_fmt(tmp_path, kernel_source):
    path = "drivers/pps/clients/pps-ldisc.c"
    real = kernel_source(path)
    subs = [('#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n\n', "")] + [
        (f'("{m}', f'("pps_ldisc: {m}') for m in ("cannot register PPS source", "cannot open tty ldisc",
                                                   "can't register PPS line", "PPS line discipline registered")]
    s, real, text, after = on_real_code(tmp_path, kernel_source, path, subs, "pps_tty_init",
                                        ['+\t\tpr_err("pps_ldisc: can\'t register PPS line discipline\\n");'],
                                        "Please define pr_fmt with KBUILD_MODNAME instead of prefixing every message.")
    assert s.status == Status.APPLIED, s.reason
    assert after == real
