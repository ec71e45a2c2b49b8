"""A request to copy people on the next version: 'Please Cc also the "STATIC BRANCH/CALL" folks on the
next version.', "Cc the PWM SUBSYSTEM maintainers", "please Cc Jane Doe <jane@example.org> too", "you
should Cc the linux-pwm list".

``asks_cc`` finds the words naming who; ``cc_lines`` turns them into ``Cc:`` trailer lines with the
tree's MAINTAINERS: written addresses as they are, a section named by its title (quoted, or before
"maintainers", "folks", "people", "reviewers") into its M: and R: entries, a list ("the linux-pwm
list") into the L: address it names.  A name that fits no section, or several, gives no line and
says why.
"""
from __future__ import annotations

import re

from patches.lazyre import lazy
from patches.tagasks import CONDITION, OTHER

_ASK = re.compile(r"(?:\b(?:please|pls|also|should|could|can|would|need\s+to|forgot\s+to|remember\s+to|"
                  r"don['’]t\s+forget\s+to|make\s+sure\s+to)\b[\w\s,]{0,20}?|^\s*|[.!?]\s+)"
                  r"\bcc(?:['’]?(?:ing|d))?\b:?\s+(?:also\s+)?(?P<who>.+?)(?=[.!?](?:\s|$)|$)", re.I)
_ASKED_BY = lazy(r"\b(?:please|pls|should|could|can|would|need\s+to|forgot\s+to|remember\s+to|"
                 r"don['’]t\s+forget\s+to|make\s+sure\s+to)\b", re.I)
_ADDRESS = lazy(r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?\s*<(?P<mail>[^<>@\s]+@[^<>\s]+)>|"
                r"(?P<bare>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)")
_QUOTED = lazy(r"[\"“”'‘’](?P<title>[^\"“”‘’]{2,60})[\"“”'‘’]")
_GROUP = lazy(r"\bthe\s+(?P<title>[\w/ .+-]{2,60}?)\s+(?P<what>maintainers?|folks|people|reviewers|"
              r"guys|team|experts|owners|mailing\s+list|list)\b", re.I)
_NOT_ASKING = lazy(r"\b(?:no\s+need\s+to|don['’]t|do\s+not|shouldn['’]t|why\s+(?:was|were|did|am))\b", re.I)
# "you can drop the Cc to ...", "please stop Cc'ing ...": the words between the asking word and "cc" undo it
_UNDONE = lazy(r"\b(?:drop|remove|stop|avoid|without|not|no|never|too\s+many|fewer)\b", re.I)


_LONGEST = 200     # characters: who to Cc is said in fewer


def asks_cc(comment: str) -> str:
    """The words of COMMENT that say whom to Cc on the next version, or '' (stable is a tag of its own:
    patches.tagasks)."""
    text = " ".join(comment.split())
    m = _ASK.search(text)
    if not m or _NOT_ASKING.search(text[:m.start() + 12]) or "?" in text[m.start():m.end() + 1]:
        return ""
    lead = text[m.start():m.start("who")]
    if _UNDONE.search(lead) or not _ASKED_BY.search(lead) and re.search(r"cc['’]?(?:ing|d)\b", lead, re.I):
        return ""       # undone, or "Cc'ing the netdev list." / "Cc'd X": what the writer did
    who = re.split(r"\s+(?:on|in|for|with)\s+(?:the\s+)?(?:next|v\d+|future|new)\b|\s+(?:please|too|as\s+well)\b",
                   m.group("who"))[0].strip()
    if re.match(r"(?:to\s+)?(?:the\s+)?stable\b", who, re.I) or len(who) > _LONGEST:
        return ""
    if CONDITION.search(who) or OTHER.search(who):
        return ""       # on a condition, or for another patch or series: the author decides
    return who


def _sections(maintainers: str) -> list[tuple[str, list[str]]]:
    """(title, its "X:\tvalue" lines) of every section of MAINTAINERS' text."""
    out: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", maintainers):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if len(lines) >= 2 and not re.match(r"^[A-Z]:\s", lines[0]) and all(re.match(r"^[A-Z]:\s", ln)
                                                                               for ln in lines[1:]):
            out.append((lines[0].strip(), lines[1:]))
    return out


def _section(title: str, maintainers: str) -> tuple[list[str], str]:
    sections = _sections(maintainers)
    key = " ".join(title.split()).lower()
    exact = [s for s in sections if s[0].lower() == key]
    found = exact or [s for s in sections if key in s[0].lower()]
    if len(found) != 1:
        how_many = "no" if not found else f"{len(found)}"
        return [], f"found {how_many} MAINTAINERS sections named \"{title}\": add the Cc: lines by hand"
    people = [ln.split(":", 1)[1].strip() for ln in found[0][1] if ln[:2] in ("M:", "R:")]
    return [f"Cc: {p}" for p in people], ""


def _list(name: str, maintainers: str) -> tuple[list[str], str]:
    key = name.strip().lower()
    lists = sorted({m.group(1) for m in re.finditer(r"^L:\s+([^\s@]+@\S+)", maintainers, re.M)
                    if m.group(1).lower().split("@")[0] == key})
    if len(lists) != 1:
        return [], f"no mailing list \"{name}\" in MAINTAINERS: add the Cc: line by hand"
    return [f"Cc: {lists[0]}"], ""


def cc_lines(who: str, maintainers: str) -> tuple[list[str], str]:
    """The Cc: lines WHO (``asks_cc``) names, with the tree's MAINTAINERS text; ([], why) when it names
    nobody respin can find."""
    written = [f"Cc: {(m.group('name') or '').strip()} <{m.group('mail')}>".replace("Cc:  <", "Cc: <")
               if m.group("mail") else f"Cc: {m.group('bare')}" for m in _ADDRESS.finditer(who)]
    if written:
        return written, ""
    q = _QUOTED.search(who)
    if q:
        return _section(q.group("title"), maintainers)
    g = _GROUP.search(who)
    if g and "list" in g.group("what").lower():
        return _list(g.group("title"), maintainers)
    if g:
        return _section(g.group("title"), maintainers)
    return [], f"who \"{who}\" means is not an address or a MAINTAINERS section: add the Cc: lines by hand"
