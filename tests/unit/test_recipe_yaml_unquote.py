"""yaml-unquote: "Drop the quotes." under a binding's quoted values unquotes those that mean the same
without quotes; other requests on a YAML file are manual, saying the file is not C."""
from __future__ import annotations

import pytest

from cocci.recipes.yaml_unquote import plain, unquoted
from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "Documentation/devicetree/bindings/iio/adc/acme,qx100.yaml"
SRC = """\
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
%YAML 1.2
---
$id: "http://devicetree.org/schemas/iio/adc/acme,qx100.yaml#"
$schema: "http://devicetree.org/meta-schemas/core.yaml#"

title: ACME QX100 ADC

properties:
  compatible:
    enum:
      - acme,qx100
"""
IDS = ['$id: "http://devicetree.org/schemas/iio/adc/acme,qx100.yaml#"',
       '$schema: "http://devicetree.org/meta-schemas/core.yaml#"']


def run(tmp_path, quoted: list[str], comment: str, text: str = SRC):
    line = text.splitlines().index(quoted[-1]) + 1
    s = sugg(PATH, None, ["+" + q for q in quoted], comment, answer="", lines=(line - len(quoted) + 1, line))
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Drop the quotes.", "Drop quotes", "No need for the quotes here."])
def test_the_quoted_values_lose_their_quotes(tmp_path, comment):
    s, after = run(tmp_path, IDS, comment)
    assert (s.kind, s.status) == ("yaml-unquote", Status.APPLIED), s.reason
    assert after == SRC.replace('"http://devicetree.org/schemas/iio/adc/acme,qx100.yaml#"',
                                "http://devicetree.org/schemas/iio/adc/acme,qx100.yaml#").replace(
        '"http://devicetree.org/meta-schemas/core.yaml#"', "http://devicetree.org/meta-schemas/core.yaml#")


def test_values_that_need_their_quotes_keep_them():
    assert unquoted('  default: "yes"') == '  default: "yes"'
    assert unquoted('  - "1.8"') == '  - "1.8"'
    assert unquoted('  pattern: "^led@[0-9a-f]+$"') == '  pattern: ^led@[0-9a-f]+$'
    assert unquoted("  $ref: '#/definitions/foo'") == "  $ref: '#/definitions/foo'"
    assert unquoted('  description: "a: b"') == '  description: "a: b"'
    assert not plain(" padded") and plain("acme,qx100")


@pytest.mark.parametrize("value", ["2024-01-31", "2024-1-5 10:00", "1:30", "+.inf", "0o17", "1e3"])
def test_a_value_that_reads_as_a_date_or_number_unquoted_keeps_its_quotes(value):
    assert unquoted(f'  const: "{value}"') == f'  const: "{value}"'
    assert plain("1.2.3") and plain("v1:2")


def test_another_request_on_a_yaml_file_is_manual_saying_it_is_not_c(tmp_path):
    s, after = run(tmp_path, ["    enum:", "      - acme,qx100"], "const: acme,qx100")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason.startswith(f"{PATH} is not C source")
