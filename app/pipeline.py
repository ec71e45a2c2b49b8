"""One job: scratch repository (+ bundle), then the whole respin pipeline on it.

The job directory holds
    in/threads/*     the uploaded threads
    in/rules/*       user .cocci files
    in/series.bundle a client's git bundle (optional)
    repo/            scratch repository borrowing the named tree's objects (removed afterwards)
    out/             v<N+1>-*.patch, series.mbox, cocci/*.cocci, report.json, interdiff.diff
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from app.bundles import BundleError, fetch_bundle, scratch_repo, unbundle
from app.jobs import JobInputError, JobProgress, JobSpec, Progress
from app.respin import RespinError, RespinRequest, ThreadInput, run_respin
from patches.git import GitError, Repo
from patches.thread import Limits


def _inputs(folder: Path, names: list[str]):
    return [ThreadInput(name=n.split("-", 1)[-1], data=(folder / n).read_bytes()) for n in names]


def view_of(result, report: dict) -> dict:
    """What the web page shows besides report.json: the author's words and the quoted lines."""
    extra = {s.id: {"response_text": s.response_text, "quoted": list(s.quoted), "code": list(s.code),
                    "summary": s.summary} for s in getattr(result, "suggestions", [])}
    return {"suggestions": {sid: e for sid, e in extra.items()},
            "patches": [{"number": p.get("number"), "file": p.get("file")} for p in report.get("patches", [])]}


def complete_series(repo: Repo, inputs: Path, spec: JobSpec, progress: Progress) -> None:
    """Give the scratch repository the commits the job needs, as the submitting service saw them.

    A worker on another machine has its own copy of the named tree, which may lack the series (or
    hold an older version of its branch): the series' objects come from the bundle stored with the
    job, and each needed ref is set to the commit the service resolved.  JobInputError names what
    is still missing."""
    if not spec.needs:
        return
    lacking = [name for name, sha in spec.needs.items() if not repo.try_rev(sha)]
    if spec.series_bundle and (lacking or any(repo.try_rev(n) != sha for n, sha in spec.needs.items()
                                              if n.startswith("refs/"))):
        try:
            unbundle(repo, inputs / spec.series_bundle)      # made by the service: its refs are set below
        except GitError as e:
            raise JobInputError(f"this worker's copy of the tree '{spec.tree}' cannot take the series' "
                                f"objects (it lacks the commits the series is based on; update it): "
                                f"{' '.join(str(e).split())[:300]}") from None
        progress("parsing", f"fetched {', '.join(lacking)} from the job's bundle (this worker's copy of the tree "
                            f"lacks it)" if lacking else "updated the series' refs from the job's bundle")
    for name, sha in spec.needs.items():
        if name.startswith("refs/") and repo.try_rev(sha):
            repo.run("update-ref", name, sha)
    lacking = [f"{name} ({sha[:12]})" for name, sha in spec.needs.items() if not repo.try_rev(sha)]
    if lacking:
        raise JobInputError(f"this worker's copy of the tree '{spec.tree}' lacks {', '.join(lacking[:5])}: "
                            f"update it (git fetch) or upload a bundle of the series")


def run_job(job_dir: Path, spec: JobSpec, tree: Path, progress: Progress) -> tuple[dict, dict]:
    """Run the respin pipeline for one job; JobInputError for input the user must fix."""
    progress("parsing", "preparing a scratch repository")
    try:
        # the operator's commit whose scripts run (checkpatch.pl): resolved in the configured tree itself,
        # before the bundle or the thread's mails add anything to the scratch repository
        tools = Repo(tree).try_rev("HEAD")
        repo = scratch_repo(tree, job_dir / "repo")
        if spec.bundle:
            refs = fetch_bundle(repo, job_dir / "in" / spec.bundle)
            progress("parsing", f"fetched the bundle: {', '.join(refs)}")
        complete_series(repo, job_dir / "in", spec, progress)
    except BundleError as e:
        raise JobInputError(str(e)) from None
    except GitError as e:
        raise JobInputError(f"could not prepare the tree '{spec.tree}': {e}") from None
    out = job_dir / "out"
    request = RespinRequest(tree=repo.path, threads=_inputs(job_dir / "in" / "threads", spec.threads),
                            out=out, series=spec.series, base=spec.base,
                            rules=_inputs(job_dir / "in" / "rules", spec.rules),
                            exclude=set(spec.exclude), only_accepted=spec.only_accepted,
                            progress=progress, tools_rev=tools, checkpatch=bool(tools),
                            branch=spec.branch, force=spec.force,
                            limits=Limits.from_json(spec.limits) if spec.limits else Limits(),
                            check=progress.check if isinstance(progress, JobProgress) else None,
                            committer=os.environ.get("RESPIN_COMMITTER", ""),
                            early_checkpatch=False)     # the worker pool fills the cores: perl runs at the end
    try:
        result = run_respin(request)
    except RespinError as e:
        raise JobInputError(str(e)) from None
    except GitError as e:
        raise JobInputError(str(e)) from None
    report_file = out / "report.json"
    report = json.loads(report_file.read_text()) if report_file.is_file() else result.to_json()
    if not report_file.is_file():
        out.mkdir(parents=True, exist_ok=True)
        report_file.write_text(json.dumps(report, indent=2) + "\n")
    return report, view_of(result, report)
