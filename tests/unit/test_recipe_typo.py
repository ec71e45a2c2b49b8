"""A typo named without its correction ("Typo.", "spelling", "typo: recieve") under a comment or a
string: the one word of the quoted lines the tree's scripts/spelling.txt lists is corrected, every time
it stands there; no list, no listed word, or several, is manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status, Suggestion
from patches.msgfix import spelling_list
from tests.unit.kinds_support import sugg

SPELLING = """\
# the kernel's format: misspelling||correction
recieve||receive
succesfully||successfully
seperate||separate
"""
PATH = "drivers/misc/qx.c"
SRC = """\
/* Recieve buffer size, recieve side only */
#define QX_RX_SIZE 64

static int qx_probe(struct qx *q)
{
\t/* seperate the succesfully set up queues */
\tqx_init(q);
\tdev_info(q->dev, "succesfully probed\\n");
\treturn 0;
}
"""


def run(tmp_path: Path, fn: str, line: str, comment: str, listed: str | None = SPELLING) -> tuple[Suggestion, str]:
    n = SRC.splitlines().index(line) + 1
    s = sugg(PATH, fn, ["+" + line], comment, answer="", lines=(n, n))
    s.quote = [line]
    ctx = CodeContext(PATH, SRC, fn, {PATH: SRC}, [(s.id, s.quoted)],
                      tree_read=lambda p: listed if p == "scripts/spelling.txt" else None)
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {PATH: SRC}, tmp_path)
    return s, files[PATH]


def test_the_listed_word_of_a_string_is_corrected(tmp_path):
    s, after = run(tmp_path, "qx_probe", '\tdev_info(q->dev, "succesfully probed\\n");', "Typo.")
    assert (s.kind, s.status, s.summary) == ("replace-text", Status.APPLIED,
                                             "Correct succesfully to successfully in qx_probe()")
    assert after == SRC.replace('"succesfully probed', '"successfully probed')


def test_every_case_of_the_word_in_a_comment_outside_functions(tmp_path):
    s, after = run(tmp_path, "", "/* Recieve buffer size, recieve side only */", "spelling")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("Recieve buffer size, recieve side", "Receive buffer size, receive side")


def test_the_word_the_comment_names_of_two(tmp_path):
    s, after = run(tmp_path, "qx_probe", "\t/* seperate the succesfully set up queues */", "typo: seperate")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("/* seperate the", "/* separate the")


@pytest.mark.parametrize("line, comment, listed", [
    ("\t/* seperate the succesfully set up queues */", "Two typos here.", SPELLING),   # which one: not said
    ("\tqx_init(q);", "typo", SPELLING),                                             # no listed word
    ('\tdev_info(q->dev, "succesfully probed\\n");', "Typo.", None),                # no list in the tree
])
def test_what_the_list_does_not_settle_is_manual(tmp_path, line, comment, listed):
    s, after = run(tmp_path, "qx_probe", line, comment, listed)
    assert s.status != Status.APPLIED and after == SRC


def test_the_list_reads_as_checkpatch_reads_it():
    assert spelling_list(SPELLING) == {"recieve": "receive", "succesfully": "successfully", "seperate": "separate"}


def _sed(tmp_path: Path, line: str, code: str) -> tuple[list[Suggestion], str]:
    """The reviewer's `s/old/new/` under LINE of qx_probe(), written as code."""
    n = SRC.splitlines().index(line) + 1
    s = sugg(PATH, "qx_probe", ["+" + line], "", answer="", lines=(n, n))
    s.code = s.written = [code]
    ctx = CodeContext(PATH, SRC, "qx_probe", {PATH: SRC}, [(s.id, s.quoted)])
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {PATH: SRC}, tmp_path)
    return [s], files[PATH]


def test_a_sed_inside_a_string_is_one_edit_not_two(tmp_path):
    [s], after = _sed(tmp_path, '\tdev_info(q->dev, "succesfully probed\\n");', "s/succesfully probed/probed/")
    assert (s.kind, s.status) == ("replace-text", Status.APPLIED), s.reason
    assert after == SRC.replace('"succesfully probed\\n"', '"probed\\n"')


def test_a_sed_over_code_and_text_of_a_line_is_replace_codes(tmp_path):
    [s], after = _sed(tmp_path, '\tdev_info(q->dev, "succesfully probed\\n");', "s/dev_info/dev_dbg/")
    assert (s.kind, s.status) == ("replace-code", Status.APPLIED), s.reason
    assert after == SRC.replace('dev_info(q->dev, "succ', 'dev_dbg(q->dev, "succ')
