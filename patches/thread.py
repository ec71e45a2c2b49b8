"""Reading thread files into messages: mbox, a single .eml, or text pasted from a web archive.

MIME parts, quoted-printable, base64, non-UTF-8 charsets and format=flowed are decoded; an
HTML-only mail is read as the text a mail reader shows (a <blockquote> is a quote level), and a
mail with no text at all says so (Message.unread).  Every body line gets its quote depth, and
attribution lines ("On 5/26/26 08:36, Dev Jain wrote:", also wrapped over two lines and in
other languages) tell who wrote each quote level; the original Outlook puts unquoted under a
top-posted answer ("-----Original Message-----", From:/Sent:/Subject:) is a quote too.
"""
from __future__ import annotations

import email
import email.policy
import functools
import re
from dataclasses import dataclass
from datetime import datetime
from email import headerregistry
from email.header import decode_header, make_header
from email.message import EmailMessage, MIMEPart
from email.utils import parsedate_to_datetime

from typing import Callable

from patches.model import Line, Message, Person
from patches.people import parse_people, parse_person
from patches.subject import parse_subject


class ThreadError(ValueError):
    """A thread file that cannot be read; str() is one line naming the file and what to fix."""


class ThreadLimitError(ThreadError):
    """A thread beyond one of the Limits; STATUS is the HTTP status the service answers it with
    (413 for too much, 422 for quoting no mail has)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """How much thread one request may hold (the service's RESPIN_MAX_MESSAGES, _MAX_QUOTE_DEPTH
    and _MAX_LINE_LENGTH); reading stops with a ThreadLimitError beyond them."""

    messages: int = 20_000          # mails in all the thread files together
    quote_depth: int = 40           # '>' markers before a line
    line_length: int = 20_000       # characters in one line

    def to_json(self) -> dict[str, int]:
        return {"messages": self.messages, "quote_depth": self.quote_depth, "line_length": self.line_length}

    @staticmethod
    def from_json(d: dict) -> "Limits":
        return Limits(**{k: int(v) for k, v in d.items() if k in ("messages", "quote_depth", "line_length")})


Check = Callable[[], None]          # raises to stop reading (a cancelled or timed-out job)


_MBOX_FROM = re.compile(rb"^From \S+.*\d\d:\d\d(:\d\d)?.*\d{4}\s*$")
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_QUOTE = re.compile(r"^((?:[ \t]?>)+)[ ]?")
_MSGID = re.compile(r"<([^<>\s]+)>")
_ATTRIBUTION = re.compile(r"^(?:(?:[Oo]n\b|\d).*?,\s*)?(?P<who>[^,]+?)\s*(?:<[^>]*>)?\s*(?:\([^)]*@[^)]*\))?\s+"
                          r"(?:wrote|writes):\s*$")
# German ("Am <date> schrieb X:", "Am <date> hat X geschrieben:") and French ("Le <date>, X a écrit :")
_ATTRIBUTION_OTHER = re.compile(r"^(?:.*\bschrieb\s+(?!am\b)(?P<who>.+?)|Am\b.*?\bhat\s+(?P<who3>.+?)\s+geschrieben"
                                r"|(?:Le\b.*?,\s*)?(?P<who2>[^,]+?)\s+a\s+écrit)\s*"
                                r"(?:<[^>]*>)?\s*:\s*$")
# the other languages mail clients write attributions in: the name, then the verb ("El <date>, X (<x@y>)
# escribió:", "Il giorno <date> X <x@y> ha scritto:", "X <x@y> wrote on <date>:", "X <x@y> schrieb am
# <date>:") or the verb, then the name ("Op <date> schreef X <x@y>:", "Den <date> skrev X <x@y>:")
_ADDR = r"(?:\(?<?[^<>()\s]+@[^<>()\s]+>?\)?)"
_ATTRIBUTION_NAME_VERB = re.compile(
    r"^(?:.*,\s*)?(?P<who>[^,<>()]+?)\s*" + _ADDR + r"?\s+(?:wrote|escribió|escribio|escreveu|ha\s+scritto|pisze|"
    r"napisał|napisała|kirjoitti|napsal|napsala|написал|написала|пишет|писал|писала|schrieb|skrev|schreef)"
    r"(?:\s+(?:on|am|den|le|el|il|em|op)\s+[^:\d]*\d.*?)?\s*:\s*$", re.I)
_ATTRIBUTION_VERB_NAME = re.compile(r"\b(?:schreef|skrev|schrieb)\s+(?!am\b|on\b|den\b)(?P<who>[^<>:,]+?)\s*"
                                    + _ADDR + r"?\s*:\s*$", re.I)
# "Quoting X (2025-03-01 10:00:00):", also without the colon as some mailers write it (a date in the parentheses)
_ATTRIBUTION_QUOTING = re.compile(r"^Quoting\s+(?P<who>.+?)\s*(?:<[^>]*>)?\s*(?:\(.*\):|\(\s*\d[^()]*\d\s*\))\s*$")
# forms with no "wrote": "2015-05-15 23:06 GMT+09:00 Jane Roe <jane@example.org>:" (a date, then the
# sender with the address), "* Jane Roe <jane@example.org> [2024-05-06 10:00]:" (mutt) and
# "Excerpts from Jane Roe's message of 2024-05-06 10:00:00 +0200:"
_ATTRIBUTION_DATED = re.compile(r"^\d[\d/.-]*\d[ ,T]+\d{1,2}:\d\d(?::\d\d)?"
                                r"(?:\s*(?:[AP]M|(?:GMT|UTC)?[+-]\d{1,2}:?\d\d|[A-Z]{2,4}))*[,\s]+(?P<who>[^<>:]+?)\s*<[^<>@\s]+@[^<>\s]+>\s*:\s*$")
_ATTRIBUTION_MUTT = re.compile(r"^\*\s+(?P<who>[^<>\[\]]+?)\s*<[^<>@\s]+@[^<>\s]+>\s*\[[^\]]*\d[^\]]*\]\s*:\s*$")
_ATTRIBUTION_EXCERPT = re.compile(r"^Excerpts from\s+(?P<who>.+?)'s\s+message of\s+.*\d.*:\s*$")


# ---- lines and quote depth ----

def quote_lines(body: str) -> list[Line]:
    """Each body line with its quote depth and the text after the markers.  The original that Outlook
    puts under a top-posted answer without quote markers ("-----Original Message-----" or a line of
    underscores, then From:/Sent:/To:/Subject:) is quoted text all the same: one level deeper, after
    an attribution line naming its sender."""
    result = []
    raws = [raw.rstrip("\r") for raw in body.split("\n")]
    marker = _PIPE_QUOTE if _quotes_with_pipes(raws) else _QUOTE
    for raw in raws:
        m = marker.match(raw)
        if m:
            depth = m.group(1).count(">") + m.group(1).count("|")
            # a client that quoted from HTML indents with no-break spaces: they are the patch's blanks
            result.append(Line(depth, raw[m.end():].replace("\xa0", " ").rstrip()))
        else:
            result.append(Line(0, raw.rstrip()))
    return _rejoin_wrapped(_outlook_original(result))


def _open_code(text: str) -> bool:
    """Whether the quoted patch line TEXT stops inside a string literal or with a parenthesis open."""
    code = re.sub(r'\\.', "", text[1:])
    return code.count('"') % 2 == 1 or code.count("(") > code.count(")")


def _in_string(text: str) -> bool:
    """Whether the quoted patch line TEXT stops inside a string literal (no line of C does: a mail client
    broke it there)."""
    return re.sub(r'\\.', "", text[1:]).count('"') % 2 == 1


def _open_parens(text: str) -> int:
    """The parentheses the quoted patch line TEXT leaves open, those inside its string literals aside."""
    code = re.sub(r'"[^"]*(?:"|$)', '""', re.sub(r'\\.', "", text[1:]))
    return code.count("(") - code.count(")")


def _completes(first: str, joined: str) -> bool:
    """Whether JOINED, the quoted patch line FIRST with the next line after it, closes what FIRST left open:
    the string literal it stops in (a call may go on over the lines below, as it did in the patch), else
    every parenthesis."""
    if _in_string(first):
        return not _in_string(joined) and _open_parens(joined) <= _open_parens(first)
    return not _open_code(joined)


def _rejoin_wrapped(lines: list[Line]) -> list[Line]:
    """LINES with each quoted patch line a mail client broke in two put together again: an added, removed or
    context line that stops inside a string or a parenthesis, followed (no blank between) by a line of no
    hunk shape at its depth or less ("> +\tdev_info(dev, "a long message" / "%d seconds\n", val);" or the
    second half left unquoted, then ending as code does), when the two together close what the first left
    open."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.depth and prev.text[:1] in "+- " and ln.depth <= prev.depth and \
                ln.text.strip() and ln.text[:1] not in "+- \t\\@>" and _open_code(prev.text) and \
                _completes(prev.text, prev.text + " " + ln.text) and \
                (ln.depth == prev.depth or ln.text.rstrip().endswith((";", "{", ",", ")"))):
            out[-1] = Line(prev.depth, prev.text + " " + ln.text.strip())
            continue
        out.append(ln)
    return out


