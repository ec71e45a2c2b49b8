"""return-directly ("return foo() directly"): `v = E; if (v) return v; return 0;` and `v = E; return v;`
become `return E;` (v goes when unused), and anything that is not exactly that is manual."""
from __future__ import annotations

import pytest

from pathlib import Path

from cocci.recipes import return_directly
from patches.model import Status, Suggestion
from tests.unit.kinds_support import KINDS, applied, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = (KINDS / "qx_ring_locals.c").read_text()


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_checked_value_is_returned_directly_and_its_local_goes(tmp_path):
    s, after = run(tmp_path, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"],
                   "Just return regmap_write() here.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint ret;\n\n\tret = regmap_write(q->map, QX_REG,\n\t\t\t   v);\n\tif (ret)\n"
                                "\t\treturn ret;\n\n\treturn 0;\n",
                                "\treturn regmap_write(q->map, QX_REG,\n\t\t\t    v);\n")


def test_a_check_for_negative_values_only_is_not_return_directly(tmp_path):
    s, after = run(tmp_path, "qx_set2", ["+\tif (ret < 0)", "+\t\treturn ret;"], "Return it directly.")
    assert s.status == Status.MANUAL and after == SRC


def test_a_local_of_another_type_than_the_function_returns_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_get", ["+\tret = qx_read(q);", "+\treturn ret;"], "Simply return qx_read().")
    assert s.status == Status.MANUAL and "returns long" in s.reason and after == SRC


def test_what_asks():
    for yes in ("Return the result of foo() directly.", "You can just return foo() here."):
        assert return_directly.asks(yes), yes
    for no in ("Why do we return here?", "No need to init txp, it's set in the loop."):
        assert not return_directly.asks(no), no


PUMP = """\
static int pump_set_speed(struct pump *p, unsigned int rpm)
{
\tint ret;

\tif (rpm > PUMP_MAX_RPM) {
\t\tret = -ERANGE;
\t\tgoto out;
\t}

\tret = pump_wake(p);
\tif (ret < 0)
\t\tgoto out;

\tmutex_lock(&p->lock);
\tret = pump_write(p, PUMP_REG_SPEED, rpm);
\tif (ret)
\t\tgoto out_unlock;

\tp->rpm = rpm;
out_unlock:
\tmutex_unlock(&p->lock);
out:
\treturn ret;
}
"""
PUMP_PATH = "drivers/hwmon/pump.c"


def pump(tmp_path: Path, quoted: list[str], comment: str, text: str = PUMP) -> tuple[Suggestion, str]:
    s = sugg(PUMP_PATH, "pump_set_speed", quoted, comment, answer="")
    return s, applied(tmp_path, PUMP_PATH, text, s)[0]


def test_a_goto_to_a_label_that_only_returns_becomes_the_return(tmp_path):
    """Before: manual ("the quote holds no `v = E;` followed by `return v;`").  The value assigned
    before the goto is returned, the block loses its braces; another goto still jumps to the label,
    so it stays."""
    s, after = pump(tmp_path, ["+\tif (rpm > PUMP_MAX_RPM) {", "+\t\tret = -ERANGE;", "+\t\tgoto out;", "+\t}"],
                    "Return directly here, no need for the goto.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == PUMP.replace("\tif (rpm > PUMP_MAX_RPM) {\n\t\tret = -ERANGE;\n\t\tgoto out;\n\t}\n",
                                 "\tif (rpm > PUMP_MAX_RPM)\n\t\treturn -ERANGE;\n")


def test_a_quote_narrowed_to_the_value_takes_the_goto_under_it(tmp_path):
    """Before: a remark.  "Just return -ERANGE directly" keeps only the line naming -ERANGE of the quote;
    the goto right under it is the one the comment is about."""
    s, after = pump(tmp_path, ["+\t\tret = -ERANGE;"], "Just return -ERANGE directly, the label buys nothing.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == PUMP.replace("\tif (rpm > PUMP_MAX_RPM) {\n\t\tret = -ERANGE;\n\t\tgoto out;\n\t}\n",
                                 "\tif (rpm > PUMP_MAX_RPM)\n\t\treturn -ERANGE;\n")


