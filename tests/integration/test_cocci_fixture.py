"""All the rules of the v4 review of mm/rmap.c (patch 2/3), on the real fixture file."""
from __future__ import annotations

import re
import subprocess

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci import spatch
from patches.ctext import function_named
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DAVID = Person("David Hildenbrand (Arm)", "david@kernel.org")
HELPER = "__try_to_unmap_hugetlb_one"
OUTER = "try_to_unmap_hugetlb_one"

# (id, function, quoted lines as in the mail, comment, code the reviewer wrote, response, answer)
REVIEW = [
    ("2.1", HELPER, ["+ unsigned long hsz = huge_page_size(hstate_vma(vma));"], "Can be const.", [],
     Response.ACCEPTED, "Ok."),
    ("2.2", HELPER, ["+ unsigned long address = pvmw->address;"],
     "Can be const. But do we even need the temporary variable?", [], Response.DECLINED,
     "It is being used 3 times in this function, so temporary variable is fine."),
    ("2.13", HELPER, ["+ struct mm_struct *mm = vma->vm_mm;", "+ struct page *subpage;"],
     "a) subpages do not exist. It's just a folio page.\n"
     "b) subpages are irrelevant for hugetlb, just drop anything that deals with them.", [],
     Response.ACCEPTED, "Ok."),
    ("2.3", HELPER, ["+ bool ret = true;", "+ pte_t pteval;", "+"],
     "Worth adding a comment here, why we don't need a loop.\n\n/* There is only a single mapping in a VMA. */",
     ["/* There is only a single mapping in a VMA. */"], Response.ACCEPTED, "Ok."),
    ("2.4", HELPER, ["+ if (!page_vma_mapped_walk(pvmw))", "+ return true;", "+",
                     "+ pteval = ptep_get(pvmw->pte);"],
     "Should we now properly use huge_ptep_get()?", [], Response.DEFERRED, "Sending a series to fix this soon : )"),
    ("2.14", HELPER, ["+ VM_WARN_ON(!pte_present(pteval));",
                      "+ subpage = folio_page(folio, pte_pfn(pteval) - folio_pfn(folio));"],
     "No need for subpages.", [], Response.ACCEPTED, "Ok."),
    ("2.5", HELPER, ["+ VM_WARN_ON(folio_page(folio, 0) != subpage);"],
     "VM_WARN_ON(pte_pfn(pteval) != folio_pfn(folio));\n\n\nI assume both can be VM_WARN_ON_ONCE()",
     ["VM_WARN_ON(pte_pfn(pteval) != folio_pfn(folio));"], Response.ACCEPTED, "Ok."),
    ("2.6", HELPER, ["+", "+ /*", "+ * huge_pmd_unshare may unmap an entire PMD page. There is no way of",
                     "+ * knowing exactly which PMDs may be cached for this mm, so we must",
                     "+ * flush them all. start/end were already adjusted above to cover this",
                     "+ * range.", "+ */", "+ flush_cache_range(vma, range->start, range->end);", "+",
                     "+ pteval = huge_ptep_clear_flush(vma, address, pvmw->pte);", "+ if (pte_dirty(pteval))"],
     "Should we now use huge_pte_dirty() for consistency?", [], Response.ACCEPTED, "Ok."),
    ("2.7", OUTER, ["+ /*", "+ * The try_to_unmap() is only passed a hugetlb folio in the case",
                    "+ * where the hugetlb folio contains a poisoned page.", "+ */",
                    "+ VM_WARN_ON_FOLIO(!folio_contain_hwpoisoned_page(folio), folio);"],
     "As discussed, I'd prefer to just have folio_test_hwpoison() here.", [], Response.ACCEPTED, "Ok."),
    ("2.8", OUTER, ["+", "+ /*", "+ * When racing against e.g. zap_pte_range() on another cpu,",
                    "+ * in between its ptep_get_and_clear_full() and folio_remove_rmap_*(),",
                    "+ * try_to_unmap() may return before folio_mapped() has become false,",
                    "+ * if page table locking is skipped: use TTU_SYNC to wait for that.", "+ */"],
     "The comment should be updated to mention hugetlb primitives ... but\n\n"
     "... it's a good question whether that is required *at all* ...", [], Response.NONE, ""),
    ("2.9", OUTER, ["+ if (flags & TTU_SYNC)", "+ pvmw.flags = PVMW_SYNC;"],
     "... and in fact, looking at page_vma_mapped_walk(), PVMW_SYNC is irrelevant.", [], Response.ACCEPTED,
     "You are right, I'll drop this."),
    ("2.10", OUTER, ["+", "+ /*", "+ * For hugetlb, it could be much worse than THP if we need pud",
                     "+ * invalidation in the case of pmd sharing."],
     "I don't understand that comment. Is it really helpful?", [], Response.NONE, ""),
    ("2.11", OUTER, ["+ *", "+ * Note that the folio can not be freed in this function as call of"],
     "\"cannot\" ?", [], Response.NONE, ""),
    ("2.12", OUTER, ["+ * try_to_unmap() must hold a reference on the folio.", "+ */"],
     "Do we really need this comment entirely? We don't even look at the folio after\nunmapping it.", [],
     Response.ACCEPTED, "Yeah I just blindly copied it, looks like historical baggage, I can't understand\n"
     "that comment at all. I'll drop it entirely."),
]

