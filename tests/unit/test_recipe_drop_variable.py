"""drop-variable: the variable's value replaces its uses; refusals say why."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import spatch
from cocci.recipe import CodeContext, Manual
from cocci.recipes.drop_variable import RECIPE, analyse
from patches.model import Anchor, Person, Response, Status, Suggestion
from tests.unit.kinds_support import hunks, pipeline, sugg

DATA = Path(__file__).resolve().parent.parent / "data" / "c" / "structural"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def suggestion(function: str, quoted: list[str], comment: str) -> Suggestion:
    return Suggestion(id="1.1", patch=1, reviewer=Person("Ada Reviewer", "ada@example.org"),
                      comment=comment, anchor=Anchor(file="x.c", function=function, code=quoted),
                      response=Response.ACCEPTED, response_text="Ok.")


def run(tmp_path: Path, name: str, s: Suggestion, text: str | None = None) -> tuple[str, str]:
    src = (DATA / name).read_text() if text is None else text
    ctx = CodeContext(path=name, text=src, function=s.anchor.function)
    plan = RECIPE.understand(s, ctx)
    assert plan is not None
    rule = tmp_path / "rule.cocci"
    rule.write_text(RECIPE.render(s, plan, ctx))
    assert spatch.parse_cocci(rule) == ""
    f = tmp_path / name
    f.write_text(src)
    spatch.apply(rule, [f])
    after = f.read_text()
    assert RECIPE.verify(s, plan, src, after) == ""
    return src, after


def test_drops_assigned_variable_and_parenthesises_its_value(tmp_path):
    s = suggestion("ext9_set_size", ["long long bytes;"], "bytes is not needed, just drop it.")
    before, after = run(tmp_path, "fs_inode_size.c", s)
    assert after == before.replace("\tlong long bytes;\n", "").replace("\tbytes = blocks << bits;\n", "") \
        .replace("if (bytes < 0)", "if ((blocks << bits) < 0)") \
        .replace("inode->i_size = bytes;", "inode->i_size = (blocks << bits);")


def test_refuses_use_after_a_change_without_evidence():
    # without the assertion nothing says what len is after skb_pull(skb, ...)
    text = (DATA / "net_skb_len.c").read_text().replace("\tWARN_ON_ONCE(skb_headlen(skb) != len);\n", "")
    s = suggestion("tunl_strip", ["len = skb->len - skb->data_len;"], "No need for len.")
    with pytest.raises(Manual, match="skb changes between the assignment of len and a use of it in tunl_strip"):
        RECIPE.understand(s, CodeContext("net_skb_len.c", text, "tunl_strip"))


def test_simpler_value_from_assertion(tmp_path):
    # the later use gets the value the assertion establishes; the assertion keeps the full value
    text = (DATA / "net_skb_len.c").read_text().replace(
        "WARN_ON_ONCE(skb_headlen(skb) != len);", "WARN_ON_ONCE(hdr_len(hdr) != len);").replace(
        "unsigned int skb_headlen(const struct sk_buff *skb);",
        "unsigned int skb_headlen(const struct sk_buff *skb);\nunsigned int hdr_len(unsigned int h);")
    s = suggestion("tunl_strip", ["len = skb->len - skb->data_len;"], "No need for len.")
    before, after = run(tmp_path, "net_skb_len.c", s, text)
    assert "\tunsigned int len;\n\tint err = 0;" in before
    assert "{\n\tint err = 0;\n\n\tWARN_ON_ONCE(" in after
    assert "\tWARN_ON_ONCE(hdr_len(hdr) != (skb->len - skb->data_len));\n" in after
    assert "\tif (hdr_len(hdr) < hdr)\n" in after
    assert after.count("len = skb->len") == 1   # tunl_ref() keeps its own len


def test_second_comment_on_the_same_variable_finds_the_work_done(tmp_path):
    s = suggestion("ext9_set_size", ["long long bytes;"], "bytes is not needed, just drop it.")
    _, after = run(tmp_path, "fs_inode_size.c", s)
    s2 = suggestion("ext9_set_size", ["bytes = blocks << bits;"], "No need for bytes.")
    ctx = CodeContext("fs_inode_size.c", (DATA / "fs_inode_size.c").read_text(), "ext9_set_size")
    plan = RECIPE.understand(s2, ctx)
    rule = tmp_path / "rule2.cocci"
    rule.write_text(RECIPE.render(s2, plan, ctx))
    f = tmp_path / "fs_inode_size.c"
    spatch.apply(rule, [f])
    assert f.read_text() == after
    assert RECIPE.verify(s2, plan, after, after) == ""


def test_refuses_variable_assigned_twice():
    s = suggestion("tunl_count", ["n = skb->len;"], "Drop n.")
    with pytest.raises(Manual, match="n is assigned 2 times in tunl_count"):
        RECIPE.understand(s, CodeContext("net_skb_len.c", (DATA / "net_skb_len.c").read_text(), "tunl_count"))


def test_refuses_variable_whose_address_is_taken():
    s = suggestion("tunl_ref", ["len = skb->len;"], "len is unneeded.")
    with pytest.raises(Manual, match="address of len is taken"):
        RECIPE.understand(s, CodeContext("net_skb_len.c", (DATA / "net_skb_len.c").read_text(), "tunl_ref"))


def test_not_for_comments_without_intent_or_variable():
    text = (DATA / "fs_inode_size.c").read_text()
    ctx = CodeContext("fs_inode_size.c", text, "ext9_set_size")
    assert RECIPE.understand(suggestion("ext9_set_size", ["long long bytes;"], "Can be const."), ctx) is None
    assert RECIPE.understand(suggestion("ext9_set_size", ["mark_inode_dirty(inode);"], "Drop this."),
                             ctx) is None


def test_a_second_comment_about_the_same_variable_is_already_applied(tmp_path):
    # two reviewers ask for the same variable to go: the first rule drops it, the second finds nothing
    # left to do (verify on the file as it is) and is reported as already applied, not as failed
    from cocci import apply as A
    from cocci import rules as RU

    text = (DATA / "fs_inode_size.c").read_text()
    first = suggestion("ext9_set_size", ["long long bytes;"], "bytes is not needed, just drop it.")
    second = Suggestion(id="2.1", patch=1, reviewer=Person("Bo Checker", "bo@example.org"),
                        comment="No need for the bytes variable either.",
                        anchor=Anchor(file="x.c", function="ext9_set_size", code=["bytes = blocks << bits;"]),
                        response=Response.ACCEPTED, response_text="Ok.")
    sugs = [first, second]
    ctxs = {s.id: CodeContext("x.c", text, s.anchor.function, {"x.c": text}, []) for s in sugs}
    planned = RU.plan(sugs, ctxs)
    out, edits = A.apply(RU.render(planned), planned, {"x.c": text}, tmp_path)
    assert [(e.rule.suggestion_id, e.status.value, e.reason) for e in edits] == [
        ("1.1", "applied", ""), ("2.1", "applied", A.ALREADY)]
    assert "bytes" not in out["x.c"].split("ext9_set_size", 1)[1].split("\n}\n", 1)[0]


LOCAL_DEV = """\
static int qx_read(struct qx_state *st, int *val)
{
\tstruct device *dev = &st->client->dev;
\tint ret;

\tmutex_lock(&st->lock);
\tret = i2c_smbus_read_word_data(st->client, 0x10);
\tmutex_unlock(&st->lock);
\tif (ret < 0) {
\t\tdev_err(dev, "read failed\\n");
\t\treturn ret;
\t}
\t*val = ret;
\treturn 0;
}
"""


def test_an_initialized_local_written_in_place_when_the_comment_gives_its_value(tmp_path):
    s = suggestion("qx_read", ["struct device *dev = &st->client->dev;"],
                   "dev is only used once, just use &st->client->dev directly.")
    before, after = run(tmp_path, "qx.c", s, LOCAL_DEV)
    assert after == before.replace("\tstruct device *dev = &st->client->dev;\n", "").replace(
        'dev_err(dev, "read failed', 'dev_err(&st->client->dev, "read failed')


def test_an_address_keeps_its_parentheses_before_a_member_access(tmp_path):
    text = LOCAL_DEV.replace('dev_err(dev, "read failed\\n");', 'dev_err(dev->parent, "read failed\\n");')
    s = suggestion("qx_read", ["struct device *dev = &st->client->dev;"], "Just use &st->client->dev directly.")
    _, after = run(tmp_path, "qx.c", s, text)
    assert 'dev_err((&st->client->dev)->parent, "read failed\\n");' in after


def test_in_place_words_without_the_value_are_not_this_recipe():
    s = suggestion("qx_read", ["struct device *dev = &st->client->dev;"], "Use dev directly in the print.")
    ctx = CodeContext(path="qx.c", text=LOCAL_DEV, function="qx_read")
    assert RECIPE.understand(s, ctx) is None


TWO_LOCALS = """\
static int qx_scale(struct qx_state *st)
{
\tint ret;
\tunsigned int reg;

\tret = i2c_smbus_read_word_data(st->client, 0x10);
\tif (ret < 0)
\t\treturn ret;
\treg = ret;
\tst->scale = reg & 0xff;
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["reg can be dropped, just use ret.", "No need for reg, use ret.",
                                     "reg is not really needed, ret will do."])
