"""A public-inbox stand-in on 127.0.0.1: serves ``/<inbox>/<msgid>/t.mbox.gz`` for the threads a test puts in.

    with LoreServer() as lore:
        lore.add(mbox_bytes)                 # every mail's Message-ID now answers with the whole mbox
        lore.url                             # "http://127.0.0.1:PORT/all"

An unknown Message-ID answers 404, as public-inbox does.  Requests are recorded in ``lore.paths``.
"""
from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoreServer:
    def __init__(self, inbox: str = "all"):
        self.inbox = inbox
        self.threads: dict[str, bytes] = {}
        self.paths: list[str] = []
        self.drip = 0.0             # seconds between 1 KB pieces of an answer (a slow archive)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                outer.paths.append(self.path)
                m = re.fullmatch(rf"/{re.escape(outer.inbox)}/([^/]+)/t\.mbox\.gz", self.path)
                mbox = outer.threads.get(urllib.parse.unquote(m.group(1)).strip("<>")) if m else None
                if mbox is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"404 Not Found\n")
                    return
                body = gzip.compress(mbox)
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not outer.drip:
                    self.wfile.write(body)
                    return
                for i in range(0, len(body), 1024):
                    self.wfile.write(body[i:i + 1024])
                    self.wfile.flush()
                    time.sleep(outer.drip)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{self.inbox}"

    def add(self, mbox: bytes) -> list[str]:
        """Serve MBOX for the Message-ID of every mail in it; returns those ids."""
        ids = re.findall(rb"(?mi)^Message-Id:\s*<([^<>\s]+)>", mbox)
        for i in ids:
            self.threads[i.decode()] = mbox
        return [i.decode() for i in ids]

    def __enter__(self) -> "LoreServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def dead_url() -> str:
    """An archive URL on a free port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/all"


def without_git_config(tmp_path, monkeypatch) -> None:
    """No git configuration of the machine's (b4 reads b4.* from git config), no RESPIN_LORE_URL."""
    cfg = tmp_path / "gitconfig"
    cfg.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("RESPIN_LORE_URL", raising=False)
