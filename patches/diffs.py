"""Reading unified diffs (git's, and the diffs of patch mails), with unidiff.

Every parse of a whole unified diff goes through here: PatchSet -> PatchedFile -> Hunk -> Line.
Quoted diff fragments in review replies (`> ` prefixes, cut, hunk counts that no longer add up) are
not unified diffs; the review reader has its own tolerant reading of those.
"""
from __future__ import annotations

from unidiff import PatchSet, UnidiffParseError

__all__ = ["PatchSet", "UnidiffParseError", "parse", "added", "removed", "added_lines", "added_ranges",
           "changes"]


def parse(diff: str) -> PatchSet:
    """DIFF as files, hunks and lines; UnidiffParseError when it is not a well-formed unified diff."""
    return PatchSet(diff)


def _path(pf) -> str:
    """The file a PatchedFile leaves behind, without git's b/ prefix (the old name for a deletion)."""
    return str(pf.path)


def added(diff: str | PatchSet) -> list[str]:
    """The text of every line DIFF adds (without its `+` and line end), in order."""
    ps = parse(diff) if isinstance(diff, str) else diff
    return [line.value.rstrip("\n") for pf in ps for hunk in pf for line in hunk if line.is_added]


def removed(diff: str | PatchSet) -> list[str]:
    """The text of every line DIFF removes (without its `-` and line end), in order."""
    ps = parse(diff) if isinstance(diff, str) else diff
    return [line.value.rstrip("\n") for pf in ps for hunk in pf for line in hunk if line.is_removed]


def added_lines(diff: str) -> dict[str, dict[int, str]]:
    """path -> {1-based line of the new file: its text} for every line DIFF adds (files in the order of
    the diff, lines in order)."""
    out: dict[str, dict[int, str]] = {}
    for pf in parse(diff):
        for hunk in pf:
            for line in hunk:
                if line.is_added and line.target_line_no is not None:
                    out.setdefault(_path(pf), {})[line.target_line_no] = line.value.rstrip("\n")
    return out


def added_ranges(diff: str) -> list[tuple[int, int]]:
    """The new-file line ranges (1-based, inclusive) of the hunks of DIFF that leave lines behind:
    with -U0, exactly the lines the change adds."""
    return [(h.target_start, h.target_start + h.target_length - 1)
            for pf in parse(diff) for h in pf if h.target_length]


def changes(diff: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(old name, new name, ((sign, text) of each removed or added line, in order)) per file with
    hunks: what a diff changes, without positions or context."""
    return [(pf.source_file, pf.target_file,
             tuple((line.line_type, line.value) for hunk in pf for line in hunk
                   if line.is_added or line.is_removed))
            for pf in parse(diff) if len(pf)]
