"""The service on the real kernel fixture: upload the thread, get the same series.mbox as `respin run`."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from test_service_support import ROOT, service


def respin_run(fresh_fixture, out) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", "run", "--tree", str(fresh_fixture / "tree"),
                           "--thread", str(fresh_fixture / "thread.mbox"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)


def test_upload_gives_the_same_series_as_respin_run(kernel_fixture, fresh_fixture, tmp_path):
    cli = respin_run(fresh_fixture, tmp_path / "cli-out")
    if "cannot import name" in cli.stderr or "No module named" in cli.stderr:
        pytest.skip(f"the respin pipeline is not complete in this checkout: {cli.stderr.strip()[-300:]}")
    assert cli.returncode == 0, cli.stderr
    expected = (tmp_path / "cli-out" / "series.mbox").read_text()

    data = tmp_path / "data"
    with service({"fixture": kernel_fixture / "tree"}, data) as url:
        with open(kernel_fixture / "thread.mbox", "rb") as f:
            r = httpx.post(f"{url}/api/v1/respins", data={"tree": "fixture"},
                           files={"thread": ("thread.mbox", f)}, timeout=30)
        assert r.status_code == 202, r.text
        job = r.json()
        deadline = time.monotonic() + 1200
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(1)
            job = httpx.get(f"{url}/api/v1/respins/{job['id']}", timeout=30).json()
        assert job["status"] == "done", job["error"]
        stages = {e["stage"] for e in job["progress"]["events"]}
        assert {"parsing", "rules", "spatch", "rebase", "mails"} <= stages
        mbox = httpx.get(f"{url}/api/v1/respins/{job['id']}/series.mbox", timeout=30)
        assert mbox.headers["content-type"] == "application/mbox"
        assert mbox.text == expected
        names = {s["id"]: s for s in job["report"]["suggestions"]}
        assert any("huge_pte_dirty" in s["comment"] for s in names.values())
        for f in job["files"]:
            assert httpx.get(f"{url}/api/v1/respins/{job['id']}/{f}", timeout=30).status_code == 200
    # the named tree got no branch and no objects from the job
    branches = subprocess.run(["git", "-C", str(kernel_fixture / "tree"), "branch", "--list", "*-v5"],
                              capture_output=True, text=True).stdout
    assert branches.strip() == ""
