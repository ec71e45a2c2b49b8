"""Rebuilding a series from the object database: edits, rebase, conflicts, branches, mails applied."""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from patches.git import Repo
from patches.model import PatchMail, Person, Series, Subject
from patches.series import (ConflictError, SeriesError, apply_mails, branch_name, create_branch, emptied,
                            rebuild)

_spec = importlib.util.spec_from_file_location("widget_repo", Path(__file__).parents[1] / "data/series/widget_repo.py")
W = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(W)  # type: ignore[union-attr]

C = "drivers/misc/widget.c"


@pytest.fixture
def tree(tmp_path) -> Path:
    return W.make_repo(tmp_path / "tree")


def _state(root: Path) -> tuple[str, str, str, str]:
    """What the user sees: status (with the index), refs, HEAD, the working file."""
    return (W.git(root, "status", "--porcelain=v2", "--branch"), W.git(root, "for-each-ref"),
            W.git(root, "symbolic-ref", "HEAD"), (root / C).read_text())


def _edited(repo: Repo, sha: str) -> str:
    text = repo.try_show_file(sha, C)
    return text.replace("\t\treturn ret;\n", '\t\treturn dev_err_probe(&pdev->dev, ret, "reset failed\\n");\n')


def test_edit_patch_2_and_carry_patch_3(tree):
    (tree / C).write_text("/* uncommitted work */\n")                      # the user's dirty tree
    (tree / "include/linux/widget.h").write_text("staged\n")
    W.git(tree, "add", "include/linux/widget.h")
    before = _state(tree)
    repo, s = Repo(tree), W.series(tree)
    new = rebuild(repo, s, {2: {C: _edited(repo, s.patches[1].commit)}}, {})
    assert _state(tree) == before
    assert new[0] == s.patches[0].commit                                   # untouched patch keeps its id
    assert new[1] != s.patches[1].commit and new[2] != s.patches[2].commit
    assert W.git(tree, "rev-list", "--reverse", f"base..{new[2]}").split() == new
    diff2 = W.git(tree, "diff", s.patches[1].commit, new[1])
    assert '+\t\treturn dev_err_probe(&pdev->dev, ret, "reset failed\\n");' in diff2
    # patch 3 changes exactly what it changed before
    assert W.git(tree, "diff", f"{new[2]}~", new[2]).split("\n", 2)[2] == \
        W.git(tree, "diff", f"{s.patches[2].commit}~", s.patches[2].commit).split("\n", 2)[2]
    for old, sha in zip(s.patches, new, strict=True):
        assert W.git(tree, "log", "-1", "--format=%an <%ae> %ad %B", sha) == \
            W.git(tree, "log", "-1", "--format=%an <%ae> %ad %B", old.commit)


def test_rebuild_is_reproducible_and_replaces_messages(tree):
    repo, s = Repo(tree), W.series(tree)
    msg = W.git(tree, "log", "-1", "--format=%B", s.patches[1].commit).replace(
        "Signed-off-by", "Suggested-by: Tomasz Lindqvist <tomasz@example.net>\nSigned-off-by")
    a = rebuild(repo, s, {2: {C: _edited(repo, s.patches[1].commit)}}, {2: msg})
    b = rebuild(repo, s, {2: {C: _edited(repo, s.patches[1].commit)}}, {2: msg})
    assert a == b
    assert W.git(tree, "log", "-1", "--format=%B", a[1]) == msg
    assert W.git(tree, "log", "-1", "--format=%cn <%ce>", a[1]) == "Mira Kovacs <mira.kovacs@example.org>\n"


def test_conflict_names_the_patch_and_file_and_writes_nothing(tree):
    repo, s = Repo(tree), W.series(tree)
    renamed = repo.try_show_file(s.patches[1].commit, C).replace("widget_reset", "widget_hw_reset")
    refs = W.git(tree, "for-each-ref")
    with pytest.raises(ConflictError) as e:
        rebuild(repo, s, {2: {C: renamed}}, {})
    assert str(e.value) == ("patch 3/3 (misc: widget: Document widget_reset()) does not apply after the edits: "
                            "conflict in drivers/misc/widget.c")
    assert W.git(tree, "for-each-ref") == refs


def test_a_patch_the_edits_empty_is_named(tree):
    # the reviewer asked to drop everything patch 2 adds: the run says so (the mail would carry no change)
    repo, s = Repo(tree), W.series(tree)
    new = rebuild(repo, s, {2: {C: repo.try_show_file(s.patches[0].commit, C)}}, {})
    assert emptied(repo, s, new) == [2]
    assert emptied(repo, s, [p.commit for p in s.patches]) == []


