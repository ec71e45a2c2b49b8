"""initializer-comma: the trailing comma of a list's last entry, no comma after its terminator, and a
missing terminator of an ID table -- each on the quoted entry only, manual where the quote is no such
entry."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/hwmon/qx.c"
SRC = """\
static const struct i2c_device_id qx_id[] = {
\t{ "qx100", 0 },
\t{ "qx200", 0 }
};

static const struct of_device_id qx_of_match[] = {
\t{ .compatible = "acme,qx100" },
\t{ },
};

static const struct hwmon_ops qx_ops = {
\t.is_visible = qx_is_visible,
\t.read = qx_read
};

static int qx_probe(struct i2c_client *client)
{
\tif (client->irq) {
\t\tqx_irq(client);
\t}
\treturn 0;
}
"""


def run(tmp_path: Path, fn: str, line: str, comment: str) -> tuple[Suggestion, str]:
    n = SRC.splitlines().index(line) + 1
    s = sugg(PATH, fn, ["+" + line], comment, answer="", lines=(n, n))
    s.quote = [line]
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("line", ['\t{ "qx200", 0 }', "\t.read = qx_read"])
@pytest.mark.parametrize("comment", ["Please add a trailing comma here.", "Missing comma, so that the next entry "
                                     "is a one-line change."])
def test_a_trailing_comma_after_the_last_entry(tmp_path, line, comment):
    s, after = run(tmp_path, "", line, comment)
    assert (s.kind, s.status) == ("initializer-comma", Status.APPLIED), s.reason
    assert after == SRC.replace(line + "\n", line + ",\n")


@pytest.mark.parametrize("comment", ["No comma after the sentinel, please.",
                                     "Drop the comma, nothing can come after the terminator.",
                                     "The terminator entry doesn't need a trailing comma."])
def test_no_comma_after_the_terminator(tmp_path, comment):
    s, after = run(tmp_path, "", "\t{ },", comment)
    assert (s.kind, s.status) == ("initializer-comma", Status.APPLIED), s.reason
    assert after == SRC.replace("\t{ },\n", "\t{ }\n")


def test_a_missing_terminator_is_added_as_the_file_spells_it(tmp_path):
    s, after = run(tmp_path, "", '\t{ "qx200", 0 }', "Missing sentinel.")
    assert (s.kind, s.status) == ("initializer-comma", Status.APPLIED), s.reason
    assert after == SRC.replace('\t{ "qx200", 0 }\n', '\t{ "qx200", 0 },\n\t{ },\n')


def test_a_terminator_only_for_an_id_table(tmp_path):
    s, after = run(tmp_path, "", "\t.read = qx_read", "Missing terminator?")
    assert s.status == Status.MANUAL and "`*_device_id` table only" in s.reason and after == SRC


def test_a_comma_is_asked_for_the_last_entry_only(tmp_path):
    s, after = run(tmp_path, "", "\t.is_visible = qx_is_visible,", "Add a trailing comma.")
    assert s.status == Status.MANUAL and "ends in a comma" in s.reason and after == SRC


def test_a_block_in_a_function_is_no_list(tmp_path):
    s, after = run(tmp_path, "qx_probe", "\t}", "missing comma")
    assert s.kind != "initializer-comma" and after == SRC


@pytest.mark.parametrize("table, comment, old, new", [
    ("qx_of_match", "Drop the comma after the terminator.", "\t{ },\n};", "\t{ }\n};"),
    ("qx_ops", "Please add a trailing comma.", "\t.read = qx_read\n};", "\t.read = qx_read,\n};"),
])
def test_the_whole_table_quoted_is_about_its_last_entry(tmp_path, table, comment, old, new):
    """The table quoted from its header to its closing `};`: the entry meant is the one above the `};` (the
    closing line was taken for it, "no terminating entry with a comma after it")."""
    lines = SRC.splitlines()
    first = next(i for i, ln in enumerate(lines) if f" {table}" in ln)
    last = lines.index("};", first)
    quoted = ["+" + ln for ln in lines[first:last + 1]]
    s = sugg(PATH, "", quoted, comment, answer="", lines=(first + 1, last + 1))
    s.quote = [q[1:] for q in quoted]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status, s.reason) == ("initializer-comma", Status.APPLIED, "")
    assert after == SRC.replace(old, new)
