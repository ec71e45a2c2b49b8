"""Checking a submission and storing it as a queued job (shared by the API and the web form).

Everything here is cheap: the thread is sniffed, not parsed; revisions are
resolved with one `git rev-parse`; a bundle's prerequisites are checked with
`git bundle verify`.  Files are written to a staging directory and moved into
place only when every check passed, so a rejected request leaves nothing.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from dataclasses import dataclass, field

from app.bundles import BundleError, is_bundle, verify_bundle
from app.deps import Services
from app.jobs import Job, JobSpec, new_id
from cocci.user import untrusted_problem
from patches import thread
from patches.thread import is_binary
from patches.git import GitError, Repo, open_repo

SUGGESTION_ID = re.compile(r"^\d{1,4}\.\d{1,4}$")
MAIL_HEADER = re.compile(r"^(From|Subject|Date|Message-I[Dd]|To|Cc|In-Reply-To):[ \t]*\S", re.M)
MBOX_FROM = re.compile(r"^From \S+", re.M)
PATCH_TAG = re.compile(rb"\[[^\]\n]{0,40}\bPATCH\b[^\]\n]{0,60}\]|^[> ]*diff --git ", re.M | re.I)


class SubmitError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class Submission:
    tree: str
    threads: list[Upload]
    series: str = ""
    base: str = ""
    bundle: Upload | None = None
    rules: list[Upload] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    only_accepted: bool = False
    parent: str = ""
    branch: str = ""
    force: bool = False
    msgid: str = ""                 # a Message-ID or archive URL: the thread is fetched at submission
    fetch_newer: bool = False       # add the replies the archive has that the uploaded threads lack


LORE_STATUS = {"invalid": 422, "unknown": 422, "too-large": 413, "unreachable": 502}


def fetch_threads(services: Services, sub: Submission) -> list[Upload]:
    """The threads SUB asks to fetch from the archive (RESPIN_LORE_URL, else the tree's b4.midmask, else
    lore): the thread of SUB.msgid, and with SUB.fetch_newer the replies the uploaded files lack.  They
    are stored with the job's inputs like uploads, so a rerun reads the same mails."""
    if not sub.msgid.strip() and not sub.fetch_newer:
        return []
    from patches import lore

    out: list[Upload] = []
    try:
        base = lore.base_url(services.settings.lore_url, _midmask(services, sub.tree))
        limit = services.settings.max_upload_bytes
        if sub.msgid.strip():
            msgid = lore.parse_msgid(sub.msgid)
            got = lore.fetch_thread(msgid, base, max_bytes=limit)
            out.append(Upload(f"lore-{safe_name(msgid, 'thread')}.mbox", got.mbox))
        if sub.fetch_newer:
            for up in sub.threads:
                root = lore.thread_root(up.data)
                if not root:
                    raise SubmitError(422, f"thread '{up.name}' has no Message-ID to fetch its newer replies by")
                got = lore.fetch_thread(root, base, max_bytes=limit)
                data, n = lore.missing_replies([u.data for u in sub.threads + out], got.mbox)
                if n:
                    out.append(Upload(f"newer-{safe_name(root, 'thread')}.mbox", data))
    except lore.LoreError as e:
        raise SubmitError(LORE_STATUS.get(e.kind, 422), f"thread by Message-ID: {e}") from None
    return out


def _midmask(services: Services, tree: str) -> str:
    """git config b4.midmask as the tree (and the service's user) has it; "" when unset."""
    path = services.trees.get(tree)
    if path is None:
        return ""
    try:
        return open_repo(path).run("config", "--get", "b4.midmask", check=False).stdout.strip()
    except GitError:
        return ""


def safe_name(name: str, default: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:80]
    return base or default


def check_thread(up: Upload) -> None:
    """422/415 unless UP looks like mail text: an mbox, a .eml, or a thread pasted from a list archive."""
    label = f"thread '{up.name}'"
    if not up.data.strip():
        raise SubmitError(422, f"{label} is empty: upload the mbox or .eml of the review, or paste its text")
    if is_binary(up.data):
        raise SubmitError(415, f"{label} is a binary file: upload the review as text (mbox, .eml or pasted mail)")
    try:
        text = up.data.decode("utf-8")
    except UnicodeDecodeError:
        text = up.data.decode("latin-1")
        controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > len(text[:65536]) // 100:
            raise SubmitError(415, f"{label} is a binary file: upload the review as text "
                                   f"(mbox, .eml or pasted mail)") from None
    headers = {m.group(1).lower() for m in MAIL_HEADER.finditer(text[:1_000_000])}
    if "from" not in headers and not MBOX_FROM.search(text[:1_000_000]):
        raise SubmitError(422, f"{label} does not look like a mail: expected headers such as 'From:' and "
                               f"'Subject:' (an mbox, a .eml, or the text of the mail as a list archive shows it)")


