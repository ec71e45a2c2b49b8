"""Shared pieces of the service tests: a tiny kernel-style git tree, a stand-in pipeline, polling."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from patches.git import Repo

DATA = Path(__file__).resolve().parent.parent / "data" / "service"
THREAD = DATA / "thread.mbox"
ENV = {"GIT_AUTHOR_NAME": "Ana Writer", "GIT_AUTHOR_EMAIL": "ana@example.net",
       "GIT_COMMITTER_NAME": "Ana Writer", "GIT_COMMITTER_EMAIL": "ana@example.net",
       "GIT_AUTHOR_DATE": "2026-03-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-03-01T10:00:00Z"}


def make_tree(dest: Path) -> Path:
    """A git tree with tag `base` (drivers/gpio/gpio-demo.c) and branch `demo` one commit ahead."""
    (dest / "drivers" / "gpio").mkdir(parents=True)
    (dest / "drivers" / "gpio" / "gpio-demo.c").write_text((DATA / "gpio-demo.c").read_text())
    r = Repo(dest)
    r.run("init", "-q", "-b", "master")
    r.run("add", "-A")
    r.run("commit", "-q", "-m", "gpio: demo driver", env=ENV)
    r.run("tag", "base")
    r.run("checkout", "-q", "-b", "demo")
    (dest / "drivers" / "gpio" / "gpio-demo.c").write_text(
        "int demo_read(struct demo *d)\n{\n\tvoid __iomem *base = d->regs;\n\treturn readl(base + 4);\n}\n")
    r.run("commit", "-q", "-am", "gpio: demo: use a local for the base address", env=ENV)
    r.run("checkout", "-q", "master")
    return dest


class StandIn:
    """A pipeline for the service tests: prepares the scratch repository like the real job does, then
    writes a fixed set of result files; `gate` holds it in its first stage until set."""

    def __init__(self, hold: bool = False):
        self.gate = threading.Event()
        if not hold:
            self.gate.set()
        self.started = threading.Event()
        self.repos: list[Path] = []
        self.specs = []

    def __call__(self, job_dir: Path, spec, tree: Path, progress):
        from app.bundles import fetch_bundle, scratch_repo
        repo = scratch_repo(tree, job_dir / "repo")
        self.repos.append(repo.path)
        self.specs.append(spec)
        if spec.bundle:
            fetch_bundle(repo, job_dir / "in" / spec.bundle)
        progress("parsing", "read 2 messages")
        self.started.set()
        while not self.gate.wait(0.05):
            progress("rules", "waiting")
        progress("rules", "1 rule")
        out = job_dir / "out"
        (out / "cocci").mkdir(parents=True)
        (out / "cocci" / "01-const-base.cocci").write_text(
            "// Bo Reviewer: Can be const.\n@@\nidentifier base;\n@@\n"
            "- void __iomem *base\n+ void __iomem *const base\n  = ...;\n")
        (out / "v5-0001-gpio-demo-use-a-local.patch").write_text(
            "From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH v5]\n")
        (out / "series.mbox").write_text("From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH v5]\n")
        (out / "interdiff.diff").write_text("-\tvoid __iomem *base = d->regs;\n"
                                            "+\tvoid __iomem *const base = d->regs;\n")
        ids = ["1.1", "1.2"]
        report = {"version": 5, "branch": "demo-v5", "patches": [],
                  "suggestions": [{"id": i, "patch": 1, "reviewer": "Bo Reviewer", "comment": "Can be const.",
                                   "anchor": {"file": "drivers/gpio/gpio-demo.c", "function": "demo_read",
                                              "code": ["void __iomem *base = d->regs;"]},
                                   "response": "none", "kind": "const",
                                   "status": "skipped" if i in spec.exclude else "applied",
                                   "rule": "cocci/01-const-base.cocci" if i == "1.1" else "", "reason": ""}
                                  for i in ids],
                  "checkpatch": {"errors": 0, "warnings": 0, "checks": 0}}
        (out / "report.json").write_text(json.dumps(report, indent=2))
        (out / "link-out").symlink_to("/etc/passwd")
        return report, {"suggestions": {"1.1": {"response_text": "Sure."}}}


def wait_for(client, job_id: str, statuses=("done", "failed", "cancelled"), timeout: float = 30.0,
             headers: dict | None = None) -> dict:
    end = time.monotonic() + timeout
    while True:
        j = client.get(f"/api/v1/respins/{job_id}", headers=headers or {}).json()
        if j["status"] in statuses or time.monotonic() > end:
            return j
        time.sleep(0.05)
