"""rename-call: the call the reviewer meant, on the lines they meant; refusals say why."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def sugg(fn: str, quoted: list[str], comment: str, sid: str = "1.1", code: list[str] | None = None,
         response: Response = Response.ACCEPTED) -> Suggestion:
    return Suggestion(id=sid, patch=1, reviewer=Person("Ada Reviewer", "ada@example.org"), comment=comment,
                      anchor=Anchor(file="drivers/net/ring.c", function=fn), quoted=quoted, code=code or [],
                      response=response, response_text="Ok." if response == Response.ACCEPTED else "",
                      kind="code")


def pipeline(tmp_path: Path, text: str, sugs: list[Suggestion], path: str = "drivers/net/ring.c",
             only_accepted: bool = False):
    quotes = [(s.id, s.quoted) for s in sugs]
    ctxs = {s.id: CodeContext(path, text, s.anchor.function, {path: text}, quotes) for s in sugs}
    planned = RU.plan(sugs, ctxs, only_accepted=only_accepted)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {path: text}, tmp_path)
    return files[path], rules, edits


def test_renames_the_quoted_call(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_xmit", ["+ err = ring_map(priv->tx, skb, len);", "+ if (err) {", "+ dev_kfree_skb(skb);"],
             "This runs with interrupts off, please use dev_kfree_skb_any() instead.")
    after, rules, edits = pipeline(tmp_path, src, [s])
    assert s.status == Status.APPLIED and s.kind == "rename-call"
    assert s.summary == "Use dev_kfree_skb_any() instead of dev_kfree_skb()"
    assert [r.name for r in rules] == ["01-rename-call-dev_kfree_skb_any.cocci"]
    assert "position" not in rules[0].text                # the only call in ring_xmit()
    assert "- dev_kfree_skb(es)\n+ dev_kfree_skb_any(es)" in rules[0].text
    assert edits[0].diff.splitlines()[2:] == [
        "@@ -37,7 +37,7 @@",
        " ",
        " \terr = ring_map(priv->tx, skb, len);",
        " \tif (err) {",
        "-\t\tdev_kfree_skb(skb);",
        "+\t\tdev_kfree_skb_any(skb);",
        " \t\treturn NETDEV_TX_OK;",
        " \t}",
        " \tWARN_ON(len == 0);",
    ]
    assert after.count("dev_kfree_skb(skb);") == 2          # ring_clean_tx() untouched


def test_position_when_the_call_occurs_elsewhere_in_the_function(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_clean_tx", ["+ if (skb->len > ring->mtu)", "+ dev_kfree_skb(skb);"],
             "Oversized frames were never sent: use dev_consume_skb_any() for them.")
    after, rules, _ = pipeline(tmp_path, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert 'position p : script:python() { p[0].line == "12" };' in rules[0].text
    assert "- dev_kfree_skb@p(es)\n+ dev_consume_skb_any(es)" in rules[0].text
    assert "\t\tif (skb->len > ring->mtu)\n\t\t\tdev_consume_skb_any(skb);\n\t\telse\n" \
           "\t\t\tdev_kfree_skb(skb);\n" in after


def test_both_means_the_two_quoted_calls(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    a = sugg("ring_clean_tx", ["+ if (skb->len > ring->mtu)", "+ dev_kfree_skb(skb);", "+ else",
                               "+ dev_kfree_skb(skb);"],
             "Both could be napi_consume_skb_any(), hmm, no: I assume both can be dev_kfree_skb_irq()")
    after, rules, _ = pipeline(tmp_path, src, [a])
    assert a.status == Status.APPLIED
    assert after.count("dev_kfree_skb_irq(skb);") == 2
    assert "\t\tdev_kfree_skb(skb);\n\t\treturn NETDEV_TX_OK;" in after


def test_ambiguous_anchor_is_manual(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_clean_tx", ["+ dev_kfree_skb(skb);"], "Please use dev_kfree_skb_any() here.")
    _, rules, _ = pipeline(tmp_path, src, [s])
    assert rules == []
    assert s.status == Status.MANUAL and s.kind == "manual"
    assert "occurs 2 times in ring_clean_tx(): ambiguous anchor" in s.reason


def test_code_not_found_is_manual(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_xmit", ["+ kfree_skb(skb);"], "Please use dev_kfree_skb_any() here.")
    pipeline(tmp_path, src, [s])
    assert s.status == Status.MANUAL
    assert "the quoted code was not found in ring_xmit()" in s.reason


def test_a_question_nobody_answered_is_done_by_default(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_xmit", ["+ dev_kfree_skb(skb);"], "Should this use dev_kfree_skb_any()?",
             response=Response.NONE)
    after, rules, _ = pipeline(tmp_path, src, [s])
    assert (s.status, s.response.value, len(rules)) == (Status.APPLIED, "unanswered", 1)
    assert "dev_kfree_skb_any(skb);" in after


def test_only_accepted_leaves_unanswered_requests_alone(tmp_path):
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_xmit", ["+ dev_kfree_skb(skb);"], "Should this use dev_kfree_skb_any()?",
             response=Response.NONE)
    after, rules, _ = pipeline(tmp_path, src, [s], only_accepted=True)
    assert (s.status, s.reason, rules, after) == (
        Status.SKIPPED, "no answer from the author, and --only-accepted was given", [], src)


GUARDED = """static int pool_put(struct pool *p)
{
	if (WARN_ON(!p->active))
		return -EINVAL;
	p->active--;
	WARN_ON(p->active > p->size);
	return 0;
}
"""


def test_a_call_whose_value_is_used_does_not_become_a_statement_macro(tmp_path):
    s = sugg("pool_put", ["+ if (WARN_ON(!p->active))"], "VM_WARN_ON_ONCE() here?")
    after, rules, _ = pipeline(tmp_path, GUARDED, [s])
    assert s.status == Status.MANUAL and rules == [] and after == GUARDED
    assert s.reason == ("rename-call: VM_WARN_ON_ONCE() gives no value (it is a statement in some "
                        "configurations), and the code uses the value of WARN_ON() (a condition or an "
                        "assignment): the code around it has to change, which is for the author to decide")


def test_a_statement_call_becomes_a_statement_macro(tmp_path):
    s = sugg("pool_put", ["+ WARN_ON(p->active > p->size);"], "VM_WARN_ON_ONCE() here?")
    after, _, _ = pipeline(tmp_path, GUARDED, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\tif (WARN_ON(!p->active))\n" in after and "\tVM_WARN_ON_ONCE(p->active > p->size);\n" in after


def test_the_change_the_author_states_wins_over_the_name_in_the_comment(tmp_path):
    s = sugg("pool_put", ["+ if (WARN_ON(!p->active))"], "VM_WARN_ON_ONCE() here?",
             code=["if (WARN_ON_ONCE(!p->active))"])
    s.written, s.code_from = ["-if (WARN_ON(!p->active))", "+if (WARN_ON_ONCE(!p->active))"], "author"
    after, _, _ = pipeline(tmp_path, GUARDED, [s])
    assert s.status == Status.APPLIED and s.kind == "rename-call", s.reason
    assert "\tif (WARN_ON_ONCE(!p->active))\n" in after and "VM_" not in after


@pytest.mark.parametrize("comment", ["Make this a WARN_ON_ONCE().", "WARN_ON_ONCE() is the one to use here."])
def test_a_condition_that_already_warns_gets_the_call_renamed_not_wrapped(tmp_path, comment):
    s = sugg("pool_put", ["+ if (WARN_ON(!p->active))"], comment)
    after, rules, _ = pipeline(tmp_path, GUARDED, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert [r.kind for r in rules] == ["rename-call"]
    assert "\tif (WARN_ON_ONCE(!p->active))\n" in after and "WARN_ON_ONCE(WARN_ON" not in after


PRINTS = """\
static int qx_store(struct device *dev, const char *buf, size_t count)
{
\tint ret;

\tret = kstrtouint(buf, 10, &qx_rate);
\tif (ret) {
\t\tpr_err("qx: bad rate %s\\n", buf);
\t\treturn ret;
\t}
\treturn count;
}

