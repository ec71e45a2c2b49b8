from pathlib import Path

import pytest

from app.settings import Settings, SettingsError, load_settings, parse_trees


def test_environment():
    s = load_settings({"RESPIN_TREES": "linux=/srv/linux, mm=/srv/mm", "RESPIN_DATA_DIR": "/var/lib/respin",
                       "RESPIN_API_TOKEN": "t", "RESPIN_MAX_UPLOAD_MB": "5", "RESPIN_MAX_FILES": "3",
                       "RESPIN_JOB_TTL_HOURS": "2", "RESPIN_WORKERS": "4"})
    assert s == Settings(trees={"linux": Path("/srv/linux"), "mm": Path("/srv/mm")},
                         data_dir=Path("/var/lib/respin"), api_token="t", max_upload_mb=5.0, max_files=3,
                         job_ttl_hours=2.0, workers=4)
    assert s.max_upload_bytes == 5 * 1024 * 1024


def test_defaults_register_the_example():
    s = load_settings({})
    assert (s.trees, s.example, s.data_dir) == ({}, True, Path(".respin-data").absolute())


def test_toml_file_and_environment_wins(tmp_path):
    f = tmp_path / "respin.toml"
    f.write_text('data_dir = "/data"\nworkers = 3\n[trees]\nlinux = "/srv/linux"\n')
    s = load_settings({"RESPIN_CONFIG": str(f), "RESPIN_WORKERS": "1"})
    assert (s.trees, s.data_dir, s.workers, s.example) == ({"linux": Path("/srv/linux")}, Path("/data"), 1, False)


@pytest.mark.parametrize("env,message", [
    ({"RESPIN_TREES": "linux"}, "RESPIN_TREES: 'linux' is not name=path"),
    ({"RESPIN_TREES": "../x=/srv"}, "RESPIN_TREES: tree name '../x' may only hold"),
    ({"RESPIN_WORKERS": "many"}, "RESPIN_WORKERS: 'many' is not a whole number"),
    ({"RESPIN_MAX_FILES": "0"}, "RESPIN_MAX_FILES: 0 is below the minimum 1"),
    ({"RESPIN_MAX_MESSAGES": "lots"}, "RESPIN_MAX_MESSAGES: 'lots' is not a whole number"),
    ({"RESPIN_MAX_QUOTE_DEPTH": "0"}, "RESPIN_MAX_QUOTE_DEPTH: 0 is below the minimum 1"),
    ({"RESPIN_CONFIG": "/nonexistent/respin.toml"}, "RESPIN_CONFIG: /nonexistent/respin.toml does not exist"),
])
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(SettingsError) as e:
        load_settings(env)
    assert str(e.value).startswith(message)


def test_thread_limits_from_the_environment_and_the_file(tmp_path):
    from patches.thread import Limits
    assert load_settings({}).thread_limits == Limits() == Limits(messages=20_000, quote_depth=40, line_length=20_000)
    f = tmp_path / "respin.toml"
    f.write_text("max_messages = 500\nmax_line_length = 4000\n")
    s = load_settings({"RESPIN_CONFIG": str(f), "RESPIN_MAX_QUOTE_DEPTH": "12", "RESPIN_MAX_LINE_LENGTH": "8000"})
    assert s.thread_limits == Limits(messages=500, quote_depth=12, line_length=8000)


def test_unknown_toml_key(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("treez = 1\n")
    with pytest.raises(SettingsError, match="unknown key\\(s\\) treez"):
        load_settings({"RESPIN_CONFIG": str(f)})


def test_parse_trees_keeps_order():
    assert list(parse_trees("b=/b,a=/a")) == ["b", "a"]


def test_relative_paths_are_taken_from_where_the_service_starts(tmp_path, monkeypatch):
    from app.settings import load_settings
    monkeypatch.chdir(tmp_path)
    s = load_settings({"RESPIN_DATA_DIR": "data", "RESPIN_TREES": "linux=trees/linux"})
    assert s.data_dir == tmp_path / "data"
    assert s.trees == {"linux": tmp_path / "trees" / "linux"}
    assert load_settings({}).data_dir == tmp_path / ".respin-data"
