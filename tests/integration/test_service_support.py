"""Start the real service (`respin serve`, uvicorn) in a subprocess for the integration tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def service(trees: dict[str, Path], data: Path, **env: str) -> Iterator[str]:
    """`respin serve` on a free port of 127.0.0.1; yields its base URL."""
    with serving(trees, data, **env) as (url, _):
        yield url


@contextmanager
def serving(trees: dict[str, Path], data: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`respin serve` on a free port of 127.0.0.1 once /health answers: its base URL and its process."""
    port = free_port()
    full_env = {**os.environ, "RESPIN_TREES": ",".join(f"{k}={v}" for k, v in trees.items()),
                "RESPIN_DATA_DIR": str(data), **env}
    log = open(data.parent / f"service-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the service did not start: {(data.parent / f'service-{port}.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

