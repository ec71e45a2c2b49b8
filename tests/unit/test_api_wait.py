"""GET /api/v1/respins/{id}?wait=S: the answer is held until the job has finished or S seconds passed.

The waits run in threads of the test while the service's event loop keeps answering other requests,
as with several real clients.  Time bounds are generous: the machine may be busy."""
from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.jobs import JobSpec, JobStatus, JobStore, wait_finished
from app.main import create_app
from app.settings import Settings
from test_api_support import THREAD, StandIn, make_tree


@pytest.fixture
def tree(tmp_path) -> Path:
    return make_tree(tmp_path / "tree")


def client_for(tmp_path: Path, tree: Path, pipeline, **kw) -> TestClient:
    settings = Settings(trees={"demo": tree}, data_dir=tmp_path / "data", **kw)
    return TestClient(create_app(settings, pipeline=pipeline))


def submit(c: TestClient, headers: dict | None = None) -> str:
    r = c.post("/api/v1/respins", data={"tree": "demo"}, files={"thread": ("thread.mbox", THREAD.read_bytes())},
               headers=headers or {})
    assert r.status_code == 202, r.text
    return r.json()["id"]


class HeldGet(threading.Thread):
    """One GET in a thread of its own; `answer` and `took` once it returned."""

    def __init__(self, c: TestClient, url: str, headers: dict | None = None):
        super().__init__(daemon=True)
        self.c, self.url, self.headers = c, url, headers or {}
        self.answer = None
        self.took = -1.0
        self.start()

    def run(self) -> None:
        t0 = time.monotonic()
        self.answer = self.c.get(self.url, headers=self.headers)
        self.took = time.monotonic() - t0


def test_a_wait_on_a_running_job_answers_once_it_is_done(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline) as c:
        jid = submit(c)
        assert pipeline.started.wait(10)
        held = HeldGet(c, f"/api/v1/respins/{jid}?wait=30")
        held.join(1.0)
        assert held.is_alive(), "the answer came before the job finished"
        pipeline.gate.set()
        held.join(15)
        assert not held.is_alive() and held.took < 20
        body = held.answer.json()
        assert (held.answer.status_code, body["status"]) == (200, "done")
        assert body == c.get(f"/api/v1/respins/{jid}").json()       # what the plain GET answers
        assert "series.mbox" in body["files"] and body["report"]["branch"] == "demo-v5"


def test_a_wait_on_an_unfinished_job_answers_its_status_after_the_time(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline, workers=1) as c:
        running, queued = submit(c), submit(c)
        assert pipeline.started.wait(10)
        t0 = time.monotonic()
        r = c.get(f"/api/v1/respins/{running}?wait=1")
        assert 0.9 < time.monotonic() - t0 < 10
        assert (r.status_code, r.json()["status"], r.json()["files"]) == (200, "running", [])
        t0 = time.monotonic()
        r = c.get(f"/api/v1/respins/{queued}?wait=0.5")
        assert 0.4 < time.monotonic() - t0 < 10
        assert (r.status_code, r.json()["status"]) == (200, "queued")
        pipeline.gate.set()


def test_a_wait_on_a_finished_job_or_one_cancelled_meanwhile_answers_at_once(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline, workers=1) as c:
        running, queued = submit(c), submit(c)
        assert pipeline.started.wait(10)
        held = HeldGet(c, f"/api/v1/respins/{queued}?wait=30")
        held.join(0.5)
        assert held.is_alive()
        assert c.post(f"/api/v1/respins/{queued}/cancel").status_code == 200
        held.join(15)
        assert not held.is_alive()
        assert held.answer.json()["status"] == "cancelled"
        t0 = time.monotonic()
        assert c.get(f"/api/v1/respins/{queued}?wait=30").json()["status"] == "cancelled"
        assert time.monotonic() - t0 < 10
        pipeline.gate.set()
        assert c.get(f"/api/v1/respins/{running}?wait=30").json()["status"] == "done"