static void qx_link(struct net_device *ndev, struct device *a, struct device *b)
{
\tpr_warn("qx: link down\\n");
}

static void qx_tick(void)
{
\tdev_info(qx_dev, "tick\\n");
}

static int qx_probe(struct platform_device *pdev)
{
\tpr_info("qx: probed\\n");
\treturn 0;
}
"""


def test_a_pr_call_becomes_a_dev_call_with_the_one_device_in_scope(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_store", ["+\t\tpr_err(\"qx: bad rate %s\\n\", buf);"],
              "You have a device here, so dev_err() rather than pr_err().")
    after, rules = applied(tmp_path, "drivers/misc/qx.c", PRINTS, s)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert "+ dev_err(dev, es)" in rules[0].text
    assert after == PRINTS.replace('pr_err("qx: bad rate', 'dev_err(dev, "qx: bad rate')


@pytest.mark.parametrize("fn,quoted,comment,reason", [
    ("qx_link", "+\tpr_warn(\"qx: link down\\n\");", "Please use dev_warn() here.",
     "dev_warn() takes a struct device * first and qx_link() has 2 (a, b)"),
    ("qx_link", "+\tpr_warn(\"qx: link down\\n\");", "netdev_warn() please", ""),
    ("qx_tick", "+\tdev_info(qx_dev, \"tick\\n\");", "Why not pr_info()?",
     "pr_info() does not take the first argument of dev_info()"),
])
def test_a_print_call_of_another_prefix_without_a_certain_first_argument_is_manual(tmp_path, fn, quoted,
                                                                                  comment, reason):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", fn, [quoted], comment)
    after, _ = applied(tmp_path, "drivers/misc/qx.c", PRINTS, s)
    if not reason:          # the one struct net_device * in scope
        assert s.status == Status.APPLIED, s.reason
        assert after == PRINTS.replace('pr_warn("qx: link', 'netdev_warn(ndev, "qx: link')
        return
    assert s.status == Status.MANUAL and reason in s.reason and after == PRINTS


ALLOC = """\
static int qx_probe(struct device *dev)
{
\tstruct qx *q;

\tq = kzalloc(sizeof(*q), GFP_KERNEL);
\tif (!q)
\t\treturn -ENOMEM;
\tmutex_lock(&q->lock);
\tq->name = kasprintf(GFP_KERNEL, "qx-%d", 1);
\tmutex_unlock(&q->lock);
\treturn 0;
}
"""


@pytest.mark.parametrize("quoted,comment,reason", [
    ("+\tq = kzalloc(sizeof(*q), GFP_KERNEL);", "Use devm_kzalloc() here.",
     "devm_kzalloc() is the managed form of kzalloc()"),
    ("+\tq->name = kasprintf(GFP_KERNEL, \"qx-%d\", 1);", "Please use devm_kasprintf().",
     "changes who releases the resource"),
    ("+\tmutex_lock(&q->lock);", "With devm_add_action_or_reset() remove() has nothing left to do.",
     "asks for devm_add_action_or_reset()"),
])
def test_a_managed_resource_is_a_design_change_left_to_the_author(tmp_path, quoted, comment, reason):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_probe", [quoted], comment)
    after, _ = applied(tmp_path, "drivers/misc/qx.c", ALLOC, s)
    assert s.status == Status.MANUAL and reason in s.reason and after == ALLOC


CLK = """\
static int qx_clk(struct device *dev, struct qx *q)
{
\tq->clk = devm_clk_get(dev, NULL);
\tif (IS_ERR_OR_NULL(q->clk))
\t\treturn PTR_ERR(q->clk);
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["IS_ERR_OR_NULL is wrong here, devm_clk_get() never returns NULL.",
                                     "IS_ERR() is enough, this cannot be NULL."])
