"""What the routers get injected: the service's parts (settings, job store, runner, trees) and auth."""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, HTTPException, Request

from app.jobs import JobRunner, JobStore
from app.settings import Settings

TOKEN_COOKIE = "respin_token"


@dataclass
class Services:
    settings: Settings
    store: JobStore             # or app.distributed.RedisJobStore (same methods) with RESPIN_RUNNER=celery
    runner: JobRunner
    trees: dict[str, Path]
    example_thread: Path | None = None
    notes: list[str] = field(default_factory=list)   # configuration problems shown on /health and the form


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(services: Services = Depends(get_services)) -> Settings:
    return services.settings


def token_ok(request: Request, token: str) -> bool:
    if not token:
        return True
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    cookie = request.cookies.get(TOKEN_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), token.encode())


def require_token(request: Request, services: Services = Depends(get_services)) -> None:
    """401 unless RESPIN_API_TOKEN is unset or the request carries it (Bearer header or the form's cookie)."""
    if not token_ok(request, services.settings.api_token):
        given = bool(request.headers.get("authorization") or request.cookies.get(TOKEN_COOKIE))
        raise HTTPException(status_code=401,
                            detail=("the API token is wrong" if given else "this service needs an API token")
                            + ": send 'Authorization: Bearer <RESPIN_API_TOKEN>'",
                            headers={"WWW-Authenticate": "Bearer"})


class NeedLogin(Exception):
    """The web form needs the token first."""


def require_login(request: Request, services: Services = Depends(get_services)) -> None:
    if not token_ok(request, services.settings.api_token):
        raise NeedLogin()
