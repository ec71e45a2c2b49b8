"""Rebuilding touches only the files a patch names: the narrow way (a small index, trees grafted
directory by directory) gives the very trees, errors and messages of the whole-tree way."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from patches.git import GitError, Repo
from patches.model import PatchMail, Person, Series, Subject
from patches.series import (ConflictError, SeriesError, _apply_onto, _apply_onto_full, _replace_files,
                            _replace_files_full, apply_mails, rebuild)

T = TypeVar("T")
AUTHOR = Person("Ines Albrecht", "ines.albrecht@example.org")

CORE = "drivers/gpio/tiny/gpio-tiny-core.c"
KCONFIG = "drivers/gpio/tiny/Kconfig"
SCRIPT = "scripts/tiny/regdump.sh"
LINK = "tools/include/linux/gpio-tiny.h"
DOC = "Documentation/driver-api/gpio/tiny/overview.rst"

CORE_C = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/gpio/driver.h>
#include <linux/io.h>
#include <linux/platform_device.h>

#define TINY_GPIO_DIR		0x00
#define TINY_GPIO_DATA		0x04

struct tiny_gpio {
	struct gpio_chip gc;
	void __iomem *base;
};

static int tiny_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct tiny_gpio *tg = gpiochip_get_data(gc);

	return !!(readl(tg->base + TINY_GPIO_DATA) & BIT(offset));
}

static int tiny_gpio_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	struct tiny_gpio *tg = gpiochip_get_data(gc);
	u32 dir = readl(tg->base + TINY_GPIO_DIR);

	writel(dir & ~BIT(offset), tg->base + TINY_GPIO_DIR);
	return 0;
}
"""

HEADER = """\
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_GPIO_TINY_H
#define _LINUX_GPIO_TINY_H

#define TINY_GPIO_NR	32

#endif
"""


def _git(root: Path, *args: str, input: str | None = None) -> str:
    env = {**os.environ, "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": AUTHOR.name,
           "GIT_AUTHOR_EMAIL": AUTHOR.email, "GIT_COMMITTER_NAME": AUTHOR.name,
           "GIT_COMMITTER_EMAIL": AUTHOR.email, "GIT_AUTHOR_DATE": "@1760000000 +0200",
           "GIT_COMMITTER_DATE": "@1760000000 +0200"}
    r = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, input=input,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _write(root: Path, path: str, text: str | None, mode: str = "100644") -> None:
    f = root / path
    if f.is_symlink() or f.exists():
        f.unlink()
    if text is None:
        return
    f.parent.mkdir(parents=True, exist_ok=True)
    if mode == "120000":
        f.symlink_to(text)
        return
    f.write_text(text)
    f.chmod(0o755 if mode == "100755" else 0o644)


def _commit(root: Path, title: str, files: dict[str, str | None], modes: dict[str, str] | None = None) -> str:
    for path, text in files.items():
        _write(root, path, text, (modes or {}).get(path, "100644"))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--no-verify", "-m", title)
    return _git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def tree(tmp_path) -> Path:
    """A small kernel-like tree at tag `base`: a nested driver, an executable script, a symlink, a
    directory holding one document, and other files next to them."""
    root = tmp_path / "tree"
    root.mkdir()
    _git(root, "init", "-q", "-b", "master")
    _commit(root, "gpio: tiny: new driver", {
        CORE: CORE_C, KCONFIG: "config GPIO_TINY\n\ttristate \"Tiny GPIO\"\n",
        "drivers/gpio/tiny/Makefile": "obj-$(CONFIG_GPIO_TINY) += gpio-tiny-core.o\n",
        "drivers/gpio/Makefile": "obj-y += tiny/\n", "include/linux/gpio-tiny.h": HEADER,
        SCRIPT: "#!/bin/sh\ndevmem2 0x10000000 w\n", LINK: "../../../include/linux/gpio-tiny.h",
        DOC: "Tiny GPIO\n=========\n", "Documentation/driver-api/gpio/index.rst": "GPIO\n====\n",
        "MAINTAINERS": "TINY GPIO DRIVER\nF:\tdrivers/gpio/tiny/\n"},
        {SCRIPT: "100755", LINK: "120000"})
    _git(root, "tag", "base")
    return root


