"""drop-else: an `else` after branches that all leave (return, goto, break, continue) goes, its body
follows the chain one level out; nothing but the else (and its braces) changes, and what cannot be
done safely is manual."""
from __future__ import annotations

from pathlib import Path

from cocci.recipes.drop_else import asks
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_check(struct device *dev, u32 n)
{
\tif (!n) {
\t\tdev_err(dev, "no lanes\\n");
\t\treturn -EINVAL;
\t} else {
\t\tif (n > 4)
\t\t\tdev_warn(dev, "%u lanes\\n", n);
\t}

\treturn 0;
}

static int qx_mode(u32 m)
{
\tif (m == 1)
\t\treturn 10;
\telse if (m == 2)
\t\treturn 20;
\telse
\t\treturn 0;
}

static int qx_scan(struct qx *q)
{
\tint i;

\tfor (i = 0; i < q->n; i++) {
\t\tif (q->busy[i]) {
\t\t\tq->skipped++;
\t\t} else {
\t\t\tq->seen++;
\t\t}
\t}
\tif (q->n)
\t\tgoto out;
\telse {
\t\tint left = q->n;

\t\tq->seen = left;
\t}
out:
\treturn 0;
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_braced_else_after_a_return_goes_and_its_body_moves_out(tmp_path):
    s, after = run(tmp_path, "qx_check", ["+\t\treturn -EINVAL;", "+\t} else {"],
                   "Redundant 'else', the branch above returns.")
    assert (s.kind, s.status) == ("drop-else", Status.APPLIED), s.reason
    assert after == SRC.replace("\t} else {\n\t\tif (n > 4)\n\t\t\tdev_warn(dev, \"%u lanes\\n\", n);\n\t}\n",
                                "\t}\n\tif (n > 4)\n\t\tdev_warn(dev, \"%u lanes\\n\", n);\n")


def test_an_else_if_after_a_return_becomes_an_if(tmp_path):
    s, after = run(tmp_path, "qx_mode", ["+\telse if (m == 2)"], "No need for else after return.")
    assert (s.kind, s.status) == ("drop-else", Status.APPLIED), s.reason
    assert after == SRC.replace("\t\treturn 10;\n\telse if (m == 2)\n", "\t\treturn 10;\n\tif (m == 2)\n")


def test_an_else_after_a_branch_that_does_not_leave_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_scan", ["+\t\t\tq->skipped++;", "+\t\t} else {"], "The else is not needed.")
    assert s.status == Status.MANUAL and "return, goto, break or continue" in s.reason and after == SRC


def test_an_else_body_that_declares_a_variable_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_scan", ["+\t\tgoto out;", "+\telse {"], "Drop the else, there is a goto above.")
    assert s.status == Status.MANUAL and "declares" in s.reason and after == SRC


def test_what_asks_and_what_does_not():
    for yes in ("Redundant 'else'.", "No need for the else here, we return above.", "else is unneeded",
                "Please drop this else.", "You don't need the else.", "else after return is pointless",
                "The `else` is not needed"):
        assert asks(yes), yes
    for no in ("Drop the print, nothing else needs it.", "Is anything else needed here?",
               "Otherwise, or else, this leaks.", "Please add braces to the else branch."):
        assert not asks(no), no


def test_a_rule_that_changed_the_branch_above_leaves_the_else_to_drop(tmp_path):
    """The edit names only the lines it changes: a format string fixed in the branch above the else
    (by an earlier rule, here: the file as that rule left it) does not hide the else."""
    from cocci.recipe import CodeContext
    from cocci.recipes.drop_else import RECIPE
    from cocci import textedit as T
    s = sugg(PATH, "qx_check", ["+\t\treturn -EINVAL;", "+\t} else {"], "No need for the else after a return.")
    plan = RECIPE.understand(s, CodeContext(PATH, SRC, "qx_check", {PATH: SRC}, [(s.id, s.quoted)]))
    assert plan is not None and plan.params.old[0] == "\t} else {"
    edited = SRC.replace('"no lanes\\n"', '"no lanes at all\\n"')
    after = T.apply_text_edit(edited, RECIPE.text_edit(s, plan, CodeContext(PATH, edited, "qx_check",
                                                                           {PATH: edited}, [])))
    assert after == edited.replace("\t} else {\n\t\tif (n > 4)\n\t\t\tdev_warn(dev, \"%u lanes\\n\", n);\n\t}\n",
                                   "\t}\n\tif (n > 4)\n\t\tdev_warn(dev, \"%u lanes\\n\", n);\n")
