"""Propagation runs spatch on a patch only where the rule could change the patch's own lines."""
from __future__ import annotations

import shutil

import pytest

from cocci import propagate
from patches.model import Rule

RENAME = """@rename@
identifier fn = walk_one;
expression list es;
@@

fn(...) {
<...
- pte_dirty(es)
+ huge_pte_dirty(es)
...>
}
"""

ADD_ONLY = """@add@
identifier fn = walk_one;
@@

fn(...) {
  ...
+ flush_all();
  return 0;
}
"""

NO_CALL = """@drop@
identifier fn = walk_one;
expression E;
@@

fn(...) {
<...
- E = 0;
...>
}
"""

TEXT = """static int walk_one(pte_t pte)
{
	if (pte_dirty(pte))
		return 1;
	return 0;
}

static int walk_two(pte_t pte)
{
	int young = pte_young(pte);

	return young;
}
"""


def test_the_names_are_the_called_names_of_the_minus_lines():
    assert propagate.anchors(propagate.generalize(RENAME) or "") == {"pte_dirty"}


def test_code_added_next_to_context_or_removed_without_a_call_has_no_names():
    assert propagate.anchors(ADD_ONLY.replace("identifier fn = walk_one;", "identifier fn;")) is None
    assert propagate.anchors(NO_CALL.replace("identifier fn = walk_one;", "identifier fn;")) is None


def test_a_change_is_possible_only_in_a_statement_that_writes_a_name():
    names = frozenset({"pte_dirty"})
    assert propagate.region_may_change(TEXT, names, {3})               # if (pte_dirty(pte))
    assert propagate.region_may_change(TEXT, names, {4})               # the return it guards: one statement
    assert not propagate.region_may_change(TEXT, names, {1, 2, 5, 6})  # walk_one's other lines
    assert not propagate.region_may_change(TEXT, names, {10, 11, 12})  # walk_two has no pte_dirty()
    assert not propagate.region_may_change(TEXT, names, set())
    assert propagate.region_may_change("int x = pte_dirty(p);\n" + TEXT, names, {1})   # outside a function


SPLIT = ("static int walk_three(pte_t pte, int a)\n"
         "{\n"
         "\t/* pte_dirty() is not called on the next line */\n"
         "\tint b = a;\n"
         "\treturn pte_dirty(\n"
         "\t\t\t pte) ||\n"
         "\t\ta > b;\n"
         "}\n")


def test_a_call_split_over_lines_is_one_statement():
    names = frozenset({"pte_dirty"})
    # the argument on line 6 and the rest on line 7 belong to the call on line 5: a rename that rewrites
    # the arguments changes only those lines
    assert propagate.region_may_change(SPLIT, names, {6})
    assert propagate.region_may_change(SPLIT, names, {7})
    assert not propagate.region_may_change(SPLIT, names, {3, 4})      # a comment names it; code does not
    # a statement too long to tell where it starts counts as reaching the name
    long = "int f(void)\n{\n\tint x = g(1,\n" + "\t\t1,\n" * (2 * propagate.STATEMENT_LINES) + "\t\t1);\n}\n"
    assert propagate.region_may_change(long, names, {10})


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_a_patch_whose_lines_the_rule_cannot_reach_is_not_searched(tmp_path):
    rule = Rule("1.1", "rename-call", "01-rename-call-pte_dirty.cocci", RENAME, ["mm/walk.c"])
    texts = {1: {"mm/walk.c": TEXT}, 2: {"mm/walk.c": TEXT}}
    # patch 1 added walk_two (no pte_dirty there); patch 2 added walk_one's test
    added = {1: {"mm/walk.c": {8: "", 9: "", 10: "", 11: "", 12: "", 13: ""}}, 2: {"mm/walk.c": {3: "", 4: ""}}}
    found = propagate.find(rule, texts, texts, added, tmp_path)
    assert [(f.patch, [(m.function, m.line) for m in f.matches]) for f in found] == [(2, [("walk_one", 3)])]
    assert "huge_pte_dirty(pte)" in found[0].after
    assert not (tmp_path / "p1").exists() and (tmp_path / "p2").exists()


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_only_the_functions_holding_the_patch_lines_are_parsed(tmp_path):
    # the patch added walk_one's test in a file of many functions: spatch reads walk_one, the other
    # bodies left out, and finds what it finds in the whole file on the patch's lines
    clean = "\tif (pte_dirty(pte))\n\t\tpte = pte_mkclean(pte);\n"
    others = "".join(f"static int walk_{i}(pte_t pte)\n{{\n" + clean * 10 + "\treturn pte_young(pte);\n}\n\n"
                     for i in range(10))
    text = TEXT + "\n" + others
    rule = Rule("1.1", "rename-call", "01-rename-call-pte_dirty.cocci", RENAME, ["mm/walk.c"])
    found = propagate.find(rule, {2: {"mm/walk.c": text}}, {2: {"mm/walk.c": text}},
                           {2: {"mm/walk.c": {3: "", 4: ""}}}, tmp_path)
    assert [(f.patch, [(m.function, m.line) for m in f.matches]) for f in found] == [(2, [("walk_one", 3)])]
    assert found[0].after == text.replace("\tif (pte_dirty(pte))\n\t\treturn 1;",
                                          "\tif (huge_pte_dirty(pte))\n\t\treturn 1;")
    searched = (tmp_path / "p2" / "mm" / "walk.c").read_text()
    assert "/* respin: line" in searched and "pte_mkclean" not in searched


