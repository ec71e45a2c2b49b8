from pathlib import Path

import pytest

from patches.conversation import build
from patches.thread import ThreadError, read_messages

DATA = Path(__file__).resolve().parent.parent / "data" / "threads"


def read(*names):
    return read_messages([(n, (DATA / n).read_bytes()) for n in names])


def test_mbox_messages_headers_and_depths():
    msgs = read("acme/series.mbox", "acme/review.mbox")
    assert [m.subject.number for m in msgs] == [0, 1, 2, 1, 1, 0]
    answer = next(m for m in msgs if m.msgid == "a1-lena@example.org")
    assert answer.in_reply_to == "r1-jmarek@example.net"
    assert answer.quote_authors == {1: "Jakub Marek", 2: "Lena Okafor"}
    line = next(ln for ln in answer.lines if "unsigned int start;" in ln.text)
    assert (line.depth, line.text) == (2, "+\tunsigned int start;")


def test_conversation_dedupes_and_orders_by_reply_tree():
    msgs = read("acme/review.mbox", "acme/series.mbox", "acme/review.mbox")
    conv = build(msgs)
    ids = [m.msgid for m in conv.messages]
    assert len(ids) == len(set(ids)) == 6
    assert ids.index("20260301.0-acme@example.org") == 0
    assert ids.index("20260301.1-acme@example.org") < ids.index("r1-jmarek@example.net") \
        < ids.index("a1-lena@example.org")


def test_quoted_printable_latin1():
    (m,) = read("latin1_qp.eml")
    assert str(m.author) == "Jürgen Weiß <juergen.weiss@example.de>"
    assert "Grüße an das Team in Zürich." in m.body
    assert m.quote_authors == {1: "Lena Okafor"}     # "Am ... schrieb Lena Okafor:"


def test_base64_latin1_multipart():
    (m,) = read("latin1_base64.eml")
    assert m.author.name == "Jürgen Weiß"
    assert "Nicht vergessen: rx_dropped ist ein atomic_long_t" in m.body
    assert "AAECAw" not in m.body


def test_format_flowed_is_joined():
    (m,) = read("flowed.eml")
    assert "Could this table be marked __ro_after_init, or is the const already enough here? " \
           "Either way the ops should be assigned in acme_probe() before register_netdev()." in m.body
    assert [ln.text for ln in m.lines if ln.depth == 1] == [
        "+static const struct net_device_ops acme_netdev_ops = {", "+\t.ndo_open\t\t= acme_open,"]


def test_pasted_archive_text():
    (m,) = read("pasted_acme.txt")
    assert m.subject.title == "net: acme: add ndo_get_stats64" and m.subject.is_reply
    assert m.author.name == "Lena Okafor" and m.author.email == ""
    assert m.msgid == "" and m.date is not None and m.date.year == 2026
    assert m.quote_authors == {1: "Jakub Marek", 2: "Lena Okafor"}


def test_seed_text_three_voices(seed_text):
    (m,) = read_messages([("seed.txt", seed_text.encode())])
    assert m.quote_authors == {1: "David Hildenbrand (Arm)", 2: "Dev Jain"}
    assert {ln.depth for ln in m.lines} == {0, 1, 2}


@pytest.mark.parametrize("name,data,expect", [
    ("notes.pdf", b"%PDF-1.4\n\x00\x01binary", "notes.pdf: not a mail or a review thread"),
    ("list.txt", b"milk\neggs\nbread\n", "list.txt: not a mail or a review thread (no From:/Subject: headers "
                                          "and no quoted patch)"),
    ("empty.mbox", b"  \n", "empty.mbox: empty file"),
])
def test_not_a_mail(name, data, expect):
    with pytest.raises(ThreadError) as e:
        read_messages([(name, data)])
    assert str(e.value).startswith(expect)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("line, name", [
    ("2026-03-01, 10:00:01 +0100, Lena Okafor wrote:", "Lena Okafor"),
    ("2026-03-01 10:00 GMT+01:00 Lena Okafor <lena.okafor@example.org>:", "Lena Okafor"),
    ("* Lena Okafor <lena.okafor@example.org> [260301 10:00]:", "Lena Okafor"),
    ("Excerpts from Lena Okafor's message of 2026-03-01 10:00:01 +0100:", "Lena Okafor"),
    ("On Sun, Mar 01, 2026 at 10:00:01AM +0100, Lena Okafor wrote:", "Lena Okafor"),
    # sentences that end in a colon name nobody
    ("2 files changed, 3 insertions:", ""),
    ("In 2025, the ring code was reworked, as said here:", ""),
    ("12 of them, for example:", ""),
])
def test_attribution_forms(line, name):
    from patches.thread import attribution_name
    assert attribution_name(line) == name


def test_a_dated_attribution_names_the_quoted_author():
    mail = ("From: Jakub Marek <jmarek@example.net>\nSubject: Re: [PATCH] net: acme: x\n\n"
            "2026-03-01 10:00 GMT+01:00 Lena Okafor <lena.okafor@example.org>:\n"
            "> +\tatomic_inc(&priv->rx_dropped);\n\nPer ring, please.\n").encode()
    (m,) = read_messages([("reply.eml", mail)])
    assert m.quote_authors == {1: "Lena Okafor"}