def test_of_two_locals_named_the_one_said_to_go_goes(tmp_path, comment):
    s = suggestion("qx_scale", ["int ret;", "unsigned int reg;"], comment)
    before, after = run(tmp_path, "qx.c", s, TWO_LOCALS)
    assert after == before.replace("\tunsigned int reg;\n", "").replace("\treg = ret;\n", "").replace(
        "st->scale = reg & 0xff;", "st->scale = ret & 0xff;")


GOT = """\
static int qx_clk(struct qx_state *st)
{
\tstruct clk *clk;

\tclk = devm_clk_get(&st->client->dev, NULL);
\tif (IS_ERR(clk))
\t\treturn PTR_ERR(clk);
\treturn clk_prepare_enable(clk);
}
"""


def test_a_value_that_calls_is_not_written_in_place_of_several_uses():
    s = suggestion("qx_clk", ["clk = devm_clk_get(&st->client->dev, NULL);"], "No need for clk.")
    ctx = CodeContext(path="qx.c", text=GOT, function="qx_clk")
    with pytest.raises(Manual, match="calls devm_clk_get"):
        RECIPE.understand(s, ctx)


def test_a_local_narrower_than_its_value_is_manual(tmp_path):
    text = TWO_LOCALS.replace("unsigned int reg;", "u8 reg;").replace("reg & 0xff", "reg >> 4")
    s = suggestion("qx_scale", ["int ret;", "u8 reg;"], "reg can be dropped, just use ret.")
    ctx = CodeContext(path="qx.c", text=text, function="qx_scale")
    with pytest.raises(Manual, match=r"^reg is u8: ret written in its place is not cut to u8, and what the uses "
                                     r"compute from it may change$"):
        RECIPE.understand(s, ctx)


