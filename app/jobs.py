"""Jobs: a SQLite store under the data directory and in-process worker threads.

A request stores the job's inputs under <data>/jobs/<id>/in and a row in the
store, then answers at once; a worker thread claims queued rows and runs the
pipeline.  `JobRunner` is the interface the routers use (submit, status,
cancel), so that a runner on other machines can implement it later.

Life of a job: queued -> running -> done | failed | cancelled.  Rows survive a
restart: queued jobs run when the service starts again; a job that was running
when the service stopped is marked failed with a reason.  Finished jobs older
than RESPIN_JOB_TTL_HOURS are deleted with their files.
"""
from __future__ import annotations

import asyncio
import builtins
import contextlib
import importlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
import uuid
from contextlib import closing
from dataclasses import asdict, dataclass, field
from enum import Enum
from multiprocessing.context import ForkServerContext, SpawnContext
from pathlib import Path
from typing import Callable, Protocol, TypeVar

from app import regexcache
from app.health import cache_dir

T = TypeVar("T")

STAGES = ("parsing", "rules", "spatch", "rebase", "mails", "checkpatch")


class JobStatus(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


@dataclass
class JobSpec:
    """What to run: everything a worker needs besides the files under the job's in/ directory."""

    tree: str                                   # name of a configured tree
    threads: list[str]                          # file names under in/threads/
    series: str = ""
    base: str = ""
    bundle: str = ""                            # file name under in/ ("" = none)
    rules: list[str] = field(default_factory=list)   # file names under in/rules/
    exclude: list[str] = field(default_factory=list)
    only_accepted: bool = False                 # skip suggestions the author did not answer
    parent: str = ""                            # the job this one re-runs
    branch: str = ""                            # name of the new branch ("" = <branch>-v<N+1>)
    force: bool = False                         # replace an existing branch of that name
    # For workers with their own copy of the tree (RESPIN_RUNNER=celery): the commits the job needs
    # (full ref or revision name -> sha, as the submitting service saw them) and a bundle under in/
    # holding the series' objects, fetched by a worker whose copy lacks them.
    needs: dict[str, str] = field(default_factory=dict)
    series_bundle: str = ""
    limits: dict[str, int] = field(default_factory=dict)    # patches.thread.Limits the service checked with


    @staticmethod
    def from_json(d: dict) -> "JobSpec":
        return JobSpec(tree=d["tree"], threads=list(d.get("threads", [])), series=d.get("series", ""),
                       base=d.get("base", ""), bundle=d.get("bundle", ""), rules=list(d.get("rules", [])),
                       exclude=list(d.get("exclude", [])), parent=d.get("parent", ""),
                       only_accepted=bool(d.get("only_accepted", False)),
                       branch=d.get("branch", ""), force=bool(d.get("force", False)),
                       needs=dict(d.get("needs", {})), series_bundle=d.get("series_bundle", ""),
                       limits=dict(d.get("limits", {})))


@dataclass
class Event:
    stage: str
    message: str
    time: float


@dataclass
class Job:
    id: str
    status: JobStatus
    spec: JobSpec
    created: float
    updated: float
    stage: str = ""
    events: list[Event] = field(default_factory=list)
    error: str = ""
    report: dict | None = None
    view: dict | None = None                    # report plus what the web page shows (author's words, quotes)
    cancel_requested: bool = False

    def progress(self) -> dict:
        done = [s for s in STAGES if any(e.stage == s for e in self.events)]
        return {"stage": self.stage, "stages": list(STAGES), "seen": done,
                "events": [asdict(e) for e in self.events]}


class JobCancelled(Exception):
    """Raised inside a running job when it was cancelled."""


class JobStore:
    """Jobs in one SQLite file; safe to use from several threads (each thread of each process has a
    connection of its own, opened at its first call and kept: opening one per call cost about 1 ms of CPU
    a call, as SQLite checkpoints and removes the write-ahead log whenever the last connection closes).

    `finishes` counts the jobs this store object finished (done, failed or cancelled), bumped after the
    change is committed: a waiter (wait_finished) that sees it unchanged knows without a read that no job
    of this process finished meanwhile; `watch` tells it when the count moves, `watch_job` when one job
    changes (a progress event, its status).

    Progress events are written without waiting for the disk (`PRAGMA synchronous=NORMAL` on a connection
    of their own: in WAL mode a power loss may drop the last events, never corrupt the file); every other
    change is synced as before."""

    def __init__(self, db: Path):
        self.db = db
        db.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._local = threading.local()
        self.finishes = 0
        self._watchers: set[Callable[[], None]] = set()
        self._job_watchers: dict[str, set[Callable[[], None]]] = {}
        with closing(self._connect()) as c:
            c.execute("PRAGMA journal_mode=WAL")       # kept in the file: later connections need not ask
            c.execute("""CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, status TEXT NOT NULL, spec TEXT NOT NULL,
                created REAL NOT NULL, updated REAL NOT NULL, stage TEXT NOT NULL DEFAULT '',
                events TEXT NOT NULL DEFAULT '[]', error TEXT NOT NULL DEFAULT '',
                report TEXT, view TEXT, cancel INTEGER NOT NULL DEFAULT 0)""")
            c.execute("CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, created)")

    def _connect(self) -> sqlite3.Connection:
        c = sqlite3.connect(self.db, timeout=30, isolation_level=None)
        c.row_factory = sqlite3.Row
        return c

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (autocommit: each read sees what is committed); a new one in a child
        process, which must not use its parent's."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.conn, local.pid, local.unsynced = self._connect(), os.getpid(), None
        conn: sqlite3.Connection = local.conn
        return conn

    def _unsynced(self) -> sqlite3.Connection:
        """This thread's connection for progress events: its commits do not wait for the disk."""
        self._conn()
        local = self._local
        if local.unsynced is None:
            local.unsynced = self._connect()
            local.unsynced.execute("PRAGMA synchronous=NORMAL")
        conn: sqlite3.Connection = local.unsynced
        return conn

    def _tx(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            c = self._conn()
            c.execute("BEGIN IMMEDIATE")
            try:
                r = fn(c)
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
            return r

    @staticmethod
    def _job(row: sqlite3.Row) -> Job:
        return Job(id=row["id"], status=JobStatus(row["status"]), spec=JobSpec.from_json(json.loads(row["spec"])),
                   created=row["created"], updated=row["updated"], stage=row["stage"],
                   events=[Event(**e) for e in json.loads(row["events"])], error=row["error"],
                   report=json.loads(row["report"]) if row["report"] else None,
                   view=json.loads(row["view"]) if row["view"] else None,
                   cancel_requested=bool(row["cancel"]))

    def create(self, spec: JobSpec, job_id: str | None = None) -> Job:
        now = time.time()
        jid = job_id or new_id()
        self._tx(lambda c: c.execute("INSERT INTO jobs (id, status, spec, created, updated) VALUES (?,?,?,?,?)",
                                     (jid, JobStatus.QUEUED.value, json.dumps(asdict(spec)), now, now)))
        job = self.get(jid)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        c = self._conn()
        row = c.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return self._job(row) if row else None

    def status_of(self, job_id: str) -> JobStatus | None:
        """The job's status alone (None: no such job), without reading its events or report."""
        c = self._conn()
        row = c.execute("SELECT status FROM jobs WHERE id=?", (job_id,)).fetchone()
        return JobStatus(row["status"]) if row else None

    def _finished(self, job_id: str | None = None) -> None:
        with self._lock:
            self.finishes += 1
            watchers = builtins.list(self._watchers)
        for wake in watchers:
            wake()
        self._changed(job_id)

    def _changed(self, job_id: str | None) -> None:
        """Wake the watchers of JOB_ID (None: of every job)."""
        with self._lock:
            if job_id is None:
                watchers = [w for ws in self._job_watchers.values() for w in ws]
            else:
                watchers = builtins.list(self._job_watchers.get(job_id, ()))
        for wake in watchers:
            wake()

    def watch_job(self, job_id: str, wake: Callable[[], None]) -> Callable[[], None]:
        """Call WAKE (in the thread that made the change, after it was committed) each time JOB_ID gets a
        progress event or a new status; returns the function that stops it.  WAKE must be quick and must
        not raise."""
        with self._lock:
            self._job_watchers.setdefault(job_id, set()).add(wake)

        def stop() -> None:
            with self._lock:
                watchers = self._job_watchers.get(job_id)
                if watchers is not None:
                    watchers.discard(wake)
                    if not watchers:
                        del self._job_watchers[job_id]
        return stop

    def watch(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call WAKE (in the thread that finished it, after `finishes` moved) each time a job of this store
        finishes; returns the function that stops it.  WAKE must be quick and must not raise."""
        with self._lock:
            self._watchers.add(wake)

        def stop() -> None:
            with self._lock:
                self._watchers.discard(wake)
        return stop

    def list(self, limit: int = 50, brief: bool = False) -> list[Job]:
        """The newest LIMIT jobs; BRIEF: without their events, report and view (a list of jobs on a page)."""
        cols = "id, status, spec, created, updated, stage, '[]' AS events, error, NULL AS report, " \
               "NULL AS view, cancel" if brief else "*"
        c = self._conn()
        rows = c.execute(f"SELECT {cols} FROM jobs ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [self._job(r) for r in rows]

    def claim_next(self) -> Job | None:
        """Atomically move the oldest queued job to running and return it.  An idle worker asks every
        second: when no job is queued, one read answers it, without taking the write lock."""
        if self._conn().execute("SELECT 1 FROM jobs WHERE status=? LIMIT 1",
                                (JobStatus.QUEUED.value,)).fetchone() is None:
            return None

        def claim(c: sqlite3.Connection) -> str | None:
            row = c.execute("SELECT id FROM jobs WHERE status=? ORDER BY created LIMIT 1",
                            (JobStatus.QUEUED.value,)).fetchone()
            if not row:
                return None
            c.execute("UPDATE jobs SET status=?, updated=? WHERE id=?",
                      (JobStatus.RUNNING.value, time.time(), row["id"]))
            return row["id"]
        jid = self._tx(claim)
        if not isinstance(jid, str):
            return None
        self._changed(jid)
        return self.get(jid)

    MAX_EVENTS = 500            # a job keeps its last 500 events

    def add_event(self, job_id: str, stage: str, message: str) -> None:
        """Append an event to the job's list (one statement: the list is not read into Python and
        written back), dropping the oldest beyond MAX_EVENTS."""
        now = time.time()
        self._unsynced().execute(
            "UPDATE jobs SET events=json_insert(CASE WHEN json_array_length(events) >= ? "
            "THEN json_remove(events, '$[0]') ELSE events END, '$[#]', json(?)), stage=?, updated=? WHERE id=?",
            (self.MAX_EVENTS, json.dumps({"stage": stage, "message": message, "time": now}), stage, now, job_id))
        self._changed(job_id)

    def finish(self, job_id: str, status: JobStatus, error: str = "", report: dict | None = None,
               view: dict | None = None) -> None:
        self._tx(lambda c: c.execute(
            "UPDATE jobs SET status=?, error=?, report=?, view=?, updated=? WHERE id=?",
            (status.value, error, json.dumps(report) if report is not None else None,
             json.dumps(view) if view is not None else None, time.time(), job_id)))
        self._finished(job_id)

    def request_cancel(self, job_id: str) -> Job | None:
        """Cancel a queued job at once; flag a running one (its worker stops at the next stage)."""
        def cancel(c: sqlite3.Connection) -> None:
            row = c.execute("SELECT status FROM jobs WHERE id=?", (job_id,)).fetchone()
            if not row:
                return
            if row["status"] == JobStatus.QUEUED.value:
                c.execute("UPDATE jobs SET status=?, error=?, cancel=1, updated=? WHERE id=?",
                          (JobStatus.CANCELLED.value, "cancelled before it started", time.time(), job_id))
            elif row["status"] == JobStatus.RUNNING.value:
                c.execute("UPDATE jobs SET cancel=1, updated=? WHERE id=?", (time.time(), job_id))
        self._tx(cancel)
        self._finished(job_id)
        return self.get(job_id)

    def cancel_requested(self, job_id: str) -> bool:
        c = self._conn()
        row = c.execute("SELECT cancel FROM jobs WHERE id=?", (job_id,)).fetchone()
        return bool(row and row["cancel"])

    def recover(self) -> builtins.list[str]:
        """After a restart: jobs left running are failed with a reason (their worker is gone)."""
        def fail(c: sqlite3.Connection) -> builtins.list[str]:
            ids = [r["id"] for r in c.execute("SELECT id FROM jobs WHERE status=?", (JobStatus.RUNNING.value,))]
            c.execute("UPDATE jobs SET status=?, error=?, updated=? WHERE status=?",
                      (JobStatus.FAILED.value,
                       "the service restarted while this job was running; submit it again",
                       time.time(), JobStatus.RUNNING.value))
            return ids
        failed = self._tx(fail)
        self._finished()
        return failed

    def expired(self, older_than: float) -> builtins.list[str]:
        c = self._conn()
        rows = c.execute("SELECT id FROM jobs WHERE status IN (?,?,?) AND updated < ?",
                         (JobStatus.DONE.value, JobStatus.FAILED.value, JobStatus.CANCELLED.value,
                          older_than)).fetchall()
        return [r["id"] for r in rows]

    def delete(self, job_id: str) -> None:
        self._tx(lambda c: c.execute("DELETE FROM jobs WHERE id=?", (job_id,)))
        self._changed(job_id)

    def ids(self) -> set[str]:
        c = self._conn()
        return {r["id"] for r in c.execute("SELECT id FROM jobs")}


def new_id() -> str:
    return uuid.uuid4().hex


def is_job_id(s: str) -> bool:
    return len(s) == 32 and all(ch in "0123456789abcdef" for ch in s)


# ---- running one job ----

Progress = Callable[[str, str], None]


class JobProgress:
    """What execute() gives a pipeline to report with: calling it records an event and stops the job
    when it was cancelled or ran out of time; check() only does the stopping, cheaply enough to be
    called between any two steps (the store is asked about a cancel at most every CHECK_EVERY s)."""

    CHECK_EVERY = 0.5

    def __init__(self, add_event: Progress, cancelled: Callable[[], bool], job_timeout: float):
        self._add_event = add_event
        self._cancelled = cancelled
        self.job_timeout = job_timeout
        self.start = time.monotonic()
        self._asked = 0.0

    def __call__(self, stage: str, message: str) -> None:
        self._add_event(stage, message)
        self._asked = 0.0
        self.check()

    def check(self) -> None:
        now = time.monotonic()
        if not self._asked or now - self._asked >= self.CHECK_EVERY:
            self._asked = now
            if self._cancelled():
                raise JobCancelled()
        if now - self.start > self.job_timeout:
            raise TimeoutError(f"the job ran longer than {self.job_timeout:.0f}s and was stopped")


class Pipeline(Protocol):
    """Runs one job: reads the job's in/ directory, writes its out/ directory.

    Returns (report, view): the report.json content and what the web page shows.
    Raises JobInputError (message for the user) when the input is wrong."""

    def __call__(self, job_dir: Path, spec: JobSpec, tree: Path, progress: Progress) -> tuple[dict, dict]: ...


class JobInputError(Exception):
    """The job's input is wrong; str(e) says what to fix."""


# Imported once by the server jobs are forked from: the pipeline, and b4 (with liblore, requests, dkim), which
# the pipeline imports only when it first reads a reply's trailers (0.08 s a job otherwise).
JOB_PRELOAD = ("app.pipeline", "b4")


class ProcessPipeline:
    """The pipeline TARGET ("module:function") run in a child process of its own for each job.

    The child runs at a lower CPU priority (nice NICE; the spatch, git and perl it starts inherit it) in a
    process group of its own, and sends its progress events back through a pipe.  The service's process
    then holds no job's Python code: its pages and /health answer while jobs run (threads of one process
    would share its interpreter lock), and two jobs run their Python parts on two cores.  A cancel or a
    job timeout (raised by PROGRESS in the parent) kills the child and everything it started."""

    POLL = 0.25

    def __init__(self, target: str = "app.pipeline:run_job", nice: int = 10):
        self.target = target
        self.nice = nice
        module = target.partition(":")[0]
        # forked from a server that has imported the pipeline (no interpreter start per job), unless that
        # server's socket cannot go under the temp dir (spawn: a fresh interpreter per job)
        self._ctx: ForkServerContext | SpawnContext
        if _job_server_started or _short_socket_path():
            self._ctx = multiprocessing.get_context("forkserver")
            if not _job_server_started:
                self._ctx.set_forkserver_preload([module, *JOB_PRELOAD[1:]])
        else:
            self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._running: set[multiprocessing.process.BaseProcess] = set()

    def __call__(self, job_dir: Path, spec: JobSpec, tree: Path, progress: Progress) -> tuple[dict, dict]:
        receive, send = self._ctx.Pipe(duplex=False)
        child = self._ctx.Process(target=_child_main, args=(self.target, self.nice, tempfile.gettempdir(), job_dir,
                                                           spec, tree, send),
                                  name=f"respin-job-{job_dir.name}", daemon=True)
        child.start()
        send.close()
        with self._lock:
            self._running.add(child)
        try:
            return self._relay(child, receive, progress)
        finally:
            receive.close()
            self._kill(child)

    def _relay(self, child, receive, progress: Progress) -> tuple[dict, dict]:
        check = getattr(progress, "check", None)
        while True:
            if not receive.poll(self.POLL):
                if check is not None:
                    check()
                continue
            try:
                msg = receive.recv()
            except EOFError:
                child.join(5)
                raise RuntimeError(f"the job's process stopped without a result (exit code {child.exitcode})") \
                    from None
            if msg[0] == "event":
                progress(msg[1], msg[2])
            elif msg[0] == "done":
                return msg[1], msg[2]
            else:
                raise _child_error(msg[1], msg[2])

    def _kill(self, child) -> None:
        """CHILD's process group, killed unless it already ended (its id is still reserved until joined)."""
        if child.exitcode is None:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                child.kill()
        child.join(10)
        with self._lock:
            self._running.discard(child)

    def stop(self) -> None:
        """Kill the jobs still running (the service is going away; recover() fails them at the next start)."""
        with self._lock:
            running = list(self._running)
        for child in running:
            self._kill(child)


def _child_main(target: str, nice: int, tmp: str, job_dir: Path, spec: JobSpec, tree: Path, send) -> None:
    os.setsid()
    if nice:
        os.nice(nice)
    os.environ["TMPDIR"] = tmp               # the service's temp dir, for the job and what it starts
    tempfile.tempdir = tmp
    module, _, name = target.partition(":")
    pipeline = getattr(importlib.import_module(module), name)
    # the patterns a job builds as it runs, translated once for all jobs (see app/regexcache.py)
    cache = cache_dir()
    if cache is not None:
        regexcache.install(cache / regexcache.FILE_NAME)

    def progress(stage: str, message: str) -> None:
        send.send(("event", stage, message))

    try:
        try:
            report, view = pipeline(job_dir, spec, tree, progress)
        finally:
            # the job's process removes its scratch repository (execute() removes what a killed one left)
            shutil.rmtree(job_dir / "repo", ignore_errors=True)
            regexcache.uninstall()          # before the result: the service then ends this process
        send.send(("done", report, view))
    except BaseException as e:       # every outcome goes back to the service
        send.send(("error", type(e).__name__, str(e)))
    finally:
        send.close()


_job_server_started = False
SOCKET_PATH_MAX = 100       # AF_UNIX paths are at most 107 bytes; the forkserver's is <tmp>/pymp-*/listener-*


def _short_socket_path() -> bool:
    return len(tempfile.gettempdir()) + len("/pymp-xxxxxxxx/listener-xxxxxxxx") <= SOCKET_PATH_MAX


def start_job_server(preload: tuple[str, ...] = JOB_PRELOAD) -> None:
    """Start the server that ProcessPipeline forks jobs from, now: its socket goes under the temp dir of
    this moment, before the service points TMPDIR at its own (possibly long) directory."""
    global _job_server_started
    if _job_server_started or not _short_socket_path():
        return
    from multiprocessing import forkserver
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    forkserver.ensure_running()
    _job_server_started = True


def _child_error(kind: str, message: str) -> Exception:
    """The exception a job's process raised, for execute(): the same class for the ones it tells apart."""
    known: dict[str, type[Exception]] = {"JobInputError": JobInputError, "TimeoutError": TimeoutError,
                                         "JobCancelled": JobCancelled}
    if kind in known:
        return known[kind](message)
    return type(kind, (RuntimeError,), {})(message)


class JobView(Protocol):
    """What the routers read of a job store: JobStore here, RedisJobStore (app/distributed.py) with
    RESPIN_RUNNER=celery.  `finishes` is None when jobs finish in other processes (the count would
    not move): waiters then read the status every tick."""

    @property
    def finishes(self) -> int | None: ...
    def get(self, job_id: str) -> Job | None: ...
    def status_of(self, job_id: str) -> JobStatus | None: ...
    def list(self, limit: int = 50, brief: bool = False) -> builtins.list[Job]: ...
    def delete(self, job_id: str) -> None: ...


WAIT_TICK = 0.025          # how often a held request reads the status when the store keeps no count
WAIT_RECHECK = 1.0         # how often it reads the status anyway when the count has not moved


async def wait_finished(store: JobView, job_id: str, seconds: float, tick: float = WAIT_TICK,
                        recheck: float = WAIT_RECHECK) -> None:
    """Return once JOB_ID is finished or gone, or SECONDS have passed.  Never blocks the event loop:
    the status is read in a worker thread, and only when the store's count of finished jobs moved (the
    store wakes the waiter: it does not look every few milliseconds), every RECHECK s (a job finished
    by another process), or every TICK when the store keeps no count (jobs finish in other processes)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    moved = asyncio.Event()

    def wake() -> None:
        with contextlib.suppress(RuntimeError):      # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(moved.set)

    watch = getattr(store, "watch", None)
    unwatch = watch(wake) if callable(watch) and store.finishes is not None else None
    read_at = -1.0
    seen: int | None = None
    try:
        while True:
            moved.clear()                  # before the count is read: a finish after the read sets it again
            count = store.finishes
            now = loop.time()
            if count is None or count != seen or now - read_at >= recheck:
                seen, read_at = count, now
                status = await asyncio.to_thread(store.status_of, job_id)
                if status is None or status.finished:
                    return
            left = end - loop.time()
            if left <= 0:
                return
            if unwatch is None:
                await asyncio.sleep(min(tick, left))
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(moved.wait(), max(0.0, min(read_at + recheck - loop.time(), left)))
    finally:
        if unwatch is not None:
            unwatch()


class JobRunner(Protocol):
    def submit(self, spec: JobSpec, job_id: str) -> Job: ...
    def status(self, job_id: str) -> Job | None: ...
    def cancel(self, job_id: str) -> Job | None: ...


class ThreadJobRunner:
    """Jobs run in this process, `workers` at a time; the store keeps them across restarts."""

    def __init__(self, store: JobStore, jobs_dir: Path, trees: Callable[[str], Path], pipeline: Pipeline,
                 workers: int = 2, ttl_hours: float = 168.0, job_timeout: float = 1800.0):
        self.store = store
        self.jobs_dir = jobs_dir
        self.trees = trees
        self.pipeline = pipeline
        self.workers = max(1, workers)
        self.ttl = ttl_hours * 3600
        self.job_timeout = job_timeout
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- JobRunner --
    def submit(self, spec: JobSpec, job_id: str) -> Job:
        job = self.store.create(spec, job_id)
        with self._wake:
            self._wake.notify()
        return job

    def status(self, job_id: str) -> Job | None:
        return self.store.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        return self.store.request_cancel(job_id)

    # -- life cycle --
    def start(self) -> None:
        self.store.recover()
        self.clear_scratch()
        self.cleanup()
        for i in range(self.workers):
            t = threading.Thread(target=self._work, name=f"respin-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        t = threading.Thread(target=self._janitor, name="respin-janitor", daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        if isinstance(self.pipeline, ProcessPipeline):
            self.pipeline.stop()
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()

    def _work(self) -> None:
        while not self._stop.is_set():
            job = self.store.claim_next()
            if job is None:
                with self._wake:
                    self._wake.wait(timeout=1.0)
                continue
            self.run_one(job)

    def _janitor(self) -> None:
        period = min(600.0, max(5.0, self.ttl / 4))
        while not self._stop.wait(period):
            self.cleanup()

    def clear_scratch(self) -> None:
        """Before any job runs: the scratch repositories and half-stored uploads a killed service left."""
        if not self.jobs_dir.is_dir():
            return
        for d in self.jobs_dir.iterdir():
            if d.name.startswith(".incoming-"):
                shutil.rmtree(d, ignore_errors=True)
            elif d.is_dir() and not d.is_symlink():
                shutil.rmtree(d / "repo", ignore_errors=True)

    def cleanup(self, now: float | None = None) -> list[str]:
        """Delete finished jobs older than the TTL, and job directories no row knows about."""
        now = time.time() if now is None else now
        gone = self.store.expired(now - self.ttl)
        for jid in gone:
            shutil.rmtree(self.jobs_dir / jid, ignore_errors=True)
            self.store.delete(jid)
        if self.jobs_dir.is_dir():
            known = self.store.ids()
            for d in self.jobs_dir.iterdir():
                if d.is_dir() and d.name not in known and now - d.stat().st_mtime > 3600:
                    shutil.rmtree(d, ignore_errors=True)
        return gone

    def run_one(self, job: Job) -> JobStatus:
        def add_event(stage: str, message: str) -> None:
            self.store.add_event(job.id, stage, message)

        outcome = execute(self.pipeline, self.jobs_dir / job.id, job.spec, self.trees, add_event,
                          lambda: self.store.cancel_requested(job.id), self.job_timeout)
        if self._stop.is_set():
            # the runner was stopped while this job ran: the service is going away and the next start
            # fails the job with a reason (recover); a late result must not race that.
            return outcome.status
        self.store.finish(job.id, outcome.status, outcome.error, outcome.report, outcome.view)
        return outcome.status


@dataclass
class JobOutcome:
    status: JobStatus
    error: str = ""
    report: dict | None = None
    view: dict | None = None


def execute(pipeline: Pipeline, job_dir: Path, spec: JobSpec, trees: Callable[[str], Path],
            add_event: Progress, cancelled: Callable[[], bool], job_timeout: float) -> JobOutcome:
    """Run PIPELINE on one job directory; never raises: the outcome says done, failed (why) or cancelled.

    Shared by the embedded runner and the distributed workers, so both report the same way."""
    progress = JobProgress(add_event, cancelled, job_timeout)

    tree: Path | None = None
    try:
        if cancelled():
            raise JobCancelled()
        tree = trees(spec.tree)
        report, view = pipeline(job_dir, spec, tree, progress)
    except JobCancelled:
        return JobOutcome(JobStatus.CANCELLED, "cancelled while running")
    except (JobInputError, TimeoutError) as e:
        return JobOutcome(JobStatus.FAILED, user_message(str(e), job_dir, tree, spec.tree))
    except Exception as e:  # noqa: BLE001 - a job never takes the worker down
        return JobOutcome(JobStatus.FAILED, f"internal error ({type(e).__name__}): "
                                            f"{user_message(str(e), job_dir, tree, spec.tree)}")
    finally:
        shutil.rmtree(job_dir / "repo", ignore_errors=True)
    if cancelled():
        return JobOutcome(JobStatus.CANCELLED, "cancelled while running", report, view)
    return JobOutcome(JobStatus.DONE, "", report, view)


_CLI_OPTION = re.compile(r"--(force|branch|base|series|rule|exclude)\b")


def user_message(text: str, job_dir: Path, tree: Path | None, tree_name: str) -> str:
    """TEXT for the client: one line, no path of the server (the job's scratch repository and the
    configured tree are called "the tree '<name>'"), the request's field names for the CLI's options."""
    named = f"the tree '{tree_name}'"
    for path, name in ((job_dir / "repo", named), (tree, named), (job_dir, "the job"),
                       (job_dir.parent.parent if job_dir.parent.name == "jobs" else None, "the service")):
        if path is not None:
            for form in {str(path), str(Path(path).resolve())}:
                text = text.replace(f"tree {form}", name).replace(form, name)
    text = text.replace(f"in the tree {named}", f"in {named}")
    return one_line(_CLI_OPTION.sub(r"'\1'", text))


def one_line(s: str, limit: int = 500) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
