"""Job store and runner: restarts, TTL cleanup, scratch repositories and bundles, on real git."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.bundles import BundleError, fetch_bundle, scratch_repo, verify_bundle
from app.jobs import JobSpec, JobStatus, JobStore, ThreadJobRunner
from app.main import create_app
from app.settings import Settings
from patches.git import Repo
from test_api_support import THREAD, StandIn, make_tree, wait_for


def test_store_claims_in_order_and_recovers_after_restart(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    a = store.create(JobSpec(tree="t", threads=["01-a"]))
    b = store.create(JobSpec(tree="t", threads=["01-b"]))
    claimed = store.claim_next()
    assert claimed is not None and claimed.id == a.id and claimed.status is JobStatus.RUNNING
    again = JobStore(tmp_path / "jobs.sqlite3")         # the service restarts
    assert again.recover() == [a.id]
    failed = again.get(a.id)
    assert failed.status is JobStatus.FAILED
    assert failed.error == "the service restarted while this job was running; submit it again"
    assert again.get(b.id).status is JobStatus.QUEUED


def test_a_brief_list_leaves_out_events_and_report(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = store.create(JobSpec(tree="mm", threads=["01-a"]))
    store.add_event(job.id, "rules", "3 suggestion(s) on 1 patch(es)")
    store.finish(job.id, JobStatus.DONE, report={"suggestions": [{"id": "1.1"}]}, view={"patches": []})
    full, = store.list()
    brief, = store.list(brief=True)
    assert full.report == {"suggestions": [{"id": "1.1"}]} and len(full.events) == 1
    assert (brief.id, brief.status, brief.spec.tree) == (job.id, JobStatus.DONE, "mm")
    assert brief.events == [] and brief.report is None and brief.view is None
    assert JobStore(tmp_path / "jobs.sqlite3").get(job.id).events == full.events    # WAL kept in the file


def test_queued_jobs_run_after_a_restart(tmp_path):
    tree = make_tree(tmp_path / "tree")
    settings = Settings(trees={"demo": tree}, data_dir=tmp_path / "data")
    hold = StandIn(hold=True)
    with TestClient(create_app(settings, pipeline=hold)) as c:
        first = c.post("/api/v1/respins", data={"tree": "demo"},
                       files={"thread": ("t.mbox", THREAD.read_bytes())}).json()["id"]
        assert hold.started.wait(10)
        c.app.state.services.runner.stop(timeout=0.1)    # the worker is gone, its job still "running"
        second = c.post("/api/v1/respins", data={"tree": "demo"},
                        files={"thread": ("t.mbox", THREAD.read_bytes())}).json()["id"]
    hold.gate.set()
    with TestClient(create_app(settings, pipeline=StandIn())) as c:
        one = c.get(f"/api/v1/respins/{first}").json()
        assert one["status"] == "failed" and "restarted" in one["error"]
        assert wait_for(c, second)["status"] == "done"


def test_cancel_a_queued_job(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = store.create(JobSpec(tree="t", threads=[]))
    assert store.request_cancel(job.id).status is JobStatus.CANCELLED
    assert store.claim_next() is None


def test_old_jobs_are_cleaned_up(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    jobs = tmp_path / "jobs"
    runner = ThreadJobRunner(store, jobs, lambda n: tmp_path, StandIn(), ttl_hours=1)
    old = store.create(JobSpec(tree="t", threads=[]))
    new = store.create(JobSpec(tree="t", threads=[]))
    for j in (old, new):
        (jobs / j.id / "out").mkdir(parents=True)
        store.finish(j.id, JobStatus.DONE)
    assert runner.cleanup(now=time.time() + 1800) == []
    assert sorted(runner.cleanup(now=time.time() + 7200)) == sorted([old.id, new.id])
    assert store.get(old.id) is None and not (jobs / old.id).exists()


def test_a_failing_pipeline_fails_the_job_with_its_message(tmp_path):
    from app.jobs import JobInputError

    def pipeline(job_dir, spec, tree, progress):
        progress("parsing", "reading")
        raise JobInputError("thread.mbox: no [PATCH] mail in the thread")

    store = JobStore(tmp_path / "jobs.sqlite3")
    runner = ThreadJobRunner(store, tmp_path / "jobs", lambda n: tmp_path, pipeline)
    job = store.create(JobSpec(tree="t", threads=[]))
    assert runner.run_one(store.claim_next()) is JobStatus.FAILED
    assert store.get(job.id).error == "thread.mbox: no [PATCH] mail in the thread"


def test_scratch_repository_borrows_objects_and_takes_a_bundle(tmp_path):
    tree = make_tree(tmp_path / "tree")
    Repo(tree).run("bundle", "create", str(tmp_path / "demo.bundle"), "base..demo")
    verify_bundle(tree, tmp_path / "demo.bundle", "demo")
    repo = scratch_repo(tree, tmp_path / "job" / "repo")
    alternates = (repo.path / "objects" / "info" / "alternates").read_text().strip()
    assert Path(alternates).resolve() == (tree / ".git" / "objects").resolve()
    assert not any((repo.path / "objects" / "pack").glob("*.pack"))        # nothing copied
    assert not (repo.path / "hooks").exists()                   # no template: no hook can run in it
    Repo(tree).run("branch", "-D", "demo")
    assert fetch_bundle(repo, tmp_path / "demo.bundle") == ["refs/heads/demo"]
    assert repo.try_rev("demo") and Repo(tree).try_rev("demo") == ""


def test_bundle_from_elsewhere_is_refused_with_the_missing_commit(tmp_path):
    tree = make_tree(tmp_path / "tree")
    other = make_tree(tmp_path / "other")
    (other / "x.c").write_text("int x;\n")
    o = Repo(other)
    o.run("add", "-A")
    o.run("commit", "-q", "-m", "another base", env={"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@y",
                                                    "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@y"})
    (other / "x.c").write_text("int y;\n")
    o.run("commit", "-q", "-am", "on it", env={"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@y",
                                              "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@y"})
    o.run("bundle", "create", str(tmp_path / "b.bundle"), "HEAD~1..master")
    missing = o.rev("HEAD~1")[:12]
    with pytest.raises(BundleError, match=f"needs commit\\(s\\) {missing} that the tree 'demo' does not have"):
        verify_bundle(tree, tmp_path / "b.bundle", "demo")