_PIPE_QUOTE = re.compile(r"^((?:[ \t]?[>|])+)[ ]?")
_PIPE_LINE = re.compile(r"^\|(?: |$)")
_DIFF_LINE = re.compile(r"^(?:@@ -\d|diff --git |[+-]\t|[+-][A-Za-z_#}{]| \t)")


def _quotes_with_pipes(raws: list[str]) -> bool:
    """Whether the mail quotes with '| ' instead of '> ' (some clients and the mutt 'indent_string'
    users do): no line is quoted with '>', a run of lines starts with '| ', and what follows the
    marker is a patch (a hunk line) or the run comes right under an attribution.  A table drawn with
    '|' in a mail that quotes with '>' stays text."""
    if any(r.lstrip(" ").startswith(">") for r in raws):
        return False
    for i, r in enumerate(raws):
        if not _PIPE_LINE.match(r):
            continue
        if _DIFF_LINE.match(r[2:]) or i and attribution_name(raws[i - 1]) and \
                i + 1 < len(raws) and _PIPE_LINE.match(raws[i + 1]):
            return True
    return False


_OUTLOOK_RULE = re.compile(r"^(?:-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|"
                           r"Oprindelig meddelelse|Ursprungligt meddelande|Oorspronkelijk bericht|Messaggio originale|"
                           r"Mensaje original|Opprinnelig melding|Wiadomość oryginalna|Alkuperäinen viesti)"
                           r"\s*-{2,}|_{10,})$", re.I)
