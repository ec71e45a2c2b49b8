"""The series under review: its patches as the thread has them (patch mails, or rebuilt from the
quotes of replies), and their commits in the tree (by a range, or by subjects among the branches).

Content decides between candidates: the normalized lines a patch adds must be
the lines the commit adds (whitespace and hunk positions do not matter).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import diffs
from patches.ctext import norm
from patches.git import GitError, Repo
from patches.model import Conversation, Message, PatchMail, Person, Series, Subject
from patches.subject import parse_subject, title_key


class LocateError(ValueError):
    """The thread holds no patch, the range does not resolve or a patch is not where it should be; one line."""


@dataclass(frozen=True)
class TreeCommit:
    sha: str
    title: str
    author: str
    email: str
    message: str        # full commit message


def _commits(repo: Repo, *rev_args: str) -> list[TreeCommit]:
    out = repo.out("log", "--reverse", "--no-merges", "--format=%H%x1f%s%x1f%an%x1f%ae%x1f%B%x1e",
                   *rev_args)   # callers put --end-of-options before any name that is not theirs
    result = []
    for rec in out.split("\x1e"):
        rec = rec.strip("\n")
        if not rec:
            continue
        sha, title, an, ae, body = rec.split("\x1f", 4)
        result.append(TreeCommit(sha, title, an, ae, body.strip("\n") + "\n"))
    return result


def commits_in_range(repo: Repo, series_range: str) -> list[TreeCommit]:
    """The commits of RANGE ("base..branch"), oldest first."""
    ends = series_range.split("..", 1) if ".." in series_range else [series_range]
    for rev in ends:
        if rev and not repo.try_rev(rev):
            raise LocateError(f"series range {series_range}: {rev!r} is not a commit in the tree")
    try:
        commits = _commits(repo, "--end-of-options",
                           series_range if ".." in series_range else f"{series_range}^..{series_range}")
    except GitError as e:
        raise LocateError(f"series range {series_range} does not resolve: {e}") from e
    if not commits:
        raise LocateError(f"series range {series_range} holds no commits")
    return commits


def added_code(diff: str) -> list[str]:
    """Normalized lines a diff adds (blank ones left out).

    A patch mail's diff is a unified diff, read with unidiff.  One rebuilt from the quotes of a reply
    (cut short, hunks that no longer hold the lines their headers count, context lines that lost their
    space in a web archive) is not: its `+` lines are taken as they stand."""
    try:
        lines = diffs.added(diff)
    except diffs.UnidiffParseError:
        lines = [ln[1:] for ln in diff.split("\n") if ln.startswith("+") and not ln.startswith("+++")]
    return [n for n in (norm(ln) for ln in lines) if n]


def commit_diff(repo: Repo, sha: str) -> str:
    """What commit SHA changes (against its first parent), as a unified diff."""
    return repo.out("diff-tree", "-p", "-M", "--root", "--no-commit-id", sha)


def content_score(mail_diff: str, repo: Repo, sha: str, known: dict[str, str] | None = None) -> float:
    """How much of what the mail's diff adds the commit adds too (0..1); 1.0 when the mail has no diff.
    KNOWN: commit diffs already asked for (``commit_diffs``), by sha."""
    mail = added_code(mail_diff)
    if not mail:
        return 1.0
    diff = known[sha] if known is not None and sha in known else commit_diff(repo, sha)
    tree = set(added_code(diff))
    return sum(1 for ln in mail if ln in tree) / len(mail)


def commit_diffs(repo: Repo, shas: list[str]) -> dict[str, str]:
    """``commit_diff`` of each of SHAS, git asked once for all of them."""
    unique = list(dict.fromkeys(shas))
    return dict(zip(unique, repo.diff_tree_commits(unique, "-p", "-M", "--root"), strict=True))


def match_titles(titles: list[str], commits: list[TreeCommit]) -> dict[int, TreeCommit]:
    """Index in TITLES -> the commit with that subject (case and spaces folded)."""
    by_title: dict[str, TreeCommit] = {}
    for c in commits:
        by_title.setdefault(title_key(c.title), c)
    return {i: by_title[title_key(t)] for i, t in enumerate(titles) if title_key(t) in by_title}


_VERSIONED = re.compile(r"-v\d+$")


def find_in_branches(repo: Repo, titles: list[str], depth: int = 300) -> tuple[str, list[TreeCommit]]:
    """The branch whose recent history holds the most of TITLES, and its commits (oldest first).

    Returns ("", []) when no branch has any of them.  Among equally good branches, one
    whose tip is the series' last commit wins, then a name without a -vN suffix."""
    refs = repo.branches()
    best: tuple[tuple, str, list[TreeCommit]] | None = None
    for ref in refs:
        head = ref.removeprefix("refs/heads/")
        try:
            # the full ref after --end-of-options: a branch named "--output=..." stays a name
            commits = _commits(repo, f"--max-count={depth}", "--end-of-options", ref)
        except GitError:
            continue
        found = match_titles(titles, commits)
        if not found:
            continue
        last = max(commits.index(c) for c in found.values())
        tip_is_last = last == len(commits) - 1
        score = (len(found), tip_is_last, not _VERSIONED.search(head), -len(head))
        if best is None or score > best[0]:
            best = (score, head, commits)
    if best is None:
        return "", []
    return best[1], best[2]


