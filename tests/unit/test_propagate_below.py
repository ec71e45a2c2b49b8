"""How far "Same below." reaches (cocci.propagate.asked, below_only, moved, below): the like places after
the quote in the quoted function, never another function or another patch."""
from __future__ import annotations

import pytest

from cocci.propagate import (Found, Match, added_functions, asked, below, below_only, keep, moved, named_functions,
                             named_lines, unplaced)


@pytest.mark.parametrize("comment", [
    "WARN_ON_ONCE(), please. Same below.",
    "Use dev_warn() here. Ditto further down.",
    "Please make this pr_debug(), here and below.",
    "Likewise for the ones below.",
    "kfree() is enough. Same applies further down.",
    "Same thing below.",
])
def test_words_that_reach_the_places_below_only(comment):
    assert below_only(comment)
    assert not asked(comment)


@pytest.mark.parametrize("comment", [
    "Please use WARN_ON_ONCE() here and elsewhere.",
    "Same below, and in the other drivers of the series too: everywhere.",
    "WARN_ON_ONCE() throughout, please.",
    "All of them should be dev_warn().",
])
def test_words_that_reach_the_whole_series(comment):
    assert asked(comment)
    assert not below_only(comment)


@pytest.mark.parametrize("comment", [
    "WARN_ON_ONCE(), please.",
    "Ditto.",                       # the request of the earlier comment, at this place
    "Likewise, dev_warn() would be better here.",
])
def test_words_about_the_quoted_place_alone(comment):
    assert not asked(comment)
    assert not below_only(comment)


BEFORE = """static int a_read(struct a *a)
{
	int ret;

	ret = a_bus_read(a, 1);
	WARN_ON(ret < 0);
	ret = a_bus_read(a, 2);
	WARN_ON(ret < 0);
	return ret;
}

static int a_write(struct a *a)
{
	int ret;

	ret = a_bus_write(a, 1);
	WARN_ON(ret < 0);
	return ret;
}
"""
# the rule, run on the whole file: every WARN_ON() became WARN_ON_ONCE() (the quoted one, line 6, already was)
AFTER = BEFORE.replace("WARN_ON(", "WARN_ON_ONCE(")


def found() -> list[Found]:
    f = Found(2, "drivers/a.c", BEFORE, AFTER)
    f.matches = [Match(2, "drivers/a.c", "a_read", 6), Match(2, "drivers/a.c", "a_read", 8),
                 Match(2, "drivers/a.c", "a_write", 17)]
    return [f, Found(3, "drivers/b.c", "x\n", "y\n", [Match(3, "drivers/b.c", "b_read", 1)])]


def test_below_keeps_the_later_places_of_the_quoted_function():
    kept, rest = below(found(), 2, "drivers/a.c", "a_read", 6)
    assert [(m.function, m.line) for f in kept for m in f.matches] == [("a_read", 8)]
    assert kept[0].after == BEFORE.replace("\tWARN_ON(ret < 0);\n\treturn ret;\n}\n\nstatic int a_write",
                                           "\tWARN_ON_ONCE(ret < 0);\n\treturn ret;\n}\n\nstatic int a_write")
    assert [(m.patch, m.function, m.line) for m in rest] == [(2, "a_read", 6), (2, "a_write", 17),
                                                             (3, "b_read", 1)]


def test_below_finds_nothing_after_the_last_place():
    kept, rest = below(found(), 2, "drivers/a.c", "a_read", 8)
    assert kept == []
    assert len(rest) == 4


def test_below_is_about_the_quoting_patch_only():
    kept, _ = below(found(), 1, "drivers/a.c", "a_read", 6)
    assert kept == []


def test_moved_follows_the_quote_through_earlier_edits():
    current = BEFORE.replace("\tint ret;\n\n\tret = a_bus_read(a, 1);", "\tint ret = a_bus_read(a, 1);", 1)
    assert moved(BEFORE, current, 6) == 4           # two lines above it were joined
    assert moved(BEFORE, current, 4) == 3           # a line the edit rewrote: the last of what replaced it
    assert moved(BEFORE, BEFORE, 8) == 8


# ---- "Same in foo()."

