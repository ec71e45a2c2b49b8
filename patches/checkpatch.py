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

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from patches.git import Repo

TIMEOUT = 300
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


def _check(args: list[str], mails: dict[str, Path], cwd: Path) -> tuple[list[dict], str]:
    """checkpatch's findings on MAILS (the name each has in CWD -> the patch file) in one perl run, and
    what went wrong running it ('' when nothing).  Findings name the patch file."""
    names = ", ".join(f.name for f in mails.values())
    try:
        r = subprocess.run([*args, *mails], capture_output=True, text=True, cwd=cwd, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return [], f"checkpatch.pl timed out on {names}"
    found: list[dict] = []
    for line in r.stdout.splitlines():
        m = _FINDING.match(line.strip())
        if m and m.group("file") in mails:
            found += parse(line, mails[m.group("file")].name)
    if r.returncode not in (0, 1) or (r.returncode == 1 and not found):
        return found, f"checkpatch.pl failed on {names}: {r.stderr.strip()[:300]}"
    return found, ""


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
    files = {path: repo.try_read_blob(rev, path) for path in DATA_FILES}
    if files["scripts/checkpatch.pl"] is None:
        return _empty("no-checkpatch", "the tree has no scripts/checkpatch.pl (at its own HEAD or tools revision)")
    summary = _empty("ok")
    with tempfile.TemporaryDirectory(prefix="respin-checkpatch-") as d:
        scripts = Path(d) / "scripts"
        scripts.mkdir()
        for path, data in files.items():
            if data is not None:
                (Path(d) / path).write_bytes(data)
        script = scripts / "checkpatch.pl"
        args = [perl, str(script), "--no-tree", "--terse", "--show-types", "--no-summary", "--color=never"]
        if strict:
            args.append("--strict")
        read = [(Path(f), Path(f).read_text(errors="replace")) for f in patch_files]
        mails = [(f, text) for f, text in read if _is_patch(text)]      # cover letters: nothing to check
        # each patch under a plain name of its own in the scratch directory: findings start "<name>:<line>:"
        named = {}
        for i, (f, _) in enumerate(mails, 1):
            shutil.copyfile(f, Path(d) / f"{i:04d}.patch")
            named[f"{i:04d}.patch"] = f
        if strict or any(_LINKER_HEADER.search(text) for _, text in mails):
            # --strict: CAMELCASE is reported once per run; a linker-script header's symbols are remembered
            # for the patches after it.  One perl per patch, two at a time.
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda n: _check(args, {n: named[n]}, Path(d)), named))
        else:
            # all patches in one run, as `checkpatch.pl v5-*.patch` (perl compiles the script once)
            results = [_check(args, named, Path(d))] if named else []
        for found, problem in results:
            if problem:
                summary["status"] = "failed"
                summary["reason"] = problem
            summary["findings"].extend(found)
    for item in summary["findings"]:
        key = {"ERROR": "errors", "WARNING": "warnings", "CHECK": "checks"}[item["level"]]
        summary[key] += 1
    return summary


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