# the header labels of an Outlook original, also as localized Outlook writes them
_OUTLOOK_LABELS = {
    "from": "from", "von": "from", "de": "from", "från": "from", "van": "from", "da": "from", "fra": "from",
    "od": "from", "lähettäjä": "from",
    "sent": "sent", "date": "sent", "gesendet": "sent", "envoyé": "sent", "skickat": "sent", "verzonden": "sent",
    "inviato": "sent", "enviado": "sent", "enviado el": "sent", "sendt": "sent", "wysłano": "sent",
    "lähetetty": "sent", "datum": "sent",
    "to": "to", "an": "to", "à": "to", "till": "to", "aan": "to", "a": "to", "para": "to", "til": "to",
    "do": "to", "vastaanottaja": "to",
    "cc": "cc", "kopie": "cc", "kopia": "cc", "kopio": "cc",
    "subject": "subject", "betreff": "subject", "objet": "subject", "ämne": "subject", "onderwerp": "subject",
    "oggetto": "subject", "asunto": "subject", "emne": "subject", "temat": "subject", "aihe": "subject",
}
_OUTLOOK_HEADER = re.compile(r"^(" + "|".join(sorted(map(re.escape, _OUTLOOK_LABELS), key=len, reverse=True)) +
                             r")\s?:\s*(.*)$", re.I)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")
# an added, removed or context line of C code: its mark, then a tab or a top-level construct; or its mark
# and the spaces a mail client put for the tabs (two or more, or one before a statement of C: a list of
# points in the commit message has one space, then words)
_PATCH_CODE = re.compile(r"^(?:[+-] ?\t| \t|[+-] {2,}\S|[+-](?:static |struct |#include |#define |})"
                         r"|[+-] (?:(?:return|if|for|while|switch)\b|[A-Za-z_][\w>.\[\]-]*\s*(?:=|\()).*[;{,]$)")
_DIFF_HEAD = re.compile(r"^(?:diff --git |index |--- |\+\+\+ |new file mode |deleted file mode |similarity |rename )")


@dataclass
class _Original:
    """An Outlook original being read: the quote depth of its rule line and whether its patch's hunks
    have started."""

    depth: int
    in_hunks: bool = False

    def interjection(self, text: str) -> bool:
        """Whether TEXT, a line of this original at its own depth, is not the original's but words the
        replier typed into it.  Outlook quotes nothing, so a comment between the hunk lines is told from
        the patch by the patch's own shape: every line of a hunk starts with ' ', '+', '-' or '\\'
        (a blank one is left where it is); git's "-- " under the patch ends it."""
        if _HUNK.match(text) or _PATCH_CODE.match(text):
            # a hunk header, or a line of code with its patch mark (a replier who cut the hunk headers
            # away still leaves the patch's own lines)
            self.in_hunks = True
            return False
        if not self.in_hunks or not text.strip() or _DIFF_HEAD.match(text):
            return False
        if text.rstrip() == "--":
            self.in_hunks = False       # git's signature under the patch: the patch is over
            return False
        return text[0] not in " +-\\"


