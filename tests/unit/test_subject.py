import pytest

from patches.subject import parse_subject


def test_reply_to_numbered_patch():
    s = parse_subject("Re: [PATCH v4 02/12] mm/rmap: Add try_to_unmap_hugetlb_one")
    assert (s.title, s.version, s.number, s.total, s.width, s.is_reply) == \
        ("mm/rmap: Add try_to_unmap_hugetlb_one", 4, 2, 12, 2, True)
    assert s.is_patch


def test_rfc_with_tree_prefix():
    s = parse_subject("[RFC PATCH net-next v3 1/4] net: foo")
    assert s.prefixes == ("RFC", "PATCH", "net-next")
    assert (s.version, s.number, s.total, s.is_reply) == (3, 1, 4, False)


def test_resend_and_cover():
    s = parse_subject("[PATCH RESEND 0/3] x: y")
    assert s.resend and s.number == 0 and s.version == 1 and s.title == "x: y"


def test_not_a_patch():
    s = parse_subject("Re: hugetlb questions")
    assert not s.is_patch and s.title == "hugetlb questions" and s.number is None


@pytest.mark.parametrize("prefix", ["Antw: ", "Odp: ", "VS: ", "RES: ", "WG: ", "TR: ", "回复: ", "回复：", "Отв: ",
                                    "AW: Re: ", "Re: Re: ", "SV: AW: RE: "])
def test_reply_markers_of_other_languages(prefix):
    # before: "Antw: [PATCH v2 2/2] ..." was read as the patch itself, not a reply to it
    s = parse_subject(prefix + "[PATCH v2 2/2] rtc: ds1347: say why the time is not valid")
    assert s.is_reply and (s.version, s.number, s.total) == (2, 2, 2)
    assert s.title == "rtc: ds1347: say why the time is not valid"


@pytest.mark.parametrize("subject", ["[PATCH] tr: fix the thing", "[PATCH v2 1/3] res: counter", "Resource: x",
                                     "vsock: fix a leak", "[PATCH] pd: drop a field"])
def test_a_subsystem_named_like_a_foreign_marker_is_no_reply(subject):
    assert not parse_subject(subject).is_reply


def test_a_reply_with_a_foreign_marker_and_no_threading_headers_is_read_as_a_review_of_its_patch():
    from patches import conversation, review
    from patches.thread import read_messages
    patch = ("From: Keiko Tanabe <keiko.tanabe@example.jp>\n"
             "Subject: [PATCH v2 2/2] rtc: ds1347: warn on a stopped clock\n"
             "Message-ID: <p2@example.jp>\n\nWarn.\n---\n"
             "diff --git a/drivers/rtc/rtc-ds1347.c b/drivers/rtc/rtc-ds1347.c\n"
             "--- a/drivers/rtc/rtc-ds1347.c\n+++ b/drivers/rtc/rtc-ds1347.c\n"
             "@@ -61,2 +61,3 @@ static int ds1347_read_time(struct device *dev, struct rtc_time *dt)\n"
             " \tif (status & DS1347_OSF_BIT)\n+\t\tdev_info(dev, \"oscillator stopped\\n\");\n \t\treturn -EINVAL;\n")
    answer = ("From: Bram de Wit <bram.dewit@example.nl>\n"
              "Subject: Antw: [PATCH v2 2/2] rtc: ds1347: warn on a stopped clock\n"
              "Message-ID: <r1@example.nl>\n\nKeiko Tanabe wrote:\n"
              "> +\t\tdev_info(dev, \"oscillator stopped\\n\");\n\nPlease make it dev_warn().\n")
    mbox = f"From x@y Mon Oct  6 09:12:00 2025\n{patch}\nFrom x@y Tue Oct  7 09:12:00 2025\n{answer}".encode()
    msgs = read_messages([("t.mbox", mbox)])
    assert [m.subject.is_reply for m in msgs] == [False, True]
    rv = review.read_review(conversation.build(msgs), None)
    assert [(s.patch, s.comment) for s in rv.suggestions] == [(2, "Please make it dev_warn().")]
