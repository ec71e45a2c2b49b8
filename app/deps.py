"""What the routers get injected: the service's parts (settings, job store, runner, trees) and auth."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, HTTPException, Request

from app.jobs import Job, JobRunner, JobView, is_job_id
from app.settings import Settings

SESSION_COOKIE = "respin_session"
CSRF_COOKIE = "respin_csrf"
SESSION_SECONDS = 12 * 3600


@dataclass
class Services:
    settings: Settings
    store: JobView              # JobStore, or RedisJobStore with RESPIN_RUNNER=celery
    runner: JobRunner
    trees: dict[str, Path]
    example_thread: Path | None = None
    notes: list[str] = field(default_factory=list)   # configuration problems shown on /health and the form


# The dependencies below only read the request: `async def`, so that FastAPI calls them on the event loop
# (a plain `def` dependency is handed to a worker thread and back on every request).

async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_settings(services: Services = Depends(get_services)) -> Settings:
    return services.settings


def _sign(token: str, text: str) -> str:
    return hmac.new(hashlib.sha256(b"respin-session:" + token.encode()).digest(), text.encode(),
                    hashlib.sha256).hexdigest()


def new_session(token: str, now: float | None = None) -> str:
    """A session cookie value: expiry, a random nonce and their HMAC under a key derived from TOKEN.
    Never the token itself; it stops working when it expires or when the token changes."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    body = f"{expires}.{secrets.token_urlsafe(18)}"
    return f"{body}.{_sign(token, body)}"


def session_ok(value: str, token: str, now: float | None = None) -> bool:
    expires, _, rest = value.partition(".")
    nonce, _, sig = rest.partition(".")
    if not expires.isdigit() or not nonce or not sig or int(expires) < (now or time.time()):
        return False
    return hmac.compare_digest(sig.encode(), _sign(token, f"{expires}.{nonce}").encode())


def bearer_ok(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def token_ok(request: Request, token: str) -> bool:
    if not token:
        return True
    if bearer_ok(request, token):
        return True
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return bool(cookie) and session_ok(cookie, token)


async def require_token(request: Request, services: Services = Depends(get_services)) -> None:
    """401 unless RESPIN_API_TOKEN is unset or the request carries it (Bearer header or the form's session)."""
    if not token_ok(request, services.settings.api_token):
        given = bool(request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE))
        raise HTTPException(status_code=401,
                            detail=("the API token is wrong" if given else "this service needs an API token")
                            + ": send 'Authorization: Bearer <RESPIN_API_TOKEN>'",
                            headers={"WWW-Authenticate": "Bearer"})


class NeedLogin(Exception):
    """The web form needs the token first."""


async def require_login(request: Request, services: Services = Depends(get_services)) -> None:
    if not token_ok(request, services.settings.api_token):
        raise NeedLogin()


async def require_csrf(request: Request) -> None:
    """403 unless a form post carries the CSRF token of its page (the `csrf` field equals the cookie)."""
    form = await request.form()
    given = str(form.get("csrf") or "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(given.encode(), cookie.encode()):
        raise HTTPException(403, "the form is out of date or was not sent by this site: reload the page and "
                                 "send it again")


# -- the job's results, shared by the API and the web pages

def out_dir(services: Services, job_id: str) -> Path:
    return services.settings.jobs_dir / job_id / "out"


def listing(out: Path) -> list[str]:
    """The job's result files (regular files, no symlinks), as URL paths under the job."""
    names: list[str] = []
    if not out.is_dir() or out.is_symlink():
        return names
    for p in sorted(out.iterdir()):
        if p.is_symlink():
            continue
        if p.is_file() and p.suffix == ".patch":
            names.append(f"patches/{p.name}")
        elif p.is_file() and p.name in ("series.mbox", "report.json", "interdiff.diff"):
            names.append(p.name)
    cocci = out / "cocci"
    if cocci.is_dir() and not cocci.is_symlink():
        names += [f"cocci/{p.name}" for p in sorted(cocci.iterdir()) if p.is_file() and not p.is_symlink()]
    return names


def find_job(services: Services, job_id: str) -> Job:
    job = services.store.get(job_id) if is_job_id(job_id) else None
    if job is None:
        raise HTTPException(404, f"no respin job '{job_id[:40]}' (it may have expired)")
    return job
