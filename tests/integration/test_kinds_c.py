"""early-return and move-declaration on real 6.12 code (kernel/, fs/, net/): the v4 code a patch would
have is made from the real function (its tail wrapped in an `if`, a loop's local hoisted to the top),
and the v5 hunk is checked exactly -- it gives back the kernel's own code."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.textedit import diff as unified_diff
from cocci.tidy import tidy
from patches.model import Anchor, Person, Response, Status, Suggestion

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def respin_one(tmp_path: Path, path: str, text: str, fn: str, quoted: list[str], comment: str,
               answer: str = "Ok, will change it in v5.") -> tuple[Suggestion, list[str], str]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jakub Reviewer"), comment=comment,
                   anchor=Anchor(file=path, function=fn, code=[q[1:].strip() for q in quoted]),
                   quoted=quoted, response=Response.ACCEPTED, response_text=answer, kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, fn, {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    after = tidy(text, files[path])
    return s, unified_diff(path, text, after).splitlines()[2:], after


def v4(real: str, old: str, new: str) -> str:
    assert real.count(old) == 1
    return real.replace(old, new)


AUDIT_REAL = ("\tif (!reply)\n\t\treturn;\n\n\tkfree_skb(reply->skb);\n\tif (reply->net)\n"
              "\t\tput_net(reply->net);\n\tkfree(reply);\n}\n")
AUDIT_V4 = ("\tif (reply) {\n\t\tkfree_skb(reply->skb);\n\t\tif (reply->net)\n"
            "\t\t\tput_net(reply->net);\n\t\tkfree(reply);\n\t}\n}\n")


def test_early_return_in_a_void_function(tmp_path, kernel_source):
    real = kernel_source("kernel/audit.c")
    s, diff, after = respin_one(tmp_path, "kernel/audit.c", v4(real, AUDIT_REAL, AUDIT_V4), "audit_free_reply",
                                ["+\tif (reply) {", "+\t\tkfree_skb(reply->skb);"],
                                "Bail out early instead, that saves an indentation level.")
    assert (s.status, s.kind) == (Status.APPLIED, "early-return"), s.reason
    assert after == real
    assert diff == [
        "@@ -962,12 +962,13 @@",
        " ",
        " static void audit_free_reply(struct audit_reply *reply)",
        " {",
        "-\tif (reply) {",
        "-\t\tkfree_skb(reply->skb);",
        "-\t\tif (reply->net)",
        "-\t\t\tput_net(reply->net);",
        "-\t\tkfree(reply);",
        "-\t}",
        "+\tif (!reply)",
        "+\t\treturn;",
        "+",
        "+\tkfree_skb(reply->skb);",
        "+\tif (reply->net)",
        "+\t\tput_net(reply->net);",
        "+\tkfree(reply);",
        " }",
        " ",
        " static int audit_send_reply_thread(void *arg)",
    ]


REISER_REAL = ("\tif (!file_capable(inode, block))\n\t\treturn -EFBIG;\n\n\treiserfs_write_lock(inode->i_sb);\n"
               "\t/* do not read the direct item */\n\t_get_block_create_0(inode, block, bh_result, 0);\n"
               "\treiserfs_write_unlock(inode->i_sb);\n\treturn 0;\n}\n")
REISER_V4 = ("\tif (file_capable(inode, block)) {\n\t\treiserfs_write_lock(inode->i_sb);\n"
             "\t\t/* do not read the direct item */\n\t\t_get_block_create_0(inode, block, bh_result, 0);\n"
             "\t\treiserfs_write_unlock(inode->i_sb);\n\t\treturn 0;\n\t}\n\n\treturn -EFBIG;\n}\n")


def test_early_return_takes_the_trailing_return_value(tmp_path, kernel_source):
    real = kernel_source("fs/reiserfs/inode.c")
    s, diff, after = respin_one(tmp_path, "fs/reiserfs/inode.c", v4(real, REISER_REAL, REISER_V4),
                                "reiserfs_bmap", ["+\tif (file_capable(inode, block)) {"],
                                "Please invert the condition and return -EFBIG early.")
    assert (s.status, s.kind) == (Status.APPLIED, "early-return"), s.reason
    assert s.summary == "Return early in reiserfs_bmap() when !file_capable(inode, block)"
    assert after == real
    assert [ln for ln in diff if ln[:1] in "+-"] == [
        "-\tif (file_capable(inode, block)) {",
        "-\t\treiserfs_write_lock(inode->i_sb);",
        "-\t\t/* do not read the direct item */",
        "-\t\t_get_block_create_0(inode, block, bh_result, 0);",
        "-\t\treiserfs_write_unlock(inode->i_sb);",
        "-\t\treturn 0;",
        "-\t}",
        "+\tif (!file_capable(inode, block))",
        "+\t\treturn -EFBIG;",
        "-\treturn -EFBIG;",
        "+\treiserfs_write_lock(inode->i_sb);",
        "+\t/* do not read the direct item */",
        "+\t_get_block_create_0(inode, block, bh_result, 0);",
        "+\treiserfs_write_unlock(inode->i_sb);",
        "+\treturn 0;",
    ]


SC_TOP = "\tstruct static_call_tramp_key *tramp_key;\n\n\tfor (tramp_key = start;"
SC_LOOP = "tramp_key++) {\n\t\tunsigned long tramp;\n\n\t\ttramp = (long)"


def test_move_a_declaration_into_the_loop_that_uses_it(tmp_path, kernel_source):
    real = kernel_source("kernel/static_call_inline.c")
    text = v4(v4(real, SC_TOP, SC_TOP.replace("*tramp_key;\n", "*tramp_key;\n\tunsigned long tramp;\n")),
              SC_LOOP, SC_LOOP.replace("\t\tunsigned long tramp;\n\n", ""))
    s, diff, after = respin_one(tmp_path, "kernel/static_call_inline.c", text, "tramp_key_lookup",
                                ["+\tunsigned long tramp;"], "nit: tramp can be declared inside the loop.")
    assert (s.status, s.kind) == (Status.APPLIED, "move-declaration"), s.reason
    assert s.summary == "Declare tramp in the loop that uses it in tramp_key_lookup()"
    assert after == real
    assert diff == [
        "@@ -349,9 +349,10 @@",
        " \tstruct static_call_tramp_key *start = __start_static_call_tramp_key;",
        " \tstruct static_call_tramp_key *stop = __stop_static_call_tramp_key;",
        " \tstruct static_call_tramp_key *tramp_key;",
        "-\tunsigned long tramp;",
        " ",
        " \tfor (tramp_key = start; tramp_key != stop; tramp_key++) {",
        "+\t\tunsigned long tramp;",
        "+",
        " \t\ttramp = (long)tramp_key->tramp + (long)&tramp_key->tramp;",
        " \t\tif (tramp == addr)",
        " \t\t\treturn (long)tramp_key->key + (long)&tramp_key->key;",
    ]


BUF_REAL = "\tstruct buffer_head *head;\n\tbool newly_dirty;\n\n\tspin_lock(&mapping->i_private_lock);"
BUF_BLOCK = "\tif (head) {\n\t\tstruct buffer_head *bh = head;\n\n\t\tdo {"


def test_an_initializer_reading_a_value_set_later_stays_manual(tmp_path, kernel_source):
    real = kernel_source("fs/buffer.c")
    text = v4(v4(real, BUF_REAL, BUF_REAL.replace("\tbool newly_dirty;", "\tstruct buffer_head *bh = head;\n"
                                                  "\tbool newly_dirty;")),
              BUF_BLOCK, "\tif (head) {\n\t\tdo {")
    s, diff, after = respin_one(tmp_path, "fs/buffer.c", text, "block_dirty_folio",
                                ["+\tstruct buffer_head *bh = head;"], "Move bh into the if block?")
    assert s.status == Status.MANUAL and after == text
    assert "head changes between the declaration of bh and the block" in s.reason
