"""A comment under several calls of one name that picks one by its place ("use dev_warn() for the first one")
renames that one, not the one nearest to the comment; one that names two places, or the place to leave, is
manual."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes._ordinal import picked
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/frob.c"
SRC = """\
static int frob_probe_regs(struct frob *f)
{
\tint ret;

\tret = frob_read(f, FROB_ID);
\tif (ret < 0) {
\t\tdev_err(f->dev, "no id: %d\\n", ret);
\t\treturn ret;
\t}
\tf->id = ret;

\tret = frob_read(f, FROB_REV);
\tif (ret < 0) {
\t\tdev_err(f->dev, "no revision: %d\\n", ret);
\t\treturn ret;
\t}
\tf->rev = ret;
\treturn 0;
}
"""
QUOTE = ["+" + ln for ln in SRC.splitlines()[4:16]]
needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@pytest.mark.parametrize("comment, line", [
    ("Use dev_warn() for the first one, the chip may still be off.", 10),
    ("dev_dbg() in the last one here", 20),
    ("Use dev_warn() for the second call.", 20),
    ("Use dev_err_probe() here, like the first one.", None),      # the model of the change, not its place
    ("dev_warn() please, the first read may fail.", None),         # an adjective of something else
    ("The second one is fine, use dev_dbg() for the other.", -1),  # the place to leave
    ("dev_dbg() for the first one, dev_warn() for the second.", -1),
    ("the third one", -1),
    ("Use dev_warn() for the first one; the second one can stay.", 10),
])
def test_picked(comment, line):
    assert picked(comment, [10, 20]) == line


@needs_spatch
def test_the_call_picked_by_place_is_renamed_not_the_nearest(tmp_path):
    """Before: the second dev_err() (nearest to the comment) became dev_warn(), and the first stayed."""
    s = sugg(PATH, "frob_probe_regs", QUOTE, "Use dev_warn() instead of dev_err() for the first one, the chip "
             "may still be off.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "rename-call", "")
    assert hunks(PATH, SRC, after)[1:] == [
        " ", " \tret = frob_read(f, FROB_ID);", " \tif (ret < 0) {",
        "-\t\tdev_err(f->dev, \"no id: %d\\n\", ret);", "+\t\tdev_warn(f->dev, \"no id: %d\\n\", ret);",
        " \t\treturn ret;", " \t}", " \tf->id = ret;"]


@needs_spatch
def test_two_places_named_is_manual(tmp_path):
    s = sugg(PATH, "frob_probe_regs", QUOTE, "Please use dev_warn() for the first one and dev_info() for the second.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC
    assert (s.status, s.reason) == (Status.MANUAL, (
        "rename-call: the comment names dev_err() calls of the quote by their place in a way that does not "
        "say which one to change: which is for the author to read"))


WARN = """\
static int frob_spin_up(struct frob *f)
{
\tint i;

\tfor (i = 0; i < 3; i++) {
\t\tif (frob_ready(f))
\t\t\treturn 0;
\t\tpr_warn("frob: still slow, retry %d\\n", i);
\t}
\treturn -ETIMEDOUT;
}
"""


@needs_spatch
def test_a_part_of_the_message_also_asked_away_is_left_and_said(tmp_path):
    """Before: dev_warn() was made with the "frob: " prefix kept, and the suggestion said applied."""
    s = sugg(PATH, "frob_spin_up", ['+\t\tpr_warn("frob: still slow, retry %d\\n", i);'],
             'Use dev_warn() instead of pr_warn() and drop the "frob: " prefix, dev_warn() adds the device name.')
    after, _, _ = pipeline(tmp_path, PATH, WARN.replace("struct frob *f)", "struct frob *f, struct device *dev)"),
                           [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: the rest is left to the author (drop the "frob: " '
                                    'prefix: the rename leaves the message as it is)')
    assert 'dev_warn(dev, "frob: still slow, retry %d\\n", i);' in after


NAME = """\
static void frob_describe(struct frob *f, struct device *dev)
{
\tchar name[16];

\tstrncpy(name, f->name, sizeof(name));
\tdev_info(dev, "frob %s\\n", name);
}
"""


@needs_spatch
@pytest.mark.parametrize("comment", ["dev_dbg() instead of dev_info(), and strscpy() above.",
                                     "strscpy() instead of strncpy() \u2014 and dev_dbg() for the print."])
def test_a_second_rename_of_another_quoted_call_is_partly(tmp_path, comment):
    """Before: one of the two renames was made, the other lost, and the suggestion said applied."""
    s = sugg(PATH, "frob_describe",
             ["+\tstrncpy(name, f->name, sizeof(name));", '+\tdev_info(dev, "frob %s\\n", name);'], comment)
    after, _, _ = pipeline(tmp_path, PATH, NAME, [s])
    assert after == NAME.replace("strncpy(", "strscpy(")
    assert (s.status, s.reason) == (Status.APPLIED, "partly: the rest is left to the author (dev_dbg() in place of "
                                    "dev_info(), asked too: one rename is made per comment)")


PROP = """\
static int frob_parse(struct frob *f, struct device *dev)
{
\tbool quiet;

\tif (device_property_present(dev, "frob,quiet")) {
\t\tquiet = device_property_read_bool(dev, "frob,quiet");
\t\tf->mode = quiet ? 0 : 0x80;
\t}
\treturn 0;
}
"""


@needs_spatch
@pytest.mark.parametrize("comment", [
    "Use device_property_read_bool() alone instead of device_property_present() + read.",
    "device_property_read_bool() rather than device_property_present() and a second read.",
])
def test_a_call_put_in_place_of_more_than_the_old_call_is_manual(tmp_path, comment):
    """Before: the test became `if (device_property_read_bool(...))`, the read inside it stayed, and a property
    present but false no longer set the mode."""
    s = sugg(PATH, "frob_parse", ["+" + PROP.splitlines()[4]], comment)
    after, _, _ = pipeline(tmp_path, PATH, PROP, [s])
    assert after == PROP
    assert (s.status, s.reason) == (Status.MANUAL, (
        "rename-call: the comment puts device_property_read_bool() in place of more than the "
        "device_property_present() call (other code goes with it): that change is for the author"))



SAME_IN = """\
static int frob_read_status(struct frob *f)
{
\tint ret;

\tret = frob_read(f, FROB_STATUS);
\tWARN_ON(ret < 0);
\treturn ret;
}

