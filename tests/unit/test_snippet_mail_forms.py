"""Reviewer code in the shapes mail gives it, read from the mail and written into the next version."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

QUOTE = f"{T.READ}\n{T.RETURN}"


def _new_reader(tmp_path, comment: str) -> tuple[str, list]:
    tree, mbox = T.series(tmp_path, [T.review(comment, QUOTE)])
    result = T.run(tmp_path, tree, mbox)
    text = T.file_at(tree, result.branch)
    return text[text.index("static int vlx3_read_rev"):text.index("static int vlx3_probe")], result.suggestions


def test_a_pasted_diff_with_its_headers_changes_its_minus_lines(tmp_path):
    comment = ("--- a/drivers/misc/vlx3.c\n+++ b/drivers/misc/vlx3.c\n@@ -12,7 +12,7 @@\n"
               "-\tval = readl(priv->base + 0x08);\n+\tval = readl_relaxed(priv->base + 0x08);")
    fn, (s,) = _new_reader(tmp_path, comment)
    assert s.status == Status.APPLIED, s.reason
    assert "\tval = readl_relaxed(priv->base + 0x08);\n\treturn val & 0xff;\n" in fn


def test_the_blank_line_between_two_code_paragraphs_is_kept(tmp_path):
    comment = "Something like:\n\n\tval = readl(priv->base + 0x08) & 0xff;\n\n\treturn val;"
    fn, (s,) = _new_reader(tmp_path, comment)
    assert s.status == Status.APPLIED, s.reason
    assert "\tval = readl(priv->base + 0x08) & 0xff;\n\n\treturn val;\n}" in fn


def test_code_typed_with_a_bracket_left_open_is_manual(tmp_path):
    fn, (s,) = _new_reader(tmp_path, "\treturn readl(priv->base + 0x08 & 0xff;")
    assert s.status == Status.MANUAL
    assert "does not close the brackets it opens" in s.reason
    assert "\tval = readl(priv->base + 0x08);\n\treturn val & 0xff;\n" in fn


def test_a_diff_that_adds_a_braceless_if_and_a_blank_line_above_a_context_line(tmp_path):
    comment = "+\tif (!priv->base)\n+\t\treturn -ENODEV;\n+\n \tval = readl(priv->base + 0x08);"
    fn, (s,) = _new_reader(tmp_path, comment)
    assert s.status == Status.APPLIED, s.reason
    assert "\tu32 val;\n\n\tif (!priv->base)\n\t\treturn -ENODEV;\n\n\tval = readl(priv->base + 0x08);\n" in fn


@pytest.mark.parametrize("gap", ["\t...", "\t[...]", "\t/* ... */", "\t// ..."])
def test_code_that_leaves_lines_out_between_statements_is_manual(tmp_path, gap):
    # the mark stands for lines the reviewer did not type: the statements around it are not one run
    comment = f"Something like:\n\n\tu32 val;\n{gap}\n\treturn readl(priv->base + 0x08) & 0xff;"
    fn, (s,) = _new_reader(tmp_path, comment)
    assert s.status == Status.MANUAL
    assert s.reason == (f"replace-code: the reviewer's code has `{gap.strip()}` for lines it leaves out: which "
                        "quoted lines those are, and which change, is for the author")
    assert "\tval = readl(priv->base + 0x08);\n\treturn val & 0xff;\n" in fn


def test_a_mark_after_the_last_statement_keeps_the_rest(tmp_path):
    comment = "Something like:\n\n\tval = readl_relaxed(priv->base + 0x08);\n\t..."
    fn, (s,) = _new_reader(tmp_path, comment)
    assert s.status == Status.APPLIED, s.reason
    assert "\tu32 val;\n\n\tval = readl_relaxed(priv->base + 0x08);\n\treturn val & 0xff;\n}" in fn


def test_a_diff_of_added_lines_alone_is_manual(tmp_path):
    fn, (s,) = _new_reader(tmp_path, "i.e.\n\n+\tval = readl_relaxed(priv->base + 0x08);")
    assert s.status == Status.MANUAL
    assert s.reason == ("replace-code: the reviewer's diff only adds lines, with no context line to say where "
                        "they go: what they replace, if anything, is for the author")
    assert "\tval = readl(priv->base + 0x08);\n\treturn val & 0xff;\n" in fn


def test_a_diff_of_removed_lines_alone_writes_no_statement(tmp_path):
    # "-\tval = ..." is the line to drop, not a statement `-val = ...;` to put in its place
    fn, sugs = _new_reader(tmp_path, "Drop this:\n\n-\treturn val & 0xff;")
    assert "-val" not in fn and "- val" not in fn
    assert all(s.kind != "replace-code" for s in sugs), [(s.kind, s.reason) for s in sugs]