def _traced(monkeypatch: pytest.MonkeyPatch, log: Path, call: Callable[[], T]) -> tuple[T, list[str]]:
    """CALL's result and the git commands it ran (git's own trace)."""
    log.unlink(missing_ok=True)
    monkeypatch.setenv("GIT_TRACE", str(log))
    try:
        result = call()
    finally:
        monkeypatch.delenv("GIT_TRACE")
    text = log.read_text() if log.exists() else ""
    return result, [line.split("built-in: git ", 1)[1].split()[0] for line in text.splitlines()
                    if "built-in: git " in line]


def _tree(root: Path, rev: str) -> str:
    return _git(root, "rev-parse", f"{rev}^{{tree}}").strip()


def _diff(root: Path, a: str, b: str) -> str:
    return _git(root, "diff-tree", "-p", "--binary", "--full-index", "-M", a, b)


def _both_apply(root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, commit: str,
                three_way: bool = False) -> tuple[str | None, str]:
    """The narrow result of applying base..COMMIT on base, checked against the whole-tree way."""
    repo = Repo(root)
    diff = _diff(root, "base", commit)
    narrow, ran = _traced(monkeypatch, tmp_path / "trace", lambda: _apply_onto(repo, "base", diff, three_way))
    assert "read-tree" not in ran
    assert narrow == _apply_onto_full(repo, "base", diff, three_way)
    return narrow


@pytest.mark.parametrize("three_way", [False, True])
def test_nested_edit_gives_the_tree_of_the_whole_tree_way(tree, monkeypatch, tmp_path, three_way):
    sha = _commit(tree, "gpio: tiny: read the pin state once",
                  {CORE: CORE_C.replace("return !!(readl", "return !!(ioread32")})
    assert _both_apply(tree, monkeypatch, tmp_path, sha, three_way)[0] == _tree(tree, sha)


def test_new_file_in_new_directories(tree, monkeypatch, tmp_path):
    sha = _commit(tree, "gpio: tiny: register layout header",
                  {"drivers/gpio/tiny/regs/v2/tiny-regs.h": "#define TINY_GPIO_IRQ_EN\t0x08\n"})
    assert _both_apply(tree, monkeypatch, tmp_path, sha)[0] == _tree(tree, sha)


def test_deleting_the_last_file_of_a_directory_removes_the_directory(tree, monkeypatch, tmp_path):
    sha = _commit(tree, "docs: gpio: drop the tiny overview", {DOC: None})
    new = _both_apply(tree, monkeypatch, tmp_path, sha)[0]
    assert new == _tree(tree, sha)
    assert _git(tree, "ls-tree", "--name-only", new, "Documentation/driver-api/gpio/") == \
        "Documentation/driver-api/gpio/index.rst\n"


def test_rename_with_an_edit(tree, monkeypatch, tmp_path):
    sha = _commit(tree, "gpio: tiny: one file is enough", {
        CORE: None, "drivers/gpio/gpio-tiny.c": CORE_C.replace("0x04", "0x10"),
        "drivers/gpio/tiny/Makefile": None, KCONFIG: None,
        "drivers/gpio/Makefile": "obj-$(CONFIG_GPIO_TINY) += gpio-tiny.o\n"})
    assert "rename from drivers/gpio/tiny/gpio-tiny-core.c" in _diff(tree, "base", sha)
    new = _both_apply(tree, monkeypatch, tmp_path, sha)[0]
    assert new == _tree(tree, sha)
    assert "tiny/" not in _git(tree, "ls-tree", "--name-only", new, "drivers/gpio/")


def test_executable_and_symlink_keep_their_modes(tree, monkeypatch, tmp_path):
    sha = _commit(tree, "gpio: tiny: dump the data register too", {
        SCRIPT: "#!/bin/sh\ndevmem2 0x10000000 w\ndevmem2 0x10000004 w\n",
        LINK: "../../../include/linux/gpio/tiny.h"}, {SCRIPT: "100755", LINK: "120000"})
    new = _both_apply(tree, monkeypatch, tmp_path, sha)[0]
    assert new == _tree(tree, sha)
    assert _git(tree, "ls-tree", new, SCRIPT, LINK).split()[0::4] == ["100755", "120000"]


def test_quoted_names_and_a_mode_change(tree, monkeypatch, tmp_path):
    sha = _commit(tree, "gpio: tiny: notes", {"drivers/gpio/tiny/notes\tdraft.txt": "pins\n",
                                              "drivers/gpio/tiny/café.txt": "x\n",
                                              "drivers/gpio/tiny/Makefile": "obj-y += gpio-tiny-core.o\n"},
                  {"drivers/gpio/tiny/Makefile": "100755"})
    assert '"b/drivers/gpio/tiny/notes\\tdraft.txt"' in _diff(tree, "base", sha)
    assert _both_apply(tree, monkeypatch, tmp_path, sha)[0] == _tree(tree, sha)


