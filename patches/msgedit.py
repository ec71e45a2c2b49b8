"""Small edits a reviewer asks for on the commit message, under the quoted line they are about: ``s/to/for/``
(one or more, the closing slash optional), "drop the comma", "no full stop at the end"; and the subject's
prefix ("The subject prefix should be 'hwmon: (tmp102)'"), wherever it is asked.

``edit_of`` reads the request; ``apply`` makes it in the message, only inside the lines the reviewer
quoted (or their paragraph, when the text is not in them: a wrapped sentence quoted in part), and only
when it is certain: the text to replace occurs exactly once there (as a word when it is
one), the comma or full stop is the only one.  Anything else gives the reason to leave it to the author.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from patches.msgfix import hyphened_word, whole_word

from patches.lazyre import lazy
from patches.tagasks import CONDITION, OTHER

_SED = lazy(r"^\s*s/(?P<old>[^/\n]+)/(?P<new>[^/\n]*)(?:/g?)?\s*$")
_DROP = re.compile(r"^\s*(?:nit:?\s*)?(?:please\s+)?(?:drop|remove|delete|no\s+need\s+for|no)\s+(?:the\s+)?"
                   r"(?P<mark>comma|full\s+stop|period|trailing\s+dot|dot)(?:\s+(?:at\s+the\s+end|here))?"
                   r"(?:\s+please)?\s*[.!]?\s*$", re.I)
# "The subject prefix should be 'hwmon: (tmp102)'", "Please use \"ASoC: codecs:\" as prefix": the words, the prefix
_PREFIX = re.compile(r"\b(?:subject|title|patch)?\s*prefix\b|\bsubject\s+(?:line\s+)?should\s+(?:start|begin)\s+with\b|"
                     r"\bprefix(?:ed)?\s+(?:the\s+)?(?:subject|title)\b", re.I)
_GIVEN = lazy(r"[\"'“‘`](?P<prefix>[A-Za-z0-9_][\w/.,+ -]*(?::\s*\(?[\w/.,+ -]+\)?)*:?(?:\s*\([\w/.,+-]+\))?)"
              r"\s*(?:\.\.\.|…)?[\"'”’`]")
_ASKS = lazy(r"\b(?:should|use|using|please|must|needs?|would|prefer|usual(?:ly)?|typical(?:ly)?|expected|"
             r"instead|convention|rather|start\s+with|begin\s+with)\b", re.I)
# "Should the prefix be ...?", "The prefix should not be ...", "... if Guenter agrees"
_UNSURE = lazy(r"\?|\b(?:should|must|would|need|do|does)(?:\s+not|n['’]t)\b|\bnot\s+(?:be|use)\b|"
               + CONDITION.pattern, re.I)
_MARK = {"comma": ",", "full stop": ".", "period": ".", "trailing dot": ".", "dot": "."}


@dataclass(frozen=True)
class MessageEdit:
    old: str            # the text to replace ("," for a mark to drop)
    new: str
    words: str          # the changelog's wording
    prefix: bool = False    # NEW is the subject's prefix, wherever the quote is
    wrap: int = 0           # the body's prose re-wrapped at this width, wherever the quote is
    subject: bool = False   # OLD is a word to drop from the subject, wherever the quote is


def edit_of(comment: str, code: list[str]) -> list[MessageEdit]:
    """The edits COMMENT (its text) and CODE (its code-like lines: ``s/a/b/``) ask for, or []."""
    width = wrap_asked(comment) if not code else 0
    if width:
        return [MessageEdit("", "", f"Wrap the commit message at {width} columns", wrap=width)]
    prefix = prefix_of(comment) if not code else ""
    if prefix:
        return [MessageEdit("", prefix, f"Use the subject prefix \"{prefix}\"", prefix=True)]
    words = subject_words(comment) if not code else []
    if words:
        return [MessageEdit(" ".join(words), "", f"Drop \"{words[0]}\" from the subject", subject=True)]
    lines = [ln for ln in code if ln.strip()] if code else []
    if lines and all(_SED.match(ln) for ln in lines):
        out = []
        for ln in lines:
            m = _SED.match(ln)
            if m:
                old, new = m.group("old"), m.group("new")
                out.append(MessageEdit(old, new, f"Fix the commit message wording (\"{old}\" -> \"{new}\")"))
        return out if not comment.strip() or _SED.match(comment) else []
    m = _DROP.match(" ".join(comment.split()))
    if m and not code:
        mark = _MARK[" ".join(m.group("mark").lower().split())]
        return [MessageEdit(mark, "", f"Drop the {' '.join(m.group('mark').lower().split())} in the commit message")]
    return []


# "Please wrap the commit message at 75 columns", "the changelog lines are too long", "commit log lines
# should be wrapped at ~72 chars"
_WRAP = re.compile(r"\b(?:(?:re-?)?wrap|lines?\s+(?:are\s+|is\s+)?(?:too\s+long|longer\s+than)|too\s+long\s+lines?|"
                   r"line\s+length|(?:75|72|7\d)\s+(?:columns|chars|characters))\b", re.I)
_ABOUT_MESSAGE = lazy(r"\b(?:commit\s+(?:message|log|description)|change\s?log|description|message|"
                      r"body|log)\b", re.I)
_WIDTH = lazy(r"\b(7[0-9]|80)\s*(?:-?\s*(?:columns?|chars?|characters|cols?)|\b)", re.I)
_SKIP_PROSE = lazy(r"^(?:\s|>|\$|#|-|\*|\d+[.)]\s|[\w-]+:\s|\[|\(|Link|Closes|Fixes)")
# not prose wherever it stands: a table's aligned columns or cells, a trace's "func+0x1c/0x40"
_NOT_PROSE = lazy(r"[^\s.!?:;](?: {2,}|\t)\S|\||\w\+0x[0-9a-f]+/0x[0-9a-f]+", re.I)
# "the error message is too long", "the log line in probe()": text the code prints, not the commit message
_PRINTED = re.compile(r"(?<!commit )(?<!patch )\b(?:error|warning|debug|info|log|kernel|printk|dmesg|print(?:ed)?)"
                      r"\s+(?:message|log|line)s?\b", re.I)
_ABOUT_CODE = re.compile(r"\b(?:code|function|macro|statement|string|printk|kernel-?doc|comments?)\b|\w\(\)", re.I)


def wrap_asked(comment: str) -> int:
    """The width COMMENT asks the commit message's lines to be wrapped at (75 when it names none), or 0."""
    text = " ".join(comment.split())
    if _ABOUT_CODE.search(text):
        return 0        # about the code (or both): not for the message to guess
    text = _PRINTED.sub("", text)
    if not _WRAP.search(text) or not _ABOUT_MESSAGE.search(text) or "?" in text or \
            re.search(r"\b(?:don['’]t|do\s+not|no\s+need|not)\s+(?:re-?)?wrap", text, re.I):
        return 0
    m = _WIDTH.search(text)
    return int(m.group(1)) if m else 75


