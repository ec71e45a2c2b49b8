"""Changelog lines: what a kernel developer writes below ``---``, from what the rules did."""
from __future__ import annotations

import pytest

from patches.changelog import entry
from patches.ctext import pretty
from patches.model import Anchor, Change, Person, Status, Suggestion


def applied(*changes: Change, comment: str = "", propagation: list | None = None) -> Suggestion:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Mira Kovac", "mira@example.org"), comment=comment,
                   anchor=Anchor(file="drivers/misc/lumen.c", function="lumen_probe"), status=Status.APPLIED)
    s.changes = list(changes)
    s.summary = "; ".join(c.summary for c in changes)
    s.propagation = propagation or []
    return s


def code(function: str, old: list[str], new: list[str], summary: str = "") -> Change:
    """A replace-code change: OLD as the rules stage keeps it (token spaced), NEW as the reviewer wrote it."""
    return Change("replace-code", summary or f"Use {' '.join(new).strip()} in {function}()",
                  {"function": function, "old": old, "new": new})


CASES = [
    # a recipe's own short wording stays; the "(x2)" count of its targets does not
    ([Change("rename-call", "Use WARN_ON_ONCE() instead of WARN_ON() (x2)", {"function": "lumen_irq"})],
     "Use WARN_ON_ONCE() instead of WARN_ON() (Mira)"),
    # the reviewer's statement: the calls it brings in and drops, not the statement
    ([code("lumen_irq", ["WARN_ON ( lumen_page ( dev , 0 ) != page ) ;"],
           ["\tWARN_ON(lumen_pfn(reg) != dev_pfn(dev));"])],
     "Use lumen_pfn() and dev_pfn() instead of lumen_page() in lumen_irq() (Mira)"),
    # two rules for one comment: one line, details dropped from the last part first
    ([code("lumen_irq", ["WARN_ON ( lumen_page ( dev , 0 ) != page ) ;"],
           ["\tWARN_ON(lumen_pfn(reg) != dev_pfn(dev));"]),
      Change("rename-call", "Use WARN_ON_ONCE() instead of WARN_ON() (x2)", {"function": "lumen_irq"})],
     "Use lumen_pfn() and dev_pfn() instead of lumen_page(), use WARN_ON_ONCE() (Mira)"),
    # a variable set to another value
    ([code("lumen_fill", ["size_t len = 64 - LUMEN_HDR_SIZE - 2 ;"], ["\tsize_t len = 64 - LUMEN_HDR_SIZE;"])],
     "Set len to 64 - LUMEN_HDR_SIZE in lumen_fill() (Mira)"),
    # one short piece replaced
    ([code("lumen_scale", ["* val + = div_u64 ( ( u64 ) raw * gain , 1000 LLU ) ;"],
           ["\t*val += div_u64((u64)raw * gain, 1000LL);"])],
     "Use 1000LL instead of 1000LLU in lumen_scale() (Mira)"),
    # a statement added in front of the old one
    ([code("lumen_kick", ["ring -> pending = req ;"],
           ["\tWARN_ON_ONCE(test_bit(LUMEN_BUSY, &ring->flags));", "\tring->pending = req;"])],
     "Add WARN_ON_ONCE() in lumen_kick() (Mira)"),
    # fewer statements doing the same calls
    ([code("lumen_show", ["if ( n ) { n -- ; n + = sysfs_emit_at ( buf , n , \" \" ) ; }"],
           ["\tif (n > 0)", "\t\tsysfs_emit_at(buf, n - 1, \"\\n\");"])],
     "Simplify the sysfs_emit_at() code in lumen_show() (Mira)"),
    # a comment: its text in quotes, the function dropped when the line runs long
    ([Change("add-comment", "Add a comment in lumen_reset_all_channels(): /* Only one channel can be busy. */",
             {"function": "lumen_reset_all_channels"})],
     "Add a comment \"Only one channel can be busy\" in lumen_reset_all_channels() (Mira)"),
    ([Change("add-comment", "Add a comment in lumen_reset_all_channels_and_wait(): "
                            "/* Only one channel of a bank can be busy at a time. */",
             {"function": "lumen_reset_all_channels_and_wait"})],
     "Add a comment \"Only one channel of a bank can be busy at a time\" (Mira)"),
    # long code in a recipe's wording is shown by its call name
    ([Change("wrap-condition", "Use WARN_ON_ONCE() on the !test_bit(LUMEN_BUSY, &ring->flags) check in lumen_kick()",
             {"function": "lumen_kick"})],
     "Use WARN_ON_ONCE() on the !test_bit() check in lumen_kick() (Mira)"),
    # "(in a(), b())" reads as a place
    ([Change("rename", "Rename sz to count (in lumen_show(), lumen_store(), lumen_dump())", {})],
     "Rename sz to count in lumen_show(), lumen_store() and lumen_dump() (Mira)"),
    # a function named in the middle stays where the recipe put it
    ([Change("carry-conversion", "Use LUMEN_B2C() in lumen_find() too", {"function": "lumen_find"})],
     "Use LUMEN_B2C() in lumen_find() too (Mira)"),
]


@pytest.mark.parametrize("changes, line", CASES)
def test_lines(changes, line):
    assert entry(applied(*changes), " (Mira)") == line


def test_the_other_places_a_rule_changed():
    s = applied(code("lumen_show", ["if ( n ) { n -- ; n + = sysfs_emit_at ( buf , n , \" \" ) ; }"],
                     ["\tif (n > 0)", "\t\tsysfs_emit_at(buf, n - 1, \"\\n\");"]),
                propagation=[{"patch": 2, "applied": True}, {"patch": 2, "applied": True},
                             {"patch": 3, "applied": False}])
    assert entry(s, " (Mira)") == "Simplify the sysfs_emit_at() code in lumen_show() and 2 more places (Mira)"


def test_code_no_recipe_words_is_never_written_as_a_statement():
    # the reviewer's code changes nothing the words can name: the line says so, without the statement
    s = applied(code("lumen_tune", ["lumen_set ( dev , a , b ) ;"], ["\tlumen_set(dev, b, a);"]))
    line = entry(s, " (Mira)")
    assert line == "Change the lumen_set() arguments in lumen_tune() (Mira)"
    assert ";" not in line


def test_without_changes_the_summary_or_the_comment_is_used():
    s = applied(comment="Please sort the includes. They are all over the place.")
    s.changes, s.summary = [], ""
    assert entry(s, " (Mira)") == "Please sort the includes (Mira)"
    s.summary = "Order the declarations in lumen_probe() reverse xmas tree"
    assert entry(s, " (Mira)") == "Order the declarations in lumen_probe() reverse xmas tree (Mira)"


def test_a_very_long_line_is_cut_at_a_word():
    long = "Drop the " + " ".join(f"lumen_field_{i}" for i in range(12)) + " members"
    line = entry(applied(Change("remove-statements", long, {})), " (Mira)")
    assert line.endswith("... (Mira)") and len(line) <= 98
    assert ";" not in line


def test_pretty_code():
    assert pretty("! test_bit ( LUMEN_BUSY , & ring -> flags )") == "!test_bit(LUMEN_BUSY, &ring->flags)"
    assert pretty("* val + = div_u64 ( ( u64 ) raw * gain , 1000 LLU ) ;") == \
        "*val += div_u64((u64)raw * gain, 1000LLU);"
    assert pretty("' N '") == "'N'"
    assert pretty("if ( x ) y = ( a + b ) * c ;") == "if (x) y = (a + b) * c;"
    assert pretty("return - EINVAL ;") == "return -EINVAL;"
