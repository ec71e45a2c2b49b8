"""A thread fetched by Message-ID or lore URL, from a public-inbox stand-in on 127.0.0.1 (no network)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.example import EXAMPLE_THREAD, ensure_example_tree
from patches import lore
from tests.lore_server import LoreServer, dead_url, without_git_config

COVER = "20260302090000.0-sam@example.org"
REVIEW = "aliceReview1@example.org"


@pytest.fixture(autouse=True)
def quiet_git(tmp_path, monkeypatch):
    without_git_config(tmp_path, monkeypatch)


@pytest.fixture
def server():
    with LoreServer() as s:
        s.add(EXAMPLE_THREAD.read_bytes())
        yield s


@pytest.fixture
def tree(tmp_path_factory) -> Path:
    return ensure_example_tree(tmp_path_factory.mktemp("ex") / "tree")


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("given", [
    COVER, f"<{COVER}>", f"id:{COVER}", f"https://lore.kernel.org/linux-mm/{COVER}/",
    f"https://lore.kernel.org/all/{COVER}/T/#u", f"http://lore.kernel.org/r/{COVER.replace('@', '%40')}",
    f"https://lore.kernel.org/all/{COVER}/t.mbox.gz",
])
def test_message_id_forms(given):
    assert lore.parse_msgid(given) == COVER


@pytest.mark.parametrize("given, said", [
    ("file:///etc/passwd", r"only http\(s\)"),
    ("ftp://lore.kernel.org/all/a@b/", r"only http\(s\)"),
    ("../../etc/passwd", "is not a Message-ID"),
    ("a/b@c", "is not a Message-ID"),
    ("a b@c", "is not a Message-ID"),
    ("x" * 300 + "@example.org", "1 to 250 characters"),
    ("https://lore.kernel.org/all/", "no Message-ID in the URL"),
    ("", "1 to 250 characters"),
])
def test_hostile_message_ids_are_refused(given, said):
    with pytest.raises(lore.LoreError, match=said) as e:
        lore.parse_msgid(given)
    assert e.value.kind == "invalid"


def test_the_archive_in_force():
    assert lore.base_url() == "https://lore.kernel.org/all"
    assert lore.base_url("", "https://lore.example.org/all/%s") == "https://lore.example.org/all"
    assert lore.base_url("", "https://lore.example.org/%s") == "https://lore.example.org/all"
    assert lore.base_url("http://127.0.0.1:9/all/", "https://lore.example.org/all/%s") == "http://127.0.0.1:9/all"
    with pytest.raises(lore.LoreError, match="RESPIN_LORE_URL"):
        lore.base_url("file:///srv/lore")


def test_whole_thread_from_any_of_its_mails(server):
    got = lore.fetch_thread(REVIEW, server.url)
    assert got.count == 6
    assert server.paths == [f"/all/{REVIEW}/t.mbox.gz"]
    assert lore.message_ids(got.mbox)[0] == COVER


def test_mails_of_other_threads_are_left_out(server):
    stray = (b"From x@z Thu Jan  1 00:00:00 1970\nFrom: Other <o@example.org>\nSubject: unrelated\n"
             b"Message-ID: <stray@example.org>\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n\nnot this thread\n")
    server.threads[COVER] = EXAMPLE_THREAD.read_bytes() + stray
    got = lore.fetch_thread(COVER, server.url)
    assert "stray@example.org" not in lore.message_ids(got.mbox) and got.count == 6


def test_unknown_message_id(server):
    with pytest.raises(lore.LoreError, match="has no message with that Message-ID") as e:
        lore.fetch_thread("nobody-wrote-this@example.org", server.url)
    assert e.value.kind == "unknown"


def test_size_is_bounded(server):
    with pytest.raises(lore.LoreError, match="larger than") as e:
        lore.fetch_thread(COVER, server.url, max_bytes=2000)
    assert e.value.kind == "too-large"


def test_a_slow_archive_is_given_up(server, monkeypatch):
    server.threads[COVER] = EXAMPLE_THREAD.read_bytes() * 20     # several KB gzipped
    server.drip = 0.3
    monkeypatch.setattr(lore, "DEADLINE", 0.5)
    with pytest.raises(lore.LoreError, match="took more than") as e:
        lore.fetch_thread(COVER, server.url)
    assert e.value.kind == "unreachable"


def test_run_by_message_id(tree, tmp_path, server, monkeypatch, capsys):
    monkeypatch.setenv("RESPIN_LORE_URL", server.url)
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", f"https://lore.kernel.org/all/{REVIEW}/",
                 "--out", str(out)]) == 0
    assert "branch tinyring-v3" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert [s["status"] for s in report["suggestions"]] == ["applied", "applied", "applied", "skipped"]
    assert "WARN_ON_ONCE(used > r->size);" in git(tree, "show", "tinyring-v3:drivers/misc/tinyring.c")


def test_b4_midmask_of_the_tree_is_the_archive_unless_respin_lore_url_says(tree, tmp_path, server, monkeypatch,
                                                                          capsys):
    git(tree, "config", "b4.midmask", f"{server.url}/%s")
    assert main(["suggestions", "--tree", str(tree), "--thread", COVER]) == 0
    assert "2.4" in capsys.readouterr().out
    monkeypatch.setenv("RESPIN_LORE_URL", dead_url())
    assert main(["suggestions", "--tree", str(tree), "--thread", COVER]) == 2
    assert "cannot reach 127.0.0.1" in capsys.readouterr().err


def test_newer_replies_are_picked_up(tree, tmp_path, server, monkeypatch, capsys):
    """An mbox saved before the review came in: --fetch-newer adds the replies sent since."""
    text = EXAMPLE_THREAD.read_text()
    early = tmp_path / "early.mbox"
    early.write_text(text[:text.index("From bob@example.org")])
    monkeypatch.setenv("RESPIN_LORE_URL", server.url)
    assert main(["suggestions", "--tree", str(tree), "--thread", str(early), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(early), "--fetch-newer", "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "3 reply(ies) the file lacked" in said.err
    report = json.loads((out / "report.json").read_text())
    assert [s["status"] for s in report["suggestions"]] == ["applied", "applied", "applied", "skipped"]
    assert server.paths == [f"/all/{COVER}/t.mbox.gz"]


@pytest.mark.parametrize("why", ["unreachable", "unknown"])
def test_fetch_failures_are_one_line(tree, tmp_path, server, monkeypatch, capsys, why):
    url = server.url if why == "unknown" else dead_url()
    monkeypatch.setenv("RESPIN_LORE_URL", url)
    refs = git(tree, "for-each-ref")
    rc = main(["run", "--tree", str(tree), "--thread", "<nobody-wrote-this@example.org>",
               "--out", str(tmp_path / "out")])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("respin:")]
    assert rc == 2 and len(errors) == 1
    assert ("cannot reach 127.0.0.1" if why == "unreachable" else "has no message with that Message-ID") \
        in errors[0]
    assert not (tmp_path / "out").exists() and git(tree, "for-each-ref") == refs
