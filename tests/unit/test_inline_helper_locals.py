"""inline-helper: the helper's locals go with its body, also into a caller that declares nothing; an inline
function asked for in a header is no fold."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "fs/proc/uptime.c"
SRC = """\
#include <linux/proc_fs.h>

static void __init proc_uptime_create(void)
{
\tstruct proc_dir_entry *pde;

\tpde = proc_create_single("uptime", 0, NULL, uptime_proc_show);
\tpde_make_permanent(pde);
}

static int __init proc_uptime_init(void)
{
\tproc_uptime_create();
\treturn 0;
}
fs_initcall(proc_uptime_init);
"""


def test_a_local_of_the_helper_opens_a_caller_without_declarations(tmp_path):
    """Before: the body moved into proc_uptime_init() and `pde` was declared nowhere."""
    s = sugg(PATH, "proc_uptime_create", ["+static void __init proc_uptime_create(void)"],
             "There's a single caller, just fold this into it.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert hunks(PATH, SRC, after) == [
        "@@ -1,16 +1,11 @@",
        " #include <linux/proc_fs.h>",
        " ",
        "-static void __init proc_uptime_create(void)",
        "+static int __init proc_uptime_init(void)",
        " {",
        " \tstruct proc_dir_entry *pde;",
        " ",
        " \tpde = proc_create_single(\"uptime\", 0, NULL, uptime_proc_show);",
        " \tpde_make_permanent(pde);",
        "-}",
        "-",
        "-static int __init proc_uptime_init(void)",
        "-{",
        "-\tproc_uptime_create();",
        " \treturn 0;",
        " }",
        " fs_initcall(proc_uptime_init);",
    ]


@pytest.mark.parametrize("comment", ["This is trivial, make it a static inline in the header.",
                                     "If the other controllers need it, move it to the header as an inline.",
                                     "static inline?"])
def test_an_inline_asked_for_in_a_header_is_no_fold(tmp_path, comment):
    """Before: "static inline in the header" was read as a fold, and refused for a reason about callers."""
    s = sugg(PATH, "proc_uptime_create", ["+static void __init proc_uptime_create(void)"], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.MANUAL
    assert "asks for proc_uptime_create() as a static inline function or in a header" in s.reason
    assert after == SRC


LOOP = """\
#include <linux/list.h>

static void ulist_snapshot_fill(struct ulist *ulist, struct ulist_node **arr)
{
\tstruct ulist_node *node;
\tunsigned int i = 0;

\tlist_for_each_entry(node, &ulist->nodes, list)
\t\tarr[i++] = node;
}

struct ulist_node **ulist_snapshot(struct ulist *ulist, gfp_t gfp)
{
\tstruct ulist_node **arr;

\tarr = kvmalloc_array(ulist->nnodes, sizeof(*arr), gfp);
\tif (!arr)
\t\treturn NULL;
\tulist_snapshot_fill(ulist, arr);
\treturn arr;
}
"""


def test_a_loop_macro_of_the_helper_is_folded_as_written(tmp_path):
    """Before: failed, spatch could not parse the `list_for_each_entry(...)` loop the rule adds."""
    s = sugg("fs/btrfs/ulist.c", "ulist_snapshot_fill", ["+static void ulist_snapshot_fill(struct ulist *ulist, "
                                                         "struct ulist_node **arr)"],
             "This has a single caller, fold it into ulist_snapshot().")
    after, _, _ = pipeline(tmp_path, "fs/btrfs/ulist.c", LOOP, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == """\
#include <linux/list.h>

struct ulist_node **ulist_snapshot(struct ulist *ulist, gfp_t gfp)
{
\tstruct ulist_node **arr;
\tstruct ulist_node *node;
\tunsigned int i = 0;

\tarr = kvmalloc_array(ulist->nnodes, sizeof(*arr), gfp);
\tif (!arr)
\t\treturn NULL;
\tlist_for_each_entry(node, &ulist->nodes, list)
\t\tarr[i++] = node;
\treturn arr;
}
"""