def test_a_file_where_a_directory_stood_is_left_to_the_whole_tree_way(tree, monkeypatch, tmp_path):
    """The headers name only the new file, not the directory's files: git decides, on the whole tree."""
    repo = Repo(tree)
    diff = ("diff --git a/drivers/gpio/tiny b/drivers/gpio/tiny\nnew file mode 100644\n"
            "--- /dev/null\n+++ b/drivers/gpio/tiny\n@@ -0,0 +1 @@\n+oops\n")
    result, ran = _traced(monkeypatch, tmp_path / "trace", lambda: _apply_onto(repo, "base", diff, False))
    assert "read-tree" in ran
    assert result == _apply_onto_full(repo, "base", diff, False)


def test_a_refused_diff_gives_the_messages_of_the_whole_tree_way(tree):
    repo = Repo(tree)
    sha = _commit(tree, "gpio: tiny: read the pin state once",
                  {CORE: CORE_C.replace("return !!(readl", "return !!(ioread32")})
    diff = _diff(tree, "base", sha).replace("-\treturn !!(readl", "-\treturn !!(inl")
    for three_way in (False, True):
        narrow = _apply_onto(repo, "base", diff, three_way)
        assert narrow[0] is None
        assert narrow == _apply_onto_full(repo, "base", diff, three_way)


@pytest.mark.parametrize("files", [
    {CORE: CORE_C.replace("0x04", "0x10")},                                        # nested edit
    {"drivers/gpio/tiny/regs/tiny-regs.h": "#define TINY_GPIO_IRQ_EN\t0x08\n"},     # new directory
    {DOC: None},                                                                    # directory emptied
    {SCRIPT: "#!/bin/sh\nexit 0\n", LINK: "../../../include/linux/gpio/tiny.h"},    # modes kept
    {CORE: None, "drivers/gpio/tiny/Makefile": None, KCONFIG: None, "drivers/gpio/Makefile": ""},
    {"drivers/gpio/nowhere.c": None},                                               # nothing to delete
])
def test_replace_files_gives_the_tree_of_the_whole_tree_way(tree, monkeypatch, tmp_path, files):
    repo = Repo(tree)
    base = _tree(tree, "base")
    narrow, ran = _traced(monkeypatch, tmp_path / "trace", lambda: _replace_files(repo, base, files))
    assert "read-tree" not in ran and "update-index" not in ran
    assert narrow == _replace_files_full(repo, base, files)
    listing = _git(tree, "ls-tree", "-r", narrow)
    if SCRIPT in files:
        assert f"100755 blob {_git(tree, 'hash-object', '--stdin', input=files[SCRIPT]).strip()}\t{SCRIPT}\n" \
            in listing
        assert f"120000 blob {_git(tree, 'hash-object', '--stdin', input=files[LINK]).strip()}\t{LINK}\n" \
            in listing
    if DOC in files:
        assert "driver-api/gpio/tiny/" not in listing


def test_replace_files_through_a_file_fails_as_the_whole_tree_way_does(tree):
    repo = Repo(tree)
    base = _tree(tree, "base")
    files: dict[str, str | None] = {f"{KCONFIG}/extra": "config GPIO_TINY_EXTRA\n\tbool\n"}
    with pytest.raises(GitError) as narrow:
        _replace_files(repo, base, files)
    with pytest.raises(GitError) as full:
        _replace_files_full(repo, base, files)
    assert str(narrow.value) == str(full.value)


def test_a_crafted_directory_no_index_takes_is_refused_as_before(tree):
    """A tree object holding a `.git` entry (a bundle can bring one): read-tree refuses it, and so
    does the narrow way when it has to rewrite that directory."""
    blob = _git(tree, "hash-object", "-w", "--stdin", input="x\n").strip()
    crafted = _git(tree, "mktree", input=f"100644 blob {blob}\t.git\n100644 blob {blob}\tok.c\n").strip()
    root = _git(tree, "mktree", input=f"040000 tree {crafted}\tdrv\n").strip()
    repo = Repo(tree)
    with pytest.raises(GitError) as narrow:
        _replace_files(repo, root, {"drv/new.c": "int x;\n"})
    with pytest.raises(GitError) as full:
        _replace_files_full(repo, root, {"drv/new.c": "int x;\n"})
    assert str(narrow.value) == str(full.value)
    assert "invalid path 'drv/.git'" in str(full.value)


