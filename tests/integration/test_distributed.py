"""Jobs on Celery with a Redis broker: a real redis-server, two `respin worker` processes, faults.

Each worker has its own data directory and its own copy of the example tree; the second one's copy
lacks the series, which it must fetch from the bundle stored with the job.  The outputs of every job
must be byte for byte those of the embedded runner.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.example import EXAMPLE_THREAD, ensure_example_tree
from app.jobs import JobOutcome, JobSpec, JobStatus
from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
VISIBILITY = 6          # seconds before a vanished worker's job goes back to the queue

pytestmark = pytest.mark.skipif(not Path(REDIS).exists(), reason="redis-server is missing (apt-get install "
                                                                  "redis-server)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """redis-server on 127.0.0.1 with an append-only file in DIR: what it held survives a restart."""

    def __init__(self, folder: Path):
        self.dir = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
             "--protected-mode", "yes", "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)       # redis flushes the append-only file and exits
            self.proc.wait(10)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


class Worker:
    """`respin worker` in its own session (so that the test can kill it with its pool processes)."""

    def __init__(self, name: str, home: Path, broker: str, trees: str = ""):
        self.name = name
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "RESPIN_RUNNER": "celery", "RESPIN_BROKER_URL": broker,
               "RESPIN_DATA_DIR": str(home / "data"), "RESPIN_VISIBILITY_TIMEOUT": str(VISIBILITY),
               "PYTHONUNBUFFERED": "1"}
        env.pop("RESPIN_TREES", None)
        env.pop("RESPIN_CONFIG", None)
        if trees:
            env["RESPIN_TREES"] = trees
        self.log = (home / "worker.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--concurrency", "1",
                                      "--name", f"{name}@%h"], cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()

    def text(self) -> str:
        return (self.home / "worker.log").read_text(errors="replace")


def submit(client: TestClient) -> str:
    r = client.post("/api/v1/respins", data={"tree": "example"},
                    files={"thread": ("thread.mbox", EXAMPLE_THREAD.read_bytes())})
    assert r.status_code == 202, r.text
    return r.json()["id"]


def wait_all(client: TestClient, ids: list[str], timeout: float = 90) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    while True:
        jobs = {jid: client.get(f"/api/v1/respins/{jid}").json() for jid in ids}
        if all(j["status"] in ("done", "failed", "cancelled") for j in jobs.values()):
            return jobs
        if time.monotonic() > deadline:
            pytest.fail("jobs did not finish: " + ", ".join(f"{k[:8]}={v['status']}" for k, v in jobs.items()))
        time.sleep(0.2)


def outputs(client: TestClient, job: dict) -> dict[str, bytes]:
    files = {}
    for name in job["files"]:
        r = client.get(f"/api/v1/respins/{job['id']}/{name}")
        assert r.status_code == 200, (name, r.text)
        files[name] = r.content
    return files


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> dict[str, bytes]:
    """The example job's files as the embedded runner makes them."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("embedded"), example=True)
    with TestClient(create_app(settings)) as c:
        job = wait_all(c, [submit(c)])
        (only,) = job.values()
        assert only["status"] == "done", only["error"]
        files = outputs(c, only)
    assert "series.mbox" in files and "report.json" in files and any(n.startswith("patches/") for n in files)
    return files


def celery_settings(data: Path, broker: str) -> Settings:
    return Settings(data_dir=data, example=True, runner="celery", broker_url=broker,
                    visibility_timeout=VISIBILITY)


