"""The thread by Message-ID in the REST API and the form: fetched from a public-inbox stand-in on 127.0.0.1."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from test_api_support import THREAD, StandIn, make_tree, wait_for
from tests.lore_server import LoreServer, dead_url, without_git_config

MSGID = "bo-1@example.org"


@pytest.fixture(autouse=True)
def quiet_git(tmp_path, monkeypatch):
    without_git_config(tmp_path, monkeypatch)


@pytest.fixture
def lore():
    with LoreServer() as s:
        s.add(THREAD.read_bytes())
        yield s


def client_for(tmp_path: Path, lore_url: str, pipeline=None) -> TestClient:
    settings = Settings(trees={"demo": make_tree(tmp_path / "tree")}, data_dir=tmp_path / "data", lore_url=lore_url)
    return TestClient(create_app(settings, pipeline=pipeline or StandIn()))


def test_rest_thread_by_message_id(tmp_path, lore):
    pipeline = StandIn()
    with client_for(tmp_path, lore.url, pipeline) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo", "msgid": f"https://lore.kernel.org/all/{MSGID}/"})
        assert r.status_code == 202, r.text
        assert wait_for(c, r.json()["id"])["status"] == "done"
    assert pipeline.specs[0].threads == ["01-lore-bo-1_example.org.mbox"]
    stored = tmp_path / "data" / "jobs" / r.json()["id"] / "in" / "threads" / "01-lore-bo-1_example.org.mbox"
    assert stored.read_bytes().count(b"\nMessage-Id: ") + stored.read_bytes().count(b"\nMessage-ID: ") == 2
    assert lore.paths == [f"/all/{MSGID}/t.mbox.gz"]


@pytest.mark.parametrize("msgid, url, status, said", [
    ("nobody@example.org", None, 422, "has no message with that Message-ID"),
    (MSGID, "dead", 502, "cannot reach 127.0.0.1"),
    ("../../etc/passwd", None, 422, "is not a Message-ID"),
    ("file:///etc/passwd", None, 422, "only http(s)"),
])
def test_rest_fetch_failures(tmp_path, lore, msgid, url, status, said):
    with client_for(tmp_path, dead_url() if url == "dead" else lore.url) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo", "msgid": msgid})
        assert r.status_code == status and said in r.json()["detail"]
        assert c.get("/api/v1/respins").json() == []


def test_rest_newer_replies_of_an_upload(tmp_path, lore):
    text = THREAD.read_bytes()
    first = text[:text.index(b"\nFrom ", 1) + 1]          # the patch mail alone, saved before the review
    pipeline = StandIn()
    with client_for(tmp_path, lore.url, pipeline) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo", "fetch_newer": "true"},
                   files={"thread": ("early.mbox", first)})
        assert r.status_code == 202, r.text
        assert wait_for(c, r.json()["id"])["status"] == "done"
    names = pipeline.specs[0].threads
    assert names[0] == "01-early.mbox" and names[1].startswith("02-newer-")
    newer = (tmp_path / "data" / "jobs" / r.json()["id"] / "in" / "threads" / names[1]).read_bytes()
    assert b"Message-Id: <bo-1@example.org>" in newer or b"Message-ID: <bo-1@example.org>" in newer
    assert b"<20260302-demo-1@example.net>\n" not in newer.split(b"\n\n")[0]


def test_form_thread_by_message_id(tmp_path, lore):
    with client_for(tmp_path, lore.url) as c:
        page = c.get("/")
        assert 'name="msgid"' in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = c.post("/respins", data={"tree": "demo", "msgid": MSGID, "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303
        assert wait_for(c, r.headers["location"].rsplit("/", 1)[1])["status"] == "done"
        r = c.post("/respins", data={"tree": "demo", "msgid": "nobody@example.org", "csrf": csrf})
        assert r.status_code == 422 and "has no message with that Message-ID" in r.text
        assert 'value="nobody@example.org"' in r.text
