"""export-gpl: "EXPORT_SYMBOL_GPL, please" under an export, or under the function it exports."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "lib/qrx_ratelimit.c"
TEXT = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/export.h>

int qrx_report(int missed)
{
\treturn missed > 0;
}
EXPORT_SYMBOL(qrx_report);

int qrx_reset(int *missed)
{
\t*missed = 0;
\treturn 0;
}
EXPORT_SYMBOL_NS(qrx_reset, QRX);
"""


@pytest.mark.parametrize("comment", ["EXPORT_SYMBOL_GPL, please; this is new API.",
                                     "Why not EXPORT_SYMBOL_GPL()?", "This should be a GPL-only export.",
                                     "Everything else in this file is _GPL."])
def test_the_quoted_export_becomes_gpl(tmp_path, comment):
    s = sugg(PATH, "", ["+EXPORT_SYMBOL(qrx_report);"], comment)
    after, rules = applied(tmp_path, PATH, TEXT, s)
    assert s.status == Status.APPLIED, s.reason
    assert hunks(PATH, TEXT, after) == [
        "@@ -5,7 +5,7 @@", " {", " \treturn missed > 0;", " }",
        "-EXPORT_SYMBOL(qrx_report);", "+EXPORT_SYMBOL_GPL(qrx_report);", " ", " int qrx_reset(int *missed)", " {"]
    assert "declarer name EXPORT_SYMBOL_GPL;" in rules[0].text


def test_a_namespaced_export_keeps_its_namespace(tmp_path):
    s = sugg(PATH, "qrx_reset", ["+\treturn 0;", "+}"], "Make it _GPL please.")
    after, _ = applied(tmp_path, PATH, TEXT, s)
    assert "EXPORT_SYMBOL_NS_GPL(qrx_reset, QRX);\n" in after
    assert "EXPORT_SYMBOL(qrx_report);\n" in after


@pytest.mark.parametrize("comment", ["EXPORT_SYMBOL_GPL is not needed here, out-of-tree users need it.",
                                     "Don't make this EXPORT_SYMBOL_GPL.", "Looks fine."])
def test_no_request_no_edit(tmp_path, comment):
    s = sugg(PATH, "", ["+EXPORT_SYMBOL(qrx_report);"], comment)
    after, _ = applied(tmp_path, PATH, TEXT, s)
    assert after == TEXT
    assert s.status != Status.APPLIED


@pytest.mark.parametrize("quoted, comment", [
    (["+\treturn missed > 0;", "+}"], "Use the _GPL variant of the lock helper here, it is cheaper."),
    (["+EXPORT_SYMBOL(qrx_report);"], "Please drop the _GPL, out-of-tree modules use this."),
    (["+EXPORT_SYMBOL(qrx_report);"], "Why _GPL? A plain export is what the other helpers use."),
    (["+EXPORT_SYMBOL(qrx_report);"], "Other helpers here use EXPORT_SYMBOL_GPL, this one can stay plain."),
    (["+EXPORT_SYMBOL(qrx_report);"], "Why is this one not _GPL? Not a request, just curious."),
])
def test_gpl_named_for_another_reason_or_turned_down_is_no_edit(tmp_path, quoted, comment):
    s = sugg(PATH, "qrx_report", quoted, comment)
    after, _ = applied(tmp_path, PATH, TEXT, s)
    assert after == TEXT
    assert s.status != Status.APPLIED


BEFORE = "// SPDX-License-Identifier: GPL-2.0\n#include <linux/export.h>\n"
TWO = TEXT.replace("EXPORT_SYMBOL_NS(qrx_reset, QRX);", "EXPORT_SYMBOL(qrx_reset);")


def both(tmp_path, text: str, comment: str):
    from cocci import apply as A
    from cocci import rules as RU
    from cocci.recipe import CodeContext
    s = sugg(PATH, "", ["+EXPORT_SYMBOL(qrx_reset);"], comment)
    ctx = CodeContext(PATH, text, "", {PATH: text}, [(s.id, s.quoted)], base_files={PATH: BEFORE})
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {PATH: text}, tmp_path)
    return s, files[PATH]


@pytest.mark.parametrize("comment", ["Both exports should be _GPL.", "All the symbols here should be _GPL."])
def test_both_exports_the_patch_adds_become_gpl(tmp_path, comment):
    s, after = both(tmp_path, TWO, comment)
    assert s.status == Status.APPLIED, s.reason
    assert [x for x in hunks(PATH, TWO, after) if x[:1] in "+-"] == [
        "-EXPORT_SYMBOL(qrx_report);", "+EXPORT_SYMBOL_GPL(qrx_report);",
        "-EXPORT_SYMBOL(qrx_reset);", "+EXPORT_SYMBOL_GPL(qrx_reset);"]


def test_both_with_no_other_export_of_that_form_is_manual(tmp_path):
    text = TWO.replace("EXPORT_SYMBOL(qrx_report);", "EXPORT_SYMBOL_NS(qrx_report, QRX);")
    s, after = both(tmp_path, text, "Both exports should be _GPL.")
    assert (s.status, after) == (Status.MANUAL, text)
    assert s.reason == 'export-gpl: "Both exports": the patch adds no other export of this form to the file'
