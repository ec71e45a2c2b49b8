"""Requests for a tag that names no person: a ``Fixes:`` line the reviewer writes out, ``Closes:`` or
``Link:`` with an address, ``Cc: stable@vger.kernel.org`` ("Please add a Fixes tag:" above
``Fixes: 0123456789ab ("subj: ...")``, "Missing Fixes: ... ?", "This should be Cc'd to stable").  A
``Fixes:`` given a bug report's address instead of a commit is written ``Closes:`` (``Link:`` for
other addresses), as Documentation/process/submitting-patches.rst asks.

``tag_requests`` takes them out of a comment's paragraphs: the tag line (as the commit message will
carry it) and the words that ask for it, for the report.  A tag line written with no word asking for
it is taken too when it is alone in its paragraph under such a word ("Please add:") or the comment is
nothing else; a tag mentioned in passing ("the Fixes: tag above is wrong") is not a request.  A Fixes
request that does not write the commit out ("needs a Fixes tag") is left to the comment readers: there
is nothing to add.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from patches.answers import SIGNATURE
from patches.lazyre import lazy
from patches.words import GREETING, SIGNOFF

STABLE = "Cc: stable@vger.kernel.org"

# the tag lines, as the kernel's submitting-patches.rst writes them
_LINE = re.compile(r"(?:^|(?<=\s))(?:(?P<fixes>Fixes):\s+(?P<sha>[0-9a-f]{8,40})\s+\(\"(?P<subject>.+)\"\)|"
                   r"(?P<loose>Fixes):\s+(?P<lsha>[0-9a-f]{8,40})\s+(?P<lsubject>[^\s(\"“].*?)|"
                   r"(?P<url>(?-i:Closes|Link|Fixes)):\s+(?P<address>https?://\S+)|"
                   r"(?P<cc>Cc):\s+(?P<stable>stable@vger\.kernel\.org)(?P<note>\s+#\s*\S.*)?)\s*$", re.I)
_ASKING = lazy(r"\b(?:add|adding|missing|miss|lacks?|lacking|needs?|need(?:ed)?|please|should|deserves?|"
               r"forgot|want|worth|include|put|carry|tag)\b", re.I)
_NOT_ASKING = lazy(r"\b(?:wrong|incorrect|bogus|drop(?:ped|ping|s)?|remov(?:e|ed|ing)|not\s+needed|no\s+need|"
                   r"unnecessary|doesn['’]t\s+(?:need|deserve)|don['’]t\s+(?:think|need|add|send|cc|copy|include|"
                   r"put|want)|do\s+not|never|shouldn['’]t|(?:should|must)\s+not|not\s+(?:a\s+)?(?:fix|stable)|"
                   r"not\s+(?:be\s+)?(?:cc['’]?d|sent|copied|backported))\b", re.I)
# the words speak of another patch or series ("Patch 2 needs ...", "for the other series, please add"):
# not the patch the comment is on
OTHER = re.compile(r"\b(?:other|another|previous|next|different|separate|earlier|later)\s+(?:series|patch(?:set|es)?|"
                    r"commit|version|submission)\b|\bpatch(?:es)?\s+#?\d+\b|(?<![\w/])\d+/\d+(?![\w/])", re.I)
# on the cover letter, patches named by number are the ones the tag is for (trailers.request_targets)
_OTHER_WORK = re.compile(r"\b(?:other|another|previous|next|different|separate|earlier|later)\s+(?:series|"
                         r"patch\s?set|version|submission)\b", re.I)
# "... if that is the commit that broke it", "I'm not sure": asked on a condition the author must check;
# "if you resend" / "when you respin" is the next version itself
CONDITION = re.compile(r"\b(?:if|unless|once|when|after)\b(?!\s+(?:you|we)\s+(?:re-?send|re-?spin|re-?submit|"
                        r"send\s+(?:a\s+|the\s+)?(?:v\d+|new\s+version|next\s+version)|do\s+(?:a\s+)?v\d+|"
                        r"post\s+(?:a\s+|the\s+)?(?:v\d+|new\s+version|next\s+version)|spin\s+(?:a\s+)?(?:v\d+|"
                        r"new\s+version))\b)|\bnot\s+(?:\w+\s+)?sure\b|\bunsure\b", re.I)
# "Cc stable", "Copy stable": the request in the imperative, first in its sentence ("Cc'd"/"Cc'ing" tell
# what someone did)
_STABLE_IMPERATIVE = lazy(r"(?:^|[.!;]\s+)(?:(?:and|also|so|then)\s+)?(?:cc|copy|add)\b(?!['’])", re.I)
# "Cc stable", "Cc: stable", "cc'd to stable", "copy stable", "send it to stable", "stable@vger.kernel.org"
_STABLE_WORDS = re.compile(r"\b(?:cc(?:['’]?d|'?ing)?|copy|send\s+(?:it|this)\s+to|add)\s*:?\s+(?:to\s+)?"
                           r"(?:the\s+)?stable(?:\s+(?:list|tree|kernels?|folks))?\b|\bstable@vger\.kernel\.org\b",
                           re.I)


# a tag that names a person ("Reported-by: Jane Doe <jane@example.org>")
_PERSON_TAG = re.compile(r"^\s*[A-Z][A-Za-z]*(?:-[A-Za-z]+)*-by:\s*\S", re.I)


def _line(text: str) -> str:
    """The tag a line ends with ("Fixes: 0123456789ab (\"...\")", "Missing Fixes: ..."), spelled
    canonically, or ''."""
    m = _LINE.search(text)
    if not m:
        return ""
    if m.group("fixes"):
        return f"Fixes: {m.group('sha')} (\"{m.group('subject')}\")"
    if m.group("loose"):        # the subject without ("..."): written only once the tree confirms it
        return f"Fixes: {m.group('lsha')} {m.group('lsubject')}"
    if m.group("url"):
        # "Fixes: <bug URL>": a Fixes: tag names a commit; a report is closed (Closes:), anything else linked
        name = m.group("url").capitalize()
        if name == "Fixes":
            name = "Closes" if re.search(r"bugzilla|/bugs?/|show_bug|/issues/|syzkaller", m.group("address")) \
                else "Link"
        return f"{name}: {m.group('address')}"
    return STABLE + (m.group("note") or "").rstrip()


def refuses(text: str) -> bool:
    """Whether TEXT turns a tag down or takes one off ("No need to add my Suggested-by", "don't add ...")."""
    return bool(_NOT_ASKING.search(text))


def names_no_person(line: str) -> bool:
    """Whether LINE is one of the tags ``tag_requests`` gives (Fixes:, Closes:, Link:, Cc: stable)."""
    return bool(_LINE.search(line))


def _prose(line: str) -> str:
    """LINE without the tag it ends with."""
    m = _LINE.search(line)
    return line[:m.start()] if m else line


_PLEASE_ONLY = re.compile(r"^\s*(?:please|pls|thanks)[\s.!]*$", re.I)


def _closing(para: list[str]) -> bool:
    """Whether PARA is only a greeting, a sign-off or the reviewer's name."""
    return all(SIGNATURE.match(ln) or SIGNOFF.match(ln) or GREETING.match(ln) for ln in para)


