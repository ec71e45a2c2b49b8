"""The lines of a non-C file a reviewer writes under a quote of it (`\tdepends on I2C || COMPILE_TEST`
under `depends on I2C`) are the reviewer's code; a sentence, or a line of another kind, is not."""
from __future__ import annotations

import pytest

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Subject
from patches.textfile import file_kind, key, replacement_lines, same_kind
from patches.voices import Chunk, Quote

REVIEWER = Person("Bo Lind", "bo@example.net")
MSG = Message("r1@example.net", Subject("", "x", ("PATCH",), 0, 2, 1), REVIEWER, None, "")


@pytest.mark.parametrize(("path", "kind"), [
    ("drivers/iio/adc/Kconfig", "kconfig"), ("arch/arm64/Kconfig.platforms", "kconfig"),
    ("drivers/hwmon/Makefile", "makefile"), ("MAINTAINERS", "maintainers"),
    ("Documentation/devicetree/bindings/hwmon/acme,qx.yaml", "yaml"), ("Documentation/hwmon/qx.rst", "rst"),
    ("Documentation/ABI/testing/sysfs-bus-iio-qx", "abi"), ("drivers/hwmon/qx.c", ""), ("include/qx.h", "")])
def test_the_kind_of_file(path, kind):
    assert file_kind(path) == kind


def test_keys_and_kinds_of_lines():
    assert key("\tdepends on I2C", "kconfig") == "depends on" and key("\t  Say Y here", "kconfig") == ""
    assert key("obj-$(CONFIG_QX) += qx.o", "makefile") == "obj-$(CONFIG_QX)"
    assert key("F:\tdrivers/hwmon/qx.c", "maintainers") == "F"
    assert key("    maxItems: 1", "yaml") == "maxItems" and key("  - reg", "yaml") == "-"
    assert same_kind("    maxItems: 1", "    maxItems: 2", "yaml")
    assert not same_kind("  maxItems: 1", "    maxItems: 2", "yaml")
    assert not same_kind("    enum:", "    const: acme,qx", "yaml")
    assert same_kind("\t  Say Y here to build the QX driver.", "\t  Say yes here to build the QX driver.", "kconfig")
    assert not same_kind("Say Y here.", "Say yes here to build the QX driver.", "rst")


def test_the_reviewers_kconfig_line_is_code():
    quote = Quote(["+config SENSORS_QX", "+\ttristate \"QX sensor\"", "+\tdepends on I2C"], False,
                  "drivers/hwmon/Kconfig")
    para = ["\tdepends on I2C || COMPILE_TEST"]
    drafts, _ = drafts_from_chunk(Chunk(quote, [para]), REVIEWER, MSG, 1)
    assert [(d.kind, d.written) for d in drafts] == [("code", para)]


def test_a_quote_without_its_diff_header_is_read_as_each_kind_of_file():
    quote = Quote(["+  reg:", "+    maxItems: 2"], False, "")
    drafts, _ = drafts_from_chunk(Chunk(quote, [["    maxItems: 1"]]), REVIEWER, MSG, 1)
    assert [(d.kind, d.written) for d in drafts] == [("code", ["    maxItems: 1"])]
    assert not replacement_lines(["maxItems should be 1"], ["    maxItems: 2"], "")


def test_a_sentence_under_a_binding_is_no_code():
    quote = Quote(["+  reg:", "+    maxItems: 2"], False, "Documentation/devicetree/bindings/hwmon/acme,qx.yaml")
    drafts, _ = drafts_from_chunk(Chunk(quote, [["Drop, the bus defines it."]]), REVIEWER, MSG, 1)
    assert all(not d.code for d in drafts)
    quote = Quote(["+\tret = qx_read(st);"], False, "drivers/hwmon/qx.c")
    drafts, _ = drafts_from_chunk(Chunk(quote, [["\tret = qx_read(st)"]]), REVIEWER, MSG, 1)
    assert all(not d.code for d in drafts)
