"""checkpatch.pl from the real Linux fixture: all patches of a series in one perl run report, patch by
patch, what one run per patch reports; --strict keeps one run per patch (CAMELCASE is said once a run);
a perl started before the patches are written reports what a run after them reports."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from patches import checkpatch
from patches.git import Repo

GOOD = """From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Ann Author <ann@example.org>
Date: Mon, 2 Nov 2026 10:00:00 +0100
Subject: [PATCH v5 {n}/3] gizmo: tidy gizmo_{n}

Tidy gizmo_{n}.

Signed-off-by: Ann Author <ann@example.org>
---
 drivers/misc/gizmo{n}.c | 1 +
 1 file changed, 1 insertion(+)

diff --git a/drivers/misc/gizmo{n}.c b/drivers/misc/gizmo{n}.c
index 1111111..2222222 100644
--- a/drivers/misc/gizmo{n}.c
+++ b/drivers/misc/gizmo{n}.c
@@ -1,3 +1,4 @@
 static int gizmo_{n}(int x)
 {{
+{line}
 \treturn x;
--
2.39.5
"""


def _mails(tmp_path: Path) -> list[Path]:
    lines = ["\tx = 1;", "\tif(x) gizmoCount = 2; ", "\tgizmoCount = 3;"]
    out = []
    for n, line in enumerate(lines, 1):
        f = tmp_path / f"v5-000{n}-gizmo-{n}.patch"
        f.write_text(GOOD.format(n=n, line=line))
        out.append(f)
    return out


def _one_by_one(tree: Path, mails: list[Path], tmp_path: Path, strict: bool) -> list[dict]:
    """What `checkpatch.pl --terse --show-types PATCH` says of each patch, run alone."""
    d = tmp_path / "scripts"
    d.mkdir(exist_ok=True)
    for path in checkpatch.DATA_FILES:
        (tmp_path / path).write_bytes(Repo(tree).try_read_blob("HEAD", path) or b"")
    found: list[dict] = []
    for f in mails:
        r = subprocess.run(["perl", str(d / "checkpatch.pl"), "--no-tree", "--terse", "--show-types",
                            "--no-summary", "--color=never", *(["--strict"] if strict else []), str(f)],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
        found += checkpatch.parse(r.stdout, f.name)
    return found


def test_one_run_reports_each_patch_as_a_run_of_its_own(kernel_fixture, tmp_path):
    tree = kernel_fixture / "tree"
    mails = _mails(tmp_path)
    r = checkpatch.run(Repo(tree), "HEAD", mails)
    assert r["status"] == "ok", r["reason"]
    assert r["findings"] == _one_by_one(tree, mails, tmp_path, strict=False)
    kinds = [(x["file"], x["type"]) for x in r["findings"]]
    assert ("v5-0002-gizmo-2.patch", "TRAILING_WHITESPACE") in kinds
    assert ("v5-0002-gizmo-2.patch", "SPACING") in kinds
    assert not any(f == "v5-0001-gizmo-1.patch" for f, _ in kinds)
    assert r["errors"] == sum(x["level"] == "ERROR" for x in r["findings"]) > 0


def test_strict_runs_each_patch_alone(kernel_fixture, tmp_path):
    tree = kernel_fixture / "tree"
    mails = _mails(tmp_path)
    r = checkpatch.run(Repo(tree), "HEAD", mails, strict=True)
    assert r["findings"] == _one_by_one(tree, mails, tmp_path, strict=True)
    camel = [x["file"] for x in r["findings"] if x["type"] == "CAMELCASE"]
    # gizmoCount in patches 2 and 3: each is told (one run for both would say it once)
    assert camel == ["v5-0002-gizmo-2.patch", "v5-0003-gizmo-3.patch"]


def test_started_early_reports_what_a_run_after_the_mails_reports(kernel_fixture, tmp_path):
    # perl starts before the mails exist (its patches are named pipes); written later, they are
    # checked as checkpatch.run checks the files
    tree = kernel_fixture / "tree"
    with checkpatch.Early.start(Repo(tree), "HEAD", 3) as early:
        mails = _mails(tmp_path)
        assert early.finish(mails) == checkpatch.run(Repo(tree), "HEAD", mails)
    kinds = [(x["file"], x["type"]) for x in checkpatch.run(Repo(tree), "HEAD", mails)["findings"]]
    assert ("v5-0002-gizmo-2.patch", "TRAILING_WHITESPACE") in kinds


def test_started_early_leaves_other_series_to_a_run_of_their_own(kernel_fixture, tmp_path):
    tree = kernel_fixture / "tree"
    mails = _mails(tmp_path)
    with checkpatch.Early.start(Repo(tree), "HEAD", 2) as early:
        assert early.finish(mails) is None          # 3 patches, perl waits for 2
    linker = tmp_path / "v5-0004-linker.patch"
    linker.write_text(GOOD.format(n=4, line="\tx = 4;").replace("drivers/misc/gizmo4.c",
                                                                    "include/asm-generic/vmlinux.lds.h"))
    with checkpatch.Early.start(Repo(tree), "HEAD", 4) as early:
        assert early.finish([*mails, linker]) is None      # a linker-script header: one run per patch


def test_started_early_by_a_run_that_is_killed_ends_by_itself(kernel_fixture, tmp_path):
    # the run's process is gone without cleaning up (SIGKILL): perl reads empty files and ends
    code = ("import os, sys\nfrom patches import checkpatch\nfrom patches.git import Repo\n"
            "e = checkpatch.Early.start(Repo(sys.argv[1]), 'HEAD', 3)\n"
            "print(e._proc.pid, e._scratch.name, flush=True)\nos._exit(0)\n")
    r = subprocess.run([sys.executable, "-c", code, str(kernel_fixture / "tree")], capture_output=True, text=True,
                       timeout=120, cwd=Path(__file__).resolve().parents[2])
    pid, scratch = r.stdout.split()
    shutil.rmtree(scratch)          # a killed run leaves its scratch directory, as it leaves any other
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"perl {pid} still waits for its patches")


def test_started_early_and_not_given_its_patches_stops(kernel_fixture):
    early = checkpatch.Early.start(Repo(kernel_fixture / "tree"), "HEAD", 2)
    assert early is not None
    proc, scratch = early._proc, Path(early._scratch.name)
    early.close()
    assert proc.poll() is not None and not scratch.exists()


def test_a_run_that_starts_checkpatch_early_writes_what_a_run_that_does_not_writes(kernel_fixture, tmp_path,
                                                                                    monkeypatch):
    from app.respin import RespinRequest, ThreadInput, run_respin

    outs = []
    for early in (False, True):
        if early:       # the perl started early answers: checkpatch.pl is not run again at the end
            monkeypatch.setattr(checkpatch, "run", lambda *a, **k: pytest.fail("checkpatch.run was called"))
        tree = tmp_path / f"tree-{early}"
        subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(kernel_fixture / "tree"), str(tree)],
                       check=True, timeout=300)
        thread = ThreadInput("thread.mbox", (kernel_fixture / "thread.mbox").read_bytes())
        result = run_respin(RespinRequest(tree=tree, threads=[thread], out=tmp_path / f"out-{early}",
                                          early_checkpatch=early))
        assert result.checkpatch["status"] == "ok"
        outs.append({p.relative_to(tmp_path / f"out-{early}"): p.read_bytes()
                     for p in sorted((tmp_path / f"out-{early}").rglob("*")) if p.is_file()})
    assert outs[0] == outs[1] and any(p.suffix == ".patch" for p in outs[0])