def test_an_assignment_without_a_goto_under_it_is_not_the_goto_shape(tmp_path):
    s, after = pump(tmp_path, ["+\tp->rpm = rpm;"], "Just return rpm directly.")
    assert s.status != Status.APPLIED and after == PUMP


def test_the_label_goes_with_its_last_goto(tmp_path):
    text = PUMP.replace("\tif (rpm > PUMP_MAX_RPM) {\n\t\tret = -ERANGE;\n\t\tgoto out;\n\t}\n",
                        "\tif (rpm > PUMP_MAX_RPM)\n\t\treturn -ERANGE;\n")
    s, after = pump(tmp_path, ["+\tret = pump_wake(p);", "+\tif (ret < 0)", "+\t\tgoto out;"],
                    "Why jump to out at all? Just return the error.", text=text)
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == text.replace("\t\tgoto out;\n", "\t\treturn ret;\n").replace("out:\n", "")


def test_a_label_that_cleans_up_keeps_its_goto(tmp_path):
    s, after = pump(tmp_path, ["+\tif (ret)", "+\t\tgoto out_unlock;"], "Return directly here.")
    assert s.status == Status.MANUAL and "does more than return a value at out_unlock" in s.reason
    assert after == PUMP


def test_a_value_of_another_type_is_not_returned_through_the_goto(tmp_path):
    text = PUMP.replace("\tint ret;\n", "\tlong ret;\n")
    s, after = pump(tmp_path, ["+\t\tret = -ERANGE;", "+\t\tgoto out;"], "Just return -ERANGE here.", text=text)
    assert s.status == Status.MANUAL and after == text


def test_a_jump_back_to_a_label_is_left_to_the_author(tmp_path):
    text = PUMP.replace("\tint ret;\n\n", "\tint ret;\n\nretry:\n\treturn ret;\n")
    text = text.replace("\tif (ret)\n\t\tgoto out_unlock;\n", "\tif (ret)\n\t\tgoto retry;\n")
    s, after = pump(tmp_path, ["+\tif (ret)", "+\t\tgoto retry;"], "Just return directly.", text=text)
    assert s.status == Status.MANUAL and "comes before the goto" in s.reason and after == text


STANDBY = """static int qx_standby(struct qx *q)
{
\tint ret;

\tq->up = false;
\tqx_reset(q, 0);
\tret = qx_power(q, false);

\treturn ret;
}

static int qx_both(struct qx *q, bool on)
{
\tint ret;

\tif (on) {
\t\tret = qx_power(q, true);
\t\treturn ret;
\t}
\tret = qx_power(q, false);

\treturn ret;
}
"""


def whole(tmp_path: Path, fn: str, comment: str) -> tuple[Suggestion, str]:
    """COMMENT under function FN of STANDBY quoted whole (which reading narrows to its header)."""
    lines = STANDBY.splitlines()
    start = next(i for i, ln in enumerate(lines) if f" {fn}(" in ln)
    end = lines.index("}", start)
    s = sugg(PATH, fn, ["+" + ln for ln in lines[start:end + 1]], comment, answer="", lines=(start + 1, start + 2))
    s.anchor.code = lines[start:start + 2]
    return s, applied(tmp_path, PATH, STANDBY, s)[0]


def test_a_single_return_under_a_function_quoted_whole(tmp_path):
    """Before: the quote, narrowed to the function's header, held no `v = E; return v;` (manual), and
    "can be a single return" was no request to return directly."""
    s, after = whole(tmp_path, "qx_standby", "This can be a single return.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == STANDBY.replace("\tint ret;\n\n\tq->up = false;\n\tqx_reset(q, 0);\n\tret = qx_power(q, false);\n\n"
                                    "\treturn ret;\n", "\tq->up = false;\n\tqx_reset(q, 0);\n"
                                    "\treturn qx_power(q, false);\n")
    s, after = whole(tmp_path, "qx_standby", "Could just be one return statement, no need for ret.")
    assert s.status == Status.APPLIED, s.reason


