"""REST API, /api/v1 (contract in docs/ARCHITECTURE.md, fields in the README)."""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
from typing import Annotated, AsyncIterator

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel

from app.deps import Services, find_job, get_services, listing, out_dir, require_token
from app.jobs import Job, JobStatus, is_job_id, wait_finished
from app.submit import Submission, SubmitError, Upload, create_job

router = APIRouter(prefix="/api/v1", tags=["respin"])
authed = [Depends(require_token)]

FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,200}$")
CONTENT_TYPES = {".mbox": "application/mbox", ".patch": "text/x-diff; charset=utf-8",
                 ".diff": "text/x-diff; charset=utf-8", ".cocci": "text/plain; charset=utf-8",
                 ".json": "application/json"}


class Links(BaseModel):
    self: str
    events: str
    report: str
    mbox: str
    interdiff: str
    cancel: str
    page: str


class JobOut(BaseModel):
    id: str
    status: str
    tree: str
    created: float
    updated: float
    progress: dict
    error: str = ""
    exclude: list[str] = []
    parent: str = ""
    files: list[str] = []
    report: dict | None = None
    links: Links


class TreeOut(BaseModel):
    name: str
    available: bool


class Health(BaseModel):
    status: str
    spatch: str
    git: str
    problems: list[str] = []


def links(job_id: str) -> Links:
    base = f"/api/v1/respins/{job_id}"
    return Links(self=base, events=f"{base}/events", report=f"{base}/report.json", mbox=f"{base}/series.mbox",
                 interdiff=f"{base}/interdiff.diff", cancel=f"{base}/cancel", page=f"/respins/{job_id}")


def job_out(services: Services, job: Job) -> JobOut:
    return JobOut(id=job.id, status=job.status.value, tree=job.spec.tree, created=job.created,
                  updated=job.updated, progress=job.progress(), error=job.error, exclude=job.spec.exclude,
                  parent=job.spec.parent,
                  files=listing(out_dir(services, job.id)) if job.status is JobStatus.DONE else [],
                  report=job.report, links=links(job.id))


def job_status(services: Services, job_id: str) -> JobStatus:
    """The job's status alone (its events, report and view are not read); 404 as find_job."""
    status = services.store.status_of(job_id) if is_job_id(job_id) else None
    if status is None:
        raise HTTPException(404, f"no respin job '{job_id[:40]}' (it may have expired)")
    return status


def job_file(services: Services, job_id: str, sub: str, name: str) -> FileResponse:
    """A file of the job's results; only names in the job's own listing are served."""
    status = job_status(services, job_id)
    if status is not JobStatus.DONE:
        raise HTTPException(409, f"job {job_id} is {status.value}; its files exist once it is done")
    rel = f"{sub}/{name}" if sub else name
    out = out_dir(services, job_id)
    if not FILE_NAME.match(name) or rel not in listing(out):
        raise HTTPException(404, f"job {job_id} has no file '{rel[:80]}'; GET /api/v1/respins/{job_id} lists its files")
    path = out / name if sub == "patches" else out / rel
    if path.is_symlink() or not path.resolve().is_relative_to(out.resolve()):
        raise HTTPException(404, f"job {job_id} has no file '{rel[:80]}'")
    media = CONTENT_TYPES.get(path.suffix, "text/plain; charset=utf-8")
    return FileResponse(path, media_type=media, filename=path.name,
                        content_disposition_type="attachment" if path.suffix in (".mbox", ".patch") else "inline")


def _raise(e: SubmitError) -> None:
    raise HTTPException(e.status, e.message)


async def _read(f: UploadFile) -> Upload:
    return Upload(name=f.filename or "upload", data=await f.read())


@router.get("/health", response_model=Health,
            summary="Is the service usable (spatch with Python scripting, git)? Lists what else is missing")
async def health(services: Annotated[Services, Depends(get_services)]):
    from app.health import check_tools, other_problems, tools_checked

    def checked() -> tuple[str, str, list[str]]:
        spatch, git, problems = check_tools()
        return spatch, git, problems + other_problems()
    # once the tools were checked (at start-up, or by the first call), without a thread of its own: a
    # monitor's probe costs the event loop less than handing the call to a thread and back
    spatch, git, problems = checked() if tools_checked() else await asyncio.to_thread(checked)
    problems = problems + services.notes
    ok = bool(spatch and git)
    body = Health(status="ok" if ok else "unavailable", spatch=spatch, git=git, problems=problems)
    if not ok:
        raise HTTPException(503, "; ".join(problems) or "spatch or git is missing")
    return body


