"""Pipelines for app.jobs.ProcessPipeline tests: importable by name in the job's own process."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from app.jobs import JobInputError


def report_pid(job_dir: Path, spec, tree: Path, progress) -> tuple[dict, dict]:
    progress("parsing", "reading the thread")
    import tempfile
    return ({"pid": os.getpid(), "nice": os.nice(0), "pgid": os.getpgid(0), "tmp": tempfile.gettempdir()},
            {"tree": str(tree)})


def refuse(job_dir: Path, spec, tree: Path, progress) -> tuple[dict, dict]:
    raise JobInputError("thread.mbox: no [PATCH] mail in the thread")


def crash(job_dir: Path, spec, tree: Path, progress) -> tuple[dict, dict]:
    raise KeyError("patch 7")


def hang(job_dir: Path, spec, tree: Path, progress) -> tuple[dict, dict]:
    """Starts a long child (as spatch would be), says its pid, and waits for it."""
    child = subprocess.Popen(["sleep", "300"])
    (job_dir / "child.json").write_text(json.dumps({"pid": child.pid}))
    progress("spatch", "running a rule")
    child.wait()
    return {}, {}
