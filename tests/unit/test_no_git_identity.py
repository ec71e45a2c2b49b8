"""respin on a machine where git has no identity: an empty HOME, no global or system config, no user.name.

user.useConfigOnly makes git refuse to guess an identity from the host name, so any git call that would
fall back to the machine's identity fails here on every machine, not only on those whose host name has
no domain.  respin run, the REST job (the real pipeline) and respin send --dry-run must all work.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.example import EXAMPLE_THREAD, ensure_example_tree
from app.main import create_app
from app.settings import Settings
from test_api_support import wait_for

IDENTITY_VARS = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
                 "RESPIN_COMMITTER", "GIT_CONFIG_PARAMETERS")


@pytest.fixture
def no_identity(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    for var in IDENTITY_VARS:
        monkeypatch.delenv(var, raising=False)


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def example_without_identity(dest: Path) -> Path:
    """The example tree with the identity its builder writes into .git/config taken out again."""
    tree = ensure_example_tree(dest)
    git(tree, "config", "--unset", "user.name")
    git(tree, "config", "--unset", "user.email")
    return tree


def test_the_machine_has_no_identity_here(no_identity, tmp_path):
    tree = example_without_identity(tmp_path / "tree")
    r = subprocess.run(["git", "-C", str(tree), "var", "GIT_COMMITTER_IDENT"], capture_output=True, text=True)
    assert r.returncode != 0


def test_run_and_send_dry_run_without_a_git_identity(no_identity, tmp_path, capsys):
    tree = example_without_identity(tmp_path / "tree")
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out)]) == 0
    assert "branch tinyring-v3" in capsys.readouterr().out
    # the rebuilt commits carry the series' author, and that author commits them too
    assert git(tree, "log", "--format=%an <%ae>|%cn <%ce>", "base..tinyring-v3").splitlines() == \
        ["Sam Author <sam@example.org>|Sam Author <sam@example.org>"] * 2

    assert main(["send", str(out), "--to", "list@example.org", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "Dry-OK. Log says:" in said
    assert "From: Sam Author <sam@example.org>" in said
    assert "would send 3 mail(s) to list@example.org" in said


def test_committer_is_configurable(no_identity, tmp_path, monkeypatch, capsys):
    tree = example_without_identity(tmp_path / "tree")
    monkeypatch.setenv("RESPIN_COMMITTER", "Maintainer Bot <bot@example.net>")
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(tmp_path / "a")]) == 0
    assert git(tree, "log", "--format=%an|%cn <%ce>", "base..tinyring-v3").splitlines() == \
        ["Sam Author|Maintainer Bot <bot@example.net>"] * 2
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(tmp_path / "b"),
                 "--force", "--committer", "Other Person <other@example.net>"]) == 0
    assert git(tree, "log", "-1", "--format=%cn <%ce>", "tinyring-v3").strip() == "Other Person <other@example.net>"
    capsys.readouterr()
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(tmp_path / "c"),
                 "--force", "--committer", "just-an-address@example.net"]) == 2
    assert "committer 'just-an-address@example.net' is not of the form 'Full Name <address@example.org>'" \
        in capsys.readouterr().err


@pytest.mark.parametrize("extra", [{"series": "base..tinyring"}, {"base": "base"}], ids=["series", "base"])
def test_rest_job_without_a_git_identity(no_identity, tmp_path, extra):
    """The real pipeline, in the service's scratch repository (which has no config of its own); with
    `base` the thread's mails are committed there first."""
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", example=True))) as c:
        assert c.get("/api/v1/health").status_code == 200
        r = c.post("/api/v1/respins", data={"tree": "example", **extra},
                   files={"thread": ("thread.mbox", EXAMPLE_THREAD.read_bytes())})
        assert r.status_code == 202
        job = wait_for(c, r.json()["id"], timeout=240)
        assert (job["status"], job["error"]) == ("done", "")
        mbox = c.get(f"/api/v1/respins/{job['id']}/series.mbox").text
        assert mbox.count("From: Sam Author <sam@example.org>") == 3
