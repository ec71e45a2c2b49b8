"""checkpatch.pl, as the operator's tree ships it, on the new patches.

The script and the data files it reads (scripts/spelling.txt,
scripts/const_structs.checkpatch) are read from the tree's object database at
REV and extracted into a temp dir; checkpatch runs there with ``--no-tree``, so
bare repositories work and the user's checkout is never looked at.  Missing
perl or a tree without scripts/checkpatch.pl is a status, not a crash.

REV is the tree's own commit (its HEAD as the run started), never the tip of the
new series: that tip is made of the thread's patch mails or an uploaded bundle,
and a patch that edits scripts/checkpatch.pl must not choose the Perl that runs.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from patches.git import Repo

TIMEOUT = 300
_EARLY_MAX = 200    # patches an early perl is started for at most (one pipe each)
DATA_FILES = ("scripts/checkpatch.pl", "scripts/spelling.txt", "scripts/const_structs.checkpatch")

_LINKER_HEADER = re.compile(r"^\+\+\+ \S*vmlinux\.lds\.h\s*$", re.M)
_FINDING = re.compile(r"^(?P<file>[^:\n]+?):(?:(?P<line>\d+):)?\s*(?P<level>ERROR|WARNING|CHECK):"
                      r"(?:(?P<type>[A-Z0-9_]+):)?\s*(?P<message>.*)$")


def _empty(status: str, reason: str = "") -> dict:
    return {"status": status, "reason": reason, "errors": 0, "warnings": 0, "checks": 0, "findings": []}


def status(state: str, reason: str) -> dict:
    """A summary that says checkpatch was not run, and why."""
    return _empty(state, reason)


def parse(output: str, file: str) -> list[dict]:
    """Findings of ``checkpatch.pl --terse --show-types`` OUTPUT for the patch FILE."""
    found = []
    for line in output.splitlines():
        m = _FINDING.match(line.strip())
        if m:
            found.append({"file": file, "line": int(m.group("line")) if m.group("line") else None,
                          "level": m.group("level"), "type": m.group("type") or "",
                          "message": m.group("message").strip()})
    return found


def _is_patch(text: str) -> bool:
    return "\ndiff --git " in text or text.startswith("diff --git ")


def _findings(returncode: int, stdout: str, stderr: str, mails: dict[str, Path]) -> tuple[list[dict], str]:
    """The findings of a perl run of checkpatch on MAILS (the name each has in its directory -> the patch
    file), named by the patch file, and what went wrong ('' when nothing), from how the run ended."""
    names = ", ".join(f.name for f in mails.values())
    found: list[dict] = []
    for line in stdout.splitlines():
        m = _FINDING.match(line.strip())
        if m and m.group("file") in mails:
            found += parse(line, mails[m.group("file")].name)
    if returncode not in (0, 1) or (returncode == 1 and not found):
        return found, f"checkpatch.pl failed on {names}: {stderr.strip()[:300]}"
    return found, ""


def _timed_out(mails: dict[str, Path]) -> tuple[list[dict], str]:
    return [], f"checkpatch.pl timed out on {', '.join(f.name for f in mails.values())}"


def _check(args: list[str], mails: dict[str, Path], cwd: Path) -> tuple[list[dict], str]:
    """checkpatch's findings on MAILS (the name each has in CWD -> the patch file) in one perl run, and
    what went wrong running it ('' when nothing).  Findings name the patch file."""
    try:
        r = subprocess.run([*args, *mails], capture_output=True, text=True, cwd=cwd, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return _timed_out(mails)
    return _findings(r.returncode, r.stdout, r.stderr, mails)


def perl_problem() -> str:
    """"" when perl can run checkpatch.pl (the modules it loads beyond perl-base come with Debian's perl)."""
    perl = shutil.which("perl")
    if perl is None:
        return "perl is not installed, checkpatch.pl cannot run (apt-get install perl)"
    r = subprocess.run([perl, "-MTerm::ANSIColor", "-MEncode", "-MGetopt::Long", "-e", "1"], capture_output=True,
                       text=True, timeout=30)
    if r.returncode != 0:
        return "perl lacks the modules checkpatch.pl loads (apt-get install perl)"
    return ""


def _scripts(repo: Repo, rev: str) -> dict[str, bytes | None]:
    """DATA_FILES as REV has them (None for a file it lacks)."""
    return {path: repo.try_read_blob(rev, path) for path in DATA_FILES}


def _lay_out(d: Path, files: dict[str, bytes | None], perl: str, strict: bool) -> list[str]:
    """FILES written under D; the command line that runs their checkpatch.pl, the patches' names aside."""
    (d / "scripts").mkdir()
    for path, data in files.items():
        if data is not None:
            (d / path).write_bytes(data)
    args = [perl, str(d / "scripts" / "checkpatch.pl"), "--no-tree", "--terse", "--show-types", "--no-summary",
            "--color=never"]
    return [*args, "--strict"] if strict else args


def _patch_mails(patch_files: list[Path]) -> list[tuple[Path, str]]:
    """The mails of PATCH_FILES that hold a patch (cover letters: nothing to check), with their text."""
    read = [(Path(f), Path(f).read_text(errors="replace")) for f in patch_files]
    return [(f, text) for f, text in read if _is_patch(text)]


def _one_run(strict: bool, mails: list[tuple[Path, str]]) -> bool:
    """Whether MAILS go to one perl run.  --strict: CAMELCASE is reported once per run; a linker-script
    header's symbols are remembered for the patches after it: then each patch has a run of its own."""
    return not strict and not any(_LINKER_HEADER.search(text) for _, text in mails)


def _summary(results: list[tuple[list[dict], str]]) -> dict:
    summary = _empty("ok")
    for found, problem in results:
        if problem:
            summary["status"] = "failed"
            summary["reason"] = problem
        summary["findings"].extend(found)
    for item in summary["findings"]:
        key = {"ERROR": "errors", "WARNING": "warnings", "CHECK": "checks"}[item["level"]]
        summary[key] += 1
    return summary


def run(repo: Repo, rev: str, patch_files: list[Path], strict: bool = False) -> dict:
    """checkpatch.pl from REV on every patch in PATCH_FILES (cover letters are skipped).

    Returns {"status": "ok" | "no-perl" | "no-checkpatch" | "failed", "reason",
    "errors", "warnings", "checks", "findings": [{"file", "line", "level", "type",
    "message"}]}.  STRICT adds ``--strict`` (the CHECK level).

    The patches go to one perl run, as ``checkpatch.pl v5-*.patch`` (perl compiles the 7,000-line script
    once, not once a patch); with STRICT, or when a patch touches a linker-script header, each patch has a
    run of its own, because checkpatch then carries what it saw in one patch into the next.
    """
    perl = shutil.which("perl")
    if perl is None:
        return _empty("no-perl", "perl is not installed, checkpatch.pl was not run (apt-get install perl)")
    files = _scripts(repo, rev)
    if files["scripts/checkpatch.pl"] is None:
        return _empty("no-checkpatch", "the tree has no scripts/checkpatch.pl (at its own HEAD or tools revision)")
    with tempfile.TemporaryDirectory(prefix="respin-checkpatch-") as d:
        args = _lay_out(Path(d), files, perl, strict)
        mails = _patch_mails(patch_files)
        # each patch under a plain name of its own in the scratch directory: findings start "<name>:<line>:"
        named = {}
        for i, (f, _) in enumerate(mails, 1):
            shutil.copyfile(f, Path(d) / f"{i:04d}.patch")
            named[f"{i:04d}.patch"] = f
        if not _one_run(strict, mails):
            # one perl per patch, two at a time
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda n: _check(args, {n: named[n]}, Path(d)), named))
        else:
            # all patches in one run, as `checkpatch.pl v5-*.patch` (perl compiles the script once)
            results = [_check(args, named, Path(d))] if named else []
    return _summary(results)


