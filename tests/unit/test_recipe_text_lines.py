"""text-lines: the reviewer's lines, "Drop" and blank-line requests on the lines of a Kconfig file, a
Makefile, MAINTAINERS, a binding's YAML and reST, as text edits of the quoted lines only; what would
leave the file ill-formed is manual, saying why."""
from __future__ import annotations

import pytest

from cocci.recipes.text_lines import drop_object
from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

BINDING = "Documentation/devicetree/bindings/iio/adc/acme,qx200.yaml"
YAML = """\
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
%YAML 1.2
---
$id: http://devicetree.org/schemas/iio/adc/acme,qx200.yaml#
$schema: http://devicetree.org/meta-schemas/core.yaml#

title: Acme QX200 ADC

properties:
  compatible:
    const: acme,qx200

  reg:
    maxItems: 2
    description: The bus address.

  interrupts:
    maxItems: 1
  vdd-supply:
    description:
      The supply of the converter.

  acme,average:
    $ref: /schemas/types.yaml#/definitions/uint32
    default: 1


required:
  - compatible
  - reg

additionalProperties: false
"""
KCONFIG = "drivers/iio/adc/Kconfig"
KSRC = """\
config QX100
\ttristate "Acme QX100 ADC"
\tdepends on I2C
\thelp
\t  Say Y here for the QX100.

config QX200
\ttristate "Acme QX200 ADC"
\tdepends on I2C
\tselect REGMAP_I2C
\tdefault y
\thelp
\t  Say yes here to build support for the Acme QX200
\t  with its internal refrence.

\t  The module will be called qx200.

config QX300
\ttristate "Acme QX300 ADC"
\tdepends on SPI
\thelp
\t  Say Y here for the QX300.
"""
MAINT = """\
ACME QX100 DRIVER
M:\tJo Maintainer <jo@example.org>
S:\tMaintained
F:\tdrivers/iio/adc/qx100.c

ACME QX200 DRIVER
M:\tJo Maintainer <jo@example.org>
S:\tMaintained
W:\thttps://example.org/qx200
F:\tdrivers/iio/adc/qx200.c
ACME QX300 DRIVER
M:\tJo Maintainer <jo@example.org>
S:\tMaintained
F:\tdrivers/iio/adc/qx300.c
"""


def run(tmp_path, path: str, text: str, quoted: list[str], comment: str, written: list[str] | None = None,
        at: int = 0):
    lines = text.splitlines()
    first = at or next(i for i in range(len(lines)) if lines[i:i + len(quoted)] == quoted) + 1
    s = sugg(path, "", ["+" + q for q in quoted], comment, answer="",
             lines=(first, first + len(quoted) - 1))
    if written:
        s.written, s.code = written, [w.strip() for w in written]
    after, _, _ = pipeline(tmp_path, path, text, [s])
    return s, after


def test_the_reviewers_line_replaces_the_quoted_line_of_its_kind(tmp_path):
    s, after = run(tmp_path, KCONFIG, KSRC, ["\tselect REGMAP_I2C", "\tdefault y"], "",
                   ["\tdefault n"], at=10)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == KSRC.replace("\tdefault y\n", "\tdefault n\n")


def test_a_depends_line_written_out_with_compile_test(tmp_path):
    s, after = run(tmp_path, KCONFIG, KSRC, ["\tdepends on I2C", "\tselect REGMAP_I2C"], "",
                   ["\tdepends on I2C || COMPILE_TEST"])
    assert s.status == Status.APPLIED, s.reason
    assert after == KSRC.replace("\tdepends on I2C\n\tselect", "\tdepends on I2C || COMPILE_TEST\n\tselect")


def test_a_yaml_value_written_under_its_key_and_a_maintainers_field(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["    maxItems: 2"], "", ["    maxItems: 1"])
    assert s.status == Status.APPLIED and after == YAML.replace("maxItems: 2", "maxItems: 1")
    s, after = run(tmp_path, "MAINTAINERS", MAINT, ["S:\tMaintained", "W:\thttps://example.org/qx200"], "",
                   ["S:\tSupported"])
    assert s.status == Status.APPLIED
    assert after == MAINT.replace("S:\tMaintained\nW:", "S:\tSupported\nW:")


