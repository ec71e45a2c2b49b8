"""cocci.pins: a line pin is dropped only where the pinned word already singles the place out, and the
rule without it makes the very same change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import combine, spatch
from cocci.pins import kept, loosened, on_lines, unpinned

SRC = """// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>

static int gizmo_reset(struct device *dev, int id)
{
\t/* gizmo_ack() is not called here: the reset acknowledges itself */
\tint err;

\terr = gizmo_write(dev, id, 0);
\tif (err)
\t\tgizmo_log(dev, "gizmo_ack() skipped: %d", err);
\tgizmo_log(dev, "reset %d", id);
\treturn err;
}

static void gizmo_stop(struct device *dev)
{
\tgizmo_log(dev, "stop");
}
"""


def rule(word: str, lines: list[int], arg: str = "es", metavar: str = "") -> str:
    cond = (f'p[0].line == "{lines[0]}"' if len(lines) == 1
            else f"p[0].line in ({', '.join(chr(34) + str(n) + chr(34) for n in lines)})")
    decl = f"{metavar}\n" if metavar else ""
    return (f"/// Use gizmo_trace() in gizmo_reset()\n//\n// Review: A Reviewer, on gizmo.c:gizmo_reset()\n\n"
            f"@rename@\nidentifier fn = gizmo_reset;\nexpression list {arg};\n{decl}"
            f"position p : script:python() {{ {cond} }};\n@@\n\n"
            f"fn(...) {{\n<...\n- {word}@p({arg})\n+ gizmo_trace({arg})\n...>\n}}\n")


def test_a_word_written_only_on_the_pinned_line_needs_no_pin():
    # gizmo_write is written once in gizmo_reset() (line 9); a comment naming it elsewhere does not count
    text = rule("gizmo_write", [9])
    out = unpinned(text, SRC)
    assert "script:python" not in out
    assert "- gizmo_write(es)\n+ gizmo_trace(es)" in out
    assert out.splitlines()[:4] == text.splitlines()[:4]          # the header stays


def test_a_word_also_written_on_other_lines_keeps_the_pin():
    # gizmo_log() is called on lines 11 and 12: the reviewer meant one of them
    text = rule("gizmo_log", [12])
    assert unpinned(text, SRC) == text


def test_all_the_lines_the_word_is_on_pinned_together():
    out = unpinned(rule("gizmo_log", [11, 12]), SRC)
    assert "script:python" not in out and "- gizmo_log(es)" in out


def test_other_functions_and_strings_do_not_count():
    # gizmo_ack appears in a comment and a string only: code-wise it is nowhere, so the pin stays (the rule
    # would match nothing either way, and the place the reviewer meant is not there)
    assert unpinned(rule("gizmo_ack", [6]), SRC) == rule("gizmo_ack", [6])
    # gizmo_log in gizmo_stop() is another function: only gizmo_reset()'s lines count
    src = SRC.replace('\tgizmo_log(dev, "reset %d", id);\n', "")
    assert "script:python" not in unpinned(rule("gizmo_log", [11]), src)


def test_a_metavariable_at_the_pin_keeps_it():
    # an expression metavariable matches anywhere: the line is the pin (a statement one, see below)
    text = ("@add@\nidentifier fn = gizmo_reset;\nexpression E;\n"
            'position p : script:python() { p[0].line == "9" };\n@@\n\n'
            "fn(...) {\n<...\n- E@p\n+ gizmo_trace(E)\n...>\n}\n")
    assert unpinned(text, SRC) == text


def test_a_function_that_is_not_there_keeps_the_pin():
    text = rule("gizmo_write", [9]).replace("fn = gizmo_reset", "fn = gizmo_start")
    assert unpinned(text, SRC) == text


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_rule_without_the_pin_makes_the_same_change(tmp_path: Path):
    pinned = rule("gizmo_write", [9])
    results = []
    for n, text in enumerate([pinned, unpinned(pinned, SRC)]):
        src = tmp_path / f"gizmo{n}.c"
        src.write_text(SRC)
        sp = tmp_path / f"rule{n}.cocci"
        sp.write_text(text)
        spatch.apply(sp, [src], in_place=True)
        results.append(src.read_text())
    assert results[0] == results[1] != SRC
    assert "\terr = gizmo_trace(dev, id, 0);\n" in results[1]


def test_a_pin_the_word_cannot_replace_is_loosened_for_a_shared_pass(tmp_path: Path):
    """gizmo_log() is called on lines 11 and 12: loosened, the rule changes both; the change on the
    pinned line alone is the pinned rule's result."""
    pinned = rule("gizmo_log", [12])
    loose = loosened(pinned)
    assert loose is not None and loose[1] == {12}
    assert "script:python" not in loose[0] and "- gizmo_log(es)\n+ gizmo_trace(es)" in loose[0]
    results = []
    for n, text in enumerate([pinned, loose[0]]):
        src = tmp_path / f"gizmo{n}.c"
        src.write_text(SRC)
        sp = tmp_path / f"rule{n}.cocci"
        sp.write_text(text)
        spatch.apply(sp, [src], in_place=True)
        results.append(src.read_text())
    hunks = combine.hunks(SRC, results[1])
    assert [on_lines(loose[1], h) for h in hunks] == [False, True]
    kept = [h for h in hunks if on_lines(loose[1], h)]
    assert combine.replay(SRC, results[1], kept) == results[0] != SRC


