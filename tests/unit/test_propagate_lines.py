"""Which lines propagation may touch: the lines a patch added, followed through the edits of earlier
rules (a variable renamed on them keeps them the series' own code)."""
from cocci.propagate import carried, merge

ORIGINAL = """static ssize_t a_show(char *buf)
{
	ssize_t sz = 0;

	if (sz) {
		sz--;
		sz += sysfs_emit_at(buf, sz, "\\n");
	}
	return sz;
}
"""
# the patch added lines 3 and 5-9
ADDED = {3, 5, 6, 7, 8, 9}


def test_unchanged_lines_keep_their_numbers():
    assert carried(ORIGINAL, ORIGINAL, ADDED) == ADDED


def test_lines_an_earlier_rule_rewrote_are_still_the_series_code():
    renamed = ORIGINAL.replace("sz", "count")
    assert carried(ORIGINAL, renamed, ADDED) == ADDED


def test_a_rewritten_block_with_a_kernel_line_in_it_is_not_taken():
    # line 2 ("{") is kernel code: a block that replaced it is not the series' code
    current = ORIGINAL.replace("{\n\tssize_t sz = 0;", "{ /* x */\n\tssize_t count = 0;", 1)
    got = carried(ORIGINAL, current, ADDED)
    assert 2 not in got and 3 not in got
    assert {5, 6, 7, 8, 9} <= got


def test_lines_shift_after_an_earlier_rule_removed_some():
    current = ORIGINAL.replace("\tif (sz) {\n\t\tsz--;\n\t\tsz += sysfs_emit_at(buf, sz, \"\\n\");\n\t}\n",
                               "\tif (sz > 0)\n\t\tsysfs_emit_at(buf, sz - 1, \"\\n\");\n")
    got = carried(ORIGINAL, current, ADDED)
    assert 3 in got and 7 in got            # `return sz;` moved from line 9 to 7
    merged, taken = merge(current, current.replace("return sz;", "return 0;"), got)
    assert "return 0;" in merged and taken == [7]


# ---- which files a propagation search reads (cocci.propagate.may_change)

def test_a_patch_that_only_adds_a_comment_takes_no_change():
    from cocci.propagate import may_change
    from cocci.treewide import query

    q = query("@@\nidentifier fn;\nexpression E;\n@@\nfn(...) { <...\n- readl(E)\n+ readl_relaxed(E)\n...> }\n")
    text = ("static u32 lumen_status(void __iomem *base)\n{\n\t/*\n\t * The FIFO is read with readl()\n"
            "\t * on purpose.\n\t */\n\treturn readl(base + 4);\n}\n")
    assert not may_change(q, text, {3, 4, 5, 6})              # the comment the patch adds
    assert may_change(q, text, {7})                           # the call the patch adds
    assert not may_change(q, text.replace("readl(base", "ioread32(base"), {7})   # the name is not there