def test_jobs_survive_a_redis_restart_run_on_two_workers_and_one_is_retried_after_its_worker_died(
        tmp_path, redis_server, embedded):
    import redis as redis_py
    r = redis_py.Redis.from_url(redis_server.url)
    r.flushall()
    # worker 2's copy of the tree has the base but not the series: it must fetch it from the job's bundle
    full = ensure_example_tree(tmp_path / "reference-tree")
    partial = tmp_path / "w2-tree"
    subprocess.run(["git", "clone", "-q", "--bare", "--no-local", "--single-branch", "--branch", "master", str(full),
                    str(partial)], check=True, timeout=60)
    tip = subprocess.run(["git", "-C", str(full), "rev-parse", "tinyring"], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert subprocess.run(["git", "-C", str(partial), "cat-file", "-e", f"{tip}^{{commit}}"],
                          capture_output=True).returncode != 0
    workers: list[Worker] = []
    try:
        with TestClient(create_app(celery_settings(tmp_path / "api", redis_server.url))) as api:
            # 1. queued with no worker; Redis restarts; the jobs are still there and run afterwards
            early = [submit(api), submit(api)]
            assert [api.get(f"/api/v1/respins/{j}").json()["status"] for j in early] == ["queued", "queued"]
            assert r.llen("respin") == 2
            redis_server.restart()
            assert r.llen("respin") == 2
            assert [api.get(f"/api/v1/respins/{j}").json()["status"] for j in early] == ["queued", "queued"]

            workers.append(Worker("w2", tmp_path / "w2", redis_server.url, trees=f"example={partial}"))
            done = wait_all(api, early)
            for j in done.values():
                assert j["status"] == "done", j["error"]
                messages = [e["message"] for e in j["progress"]["events"]]
                assert any(m.startswith("running on w2@") for m in messages), messages
                assert ("fetched refs/heads/tinyring from the job's bundle (this worker's copy of the tree "
                        "lacks it)") in messages

            workers.append(Worker("w1", tmp_path / "w1", redis_server.url))
            # 2. a worker dies in the middle of a job: frozen while it runs the job, then killed
            victim, killed = None, None
            for _attempt in range(3):
                jid = submit(api)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    h = r.hgetall(f"respin:job:{jid}")
                    if h.get(b"status") == b"running":
                        break
                    time.sleep(0.005)
                owner = h.get(b"worker", b"").decode()
                w = next(w for w in workers if owner.startswith(w.name + "@"))
                w.signal(signal.SIGSTOP)
                if r.hget(f"respin:job:{jid}", "status") == b"running":
                    w.signal(signal.SIGKILL)
                    w.proc.wait(10)
                    victim, killed = jid, w
                    break
                w.signal(signal.SIGCONT)        # it finished before it could be frozen: try another job
            assert victim is not None and killed is not None, "no job could be caught running"
            more = [submit(api) for _ in range(3)]
            jobs = wait_all(api, [*early, victim, *more], timeout=120)

            # 3. every job ended done (or failed with a reason); the victim ran twice, published once
            for j in jobs.values():
                assert j["status"] == "done" or (j["status"] == "failed" and j["error"]), j
            assert all(j["status"] == "done" for j in jobs.values()), {k: v["error"] for k, v in jobs.items()}
            messages = [e["message"] for e in jobs[victim]["progress"]["events"]]
            assert any(m.startswith("retrying on ") and f"the worker {killed.name}@" in m
                       and m.endswith("was lost while running this job") for m in messages), messages
            assert r.hget(f"respin:job:{victim}", "attempts") == b"2"
            assert r.llen("respin") == 0 and r.zcard("unacked_index") == 0

            # 4. the outputs are the embedded runner's, whichever worker made them
            for jid, j in jobs.items():
                assert outputs(api, j) == embedded, jid

        # 5. another API instance (its own data directory) serves the same jobs and files
        with TestClient(create_app(celery_settings(tmp_path / "api2", redis_server.url))) as other:
            j = other.get(f"/api/v1/respins/{victim}").json()
            assert j["status"] == "done" and outputs(other, j) == embedded
            assert {x["id"] for x in other.get("/api/v1/respins").json()} >= set(jobs)
            page = other.get(f"/respins/{victim}", headers={"accept": "text/html"})
            assert page.status_code == 200 and "series.mbox" in page.text
    finally:
        for w in workers:
            w.stop()
        if any(w.proc.returncode not in (0, -signal.SIGKILL, -signal.SIGTERM) for w in workers):
            print("\n".join(w.text()[-3000:] for w in workers))


def test_a_job_whose_workers_are_lost_twice_fails_with_a_reason_and_a_stale_worker_cannot_publish(
        tmp_path, redis_server):
    from app.distributed import RedisJobStore, redis_client

    store = RedisJobStore(redis_client(redis_server.url), tmp_path / "jobs", prefix="respin-t")
    job = store.create(JobSpec(tree="example", threads=["01-thread.mbox"]))
    first = store.start(job.id, "token-a", "w1@a (pid 1)", claim_ttl=0.3)
    assert (first.state, first.attempt) == ("ok", 1)
    assert store.start(job.id, "token-b", "w2@b (pid 2)", claim_ttl=0.3).state == "busy"   # w1 is alive
    time.sleep(0.5)                                                                          # w1's claim expired
    second = store.start(job.id, "token-b", "w2@b (pid 2)", claim_ttl=0.3)
    assert (second.state, second.attempt, second.previous) == ("ok", 2, "w1@a (pid 1)")
    # w1 comes back to life: its result is refused, the job stays w2's
    assert not store.publish(job.id, "token-a", JobOutcome(JobStatus.DONE, report={"version": 3}))
    assert store.get(job.id).status is JobStatus.RUNNING
    time.sleep(0.5)
    third = store.start(job.id, "token-c", "w3@c (pid 3)", claim_ttl=0.3)
    assert third.state == "exhausted"
    failed = store.get(job.id)
    assert failed.status is JobStatus.FAILED
    assert failed.error == ("the workers running this job were lost 2 times (last: w2@b (pid 2)); "
                            "it was not started again: submit it again")
    assert store.start(job.id, "token-d", "w4@d (pid 4)", claim_ttl=0.3).state == "finished"


def test_a_cancelled_queued_job_is_not_run(tmp_path, redis_server):
    from app.distributed import RedisJobStore, redis_client

    store = RedisJobStore(redis_client(redis_server.url), tmp_path / "jobs", prefix="respin-c")
    job = store.create(JobSpec(tree="example", threads=["01-thread.mbox"]))
    assert store.request_cancel(job.id).status is JobStatus.CANCELLED
    assert store.start(job.id, "t", "w1@a", claim_ttl=1).state == "finished"


def test_compose_file_runs_api_workers_and_a_persistent_redis():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"redis", "api", "worker"}
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    assert services["api"]["command"][:2] == ["respin", "serve"]
    assert services["worker"]["command"][:2] == ["respin", "worker"]
    for name in ("api", "worker"):
        env = services[name]["environment"]
        assert env["RESPIN_RUNNER"] == "celery"
        assert env["RESPIN_BROKER_URL"].startswith("redis://redis:")
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["worker"]["deploy"]["replicas"] >= 2


