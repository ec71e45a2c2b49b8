"""Jobs on many machines: Celery with a Redis broker (RESPIN_RUNNER=celery).

The service keeps its job interface (`JobRunner`: submit, status, cancel); only
where jobs live and who runs them changes:

- Redis holds the jobs (`RedisJobStore`, the same methods as the SQLite
  `JobStore`): status, progress events, report, and the job's files as two
  tar archives: `in` (threads, rules, the client's bundle, and a bundle of the
  series' objects made by the service) and `out` (mails, rules, report).  Any
  API instance serves any job: it unpacks `out` into its own data directory the
  first time someone asks for it.
- The broker queue (`respin`) carries only job ids.  `respin worker` runs them
  on any machine that has its own copies of the named trees (RESPIN_TREES on
  the worker): the job says which commits it needs and brings the series'
  objects with it, so a worker whose copy lacks them fetches them from the
  bundle.

Faults.  Messages are acknowledged late and rejected when a worker process is
lost (`acks_late`, `reject_on_worker_lost`); a message whose whole worker
vanished goes back to the queue after the visibility timeout
(RESPIN_VISIBILITY_TIMEOUT).  A job is started under a claim (a Redis key with
a token, kept alive by a heartbeat while the job runs): a second delivery of a
job whose worker is alive waits for it; a delivery after the claim expired is
the retry, counted; a third start fails the job with a reason.  Only the holder
of the claim may publish a result, so a job is never done twice into the same
branch.  Redis must persist (appendonly yes): queued jobs survive its restart.
"""
from __future__ import annotations

import builtins
import io
import json
import logging
import os
import shutil
import socket
import tarfile
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from app.jobs import Event, Job, JobInputError, JobOutcome, JobSpec, JobStatus, Pipeline, execute, new_id
from app.example import service_trees
from app.settings import Settings
from patches.git import GitError, Repo

log = logging.getLogger("respin.distributed")

QUEUE = "respin"
TASK = "respin.run"
PREFIX = "respin"
MAX_ATTEMPTS = 2                # the first run and one retry after its worker was lost
MAX_BUNDLE_COMMITS = 5000       # larger series objects are not carried; the worker's tree must have them
ORPHAN_GRACE = 120.0            # extra seconds before a running job without a live worker is failed


def heartbeat_ttl(settings: Settings) -> float:
    """Seconds a worker's claim on a job lives without a heartbeat."""
    return max(2.0, min(60.0, settings.redelivery_after / 2))


# ---- files travel as tar archives ----

