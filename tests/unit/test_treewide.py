"""Tree-wide propagation: the identifier prefilter changes how many files spatch reads, never what it edits."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cocci import treewide
from patches.git import Repo

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch (coccinelle) is not installed")

# a rule that matches every function whose name says hugetlb (the `<... ...>` may be empty), but edits
# only where the old call is: spatch's own token query is empty for it
RULE = """@@
identifier fn =~ "hugetlb";
expression E;
@@
fn(...) { <...
- pte_dirty(E)
+ huge_pte_dirty(E)
...> }
"""

FILES = {
    "mm/hugetlb_walk.c": """#include "pgtable.h"

int hugetlb_walk_dirty(pte_t *ptep)
{
	pte_t entry = *ptep;

	if (pte_dirty(entry))
		return 1;
	return pte_young(entry);
}

int walk_plain(pte_t *ptep)
{
	return pte_dirty(*ptep);
}
""",
    "mm/hugetlb_other.c": """int hugetlb_count_pages(unsigned long nr)
{
	return nr > 1 ? 2 : 1;
}
""",
    "arch/demo/include/asm/hugetlb.h": """#ifndef DEMO_HUGETLB_H
#define DEMO_HUGETLB_H

static inline int demo_hugetlb_pte_dirty(pte_t pte)
{
	return pte_dirty(pte) && !pte_none(pte);
}

#endif
""",
    "arch/demo/mm/fault.c": """/* pte_dirty() is only named in this comment */
static int fault_hugetlb_check(pte_t pte)
{
	return pte_write(pte);
}
""",
    "drivers/misc/notes.txt": "pte_dirty(x) in a text file is not C\n",
}


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


def _commit(repo: Path, files: dict[str, str], message: str) -> None:
    for rel, text in files.items():
        f = repo / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    repo = tmp_path / "tree"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, FILES, "base")
    return repo


def _edits(outcome: treewide.Outcome) -> dict[str, str]:
    return {c.path: c.after for c in outcome.changes}


def test_query_takes_the_removed_name_not_the_context():
    q = treewide.query(RULE)
    assert q.clauses == (("pte_dirty",),)


def test_query_does_not_narrow_a_rule_that_adds_next_to_context():
    q = treewide.query("@@\nexpression E;\n@@\n  spin_lock(E);\n+ might_sleep();\n")
    assert not q.narrows
    assert "context" in q.why


def test_query_alternatives_and_iso_words():
    # either branch of the disjunction can change a file; NULL matches `!x` through an isomorphism
    q = treewide.query("@@\nexpression E, F;\n@@\n(\n- kmalloc(E, F)\n|\n- kzalloc(E, F)\n)\n"
                       "@@\nexpression X;\n@@\n- X == NULL\n+ !X\n")
    assert not q.narrows        # `- X == NULL` holds no literal name once NULL is set aside
    q = treewide.query("@@\nexpression E, F;\n@@\n(\n- kmalloc(E, F)\n|\n- kzalloc(E, F)\n)\n")
    assert q.clauses == (("kmalloc",), ("kzalloc",))


def test_query_does_not_narrow_a_rule_with_its_own_isomorphisms():
    q = treewide.query('@ using "mine.iso" @\nexpression E;\n@@\n- old_call(E)\n+ new_call(E)\n')
    assert not q.narrows and "using" in q.why


def test_prefilter_finds_the_same_edits_as_every_file(tree: Path, tmp_path: Path):
    repo = Repo(tree)
    narrowed = treewide.run(RULE, repo, "main", tmp_path / "a", cache=tmp_path / "cache")
    everything = treewide.run(RULE, repo, "main", tmp_path / "b", narrow=False)
    # the comment-only file is read (git grep sees the word) but not edited; the text file is never read
    assert narrowed.candidates == ["arch/demo/include/asm/hugetlb.h", "arch/demo/mm/fault.c",
                                   "mm/hugetlb_walk.c"]
    assert len(everything.candidates) == 4
    assert _edits(narrowed) == _edits(everything)
    assert sorted(_edits(narrowed)) == ["arch/demo/include/asm/hugetlb.h", "mm/hugetlb_walk.c"]
    walk = _edits(narrowed)["mm/hugetlb_walk.c"]
    assert "if (huge_pte_dirty(entry))" in walk
    assert "return pte_dirty(*ptep);" in walk          # walk_plain is not a hugetlb function


def test_cache_follows_the_tree_commit(tree: Path, tmp_path: Path):
    repo = Repo(tree)
    cache = tmp_path / "cache"
    first = treewide.run(RULE, repo, "main", tmp_path / "a", cache=cache)
    assert not first.cached
    again = treewide.run(RULE, repo, "main", tmp_path / "b", cache=cache)
    assert again.cached and again.candidates == first.candidates

    # the branch moves: a new file with the old call must be found, the cached list of the old tree is not used
    _commit(tree, {"mm/hugetlb_new.c": "int hugetlb_new(pte_t p)\n{\n\treturn pte_dirty(p);\n}\n"}, "more")
    moved = treewide.run(RULE, repo, "main", tmp_path / "c", cache=cache)
    assert not moved.cached
    assert "mm/hugetlb_new.c" in moved.candidates
    assert "return huge_pte_dirty(p);" in _edits(moved)["mm/hugetlb_new.c"]
    # the old commit still answers from its own list
    old = treewide.run(RULE, repo, "main~1", tmp_path / "d", cache=cache)
    assert old.cached and "mm/hugetlb_new.c" not in old.candidates


def test_cache_keeps_a_few_trees(tree: Path, tmp_path: Path):
    repo = Repo(tree)
    cache = tmp_path / "cache"
    for i in range(treewide.KEEP_TREES + 2):
        _commit(tree, {f"mm/f{i}.c": f"int f{i}(void) {{ return pte_dirty(x{i}); }}\n"}, f"c{i}")
        treewide.Index(repo, cache).candidates(repo.tree_of("main"), treewide.query(RULE))
    assert len([d for d in cache.iterdir() if d.is_dir()]) == treewide.KEEP_TREES


def test_cli_prints_the_diff_of_the_whole_tree(tree: Path, tmp_path: Path, capsys):
    from app.cli import main

    (tmp_path / "rule.cocci").write_text(RULE)
    assert main(["propagate", "--tree", str(tree), "--rule", str(tmp_path / "rule.cocci"),
                 "--cache", str(tmp_path / "cache")]) == 0
    out, err = capsys.readouterr()
    assert "--- a/mm/hugetlb_walk.c\n+++ b/mm/hugetlb_walk.c\n" in out
    assert "-\tif (pte_dirty(entry))\n+\tif (huge_pte_dirty(entry))\n" in out
    assert "-\treturn pte_dirty(pte) && !pte_none(pte);\n+\treturn huge_pte_dirty(pte) && !pte_none(pte);\n" in out
    assert "respin: 2 file(s) changed of 3 read (files holding pte_dirty; searched)" in err
