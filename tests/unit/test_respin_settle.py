"""A manual comment about code that an applied rule removed is settled as skipped, naming that rule's
suggestion; a quote of bare braces, or code in another file, is no evidence that the code went."""
from __future__ import annotations

from app.respin import _settle_superseded
from patches.model import Anchor, Edit, Person, Response, Rule, Status, Suggestion

DIFF = """\
--- a/drivers/misc/qx.c
+++ b/drivers/misc/qx.c
@@ -10,4 +10,2 @@ static int qx_probe(struct device *dev)
-\tif (IS_ERR(q->clk)) {
-\t\tdev_err(dev, "no clock\\n");
+\tif (IS_ERR(q->clk))
 \t\treturn PTR_ERR(q->clk);
-\t}
"""


def manual(code: list[str], file: str = "drivers/misc/qx.c") -> Suggestion:
    return Suggestion(id="1.1", patch=1, reviewer=Person("Bea Reviewer", "bea@example.org"),
                      comment="Please give it a name.", anchor=Anchor(file=file, function="qx_check", code=code),
                      quoted=[], response=Response.ACCEPTED, response_text="", kind="manual",
                      status=Status.MANUAL, reason="no recipe understands this comment")


def edit() -> Edit:
    rule = Rule("1.2", "replace-code", "01-replace-code.cocci", "", ["drivers/misc/qx.c"])
    return Edit(rule, Status.APPLIED, diff=DIFF)


def test_a_comment_on_removed_code_is_settled():
    s = manual(['dev_err(dev, "no clock\\n");'])
    _settle_superseded([s], [edit()])
    assert (s.status, s.reason) == (Status.SKIPPED, "the code it is about was removed by 1.2")


def test_a_quote_of_a_closing_brace_alone_is_not_the_code_another_rule_removed():
    s = manual(["}"])
    _settle_superseded([s], [edit()])
    assert s.status == Status.MANUAL


def test_the_same_line_in_another_file_is_not_the_code_removed():
    s = manual(['dev_err(dev, "no clock\\n");'], file="drivers/misc/other.c")
    _settle_superseded([s], [edit()])
    assert s.status == Status.MANUAL


PARAM_DIFF = """\
--- a/drivers/misc/qx.c
+++ b/drivers/misc/qx.c
@@ -20,2 +20,2 @@
-int qx_word_len(struct qx *q, unsigned int width)
+int qx_word_len(unsigned int width)
 {
"""


def test_a_line_that_comes_back_with_an_argument_less_is_not_removed():
    # another comment on the definition (make it static) is still to be done after a parameter is dropped
    s = manual(["int qx_word_len(struct qx *q, unsigned int width)"])
    rule = Rule("1.2", "drop-unused-parameter", "01-drop-unused-parameter.cocci", "", ["drivers/misc/qx.c"])
    _settle_superseded([s], [Edit(rule, Status.APPLIED, diff=PARAM_DIFF)])
    assert s.status == Status.MANUAL


def test_a_call_that_comes_back_with_other_arguments_is_not_removed():
    diff = PARAM_DIFF.replace("int qx_word_len(struct qx *q, unsigned int width)", "\tlen = qx_word_len(q, w);") \
        .replace("int qx_word_len(unsigned int width)", "\tlen = qx_word_len(w);")
    s = manual(["len = qx_word_len(q, w);"])
    rule = Rule("1.2", "drop-argument", "01-drop-argument.cocci", "", ["drivers/misc/qx.c"])
    _settle_superseded([s], [Edit(rule, Status.APPLIED, diff=diff)])
    assert s.status == Status.MANUAL