@pytest.mark.parametrize("wait,detail", [
    ("-1", "wait: Input should be greater than or equal to 0"),
    ("60.5", "wait: Input should be less than or equal to 60"),
    ("nan", "wait: Input should be a finite number"),
    ("soon", "wait: Input should be a valid number, unable to parse string as a number"),
])
def test_a_wait_out_of_range_is_a_422(tmp_path, tree, wait, detail):
    with client_for(tmp_path, tree, StandIn()) as c:
        jid = submit(c)
        r = c.get(f"/api/v1/respins/{jid}?wait={wait}")
        assert (r.status_code, r.json()) == (422, {"detail": detail})


def test_a_wait_on_an_unknown_job_is_a_404_at_once_and_the_token_is_required(tmp_path, tree):
    with client_for(tmp_path, tree, StandIn(hold=True), api_token="tok") as c:
        t0 = time.monotonic()
        for job in ("0123456789abcdef0123456789abcdef", "not-a-job"):
            r = c.get(f"/api/v1/respins/{job}?wait=30", headers={"Authorization": "Bearer tok"})
            assert (r.status_code, r.json()) == (404, {"detail": f"no respin job '{job}' (it may have expired)"})
        assert time.monotonic() - t0 < 10
        jid = submit(c, {"Authorization": "Bearer tok"})
        r = c.get(f"/api/v1/respins/{jid}?wait=30")
        assert r.status_code == 401 and r.json()["detail"].startswith("this service needs an API token")


def test_other_requests_answer_while_waits_are_held(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline) as c:
        jid = submit(c)
        assert pipeline.started.wait(10)
        held = [HeldGet(c, f"/api/v1/respins/{jid}?wait=20") for _ in range(6)]
        time.sleep(0.3)
        health = c.get("/api/v1/health")
        page = c.get("/", headers={"accept": "text/html"})
        assert all(h.is_alive() for h in held), "the waits ended before the job did"
        assert (health.status_code, health.json()["status"]) == (200, "ok")
        assert page.status_code == 200 and "<form" in page.text
        pipeline.gate.set()
        for h in held:
            h.join(15)
        assert [h.answer.json()["status"] for h in held] == ["done"] * 6


# -- the waiting itself, on a real store

def test_a_finish_in_this_process_wakes_the_waiter_without_the_periodic_read(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    threading.Timer(0.3, store.finish, (job.id, JobStatus.DONE)).start()
    t0 = time.monotonic()
    asyncio.run(wait_finished(store, job.id, 20, recheck=100))     # only the count can wake it
    assert time.monotonic() - t0 < 10
    assert store.status_of(job.id) is JobStatus.DONE


def test_a_finish_in_this_process_wakes_the_waiter_at_once_without_ticking(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    other = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    reads: list[str] = []
    status_of = store.status_of
    store.status_of = lambda jid: (reads.append(jid), status_of(jid))[1]     # counts the reads
    threading.Timer(0.2, store.finish, (other.id, JobStatus.DONE)).start()   # another job: one more read
    threading.Timer(0.6, store.finish, (job.id, JobStatus.DONE)).start()
    t0 = time.monotonic()
    asyncio.run(wait_finished(store, job.id, 20, tick=100, recheck=100))
    assert time.monotonic() - t0 < 10
    assert reads == [job.id] * 3                  # at the start and after each of the two finishes
    store.finish(other.id, JobStatus.DONE)        # the waiter is gone: finishing still works


def test_a_finish_by_another_process_is_seen_by_the_periodic_read(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    elsewhere = JobStore(tmp_path / "jobs.db")          # another process's view of the same file
    threading.Timer(0.3, elsewhere.finish, (job.id, JobStatus.FAILED, "it broke")).start()
    t0 = time.monotonic()
    asyncio.run(wait_finished(store, job.id, 20, recheck=0.2))
    assert time.monotonic() - t0 < 10
    assert (store.finishes, store.status_of(job.id)) == (0, JobStatus.FAILED)


def test_status_of_reads_the_status_alone(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    assert store.status_of(job.id) is JobStatus.QUEUED
    assert store.status_of("0123456789abcdef0123456789abcdef") is None
    store.finish(job.id, JobStatus.DONE, report={"version": 2})
    assert (store.status_of(job.id), store.finishes) == (JobStatus.DONE, 1)