def pack(folder: Path) -> bytes:
    """FOLDER's regular files (no symlinks) as a gzip'd tar, paths relative to FOLDER."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.is_symlink():
                tar.add(p, arcname=str(p.relative_to(folder)), recursive=False)
    return buf.getvalue()


def unpack(blob: bytes, dest: Path) -> bool:
    """Unpack BLOB into DEST atomically (a temporary directory renamed); False when DEST already exists."""
    if dest.exists():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            tar.extractall(tmp, filter="data")
        try:
            tmp.rename(dest)
        except OSError:             # another instance was quicker
            return False
        return True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- the commits a job needs, and their objects ----

def _range_parts(text: str) -> list[str]:
    if ".." not in text:
        return [text] if text else []
    a, _, b = text.replace("...", "..").partition("..")
    return [p for p in (a, b) if p]


def series_objects(tree: Path, spec: JobSpec, inputs: Path, max_commits: int = MAX_BUNDLE_COMMITS) -> JobSpec:
    """SPEC plus the commits it needs from TREE and, under INPUTS, a bundle of the series' objects.

    With a series range the bundle holds that range; without one, every branch's commits that no tag
    holds (the series is found by its subjects among the branches).  A client's own bundle already
    carries the series: then only the revisions it names are recorded."""
    repo = Repo(tree)
    needs: dict[str, str] = {}
    if not spec.bundle:
        for value in (spec.series, spec.base):
            for rev in _range_parts(value):
                sha = repo.try_rev(rev)
                if sha:
                    needs[rev] = sha
    if spec.bundle:
        return replace(spec, needs=needs)
    revs = ["--end-of-options", spec.series] if ".." in spec.series else ["--branches", "--not", "--tags"]
    try:
        count = int(repo.out("rev-list", "--count", *revs).strip() or 0)
    except (GitError, ValueError):
        count = 0
    if count == 0 or count > max_commits:
        return replace(spec, needs=needs)
    name = "series-objects.bundle"
    r = repo.run("bundle", "create", "--quiet", str(inputs / name), *revs, check=False, timeout=300)
    if r.returncode != 0 or not (inputs / name).is_file():
        (inputs / name).unlink(missing_ok=True)
        return replace(spec, needs=needs)
    for line in repo.out("bundle", "list-heads", str(inputs / name)).splitlines():
        sha, _, ref = line.partition(" ")
        if ref.startswith("refs/heads/"):
            needs[ref] = sha
    return replace(spec, needs=needs, series_bundle=name)


# ---- the store ----

_START = """
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return {'gone', 0, ''} end
if st == 'done' or st == 'failed' or st == 'cancelled' then return {'finished', 0, ''} end
local cur = redis.call('GET', KEYS[2])
if cur and cur ~= ARGV[1] then return {'busy', 0, ''} end
local prev = redis.call('HGET', KEYS[1], 'worker') or ''
local n = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if n > tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], 'status', 'failed', 'updated', ARGV[5], 'error',
             'the workers running this job were lost ' .. (n - 1) .. ' times (last: ' .. prev ..
             '); it was not started again: submit it again')
  redis.call('DEL', KEYS[2])
  return {'exhausted', n, prev}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
redis.call('HSET', KEYS[1], 'status', 'running', 'worker', ARGV[2], 'updated', ARGV[5])
return {'ok', n, prev}
"""

_BEAT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

_PUBLISH = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[7] ~= '' then redis.call('SET', KEYS[3], ARGV[7]) end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'error', ARGV[3], 'report', ARGV[4], 'view', ARGV[5],
           'updated', ARGV[6])
redis.call('DEL', KEYS[2])
local ttl = tonumber(ARGV[8])
if ttl > 0 then
  for i = 1, #KEYS do if i ~= 2 then redis.call('EXPIRE', KEYS[i], ttl) end end
end
return 1
"""

_CANCEL = """
local st = redis.call('HGET', KEYS[1], 'status')
if st == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'error', 'cancelled before it started', 'cancel', '1',
             'updated', ARGV[1])
elseif st == 'running' then
  redis.call('HSET', KEYS[1], 'cancel', '1', 'updated', ARGV[1])
end
return st
"""

_ORPHAN = """
local st = redis.call('HGET', KEYS[1], 'status')
if st ~= 'running' or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'updated') or '0') >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'status', 'failed', 'updated', ARGV[2], 'error', ARGV[3])
return 1
"""


def redis_client(url: str):
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=5, health_check_interval=15,
                                retry=Retry(ExponentialBackoff(cap=2.0, base=0.2), 8),
                                retry_on_error=[redis.ConnectionError, redis.TimeoutError])


def _s(v: bytes | str | None) -> str:
    return v.decode() if isinstance(v, bytes) else (v or "")


@dataclass
class Start:
    state: str          # ok | busy | finished | gone | exhausted
    attempt: int = 0
    previous: str = ""  # the worker that had the job before


