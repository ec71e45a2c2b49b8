"""Service configuration: environment variables, optionally a TOML file saying the same.

    RESPIN_TREES          name=path[,name=path...]   kernel git trees the service may use
    RESPIN_DATA_DIR       jobs and results (default ./.respin-data)
    RESPIN_API_TOKEN      when set, every API call and the form need "Authorization: Bearer <token>"
    RESPIN_MAX_UPLOAD_MB  largest request body (default 20)
    RESPIN_MAX_FILES      most files in one request (default 20)
    RESPIN_MAX_MESSAGES   most mails in the thread files of one request (default 20000)
    RESPIN_MAX_QUOTE_DEPTH  most '>' markers before a line of a thread (default 40)
    RESPIN_MAX_LINE_LENGTH  longest line of a thread, in characters (default 20000)
    RESPIN_JOB_TTL_HOURS  finished jobs older than this are deleted (default 168)
    RESPIN_WORKERS        jobs run at the same time (default 2; a `respin worker` process: its concurrency)
    RESPIN_RUNNER         embedded (default: jobs run in the service's process, SQLite)
                          or celery (jobs run by `respin worker` processes on any machine)
    RESPIN_BROKER_URL     redis://host:6379/0: the Celery broker and the shared job store (RESPIN_RUNNER=celery)
    RESPIN_VISIBILITY_TIMEOUT  seconds before the broker hands a job whose worker vanished to another
                          worker (default: the job timeout + 300)
    RESPIN_COMMITTER      'Name <address>' committing the commits jobs make (default: each commit's author)
    RESPIN_LORE_URL       the public-inbox archive a thread is fetched from by Message-ID (default: the tree's
                          git config b4.midmask, else https://lore.kernel.org/all)
    RESPIN_SPATCH_PYTHON  the python3 spatch runs rules' scripts with (read by cocci/spatch.py, environment only;
                          default /usr/bin/python3 when spatch is Debian's)
    RESPIN_CONFIG         a TOML file with the same keys in lower case, without the prefix:
                              data_dir = "/var/lib/respin"
                              [trees]
                              linux = "/srv/linux"
Environment variables win over the file.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from patches.thread import Limits

TREE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class SettingsError(ValueError):
    """A configuration value is wrong; the message names the variable and says what it expects."""


@dataclass(frozen=True)
class Settings:
    trees: dict[str, Path] = field(default_factory=dict)
    data_dir: Path = Path(".respin-data")
    api_token: str = ""
    max_upload_mb: float = 20.0
    max_files: int = 20
    max_messages: int = Limits.messages
    max_quote_depth: int = Limits.quote_depth
    max_line_length: int = Limits.line_length
    job_ttl_hours: float = 168.0
    workers: int = 2
    example: bool = False           # register the project's example tree as "example" when no tree is set
    job_timeout: float = 1800.0     # seconds one job may run
    runner: str = "embedded"        # embedded | celery
    broker_url: str = ""            # redis://... (runner celery)
    visibility_timeout: float = 0.0  # 0 = job_timeout + 300
    lore_url: str = ""              # public-inbox archive for threads given by Message-ID ("" = b4.midmask / lore)

    def __post_init__(self) -> None:
        # relative paths mean: from where the service was started (git runs elsewhere, with -C)
        object.__setattr__(self, "data_dir", Path(self.data_dir).expanduser().absolute())
        object.__setattr__(self, "trees", {k: Path(v).expanduser().absolute() for k, v in self.trees.items()})

    @property
    def redelivery_after(self) -> float:
        """Seconds after which the broker redelivers a job whose worker vanished."""
        return self.visibility_timeout or self.job_timeout + 300

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def thread_limits(self) -> Limits:
        """How much thread one request may hold (413/422 at submission, checked again when read)."""
        return Limits(messages=self.max_messages, quote_depth=self.max_quote_depth,
                      line_length=self.max_line_length)

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "jobs.sqlite3"


def parse_trees(text: str, source: str = "RESPIN_TREES") -> dict[str, Path]:
    """'linux=/srv/linux,mm=/srv/mm' -> {"linux": Path("/srv/linux"), ...}."""
    trees: dict[str, Path] = {}
    for item in (p.strip() for p in text.split(",")):
        if not item:
            continue
        name, sep, path = item.partition("=")
        name, path = name.strip(), path.strip()
        if not sep or not path:
            raise SettingsError(f"{source}: '{item}' is not name=path")
        if not TREE_NAME.match(name):
            raise SettingsError(f"{source}: tree name '{name}' may only hold letters, digits, '.', '_' and '-'")
        trees[name] = Path(path).expanduser()
    return trees


def _number(value: object, key: str, kind: type, minimum: float) -> float | int:
    try:
        n = kind(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{key}: '{value}' is not a {'whole ' if kind is int else ''}number") from None
    if n < minimum:
        raise SettingsError(f"{key}: {n} is below the minimum {minimum}")
    return n


def _from_mapping(values: Mapping[str, object], label: Callable[[str], str], base: Settings) -> Settings:
    s = base
    if "trees" in values:
        t = values["trees"]
        if isinstance(t, str):
            s = replace(s, trees=parse_trees(t, label("trees")))
        elif isinstance(t, Mapping):
            s = replace(s, trees=parse_trees(",".join(f"{k}={v}" for k, v in t.items()), label("trees")))
        else:
            raise SettingsError(f"{label('trees')}: trees must be a table or a 'name=path,...' string")
    if "data_dir" in values:
        s = replace(s, data_dir=Path(str(values["data_dir"])).expanduser())
    if "api_token" in values:
        s = replace(s, api_token=str(values["api_token"]))
    numbers: list[tuple[str, type, float]] = [("max_upload_mb", float, 0.001), ("max_files", int, 1)] + \
        [(key, int, 1) for key in LIMIT_KEYS] + [("job_ttl_hours", float, 0), ("workers", int, 1),
                                                  ("job_timeout", float, 1)]
    for key, kind, least in numbers:
        if key in values:
            s = replace(s, **{key: kind(_number(values[key], label(key), kind, least))})
    if "runner" in values:
        runner = str(values["runner"]).strip().lower()
        if runner not in RUNNERS:
            raise SettingsError(f"{label('runner')}: '{values['runner']}' is not a runner; use "
                                + " or ".join(RUNNERS))
        s = replace(s, runner=runner)
    if "broker_url" in values:
        url = str(values["broker_url"]).strip()
        if url and not url.startswith(BROKER_SCHEMES):
            raise SettingsError(f"{label('broker_url')}: '{url[:60]}' is not a Redis URL "
                                f"(redis://host:6379/0, rediss://... or unix:///path/redis.sock)")
        s = replace(s, broker_url=url)
    s = _with_lore_url(values, label, s)
    if "visibility_timeout" in values:
        s = replace(s, visibility_timeout=float(_number(values["visibility_timeout"], label("visibility_timeout"),
                                                        float, 1)))
    return s


def _with_lore_url(values: Mapping[str, object], label: Callable[[str], str], s: Settings) -> Settings:
    if "lore_url" not in values:
        return s
    url = str(values["lore_url"]).strip()
    if url and not re.match(r"^https?://[^/\s]+", url):
        raise SettingsError(f"{label('lore_url')}: '{url[:60]}' is not an http(s) URL of a public-inbox "
                            f"archive (e.g. https://lore.kernel.org/all)")
    return replace(s, lore_url=url)


RUNNERS = ("embedded", "celery")
LIMIT_KEYS = ("max_messages", "max_quote_depth", "max_line_length")
BROKER_SCHEMES = ("redis://", "rediss://", "unix://")


ENV_KEYS = ("trees", "data_dir", "api_token", "max_upload_mb", "max_files", "job_ttl_hours", "workers",
            "job_timeout", "runner", "broker_url", "visibility_timeout", "lore_url") + LIMIT_KEYS


def thread_limits_from_env(env: Mapping[str, str] | None = None) -> Limits:
    """The thread limits alone, from RESPIN_MAX_MESSAGES/_QUOTE_DEPTH/_LINE_LENGTH (the command line
    reads threads with these and needs nothing else of the service's configuration)."""
    env = os.environ if env is None else env
    values = {k: env[f"RESPIN_{k.upper()}"] for k in LIMIT_KEYS if env.get(f"RESPIN_{k.upper()}", "").strip()}
    return _from_mapping(values, lambda k: f"RESPIN_{k.upper()}", Settings()).thread_limits


def lore_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """RESPIN_LORE_URL alone, checked ("" when unset): the command line needs nothing else."""
    env = os.environ if env is None else env
    value = env.get("RESPIN_LORE_URL", "").strip()
    return _from_mapping({"lore_url": value}, lambda k: f"RESPIN_{k.upper()}", Settings()).lore_url \
        if value else ""


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from RESPIN_CONFIG (TOML) and then the RESPIN_* environment variables.

    With no tree configured anywhere, the project's example tree is registered as "example"."""
    env = os.environ if env is None else env
    s = Settings()
    config = env.get("RESPIN_CONFIG", "").strip()
    if config:
        import tomllib          # only a configuration file needs it (not `respin run`)
        path = Path(config).expanduser()
        try:
            values = tomllib.loads(path.read_text())
        except FileNotFoundError:
            raise SettingsError(f"RESPIN_CONFIG: {path} does not exist") from None
        except tomllib.TOMLDecodeError as e:
            raise SettingsError(f"RESPIN_CONFIG: {path} is not valid TOML: {e}") from None
        unknown = sorted(set(values) - set(ENV_KEYS))
        if unknown:
            raise SettingsError(f"RESPIN_CONFIG: unknown key(s) {', '.join(unknown)}; known: {', '.join(ENV_KEYS)}")
        s = _from_mapping(values, lambda k: f"{path}: {k}", s)
    from_env = {k: env[f"RESPIN_{k.upper()}"] for k in ENV_KEYS if env.get(f"RESPIN_{k.upper()}", "").strip()}
    s = _from_mapping(from_env, lambda k: f"RESPIN_{k.upper()}", s)
    if s.runner == "celery" and not s.broker_url:
        raise SettingsError("RESPIN_BROKER_URL: RESPIN_RUNNER=celery needs the Redis URL (redis://host:6379/0)")
    if not s.trees:
        s = replace(s, example=True)
    return s