def _outlook_original(lines: list[Line]) -> list[Line]:
    """LINES with each Outlook-style original (see quote_lines) turned into a quote: an attribution line
    in place of the rule and its headers, everything after it one level deeper (an original inside an
    original, one more).  The rule line must be followed by a header block with From: and Subject: (a
    commit message that happens to hold the rule line is left alone).  An original quoted with '>' holds
    the lines quoted at least as deep as its rule (the replier's words between them stay the replier's,
    and the quote after them is the same original); in a patch that Outlook left unquoted, the lines the
    replier typed between the hunk lines are the replier's (see _Original.interjection).  One pass,
    whatever the nesting."""
    out: list[Line] = []
    open_: list[_Original] = []
    i, interjected = 0, False
    while i < len(lines):
        ln = lines[i]
        i += 1
        rule = _OUTLOOK_RULE.match(ln.text.strip()) is not None
        if rule or _opens_header_block(lines, i - 1):
            # newer Outlook puts the header block under the answer without a rule line above it
            j, head = _outlook_headers(lines, i if rule else i - 1, ln.depth)
            if "from" in head and "subject" in head and (rule or "sent" in head):
                sender = re.sub(r"\s*[<\[].*$", "", head["from"]).strip().strip('"') or head["from"]
                out.append(Line(ln.depth + len(open_), f"{sender} wrote:"))
                open_.append(_Original(ln.depth))
                i = j
                while i < len(lines) and not lines[i].text.strip():
                    i += 1
                continue
        deeper = sum(1 for o in open_ if o.depth <= ln.depth)     # a blank line less quoted gets none
        if open_ and open_[-1].depth == ln.depth and (open_[-1].interjection(ln.text) or not ln.text.strip()
                                                      and interjected):
            deeper -= 1
            # the blank lines around the replier's words are the replier's too
            k = len(out)
            while k and not out[k - 1].text.strip() and out[k - 1].depth == ln.depth + deeper + 1:
                k -= 1
                out[k] = Line(ln.depth + deeper, "")
        if ln.text.strip():
            interjected = deeper < len(open_)       # the replier's own words, inside an original
        out.append(Line(ln.depth + deeper, ln.text))
    return out


def _opens_header_block(lines: list[Line], i: int) -> bool:
    """Whether line I starts an Outlook header block with no rule above it: a From: line (in any of the
    labels Outlook uses) after a blank line, with a Sent: and a Subject: line within the next eight."""
    m = _OUTLOOK_HEADER.match(lines[i].text)
    if m is None or _OUTLOOK_LABELS[m.group(1).lower()] != "from" or not m.group(2).strip():
        return False
    if i > 0 and lines[i - 1].text.strip() and lines[i - 1].depth == lines[i].depth:
        return False
    kinds = {_OUTLOOK_LABELS[h.group(1).lower()] for ln in lines[i + 1:i + 9]
             if ln.depth == lines[i].depth and (h := _OUTLOOK_HEADER.match(ln.text))}
    return {"sent", "subject"} <= kinds


def _outlook_headers(lines: list[Line], i: int, depth: int) -> tuple[int, dict[str, str]]:
    """The header block of an Outlook original from line I (at DEPTH): where it ends and its fields.  A
    field the quoting client wrapped (a long To: or Cc: list) goes on over the lines after it, up to
    Subject:."""
    j, head = i, {}
    last = ""
    while j < len(lines) and lines[j].depth == depth and j - i < 40:
        m = _OUTLOOK_HEADER.match(lines[j].text)
        if m and _OUTLOOK_LABELS[m.group(1).lower()] not in head:
            last = _OUTLOOK_LABELS[m.group(1).lower()]
            head[last] = m.group(2).strip()
        elif last in ("to", "cc", "from") and "subject" not in head and lines[j].text.strip():
            head[last] += " " + lines[j].text.strip()
        else:
            break
        j += 1
    return j, head


def _attribution_other_language(text: str) -> str:
    """The name an attribution in another language (or Lotus Notes' "X wrote on <date>:") gives, or "";
    the date before the name is left out ("Il giorno mar 7 ott 2025 alle ore 09:12 X")."""
    if len(text) > 300:
        return ""               # no attribution is that long (and the patterns need not try)
    m = _ATTRIBUTION_VERB_NAME.search(text) or _ATTRIBUTION_NAME_VERB.match(text)
    if m is None:
        return ""
    who = re.sub(r"^.*\d\S*\s+", "", m.group("who").strip()).strip().strip('"')
    if not who or len(who) > 80 or len(who.split()) > 5 or re.search(r"\d", who):
        return ""
    return who