class RedisJobStore:
    """Jobs in Redis, with the methods of the SQLite `JobStore` the service uses.

    JOBS_DIR is this instance's local copy of the jobs' files: `in/` and `out/` are unpacked there
    from Redis when a job is read and its files are missing (another instance or a worker made them)."""

    def __init__(self, client: Any, jobs_dir: Path, ttl_hours: float = 168.0, prefix: str = PREFIX):
        self.r = client
        self.jobs_dir = jobs_dir
        self.ttl = int(ttl_hours * 3600)
        self.prefix = prefix
        self._start = client.register_script(_START)
        self._beat = client.register_script(_BEAT)
        self._publish = client.register_script(_PUBLISH)
        self._cancel = client.register_script(_CANCEL)
        self._orphan = client.register_script(_ORPHAN)
        self.finishes: int | None = None    # jobs finish on the workers: a waiter reads the status itself

    # keys
    def k(self, job_id: str, part: str = "") -> str:
        return f"{self.prefix}:job:{job_id}" + (f":{part}" if part else "")

    @property
    def index(self) -> str:
        return f"{self.prefix}:jobs"

    # -- JobStore --
    def create(self, spec: JobSpec, job_id: str | None = None, inputs: bytes = b"") -> Job:
        jid = job_id or new_id()
        now = time.time()
        p = self.r.pipeline(transaction=True)
        p.hset(self.k(jid), mapping={"id": jid, "status": JobStatus.QUEUED.value, "spec": json.dumps(asdict(spec)),
                                     "created": repr(now), "updated": repr(now), "stage": "", "error": "",
                                     "cancel": "0", "attempts": "0", "worker": ""})
        if inputs:
            p.set(self.k(jid, "in"), inputs)
        p.zadd(self.index, {jid: now})
        p.execute()
        job = self.get(jid)
        assert job is not None
        return job

    def _job(self, h: dict, events: list[bytes]) -> Job:
        g = {_s(k): v for k, v in h.items()}
        report, view = _s(g.get("report")), _s(g.get("view"))
        return Job(id=_s(g["id"]), status=JobStatus(_s(g["status"])),
                   spec=JobSpec.from_json(json.loads(_s(g["spec"]))), created=float(_s(g["created"])),
                   updated=float(_s(g["updated"])), stage=_s(g.get("stage")),
                   events=[Event(**json.loads(e)) for e in events], error=_s(g.get("error")),
                   report=json.loads(report) if report else None, view=json.loads(view) if view else None,
                   cancel_requested=_s(g.get("cancel")) == "1")

    def _many(self, ids: list[str]) -> list[Job | None]:
        p = self.r.pipeline(transaction=False)
        for jid in ids:
            p.hgetall(self.k(jid))
            p.lrange(self.k(jid, "events"), 0, -1)
        res = p.execute()
        return [self._job(h, ev) if h else None for h, ev in zip(res[::2], res[1::2], strict=True)]

    def get(self, job_id: str) -> Job | None:
        job = self._many([job_id])[0]
        if job is not None:
            self.materialize(job)
        return job

    def status_of(self, job_id: str) -> JobStatus | None:
        """The job's status alone (None: no such job)."""
        status = _s(self.r.hget(self.k(job_id), "status"))
        return JobStatus(status) if status else None

    def list(self, limit: int = 50, brief: bool = False) -> list[Job]:
        """The newest LIMIT jobs; BRIEF: without their events, report and view, and their files left
        where they are (a list of jobs on a page)."""
        ids = [_s(x) for x in self.r.zrevrange(self.index, 0, max(0, limit - 1))]
        jobs = self._many(ids)
        gone = [jid for jid, j in zip(ids, jobs, strict=True) if j is None]
        if gone:
            self.r.zrem(self.index, *gone)
        out = [j for j in jobs if j is not None]
        for j in out:
            if brief:
                j.events, j.report, j.view = [], None, None
            else:
                self.materialize(j)
        return out

    def claim_next(self) -> Job | None:
        return None             # jobs are handed out by the broker, not claimed from the store

    def add_event(self, job_id: str, stage: str, message: str) -> None:
        p = self.r.pipeline(transaction=True)
        p.rpush(self.k(job_id, "events"), json.dumps(asdict(Event(stage, message, time.time()))))
        p.ltrim(self.k(job_id, "events"), -500, -1)
        p.hset(self.k(job_id), mapping={"stage": stage, "updated": repr(time.time())})
        p.execute()

    def finish(self, job_id: str, status: JobStatus, error: str = "", report: dict | None = None,
               view: dict | None = None) -> None:
        self.r.hset(self.k(job_id), mapping={"status": status.value, "error": error,
                                             "report": json.dumps(report) if report is not None else "",
                                             "view": json.dumps(view) if view is not None else "",
                                             "updated": repr(time.time())})

    def request_cancel(self, job_id: str) -> Job | None:
        self._cancel(keys=[self.k(job_id)], args=[repr(time.time())])
        return self.get(job_id)

    def cancel_requested(self, job_id: str) -> bool:
        return _s(self.r.hget(self.k(job_id), "cancel")) == "1"

    def recover(self) -> builtins.list[str]:
        return []               # a running job belongs to a worker, not to this service's process

    def expired(self, older_than: float) -> builtins.list[str]:
        ids = [_s(x) for x in self.r.zrange(self.index, 0, -1)]
        return [j.id for j in self._many(ids) if j is not None and j.status.finished and j.updated < older_than]

    def delete(self, job_id: str) -> None:
        self.r.delete(*(self.k(job_id, part) for part in ("", "events", "in", "out", "owner")))
        self.r.zrem(self.index, job_id)

    def ids(self) -> set[str]:
        return {_s(x) for x in self.r.zrange(self.index, 0, -1)}

    # -- files --
    def materialize(self, job: Job) -> None:
        """Unpack the job's in/ and (when done) out/ into this instance's jobs directory, once."""
        d = self.jobs_dir / job.id
        if not (d / "in").exists():
            blob = self.r.get(self.k(job.id, "in"))
            if blob:
                unpack(blob, d / "in")
        if job.status is JobStatus.DONE and not (d / "out").exists():
            blob = self.r.get(self.k(job.id, "out"))
            if blob:
                unpack(blob, d / "out")

    def inputs(self, job_id: str) -> bytes:
        return self.r.get(self.k(job_id, "in")) or b""

    # -- worker side --
    def start(self, job_id: str, token: str, worker: str, claim_ttl: float, max_attempts: int = MAX_ATTEMPTS) -> Start:
        state, n, prev = self._start(keys=[self.k(job_id), self.k(job_id, "owner")],
                                     args=[token, worker, int(claim_ttl * 1000), max_attempts, repr(time.time())])
        return Start(_s(state), int(n), _s(prev))

    def beat(self, job_id: str, token: str, claim_ttl: float) -> bool:
        return bool(self._beat(keys=[self.k(job_id, "owner")], args=[token, int(claim_ttl * 1000)]))

    def publish(self, job_id: str, token: str, outcome: JobOutcome, out: bytes = b"") -> bool:
        """Record OUTCOME (and the out/ archive) if TOKEN still holds the job; False when it does not."""
        keys = [self.k(job_id), self.k(job_id, "owner"), self.k(job_id, "out"), self.k(job_id, "events"),
                self.k(job_id, "in")]
        return bool(self._publish(keys=keys, args=[
            token, outcome.status.value, outcome.error,
            json.dumps(outcome.report) if outcome.report is not None else "",
            json.dumps(outcome.view) if outcome.view is not None else "", repr(time.time()), out, self.ttl]))

    def fail_orphans(self, older_than: float, reason: str) -> builtins.list[str]:
        """Fail running jobs that no worker holds and that have not moved since OLDER_THAN."""
        failed = []
        for jid in self.ids():
            if self._orphan(keys=[self.k(jid), self.k(jid, "owner")], args=[older_than, repr(time.time()), reason]):
                failed.append(jid)
        return failed


