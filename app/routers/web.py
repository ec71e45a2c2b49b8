"""The web form: upload a thread, pick a tree, watch the job, read the result, untick and run again."""
from __future__ import annotations

import asyncio
import html
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from app.deps import (CSRF_COOKIE, SESSION_COOKIE, SESSION_SECONDS, Services, find_job, get_services,
                      get_settings, listing, new_session, out_dir, require_csrf, require_login)
from app.jobs import JobStatus, STAGES
from app.settings import Settings
from app.submit import Submission, SubmitError, Upload, create_job, resubmission

HERE = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)
MAX_SHOWN = 400_000


def _line_class_cocci(line: str) -> str:
    s = line.lstrip()
    if line.startswith("@") :
        return "hdr"
    if line.startswith("-"):
        return "del"
    if line.startswith("+"):
        return "add"
    if line.startswith("*"):
        return "star"
    if s.startswith("//") or s.startswith("/*") or s.startswith("*") or s.startswith("#"):
        return "cmt"
    return ""


def _line_class_diff(line: str) -> str:
    if line.startswith(("+++", "---", "diff ", "index ")):
        return "hdr"
    if line.startswith("@@"):
        return "hunk"
    if line.startswith("+"):
        return "add"
    if line.startswith("-"):
        return "del"
    return ""


def _highlight(text: str, classify) -> Markup:
    out = []
    for line in text.splitlines():
        cls = classify(line)
        esc = html.escape(line) or " "
        out.append(f'<span class="l {cls}">{esc}</span>' if cls else f'<span class="l">{esc}</span>')
    return Markup("\n".join(out))


templates.env.filters["cocci"] = lambda t: _highlight(t or "", _line_class_cocci)
templates.env.filters["diff"] = lambda t: _highlight(t or "", _line_class_diff)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def render_login(request: Request, message: str, status: int = 401) -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"message": message}, status_code=status)


