"""The REST API and the web form, on a tiny git tree, with a stand-in for the pipeline."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from patches.git import Repo
from test_api_support import THREAD, StandIn, make_tree, wait_for

TOKEN = "s3cret-token"


@pytest.fixture
def tree(tmp_path) -> Path:
    return make_tree(tmp_path / "tree")


def client_for(tmp_path: Path, tree: Path, pipeline=None, **kw) -> TestClient:
    settings = Settings(trees={"demo": tree}, data_dir=tmp_path / "data", **kw)
    return TestClient(create_app(settings, pipeline=pipeline or StandIn()))


@pytest.fixture
def client(tmp_path, tree):
    with client_for(tmp_path, tree) as c:
        yield c


def csrf_of(page) -> str:
    """The CSRF token a page's forms carry."""
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def submit(c, **data):
    files = data.pop("files", None) or {"thread": ("thread.mbox", THREAD.read_bytes())}
    return c.post("/api/v1/respins", data={"tree": "demo", **data}, files=files)


def test_post_answers_202_at_once_and_job_runs_in_background(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline) as c:
        r = submit(c)
        assert r.status_code == 202
        body = r.json()
        jid = body["id"]
        assert body["status"] in ("queued", "running")
        assert body["links"]["mbox"] == f"/api/v1/respins/{jid}/series.mbox"
        assert pipeline.started.wait(10)
        running = c.get(f"/api/v1/respins/{jid}").json()
        assert running["status"] == "running"
        assert running["progress"]["stage"] in ("parsing", "rules")
        pipeline.gate.set()
        done = wait_for(c, jid)
    assert done["status"] == "done", done["error"]
    assert done["report"]["branch"] == "demo-v5"
    assert done["files"] == ["interdiff.diff", "report.json", "series.mbox",
                             "patches/v5-0001-gpio-demo-use-a-local.patch", "cocci/01-const-base.cocci"]
    assert [e["stage"] for e in done["progress"]["events"]][0] == "parsing"


def test_result_files_have_their_content_types(client):
    jid = submit(client).json()["id"]
    assert wait_for(client, jid)["status"] == "done"
    base = f"/api/v1/respins/{jid}"
    r = client.get(f"{base}/series.mbox")
    assert (r.status_code, r.headers["content-type"]) == (200, "application/mbox")
    assert r.text.startswith("From ")
    r = client.get(f"{base}/patches/v5-0001-gpio-demo-use-a-local.patch")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/x-diff")
    r = client.get(f"{base}/cocci/01-const-base.cocci")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "+ void __iomem *const base" in r.text
    r = client.get(f"{base}/report.json")
    assert r.headers["content-type"] == "application/json" and r.json()["version"] == 5
    r = client.get(f"{base}/interdiff.diff")
    assert r.status_code == 200 and "*const base" in r.text


@pytest.mark.parametrize("name", ["link-out", "..%2Freport.json", "report.json%00",
                                  "..%2F..%2Fin%2Fthreads%2F01-thread.mbox",
                                  ".hidden"])
def test_file_names_are_checked_against_the_jobs_files(client, name):
    jid = submit(client).json()["id"]
    wait_for(client, jid)
    for sub in ("patches", "cocci"):
        r = client.get(f"/api/v1/respins/{jid}/{sub}/{name}")
        assert r.status_code == 404
        assert "root:" not in r.text


def test_events_stream_progress_until_the_end(client):
    jid = submit(client).json()["id"]
    wait_for(client, jid)
    r = client.get(f"/api/v1/respins/{jid}/events")
    assert r.headers["content-type"].startswith("text/event-stream")
    assert 'event: progress\ndata: {"stage": "parsing", "message": "read 2 messages"}' in r.text
    assert r.text.rstrip().endswith('event: end\ndata: {"status": "done"}')


def test_cancel_a_running_job(tmp_path, tree):
    pipeline = StandIn(hold=True)
    with client_for(tmp_path, tree, pipeline) as c:
        jid = submit(c).json()["id"]
        assert pipeline.started.wait(10)
        r = c.post(f"/api/v1/respins/{jid}/cancel")
        assert r.status_code == 200
        j = wait_for(c, jid)
        assert (j["status"], j["error"]) == ("cancelled", "cancelled while running")
        assert c.post(f"/api/v1/respins/{jid}/cancel").status_code == 409


def test_jobs_on_the_same_tree_get_their_own_scratch_repositories(tmp_path, tree):
    pipeline = StandIn()
    with client_for(tmp_path, tree, pipeline, workers=2) as c:
        ids = [submit(c).json()["id"] for _ in range(2)]
        assert [wait_for(c, i)["status"] for i in ids] == ["done", "done"]
    assert len(set(pipeline.repos)) == 2
    assert Repo(tree).out("branch", "--format=%(refname:short)").split() == ["demo", "master"]