# ---- the API side: submit to the broker ----

def celery_app(settings: Settings):
    """The Celery application: broker and the fault settings; the task is registered for workers."""
    from celery import Celery
    app = Celery("respin", broker=settings.broker_url, set_as_current=False)
    vt = max(1, int(settings.redelivery_after))
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_ignore_result=True, task_default_queue=QUEUE, task_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False, worker_send_task_events=False,
        # a worker holds the restore sweep's lock for a few Redis calls; one killed while holding it must
        # not hold every redelivery for kombu's default 300 s
        broker_transport_options={"visibility_timeout": vt, "unacked_restore_interval": max(1, min(10, vt // 4)),
                                  "unacked_restore_throttle": 1, "unacked_mutex_expire": max(5, min(60, vt))},
        task_soft_time_limit=settings.job_timeout + 60)
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(_run_task)
    return app


class CeleryJobRunner:
    """`JobRunner` for RESPIN_RUNNER=celery: jobs go to Redis and the broker; workers run them."""

    def __init__(self, settings: Settings, trees: dict[str, Path], store: RedisJobStore | None = None,
                 celery: Any = None):
        self.settings = settings
        self.trees = trees
        self.jobs_dir = settings.jobs_dir
        self.store = store or RedisJobStore(redis_client(settings.broker_url), settings.jobs_dir,
                                            settings.job_ttl_hours)
        self.celery = celery or celery_app(settings)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(self, spec: JobSpec, job_id: str) -> Job:
        inputs = self.jobs_dir / job_id / "in"
        tree = self.trees.get(spec.tree)
        if tree is not None:
            spec = series_objects(tree, spec, inputs)
        try:
            job = self.store.create(spec, job_id, inputs=pack(inputs))
        except Exception as e:  # noqa: BLE001 - any broker/store failure is one answer to the user
            raise self._unavailable(e) from None
        try:
            self.celery.send_task(TASK, args=[job_id], task_id=job_id, queue=QUEUE)
        except Exception as e:  # noqa: BLE001
            try:
                self.store.finish(job_id, JobStatus.FAILED, "the job queue was unreachable; submit it again")
            except Exception:  # noqa: BLE001
                pass
            raise self._unavailable(e) from None
        return job

    @staticmethod
    def _unavailable(e: Exception) -> Exception:
        from app.submit import SubmitError
        return SubmitError(503, f"the job queue (RESPIN_BROKER_URL) is unreachable ({type(e).__name__}); "
                                f"try again later or tell the administrator")

    def status(self, job_id: str) -> Job | None:
        return self.store.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        return self.store.request_cancel(job_id)

    # -- life cycle: a janitor for local files and jobs whose worker vanished for good --
    def start(self) -> None:
        self._thread = threading.Thread(target=self._janitor, name="respin-janitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _janitor(self) -> None:
        period = min(300.0, max(5.0, self.settings.redelivery_after / 2))
        while not self._stop.wait(period):
            try:
                self.cleanup()
            except Exception:  # noqa: BLE001 - Redis may be restarting; next round
                log.warning("job cleanup failed", exc_info=True)

    def cleanup(self, now: float | None = None) -> list[str]:
        """Fail jobs no worker took over; delete local copies of jobs Redis no longer has."""
        now = time.time() if now is None else now
        grace = self.settings.redelivery_after + 2 * heartbeat_ttl(self.settings) + ORPHAN_GRACE
        failed = self.store.fail_orphans(now - grace, "its worker was lost and no worker took the job over "
                                                      "in time; submit it again")
        if self.jobs_dir.is_dir():
            known = self.store.ids()
            for d in self.jobs_dir.iterdir():
                if d.is_dir() and not d.name.startswith(".") and d.name not in known \
                        and now - d.stat().st_mtime > 3600:
                    shutil.rmtree(d, ignore_errors=True)
        return failed


# ---- the worker side ----

class _Heartbeat(threading.Thread):
    def __init__(self, store: RedisJobStore, job_id: str, token: str, ttl: float):
        super().__init__(name=f"respin-heartbeat-{job_id[:8]}", daemon=True)
        self.store, self.job_id, self.token, self.ttl = store, job_id, token, ttl
        self.lost = False
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.ttl / 3):
            try:
                if not self.store.beat(self.job_id, self.token, self.ttl):
                    self.lost = True
                    return
            except Exception:  # noqa: BLE001 - Redis restarting: keep trying until the claim expires
                log.warning("heartbeat of job %s failed", self.job_id, exc_info=True)

    def stop(self) -> None:
        self._done.set()


@dataclass
class Worker:
    """What a worker process runs jobs with: its settings, its own trees, the store, the pipeline."""

    settings: Settings
    trees: dict[str, Path]
    store: RedisJobStore
    pipeline: Pipeline

    @staticmethod
    def create(settings: Settings, pipeline: Pipeline | None = None) -> "Worker":
        if pipeline is None:
            from app.pipeline import run_job
            pipeline = run_job
        trees, _thread, notes = service_trees(settings)
        for n in notes:
            log.warning(n)
        store = RedisJobStore(redis_client(settings.broker_url), settings.jobs_dir, settings.job_ttl_hours)
        return Worker(settings, trees, store, pipeline)

    def tree(self, name: str) -> Path:
        if name not in self.trees:
            known = ", ".join(sorted(self.trees)) or "none"
            raise JobInputError(f"the worker {socket.gethostname()} has no tree '{name}' (its RESPIN_TREES "
                                f"names: {known})")
        return self.trees[name]

    def run(self, job_id: str, worker: str, poll: float = 1.0) -> str:
        """Run one delivery of JOB_ID; returns what happened (done, failed, cancelled, finished, busy...)."""
        ttl = heartbeat_ttl(self.settings)
        token = new_id()
        while True:
            st = self.store.start(job_id, token, worker, ttl)
            if st.state != "busy":
                break
            time.sleep(poll)    # its worker is alive: this is a duplicate delivery; wait for the outcome
        if st.state != "ok":
            log.info("job %s: %s", job_id, st.state)
            return st.state
        beat = _Heartbeat(self.store, job_id, token, ttl)
        beat.start()
        work = self.settings.data_dir / "work" / f"{job_id}-{token[:8]}"
        try:
            if st.attempt > 1:
                self.store.add_event(job_id, "parsing", f"retrying on {worker}: the worker {st.previous or '?'} "
                                                        f"was lost while running this job")
            self.store.add_event(job_id, "parsing", f"running on {worker}")
            job = self.store._many([job_id])[0]
            if job is None:
                return "gone"
            work.mkdir(parents=True, exist_ok=True)
            unpack(self.store.inputs(job_id), work / "in")
            outcome = execute(self.pipeline, work, job.spec, self.tree,
                              lambda stage, msg: self.store.add_event(job_id, stage, msg),
                              lambda: beat.lost or self.store.cancel_requested(job_id), self.settings.job_timeout)
            out = pack(work / "out") if outcome.status is JobStatus.DONE and (work / "out").is_dir() else b""
            if beat.lost or not self.store.publish(job_id, token, outcome, out):
                log.warning("job %s: another worker took it over; this result is dropped", job_id)
                return "lost"
            return outcome.status.value
        finally:
            beat.stop()
            shutil.rmtree(work, ignore_errors=True)


_WORKER: Worker | None = None


def _run_task(task: Any, job_id: str) -> str:
    global _WORKER
    if _WORKER is None:
        from app.settings import load_settings
        _WORKER = Worker.create(load_settings())
    hostname = getattr(task.request, "hostname", "") or socket.gethostname()
    return _WORKER.run(job_id, f"{hostname} (pid {os.getpid()})")


def worker_main(concurrency: int = 0, name: str = "", loglevel: str = "INFO",
                settings: Settings | None = None) -> int:
    """`respin worker`: run jobs from the broker until stopped."""
    global _WORKER
    from app.settings import load_settings
    settings = settings or load_settings()
    if not settings.broker_url:
        raise SystemExit("respin worker: RESPIN_BROKER_URL is not set (redis://host:6379/0)")
    settings.jobs_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=loglevel.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _WORKER = Worker.create(settings)
    log.info("trees: %s", ", ".join(f"{n}={p}" for n, p in sorted(_WORKER.trees.items())) or "none")
    app = celery_app(settings)
    argv = ["worker", f"--loglevel={loglevel.upper()}", f"--concurrency={concurrency or settings.workers}",
            "--pool=prefork", "-Q", QUEUE, "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if name:
        argv += ["-n", name]
    app.worker_main(argv)
    return 0


def make_runner(settings: Settings, trees: dict[str, Path]) -> tuple[RedisJobStore, CeleryJobRunner]:
    runner = CeleryJobRunner(settings, trees)
    return runner.store, runner


__all__ = ["CeleryJobRunner", "RedisJobStore", "Worker", "celery_app", "make_runner", "pack", "series_objects",
           "unpack", "worker_main"]