# ---- the names of a `-` line, looked for in the functions that hold the patch's lines ----

SCAN = """static void scan_one(struct folio *folio, struct page *page)
{
	VM_WARN_ON(folio_page(folio, 0) != page);
	folio_get(folio);
}

static void scan_two(struct folio *folio, unsigned long flags)
{
	VM_WARN_ON(!(flags & SCAN_LOCKED));
	folio_put(folio);
}
"""

REPLACE = """@replace@
identifier fn = scan_one;
@@

fn(...) {
<...
-	VM_WARN_ON(folio_page(folio, 0) != page);
+	VM_WARN_ON(!folio_test_large(folio));
...>
}
"""


def test_names_of_a_removed_line_must_be_in_the_function_the_patch_line_is_in():
    from cocci.treewide import query

    q = query(propagate.generalize(REPLACE) or "")
    assert propagate.may_change(q, SCAN, {3})                    # scan_one writes all of them
    assert not propagate.may_change(q, SCAN, {9, 10})            # scan_two: no folio_page(), no page
    # a line outside every function (a declaration the patch adds) can be reached from anywhere
    assert propagate.may_change(q, "static int scan_count;\n" + SCAN, {1, 10, 11})
    # #if branches in the function: its braces are not trusted, the whole file counts
    guarded = SCAN.replace("\tfolio_put(folio);\n", "#ifdef CONFIG_SCAN_DEBUG\n\tfolio_put(folio);\n#endif\n")
    assert propagate.may_change(q, guarded, {9, 10})


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_a_patch_whose_function_lacks_the_removed_names_is_not_searched(tmp_path):
    # the patch added scan_two: its VM_WARN_ON() is next to the patch's lines, but the statement the rule
    # rewrites is only in scan_one, which the patch did not add
    rule = Rule("1.1", "replace-code", "01-replace-code-vm_warn_on.cocci", REPLACE, ["mm/scan.c"])
    texts = {1: {"mm/scan.c": SCAN}, 2: {"mm/scan.c": SCAN}}
    added = {1: {"mm/scan.c": {1: "", 2: "", 3: "", 4: "", 5: ""}}, 2: {"mm/scan.c": {9: "", 10: ""}}}
    found = propagate.find(rule, texts, texts, added, tmp_path)
    assert [(f.patch, [(m.function, m.line) for m in f.matches]) for f in found] == [(1, [("scan_one", 3)])]
    assert "VM_WARN_ON(!folio_test_large(folio));" in found[0].after
    assert (tmp_path / "p1").exists() and not (tmp_path / "p2").exists()


def test_a_directive_with_a_brace_in_the_function_makes_the_whole_file_count():
    from cocci.treewide import query

    q = query(propagate.generalize(REPLACE) or "")
    braced = SCAN.replace("\tfolio_put(folio);\n", "#define SCAN_END }\n\tfolio_put(folio);\n")
    assert propagate.may_change(q, braced, {10, 11})
