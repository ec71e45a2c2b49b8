"""The whole pipeline, one call: thread(s) + tree -> v5 series.

    read threads -> review (suggestions) -> rules -> edits (spatch) -> series (rebase) -> mails

Callers (the CLI, the service) build a RespinRequest and get a RespinResult or
a RespinError whose message is one line naming the bad input.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path
from typing import Callable, ContextManager

from app.errors import RespinError
from cocci import apply as apply_mod, linediff, propagate, rules as rules_mod, user as user_mod
from cocci.recipes import _evidence as E
from patches.ctext import norm, split_lines
from patches.ctext.names import rename_tokens
from cocci.recipe import CodeContext
from cocci.tidy import tidy
from patches import (ccasks, checkpatch, conversation, diffs, dropping, mail, msgedit, review as review_mod,
                     series as series_mod, tagasks, thread, trailers)
from patches import b4prep, msgfix, placement
from patches.anchor import resolve_anchors
from patches.git import GitError, Ident, Repo, open_repo, parse_ident
from patches.model import Edit, Response, RespinResult, Review, Rule, Status, Suggestion

Progress = Callable[[str, str], None]   # (stage, message); stages: parsing, rules, spatch, rebase, mails, checkpatch


@dataclass
class ThreadInput:
    name: str           # file name as given (for messages)
    data: bytes


@dataclass
class RespinRequest:
    tree: Path
    threads: list[ThreadInput]
    out: Path
    series: str = ""                # "base..hugetlb"; "" = find from the thread's subjects
    base: str = ""                  # where to `git am` the vN mails when the tree lacks them
    rules: list[ThreadInput] = field(default_factory=list)   # user .cocci files
    trusted_rules: bool = False     # RULES are the local user's own (CLI): scripting is allowed
    exclude: set[str] = field(default_factory=set)           # suggestion ids the user unticked
    propagate: bool = False
    only_accepted: bool = False     # apply only what the author answered "ok" to (default: all not declined)
    force: bool = False             # overwrite an existing <branch>-v5
    branch: str = ""                # name of the new branch ("" = <branch>-v<N+1>)
    tools_rev: str = ""             # the tree's own commit whose scripts/checkpatch.pl runs ("" = HEAD at start);
                                    # never the new series, which is made of mails or an uploaded bundle
    checkpatch: bool = True         # False: the tree has no commit of its own to take checkpatch.pl from
    early_checkpatch: bool = False  # start checkpatch.pl (perl's compile) before the edits, to be given the
                                    # patches when written: for a run with a core to spare (the CLI), not
                                    # for the service, whose job processes fill the cores already
    committer: str = ""             # "Name <address>" for the commits respin makes ("" = each commit's author);
                                    # the machine's git identity is never used
    progress: Progress | None = None
    limits: thread.Limits | None = None     # how much thread to read at most (None: no bound)
    check: Callable[[], None] | None = None  # called between steps of reading; raises to stop the job


def lore_base(tree: Path, configured: str = "") -> str:
    """The archive threads are fetched from: CONFIGURED (RESPIN_LORE_URL), else the tree's git config
    b4.midmask (as b4 reads it), else lore; RespinError when the one in force is not an http(s) URL."""
    from patches import lore as lore_mod      # only a thread given by Message-ID needs the archive (and urllib)

    midmask = ""
    if not configured.strip():
        try:
            midmask = open_repo(tree).run("config", "--get", "b4.midmask", check=False).stdout.strip()
        except GitError:
            midmask = ""
    try:
        return lore_mod.base_url(configured, midmask)
    except lore_mod.LoreError as e:
        raise RespinError(str(e)) from None


def thread_by_msgid(ref: str, base: str, max_bytes: int | None = None) -> ThreadInput:
    """The whole thread of REF (a Message-ID or an archive URL) from BASE, as one mbox input (at most
    MAX_BYTES, default lore's MAX_BYTES)."""
    from patches import lore as lore_mod

    try:
        msgid = lore_mod.parse_msgid(ref)
        got = lore_mod.fetch_thread(msgid, base, max_bytes=lore_mod.MAX_BYTES if max_bytes is None else max_bytes)
    except lore_mod.LoreError as e:
        raise RespinError(f"thread {ref.strip()[:100]}: {e}") from None
    return ThreadInput(f"lore-{re.sub(r'[^A-Za-z0-9._@-]', '_', msgid)[:80]}.mbox", got.mbox)


def newer_replies(given: list[ThreadInput], base: str, max_bytes: int | None = None) -> list[ThreadInput]:
    """For each thread file of GIVEN, the mails of its thread in the archive that the file lacks (the
    replies sent after it was saved), one input per file that has any."""
    from patches import lore as lore_mod

    out = []
    for t in given:
        root = lore_mod.thread_root(t.data)
        if not root:
            raise RespinError(f"thread {t.name} has no Message-ID to fetch its newer replies by "
                              "(pasted text): give the mbox, or the Message-ID itself")
        fetched = thread_by_msgid(root, base, max_bytes)
        data, n = lore_mod.missing_replies([x.data for x in given], fetched.data)
        if n:
            out.append(ThreadInput(f"newer-{fetched.name}", data))
    return out


def committer_of(req: RespinRequest) -> Ident | None:
    """REQ.committer as an Ident (None: each commit's author commits it); RespinError when malformed."""
    if not req.committer.strip():
        return None
    try:
        return parse_ident(req.committer)
    except GitError as e:
        raise RespinError(str(e)) from None


def _say(req: RespinRequest, stage: str, msg: str) -> None:
    if req.progress:
        req.progress(stage, msg)


def _open(req: RespinRequest) -> Repo:
    try:
        return open_repo(req.tree)
    except GitError as e:
        raise RespinError(str(e)) from None


def read(req: RespinRequest, repo: Repo | None = None):
    """Stage 1-2: threads -> Review with the series located in the tree (no rules yet).

    Returns (repo, review); REPO is REQ.tree when the caller has opened it.  Used by `respin suggestions`
    and by run_respin."""
    if repo is None:
        repo = _open(req)
    if not req.threads:
        raise RespinError("no thread given: pass the review thread (mbox, .eml or pasted text)")
    _say(req, "parsing", f"reading {len(req.threads)} thread file(s)")
    try:
        messages = thread.read_messages([(t.name, t.data) for t in req.threads], req.limits, req.check)
        conv = conversation.build(messages)
        series_range = b4prep.skip_cover(repo, req.series) if req.series else ""
        review = review_mod.read_review(conv, repo, series_range, req.check)
    except (ValueError, GitError) as e:
        raise RespinError(str(e)) from None
    if any(not p.commit for p in review.series.patches):
        if not req.base:
            missing = next(p for p in review.series.patches if not p.commit)
            raise RespinError(
                f"patch {missing.number} ({missing.subject.title}) is not in {req.tree}: give --series RANGE "
                "of the series' commits, or --base REV to apply the mails of the thread onto REV")
        _say(req, "parsing", f"applying the v{review.series.version} mails onto {req.base}")
        try:
            review.series = series_mod.apply_mails(repo, review.series, req.base, committer_of(req))
            review = resolve_anchors(review, repo, req.check)
        except (ValueError, GitError) as e:
            raise RespinError(str(e)) from None
    _refuse_dirty_series(repo, review.series)
    return repo, review


def _refuse_dirty_series(repo, series) -> None:
    """respin reads commits only: uncommitted edits to the series' files on its checked-out branch would
    silently be left out of vN+1, so say so instead."""
    head = repo.head_ref()
    if not series.patches or repo.is_bare():
        return
    if repo.try_rev("HEAD") != series.patches[-1].commit:
        return
    touched = {path for paths in _touched_each(repo, series.patches) for path in paths}
    # core.fsmonitor off: a program the repository's configuration names is not run
    dirty = [line[3:] for line in repo.out("-c", "core.fsmonitor=false", "status", "--porcelain",
                                           "--untracked-files=no").splitlines()
             if line[3:] in touched]
    if dirty:
        where = head.removeprefix("refs/heads/") or "HEAD"
        raise RespinError(f"the tree has uncommitted changes in {', '.join(sorted(dirty))} on the series' "
                          f"branch {where}: commit or stash them (respin reads commits only)")


_TOUCHED = ("--name-only", "-r", "--no-renames")


def _touched(repo: Repo, patch) -> list[str]:
    """The paths the patch's commit changes."""
    return repo.out("diff-tree", *_TOUCHED, f"{patch.commit}^", patch.commit).split()


def _touched_each(repo: Repo, patches) -> list[list[str]]:
    """_touched of every patch, git asked once for all of them (Repo.diff_tree_each)."""
    return [out.split() for out in repo.diff_tree_each([p.commit for p in patches], *_TOUCHED)]


def patch_files(repo: Repo, patch, paths: list[str] | None = None) -> dict[str, str]:
    """path -> content at the patch's commit, for every file the patch touches (PATHS, when known) and
    still has."""
    files = {}
    for path in _touched(repo, patch) if paths is None else paths:
        text = repo.try_show_file(patch.commit, path)
        if text is not None:
            files[path] = text
    return files


def parent_files(repo: Repo, patch, paths: list[str] | None = None) -> dict[str, str]:
    """path -> content before the patch (its commit's parent), "" for a file the patch creates."""
    return {path: repo.try_show_file(f"{patch.commit}^", path) or ""
            for path in (_touched(repo, patch) if paths is None else paths)}


def series_files(repo: Repo, patches) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, str]]]:
    """By patch number: the files each patch touches as it leaves them (patch_files) and as it found them
    (parent_files), git asked once per patch which files those are."""
    files: dict[int, dict[str, str]] = {}
    bases: dict[int, dict[str, str]] = {}
    for p, paths in zip(patches, _touched_each(repo, patches), strict=True):
        files[p.number], bases[p.number] = patch_files(repo, p, paths), parent_files(repo, p, paths)
    return files, bases


