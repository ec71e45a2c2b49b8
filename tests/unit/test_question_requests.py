"""A question that proposes a concrete change is a request, for every recipe ("Would dev_err() fit
here?", "Can't this be static?"); a question that proposes nothing, doubts or asks for information
asks for no edit ("Why is this needed?", "Is str_on_off() really needed?")."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Response, Status
from patches.words import only_asks, proposes
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qv.c"
SRC = """\
#include <linux/device.h>
#include <linux/string_choices.h>

struct qv_dev {
\tstruct device *dev;
\tint rate;
\tbool enabled;
};

int qv_rate_scaled(struct qv_dev *q)
{
\treturn q->rate * 2;
}

static int qv_start(struct qv_dev *q, struct device *dev)
{
\tint ret;

\tret = qv_rate_scaled(q);
\tif (ret < 0) {
\t\tpr_err("qv: bad rate %d\\n", ret);
\t\treturn ret;
\t}
\tdev_info(dev, "qv: %s\\n", q->enabled ? "on" : "off");
\treturn 0;
}
"""
PRINT = '\t\tpr_err("qv: bad rate %d\\n", ret);'
CHOICE = '\tdev_info(dev, "qv: %s\\n", q->enabled ? "on" : "off");'
HEADER = "int qv_rate_scaled(struct qv_dev *q)"
RECIPES = {
    "rename-call": ("qv_start", PRINT, "dev_err()",
                    SRC.replace('pr_err("qv: bad', 'dev_err(dev, "qv: bad')),
    "use-helper": ("qv_start", CHOICE, "str_on_off()",
                   SRC.replace('q->enabled ? "on" : "off"', "str_on_off(q->enabled)")),
    "make-static": ("qv_rate_scaled", HEADER, "static", SRC.replace(HEADER, "static " + HEADER)),
}
PROPOSING = ["Would {x} fit here?", "Why not {x}?", "Can't this be {x}?", "Should we now use {x}?",
             "Could this be {x}?", "Wouldn't {x} be simpler?", "How about {x}?", "Did you consider {x}?"]
ASKING = ["Why is this needed?", "Is this safe without the lock?", "What happens if this fails?",
          "Are you sure it never returns NULL?", "Is {x} really needed?", "Why {x}?"]
needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@pytest.mark.parametrize("text", [s.format(x=x) for s in PROPOSING for x in ("dev_err()", "static", "u32")])
def test_a_question_naming_a_change_proposes_it(text):
    assert proposes(text) and not only_asks(text)


@pytest.mark.parametrize("text", ["Can rule be const?", "Can this be made static?", "Should this be u32?",
                                  "is_power_of_2()?", "Nit: strscpy() instead?", "Use max() here?",
                                  "Should this use dev_kfree_skb_any()?",
                                  "This can overflow, kmalloc_array() instead?", "Unused field?",
                                  "Is this field used anywhere?", "Why pass dev if you never use it?",
                                  "Aren't the two values swapped here?", "Return early instead?", "GENMASK(7, 4)?",
                                  "Why not drop this print?"])
def test_a_question_proposing_a_type_or_keyword_for_a_name_proposes_it(text):
    assert proposes(text) and not only_asks(text)


@pytest.mark.parametrize("text", [s.format(x="dev_err()") for s in ASKING] + [
    "Can this be NULL?", "Could it be called twice?", "Is this enough?", "Should this be under the lock?",
    "Would this work on arm64?", "Could qv_rate_scaled() be called twice?", "Does this work if kzalloc() fails?",
    "Could the buffer be freed twice?"])
def test_a_question_proposing_nothing_only_asks(text):
    assert not proposes(text) and only_asks(text)


def test_a_question_next_to_a_request_is_not_only_asking():
    assert not only_asks("Is this safe without the lock? Please take it here.")


@needs_spatch
@pytest.mark.parametrize("kind", sorted(RECIPES))
@pytest.mark.parametrize("shape", PROPOSING)
def test_a_proposing_question_is_applied_by_every_recipe(tmp_path, kind, shape):
    fn, quoted, name, expected = RECIPES[kind]
    s = sugg(PATH, fn, ["+" + quoted], shape.format(x=name))
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert (s.kind, s.status) == (kind, Status.APPLIED), s.reason
    assert after == expected


@needs_spatch
@pytest.mark.parametrize("kind", sorted(RECIPES))
@pytest.mark.parametrize("shape", ASKING)
def test_a_question_asking_for_information_edits_nothing(tmp_path, kind, shape):
    fn, quoted, name, _ = RECIPES[kind]
    s = sugg(PATH, fn, ["+" + quoted], shape.format(x=name))
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert (s.status, s.reason) == (Status.SKIPPED, "a question: it proposes no change")
    assert after == SRC


@needs_spatch
def test_a_proposing_question_the_author_declines_is_not_applied(tmp_path):
    from patches.model import Response
    fn, quoted, name, _ = RECIPES["rename-call"]
    s = sugg(PATH, fn, ["+" + quoted], "Would dev_err() fit here?", answer="I'd rather keep pr_err() here.",
             response=Response.DECLINED)
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status == Status.SKIPPED and after == SRC


@needs_spatch
def test_an_information_question_the_author_answers_with_an_edit_is_left_to_the_recipes(tmp_path):
    fn, quoted, _, _ = RECIPES["rename-call"]
    s = sugg(PATH, fn, ["+" + quoted], "Why is this needed?", answer="Right, I'll drop it.")
    applied(tmp_path, PATH, SRC, s)
    assert s.reason != "a question: it proposes no change"


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_a_doubting_question_still_asks_to_take_away_what_the_patch_added(tmp_path):
    """'Is a separate helper really worth it here?' proposes nothing to add, but it is how reviewers ask
    to fold a helper back: the recipes that only remove or undo may still read it; the others may not."""
    from pathlib import Path
    path = "drivers_port.c"
    text = (Path(__file__).resolve().parent.parent / "data" / "c" / "structural" / path).read_text()
    quote = ["+\tdone = __port_drain(port, &fifo, budget);"]
    s = sugg(path, "port_drain", quote, "Is a separate helper really worth it here?", answer="",
             response=Response.NONE)
    after, _ = applied(tmp_path / "a", path, text, s)
    assert (s.status, s.kind) == (Status.APPLIED, "inline-helper"), s.reason
    assert "__port_drain" not in after
    s = sugg(path, "port_drain", quote, "Is __port_drain() really needed as a global?", answer="",
             response=Response.NONE)
    after, _ = applied(tmp_path / "b", path, text, s)
    assert (s.status, s.reason, after) == (Status.SKIPPED, "a question: it proposes no change", text)


INITS = """\
static int qv_probe(struct platform_device *pdev)
{
\tint irq = 0, ret = 0;

\tret = qv_setup(pdev);
\tif (ret)
\t\treturn ret;
\treturn qv_start(pdev, irq);
}
"""


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
@pytest.mark.parametrize("comment", ["Why the initialisation?", "Why init these?"])
def test_a_doubting_question_a_taking_away_recipe_cannot_do_is_manual_with_its_reason(tmp_path, comment):
    """Before: skipped, "a question: it proposes no change", though it asks for the initializers to go."""
    s = sugg(PATH, "qv_probe", ["+\tint irq = 0, ret = 0;"], comment, answer="", response=Response.NONE)
    after, _ = applied(tmp_path, PATH, INITS, s)
    assert (s.status, s.reason, after) == (
        Status.MANUAL, "drop-initializer: the quote initialises several locals: the comment does not say which one",
        INITS)
