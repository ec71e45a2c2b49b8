"""What a job's changes cost the service: events appended in SQL, the progress stream woken by the store,
the configured tree opened once; same answers as before."""
from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.jobs import JobSpec, JobStatus, JobStore
from app.routers.api import event_stream
from app.submit import SubmitError, tree_repo
from test_api_support import make_tree


def test_events_keep_the_last_ones_in_order_with_their_stage(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    other = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    for i in range(JobStore.MAX_EVENTS + 3):
        store.add_event(job.id, "rules" if i % 2 else "spatch", f"step {i}: \"quoted\", ünïcode\n")
    store.add_event("0123456789abcdef0123456789abcdef", "rules", "no such job: nothing happens")
    got = JobStore(tmp_path / "jobs.db").get(job.id)
    assert [e.message for e in got.events] == [f"step {i}: \"quoted\", ünïcode\n"
                                              for i in range(3, JobStore.MAX_EVENTS + 3)]
    assert got.stage == "spatch" and got.events[-1].stage == "spatch"
    assert all(isinstance(e.time, float) for e in got.events)
    assert got.events == sorted(got.events, key=lambda e: e.time)
    assert store.get(other.id).events == [] and store.get(other.id).stage == ""


def _stream(store: JobStore, job_id: str, **kw) -> list[str]:
    async def run() -> list[str]:
        return [chunk async for chunk in event_stream(SimpleNamespace(store=store), job_id, **kw)]
    return asyncio.run(run())


def test_the_progress_stream_reads_the_job_when_the_store_says_it_changed(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    other = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    reads: list[str] = []
    get = store.get
    store.get = lambda jid: (reads.append(jid), get(jid))[1]     # counts the reads

    def work() -> None:
        store.add_event(other.id, "rules", "another job's event: no read")
        store.add_event(job.id, "parsing", "read 2 messages")
        store.finish(job.id, JobStatus.DONE)
    _after_the_first_read(store, work)
    text = "".join(_stream(store, job.id, poll=100, recheck=100))     # only the store can wake it
    assert 'event: progress\ndata: {"stage": "parsing", "message": "read 2 messages"}' in text
    assert text.rstrip().endswith('event: end\ndata: {"status": "done"}')
    assert "another job" not in text
    assert 2 <= len(reads) <= 3          # the first read, then one a change (the two may come as one)
    assert not store._job_watchers        # the stream stopped watching


def _after_the_first_read(store: JobStore, then) -> None:
    """Run THEN in a thread once a stream has read the job the first time (it watches the store by then)."""
    first_read = threading.Event()
    get = store.get

    def reading(jid):
        job = get(jid)
        first_read.set()
        return job
    store.get = reading

    def work() -> None:
        assert first_read.wait(10)
        then()
    threading.Thread(target=work).start()


def test_a_deleted_job_ends_its_stream(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    job = store.create(JobSpec(tree="demo", threads=["t.mbox"]))
    _after_the_first_read(store, lambda: store.delete(job.id))
    text = "".join(_stream(store, job.id, poll=100, recheck=100))
    assert text.startswith('event: status\ndata: {"status": "queued", "error": ""}')
    assert text.rstrip().endswith('event: end\ndata: {"status": "deleted"}')


def test_the_tree_is_opened_again_when_it_is_no_longer_a_repository(tmp_path):
    tree = make_tree(tmp_path / "tree")
    services = SimpleNamespace(trees={"demo": tree})
    first = tree_repo(services, "demo")
    assert tree_repo(services, "demo") is first          # no git started for the second submission
    shutil.rmtree(tree / ".git")
    with pytest.raises(SubmitError) as e:
        tree_repo(services, "demo")
    assert e.value.status == 503 and "is not a git repository" in e.value.message


def test_a_tree_behind_a_symlink_follows_it(tmp_path):
    a, b = make_tree(tmp_path / "a"), make_tree(tmp_path / "b")
    link = tmp_path / "tree"
    link.symlink_to(a)
    services = SimpleNamespace(trees={"demo": link})
    assert tree_repo(services, "demo").path == Path(a).resolve()
    link.unlink()
    link.symlink_to(b)
    assert tree_repo(services, "demo").path == Path(b).resolve()
