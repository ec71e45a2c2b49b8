"""`respin run` end to end on the real Linux 6.12 fixture (issues: rules on the seed, the v5 series)."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from cocci import spatch
from patches.ctext import function_named


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True,
                          text=True, timeout=300).stdout


def hugetlb_code(text: str) -> str:
    """The text of the hugetlb unmap function(s) of mm/rmap.c."""
    lines = text.splitlines()
    parts = []
    for name in ("__try_to_unmap_hugetlb_one", "try_to_unmap_hugetlb_one"):
        f = function_named(text, name)
        if f:
            parts.append("\n".join(lines[f.start - 1:f.end]))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def respun(kernel_fixture, tmp_path_factory):
    """One respin of the mbox, on a private mirror of the fixture tree."""
    base = tmp_path_factory.mktemp("run")
    tree = base / "tree"
    subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(kernel_fixture / "tree"), str(tree)],
                   check=True, timeout=300)
    out = base / "out"
    rc = main(["run", "--tree", str(tree), "--thread", str(kernel_fixture / "thread.mbox"), "--out", str(out)])
    assert rc == 0
    return tree, out


def test_outputs(respun):
    tree, out = respun
    names = sorted(p.name for p in out.glob("v5-*.patch"))
    assert names[0] == "v5-0000-cover-letter.patch"
    assert len(names) == 4
    subjects = [re.search(r"(?m)^Subject: (.*)$", (out / n).read_text()).group(1) for n in names]
    assert subjects[0].startswith("[PATCH v5 0/3]")
    assert subjects[2] == "[PATCH v5 2/3] mm/rmap: Add try_to_unmap_hugetlb_one"
    assert (out / "series.mbox").read_text().startswith("From ")
    report = json.loads((out / "report.json").read_text())
    assert report["version"] == 5 and report["branch"] == "hugetlb-v5"
    assert report["checkpatch"]["errors"] == 0


def test_v5_rmap(respun):
    tree, out = respun
    v5 = git(tree, "show", "hugetlb-v5:mm/rmap.c")
    code = hugetlb_code(v5)
    assert "const unsigned long hsz" in code
    assert "subpage" not in code
    assert "VM_WARN_ON_ONCE(pte_pfn(pteval) != folio_pfn(folio));" in code
    assert "VM_WARN_ON_ONCE(!pte_present(pteval));" in code
    assert "huge_pte_dirty(pteval)" in code
    assert "folio_test_hwpoison(folio)" in code
    assert "TTU_SYNC" not in code and "PVMW_SYNC" not in code
    assert "zap_pte_range" not in code
    assert "much worse than THP" not in code and "can not be freed" not in code
    assert re.search(r"ptep_get\(pvmw", code)
    assert "__try_to_unmap_hugetlb_one" not in v5
    f = function_named(v5, "try_to_unmap_hugetlb_one")
    body = v5.splitlines()[f.body_start:f.end - 1]
    stmts = [ln.strip() for ln in body if ln.strip() and not re.match(
        r"\s*(DEFINE_FOLIO_VMA_WALK|struct |enum |const |unsigned |bool |pte_t |/\*|\*)", ln)]
    assert stmts[0] == "VM_WARN_ON(!(flags & TTU_HWPOISON));"
    assert v5.count("flags & TTU_HWPOISON") == 1 + git(tree, "show", "base:mm/rmap.c").count("flags & TTU_HWPOISON")
    lines = code.splitlines()
    i = next(i for i, ln in enumerate(lines) if "page_vma_mapped_walk(" in ln and "if (" in ln)
    assert lines[i - 1].strip() == "/* There is only a single mapping in a VMA. */"


def test_v5_parses(respun, tmp_path):
    tree, _ = respun
    for rev, name in (("hugetlb-v4", "v4.c"), ("hugetlb-v5", "v5.c")):
        (tmp_path / name).write_text(git(tree, "show", f"{rev}:mm/rmap.c"))
    assert spatch.parse_c(tmp_path / "v5.c").bad <= spatch.parse_c(tmp_path / "v4.c").bad


def test_other_patches_unchanged(respun):
    tree, _ = respun
    assert git(tree, "diff", "base", "hugetlb-v5~2") == git(tree, "diff", "base", "hugetlb-v4~2")
    d4 = git(tree, "show", "--format=", "hugetlb-v4")
    d5 = git(tree, "show", "--format=", "hugetlb-v5")

    def strip(d: str) -> list[str]:
        return [ln for ln in d.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert strip(d4) == strip(d5)


def test_trailers(respun):
    tree, _ = respun
    msg = git(tree, "log", "-1", "--format=%B", "hugetlb-v5~1")
    lines = msg.strip().splitlines()
    assert lines[-1] == "Signed-off-by: Dev Jain <dev.jain@arm.com>"
    assert lines[-2] == "Suggested-by: David Hildenbrand (Arm) <david@kernel.org>"


def test_changelog(respun):
    """The lines a person would write below ---: one per applied comment, code only where short."""
    _, out = respun
    text = (out / "v5-0002-mm-rmap-Add-try_to_unmap_hugetlb_one.patch").read_text()
    block = text.split("\n---\nChanges in v5:\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines() == [
        "- Make hsz const (David)",
        "- Make address const (David)",
        "- Drop the subpage variable (David)",
        '- Add a comment "There is only a single mapping in a VMA" (David)',
        "- Use pte_pfn() and folio_pfn() instead of folio_page(), use VM_WARN_ON_ONCE() (David)",
        "- Use huge_pte_dirty() instead of pte_dirty() (David)",
        "- Check TTU_HWPOISON first in try_to_unmap_hugetlb_one() (David)",
        "- Use folio_test_hwpoison() instead of folio_contain_hwpoisoned_page() (David)",
        "- Drop the PVMW_SYNC code in try_to_unmap_hugetlb_one() (David)",
        '- Drop the comment "For hugetlb it could be much..." in try_to_unmap_hugetlb_one() (David)',
        "- Fold __try_to_unmap_hugetlb_one() into try_to_unmap_hugetlb_one() (David)",
        "- Add Suggested-by (David)"]
    cover = (out / "v5-0000-cover-letter.patch").read_text()
    assert "- Patch 2/3: Use huge_pte_dirty() instead of pte_dirty() (David)\n" in cover


def test_git_am_reproduces_branch(respun, tmp_path):
    tree, out = respun
    wt = tmp_path / "wt"
    subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(tree), str(wt)], check=True)
    git(wt, "checkout", "-q", "base")
    subprocess.run(["git", "-C", str(wt), "-c", "user.name=t", "-c", "user.email=t@t", "am", "-q",
                    "--empty=drop", str(out / "series.mbox")], check=True, timeout=300)
    assert git(wt, "rev-parse", "HEAD^{tree}") == git(tree, "rev-parse", "hugetlb-v5^{tree}")


def test_cocci_files_run_alone(respun):
    _, out = respun
    files = sorted((out / "cocci").glob("*.cocci"))
    assert len(files) >= 8
    for f in files:
        assert spatch.parse_cocci(f) == "", f.name
        assert f.read_text().startswith("///"), f.name
    # comment blocks, which SmPL cannot match, are verified text edits shipped as diffs
    diffs = sorted((out / "cocci").glob("*.diff"))
    assert diffs
    for f in diffs:
        text = f.read_text()
        assert text.startswith("#") and "\n--- a/mm/rmap.c\n+++ b/mm/rmap.c\n" in text, f.name
    report = json.loads((out / "report.json").read_text())
    named = {s["rule"] for s in report["suggestions"] if s["rule"]}
    assert named and all((out / r).is_file() for r in named)


def test_review_txt_with_range(kernel_fixture, tmp_path):
    tree = tmp_path / "tree"
    subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(kernel_fixture / "tree"), str(tree)],
                   check=True, timeout=300)
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(kernel_fixture / "review.txt"),
                 "--series", "base..hugetlb", "--out", str(out)]) == 0
    code = hugetlb_code(git(tree, "show", "hugetlb-v5:mm/rmap.c"))
    assert "huge_pte_dirty(pteval)" in code and "subpage" not in code
    msg = git(tree, "log", "-1", "--format=%B", "hugetlb-v5~1")
    assert "Suggested-by: David Hildenbrand <david@redhat.com>" in msg or \
        "Suggested-by: David Hildenbrand (Arm) <david@redhat.com>" in msg


def test_user_tree_untouched(kernel_fixture, tmp_path):
    """A clone with a working copy on the series' branch: only the new branch appears."""
    wt = tmp_path / "wt"
    subprocess.run(["git", "clone", "-q", "--shared", "-b", "hugetlb", str(kernel_fixture / "tree"), str(wt)],
                   check=True, timeout=300)
    git(wt, "branch", "-q", "base", "origin/master")
    (wt / "notes.txt").write_text("untracked, must stay\n")
    before = (git(wt, "for-each-ref", "--format=%(refname) %(objectname)"), git(wt, "status", "--porcelain"),
              git(wt, "rev-parse", "HEAD"), (wt / ".git" / "index").read_bytes())
    assert main(["run", "--tree", str(wt), "--thread", str(kernel_fixture / "thread.mbox"),
                 "--out", str(tmp_path / "out")]) == 0
    refs = git(wt, "for-each-ref", "--format=%(refname) %(objectname)")
    new = set(refs.splitlines()) - set(before[0].splitlines())
    assert [r.split()[0] for r in new] == ["refs/heads/hugetlb-v5"]
    assert set(before[0].splitlines()) <= set(refs.splitlines())
    assert git(wt, "status", "--porcelain") == before[1]
    assert git(wt, "rev-parse", "HEAD") == before[2]
    assert (wt / ".git" / "index").read_bytes() == before[3]


def test_dirty_series_file_is_refused(kernel_fixture, tmp_path, capsys):
    wt = tmp_path / "wt"
    subprocess.run(["git", "clone", "-q", "--shared", "-b", "hugetlb", str(kernel_fixture / "tree"), str(wt)],
                   check=True, timeout=300)
    rmap = wt / "mm" / "rmap.c"
    rmap.write_text(rmap.read_text() + "/* local edit */\n")
    rc = main(["run", "--tree", str(wt), "--thread", str(kernel_fixture / "thread.mbox"),
               "--series", "origin/master..hugetlb", "--out", str(tmp_path / "out")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "uncommitted changes" in err and "mm/rmap.c" in err
    assert not (tmp_path / "out").exists()
    assert "hugetlb-v5" not in git(wt, "branch")