def attribution_name(text: str) -> str:
    """The person an attribution line names ("On <date>, Dev Jain wrote:" -> "Dev Jain"), or ""."""
    text = text.strip()
    if not text.endswith(":"):
        m = _ATTRIBUTION_QUOTING.match(text) if text.endswith(")") else None
        return m.group("who").strip().strip('"') if m and len(m.group("who")) <= 80 else ""
    m = _ATTRIBUTION.match(text) or _ATTRIBUTION_QUOTING.match(text)
    if not m:
        d = _ATTRIBUTION_DATED.match(text) or _ATTRIBUTION_MUTT.match(text) or _ATTRIBUTION_EXCERPT.match(text)
        if d:
            who = d.group("who").strip().strip('"')
            return who if 0 < len(who) <= 80 else ""
        o = _ATTRIBUTION_OTHER.match(text)
        if not o:
            return _attribution_other_language(text)
        who = (o.group("who") or o.group("who2") or o.group("who3") or "").strip().strip('"')
        who = re.sub(r"\s*<[^>]*>$", "", who)
        return who if 0 < len(who) <= 80 else ""
    who = m.group("who").strip().strip('"')
    # "On Sun, 1 Mar 2026 10:00:01 +0100 Lena Okafor wrote:": the name follows the date and time
    if re.match(r"^\d", who):
        who = re.sub(r"^.*\d\S*\s+(?:(?:AM|PM|[A-Z]{2,4})\s+)?", "", who)
    # "On Mon, 1 Jan 2024 at 10:00, Foo Bar wrote:" leaves only the name after the last comma
    who = re.sub(r"^.*\d[^,]*,\s*", "", who) if re.search(r"\d", who) else who
    if "@" in who and "<" not in who and " " not in who:
        return who
    return who if 0 < len(who) <= 80 else ""


def names_someone(text: str) -> bool:
    """Whether TEXT alone is an attribution that names a person ("Jane Roe wrote:"), not the second half
    of a wrapped one ("<jane@example.org> wrote:")."""
    name = attribution_name(text)
    return bool(name) and not name.startswith("<")


# Apple Mail quotes its own attribution line: "> On 17 Nov 2025, at 14:05, Jane Roe <jane@...> wrote:"
_APPLE_ATTRIBUTION = re.compile(r"^On [^,]*\d[^,]*, at \d{1,2}[:.]\d{2}(?:\s*[AP]M)?, ")


def quote_authors(lines: list[Line]) -> dict[int, str]:
    """Who wrote each quote level: an attribution at depth d names the author of depth d+1 (Apple Mail's,
    quoted itself at the head of its quote, the author of depth d)."""
    authors: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.depth and ln.depth not in authors and (i == 0 or lines[i - 1].depth < ln.depth) and \
                _APPLE_ATTRIBUTION.match(ln.text) and attribution_name(ln.text):
            authors[ln.depth] = attribution_name(ln.text)
            continue
        name = attribution_name(ln.text)
        if not name and i + 1 < len(lines) and ln.text.strip() and not names_someone(lines[i + 1].text) \
                and lines[i + 1].depth == ln.depth and not ln.text.endswith(":"):
            # attribution wrapped over two lines
            name = attribution_name(ln.text + " " + lines[i + 1].text)
        if name and ln.depth + 1 not in authors:
            # the attribution must be followed by deeper quotes
            if quoted_after(lines, i):
                authors[ln.depth + 1] = name
    return authors


def quoted_after(lines: list[Line], i: int) -> bool:
    """Whether the attribution on line I is followed by the quote it introduces: deeper lines within
    three lines, or anywhere further down when it is the first thing said at its depth (a reviewer who
    writes "On <date>, X wrote:" and then a comment above the code quoted under it)."""
    depth = lines[i].depth
    if any(ln.depth > depth for ln in lines[i + 1:i + 4]):
        return True
    if i >= _FIRST or any(ln.text.strip() for ln in lines[:i] if ln.depth <= depth):
        return False
    return any(ln.depth > depth for ln in lines[i + 4:i + _FIRST])


_FIRST = 200        # how far an attribution at the top may be from its quote (lines): bounds the reading


# ---- decoding mails ----

def _unflow(text: str, delsp: bool) -> str:
    """Undo format=flowed (RFC 3676): join soft-broken lines of the same quote depth."""
    out: list[str] = []
    pending: str | None = None
    pending_prefix = ""
    for raw in text.split("\n"):
        m = re.match(r"^(>+)", raw)
        prefix = m.group(1) if m else ""
        content = raw[len(prefix):]
        if content.startswith(" "):
            content = content[1:]          # space-stuffing
        # a quoted line of nothing but blanks is no soft break: it is an empty line of the quoted text (the
        # blank context line " " of a quoted patch), and joining it would glue it to the next line
        flowed = content.endswith(" ") and content != "-- " and not (prefix and not content.strip())
        if pending is not None and prefix == pending_prefix:
            pending += content
        else:
            if pending is not None:
                out.append(_with_prefix(pending_prefix, pending))
            pending, pending_prefix = content, prefix
        if flowed:
            if delsp:
                pending = pending[:-1]
        else:
            out.append(_with_prefix(pending_prefix, pending))
            pending = None
    if pending is not None:
        out.append(_with_prefix(pending_prefix, pending))
    return "\n".join(out)