def test_a_null_test_on_a_value_that_is_never_null_loses_its_null_part(tmp_path, comment):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_clk", ["+\tif (IS_ERR_OR_NULL(q->clk))", "+\t\treturn PTR_ERR(q->clk);"],
              comment)
    after, _ = applied(tmp_path, "drivers/misc/qx.c", CLK, s)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == CLK.replace("IS_ERR_OR_NULL(q->clk)", "IS_ERR(q->clk)")


def test_a_question_whether_it_can_be_null_changes_nothing(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_clk", ["+\tif (IS_ERR_OR_NULL(q->clk))"], "Can this really be NULL?")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", CLK, s)
    assert (s.status, s.reason, after) == (Status.SKIPPED, "a question: it proposes no change", CLK)


def test_a_pr_call_in_a_function_with_one_bus_device_prints_for_the_device_it_embeds(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_probe", ["+\tpr_info(\"qx: probed\\n\");"], "dev_info() please")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", PRINTS, s)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == PRINTS.replace('pr_info("qx: probed', 'dev_info(&pdev->dev, "qx: probed')


SHOW = """\
static ssize_t qx_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tint len;

\tlen = sprintf(buf, "%d ", q->a);
\tlen += sprintf(buf + len, "%d\\n", q->b);
\treturn len;
}
"""


def test_sprintf_into_the_page_of_a_show_callback_becomes_sysfs_emit(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_show", ["+\tlen = sprintf(buf, \"%d \", q->a);"], "sysfs_emit()")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", SHOW, s)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SHOW.replace('len = sprintf(buf, "%d "', 'len = sysfs_emit(buf, "%d "')


LONG_SHOW = """\
static ssize_t qx_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);

\treturn sprintf(buf, "%d\\n", ((q->temp[attr->index] / 8) * 625) / 1000);
}
"""


def test_a_renamed_call_spatch_wraps_past_80_columns_is_found_renamed(tmp_path):
    """Before: failed, "sprintf() is still called where the reviewer pointed" (the line it looked for
    is now two)."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_show", [LONG_SHOW.splitlines()[4]], "Please use sysfs_emit() here.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", LONG_SHOW, s)
    assert (s.kind, s.status, s.reason) == ("rename-call", Status.APPLIED, "")
    assert after == LONG_SHOW.replace('\treturn sprintf(buf, "%d\\n", ',
                                      '\treturn sysfs_emit(buf, "%d\\n",\n\t\t\t  ')


def test_sprintf_past_the_start_of_the_page_is_not_a_sysfs_emit(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_show", ["+\tlen += sprintf(buf + len, \"%d\\n\", q->b);"],
              "Use sysfs_emit() here.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", SHOW, s)
    assert s.status == Status.MANUAL and "sysfs_emit_at()" in s.reason and after == SHOW


def test_a_new_name_under_the_function_header_is_no_call_to_rename(tmp_path):
    # "How about ring_reap_tx()?" under a function's own header asks to rename the function (rename),
    # not a call in its body: the call recipe leaves it
    from cocci.recipes.rename_call import RenameCall
    src = (DATA / "net_ring.c").read_text()
    s = sugg("ring_clean_tx", ["+static void ring_clean_tx(struct ring *ring, unsigned int budget)"],
             "How about ring_reap_tx()?")
    ctx = CodeContext("drivers/net/ring.c", src, "ring_clean_tx", {"drivers/net/ring.c": src}, [(s.id, s.quoted)])
    assert RenameCall().understand(s, ctx) is None


def test_a_bare_name_after_the_reason_is_a_request():
    from cocci.recipes.rename_call import bare_request
    assert bare_request("Userspace may read this in a loop, dev_warn_ratelimited() please.", "dev_warn_ratelimited")
    assert not bare_request("Userspace may read this in a loop, dev_warn_ratelimited() would spam less.",
                            "dev_warn_ratelimited")


@pytest.mark.parametrize("comment", [
    "It can't return NULL if CONFIG_QX_CLK is set, but otherwise it can, so IS_ERR_OR_NULL() is right.",
    "devm_clk_get() never returns NULL unless the clock is optional.",
    "It never returns NULL today, but it may also return NULL once the optional variant lands.",
    "Are you sure it never returns NULL?"])
def test_a_never_null_claim_under_a_condition_or_in_doubt_changes_nothing(tmp_path, comment):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_clk", ["+\tif (IS_ERR_OR_NULL(q->clk))"], comment)
    after, _ = applied(tmp_path, "drivers/misc/qx.c", CLK, s)
    assert s.status != Status.APPLIED and after == CLK


FORMAT = """\
static int qx_format(char *out, int v)
{
\treturn sprintf(out, "%d\\n", v);
}
"""


def test_sysfs_emit_in_a_function_that_is_no_show_callback_is_manual(tmp_path):
    """sysfs_emit() warns and writes nothing when its buffer is not the start of a sysfs page."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_format", ["+\treturn sprintf(out, \"%d\\n\", v);"], "Use sysfs_emit().")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", FORMAT, s)
    assert (s.status, after) == (Status.MANUAL, FORMAT)
    assert s.reason == ("rename-call: qx_format() is no show callback (ssize_t, the page its last char * parameter): "
                        "sysfs_emit() refuses out unless it is the start of a sysfs page")