def check_thread_limits(services: Services, threads: list[Upload]) -> None:
    """413/422 when the threads hold more mails, longer lines or deeper quoting than the service reads
    (RESPIN_MAX_MESSAGES, RESPIN_MAX_LINE_LENGTH, RESPIN_MAX_QUOTE_DEPTH): one linear pass, no parsing."""
    limits = services.settings.thread_limits
    count = 0
    try:
        for t in threads:
            count += thread.check_file(f"thread '{t.name}'", t.data, limits)
    except thread.ThreadLimitError as e:
        raise SubmitError(e.status, str(e)) from None
    if count > limits.messages:
        raise SubmitError(413, f"the threads hold {count:,} mails together, more than the {limits.messages:,} "
                               f"this service reads in one request: upload only the series' thread")


def check_rev(text: str, what: str) -> list[str]:
    """The revisions named by TEXT ('a..b', 'a...b' or 'a'); 422 when it cannot be a revision range."""
    if len(text) > 200 or re.search(r"[\s\x00-\x1f]", text):
        raise SubmitError(422, f"{what} '{text[:60]}' is not a revision (give e.g. v6.12..my-series)")
    parts = re.split(r"\.\.\.?", text, maxsplit=1) if ".." in text else [text]
    revs = [p for p in parts if p]
    if not revs or any(p.startswith("-") or not re.fullmatch(r"[A-Za-z0-9._/@{}^~+-]+", p) for p in revs):
        raise SubmitError(422, f"{what} '{text[:60]}' is not a revision (give e.g. v6.12..my-series)")
    return revs


_OPENED: dict[Path, Repo] = {}     # configured tree path -> the repository open_repo found there


def _still_a_repo(repo: Repo) -> bool:
    """REPO (found by open_repo before) still has what a git directory starts from: checked without
    running git, which every submission would otherwise start (the configured path is resolved again,
    so a symlink pointed at another tree is opened anew)."""
    return (repo.path / ".git").exists() or (repo.path / "HEAD").is_file()


def tree_repo(services: Services, name: str) -> Repo:
    if name not in services.trees:
        known = ", ".join(sorted(services.trees)) or "none"
        raise SubmitError(422, f"unknown tree '{name[:60]}': pick one of the configured trees ({known}); "
                               f"GET /api/v1/trees lists them")
    path = Path(services.trees[name])
    known_repo = _OPENED.get(path)
    if known_repo is not None and path.expanduser().resolve() == known_repo.path and _still_a_repo(known_repo):
        return known_repo
    try:
        repo = open_repo(path)
    except GitError as e:
        _OPENED.pop(path, None)
        raise SubmitError(503, f"the tree '{name}' is misconfigured on the server ({e}); tell the administrator") from e
    _OPENED[path] = repo
    return repo


def check_size(services: Services, sub: Submission) -> None:
    s = services.settings
    count = len(sub.threads) + len(sub.rules) + (1 if sub.bundle else 0)
    if count > s.max_files:
        raise SubmitError(413, f"too many files: {count} (this service takes at most {s.max_files} a request)")
    total = sum(len(u.data) for u in sub.threads + sub.rules) + (len(sub.bundle.data) if sub.bundle else 0)
    if total > s.max_upload_bytes:
        raise SubmitError(413, f"upload too large: {total / 1048576:.1f} MB (limit {s.max_upload_mb:g} MB)")


def check_threads(services: Services, threads: list[Upload]) -> None:
    """422 when there is no thread, a thread is not mail text or holds no patch; 413 over the limits."""
    if not threads:
        raise SubmitError(422, "no thread: upload the review thread (mbox, .eml), paste its text, or give "
                               "the Message-ID of one of its mails")
    for t in threads:
        check_thread(t)
    if not any(PATCH_TAG.search(t.data[:4_000_000]) for t in threads):
        raise SubmitError(422, "no patch in the thread: respin needs the [PATCH] mails of the series or the "
                               "replies to them (subjects such as 'Re: [PATCH v4 2/3] ...')")
    check_thread_limits(services, threads)


def check_rules(rules: list[Upload]) -> None:
    """422 when a rule is not a .cocci text file or asks for what an uploaded rule may not do."""
    for r in rules:
        if b"\x00" in r.data or not r.data.strip():
            raise SubmitError(422, f"rule '{r.name}' is not a .cocci text file")
        problem = untrusted_problem(r.data.decode("utf-8", "replace"))
        if problem:
            raise SubmitError(422, f"rule '{r.name[:80]}' is refused: {problem}")