MINE = {"replace-code", "rename-call", "const", "remove-statements", "comment-block", "add-comment"}


def _suggestions() -> list[Suggestion]:
    out = []
    for sid, fn, quoted, comment, code, resp, answer in REVIEW:
        out.append(Suggestion(id=sid, patch=2, reviewer=DAVID, comment=comment,
                              anchor=Anchor(file="mm/rmap.c", function=fn,
                                            code=[q[1:].strip() for q in quoted if q[1:].strip()]),
                              response=resp, response_text=answer, kind="code", quoted=quoted, code=code,
                              message_id="seed@example"))
    return out


@pytest.fixture(scope="module")
def v4(kernel_fixture) -> str:
    return subprocess.run(["git", "-C", str(kernel_fixture / "tree"), "show", "hugetlb~1:mm/rmap.c"],
                          check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture(scope="module")
def outcome(v4, tmp_path_factory):
    sugg = _suggestions()
    quotes = [(s.id, s.quoted) for s in sugg]
    ctxs = {s.id: CodeContext("mm/rmap.c", v4, s.anchor.function, {"mm/rmap.c": v4}, quotes) for s in sugg}
    # the seed's answered points (what its v5 is checked against); unanswered ones are the default's
    planned = [p for p in RU.plan(sugg, ctxs, only_accepted=True) if p.plan.kind in MINE]
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {"mm/rmap.c": v4}, tmp_path_factory.mktemp("work"))
    return sugg, planned, rules, files["mm/rmap.c"], edits


def _body(text: str, name: str) -> str:
    f = function_named(text, name)
    assert f is not None, name
    return "\n".join(text.splitlines()[f.start - 1:f.end])


def test_statuses(outcome):
    sugg, _, rules, _, edits = outcome
    by = {s.id: s for s in sugg}
    for e in edits:
        assert e.status == Status.APPLIED, (e.rule.name, e.reason)
    assert [by[i].kind for i in ("2.1", "2.3", "2.5", "2.6", "2.7", "2.9", "2.12")] == [
        "const", "add-comment", "replace-code", "rename-call", "rename-call", "remove-statements", "comment-block"]
    for i in ("2.1", "2.3", "2.5", "2.6", "2.7", "2.9", "2.12"):
        assert by[i].status == Status.APPLIED, (i, by[i].reason)
        assert by[i].rule.startswith("cocci/")
    for i in ("2.2", "2.4", "2.8", "2.10", "2.11"):
        assert by[i].status == Status.SKIPPED, i
    assert by["2.2"].reason.startswith("declined by the author")
    assert by["2.4"].reason.startswith("deferred by the author")
    names = [r.name for r in rules]
    assert names == sorted(names)
    assert all(re.fullmatch(r"\d\d-[a-z-]+-[\w-]+\.cocci", n) for n in names), names


