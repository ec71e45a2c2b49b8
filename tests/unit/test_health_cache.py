"""The command line's tool check is remembered on disk while nothing it depends on changes."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from app import health
from app.cli import main
from cocci import spatch


def _clear() -> None:
    spatch.version.cache_clear()
    spatch.python_problem.cache_clear()
    health._git_version.cache_clear()


@pytest.fixture
def tools(tmp_path, monkeypatch) -> Path:
    """A PATH whose spatch and git are copies of the real ones (so that a test can change their mtime);
    perl and python3 from /usr/bin, the cache under a private XDG_CACHE_HOME."""
    for name in ("spatch", "git"):
        real = shutil.which(name)
        if real is None:
            pytest.skip(f"{name} is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("spatch", "git"):
        shutil.copy2(str(shutil.which(name)), bin_dir / name)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if Path("/usr/bin/python3").exists():
        monkeypatch.setenv("RESPIN_SPATCH_PYTHON", "/usr/bin/python3")
    _clear()
    yield bin_dir
    _clear()


def _stored() -> dict:
    """The newest check stored."""
    path = health.tools_cache()
    assert path is not None
    return json.loads(path.read_text())["checks"][0]


def test_a_successful_check_is_stored_and_then_not_run_again(tools):
    assert health.before_run() == ([], [])
    stored = _stored()
    assert stored["spatch"] == spatch.version() and stored["key"] == health.tools_key()
    _clear()
    assert health.before_run() == ([], [])
    assert spatch.python_problem.cache_info().currsize == 0      # the probe did not run: the cache answered
    assert spatch.version.cache_info().currsize == 0


def test_a_binary_with_another_mtime_is_checked_again(tools):
    assert health.before_run() == ([], [])
    before = _stored()["key"]
    st = (tools / "spatch").stat()
    os.utime(tools / "spatch", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    _clear()
    assert health.before_run() == ([], [])
    assert spatch.python_problem.cache_info().currsize == 1      # the probe ran again
    after = _stored()["key"]
    assert after != before and after["spatch"][3] == st.st_mtime_ns + 10**9


def test_two_installations_keep_their_checks(tools, monkeypatch):
    # another respin (a second checkout or venv) checks with its own key: each stays remembered
    assert health.before_run() == ([], [])
    mine = health.tools_key()
    other = {**mine, "code": [["/srv/respin/app/health.py", "/srv/respin/app/health.py", 1, 2]]}
    with monkeypatch.context() as m:
        m.setattr(health, "tools_key", lambda env=None: other)
        _clear()
        assert health.before_run() == ([], [])
        assert spatch.python_problem.cache_info().currsize == 1  # the other installation checked once
    _clear()
    assert health.before_run() == ([], [])
    assert spatch.python_problem.cache_info().currsize == 0      # and the first one's check still holds
    path = health.tools_cache()
    assert path is not None and len(json.loads(path.read_text())["checks"]) == 2


def test_a_failing_check_is_not_stored_and_is_reported_every_time(tools, monkeypatch):
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", "/nonexistent")
    for _ in range(2):
        _clear()
        assert health.before_run() == (["RESPIN_SPATCH_PYTHON: /nonexistent is not an executable file "
                                         "(e.g. /usr/bin/python3)"], [])
        path = health.tools_cache()
        assert path is not None and not path.exists()


def test_a_stored_success_does_not_hide_a_tool_that_broke_since(tools, monkeypatch):
    assert health.before_run() == ([], [])
    (tools / "spatch").unlink()
    monkeypatch.setenv("PATH", f"{tools}:/nonexistent")          # no spatch anywhere now
    _clear()
    fatal, _ = health.before_run()
    assert fatal == ["spatch is not installed (Debian: apt-get install coccinelle)"]


def test_a_cache_that_cannot_be_read_or_written_is_ignored(tools, tmp_path):
    unreadable = tmp_path / "cache" / "respin" / "tools.json"
    unreadable.parent.mkdir(parents=True)
    unreadable.write_text("{not json")
    assert health.before_run() == ([], [])
    assert _stored()["key"] == health.tools_key()                # replaced by a good one
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    _clear()
    assert health.before_run(cache=blocked / "tools.json") == ([], [])


def test_the_cache_lives_in_the_users_cache_directory():
    assert health.cache_dir({"XDG_CACHE_HOME": "/var/cache/u1", "HOME": "/home/u1"}) == Path("/var/cache/u1/respin")
    assert health.cache_dir({"XDG_CACHE_HOME": "relative", "HOME": "/home/u1"}) == Path("/home/u1/.cache/respin")
    assert health.cache_dir({}) is None


def test_respin_run_stops_with_the_one_line_problem(tools, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", "/nonexistent")
    thread = tmp_path / "t.mbox"
    thread.write_text("")
    assert main(["run", "--tree", str(tmp_path), "--thread", str(thread), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == \
        "respin: RESPIN_SPATCH_PYTHON: /nonexistent is not an executable file (e.g. /usr/bin/python3)\n"
