"""The one place respin runs Coccinelle's spatch.

Argument lists, a timeout on every call, --very-quiet.  Rules run on copies of
the files they concern (in a scratch directory), never on the user's tree.

Every run names the Python interpreter (``--python``, see ``python_interpreter``): without it spatch
looks for ``python3`` on PATH through a shell and asks it, ldd and ``ldconfig -p`` where libpython is,
each time a rule has a Python script constraint (respin's line pins do).
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

TIMEOUT = 120
MACROS = Path(__file__).resolve().parent / "macros" / "respin.h"
PYTHON_SETTING = "RESPIN_SPATCH_PYTHON"
# Debian's coccinelle runs rules' Python with the distribution's python3 (it Depends on python3; the
# libpython3.X.so it loads comes from libpython3.X-dev, for that same version)
DEBIAN_PYTHON = Path("/usr/bin/python3")
# spatch hands the interpreter to a shell unquoted: a path with other characters is refused
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9._+/-]*")


class SpatchError(RuntimeError):
    """spatch is missing, timed out, or rejected a rule; the message says which."""


class SpatchTimeout(SpatchError):
    """spatch ran past its time limit (a second try of the same rule would too)."""


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def binary() -> str:
    path = shutil.which("spatch")
    if not path:
        raise SpatchError("spatch is not installed (Debian: apt-get install coccinelle)")
    return path


def python_interpreter(spatch: str, env: Mapping[str, str] | None = None, default: Path = DEBIAN_PYTHON) -> str:
    """The interpreter SPATCH runs rules' Python with: RESPIN_SPATCH_PYTHON when set, else DEFAULT (Debian's
    python3) when it exists and SPATCH is the distribution's (in the same directory), else "" (spatch then
    searches PATH itself, as a spatch built elsewhere against another Python needs)."""
    env = os.environ if env is None else env
    chosen = env.get(PYTHON_SETTING, "").strip()
    if chosen:
        return chosen
    packaged = Path(spatch).resolve().parent == default.parent.resolve()
    return str(default) if packaged and default.is_file() else ""


def interpreter_problem(python: str) -> str:
    """"" when PYTHON can be handed to spatch, else what is wrong with it (one line naming the setting)."""
    if not _PLAIN_PATH.fullmatch(python):
        return (f"{PYTHON_SETTING}: '{python[:100]}' must be an absolute path of letters, digits and "
                f"'/._+-' (e.g. /usr/bin/python3)")
    path = Path(python)
    if not path.is_file() or not os.access(path, os.X_OK):
        return f"{PYTHON_SETTING}: {python} is not an executable file (e.g. /usr/bin/python3)"
    return ""


def command() -> list[str]:
    """The start of every spatch command line that may run a rule: spatch and the interpreter it is to
    use (``python_interpreter``).  SpatchError when spatch is missing or the interpreter unusable."""
    spatch = binary()
    python = python_interpreter(spatch)
    if not python:
        return [spatch]
    problem = interpreter_problem(python)
    if problem:
        raise SpatchError(problem)
    return [spatch, "--python", python]


@functools.lru_cache(maxsize=1)
def version() -> str:
    """'1.1.1', or SpatchError when spatch is missing."""
    r = _run([binary(), "--version"], timeout=30)
    m = re.search(r"spatch version (\S+)", r.stdout + r.stderr)
    return m.group(1) if m else "unknown"


PYTHON_PROBE = ("@r@\nidentifier f;\nposition p : script:python(f) { f == \"probe\" };\n@@\n* f@p(...)\n",
                "int probe(void);\nint caller(void) { return probe(); }\n")


@functools.lru_cache(maxsize=1)
def python_problem() -> str:
    """"" when spatch runs rules with Python script constraints (respin's rules use them), else what is
    wrong and which Debian package to install (spatch loads libpython3.X.so, from libpython3.X-dev)."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="respin-probe-") as d:
        (Path(d) / "probe.cocci").write_text(PYTHON_PROBE[0])
        (Path(d) / "probe.c").write_text(PYTHON_PROBE[1])
        try:
            r = _run([*command(), "--very-quiet", "--sp-file", "probe.cocci", "probe.c"], timeout=60,
                     cwd=Path(d))
        except SpatchError as e:
            return str(e)
    if r.returncode == 0 and "-int caller(void)" in r.stdout:
        return ""
    said = (r.stderr + r.stdout).strip()
    lib = re.search(r"libpython(3\.\d+)", said)
    if "Py.find_library" in said or lib:
        pkg = f"libpython{lib.group(1)}-dev" if lib else "libpython3-dev"
        return (f"spatch cannot run Python scripts (it finds no libpython{lib.group(1) if lib else '3'}.so): "
                f"apt-get install {pkg}")
    first = said.splitlines()[0][:200] if said else f"exit {r.returncode}"
    chosen = os.environ.get(PYTHON_SETTING, "").strip()
    if chosen:
        return f"spatch cannot run Python scripts with {PYTHON_SETTING}={chosen} (a python3?): spatch said {first}"
    return f"spatch cannot run Python scripts: {first}"


def _run(cmd: list[str], timeout: float, cwd: Path | None = None) -> Result:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        raise SpatchTimeout(f"spatch timed out after {timeout:.0f}s") from e
    except FileNotFoundError as e:
        raise SpatchError("spatch is not installed (Debian: apt-get install coccinelle)") from e
    return Result(r.returncode, r.stdout, r.stderr)


MAX_WIDTH = 80


def _common() -> list[str]:
    # spatch re-wraps a printed line wider than 78 columns; the kernel's limit is 80 (coding-style.rst)
    args = ["--very-quiet", "--no-show-diff", "--timeout", str(TIMEOUT - 10), "--max-width", str(MAX_WIDTH)]
    if MACROS.exists():
        args += ["--macro-file", str(MACROS)]
    return args


def apply(sp_file: Path, files: list[Path], in_place: bool = True, extra: list[str] | None = None,
          timeout: float = TIMEOUT) -> Result:
    """Run the semantic patch SP_FILE on FILES (copies in a scratch dir), editing them in place."""
    if not files:
        raise SpatchError("no files to run the rule on")
    cmd = [*command(), "--sp-file", str(sp_file), *_common()]
    if in_place:
        cmd.append("--in-place")
    cmd += list(extra or [])
    cmd += [str(f) for f in files]
    r = _run(cmd, timeout)
    if r.returncode != 0:
        raise SpatchError(f"spatch failed on {sp_file.name}: {_first_error(r)}")
    return r


def parse_cocci(sp_file: Path, timeout: float = 60) -> str:
    """'' when SP_FILE is valid SmPL, else spatch's complaint (one line)."""
    virtual = re.findall(r"(?m)^virtual\s+(.*)$", sp_file.read_text(errors="replace"))
    defines = ["-D", "patch"] if any(re.search(r"\bpatch\b", v) for v in virtual) else []
    r = _run([*command(), "--parse-cocci", *defines, str(sp_file)], timeout)
    return "" if r.returncode == 0 else _first_error(r)


@dataclass(frozen=True)
class ParseReport:
    error_lines: tuple[int, ...]  # 1-based lines where spatch reported a parse error
    bad: int                      # spatch's "nb bad" count (lines it could not parse)

    @property
    def ok(self) -> bool:
        return self.bad == 0 and not self.error_lines


def parse_c(file: Path, timeout: float = 60) -> ParseReport:
    """What `spatch --parse-c` says of FILE.  A function that does not parse is skipped whole by
    every rule (and spatch still exits 0), so callers compare this before and after."""
    cmd = [*command(), "--parse-c", str(file)]
    if MACROS.exists():
        cmd[-1:-1] = ["--macro-file", str(MACROS)]
    r = _run(cmd, timeout)
    out = r.stdout + r.stderr
    # errors inside the macro files spatch reads (standard.h) name those files: not ours
    lines = {int(m.group(2)) for m in re.finditer(r'parse error\s*\n\s*= File "([^"]*)", line (\d+)', out)
             if Path(m.group(1)).name == file.name}
    m = re.search(r"nb bad = (\d+)", out)
    return ParseReport(tuple(sorted(lines)), int(m.group(1)) if m else 0)


def _first_error(r: Result) -> str:
    """spatch's complaint, without its chatter (warnings, the builtins file it read)."""
    text = (r.stderr or r.stdout).strip()
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not ln.startswith(("Warning:", "warning:", "init_defs_builtins:"))]
    for line in lines:
        if re.search(r"error|Error|minus|plus|parse|Fatal|exception|not supported|unknown", line):
            return line
    return lines[-1] if lines else f"exit {r.returncode}"
