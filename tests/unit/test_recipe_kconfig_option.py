"""kconfig-option: "Missing || COMPILE_TEST", "please add select REGMAP_I2C", "needs depends on OF" in
words under a Kconfig entry: the line changed or added in that entry only."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

KCONFIG = "drivers/hwmon/Kconfig"
SRC = """\
config SENSORS_QX100
\ttristate "Acme QX100 sensor"
\tdepends on I2C
\thelp
\t  Say Y here.

config SENSORS_QX200
\ttristate "Acme QX200 sensor"
\tdepends on ARCH_ACME
\tselect REGMAP_I2C
\thelp
\t  If you say yes here you get support for the QX200.

config SENSORS_QX300
\ttristate "Acme QX300 sensor"
\tdepends on I2C && OF
"""


def run(tmp_path, quoted: list[str], comment: str, text: str = SRC, at: int = 0):
    lines = text.splitlines()
    first = at or next(i for i in range(len(lines)) if lines[i:i + len(quoted)] == quoted) + 1
    s = sugg(KCONFIG, "", ["+" + q for q in quoted], comment, answer="", lines=(first, first + len(quoted) - 1))
    after, _, _ = pipeline(tmp_path, KCONFIG, text, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Missing || COMPILE_TEST", "Please allow COMPILE_TEST here."])
def test_compile_test_joins_the_one_depends_line(tmp_path, comment):
    s, after = run(tmp_path, ["\tdepends on ARCH_ACME"], comment)
    assert (s.kind, s.status) == ("kconfig-option", Status.APPLIED), s.reason
    assert after == SRC.replace("depends on ARCH_ACME", "depends on ARCH_ACME || COMPILE_TEST")


def test_compile_test_on_an_and_is_manual(tmp_path):
    s, after = run(tmp_path, ["\tdepends on I2C && OF"], "|| COMPILE_TEST please")
    assert s.status == Status.MANUAL and "more than symbols joined by ||" in s.reason and after == SRC


def test_a_select_goes_under_the_entrys_last_select(tmp_path):
    s, after = run(tmp_path, ["\tdepends on ARCH_ACME"], "Missing select IIO_BUFFER, you use a buffer.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\tselect REGMAP_I2C\n", "\tselect REGMAP_I2C\n\tselect IIO_BUFFER\n")


def test_a_select_of_an_entry_without_one_goes_under_its_depends(tmp_path):
    s, after = run(tmp_path, ["\ttristate \"Acme QX100 sensor\""], "Please add select REGMAP_I2C.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\tdepends on I2C\n\thelp", "\tdepends on I2C\n\tselect REGMAP_I2C\n\thelp")


def test_a_select_the_entry_has_or_a_refusal_changes_nothing(tmp_path):
    s, after = run(tmp_path, ["\tdepends on ARCH_ACME"], "This needs select REGMAP_I2C.")
    assert s.status == Status.MANUAL and "has `select REGMAP_I2C` already" in s.reason and after == SRC
    s, after = run(tmp_path, ["\tdepends on ARCH_ACME"], "Don't select IIO_BUFFER here, please.")
    assert s.status != Status.APPLIED and after == SRC


@pytest.mark.parametrize("comment", ["COMPILE_TEST is pointless here, it builds everywhere anyway.",
                                     "This already gets COMPILE_TEST coverage through ARCH_ACME."])
def test_compile_test_named_without_asking_for_it_changes_nothing(tmp_path, comment):
    s, after = run(tmp_path, ["\tdepends on ARCH_ACME"], comment)
    assert s.kind != "kconfig-option" and s.status != Status.APPLIED and after == SRC


def test_help_text_that_begins_a_line_with_depends_on_is_no_depends_line(tmp_path):
    text = SRC.replace("\t  Say Y here.",
                       "\t  The chip sits behind the board controller: this driver\n\t  depends on MFD_ACME")
    text = text.replace("\tdepends on I2C\n\thelp", "\tselect REGMAP_I2C\n\thelp")
    s, after = run(tmp_path, ["\ttristate \"Acme QX100 sensor\""], "Missing || COMPILE_TEST", text=text)
    assert s.status == Status.MANUAL and "no one `depends on` line to add COMPILE_TEST to" in s.reason
    assert after == text