def wrapped(message: str, width: int) -> tuple[str, str]:
    """MESSAGE with each prose paragraph of its body that has a line over WIDTH re-wrapped at WIDTH: (the
    message, ''), or ('', why) when no line is over it.  The subject, trailers, indented or quoted lines
    (logs, code, lists), tables, traces and paragraphs with a word longer than WIDTH (a URL, a long
    identifier: re-wrapping cannot bring them under it) stay as they are."""
    subject, sep, body = message.partition("\n\n")
    paras = body.split("\n\n")
    changed = False
    for i, para in enumerate(paras):
        lines = para.split("\n")
        if not any(len(ln) > width for ln in lines) or any(_SKIP_PROSE.match(ln) for ln in lines if ln) or \
                any(_NOT_PROSE.search(ln) for ln in lines) or any(len(w) > width for w in para.split()):
            continue
        paras[i] = "\n".join(textwrap.wrap(" ".join(para.split()), width, break_long_words=False,
                                            break_on_hyphens=False))
        changed = True
    if not changed:
        return "", f"no prose line of the commit message is over {width} columns: re-wrap it by hand if needed"
    return subject + sep + "\n\n".join(paras), ""


def _subject_line(line: str) -> str:
    """A quoted "Subject: [PATCH v2 1/3] foo: bar" as the commit message's first line says it."""
    return re.sub(r"^\s*Subject:\s*(?:(?:Re|Fwd?):\s*)*(?:\[[^\]]*\]\s*)*", "", line, flags=re.I)


def prefix_of(comment: str) -> str:
    """The subject prefix COMMENT asks for ("hwmon: (tmp102)", "ASoC: codecs:"), or '': the words speak of
    the prefix, ask for something, and quote exactly one prefix."""
    if not _PREFIX.search(comment) or not _ASKS.search(comment) or _UNSURE.search(comment) or \
            OTHER.search(comment):
        return ""       # a question, a prefix not wanted, a condition, or another patch or series
    found = {m.group("prefix").strip() for m in _GIVEN.finditer(comment)
             if ":" in m.group("prefix") or m.group("prefix").rstrip().endswith(")")}
    return found.pop() if len(found) == 1 else ""


# 'Subject: drop second/last, redundant "bindings"', 'Please remove "driver" from the subject': a word the
# subject need not say, quoted
_SUBJECT = lazy(r"\bsubject\b", re.I)
_DROP_WORD = lazy(r"\b(?:drop|remove|redundant|superfluous|needless|no\s+need\s+for|not\s+needed|unneeded)\b", re.I)
_QUOTED_WORD = lazy(r"[\"'“‘`]([A-Za-z][\w-]*)[\"'”’`]")
_DANGLING = {"for", "of", "to", "in", "on", "with", "the", "a", "an", "and", "or"}
_SUBJECT_PREFIX = lazy(r"^((?:[\w/.,+ -]+:\s*)+(?:\([\w/.,+-]+\)\s*)?)(?=\S)")


