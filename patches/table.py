"""Suggestions as a table a person reads in a terminal."""
from __future__ import annotations

from patches.model import Suggestion


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


def suggestions_table(suggestions: list[Suggestion]) -> str:
    """id, reviewer, quoted code (first line), comment, response and kind; one row per suggestion."""
    header = ("ID", "REVIEWER", "QUOTED", "COMMENT", "RESPONSE", "KIND")
    rows = [(s.id, _short(s.reviewer.name, 24),
             _short(("[msg] " if s.anchor.in_message else "") + _quoted(s), 40),
             _short(_comment(s), 56), s.response.value, s.kind) for s in suggestions]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in [header, *rows]]
    if not rows:
        lines.append("(no suggestions)")
    return "\n".join(lines) + "\n"
