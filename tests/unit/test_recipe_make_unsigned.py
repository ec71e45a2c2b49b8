"""make-unsigned: "make it unsigned" changes the declaration of the local or parameter meant, only where
no use of it could tell a never-negative value's signedness (else manual with the use named)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes.make_unsigned import asks
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_fill(struct qx *q, int n)
{
\tint i;

\tfor (i = 0; i < n; i++)
\t\tq->buf[i] = 0;
\treturn qx_commit(q, n);
}

static int qx_back(struct qx *q, int n)
{
\tint i;

\tfor (i = n - 1; i >= 0; i--)
\t\tq->buf[i] = 0;
\treturn 0;
}

int qx_export(struct qx *q, int n)
{
\treturn qx_fill(q, n);
}

static void qx_log(struct qx *q)
{
\tint k = q->n;

\tpr_info("qx: %d entries\\n", k);
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_parameter_used_as_a_bound_and_an_argument_becomes_unsigned(tmp_path):
    s, after = run(tmp_path, "qx_fill", ["+static int qx_fill(struct qx *q, int n)"],
                   "n can't be negative, please make it unsigned.")
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    assert after == SRC.replace("static int qx_fill(struct qx *q, int n)",
                                "static int qx_fill(struct qx *q, unsigned int n)")


def test_a_parameter_that_is_subtracted_from_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_back", ["+static int qx_back(struct qx *q, int n)"], "Make n unsigned?")
    assert s.status == Status.MANUAL and "n - 1" in s.reason and after == SRC


def test_a_parameter_of_a_function_that_is_not_static_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_export", ["+int qx_export(struct qx *q, int n)"], "n should be unsigned int")
    assert s.status == Status.MANUAL and "not static" in s.reason and after == SRC


def test_a_local_printed_with_percent_d_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_log", ["+\tint k = q->n;"], "Make k unsigned.")
    assert s.status == Status.MANUAL and "pr_info" in s.reason and after == SRC


def test_what_asks():
    for yes in ("Make it unsigned.", "nq can't be negative, unsigned int?", "i should be unsigned",
                "this should be 'unsigned int'"):
        assert asks(yes), yes
    for no in ("num_tx_queues is unsigned already.", "This is an unsigned value.",
               "ret can't be negative here since the register value is unsigned."):
        assert not asks(no), no


BARE = """\
static void qx_clear(struct qx *q, unsigned count)
{
\tunsigned i;
\tint ret;

\tfor (i = 0; i < count; i++)
\t\tq->buf[i] = 0;
}
"""


@pytest.mark.parametrize("comment", ["unsigned int instead of unsigned, please.",
                                     "Please spell out unsigned int, not bare unsigned.",
                                     "nit: this should be 'unsigned int'", "unsigned int"])
def test_a_bare_unsigned_is_spelled_out(tmp_path, comment):
    """Before: not taken up at all (the local is unsigned already).  Only the quoted lines change."""
    s = sugg(PATH, "qx_clear", ["+\tunsigned i;", "+\tint ret;"], comment, answer="")
    after = applied(tmp_path, PATH, BARE, s)[0]
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    assert after == BARE.replace("\tunsigned i;", "\tunsigned int i;")


def test_the_quoted_header_spells_out_its_parameter(tmp_path):
    s = sugg(PATH, "qx_clear", ["+static void qx_clear(struct qx *q, unsigned count)", "+{", "+\tunsigned i;"],
             "Prefer unsigned int to bare unsigned.", answer="")
    after = applied(tmp_path, PATH, BARE, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == BARE.replace("unsigned count", "unsigned int count").replace("\tunsigned i;",
                                                                                 "\tunsigned int i;")


MEMBER = """\
struct qx_chan {
\tunsigned channels;
\tunsigned long flags;
};

extern int qx_count(unsigned n);
"""


@pytest.mark.parametrize("quoted, old", [("\tunsigned channels;", "\tunsigned channels;"),
                                         ("extern int qx_count(unsigned n);", "(unsigned n)")])
def test_a_bare_unsigned_outside_functions_is_spelled_out(tmp_path, quoted, old):
    """Before: manual, "the quoted code is outside any function"."""
    s = sugg(PATH, "", ["+" + quoted], "Please use 'unsigned int' instead of bare 'unsigned'.", answer="")
    s.quote = [quoted]
    after, rules = applied(tmp_path, PATH, MEMBER, s)
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    assert after == MEMBER.replace(old, old.replace("unsigned", "unsigned int"))
    assert "A bare unsigned is unsigned int" in rules[0].text


def test_make_it_unsigned_int_is_not_a_spelling_request():
    from cocci.recipes.make_unsigned import asks_spelled_out
    assert not asks_spelled_out("i can't be negative, make it unsigned int")
    assert asks_spelled_out("unsigned int rather than unsigned")


def test_a_wider_compiler_type_is_not_a_bare_unsigned(tmp_path):
    """Before: `unsigned __int128 acc` became `unsigned int __int128 acc`, which does not build."""
    text = BARE.replace("\tunsigned i;\n", "\tunsigned i;\n\tunsigned __int128 acc = 0;\n")
    s = sugg(PATH, "qx_clear", ["+\tunsigned i;", "+\tunsigned __int128 acc = 0;", "+\tint ret;"],
             "unsigned int instead of unsigned, please.", answer="")
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("\tunsigned i;", "\tunsigned int i;")


ARRAY_SRC = """\
static const u16 qx_regs[] = { 1, 2, 3 };

