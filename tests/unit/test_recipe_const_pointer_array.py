"""const (file scope): an array of pointers to const data gets const pointers too, `const char *x[]`
-> `const char * const x[]`, in the reviewer's words or the declaration written out; nothing else."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/net/phy/qx-phy.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
#include <linux/phy.h>

static const char *qx_stat_names[] = {
	"phy_idle_errors",
	"phy_crc_errors",
};

static const struct qx_mode *qx_modes[4];

static char *qx_scratch[] = { "a", "b" };

static int qx_get_sset_count(struct phy_device *phydev)
{
	return ARRAY_SIZE(qx_stat_names);
}
"""


def run(tmp_path: Path, quoted: list[str], comment: str):
    s = sugg(PATH, "", quoted, comment, answer="Ok.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_declaration_written_out(tmp_path):
    s, after = run(tmp_path, ["+static const char *qx_stat_names[] = {"], "static const char * const")
    assert (s.kind, s.status) == ("const", Status.APPLIED), s.reason
    assert after == SRC.replace("static const char *qx_stat_names[]", "static const char * const qx_stat_names[]")


def test_in_words_and_a_struct_array_without_initializer(tmp_path):
    s, after = run(tmp_path, ["+static const struct qx_mode *qx_modes[4];"], "The pointers can be const as well.")
    assert (s.kind, s.status) == ("const", Status.APPLIED), s.reason
    assert after == SRC.replace("const struct qx_mode *qx_modes[4];", "const struct qx_mode * const qx_modes[4];")


def test_pointers_to_writable_data_are_left_alone(tmp_path):
    s, after = run(tmp_path, ["+static char *qx_scratch[] = { \"a\", \"b\" };"], "static const char * const")
    assert s.status != Status.APPLIED and after == SRC