OUTLOOK = """Fine by me.

Acked-by: Dana Whitfield <dana.whitfield@example.com>

-----Original Message-----
From: Mirela Dumitrescu <mirela.dumitrescu@example.ro>
Sent: Tuesday, October 14, 2025 10:15 AM
To: dri-devel@lists.freedesktop.org
Cc: Lee Jones <lee@kernel.org>
Subject: [PATCH v3 0/2] backlight: gpio: optional enable delay

Some panels want their enable GPIO to settle.
> an older quote inside the original
"""


def test_an_outlook_original_under_a_top_posted_answer_is_quoted():
    from patches.thread import quote_authors, quote_lines
    lines = quote_lines(OUTLOOK)
    assert [(ln.depth, ln.text) for ln in lines[:5]] == [
        (0, "Fine by me."), (0, ""), (0, "Acked-by: Dana Whitfield <dana.whitfield@example.com>"), (0, ""),
        (0, "Mirela Dumitrescu wrote:")]
    assert [(ln.depth, ln.text) for ln in lines[5:7]] == [
        (1, "Some panels want their enable GPIO to settle."), (2, "an older quote inside the original")]
    assert not any(ln.text.startswith(("From:", "Sent:", "Cc:", "To:")) for ln in lines)
    assert quote_authors(lines)[1] == "Mirela Dumitrescu"


def test_an_outlook_original_inside_an_original_is_one_level_deeper_each():
    from patches.thread import quote_authors, quote_lines
    inner = OUTLOOK.replace("Fine by me.", "Agreed, see below.").replace("Dana Whitfield", "Ola Berg")
    lines = quote_lines(OUTLOOK.replace("> an older quote inside the original\n", "") + inner.replace(
        "Mirela Dumitrescu", "Hana Sato"))
    said = [(ln.depth, ln.text) for ln in lines if ln.text]
    assert said[2:5] == [(0, "Mirela Dumitrescu wrote:"), (1, "Some panels want their enable GPIO to settle."),
                         (1, "Agreed, see below.")]
    assert (1, "Hana Sato wrote:") in said and said[-2:] == [
        (2, "Some panels want their enable GPIO to settle."), (3, "an older quote inside the original")]
    assert quote_authors(lines) == {1: "Mirela Dumitrescu", 2: "Hana Sato"}


def test_a_chain_of_ten_thousand_outlook_originals_is_read_without_recursion():
    from patches.thread import quote_lines
    hop = "-----Original Message-----\nFrom: A <a@example.org>\nSubject: Re: x\n\nok\n"
    lines = quote_lines(hop * 10_000)
    assert len(lines) == 20_001 and (lines[-2].depth, lines[-2].text) == (10_000, "ok")


def test_an_original_message_rule_without_its_headers_is_left_alone():
    from patches.thread import quote_lines
    body = "Text.\n\n-----Original Message-----\nnot a header block\n"
    assert [ln.depth for ln in quote_lines(body)] == [0, 0, 0, 0, 0]


def _reply(content: str) -> bytes:
    return ("From: Jane Roe <jane@example.org>\nSubject: Re: [PATCH] x: y\nMessage-ID: <r@example.org>\n"
            "In-Reply-To: <p@example.org>\nMIME-Version: 1.0\n" + content).encode()


def test_an_html_only_reply_is_read_as_text_with_its_blockquotes_as_quotes():
    msg = read_messages([("r.eml", _reply(
        "Content-Type: text/html; charset=UTF-8\n\n<html><head><style>p {}</style></head><body>"
        "<div>On Mon, Jane wrote:</div><blockquote><pre>+\tint i;\n+\tu32 len;</pre></blockquote>"
        "<p>Make it <b>unsigned&nbsp;int</b> please.</p><script>alert(1)</script></body></html>\n"))])[0]
    assert msg.unread == ""
    assert [(ln.depth, ln.text) for ln in msg.lines if ln.text] == [
        (0, "On Mon, Jane wrote:"), (1, "+\tint i;"), (1, "+\tu32 len;"), (0, "Make it unsigned int please.")]


def test_a_reply_without_any_text_says_so():
    msg = read_messages([("r.eml", _reply(
        "Content-Type: application/ms-tnef; name=winmail.dat\nContent-Transfer-Encoding: base64\n\nAAAA\n"))])[0]
    assert msg.body == "" and msg.unread == "no text in the mail (application/ms-tnef)"


@pytest.mark.parametrize("name", ["Henrik Sørensen", "Zoë Łukasiewicz"])
def test_a_name_in_raw_utf8_in_the_from_header_is_read_as_utf8(name):
    """Before: the name kept the bytes the email package could not decode as lone surrogates, and
    writing a rule that quotes the reviewer's name failed with UnicodeEncodeError."""
    data = (f"From: {name} <h@example.org>\nSubject: Re: [PATCH] x\nMessage-ID: <a@b>\n"
            "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\nLooks fine.\n"
            ).encode("utf-8")
    msg = read_messages([("m.eml", data)])[0]
    assert msg.author.name == name
    msg.author.name.encode("utf-8")


def test_a_name_in_raw_latin1_is_read_as_latin1():
    data = b"From: Ren\xe9 Dupont <r@example.org>\nSubject: Re: [PATCH] x\nMessage-ID: <a@b>\n\nOk.\n"
    assert read_messages([("m.eml", data)])[0].author.name == "Ren\u00e9 Dupont"