def test_a_value_read_through_a_member_stored_before_the_use_is_not_written_in_place():
    text = LOCAL_DEV.replace("\tif (ret < 0) {", "\tst->client = NULL;\n\tif (ret < 0) {")
    s = suggestion("qx_read", ["struct device *dev = &st->client->dev;"],
                   "dev is only used once, just use &st->client->dev directly.")
    with pytest.raises(Manual, match=r"^st changes between the assignment of dev and a use of it in qx_read\(\)"):
        analyse(text, "qx_read", "dev")
    assert RECIPE.understand(s, CodeContext(path="qx.c", text=text, function="qx_read")) is None


INLINE = """\
static int qx_set_timeout(struct watchdog_device *wdd, unsigned int timeout)
{
\tstruct qx_wdt *wdt = watchdog_get_drvdata(wdd);
\tu32 load;

\tload = timeout * wdt->rate;
\twritel(load, wdt->base + QX_WDT_LOAD);
\twdd->timeout = timeout;

\treturn 0;
}
"""


def _no_local():
    quote = ["\tu32 load;", "", "\tload = timeout * wdt->rate;", "\twritel(load, wdt->base + QX_WDT_LOAD);"]
    s = sugg("drivers/watchdog/qx_wdt.c", "qx_set_timeout", ["+" + q for q in quote], "No need for the local variable.")
    s.quote, s.anchor.code = quote, [q for q in quote if q]
    return s


def test_a_value_that_fills_a_whole_argument_goes_in_without_parentheses(tmp_path):
    s = _no_local()
    after, _, _ = pipeline(tmp_path, "drivers/watchdog/qx_wdt.c", INLINE, [s])
    assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
    assert [h for h in hunks("drivers/watchdog/qx_wdt.c", INLINE, after) if h[:1] in "+-"] == [
        "-\tu32 load;",
        "-\tload = timeout * wdt->rate;",
        "-\twritel(load, wdt->base + QX_WDT_LOAD);",
        "+\twritel(timeout * wdt->rate, wdt->base + QX_WDT_LOAD);",
    ]


def test_a_value_that_is_an_operand_keeps_its_parentheses(tmp_path):
    text = INLINE.replace("\twritel(load, wdt->base + QX_WDT_LOAD);", "\twritel(load + 1, wdt->base + QX_WDT_LOAD);")
    s = _no_local()
    after, _, _ = pipeline(tmp_path, "drivers/watchdog/qx_wdt.c", text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\twritel((timeout * wdt->rate) + 1, wdt->base + QX_WDT_LOAD);\n" in after
