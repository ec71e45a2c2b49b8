"""Jobs in processes of their own (app.jobs.ProcessPipeline): niced, events relayed, cancel kills them."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from app.jobs import JobSpec, JobStatus, JobStore, ProcessPipeline, ThreadJobRunner


def _runner(tmp_path: Path, target: str, **kw) -> tuple[JobStore, ThreadJobRunner, str]:
    store = JobStore(tmp_path / "jobs.sqlite3")
    runner = ThreadJobRunner(store, tmp_path / "jobs", lambda n: tmp_path / "tree", ProcessPipeline(target), **kw)
    job = store.create(JobSpec(tree="t", threads=[]))
    (tmp_path / "jobs" / job.id).mkdir(parents=True)
    return store, runner, job.id


def test_a_job_runs_in_its_own_niced_process_group(tmp_path):
    store, runner, jid = _runner(tmp_path, "tests.unit.process_pipelines:report_pid")
    assert runner.run_one(store.claim_next()) is JobStatus.DONE
    job = store.get(jid)
    assert job.report["pid"] != os.getpid()
    assert job.report["pgid"] == job.report["pid"]                 # a group of its own
    assert job.report["nice"] >= os.nice(0) + 10 or job.report["nice"] == 19
    assert job.view == {"tree": str(tmp_path / "tree")}
    assert [(e.stage, e.message) for e in job.events] == [("parsing", "reading the thread")]


def test_errors_of_the_job_process_fail_the_job_with_their_message(tmp_path):
    store, runner, jid = _runner(tmp_path, "tests.unit.process_pipelines:refuse")
    assert runner.run_one(store.claim_next()) is JobStatus.FAILED
    assert store.get(jid).error == "thread.mbox: no [PATCH] mail in the thread"
    store, runner, jid = _runner(tmp_path / "b", "tests.unit.process_pipelines:crash")
    assert runner.run_one(store.claim_next()) is JobStatus.FAILED
    assert store.get(jid).error == "internal error (KeyError): 'patch 7'"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] == "Z"


def test_cancel_kills_the_job_and_what_it_started(tmp_path):
    store, runner, jid = _runner(tmp_path, "tests.unit.process_pipelines:hang")
    import threading
    done: list[JobStatus] = []
    t = threading.Thread(target=lambda: done.append(runner.run_one(store.claim_next())))
    t.start()
    marker = tmp_path / "jobs" / jid / "child.json"
    for _ in range(200):
        if marker.exists() and store.get(jid).events:
            break
        time.sleep(0.1)
    sleeper = json.loads(marker.read_text())["pid"]
    store.request_cancel(jid)
    t.join(30)
    assert done == [JobStatus.CANCELLED]
    assert store.get(jid).error == "cancelled while running"
    for _ in range(50):
        if _gone(sleeper):
            break
        time.sleep(0.1)
    assert _gone(sleeper)


def test_a_job_over_its_time_is_stopped(tmp_path):
    store, runner, jid = _runner(tmp_path, "tests.unit.process_pipelines:hang", job_timeout=1.0)
    assert runner.run_one(store.claim_next()) is JobStatus.FAILED
    assert "ran longer than 1s" in store.get(jid).error


def test_a_long_temp_dir_still_runs_jobs_there(tmp_path, monkeypatch):
    # the job server's socket would not fit under this directory (AF_UNIX paths are short): a fresh
    # interpreter per job instead, still in the service's temp dir
    import tempfile
    long = tmp_path / ("t" * 60) / ("u" * 60)
    long.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    store, runner, jid = _runner(tmp_path, "tests.unit.process_pipelines:report_pid")
    assert runner.pipeline._ctx.get_start_method() == "spawn"
    assert runner.run_one(store.claim_next()) is JobStatus.DONE
    assert store.get(jid).report["tmp"] == str(long)
