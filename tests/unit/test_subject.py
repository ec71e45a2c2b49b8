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
