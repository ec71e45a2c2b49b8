"""The README's run command: `respin serve` with nothing configured, started from some directory,
registers the example tree and respins the example thread (what a newcomer's first click does)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from app.example import EXAMPLE_THREAD


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, fields: dict[str, str], files: dict[str, Path]) -> dict:
    boundary = uuid.uuid4().hex
    body = b""
    for k, v in fields.items():
        body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    for k, p in files.items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{p.name}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + p.read_bytes() + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status == 202
        return json.load(r)


def test_default_service_respins_the_example(tmp_path):
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESPIN_")}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], cwd=tmp_path,
                              env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/api/v1/trees", timeout=2) as r:
                    trees = json.load(r)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("respin serve did not start: " + server.stderr.read().decode()[-2000:])
        assert [t["name"] for t in trees] == ["example"]
        job = _post(base + "/api/v1/respins", {"tree": "example"}, {"thread": EXAMPLE_THREAD})
        for _ in range(600):
            with urllib.request.urlopen(f"{base}/api/v1/respins/{job['id']}", timeout=10) as r:
                state = json.load(r)
            if state["status"] not in ("queued", "running"):
                break
            time.sleep(0.1)
        assert state["status"] == "done", state.get("error")
        assert [s["status"] for s in state["report"]["suggestions"]] == ["applied", "applied", "applied", "skipped"]
        with urllib.request.urlopen(f"{base}/api/v1/respins/{job['id']}/series.mbox", timeout=10) as r:
            assert b"Subject: [PATCH v3 2/2] misc: tinyring: Add tinyring_pop()" in r.read()
        assert (tmp_path / ".respin-data").is_dir()
    finally:
        server.terminate()
        server.wait(timeout=30)
