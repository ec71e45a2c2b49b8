"""drop-initializer ("no need to init x"): the initializer goes when the program cannot read it, and
the request is manual otherwise."""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.recipes import drop_initializer
from patches.model import Anchor, Person, Response, Status, Suggestion

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_sum(struct qx *q)
{
\tstruct qx_ring *r = NULL;
\tint i, sum = 0;

\tfor (i = 0; i < q->n; i++) {
\t\tr = &q->rings[i];
\t\tsum += r->count;
\t}
\treturn sum;
}

static int qx_first(struct qx *q)
{
\tint ret = 0;

\tif (q->n)
\t\tret = q->rings[0].count;
\treturn ret;
}

static int qx_pick(struct qx *q)
{
\tint err = qx_reset(q);

\terr = qx_start(q);
\treturn err;
}

static int qx_set(struct qx *q, u32 v)
{
\tint ret;

\tret = regmap_write(q->map, QX_REG,
\t\t\t   v);
\tif (ret)
\t\treturn ret;

\treturn 0;
}

static int qx_set2(struct qx *q, u32 v)
{
\tint ret;

\tret = regmap_write(q->map, QX_REG, v);
\tif (ret < 0)
\t\treturn ret;

\treturn 0;
}

static long qx_get(struct qx *q)
{
\tint ret;

\tret = qx_read(q);
\treturn ret;
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Bea Reviewer", "bea@example.org"), comment=comment,
                   anchor=Anchor(file=PATH, function=fn), quoted=quoted,
                   response=Response.ACCEPTED, response_text="Sure.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(PATH, SRC, fn, {PATH: SRC}, [(s.id, quoted)])})
    rules = RU.render(planned)
    files, _ = A.apply(rules, planned, {PATH: SRC}, tmp_path)
    return s, files[PATH]


def test_an_initializer_overwritten_before_every_read_goes(tmp_path):
    s, after = run(tmp_path, "qx_sum", ["+\tstruct qx_ring *r = NULL;"], "No need to init r.")
    assert (s.kind, s.status) == ("drop-initializer", Status.APPLIED), s.reason
    assert after == SRC.replace("\tstruct qx_ring *r = NULL;\n", "\tstruct qx_ring *r;\n")


def test_the_initialisation_written_out_in_the_comment(tmp_path):
    s, after = run(tmp_path, "qx_sum", ["+\tstruct qx_ring *r = NULL;", "+\tint i, sum = 0;"],
                   "r = NULL is not needed.")
    assert (s.kind, s.status) == ("drop-initializer", Status.APPLIED), s.reason
    assert after == SRC.replace("\tstruct qx_ring *r = NULL;\n", "\tstruct qx_ring *r;\n")


def test_an_initializer_read_when_a_condition_is_false_stays(tmp_path):
    s, after = run(tmp_path, "qx_first", ["+\tint ret = 0;"], "Unnecessary initialisation of ret.")
    assert s.status == Status.MANUAL and "under a condition" in s.reason and after == SRC


def test_an_initializer_that_calls_something_stays(tmp_path):
    s, after = run(tmp_path, "qx_pick", ["+\tint err = qx_reset(q);"], "err doesn't need to be initialized")
    assert s.status == Status.MANUAL and "calls or changes" in s.reason and after == SRC


def test_what_asks():
    for yes in ("No need to init txp, it's set in the loop.", "Unnecessary initialisation.",
                "ret doesn't need to be initialized"):
        assert drop_initializer.asks(yes), yes
    for no in ("Please initialise ret at its declaration.", "Return the result of foo() directly."):
        assert not drop_initializer.asks(no), no
