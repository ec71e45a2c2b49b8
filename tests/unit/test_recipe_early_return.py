"""early-return: an `if` wrapping a function's tail becomes `if (!cond) return ...;` and the body moves
one level left (a verified text edit: comments and blank lines of the body stay)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci.recipes.early_return import negate
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/watchdog/wdt_tail.c"
SRC = Path(__file__).resolve().parent.parent / "data" / "c" / "kinds2" / "wdt_tail.c"


def run(tmp_path, fn: str, quoted: list[str], comment: str, answer: str = "Sure, will do."):
    text = SRC.read_text()
    s = sugg(PATH, fn, quoted, comment, answer=answer)
    after, rules, edits = pipeline(tmp_path, PATH, text, [s])
    return s, hunks(PATH, text, after), rules, text, after


@pytest.mark.parametrize("cond, want", [
    ("a == b", "a != b"), ("len < 4", "len >= 4"), ("!skb", "skb"), ("priv", "!priv"),
    ("is_valid(dev)", "!is_valid(dev)"), ("a && b > 2", "!a || b <= 2"),
    ("!skb || skb->len < 4", "skb && skb->len >= 4"),
    ("flags & BIT(3)", "!(flags & BIT(3))"), ("a || b && c", "!(a || b && c)"), ("likely(ok)", "unlikely(!ok)"),
    ("(u32)x", "!((u32)x)"), ("a && (b || c)", "!(a && (b || c))"),
])
def test_negation(cond, want):
    assert negate(cond) == want


def test_void_function_returns_and_keeps_comments_and_blank_lines(tmp_path):
    s, diff, rules, _, _ = run(tmp_path, "wdt_ping", ["+\tif (wdt->timeout > 0) {"],
                               "Please bail out early, that saves an indentation level.")
    assert (s.status, s.kind) == (Status.APPLIED, "early-return"), s.reason
    assert diff == [
        "@@ -17,13 +17,14 @@",
        " {",
        " \tunsigned int val;",
        " ",
        "-\tif (wdt->timeout > 0) {",
        "-\t\tval = wdt->timeout * 1000;",
        "-\t\t/* the counter counts milliseconds */",
        "-\t\twdt_write(wdt->regs, 0x10, val);",
        "+\tif (wdt->timeout <= 0)",
        "+\t\treturn;",
        " ",
        "-\t\twdt->status |= 1;",
        "-\t}",
        "+\tval = wdt->timeout * 1000;",
        "+\t/* the counter counts milliseconds */",
        "+\twdt_write(wdt->regs, 0x10, val);",
        "+",
        "+\twdt->status |= 1;",
        " }",
        " ",
        " static int wdt_start(struct wdt_dev *wdt, unsigned int timeout)",
    ]
    assert s.summary == "Return early in wdt_ping() when wdt->timeout <= 0"
    assert rules[0].name == "01-early-return-wdt_ping.cocci"
    assert "// Review: Mara Reviewer, on drivers/watchdog/wdt_tail.c:wdt_ping()" in rules[0].text


def test_the_trailing_return_stays_when_the_body_falls_through(tmp_path):
    """ret is 0 until the if: the early return says so, and the body sets ret first, so its
    initializer goes."""
    s, diff, _, _, after = run(tmp_path, "wdt_start", ["+\tif (wdt_ready(wdt) && timeout != 0) {",
                                                       "+\t\tret = wdt_write(wdt->regs, 0x14, timeout);"],
                               "Invert the condition and return early?")
    assert (s.status, s.kind) == (Status.APPLIED, "early-return"), s.reason
    assert "\tint ret;\n\n\tif (!wdt_ready(wdt) || timeout == 0)\n\t\treturn 0;\n\n" \
           "\tret = wdt_write(wdt->regs, 0x14, timeout);\n" \
           "\tif (ret)\n\t\treturn ret;\n\twdt->timeout = timeout;\n\n\treturn ret;\n}\n" in after


def test_the_trailing_return_goes_when_the_body_returns(tmp_path):
    s, diff, _, _, after = run(tmp_path, "wdt_status", ["+\tif (wdt->regs) {"], "return early instead?")
    assert (s.status, s.kind) == (Status.APPLIED, "early-return"), s.reason
    assert "static int wdt_status(struct wdt_dev *wdt)\n{\n\tif (!wdt->regs)\n\t\treturn -19;\n\n" \
           "\tint val = wdt_read(wdt->regs, 0x18);\n\n\twdt->status = val;\n\treturn val & 0xff;\n}\n" in after


def test_a_second_run_changes_nothing(tmp_path):
    s, _, _, text, after = run(tmp_path, "wdt_ping", ["+\tif (wdt->timeout > 0) {"], "Return early instead.")
    s2 = sugg(PATH, "wdt_ping", ["+\tif (wdt->timeout > 0) {"], "Return early instead.")
    again, _, edits = pipeline(tmp_path / "2", PATH, after, [s2])
    assert s2.status == Status.MANUAL or (s2.status == Status.APPLIED and s2.reason == "already applied")
    assert again == after


def test_a_body_declaration_that_would_clash_is_manual(tmp_path):
    s, diff, _, _, _ = run(tmp_path, "wdt_stop", ["+\tif (wdt->irq >= 0) {"], "Bail out early here.")
    assert s.status == Status.MANUAL and diff == []
    assert "the block declares val, a name wdt_stop() already uses" in s.reason


def test_an_else_branch_is_manual(tmp_path):
    s, diff, _, _, _ = run(tmp_path, "wdt_clear", ["+\tif (wdt->status & 2) {"], "Return early instead?")
    assert s.status == Status.MANUAL and diff == []
    assert "the if statement has an else branch with code" in s.reason


def test_code_after_the_if_is_manual(tmp_path):
    s, diff, _, _, _ = run(tmp_path, "wdt_kick", ["+\tif (wdt->status & 4) {"], "Return early instead?")
    assert s.status == Status.MANUAL and diff == []
    assert "the if statement is not at the end of wdt_kick()" in s.reason


def test_other_comments_on_an_if_are_not_early_returns(tmp_path):
    s, diff, _, _, _ = run(tmp_path, "wdt_ping", ["+\tif (wdt->timeout > 0) {"], "Can timeout be 0 here at all?")
    assert s.kind != "early-return" and diff == []
