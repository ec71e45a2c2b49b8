"""A late reply to an older version asks for what the series as it stands does already: it is reported
as skipped ("already in the series: ...") and not as a change; when that cannot be told it stays manual."""
from __future__ import annotations

from cocci.recipe import CodeContext
from cocci.rules import plan
from patches.model import Anchor, Person, Response, Status, Suggestion

OLD = ["static void lamp_release(struct lamp *priv)", "{",
       "\tgpiod_set_value_cansleep(priv->enable, 0);", "\tkfree(priv->levels);",
       "\tpriv->levels = NULL;", "}"]
NEW_DONE = ("#include <linux/slab.h>\n\n"
            "static void lamp_release(struct lamp *priv)\n{\n\tgpiod_set_value_cansleep(priv->enable, 0);\n"
            "\tkvfree(priv->levels);\n\tpriv->levels = NULL;\n}\n")
NEW_OTHER = NEW_DONE.replace("kvfree(", "kfree_sensitive(")
ASK = "The table comes from kvmalloc_array(), so please use kvfree() instead of kfree() here."


def _late(comment: str) -> Suggestion:
    return Suggestion("1.1", 1, Person("Rev Iewer", "rev@example.org"), comment,
                      Anchor(code=["kfree(priv->levels);"]), Response.NONE, kind="code",
                      quoted=["+" + x for x in OLD[:4]], quote=list(OLD))


def _ctx(text: str) -> dict[str, CodeContext]:
    return {"1.1": CodeContext("", "", "", {"drivers/leds/lamp.c": text}, [])}


def test_a_late_request_the_series_already_does_is_skipped_as_already_there():
    s = _late(ASK)
    assert plan([s], _ctx(NEW_DONE)) == []
    assert s.status == Status.SKIPPED
    assert s.reason.startswith("already in the series: ")
    assert "kvfree()" in s.reason
    assert s.changes == [] and s.summary == ""


def test_a_late_request_the_series_does_not_do_stays_manual():
    s = _late(ASK)
    assert plan([s], _ctx(NEW_OTHER)) == []
    assert s.status == Status.MANUAL
    assert s.reason.startswith("the quoted code is not in the series as it stands")


def test_a_late_question_that_proposes_nothing_is_reported_as_a_question():
    s = _late("Why is this needed at all?")
    assert plan([s], _ctx(NEW_DONE)) == []
    assert (s.status, s.reason) == (Status.SKIPPED, "a question: it proposes no change")


def test_a_quote_whose_last_line_changed_is_put_back_in_place_of_that_line():
    s = _late(ASK)
    s.quote = list(OLD[:4])                 # cut right under the line the comment is about
    assert plan([s], _ctx(NEW_DONE)) == []
    assert s.status == Status.SKIPPED and "kvfree()" in s.reason


def test_a_quote_that_fits_nowhere_stays_manual():
    s = _late(ASK)
    s.quote = ["\tpm_runtime_put(priv->dev);", "\tkfree(priv->levels);"]
    assert plan([s], _ctx(NEW_DONE)) == []
    assert s.status == Status.MANUAL
