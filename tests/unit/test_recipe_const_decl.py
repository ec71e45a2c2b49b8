"""const: the declaration the reviewer quoted becomes const; pointers are left to people."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion
from tests.unit import kinds_support as K

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "fs/cache.c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def sugg(fn: str, quoted: list[str], comment: str, code: list[str] | None = None, answer: str = "Sure.") -> Suggestion:
    return Suggestion(id="3.1", patch=3, reviewer=Person("Jan Kara", "jack@example.org"), comment=comment,
                      anchor=Anchor(file=PATH, function=fn), quoted=quoted, code=code or [],
                      response=Response.ACCEPTED, response_text=answer, kind="code")


def pipeline(tmp_path: Path, sugs: list[Suggestion]):
    text = (DATA / "fs_cache.c").read_text()
    quotes = [(s.id, s.quoted) for s in sugs]
    ctxs = {s.id: CodeContext(PATH, text, s.anchor.function, {PATH: text}, quotes) for s in sugs}
    planned = RU.plan(sugs, ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    return text, files[PATH], rules, edits


def test_const_in_the_quoted_function_only(tmp_path):
    s = sugg("cache_fill", ["+static int cache_fill(struct inode *inode, struct cache_page *cp)", "+{",
                            "+ unsigned int blocks = i_blocksize(inode) >> 9;"], "blocks can be const")
    before, after, rules, edits = pipeline(tmp_path, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "const", "Make blocks const")
    assert rules[0].name == "01-const-blocks.cocci"
    assert "- unsigned int blocks = E;\n+ const unsigned int blocks = E;" in rules[0].text
    assert edits[0].diff.splitlines()[2:] == [
        "@@ -4,7 +4,7 @@",
        " ",
        " static int cache_fill(struct inode *inode, struct cache_page *cp)",
        " {",
        "-\tunsigned int blocks = i_blocksize(inode) >> 9;",
        "+\tconst unsigned int blocks = i_blocksize(inode) >> 9;",
        " \tstruct super_block *sb = inode->i_sb;",
        " \tint ret = 0;",
        " ",
    ]
    assert after.endswith("{\n\tunsigned int blocks = i_blocksize(inode) >> 9;\n\n"
                          "\tcache_forget(inode->i_sb, blocks);\n\tpr_warn(\"cache: dropped\\n\");\n}\n")


def test_pointer_is_manual(tmp_path):
    s = sugg("cache_fill", ["+ struct super_block *sb = inode->i_sb;"], "Can be const.")
    before, after, rules, _ = pipeline(tmp_path, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], before)
    assert "sb is a pointer: const data or a const pointer?" in s.reason


def test_second_run_is_already_applied(tmp_path):
    s = sugg("cache_drop", ["+ unsigned int blocks = i_blocksize(inode) >> 9;"], "Can be const.")
    _, after, rules, _ = pipeline(tmp_path, [s])
    planned_again = RU.plan([s], {s.id: CodeContext(PATH, (DATA / "fs_cache.c").read_text(), "cache_drop",
                                                    {}, [])})
    files, edits = A.apply(RU.render(planned_again), planned_again, {PATH: after}, tmp_path / "again")
    assert files[PATH] == after
    assert [(e.status, e.reason) for e in edits] == [(Status.APPLIED, "already applied")]
    assert s.reason == "already applied"


STAT = """static u64 qx_get_stat(struct phy_device *phydev, int i)
{
	struct qx_hw_stat stat = qx_hw_stats[i];
	int val;

	val = phy_read(phydev, stat.reg);
	return val < 0 ? U64_MAX : val;
}
"""


@pytest.mark.parametrize("comment", ["Why copy the struct? A const pointer will do.",
                                     "Please use a const pointer to the entry instead."])
def test_a_pointer_asked_for_a_copy_is_manual(tmp_path, comment):
    # "const pointer" under a struct copied by value asks for a pointer and reads through it, not for
    # "const struct qx_hw_stat stat"
    s = K.sugg("drivers/net/phy/qx.c", "qx_get_stat", ["+\tstruct qx_hw_stat stat = qx_hw_stats[i];"], comment)
    after, rules, _ = K.pipeline(tmp_path, "drivers/net/phy/qx.c", STAT, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], STAT)
    assert s.reason == ("const: the comment asks for a pointer and stat is a copy: declaring a pointer and "
                        "reading through it is left to the author")


def test_not_a_pointer_is_still_const(tmp_path):
    s = K.sugg("drivers/net/phy/qx.c", "qx_get_stat", ["+\tstruct qx_hw_stat stat = qx_hw_stats[i];"],
             "stat is not a pointer and never changes, so it can be const.")
    after, _, _ = K.pipeline(tmp_path, "drivers/net/phy/qx.c", STAT, [s])
    assert s.status == Status.APPLIED
    assert K.hunks("drivers/net/phy/qx.c", STAT, after) == [
        "@@ -1,6 +1,6 @@", " static u64 qx_get_stat(struct phy_device *phydev, int i)", " {",
        "-\tstruct qx_hw_stat stat = qx_hw_stats[i];", "+\tconst struct qx_hw_stat stat = qx_hw_stats[i];",
        " \tint val;", " ", " \tval = phy_read(phydev, stat.reg);"]
