"""replace-code: the quoted statement becomes the code the reviewer wrote under it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "drivers/net/ring.c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_replaces_the_quoted_statement(tmp_path):
    text = (DATA / "net_ring.c").read_text()
    s = Suggestion(id="1.4", patch=1, reviewer=Person("Jakub Reviewer"),
                   comment="WARN_ON_ONCE(!len);\n\nA zero-length head is a driver bug, once is enough.",
                   anchor=Anchor(file=PATH, function="ring_xmit"), quoted=["+ WARN_ON(len == 0);"],
                   code=["WARN_ON_ONCE(!len);"], response=Response.ACCEPTED, response_text="Ok.", kind="code")
    ctxs = {s.id: CodeContext(PATH, text, "ring_xmit", {PATH: text}, [])}
    planned = RU.plan([s], ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert "-\tWARN_ON(len == 0);\n+\tWARN_ON_ONCE(!len);" in rules[0].text
    assert [ln for ln in edits[0].diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")] == [
        "-\tWARN_ON(len == 0);", "+\tWARN_ON_ONCE(!len);"]


LOOP = """\
static u64 qx_dropped(struct qx *q, unsigned int nq)
{
\tstruct qx_ring *r;
\tu64 total = 0;
\tunsigned int i;

\tfor (i = 0; i < nq; i++) {
\t\tr = &q->rings[i];
\t\ttotal += r->rx_dropped + r->tx_dropped;
\t}

\treturn total;
}
"""


def rewrite_loop(tmp_path: Path, text: str, written: list[str]) -> tuple[Suggestion, str]:
    """The loop of qx_dropped() quoted whole, with WRITTEN (the reviewer's lines) under it; (suggestion,
    the file after)."""
    path = "drivers/misc/qx.c"
    quoted = ["+\tfor (i = 0; i < nq; i++) {", "+\t\tr = &q->rings[i];",
              "+\t\ttotal += r->rx_dropped + r->tx_dropped;", "+\t}"]
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment="Something like:",
                   anchor=Anchor(file=path, function="qx_dropped", lines=(7, 10)), quoted=quoted,
                   quote=[q[1:] for q in quoted], code=[w.strip() for w in written], written=written,
                   response=Response.ACCEPTED, response_text="Ok.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, "qx_dropped", {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    return s, files[path]


def test_the_reviewers_layout_of_a_loop_is_kept_and_the_local_it_no_longer_needs_goes(tmp_path):
    """spatch prints a new `for` as `for(i = 0;i < nq;i++)` and joins the reviewer's wrapped line; the
    reviewer's own lines (the same tokens) are what the file gets.  The local only the old loop used
    would be an unused variable: its declaration goes."""
    s, after = rewrite_loop(tmp_path, LOOP, ["\tfor (i = 0; i < nq; i++)", "\t\ttotal += q->rings[i].rx_dropped +",
                                             "\t\t\t q->rings[i].tx_dropped;"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    # r, which only the replaced loop used, goes too
    assert after == LOOP.replace("\tstruct qx_ring *r;\n", "").replace(
        "\tfor (i = 0; i < nq; i++) {\n\t\tr = &q->rings[i];\n\t\ttotal += r->rx_dropped + r->tx_dropped;\n\t}\n",
        "\tfor (i = 0; i < nq; i++)\n\t\ttotal += q->rings[i].rx_dropped +\n\t\t\t q->rings[i].tx_dropped;\n")


def test_a_local_still_used_elsewhere_stays(tmp_path):
    text = LOOP.replace("\treturn total;", "\tq->last = r;\n\treturn total;")
    s, after = rewrite_loop(tmp_path, text, ["\tfor (i = 0; i < nq; i++)", "\t\ttotal += q->rings[i].rx_dropped;"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert "\tstruct qx_ring *r;\n" in after


START = """\
static int wdt_start(struct watchdog_device *wdd)
{
\tint ret;

\tret = wdt_drive(wdd);
\tif (ret) {
\t\tpr_err("wdt: can not drive the line: %d\\n", ret);
\t\treturn ret;
\t}

\treturn 0;
}
"""


def _print_suggestion(quoted: str, code: str) -> Suggestion:
    return Suggestion(id="1.3", patch=1, reviewer=Person("Anne Reviewer"),
                      comment=f"The device is at hand, so the message can name it:\n\n{code}",
                      anchor=Anchor(file="drivers/watchdog/wdt.c", function="wdt_start"),
                      quoted=[f"+\t\t{quoted}"], code=[code], response=Response.NONE, kind="code")


def test_a_message_printed_another_way_replaces_the_quoted_print(tmp_path):
    """pr_err() -> dev_err(dev, ...): the two share no name but the printed value, yet one printer
    stands for the other."""
    path = "drivers/watchdog/wdt.c"
    s = _print_suggestion('pr_err("wdt: can not drive the line: %d\\n", ret);',
                          'dev_err(wdd->parent, "cannot drive the line: %d\\n", ret);')
    planned = RU.plan([s], {s.id: CodeContext(path, START, "wdt_start", {path: START}, [])})
    files, edits = A.apply(RU.render(planned), planned, {path: START}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert [ln for ln in edits[0].diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")] == [
        '-\t\tpr_err("wdt: can not drive the line: %d\\n", ret);',
        '+\t\tdev_err(wdd->parent, "cannot drive the line: %d\\n", ret);']


def test_a_print_does_not_stand_for_other_calls():
    from cocci.recipes._evidence import is_log_call, similar
    assert is_log_call("pr_err") and is_log_call("dev_warn_ratelimited") and is_log_call("printk")
    assert not is_log_call("dev_err_probe") and not is_log_call("pr_fmt") and not is_log_call("err")
    assert similar('pr_err("x %d\\n", ret);', 'netdev_err(ndev, "x %d\\n", ret);')
    assert not similar('pr_err("x %d\\n", ret);', 'wdt_stop(wdd);')


CLAMP = """\
static void qx_rate(struct qx *q, unsigned int rate)
{
\tif (rate > QX_MAX_RATE) {
\t\trate = QX_MAX_RATE;
\t}
\tif (q->fast)
\t\trate = 2;
\tq->rate = rate;
}
"""


@pytest.mark.parametrize("quoted,code,old,new", [
    (["+\tif (rate > QX_MAX_RATE) {", "+\t\trate = QX_MAX_RATE;", "+\t}"], "rate = min(rate, QX_MAX_RATE);",
     "\tif (rate > QX_MAX_RATE) {\n\t\trate = QX_MAX_RATE;\n\t}\n", "\trate = min(rate, QX_MAX_RATE);\n"),
    # the condition's names are not all in the reviewer's statement: the body alone is meant
    (["+\tif (q->fast)", "+\t\trate = 2;"], "rate = 3;", "\t\trate = 2;\n", "\t\trate = 3;\n"),
])
def test_a_statement_that_takes_in_the_condition_replaces_the_whole_if(tmp_path, quoted, code, old, new):
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment=f"Simpler:\n\n{code}",
                   anchor=Anchor(file=PATH, function="qx_rate"), quoted=quoted, code=[code],
                   response=Response.ACCEPTED, response_text="Ok.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(PATH, CLAMP, "qx_rate", {PATH: CLAMP}, [])})
    files, _ = A.apply(RU.render(planned), planned, {PATH: CLAMP}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert files[PATH] == CLAMP.replace(old, new)


MODE = """\
static int led_set_mode(struct led_chip *chip, unsigned int mode)
{
\tint val;

\tval = chip_read(chip, LED_CTRL);
\tif (val < 0)
\t\treturn val;

\tval &= ~LED_MODE_MASK;
\tval |= FIELD_PREP(LED_MODE_MASK, mode);
\treturn chip_write(chip, LED_CTRL, val);
}
"""


def fold(tmp_path: Path, text: str, quoted: list[str], written: list[str]) -> tuple[Suggestion, str]:
    path = "drivers/leds/leds-chip.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment="I would write this as",
                   anchor=Anchor(file=path, function="led_set_mode"), quoted=["+" + q for q in quoted],
                   quote=quoted, code=[w.strip() for w in written], written=written,
                   response=Response.ACCEPTED, response_text="Ok.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, "led_set_mode", {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    return s, files[path]


def test_statements_the_reviewers_call_folds_in_go_with_it(tmp_path):
    """Before: only the last statement was replaced, and the two that built the value stayed, now
    doing the work twice.  The reviewer's continuation line, indented by the mail's spaces, is
    aligned after the open parenthesis."""
    s, after = fold(tmp_path, MODE, ["\tval &= ~LED_MODE_MASK;", "\tval |= FIELD_PREP(LED_MODE_MASK, mode);",
                                     "\treturn chip_write(chip, LED_CTRL, val);"],
                    ["        return chip_write(chip, LED_CTRL, (val & ~LED_MODE_MASK) |",
                     "                FIELD_PREP(LED_MODE_MASK, mode));"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert after == MODE.replace(
        "\tval &= ~LED_MODE_MASK;\n\tval |= FIELD_PREP(LED_MODE_MASK, mode);\n"
        "\treturn chip_write(chip, LED_CTRL, val);\n",
        "\treturn chip_write(chip, LED_CTRL, (val & ~LED_MODE_MASK) |\n"
        "\t\t\t  FIELD_PREP(LED_MODE_MASK, mode));\n")


def test_a_temporary_the_reviewers_call_computes_in_place_goes(tmp_path):
    text = MODE.replace("\tval &= ~LED_MODE_MASK;\n\tval |= FIELD_PREP(LED_MODE_MASK, mode);\n",
                        "\tval = FIELD_PREP(LED_MODE_MASK, mode);\n")
    s, after = fold(tmp_path, text, ["\tval = FIELD_PREP(LED_MODE_MASK, mode);",
                                     "\treturn chip_write(chip, LED_CTRL, val);"],
                    ["\treturn chip_write(chip, LED_CTRL, FIELD_PREP(LED_MODE_MASK, mode));"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert "\tval = FIELD_PREP" not in after
    assert "\treturn chip_write(chip, LED_CTRL, FIELD_PREP(LED_MODE_MASK, mode));\n}" in after


def test_a_statement_whose_value_is_read_later_is_not_folded(tmp_path):
    text = MODE.replace("\treturn chip_write(chip, LED_CTRL, val);\n",
                        "\tchip_write(chip, LED_CTRL, val);\n\tchip->mode = val;\n\treturn 0;\n")
    s, after = fold(tmp_path, text.replace("\tval &= ~LED_MODE_MASK;\n", ""),
                    ["\tval |= FIELD_PREP(LED_MODE_MASK, mode);", "\tchip_write(chip, LED_CTRL, val);"],
                    ["\tchip_write(chip, LED_CTRL, FIELD_PREP(LED_MODE_MASK, mode));"])
    # folding it in would lose what chip->mode reads; keeping it would compute FIELD_PREP() twice
    assert s.status == Status.MANUAL and "is still read further down" in s.reason
    assert "\tval |= FIELD_PREP(LED_MODE_MASK, mode);\n\tchip_write(chip, LED_CTRL, val);" in after


def test_continuation_lines_align_after_their_parenthesis():
    from cocci.recipes._codediff import align_continuations
    assert align_continuations(["\tret = foo(a,", "\t\t\tbar(b,", "\t\tc));", "\tx = 1;"]) == [
        "\tret = foo(a,", "\t\t  bar(b,", "\t\t      c));", "\tx = 1;"]
    # a line that would pass 100 columns keeps its place
    head, tail = "\t\t\t\t\tv = frobnicate(" + "x" * 20 + ",", "\t\t\t\t\t\t" + "y" * 50 + ");"
    assert align_continuations([head, tail]) == [head, tail]


QUERY = """\
static int fan_query(struct fan *f, unsigned long long *level)
{
\tacpi_status st;

\tst = acpi_evaluate_integer(f->handle, "FLVL", NULL, level);
\tif (ACPI_FAILURE(st)) {
\t\treturn -EIO;
\t}

\treturn 0;
}
"""


def query(tmp_path: Path, text: str, written: list[str]) -> tuple[Suggestion, str]:
    path = "drivers/acpi/fan-query.c"
    quoted = text.splitlines()
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment="This can be simpler:",
                   anchor=Anchor(file=path, function="fan_query"), quoted=["+" + q for q in quoted],
                   quote=quoted, code=[w.strip() for w in written], written=written,
                   response=Response.NONE, kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, "fan_query", {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    return s, files[path]


def test_a_check_that_takes_in_the_call_above_it_replaces_both(tmp_path):
    """The whole function quoted, and the reviewer's `if` calling what the quoted code assigned to a
    local first.  Before: "lines up with none of the quoted statements" (a quote with the function's
    header and closing brace was not found in its body, and the check alone is too unlike the new one).
    The local goes with them."""
    s, after = query(tmp_path, QUERY, ["\tif (ACPI_FAILURE(acpi_evaluate_integer(f->handle, \"FLVL\",",
                                       "\t\t\tNULL, level)))", "\t\treturn -EIO;"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert after == ("static int fan_query(struct fan *f, unsigned long long *level)\n{\n"
                     "\tif (ACPI_FAILURE(acpi_evaluate_integer(f->handle, \"FLVL\",\n"
                     "\t\t\t\t\t       NULL, level)))\n\t\treturn -EIO;\n\n\treturn 0;\n}\n")


def test_a_value_still_read_below_is_not_folded_away(tmp_path):
    text = QUERY.replace("\treturn 0;\n", "\tf->last = st;\n\treturn 0;\n")
    s, after = query(tmp_path, text, ["\tif (ACPI_FAILURE(acpi_evaluate_integer(f->handle, \"FLVL\", NULL, level)))",
                                      "\t\treturn -EIO;"])
    assert s.status == Status.MANUAL and after == text


def test_an_assignment_the_new_code_still_reads_is_not_folded(tmp_path):
    """`val = 0;` above `chip_write(chip, LED_CTRL, val, 0)` under `chip_write(chip, LED_CTRL, val | mode, 0)`:
    the 0 of the new code is no fold of the assignment (val is still read), so `val = 0;` stays."""
    text = MODE.replace("\tval &= ~LED_MODE_MASK;\n\tval |= FIELD_PREP(LED_MODE_MASK, mode);\n"
                        "\treturn chip_write(chip, LED_CTRL, val);\n",
                        "\tval = 0;\n\treturn chip_write(chip, LED_CTRL, val, 0);\n")
    s, after = fold(tmp_path, text, ["\tval = 0;", "\treturn chip_write(chip, LED_CTRL, val, 0);"],
                    ["\treturn chip_write(chip, LED_CTRL, val | mode, 0);"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert "\tval = 0;\n\treturn chip_write(chip, LED_CTRL, val | mode, 0);\n" in after


@pytest.mark.parametrize("between", ["\tfan_note(f);\n", "#ifdef CONFIG_FAN_DEBUG\n\tfan_note(f);\n#endif\n"])
def test_a_call_above_other_statements_is_not_made_again(tmp_path, between):
    """Before: the check was replaced and `st = acpi_evaluate_integer(...)` kept two lines above, so
    the firmware was evaluated twice (and st set but never read)."""
    text = QUERY.replace("\tif (ACPI_FAILURE(st)) {", between + "\tif (ACPI_FAILURE(st)) {")
    s, after = query(tmp_path, text, ["\tif (ACPI_FAILURE(acpi_evaluate_integer(f->handle, \"FLVL\", NULL, level)))",
                                      "\t\treturn -EIO;"])
    assert s.status == Status.MANUAL and "with statements between them" in s.reason, s.reason
    assert after == text


@pytest.mark.parametrize("where", ["global", "static local"])
def test_an_assignment_to_a_global_or_a_static_is_not_folded_away(tmp_path, where):
    """Before: `fan_status = acpi_evaluate_integer(...)` went with the check the reviewer rewrote, so
    the value other functions read (or the next call finds) was no longer stored."""
    text = QUERY.replace("acpi_status st;", "static acpi_status st;") if where == "static local" else \
        "static acpi_status st;\n\n" + QUERY.replace("\tacpi_status st;\n\n", "")
    s, after = query(tmp_path, text, ["\tif (ACPI_FAILURE(acpi_evaluate_integer(f->handle, \"FLVL\", NULL, level)))",
                                      "\t\treturn -EIO;"])
    assert s.status == Status.MANUAL and "outlives the function" in s.reason, s.reason
    assert after == text


CHAIN = """\
static bool fan_has_curve(struct fan *f)
{
\tif (f->points < 0)
\t\treturn false;

\treturn true;
}

