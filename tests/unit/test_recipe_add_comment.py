"""add-comment: the reviewer's comment lands where they wrote it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "fs/cache.c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def run(tmp_path: Path, s: Suggestion, text: str):
    ctxs = {s.id: CodeContext(PATH, text, s.anchor.function, {PATH: text}, [])}
    planned = RU.plan([s], ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    return files[PATH], rules, edits


def test_adds_the_comment_above_the_next_statement_and_only_once(tmp_path):
    text = (DATA / "fs_cache.c").read_text()
    s = Suggestion(id="2.3", patch=2, reviewer=Person("Christian Reviewer"),
                   comment="Please say why a NULL page is not a bug:\n\n/* Readahead may race with truncate. */",
                   anchor=Anchor(file=PATH, function="cache_fill"),
                   quoted=["+ struct super_block *sb = inode->i_sb;", "+ int ret = 0;", "+"],
                   response=Response.ACCEPTED, response_text="Will do.", kind="code")
    after, rules, _ = run(tmp_path, s, text)
    assert (s.status, s.kind) == (Status.APPLIED, "add-comment"), s.reason
    assert "\tint ret = 0;\n\n\t/* Readahead may race with truncate. */\n\tif (!cp)\n" in after
    # the statement is once in cache_fill(): the rule names it by its head, not by its line
    assert "+/* Readahead may race with truncate. */\n\tif (!cp) S\n" in rules[0].text
    assert "script:python" not in rules[0].text
    again, _, edits = run(tmp_path / "2", s, after)
    assert again == after and edits[0].reason == "already applied"



def test_a_statement_written_out_that_matches_nothing_falls_back_to_the_line_pin(tmp_path, monkeypatch):
    # should spatch read the written-out statement otherwise than as it is written, the rule as the recipe
    # pinned it (by line, Python in spatch) runs instead: the comment still lands, once, on its line
    text = (DATA / "fs_cache.c").read_text()
    s = Suggestion(id="2.3", patch=2, reviewer=Person("Christian Reviewer"),
                   comment="Please say why a NULL page is not a bug:\n\n/* Readahead may race with truncate. */",
                   anchor=Anchor(file=PATH, function="cache_fill"),
                   quoted=["+ struct super_block *sb = inode->i_sb;", "+ int ret = 0;", "+"],
                   response=Response.ACCEPTED, response_text="Will do.", kind="code")
    real = RU.pins.unpinned
    monkeypatch.setattr(RU.pins, "unpinned",
                        lambda text, source: real(text, source).replace("if (!cp) S", "if (!no_such_name) S"))
    after, _, edits = run(tmp_path, s, text)
    assert s.status == Status.APPLIED, s.reason
    assert after.count("/* Readahead may race with truncate. */") == 1
    assert "\tint ret = 0;\n\n\t/* Readahead may race with truncate. */\n\tif (!cp)\n" in after
    assert "script:python" in edits[0].rule.text       # the rule that ran, as cocci/ shows it


DEFINES = """\
#define QX_NAME "qx"
#define QX_DEFAULT_MS 100

static int qx_get(void)
{
\treturn QX_DEFAULT_MS;
}
"""


def _diff_sugg(written: list[str]) -> Suggestion:
    return Suggestion(id="1.1", patch=1, reviewer=Person("Mara Reviewer", "mara@example.org"),
                      comment="Please say where the 100 comes from, e.g.:",
                      anchor=Anchor(file=PATH, function="", lines=(2, 2)), quoted=["+#define QX_DEFAULT_MS 100"],
                      response=Response.ACCEPTED, response_text="Yes.", kind="code",
                      code=[ln[0] + ln[1:].strip() if ln[0] != " " else ln.strip() for ln in written],
                      written=written)


def test_a_comment_written_as_a_diff_goes_above_its_context_line_outside_functions(tmp_path):
    """Before: the comment sat under a #define, outside any function, and was manual (comment-block
    edits inside functions only), or replace-text put the '+' marker into the file."""
    s = _diff_sugg(["+/* the width most consumers expect */", " #define QX_DEFAULT_MS 100"])
    after, _, _ = run(tmp_path, s, DEFINES)
    assert (s.kind, s.status) == ("add-comment", Status.APPLIED), s.reason
    assert after == DEFINES.replace("#define QX_DEFAULT_MS", "/* the width most consumers expect */\n"
                                    "#define QX_DEFAULT_MS")


def test_a_diff_whose_context_line_is_not_in_the_file_is_manual(tmp_path):
    s = _diff_sugg(["+/* the width most consumers expect */", " #define QX_DEFAULT_MS 200"])
    after, _, _ = run(tmp_path, s, DEFINES)
    assert s.status == Status.MANUAL and "not in" in s.reason and after == DEFINES