LEVELS = """\
static int qx_start(struct device *dev, int v)
{
\tpr_info("qx: starting %d\\n", v);
\tif (v < 0)
\t\tpr_err("qx: bad value\\n");
\tpr_warn("qx: late\\n");
\treturn 0;
}
"""
QUOTE3 = ["+\tpr_info(\"qx: starting %d\\n\", v);", "+\tif (v < 0)", "+\t\tpr_err(\"qx: bad value\\n\");"]


@pytest.mark.parametrize("comment,old,new", [
    ("Use dev_info() for the first one.", "pr_info(\"qx: starting", "dev_info(dev, \"qx: starting"),
    ("Use dev_err().", "pr_err(\"qx: bad", "dev_err(dev, \"qx: bad")])
def test_a_print_of_the_level_asked_for_is_the_one_renamed(tmp_path, comment, old, new):
    """dev_info() asked under a quote with a pr_info() and a nearer pr_err(): the pr_info() becomes it (the
    nearer one would have changed level)."""
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", QUOTE3, comment, lines=(3, 5))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", LEVELS, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == LEVELS.replace(old, new)


def test_a_comment_about_a_call_below_the_quote_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/misc/qx.c", "qx_start", QUOTE3[:1], "The pr_warn() further down should be dev_warn().",
              lines=(3, 3))
    after, _ = applied(tmp_path, "drivers/misc/qx.c", LEVELS, s)
    assert (s.status, after) == (Status.MANUAL, LEVELS)
    assert s.reason == "rename-call: the comment is about the pr_warn() call on line 6, not the quoted lines"


