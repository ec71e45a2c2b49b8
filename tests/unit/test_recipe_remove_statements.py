"""remove-statements: the statements go, with the comment that explains them."""
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


def sugg(fn: str, quoted: list[str], comment: str, answer: str, sid: str = "1.2") -> Suggestion:
    return Suggestion(id=sid, patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"), comment=comment,
                      anchor=Anchor(file=PATH, function=fn), quoted=quoted,
                      response=Response.ACCEPTED, response_text=answer, kind="code")


def pipeline(tmp_path: Path, sugs: list[Suggestion]):
    text = (DATA / "net_ring.c").read_text()
    ctxs = {s.id: CodeContext(PATH, text, s.anchor.function, {PATH: text}, []) for s in sugs}
    planned = RU.plan(sugs, ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    return text, files[PATH], rules, edits


def test_removes_the_if_and_its_comment(tmp_path):
    s = sugg("ring_xmit", ["+ if (priv->flags & RING_KICK)", "+ ring_doorbell(priv->tx);"],
             "No firmware without RING_KICK support was ever shipped, RING_KICK is dead code.",
             "Right, I'll drop it.")
    before, after, rules, edits = pipeline(tmp_path, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "remove-statements"), s.reason
    assert [r.name for r in rules] == ["01-comment-block-old-firmware-needed.cocci",
                                      "02-remove-statements-ring_kick.cocci"]
    assert rules[1].text.endswith("fn(...) {\n<...\n-\tif (priv->flags & RING_KICK)\n"
                                  "-\t\tring_doorbell(priv->tx);\n...>\n}\n")
    assert s.rule == "cocci/02-remove-statements-ring_kick.cocci"
    assert "\t\treturn NETDEV_TX_BUSY;\n\n\terr = ring_map(priv->tx, skb, len);\n" in after
    assert "RING_KICK" not in after and "doorbell" not in after
    assert before.replace(after, "") == before  # sanity: text changed
    assert len(after.splitlines()) == len(before.splitlines()) - 7


def test_a_named_variable_is_not_for_this_recipe(tmp_path):
    s = sugg("ring_xmit", ["+ unsigned int len = skb_headlen(skb);"], "No need for len.", "Ok.")
    _, _, rules, _ = pipeline(tmp_path, [s])
    assert all(r.kind != "remove-statements" for r in rules)


def test_a_question_whether_the_code_is_needed_takes_the_statement_the_answer_drops(tmp_path):
    s = sugg("ring_xmit", ["+ WARN_ON(len == 0);"], "Is this warning useful to anybody?",
             "Not really, I'll drop it.")
    before, after, _, _ = pipeline(tmp_path, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "remove-statements"), s.reason
    assert "WARN_ON" not in after and len(after.splitlines()) == len(before.splitlines()) - 1


def test_a_question_whether_the_code_is_needed_alone_removes_nothing(tmp_path):
    s = sugg("ring_xmit", ["+ WARN_ON(len == 0);"], "Is this warning useful to anybody?",
             "Yes, it caught a firmware bug last year.")
    s.response = Response.DECLINED
    _, after, rules, _ = pipeline(tmp_path, [s])
    assert rules == [] and "WARN_ON(len == 0);" in after


def test_a_print_dropped_from_a_braced_block_takes_the_braces_with_it(tmp_path):
    """'Drop the message' under `if (!p) { dev_err(...); return -ENOMEM; }`: the print goes, and the one
    statement left needs no braces (kernel style)."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    src = ("static int qx_probe(struct device *dev)\n{\n\tstruct qx *q;\n\n"
           "\tq = devm_kzalloc(dev, sizeof(*q), GFP_KERNEL);\n\tif (!q) {\n"
           "\t\tdev_err(dev, \"no memory for the state\\n\");\n\t\treturn -ENOMEM;\n\t}\n\treturn 0;\n}\n")
    s = ksugg("drivers/misc/qx.c", "qx_probe", ["+\tif (!q) {", "+\t\tdev_err(dev, \"no memory for the state\\n\");",
                                               "+\t\treturn -ENOMEM;", "+\t}"],
              "Drop the message, the allocator already warns when it fails.", lines=(6, 9))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", src, s)
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert after == src.replace("\tif (!q) {\n\t\tdev_err(dev, \"no memory for the state\\n\");\n"
                                "\t\treturn -ENOMEM;\n\t}\n", "\tif (!q)\n\t\treturn -ENOMEM;\n")


@pytest.mark.parametrize("comment", ["No need for an error message here, the allocator already complains.",
                                     "No need to print anything on -ENOMEM.",
                                     "Allocation failures are already reported, drop this."])
def test_an_allocation_failure_message_asked_away_in_other_words(tmp_path, comment):
    from tests.unit.kinds_support import applied, sugg as ksugg
    src = ("static int qx_probe(struct device *dev)\n{\n\tstruct qx *q;\n\n"
           "\tq = devm_kzalloc(dev, sizeof(*q), GFP_KERNEL);\n\tif (!q) {\n"
           "\t\tdev_err(dev, \"no memory for the state\\n\");\n\t\treturn -ENOMEM;\n\t}\n\treturn 0;\n}\n")
    s = ksugg("drivers/misc/qx.c", "qx_probe", ["+\tif (!q) {", "+\t\tdev_err(dev, \"no memory for the state\\n\");",
                                               "+\t\treturn -ENOMEM;", "+\t}"], comment, lines=(6, 9))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", src, s)
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert "dev_err" not in after and "\tif (!q)\n\t\treturn -ENOMEM;\n\treturn 0;" in after


def test_a_print_asked_away_under_the_return_it_names_is_found_in_the_whole_quote(tmp_path):
    """'No need to print anything on -ENOMEM.': the review stage narrows the quote to the return that
    names -ENOMEM; the print is the one above it in the whole quote, and the return stays."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    src = ("static int qx_probe(struct device *dev)\n{\n\tstruct qx *q;\n\n"
           "\tq = devm_kzalloc(dev, sizeof(*q), GFP_KERNEL);\n\tif (!q) {\n"
           "\t\tdev_err(dev, \"no memory for the state\\n\");\n\t\treturn -ENOMEM;\n\t}\n\treturn 0;\n}\n")
    s = ksugg("drivers/misc/qx.c", "qx_probe", ["+\t\treturn -ENOMEM;"], "No need to print anything on -ENOMEM.",
              lines=(8, 8))
    s.quote = ["\tif (!q) {", "\t\tdev_err(dev, \"no memory for the state\\n\");", "\t\treturn -ENOMEM;", "\t}"]
    after, _ = applied(tmp_path, "drivers/misc/qx.c", src, s)
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert "dev_err" not in after and "\tif (!q)\n\t\treturn -ENOMEM;\n\treturn 0;" in after


TWO_PRINTS = ("static int qx_start(struct qx *q)\n{\n\tpr_info(\"qx: starting\\n\");\n"
              "\tpr_info(\"qx: clocks on\\n\");\n\treturn qx_go(q);\n}\n")


@pytest.mark.parametrize("comment", ["Don't drop this print, it is useful when the clocks hang.",
                                     "I would not remove this message.",
                                     "No need to drop it, it fires once."])
def test_a_removal_the_comment_turns_down_removes_nothing(tmp_path, comment):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", ["+\tpr_info(\"qx: starting\\n\");"], comment, lines=(3, 3))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", TWO_PRINTS, s)
    assert s.status == Status.MANUAL and after == TWO_PRINTS


