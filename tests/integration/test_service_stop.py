"""Stopping `respin serve` does not wait for a client that holds `?wait=` on a job still running."""
from __future__ import annotations

import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx

from app.example import EXAMPLE_THREAD, ensure_example_tree
from test_service_support import serving

SLOW = 25       # seconds the tree's checkpatch.pl takes: the job is still running when the service stops


def _slow_tree(tmp_path: Path) -> Path:
    """The example tree whose checked-out commit has a checkpatch.pl that only sleeps."""
    tree = ensure_example_tree(tmp_path / "tree")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tree), "-c", "user.name=Sam Author", "-c", "user.email=sam@example.org",
                        *args], check=True, capture_output=True, timeout=60)
    git("checkout", "-q", "master")
    (tree / "scripts").mkdir(exist_ok=True)
    (tree / "scripts" / "checkpatch.pl").write_text(f"#!/usr/bin/perl\nsleep {SLOW};\nexit 0;\n")
    git("add", "scripts/checkpatch.pl")
    git("commit", "-qm", "a checkpatch.pl that takes its time")
    return tree


def test_a_held_wait_does_not_keep_the_service_from_stopping(tmp_path):
    tree = _slow_tree(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    with serving({"example": tree}, data) as (url, proc):
        r = httpx.post(f"{url}/api/v1/respins", data={"tree": "example"},
                       files=[("thread", ("thread.mbox", EXAMPLE_THREAD.read_bytes()))], timeout=30)
        assert r.status_code == 202, r.text
        job = r.json()["id"]
        deadline = time.monotonic() + 120
        while "checkpatch" not in str(httpx.get(f"{url}/api/v1/respins/{job}", timeout=10).json()["progress"]):
            assert time.monotonic() < deadline, "the job did not reach checkpatch"
            time.sleep(0.2)
        held = threading.Thread(target=lambda: httpx.get(f"{url}/api/v1/respins/{job}?wait=60", timeout=90),
                                daemon=True)
        held.start()
        time.sleep(1)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)          # Ctrl-C
        proc.wait(timeout=SLOW + 30)
        assert time.monotonic() - t0 < SLOW - 10, "the service waited for the held request"