INVERSE = """static int ring_get_irq(struct device *dev, struct ring *r)
{
\tint err;

\tr->irq = devm_request_irq_thing(dev);
\tif (IS_ERR(r->irq)) {
\t\terr = PTR_ERR(r->irq);
\t\tdev_err(dev, "no irq: %d\\n", err);
\t\treturn err;
\t}
\tr->len = cpu_to_le32(r->n);
\treturn 0;
}
"""


@pytest.mark.parametrize("quoted, comment", [
    (["+\t\terr = PTR_ERR(r->irq);", "+\t\tdev_err(dev, \"no irq: %d\\n\", err);"],
     "%pe with ERR_PTR(err) instead of %d, so the log says which error it was."),
    (["+\tr->len = cpu_to_le32(r->n);"], "Shouldn't this use le32_to_cpu() instead? The field is CPU order."),
])
def test_the_same_name_parts_in_another_order_are_no_rename(tmp_path, quoted, comment):
    """Before: ERR_PTR() named in a %pe request 'renamed' the quoted PTR_ERR() call (a wrong edit):
    names made of the same parts in another order convert the other way round."""
    s = sugg("ring_get_irq", quoted, comment)
    after, _, _ = pipeline(tmp_path, INVERSE, [s])
    assert s.kind != "rename-call" or s.status != Status.APPLIED
    assert "PTR_ERR(r->irq)" in after and "cpu_to_le32(r->n)" in after


def test_make_one_call_another_is_a_request_to_use_it():
    """Before: "make the new dev_warn() a dev_err()" was understood by no recipe ("make this X" was,
    "make the X a Y" was not)."""
    from cocci.recipes.rename_call import asks_to_use
    assert asks_to_use("please make the new dev_warn() a dev_err(): the transaction failed")
    assert asks_to_use("Turn this pr_info() into a pr_debug(), it fires on every read.")
    assert not asks_to_use("The dev_warn() makes the log noisy.")
    assert not asks_to_use("Does the dev_warn() fire on every read?")


def test_a_macro_named_with_its_value_is_no_new_name_for_a_call_that_holds_its_letters(tmp_path):
    # "bit" lies inside regmap_update_bits but is not one of its name parts: BIT(3) stands for (1 << 3)
    src = ("static int ring_mask(struct ring *r)\n{\n\treturn regmap_update_bits(r->map, RING_CTRL,\n"
           "\t\t\t\t  1 << 3, 1 << 3);\n}\n")
    s = sugg("ring_mask", ["+\treturn regmap_update_bits(r->map, RING_CTRL,", "+\t\t\t\t  1 << 3, 1 << 3);"],
             "prefer BIT(3) over (1 << 3)")
    after, _, _ = pipeline(tmp_path, src, [s])
    assert s.kind != "rename-call" and "regmap_update_bits(r->map" in after and "BIT(r->map" not in after


NETDEV_PRINTS = """\
static int qx_open(struct net_device *ndev)
{
\tstruct qx_priv *priv = netdev_priv(ndev);
\tint err;

\terr = qx_reset(priv);
\tif (err) {
\t\tdev_err(&priv->pdev->dev, "reset failed: %d\\n", err);
\t\treturn err;
\t}
\treturn 0;
}

static void qx_setup(struct qx_priv *priv)
{
\tstruct net_device *ndev;

\tdev_warn(priv->dev, "setting up\\n");
\tndev = priv->ndev;
\tqx_start(ndev);
}

static void qx_stats(struct qx_priv *priv)
{
\tdev_dbg(priv->dev, "stats\\n");
}
"""


