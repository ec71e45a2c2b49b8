"""Mutated review threads for fuzzing the thread reader (tests/unit/test_thread_fuzz.py, bench/fuzz_thread.py).

A case starts from a real-shaped thread (tests/mailgen.py: patch mails, reviews, answers, a lone
.eml, pasted archive text) and applies a few mutations of the kind mail goes through on its way:
headers dropped, doubled or garbled (RFC 2047 words, bad dates, odd addresses, broken Message-Ids,
reply cycles), quoting changed, bodies re-encoded (base64, quoted-printable, other charsets,
format=flowed, CRLF), wrapped in MIME parts (nested, unterminated), cut short or spliced with
bytes.  The choices come from a Chooser, so that Hypothesis (which shrinks a failing case) and a
seeded random.Random (the long bench run) drive the same code.
"""
from __future__ import annotations

import base64
import quopri
import random
import re
from typing import Callable, Protocol, Sequence, TypeVar

from tests import mailgen

T = TypeVar("T")


class Chooser(Protocol):
    def int(self, lo: int, hi: int) -> int: ...
    def choice(self, seq: Sequence[T]) -> T: ...


class RandomChooser:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]


class DataChooser:
    """Choices drawn from Hypothesis' st.data()."""

    def __init__(self, data):  # type: ignore[no-untyped-def]
        from hypothesis import strategies as st
        self.data = data
        self.st = st

    def int(self, lo: int, hi: int) -> int:
        return self.data.draw(self.st.integers(lo, hi))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.data.draw(self.st.integers(0, len(seq) - 1))]


# ---- where a case starts ----

def _eml(ch: Chooser) -> bytes:
    """One review mail as a .eml (no From_ line)."""
    text = mailgen.mail(sender=mailgen.reviewer(1), subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}",
                        msgid="r1@example.net", body=mailgen.review_body(ch.int(0, 9)), when=1,
                        in_reply_to="patch-1@example.org", references=("patch-1@example.org",))
    return text.split("\n", 1)[1].encode()


def _pasted(ch: Chooser) -> bytes:
    """A review as a web archive shows it, pasted: subject, From:/Date: lines, the body."""
    who = mailgen.reviewer(ch.int(0, 7))
    return (f"Re: [PATCH v1] {mailgen.PATCH_TITLE}\n\nFrom: {who[0]} <{who[1][:3]}@xxxxxxx>\n"
            f"Date: Mon, 6 Apr 2026 10:00:00 +0200\n\n{mailgen.review_body(ch.int(0, 9))}\n").encode()


STARTS: list[Callable[[Chooser], bytes]] = [
    lambda ch: mailgen.wide_thread(ch.int(1, 8)),
    lambda ch: mailgen.chain_thread(ch.int(1, 8)),
    lambda ch: mailgen.patch_mail().encode() + mailgen.wide_thread(ch.int(1, 4)),
    _eml,
    _pasted,
]


# ---- mutations ----

GARBAGE_VALUES = [
    "", " ", "=?utf-8?b?????=", "=?x-unknown-8?q?caf=E9?=", "=?utf-8?q?=FF=FE?=", "=?iso-8859-1?b?QUJD?=",
    "<<<>>>", "<>", "<@>", "<a@b> <c@d", "\"unterminated <x@y>", "undisclosed-recipients:;",
    "a@b@c", "(((comment", "Name (Co) <n@example.org>", "=?utf-8?B?w6k=?= <x@example.org>",
    "Mon, 99 Foo 99999 99:99:99 +9999", "Tue, 31 Feb 2026 25:61:61 -2400", "0", "-1",
    "[PATCH v99999999999999999999 1/0]", "[PATCH 0/0] ", "Re: Re: Fwd: AW: [PATCH v2 3/2] x",
    "[PATCH v2 99999999999999999999/3] big", "[RFC PATCH net-next v3 2/7] a: b", "\t",
    "x" * 3000, ", ".join(f"p{i} <p{i}@example.org>" for i in range(200)),
    " ".join(f"<ref{i}@example.org>" for i in range(300)), "=?utf-8?q?" + "=41" * 500 + "?=",
    "text/plain; charset=\"", "multipart/mixed", "multipart/mixed; boundary=", "text/plain; format=flowed; delsp=yes",
    "text/plain; charset=x-no-such-charset", "text/html", "base64", "quoted-printable", "x-uuencode", "8bit",
]
HEADERS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Content-Type",
           "Content-Transfer-Encoding", "MIME-Version", "Reply-To", "X-Mailer"]

