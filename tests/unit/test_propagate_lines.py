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