def test_only_a_replacement_at_the_pinned_word_is_loosened():
    assert loosened(rule("gizmo_log", [12]).replace("script:python", "script:ocaml")) is None
    # the pin on a metavariable: every statement would be a candidate
    statement = ("@add@\nidentifier fn = gizmo_reset;\nstatement S;\n"
                 'position p : script:python() { p[0].line == "10" };\n@@\n\n'
                 "fn(...) {\n<...\n+ gizmo_log(dev, \"again\");\nS@p\n...>\n}\n")
    assert loosened(statement) is None
    # a change that is not at the pinned word's line
    apart = rule("gizmo_log", [12]).replace("+ gizmo_trace(es)\n", "+ gizmo_trace(es)\n  return err;\n- err = 0;\n")
    assert loosened(apart) is None
    assert on_lines(frozenset({3}), combine.Hunk(2, 2, 2, 3)) is None      # an insertion
    assert on_lines(frozenset({3}), combine.Hunk(2, 4, 2, 3)) is None      # lines 3 and 4


def test_a_change_that_may_start_off_the_pinned_word_s_line_keeps_the_pin():
    cast = ("@drop_cast@\nidentifier fn = gizmo_reset;\nexpression e;\n"
            'position p : script:python() { p[0].line == "9" };\n@@\n\n'
            "fn(...) {\n<...\n- (long)e@p\n+ e\n...>\n}\n")
    assert loosened(cast) is None                      # the cast may sit on the line above e
    assert loosened(cast.replace("- (long)e@p\n+ e\n", "- e@p\n+ (long)e\n")) is not None
    walk = rule("gizmo_log", [12]).replace("<...\n", "...\n").replace("...>\n", "...\n")
    assert loosened(walk) is None                      # `... X ...` matches the first X only


def test_kept_is_the_change_on_every_pinned_line_or_none():
    on, off = combine.Hunk(11, 12, 11, 12), combine.Hunk(10, 11, 10, 11)    # lines 12 and 11
    assert kept(frozenset({12}), [off, on]) == [on]
    assert kept(frozenset({12, 13}), [off, on]) is None                     # line 13 not changed
    assert kept(frozenset({12}), [combine.Hunk(10, 12, 10, 11)]) is None    # lines 11-12 as one


LONG = """// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>

static int gizmo_reset(struct device *dev, int id)
{
\tint err;

\terr = gizmo_write(dev, id, 0);
\tif (err)
\t\tgizmo_log(dev,
\t\t\t  "reset of gizmo %d failed: %d",
\t\t\t  id, err);
\telse
\t\tgizmo_write(dev, id, 1);
\tgizmo_log(dev, "reset %d", id);
\treturn err;
}
"""


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch (coccinelle) is not installed")
@pytest.mark.parametrize("new", ["gizmo_trace", "gizmo_log_ratelimited"])
def test_a_call_pinned_on_its_first_line_keeps_the_lines_it_goes_on_to(tmp_path: Path, new: str):
    """gizmo_log() on lines 10-12, pinned on line 10 (the line the reviewer quoted): spatch prints the
    call anew on all three lines.  Before, only the change on line 10 was kept, which left the old
    arguments below the new first line (code that does not compile) and the rule failed."""
    pinned = rule("gizmo_log", [10]).replace("gizmo_trace", new)
    loose = loosened(pinned)
    assert loose is not None and loose[1] == {10}
    results = []
    for n, text in enumerate([pinned, loose[0]]):
        src = tmp_path / f"gizmo{n}.c"
        src.write_text(LONG)
        sp = tmp_path / f"rule{n}.cocci"
        sp.write_text(text)
        spatch.apply(sp, [src], in_place=True)
        results.append(src.read_text())
    hunks = combine.hunks(LONG, results[1])
    mine = kept(loose[1], hunks, LONG)
    assert mine is not None and combine.replay(LONG, results[1], mine) == results[0] != LONG
    before = kept(loose[1], hunks)       # the pinned lines alone: the arguments below are another's change
    assert before is None or combine.replay(LONG, results[1], before) != results[0]


def test_continued_lines():
    from cocci.pins import continued
    assert continued(LONG, frozenset({10})) == {10, 11, 12}
    assert continued(LONG, frozenset({15})) == {15}       # a call on one line
    assert continued(LONG, frozenset({12})) == {12}       # the last line of a call opens nothing


