"""The review of the v4 hugetlb series, read from the mbox and from the pasted archive text."""
import pytest

from patches.conversation import build
from patches.git import open_repo
from patches.model import Response
from patches.review import ReviewError, read_review
from patches.thread import read_messages

# (first quoted code line, words of the comment, response, kind)
EXPECTED = [
    ("unsigned long hsz = huge_page_size(hstate_vma(vma));", "Can be const.", "accepted", "code"),
    ("unsigned long address = pvmw->address;", "But do we even need the temporary variable?", "declined", "code"),
    ("struct page *subpage;", "just drop anything that deals with them", "accepted", "code"),
    ("bool ret = true;", "Worth adding a comment here", "accepted", "code"),
    ("pteval = ptep_get(pvmw->pte);", "Should we now properly use huge_ptep_get()?", "deferred", "code"),
    ("subpage = folio_page(folio, pte_pfn(pteval) - folio_pfn(folio));", "No need for subpages.", "accepted", "code"),
    ("VM_WARN_ON(folio_page(folio, 0) != subpage);", "I assume both can be VM_WARN_ON_ONCE()", "accepted", "code"),
    ("if (pte_dirty(pteval))", "Should we now use huge_pte_dirty() for consistency?", "accepted", "code"),
    ("VM_WARN_ON(!(flags & TTU_HWPOISON));", "right at the very beginning of try_to_unmap_hugetlb_one()",
     "accepted", "code"),
    ("VM_WARN_ON_FOLIO(!folio_contain_hwpoisoned_page(folio), folio);", "just have folio_test_hwpoison() here",
     "accepted", "code"),
    ("if (flags & TTU_SYNC)", "PVMW_SYNC is irrelevant", "accepted", "code"),
    ("* try_to_unmap() must hold a reference on the folio.", "Do we really need this comment entirely?",
     "accepted", "code"),
    ("ret = __try_to_unmap_hugetlb_one(folio, vma, &pvmw, &range,",
     "Is it really worth it moving that stuff to a separate function?", "accepted", "code"),
]


def review_of(fixture, name, series=""):
    data = (fixture / name).read_bytes()
    return read_review(build(read_messages([(name, data)])), open_repo(fixture / "tree"), series)


@pytest.fixture(scope="module", params=[("thread.mbox", "", "david@kernel.org", "From:"),
                                        ("review.txt", "base..hugetlb", "david@redhat.com", "MAINTAINERS")],
                ids=["mbox", "pasted"])
def reading(request, kernel_fixture):
    name, series, address, where = request.param
    return review_of(kernel_fixture, name, series), (address, where)


def find(review, code, words):
    hits = [s for s in review.suggestions if s.anchor.code and s.anchor.code[0] == code and words in s.comment]
    assert len(hits) == 1, f"{code!r} / {words!r}: {[(s.id, s.comment) for s in review.suggestions]}"
    return hits[0]


@pytest.mark.parametrize("code,words,response,kind", EXPECTED)
def test_code_suggestions(reading, code, words, response, kind):
    review, _ = reading
    s = find(review, code, words)
    assert (s.patch, s.response.value, s.kind) == (2, response, kind)
    assert s.anchor.file == "mm/rmap.c"
    assert s.anchor.function in ("__try_to_unmap_hugetlb_one", "try_to_unmap_hugetlb_one")
    assert s.reviewer.name == "David Hildenbrand (Arm)"


def test_series_and_commits(reading):
    review, _ = reading
    assert [p.subject.title for p in review.series.patches] == [
        "mm/rmap: Document how try_to_unmap() handles hugetlb folios",
        "mm/rmap: Add try_to_unmap_hugetlb_one",
        "mm/rmap: Point try_to_unmap_one's comment at the hugetlb variant"]
    assert all(p.commit for p in review.series.patches)
    assert review.series.branch == "hugetlb" and review.series.version == 4