def test_a_function_quoted_whole_with_two_such_values_is_manual(tmp_path):
    s, after = whole(tmp_path, "qx_both", "This can be a single return.")
    assert s.status == Status.MANUAL and "more than one place" in s.reason and after == STANDBY


VALVE = """\
static int valve_open(struct valve *v)
{
\tint ret;

\tif (!v->regs) {
\t\tret = -ENODEV;
\t\tgoto fail;
\t}

\tvalve_kick(v);
\treturn 0;
fail:
\treturn ret;
}
"""
VALVE_PATH = "drivers/misc/valve.c"


def test_a_label_reached_by_its_gotos_alone_keeps_its_last_goto(tmp_path):
    """Before: applied, and `return 0;` was followed by a `return ret;` never reached (ret unused
    but there).  The label is not fallen into: the last goto's return leaves the code after it dead."""
    s = sugg(VALVE_PATH, "valve_open", ["+\tif (!v->regs) {", "+\t\tret = -ENODEV;", "+\t\tgoto fail;", "+\t}"],
             "Return directly here, no need for the goto.", answer="")
    after = applied(tmp_path, VALVE_PATH, VALVE, s)[0]
    assert s.status == Status.MANUAL and "fail is reached by its gotos alone" in s.reason
    assert after == VALVE


def test_the_last_of_two_gotos_takes_the_label_and_its_dead_return_with_it(tmp_path):
    """Before: the last goto was left (its return would have left `return ret;` dead after `return 0;`).
    The label only returns, up to the closing brace: with its last goto gone, label and return go."""
    text = VALVE.replace("\tvalve_kick(v);\n", "\tif (valve_kick(v))\n\t\tgoto fail;\n")
    first = sugg(VALVE_PATH, "valve_open", ["+\t\tret = -ENODEV;", "+\t\tgoto fail;"],
                 "Return directly here, no need for the goto.", answer="")
    second = sugg(VALVE_PATH, "valve_open", ["+\tif (valve_kick(v))", "+\t\tgoto fail;"],
                  "Both the goto and the label can go, just return here.", sid="1.2", answer="")
    after, _, edits = pipeline(tmp_path, VALVE_PATH, text, [first, second])
    assert (first.status, second.status) == (Status.APPLIED, Status.APPLIED), (first.reason, second.reason)
    assert after == text.replace("\tif (!v->regs) {\n\t\tret = -ENODEV;\n\t\tgoto fail;\n\t}\n",
                                 "\tif (!v->regs)\n\t\treturn -ENODEV;\n").replace(
        "\t\tgoto fail;\n\treturn 0;\nfail:\n\treturn ret;\n", "\t\treturn ret;\n\treturn 0;\n")


def test_an_assignment_under_an_if_above_the_goto_is_not_folded_into_it(tmp_path):
    """Before: `if (p->stalled) ret = -EAGAIN; goto out;` became `if (p->stalled) return -EAGAIN;`:
    the goto that always ran was made conditional."""
    text = PUMP.replace("\tif (rpm > PUMP_MAX_RPM) {\n\t\tret = -ERANGE;\n\t\tgoto out;\n\t}\n",
                        "\tif (rpm > PUMP_MAX_RPM)\n\t\treturn -ERANGE;\n")
    text = text.replace("\tif (ret < 0)\n\t\tgoto out;\n",
                        "\tif (ret < 0) {\n\t\tif (p->stalled)\n\t\t\tret = -EAGAIN;\n\t\tgoto out;\n\t}\n")
    s, after = pump(tmp_path, ["+\t\tif (p->stalled)", "+\t\t\tret = -EAGAIN;", "+\t\tgoto out;"],
                    "Return directly here, no need for the goto.", text=text)
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == text.replace("\t\tgoto out;\n\t}\n", "\t\treturn ret;\n\t}\n").replace("out:\n", "")