def https(request: Request) -> bool:
    """Served over HTTPS (directly, or behind a proxy that says so): cookies get the Secure flag."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def csrf_token(request: Request) -> str:
    return getattr(request.state, "csrf", "") or request.cookies.get(CSRF_COOKIE, "")


templates.env.globals["csrf_token"] = csrf_token
csrf = [Depends(require_csrf)]


def _index(request: Request, services: Services, message: str = "", status: int = 200, form: dict | None = None):
    jobs = services.store.list(limit=10, brief=True)
    return templates.TemplateResponse(request, "index.html", {
        "trees": sorted(services.trees), "example": services.example_thread is not None and "example" in services.trees,
        "notes": services.notes, "message": message, "jobs": jobs, "form": form or {},
        "max_mb": services.settings.max_upload_mb}, status_code=status)


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(require_login)])
def index(request: Request, services: Annotated[Services, Depends(get_services)]):
    return _index(request, services)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request):
    return render_login(request, "", 200)


@router.post("/login")
def login(request: Request, settings: Annotated[Settings, Depends(get_settings)],
          token: Annotated[str, Form()] = ""):
    token = token.strip()
    if not settings.api_token:
        return RedirectResponse("/", status_code=303)
    if not token_ok_value(token, settings.api_token):
        return render_login(request, "That token is not the one this service was started with.")
    r = RedirectResponse("/", status_code=303)
    r.set_cookie(SESSION_COOKIE, new_session(settings.api_token), max_age=SESSION_SECONDS,
                 httponly=True, samesite="strict", secure=https(request))
    return r


@router.post("/logout", dependencies=csrf)
def logout(request: Request):
    r = RedirectResponse("/login", status_code=303)
    r.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict", secure=https(request))
    return r


def token_ok_value(given: str, token: str) -> bool:
    import hmac
    return hmac.compare_digest(given.encode(), token.encode())


async def _uploads(files: list[UploadFile]) -> list[Upload]:
    return [Upload(f.filename or "upload", await f.read()) for f in files if f.filename]


@router.post("/respins", dependencies=[Depends(require_login), *csrf])
async def submit(request: Request, services: Annotated[Services, Depends(get_services)],
                 tree: Annotated[str, Form()] = "",
                 thread: Annotated[list[UploadFile] | None, File()] = None,
                 text: Annotated[str, Form()] = "",
                 msgid: Annotated[str, Form()] = "",
                 fetch_newer: Annotated[str, Form()] = "",
                 series: Annotated[str, Form()] = "",
                 base: Annotated[str, Form()] = "",
                 bundle: Annotated[UploadFile | None, File()] = None,
                 only_accepted: Annotated[str, Form()] = ""):
    threads = await _uploads(thread or [])
    if text.strip():
        threads.append(Upload("pasted.txt", text.encode()))
    bundles = await _uploads([bundle]) if bundle is not None else []
    sub = Submission(tree=tree, threads=threads, series=series.strip(), base=base.strip(),
                     bundle=bundles[0] if bundles else None, only_accepted=bool(only_accepted),
                     msgid=msgid.strip(), fetch_newer=bool(fetch_newer))
    try:
        job = await asyncio.to_thread(create_job, services, sub)
    except SubmitError as e:
        return _index(request, services, e.message, e.status,
                      {"tree": tree, "series": series, "base": base, "text": text, "msgid": msgid,
                       "fetch_newer": bool(fetch_newer), "only_accepted": bool(only_accepted)})
    return RedirectResponse(f"/respins/{job.id}", status_code=303)


@router.post("/example", dependencies=[Depends(require_login), *csrf])
async def example(request: Request, services: Annotated[Services, Depends(get_services)]):
    if services.example_thread is None or "example" not in services.trees:
        return _index(request, services, "This service has no example tree configured.", 404)
    sub = Submission(tree="example", threads=[Upload(services.example_thread.name,
                                                     services.example_thread.read_bytes())])
    try:
        job = await asyncio.to_thread(create_job, services, sub)
    except SubmitError as e:
        return _index(request, services, e.message, e.status)
    return RedirectResponse(f"/respins/{job.id}", status_code=303)


def _read_text(path: Path, out: Path) -> str:
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(out.resolve()):
        return ""
    return path.read_text(errors="replace")[:MAX_SHOWN]


@router.get("/respins/{job_id}", response_class=HTMLResponse, dependencies=[Depends(require_login)])
def job_page(job_id: str, request: Request, services: Annotated[Services, Depends(get_services)]):
    job = find_job(services, job_id)
    out = out_dir(services, job.id)
    files = listing(out) if job.status is JobStatus.DONE else []
    suggestions = []
    if job.report:
        extra = (job.view or {}).get("suggestions", {})
        for s in job.report.get("suggestions", []):
            rule = s.get("rule") or ""
            rule_text = _read_text(out / rule, out) if rule and rule in files else ""
            suggestions.append({**s, **extra.get(s.get("id"), {}), "rule_text": rule_text,
                                "excluded": s.get("id") in job.spec.exclude})
    interdiff = _read_text(out / "interdiff.diff", out) if "interdiff.diff" in files else ""
    return templates.TemplateResponse(request, "job.html", {
        "job": job, "stages": STAGES, "seen": job.progress()["seen"], "suggestions": suggestions,
        "files": files, "interdiff": interdiff, "report": job.report or {},
        "versions": versions(job.report or {}), "running": not job.status.finished})


def versions(report: dict) -> tuple[str, str]:
    """("v2", "v3"): the version under review and the one respin wrote, from the report's version (the new
    one); words when the report has none."""
    new = report.get("version")
    if isinstance(new, int) and not isinstance(new, bool) and new > 1:
        return f"v{new - 1}", f"v{new}"
    return "the version under review", "the new version"


@router.post("/respins/{job_id}/rerun", dependencies=[Depends(require_login), *csrf])
async def rerun(job_id: str, request: Request, services: Annotated[Services, Depends(get_services)],
                keep: Annotated[list[str] | None, Form()] = None):
    job = find_job(services, job_id)
    ids = [s.get("id", "") for s in (job.report or {}).get("suggestions", [])]
    exclude = [i for i in ids if i and i not in set(keep or [])]
    try:
        new = await asyncio.to_thread(create_job, services, resubmission(services, job, exclude))
    except SubmitError as e:
        return render_error(request, e.status, e.message)
    return RedirectResponse(f"/respins/{new.id}", status_code=303)


@router.post("/respins/{job_id}/cancel", dependencies=[Depends(require_login), *csrf])
def cancel(job_id: str, services: Annotated[Services, Depends(get_services)]) -> Response:
    job = find_job(services, job_id)
    if not job.status.finished:
        services.runner.cancel(job.id)
    return RedirectResponse(f"/respins/{job.id}", status_code=303)