def test_a_dev_call_becomes_a_netdev_call_for_the_net_device_at_hand(tmp_path):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/net/qx.c", "qx_open", ["+\t\tdev_err(&priv->pdev->dev, \"reset failed: %d\\n\", err);"],
              "You have a netdev here, please use netdev_err().")
    after, _ = applied(tmp_path, "drivers/net/qx.c", NETDEV_PRINTS, s)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == NETDEV_PRINTS.replace('dev_err(&priv->pdev->dev, "reset failed',
                                          'netdev_err(ndev, "reset failed')


@pytest.mark.parametrize("fn,quoted,comment,reason", [
    ("qx_setup", "+\tdev_warn(priv->dev, \"setting up\\n\");", "netdev_warn() please",
     "ndev is not set before the dev_warn() call"),
    ("qx_stats", "+\tdev_dbg(priv->dev, \"stats\\n\");", "Please use netdev_dbg().",
     "netdev_dbg() takes a struct net_device * first and qx_stats() has no such parameter or local"),
])
def test_a_netdev_call_without_a_set_net_device_is_manual(tmp_path, fn, quoted, comment, reason):
    from tests.unit.kinds_support import applied, sugg as ksugg
    s = ksugg("drivers/net/qx.c", fn, [quoted], comment)
    after, _ = applied(tmp_path, "drivers/net/qx.c", NETDEV_PRINTS, s)
    assert s.status == Status.MANUAL and reason in s.reason, s.reason
    assert after == NETDEV_PRINTS


def test_the_milder_call_at_most_is_asked():
    from cocci.recipes.rename_call import bare_request
    assert bare_request("This is too noisy, dev_dbg() at most.", "dev_dbg")
    assert bare_request("dev_dbg() if anything", "dev_dbg")
    assert not bare_request("This is too noisy, dev_dbg() would hide it though.", "dev_dbg")


_NOISY = """\
static int qx_set(struct qx *q, int mode)
{
\tif (mode > 3) {
\t\tPRINTS
\t\treturn -EINVAL;
\t}
\treturn 0;
}
"""


@pytest.mark.parametrize(("prints", "comment", "reason"), [
    ("dev_dbg(q->dev, \"bad mode %d\\n\", mode);", "dev_err() at most.",
     "\"dev_err() at most\" asks for a level no higher than dev_err()'s: dev_dbg() already prints no higher"),
    ("dev_dbg(q->dev, \"bad mode %d\\n\", mode);", "dev_warn() if anything.",
     "\"dev_warn() if anything\" asks for a level no higher than dev_warn()'s: dev_dbg() already prints no higher"),
    ("dev_warn(q->dev, \"bad mode %d\\n\", mode);\n\t\tdev_err(q->dev, \"giving up\\n\");", "dev_dbg() at most.",
     "the quoted lines also call dev_warn() above the level dev_dbg() allows")])
def test_a_ceiling_the_prints_already_keep_or_that_leaves_another_print_is_manual(tmp_path, prints, comment, reason):
    """"X() at most" never raises a print's level, and lowers one print only when it is the only one above X."""
    from tests.unit.kinds_support import pipeline, sugg
    text = _NOISY.replace("PRINTS", prints)
    n = len(prints.splitlines())
    s = sugg("drivers/misc/qx.c", "qx_set", ["+" + ln for ln in text.splitlines()[3:3 + n]], comment,
             lines=(4, 3 + n))
    s.quote = s.anchor.code = text.splitlines()[3:3 + n]
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", text, [s])
    assert after == text and s.status == Status.MANUAL
    assert reason in s.reason


def test_a_ceiling_under_a_louder_print_lowers_it(tmp_path):
    from tests.unit.kinds_support import hunks, pipeline, sugg
    text = _NOISY.replace("PRINTS", "dev_err(q->dev, \"bad mode %d\\n\", mode);")
    s = sugg("drivers/misc/qx.c", "qx_set", ["+" + text.splitlines()[3]], "User-triggerable, dev_dbg() at most.",
             lines=(4, 4))
    s.quote = s.anchor.code = [text.splitlines()[3]]
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", text, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert [h for h in hunks("drivers/misc/qx.c", text, after) if h[:1] in "+-"] == [
        "-\t\tdev_err(q->dev, \"bad mode %d\\n\", mode);", "+\t\tdev_dbg(q->dev, \"bad mode %d\\n\", mode);"]
