"""const (file scope): a static table the reviewer quoted becomes const when every use of it in the file
only reads it, the types it goes to read from the headers the file includes; otherwise manual, naming the
use and its line."""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status, Suggestion
from tests.unit.kinds_support import hunks, spatch_alone, sugg

PATH = "drivers/net/ethernet/qx/qx_main.c"
NETDEVICE = """/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H
#include <linux/ethtool.h>

struct ethtool_ops;

struct net_device {
	char			name[16];
	const struct net_device_ops *netdev_ops;
	const struct ethtool_ops *ethtool_ops;
	struct qx_stats		*stats;
	unsigned int		flags;
};

int register_netdev(struct net_device *dev);
void qx_fill_table(struct net_device *dev, u8 *table, unsigned int len);
void qx_show_table(struct net_device *dev, const u8 *table, unsigned int len);
#define qx_load_table(dev, t) qx_fill_table(dev, t, sizeof(t))
#define qx_poke_table(t) ((t)[0] = 1)
#ifdef CONFIG_LOCKDEP
#define __qx_wrap(fn, name, ...) ({ static int _key; fn(__VA_ARGS__, &_key, "(" name ")"); })
#else
#define __qx_wrap(fn, name, ...) fn(__VA_ARGS__, NULL, NULL)
#endif
#define qx_show(dev, t) \
	__qx_wrap(__qx_show_table, #t, dev, t)
void __qx_show_table(struct net_device *dev, const u8 *table, int *key, const char *name);
#endif
"""
ETHTOOL = """/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_ETHTOOL_H
#define _LINUX_ETHTOOL_H

struct ethtool_ops {
	u32	supported_coalesce_params;
	void	(*get_drvinfo)(struct net_device *, struct ethtool_drvinfo *);
	u32	(*get_link)(struct net_device *);
};

void ethtool_register_private_ops(struct ethtool_ops *ops);
#endif
"""
HEADERS = {"include/linux/netdevice.h": NETDEVICE, "include/linux/ethtool.h": ETHTOOL}

SRC = """// SPDX-License-Identifier: GPL-2.0
#include <linux/netdevice.h>

static u32 qx_get_link(struct net_device *ndev)
{
	return 1;
}

static struct ethtool_ops qx_ethtool_ops = {
	.get_link	= qx_get_link,
};

static u8 qx_rss_key[] = {
	0x6d, 0x5a, 0x56, 0xda,
	0x25, 0x5b, 0x0e, 0xc2,
};

static u8 qx_crc_seed(unsigned int i)
{
	return qx_rss_key[i % ARRAY_SIZE(qx_rss_key)];
}

static int qx_probe(struct net_device *ndev)
{
	ndev->ethtool_ops = &qx_ethtool_ops;
	return register_netdev(ndev);
}
"""
OPS_LINE = "+static struct ethtool_ops qx_ethtool_ops = {"
KEY_LINE = "+static u8 qx_rss_key[] = {"


def run(tmp_path: Path, text: str, quoted: list[str], comment: str = "Should be const.",
        headers: dict[str, str] | None = HEADERS, later: str | None = None) -> tuple[Suggestion, str, list]:
    s = sugg(PATH, "", quoted, comment, answer="")
    read = None if headers is None else headers.get
    ctx = CodeContext(PATH, text, "", {PATH: text}, [(s.id, s.quoted)], tree_read=read,
                      later_files={PATH: later} if later is not None else {})
    planned = RU.plan([s], {s.id: ctx})
    rules = RU.render(planned)
    files, _ = A.apply(rules, planned, {PATH: text}, tmp_path)
    return s, files[PATH], rules


def test_an_ops_table_whose_address_goes_to_a_const_member_becomes_const(tmp_path):
    s, after, rules = run(tmp_path, SRC, [OPS_LINE, "+\t.get_link\t= qx_get_link,", "+};"])
    assert (s.kind, s.status) == ("const", Status.APPLIED), s.reason
    assert hunks(PATH, SRC, after) == [
        "@@ -6,7 +6,7 @@",
        " \treturn 1;",
        " }",
        " ",
        "-static struct ethtool_ops qx_ethtool_ops = {",
        "+static const struct ethtool_ops qx_ethtool_ops = {",
        " \t.get_link\t= qx_get_link,",
        " };",
        " "]
    text = rules[0].text
    assert "Should be const." in text and "identifier x = qx_ethtool_ops;" in text
    assert "  static\n+ const\n  struct ethtool_ops x = {...};" in text
    assert "//# line 25: &qx_ethtool_ops goes to ndev->ethtool_ops (struct net_device),\n" \
        "//# declared `const struct ethtool_ops *`" in text
    assert spatch_alone(tmp_path, rules[0], SRC) == after