def test_a_goto_under_a_local_of_the_same_name_is_manual(tmp_path):
    """Before: `goto out;` under an inner `int ret` became `return ret;`, which returns the inner
    value where out: returned the outer one."""
    text = PUMP.replace("\tret = pump_wake(p);\n\tif (ret < 0)\n\t\tgoto out;\n",
                        "\tif (p->boost) {\n\t\tint ret = pump_boost(p);\n\n\t\tif (ret < 0)\n\t\t\tgoto out;\n\t}\n")
    s, after = pump(tmp_path, ["+\t\tif (ret < 0)", "+\t\t\tgoto out;"], "Return directly here, no need for the goto.",
                    text=text)
    assert s.status == Status.MANUAL and "ret is declared again in a block" in s.reason, s.reason
    assert after == text


MODE = """\
static int pmic_set_mode(struct pmic *p, const char *name)
{
\tint i, ret;

\tret = pmic_lookup(p, name, &i);
\tif (ret)
\t\treturn ret;

\tret = regmap_update_bits(p->map, PMIC_REG_OUT, PMIC_OUT_MODE,
\t\t\t\t i << PMIC_OUT_SHIFT);
\tif (ret)
\t\treturn ret;

\treturn 0;
}
"""
MODE_QUOTE = ["+\tret = regmap_update_bits(p->map, PMIC_REG_OUT, PMIC_OUT_MODE,",
              "+\t\t\t\t i << PMIC_OUT_SHIFT);", "+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"]


def test_the_reviewers_return_with_the_arguments_left_out(tmp_path):
    # the reviewer writes the call's name and "(...)": the quoted call is returned as it stands; ret
    # (declared with i) stays, another statement still uses it
    for comment in ("\treturn regmap_update_bits(...);", "return regmap_update_bits(\u2026);"):
        s = sugg("drivers/mfd/pmic.c", "pmic_set_mode", MODE_QUOTE, comment, answer="Ack.")
        after = applied(tmp_path, "drivers/mfd/pmic.c", MODE, s)[0]
        assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
        assert after == MODE.replace("\tret = regmap_update_bits(p->map, PMIC_REG_OUT, PMIC_OUT_MODE,\n"
                                     "\t\t\t\t i << PMIC_OUT_SHIFT);\n\tif (ret)\n\t\treturn ret;\n\n\treturn 0;\n",
                                     "\treturn regmap_update_bits(p->map, PMIC_REG_OUT, PMIC_OUT_MODE,\n"
                                     "\t\t\t\t  i << PMIC_OUT_SHIFT);\n")


def test_a_sketched_return_of_another_call_is_manual(tmp_path):
    s = sugg("drivers/mfd/pmic.c", "pmic_set_mode", MODE_QUOTE, "return regmap_write(...);")
    after = applied(tmp_path, "drivers/mfd/pmic.c", MODE, s)[0]
    assert s.status == Status.MANUAL and after == MODE


GAUGE = """\
static int gauge_scale(struct gauge *g, int *out, unsigned int mult)
{
\tint ret, frac;

\tret = gauge_read(g, out, &frac);
\tif (ret < 0)
\t\treturn ret;

\tswitch (ret) {
\tcase GAUGE_WHOLE:
\t\t*out *= mult;
\t\tbreak;
\tcase GAUGE_MILLI:
\t\t*out = *out * mult + frac * mult / 1000;
\t\tbreak;
\tdefault:
\t\tpr_warn("gauge: unknown value type %d\\n", ret);
\t\treturn -EINVAL;
\t}

\treturn ret;
}
"""
TAIL = ["+\tdefault:", '+\t\tpr_warn("gauge: unknown value type %d\\n", ret);', "+\t\treturn -EINVAL;", "+\t}",
        "+", "+\treturn ret;"]
CASES_ASK = "And drop this return as all cases should return directly."


def _cases(tmp_path: Path, text: str, answer: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "gauge_scale", TAIL, CASES_ASK, answer=answer)
    return s, applied(tmp_path, PATH, text, s)[0]


def test_every_case_returns_what_the_return_after_the_switch_did(tmp_path):
    s, after = _cases(tmp_path, GAUGE, "Sure.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == GAUGE.replace("\t\tbreak;\n", "\t\treturn ret;\n").replace("\t}\n\n\treturn ret;\n}\n", "\t}\n}\n")