def tag_requests(paras: list[list[str]], cover: bool = False) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The tag lines PARAS (one comment's paragraphs) ask for, each with the words that ask for it, and
    the paragraphs without them (an introducing "Please add a Fixes tag:" goes with its tag).  COVER: the
    comment is on the cover letter, where "for patches 1 and 2" says which patches the tag is for."""
    other = _OTHER_WORK if cover else OTHER
    asked: list[tuple[str, str]] = []
    rest: list[list[str]] = []
    # the words of the comment, without its greeting and sign-off ("Tomasz" under a pasted Fixes: line)
    words = " ".join(_prose(ln) for p in paras if not _closing(p) for ln in p)
    for i, para in enumerate(paras):
        if i and asked and asked[-1][1].endswith(" ".join(paras[i - 1]).strip()) and _PLEASE_ONLY.match(" ".join(para)):
            asked[-1] = (asked[-1][0], f"{asked[-1][1]} {' '.join(para).strip()}")
            continue            # "please." under the tag it asks for
        tags = [_line(ln) for ln in para]
        if any(tags):
            prose = " ".join(_prose(ln) for ln in para)
            before = " ".join(paras[i - 1]) if i else ""
            # the words that ask: the tag's own line, else the paragraph right above that introduces it
            # ("Please add:", "This was reported by Anna, please add"), else the whole comment
            asking = prose if _ASKING.search(prose) else \
                before if before.rstrip().endswith(":") or _ASKING.search(before) else words
            after = " ".join(paras[i + 1]) if i + 1 < len(paras) and paras[i + 1][0][:1].islower() else ""
            if (_ASKING.search(asking) or not words.strip()) and not _NOT_ASKING.search(asking) and \
                    not other.search(asking) and not CONDITION.search(asking + " " + after):
                asked += [(t, " ".join((asking + " " + ln[len(_prose(ln)):]).split()))
                          for ln, t in zip(para, tags, strict=True) if t]
                left = [_prose(ln) for ln in para if _prose(ln).strip()]
                # a person's tag in the same paragraph ("Reported-by: ..." above "Closes: ...") is read
                # with the tags given
                given = [ln for ln in left if _PERSON_TAG.match(ln)]
                left = [ln for ln in left if ln not in given]
                if left and len(" ".join(left).split()) > 12:
                    rest.append(left)
                if rest and rest[-1] == paras[i - 1] and asking == before and len(before.split()) <= 12:
                    rest.pop()          # "Please add a Fixes tag:" introduced the tag
                if given:
                    rest.append(given)
                continue
        joined = " ".join(" ".join(para).split())
        if _STABLE_WORDS.search(joined) and not _NOT_ASKING.search(joined) and "?" not in joined and \
                not CONDITION.search(joined) and not other.search(joined) and \
                (_ASKING.search(joined) or _STABLE_IMPERATIVE.search(joined)):
            asked.append((STABLE, joined))
            if len(joined.split()) <= 12:
                continue        # the paragraph asks for nothing else
        rest.append(para)
    return asked, rest


def other_fixes(message: str, line: str) -> str:
    """The Fixes: line of MESSAGE naming another commit than the Fixes: LINE asked for, or '': the
    reviewer may be correcting it, which is not for respin to guess."""
    want = _LINE.search(line)
    if not want or not (want.group("fixes") or want.group("loose")):
        return ""
    wanted = (want.group("sha") or want.group("lsha")).lower()
    for m in re.finditer(r"^Fixes:\s+([0-9a-f]{8,40})\b.*$", message, re.M | re.I):
        sha = m.group(1).lower()
        if not (sha.startswith(wanted) or wanted.startswith(sha)):
            return m.group(0).strip()
    return ""


def same_fixes(message: str, line: str) -> str:
    """The Fixes: line of MESSAGE naming the commit the Fixes: LINE names (one sha a prefix of the other), or
    '': the tag is there already, maybe with more digits."""
    want = _LINE.search(line)
    if not want or not (want.group("fixes") or want.group("loose")):
        return ""
    wanted = (want.group("sha") or want.group("lsha")).lower()
    for m in re.finditer(r"^Fixes:\s+([0-9a-f]{8,40})\b.*$", message, re.M | re.I):
        sha = m.group(1).lower()
        if sha.startswith(wanted) or wanted.startswith(sha):
            return m.group(0).strip()
    return ""


def checked_fixes(line: str, commit_of: Callable[[str], str], object_of: Callable[[str], str]) -> tuple[str, str]:
    """A ``Fixes:`` LINE set against the tree: (the line to add, what the report says).  A commit the tree
    has is written as the kernel wants it (12 digits, its own subject); one whose subject is not the one
    quoted gives ("", why); one the tree lacks is added as written, and the report says it was not
    checked.  COMMIT_OF gives a revision's full sha or ""; OBJECT_OF a commit's raw text."""
    m = _LINE.search(line)
    if not m or not (m.group("fixes") or m.group("loose")):
        return "", "not a Fixes: line"
    written, said = (m.group("sha"), m.group("subject")) if m.group("fixes") else (m.group("lsha"), m.group("lsubject"))
    sha = commit_of(written) if re.fullmatch(r"[0-9a-f]{8,40}", written) else ""
    if not sha and m.group("loose"):
        return "", (f"the tree has no commit {written} to check \"{line}\" against, and it is not written as "
                    "Fixes: <sha> (\"subject\"): add it by hand")
    if not sha:
        return line, f"not checked: the tree has no commit {written}"
    subject = object_of(sha).partition("\n\n")[2].split("\n", 1)[0].strip()
    if " ".join(subject.split()) != " ".join(said.split()):
        return "", (f"commit {sha[:12]} of the tree is \"{subject}\", not \"{said}\": "
                    "check the Fixes: tag and add it by hand")
    return f"Fixes: {sha[:12]} (\"{subject}\")", ""


# "Reported-and-tested-by: X": two tags in one, which checkpatch warns about
_COMBINED = re.compile(r"^(?P<a>[A-Z][a-z]+)-and-(?P<b>[A-Za-z]+)-by:\s*(?P<who>\S.*)$", re.M)
_SPLIT_WORDS = re.compile(r"\b(?:separate|split|break\s+up|two\s+(?:separate\s+)?(?:tags|lines|trailers)|"
                          r"(?:one|a)\s+tag\s+(?:each|per)|deprecated)\b", re.I)
_COMBINED_NAME = re.compile(r"\b[A-Z][a-z]+-and-[A-Za-z]+-by\b|\bcombined\s+tags?\b|\b\w+-and-\w+\s+tags?\b",
                            re.I)


def asks_split(comment: str, quoted: str = "") -> bool:
    """Whether COMMENT asks to split a combined tag ("please separate \"Reported-and-tested-by\" into
    two tags"); QUOTED is the text it is under, which may hold the tag instead."""
    return bool(_SPLIT_WORDS.search(comment) and (_COMBINED_NAME.search(comment) or _COMBINED.search(quoted))
                and not re.search(r"(?:\bnot|n['’]t|\bnever|\bno\s+need\s+to)\s+(?:\w+\s+){0,2}?"
                                  r"(?:separate|split|break)|\bkeep\s+(?:it|them|the\s+tag|that)\b", comment, re.I)
                and "?" not in comment and not OTHER.search(comment))


def _parts(m: re.Match[str]) -> tuple[str, str]:
    b = m.group("b")[0].upper() + m.group("b")[1:].lower()
    return f"{m.group('a')}-by", f"{b}-by"


def split_summary(message: str) -> str:
    """The changelog's words for ``split_tags`` of MESSAGE ("Split Reported-and-tested-by into
    Reported-by and Tested-by")."""
    m = _COMBINED.search(message)
    if not m:
        return ""
    a, b = _parts(m)
    return f"Split {m.group('a')}-and-{m.group('b')}-by into {a} and {b}"


def split_pairs(dropped: list[str], added: list[str]) -> tuple[list[str], list[str]]:
    """DROPPED and ADDED trailer lines without the combined tags ``split_tags`` split and the two tags
    each became (the changelog says the split once, not as a tag dropped and two added)."""
    gone, new = list(dropped), list(added)
    for line in dropped:
        m = _COMBINED.match(line)
        if not m:
            continue
        a, b = _parts(m)
        pair = [f"{a}: {m.group('who')}", f"{b}: {m.group('who')}"]
        if all(p in new for p in pair):
            gone.remove(line)
            new = [x for x in new if x not in pair]
    return gone, new


def split_tags(message: str) -> str:
    """MESSAGE with every combined tag ("Reported-and-tested-by: X") written as its two tags, in place."""
    def two(m: re.Match[str]) -> str:
        a, b = _parts(m)
        return f"{a}: {m.group('who')}\n{b}: {m.group('who')}"
    return _COMBINED.sub(two, message)


# "The Signed-off-by must come last", "your SoB goes at the end", "tags are in the wrong order"
_SIGNOFF_LAST = re.compile(
    r"\b(?:signed-off-by|sign-?off|s-o-b|sob)s?\b[^.?!]*?\b(?:last|at\s+the\s+(?:end|bottom)|goes?\s+below|"
    r"after\s+(?:the\s+)?(?:other|rest|all)|comes?\s+after)\b|"
    r"\b(?:order\s+of\s+(?:the\s+)?(?:tags|trailers)|(?:tags?|trailers?)\s+order|(?:tags|trailers)\s+(?:are\s+)?in\s+"
    r"the\s+wrong\s+order|reorder\s+the\s+(?:tags|trailers))\b", re.I)
_KEEP_ORDER = re.compile(r"\b(?:doesn['’]t|does\s+not|don['’]t|no\s+need|not\s+(?:a\s+)?(?:problem|issue)|fine|keep)\b",
                         re.I)


def asks_signoff_last(comment: str) -> bool:
    """Whether COMMENT asks for the tags in order, the author's Signed-off-by last ("The Signed-off-by
    must come last.", "Tags are in the wrong order")."""
    text = " ".join(comment.split())
    return bool(_SIGNOFF_LAST.search(text)) and not _KEEP_ORDER.search(text) and "?" not in text
