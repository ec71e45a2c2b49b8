"""kdoc-return: " * Returns ..." in a kernel-doc comment becomes " * Return: ..." when the reviewer asks for
kernel-doc's return section; a line outside a /** comment is left alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
/**
 * qx_read - read a register
 * @client: the client
 *
 * Returns the value or a negative error code.
 */
static int qx_read(struct i2c_client *client)
{
\treturn i2c_smbus_read_byte_data(client, 0);
}

/*
 * Returns nothing useful.
 */
"""


def run(tmp_path: Path, line: str, comment: str):
    n = SRC.splitlines().index(line) + 1
    s = sugg(PATH, None, ["+" + line], comment, answer="", lines=(n, n))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    return s, after


@pytest.mark.parametrize("comment", ['kernel-doc wants "Return:"', "Please use Return: here.",
                                     "The kernel-doc return section is spelled differently."])
def test_the_return_section_is_spelled_return_colon(tmp_path, comment):
    s, after = run(tmp_path, " * Returns the value or a negative error code.", comment)
    assert (s.kind, s.status) == ("kdoc-return", Status.APPLIED), s.reason
    assert after == SRC.replace(" * Returns the value", " * Return: the value")


def test_a_comment_that_is_no_kernel_doc_is_left_alone(tmp_path):
    s, after = run(tmp_path, " * Returns nothing useful.", "Return: please")
    assert s.kind != "kdoc-return" and after == SRC
