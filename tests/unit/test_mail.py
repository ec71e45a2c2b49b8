"""The v5 mails: subjects, changelogs, cover letter, threading, determinism."""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from patches import checkpatch
from patches import trailers as tr
from patches.git import Repo
from patches.mail import write_series
from patches.model import (Anchor, PatchMail, Person, Response, Review, Series, Status, Subject, Suggestion,
                           Trailer)
from patches.series import rebuild

_spec = importlib.util.spec_from_file_location("widget_repo", Path(__file__).parents[1] / "data/series/widget_repo.py")
W = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(W)  # type: ignore[union-attr]

C = "drivers/misc/widget.c"


def _review(s: Series) -> Review:
    applied = Suggestion("2.1", 2, W.REVIEWER, "Please use dev_err_probe() here.", Anchor(C, "widget_probe"),
                         Response.ACCEPTED, status=Status.APPLIED, summary="Use dev_err_probe()")
    declined = Suggestion("2.2", 2, W.REVIEWER, "Make ret const?", Anchor(C, "widget_probe"),
                          Response.DECLINED, status=Status.SKIPPED, summary="Make ret const")
    deferred = Suggestion("1.1", 1, W.REVIEWER, "Use readl_poll_timeout().", Anchor(C, "widget_reset"),
                          Response.DEFERRED, status=Status.SKIPPED, summary="Use readl_poll_timeout()")
    credit = Suggestion("2.3", 2, W.REVIEWER, "Feel free to add a Suggested-by.", Anchor(in_message=True),
                        Response.ACCEPTED, kind="trailer", trailer=f"Suggested-by: {W.REVIEWER}",
                        status=Status.APPLIED)
    return Review(s, [applied, declined, deferred, credit],
                  [Trailer("Acked-by", Person("Una Berg", "una@example.com"), 0)])


def respin(tree: Path, out: Path, s: Series | None = None) -> tuple[Series, list[str], list]:
    repo = Repo(tree)
    s = s or W.series(tree)
    review = _review(s)
    text = repo.try_show_file(s.patches[1].commit, C).replace(
        "\t\treturn ret;\n", '\t\treturn dev_err_probe(&pdev->dev, ret, "reset failed\\n");\n')
    asked = tr.requested(review)
    msgs = {p.number: tr.new_message(W.git(tree, "log", "-1", "--format=%B", p.commit), asked[p.number],
                                     drop_reviews=p.number == 2)
            for p in s.patches}
    new = rebuild(repo, s, {2: {C: text}}, msgs)
    results = write_series(repo, s, new, review, out, 5)
    return s, new, results


@pytest.fixture
def tree(tmp_path) -> Path:
    return W.make_repo(tmp_path / "tree", reviewed_by=True)