def _later_files(files_by_patch: dict[int, dict[str, str]], number: int) -> dict[str, str]:
    """The files the patches after NUMBER touch, as the last of them leaves each one."""
    out: dict[str, str] = {}
    for n in sorted(files_by_patch):
        if n > number:
            out.update(files_by_patch[n])
    return out


def tree_grep(repo: Repo, commit: str) -> Callable[[str], list[str]]:
    """The files of COMMIT's tree (C sources and headers) that hold a word, by `git grep -l -w` on the
    tree object (no checkout), each word asked once."""
    found: dict[str, list[str]] = {}

    def files_with(word: str) -> list[str]:
        if not re.fullmatch(r"[A-Za-z_]\w*", word):
            raise GitError(f"not a C identifier: {word[:40]!r}")
        if word not in found:
            r = repo.run("grep", "-l", "-w", "-I", "--no-color", "-F", "-e", word, commit, "--", "*.c", "*.h",
                         check=False, timeout=300)
            if r.returncode not in (0, 1):
                raise GitError(f"git grep failed: {r.stderr.strip()}")
            found[word] = sorted(line.split(":", 1)[1] for line in r.stdout.splitlines() if ":" in line)
        return found[word]
    return files_with


MAX_HEADER_BYTES = 1 << 20      # a header larger than this is not read (the largest of Linux are ~600 KB)


def tree_read(repo: Repo, commit: str) -> Callable[[str], str | None]:
    """A file of COMMIT's tree by path (a blob read, no checkout), None when there is none or it is larger
    than MAX_HEADER_BYTES; each path read once."""
    found: dict[str, str | None] = {}

    def read(path: str) -> str | None:
        if path not in found:
            found[path] = repo.try_show_small_file(commit, path, MAX_HEADER_BYTES)
        return found[path]
    return read


def contexts(review, files_by_patch: dict[int, dict[str, str]],
              base_by_patch: dict[int, dict[str, str]] | None = None, repo: Repo | None = None):
    by_mail: dict[str, list] = {}
    for s in review.suggestions:
        by_mail.setdefault(s.message_id, []).append(s)
    # one search per patch commit and word, made only when a recipe asks
    # (a commit is an object id: git grep takes no --end-of-options before it)
    greps = {p.number: tree_grep(repo, p.commit) for p in review.series.patches
             if re.fullmatch(r"[0-9a-f]{7,64}", p.commit)} if repo is not None else {}
    reads = {p.number: tree_read(repo, p.commit) for p in review.series.patches
             if re.fullmatch(r"[0-9a-f]{7,64}", p.commit)} if repo is not None else {}
    # the quotes of a mail are listed once and shared by its suggestions (not once per suggestion: a mail
    # of thousands of comments would list them thousands of times)
    quotes_of = {mid: [(o.id, list(o.quoted)) for o in mine] for mid, mine in by_mail.items()}
    contexts = {}
    for s in review.suggestions:
        files = files_by_patch.get(s.patch, {})
        quotes = quotes_of.get(s.message_id, [])
        contexts[s.id] = CodeContext(path=s.anchor.file, text=files.get(s.anchor.file, ""),
                                     function=s.anchor.function, files=files, message_quotes=quotes,
                                     base_files=(base_by_patch or {}).get(s.patch),
                                     later_files=_later_files(files_by_patch, s.patch),
                                     tree_grep=greps.get(s.patch), tree_read=reads.get(s.patch))
    return contexts


def run_respin(req: RespinRequest) -> RespinResult:
    """The whole pipeline.  Returns the RespinResult; raises RespinError on bad input.

    Nothing is written to the tree but the new branch (created last, when everything else worked);
    the output directory is written whole or not at all."""
    _check_out_dir(Path(req.out))
    committer_of(req)                                   # a malformed committer is bad input, said at once
    repo = _open(req)                                   # once: the tree is a git repository
    tools = _tools_commit(req, repo)
    repo, review = read(req, repo)
    series = review.series
    prep = _b4_prep(req, repo, review)
    files_by_patch, base_by_patch = series_files(repo, series.patches)
    planned, rules, brought = _plan(req, review, files_by_patch, base_by_patch, repo)
    user_rules = [r for r in brought if r.suggestion_id not in req.exclude]
    with tempfile.TemporaryDirectory(prefix="respin-") as tmp, ThreadPoolExecutor(max_workers=2) as pool, \
            _early_checkpatch(req, repo, tools, len(series.patches)) as early:
        left: dict[str, str] = {}                 # suggestion id -> why it is left to the author
        saved = _saved(review.suggestions)
        for attempt in count():
            changes, edits, pending = _edit(req, repo, review, planned, rules, user_rules, files_by_patch,
                                            Path(tmp) / f"try{attempt}", pool, left)
            ran = _user_suggestions(brought, edits, req.exclude, _user_rule_patch(review))
            misplaced = _of_earlier_patches(review, edits, files_by_patch, base_by_patch, set(left)) or \
                _used_later(review, edits, files_by_patch, base_by_patch, changes, set(left))
            if misplaced:
                left.update(misplaced)
                _restore(saved)
                continue
            try:
                new_commits = _rebuild(req, repo, review, changes)
                break
            except series_mod.ConflictError as e:
                blamed = {sid: path for sid, path in _blamed_moved(repo, review, files_by_patch, changes, edits,
                                                                   e).items() if sid not in left}
                if not blamed:
                    raise RespinError(str(e)) from None
                for path in sorted(set(blamed.values())):
                    _leave(req, review, left, {sid for sid, p in blamed.items() if p == path}, e.number, path)
                _restore(saved)
        series = review.series                  # without the patches dropped
        if prep:        # the mails are of the patches alone, on the series' real base
            new_commits, series.base = b4prep.restack(repo, new_commits, prep.prep.base), prep.prep.base
        branch = req.branch or series_mod.branch_name(repo, series)
        if repo.try_rev(f"refs/heads/{branch}") and not req.force:
            raise RespinError(f"branch {branch} already exists in {req.tree}: use --force to replace it, "
                              "or --branch NAME")
        try:
            series_mod.check_branch(repo, branch, req.force)     # before anything is written
        except ValueError as e:
            raise RespinError(str(e)) from None
        result = _write_outputs(req, repo, review, new_commits, branch, rules + user_rules, edits, tools,
                                before_report=lambda: _report_propagation(req, pending), user_suggestions=ran,
                                early=early)
        if prep:
            new_commits = _b4_write(repo, prep, result, new_commits)
    try:
        series_mod.create_branch(repo, branch, new_commits[-1], force=req.force,
                                 committer=committer_of(req) or _author_of(repo, new_commits[-1]))
        if prep:
            b4prep.mark_branch(repo, branch)
    except (ValueError, GitError) as e:
        raise RespinError(str(e)) from None
    return result


@dataclass
class _B4:
    prep: b4prep.Prep
    under_review: int               # the version the thread reviews
    msgid: str                      # its cover letter's Message-ID (or its first patch's)


def _b4_prep(req: RespinRequest, repo: Repo, review: Review) -> _B4 | None:
    """A series `b4 prep` manages: its cover letter (from b4's cover commit) replaces the thread's, and
    the version to write is the one b4's tracking data says."""
    series = review.series
    try:
        prep = b4prep.find(repo, series)
    except b4prep.B4PrepError as e:
        raise RespinError(str(e)) from None
    if prep is None:
        return None
    msgid = series.cover.msgid if series.cover and series.cover.msgid else series.patches[0].msgid
    b4 = _B4(prep, series.version, msgid.strip("<>"))
    revision = b4prep.next_revision(prep, series.version)
    _say(req, "parsing", f"{b4prep.summary(prep)}: writing v{revision} as b4 keeps it")
    cover = b4prep.cover_mail(prep, series, revision)
    if cover is not None and (series.cover is not None or len(series.patches) > 1):
        series.cover = cover
    series.version = revision - 1
    return b4


