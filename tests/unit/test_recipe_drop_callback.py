"""drop-callback: an initializer entry and the static callback it points to, asked away in one sentence
(or one of them, the other following so that nothing dangles): both go when nothing else names the
function; a function named elsewhere, not static, or doing something when only it is named, is manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/hwmon/qx-hwmon.c"
SRC = """\
static int qx_probe(struct platform_device *pdev)
{
\treturn qx_setup(pdev);
}

static void qx_remove(struct platform_device *pdev)
{
}

static void qx_shutdown(struct platform_device *pdev)
{
\tqx_stop(pdev);
}

static struct platform_driver qx_driver = {
\t.probe = qx_probe,
\t.remove = qx_remove,
\t.shutdown = qx_shutdown,
\t.driver = {
\t\t.name = "qx",
\t},
};
"""
TABLE = (15, 22)


def on(tmp_path: Path, fn: str, span: tuple[int, int], comment: str, text: str = SRC) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, ["+" + x for x in text.splitlines()[span[0] - 1:span[1]]], comment, answer="", lines=span)
    return s, applied(tmp_path, PATH, text, s)[0]


@pytest.mark.parametrize("fn, span, comment", [
    ("", TABLE, "`.remove` and `qx_remove()` can go away."),
    ("", (17, 17), "No need for .remove, it does nothing."),
    ("qx_remove", (6, 8), "This empty function can be removed."),
])
def test_the_entry_and_its_empty_callback_go_together(tmp_path, fn, span, comment):
    s, after = on(tmp_path, fn, span, comment)
    assert (s.kind, s.status) == ("drop-callback", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, SRC, after) if x[:1] in "+-"] == [
        "-static void qx_remove(struct platform_device *pdev)", "-{", "-}", "-", "-\t.remove = qx_remove,"]


def test_a_callback_that_does_something_named_alone_is_manual(tmp_path):
    s, after = on(tmp_path, "qx_shutdown", (10, 13), "qx_shutdown() can go away")
    assert s.status == Status.MANUAL and after == SRC
    assert "qx_shutdown() does something and .shutdown points to it" in s.reason


def test_a_callback_named_elsewhere_is_manual(tmp_path):
    text = SRC.replace("\treturn qx_setup(pdev);", "\tqx_remove(pdev);\n\treturn qx_setup(pdev);")
    s, after = on(tmp_path, "", (16, 23), "`.remove` and `qx_remove()` can go away.", text)
    assert s.status == Status.MANUAL and after == text
    assert "qx_remove() is also named at line 3: it cannot go with .remove" in s.reason


def test_a_callback_that_is_not_static_is_manual(tmp_path):
    text = SRC.replace("static void qx_remove(", "void qx_remove(")
    s, after = on(tmp_path, "", TABLE, ".remove can be dropped", text)
    assert s.status == Status.MANUAL and after == text
    assert ".remove points to qx_remove(), which is not a static function" in s.reason


def test_an_entry_that_points_to_no_function_of_the_file_is_not_this_recipe_s(tmp_path):
    text = SRC.replace("\t.driver = {\n", "\t.driver = {\n\t\t.owner = THIS_MODULE,\n")
    s, after = on(tmp_path, "", (15, 23), "No need to set .owner, the core does it.", text)
    assert s.kind != "drop-callback" and after == text


def test_a_member_asked_away_with_the_entry_is_manual(tmp_path):
    """".remove and priv->sensors can go away" under the body of the callback: the member and its uses
    are more than an entry and its callback."""
    text = SRC.replace("static void qx_remove(struct platform_device *pdev)\n{\n}",
                       "static void qx_remove(struct platform_device *pdev)\n{\n\tqx_stop(pdev);\n}")
    s, after = on(tmp_path, "qx_remove", (8, 8), "This shouldn't be needed, so .remove and priv->sensors can go away.",
                  text)
    assert s.status == Status.MANUAL and after == text
    assert "the comment also asks priv->sensors away" in s.reason


def test_the_entry_named_under_the_body_of_its_callback(tmp_path):
    text = SRC.replace("static void qx_remove(struct platform_device *pdev)\n{\n}",
                       "static void qx_remove(struct platform_device *pdev)\n{\n\tqx_stop(pdev);\n}")
    s, after = on(tmp_path, "qx_remove", (8, 8), "The devm action stops it already, so .remove can go away.", text)
    assert (s.kind, s.status) == ("drop-callback", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, text, after) if x[:1] in "+-"] == [
        "-static void qx_remove(struct platform_device *pdev)", "-{", "-\tqx_stop(pdev);", "-}", "-",
        "-\t.remove = qx_remove,"]
