"""use-own-helper: a helper the file already defines, called where the quoted code writes out its body."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes.use_own_helper import definition, find
from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "drivers/thermal/thermsense.c"
SRC = (KINDS / "thermsense.c").read_text()
QUOTE = ["+\traw = readl(ch->base + 8 * ch->index);", "+\t*temp = ((int)raw - TS_RAW_OFFSET) * 100;"]
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_definition_of_a_one_expression_helper_and_a_macro():
    d = definition([SRC], "ts_raw_to_mdeg")
    assert d is not None and d.params == ("raw",) and " ".join(d.body) == "( ( int ) raw - TS_RAW_OFFSET ) * 100"
    m = definition([SRC], "ts_ready")
    assert m is not None and m.params == ("st",) and " ".join(m.body) == "( ( st ) & TS_VALID ) != 0"
    assert definition([SRC], "ts_get_temp") is None            # more than one expression
    assert definition([SRC], "no_such_helper") is None


def test_a_piece_of_a_larger_product_is_no_match():
    d = definition([SRC], "ts_raw_to_mdeg")
    fn_start = SRC.splitlines().index("static int ts_get_trend(struct thermal_zone_device *tz, int *delta)") + 1
    assert find(d, SRC, fn_start, fn_start + 7) == []          # 2 * (...) * 100: not a whole operand


def test_written_out_body_becomes_the_call(tmp_path):
    s = sugg(PATH, "ts_get_temp", QUOTE, "Use ts_raw_to_mdeg().")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "use-own-helper"), s.reason
    assert s.summary == "Use ts_raw_to_mdeg() in ts_get_temp()"
    assert rules[0].name == "01-use-own-helper-ts_raw_to_mdeg.cocci"
    assert "expression E0;" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -37,7 +37,7 @@",
        " \tif (((st) & TS_VALID) == 0)",
        " \t\treturn -EAGAIN;",
        " \traw = readl(ch->base + 8 * ch->index);",
        "-\t*temp = ((int)raw - TS_RAW_OFFSET) * 100;",
        "+\t*temp = ts_raw_to_mdeg(raw);",
        " \tch->last = *temp;",
        " \treturn 0;",
        " }",
    ]


def test_two_helpers_one_written_out_one_not(tmp_path):
    s = sugg(PATH, "ts_get_temp", QUOTE + ["+\tch->last = *temp;"],
             "Use ts_raw_to_mdeg() and ts_ready() here.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "*temp = ts_raw_to_mdeg(raw);" in after
    assert "if (((st) & TS_VALID) == 0)" in after               # not quoted, and `== 0` is no `!= 0`
    assert s.params["left"] == "ts_ready()'s body `(((st) & TS_VALID) != 0)` is not written out in the quoted code"
    assert s.reason == f"partly: the rest is left to the author ({s.params['left']})"


def test_void_one_statement_helper(tmp_path):
    s = sugg(PATH, "ts_get_temp", ["+\tch->last = *temp;"], "We have ts_store() for this.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\tts_store(ch, *temp);\n\treturn 0;" in after


def test_helper_without_its_body_in_the_quote_is_manual(tmp_path):
    s = sugg(PATH, "ts_get_trend", ["+\t*delta = 2 * ((int)raw - TS_RAW_OFFSET) * 100 - ch->last;"],
             "Use ts_raw_to_mdeg().")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "ts_raw_to_mdeg()'s body `((int)raw - TS_RAW_OFFSET) * 100` is not written out" in s.reason


def test_a_call_with_other_arguments_is_not_renamed_into_the_helper(tmp_path):
    # readl(addr) and ts_raw_to_mdeg(raw): a related-looking name is no rename when the helper is here
    s = sugg(PATH, "ts_get_temp", ["+\traw = readl(ch->base + 8 * ch->index);"], "Use ts_raw_to_mdeg().")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert rules == [] and s.status == Status.MANUAL