QUOTE_PREFIXES = ["", ">", "> ", ">>", "> >", ">> >", " > ", "\t>", ">\t", "> > > > > >", ">" * 12, ": ", "| "]

ODD_LINES = [
    "On Mon, Apr 06, 2026 at 09:00:00AM +0000, Ilse Varga wrote:",
    "On 06/04/2026 10:00, wrote:", "wrote:", "On,,,,,,,,,,,,,,,,,,,,,,,,,,,, wrote:", "On " + "a, " * 300 + "wrote:",
    "Am 06.04.26 um 10:00 schrieb Ilse Varga:", "Le lundi, Ilse a écrit :", "Quoting Ilse Varga (2026-04-06):",
    "Reviewed-by: Tomas Reviewer0 <tomas0@example.net>", "Reviewed-by:", "Acked-by: <>", "Signed-off-by: x",
    "Tested-by: Aiko <aiko@xxxxxxx>", "diff --git a/ b/", "@@ -1,999999999 +1 @@", "--- a/", "+++ b/",
    "-- ", "--", "---", "From nobody Mon Apr  6 09:00:00 2026", ">From a@b Mon Apr  6 09:00:00 2026",
    "s/foo/bar/", "+\tif (x) {", "/*", " */", "Please drop this.", "Will do.", "Nit: " + "x" * 500 + ":",
    "\u202e\u200b\ufeff", "é" * 50, "\x0c", "\x1b[31m", " " * 200 + ":", "(" * 200, "<" * 200,
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _header_spans(lines: list[bytes]) -> list[int]:
    """Indexes of header lines (a line like "Name: value" before the first blank line of a mail)."""
    out, in_head = [], True
    for i, ln in enumerate(lines):
        if ln.startswith(b"From ") and (i == 0 or not lines[i - 1].strip()):
            in_head = True
            continue
        if in_head and not ln.strip():
            in_head = False
        elif in_head and re.match(rb"^[A-Za-z-]+:", ln):
            out.append(i)
    return out


def _body_spans(lines: list[bytes]) -> list[int]:
    heads = set(_header_spans(lines))
    return [i for i in range(len(lines)) if i not in heads and not lines[i].startswith(b"From ")] or [0]


def m_header_drop(ch: Chooser, data: bytes) -> bytes:
    lines = _lines(data)
    spans = _header_spans(lines)
    if spans:
        del lines[ch.choice(spans)]
    return b"\n".join(lines)


def m_header_dup(ch: Chooser, data: bytes) -> bytes:
    lines = _lines(data)
    spans = _header_spans(lines)
    if spans:
        i = ch.choice(spans)
        lines.insert(i, lines[i])
    return b"\n".join(lines)


def m_header_value(ch: Chooser, data: bytes) -> bytes:
    lines = _lines(data)
    spans = _header_spans(lines)
    if not spans:
        return data
    i = ch.choice(spans)
    name = lines[i].split(b":", 1)[0] if ch.int(0, 2) else ch.choice(HEADERS).encode()
    value = ch.choice(GARBAGE_VALUES).encode()
    if ch.int(0, 3) == 0:
        value = b"\n\t".join([value[:40], value[40:], b"continued"])     # folded
    lines[i] = name + b": " + value
    return b"\n".join(lines)


def m_references(ch: Chooser, data: bytes) -> bytes:
    ids = re.findall(rb"Message-ID: <([^>]*)>", data) or [b"x@y"]
    a, b = ch.choice(ids), ch.choice(ids)
    how = ch.int(0, 3)
    if how == 0:        # a reply to itself, or a cycle
        return re.sub(rb"In-Reply-To: <[^>]*>", b"In-Reply-To: <" + a + b">", data, count=ch.int(1, 3))
    if how == 1:        # every mail with the same Message-Id
        return re.sub(rb"Message-ID: <[^>]*>", b"Message-ID: <" + a + b">", data)
    if how == 2:
        return data.replace(b"References: ", b"References: <" + b + b"> <" + a + b"> ", 1)
    return re.sub(rb"(Message-ID|In-Reply-To): <[^>]*>", rb"\1: ", data, count=ch.int(1, 4))


def m_quoting(ch: Chooser, data: bytes) -> bytes:
    lines = _lines(data)
    body = _body_spans(lines)
    for _ in range(ch.int(1, 6)):
        i = ch.choice(body)
        text = re.sub(rb"^(?:[ \t]?>)+[ ]?", b"", lines[i])
        lines[i] = ch.choice(QUOTE_PREFIXES).encode() + text
    return b"\n".join(lines)


def m_odd_line(ch: Chooser, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(ch.int(1, 4)):
        i = ch.choice(_body_spans(lines))
        lines.insert(i, (ch.choice(QUOTE_PREFIXES) + ch.choice(ODD_LINES)).encode())
    return b"\n".join(lines)


def _split_mail(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(before, headers, body + rest) of one mail of DATA: the first blank line ends its headers."""
    starts = [m.start() for m in re.finditer(rb"(?m)^From \S", data)] or [0]
    start = starts[len(starts) // 2]
    end = data.find(b"\n\n", start)
    if end < 0:
        return data, b"", b""
    nxt = data.find(b"\nFrom ", end)
    nxt = len(data) if nxt < 0 else nxt + 1
    return data[:start], data[start:end + 1], data[end + 2:nxt] + b"\x00SPLIT\x00" + data[nxt:]


def _with_body(data: bytes, ch: Chooser, fn: Callable[[bytes, bytes], tuple[bytes, bytes]]) -> bytes:
    before, head, rest = _split_mail(data)
    if not head:
        return data
    body, _, after = rest.partition(b"\x00SPLIT\x00")
    head = re.sub(rb"(?mi)^(Content-Type|Content-Transfer-Encoding|MIME-Version):.*\n", b"", head)
    head, body = fn(head, body)
    return before + head + b"\n" + body + (b"\n" if not body.endswith(b"\n") else b"") + after


def m_encoding(ch: Chooser, data: bytes) -> bytes:
    charset = ch.choice(["utf-8", "iso-8859-1", "koi8-r", "utf-16", "x-no-such-charset", "us-ascii", ""])
    cte = ch.choice(["base64", "quoted-printable", "8bit", "7bit", "binary", "x-weird"])
    broken = ch.int(0, 3) == 0

    def fn(head: bytes, body: bytes) -> tuple[bytes, bytes]:
        text = body.decode("utf-8", "replace")
        raw = text.encode(charset, "replace") if charset and charset not in ("x-no-such-charset",) else body
        if cte == "base64":
            enc = base64.encodebytes(raw)
            if broken:
                enc = enc[: max(1, len(enc) * 2 // 3)] + b"=*!"
        elif cte == "quoted-printable":
            enc = quopri.encodestring(raw)
            if broken:
                enc = enc + b"=ZZ=\n=4"
        else:
            enc = raw
        ct = b"Content-Type: text/plain" + (b"; charset=" + charset.encode() if charset else b"")
        return head + b"MIME-Version: 1.0\n" + ct + b"\nContent-Transfer-Encoding: " + cte.encode() + b"\n", enc
    return _with_body(data, ch, fn)


def m_multipart(ch: Chooser, data: bytes) -> bytes:
    boundary = ch.choice([b"b1", b"==XyZ==", b"", b"b1\"; x=\"", b"-" * 70])
    kind = ch.choice([b"mixed", b"alternative", b"signed", b"related"])
    closed = ch.int(0, 2) != 0
    html_first = ch.int(0, 1) == 1
    nested = ch.int(0, 3) == 0

    def fn(head: bytes, body: bytes) -> tuple[bytes, bytes]:
        parts = [b"Content-Type: text/plain; charset=utf-8\n\n" + body,
                 b"Content-Type: text/html\n\n<html><p>" + body[:200] + b"</p></html>\n",
                 b"Content-Type: text/x-patch; name=fix.patch\nContent-Disposition: attachment\n\n"
                 + mailgen.PATCH_DIFF.encode()]
        if html_first:
            parts[0], parts[1] = parts[1], parts[0]
        if nested:
            inner = b"--in\n" + parts[0] + b"\n--in--\n"
            parts[0] = b"Content-Type: multipart/alternative; boundary=in\n\n" + inner
        out = b"".join(b"--" + boundary + b"\n" + p + b"\n" for p in parts)
        if closed:
            out += b"--" + boundary + b"--\n"
        ct = b"Content-Type: multipart/" + kind + b"; boundary=\"" + boundary + b"\"\n"
        return head + b"MIME-Version: 1.0\n" + ct, b"This is a multi-part message.\n" + out
    return _with_body(data, ch, fn)


def m_flowed(ch: Chooser, data: bytes) -> bytes:
    delsp = ch.int(0, 1) == 1

    def fn(head: bytes, body: bytes) -> tuple[bytes, bytes]:
        lines = body.split(b"\n")
        for i in range(len(lines)):
            if lines[i] and i % 2 == 0:
                lines[i] += b" "
        ct = b"Content-Type: text/plain; charset=utf-8; format=flowed" + (b"; delsp=yes" if delsp else b"")
        return head + ct + b"\n", b"\n".join(lines)
    return _with_body(data, ch, fn)


def m_line_endings(ch: Chooser, data: bytes) -> bytes:
    how = ch.int(0, 2)
    if how == 0:
        return data.replace(b"\n", b"\r\n")
    if how == 1:
        return data.replace(b"\n", b"\r")
    lines = _lines(data)
    return b"\n".join(ln + (b"\r" if i % 3 == 0 else b"") for i, ln in enumerate(lines))


def m_mbox(ch: Chooser, data: bytes) -> bytes:
    how = ch.int(0, 2)
    if how == 0:        # no From_ separators: mails run together
        return re.sub(rb"(?m)^From \S+ .*\n", b"", data)
    if how == 1:        # a From_ line in the middle of a body
        lines = _lines(data)
        lines.insert(ch.choice(_body_spans(lines)), b"From someone Mon Apr  6 09:00:00 2026")
        return b"\n".join(lines)
    return b"From x@y Mon Apr  6 09:00:00 2026\n" + data


def m_subject(ch: Chooser, data: bytes) -> bytes:
    subject = ch.choice(["[PATCH v0 0/0]", "[PATCH] ", "Re:", "[PATCH v2 1/2]", "[PATCH 1/1] [PATCH 2/2] x",
                         "Re: [PATCH v1] " + mailgen.PATCH_TITLE.upper(), "[PATCH v1 2/1] gpio: other",
                         "[ PATCH v1 ] gpio", "=?utf-8?q?[PATCH_v1]_gpio:_qdev?=", "[PATCH v-1 -1/-2] x"])
    return re.sub(rb"(?m)^Subject: .*$", b"Subject: " + subject.encode(), data, count=ch.int(1, 3))


def m_truncate(ch: Chooser, data: bytes) -> bytes:
    return data[:ch.int(0, len(data))] if data else data


def m_splice(ch: Chooser, data: bytes) -> bytes:
    junk = ch.choice([b"\xff\xfe", b"\xc3", b"\x00", b"\xe2\x80\xae", "ü".encode("latin-1"), b"\r", b"\t" * 30,
                      b"=?", b"?=", b"\n\n", b"\n>", b"--b1--", b"\x80" * 20, "😀".encode(), b"\\"])
    at = ch.int(0, len(data))
    return data[:at] + junk + data[at:]


def m_long(ch: Chooser, data: bytes) -> bytes:
    """Lines and quoting near what a mail can hold (kept under the default limits)."""
    lines = _lines(data)
    i = ch.choice(_body_spans(lines))
    what = ch.int(0, 3)
    if what == 0:
        lines[i] = b"> " * ch.int(1, 30) + lines[i]
    elif what == 1:
        lines[i] = lines[i] + b"a, b " * ch.int(10, 2000) + b":"
    elif what == 2:
        lines[i:i] = [b">" * ch.int(1, 6) + b" " + lines[i]] * ch.int(10, 300)
    else:
        lines[i] = b"On " + b" ,  " * ch.int(10, 3000) + b"x wrote:"
    return b"\n".join(lines)


MUTATIONS = [m_header_drop, m_header_dup, m_header_value, m_references, m_quoting, m_odd_line, m_encoding,
             m_multipart, m_flowed, m_line_endings, m_mbox, m_subject, m_truncate, m_splice, m_long]


def case(ch: Chooser) -> list[tuple[str, bytes]]:
    """One fuzz case: the thread files to read."""
    data = ch.choice(STARTS)(ch)
    for _ in range(ch.int(0, 5)):
        data = ch.choice(MUTATIONS)(ch, data)
    files = [(ch.choice(["thread.mbox", "review.eml", "pasted.txt"]), data)]
    if ch.int(0, 4) == 0:
        files.append(("more.mbox", ch.choice(STARTS)(ch)))
    return files


def read_case(files: list[tuple[str, bytes]]) -> str:
    """Read FILES as respin does without a tree.  Returns "ok" or the one-line error for input that is
    not a review; anything else (an uncaught exception) propagates: that is a crash."""
    from patches import conversation, review, thread

    try:
        msgs = thread.read_messages(files, thread.Limits())
        conv = conversation.build(msgs)
        review.read_review(conv, None)
    except (thread.ThreadError, review.ReviewError) as e:
        text = str(e)
        assert text and "\n" not in text, f"error is not one line: {text!r}"
        return text
    return "ok"