@router.get("/trees", response_model=list[TreeOut], dependencies=authed, summary="The configured kernel trees")
def trees(services: Annotated[Services, Depends(get_services)]):
    return [TreeOut(name=n, available=(p / ".git").exists() or (p / "HEAD").exists())
            for n, p in sorted(services.trees.items())]


@router.post("/respins", status_code=202, response_model=JobOut, dependencies=authed,
             summary="Queue a respin of the series under review",
             responses={413: {"description": "upload too large or too many files"},
                        415: {"description": "a thread is a binary file"},
                        502: {"description": "the archive a Message-ID is fetched from cannot be reached"},
                        422: {"description": "bad input: the message says what to fix"}})
async def create(services: Annotated[Services, Depends(get_services)],
                 tree: Annotated[str, Form(description="name of a configured tree (GET /api/v1/trees)")],
                 thread: Annotated[list[UploadFile] | None,
                                   File(description="the review thread: mbox, .eml or pasted text; repeatable")] = None,
                 text: Annotated[str, Form(description="the thread as pasted text")] = "",
                 msgid: Annotated[str, Form(description="Message-ID or lore URL of a mail of the thread: the "
                                            "whole thread is fetched from the archive (RESPIN_LORE_URL)")] = "",
                 fetch_newer: Annotated[bool, Form(description="also fetch the replies the archive has that "
                                                   "the uploaded threads lack")] = False,
                 series: Annotated[str, Form(description="the series' commits, e.g. base..hugetlb")] = "",
                 base: Annotated[str, Form(description="where to apply the vN mails when the tree lacks them")] = "",
                 bundle: Annotated[UploadFile | None, File(description="git bundle of the series")] = None,
                 rule: Annotated[list[UploadFile] | None, File(description="extra .cocci rules")] = None,
                 exclude: Annotated[list[str] | None, Form(description="suggestion ids to leave out, e.g. 2.3")] = None,
                 only_accepted: Annotated[bool, Form(description="apply only what the author answered; "
                                                     "by default all requests not declined or deferred")] = False,
                 branch: Annotated[str, Form(description="name of the new branch (default <branch>-v<N+1>)")] = "",
                 force: Annotated[bool, Form(description="replace an existing branch of that name")] = False):
    threads = [await _read(f) for f in thread or []]
    if text.strip():
        threads.append(Upload("pasted.txt", text.encode()))
    sub = Submission(tree=tree, threads=threads, series=series.strip(), base=base.strip(),
                     bundle=await _read(bundle) if bundle is not None and bundle.filename else None,
                     rules=[await _read(f) for f in rule or []],
                     exclude=[x.strip() for x in exclude or [] if x.strip()],
                     only_accepted=only_accepted, branch=branch.strip(), force=force, msgid=msgid.strip(),
                     fetch_newer=fetch_newer)
    try:
        job = await asyncio.to_thread(create_job, services, sub)
    except SubmitError as e:
        _raise(e)
    return job_out(services, job)


@router.get("/respins", response_model=list[JobOut], dependencies=authed, summary="Recent jobs")
def list_jobs(services: Annotated[Services, Depends(get_services)]):
    return [job_out(services, j) for j in services.store.list()]


MAX_WAIT = 60.0


@router.get("/respins/{job_id}", response_model=JobOut, dependencies=authed, summary="Status, progress, report")
async def get_job(job_id: str, services: Annotated[Services, Depends(get_services)],
                  wait: Annotated[float, Query(ge=0, le=MAX_WAIT, allow_inf_nan=False,
                                               description="hold the answer until the job has finished "
                                               "(done, failed, cancelled) or this many seconds have passed")] = 0):
    if wait > 0 and is_job_id(job_id):
        await wait_finished(services.store, job_id, wait)
    return await asyncio.to_thread(lambda: job_out(services, find_job(services, job_id)))


