"""The v4 hugetlb review fetched by Message-ID from a public-inbox stand-in on 127.0.0.1 serving the
fixture's thread (built from ../shared): the same suggestions as from the mbox file."""
from __future__ import annotations

import json

import pytest

from app.cli import main
from patches import lore
from tests.lore_server import LoreServer

REVIEW = "b7e2c1d0-9f3a-4c55-a1de-5d3c0ffee402@kernel.org"     # the reviewer's reply to 02/03


@pytest.fixture
def served(kernel_fixture, tmp_path, monkeypatch):
    cfg = tmp_path / "gitconfig"
    cfg.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    with LoreServer("linux-mm") as s:
        ids = s.add((kernel_fixture / "thread.mbox").read_bytes())
        if REVIEW not in ids:
            pytest.skip("the fixture's thread has no mail with the review's Message-ID")
        monkeypatch.setenv("RESPIN_LORE_URL", s.url)
        yield s, ids


def test_fixture_thread_by_lore_url(kernel_fixture, served, capsys):
    server, ids = served
    got = lore.fetch_thread(REVIEW, server.url)
    assert lore.message_ids(got.mbox) == ids
    tree = str(kernel_fixture / "tree")
    assert main(["suggestions", "--tree", tree, "--thread", str(kernel_fixture / "thread.mbox"), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["suggestions", "--tree", tree, "--json", "--thread",
                 f"https://lore.kernel.org/linux-mm/{REVIEW}/T/#u"]) == 0
    assert json.loads(capsys.readouterr().out) == from_file and len(from_file) >= 13