def test_every_case_returns_the_constant_the_author_states(tmp_path):
    s, after = _cases(tmp_path, GAUGE, "Right, I'll make all the cases return GAUGE_WHOLE then, and drop it.")
    assert s.status == Status.APPLIED, s.reason
    assert after == GAUGE.replace("\t\tbreak;\n", "\t\treturn GAUGE_WHOLE;\n").replace(
        "\t}\n\n\treturn ret;\n}\n", "\t}\n}\n")
    # a refusal, or a value that is not a constant, states nothing: the return after the switch is moved
    assert return_directly.cases_return("I won't make all the cases return GAUGE_WHOLE.") == ""
    assert return_directly.cases_return("I'll make all the cases return gauge_fix(ret).") == ""


def test_a_switch_the_return_is_still_reached_from_is_manual(tmp_path):
    no_default = GAUGE.replace('\tdefault:\n\t\tpr_warn("gauge: unknown value type %d\\n", ret);\n'
                               '\t\treturn -EINVAL;\n', "")
    s, after = _cases(tmp_path, no_default, "Sure.")
    assert s.status == Status.MANUAL and "no default" in s.reason and after == no_default
    loop = GAUGE.replace("\t\t*out *= mult;\n\t\tbreak;\n",
                         "\t\twhile (*out > GAUGE_MAX)\n\t\t\t*out /= 2;\n\t\t*out *= mult;\n\t\tbreak;\n")
    s, after = _cases(tmp_path, loop, "Sure.")
    assert s.status == Status.MANUAL and "loop" in s.reason and after == loop


def test_a_return_written_in_a_sentence_is_the_sketch_of_the_call(tmp_path):
    s = sugg(PATH, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"], "")
    s.code = ["Just return regmap_write(...);"]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint ret;\n\n\tret = regmap_write(q->map, QX_REG,\n\t\t\t   v);\n\tif (ret)\n"
                                "\t\treturn ret;\n\n\treturn 0;\n",
                                "\treturn regmap_write(q->map, QX_REG,\n\t\t\t    v);\n")


def test_the_reviewers_return_v_takes_in_if_v_return_v_return_0(tmp_path):
    # the review stage narrows the quote to the line the reviewer's return lines up with
    s = sugg(PATH, "qx_set", ["+\treturn 0;"], "")
    s.code = ["\treturn ret;"]
    s.quoted = ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("replace-code", Status.APPLIED), s.reason
    assert after == SRC.replace("\tif (ret)\n\t\treturn ret;\n\n\treturn 0;\n", "\treturn ret;\n", 1)


def test_the_reviewers_return_v_does_not_take_in_a_check_for_negative_values(tmp_path):
    s = sugg(PATH, "qx_set2", ["+\treturn 0;"], "")
    s.code = ["\treturn ret;"]
    s.quoted = ["+\tif (ret < 0)", "+\t\treturn ret;", "+", "+\treturn 0;"]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert "\tif (ret < 0)\n\t\treturn ret;\n" in after


def test_the_reviewers_whole_return_of_the_quoted_call(tmp_path):
    s = sugg(PATH, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"], "")
    s.code = ["Just return regmap_write(q->map, QX_REG, v);"]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint ret;\n\n\tret = regmap_write(q->map, QX_REG,\n\t\t\t   v);\n\tif (ret)\n"
                                "\t\treturn ret;\n\n\treturn 0;\n",
                                "\treturn regmap_write(q->map, QX_REG,\n\t\t\t    v);\n")