def _b4_write(repo: Repo, b4: _B4, result: RespinResult, commits: list[str]) -> list[str]:
    """b4's new cover commit (changelog, revision, history) with COMMITS on it; RESULT's commits follow."""
    revision = result.version
    letter = Path(result.out_dir) / f"v{revision}-0000-cover-letter.patch"
    block = b4prep.changes_written(letter.read_text(), revision) if letter.is_file() else []
    if not block:
        lines = [f"- {ln}" for p in result.patches for ln in p.changelog]
        block = [mail.HEADING.format(version=revision), *(lines or ["- No code changes, rebased"])]
    cover = b4prep.new_cover(b4.prep, revision, block)
    tracking = b4prep.new_tracking(b4.prep, revision, b4.under_review, b4.msgid)
    try:
        written = b4prep.write(repo, b4.prep, cover, tracking, commits)
    except b4prep.B4PrepError as e:
        raise RespinError(str(e)) from None
    for p, sha in zip(result.patches, written[1:], strict=True):
        p.commit = sha
    return written


def _author_of(repo: Repo, sha: str) -> Ident:
    name, email = repo.author(sha)
    return Ident(name or email, email)


def _tools_commit(req: RespinRequest, repo: Repo) -> str:
    """The commit of REPO (REQ.tree) whose scripts (checkpatch.pl) run: REQ.tools_rev or the tree's HEAD,
    resolved before the thread's mails or a bundle add anything; '' when the tree has none (checkpatch is
    then not run)."""
    if not req.checkpatch:
        return ""
    sha = repo.try_rev(req.tools_rev or "HEAD")
    if req.tools_rev and not sha:
        raise RespinError(f"the tools revision {req.tools_rev!r} is not a commit in the tree")
    return sha


def _early_checkpatch(req: RespinRequest, repo: Repo, tools: str,
                      count: int) -> ContextManager[checkpatch.Early | None]:
    """checkpatch.pl of TOOLS started now for the COUNT patches still to be written, when REQ asks for it
    (closed, and perl stopped if it still waits, when the run ends); None otherwise."""
    early = checkpatch.Early.start(repo, tools, count) if req.early_checkpatch and tools else None
    return early if early is not None else nullcontext()


