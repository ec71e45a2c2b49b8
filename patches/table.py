"""Suggestions as a table a person reads in a terminal."""
from __future__ import annotations

from patches.model import Suggestion
from patches.trailers import adds


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3].rstrip() + "..."


def _quoted(s: Suggestion) -> str:
    if s.anchor.code:
        return next((c for c in s.anchor.code if any(ch.isalnum() for ch in c)), s.anchor.code[0])
    lines = [q.lstrip("+ ").strip() for q in s.quoted if q.strip(" +")]
    return lines[0] if lines else ("(commit message)" if s.anchor.in_message else "")


def _comment(s: Suggestion) -> str:
    """The reviewer's words, with the code they wrote in front (it is often the point)."""
    code = " ".join(c.strip() for c in s.code if c.strip())
    return f"{code} | {s.comment}" if code else s.comment


def trailer_note(s: Suggestion) -> str:
    """For a trailer request, the exact line it adds and where its address came from
    ("adds Suggested-by: Jane Doe <jane@example.org> (address from MAINTAINERS)"), or why it adds none."""
    if s.kind != "trailer":
        return ""
    where = f" (address from {s.address_from})" if s.address_from else ""
    if adds(s):
        return f"adds {s.trailer}{where}"
    if s.trailer:
        declined = s.response.value in ("declined", "deferred")
        why = s.response.value if declined else (s.reason or (s.status.value if s.status else ""))
        return f"adds nothing ({why}): {s.trailer}{where}"
    return f"adds nothing: {s.reason}" if s.reason else "adds nothing: no address found"


def suggestions_table(suggestions: list[Suggestion]) -> str:
    """id, reviewer, quoted code (first line), comment, response and kind; one row per suggestion, and under
    a trailer request the line it adds (``trailer_note``)."""
    header = ("ID", "REVIEWER", "QUOTED", "COMMENT", "RESPONSE", "KIND")
    rows = [(s.id, _short(s.reviewer.name, 24),
             _short(("[msg] " if s.anchor.in_message else "") + _quoted(s), 40),
             _short(_comment(s), 56), s.response.value, s.kind) for s in suggestions]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(header)).rstrip()]
    for s, r in zip(suggestions, rows, strict=True):
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
        note = trailer_note(s)
        if note:
            lines.append(" " * (widths[0] + 2) + note)
    if not rows:
        lines.append("(no suggestions)")
    return "\n".join(lines) + "\n"