def _with_prefix(prefix: str, content: str) -> str:
    return f"{prefix} {content}" if prefix and content else prefix + content


def _body_and_why(msg: EmailMessage) -> tuple[str, str]:
    """The mail's text, and why it has none ("" when it has): a text/plain part, else an HTML one turned
    into quoted text (a <blockquote> is one quote level), else nothing (an attachment such as
    winmail.dat is not read)."""
    part = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
    if part is None or part.get_content_maintype() != "text":
        part = next((p for p in msg.walk() if p.get_content_maintype() == "text"), None)
    if part is None:
        kinds = sorted({p.get_content_type() for p in msg.walk() if not p.is_multipart()})
        return "", f"no text in the mail ({', '.join(kinds) or 'empty'})"
    text = _part_text(part)
    if part.get_content_type() == "text/html":
        from patches.htmlmail import html_text      # only an HTML-only mail needs the HTML parser
        return html_text(text), ""
    if msg.is_multipart() and "\ndiff --git " not in "\n" + text:
        text += "".join("\n" + patch for patch in _attached_patches(msg, part))
    return text, ""


_PATCH_TYPES = ("text/x-patch", "text/x-diff", "text/x-diff-patch", "application/x-patch")


def _attached_patches(msg: EmailMessage, body: MIMEPart) -> list[str]:
    """The patches attached to MSG besides its text part BODY ("0001-foo.patch" as text/x-patch, or as
    text/plain with a .patch/.diff name): a patch sent as an attachment is the mail's patch all the same."""
    out = []
    for p in msg.walk():
        if p is body or p.is_multipart():
            continue
        name = str(p.get_filename() or "").lower()
        if p.get_content_type() in _PATCH_TYPES or p.get_content_maintype() == "text" and \
                name.endswith((".patch", ".diff")):
            text = _part_text(p)
            if "\ndiff --git " in "\n" + text:
                out.append(text)
    return out


def _part_text(part: MIMEPart) -> str:
    try:
        text = _mislabelled_ascii(part) or part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        text = payload.decode("latin-1") if isinstance(payload, bytes) else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = ""                   # a message/rfc822 part: not the text of this mail
    text = text.replace("\r\n", "\n")
    if part.get_content_type() == "text/plain" and \
            str(part.get_param("format", "")).lower() == "flowed":
        text = _unflow(text, str(part.get_param("delsp", "")).lower() == "yes")
    return text


def _mislabelled_ascii(part: MIMEPart) -> str:
    """The text of a part labelled US-ASCII (or with no charset) that holds 8-bit bytes all the same, as
    the UTF-8 it is (a client that sends UTF-8 under the default label), else as Latin-1; "" for a
    part that is what its label says."""
    if str(part.get_content_charset("us-ascii")).lower() not in ("us-ascii", "ascii", "646"):
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or payload.isascii():
        return ""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("latin-1")


