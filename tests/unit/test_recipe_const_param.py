"""const-param: a pointer parameter the function only reads through points to const; writes are manual."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "net/sched/filter.c"
SRC = (KINDS / "net_filter.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
STUBS = "#include <stdbool.h>\nstruct sk_buff;\nint skb_proto(struct sk_buff *);\nvoid consume_skb(struct sk_buff *);\n"


def test_read_only_parameter_named(tmp_path):
    s = sugg(PATH, "filter_match", ["+static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)"],
             "rule can be const")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "const-param",
                                             "Make rule of filter_match() point to const"), s.reason
    assert "fn(...,\n- struct filter_rule *rule\n+ const struct filter_rule *rule\n ,...) { ... }" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -26,7 +26,7 @@",
        " \tconsume_skb(skb);",
        " }",
        " ",
        "-static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)",
        "+static bool filter_match(const struct filter_rule *rule, struct sk_buff *skb)",
        " {",
        " \tint proto;",
        " \tbool ok;",
    ]
    c = tmp_path / "filter.c"
    c.write_text(STUBS + after)
    r = subprocess.run(["gcc", "-fsyntax-only", "-Wall", str(c)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_written_through_is_manual(tmp_path):
    s = sugg(PATH, "filter_hit", ["+static void filter_hit(struct filter_rule *rule, struct sk_buff *skb)"],
             "Can rule be const?")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert "rule is written through in filter_hit() (line 25)" in s.reason


def test_passed_whole_to_a_call_is_manual(tmp_path):
    s = sugg(PATH, "filter_match", ["+static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)"],
             "skb can be const")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "skb is passed to skb_proto() on line 34: does it take a const pointer?" in s.reason


def test_two_pointers_unnamed_is_manual(tmp_path):
    s = sugg(PATH, "filter_match", ["+static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)"],
             "This can be const.")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.MANUAL and "filter_match() has 2 pointer parameters" in s.reason


COMPARED = """\
static int qx_check(struct qx_state *st, int a)
{
\tif (a > 0 && st->scale >= 0 && st->offset <= 10)
\t\treturn st->buf[a + 1];
\treturn 0;
}
"""


def test_comparisons_and_a_logical_and_only_read_the_pointee(tmp_path):
    s = sugg(PATH, "qx_check", ["+static int qx_check(struct qx_state *st, int a)"], "st can be const.", answer="",
             lines=(1, 1))
    after, _, _ = pipeline(tmp_path, PATH, COMPARED, [s])
    assert (s.kind, s.status) == ("const-param", Status.APPLIED), s.reason
    assert after == COMPARED.replace("(struct qx_state *st", "(const struct qx_state *st")


def test_a_write_to_an_element_at_a_computed_index_is_a_write(tmp_path):
    text = COMPARED.replace("\t\treturn st->buf[a + 1];", "\t\tst->buf[a + 1] = 0;")
    s = sugg(PATH, "qx_check", ["+static int qx_check(struct qx_state *st, int a)"], "st can be const.", answer="",
             lines=(1, 1))
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert s.status == Status.MANUAL and "is written through" in s.reason and after == text


DMA = "drivers/net/wireless/qx/pcie/tx.c"
DMA_SRC = """\
#include <linux/slab.h>
#include "internal.h"

void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr)
{
\tdma_free_coherent(trans->dev, ptr->size, ptr->addr, ptr->dma);
\tmemset(ptr, 0, sizeof(*ptr));
}
"""
DMA_HEADERS = {"drivers/net/wireless/qx/pcie/internal.h":
               "void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr);\n",
               "include/linux/slab.h": "void kfree(const void *objp);\n"}


@pytest.mark.parametrize(("headers", "status"), [(DMA_HEADERS, Status.MANUAL), ({}, Status.APPLIED)])
def test_a_function_a_header_of_the_tree_declares_keeps_its_parameters(tmp_path, headers, status):
    """Before: `const struct qx_trans *trans` in the definition only, against the prototype of internal.h
    (the file does not build: conflicting types)."""
    from cocci import apply as A
    from cocci import rules as RU
    from cocci.recipe import CodeContext
    s = sugg(DMA, "qx_free_dma_ptr", ["+void qx_free_dma_ptr(struct qx_trans *trans, struct qx_dma_ptr *ptr)"],
             "trans can be const")
    ctx = CodeContext(DMA, DMA_SRC, "qx_free_dma_ptr", {DMA: DMA_SRC}, [], tree_read=headers.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {DMA: DMA_SRC}, tmp_path)
    assert s.status == status, s.reason
    if status == Status.MANUAL:
        assert s.reason == ("const-param: qx_free_dma_ptr() is declared in drivers/net/wireless/qx/pcie/internal.h, "
                            "which the patch leaves as it is: the declaration must change too")
        assert out[DMA] == DMA_SRC
    else:
        assert "void qx_free_dma_ptr(const struct qx_trans *trans, struct qx_dma_ptr *ptr)" in out[DMA]