def subject_words(comment: str) -> list[str]:
    """The quoted words COMMENT asks to drop from the subject (each one that may be meant, in order), or []:
    the words speak of the subject and of dropping, and ask nothing unsure."""
    text = " ".join(comment.split())
    if not _SUBJECT.search(text) or not _DROP_WORD.search(text) or _UNSURE.search(text) or OTHER.search(text):
        return []
    return list(dict.fromkeys(m.group(1) for m in _QUOTED_WORD.finditer(text)))


def without_word(message: str, words: list[str]) -> tuple[str, str]:
    """MESSAGE whose subject no longer says the one of WORDS it holds once after its prefix: (new message,
    ''), or ('', why).  A preposition the word leads ("add bindings for X") goes with it when only the verb
    stands before; any other place where the wording around it would need mending is left to the author."""
    subject, sep, rest = message.partition("\n")
    own = _SUBJECT_PREFIX.match(subject)
    head = subject[:own.end()] if own else ""
    tail = subject[len(head):]
    hits = [(w, m) for w in words for m in hyphened_word(w, re.I).finditer(tail)]
    if len(hits) != 1:
        return "", (f"the subject says {' or '.join(f'{w!r}' for w in words)} "
                    f"{'nowhere' if not hits else 'more than once'} after its prefix: edit it by hand")
    word, m = hits[0]
    before, after = tail[:m.start()].split(), tail[m.end():].split()
    if not after and before and before[-1].lower() not in _DANGLING:
        new = " ".join(before)
    elif len(before) == 1 and len(after) > 1 and after[0].lower() in ("for", "of"):
        new = " ".join(before + after[1:])
    else:
        return "", f"dropping \"{word}\" leaves the subject's wording to mend: edit it by hand"
    return head + new + sep + rest, ""


def with_prefix(message: str, prefix: str) -> tuple[str, str]:
    """MESSAGE whose subject (first line) carries PREFIX in place of its own: (new message, ''), or
    ('', why)."""
    subject, sep, rest = message.partition("\n")
    own = _SUBJECT_PREFIX.match(subject)
    if own is None:
        return "", "the subject has no prefix to replace: edit it by hand"
    new = prefix if prefix.endswith((":", ")")) else prefix + ":"
    return f"{new} {subject[own.end():]}" + sep + rest, ""


def _region(lines: list[str], quoted: list[str]) -> tuple[int, int] | None:
    """Where the QUOTED lines (stripped, in order) stand in the message's LINES: (first, end)."""
    want = [" ".join(_subject_line(q).split()) for q in quoted if q.strip()]
    if not want:
        return None
    norm = [" ".join(ln.split()) for ln in lines]
    hits = [i for i in range(len(norm) - len(want) + 1) if norm[i:i + len(want)] == want]
    return (hits[0], hits[0] + len(want)) if len(hits) == 1 else None


def apply(message: str, quoted: list[str], edits: list[MessageEdit], original: str = "") -> tuple[str, str]:
    """MESSAGE with EDITS made inside the QUOTED lines: (the new message, ''), or ('', why not).  The
    quote is looked up in ORIGINAL (default: MESSAGE), the message before other such edits (they keep
    every line where it is)."""
    if edits and all(e.prefix for e in edits):
        return with_prefix(message, edits[-1].new)
    if edits and all(e.wrap for e in edits):
        return wrapped(message, edits[-1].wrap)
    if edits and all(e.subject for e in edits):
        return without_word(message, edits[-1].old.split())
    lines = message.split("\n")
    where = _region((original or message).split("\n"), quoted)
    if where is None:
        return "", "the quoted lines are not in the commit message once: edit it by hand"
    first, end = where
    text = "\n".join(lines[first:end])
    if any(e.old not in text for e in edits):
        # the reviewer quoted part of a wrapped sentence: its paragraph
        while first > 0 and lines[first - 1].strip():
            first -= 1
        while end < len(lines) and lines[end].strip():
            end += 1
        text = "\n".join(lines[first:end])
    for e in edits:
        found = list(whole_word(e.old).finditer(text))
        if len(found) != 1:
            return "", (f"\"{e.old}\" is {'not' if not found else f'{len(found)} times'} in the quoted paragraph: "
                        "edit the commit message by hand")
        at = found[0]
        text = text[:at.start()] + e.new + text[at.end():]
        if "\n" in e.new:
            return "", "the replacement spans lines: edit the commit message by hand"
    return "\n".join(lines[:first] + text.split("\n") + lines[end:]), ""