DEFINED = {"a_read", "a_write", "a_probe"}


@pytest.mark.parametrize("comment, names", [
    ("WARN_ON_ONCE(), please. Same in a_write().", ["a_write"]),
    ("Please use WARN_ON_ONCE() here; also for a_write() and a_probe().", ["a_write", "a_probe"]),
    ("Ditto in a_write()", ["a_write"]),
    ("WARN_ON_ONCE(), please.", []),
    ("WARN_ON_ONCE() as in a_write(), please.", []),       # a model to follow, not a place to change
    ("Same as in a_write(), please.", []),
    ("dev_dbg() please, the same applies to a_write() and a_probe() below.", ["a_write", "a_probe"]),
    ("Also, in a_write() you leak the buffer.", []),     # another request about a_write()
    ("Also switch to a_write() here.", []),
    ("Same in a_read().", []),                            # the quoted function itself
    ("Same in kfree().", []),                             # no function of the series
])
def test_functions_a_comment_adds(comment, names):
    assert named_functions(comment, "a_read", ["WARN_ON(ret < 0);"], DEFINED) == names


def test_a_named_function_the_series_adds_with_one_like_place():
    allowed, why = named_lines(found(), ["a_write"], {(2, "drivers/a.c"): {"a_read", "a_write"}})
    assert why == {}
    kept, rest = keep(found(), allowed)
    assert [(m.function, m.line) for f in kept for m in f.matches] == [("a_write", 17)]
    assert kept[0].after == BEFORE.replace("\tret = a_bus_write(a, 1);\n\tWARN_ON(",
                                           "\tret = a_bus_write(a, 1);\n\tWARN_ON_ONCE(")
    assert [m.line for m in rest] == [6, 8, 1]


def test_a_named_function_with_two_like_places_is_not_guessed():
    _, why = named_lines(found(), ["a_read"], {(2, "drivers/a.c"): {"a_read", "a_write"}})
    assert why == {"a_read": "2 like places in a_read(), which one is meant is for the author"}


def test_a_named_function_the_series_does_not_add_is_left():
    allowed, why = named_lines(found(), ["a_write"], {(2, "drivers/a.c"): {"a_read"}})
    assert allowed == {}
    assert why == {"a_write": "a_write() is not a function the series adds"}


def test_a_named_function_without_a_like_place():
    _, why = named_lines(found(), ["a_probe"], {(2, "drivers/a.c"): {"a_probe"}})
    assert why == {"a_probe": "no like place among the lines the series adds in a_probe()"}


def test_a_change_that_brings_in_another_function_s_local_is_left():
    after = BEFORE.replace("WARN_ON(ret < 0);", "WARN_ON(ret < 0 && a->dev);")
    f = Found(2, "drivers/a.c", BEFORE, after, [Match(2, "drivers/a.c", "a_write", 17)])
    _, why = named_lines([f], ["a_write"], {(2, "drivers/a.c"): {"a_write"}})
    assert why == {"a_write": "the change would bring dev into a_write(), which does not have it"}


def test_added_functions_are_those_whose_header_the_patch_adds():
    assert added_functions(BEFORE, {12, 13, 14}) == {"a_write"}


@pytest.mark.parametrize("comment, words", [
    ("dev_dbg() please. Ditto for the error path.", "the error path"),
    ("Same in the remove callback.", "the remove callback"),
    ("Please use WARN_ON_ONCE(), and the same on the resume path too.", "the resume path"),
    ("dev_dbg() please. Same below for the error path.", ""),       # "same below" reaches it
    ("dev_dbg() please, and everywhere else on the error path.", ""),
    ("This is the error path, dev_err() please.", ""),
    ("Same in a_write().", ""),
    # another patch of the series: no rule carries it there
    ("nit: %#x so it reads as hex. Same in the next patch.", "the next patch"),
    ("Ditto in patch 3/4.", "patch 3/4"),
    ("Same for 2/3.", "2/3"),
    ("Likewise in the following patches.", "the following patches"),
    ("See patch 2 for why, dev_dbg() please.", ""),
])
def test_places_named_in_words(comment, words):
    assert unplaced(comment) == words