def test_why_not_drop_it_still_asks(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", ["+\tpr_info(\"qx: starting\\n\");"], "Why not drop this print?",
              lines=(3, 3))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", TWO_PRINTS, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == TWO_PRINTS.replace("\tpr_info(\"qx: starting\\n\");\n", "")


THREE_PRINTS = ("static int qx_stop(struct qx *q)\n{\n\tpr_info(\"qx: stopping\\n\");\n"
                "\tpr_info(\"qx: stopping\\n\");\n\tqx_halt(q);\n\treturn 0;\n}\n")


@pytest.mark.parametrize("comment,gone", [("Drop the first message.", ["qx: starting"]),
                                          ("Drop the second message.", ["qx: clocks on"]),
                                          ("Please drop these prints.", ["qx: starting", "qx: clocks on"])])
def test_which_of_two_quoted_prints_by_place_or_both(tmp_path, comment, gone):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", ["+\tpr_info(\"qx: starting\\n\");",
                                               "+\tpr_info(\"qx: clocks on\\n\");"], comment, lines=(3, 4))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", TWO_PRINTS, s)
    assert s.status == Status.APPLIED, s.reason
    want = TWO_PRINTS
    for g in gone:
        want = want.replace(f"\tpr_info(\"{g}\\n\");\n", "")
    assert after == want