def _header(msg: EmailMessage, name: str) -> str:
    """A header's value, one line; a header the email package cannot parse (`Message-ID: <@>`,
    `Cc: :<`) is taken as written instead of failing the whole thread."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - the email package's header parsers fail in many ways on junk
        value = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), None)
    return " ".join(str(value).split()) if value is not None else ""


def _raw_header(msg: EmailMessage, name: str) -> str:
    """A header as written (RFC 2047 words decoded), keeping comments such as "(Arm)"."""
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            value = _raw_8bit(str(value))
            try:
                text = str(make_header(decode_header(value)))
            except (ValueError, LookupError, UnicodeError):
                text = value
            return " ".join(text.split())
    return ""


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        pass
    for fmt in ("%a %b %d %Y - %H:%M:%S %Z", "%a %b %d %Y - %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value.replace(" EST", "").replace(" EDT", "") if "%Z" not in fmt
                                     else value, fmt)
        except ValueError:
            continue
    return None


def check_lines(name: str, lines: list[str], limits: Limits, where: str = "") -> None:
    """ThreadLimitError when a line of LINES (a file's or a message's text) is longer or quoted
    deeper than LIMITS allow."""
    for i, raw in enumerate(lines, 1):
        if len(raw) > limits.line_length:
            raise ThreadLimitError(f"{name}: {where}line {i} has {len(raw):,} characters, more than the "
                                   f"{limits.line_length:,} a line read at most: is it a mail?", 413)
        if ">" in raw[:limits.quote_depth * 2 + 2]:
            m = _QUOTE.match(raw)
            if m and m.group(1).count(">") > limits.quote_depth:
                raise ThreadLimitError(f"{name}: {where}line {i} is quoted {m.group(1).count('>'):,} levels deep, "
                                       f"more than the {limits.quote_depth} read at most", 422)


def _message(msg: EmailMessage, source: str, limits: Limits | None = None, where: str = "") -> Message:
    body, unread = _body_and_why(msg)
    if limits is not None:
        check_lines(source, body.split("\n"), limits, where)
    lines = quote_lines(body)
    ids = _MSGID.findall(_header(msg, "Message-ID"))
    irt = _MSGID.findall(_header(msg, "In-Reply-To"))
    refs = _MSGID.findall(_header(msg, "References"))
    return Message(
        msgid=ids[0] if ids else "",
        subject=parse_subject(_header(msg, "Subject")),
        author=parse_person(_raw_header(msg, "From") or _header(msg, "From")),
        date=_date(_header(msg, "Date")),
        body=body,
        lines=lines,
        in_reply_to=irt[0] if irt else (refs[-1] if refs else ""),
        references=refs,
        to=_people(_header(msg, "To")),
        cc=_people(_header(msg, "Cc")),
        quote_authors=quote_authors(lines),
        source=source,
        unread=unread,
    )


@functools.lru_cache(maxsize=1024)
def _parsed_people(value: str) -> tuple[Person, ...]:
    return tuple(parse_people([value])) if value else ()


def _people(value: str) -> list[Person]:
    """The addresses of a To:/Cc: value (the same lists recur from mail to mail of a thread)."""
    return list(_parsed_people(value))


def _split_mbox(data: bytes) -> list[bytes]:
    chunks: list[list[bytes]] = []
    for line in data.splitlines(keepends=True):
        if _MBOX_FROM.match(line) and (not chunks or not chunks[-1] or chunks[-1][-1].strip() == b""
                                       or len(chunks[-1]) == 0):
            chunks.append([])
            continue
        if not chunks:
            chunks.append([])
        if line.startswith(b">From "):
            line = line[1:]
        chunks[-1].append(line)
    return [b"".join(c) for c in chunks if b"".join(c).strip()]


def _looks_like_headers(data: bytes) -> bool:
    head = data.lstrip().split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    first = re.match(rb"^([A-Za-z][A-Za-z0-9-]*):", head)
    if not first or first.group(1).lower() in (b"re", b"fwd", b"fw", b"aw", b"sv"):
        return False
    names = {ln.split(b":", 1)[0].strip().lower() for ln in head.splitlines()
             if re.match(rb"^[A-Za-z][A-Za-z0-9-]*:", ln)}
    return b"from" in names and bool(names & {b"subject", b"message-id"})


class _Policy(email.policy.EmailPolicy):
    """email.policy.default, with the header values it parses remembered: a mail's headers are read
    many times (Content-Type most), and the same values recur from mail to mail of a thread."""

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name"):
            return value
        value = _raw_8bit(value)
        return _parse_header(name, value) if len(value) > 1000 else _parsed_header(name, value)


def _raw_8bit(value: str) -> str:
    """VALUE with the raw 8-bit bytes of a header (a name written in UTF-8 without RFC 2047 encoding,
    which the email package keeps as lone surrogates) read as UTF-8, else as Latin-1."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    raw = value.encode("ascii", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_RAW_HEADERS = headerregistry.HeaderRegistry(use_default_map=False)     # every header unstructured


def _parse_header(name: str, value: str):
    """The header as email.policy.default parses it; as plain text when its parser fails on the value.

    The email package raises on some malformed values (a group in an address list, an address
    cut after its '@', ...) with whatever error its parser hit, so any exception is caught here:
    the value is then read as unstructured text, as a mail client shows it."""
    try:
        return email.policy.default.header_fetch_parse(name, value)
    except Exception:  # noqa: BLE001 - see above
        return _RAW_HEADERS(name, "".join(value.splitlines()))


_parsed_header = functools.lru_cache(maxsize=2048)(_parse_header)


_POLICY = _Policy()


def _parse_mail(data: bytes, source: str, limits: Limits | None = None, where: str = "") -> Message:
    msg = email.message_from_bytes(data, policy=_POLICY)
    assert isinstance(msg, EmailMessage)        # what an EmailPolicy's message factory makes
    return _message(msg, source, limits, where)


# ---- pasted archive text ----

