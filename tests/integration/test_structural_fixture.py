"""The structural recipes, each alone, on the fixture's v4 mm/rmap.c."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cocci import spatch
from cocci.recipe import CodeContext, Recipe
from cocci.recipes import drop_variable, inline_helper, move_statement
from patches.model import Anchor, Person, Response, Suggestion

REVIEWER = Person("David Hildenbrand (Arm)", "david@kernel.org")


@pytest.fixture(scope="module")
def rmap_v4(kernel_fixture) -> str:
    r = subprocess.run(["git", "-C", str(kernel_fixture / "tree"), "show", "hugetlb~1:mm/rmap.c"],
                       capture_output=True, text=True, check=True, timeout=60)
    return r.stdout


def run(tmp_path: Path, recipe: Recipe, s: Suggestion, text: str) -> str:
    ctx = CodeContext("mm/rmap.c", text, s.anchor.function)
    plan = recipe.understand(s, ctx)
    assert plan is not None
    rule = tmp_path / f"{plan.kind}.cocci"
    rule.write_text(recipe.render(s, plan, ctx))
    f = tmp_path / "rmap.c"
    f.write_text(text)
    spatch.apply(rule, [f])
    after = f.read_text()
    assert recipe.verify(s, plan, text, after) == ""
    assert spatch.parse_c(f).bad <= spatch.parse_c(_write(tmp_path / "v4.c", text)).bad
    return after


def _write(p: Path, text: str) -> Path:
    p.write_text(text)
    return p


def sugg(function: str, code: list[str], comment: str, answer: str = "Ok.") -> Suggestion:
    return Suggestion(id="2.1", patch=2, reviewer=REVIEWER, comment=comment,
                      anchor=Anchor(file="mm/rmap.c", function=function, code=code),
                      response=Response.ACCEPTED, response_text=answer)


def test_drop_subpage(tmp_path, rmap_v4):
    s = sugg("__try_to_unmap_hugetlb_one", ["struct page *subpage;"],
             "a) subpages do not exist. It's just a folio page.\n"
             "b) subpages are irrelevant for hugetlb, just drop anything that deals with them.")
    after = run(tmp_path, drop_variable.RECIPE, s, rmap_v4)
    start = after.index("static bool __try_to_unmap_hugetlb_one")
    fn = after[start:after.index("static bool try_to_unmap_hugetlb_one")]
    assert "subpage" not in fn
    assert "\tpteval = swp_entry_to_pte(make_hwpoison_entry(folio_page(folio, 0)));\n" in fn
    assert "\tunsigned long address = pvmw->address;\n" in fn


def test_move_hwpoison_check(tmp_path, rmap_v4):
    s = sugg("__try_to_unmap_hugetlb_one", ["VM_WARN_ON(!(flags & TTU_HWPOISON));"],
             "This should be checked right at the very beginning of try_to_unmap_hugetlb_one().")
    after = run(tmp_path, move_statement.RECIPE, s, rmap_v4)
    assert after.count("VM_WARN_ON(!(flags & TTU_HWPOISON));") == 1
    assert "\tbool ret;\n\n\tVM_WARN_ON(!(flags & TTU_HWPOISON));\n\n\t/*\n\t * The try_to_unmap()" in after


def test_fold_helper(tmp_path, rmap_v4):
    s = sugg("try_to_unmap_hugetlb_one",
             ["ret = __try_to_unmap_hugetlb_one(folio, vma, &pvmw, &range,", "flags);"],
             "Is it really worth it moving that stuff to a separate function?",
             "So I'll collapse into a single function.")
    after = run(tmp_path, inline_helper.RECIPE, s, rmap_v4)
    assert "__try_to_unmap_hugetlb_one" not in after
    assert "\tbool ret = true;\n\tunsigned long hsz = huge_page_size(hstate_vma(vma));\n" in after
    assert "\tmmu_notifier_invalidate_range_start(&range);\n\taddress = pvmw.address;\n" \
           "\tif (!page_vma_mapped_walk(&pvmw))\n\t\tgoto out;\n" in after
    assert "walk_done:\n\tpage_vma_mapped_walk_done(&pvmw);\nout:\n\tmmu_notifier_invalidate_range_end(&range);\n" \
           "\treturn ret;\n}\n" in after
    assert "pvmw->" not in after[after.index("static bool try_to_unmap_hugetlb_one"):]