def test_an_array_only_indexed_and_measured_becomes_const(tmp_path):
    s, after, rules = run(tmp_path, SRC, [KEY_LINE], comment="This can be const too, it is only read.")
    assert (s.kind, s.status) == ("const", Status.APPLIED), s.reason
    assert hunks(PATH, SRC, after) == [
        "@@ -10,7 +10,7 @@",
        " \t.get_link\t= qx_get_link,",
        " };",
        " ",
        "-static u8 qx_rss_key[] = {",
        "+static const u8 qx_rss_key[] = {",
        " \t0x6d, 0x5a, 0x56, 0xda,",
        " \t0x25, 0x5b, 0x0e, 0xc2,",
        " };"]
    assert spatch_alone(tmp_path, rules[0], SRC) == after


def test_a_table_written_somewhere_stays_as_it_is(tmp_path):
    src = SRC.replace("\tndev->ethtool_ops = &qx_ethtool_ops;\n",
                      "\tqx_ethtool_ops.supported_coalesce_params = 0;\n\tndev->ethtool_ops = &qx_ethtool_ops;\n")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert (s.kind, s.status) == ("manual", Status.MANUAL) and after == src
    assert "qx_ethtool_ops is written on line 25 (qx_ethtool_ops.supported_coalesce_params = ...)" in s.reason


def test_an_array_element_incremented_stays_as_it_is(tmp_path):
    src = SRC.replace("\treturn qx_rss_key[i", "\tqx_rss_key[0]++;\n\treturn qx_rss_key[i")
    s, after, _ = run(tmp_path, src, [KEY_LINE], comment="constify?")
    assert s.status == Status.MANUAL and after == src
    assert "qx_rss_key is written on line 20" in s.reason