def test_a_whole_return_with_other_arguments_is_not_return_directly(tmp_path):
    s = sugg(PATH, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"], "")
    s.code = ["return regmap_write(q->map, QX_OTHER_REG, v);"]
    applied(tmp_path, PATH, SRC, s)
    assert s.kind != "return-directly"


def test_a_return_written_inline_between_backticks(tmp_path):
    for comment in ("This can simply be `return regmap_write(...)`.",
                    "This can simply be `return regmap_write(q->map, QX_REG, v);`"):
        s = sugg(PATH, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"], comment)
        after = applied(tmp_path, PATH, SRC, s)[0]
        assert (s.kind, s.status) == ("return-directly", Status.APPLIED), (comment, s.reason)
        assert "\treturn regmap_write(q->map, QX_REG,\n\t\t\t    v);\n}\n" in after


CHECKED = """\
static int qx_write(struct qx *q, int val)
{
\tint ret;

\tret = regmap_write(q->map, QX_REG, val);
\tq->cached = val;
\tif (ret)
\t\treturn ret;

\treturn 0;
}
"""


PROBE = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct qx_priv *priv;
\tint ret;

\tret = qx_setup(priv);
\tif (ret)
\t\tgoto err;
\tplatform_set_drvdata(pdev, priv);
\treturn 0;

err:
\treturn ret;
}
"""


def test_a_check_then_return_0_is_the_value_returned_when_it_is_computed_further_up(tmp_path):
    s = sugg(PATH, "qx_write", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"], "Just return ret here.",
             answer="")
    after = applied(tmp_path, PATH, CHECKED, s)[0]
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == CHECKED.replace("\tif (ret)\n\t\treturn ret;\n\n\treturn 0;\n", "\treturn ret;\n")


def test_a_check_for_negative_values_then_return_0_stays_manual(tmp_path):
    text = CHECKED.replace("if (ret)", "if (ret < 0)")
    s = sugg(PATH, "qx_write", ["+\tif (ret < 0)", "+\t\treturn ret;", "+", "+\treturn 0;"], "Just return ret.",
             answer="")
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.MANUAL and after == text


def test_the_goto_and_the_label_asked_away_in_one_sentence(tmp_path):
    """The label is reached by its one goto alone and only returns: both go, and ret stays in use."""
    for comment in ("Both the goto and the label can be dropped, just return ret.",
                    "The err label and the goto can go, return directly."):
        s = sugg(VALVE_PATH, "qx_probe", ["+\tif (ret)", "+\t\tgoto err;"], comment, answer="")
        after = applied(tmp_path, VALVE_PATH, PROBE, s)[0]
        assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
        assert after == PROBE.replace("\t\tgoto err;\n", "\t\treturn ret;\n").replace("\nerr:\n\treturn ret;\n", "")


def test_a_checked_return_nested_in_a_braceless_if_is_manual(tmp_path):
    text = ("static int qx_sync(struct qx *q)\n{\n\tint ret;\n\n\tret = qx_flush(q);\n\tif (q->strict)\n"
            "\t\tif (ret)\n\t\t\treturn ret;\n\treturn 0;\n}\n")
    s = sugg(PATH, "qx_sync", ["+\t\tif (ret)", "+\t\t\treturn ret;", "+\treturn 0;"], "Just return ret directly.",
             lines=(7, 9))
    after, _ = applied(tmp_path, PATH, text, s)
    assert s.status == Status.MANUAL and after == text
    assert "return-directly: `if (ret)` is the one statement of `if (q->strict)`, and `return 0;` is not: " \
           "`return ret;` there would leave the other way without a return" in s.reason


@pytest.mark.parametrize("comment", ["The if is pointless, just return ret.", "Drop the if, it returns ret either way.",
                                     "return ret; is enough, the if is redundant."])
def test_a_check_then_return_of_the_same_value_is_that_return(tmp_path, comment):
    """`if (ret < 0) return ret; return ret;` returns ret either way; the quote may come narrowed to its last
    line, the `if` above it is in the whole quote."""
    text = CHECKED.replace("if (ret)", "if (ret < 0)").replace("\n\treturn 0;\n", "\n\treturn ret;\n", 1)
    quote = ["\tif (ret < 0)", "\t\treturn ret;", "", "\treturn ret;"]
    s = sugg(PATH, "qx_write", ["+\treturn ret;"], comment, answer="", lines=(10, 10))
    s.quote = quote
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == text.replace("\tif (ret < 0)\n\t\treturn ret;\n\n\treturn ret;\n", "\treturn ret;\n")