def test_anchors_resolved_in_tree(reading, kernel_fixture):
    review, _ = reading
    s = find(review, "if (pte_dirty(pteval))", "huge_pte_dirty")
    repo = open_repo(kernel_fixture / "tree")
    commit = review.series.patches[1].commit
    lines = repo.try_show_file(commit, "mm/rmap.c").split("\n")
    assert lines[s.anchor.lines[0] - 1] == "\tif (pte_dirty(pteval))"
    assert s.anchor.function == "__try_to_unmap_hugetlb_one"
    assert s.quoted == ["+\tif (pte_dirty(pteval))"]          # tabs restored, also from the archive text
    warn = find(review, "VM_WARN_ON(folio_page(folio, 0) != subpage);", "VM_WARN_ON_ONCE")
    assert warn.code == ["VM_WARN_ON(pte_pfn(pteval) != folio_pfn(folio));"]
    loop = find(review, "bool ret = true;", "Worth adding a comment")
    assert loop.anchor.code == ["bool ret = true;", "pte_t pteval;"]
    assert loop.code == ["/* There is only a single mapping in a VMA. */"]
    sync = find(review, "if (flags & TTU_SYNC)", "PVMW_SYNC")
    assert sync.anchor.code == ["if (flags & TTU_SYNC)", "pvmw.flags = PVMW_SYNC;"]
    assert sync.anchor.function == "try_to_unmap_hugetlb_one"


def test_one_answer_for_three_comments_on_one_comment_block(reading):
    review, _ = reading
    on_block = [s for s in review.suggestions if "I don't understand that comment" in s.comment
                or s.comment == '"cannot" ?' or "this comment entirely" in s.comment]
    assert len(on_block) == 3
    assert {s.response for s in on_block} == {Response.ACCEPTED}
    assert len({s.params["comment_block"] for s in on_block}) == 1


def test_commit_message_suggestions(reading):
    review, (address, where) = reading
    trailer = [s for s in review.suggestions if s.kind == "trailer"]
    assert len(trailer) == 1
    assert trailer[0].response is Response.ACCEPTED and trailer[0].anchor.in_message
    assert trailer[0].trailer == f"Suggested-by: David Hildenbrand (Arm) <{address}>"
    # the mbox has the reviewer's From:; the pasted archive text hid it and MAINTAINERS has one
    assert trailer[0].address_from == where
    assert {"trailer": trailer[0].trailer, "address_from": where}.items() <= trailer[0].to_json().items()
    msg = [s for s in review.suggestions if s.kind == "commit-message"]
    assert [s.comment for s in msg] == ["Are you sure? And if so, can you elaborate why + document?"]
    assert msg[0].anchor.in_message and msg[0].anchor.code[0].startswith("5. uffd-wp bit is lost")
    # "Ack" / "Agreed" under the numbered points are agreement: no suggestion, no Acked-by
    assert not [s for s in review.suggestions if s.comment.startswith(("Ack", "Agreed"))]
    assert not [t for t in review.trailers if t.name == "Acked-by"]


def test_each_comment_once_and_ids_in_order(reading):
    review, _ = reading
    assert [s.id for s in review.suggestions] == [f"2.{i}" for i in range(1, len(review.suggestions) + 1)]
    comments = [(s.comment, tuple(s.anchor.code)) for s in review.suggestions]
    assert len(comments) == len(set(comments))


def test_patch_not_in_range(kernel_fixture):
    with pytest.raises(ReviewError, match=r'^patch "mm/rmap: Add try_to_unmap_hugetlb_one" is not in base..hugetlb~2 '):
        review_of(kernel_fixture, "review.txt", "base..hugetlb~2")


def test_the_mbox_and_the_pasted_answer_read_the_same(kernel_fixture):
    """The same review read from the whole thread and from the author's answer pasted from an archive:
    the same comments on the same code with the same responses (the mbox's review mail only adds the
    reviewer's address)."""
    def reading_of(name, series=""):
        review = review_of(kernel_fixture, name, series)
        return [(" ".join(s.anchor.code), " ".join(s.comment.split()), s.response.value, s.kind)
                for s in review.suggestions]

    assert reading_of("thread.mbox") == reading_of("review.txt", "base..hugetlb")
