"""Reading unified diffs (git's, or one quoted in a mail)."""
from __future__ import annotations

import re

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def added_lines(diff: str) -> dict[str, dict[int, str]]:
    """path -> {1-based line of the new file: its text} for every line a unified diff adds (files in the
    order of the diff, lines in order).  Lines outside a file's hunks are not read."""
    out: dict[str, dict[int, str]] = {}
    path = ""
    no = 0
    in_hunk = False
    for line in diff.splitlines():
        if line.startswith("+++ ") and not in_hunk or line.startswith("+++ b/"):
            path = line[4:].strip()
            path = path[2:] if path.startswith("b/") else path
            in_hunk = False
            continue
        m = _HUNK.match(line)
        if m:
            no = int(m.group(1))
            in_hunk = True
            continue
        if not in_hunk:
            continue
        if line.startswith("+") and path:
            out.setdefault(path, {})[no] = line[1:]
            no += 1
        elif line.startswith(" ") or not line:
            no += 1                  # context (a mail may have stripped a blank context line bare)
        elif not line.startswith(("-", "\\")):
            in_hunk = False          # the hunk ended: a header of the next file, or the mail goes on
    return out
