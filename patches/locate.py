"""Finding the commits of a series in the tree: by a range, or by subjects among the branches.

Content decides between candidates: the normalized lines a patch adds must be
the lines the commit adds (whitespace and hunk positions do not matter).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import norm
from patches.diffs import added_lines
from patches.git import GitError, Repo
from patches.subject import title_key


class LocateError(ValueError):
    """The range does not resolve or a patch is not where it should be; one line."""


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


def _added(diff: str) -> list[str]:
    """Normalized lines a unified diff adds (blank ones left out)."""
    return [n for lines in added_lines(diff).values() for text in lines.values() if (n := norm(text))]


def commit_diff(repo: Repo, sha: str) -> str:
    return repo.out("show", "--format=", "--no-color", "--no-ext-diff", sha)


def content_score(mail_diff: str, repo: Repo, sha: str) -> float:
    """How much of what the mail's diff adds the commit adds too (0..1); 1.0 when the mail has no diff."""
    mail = _added(mail_diff)
    if not mail:
        return 1.0
    tree = set(_added(commit_diff(repo, sha)))
    return sum(1 for ln in mail if ln in tree) / len(mail)


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
    refs = [h for h in repo.out("for-each-ref", "--format=%(refname)", "refs/heads").split("\n") if h]
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
