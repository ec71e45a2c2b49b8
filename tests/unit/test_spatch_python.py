"""Which Python spatch is told to run rules' scripts with (--python), and what a wrong choice says."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cocci import spatch

PINNED_RULE = ("@r@\nidentifier f;\nexpression e;\nposition p : script:python(f) { f == \"kfree\" };\n@@\n"
               "- f@p(e)\n+ kfree_sensitive(e)\n")
SOURCE = ("static void drop_key(struct key_blob *blob)\n{\n\tkfree(blob->key);\n\tkfree(blob);\n}\n")


@pytest.fixture(autouse=True)
def _fresh_probe():
    spatch.python_problem.cache_clear()
    yield
    spatch.python_problem.cache_clear()


def test_the_setting_wins_over_the_debian_interpreter(tmp_path):
    debian = tmp_path / "bin" / "python3"
    debian.parent.mkdir()
    debian.write_text("")
    spatch_bin = str(debian.parent / "spatch")
    assert spatch.python_interpreter(spatch_bin, {"RESPIN_SPATCH_PYTHON": " /opt/py/bin/python3 "},
                                     default=debian) == "/opt/py/bin/python3"
    assert spatch.python_interpreter(spatch_bin, {}, default=debian) == str(debian)


def test_without_the_setting_or_the_debian_interpreter_spatch_searches_itself(tmp_path):
    missing = tmp_path / "bin" / "python3"
    assert spatch.python_interpreter(str(tmp_path / "bin" / "spatch"), {}, default=missing) == ""


def test_a_spatch_built_elsewhere_is_not_handed_the_distributions_python(tmp_path):
    debian = tmp_path / "usr-bin" / "python3"
    debian.parent.mkdir()
    debian.write_text("")
    assert spatch.python_interpreter(str(tmp_path / "local-bin" / "spatch"), {}, default=debian) == ""


@pytest.mark.parametrize("value, says", [
    ("python3", "must be an absolute path"),
    ("/usr/bin/python3; touch /tmp/x", "must be an absolute path"),
    ("/nonexistent/python3", "/nonexistent/python3 is not an executable file"),
])
def test_an_unusable_setting_is_one_line_naming_it(value, says):
    problem = spatch.interpreter_problem(value)
    assert problem.startswith("RESPIN_SPATCH_PYTHON: ") and says in problem and "\n" not in problem


def test_the_python_running_respin_is_a_usable_setting():
    assert spatch.interpreter_problem(str(Path(sys.executable).resolve())) == ""


def test_every_rule_run_names_the_interpreter(monkeypatch):
    monkeypatch.delenv("RESPIN_SPATCH_PYTHON", raising=False)
    cmd = spatch.command()
    assert cmd[0] == shutil.which("spatch")
    expected = spatch.python_interpreter(cmd[0])
    assert cmd[1:] == (["--python", expected] if expected else [])


def test_the_probe_reports_a_missing_interpreter_in_one_line(monkeypatch):
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", "/nonexistent")
    assert spatch.python_problem() == \
        "RESPIN_SPATCH_PYTHON: /nonexistent is not an executable file (e.g. /usr/bin/python3)"


def test_the_probe_reports_an_interpreter_that_is_no_python(monkeypatch):
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", shutil.which("true") or "/bin/true")
    problem = spatch.python_problem()
    assert problem.startswith("spatch cannot run Python scripts with RESPIN_SPATCH_PYTHON=") and "\n" not in problem


def test_a_rule_with_a_python_pin_applies_with_the_chosen_interpreter(tmp_path, monkeypatch):
    if not Path("/usr/bin/python3").exists():
        pytest.skip("no /usr/bin/python3 on this machine")
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", "/usr/bin/python3")
    rule = tmp_path / "r.cocci"
    rule.write_text(PINNED_RULE)
    src = tmp_path / "key.c"
    src.write_text(SOURCE)
    spatch.apply(rule, [src])
    assert src.read_text() == SOURCE.replace("kfree(", "kfree_sensitive(")


def test_a_rule_run_stops_with_the_settings_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("RESPIN_SPATCH_PYTHON", str(tmp_path / "no-python"))
    rule = tmp_path / "r.cocci"
    rule.write_text(PINNED_RULE)
    src = tmp_path / "key.c"
    src.write_text(SOURCE)
    with pytest.raises(spatch.SpatchError, match="RESPIN_SPATCH_PYTHON: .*no-python is not an executable file"):
        spatch.apply(rule, [src])
    assert src.read_text() == SOURCE
