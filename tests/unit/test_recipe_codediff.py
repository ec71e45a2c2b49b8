"""Reviewer-written code diffed against the quoted code: replace-code and replace-text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "drivers/misc/fifo.c"
TEXT = (DATA / "codediff_fifo.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _changed(before: str, after: str) -> list[str]:
    return [ln for ln in hunks(PATH, before, after) if ln[:1] in "+-"]


def test_substitution_without_closing_slash_in_a_file_scope_comment(tmp_path):
    s = sugg(PATH, "", [" * The watermark is kept below the depth so that a burst never overflows",
                        " * the fifo, this simplfy the refill path."], "s/simplfy/simplifies")
    s.quote = [ln for ln in TEXT.splitlines()[6:10]]
    after, rules, edits = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-text"), s.reason
    assert _changed(TEXT, after) == [" * the fifo, this simplfy the refill path.".join(["-", ""]),
                                     "+ * the fifo, this simplifies the refill path."]


def test_whitespace_only_snippet_reindents_just_those_lines(tmp_path):
    s = sugg(PATH, "fifo_setup", ["\tregs[0] = FIFO_DEPTH |", "\t\t\t\t\t\t\t  FIFO_DEPTH << 8;"],
             "Please align it like this:")
    s.code = ["regs[0] = FIFO_DEPTH |", "FIFO_DEPTH << 8;"]
    s.written = ["\tregs[0] = FIFO_DEPTH |", "\t\t  FIFO_DEPTH << 8;"]
    s.quote = ["static void fifo_setup(u32 *regs)", "{", "\tregs[0] = FIFO_DEPTH |",
               "\t\t\t\t\t\t\t  FIFO_DEPTH << 8;"]
    after, rules, edits = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-text"), s.reason
    assert _changed(TEXT, after) == ["-\t\t\t\t\t\t\t  FIFO_DEPTH << 8;", "+\t\t  FIFO_DEPTH << 8;"]


def test_snippet_with_a_name_of_another_suggestion_is_written_with_the_codes_name(tmp_path):
    s = sugg(PATH, "fifo_levels_show", ["\t\tlen += sysfs_emit_at(buf, len, \"\\n\");"],
             "No need to touch the length here, something like this will do:")
    s.code = ["if (count > 0)", "sysfs_emit_at(buf, count - 1, \"\\n\");"]
    s.written = ["if (count > 0)", "        sysfs_emit_at(buf, count - 1, \"\\n\");"]
    s.quote = ["\tif (len) {", "\t\tlen--;", "\t\tlen += sysfs_emit_at(buf, len, \"\\n\");"]
    after, rules, edits = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert _changed(TEXT, after) == ["-\tif (len) {", "-\t\tlen--;", "-\t\tlen += sysfs_emit_at(buf, len, \"\\n\");",
                                     "-\t}", "+\tif (len > 0)", "+\t\tsysfs_emit_at(buf, len - 1, \"\\n\");"]


def test_a_snippet_that_lines_up_with_nothing_stays_manual(tmp_path):
    s = sugg(PATH, "fifo_setup", ["\tregs[3] = 0;"], "This should rather be:")
    s.code = ["writel(val, base + FIFO_CTRL);"]
    s.quote = ["\tregs[3] = 0;"]
    pipeline(tmp_path, PATH, TEXT, [s])
    assert s.status == Status.MANUAL
    assert "lines up with none of the quoted statements" in s.reason


HEADER = ("/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef _LINUX_FIFO_H\n#define _LINUX_FIFO_H\n"
          "extern void fifo_reset(struct fifo *f);\nextern int fifo_level(struct fifo *f);\n"
          "extern int fifo_fill(struct fifo *f, const void *buf,\n\t\t     size_t len);\n#endif\n")


def test_no_need_for_extern_drops_it_from_the_prototype_the_patch_adds(tmp_path):
    s = sugg("include/linux/fifo.h", "", [" extern void fifo_reset(struct fifo *f);",
                                          "+extern int fifo_level(struct fifo *f);"],
             "No need for extern on a new prototype, the old ones just predate that.")
    s.anchor.lines = (4, 5)
    after, _, _ = pipeline(tmp_path, "include/linux/fifo.h", HEADER, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-text"), s.reason
    assert after == HEADER.replace("extern int fifo_level", "int fifo_level")


@pytest.mark.parametrize("decl", ["extern unsigned int fifo_debug;", "extern const u8 fifo_sizes[];",
                                  "extern void (*fifo_hook)(struct fifo *f);"])
def test_extern_on_a_variable_stays(tmp_path, decl):
    """Before: `extern unsigned int fifo_debug;` lost its extern and became a definition in every file
    that includes the header (a link error with -fno-common)."""
    text = HEADER.replace("int fifo_level(struct fifo *f);\n", "int fifo_level(struct fifo *f);\n" + decl + "\n")
    s = sugg("include/linux/fifo.h", "", ["+extern int fifo_level(struct fifo *f);", "+" + decl],
             "No need for extern on new declarations.")
    s.anchor.lines = (5, 6)
    after, _, _ = pipeline(tmp_path, "include/linux/fifo.h", text, [s])
    assert s.status == Status.MANUAL and "declares a variable" in s.reason, s.reason
    assert after == text


def test_extern_on_a_prototype_over_two_lines_is_manual(tmp_path):
    s = sugg("include/linux/fifo.h", "", ["+extern int fifo_fill(struct fifo *f, const void *buf,",
                                          "+\t\t     size_t len);"], "Please drop the extern.")
    s.anchor.lines = (6, 7)
    after, rules, _ = pipeline(tmp_path, "include/linux/fifo.h", HEADER, [s])
    assert s.status == Status.MANUAL and rules == [] and after == HEADER
    assert "continues on the next line" in s.reason


def test_extern_on_lines_the_patch_did_not_add_is_manual(tmp_path):
    s = sugg("include/linux/fifo.h", "", [" extern void fifo_reset(struct fifo *f);"], "Drop the extern.")
    s.anchor.lines = (4, 4)
    _, rules, _ = pipeline(tmp_path, "include/linux/fifo.h", HEADER, [s])
    assert s.status == Status.MANUAL and rules == []
    assert 'no quoted line the patch adds has "extern"' in s.reason


@pytest.mark.parametrize("comment", ["typo: simplfy -> simplifies", "simplfy => simplifies."])
def test_a_word_respelled_with_an_arrow_in_a_file_scope_comment(tmp_path, comment):
    s = sugg(PATH, "", [" * The watermark is kept below the depth so that a burst never overflows",
                        " * the fifo, this simplfy the refill path."], comment)
    s.quote = [ln for ln in TEXT.splitlines()[6:10]]
    after, rules, edits = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-text"), s.reason
    assert _changed(TEXT, after) == [" * the fifo, this simplfy the refill path.".join(["-", ""]),
                                     "+ * the fifo, this simplifies the refill path."]


def test_an_arrow_between_names_is_code_not_a_respelling():
    from cocci.recipes._evidence import respelled
    assert respelled("fifo->depth") is None and respelled("depth -> depth") is None
    assert respelled("Spelling: recieve \u2192 receive") == ("recieve", "receive")