def test_v5_rmap(outcome, v4):
    _, _, _, after, _ = outcome
    helper, outer = _body(after, HELPER), _body(after, OUTER)
    assert "\tconst unsigned long hsz = huge_page_size(hstate_vma(vma));" in helper
    assert "\tunsigned long address = pvmw->address;" in helper
    assert "VM_WARN_ON_ONCE(pte_pfn(pteval) != folio_pfn(folio));" in helper
    assert "VM_WARN_ON_ONCE(!pte_present(pteval));" in helper
    assert "\t\tVM_WARN_ON(!(flags & TTU_RMAP_LOCKED));" in helper      # not one the reviewer meant
    assert "\tVM_WARN_ON(!(flags & TTU_HWPOISON));" in helper
    assert "\t/* There is only a single mapping in a VMA. */\n\tif (!page_vma_mapped_walk(pvmw))" in helper
    assert "\tif (huge_pte_dirty(pteval))" in helper and "pte_dirty(pteval)" not in helper.replace("huge_pte_", "")
    assert "pteval = ptep_get(pvmw->pte);" in helper                    # deferred by the author
    assert "VM_WARN_ON_FOLIO(!folio_test_hwpoison(folio), folio);" in outer
    for gone in ("TTU_SYNC", "PVMW_SYNC", "zap_pte_range", "much worse than THP", "can not be freed"):
        assert gone not in outer, gone
    assert "\t */\n\tVM_WARN_ON_FOLIO(!folio_test_hwpoison(folio), folio);\n\n\trange.end = vma_address_end(&pvmw);" \
        in outer
    # nothing outside the two functions changed
    strip = lambda t: t.replace(_body(t, HELPER), "").replace(_body(t, OUTER), "")  # noqa: E731
    assert strip(after) == strip(v4)


def test_parses_as_well_as_v4(outcome, v4, tmp_path):
    _, _, _, after, _ = outcome
    (tmp_path / "v4.c").write_text(v4)
    (tmp_path / "v5.c").write_text(after)
    assert spatch.parse_c(tmp_path / "v5.c").bad <= spatch.parse_c(tmp_path / "v4.c").bad


def test_each_rule_runs_alone(outcome, v4, tmp_path):
    """Each .cocci runs with plain spatch on the file as it was before that rule, and does the same."""
    _, _, rules, _, edits = outcome
    text = v4
    for e in edits:
        if e.rule.is_text_edit:
            before = text
            from cocci.textedit import apply_text_edit
            text = apply_text_edit(text, e.rule.text_edit)  # type: ignore[arg-type]
            assert text != before
            continue
        f = tmp_path / "rmap.c"
        f.write_text(text)
        sp = tmp_path / e.rule.name
        sp.write_text(e.rule.text)
        r = subprocess.run(["spatch", "--very-quiet", "--sp-file", str(sp), "--in-place", str(f)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert f.read_text() != text, e.rule.name
        text = f.read_text()
    assert text == outcome[3]


def test_headers_quote_the_review(outcome):
    _, _, rules, _, _ = outcome
    const = next(r for r in rules if r.kind == "const")
    assert const.text.startswith("/// Make hsz const in __try_to_unmap_hugetlb_one()\n")
    assert "// Review: David Hildenbrand (Arm), on mm/rmap.c:__try_to_unmap_hugetlb_one()\n" \
           "//  > Can be const.\n" in const.text
    assert "depends on patch" not in const.text     # runs as it is, no -D needed


def test_second_run_changes_nothing(outcome, tmp_path):
    sugg, planned, rules, after, _ = outcome
    files, edits = A.apply(rules, planned, {"mm/rmap.c": after}, tmp_path)
    assert files["mm/rmap.c"] == after
    assert [(e.rule.name, e.status, e.reason) for e in edits] == [
        (r.name, Status.APPLIED, "already applied") for r in rules]
