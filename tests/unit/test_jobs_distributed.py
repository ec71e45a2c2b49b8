"""The parts of the distributed runner that need no Redis: settings, the commits a job carries, archives."""
from __future__ import annotations

import pytest

from app.distributed import celery_app, pack, series_objects, unpack
from app.jobs import JobInputError, JobSpec
from app.pipeline import complete_series
from app.settings import SettingsError, load_settings
from patches.git import Repo
from test_api_support import make_tree


def test_runner_and_broker_settings():
    s = load_settings({"RESPIN_RUNNER": "Celery", "RESPIN_BROKER_URL": "redis://q.example.org:6379/1",
                       "RESPIN_VISIBILITY_TIMEOUT": "90"})
    assert (s.runner, s.broker_url, s.redelivery_after) == ("celery", "redis://q.example.org:6379/1", 90.0)
    assert load_settings({}).runner == "embedded"
    assert load_settings({"RESPIN_JOB_TIMEOUT": "60"}).redelivery_after == 360.0


@pytest.mark.parametrize("vt, lock", [("6", 6), ("2", 5), ("90", 60), ("", 60)])
def test_a_worker_killed_during_the_redelivery_sweep_holds_it_up_for_at_most_a_minute(vt, lock):
    """The broker's sweep that puts a vanished worker's jobs back takes a lock in Redis; a worker killed
    while holding it (SIGKILL, OOM) blocked every redelivery for kombu's default 300 s."""
    env = {"RESPIN_RUNNER": "celery", "RESPIN_BROKER_URL": "redis://127.0.0.1:1/0"}
    opts = celery_app(load_settings({**env, "RESPIN_VISIBILITY_TIMEOUT": vt} if vt else env)).conf.\
        broker_transport_options
    assert opts["unacked_mutex_expire"] == lock


@pytest.mark.parametrize("env, message", [
    ({"RESPIN_RUNNER": "rq"}, "RESPIN_RUNNER: 'rq' is not a runner; use embedded or celery"),
    ({"RESPIN_RUNNER": "celery"},
     "RESPIN_BROKER_URL: RESPIN_RUNNER=celery needs the Redis URL (redis://host:6379/0)"),
    ({"RESPIN_RUNNER": "celery", "RESPIN_BROKER_URL": "amqp://rabbit//"},
     "RESPIN_BROKER_URL: 'amqp://rabbit//' is not a Redis URL (redis://host:6379/0, rediss://... or "
     "unix:///path/redis.sock)"),
])
def test_bad_runner_settings_say_what_to_fix(env, message):
    with pytest.raises(SettingsError) as e:
        load_settings(env)
    assert str(e.value) == message


def test_a_worker_whose_tree_lacks_the_series_fetches_it_from_the_jobs_bundle(tmp_path):
    api_tree = make_tree(tmp_path / "api")
    tip = Repo(api_tree).rev("demo")
    inputs = tmp_path / "job" / "in"
    inputs.mkdir(parents=True)
    spec = series_objects(api_tree, JobSpec(tree="demo", threads=["01-t.mbox"]), inputs)
    assert spec.needs == {"refs/heads/demo": tip}
    assert spec.series_bundle == "series-objects.bundle" and (inputs / spec.series_bundle).is_file()

    # the worker's copy: the base only (cloned without the local shortcut, so no stray objects)
    Repo(tmp_path).run("clone", "-q", "--bare", "--no-local", "--single-branch", "--branch", "master",
                       str(api_tree), str(tmp_path / "worker.git"))
    worker = Repo(tmp_path / "worker.git")
    assert worker.try_rev(tip) == ""
    said: list[str] = []
    complete_series(worker, inputs, spec, lambda stage, msg: said.append(msg))
    assert worker.rev("refs/heads/demo") == tip
    assert said == ["fetched refs/heads/demo from the job's bundle (this worker's copy of the tree lacks it)"]


def test_a_worker_without_the_base_is_told_what_is_missing(tmp_path):
    api_tree = make_tree(tmp_path / "api")
    inputs = tmp_path / "in"
    inputs.mkdir()
    spec = series_objects(api_tree, JobSpec(tree="demo", threads=[], series="base..demo"), inputs)
    assert set(spec.needs) == {"base", "demo", "refs/heads/demo"}
    other = tmp_path / "other"
    other.mkdir()
    (other / "f").write_text("x\n")
    r = Repo(other)
    r.run("init", "-q")
    r.run("add", "f")
    r.run("-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "-m", "unrelated")
    with pytest.raises(JobInputError) as e:
        complete_series(r, inputs, spec, lambda stage, msg: None)
    assert str(e.value).startswith("this worker's copy of the tree 'demo' cannot take the series' objects "
                                   "(it lacks the commits the series is based on; update it): ")


def test_archives_round_trip_and_never_overwrite(tmp_path):
    src = tmp_path / "out"
    (src / "cocci").mkdir(parents=True)
    (src / "series.mbox").write_bytes(b"From x\n")
    (src / "cocci" / "01-r.cocci").write_text("@@\n@@\n")
    blob = pack(src)
    assert unpack(blob, tmp_path / "copy")
    assert (tmp_path / "copy" / "series.mbox").read_bytes() == b"From x\n"
    assert (tmp_path / "copy" / "cocci" / "01-r.cocci").read_text() == "@@\n@@\n"
    assert not unpack(pack(tmp_path / "copy" / "cocci"), tmp_path / "copy")
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == ["cocci", "series.mbox"]