static int frob_read_fifo(struct frob *f)
{
\tint ret;

\tret = frob_read(f, FROB_FIFO);
\tWARN_ON(ret < 0);
\treturn ret;
}
"""


@needs_spatch
def test_a_function_named_as_a_place_is_no_second_rename(tmp_path):
    """"Same in frob_read_fifo()." names where the change goes too, not a call to bring in (before: read as a
    second rename, frob_read_fifo() for the quoted header's frob_read_status(), and the suggestion said partly)."""
    quote = SAME_IN.splitlines()[:6]
    s = sugg(PATH, "frob_read_status", ["+" + q for q in quote], "WARN_ON_ONCE(), please. Same in frob_read_fifo().",
             lines=(5, 6))
    s.quote = quote
    pipeline(tmp_path, PATH, SAME_IN, [s])
    assert s.status == Status.APPLIED
    assert "asked too: one rename is made per comment" not in s.reason


PM = """\
static int frob_probe(struct frob *f)
{
\tpm_runtime_set_active(f->dev);
\tpm_runtime_enable(f->dev);
\tpm_runtime_idle(f->dev);
\treturn 0;
}
"""


@needs_spatch
def test_a_new_call_named_with_another_new_call_is_no_rename(tmp_path):
    """"use pm_runtime_set_autosuspend_delay() and pm_runtime_use_autosuspend()" asks for two calls to add
    (before: pm_runtime_idle() was renamed pm_runtime_use_autosuspend(), the names sharing pm_runtime)."""
    quote = PM.splitlines()[2:5]
    s = sugg(PATH, "frob_probe", ["+" + q for q in quote],
             "Please use autosuspend: pm_runtime_set_autosuspend_delay() and pm_runtime_use_autosuspend().",
             lines=(3, 5))
    s.quote = quote
    after, _, _ = pipeline(tmp_path, PATH, PM, [s])
    assert after == PM
    assert (s.status, s.reason) == (Status.MANUAL, (
        "rename-call: the comment names pm_runtime_use_autosuspend() together with "
        "pm_runtime_set_autosuspend_delay(), which the quoted code does not call: calls to add, not a new name for "
        "pm_runtime_idle(), which is for the author"))
