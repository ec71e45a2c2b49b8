"""Shared test fixtures.

Two tiers:
  unit        fast, no kernel tree (small C files and threads written for the project)
  integration the real Linux 6.12 fixture from ../shared/kernel-fixture/build (marked `integration`)
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RESPIN_SHARED", ROOT.parent / "shared"))
FIXTURE_BUILD = SHARED / "kernel-fixture" / "build"
SEED = SHARED / "seed" / "000_538e0289f3678edd.txt"
DATA = Path(__file__).resolve().parent / "data"


def _need_shared() -> None:
    if not FIXTURE_BUILD.exists():
        pytest.skip(f"no kernel fixture: {FIXTURE_BUILD} is missing (this clone has no ../shared)")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The real review mail as pasted from a web archive (read from ../shared, never copied)."""
    if not SEED.exists():
        pytest.skip(f"no seed review: {SEED} is missing (this clone has no ../shared)")
    return SEED.read_text()


@pytest.fixture(scope="session")
def kernel_fixture(tmp_path_factory) -> Path:
    """A real Linux 6.12 tree with the v4 series (tree/, thread.mbox, review.txt), built once a session.

    The tree is shared by every test: tests must treat it as read-only (respin itself never
    modifies a user's tree except to add the new branch; tests that create branches use
    `fresh_fixture` instead)."""
    _need_shared()
    if shutil.which("tar") is None:
        pytest.skip("tar is missing")
    dest = tmp_path_factory.mktemp("fixture")
    r = subprocess.run([str(FIXTURE_BUILD), str(dest)], capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        pytest.fail(f"kernel fixture build failed: {r.stderr.strip() or r.stdout.strip()}")
    return dest


@pytest.fixture
def fresh_fixture(kernel_fixture, tmp_path) -> Path:
    """A private copy of the fixture whose tree a test may add branches to (a bare mirror sharing objects)."""
    dest = tmp_path / "fx"
    dest.mkdir()
    # a bare mirror sharing the objects: same refs (base, hugetlb, hugetlb-v4), no checkout
    subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(kernel_fixture / "tree"),
                    str(dest / "tree")], check=True, timeout=300)
    for f in ("thread.mbox", "review.txt"):
        shutil.copy(kernel_fixture / f, dest / f)
    return dest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)



TARBALL = Path(os.environ.get("RESPIN_KERNEL_TARBALL", "/usr/src/linux-source-6.12.tar.xz"))
_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kernel-fixture"


@pytest.fixture(scope="session")
def kernel_source():
    """Real files of the Linux 6.12 sources: ``kernel_source("drivers/net/foo.c") -> str``.

    The whole tarball is extracted once into the same cache the fixture script uses
    (``~/.cache/kernel-fixture/linux-source-6.12-full``, about a minute the first time);
    skipped, saying so, when Debian's linux-source-6.12 is not installed."""
    full = _CACHE / "linux-source-6.12-full"
    if not (full / ".complete").exists():
        if not TARBALL.exists():
            pytest.skip(f"no Linux sources: {TARBALL} is missing (apt-get install linux-source-6.12)")
        tmp = full.with_name(full.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        r = subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(tmp), "--strip-components=1"],
                           capture_output=True, text=True, timeout=1200)
        if r.returncode != 0:
            pytest.fail(f"extracting {TARBALL} failed: {r.stderr.strip()}")
        (tmp / ".complete").write_text("")
        shutil.rmtree(full, ignore_errors=True)
        tmp.rename(full)

    def read(path: str) -> str:
        f = full / path
        if not f.is_file():
            pytest.fail(f"{path} is not in the Linux 6.12 sources")
        return f.read_text(errors="replace")

    return read