def test_two_identical_prints_asked_away_together(tmp_path):
    """Two statements that read the same are told apart by their lines, in one rule."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_stop", ["+\tpr_info(\"qx: stopping\\n\");",
                                              "+\tpr_info(\"qx: stopping\\n\");"], "Drop these messages.", lines=(3, 4))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", THREE_PRINTS, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == THREE_PRINTS.replace("\tpr_info(\"qx: stopping\\n\");\n", "")


def test_the_other_message_is_nobody_s_guess(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", ["+\tpr_info(\"qx: starting\\n\");",
                                               "+\tpr_info(\"qx: clocks on\\n\");"], "Drop the other message.",
              lines=(3, 4))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", TWO_PRINTS, s)
    assert s.status == Status.MANUAL and after == TWO_PRINTS


LONE = ("static int qx_go(struct qx *q)\n{\n\tint ret;\n\n\tret = qx_start(q);\n\tif (ret)\n"
        "\t\tpr_err(\"qx: start failed\\n\");\n\treturn ret;\n}\n")


def test_a_print_that_is_the_whole_body_of_an_unbraced_if_is_manual(tmp_path):
    """Removing it alone would leave `if (ret) {}`; the reviewer quoted the print, not the if."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_go", ["+\t\tpr_err(\"qx: start failed\\n\");"], "Drop this print.",
              lines=(7, 7))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", LONE, s)
    assert (s.status, after) == (Status.MANUAL, LONE)
    assert s.reason.startswith("remove-statements: the statement on line 7 is the whole body of the unbraced if "
                               "above it: removing it leaves an empty body"), s.reason


STORE = """\
static ssize_t qx_limit_store(struct qx *qx, const char *buf, size_t count)
{
\tunsigned long t;
\tint ret;

\tret = kstrtoul(buf, 0, &t);
\tif (ret)
\t\treturn ret;

\tqx->limit = t;
\tqx_msg(qx, "limit set to %lu\\n", t);
\treturn count;
}
"""


@pytest.mark.parametrize(("quoted", "comment"), [
    (["+\tret = kstrtoul(buf, 0, &t);", "+\tif (ret)", "+\t\treturn ret;"],
     "kstrtoul() already returns -EINVAL or -ERANGE, no need to check, just return it."),
    (["+\tqx_msg(qx, \"limit set to %lu\\n\", t);"], "qx_msg() adds the newline itself, drop the \\n.")])
def test_a_call_named_for_what_it_does_is_not_what_goes(tmp_path, quoted, comment):
    """Before: the kstrtoul() line went (t then never parsed, ret read unset), and the qx_msg() call
    under "drop the \\n"."""
    path = "drivers/misc/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"), comment=comment,
                   anchor=Anchor(file=path, function="qx_limit_store"), quoted=quoted,
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, STORE, "qx_limit_store", {path: STORE}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: STORE}, tmp_path)
    assert files[path] == STORE
    assert s.status == Status.MANUAL and "remove-statements" not in s.reason


