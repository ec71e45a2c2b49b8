"""Reading unified diffs with unidiff: what respin takes from git's diffs and from patch mails."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from patches import diffs
from patches.ctext import norm
from patches.locate import added_code as mail_added_lines

RENAME_AND_NEW = """\
diff --git a/drivers/misc/widget.c b/drivers/misc/widget_core.c
similarity index 88%
rename from drivers/misc/widget.c
rename to drivers/misc/widget_core.c
index 3b18e51..a9c2f04 100644
--- a/drivers/misc/widget.c
+++ b/drivers/misc/widget_core.c
@@ -10,7 +10,8 @@ static int widget_reset(struct widget *w)
 \tint ret;
\x20
 \tret = widget_write(w, WIDGET_CTRL, 0);
-\tif (ret)
+\tif (ret) {
+\t\tdev_err(w->dev, "reset failed\\n");
 \t\treturn ret;
\x20
 \treturn widget_wait_ready(w);
diff --git a/drivers/misc/widget.h b/drivers/misc/widget.h
new file mode 100644
index 0000000..5d1c2e0
--- /dev/null
+++ b/drivers/misc/widget.h
@@ -0,0 +1,3 @@
+/* SPDX-License-Identifier: GPL-2.0 */
+struct widget;
+int widget_reset(struct widget *w);
\\ No newline at end of file
"""


def test_added_line_numbers_of_a_rename_and_a_new_file():
    assert {p: set(lines) for p, lines in diffs.added_lines(RENAME_AND_NEW).items()} == {
        "drivers/misc/widget_core.c": {13, 14},
        "drivers/misc/widget.h": {1, 2, 3},
    }


def test_added_and_removed_text_without_markers_or_the_no_newline_note():
    assert diffs.removed(RENAME_AND_NEW) == ["\tif (ret)"]
    assert diffs.added(RENAME_AND_NEW) == ["\tif (ret) {", '\t\tdev_err(w->dev, "reset failed\\n");',
                                           "/* SPDX-License-Identifier: GPL-2.0 */", "struct widget;",
                                           "int widget_reset(struct widget *w);"]


def test_an_added_line_that_starts_with_two_plus_signs_is_code():
    diff = "--- a/lib/count.c\n+++ b/lib/count.c\n@@ -4,0 +5 @@ int count(void)\n+++calls;\n"
    assert diffs.added(diff) == ["++calls;"]
    assert diffs.added_lines(diff) == {"lib/count.c": {5: "++calls;"}}


def test_changes_ignore_positions_but_keep_order_and_files():
    moved = RENAME_AND_NEW.replace("@@ -10,7 +10,8 @@", "@@ -40,7 +40,8 @@")
    assert diffs.changes(moved) == diffs.changes(RENAME_AND_NEW)
    (old, new, lines), (_, header, _) = diffs.changes(RENAME_AND_NEW)
    assert (old, new, header) == ("a/drivers/misc/widget.c", "b/drivers/misc/widget_core.c", "b/drivers/misc/widget.h")
    assert [sign for sign, _ in lines] == ["-", "+", "+"]


def test_a_cut_diff_is_not_a_unified_diff():
    cut = RENAME_AND_NEW.split("\tret = widget_write")[0]
    with pytest.raises(diffs.UnidiffParseError):
        diffs.added(cut)


def test_a_patch_mail_diff_and_a_diff_rebuilt_from_quotes():
    # the mail's diff: unidiff; blank added lines left out, the rest normalized
    wanted = [norm("if (ret) {"), norm('dev_err(w->dev, "reset failed\\n");')]
    assert mail_added_lines(RENAME_AND_NEW)[:2] == wanted
    # quoted from a web archive: the hunk lost lines and its context lines their space
    quoted = "@@ -10,7 +10,8 @@\nint ret;\n-\tif (ret)\n+\tif (ret) {\n+\t\tdev_err(w->dev, \"reset failed\\n\");\n"
    assert mail_added_lines(quoted) == wanted


def _git(tree: Path, *args: str, input: str | None = None) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True,
                          input=input, timeout=60).stdout


def test_added_ranges_of_a_real_git_diff_with_zero_context(tmp_path):
    tree = tmp_path / "t"
    _git(tmp_path, "init", "-q", str(tree))
    (tree / "a.c").write_text("".join(f"int v{i};\n" for i in range(1, 11)))
    _git(tree, "add", "a.c")
    _git(tree, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "one")
    lines = (tree / "a.c").read_text().splitlines(keepends=True)
    lines[2:3] = ["int w3;\n", "int w3b;\n"]         # replace one line by two
    del lines[7]                                    # remove one
    lines.append("int last;")                       # a last line without its newline
    (tree / "a.c").write_text("".join(lines))
    diff = _git(tree, "diff", "-U0")
    assert "\\ No newline at end of file" in diff
    # the removal alone leaves no line behind: no range for it
    assert diffs.added_ranges(diff) == [(3, 4), (11, 11)]
    assert set(diffs.added_lines(diff)["a.c"]) == {3, 4, 11} and diffs.added_lines(diff)["a.c"][11] == "int last;"
    assert diffs.added(diff)[-1] == "int last;"


def test_named_paths_reads_every_header_form_git_writes(tmp_path):
    root = tmp_path / "t"
    root.mkdir()
    _git(root, "init", "-q")
    for name, text in (("drivers/net/phy/old name.c", "a\nb\nc\n"), ("lib/crc\tfast.c", "x\n"),
                       ("lib/réseau.c", "y\n"), ("net/core/gone.c", "z\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "one")
    _git(root, "mv", "drivers/net/phy/old name.c", "drivers/net/phy/new name.c")
    (root / "lib/crc\tfast.c").write_text("x2\n")
    (root / "lib/réseau.c").chmod(0o755)
    (root / "net/core/gone.c").unlink()
    (root / "include/linux").mkdir(parents=True)
    (root / "include/linux/made.h").write_text("#define MADE 1\n")
    _git(root, "add", "-A")
    diff = _git(root, "diff", "--cached", "-M", "HEAD")
    assert '"a/lib/crc\\tfast.c"' in diff and '"a/lib/r\\303\\251seau.c"' in diff
    assert diffs.named_paths(diff) == {"drivers/net/phy/old name.c", "drivers/net/phy/new name.c",
                                       "lib/crc\tfast.c", "lib/réseau.c", "net/core/gone.c",
                                       "include/linux/made.h"}


def test_named_paths_skips_hunk_bodies_and_refuses_what_it_cannot_read():
    mail = ("Fix the frobnicator.\n\n---\n x.c | 2 +-\n\n"
            "diff --git a/drivers/x.c b/drivers/x.c\nindex 1111111..2222222 100644\n"
            "--- a/drivers/x.c\n+++ b/drivers/x.c\n@@ -1,2 +1,2 @@\n--- a/not/a/header.c\n"
            "+++ b/not/a/header.c\n \tkeep();\n-- \n2.43.0\n")
    assert diffs.named_paths(mail) == {"drivers/x.c"}
    traditional = "--- a/lib/sort.c\t2025-01-01 10:00:00\n+++ b/lib/sort.c\t2025-01-02 10:00:00\n@@ -1 +1 @@\n-a\n+b\n"
    assert diffs.named_paths(traditional) == {"lib/sort.c"}
    # a mode change of a renamed name with spaces: nothing says where one name ends
    assert diffs.named_paths("diff --git a/x y b/z w\nold mode 100644\nnew mode 100755\n") is None
    assert diffs.named_paths('diff --git "a/bad\\q" "b/bad\\q"\n') is None
    assert diffs.named_paths("diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -one +1 @@\n") is None
