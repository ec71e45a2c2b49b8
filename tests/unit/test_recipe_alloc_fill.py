"""alloc-fill: an allocation filled whole right after it becomes the allocator that fills
(`kmalloc()` + `memset(p, 0, size)` -> `kzalloc()`, `kmalloc()` + `memcpy()` -> `kmemdup()`); a pair
that does not match exactly is manual, and a memset() of such memory is never dropped alone."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_setup(struct qx *q, const u8 *table, size_t len)
{
\tu8 *buf, *copy;

\tbuf = kmalloc(QX_BUF_LEN, GFP_KERNEL);
\tif (!buf)
\t\treturn -ENOMEM;
\tmemset(buf, 0, QX_BUF_LEN);
\tq->buf = buf;

\tcopy = devm_kmalloc(q->dev, len, GFP_KERNEL);
\tif (!copy)
\t\treturn -ENOMEM;

\tmemcpy(copy, table, len);
\tq->table = copy;
\treturn 0;
}

static int qx_reset(struct qx *q)
{
\tq->scratch = kmalloc(2 * QX_BUF_LEN, GFP_KERNEL);
\tif (!q->scratch)
\t\treturn -ENOMEM;
\tmemset(q->scratch, 0, QX_BUF_LEN);
\treturn 0;
}
"""
ZERO = ["+\tbuf = kmalloc(QX_BUF_LEN, GFP_KERNEL);", "+\tif (!buf)", "+\t\treturn -ENOMEM;",
        "+\tmemset(buf, 0, QX_BUF_LEN);"]
COPY = ["+\tcopy = devm_kmalloc(q->dev, len, GFP_KERNEL);", "+\tif (!copy)", "+\t\treturn -ENOMEM;", "+",
        "+\tmemcpy(copy, table, len);"]
HALF = ["+\tq->scratch = kmalloc(2 * QX_BUF_LEN, GFP_KERNEL);", "+\tif (!q->scratch)", "+\t\treturn -ENOMEM;",
        "+\tmemset(q->scratch, 0, QX_BUF_LEN);"]


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment)
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_kmalloc_and_memset_become_kzalloc(tmp_path):
    for comment in ("Use kzalloc() instead of kmalloc() + memset().", "Why not kzalloc()?",
                    "kzalloc() and drop the memset(), please."):
        s, after = run(tmp_path, "qx_setup", ZERO, comment)
        assert (s.kind, s.status) == ("alloc-fill", Status.APPLIED), (comment, s.reason)
        assert after == SRC.replace("\tbuf = kmalloc(QX_BUF_LEN, GFP_KERNEL);\n\tif (!buf)\n\t\treturn -ENOMEM;\n"
                                    "\tmemset(buf, 0, QX_BUF_LEN);\n",
                                    "\tbuf = kzalloc(QX_BUF_LEN, GFP_KERNEL);\n\tif (!buf)\n\t\treturn -ENOMEM;\n")


def test_devm_kmalloc_and_memcpy_become_devm_kmemdup(tmp_path):
    for comment in ("devm_kmalloc() followed by memcpy() is devm_kmemdup().", "Open-coded devm_kmemdup()."):
        s, after = run(tmp_path, "qx_setup", COPY, comment)
        # the allocation was managed already: nothing of the request is left to the author
        assert (s.kind, s.status, s.reason) == ("alloc-fill", Status.APPLIED, ""), (comment, s.reason)
        assert after == SRC.replace("\tcopy = devm_kmalloc(q->dev, len, GFP_KERNEL);\n\tif (!copy)\n"
                                    "\t\treturn -ENOMEM;\n\n\tmemcpy(copy, table, len);\n",
                                    "\tcopy = devm_kmemdup(q->dev, table, len, GFP_KERNEL);\n\tif (!copy)\n"
                                    "\t\treturn -ENOMEM;\n\n")


def test_a_memset_of_part_of_the_allocation_stays(tmp_path):
    # kzalloc() zeroes all of it; the memset() of the first half is not the allocation's fill
    s, after = run(tmp_path, "qx_reset", HALF, "Use kzalloc() instead.")
    assert s.kind != "alloc-fill" and "\tmemset(q->scratch, 0, QX_BUF_LEN);\n" in after
    assert "\tq->scratch = kmalloc(" not in after or after == SRC