def test_a_call_named_for_what_it_does_and_asked_away_by_deixis_goes(tmp_path):
    path = "drivers/misc/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"),
                   comment="qx_msg() prints this on every write, drop it.",
                   anchor=Anchor(file=path, function="qx_limit_store"),
                   quoted=["+\tqx_msg(qx, \"limit set to %lu\\n\", t);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, STORE, "qx_limit_store", {path: STORE}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: STORE}, tmp_path)
    assert (s.kind, s.status) == ("remove-statements", Status.APPLIED), s.reason
    assert files[path] == STORE.replace("\tqx_msg(qx, \"limit set to %lu\\n\", t);\n", "")


LOCKED = """\
static int qx_count(struct qx *qx)
{
\tstruct qx_node *n;
\tint count = 0;

\tmutex_lock(&qx_mutex);
\tlist_for_each_entry(n, &qx->nodes, list)
\t\tcount++;
\tmutex_unlock(&qx_mutex);
\treturn count;
}
"""


def test_a_lock_call_whose_unlock_stays_is_not_removed(tmp_path):
    """Before: "drop the locking" took the mutex_lock() line alone; the unlock stayed, releasing a mutex
    never taken."""
    path = "kernel/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"),
                   comment="Callers already hold qx_mutex: drop the locking and add "
                           "lockdep_assert_held(&qx_mutex) instead.",
                   anchor=Anchor(file=path, function="qx_count"), quoted=["+\tmutex_lock(&qx_mutex);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, LOCKED, "qx_count", {path: LOCKED}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: LOCKED}, tmp_path)
    assert files[path] == LOCKED and s.status == Status.MANUAL
    assert "remove-statements: mutex_lock() on line 6 pairs with mutex_unlock() on line 9, which would stay: the " \
        "lock would be taken or released once; left to the author" in s.reason


@pytest.mark.parametrize("comment", ['qx_msg() already has the prefix via pr_fmt, drop the "qx: ".',
                                     "Drop the \\n, qx_msg() adds one."])
def test_text_of_a_string_asked_away_takes_no_statement(tmp_path, comment):
    """Before: the whole qx_msg() line went under 'drop the "qx: "'."""
    path = "drivers/misc/qx.c"
    text = STORE.replace("\"limit set to %lu\\n\"", "\"qx: limit set to %lu\\n\"")
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"), comment=comment,
                   anchor=Anchor(file=path, function="qx_limit_store"),
                   quoted=["+\tqx_msg(qx, \"qx: limit set to %lu\\n\", t);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, "qx_limit_store", {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    assert files[path] == text
    assert s.status == Status.MANUAL and "remove-statements" not in s.reason


GPIO_LOCKED = """\
static int qx_power(struct qx *qx, bool off)
{
\tmutex_lock(&qx->lock);
\tgpiod_set_value(qx->reset, off);
\tmutex_unlock(&qx->lock);

\treturn 0;
}
"""


def test_the_lock_and_the_call_it_guards_named_together_is_manual(tmp_path):
    """Before: "Why the lock around gpiod_set_value()? Not needed." took the lock, the unlock and the
    gpiod_set_value() call between them: the reviewer asked the lock away, not the call."""
    path = "drivers/iio/pressure/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"),
                   comment="Why do you need the lock around gpiod_set_value()? It's not needed.",
                   anchor=Anchor(file=path, function="qx_power"),
                   quoted=["+\tmutex_lock(&qx->lock);", "+\tgpiod_set_value(qx->reset, off);",
                           "+\tmutex_unlock(&qx->lock);"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, GPIO_LOCKED, "qx_power", {path: GPIO_LOCKED}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: GPIO_LOCKED}, tmp_path)
    assert files[path] == GPIO_LOCKED and s.status == Status.MANUAL
    assert s.reason == ("remove-statements: the quote's statements to remove are mutex_lock() on line 3, its "
                        "mutex_unlock() on line 5 and the code between them (line 4): whether the locking or "
                        "the locked code goes is for the author")