def test_branch_names_and_refusing_an_existing_branch(tree):
    repo, s = Repo(tree), W.series(tree)
    assert branch_name(repo, s) == "widget-v5"
    s.branch = "widget-v4"
    assert branch_name(repo, s) == "widget-v5"
    s.branch = ""
    assert branch_name(repo, s) == "respin/misc-widget-a-reset-helper-v5"
    s.version = 1
    assert branch_name(repo, s).endswith("-v2")
    tip = W.git(tree, "rev-parse", "widget~1").strip()
    create_branch(repo, "widget-v5", tip)
    with pytest.raises(SeriesError, match="branch widget-v5 already exists \\(use --force to overwrite it\\)"):
        create_branch(repo, "widget-v5", W.git(tree, "rev-parse", "widget").strip())
    assert W.git(tree, "rev-parse", "widget-v5").strip() == tip
    create_branch(repo, "widget-v5", W.git(tree, "rev-parse", "widget").strip(), force=True)
    assert W.git(tree, "rev-parse", "widget-v5") == W.git(tree, "rev-parse", "widget")
    with pytest.raises(SeriesError, match="is checked out"):
        create_branch(repo, "widget", tip, force=True)


def test_apply_mails_on_a_bare_repository(tree, tmp_path):
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tree), str(bare)], check=True)
    subprocess.run(["git", "-C", str(bare), "branch", "-D", "widget"], check=True, capture_output=True)
    src = W.series(tree)
    mails = []
    for p in src.patches:
        diff = W.git(tree, "diff", f"{p.commit}~", p.commit)
        mails.append(PatchMail(p.number, p.subject, p.author, message=p.message, diff=diff, date=None))
    from datetime import datetime, timedelta, timezone
    for i, m in enumerate(mails):
        m.date = datetime(2025, 10, 9, 10, 53, 21 + i, tzinfo=timezone(timedelta(hours=2)))
    s = apply_mails(Repo(bare), Series(mails, version=4), "base")
    assert [W.git(bare, "rev-parse", f"{p.commit}^{{tree}}") for p in s.patches] == \
        [W.git(tree, "rev-parse", f"{p.commit}^{{tree}}") for p in src.patches]
    fmt = "--format=%an <%ae> %ad%n%B"
    assert [W.git(bare, "log", "-1", fmt, p.commit) for p in s.patches] == \
        [W.git(tree, "log", "-1", fmt, p.commit) for p in src.patches]
    assert s.base == W.git(tree, "rev-parse", "base").strip()
    assert "widget" not in W.git(bare, "for-each-ref")


def test_apply_mails_error_names_patch_and_file(tree):
    bad = PatchMail(1, Subject("", "misc: widget: broken", ("PATCH",), 1, 1, 1), Person("A", "a@b.c"),
                    message="misc: widget: broken\n", diff=W.git(tree, "diff", "widget~1", "widget"))
    with pytest.raises(SeriesError, match=r"patch 1/1 \(misc: widget: broken\) does not apply on base: "
                                          r"drivers/misc/widget.c"):
        apply_mails(Repo(tree), Series([bad]), "base")


def test_edit_next_to_a_later_patch_is_replayed_when_the_later_patch_does_not_use_what_it_changed(tree):
    """git's 3-way merge calls edits on neighbouring lines a conflict; when the later patch's own
    lines do not name anything the edit took away, the edit is made on the later patch instead, and
    the later patch still changes exactly the lines it changed before."""
    repo, s = Repo(tree), W.series(tree)
    v2 = repo.try_show_file(s.patches[1].commit, C)
    v3 = repo.try_show_file(s.patches[2].commit, C)
    doc_end = " */\nstatic int widget_reset(struct widget *w)\n"
    assert doc_end in v3
    # patch 2's edit: a const on the line right below patch 3's kerneldoc
    edited = v2.replace("static int widget_reset(struct widget *w)\n",
                        "static int widget_reset(const struct widget *w)\n")
    assert edited != v2
    new = rebuild(repo, s, {2: {C: edited}}, {})
    assert repo.try_show_file(new[1], C) == edited
    assert repo.try_show_file(new[2], C) == v3.replace("static int widget_reset(struct widget *w)\n",
                                                   "static int widget_reset(const struct widget *w)\n")