def test_a_running_job_no_worker_took_over_is_failed_with_a_reason(tmp_path, redis_server):
    from app.distributed import RedisJobStore, redis_client

    store = RedisJobStore(redis_client(redis_server.url), tmp_path / "jobs", prefix="respin-o")
    job = store.create(JobSpec(tree="example", threads=["01-thread.mbox"]))
    assert store.start(job.id, "t", "w1@a", claim_ttl=0.2).state == "ok"
    assert store.fail_orphans(time.time() - 60, "lost") == []          # it moved recently
    time.sleep(0.3)                                                     # its claim expired
    assert store.fail_orphans(time.time() + 1, "its worker was lost") == [job.id]
    gone = store.get(job.id)
    assert (gone.status, gone.error) == (JobStatus.FAILED, "its worker was lost")


def test_a_wait_sees_a_job_a_worker_finished_and_an_unfinished_one_after_the_time(tmp_path, redis_server):
    import asyncio
    import threading

    from app.distributed import RedisJobStore, redis_client
    from app.jobs import wait_finished

    with TestClient(create_app(celery_settings(tmp_path / "api", redis_server.url))) as api:
        queued, finished = submit(api), submit(api)           # no worker runs: both stay queued
        t0 = time.monotonic()
        r = api.get(f"/api/v1/respins/{queued}?wait=0.5")
        assert 0.4 < time.monotonic() - t0 < 10
        assert (r.status_code, r.json()["status"]) == (200, "queued")
        worker = RedisJobStore(redis_client(redis_server.url), tmp_path / "worker")    # a worker's own view
        assert worker.finishes is None and worker.status_of(finished) is JobStatus.QUEUED
        threading.Timer(0.3, worker.finish, (finished, JobStatus.FAILED, "it broke")).start()
        t0 = time.monotonic()
        r = api.get(f"/api/v1/respins/{finished}?wait=30")
        assert time.monotonic() - t0 < 15
        assert (r.status_code, r.json()["status"], r.json()["error"]) == (200, "failed", "it broke")
        assert worker.status_of("0123456789abcdef0123456789abcdef") is None
        t0 = time.monotonic()
        asyncio.run(wait_finished(worker, "0123456789abcdef0123456789abcdef", 30))    # gone: no wait
        assert time.monotonic() - t0 < 10