THRESH = """\
static int qx_read_thresh(struct qx_data *data, int *val)
{
\tstruct i2c_client *client = data->client;
\tint ret;

\tret = i2c_smbus_read_word_data(data->client, QX_REG_THRESH);
\tif (ret < 0) {
\t\tdev_err(&client->dev, "failed to read threshold\\n");
\t\treturn ret;
\t}
\t*val = ret;
\treturn 0;
}
"""


def test_a_local_only_the_removed_print_used_goes_with_it(tmp_path):
    """Before: `struct i2c_client *client = data->client;` stayed, unused once its dev_err() went."""
    path = "drivers/iio/light/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"),
                   comment="Just return ret, no need for a message.",
                   anchor=Anchor(file=path, function="qx_read_thresh"),
                   quoted=["+\tif (ret < 0) {", "+\t\tdev_err(&client->dev, \"failed to read threshold\\n\");",
                           "+\t\treturn ret;", "+\t}"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, THRESH, "qx_read_thresh", {path: THRESH}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: THRESH}, tmp_path)
    assert (s.kind, s.status, s.reason) == ("remove-statements", Status.APPLIED, "")
    assert files[path] == THRESH.replace("\tstruct i2c_client *client = data->client;\n", "").replace(
        "\tif (ret < 0) {\n\t\tdev_err(&client->dev, \"failed to read threshold\\n\");\n\t\treturn ret;\n\t}\n",
        "\tif (ret < 0)\n\t\treturn ret;\n")




CACHE = """\
static int qx_fill(struct qx *qx)
{
\tu8 *buf;
\tint ret;

\tbuf = kzalloc(4, GFP_KERNEL);
\tif (!buf)
\t\treturn -ENOMEM;

\tret = qx_read_block(qx, buf, 4);
\tif (!ret)
\t\tqx->id = buf[0];
\tkfree(buf);
\treturn ret;
}
"""


@pytest.mark.parametrize("comment", [
    "devm_kzalloc() instead of kzalloc() would let you drop the kfree().",
    "With a buffer on the stack you can remove the kfree() too."])
def test_a_call_asked_away_by_name_outside_the_quote_takes_nothing_quoted(tmp_path, comment):
    """Before: the quoted kzalloc() line went (the comment names kzalloc() as what devm_kzalloc() replaces,
    and asks the kfree() below away): buf was used unallocated, said applied partly."""
    path = "drivers/misc/qx.c"
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Eric Reviewer", "eric@example.org"), comment=comment,
                   anchor=Anchor(file=path, function="qx_fill"),
                   quoted=["+\tbuf = kzalloc(4, GFP_KERNEL);", "+\tif (!buf)", "+\t\treturn -ENOMEM;"],
                   response=Response.ACCEPTED, response_text="", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, CACHE, "qx_fill", {path: CACHE}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: CACHE}, tmp_path)
    assert files[path] == CACHE
    assert s.status == Status.MANUAL and "remove-statements" not in s.reason


READ_CHECKED = """\
static int qx_sense(struct qx *q)
{
\tunsigned int val;

\tval = qx_read(q, QX_PWR_CTRL);
\tif (val < 0)
\t\treturn val;

\treturn val & QX_SENSE_EN;
}
"""


def test_a_call_named_for_its_value_when_the_check_is_asked_away_stays(tmp_path):
    """The call is named for what it returns; what goes is the test of its value (the call went, and the
    `if` testing the value it no longer set stayed)."""
    from tests.unit.kinds_support import applied, sugg as one
    quoted = ["+\tval = qx_read(q, QX_PWR_CTRL);", "+\tif (val < 0)", "+\t\treturn val;"]
    s = one("drivers/misc/qx.c", "qx_sense", quoted, "qx_read() can't return an error, drop the check.", answer="",
            lines=(5, 7))
    s.quote = [q[1:] for q in quoted]
    after = applied(tmp_path, "drivers/misc/qx.c", READ_CHECKED, s)[0]
    assert after == READ_CHECKED
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason.startswith("remove-statements: the comment asks a check or an if away, and the statement of "
                               "qx_read() it names is neither: which test goes, with what it guards, is for the "
                               "author")