def test_a_line_of_another_kind_or_indentation_replaces_nothing(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["    const: acme,qx200"], "",
                   ["    enum:", "      - acme,qx200", "      - acme,qx201"])
    assert s.status != Status.APPLIED and after == YAML
    s, after = run(tmp_path, BINDING, YAML, ["    maxItems: 2"], "", ["  maxItems: 1"])
    assert s.status != Status.APPLIED and after == YAML


@pytest.mark.parametrize("comment", ["Drop.", "Drop, the default is obvious.", "Not needed.", "Drop this"])
def test_drop_takes_exactly_the_quoted_lines(tmp_path, comment):
    s, after = run(tmp_path, BINDING, YAML, ["    default: 1"], comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == YAML.replace("    default: 1\n", "")


def test_drop_of_a_whole_property_takes_its_blank_line_along(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["  reg:", "    maxItems: 2", "    description: The bus address."],
                   "Drop")
    assert s.status == Status.APPLIED, s.reason
    assert after == YAML.replace("  reg:\n    maxItems: 2\n    description: The bus address.\n\n", "")


def test_drop_naming_one_key_of_the_quote_takes_that_node(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["  reg:", "    maxItems: 2", "    description: The bus address."],
                   "Drop description, it is obvious.")
    assert s.status == Status.APPLIED, s.reason
    assert after == YAML.replace("    description: The bus address.\n", "")


@pytest.mark.parametrize(("quoted", "why"), [
    (["  reg:"], "`maxItems: 2` below belongs to the quoted lines"),
    (["      The supply of the converter."], "is not a key or a list item"),
])
def test_a_yaml_drop_that_breaks_the_structure_is_manual(tmp_path, quoted, why):
    s, after = run(tmp_path, BINDING, YAML, quoted, "Drop")
    assert s.status == Status.MANUAL and after == YAML
    assert "would leave it ill-formed" in s.reason and why in s.reason


@pytest.mark.parametrize("comment", ["Drop description, it's obvious.", "Drop the description, this is obvious."])
def test_a_binding_property_left_without_constraints_becomes_true(tmp_path, comment):
    s, after = run(tmp_path, BINDING, YAML, ["  vdd-supply:", "    description:", "      The supply of the converter."],
                   comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == YAML.replace("  vdd-supply:\n    description:\n      The supply of the converter.\n",
                                 "  vdd-supply: true\n")


def test_a_key_left_without_a_value_outside_a_bindings_properties_is_manual(tmp_path):
    other = "Documentation/netlink/specs/acme.yaml"
    s, after = run(tmp_path, other, YAML, ["    description:", "      The supply of the converter."], "Drop")
    assert s.status == Status.MANUAL and after == YAML
    assert "`vdd-supply:` would be left without a value" in s.reason


@pytest.mark.parametrize("comment", ['Drop "ADC".', "Drop ADC"])
def test_a_word_of_a_bindings_title_is_dropped(tmp_path, comment):
    s, after = run(tmp_path, BINDING, YAML, ["title: Acme QX200 ADC"], comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == YAML.replace("title: Acme QX200 ADC\n", "title: Acme QX200\n")


def test_a_word_dropped_from_a_value_that_is_no_prose_is_manual(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["  compatible:", "    const: acme,qx200"], 'Drop "qx200"')
    assert s.status != Status.APPLIED and after == YAML


def test_a_kconfig_drop_keeps_the_entry_whole(tmp_path):
    s, after = run(tmp_path, KCONFIG, KSRC, ["\tdefault y"], "Drop. Drivers are not enabled by default.")
    assert s.status == Status.APPLIED and after == KSRC.replace("\tdefault y\n", "")
    s, after = run(tmp_path, KCONFIG, KSRC, ["\thelp"], "Drop")
    assert s.status == Status.MANUAL and "`help` holds the entry together" in s.reason and after == KSRC
    s, after = run(tmp_path, KCONFIG, KSRC, ["\ttristate \"Acme QX200 ADC\""], "Not needed.")
    assert s.status == Status.MANUAL and after == KSRC


def test_drop_under_a_line_the_patch_changes_is_not_taken(tmp_path):
    s = sugg(KCONFIG, "", ["-\tdepends on I2C", "+\tdepends on I2C && OF"], "Drop", answer="", lines=(9, 9))
    after, _, _ = pipeline(tmp_path, KCONFIG, KSRC.replace("\tdepends on I2C\n\tselect", "\tdepends on I2C && OF\n"
                                                                                        "\tselect"), [s])
    assert s.status != Status.APPLIED and "&& OF" in after


def test_missing_blank_line_goes_where_the_layout_puts_one(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["  interrupts:", "    maxItems: 1"], "Missing blank line.")
    assert s.status == Status.APPLIED, s.reason
    assert after == YAML.replace("    maxItems: 1\n  vdd-supply:", "    maxItems: 1\n\n  vdd-supply:")
    s, after = run(tmp_path, "MAINTAINERS", MAINT, ["F:\tdrivers/iio/adc/qx200.c"], "Missing blank line")
    assert s.status == Status.APPLIED, s.reason
    assert after == MAINT.replace("qx200.c\nACME", "qx200.c\n\nACME")


def test_missing_blank_line_with_no_place_for_it_is_manual(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["    const: acme,qx200"], "Missing blank line")
    assert s.status == Status.MANUAL and "no place among the quoted lines" in s.reason and after == YAML


def test_the_doubled_blank_line_goes(tmp_path):
    s, after = run(tmp_path, BINDING, YAML, ["    default: 1", "", ""], "Only one blank line.")
    assert s.status == Status.APPLIED, s.reason
    assert after == YAML.replace("    default: 1\n\n\n", "    default: 1\n\n")


def test_what_the_comment_asks_to_drop():
    assert drop_object("Drop") == "" and drop_object("Drop it, not needed.") == ""
    assert drop_object("Drop description, it is obvious.") == "description"
    assert drop_object("No need to select REGMAP_I2C, the core does.") == "select REGMAP_I2C"
    assert drop_object("Drop the quotes") is None and drop_object("Drop the blank line") is None
    assert drop_object("Why drop it?") is None and drop_object("Use 4 spaces for indentation.") is None


DTS = "arch/arm64/boot/dts/acme/qx200-board.dts"
DSRC = """\
// SPDX-License-Identifier: (GPL-2.0+ OR MIT)

/dts-v1/;

&i2c3 {
	status = "okay";
	light-sensor@10 {
		compatible = "acme,qx200";
		reg = <0x10>;
		interrupt-parent = <&gpio0>;
		interrupts = <5 IRQ_TYPE_LEVEL_LOW>;
		acme,gains = <1 2
			4 8>;
		status = "okay";
	};

	dummy@20 {
		compatible = "acme,dummy";
		reg = <0x20>;
	};
};
"""


@pytest.mark.parametrize(("quoted", "comment", "gone"), [
    (["\t\tacme,gains = <1 2", "\t\t\t4 8>;", "\t\tstatus = \"okay\";"],
     "Drop status, it is the default.", "\t\tstatus = \"okay\";\n"),
    (["\t\treg = <0x10>;", "\t\tinterrupt-parent = <&gpio0>;"], "Drop interrupt-parent, it is inherited.",
     "\t\tinterrupt-parent = <&gpio0>;\n"),
    (["\tdummy@20 {", "\t\tcompatible = \"acme,dummy\";", "\t\treg = <0x20>;", "\t};"],
     "Drop this node, it is not on the board.",
     "\n\tdummy@20 {\n\t\tcompatible = \"acme,dummy\";\n\t\treg = <0x20>;\n\t};\n"),
])
def test_a_devicetree_drop_takes_whole_properties_and_nodes(tmp_path, quoted, comment, gone):
    s, after = run(tmp_path, DTS, DSRC, quoted, comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == DSRC.replace(gone, "", 1) and DSRC.count(gone) == 1


def test_a_devicetree_drop_of_a_nodes_first_line_leaves_no_blank_line_after_its_brace(tmp_path):
    """"Drop status" under the status a node opens with, a blank line below it: the blank line goes too (the
    node opened on a blank line)."""
    text = DSRC.replace("\tstatus = \"okay\";\n\tlight", "\tstatus = \"okay\";\n\n\tlight")
    s, after = run(tmp_path, DTS, text, ["&i2c3 {", "\tstatus = \"okay\";"], "Drop status")
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == DSRC.replace("&i2c3 {\n\tstatus = \"okay\";\n", "&i2c3 {\n")


@pytest.mark.parametrize(("quoted", "why"), [
    (["\t\tacme,gains = <1 2"], "`acme,gains = <1 2` is not a whole property"),
    (["\tdummy@20 {"], "a node the quoted lines open goes on below them"),
])
def test_a_devicetree_drop_that_cuts_a_property_or_node_is_manual(tmp_path, quoted, why):
    s, after = run(tmp_path, DTS, DSRC, quoted, "Drop")
    assert s.status == Status.MANUAL and after == DSRC and why in s.reason


def test_devicetree_lines_the_reviewer_writes_and_a_blank_line_before_a_node(tmp_path):
    s, after = run(tmp_path, DTS, DSRC, ["\t\treg = <0x10>;"], "", ["\t\treg = <0x11>;"])
    assert s.status == Status.APPLIED and after == DSRC.replace("<0x10>", "<0x11>")
    s, after = run(tmp_path, DTS, DSRC, ["\tstatus = \"okay\";", "\tlight-sensor@10 {"], "Missing blank line.")
    assert s.status == Status.APPLIED, s.reason
    assert after == DSRC.replace("\tstatus = \"okay\";\n\tlight", "\tstatus = \"okay\";\n\n\tlight")


LITERAL = YAML.replace("title: Acme QX200 ADC\n", "title: Acme QX200 ADC\n\ndescription: |\n"
                       "  A 16-bit ADC on an I2C bus.\n\n  It has four channels.\n")


@pytest.mark.parametrize("comment", ["Do not need '|' unless you need to preserve formatting.", "Drop the | please."])
def test_a_literal_blocks_bar_goes_when_its_text_reads_the_same_plain(tmp_path, comment):
    s, after = run(tmp_path, BINDING, LITERAL, ["description: |"], comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == LITERAL.replace("description: |\n", "description:\n")


@pytest.mark.parametrize(("text", "bad"), [("  Channels:\n  - one\n", "Channels:"),
                                           ("  See the datasheet: page 4.\n", "See the datasheet: page 4.")])
def test_a_literal_block_whose_text_needs_the_bar_keeps_it(tmp_path, text, bad):
    src = LITERAL.replace("  It has four channels.\n", text)
    s, after = run(tmp_path, BINDING, src, ["description: |"], "Don't need '|'.")
    assert (s.status, after) == (Status.MANUAL, src)
    assert f"`{bad}` reads otherwise without the `|`: the literal block keeps it" in s.reason


EXAMPLE = YAML + """\
examples:
  - |
    i2c {
        #address-cells = <1>;
        #size-cells = <0>;

        adc@48 {
            compatible = "acme,qx200";
            reg = <0x48>;
            status = "okay";
        };
    };
"""


@pytest.mark.parametrize(("quoted", "comment"), [
    (["            reg = <0x48>;", "            status = \"okay\";"], "Drop status, examples are enabled."),
    (["            status = \"okay\";"], "Drop"),
])
def test_a_property_of_a_bindings_example_is_dropped_as_devicetree_source(tmp_path, quoted, comment):
    s, after = run(tmp_path, BINDING, EXAMPLE, quoted, comment)
    assert (s.kind, s.status) == ("text-lines", Status.APPLIED), s.reason
    assert after == EXAMPLE.replace("            status = \"okay\";\n", "")


def test_a_node_of_a_bindings_example_cut_by_the_quote_is_manual(tmp_path):
    s, after = run(tmp_path, BINDING, EXAMPLE, ["        adc@48 {"], "Drop")
    assert (s.status, after) == (Status.MANUAL, EXAMPLE)
    assert "a node the quoted lines open goes on below them" in s.reason
