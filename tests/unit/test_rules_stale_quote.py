"""A request whose quoted code is not in the series any more (a late reply to an older version) is
manual, and its reason says so instead of what each recipe found wrong with code that is not there."""
from __future__ import annotations

from cocci.recipe import CodeContext
from cocci.rules import plan
from patches.model import Anchor, Person, Response, Status, Suggestion

TEXT = ("static int probe(struct device *dev)\n{\n\tif (IS_ERR(bl))\n"
        "\t\treturn dev_err_probe(dev, PTR_ERR(bl), \"failed to register backlight\\n\");\n\treturn 0;\n}\n")


def _suggestion(anchor: Anchor) -> Suggestion:
    return Suggestion("1.1", 1, Person("Rev Iewer", "rev@example.org"),
                      'Please drop "device" from the message.', anchor, Response.NONE, kind="code",
                      quoted=['+\t\treturn dev_err_probe(dev, PTR_ERR(bl), "failed to register backlight device\\n");'])


def test_a_quote_of_code_that_is_gone_is_manual_with_that_reason():
    s = _suggestion(Anchor(code=['return dev_err_probe(dev, PTR_ERR(bl), "failed to register backlight device\\n");']))
    assert plan([s], {"1.1": CodeContext("drivers/x.c", TEXT, "")}) == []
    assert s.status == Status.MANUAL
    assert s.reason.startswith("the quoted code is not in the series as it stands")


STRUCT = "struct wdt_priv {\n\tunsigned int\t\thw_algo;\n\tunsigned int\t\tpings;\n};\n"


def test_a_request_on_a_struct_member_says_the_code_is_outside_any_function():
    s = Suggestion("1.1", 1, Person("Rev Iewer", "rev@example.org"),
                   "Please make this counter an atomic_t.",
                   Anchor(file="drivers/x.c", code=["unsigned int\t\tpings;"], lines=(3, 3)), Response.NONE,
                   kind="code", quoted=["+\tunsigned int\t\tpings;"])
    assert plan([s], {"1.1": CodeContext("drivers/x.c", STRUCT, "")}) == []
    assert s.status == Status.MANUAL
    assert s.reason.startswith("the quoted code is outside any function (a declaration, a struct member or a "
                               "macro); the recipes that took this comment up (")