def _pasted(text: str, source: str) -> Message | None:
    """A mail as pasted from a web archive: a subject line, From:/Date: lines, then the body."""
    lines = text.replace("\r\n", "\n").split("\n")
    head_end = 0
    headers: dict[str, str] = {}
    subject = ""
    for i, ln in enumerate(lines[:12]):
        m = re.match(r"^(From|Date|Subject|To|Cc|Message-I[Dd]|In-Reply-To)\s*:\s*(.*)$", ln)
        if m:
            headers[m.group(1).lower()] = m.group(2).strip()
            head_end = i + 1
        elif not headers and ln.strip() and not subject:
            subject = ln.strip()
        elif headers:
            break
    if "from" not in headers:
        return None
    subject = headers.get("subject", subject)
    body = "\n".join(lines[head_end:]).strip("\n") + "\n"
    body_lines = quote_lines(body)
    ids = _MSGID.findall(headers.get("message-id", ""))
    irt = _MSGID.findall(headers.get("in-reply-to", ""))
    return Message(msgid=ids[0] if ids else "", subject=parse_subject(subject),
                   author=parse_person(headers["from"]), date=_date(headers.get("date", "")),
                   body=body, lines=body_lines, in_reply_to=irt[0] if irt else "",
                   quote_authors=quote_authors(body_lines), source=source)


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def is_binary(data: bytes) -> bool:
    """A NUL byte anywhere: no mail, mbox or pasted text holds one (the CLI and the service ask this same
    question of the whole file)."""
    return b"\x00" in data


def _too_many(count: int, limits: Limits) -> ThreadLimitError:
    return ThreadLimitError(f"the thread holds {count:,} mails, more than the {limits.messages:,} read at most: "
                            f"give only the series' thread", 413)


def count_messages(data: bytes) -> int:
    """How many mails read_one finds in DATA at most (an mbox's From_ lines; otherwise one)."""
    stripped = data.lstrip()
    if stripped and _MBOX_FROM.match(stripped.split(b"\n", 1)[0]):
        return max(1, len(_split_mbox(stripped)))
    return 1


def check_file(name: str, data: bytes, limits: Limits) -> int:
    """ThreadLimitError when the file as uploaded goes beyond LIMITS (lines, quoting, mails);
    else the number of mails it holds at most.  Linear in the size of the file."""
    check_lines(name, _decode_text(data).split("\n"), limits)
    count = count_messages(data)
    if count > limits.messages:
        raise _too_many(count, limits)
    return count


def read_one(name: str, data: bytes, limits: Limits | None = None, check: Check | None = None,
             room: int | None = None) -> list[Message]:
    """The messages of one thread file; at most ROOM of them (else ThreadLimitError) when given.

    With LIMITS, lines longer or quoted deeper than they allow stop the reading (ThreadLimitError);
    CHECK is called between mails (it raises to stop the reading)."""
    stripped = data.lstrip()
    if not stripped:
        raise ThreadError(f"{name}: empty file (give an mbox, an .eml or the text of a review mail)")
    if is_binary(data):
        raise ThreadError(f"{name}: not a mail or a review thread (binary data; give an mbox, "
                          f"an .eml or pasted mail text)")
    if limits is not None:
        check_lines(name, _decode_text(data).split("\n"), limits)
    if _MBOX_FROM.match(stripped.split(b"\n", 1)[0]):
        chunks = _split_mbox(stripped)
        if room is not None and len(chunks) > room and limits is not None:
            raise _too_many(limits.messages - room + len(chunks), limits)
        msgs = []
        for i, chunk in enumerate(chunks, 1):
            if check is not None:
                check()
            msgs.append(_parse_mail(chunk, name, limits, f"mail {i}: "))
        msgs = [m for m in msgs if m.subject.raw or m.author.name]
        if msgs:
            return msgs
    if _looks_like_headers(stripped):
        return [_parse_mail(stripped, name, limits)]
    pasted = _pasted(_decode_text(data), name)
    if pasted is not None and (pasted.subject.raw or any(ln.depth for ln in pasted.lines)):
        return [pasted]
    raise ThreadError(f"{name}: not a mail or a review thread "
                      f"(no From:/Subject: headers and no quoted patch)")


def read_messages(inputs: list[tuple[str, bytes]], limits: Limits | None = None,
                  check: Check | None = None) -> list[Message]:
    """All messages of the given files (mbox, .eml or pasted archive text), in file order.

    LIMITS bound the mails (in all files together), the line length and the quote depth
    (ThreadLimitError beyond them); CHECK is called between mails and raises to stop."""
    if not inputs:
        raise ThreadError("no thread given (give an mbox, an .eml or pasted review text)")
    messages: list[Message] = []
    for name, data in inputs:
        if check is not None:
            check()
        room = None if limits is None else limits.messages - len(messages)
        if limits is not None and room is not None and room <= 0:
            raise _too_many(len(messages) + 1, limits)
        messages.extend(read_one(name, data, limits, check, room))
    return messages