def test_files_subjects_and_threading(tree, tmp_path):
    out = tmp_path / "out"
    s, new, results = respin(tree, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["series.mbox", "v5-0000-cover-letter.patch", "v5-0001-misc-widget-Add-widget_reset.patch",
                     "v5-0002-misc-widget-Use-widget_reset-in-probe.patch",
                     "v5-0003-misc-widget-Document-widget_reset.patch"]
    texts = [(out / n).read_text() for n in names[1:]]
    subjects = [next(ln for ln in t.splitlines() if ln.startswith("Subject:")) for t in texts]
    assert subjects == ["Subject: [PATCH v5 0/3] misc: widget: a reset helper",
                        "Subject: [PATCH v5 1/3] misc: widget: Add widget_reset()",
                        "Subject: [PATCH v5 2/3] misc: widget: Use widget_reset() in probe",
                        "Subject: [PATCH v5 3/3] misc: widget: Document widget_reset()"]
    cover_id = next(ln for ln in texts[0].splitlines() if ln.startswith("Message-Id:")).split(" ", 1)[1]
    for t in texts[1:]:
        assert f"In-Reply-To: {cover_id}\nReferences: {cover_id}\n" in t
        assert "20251009" not in t.split("\n\n", 1)[0]          # never threaded to v4
    assert (out / "series.mbox").read_text() == "".join(texts)
    assert [r.changed for r in results] == [False, True, False]
    assert [r.commit for r in results] == new


def test_patch_changelog_and_trailers(tree, tmp_path):
    out = tmp_path / "out"
    respin(tree, out)
    p2 = (out / "v5-0002-misc-widget-Use-widget_reset-in-probe.patch").read_text()
    assert """\
its error on.

Suggested-by: Tomasz Lindqvist <tomasz@example.net>
Acked-by: Una Berg <una@example.com>
Signed-off-by: Mira Kovacs <mira.kovacs@example.org>
---
Changes in v5:
- Use dev_err_probe() (Tomasz)
- Add Suggested-by (Tomasz)
- Collect Acked-by (Una)
- Drop Reviewed-by (Tomasz): the patch changed substantially

 drivers/misc/widget.c | 7 ++++---
""" in p2
    p1 = (out / "v5-0001-misc-widget-Add-widget_reset.patch").read_text()
    assert "Acked-by: Una Berg <una@example.com>\nSigned-off-by: Mira Kovacs <mira.kovacs@example.org>\n---\n" \
           "Changes in v5:\n- Collect Acked-by (Una)\n\n drivers/misc/widget.c" in p1
    assert "readl_poll_timeout" not in p1 and "const" not in p2    # deferred and declined are left out


def test_cover_letter(tree, tmp_path):
    out = tmp_path / "out"
    respin(tree, out)
    cover = (out / "v5-0000-cover-letter.patch").read_text()
    head, body = cover.split("\n\n", 1)
    assert "From: Mira Kovacs <mira.kovacs@example.org>" in head
    assert "Date: Thu, 09 Oct 2025 10:53:23 +0200" in head
    assert body.startswith("""\
The widget driver spins forever when the controller does not come
out of reset. Add a helper with a timeout and use it.

Changes in v5:
- Patch 1/3: Collect Acked-by (Una)
- Patch 2/3: Use dev_err_probe() (Tomasz)
- Patch 2/3: Add Suggested-by (Tomasz)
- Patch 2/3: Collect Acked-by (Una)
- Patch 2/3: Drop Reviewed-by (Tomasz): the patch changed substantially
- Patch 3/3: Collect Acked-by (Una)
- Link to v4: https://lore.kernel.org/r/20251009.0-mira@example.org

v3 -> v4:
- Rebased on v6.18-rc1

Mira Kovacs (3):
  misc: widget: Add widget_reset()
""")
    base = W.git(tree, "rev-parse", "base").strip()
    assert f"\nbase-commit: {base}\n-- \n" in body
    assert "***" not in cover


def test_two_runs_are_byte_identical_and_the_users_tree_is_untouched(tree, tmp_path):
    (tree / C).write_text("local change\n")
    status = W.git(tree, "status", "--porcelain=v2", "--branch")
    refs = W.git(tree, "for-each-ref")
    respin(tree, tmp_path / "a")
    respin(tree, tmp_path / "b")
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert a == b
    assert W.git(tree, "status", "--porcelain=v2", "--branch") == status
    assert W.git(tree, "for-each-ref") == refs
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []   # no temp dirs left


def test_an_existing_output_dir_is_replaced_whole(tree, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "v5-0004-stale.patch").write_text("old\n")
    respin(tree, out)
    assert not (out / "v5-0004-stale.patch").exists()


def test_git_am_of_the_mbox_reproduces_the_commits(tree, tmp_path):
    out = tmp_path / "out"
    _, new, _ = respin(tree, out)
    scratch = tmp_path / "scratch"
    subprocess.run(["git", "clone", "-q", str(tree), str(scratch)], check=True)
    W.git(scratch, "checkout", "-q", "-b", "am", "base")
    W.git(scratch, "-c", "user.name=Receiver", "-c", "user.email=receiver@example.org",
          "am", "-q", "--empty=drop", str(out / "series.mbox"))
    got = W.git(scratch, "rev-list", "--reverse", "base..am").split()
    assert [W.git(scratch, "rev-parse", f"{c}^{{tree}}") for c in got] == \
        [W.git(tree, "rev-parse", f"{c}^{{tree}}") for c in new]
    fmt = "--format=%an <%ae> %ad%n%B"
    assert [W.git(scratch, "log", "-1", fmt, c) for c in got] == [W.git(tree, "log", "-1", fmt, c) for c in new]


def _long_series(tree: Path, prefixes: tuple[str, ...], width: int) -> Series:
    start = W.git(tree, "rev-parse", "HEAD").strip()
    for i in range(12):
        (tree / f"net/wdg/f{i}.c").parent.mkdir(parents=True, exist_ok=True)
        (tree / f"net/wdg/f{i}.c").write_text(f"int wdg_{i};\n")
        W.git(tree, "add", ".")
        W.git(tree, "commit", "-q", "-m", f"net: wdg: add f{i}\n\nSigned-off-by: {W.AUTHOR}",
              env={"GIT_AUTHOR_DATE": f"@{1760000100 + i} +0000", "GIT_COMMITTER_DATE": f"@{1760000100 + i} +0000",
                   "GIT_AUTHOR_NAME": W.AUTHOR.name, "GIT_AUTHOR_EMAIL": W.AUTHOR.email})
    shas = W.git(tree, "rev-list", "--reverse", f"{start}..HEAD").split()
    pm = [PatchMail(i, Subject("", f"net: wdg: add f{i - 1}", prefixes, 3, i, 12, width), W.AUTHOR, commit=sha)
          for i, sha in enumerate(shas, 1)]
    return Series(pm, cover=None, version=3, base=start)


@pytest.mark.parametrize("width,first", [(2, "[RFC PATCH net-next v4 01/12] net: wdg: add f0"),
                                         (1, "[RFC PATCH net-next v4 1/12] net: wdg: add f0")])
def test_prefixes_and_number_width_as_in_vn(tree, tmp_path, width, first):
    s = _long_series(tree, ("RFC", "PATCH", "net-next"), width)
    out = tmp_path / "out"
    write_series(Repo(tree), s, [p.commit for p in s.patches], Review(s, []), out, 4)
    subjects = [next(ln for ln in p.read_text().splitlines() if ln.startswith("Subject:"))
                for p in sorted(out.glob("*.patch"))]
    assert subjects[0] == f"Subject: [RFC PATCH net-next v4 {'0' * width}/12] net: wdg: add f0"
    assert subjects[1] == f"Subject: {first}"
    assert subjects[12].startswith("Subject: [RFC PATCH net-next v4 12/12]")
    cover = (out / "v4-0000-cover-letter.patch").read_text()
    assert "Changes in v4:\n- No code changes, rebased\n" in cover


def test_checkpatch_missing_is_a_status(tree, tmp_path):
    out = tmp_path / "out"
    respin(tree, out)
    r = checkpatch.run(Repo(tree), "widget", sorted(out.glob("*.patch")))
    why = "the tree has no scripts/checkpatch.pl (at its own HEAD or tools revision)"
    assert r == {"status": "no-checkpatch", "reason": why, "errors": 0, "warnings": 0, "checks": 0, "findings": []}
    assert checkpatch.format_summary(r) == f"checkpatch: not run: {why}"


def test_checkpatch_findings_are_parsed():
    out = ("v5-0002-x.patch:31: WARNING:LONG_LINE: line length of 104 exceeds 100 columns\n"
           "v5-0002-x.patch:40: ERROR:CODE_INDENT: code indent should use tabs where possible\n")
    assert checkpatch.parse(out, "v5-0002-x.patch") == [
        {"file": "v5-0002-x.patch", "line": 31, "level": "WARNING", "type": "LONG_LINE",
         "message": "line length of 104 exceeds 100 columns"},
        {"file": "v5-0002-x.patch", "line": 40, "level": "ERROR", "type": "CODE_INDENT",
         "message": "code indent should use tabs where possible"}]
