"""one-line-declaration: `int x;` then `x = E;` first thing after the declarations -> `int x = E;`."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "net/sched/filter.c"
SRC = (KINDS / "net_filter.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_first_assignment_moves_into_the_declaration(tmp_path):
    s = sugg(PATH, "filter_match", ["+ proto = skb_proto(skb);"], "Nit: can be initialised at declaration.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "one-line-declaration",
                                             "Initialise proto at its declaration in filter_match()"), s.reason
    assert "- int x;\n+ int x = E;\n... when != x\n- x@p = E;" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -28,10 +28,9 @@",
        " ",
        " static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)",
        " {",
        "-\tint proto;",
        "+\tint proto = skb_proto(skb);",
        " \tbool ok;",
        " ",
        "-\tproto = skb_proto(skb);",
        " \tok = proto == rule->proto;",
        " \treturn ok;",
        " }",
    ]


def test_value_reading_a_later_declaration_is_manual(tmp_path):
    src = SRC.replace("\tunsigned int i;\n\tint hits;\n", "\tint hits;\n\tunsigned int i = 0;\n") \
        .replace("\thits = 0;\n", "\thits = i;\n")
    s = sugg(PATH, "filter_count", ["+ hits = i;"], "Put this on one line with the declaration")
    _, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "hits's value reads i, declared after hits" in s.reason


def test_other_wording_is_not_this_kind(tmp_path):
    s = sugg(PATH, "filter_match", ["+ proto = skb_proto(skb);"], "Why not check the protocol first?")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "one-line-declaration"


def test_declarations_asked_onto_one_line_are_not_initialised(tmp_path):
    """Before: "These can be on one line." under `int proto;` and `bool ok;` moved proto's first
    assignment into its declaration, which nobody asked for."""
    s = sugg(PATH, "filter_match", ["+\tint proto;", "+\tbool ok;"], "These can be on one line.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert "one-line-declaration: the quote holds 2 declarations and not the assignment: declaring them on one " \
        "line (`int a, b;`) is left to the author" in s.reason


def test_one_line_under_a_wrapped_call_is_no_declaration_joined(tmp_path):
    """"This fits on one line." under a call wrapped over two lines asks for that call's lines joined; the
    declaration above (not quoted) stays as it is (join-line's: here over 80 columns, manual)."""
    src = ("static int qx_read(struct i2c_client *client, u8 *buf)\n{\n\tint ret;\n\n"
           "\tret = i2c_smbus_read_i2c_block_data(client, QX_REG_DATA,\n\t\t\t\t\t    QX_DATA_LEN, buf);\n"
           "\tif (ret < 0)\n\t\treturn ret;\n\treturn 0;\n}\n")
    quoted = ["+\tret = i2c_smbus_read_i2c_block_data(client, QX_REG_DATA,", "+\t\t\t\t\t    QX_DATA_LEN, buf);"]
    s = sugg("drivers/hwmon/qx.c", "qx_read", quoted, "This fits on one line.", lines=(5, 6))
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", src, [s])
    assert s.kind != "one-line-declaration"
    assert "\tint ret;\n" in after
