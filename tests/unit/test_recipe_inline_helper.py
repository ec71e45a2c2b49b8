"""inline-helper: a static helper folded into its only caller; refusals say why."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cocci import spatch
from cocci.recipe import CodeContext, Manual
from cocci.recipes.inline_helper import RECIPE
from patches.model import Anchor, Person, Response, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c" / "structural"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def suggestion(function: str, quoted: list[str], comment: str) -> Suggestion:
    return Suggestion(id="1.3", patch=1, reviewer=Person("Ada Reviewer", "ada@example.org"),
                      comment=comment, anchor=Anchor(file="x.c", function=function, code=quoted),
                      response=Response.ACCEPTED, response_text="Agreed, I'll fold it.")


PORT_DRAIN = """static int port_drain(struct port *port, int irq, int budget)
{
	struct fifo fifo = { 0 };
	int done = 0;
	int i;

	port_lock(port);
	irq = port->irq;
	if (fifo.head == fifo.tail)
		goto out;
	for(i = 0;i < budget;i++) {
		if (fifo_pop(&fifo) < 0) {
			done = -1;
			goto reset;
		}
		done++;
	}
	if (!port->enabled) {
		done = -5;
		goto out;
	}
	dev_warn(port->dev, irq);
reset:
	fifo.head = fifo.tail;
out:
	port_unlock(port);
	return done;
}
"""


def test_folds_helper_into_its_caller(tmp_path):
    text = (DATA / "drivers_port.c").read_text()
    s = suggestion("port_drain", ["done = __port_drain(port, &fifo, budget);"],
                   "Is a separate helper really worth it here?")
    ctx = CodeContext("drivers_port.c", text, "port_drain")
    plan = RECIPE.understand(s, ctx)
    assert plan is not None and plan.summary == "Fold __port_drain() into port_drain()"
    rule = tmp_path / "rule.cocci"
    rule.write_text(RECIPE.render(s, plan, ctx))
    assert spatch.parse_cocci(rule) == ""
    f = tmp_path / "drivers_port.c"
    f.write_text(text)
    spatch.apply(rule, [f])
    after = f.read_text()
    assert "__port_drain" not in after
    # parameters substituted (&fifo -> fifo.), the helper's irq reuses the caller's parameter,
    # done merges with the caller's result, early returns jump to out:
    # (spatch 1.1.1 prints a new `for` header without spaces)
    assert PORT_DRAIN in after
    assert RECIPE.verify(s, plan, text, after) == ""
    assert spatch.parse_c(f).ok
    if shutil.which("gcc"):
        r = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-Werror", str(f)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


def test_refuses_helper_with_two_callers():
    text = (DATA / "mm_two_callers.c").read_text()
    s = suggestion("page_age", ["return __page_age(page);"], "Just open-code it?")
    with pytest.raises(Manual, match="__page_age\\(\\) has 2 callers"):
        RECIPE.understand(s, CodeContext("mm_two_callers.c", text, "page_age"))


def test_refuses_non_static_helper():
    text = (DATA / "mm_two_callers.c").read_text()
    s = suggestion("page_cold", ["age = page_weight(page);"], "Please inline page_weight().")
    with pytest.raises(Manual, match="page_weight\\(\\) is not static"):
        RECIPE.understand(s, CodeContext("mm_two_callers.c", text, "page_cold"))


def test_refuses_call_outside_a_plain_statement():
    text = (DATA / "drivers_port.c").read_text().replace(
        "\tdone = __port_drain(port, &fifo, budget);", "\tif (__port_drain(port, &fifo, budget) < 0)\n\t\tdone = 0;")
    s = suggestion("port_drain", ["if (__port_drain(port, &fifo, budget) < 0)"], "Fold this helper in.")
    with pytest.raises(Manual, match="not a plain statement"):
        RECIPE.understand(s, CodeContext("drivers_port.c", text, "port_drain"))


def test_refuses_helper_assigning_a_parameter():
    text = (DATA / "drivers_port.c").read_text().replace("for (i = 0; i < budget; i++) {", "while (budget--) {")
    s = suggestion("port_drain", ["done = __port_drain(port, &fifo, budget);"], "Why a separate function?")
    with pytest.raises(Manual, match="assigns its parameter budget"):
        RECIPE.understand(s, CodeContext("drivers_port.c", text, "port_drain"))


def test_not_for_other_comments():
    text = (DATA / "drivers_port.c").read_text()
    s = suggestion("port_drain", ["done = __port_drain(port, &fifo, budget);"], "Can be const.")
    assert RECIPE.understand(s, CodeContext("drivers_port.c", text, "port_drain")) is None


@pytest.mark.parametrize("comment", ["Pass the fifo only, the helper needs nothing else.",
                                     "Can the helper take the budget as unsigned?",
                                     "The wrapper should return the count, not store it."])
def test_not_for_a_comment_that_names_the_helper_to_change_it(comment):
    """Before: the word "helper" alone read as a request to fold it, and the helper went into its caller."""
    text = (DATA / "drivers_port.c").read_text()
    s = suggestion("port_drain", ["done = __port_drain(port, &fifo, budget);"], comment)
    assert RECIPE.understand(s, CodeContext("drivers_port.c", text, "port_drain")) is None


@pytest.mark.parametrize("comment", ["Do we need this helper?", "This wrapper is pointless.",
                                     "No need for a separate function here.", "The helper has one caller, drop it."])
def test_a_helper_named_with_a_doubt_is_folded(comment):
    text = (DATA / "drivers_port.c").read_text()
    s = suggestion("port_drain", ["done = __port_drain(port, &fifo, budget);"], comment)
    plan = RECIPE.understand(s, CodeContext("drivers_port.c", text, "port_drain"))
    assert plan is not None and plan.summary == "Fold __port_drain() into port_drain()"