def _patch_body(body: str) -> tuple[str, str]:
    """(commit message, diff) of a patch mail body."""
    lines = body.split("\n")
    msg_end = next((i for i, ln in enumerate(lines) if ln.rstrip() == "---"), None)
    diff_start = next((i for i, ln in enumerate(lines) if ln.startswith("diff --git ")), None)
    if msg_end is None:
        msg_end = diff_start if diff_start is not None else len(lines)
    message = "\n".join(lines[:msg_end]).strip("\n") + "\n"
    diff = ""
    if diff_start is not None:
        dl = lines[diff_start:]
        end = next((i for i, ln in enumerate(dl) if ln == "-- "), len(dl))
        diff = "\n".join(dl[:end]).rstrip("\n") + "\n"
    return message, diff


def is_patch_mail(m: Message) -> bool:
    return m.subject.is_patch and not m.subject.is_reply and not any(ln.depth for ln in m.lines[:3]) and (
        "diff --git" in m.body or m.subject.number == 0 or "\n---\n" in m.body)


def _rebuilt(conv: Conversation, patch_author: str) -> dict[str, PatchMail]:
    """Patches known only from replies: commit message and diff rebuilt from the deepest quotes."""
    out: dict[str, PatchMail] = {}
    for m in conv.messages:
        if not m.subject.is_patch:
            continue
        key = title_key(m.subject.title)
        depth = max((ln.depth for ln in m.lines), default=0)
        if depth == 0:
            continue
        qlines = [ln.text for ln in m.lines if ln.depth == depth]
        text = "\n".join(qlines)
        message, diff = _patch_body(text)
        author = m.quote_authors.get(depth) or patch_author or m.author.name
        pm = PatchMail(_number(m.subject), _as_patch_subject(m.subject), Person(author),
                       message=message, diff=diff)
        if key not in out or len(diff) > len(out[key].diff):
            out[key] = pm
    return out


def _number(s: Subject) -> int:
    """Position of a patch mail in its series: a lone patch ("[PATCH v2] ...", no n/m) is patch 1."""
    return 1 if s.number is None else s.number


def _as_patch_subject(s: Subject) -> Subject:
    raw = re.sub(r"^\s*((re|aw|sv|fwd?)\s*:\s*)+", "", s.raw, flags=re.I)
    return parse_subject(raw)


def series_from_thread(conv: Conversation) -> tuple[list[PatchMail], PatchMail | None, str]:
    mails = [m for m in conv.messages if is_patch_mail(m)]
    patch_mails = {id(m) for m in mails}
    replies = [m for m in conv.messages if m.subject.is_patch and id(m) not in patch_mails]
    # the latest version reviewers answered (an older one's review may be longer; a version posted
    # since and not yet answered is not the one to respin), else the latest posted
    versions = [m.subject.version for m in replies] or [m.subject.version for m in mails]
    version = max(versions, default=1)
    mails = [m for m in mails if m.subject.version == version] or mails
    cover = None
    patches: dict[str, PatchMail] = {}
    for m in mails:
        message, diff = _patch_body(m.body)
        pm = PatchMail(_number(m.subject), m.subject, m.author, m.msgid, message, diff)
        if m.subject.number == 0:
            cover = pm
        elif diff:
            patches.setdefault(title_key(m.subject.title), pm)
    author = (mails[0].author.name if mails else "")
    if not author:
        # the patch author is who the deepest quotes belong to
        for m in replies:
            if m.quote_authors:
                author = m.quote_authors[max(m.quote_authors)]
                break
    mailed = {pm.number for pm in patches.values()}
    for key, pm in _rebuilt(conv, author).items():
        # a reply whose subject its mailer cut or re-folded is about the patch mail of its number, not another
        if key not in patches and pm.number != 0 and pm.number not in mailed:
            patches[key] = pm
    ordered = sorted(patches.values(), key=lambda p: (p.number or 0))
    if not ordered:
        raise LocateError("the thread holds no patch (no [PATCH] mail with a diff and no reply quoting one)")
    return ordered, cover, author


