"""sort-lines: "Keep the list sorted." under what a patch adds to a Makefile's obj- lines, a Kconfig
menu, MAINTAINERS' sections or one section's F: lines: the new item moves to the one place it sorts
into; a list with no such one place is manual."""
from __future__ import annotations

import pytest

from cocci.recipes.sort_lines import Item, place
from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

MAKEFILE = "drivers/iio/adc/Makefile"
MSRC = """\
# SPDX-License-Identifier: GPL-2.0
obj-$(CONFIG_AD7091R) += ad7091r-base.o
obj-$(CONFIG_AD7124) += ad7124.o
obj-$(CONFIG_QX200) += qx200.o
obj-$(CONFIG_MAX1027) += max1027.o
obj-$(CONFIG_MCP3422) += mcp3422.o
obj-$(CONFIG_TI_ADS1015) += ti-ads1015.o
"""
KCONFIG = "drivers/iio/adc/Kconfig"
KSRC = """\
menu "Analog to digital converters"

config AD7124
\ttristate "AD7124 ADC"
\thelp
\t  Say Y here.

config QX200
\ttristate "Acme QX200 ADC"
\thelp
\t  Say Y here for the QX200.

config MAX1027
\ttristate "MAX1027 ADC"

config TI_ADS1015
\ttristate "ADS1015 ADC"

endmenu
"""
MAINT = """\
ACME QX100 DRIVER
M:\tJo Maintainer <jo@example.org>
F:\tdrivers/iio/adc/qx100.c

ACME QX200 DRIVER
M:\tJo Maintainer <jo@example.org>
F:\tdrivers/iio/adc/qx200.c
F:\tDocumentation/iio/qx200.rst
F:\tDocumentation/devicetree/bindings/iio/adc/acme,qx200.yaml

ACME QX300 DRIVER
M:\tJo Maintainer <jo@example.org>
F:\tdrivers/iio/adc/qx300.c
"""


def run(tmp_path, path: str, text: str, quoted: list[str], comment: str):
    lines = text.splitlines()
    first = next(i for i in range(len(lines)) if lines[i:i + len(quoted)] == quoted) + 1
    s = sugg(path, "", ["+" + q for q in quoted], comment, answer="", lines=(first, first + len(quoted) - 1))
    after, _, _ = pipeline(tmp_path, path, text, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Keep the list sorted.", "The Makefile is in alphabetical order, please.",
                                     "Keep it ordered."])
def test_the_new_obj_line_moves_to_its_sorted_place(tmp_path, comment):
    s, after = run(tmp_path, MAKEFILE, MSRC, ["obj-$(CONFIG_QX200) += qx200.o"], comment)
    assert (s.kind, s.status) == ("sort-lines", Status.APPLIED), s.reason
    assert after == MSRC.replace("obj-$(CONFIG_QX200) += qx200.o\n", "").replace(
        "obj-$(CONFIG_TI_ADS1015)", "obj-$(CONFIG_QX200) += qx200.o\nobj-$(CONFIG_TI_ADS1015)")


def test_the_new_kconfig_entry_moves_whole_with_its_blank_line(tmp_path):
    s, after = run(tmp_path, KCONFIG, KSRC, ["config QX200"], "Please keep the entries sorted alphabetically.")
    assert s.status == Status.APPLIED, s.reason
    entry = "config QX200\n\ttristate \"Acme QX200 ADC\"\n\thelp\n\t  Say Y here for the QX200.\n\n"
    assert after == KSRC.replace(entry, "").replace("config TI_ADS1015", entry + "config TI_ADS1015")


def test_the_f_lines_of_a_section_are_sorted(tmp_path):
    s, after = run(tmp_path, "MAINTAINERS", MAINT,
                   ["F:\tdrivers/iio/adc/qx200.c", "F:\tDocumentation/iio/qx200.rst"], "Keep the F: entries sorted.")
    assert s.status == Status.APPLIED, s.reason
    assert after == MAINT.replace(
        "F:\tdrivers/iio/adc/qx200.c\nF:\tDocumentation/iio/qx200.rst\n"
        "F:\tDocumentation/devicetree/bindings/iio/adc/acme,qx200.yaml\n",
        "F:\tDocumentation/devicetree/bindings/iio/adc/acme,qx200.yaml\nF:\tDocumentation/iio/qx200.rst\n"
        "F:\tdrivers/iio/adc/qx200.c\n")


def test_a_new_section_goes_to_its_place(tmp_path):
    text = MAINT.replace("ACME QX100 DRIVER", "ACME QX400 DRIVER")
    s, after = run(tmp_path, "MAINTAINERS", text, ["ACME QX400 DRIVER"], "MAINTAINERS is sorted alphabetically.")
    assert s.status == Status.APPLIED, s.reason
    first, rest = text.split("\n\n", 1)
    assert after == rest.rstrip("\n") + "\n\n" + first + "\n"


def test_an_item_in_its_place_already_or_a_list_of_no_one_place_is_manual(tmp_path):
    text = MSRC.replace("obj-$(CONFIG_QX200) += qx200.o\n", "")
    s, after = run(tmp_path, MAKEFILE, text, ["obj-$(CONFIG_MAX1027) += max1027.o"], "Keep the list sorted.")
    assert s.status == Status.MANUAL and "sorted place already" in s.reason and after == text
    shuffled = MSRC.replace("obj-$(CONFIG_AD7124) += ad7124.o\n", "").replace(
        "obj-$(CONFIG_TI_ADS1015)", "obj-$(CONFIG_AD7124) += ad7124.o\nobj-$(CONFIG_TI_ADS1015)")
    s, after = run(tmp_path, MAKEFILE, shuffled, ["obj-$(CONFIG_AD7124) += ad7124.o"], "Keep it sorted")
    assert s.status == Status.APPLIED, s.reason          # the one place: after AD7091R
    text = "".join(f"obj-$(CONFIG_{k}) += {k.lower()}.o\n" for k in "DNMEO")
    s, after = run(tmp_path, MAKEFILE, text, ["obj-$(CONFIG_M) += m.o"], "Keep it sorted")
    assert s.status == Status.MANUAL and "no one place" in s.reason and after == text


def test_place_is_the_only_gap_that_fits():
    items = [Item(n, [k], 0, k) for n, k in enumerate(["A", "C", "Q", "D", "E"])]
    assert place(items, 2) == 4
    items = [Item(n, [k], 0, k) for n, k in enumerate(["D", "N", "M", "E", "O"])]
    assert place(items, 2) is None          # after D or after E
    # CONFIG_MAX31827 out of place among the CONFIG_SENSORS_* lines: the place among its like wins
    keys = ["SENSORS_AT", "SENSORS_AZ", "MAX31827", "SENSORS_MC", "SENSORS_AX"]
    assert place([Item(n, [k], 0, k) for n, k in enumerate(keys)], 4) == 1


@pytest.mark.parametrize("comment", ["No need to keep this sorted, the rest of the Makefile isn't either.",
                                     "Don't bother sorting, I'll fix the whole list later.",
                                     "Order doesn't matter here.",
                                     "These aren't really sorted anyway, fine as is."])
def test_order_waved_away_moves_nothing(tmp_path, comment):
    s, after = run(tmp_path, MAKEFILE, MSRC, ["obj-$(CONFIG_QX200) += qx200.o"], comment)
    assert s.kind != "sort-lines" and s.status != Status.APPLIED and after == MSRC