@router.post("/respins/{job_id}/cancel", response_model=JobOut, dependencies=authed, summary="Cancel a job")
def cancel(job_id: str, services: Annotated[Services, Depends(get_services)]):
    job = find_job(services, job_id)
    if job.status.finished:
        raise HTTPException(409, f"job {job_id} is already {job.status.value}")
    services.runner.cancel(job_id)
    return job_out(services, find_job(services, job_id))


@router.delete("/respins/{job_id}", status_code=204, dependencies=authed, summary="Delete a finished job")
def delete(job_id: str, services: Annotated[Services, Depends(get_services)]):
    job = find_job(services, job_id)
    if not job.status.finished:
        raise HTTPException(409, f"job {job_id} is {job.status.value}; cancel it first")
    shutil.rmtree(services.settings.jobs_dir / job.id, ignore_errors=True)
    services.store.delete(job.id)


EVENTS_RECHECK = 2.0       # how often the stream reads the job when the store told of no change


async def event_stream(services: Services, job_id: str, poll: float = 0.5,
                       recheck: float = EVENTS_RECHECK) -> AsyncIterator[str]:
    """The job's events and status as they come.  The job is read when the store says it changed (a
    progress event, a new status), at the latest every RECHECK s (a change made by another process),
    and every POLL s when the store tells of no change (jobs run in other processes)."""
    store = services.store
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()

    def wake() -> None:
        with contextlib.suppress(RuntimeError):      # the loop is closed: nobody reads the stream any more
            loop.call_soon_threadsafe(changed.set)

    watch = getattr(store, "watch_job", None)
    unwatch = watch(job_id, wake) if callable(watch) and store.finishes is not None else None
    sent = 0
    last_status = ""
    try:
        while True:
            changed.clear()              # before the read: a change after it sets it again
            job = await asyncio.to_thread(store.get, job_id)
            if job is None:
                yield "event: end\ndata: {\"status\": \"deleted\"}\n\n"
                return
            for e in job.events[sent:]:
                yield f"event: progress\ndata: {json.dumps({'stage': e.stage, 'message': e.message})}\n\n"
            sent = len(job.events)
            if job.status.value != last_status:
                last_status = job.status.value
                yield f"event: status\ndata: {json.dumps({'status': last_status, 'error': job.error})}\n\n"
            if job.status.finished:
                yield f"event: end\ndata: {json.dumps({'status': last_status})}\n\n"
                return
            yield ": keep-alive\n\n"
            if unwatch is None:
                await asyncio.sleep(poll)
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(changed.wait(), recheck)
    finally:
        if unwatch is not None:
            unwatch()


@router.get("/respins/{job_id}/events", dependencies=authed, summary="Progress as Server-Sent Events",
            response_class=StreamingResponse)
def events(job_id: str, services: Annotated[Services, Depends(get_services)]):
    find_job(services, job_id)
    return StreamingResponse(event_stream(services, job_id), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/respins/{job_id}/series.mbox", dependencies=authed, summary="All mails of the new version, in order",
            response_class=FileResponse)
def series_mbox(job_id: str, services: Annotated[Services, Depends(get_services)]):
    return job_file(services, job_id, "", "series.mbox")


@router.get("/respins/{job_id}/report.json", dependencies=authed, summary="report.json",
            response_class=FileResponse)
def report_json(job_id: str, services: Annotated[Services, Depends(get_services)]):
    return job_file(services, job_id, "", "report.json")


@router.get("/respins/{job_id}/interdiff.diff", dependencies=authed,
            summary="The diff from the version under review to the new one", response_class=FileResponse)
def interdiff(job_id: str, services: Annotated[Services, Depends(get_services)]):
    return job_file(services, job_id, "", "interdiff.diff")


@router.get("/respins/{job_id}/patches/{name}", dependencies=authed, summary="One patch of the new version",
            response_class=FileResponse)
def patch_file(job_id: str, name: str, services: Annotated[Services, Depends(get_services)]):
    return job_file(services, job_id, "patches", name)


@router.get("/respins/{job_id}/cocci/{name}", dependencies=authed, summary="One generated rule",
            response_class=FileResponse)
def cocci_file(job_id: str, name: str, services: Annotated[Services, Depends(get_services)]):
    return job_file(services, job_id, "cocci", name)