def _mail_from_commit(c: TreeCommit, number: int, total: int, version: int, prefixes: tuple[str, ...]) -> PatchMail:
    pre = " ".join(prefixes or ("PATCH",))
    vs = f" v{version}" if version > 1 else ""
    width = len(str(total))
    raw = f"[{pre}{vs} {number:0{width}d}/{total}] {c.title}"
    return PatchMail(number, parse_subject(raw), Person(c.author, c.email), message=c.message)


def locate_series(repo: Repo, patches: list[PatchMail], cover: PatchMail | None,
                  series_range: str) -> Series:
    """The series of the thread's PATCHES in the tree: the commits of SERIES_RANGE when given, else the
    branch holding them; a Series without base and branch when the tree does not hold them all."""
    if series_range:
        return _in_range(repo, patches, cover, series_range)
    located = _in_branches(repo, patches, cover)
    if located is not None:
        return located
    return Series(patches, cover, patches[0].subject.version, "", "")


def _in_range(repo: Repo, patches: list[PatchMail], cover: PatchMail | None, series_range: str) -> Series:
    version = patches[0].subject.version
    prefixes = tuple(p for p in patches[0].subject.prefixes if p.upper() != "RESEND")
    commits = commits_in_range(repo, series_range)
    found = match_titles([p.subject.title for p in patches], commits)
    result = [_mail_from_commit(c, i + 1, len(commits), version, prefixes) for i, c in enumerate(commits)]
    for i, c in enumerate(commits):
        result[i].commit = c.sha
    for i, pm in enumerate(patches):
        c = found.get(i) or _retitled(repo, pm, commits, series_range)
        slot = result[commits.index(c)]
        slot.msgid = pm.msgid
        if pm.diff and "\n" in pm.diff and pm.msgid:
            slot.diff = pm.diff
        slot.subject = Subject(raw=slot.subject.raw, title=slot.subject.title,
                               prefixes=slot.subject.prefixes, version=version,
                               number=slot.number, total=len(commits), width=slot.subject.width,
                               resend=pm.subject.resend)
    base = repo.try_rev(f"{commits[0].sha}^")
    branch = series_range.split("..", 1)[1] if ".." in series_range else ""
    return Series(result, cover, version, base, branch)


def _retitled(repo: Repo, pm: PatchMail, commits: list[TreeCommit], series_range: str) -> TreeCommit:
    """The commit of COMMITS that adds what PM adds, for a patch retitled since the mail."""
    scores = [(content_score(pm.diff, repo, tc.sha), tc) for tc in commits] if pm.diff else []
    best: tuple[float, TreeCommit | None] = max(scores, key=lambda s: s[0], default=(0.0, None))
    if best[0] < 0.8 or best[1] is None:
        raise LocateError(f"patch \"{pm.subject.title}\" is not in {series_range} "
                          f"(no commit there has its subject or its changes)")
    return best[1]


def _in_branches(repo: Repo, patches: list[PatchMail], cover: PatchMail | None) -> Series | None:
    version = patches[0].subject.version
    branch, commits = find_in_branches(repo, [p.subject.title for p in patches])
    if not commits:
        return None
    found = match_titles([p.subject.title for p in patches], commits)
    scored = commit_diffs(repo, [c.sha for i, pm in enumerate(patches)
                                 if (c := found.get(i)) is not None and pm.diff and added_code(pm.diff)])
    by_title: list[tuple[PatchMail, str]] = []
    for i, pm in enumerate(patches):
        c = found.get(i)
        if c is not None and (not pm.diff or content_score(pm.diff, repo, c.sha, scored) >= 0.5):
            pm.commit = c.sha
        elif c is not None:
            by_title.append((pm, c.sha))
    if by_title and any(p.commit for p in patches):
        # the branch holds the series (other patches match by content too): a patch whose commit
        # the author has since reworked on the branch is still that patch; the branch is what the
        # next version is made from, and quotes the branch no longer has are reported as such
        for pm, sha in by_title:
            pm.commit = sha
    located = [p for p in patches if p.commit]
    if located and len(located) == len(patches):
        first = min(commits.index(next(c for c in commits if c.sha == p.commit)) for p in located)
        base = repo.try_rev(f"{commits[first].sha}^")
        return Series(patches, cover, version, base, branch)
    return None