def test_a_memset_of_fresh_kmalloc_memory_is_not_dropped_alone(tmp_path):
    for comment in ("Drop this memset.", "No need for this memset()."):
        s, after = run(tmp_path, "qx_setup", ZERO, comment)
        assert s.status == Status.MANUAL and "which is not zeroed" in s.reason, (comment, s.reason)
        assert after == SRC


def test_a_quoted_allocation_is_not_called_another_place(tmp_path):
    # the review stage narrows the quote to the memset(); the kmalloc() above it was quoted all the same
    s = sugg(PATH, "qx_reset", [HALF[-1]], "Use kzalloc() instead of kmalloc() + memset().")
    s.quote = [q[1:] for q in HALF]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert "not the quoted lines" not in s.reason
    assert s.status == Status.MANUAL and "fills QX_BUF_LEN bytes, kmalloc() allocates 2 * QX_BUF_LEN" in s.reason
    assert after == SRC


LOOP = """\
static int qx_scan(struct qx *q)
{
\tu8 *buf;
\tint i, ret = 0;

\tbuf = kzalloc(QX_BUF_LEN, GFP_KERNEL);
\tif (!buf)
\t\treturn -ENOMEM;
\tfor (i = 0; i < 4; i++) {
\t\tmemset(buf, 0, QX_BUF_LEN);
\t\tret = qx_read(q, i, buf);
\t\tif (ret)
\t\t\tbreak;
\t}
\tkfree(buf);
\treturn ret;
}

static int qx_twice(struct qx *q)
{
\tu8 *buf;
\tint ret;

\tbuf = kzalloc(QX_BUF_LEN, GFP_KERNEL);
\tif (!buf)
\t\treturn -ENOMEM;
\tret = qx_read(q, 0, buf);
\tmemset(buf, 0, QX_BUF_LEN);
\tret = ret ?: qx_read(q, 1, buf);
\tkfree(buf);
\treturn ret;
}

static int qx_once(struct qx *q)
{
\tu8 *buf;
\tint ret;

\tbuf = kzalloc(QX_BUF_LEN, GFP_KERNEL);
\tif (!buf)
\t\treturn -ENOMEM;
\tmemset(buf, 0, QX_BUF_LEN);
\tret = qx_read(q, 0, buf);
\tkfree(buf);
\treturn ret;
}
"""


def test_a_memset_that_clears_again_is_kept(tmp_path):
    for fn, line, why in (("qx_scan", "+\t\tmemset(buf, 0, QX_BUF_LEN);", "is in a loop"),
                          ("qx_twice", "+\tmemset(buf, 0, QX_BUF_LEN);", "the memset() may clear what was written")):
        s = sugg(PATH, fn, [line], "kzalloc() already zeroes it, drop the memset().")
        after = applied(tmp_path, PATH, LOOP, s)[0]
        assert s.status == Status.MANUAL and why in s.reason, (fn, s.reason)
        assert after == LOOP


def test_a_memset_right_after_kzalloc_goes(tmp_path):
    s = sugg(PATH, "qx_once", ["+\tmemset(buf, 0, QX_BUF_LEN);"], "kzalloc() already zeroes it, drop the memset().")
    after = applied(tmp_path, PATH, LOOP, s)[0]
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert after == LOOP.replace("\t\treturn -ENOMEM;\n\tmemset(buf, 0, QX_BUF_LEN);\n\tret = qx_read(q, 0, buf);",
                                 "\t\treturn -ENOMEM;\n\tret = qx_read(q, 0, buf);")


def test_kzalloc_named_only_to_turn_it_down_changes_nothing(tmp_path):
    for comment in ("I wouldn't use kzalloc(), the memset is clearer.",
                    "No need for kzalloc here, the memset covers it.",
                    "Don't switch to kzalloc, the memset documents it."):
        s = sugg(PATH, "qx_setup", ZERO, comment)
        after = applied(tmp_path, PATH, SRC, s)[0]
        assert s.kind != "alloc-fill" and after == SRC, comment


def test_the_names_as_plain_words(tmp_path):
    s, after = run(tmp_path, "qx_setup", ZERO, "s/kmalloc/kzalloc/ and drop the memset")
    assert (s.kind, s.status) == ("alloc-fill", Status.APPLIED), s.reason
    assert "\tbuf = kzalloc(QX_BUF_LEN, GFP_KERNEL);\n\tif (!buf)\n\t\treturn -ENOMEM;\n\tq->buf = buf;\n" in after