def comment_rule(line: int) -> str:
    return ("@add_comment@\nidentifier fn = gizmo_reset;\nstatement S;\n"
            f'position p : script:python() {{ p[0].line == "{line}" }};\n@@\n\n'
            "fn(...) {\n<...\n+/* checked below */\nS@p\n...>\n}\n")


def test_a_statement_pin_is_written_as_the_statement():
    """`S@p` pinned to a line becomes the code of the statement there, when that code is once in the
    function; the isomorphisms that would let it match other code are off."""
    assert unpinned(comment_rule(9), SRC) == (
        "@add_comment disable zero_multiple_format@\nidentifier fn = gizmo_reset;\n@@\n\n"
        "fn(...) {\n<...\n+/* checked below */\n\terr = gizmo_write(dev, id, 0);\n...>\n}\n")
    # an if by its head, its body left to the metavariable; the operators it writes as written too
    neg = unpinned(comment_rule(10), SRC.replace("\tif (err)\n", "\tif (!err)\n"))
    assert neg.splitlines()[0] == ("@add_comment disable not_int2, not_ptr2, neg_if, ne_if, drop_else, "
                                   "not_int1, not_ptr1@")
    assert unpinned(comment_rule(10), SRC) == (
        "@add_comment disable not_int2, not_ptr2, neg_if, ne_if, drop_else@\nidentifier fn = gizmo_reset;\n"
        "statement S;\n@@\n\nfn(...) {\n<...\n+/* checked below */\n\tif (err) S\n...>\n}\n")


def test_a_statement_written_twice_or_with_an_else_keeps_its_pin():
    twice = SRC.replace("\treturn err;\n", "\terr = gizmo_write(dev, id, 0);\n\treturn err;\n")
    assert unpinned(comment_rule(9), twice) == comment_rule(9)
    with_else = SRC.replace('\t\tgizmo_log(dev, "gizmo_ack() skipped: %d", err);\n',
                            '\t\tgizmo_log(dev, "gizmo_ack() skipped: %d", err);\n\telse\n\t\terr = 1;\n')
    assert unpinned(comment_rule(10), with_else) == comment_rule(10)
    # a continuation line starts no statement; a declaration is no statement
    assert unpinned(comment_rule(7), SRC) == comment_rule(7)
    src = SRC.replace("\terr = gizmo_write(dev, id, 0);\n", "\terr = gizmo_write(dev,\n\t\t\t  id, 0);\n")
    assert unpinned(comment_rule(10), src) == comment_rule(10)


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
@pytest.mark.parametrize("line", [9, 10, 12, 13])
def test_the_statement_written_out_makes_the_pinned_change(tmp_path: Path, line: int):
    pinned = comment_rule(line)
    results = []
    for n, text in enumerate([pinned, unpinned(pinned, SRC)]):
        src = tmp_path / f"gizmo{n}.c"
        src.write_text(SRC)
        sp = tmp_path / f"rule{n}.cocci"
        sp.write_text(text)
        spatch.apply(sp, [src], in_place=True)
        results.append(src.read_text())
    assert "script:python" not in unpinned(pinned, SRC)
    lines = SRC.splitlines(keepends=True)
    assert results[0] == results[1] == "".join(lines[:line - 1] + ["\t/* checked below */\n"] + lines[line - 1:])


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_a_written_out_statement_matches_as_written_only(tmp_path: Path):
    """With ptr_to_array on, `p->len = 0;` would also match `p[1].len = 0;`: the rule turns it off."""
    src = ("void f(struct buf *p)\n{\n\tp[1].len = 0;\n\tp->len = 0;\n}\n")
    text = comment_rule(4).replace("gizmo_reset", "f")
    out = unpinned(text, src)
    assert "ptr_to_array" in out.splitlines()[0] and "script:python" not in out
    c = tmp_path / "f.c"
    c.write_text(src)
    (tmp_path / "r.cocci").write_text(out)
    spatch.apply(tmp_path / "r.cocci", [c], in_place=True)
    assert c.read_text() == src.replace("\tp->len", "\t/* checked below */\n\tp->len")


def test_code_smpl_reads_otherwise_keeps_the_pin():
    # a macro's loop without braces, a cast, a macro next to a string, a line starting with `-`
    for code in ("\tlist_for_each_entry(g, &gizmos, node)\n\t\tgizmo_log(dev, \"x\", id);\n",
                 "\terr = (int)gizmo_write(dev, id, 0);\n",
                 "\tgizmo_log(dev, GIZMO_NAME \": reset\", id);\n",
                 "\terr = gizmo_write(dev, id,\n-1);\n"):            # a line SmPL reads as a `-` line
        src = SRC.replace("\terr = gizmo_write(dev, id, 0);\n", code)
        assert unpinned(comment_rule(9), src) == comment_rule(9), code