def _patch(n: int, total: int, title: str, diff: str = "", commit: str = "") -> PatchMail:
    return PatchMail(n, Subject(f"[PATCH {n}/{total}] {title}", title, ("PATCH",), 1, n, total, 1), AUTHOR,
                     message=f"{title}\n\nSigned-off-by: {AUTHOR.name} <{AUTHOR.email}>\n", diff=diff,
                     commit=commit)


def test_a_later_patch_that_conflicts_still_raises_the_same_conflict(tree):
    one = _commit(tree, "gpio: tiny: use ioread32", {CORE: CORE_C.replace("readl(", "ioread32(")})
    two = _commit(tree, "gpio: tiny: name the data register",
                  {CORE: CORE_C.replace("readl(", "ioread32(").replace("TINY_GPIO_DATA", "TINY_GPIO_DATA_IN")})
    s = Series([_patch(1, 2, "gpio: tiny: use ioread32", commit=one),
                _patch(2, 2, "gpio: tiny: name the data register", commit=two)],
               base=_git(tree, "rev-parse", "base").strip())
    edited = CORE_C.replace("readl(", "ioread32(").replace("return !!(ioread32(tg->base + TINY_GPIO_DATA)",
                                                           "return !!(ioread32(tg->base + TINY_GPIO_DATA + 4)")
    with pytest.raises(ConflictError) as e:
        rebuild(Repo(tree), s, {1: {CORE: edited}}, {})
    assert str(e.value) == ("patch 2/2 (gpio: tiny: name the data register) does not apply after the edits: "
                            f"conflict in {CORE}")


def test_a_mail_whose_diff_does_not_apply_gives_the_same_error(tree):
    sha = _commit(tree, "gpio: tiny: read the pin state once",
                  {CORE: CORE_C.replace("return !!(readl", "return !!(ioread32")})
    diff = _diff(tree, "base", sha).replace("-\treturn !!(readl", "-\treturn !!(inl")
    with pytest.raises(SeriesError) as e:
        apply_mails(Repo(tree), Series([_patch(1, 1, "gpio: tiny: read once", diff)]), "base")
    assert str(e.value) == f"patch 1/1 (gpio: tiny: read once) does not apply on base: {CORE}"
    gone = _diff(tree, "base", sha).replace(CORE, "drivers/gpio/tiny/gpio-tiny-main.c")
    with pytest.raises(SeriesError) as e:
        apply_mails(Repo(tree), Series([_patch(1, 1, "gpio: tiny: read once", gone)]), "base")
    assert str(e.value) == ("patch 1/1 (gpio: tiny: read once) does not apply on base: "
                            "drivers/gpio/tiny/gpio-tiny-main.c")


def test_applied_mails_carry_the_trees_of_their_commits(tree):
    shas = [_commit(tree, "gpio: tiny: header", {"drivers/gpio/tiny/tiny.h": HEADER}),
            _commit(tree, "gpio: tiny: drop the overview", {DOC: None}),
            _commit(tree, "gpio: tiny: keep the script quiet", {SCRIPT: "#!/bin/sh\nexit 0\n"},
                    {SCRIPT: "100755"})]
    prev = ["base", *shas]
    mails = [_patch(i, 3, f"gpio: tiny: step {i}", _diff(tree, prev[i - 1], sha)) for i, sha in enumerate(shas, 1)]
    s = apply_mails(Repo(tree), Series(mails), "base")
    assert [_tree(tree, p.commit) for p in s.patches] == [_tree(tree, sha) for sha in shas]


def test_entries_read_level_by_level_are_those_ls_tree_lists(tree):
    from patches.series import _all_entries, _entries, _entries_at

    repo = Repo(tree)
    top = _tree(tree, "base")
    _git(tree, "update-index", "--add", "--cacheinfo", f"160000,{'2' * 40},lib/vendored")
    with_link = _git(tree, "write-tree").strip()           # the index of the checkout, plus a gitlink
    for t in (top, with_link):
        assert repo.reads_objects()
        assert sorted(_all_entries(repo, t)) == sorted(_entries(repo, t, []))
        paths = sorted([CORE, SCRIPT, LINK, "drivers/gpio/tiny", "drivers/gpio/none.c", f"{CORE}/x", "lib/vendored",
                        "MAINTAINERS", "lib/vendored/x.c"])
        want = [e for e in _entries(repo, t, paths) if e[3] in paths]
        assert sorted(_entries_at(repo, t, paths)) == sorted(want)