static void qx_dump(struct qx *q, u64 *data)
{
\tint i;

\tfor (i = 0; i < ARRAY_SIZE(qx_regs); i++)
\t\tdata[i] = qx_read(q, qx_regs[i]);
}

static void qx_wipe(struct qx *q, int n)
{
\tint i;

\tfor (i = 0; i < n; i++)
\t\tq->buf[i] = 0;
}
"""


@pytest.mark.parametrize("comment", ["ARRAY_SIZE() is unsigned, so please make i an unsigned int.",
                                     "i should be unsigned int, it counts up to a size that is unsigned"])
def test_the_counter_of_a_loop_bound_by_array_size_becomes_unsigned(tmp_path, comment):
    s = sugg(PATH, "qx_dump", ["+\tint i;"], comment, answer="Will do.")
    after = applied(tmp_path, PATH, ARRAY_SRC, s)[0]
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    loop = "\n\n\tfor (i = 0; i < ARRAY"
    assert after == ARRAY_SRC.replace("\tint i;" + loop, "\tunsigned int i;" + loop)


def test_the_counter_of_a_loop_bound_by_a_signed_value_stays_manual(tmp_path):
    s = sugg(PATH, "qx_wipe", ["+\tint i;"], "n is never negative, so please make i an unsigned int.")
    after = applied(tmp_path, PATH, ARRAY_SRC, s)[0]
    assert s.status == Status.MANUAL and "i < n" in s.reason and after == ARRAY_SRC


READ = """\
static int qx_probe(struct device *dev, struct qx *q)
{
\tint delay_ms;

\tif (!device_property_read_u32(dev, "delay-ms", &delay_ms)) {
\t\tq->delay = delay_ms;
\t\tq->timeout = msecs_to_jiffies(delay_ms);
\t}
\treturn 0;
}

static int qx_wide(struct device *dev, struct qx *q)
{
\tlong v;

\tq->v = v;
\treturn 0;
}
"""


def test_a_kernel_type_asked_in_a_question_replaces_the_signed_type(tmp_path):
    """"Shouldn't this be u32?" under an int read with device_property_read_u32(): the address handed to
    a reader named for the type and a plain assignment from it are uses the change cannot break."""
    s = sugg(PATH, "qx_probe", ["+\tint delay_ms;"], "Shouldn't this be u32? device_property_read_u32() takes a u32 *.",
             answer="")
    after = applied(tmp_path, PATH, READ, s)[0]
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    assert after == READ.replace("\tint delay_ms;", "\tu32 delay_ms;")
    assert asks("Shouldn't this be u32?") and not asks("This is a u32 already.")


def test_a_kernel_type_narrower_than_the_declared_one_is_manual(tmp_path):
    s = sugg(PATH, "qx_wide", ["+\tlong v;"], "Shouldn't this be u32?", answer="")
    after = applied(tmp_path, PATH, READ, s)[0]
    assert s.status == Status.MANUAL and "narrower" in s.reason and after == READ


def test_a_trailing_comment_keeps_its_column():
    from cocci.recipes._style import keep_comment_column
    old = "\tunsigned resolution;\t\t/* bits of the result */"
    assert keep_comment_column(old, old.replace("unsigned", "unsigned int")) == \
        "\tunsigned int resolution;\t/* bits of the result */"
    # the code reaches the comment's column: the comment moves on, one tab after the code
    longer = "\tunsigned resolution_bits;\t/* n */"
    assert keep_comment_column(longer, longer.replace("unsigned", "unsigned int")) == \
        longer.replace("unsigned", "unsigned int")


def test_unsigned_int_named_over_a_signed_local_makes_it_unsigned(tmp_path):
    # the quote has no bare unsigned: the quoted signed local is what the comment means
    s = sugg(PATH, "qx_clear", ["+\tint ret;"], "nit: this should be 'unsigned int'", answer="")
    after = applied(tmp_path, PATH, BARE, s)[0]
    assert (s.kind, s.status) == ("make-unsigned", Status.APPLIED), s.reason
    assert after == BARE.replace("\tint ret;", "\tunsigned int ret;")
