"""The FastAPI application: `create_app(settings)` and `serve(host, port)`.

No global state: the settings, the job store, the runner and the trees hang off
`app.state.services`, built in create_app and started/stopped by the lifespan.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from collections.abc import Mapping
from typing import Any, AsyncIterator

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.deps import CSRF_COOKIE, NeedLogin, Services, require_token
from app.jobs import JobStore, Pipeline, ProcessPipeline, ThreadJobRunner
from app.example import service_trees
from app.settings import Settings, load_settings

log = logging.getLogger("respin.service")
HERE = Path(__file__).resolve().parent


class BodyLimit:
    """413 for a request body larger than the limit, declared or streamed (never read past the limit)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        message = f"upload too large: the limit is {limit / 1048576:g} MB a request (RESPIN_MAX_UPLOAD_MB)"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = JSONResponse({"detail": message}, status_code=413, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise HTTPException(status_code=413, detail=message)
            return msg

        await self.app(scope, limited, send)


UNSAFE_METHODS = (b"POST", b"PUT", b"PATCH", b"DELETE")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
# the API explorer (/docs, /redoc) loads its scripts and styles from the jsDelivr CDN
DOCS_CSP = ("default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; worker-src 'self' blob:; "
            "frame-ancestors 'none'")


class Guard:
    """Every response gets CSP, X-Frame-Options and nosniff headers; a state-changing request sent by a
    browser from another site (Origin or Sec-Fetch-Site says so) is refused with 403 before any route
    runs; a page a browser loads gets a random CSRF cookie that its forms send back (require_csrf)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if scope["method"].encode() in UNSAFE_METHODS and not same_origin(headers):
            response = JSONResponse({"detail": "cross-site request refused: this service only takes requests "
                                               "from its own pages or from clients that send no Origin"},
                                    status_code=403)
            await response(scope, receive, send)
            return
        import secrets
        cookies = headers.get(b"cookie", b"").decode("latin-1")
        new_csrf = "" if f"{CSRF_COOKIE}=" in cookies else secrets.token_urlsafe(24)
        if new_csrf:
            scope.setdefault("state", {})["csrf"] = new_csrf
        path = scope.get("path", "")
        csp = DOCS_CSP if path in ("/docs", "/redoc") else CSP
        secure = scope.get("scheme") == "https" or headers.get(b"x-forwarded-proto") == b"https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", csp.encode()), (b"x-frame-options", b"DENY"),
                         (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if new_csrf and not path.startswith("/api/"):
                    extra.append((b"set-cookie", (f"{CSRF_COOKIE}={new_csrf}; Path=/; HttpOnly; SameSite=Strict"
                                                  + ("; Secure" if secure else "")).encode()))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def same_origin(headers: dict[bytes, bytes]) -> bool:
    """False when a browser says the request comes from another site: an Origin whose host is not the
    Host asked for, or Sec-Fetch-Site: cross-site.  Clients that send neither (curl, scripts) pass."""
    from urllib.parse import urlsplit
    origin = headers.get(b"origin", b"").decode("latin-1").strip()
    if origin:
        if origin == "null":
            return False
        return urlsplit(origin).netloc.lower() == headers.get(b"host", b"").decode("latin-1").lower()
    return headers.get(b"sec-fetch-site", b"") != b"cross-site"


def _detail_text(errors: list) -> str:
    parts = []
    for e in errors:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header"))
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is invalid"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def _install_error_handlers(app: FastAPI) -> None:
    from app.routers.web import render_error, render_login

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_html(request):
            return render_error(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        text = _detail_text(list(exc.errors()))
        if _wants_html(request):
            return render_error(request, 422, text)
        return JSONResponse({"detail": text}, status_code=422)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, exc: NeedLogin):
        return render_login(request, "")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error; the service log has the details"}, status_code=500)


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The service. SETTINGS default to the environment; PIPELINE to the real respin pipeline."""
    settings = settings or load_settings()
    settings.jobs_dir.mkdir(parents=True, exist_ok=True)
    if pipeline is None:
        # each job in a process of its own, niced: the pages answer while jobs run (app.jobs.ProcessPipeline)
        pipeline = ProcessPipeline("app.pipeline:run_job")
    trees, example_thread, notes = service_trees(settings)
    store: JobStore | Any
    runner: ThreadJobRunner | Any
    if settings.runner == "celery":
        # jobs in Redis, run by `respin worker` processes (app/distributed.py); PIPELINE runs there
        from app.distributed import make_runner
        store, runner = make_runner(settings, trees)
    else:
        store = JobStore(settings.db_path)
        runner = ThreadJobRunner(store, settings.jobs_dir, lambda name: trees[name], pipeline,
                                 workers=settings.workers, ttl_hours=settings.job_ttl_hours,
                                 job_timeout=settings.job_timeout)
    services = Services(settings=settings, store=store, runner=runner, trees=trees,
                        example_thread=example_thread, notes=notes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        try:
            yield
        finally:
            runner.stop()

    app = FastAPI(title="respin", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None,
                  description="Turn a Linux kernel review thread into the next version of the patch series.")
    app.state.services = services
    _install_docs(app)
    from app.routers import api, web
    app.include_router(api.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes + 64 * 1024)
    app.add_middleware(Guard)
    return app


def _install_docs(app: FastAPI) -> None:
    """/openapi.json, /docs and /redoc, behind the token when one is set (like the API itself)."""
    from fastapi import Depends
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

    authed = [Depends(require_token)]

    @app.get("/openapi.json", include_in_schema=False, dependencies=authed)
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=authed)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="respin API")

    @app.get("/redoc", include_in_schema=False, dependencies=authed)
    def redoc():
        return get_redoc_html(openapi_url="/openapi.json", title="respin API")


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def listen_host(host: str, settings: Settings, env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The address to bind and what to say about it: without RESPIN_API_TOKEN the service answers anyone
    who can reach it, so it stays on 127.0.0.1 unless RESPIN_ALLOW_ANONYMOUS=1 says otherwise."""
    import os
    environ: Mapping[str, str] = os.environ if env is None else env
    if settings.api_token or host in LOOPBACK:
        note = "" if settings.api_token else (f"no RESPIN_API_TOKEN: listening on {host} only; anyone on "
                                              f"this machine can use the service")
        return host, note
    if environ.get("RESPIN_ALLOW_ANONYMOUS", "").strip() == "1":
        return host, (f"no RESPIN_API_TOKEN and RESPIN_ALLOW_ANONYMOUS=1: listening on {host}; anyone who can "
                      f"reach it can use the service")
    return "127.0.0.1", (f"no RESPIN_API_TOKEN: listening on 127.0.0.1 only, not {host}; set RESPIN_API_TOKEN "
                         f"(or RESPIN_ALLOW_ANONYMOUS=1) to listen on {host}")


def clear_scratch(data_dir: Path) -> Path:
    """The service's own temp directory (<data>/tmp), emptied: what a killed run left there goes at start-up.
    Every temp file of the service and its spatch/git/perl children lives there (TMPDIR)."""
    import os
    import shutil
    import tempfile
    tmp = data_dir / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = str(tmp)
    return tmp


SHUTDOWN_GRACE = 5      # seconds


def serve(host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the service with uvicorn (the jobs run in this process, or on `respin worker`s with RESPIN_RUNNER=celery)."""
    import uvicorn
    settings = settings or load_settings()
    host, note = listen_host(host, settings)
    if note:
        log.warning("%s", note)
        print(f"respin: {note}", flush=True)
    from app.jobs import start_job_server
    start_job_server()          # before TMPDIR moves under the data dir: the job server's socket path stays short
    clear_scratch(settings.data_dir)
    from app.health import startup_problems
    for problem in startup_problems(send=False):
        log.warning("%s", problem)
        print(f"respin: {problem}", flush=True)
    app = create_app(settings)
    # on stop, a client holding `?wait=` or a progress stream gets GRACE seconds, then its request is ended
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False,
                timeout_graceful_shutdown=SHUTDOWN_GRACE)