class Early:
    """checkpatch.pl started before the patches it checks are written, so that perl compiles the script
    and reads its data files while the series is still being made: its file arguments are pipes
    (/dev/fd/N, one per patch), and `finish` writes each patch into its pipe when the mails exist.  For
    a caller that has a core to spare (the command line); the service's job processes fill the cores.
    A perl whose patches never come (the run failed, or was killed) reads empty files and ends.

    The findings are those `run` reports: the same script and options, each patch's bytes, one perl
    run (checkpatch names a file only at the start of its lines, which say whose finding it is).  When
    `run` would not make one run of exactly COUNT patches, or perl failed, `finish` answers None and the
    caller runs `run`, which says it in its words.  `close` stops perl and removes the scratch directory."""

    def __init__(self, scratch: tempfile.TemporaryDirectory, proc: subprocess.Popen, names: list[str],
                 pipes: list[int]):
        self._scratch, self._proc, self._names, self._pipes = scratch, proc, names, pipes
        self._written = False

    @classmethod
    def start(cls, repo: Repo, rev: str, count: int) -> Early | None:
        """A perl running REV's checkpatch.pl on COUNT patches still to come; None when there is nothing
        to start (no perl, no checkpatch.pl, no patch or too many, no /dev/fd): `run` then says why."""
        perl = shutil.which("perl")
        if perl is None or not 0 < count <= _EARLY_MAX or not os.path.isdir("/dev/fd"):
            return None
        files = _scripts(repo, rev)
        if files["scripts/checkpatch.pl"] is None:
            return None
        scratch = tempfile.TemporaryDirectory(prefix="respin-checkpatch-")
        ends: list[tuple[int, int]] = []
        try:
            args = _lay_out(Path(scratch.name), files, perl, strict=False)
            for _ in range(count):
                ends.append(os.pipe())
            names = [f"/dev/fd/{r}" for r, _ in ends]
            # its output read as subprocess.run(text=True) reads run's (the locale's encoding, universal newlines)
            proc = subprocess.Popen([*args, *names], cwd=scratch.name, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    pass_fds=[r for r, _ in ends])
        except OSError:
            for _, w in ends:
                os.close(w)
            scratch.cleanup()
            return None
        finally:
            for r, _ in ends:       # perl has its own: a write to a pipe it left fails instead of waiting
                os.close(r)
        return cls(scratch, proc, names, [w for _, w in ends])

    def finish(self, patch_files: list[Path]) -> dict | None:
        """`run`'s summary for PATCH_FILES, or None when this perl cannot give it (another number of
        patches, a patch that needs a run of its own, perl failed or ended before it read them all)."""
        mails = _patch_mails(patch_files)
        if len(mails) != len(self._names) or not _one_run(False, mails) or self._proc.poll() is not None:
            return None
        named = dict(zip(self._names, (f for f, _ in mails), strict=True))
        writer = threading.Thread(target=self._write, args=([f.read_bytes() for f, _ in mails],), daemon=True)
        writer.start()          # a patch larger than a pipe holds waits for perl to read the ones before it
        try:
            stdout, stderr = self._proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            writer.join()
            return _summary([_timed_out(named)])
        writer.join()
        found, problem = _findings(self._proc.returncode, stdout, stderr, named)
        return _summary([(found, "")]) if self._written and not problem else None

    def _write(self, patches: list[bytes]) -> None:
        """Each of PATCHES into its pipe, in order, each pipe closed after it (the end of that file)."""
        try:
            for data in patches:
                with open(self._pipes.pop(0), "wb") as pipe:
                    pipe.write(data)
            self._written = True
        except BrokenPipeError:     # perl ended before reading them all
            pass

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()
        while self._pipes:
            os.close(self._pipes.pop())
        self._scratch.cleanup()

    def __enter__(self) -> Early:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def format_summary(summary: dict) -> str:
    """Lines to print: one per finding, then "checkpatch: 0 errors, 1 warnings, 0 checks"."""
    if summary.get("status") not in ("ok", "failed"):
        return f"checkpatch: not run: {summary.get('reason', summary.get('status'))}"
    rows = [f"{x['file']}:{x['line'] or ''}: {x['level']}:{x['type']}: {x['message']}" for x in summary["findings"]]
    rows.append(f"checkpatch: {summary['errors']} errors, {summary['warnings']} warnings, "
                f"{summary['checks']} checks")
    if summary.get("status") == "failed":
        rows.append(f"checkpatch: {summary['reason']}")
    return "\n".join(rows)