def check_options(repo: Repo, sub: Submission) -> None:
    """422 for a bad branch name, suggestion id, or a bundle that is not one."""
    if sub.branch and (len(sub.branch) > 200 or sub.branch.startswith("-") or repo.run(
            "check-ref-format", f"refs/heads/{sub.branch}", check=False).returncode != 0):
        raise SubmitError(422, f"branch '{sub.branch[:60]}' is not a valid branch name")
    bad = [x for x in sub.exclude if not SUGGESTION_ID.match(x)]
    if bad:
        raise SubmitError(422, f"exclude: '{bad[0][:20]}' is not a suggestion id (like 2.3)")
    if sub.bundle is not None and not is_bundle(sub.bundle.data[:32]):
        raise SubmitError(422, f"bundle '{sub.bundle.name}' is not a git bundle (make one with: "
                               f"git bundle create series.bundle <base>..<branch>)")


def check_revisions(repo: Repo, sub: Submission) -> None:
    """422 when the series or base is not a revision range, or (without a bundle) not in the tree."""
    for value, what in ((sub.series, "series"), (sub.base, "base")):
        if not value:
            continue
        revs = check_rev(value, what)
        if sub.bundle is None:
            for rev in revs:
                if not repo.try_rev(rev):
                    raise SubmitError(422, f"{what} '{value[:80]}': '{rev[:60]}' is not a commit in the tree "
                                           f"'{sub.tree}' (upload a bundle of your series if it lives elsewhere)")


def _write_uploads(folder: Path, uploads: list[Upload], default: str) -> list[str]:
    """Write UPLOADS into FOLDER under numbered safe names; the names."""
    names = []
    for i, u in enumerate(uploads, 1):
        n = f"{i:02d}-{safe_name(u.name, default)}"
        (folder / n).write_bytes(u.data)
        names.append(n)
    return names


def _stage(services: Services, repo: Repo, sub: Submission, staging: Path) -> JobSpec:
    """Write SUB's files into STAGING (a new directory) and verify its bundle; the job's spec."""
    (staging / "in" / "threads").mkdir(parents=True)
    (staging / "in" / "rules").mkdir()
    threads = _write_uploads(staging / "in" / "threads", sub.threads, "thread.txt")
    rules = _write_uploads(staging / "in" / "rules", sub.rules, "rule.cocci")
    bundle = ""
    if sub.bundle is not None:
        bundle = "series.bundle"
        (staging / "in" / bundle).write_bytes(sub.bundle.data)
        try:
            verify_bundle(repo.path, staging / "in" / bundle, sub.tree)
        except BundleError as e:
            raise SubmitError(422, str(e)) from None
    return JobSpec(tree=sub.tree, threads=threads, series=sub.series, base=sub.base, bundle=bundle,
                   rules=rules, exclude=sorted(set(sub.exclude)), only_accepted=sub.only_accepted,
                   parent=sub.parent, branch=sub.branch, force=sub.force,
                   limits=services.settings.thread_limits.to_json())


def create_job(services: Services, sub: Submission) -> Job:
    """Check SUB and queue it; SubmitError (status, message) when it cannot run."""
    check_size(services, sub)
    repo = tree_repo(services, sub.tree)
    sub.threads = sub.threads + fetch_threads(services, sub)
    check_threads(services, sub.threads)
    check_rules(sub.rules)
    check_options(repo, sub)
    check_revisions(repo, sub)
    jid = new_id()
    jobs = services.settings.jobs_dir
    staging = jobs / f".incoming-{jid}"
    try:
        spec = _stage(services, repo, sub, staging)
        staging.rename(jobs / jid)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return services.runner.submit(spec, jid)


def resubmission(services: Services, parent: Job, exclude: list[str]) -> Submission:
    """A new submission with PARENT's inputs and another set of unticked suggestions."""
    d = services.settings.jobs_dir / parent.id / "in"
    threads = [Upload(n.split("-", 1)[-1], (d / "threads" / n).read_bytes()) for n in parent.spec.threads]
    rules = [Upload(n.split("-", 1)[-1], (d / "rules" / n).read_bytes()) for n in parent.spec.rules]
    bundle = Upload("series.bundle", (d / parent.spec.bundle).read_bytes()) if parent.spec.bundle else None
    return Submission(tree=parent.spec.tree, threads=threads, series=parent.spec.series, base=parent.spec.base,
                      bundle=bundle, rules=rules, exclude=exclude, only_accepted=parent.spec.only_accepted,
                      parent=parent.id, branch=parent.spec.branch, force=parent.spec.force)
