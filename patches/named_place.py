"""A request on the cover letter that names its patch and its code in words instead of quoting them
("In patch 2, please drop the dev_info() in the remove path"): the lines of that patch it means, found
in the patch's own diff, stand for the quote the reviewer did not give.

Only a request that names one patch of the series and a call (``name()``) that one statement added by
that patch makes is placed: when the patch adds several such calls, the words of the comment must name
the function of exactly one of them ("remove path" -> ``foo_remove()``).  Anything less certain stays
a comment on the cover letter, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import anchor as anc
from patches.ctext import declaration
from patches.model import PatchMail, Series
from patches.scope import named, other_patch
from patches.tagasks import OTHER
from patches.voices import Quote
from patches.words import REQUEST, STOP

_CALL = re.compile(r"\b([A-Za-z_]\w*)\(\)")
# a function definition starting at column 0 of a diff line (its name before the first parenthesis)
_DEFINITION = re.compile(r"^[ +](?:[A-Za-z_][\w \t*]*?[\s*])?([A-Za-z_]\w*)\s*\([^;]*$")


# "as in patch 2", "like 2/3 does", "same as patch 2", "similar to patch 2": the patch is the model
_COMPARED = re.compile(r"\b(?:as\s+(?:in|with|for|on|you\s+did\s+in|done\s+in)|like(?:\s+in)?|same\s+as(?:\s+in)?|"
                       r"similar(?:ly)?\s+to)\s+(?:patch\s+#?\d|\d+/\d)", re.I)
# "patch 2", "2/3": numbers named, which OTHER would read as another patch
_PATCH_NAMES = re.compile(r"\bpatch(?:es)?\s+#?\d+|\b\d+/\d+\b", re.I)


@dataclass(frozen=True)
class _Added:
    file: str
    function: str
    lines: list[str]            # the statement's diff lines, '+' kept


def named_place(comment: str, series: Series) -> tuple[int, Quote] | None:
    """(patch number, the quote it stands for) of a cover-letter COMMENT that names one patch of SERIES
    and one statement that patch adds; None when it names less or more than that."""
    numbers = named(comment)
    patch = next((p for p in series.patches if numbers == [p.number]), None)
    if patch is None or not REQUEST.search(comment) or other_patch(comment, 0) or _COMPARED.search(comment) or \
            OTHER.search(_PATCH_NAMES.sub(" ", comment)):
        return None     # the patch named as a model ("as in patch 2"), or another series
    calls = set(_CALL.findall(comment))
    if not calls:
        return None
    found = [a for a in added_statements(patch.diff)
             if any(re.search(rf"(?<![\w.>]){re.escape(c)}\s*\(", anc.strip_marker(ln)) for ln in a.lines
                    for c in calls)]
    if len(found) > 1:
        words = {w.lower() for w in re.findall(r"[A-Za-z]\w+", comment) if w.lower() not in STOP and len(w) > 3}
        words -= {c.lower() for c in calls}
        found = [a for a in found if a.function in calls or words & set(a.function.lower().split("_"))]
    if len(found) != 1:
        return None
    a = found[0]
    text = "\n".join(anc.strip_marker(ln) for ln in a.lines)
    # "the dev_err() in foo_resume()": the function the statement is in names the place, not another call
    if any(_calls(c, patch.diff) and not _calls(c, text) for c in calls - proposed(comment) - {a.function}):
        return None     # "the dev_info() is fine, but drop the misc_deregister()": another call of the patch
    return patch.number, Quote(list(a.lines), False, a.file, a.function)


# "s/GPIOD_OUT_HIGH/GPIOD_OUT_LOW/" inside a sentence or on a line of its own: a C token replaced
_SED = re.compile(r"(?<![\w/])s/([A-Za-z_]\w*)/([A-Za-z_]\w*)/g?(?![\w/])")
# a name the comment sets apart in quotes: "'en' says little", "`en`"
_QUOTED_NAME = re.compile(r"(?<!\w)['\"`]([A-Za-z_]\w*)['\"`](?!\w)")


def code_named(comment: str, patch: PatchMail) -> Quote | None:
    """The statement of PATCH a request quoted under its commit message is about, when the request
    names code the message does not hold: an s/OLD/NEW/ whose OLD is a word of exactly one statement
    the patch adds, or a name set apart in quotes that exactly one declaration the patch adds declares
    ("Please call the new member enable_gpio, 'en' says little").  None when it names less or more than
    that, or a word of the message: the request stays one on the commit message."""
    if not REQUEST.search(comment):
        return None
    message = set(re.findall(r"[A-Za-z_]\w*", patch.message))
    added = added_statements(patch.diff)
    seds = _SED.findall(comment)
    if seds:
        if len(seds) != 1 or seds[0][0] in message:
            return None
        found = [a for a in added if any(re.search(rf"(?<!\w){re.escape(seds[0][0])}(?!\w)", anc.strip_marker(ln))
                                         for ln in a.lines)]
    else:
        names = [n for n in _QUOTED_NAME.findall(comment) if n not in message]
        found = [a for a in added for n in names
                 if (d := declaration(" ".join(anc.strip_marker(ln).strip() for ln in a.lines))) is not None
                 and d.name == n]
    if len(found) != 1:
        return None
    a = found[0]
    return Quote(list(a.lines), False, a.file, a.function)


# a call the comment asks to make instead: "use dev_err()", "make the new dev_warn() a dev_err()",
# "turn it into a pr_debug()"
_PROPOSED = re.compile(r"\b(?:use|using|prefer|into)\s+(?:an?\s+)?([A-Za-z_]\w*)\(\)|"
                       r"\b(?:make|turn)\s+(?:the|this|that|it)\s+(?:\w+\s+){0,2}?[A-Za-z_]\w*\(\)\s+"
                       r"(?:into\s+)?(?:an?\s+)?([A-Za-z_]\w*)\(\)", re.I)


def proposed(comment: str) -> set[str]:
    """The calls COMMENT asks to make in place of others: a dev_err() it proposes is no call of the
    patch it points at, even where the diff's context has one."""
    return {a or b for a, b in _PROPOSED.findall(comment)}


def _calls(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w.>]){re.escape(name)}\s*\(", text) is not None


def added_statements(diff: str) -> list[_Added]:
    """The statements a unified DIFF adds ('+' lines, a statement's continuation lines with it), each with
    its file and the function it is in (the latest definition above it in the hunk, else the hunk
    header's)."""
    out: list[_Added] = []
    file, function = "", ""
    cur: list[str] = []
    depth = 0
    for line in diff.splitlines():
        if line.startswith("+++ "):
            file = line[6:] if line.startswith("+++ b/") else ""
            continue
        if line.startswith(("--- ", "diff --git", "index ")):
            continue
        if line.startswith("@@"):
            function = anc.hunk_function(line)
            continue
        d = _DEFINITION.match(line)
        if d and not line[1:2].isspace():
            function = d.group(1)
        if line.startswith("+") and line[1:].strip():
            cur.append(line)
            code = anc.strip_marker(line)
            depth += code.count("(") - code.count(")")
            if depth <= 0:
                out.append(_Added(file, function, cur))
                cur, depth = [], 0
            continue
        if cur:
            out.append(_Added(file, function, cur))
        cur, depth = [], 0
    if cur:
        out.append(_Added(file, function, cur))
    return out