static int fan_limit(struct fan *f, int limit)
{
\tif (limit > f->max)
\t\treturn f->max;
\treturn limit;
}
"""


def test_one_return_for_the_returning_if_and_the_return_below_it(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    for fn, quoted, code, old, new in [
        ("fan_has_curve", ["+\tif (f->points < 0)", "+\t\treturn false;", "+", "+\treturn true;"],
         "This can be a one-liner:\n\n\treturn f->points >= 0;",
         "\tif (f->points < 0)\n\t\treturn false;\n\n\treturn true;\n", "\treturn f->points >= 0;\n"),
        ("fan_limit", ["+\tif (limit > f->max)", "+\t\treturn f->max;", "+\treturn limit;"],
         "Simpler as\n\n\treturn min(limit, f->max);",
         "\tif (limit > f->max)\n\t\treturn f->max;\n\treturn limit;\n", "\treturn min(limit, f->max);\n"),
    ]:
        s = sugg("drivers/hwmon/fan.c", fn, quoted, code)
        after = applied(tmp_path, "drivers/hwmon/fan.c", CHAIN, s)[0]
        assert (s.kind, s.status) == ("replace-code", Status.APPLIED), s.reason
        assert after == CHAIN.replace(old, new)


def test_a_return_that_leaves_out_a_name_of_the_condition_does_not_take_the_if(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/hwmon/fan.c", "fan_limit", ["+\tif (limit > f->max)", "+\t\treturn f->max;",
                                                  "+\treturn limit;"], "Then just\n\n\treturn f->max;")
    after = applied(tmp_path, "drivers/hwmon/fan.c", CHAIN, s)[0]
    assert "\tif (limit > f->max)\n" in after


def test_a_return_that_leaves_out_the_value_below_the_if_replaces_the_if_s_return_only(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    src = CHAIN.replace("\t\treturn f->max;\n\treturn limit;", "\t\treturn -ERANGE;\n\treturn 0;")
    s = sugg("drivers/hwmon/fan.c", "fan_limit", ["+\tif (limit > f->max)", "+\t\treturn -ERANGE;",
                                                  "+\treturn 0;"],
             "Say why:\n\n\t\treturn dev_err_probe(f->dev, -ERANGE, \"limit %d above %d\\n\", limit, f->max);")
    after = applied(tmp_path, "drivers/hwmon/fan.c", src, s)[0]
    assert "\treturn 0;\n" in after and "\tif (limit > f->max)\n" in after


def test_one_return_for_the_quoted_body_said_as_a_single_line(tmp_path):
    # "a single line" asks for one statement where there were several: the if and the return below it
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/hwmon/fan.c", "fan_has_curve", ["+\tif (f->points < 0)", "+\t\treturn false;", "+",
                                                      "+\treturn true;", "+}"],
             "Could be a single line:\n\n\treturn f->points >= 0;", lines=(3, 6))
    after = applied(tmp_path, "drivers/hwmon/fan.c", CHAIN, s)[0]
    assert (s.kind, s.status) == ("replace-code", Status.APPLIED), s.reason
    assert after == CHAIN.replace("\tif (f->points < 0)\n\t\treturn false;\n\n\treturn true;\n",
                                  "\treturn f->points >= 0;\n")


def test_a_diff_whose_removed_line_holds_a_string_finds_it(tmp_path):
    """`-old` / `+new` lines with a string literal: the quoted statement is found as written (the file's
    strings are masked when it is scanned, so the diff's are too)."""
    path = "drivers/watchdog/wdt.c"
    old = 'pr_err("wdt: can not drive the line: %d\\n", ret);'
    new = 'pr_err("wdt: cannot drive the line: %d\\n", ret);'
    s = _print_suggestion(old, f"-{old}\n+{new}")
    s.code = [f"-{old}", f"+{new}"]
    planned = RU.plan([s], {s.id: CodeContext(path, START, "wdt_start", {path: START}, [])})
    files, edits = A.apply(RU.render(planned), planned, {path: START}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert [ln for ln in edits[0].diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")] == [
        f"-\t\t{old}", f"+\t\t{new}"]


ORDER = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct qx *q = platform_get_drvdata(pdev);

\tq->wdd.parent = &pdev->dev;
\twatchdog_set_drvdata(&q->wdd, q);
\twatchdog_init_timeout(&q->wdd, 0, &pdev->dev);
\twatchdog_stop_on_reboot(&q->wdd);
\treturn 0;
}
"""


def test_reviewer_code_that_shows_another_order_never_runs_a_statement_twice(tmp_path):
    """"I would do: init_timeout(); set_drvdata(); ..." under three quoted calls: taken for the last two it
    wrote set_drvdata() twice and dropped stop_on_reboot()."""
    from tests.unit.kinds_support import pipeline, sugg
    quoted = ORDER.splitlines()[5:8]
    s = sugg("drivers/watchdog/qx.c", "qx_probe", ["+" + q for q in quoted], "I would do:")
    s.quote = s.anchor.code = quoted
    s.code = ["watchdog_init_timeout(&q->wdd, 0, &pdev->dev);", "watchdog_set_drvdata(&q->wdd, q);", "..."]
    after, _, _ = pipeline(tmp_path, "drivers/watchdog/qx.c", ORDER, [s])
    assert after == ORDER and s.status == Status.MANUAL
    assert "the reviewer's code writes `watchdog_set_drvdata(&q->wdd, q);` again" in s.reason


PICK = """\
static int qx_pick(struct qx *q, unsigned int *mode, long *val, unsigned int reg)
{
\tif (q->params->mode)
\t\t*mode = q->params->mode;
\telse
\t\t*mode = q->mode;

\tif (reg & (1 << 13))
\t\t*val = 1;
\telse
\t\t*val = 0;
\treturn 0;
}
"""


@pytest.mark.parametrize("first, code, want", [
    # the reviewer's one assignment stands for the whole if/else, not for one of its branches
    (3, "*mode = q->params->mode ?: q->mode;", "\t*mode = q->params->mode ?: q->mode;\n"),
    (8, "*val = !!(reg & BIT(13));", "\t*val = !!(reg & BIT(13));\n"),
])
def test_one_assignment_for_an_if_else_that_assigns_it_in_both_branches(tmp_path, first, code, want):
    quoted = PICK.splitlines()[first - 1:first + 3]
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment=code,
                   anchor=Anchor(file=PATH, function="qx_pick", lines=(first, first + 3),
                                 code=[q.strip() for q in quoted]),
                   quoted=["+" + q for q in quoted], code=[code], response=Response.ACCEPTED, response_text="Ok.",
                   kind="code")
    planned = RU.plan([s], {s.id: CodeContext(PATH, PICK, "qx_pick", {PATH: PICK}, [])})
    files, _ = A.apply(RU.render(planned), planned, {PATH: PICK}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert files[PATH] == PICK.replace("\n".join(quoted) + "\n", want)


def test_one_assignment_for_an_if_else_whose_branch_does_more_by_a_comma_changes_nothing(tmp_path):
    """`*val = 1, q->mode = 0;` does more than assign *val: the reviewer's `*val = !!(...)` would lose it."""
    text = PICK.replace("\t\t*val = 1;", "\t\t*val = 1, q->mode = 0;")
    quoted = text.splitlines()[7:11]
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment="*val = !!(reg & BIT(13));",
                   anchor=Anchor(file=PATH, function="qx_pick", lines=(8, 11), code=[q.strip() for q in quoted]),
                   quoted=["+" + q for q in quoted], code=["*val = !!(reg & BIT(13));"], response=Response.ACCEPTED,
                   response_text="Ok.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(PATH, text, "qx_pick", {PATH: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {PATH: text}, tmp_path)
    assert (s.status, files[PATH]) == (Status.MANUAL, text), s.reason
    assert s.reason == ("replace-code: a branch of the quoted if/else does more than assign *val (a comma "
                        "expression): what of it the reviewer's one assignment keeps is for the author")




FREE = """\
static unsigned long ring_free(struct ring *r)
{
\tunsigned long cons, prod;

\tcons = READ_ONCE(r->cons);
\tprod = smp_load_acquire(&r->prod);
\treturn r->size - (prod - cons);
}
"""


def test_code_that_leaves_locals_only_assigned_is_manual(tmp_path):
    """Before: the return was replaced and cons and prod were left set but never read."""
    path = "kernel/bpf/ring.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment="Use the existing helpers:",
                   anchor=Anchor(file=path, function="ring_free"), quoted=["+\treturn r->size - (prod - cons);"],
                   quote=["\treturn r->size - (prod - cons);"], code=["return ring_size(r) - ring_used(r);"],
                   written=["\treturn ring_size(r) - ring_used(r);"], response=Response.ACCEPTED,
                   response_text="Ok.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, FREE, "ring_free", {path: FREE}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: FREE}, tmp_path)
    assert files[path] == FREE and s.status == Status.MANUAL
    assert s.reason == ("replace-code: with the reviewer's code, cons and prod would only be assigned in "
                        "ring_free(), never read: which of the statements that set them go as well is for "
                        "the author")


PUT = """\
static int qx_access(struct qx_file *of, void *buf, int len)
{
\tint ret = -EINVAL;

\tif (!qx_get_active(of))
\t\treturn -ENODEV;
\tif (of->ops->access)
\t\tret = of->ops->access(of, buf, len);
\tqx_put_active(of);
\treturn ret;
}
"""


def test_reviewer_code_that_makes_the_call_of_the_statement_above_inside_its_own_is_manual(tmp_path):
    """"Simpler: return qx_put_active(of), ret;" under the put and the return: lined up with the return
    alone it left the put above it, and the put ran twice."""
    from tests.unit.kinds_support import pipeline, sugg
    quoted = PUT.splitlines()[8:10]
    s = sugg("drivers/misc/qx.c", "qx_access", ["+" + q for q in quoted], "Simpler:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = ["return qx_put_active(of), ret;"]
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", PUT, [s])
    assert after == PUT and s.status == Status.MANUAL
    assert s.reason == ("replace-code: the reviewer's code makes the call `qx_put_active(of)` that the statement "
                        "next to the lines it lines up with makes: replacing those lines alone would make it "
                        "twice; folding the two is for the author")


CLAMPED = """\
static int qx_write_temp(struct qx *q, long temp)
{
\tif (temp < QX_TEMP_MIN)
\t\ttemp = QX_TEMP_MIN;
\tif (temp > QX_TEMP_MAX)
\t\ttemp = QX_TEMP_MAX;
\treturn qx_write(q, QX_REG_MAX, temp / 500);
}
"""


@pytest.mark.parametrize("cut", [slice(2, 6), slice(2, 4), slice(4, 6)])
def test_one_statement_for_two_clamping_ifs_replaces_both(tmp_path, cut):
    """"How about: temp = clamp_val(temp, MIN, MAX);" under the two ifs was ambiguous (the bodies tied), and
    under one of them replaced that one alone and kept the other."""
    from tests.unit.kinds_support import hunks, pipeline, sugg
    quoted = CLAMPED.splitlines()[cut]
    s = sugg("drivers/hwmon/qx.c", "qx_write_temp", ["+" + q for q in quoted], "How about:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = ["temp = clamp_val(temp, QX_TEMP_MIN, QX_TEMP_MAX);"]
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", CLAMPED, [s])
    assert s.status == Status.APPLIED, s.reason
    assert hunks("drivers/hwmon/qx.c", CLAMPED, after) == [
        "@@ -1,8 +1,5 @@", " static int qx_write_temp(struct qx *q, long temp)", " {",
        "-\tif (temp < QX_TEMP_MIN)", "-\t\ttemp = QX_TEMP_MIN;", "-\tif (temp > QX_TEMP_MAX)",
        "-\t\ttemp = QX_TEMP_MAX;", "+\ttemp = clamp_val(temp, QX_TEMP_MIN, QX_TEMP_MAX);",
        " \treturn qx_write(q, QX_REG_MAX, temp / 500);", " }"]


def test_one_bound_for_one_of_two_clamping_ifs_replaces_that_one(tmp_path):
    from tests.unit.kinds_support import pipeline, sugg
    quoted = CLAMPED.splitlines()[4:6]
    s = sugg("drivers/hwmon/qx.c", "qx_write_temp", ["+" + q for q in quoted], "How about:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = ["temp = min(temp, QX_TEMP_MAX);"]
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", CLAMPED, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == CLAMPED.replace("\tif (temp > QX_TEMP_MAX)\n\t\ttemp = QX_TEMP_MAX;\n",
                                    "\ttemp = min(temp, QX_TEMP_MAX);\n")


RESUME = """\
static int qx_resume(struct device *dev)
{
\tstruct i2c_client *client = to_i2c_client(dev);
\tint status;

\tstatus = i2c_smbus_read_byte_data(client, QX_REG_CONF);
\tif (status < 0)
\t\treturn status;
\tstatus = status & ~QX_SHUTDOWN;
\ti2c_smbus_write_byte_data(client, QX_REG_CONF, status);
\treturn 0;
}
"""
RETURNED = ["status &= ~QX_SHUTDOWN;", "return i2c_smbus_write_byte_data(client, QX_REG_CONF, status);"]


def test_code_that_ends_in_a_return_takes_the_quoted_statements_after_its_lines(tmp_path):
    """The two statements lined up with the snippet were replaced and the quoted `return 0;` after them was
    kept, never to run."""
    from tests.unit.kinds_support import pipeline, sugg
    quoted = RESUME.splitlines()[8:11]
    s = sugg("drivers/hwmon/qx.c", "qx_resume", ["+" + q for q in quoted], "How about:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = RETURNED
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", RESUME, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == RESUME.replace("\tstatus = status & ~QX_SHUTDOWN;\n\ti2c_smbus_write_byte_data(client, "
                                   "QX_REG_CONF, status);\n\treturn 0;\n", "".join(f"\t{c}\n" for c in RETURNED))


def test_code_that_ends_in_a_return_above_a_statement_below_the_quote_is_manual(tmp_path):
    from tests.unit.kinds_support import pipeline, sugg
    quoted = RESUME.splitlines()[8:10]
    s = sugg("drivers/hwmon/qx.c", "qx_resume", ["+" + q for q in quoted], "How about:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = RETURNED
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", RESUME, [s])
    assert after == RESUME and s.status == Status.MANUAL
    assert s.reason == ("replace-code: the reviewer's code ends in a return, and `return 0;` after the lines it "
                        "lines up with would never run: what becomes of it is for the author")


RATE = """\
static int qx_set_rate(struct qx *q, unsigned int index)
{
\tunsigned int reg;
\tint err;

\terr = regmap_read(q->regmap, QX_REG_CONF, &reg);
\tif (err < 0)
\t\treturn err;
\treg &= ~0x00c0;
\treg |= (3 - index) << 6;
\terr = regmap_write(q->regmap, QX_REG_CONF, reg);
\treturn err;
}
"""


def test_code_that_lines_up_better_with_statements_the_quote_cuts_is_manual(tmp_path):
    """"Use FIELD_PREP(): reg &= ~M; reg |= FIELD_PREP(M, v);" under the `reg |=` and the write replaced
    those two: the mask line above stayed and the write was gone."""
    from tests.unit.kinds_support import pipeline, sugg
    quoted = RATE.splitlines()[9:11]
    s = sugg("drivers/hwmon/qx.c", "qx_set_rate", ["+" + q for q in quoted], "Use FIELD_PREP():")
    s.quote = s.anchor.code = quoted
    s.code = s.written = ["reg &= ~QX_RATE_MASK;", "reg |= FIELD_PREP(QX_RATE_MASK, 3 - index);"]
    after, _, _ = pipeline(tmp_path, "drivers/hwmon/qx.c", RATE, [s])
    assert after == RATE and s.status == Status.MANUAL
    assert s.reason == ("replace-code: the reviewer's code lines up better with `reg &= ~0x00c0;` (line 9) and "
                        "the statements after it, which the quote cuts: which lines it is for is left to the "
                        "author")


FILL = """\
static int qx_fill(struct qx *q, void *p)
{
\tint ret;

\tmutex_lock(&q->lock);
\tret = qx_check(q, p);
\tif (ret)
\t\tgoto unlock;
\tq->buf = p;
\tret = 0;
unlock:
\tmutex_unlock(&q->lock);
\treturn ret;
}
"""


def test_code_that_ends_in_a_return_leaves_the_statements_from_a_label_on(tmp_path):
    # a goto reaches them: they still run, and are no part of what the reviewer's code stands for
    from tests.unit.kinds_support import pipeline, sugg
    quoted = FILL.splitlines()[8:11]
    s = sugg("drivers/misc/qx.c", "qx_fill", ["+" + q for q in quoted], "How about:")
    s.quote = s.anchor.code = quoted
    s.code = s.written = ["q->buf = p;", "return 0;"]
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", FILL, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == FILL.replace("\tret = 0;\nunlock:", "\treturn 0;\nunlock:")