def test_trees_and_health(client):
    assert client.get("/api/v1/trees").json() == [{"name": "demo", "available": True}]
    h = client.get("/api/v1/health")
    assert h.status_code == 200
    assert h.json()["status"] == "ok" and re.match(r"\d+\.\d+", h.json()["spatch"])


def test_token_is_required_everywhere_when_set(tmp_path, tree):
    with client_for(tmp_path, tree, api_token=TOKEN) as c:
        r = c.get("/api/v1/trees")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["detail"].startswith("this service needs an API token")
        assert c.get("/api/v1/trees", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        page = c.get("/")
        assert page.status_code == 401 and 'name="token"' in page.text
        assert c.post("/login", data={"token": "nope"}).status_code == 401
        r = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert r.status_code == 303 and "respin_session=" in r.headers["set-cookie"]
        assert TOKEN not in r.headers["set-cookie"]
        assert c.get("/").status_code == 200


def big_mail() -> bytes:
    return b"From: a@b\nSubject: x\n\n" + b"x" * (50 * 1024 * 1024)


def bundle_missing_prerequisite(tmp_path: Path) -> bytes:
    """A bundle of a series whose base the named tree has never seen."""
    other = tmp_path / "other"
    other.mkdir()
    r = Repo(other)
    r.run("init", "-q", "-b", "main")
    (other / "f.c").write_text("int a;\n")
    r.run("add", "-A")
    r.run("commit", "-q", "-m", "unrelated base", env={"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@y",
                                                      "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@y"})
    (other / "f.c").write_text("int b;\n")
    r.run("commit", "-q", "-am", "series", env={"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@y",
                                              "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@y"})
    r.run("bundle", "create", str(tmp_path / "s.bundle"), "main~1..main")
    return (tmp_path / "s.bundle").read_bytes()


BAD_INPUTS = [
    # (case, request, status, words in the message)
    ("not a mail", dict(files={"thread": ("notes.txt", b"just some notes\nabout the patch\n")}),
     422, "does not look like a mail"),
    ("empty file", dict(files={"thread": ("empty.mbox", b"")}), 422, "is empty"),
    ("binary file", dict(files={"thread": ("a.out", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)}),
     415, "binary file"),
    ("50 MB upload", dict(files={"thread": ("huge.mbox", "BIG")}), 413, "upload too large"),
    ("unknown tree", dict(tree="linux-next"), 422, "unknown tree 'linux-next'"),
    ("range that does not resolve", dict(series="base..no-such-branch"), 422,
     "'no-such-branch' is not a commit in the tree 'demo'"),
    ("option as a range", dict(series="--upload-pack=touch"), 422, "is not a revision"),
    ("bundle with missing prerequisites", dict(files={"thread": ("thread.mbox", THREAD.read_bytes()),
                                                      "bundle": ("s.bundle", "BUNDLE")}),
     422, "that the tree 'demo' does not have"),
    ("not a bundle", dict(files={"thread": ("thread.mbox", THREAD.read_bytes()),
                                 "bundle": ("s.bundle", b"PK\x03\x04zip")}), 422, "is not a git bundle"),
    ("wrong token", dict(headers={"Authorization": "Bearer wrong"}), 401, "the API token is wrong"),
    ("no thread", dict(files={"rule": ("x.cocci", b"@@\n@@\n")}), 422, "no thread"),
    ("too many files", dict(files=[("thread", (f"t{i}.mbox", THREAD.read_bytes())) for i in range(6)]),
     413, "too many files"),
]


@pytest.mark.parametrize("case,req,status,words", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_a_4xx_that_says_what_to_fix(tmp_path, tree, case, req, status, words):
    req = dict(req)
    headers = req.pop("headers", None)
    files = req.pop("files", None)
    if isinstance(files, dict):
        files = {k: (n, big_mail() if d == "BIG" else bundle_missing_prerequisite(tmp_path) if d == "BUNDLE" else d)
                 for k, (n, d) in files.items()}
    with client_for(tmp_path, tree, api_token=TOKEN if headers else "", max_files=5) as c:
        data = {"tree": "demo", **req}
        r = c.post("/api/v1/respins", data=data,
                   files=files or {"thread": ("thread.mbox", THREAD.read_bytes())}, headers=headers or {})
        assert r.status_code == status, r.text
        assert words in r.json()["detail"]
        assert "Traceback" not in r.text
        jobs = tmp_path / "data" / "jobs"
        assert [p.name for p in jobs.iterdir()] == []          # nothing half-written
        if status != 401:
            assert c.get("/api/v1/respins").json() == []


def test_unknown_job_and_wrong_route_are_json_404(client):
    r = client.get("/api/v1/respins/0123456789abcdef0123456789abcdef")
    assert r.status_code == 404 and "no respin job" in r.json()["detail"]
    assert client.get("/api/v1/respins/../../etc/passwd").status_code == 404


def test_missing_tree_field_is_a_readable_422(client):
    r = client.post("/api/v1/respins", files={"thread": ("thread.mbox", THREAD.read_bytes())})
    assert r.status_code == 422
    assert r.json()["detail"] == "tree: Field required"


def test_pasted_text_is_a_thread(client):
    r = client.post("/api/v1/respins", data={"tree": "demo", "text": THREAD.read_text()})
    assert r.status_code == 202


def test_bundle_is_fetched_into_the_scratch_repository_not_the_tree(tmp_path, tree):
    clone = tmp_path / "client"
    Repo(tmp_path).run("clone", "-q", str(tree), str(clone))
    c_repo = Repo(clone)
    c_repo.run("checkout", "-q", "-b", "mine", "base")
    (clone / "drivers" / "gpio" / "gpio-demo.c").write_text("int demo_read(struct demo *d) { return 0; }\n")
    c_repo.run("commit", "-q", "-am", "gpio: demo: simplify", env={
        "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@y", "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@y"})
    c_repo.run("bundle", "create", str(tmp_path / "mine.bundle"), "base..mine")
    pipeline = StandIn()
    with client_for(tmp_path, tree, pipeline) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo", "series": "base..mine"},
                   files={"thread": ("thread.mbox", THREAD.read_bytes()),
                          "bundle": ("mine.bundle", (tmp_path / "mine.bundle").read_bytes())})
        assert r.status_code == 202, r.text
        assert wait_for(c, r.json()["id"])["status"] == "done"
    assert Repo(tree).try_rev("mine") == ""
    assert not (tree / ".git" / "objects" / "info" / "alternates").exists()


def test_web_form_upload_result_rerun(client):
    page = client.get("/")
    assert page.status_code == 200 and '<select name="tree"' in page.text and ">demo</option>" in page.text
    r = client.post("/respins", data={"tree": "demo", "csrf": csrf_of(page)},
                    files={"thread": ("thread.mbox", THREAD.read_bytes())}, follow_redirects=False)
    assert r.status_code == 303
    jid = r.headers["location"].rsplit("/", 1)[1]
    assert wait_for(client, jid)["status"] == "done"
    job_page = client.get(f"/respins/{jid}")
    page = job_page.text
    assert "Bo Reviewer" in page and "Can be const." in page and "<q>Sure.</q>" in page
    assert '<span class="l add">+ void __iomem *const base</span>' in page
    assert f'href="/api/v1/respins/{jid}/series.mbox"' in page
    r = client.post(f"/respins/{jid}/rerun", data={"keep": ["1.1"], "csrf": csrf_of(job_page)},
                    follow_redirects=False)
    assert r.status_code == 303
    new = r.headers["location"].rsplit("/", 1)[1]
    j = wait_for(client, new)
    assert (j["status"], j["exclude"], j["parent"]) == ("done", ["1.2"], jid)
    assert "(unticked)" in client.get(f"/respins/{new}").text


def test_web_form_error_is_shown_on_the_form(client):
    r = client.post("/respins", data={"tree": "demo", "text": "hello", "csrf": csrf_of(client.get("/"))})
    assert r.status_code == 422
    assert "does not look like a mail" in r.text and '<form method="post" action="/respins"' in r.text


def test_openapi_lists_the_contract(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/v1/respins", "/api/v1/respins/{job_id}", "/api/v1/respins/{job_id}/series.mbox",
              "/api/v1/respins/{job_id}/patches/{name}", "/api/v1/respins/{job_id}/cocci/{name}",
              "/api/v1/respins/{job_id}/report.json", "/api/v1/trees", "/api/v1/health"):
        assert p in paths


def test_default_settings_register_the_example_and_offer_one_button(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", example=True), pipeline=StandIn())) as c:
        assert c.get("/api/v1/trees").json() == [{"name": "example", "available": True}]
        page = c.get("/")
        assert 'id="try-example"' in page.text
        r = c.post("/example", data={"csrf": csrf_of(page)}, follow_redirects=False)
        assert r.status_code == 303
        assert wait_for(c, r.headers["location"].rsplit("/", 1)[1])["status"] == "done"
