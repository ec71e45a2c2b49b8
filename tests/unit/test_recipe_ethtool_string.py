"""ethtool-string: a copy into the ethtool string table and the step by ETH_GSTRING_LEN become one
ethtool_puts()/ethtool_sprintf() call; memcpy() and a cursor not declared u8 * are manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/net/ethernet/qx/qx_ethtool.c"
SRC = """\
static void qx_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
\tu8 *p = data;
\tint i;

\tfor (i = 0; i < QX_STATS_LEN; i++) {
\t\tstrscpy(p, qx_stats[i].name, ETH_GSTRING_LEN);
\t\tp += ETH_GSTRING_LEN;
\t}
\tfor (i = 0; i < ndev->num_rx_queues; i++) {
\t\tsnprintf(p, ETH_GSTRING_LEN, "rx%d_packets", i);
\t\tp += ETH_GSTRING_LEN;
\t\tqx_count(i);
\t}
\tmemcpy(p, qx_extra_name, ETH_GSTRING_LEN);
\tp += ETH_GSTRING_LEN;
}

static void qx_queue_strings(u8 **data, int q)
{
\tsnprintf(*data, ETH_GSTRING_LEN, "%s", qx_queue_name(q));
\t*data += ETH_GSTRING_LEN;
}

static void qx_char_strings(char *buf)
{
\tstrscpy(buf, "qx_drops", ETH_GSTRING_LEN);
\tbuf += ETH_GSTRING_LEN;
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_strscpy_and_the_step_become_ethtool_puts_and_the_loop_loses_its_braces(tmp_path):
    s, after = run(tmp_path, "qx_get_strings", ["+\t\tstrscpy(p, qx_stats[i].name, ETH_GSTRING_LEN);",
                                                "+\t\tp += ETH_GSTRING_LEN;"], "Please use ethtool_puts() here.")
    assert (s.kind, s.status) == ("ethtool-string", Status.APPLIED), s.reason
    assert after == SRC.replace("\tfor (i = 0; i < QX_STATS_LEN; i++) {\n\t\tstrscpy(p, qx_stats[i].name, "
                                "ETH_GSTRING_LEN);\n\t\tp += ETH_GSTRING_LEN;\n\t}\n",
                                "\tfor (i = 0; i < QX_STATS_LEN; i++)\n\t\tethtool_puts(&p, qx_stats[i].name);\n")


def test_snprintf_becomes_ethtool_sprintf_and_a_fuller_body_keeps_its_braces(tmp_path):
    s, after = run(tmp_path, "qx_get_strings", ["+\t\tsnprintf(p, ETH_GSTRING_LEN, \"rx%d_packets\", i);"],
                   "ethtool_sprintf()")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\t\tsnprintf(p, ETH_GSTRING_LEN, \"rx%d_packets\", i);\n\t\tp += ETH_GSTRING_LEN;\n",
                                "\t\tethtool_sprintf(&p, \"rx%d_packets\", i);\n")


def test_a_double_pointer_cursor_is_passed_as_it_is_and_a_lone_percent_s_is_a_puts(tmp_path):
    s, after = run(tmp_path, "qx_queue_strings", ["+\tsnprintf(*data, ETH_GSTRING_LEN, \"%s\", qx_queue_name(q));"],
                   "Use ethtool_sprintf() or rather ethtool_puts().")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\tsnprintf(*data, ETH_GSTRING_LEN, \"%s\", qx_queue_name(q));\n"
                                "\t*data += ETH_GSTRING_LEN;\n", "\tethtool_puts(data, qx_queue_name(q));\n")


@pytest.mark.parametrize("fn,quoted,reason", [
    ("qx_get_strings", "+\tmemcpy(p, qx_extra_name, ETH_GSTRING_LEN);", "whatever the string holds"),
    ("qx_char_strings", "+\tstrscpy(buf, \"qx_drops\", ETH_GSTRING_LEN);", "buf is not declared u8 *"),
])
def test_what_the_helpers_do_not_do_alike_is_manual(tmp_path, fn, quoted, reason):
    s, after = run(tmp_path, fn, [quoted], "Please use ethtool_puts().")
    assert s.status == Status.MANUAL and reason in s.reason, s.reason
    assert after == SRC


def test_the_helper_named_only_to_keep_the_copy_changes_nothing(tmp_path):
    s, after = run(tmp_path, "qx_get_strings", ["+\t\tstrscpy(p, qx_stats[i].name, ETH_GSTRING_LEN);",
                                                "+\t\tp += ETH_GSTRING_LEN;"],
                   "ethtool_puts() would be nicer, but this goes to stable where it doesn't exist yet, so keep "
                   "strscpy().")
    assert s.kind != "ethtool-string" and s.status != Status.APPLIED and after == SRC


PAIRS = """\
static void qx_ring_strings(struct net_device *ndev, u8 *data)
{
\tint i;

\tfor (i = 0; i < ndev->num_tx_queues; i++) {
\t\tsprintf(data, "tx%d_packets", i);
\t\tdata += ETH_GSTRING_LEN;
\t\tsprintf(data, "tx%d_bytes", i);
\t\tdata += ETH_GSTRING_LEN;
\t}
}
"""


def test_every_pair_of_the_whole_quote_not_only_the_narrowed_tail(tmp_path):
    """"ethtool_sprintf() for both" under both pairs, anchored (as the review stage may) on the last one:
    before, the last pair only became a call and the comment was reported partly done."""
    quote = PAIRS.splitlines()[5:9]
    s = sugg(PATH, "qx_ring_strings", ["+" + ln for ln in quote], "ethtool_sprintf() for both", answer="",
             lines=(8, 9))
    s.quote = quote
    after = applied(tmp_path, PATH, PAIRS, s)[0]
    assert (s.kind, s.status, s.reason) == ("ethtool-string", Status.APPLIED, "")
    assert after == PAIRS.replace('\t\tsprintf(data, "tx%d_packets", i);\n\t\tdata += ETH_GSTRING_LEN;\n'
                                  '\t\tsprintf(data, "tx%d_bytes", i);\n\t\tdata += ETH_GSTRING_LEN;\n',
                                  '\t\tethtool_sprintf(&data, "tx%d_packets", i);\n'
                                  '\t\tethtool_sprintf(&data, "tx%d_bytes", i);\n')
