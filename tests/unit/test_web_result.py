"""The result page of a real respin of the example (v2 -> v3): the versions it names, the trailer
lines the suggestions add and the rules sent with the job."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from app.example import EXAMPLE_THREAD, ensure_example_tree
from app.main import create_app
from app.routers.web import versions
from app.settings import Settings
from test_api_support import wait_for
from trailer_asks import with_maintainers, write_asks


def csrf_of(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    """The result page of the example series and two replies asking for a Suggested-by."""
    tmp_path = tmp_path_factory.mktemp("web")
    tree = with_maintainers(ensure_example_tree(tmp_path / "tree"))
    asks = write_asks(tmp_path / "asks.mbox")
    with TestClient(create_app(Settings(trees={"example": tree}, data_dir=tmp_path / "data"))) as c:
        form = c.get("/")
        r = c.post("/respins", data={"tree": "example", "csrf": csrf_of(form)}, follow_redirects=False,
                   files=[("thread", ("thread.mbox", EXAMPLE_THREAD.read_bytes())),
                          ("thread", ("asks.mbox", asks.read_bytes()))])
        assert r.status_code == 303
        job = wait_for(c, r.headers["location"].rsplit("/", 1)[1], timeout=300)
        assert job["status"] == "done", job.get("error")
        return c.get(r.headers["location"]).text


def test_the_diff_is_headed_with_the_series_versions(page):
    assert '<h2 id="interdiff-heading">v2 → v3</h2>' in page
    shown = re.sub(r'name="csrf" value="[^"]*"', "", page)     # a random token may spell "v4"
    assert "v4" not in shown and "v5" not in shown


def test_each_trailer_request_shows_its_line_and_where_the_address_came_from(page):
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert "adds Suggested-by: Alice Maintainer <alice@example.org> (address from From:)" in text
    assert "adds Suggested-by: Dana Okafor <dana.okafor@example.com> (address from MAINTAINERS)" in text
    assert '<code class="trailer">Suggested-by: Dana Okafor &lt;dana.okafor@example.com&gt;</code>' in page


def test_versions_from_the_report():
    assert versions({"version": 3}) == ("v2", "v3")
    assert versions({"version": 12}) == ("v11", "v12")
    assert versions({}) == ("the version under review", "the new version")


CLAMP = b"/// Clamp with min()\n@@\nexpression A, B;\n@@\n- if (A > B)\n-\tA = B;\n+ A = min(A, B);\n"


def test_a_rule_sent_with_the_job_is_listed_with_what_it_did(tmp_path):
    tree = ensure_example_tree(tmp_path / "tree")
    with TestClient(create_app(Settings(trees={"example": tree}, data_dir=tmp_path / "data"))) as c:
        r = c.post("/api/v1/respins", data={"tree": "example"},
                   files=[("thread", ("thread.mbox", EXAMPLE_THREAD.read_bytes())),
                          ("rule", ("clamp.cocci", CLAMP))])
        assert r.status_code in (201, 202), r.text
        job_id = r.json()["id"]
        job = wait_for(c, job_id, timeout=300)
        assert job["status"] == "done", job.get("error")
        report = c.get(f"/api/v1/respins/{job_id}/report.json").json()
        page = c.get(f"/respins/{job_id}").text
    [user] = [s for s in report["suggestions"] if s["kind"] == "user-rule"]
    assert (user["id"], user["status"], user["rule"]) == ("user.1", "applied", "cocci/user-1-clamp.cocci")
    row = page[page.index('<tr class="st-applied" id="s-user.1">'):]
    row = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row[:row.index("</details>")])).split())
    assert row.startswith("user.1 user rule Clamp with min() accepted applied cocci/user-1-clamp.cocci")
    assert "+ A = min(A, B);" in row