def _check_out_dir(out: Path) -> None:
    """--out is replaced whole, so it must be new, empty, or an earlier respin output."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "report.json").exists())):
        raise RespinError(f"--out {out} exists and is not an earlier respin output: give a new or empty directory")


def _plan(req: RespinRequest, review: Review, files_by_patch: dict[int, dict[str, str]],
          base_by_patch: dict[int, dict[str, str]] | None = None, repo: Repo | None = None):
    """Stage 3: a plan and a rule for every accepted code suggestion the user did not leave out."""
    _say(req, "rules", f"{len(review.suggestions)} suggestion(s) on {len(review.series.patches)} patch(es)")
    wanted = [s for s in review.suggestions if s.id not in req.exclude]
    for s in review.suggestions:
        if s.id in req.exclude:
            s.status, s.reason = Status.SKIPPED, "left out by the user"
    try:
        planned = rules_mod.plan(wanted, contexts(review, files_by_patch, base_by_patch, repo),
                                 only_accepted=req.only_accepted)
        rules = rules_mod.render(planned)
        user_rules = user_mod.load_rules([(r.name, r.data) for r in req.rules],
                                          trusted=req.trusted_rules) if req.rules else []
    except ValueError as e:
        raise RespinError(str(e)) from None
    return planned, rules, user_rules


def _edit(req: RespinRequest, repo: Repo, review: Review, planned, rules: list[Rule], user_rules: list[Rule],
          files_by_patch: dict[int, dict[str, str]], tmp: Path, pool: ThreadPoolExecutor,
          left: dict[str, str] | None = None):
    """Stage 4: the rules run patch by patch on copies of the files each patch touches.

    Returns the changed files per patch number, one Edit per rule, and the propagation searches
    still running on POOL.

    When the edits asked for an earlier patch change lines a later patch rewrites (and the later
    patch's file is given whole, so merging them conflicts), the suggestions whose edits those are
    are left to the author (manual, naming the later patch and the file) and the patches are edited
    again without them: every other edit still lands, and no patch keeps an edit a later one would
    undo.  Only a conflict no suggestion can be blamed for stops the run.  LEFT (suggestion id -> why
    it is left to the author) holds those already left out, and gets the ones left out here."""
    saved = _saved(review.suggestions)
    left = {} if left is None else left
    attempt = 0
    while True:
        edits: list[Edit] = []
        try:
            changes = _edit_patches(req, repo, review, [x for x in planned if x.suggestion.id not in left],
                                    [r for r in rules if r.suggestion_id not in left], user_rules,
                                    files_by_patch, tmp / f"run{attempt}", edits)
            break
        except _Conflict as c:
            blamed = _blamed(review, edits, c.earlier, c) - set(left)
            if not blamed:
                raise RespinError(str(c)) from None
            _leave(req, review, left, blamed, c.later, c.path)
            _restore(saved)
            attempt += 1
    for s in review.suggestions:
        if s.id in left:
            s.status, s.reason = Status.MANUAL, left[s.id]
    # the recipes that carried a "Same below." in their own rule: propagation only reports for them
    own_below = {x.suggestion.id for x in planned if x.plan.params.reach_below() is not None}
    carries = {x.suggestion.id: _carries(x, files_by_patch) for x in planned if x.plan.kind == x.suggestion.kind}
    pending = _propagate(req, repo, review.series, review.suggestions, edits, files_by_patch, changes,
                         tmp / "propagate", pool, own_below, carries)
    for s in review.suggestions:
        words = propagate.unplaced(s.comment) if s.status == Status.APPLIED and not s.reason else ""
        if words and any(m.get("applied") and m.get("patch") != s.patch for m in s.propagation):
            words = ""              # "Same in the next patch." carried there (_limited)
        if words:
            s.reason = f"partly: not carried out in {words}, a place named in words (only the quoted place changed)"
    # "both", "all of these": words that ask for more places than the change reached are never "applied"
    changed = _places_changed(review.suggestions, edits)
    for s in review.suggestions:
        more = E.more_places(s.comment) if s.status == Status.APPLIED and not s.reason else ""
        if more and 0 < changed.get(s.id, 0) < 2:
            s.reason = propagate.fewer_places(more, s.kind, s.kind in propagate.KINDS)
    _like_left(review.suggestions, edits, changes)
    return changes, edits, pending


def _like_left(suggestions, edits: list[Edit], changes: dict[int, dict[str, str]]) -> None:
    """A comment under several like statements changed the one right above it only: partly, naming the
    like lines of the quote left as they are (which ones the comment meant is the author's to say)."""
    for s in suggestions:
        after = changes.get(s.patch, {}).get(s.anchor.file)
        if s.status != Status.APPLIED or s.reason or after is None or \
                any(m.get("applied") for m in s.propagation):
            continue
        diffs = [e.diff for e in edits if e.rule.suggestion_id == s.id and e.status == Status.APPLIED and e.diff]
        left = propagate.like_lines_left(s.comment, s.quote_diff, diffs, after)
        if left:
            s.reason = (f"partly: the quote above the comment holds {len(left) > 1 and 'lines' or 'a line'} "
                        f"like the one changed, left as {len(left) > 1 and 'they are' or 'it is'} "
                        f"(`{left[0][:80]}`): the change was made right above the comment only")


def _edit_patches(req: RespinRequest, repo: Repo, review: Review, planned, rules: list[Rule],
                  user_rules: list[Rule], files_by_patch: dict[int, dict[str, str]], tmp: Path,
                  edits: list[Edit]) -> dict[int, dict[str, str]]:
    """One run of RULES over the patches (see _edit): the changed files per patch number; EDITS gets
    one Edit per rule as they run.  Raises _Conflict when an earlier patch's edits cannot be carried
    into a later patch's edited file."""
    series = review.series
    changes: dict[int, dict[str, str]] = {}
    user_patch = _user_rule_patch(review)
    tmp.mkdir(parents=True, exist_ok=True)
    for p in series.patches:
        ids = {s.id for s in review.suggestions if s.patch == p.number}
        mine = [r for r in rules if r.suggestion_id in ids] + (user_rules if p.number == user_patch else [])
        before = files_by_patch[p.number]
        changed: dict[str, str] = {}
        if mine:
            _say(req, "spatch", f"patch {p.number}: {len(mine)} rule(s)")
            work = tmp / f"p{p.number}"
            work.mkdir()
            new_files, patch_edits = apply_mod.apply(mine, [x for x in planned if x.suggestion.id in ids], before,
                                                     work)
            edits += patch_edits
            _settle_superseded([x for x in review.suggestions if x.patch == p.number], patch_edits)
            changed = {path: tidy(before.get(path, ""), text) for path, text in new_files.items()
                       if text != before.get(path)}
        # a name an earlier patch renamed: this patch's uses of it follow (they would not build otherwise)
        follow = _followed(review.suggestions, p.number)
        for path, text in before.items():
            if path not in changed and any(re.search(rf"(?<!\w){re.escape(old)}(?!\w)", text) for old, _, _ in follow):
                changed[path] = text
        # the rebuilt commit gets these files whole: the edits earlier patches got in them come along
        changed = {path: _carry(repo, files_by_patch, changes, p.number, path, text,
                                why="the edits asked for both patches touch the same lines",
                                follow=lambda n: _followed(review.suggestions, n + 1))
                   for path, text in changed.items()}
        changed = {path: text for path, text in changed.items() if text != before.get(path)}
        if changed:
            changes[p.number] = changed
    return changes


_Saved = tuple[Suggestion, Status | None, str, str, str, list[dict[str, object]]]


def _saved(suggestions: list[Suggestion]) -> list[_Saved]:
    """What a run of the edits changes on SUGGESTIONS, to be put back before it is redone."""
    return [(s, s.status, s.reason, s.rule, s.summary, list(s.propagation)) for s in suggestions]


def _restore(saved: list[_Saved]) -> None:
    for s, status, reason, rule, summary, found in saved:
        s.status, s.reason, s.rule, s.summary, s.propagation = status, reason, rule, summary, list(found)


def _of_earlier_patches(review: Review, edits: list[Edit], files_by_patch: dict[int, dict[str, str]],
                        base_by_patch: dict[int, dict[str, str]], left: set[str]) -> dict[str, str]:
    """The suggestions (id -> why) not in LEFT whose applied edit changes only lines an earlier patch of the
    series added: made there, the change would be in the wrong patch, so it is left to the author."""
    total = len(review.series.patches)
    by_id = {s.id: s for s in review.suggestions}
    out: dict[str, str] = {}
    for e in edits:
        s = by_id.get(e.rule.suggestion_id)
        if s is None or s.id in left or e.status != Status.APPLIED or not e.diff:
            continue
        found = placement.earlier_patch(e.diff, s.patch, files_by_patch, base_by_patch)
        if found is not None:
            out[s.id] = (f"the lines of {found[0]} this changes are added by patch {found[1]}/{total}, not by "
                         f"patch {s.patch}/{total}: make the change in patch {found[1]}/{total} by hand")
    return out


def _used_later(review: Review, edits: list[Edit], files_by_patch: dict[int, dict[str, str]],
                base_by_patch: dict[int, dict[str, str]], changes: dict[int, dict[str, str]],
                left: set[str]) -> dict[str, str]:
    """The suggestions (id -> why) not in LEFT whose applied edit takes away a function, macro or struct tag
    that a later patch of the series goes on to use: that patch would apply and not build, so the change is
    left to the author."""
    total = len(review.series.patches)
    by_id = {s.id: s for s in review.suggestions}
    followed = {n: {old for old, _, _ in _followed(review.suggestions, n)} for n in files_by_patch}
    out: dict[str, str] = {}
    for e in edits:
        s = by_id.get(e.rule.suggestion_id)
        if s is None or s.id in left or e.status != Status.APPLIED or not e.diff:
            continue
        edited = {**files_by_patch.get(s.patch, {}), **changes.get(s.patch, {})}
        found = placement.later_use(e.diff, s.patch, edited, files_by_patch, base_by_patch, followed)
        if found is not None:
            out[s.id] = (f"patch {found[0]}/{total} uses {', '.join(found[1])}, which this change takes away: "
                         "make the change by hand in both patches")
    return out


def _leave(req: RespinRequest, review: Review, left: dict[str, str], blamed: set[str], later: int,
           path: str) -> None:
    """BLAMED are left to the author: patch LATER rewrites the lines of PATH their edits change."""
    why = (f"patch {later}/{len(review.series.patches)} rewrites these lines of {path}: "
           "make the change by hand in both patches")
    _say(req, "spatch", f"{', '.join(sorted(blamed))}: {why}")
    left.update({sid: why for sid in blamed})


def _blamed_moved(repo: Repo, review: Review, files_by_patch: dict[int, dict[str, str]],
                  changes: dict[int, dict[str, str]], edits: list[Edit],
                  e: series_mod.ConflictError) -> dict[str, str]:
    """The suggestions whose edits made patch E.number (carried, not edited) stop applying: those of an
    earlier patch whose edits to a conflicting file do not merge into that file as patch E.number
    leaves it (the same 3-way merge an edited later patch gets), each with the file.  Empty when none
    can be told."""
    out: dict[str, str] = {}
    for path in e.files:
        text = files_by_patch.get(e.number, {}).get(path)
        if text is None:
            continue
        try:
            _carry(repo, files_by_patch, changes, e.number, path, text,
                   follow=lambda n: _followed(review.suggestions, n + 1))
        except _Conflict as c:
            out.update({sid: path for sid in _blamed(review, edits, c.earlier, c) if sid not in out})
    return out


def _blamed(review: Review, edits: list[Edit], patch: int, conflict: "_Conflict") -> set[str]:
    """The suggestions on PATCH whose applied EDITS of the conflict's file take away a line of the base
    side of a conflicting region, or add one of its side (empty when none can be told).  Lines without
    a word character ("}", blank) say nothing of where an edit was."""
    mine = {s.id for s in review.suggestions if s.patch == patch}
    base = {norm(x) for x in conflict.base if re.search(r"\w", x)}
    theirs = {norm(x) for x in conflict.theirs if re.search(r"\w", x)}
    out: set[str] = set()
    for e in edits:
        sid = e.rule.suggestion_id
        if sid not in mine or e.status != Status.APPLIED or not e.diff or \
                conflict.path not in (diffs.named_paths(e.diff) or ()):
            continue
        try:
            gone, came = diffs.removed(e.diff), diffs.added(e.diff)
        except diffs.UnidiffParseError:
            out.add(sid)            # cannot be read: blamed, the safe side
            continue
        if any(norm(x) in base for x in gone) or any(norm(x) in theirs for x in came):
            out.add(sid)
    return out


def _conflict_sides(merged: str) -> tuple[list[str], list[str]]:
    """The base and their lines of the conflicting regions of a `git merge-file --diff3 -p` output."""
    base: list[str] = []
    theirs: list[str] = []
    side: list[str] | None = None
    for line in merged.split("\n"):
        if line.startswith("<<<<<<< "):
            side = None
        elif line.startswith("||||||| "):
            side = base
        elif line == "=======":
            side = theirs
        elif line.startswith(">>>>>>> "):
            side = None
        elif side is not None:
            side.append(line)
    return base, theirs


class _Conflict(RespinError):
    """Patch EARLIER's edits to PATH do not merge into patch LATER's edited PATH."""

    def __init__(self, message: str, later: int, earlier: int, path: str, merged: str):
        super().__init__(message)
        self.later, self.earlier, self.path = later, earlier, path
        self.base, self.theirs = _conflict_sides(merged)


def _rebuild(req: RespinRequest, repo: Repo, review: Review, changes: dict[int, dict[str, str]]) -> list[str]:
    """Stage 5: new commit messages (trailers) and the new commits, later patches carried across."""
    _say(req, "rebase", f"rebuilding {len(review.series.patches)} commit(s)")
    _answered_by_others(review, req.only_accepted)
    numbers = [p.number for p in review.series.patches]
    for s in _asks(review, "trailer", req.only_accepted):
        if trailers.request_targets(s, numbers) == [0] and len(numbers) > 1 and tagasks.names_no_person(s.trailer):
            # a Fixes:, Closes:, Link: or Cc: stable is about the patch that fixes: which is not said
            s.status, s.reason = Status.MANUAL, (f"asked on the cover letter of a {len(review.series.patches)}"
                                                 "-patch series: add it to the patches it is for by hand")
        elif s.trailer.startswith("Fixes:") and (had := _fixes_there(repo, review, s)):
            s.status, s.reason = Status.MANUAL, f"the commit message has \"{had}\" already: change it by hand"
        elif s.trailer.startswith("Fixes:") and (had := _fixes_there(repo, review, s, tagasks.same_fixes)):
            s.status, s.reason = Status.SKIPPED, f"the commit message has \"{had}\" already"
        elif s.trailer.startswith("Fixes:"):
            s.trailer, s.reason = tagasks.checked_fixes(s.trailer, repo.try_rev, repo.commit_object)
            s.status = Status.MANUAL if not s.trailer else Status.APPLIED
        elif s.trailer:
            s.status, s.reason = Status.APPLIED, ""
        else:
            s.status = Status.MANUAL
            s.reason = "no address found for the trailer (not in the mail, MAINTAINERS or .mailmap)"
    # the commit messages' own edits first: a review given "with that fixed" holds only when they were made
    edited = {}
    for p in review.series.patches:
        old = repo.commit_object(p.commit).partition("\n\n")[2] + "\n"     # as `git log --format=%B` says it
        old = _split_tags(req, review, p.number, _message_edits(req, review, p.number, old))
        asked = [s for s in review.suggestions if s.patch == p.number and s.kind == "commit-message"
                 and rules_mod.wanted(s, req.only_accepted)]
        edited[p.number] = _message_typos_fixed(old, asked, _spelling(repo, p.commit) if asked else None)
        _tag_order(req, review, p.number, edited[p.number], trailers.new_message(edited[p.number], []))
    wanted = trailers.requested(review)
    _cc_requests(req, repo, review, wanted)
    messages = {}
    for p in review.series.patches:
        substantial = _interdiff_size(repo, p, changes.get(p.number, {}), _new_parents(changes, p.number)) > SUBSTANTIAL
        add = [t for t in wanted.get(p.number, []) if not (substantial and trailers.is_review_trailer(t))]
        messages[p.number] = trailers.new_message(edited[p.number], add, drop_reviews=substantial)
    try:
        new = series_mod.rebuild(repo, review.series, changes, messages, committer=committer_of(req))
        empty = series_mod.emptied(repo, review.series, new)
    except series_mod.ConflictError:
        raise                       # run_respin leaves the edits that made it to the author, or says it
    except (ValueError, GitError) as e:
        raise RespinError(str(e)) from None
    return _drop_patches(req, repo, review, new, empty)


def _asks(review: Review, kind: str, only_accepted: bool,
          statuses: tuple[Status | None, ...] = (None,)) -> list[Suggestion]:
    """The suggestions of KIND the series stage is to carry out: the author wants them (rules.wanted) and no
    stage has settled them (their status is one of STATUSES)."""
    return [s for s in review.suggestions
            if s.kind == kind and s.status in statuses and rules_mod.wanted(s, only_accepted)]


def _cc_requests(req: RespinRequest, repo: Repo, review: Review, wanted: dict[int, list[str]]) -> None:
    """The Cc: lines reviewers asked for ("Please Cc the X folks"), found in the tree's MAINTAINERS, added
    to WANTED (patch number -> trailer lines) for the patch asked on (every patch from the cover letter)."""
    asked = _asks(review, "cc-request", req.only_accepted)
    if not asked:
        return
    series = review.series
    rev = series.patches[-1].commit or series.base
    maintainers = (repo.try_show_file(rev, "MAINTAINERS") or "") if rev else ""
    for s in asked:
        who = ccasks.asks_cc(s.comment)
        lines, why = ccasks.cc_lines(who, maintainers)
        if not lines:
            s.status, s.reason = Status.MANUAL, why
            continue
        for n in (wanted if s.patch == 0 else [s.patch]):
            wanted.setdefault(n, []).extend(ln for ln in lines if ln not in wanted[n])
        s.status, s.reason = Status.APPLIED, ""
        s.summary, s.params = f"Cc {who}", {**s.params, "cc": lines}


def _message_edits(req: RespinRequest, review: Review, number: int, message: str) -> str:
    """MESSAGE of patch NUMBER with the small edits reviewers asked for under its quoted lines
    (message-edit: "s/to/for/", "drop the comma"), in review order; one that is not certain is manual."""
    original = message
    # applied ones too: done on an earlier patch, maybe for every patch
    todo = _asks(review, "message-edit", req.only_accepted, (None, Status.APPLIED))
    asked = [(s, msgedit.edit_of(s.comment, s.code)) for s in todo if s.patch in (number, 0)]
    last = number == review.series.patches[-1].number
    for s, edits in sorted(asked, key=lambda a: any(e.wrap for e in a[1])):     # re-wrapping last: it moves lines
        # a prefix or a re-wrap asked on the cover letter is for every patch
        every = s.patch == 0 and bool(edits) and all(e.prefix or e.wrap for e in edits)
        if s.patch == 0 and not every:
            s.status, s.reason = Status.MANUAL, "asked on the cover letter, about no one patch's message: " \
                                                "edit it by hand"
            continue
        if s.status == Status.APPLIED and not every:
            continue
        new, why = msgedit.apply(message, s.anchor.code, edits, original) if edits else ("", "no edit read")
        if new and new == message and not every and msgedit.apply(original, s.anchor.code, edits, original)[0] \
                == original:
            # the message read so before anyone's edit: the words were read for another request than the one made
            new, why = "", (f"the commit message already reads as the edit read in the comment would make it "
                            f"({'; '.join(e.words for e in edits)}): what is asked is for the author")
        if not new:
            if not every or s.status is None and last:
                s.status, s.reason = Status.MANUAL, why
            continue
        message = new
        s.status, s.reason, s.summary = Status.APPLIED, "", "; ".join(e.words for e in edits)
    return message


def _tag_order(req: RespinRequest, review: Review, number: int, old: str, new: str) -> None:
    """The requests on patch NUMBER's message to put the Signed-off-by last ("The Signed-off-by must come
    last"): the new message NEW orders its tags as submitting-patches.rst does, so one is applied when OLD
    had them otherwise and NEW ends with the author's Signed-off-by; else it stays for the author."""
    asked = [s for s in review.suggestions if s.patch == number and s.anchor.in_message and rules_mod.wanted(
             s, req.only_accepted) and s.status in (None, Status.MANUAL) and s.kind in ("commit-message", "manual")
             and tagasks.asks_signoff_last(s.comment)]
    if not asked:
        return
    before, after = trailers.trailers(old), trailers.trailers(new)
    moved = [str(t) for t in before] != [str(t) for t in after if str(t) in {str(b) for b in before}]
    for s in asked:
        if after and after[-1].name == "Signed-off-by" and moved:
            s.status, s.reason, s.kind = Status.APPLIED, "", "commit-message"
            s.summary = "Put the Signed-off-by last" if before[-1].name != "Signed-off-by" else \
                "Put the tags in the documented order"
        else:
            s.status, s.reason = Status.MANUAL, ("the tags of the commit message are in the documented order, "
                                                 "the Signed-off-by last, already: check what is meant by hand")


def _split_tags(req: RespinRequest, review: Review, number: int, message: str) -> str:
    """MESSAGE of patch NUMBER with its combined tags split, when a reviewer asked for it (split-tag)."""
    asked = [s for s in _asks(review, "split-tag", req.only_accepted) if s.patch in (number, 0)]
    if not asked:
        return message
    split = tagasks.split_tags(message)
    for s in asked:
        if split != message:
            s.status, s.reason = Status.APPLIED, ""
            s.summary = tagasks.split_summary(message)
        elif s.patch == number or s.patch == 0 and number == review.series.patches[-1].number:
            s.status, s.reason = Status.MANUAL, "no combined tag (\"A-and-B-by:\") in the commit message to split"
    return split


def _drop_patches(req: RespinRequest, repo: Repo, review: Review, new: list[str], empty: list[int]) -> list[str]:
    """NEW without the patches a reviewer asked to drop (and the author did not decline) and those the
    edits emptied; review.series becomes the patches kept and review.dropped the cover letter's lines
    on the others.  A drop after which a later patch does not apply is left to the author."""
    series, total = review.series, len(review.series.patches)
    asked = _asked_drops(review, req.only_accepted)
    if len(set(asked) | set(empty)) >= total:
        _leave_drops(asked, "dropping it would leave no patch in the series")
        asked = {}
        if len(empty) >= total:         # nothing would be left to send: say so, send what there is
            for s in (s for s in review.suggestions if s.patch in empty and s.status == Status.APPLIED):
                s.reason = f"patch {s.patch}/{total} changes nothing after the edits: nothing is left to send"
            _say(req, "rebase", "no patch changes anything after the edits: nothing is left to send")
            empty = []
    try:
        kept = series_mod.leave_out(repo, series, new, set(asked) | set(empty))
    except series_mod.ConflictError as e:
        for n in asked:
            _leave_drops({n: asked[n]}, f"patch {e.number}/{total} does not apply without patch {n}/{total} "
                                        f"(conflict in {', '.join(e.files)}): drop it by hand")
        asked = {}
        kept = series_mod.leave_out(repo, series, new, set(empty))
    if (uses := series_mod.still_used(repo, series, new, kept, set(asked) | set(empty))) is not None:
        names = ", ".join(uses[1])
        for n in asked:
            _leave_drops({n: asked[n]}, f"patch {uses[0]}/{total} would not build without patch {n}/{total}: it uses "
                                        f"{names}, which the patches asked to drop define; drop it by hand")
        asked = {}
        kept = series_mod.leave_out(repo, series, new, set(empty))
    for n in sorted(set(asked) | set(empty)):
        p = next(p for p in series.patches if p.number == n)
        title = " ".join(p.subject.title.split())
        title = title if len(title) <= 50 else title[:47].rstrip() + "..."
        who = sorted({trailers.first_name(s.reviewer) for s in asked.get(n, [])} - {""})
        review.dropped.append(f"Drop patch {n}/{total} (\"{title}\")" +
                              (f" ({', '.join(who)})" if who else ": nothing is left of it after the edits"))
        _say(req, "rebase", f"patch {n}/{total} is dropped from the series" +
             ("" if n in asked else ": it changes nothing after the edits"))
        for s in (s for s in review.suggestions if s.patch == n and s.status == Status.APPLIED):
            if n in empty:
                s.reason = f"patch {n}/{total} changes nothing after the edits: left out of the series"
            else:
                s.status, s.reason = Status.SKIPPED, f"patch {n}/{total} is dropped from the series, as asked"
        for s in asked.get(n, []):
            s.status, s.reason = Status.APPLIED, ""
    review.series = replace(series, patches=[p for p in series.patches if p.number not in asked
                                             and p.number not in empty])
    return kept


def _fixes_there(repo: Repo, review: Review, s: Suggestion,
                 find: Callable[[str, str], str] = tagasks.other_fixes) -> str:
    """The Fixes: line that the message of S's patch has already and FIND picks (by default one naming another
    commit), or ''."""
    targets = trailers.request_targets(s, [p.number for p in review.series.patches])
    return next((had for p in review.series.patches if p.number in targets
                 if (had := find(repo.commit_object(p.commit).partition("\n\n")[2], s.trailer))), "")


# the requests the series stage carries out on the reviewer's words alone (no code edit checks them)
_WORDS_ONLY = ("drop-patch", "cc-request", "message-edit", "split-tag")


def _answered_by_others(review: Review, only_accepted: bool) -> None:
    """A tag, Cc, message edit or drop of a patch that another reviewer answered ("No, this is not
    stable material") is left to the author: an agreement ("+1") is no answer that stays."""
    authors = {p.author.name for p in review.series.patches}
    for s in review.suggestions:
        if s.status is not None or not rules_mod.wanted(s, only_accepted) or not (
                s.kind in _WORDS_ONLY or s.kind == "trailer" and tagasks.names_no_person(s.trailer)):
            continue
        if any(t is not s and t.reviewer.name not in (s.reviewer.name, *authors)
               and dropping.quotes_it(s.comment, t.quoted) for t in review.suggestions):
            s.status, s.reason = Status.MANUAL, "another reviewer answered this request: decide by hand"


def _asked_drops(review: Review, only_accepted: bool) -> dict[int, list[Suggestion]]:
    """The drop-patch suggestions respin carries out, by patch number; the others are made manual with
    the reason (a question, a condition, no such patch)."""
    numbers = {p.number for p in review.series.patches}
    asked: dict[int, list[Suggestion]] = {}
    for s in _asks(review, "drop-patch", only_accepted):
        reading = dropping.drop_request(s.comment) or dropping.numbered_drop(s.comment)[0]
        if s.patch not in numbers:
            s.status, s.reason = Status.MANUAL, f"there is no patch {s.patch} in this {len(numbers)}-patch series"
        elif reading != "drop":
            s.status, s.reason = Status.MANUAL, reading
        else:
            asked.setdefault(s.patch, []).append(s)
    return asked


def _leave_drops(asked: dict[int, list[Suggestion]], reason: str) -> None:
    for s in (s for group in asked.values() for s in group):
        s.status, s.reason = Status.MANUAL, reason


def _write_outputs(req: RespinRequest, repo: Repo, review: Review, new_commits: list[str], branch: str,
                   rules: list[Rule], edits: list[Edit], tools: str, before_report=lambda: None,
                   user_suggestions: list[Suggestion] | None = None,
                   early: checkpatch.Early | None = None) -> RespinResult:
    """The mails, rules, interdiff, checkpatch findings and report.json, written into a directory beside
    --out and renamed into place at the end.  USER_SUGGESTIONS (the user rules' entries) are reported
    after the reviewers' suggestions; the mails' changelogs are the reviewers' alone.  EARLY, a checkpatch.pl
    started before the edits, is given the patches when it can report what checkpatch.run would."""
    series = review.series
    suggestions = review.suggestions + (user_suggestions or [])
    version = series.version + 1
    _say(req, "mails", f"writing v{version} mails")
    out = Path(req.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".respin-out-", dir=out.parent))
    try:
        try:
            patches = mail.write_series(repo, series, new_commits, review, stage, version, atomic=False,
                                        committer=committer_of(req))
        except mail.MailError as e:
            raise RespinError(str(e)) from None
        _write_rules(stage / "cocci", rules, edits, suggestions)
        (stage / "interdiff.diff").write_text(repo.out("diff", "--no-color", "--no-ext-diff", "--no-textconv",
                                                       series.patches[-1].commit, new_commits[-1]))
        _say(req, "checkpatch", "running scripts/checkpatch.pl of the tree")
        patch_files = sorted(stage.glob(f"v{version}-*.patch"))
        check = (early.finish(patch_files) if early else None) or (
            checkpatch.run(repo, tools, patch_files) if tools else
            checkpatch.status("no-checkpatch", "the tree has no commit to take scripts/checkpatch.pl from"))
        before_report()
        result = RespinResult(version=version, branch=branch, patches=patches, suggestions=suggestions,
                              checkpatch=check, out_dir=str(out), rules=rules)
        (stage / "report.json").write_text(json.dumps(result.to_json(), indent=2) + "\n")
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():
            out.rename(old)
        stage.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    return result


SUBSTANTIAL = 10      # a patch whose change rewrites more lines than this loses its review tags


def _propagate(req, repo, series, suggestions, edits, files_by_patch, changes, work: Path,
               pool: ThreadPoolExecutor, own_below: frozenset[str] | set[str] = frozenset(),
               carries: dict[str, Callable[[propagate.Found, int], bool]] | None = None) -> list:
    """The other places of the series where an applied rule also matches.

    A "Same below." reaches the like places after the quote in the quoted function only, a "Same in
    foo()." the one like place of foo() (_limited); OWN_BELOW names the suggestions whose recipe
    carried "same below" in its own rule already; CARRIES (by suggestion id) says which of those places
    the recipe takes (Recipe.carries_to).

    Matches are applied (into CHANGES) when the reviewer asked for it in words or the user with
    --propagate: those rules run here, one after the other, each on the texts the previous one
    left.  The rules that only report their matches are started on POOL and run while the series
    is rebuilt; the (suggestion, future) pairs returned go to _report_propagation."""
    carries = carries or {}
    main: dict[tuple[str, str], Rule] = {}
    for e in edits:
        if e.status == Status.APPLIED and e.rule.suggestion_id:
            main.setdefault((e.rule.suggestion_id, e.rule.kind), e.rule)
    todo = [(s, main[(s.id, s.kind)]) for s in suggestions
            if s.status == Status.APPLIED and s.kind in propagate.KINDS and (s.id, s.kind) in main]
    if not todo:
        return []
    added = {p.number: diffs.added_lines(d) for p, d in zip(
        series.patches, repo.diff_tree_each([p.commit for p in series.patches], "-p", "-U0", "--no-renames"),
        strict=True)}
    # the author's accepting words can widen it too ("I will change both messages"): "both" is one
    # more place, and the rule must find exactly that many, or nothing beyond the quote is changed
    wide = {s.id: propagate.widened(s.response_text) if s.response == Response.ACCEPTED else None
            for s, _ in todo}
    # "Same in the next patch.", "also in patch 3": the like places among the lines those patches add
    total = len(series.patches)
    patches = {s.id: propagate.named_patches(s.comment, s.patch, total)[1] for s, _ in todo}
    everywhere = {s.id: req.propagate or propagate.asked(propagate.without_patch_words(s.comment)) for s, _ in todo}
    # "Same below.": the places after the quote in the quoted function, nothing else of the series;
    # "Same in foo().": the one like place of foo(), a function the series adds
    below = {s.id: not everywhere[s.id] and propagate.below_only(s.comment) and s.id not in own_below
             for s, _ in todo}
    named = {s.id: [] if everywhere[s.id] else _named(s, files_by_patch) for s, _ in todo}
    # "both", "all these" under a quote of one place: the like places of the quoted function, above the
    # quote too, when the rule itself changed the quoted place alone
    own = _places_changed(suggestions, edits)
    around = {s.id: E.more_places(s.comment) if not everywhere[s.id] and not below[s.id] and
              s.id not in own_below and own.get(s.id, 0) < 2 else "" for s, _ in todo}
    limited = {s.id: below[s.id] or bool(named[s.id]) or bool(around[s.id]) or bool(patches[s.id]) for s, _ in todo}
    asked = {s.id: everywhere[s.id] or wide[s.id] is not None or limited[s.id] for s, _ in todo}

    def texts() -> dict[int, dict[str, str]]:
        return {n: {**files, **changes.get(n, {})} for n, files in files_by_patch.items()}

    now = texts()
    pending = [(s, pool.submit(propagate.find, rule, now, files_by_patch, added, work / s.id))
               for s, rule in todo if not asked[s.id]]
    for s, rule in todo:
        if not asked[s.id]:
            continue
        found = propagate.find(rule, texts(), files_by_patch, added, work / s.id)
        undone: list[str] = []
        if limited[s.id]:
            edited = {(n, path) for n, files in changes.items() for path in files}
            found, rest, undone = _limited(s, found, files_by_patch, added, below[s.id], named[s.id], around[s.id],
                                           patches[s.id], edited, total, carries.get(s.id))
            s.propagation += [{**m.to_json(), "applied": False} for m in rest]
        elif everywhere[s.id] and s.id in carries:
            # "here and elsewhere": every like place of the series the recipe would change so itself
            found, rest, undone = _carried(s, found, carries[s.id])
            s.propagation += [{**m.to_json(), "applied": False} for m in rest]
        if undone:
            _say(req, "spatch", f"{s.id}: " + "; ".join(undone))
            if not s.reason:
                s.reason = "partly: " + "; ".join(undone)
        n = sum(len(f.matches) for f in found)
        more = wide[s.id]
        if not (everywhere[s.id] or limited[s.id]) and more and n != more:
            s.propagation += [{**m.to_json(), "applied": False} for f in found for m in f.matches]
            _say(req, "spatch", f"{s.id}: the author's answer names {more + 1} places, the rule "
                 f"matches {n + 1}: only the quoted one changed")
            continue
        for f in found:
            s.propagation += [{**m.to_json(), "applied": True} for m in f.matches]
            text = f.after
            if f.file not in changes.get(f.patch, {}):
                text = _carry(repo, files_by_patch, changes, f.patch, f.file, text)
            changes.setdefault(f.patch, {})[f.file] = tidy(files_by_patch[f.patch].get(f.file, ""), text)
        n = sum(len(f.matches) for f in found)
        if n:
            where = "in the series" if not limited[s.id] else "further down" if below[s.id] and not (
                named[s.id] or around[s.id] or patches[s.id]) else "beyond the quote"
            _say(req, "spatch", f"{s.id}: the rule also matches {n} other place(s) {where}")
            s.summary += f" (and {n} more place{'s' if n > 1 else ''} {where})"
    return pending


def _named(s, files_by_patch: dict[int, dict[str, str]]) -> list[str]:
    """The functions of the series' files S's comment adds to the quoted place ("Same in foo().")."""
    if "()" not in s.comment:
        return []
    return propagate.named_functions(s.comment, s.anchor.function, s.quoted,
                                     propagate.defined_functions(files_by_patch))


def _limited(s, found: list, files_by_patch: dict[int, dict[str, str]], added: dict, below: bool,
             named: list[str], around: str = "", patches: list[int] | None = None,
             edited: set[tuple[int, str]] | None = None, total: int = 0,
             carries: Callable[[propagate.Found, int], bool] | None = None) -> tuple[list, list, list[str]]:
    """Of FOUND (propagate.find's places for S's rule), the ones S's words reach: after the quoted lines
    in the quoted function of S's patch and file (BELOW, "same below"), the one like place of each
    function NAMED ("Same in foo()."), the other like places of the quoted function for the words
    AROUND ("both": exactly one, "all these": every one), and the like places of the later PATCHES
    ("Same in the next patch."; not in a file a patch after that one has edits of its own in, EDITED:
    its whole file would undo the change); of those, the ones the recipe CARRIES to; the other matches,
    reported only; and what was not carried out."""
    a = s.anchor
    allowed: dict[tuple[int, str], set[int]] = {}
    undone: list[str] = []
    if around and a.lines is not None and a.file:
        now = next((f.before for f in found if (f.patch, f.file) == (s.patch, a.file)), None)
        original = files_by_patch.get(s.patch, {}).get(a.file)
        first, last = a.lines
        if now is not None and original is not None:
            first, last = propagate.moved(original, now, first - 1) + 1, propagate.moved(original, now, last)
        quoted = range(first, last + 1)
        # a like place the quote holds itself is the one the words mean; else the quoted function, and when
        # it has no other like place, the rest of the code the patch adds
        where = a.function
        inside = {(s.patch, a.file): set(quoted)}
        count = sum(len(f.matches) for f in propagate.keep(found, inside)[0])
        others = inside
        if not count:
            others = propagate.around_lines(found, s.patch, a.file, where, quoted)
            count = sum(len(f.matches) for f in propagate.keep(found, others)[0])
        if not count:
            where = ""
            others = propagate.around_lines(found, s.patch, a.file, where, quoted)
            count = sum(len(f.matches) for f in propagate.keep(found, others)[0])
        if count == 1 or (count > 1 and not E.two_places(around)):
            allowed = others
        else:
            undone.append(propagate.around_part(around, where, a.file, count))
    if below and (a.lines is None or not a.file):
        undone.append('"same below" is not carried out: the quoted lines were not found in the file')
    elif below and a.lines is not None:
        now = next((f.before for f in found if (f.patch, f.file) == (s.patch, a.file)), None)
        original = files_by_patch.get(s.patch, {}).get(a.file)
        after = a.lines[1] if now is None or original is None else propagate.moved(original, now, a.lines[1])
        allowed = propagate.below_lines(found, s.patch, a.file, a.function, after)
        if not propagate.keep(found, allowed)[0]:
            undone.append(propagate.below_part(a.function, a.file))
    if named:
        adds = {(f.patch, f.file): propagate.added_functions(files_by_patch[f.patch].get(f.file, ""),
                                                             added.get(f.patch, {}).get(f.file, set()))
                for f in found}
        more, why = propagate.named_lines(found, named, adds)
        for key, lines in more.items():
            allowed.setdefault(key, set()).update(lines)
        undone += [f"not carried out in {name}(): {reason}" for name, reason in why.items()]
    for number in patches or []:
        spans = propagate.patch_lines(found, [number])
        late = sorted({k for (k, path) in edited or set() for (n, f) in spans if n == number and f == path and
                       k > number})
        if not spans:
            undone.append(f"not carried out in patch {number}/{total}: no like place among the lines it adds")
        elif late:
            undone.append(f"not carried out in patch {number}/{total}: patch {late[0]}/{total} is edited in the "
                          "same file")
        else:
            allowed.update(spans)
    if carries is not None:
        allowed, left = propagate.refuse(found, allowed, a.function, carries)
        undone += left
    kept, rest = propagate.keep(found, allowed)
    return kept, rest, undone


def _carried(s, found: list, carries: Callable[[propagate.Found, int], bool]) -> tuple[list, list, list[str]]:
    """Of FOUND (propagate.find's places for S's rule, anywhere in the series), the ones the recipe
    CARRIES to; the other matches, reported only; and why each was left."""
    whole = {(f.patch, f.file): set(range(1, len(f.before.splitlines()) + 1)) for f in found}
    allowed, left = propagate.refuse(found, whole, s.anchor.function, carries)
    kept, rest = propagate.keep(found, allowed)
    return kept, rest, left


def _carries(x, files_by_patch: dict[int, dict[str, str]]) -> Callable[[propagate.Found, int], bool]:
    """Whether the recipe of the planned X takes its change to a like place propagation found (a Found's
    text, at a line): Recipe.carries_to, asked with the place's file as the code context."""
    def ask(f: propagate.Found, line: int) -> bool:
        ctx = CodeContext(f.file, f.before, "", {**files_by_patch.get(f.patch, {}), f.file: f.before})
        return x.recipe.carries_to(x.plan, ctx, line)
    return ask


def _places_changed(suggestions, edits: list[Edit]) -> dict[str, int]:
    """By suggestion id, how many places its own rule changed (propagate.places of the applied edits of
    its kind) and propagation carried it to."""
    kinds = {s.id: s.kind for s in suggestions}
    out: dict[str, int] = {}
    for e in edits:
        sid = e.rule.suggestion_id
        if sid in kinds and e.status == Status.APPLIED and e.diff and e.rule.kind == kinds[sid]:
            out[sid] = out.get(sid, 0) + propagate.places(e.diff)
    for s in suggestions:
        out[s.id] = out.get(s.id, 0) + sum(1 for m in s.propagation if m.get("applied"))
    return out


def _report_propagation(req, pending: list) -> None:
    """Wait for the rules that only report other matches, and put those on their suggestions."""
    for s, future in pending:
        found = future.result()
        s.propagation += [{**m.to_json(), "applied": False} for f in found for m in f.matches]
        n = sum(len(f.matches) for f in found)
        if n:
            _say(req, "spatch", f"{s.id}: the rule also matches {n} other place(s) of the series "
                 "(not applied: say --propagate)")


def _followed(suggestions, number: int, only: int | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(old, new, functions) of the renames applied to the patches before NUMBER (or to patch ONLY):
    later patches' uses of those names follow.  A member or a struct tag is not followed (another
    struct may have a member of that name); the rename recipe refuses those when a later patch uses them."""
    out = []
    for s in suggestions:
        if s.kind == "rename" and s.status == Status.APPLIED and (s.patch == only if only is not None
                                                                  else s.patch < number):
            for t in (s.params or {}).get("renames", []):
                if t.get("what") in ("local", "function", "global", "macro"):
                    out.append((t["old"], t["new"], tuple(t.get("functions") or ())))
    return out


def _carry(repo, files_by_patch, changes, number: int, path: str, text: str,
           why: str = "run without --propagate", follow=lambda n: []) -> str:
    """TEXT (PATH as patch NUMBER leaves it, plus new edits) with the edits earlier patches got in PATH
    merged in: the rebuilt commit gets the whole file, so it must not undo them.  The renames FOLLOW(n)
    gives for an earlier patch n (those of patch n and before, which its edited file has) are made on
    TEXT and on that patch's file before the merge: this
    patch's own uses of the name follow, and the lines it rewrote do not conflict with the rename.
    A conflict raises _Conflict (a RespinError, saying WHY) before anything is written."""
    for earlier in sorted(n for n in changes if n < number and path in changes[n]):
        base, theirs = files_by_patch[earlier].get(path, ""), changes[earlier][path]
        for old, new, functions in follow(earlier):
            text, base = rename_tokens(text, old, new, functions), rename_tokens(base, old, new, functions)
        with tempfile.TemporaryDirectory(prefix="respin-carry-") as d:
            paths = []
            for name, content in (("ours", text), ("base", base), ("theirs", theirs)):
                (Path(d) / name).write_text(content)
                paths.append(str(Path(d) / name))
            r = repo.run("merge-file", "-p", "--diff3", "-L", "ours", "-L", "base", "-L", "theirs", *paths,
                         check=False)
        if r.returncode != 0:
            raise _Conflict(f"patch {number}: the edits to {path} conflict with those of patch "
                            f"{earlier} (the lines patch {earlier}'s edits change are changed again by a later "
                            f"patch, or {why})", number, earlier, path, r.stdout)
        text = r.stdout
    return text


def _write_rules(dest: Path, rules, edits, suggestions) -> None:
    """cocci/NN-kind-slug.cocci for every semantic patch; an edit SmPL cannot express (a comment
    block) is written as NN-kind-slug.diff instead: the same header, then the verified change as
    a unified diff that `git apply`/`patch -p1` take on the file as it was before that edit."""
    dest.mkdir(parents=True, exist_ok=True)
    for r in rules:
        if not r.is_text_edit:
            (dest / r.name).write_text(r.text)
            continue
        edit = next((e for e in edits if e.rule is r and e.diff), None)
        if edit is None:     # nothing to show: it failed, or an earlier edit already did it
            for s in suggestions:
                if s.rule == f"cocci/{r.name}":
                    s.rule = ""
            continue
        name = Path(r.name).with_suffix(".diff").name
        header = [line for line in r.text.splitlines() if line.startswith("//")]
        text = "\n".join("#" + line[2:] if line.startswith("//") else line for line in header)
        (dest / name).write_text(text + "\n\n" + edit.diff)
        for s in suggestions:
            if s.rule == f"cocci/{r.name}":
                s.rule = f"cocci/{name}"


def _shape(line: str) -> str:
    """LINE's tokens with every identifier as `_`: the same for a line and its renamed self."""
    return " ".join("_" if re.match(r"[A-Za-z_]", t) else t for t in norm(line).split())


def _head(line: str) -> str:
    """What LINE has before its first parenthesis when that names something (`int foo_len`,
    `ret = foo_len`), normalized; "" otherwise."""
    text = norm(line)
    head = text.split("(", 1)[0].strip() if "(" in text else ""
    return head if re.search(r"[A-Za-z_]\w*$", head) and head not in ("if", "while", "for", "switch", "return") \
        else ""


def _settle_superseded(suggestions, edits) -> None:
    """A comment that no recipe could do (manual) about code that an applied rule removed
    ("the comment should be updated ..." on a block another suggestion drops) needs no work:
    say which suggestion took it away instead of asking the user to do something moot."""

    removed: list[tuple[str, set[str], set[str]]] = []
    for e in edits:
        if e.status != Status.APPLIED or not e.diff:
            continue
        try:
            minus = [line for line in diffs.removed(e.diff) if line.strip()]
            plus = {_shape(line) for line in diffs.added(e.diff)}
        except diffs.UnidiffParseError:
            continue
        # a line that comes back with other names (a rename), or as the same call or declarator with
        # other arguments (a parameter dropped), was not removed
        heads = {_head(line) for line in diffs.added(e.diff)} - {""}
        gone = {norm(line) for line in minus if _shape(line) not in plus and _head(line) not in heads}
        removed.append((e.rule.suggestion_id or e.rule.name, set(e.rule.files), gone))
    for s in suggestions:
        if s.status != Status.MANUAL or not s.anchor.code:
            continue
        # a line of braces alone ("}") is in every function: it says nothing of where the code went
        code = [norm(c) for c in s.anchor.code if re.search(r"\w", c)]
        for sid, files, gone in removed:
            if code and all(c in gone for c in code) and (not s.anchor.file or s.anchor.file in files):
                s.status = Status.SKIPPED
                s.reason = f"the code it is about was removed by {sid}"
                break


def _squeezed(text: str) -> str:
    """TEXT with the whitespace of each line squeezed out (the lines themselves kept)."""
    return "\n".join("".join(line.split()) for line in text.split("\n"))


def _patch_lines(before: str, after: str) -> list[str]:
    """The +/- lines of the change BEFORE -> AFTER, without context or positions."""
    a, b = split_lines(before), split_lines(after)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if tag != "equal":
            out += ["-" + line for line in a[i1:i2]] + ["+" + line for line in b[j1:j2]]
    return out


def _spelling(repo: Repo, commit: str) -> dict[str, str] | None:
    """The tree's scripts/spelling.txt at COMMIT, read (misspelling -> correction); None without one."""
    text = repo.try_show_small_file(commit, "scripts/spelling.txt", MAX_HEADER_BYTES) \
        if re.fullmatch(r"[0-9a-f]{7,64}", commit) else None
    return msgfix.spelling_list(text) if text else None


def _message_typos_fixed(message: str, asked: list[Suggestion], known: dict[str, str] | None = None) -> str:
    """MESSAGE with the word-for-word corrections of the commit-message suggestions ASKED made
    (patches.msgfix; KNOWN, the tree's spelling list, for a typo named without its correction); each
    one made is applied, the others keep their status."""
    for s in asked:
        fixed = msgfix.corrected(message, s.comment, known)
        if fixed is None:
            continue
        pairs = msgfix.corrections(s.comment, message, known)
        message = fixed
        s.status, s.reason = Status.APPLIED, ""
        s.summary = "Correct " + ", ".join(f"{a} to {b}" for a, b in pairs) + " in the commit message"
    return message


def _new_parents(changes: dict[int, dict[str, str]], number: int) -> dict[str, str]:
    """Path -> the text the rebuilt patch NUMBER starts from, for the paths an earlier patch's edits
    changed (the latest such patch's text): the carried edits are that patch's change, not this one's."""
    out: dict[str, str] = {}
    for earlier in sorted(n for n in changes if n < number):
        out.update(changes[earlier])
    return out


def _interdiff_size(repo: Repo, patch, edited: dict[str, str], new_parents: dict[str, str] | None = None) -> int:
    """How many lines of the patch's change EDITED (path -> new text) rewrites: per file, the larger
    of the lines only the old patch has and the lines only the new one has (a line changed in place
    counts once, not as one gone and one new), counted before the new commit exists.  NEW_PARENTS
    (path -> text) is where the rebuilt patch starts from when an earlier patch's edits changed it.
    Lines are compared without their whitespace, as `diff -w` does: code that only moved a level in or
    out (an else dropped, an early return) is the code that was reviewed."""
    n = 0
    for path, new in edited.items():
        parent = repo.try_show_file(patch.commit + "^", path) or ""
        orig = repo.try_show_file(patch.commit, path) or ""
        new_parent = (new_parents or {}).get(path, parent)
        old_lines = Counter(_patch_lines(_squeezed(parent), _squeezed(orig)))
        new_lines = Counter(_patch_lines(_squeezed(new_parent), _squeezed(new)))
        n += max(sum((old_lines - new_lines).values()), sum((new_lines - old_lines).values()))
    return n


def _user_suggestions(brought: list[Rule], edits: list[Edit], exclude: set[str], patch: int) -> list[Suggestion]:
    """The report entries of the rules the user brought, in their order: applied or failed (with the
    reason: matched nothing, ...) as their edits on patch PATCH went, skipped when the user left them out."""
    ran = {s.id: s for s in user_mod.suggestions_from(edits, patch)}
    out: list[Suggestion] = []
    for r in brought:
        s = ran.get(r.suggestion_id)
        if s is None:
            s = user_mod.suggestion_for(r, patch=patch)
            s.rule = ""             # not run, not written to cocci/
            s.status, s.reason = (Status.SKIPPED, "left out by the user") if r.suggestion_id in exclude \
                else (Status.FAILED, "the rule did not run")
        out.append(s)
    return out


def _user_rule_patch(review: Review) -> int:
    """User rules run on the patch under review: the first one the thread comments on (the last patch
    of the series when the thread reviews none in particular)."""
    reviewed = sorted({s.patch for s in review.suggestions if s.patch > 0})
    return reviewed[0] if reviewed else review.series.patches[-1].number