DECLARED = """\
static int qx_init(struct qx **qp)
{
\tstruct qx *q = kmalloc(sizeof(struct qx), GFP_KERNEL);
\tint res;

\tif (!q)
\t\treturn -ENOMEM;
\tmemset(q, 0, sizeof(struct qx));
\t*qp = q;
\treturn 0;
}
"""


def test_an_allocation_in_the_declarations_with_a_declaration_below_it(tmp_path):
    """Before: manual, `int res;` taken for code that may use the memory before the memset()."""
    s = sugg(PATH, "qx_init", ["+\tstruct qx *q = kmalloc(sizeof(struct qx), GFP_KERNEL);", "+\tif (!q)",
                               "+\t\treturn -ENOMEM;", "+\tmemset(q, 0, sizeof(struct qx));"],
             "kzalloc() instead of kmalloc() + memset()")
    after = applied(tmp_path, PATH, DECLARED, s)[0]
    assert (s.kind, s.status) == ("alloc-fill", Status.APPLIED), s.reason
    assert after == DECLARED.replace("kmalloc(", "kzalloc(").replace("\tmemset(q, 0, sizeof(struct qx));\n", "")


def test_the_quoted_code_named_as_the_helper_s_work_asks_for_it(tmp_path):
    for comment in ("This is devm_kmemdup().", "devm_kmemdup() does this.", "that's just devm_kmemdup()",
                    "This is what devm_kmemdup() does."):
        s, after = run(tmp_path, "qx_setup", COPY, comment)
        assert (s.kind, s.status, s.reason) == ("alloc-fill", Status.APPLIED, ""), (comment, s.reason)
        assert "\tcopy = devm_kmemdup(q->dev, table, len, GFP_KERNEL);\n" in after
    s, after = run(tmp_path, "qx_setup", COPY, "This is not devm_kmemdup(), the table is checked first.")
    assert s.kind != "alloc-fill" and after == SRC


GROWN = """\
static int qx_keep_table(struct qx *q, const void *buf, size_t len)
{
\tif (!q->tbl || q->tbl_len < len) {
\t\tkfree(q->tbl);
\t\tq->tbl = kmalloc(len, GFP_ATOMIC);
\t\tif (!q->tbl)
\t\t\treturn -ENOMEM;
\t}

\tmemcpy(q->tbl, buf, len);
\tq->tbl_len = len;
\treturn 0;
}
"""


def test_a_fill_outside_the_block_of_the_allocation_is_manual(tmp_path):
    # the copy is made on every path, the allocation only when the old buffer is too small: kmemdup()
    # inside the `if` would leave a buffer big enough as it was
    quoted = ["+\t\tq->tbl = kmalloc(len, GFP_ATOMIC);", "+\t\tif (!q->tbl)", "+\t\t\treturn -ENOMEM;", "+\t}", "+",
              "+\tmemcpy(q->tbl, buf, len);"]
    for comment in ("This is kmemdup().", "Use kmemdup()."):
        s = sugg(PATH, "qx_keep_table", quoted, comment)
        after = applied(tmp_path, PATH, GROWN, s)[0]
        assert (s.status, s.reason) == (Status.MANUAL, "alloc-fill: the memcpy() is not in the block of the kmalloc()")
        assert after == GROWN


TWO = """\
static int qx_load(struct qx *q, const void *cal, const void *lut, size_t len)
{
\tq->cal = kmalloc(len, GFP_KERNEL);
\tif (!q->cal)
\t\treturn -ENOMEM;
\tmemcpy(q->cal, cal, len);
\tq->lut = kmalloc(len, GFP_KERNEL);
\tif (!q->lut)
\t\treturn -ENOMEM;
\tmemcpy(q->lut, lut, len);
\treturn 0;
}
"""


def test_two_pairs_in_the_whole_quote_are_manual(tmp_path):
    # the review stage narrows the quote to the last pair; the first one, above it, is quoted all the same
    quoted = TWO.splitlines()[2:10]
    for comment in ("kmemdup()", "Both of these are kmemdup()."):
        s = sugg(PATH, "qx_load", ["+" + q for q in quoted], comment, lines=(7, 10))
        s.quote = quoted
        after = applied(tmp_path, PATH, TWO, s)[0]
        assert (s.status, s.reason) == (Status.MANUAL, "alloc-fill: the quote touches 2 allocations filled by "
                                                       "memcpy(): which one is meant is for the author"), comment
        assert after == TWO