def test_the_address_passed_where_the_parameter_is_not_const_stays(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tqx_fill_table(ndev, qx_rss_key, 8);\n"
                      "\treturn register_netdev(ndev);")
    s, after, _ = run(tmp_path, src, [KEY_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "qx_rss_key goes to parameter 2 of qx_fill_table() on line 26, declared `u8 *`: not a pointer to " \
        "const u8" in s.reason


def test_the_address_passed_where_the_parameter_is_const_is_fine(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tqx_show_table(ndev, qx_rss_key, 8);\n"
                      "\treturn register_netdev(ndev);")
    s, after, _ = run(tmp_path, src, [KEY_LINE])
    assert s.status == Status.APPLIED, s.reason
    assert after == src.replace("static u8 qx_rss_key[]", "static const u8 qx_rss_key[]")


def test_an_ops_table_passed_to_a_function_taking_a_non_const_pointer_stays(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tethtool_register_private_ops(&qx_ethtool_ops);\n"
                      "\treturn register_netdev(ndev);")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "&qx_ethtool_ops goes to parameter 1 of ethtool_register_private_ops() on line 26, declared " \
        "`struct ethtool_ops *`" in s.reason


def test_a_macro_is_followed_to_the_function_it_hands_the_table_to(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tqx_load_table(ndev, qx_rss_key);\n"
                      "\treturn register_netdev(ndev);")
    s, after, _ = run(tmp_path, src, [KEY_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "qx_rss_key goes to parameter 2 of qx_fill_table() through the macro qx_load_table() on line 26, " \
        "declared `u8 *`" in s.reason


def test_a_macro_that_writes_it_leaves_it_manual(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tqx_poke_table(qx_rss_key);\n"
                      "\treturn register_netdev(ndev);")
    s, after, _ = run(tmp_path, src, [KEY_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "the macro qx_poke_table() (line 26) uses qx_rss_key in a way that is not checked" in s.reason


def test_every_definition_of_the_macros_on_the_way_is_followed(tmp_path):
    src = SRC.replace("\treturn register_netdev(ndev);", "\tqx_show(ndev, qx_rss_key);\n"
                      "\treturn register_netdev(ndev);")
    s, after, rules = run(tmp_path, src, [KEY_LINE])
    assert s.status == Status.APPLIED, s.reason
    assert after == src.replace("static u8 qx_rss_key[]", "static const u8 qx_rss_key[]")
    assert "qx_rss_key goes to parameter 2 of __qx_show_table() through the macro qx_show()" in \
        " ".join(rules[0].text.replace("//#", "").split())


def test_a_missing_header_leaves_it_manual(tmp_path):
    s, after, _ = run(tmp_path, SRC, [OPS_LINE], headers={})
    assert s.status == Status.MANUAL and after == SRC
    assert "struct net_device is not defined in the file or the headers it includes (0 headers read; not in " \
        "the tree: linux/netdevice.h), so the type of its member ethtool_ops (line 25) is not known" in s.reason


def test_no_tree_to_read_headers_from_leaves_it_manual(tmp_path):
    s, after, _ = run(tmp_path, SRC, [OPS_LINE], headers=None)
    assert s.status == Status.MANUAL and after == SRC
    assert "cannot be read" in s.reason


def test_a_designated_initializer_of_a_const_member_is_fine(tmp_path):
    src = SRC + """
struct qx_board {
	const char *name;
	const struct ethtool_ops *ops;
};

static const struct qx_board qx_boards[] = {
	{ .name = "qx100", .ops = &qx_ethtool_ops },
};
"""
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.APPLIED, s.reason
    src2 = src.replace("\tconst struct ethtool_ops *ops;", "\tstruct ethtool_ops *ops;")
    s, after, _ = run(tmp_path, src2, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src2
    assert "&qx_ethtool_ops goes to .ops of struct qx_board on line 35, declared `struct ethtool_ops *`" in s.reason


def test_a_later_patch_that_writes_the_table_keeps_it_writable(tmp_path):
    later = SRC.replace("\tndev->ethtool_ops = &qx_ethtool_ops;\n",
                        "\tqx_ethtool_ops.get_link = NULL;\n\tndev->ethtool_ops = &qx_ethtool_ops;\n")
    s, after, _ = run(tmp_path, SRC, [OPS_LINE], later=later)
    assert s.status == Status.MANUAL and after == SRC
    assert "qx_ethtool_ops is written on line 25 (qx_ethtool_ops.get_link = ...)" in s.reason


CFG = """
struct qx_cfg {
	unsigned int	speed;
	u8		mac[6];
};

static struct qx_cfg qx_default_cfg = {
	.speed	= 1000,
};

static void qx_setup(struct net_device *ndev, const u8 *addr)
{
	ndev->flags = qx_default_cfg.speed;
	memcpy(qx_default_cfg.mac + 2, addr, 4);
}
"""


def test_an_array_member_handed_on_is_a_pointer_into_the_table(tmp_path):
    src = SRC + CFG
    s, after, _ = run(tmp_path, src, ["+static struct qx_cfg qx_default_cfg = {"], comment="constify")
    assert s.status == Status.MANUAL and after == src
    assert "qx_default_cfg.mac on line 41 is an array member: a pointer into the table" in s.reason
    # the scalar member alone is a read: the table becomes const
    src = src.replace("\tmemcpy(qx_default_cfg.mac + 2, addr, 4);\n", "")
    s, after, _ = run(tmp_path, src, ["+static struct qx_cfg qx_default_cfg = {"], comment="constify")
    assert s.status == Status.APPLIED, s.reason
    assert after == src.replace("static struct qx_cfg qx_default_cfg", "static const struct qx_cfg qx_default_cfg")


def test_a_macro_that_pastes_names_leaves_it_manual(tmp_path):
    src = SRC.replace("#include <linux/netdevice.h>\n", "#include <linux/netdevice.h>\n\n"
                      "#define QX_OPS(n) (&qx_##n##_ops)\n")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "the macro QX_OPS pastes names together (##): it may name qx_ethtool_ops" in s.reason


def test_the_entries_quoted_without_the_definition_line(tmp_path):
    s = sugg(PATH, "", ["+\t.get_link\t= qx_get_link,", "+};"], "This ops table should be const", answer="",
             lines=(10, 11))
    ctx = CodeContext(PATH, SRC, "", {PATH: SRC}, [(s.id, s.quoted)], tree_read=HEADERS.get)
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {PATH: SRC}, tmp_path)
    assert s.status == Status.APPLIED, s.reason
    assert files[PATH] == SRC.replace("static struct ethtool_ops", "static const struct ethtool_ops")


def test_returned_or_stored_in_a_local_the_declared_type_decides(tmp_path):
    src = SRC + """
static const struct ethtool_ops *qx_ops(void)
{
	return &qx_ethtool_ops;
}
"""
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.APPLIED, s.reason
    assert after == src.replace("static struct ethtool_ops", "static const struct ethtool_ops")
    src = SRC.replace("\tndev->ethtool_ops = &qx_ethtool_ops;\n", "\tstruct ethtool_ops *ops = &qx_ethtool_ops;\n\n"
                      "\tndev->ethtool_ops = ops;\n")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "&qx_ethtool_ops goes to ops on line 25, declared `struct ethtool_ops *`: not a pointer to const" in s.reason


def test_a_comment_that_says_it_need_not_be_const_changes_nothing(tmp_path):
    s, after, _ = run(tmp_path, SRC, [OPS_LINE], comment="No need to make this const, it gets patched later.")
    assert s.status != Status.APPLIED and after == SRC
    # "why not" asks for it, as "Why not EXPORT_SYMBOL_GPL()?" does
    s, after, _ = run(tmp_path, SRC, [OPS_LINE], comment="Why not const?")
    assert s.status == Status.APPLIED
    assert after == SRC.replace("static struct ethtool_ops", "static const struct ethtool_ops")


MATCH = """
struct qx_match {
	const char *compatible;
	const void *data;
};

static const struct qx_match qx_matches[] = {
	{ .compatible = "qx,100", .data = &qx_ethtool_ops },
	{ }
};

static void qx_setup_ops(struct net_device *ndev, const struct qx_match *m)
{
	ndev->ethtool_ops = m->data;
}
"""


def test_handed_on_as_const_void_unless_a_cast_can_give_it_back(tmp_path):
    src = SRC + MATCH
    s, after, rules = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.APPLIED, s.reason
    text = " ".join(rules[0].text.replace("//#", "").split())
    assert "goes to .data of struct qx_match, declared `const void *`" in text
    src = src.replace("\tndev->ethtool_ops = m->data;", "\tstruct ethtool_ops *ops = (void *)m->data;\n\n"
                      "\tops->get_link = NULL;\n\tndev->ethtool_ops = ops;")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "a cast to `void *` on line 41 may give a writable pointer to qx_ethtool_ops back" in s.reason
    src = src.replace("(void *)m->data", "(struct ethtool_ops *)m->data")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "a cast to `struct ethtool_ops *` on line 41" in s.reason
    src = src.replace("(struct ethtool_ops *)m->data", "container_of(m->data, struct ethtool_ops, get_link)")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "container_of(..., struct ethtool_ops, ...) on line 41 may give a writable pointer" in s.reason


def test_a_table_in_a_header_is_left_to_the_author(tmp_path):
    s = sugg("drivers/net/ethernet/qx/qx_tables.h", "", [KEY_LINE], "Can be const.", answer="")
    ctx = CodeContext("drivers/net/ethernet/qx/qx_tables.h", SRC, "", {"drivers/net/ethernet/qx/qx_tables.h": SRC},
                      [(s.id, s.quoted)], tree_read=HEADERS.get)
    RU.plan([s], {s.id: ctx})
    assert s.status == Status.MANUAL
    assert "qx_rss_key is defined in drivers/net/ethernet/qx/qx_tables.h: every file that includes it" in s.reason


def test_stored_in_a_file_scope_pointer_its_declaration_decides(tmp_path):
    cur = "static const struct ethtool_ops *qx_cur_ops;\n\n"
    src = SRC.replace("static u8 qx_crc_seed", cur + "static u8 qx_crc_seed") \
        .replace("\tndev->ethtool_ops = &qx_ethtool_ops;\n", "\tqx_cur_ops = &qx_ethtool_ops;\n")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.APPLIED, s.reason
    assert after == src.replace("static struct ethtool_ops", "static const struct ethtool_ops")
    src = src.replace("static const struct ethtool_ops *qx_cur_ops;", "static struct ethtool_ops *qx_cur_ops;")
    s, after, _ = run(tmp_path, src, [OPS_LINE])
    assert s.status == Status.MANUAL and after == src
    assert "&qx_ethtool_ops goes to qx_cur_ops on line 27, declared `struct ethtool_ops *`" in s.reason


ONE_LINE = SRC.replace("static u8 qx_rss_key[] = {\n\t0x6d, 0x5a, 0x56, 0xda,\n\t0x25, 0x5b, 0x0e, 0xc2,\n};",
                       "static u8 qx_rss_key[] = { 0x6d, 0x5a, 0x56, 0xda };")


def test_a_table_written_on_one_line_becomes_const(tmp_path):
    s, after, rules = run(tmp_path, ONE_LINE, ["+static u8 qx_rss_key[] = { 0x6d, 0x5a, 0x56, 0xda };"],
                          comment="This can be static const.")
    assert (s.kind, s.status) == ("const", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, ONE_LINE, after) if x[:1] in "+-"] == [
        "-static u8 qx_rss_key[] = { 0x6d, 0x5a, 0x56, 0xda };",
        "+static const u8 qx_rss_key[] = { 0x6d, 0x5a, 0x56, 0xda };"]
    assert spatch_alone(tmp_path, rules[0], ONE_LINE) == after


def test_a_table_written_on_one_line_and_written_to_stays(tmp_path):
    src = ONE_LINE.replace("\treturn qx_rss_key[i", "\tqx_rss_key[0]++;\n\treturn qx_rss_key[i")
    s, after, _ = run(tmp_path, src, ["+static u8 qx_rss_key[] = { 0x6d, 0x5a, 0x56, 0xda };"],
                      comment="const?")
    assert s.status == Status.MANUAL and after == src
    assert "qx_rss_key is written on line 17" in s.reason
