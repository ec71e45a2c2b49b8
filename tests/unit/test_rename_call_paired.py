"""A call named in place of another by the comment itself ("use foo() instead of bar()", "replace bar() with
foo()") is renamed even where the two names share no part, when the new one's arguments are known to be the
old call's; otherwise the request is manual and says why."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes.rename_call import paired_names
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/frob.c"
HELPERS = """\
static int frob_enable(struct frob *f, int fast)
{
\treturn frob_write(f, FROB_EN, fast);
}

static int frob_start(struct frob *f, int fast)
{
\treturn frob_write(f, FROB_GO, fast);
}

static int frob_go(struct frob *f)
{
\treturn frob_write(f, FROB_GO, 0);
}
"""
SETUP = """
static int frob_setup(struct device *dev, struct frob *f)
{
\tint ret;

\tret = frob_enable(f, 1);
\tif (ret)
\t\treturn ret;
\tf->ready = true;
\treturn 0;
}
"""
SRC = HELPERS + SETUP
QUOTE = ["+\tret = frob_enable(f, 1);"]
needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@pytest.mark.parametrize("comment, pairs", [
    ("Please use frob_start() instead of frob_enable().", {("frob_enable", "frob_start")}),
    ("Replace frob_enable() with frob_start().", {("frob_enable", "frob_start")}),
    ("frob_enable() should be frob_start() here.", {("frob_enable", "frob_start")}),
    ("frob_enable() -> frob_start()", {("frob_enable", "frob_start")}),
    ("Use frob_start rather than frob_enable.", {("frob_enable", "frob_start")}),
    # the old side is two calls: no pair
    ("Use frob_start() instead of frob_enable() and frob_go().", set()),
    ("Use frob_start() instead of frob_enable() + frob_go().", set()),
    ("Please use frob_start() here.", set()),
    ("This is worth a frob_start(), not frob_enable().", {("frob_enable", "frob_start")}),
    ("frob_start, not frob_enable", set()),                              # words, not calls
    ("frob_enable -> frob_start", {("frob_enable", "frob_start")}),
    ("guard(mutex)(&f->lock) would make this simpler.", set()),         # a member, not an arrow
    ("The msleep can be fine here.", set()),                            # words, not calls
    ("msleep() can be fsleep() here.", {("msleep", "fsleep")}),
    ("return dev_err_probe(&client->dev, -ENODEV, ...) here.", set()),
])
def test_paired_names(comment, pairs):
    assert paired_names(comment) == pairs


@needs_spatch
def test_a_paired_call_of_an_unrelated_name_with_the_same_arguments_is_renamed(tmp_path):
    s = sugg(PATH, "frob_setup", QUOTE, "Please use frob_start() instead of frob_enable().")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call")
    assert hunks(PATH, SRC, after)[1:] == [
        " {", " \tint ret;", " ", "-\tret = frob_enable(f, 1);", "+\tret = frob_start(f, 1);", " \tif (ret)",
        " \t\treturn ret;", " \tf->ready = true;"]


@needs_spatch
def test_a_paired_call_whose_arguments_are_not_known_is_manual(tmp_path):
    src = HELPERS.split("static int frob_start")[0] + SETUP
    s = sugg(PATH, "frob_setup", QUOTE, "Please use frob_begin() instead of frob_enable().")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src
    assert (s.status, s.reason) == (Status.MANUAL, (
        "rename-call: the comment asks for frob_begin() in place of frob_enable(); frob_begin() is declared "
        "neither in the file nor in a header it includes that names it, so its arguments are not known: the "
        "call is for the author to write"))


@needs_spatch
def test_a_paired_call_taking_other_arguments_is_not_renamed(tmp_path):
    s = sugg(PATH, "frob_setup", QUOTE, "Please use frob_go() instead of frob_enable().")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC
    assert s.status == Status.MANUAL


DT = """\
static int frob_parse(struct device *dev, struct frob *f)
{
\tstruct device_node *np = dev->of_node;
\tint ret;

\tret = of_property_read_u32(np, "frob,rate", &f->rate);
\tif (ret < 0) {
\t\tdev_err(dev, "no rate\\n");
\t\treturn ret;
\t}
\treturn 0;
}
"""


@needs_spatch
def test_a_call_above_the_block_the_quote_was_narrowed_to_is_renamed(tmp_path):
    """The comment stands under the block that tests the call's value; the call is above it, in the quote."""
    quoted = DT.splitlines()[5:10]
    s = sugg(PATH, "frob_parse", ["+" + q for q in quoted], "Use device_property_read_u32() so ACPI works too.",
             lines=(7, 10))
    s.quote = quoted
    after, _, _ = pipeline(tmp_path, PATH, DT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert [h for h in hunks(PATH, DT, after) if h[:1] in "+-"] == [
        '-\tret = of_property_read_u32(np, "frob,rate", &f->rate);',
        '+\tret = device_property_read_u32(dev, "frob,rate", &f->rate);']


@needs_spatch
def test_a_call_paired_with_not_and_no_wish_word_is_renamed(tmp_path):
    s = sugg(PATH, "frob_setup", QUOTE, "This is worth a frob_start(), not frob_enable().")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert "\tret = frob_start(f, 1);\n" in after
