"""schemathesis against /openapi.json of the running service: no input makes it answer 5xx."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_service_support import service

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_api_support import make_tree  # noqa: E402


def test_no_server_errors(tmp_path):
    st = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(st).exists():
        pytest.skip("schemathesis is not installed (pip install -e .[test])")
    tree = make_tree(tmp_path / "tree")
    with service({"demo": tree}, tmp_path / "data") as url:
        r = subprocess.run([st, "run", f"{url}/openapi.json", "--checks", "not_a_server_error",
                            "--max-examples", "30"], capture_output=True, text=True, timeout=600,
                           cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-3000:]
