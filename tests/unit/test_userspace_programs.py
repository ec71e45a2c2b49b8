"""A selftest or tool is built against the C library: the kernel's own helpers (min(), SZ_64K,
<linux/sizes.h>) are not brought into it unless the file or a header of its own defines them
(kselftest.h's ARRAY_SIZE()), and calls of the C library are not renamed into calls that take other
arguments (test_rename_call_library.py)."""
from __future__ import annotations

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci import userspace as U
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import hunks, sugg

PATH = "tools/testing/selftests/frob/frob_test.c"
TEXT = """\
// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/kernel.h>

#include "../kselftest.h"

static const int frob_sizes[] = { 4096, 8192, 65536 };

static int frob_pipe(int fd)
{
\tchar path[64];
\tchar *buf;
\tint i, ret = 0;

\tbuf = malloc(64);
\tif (!buf)
\t\treturn -1;
\tsprintf(path, "/proc/self/fd/%d", fd);
\tfor (i = 0; i < sizeof(frob_sizes) / sizeof(frob_sizes[0]); i++) {
\t\tret = fcntl(fd, F_SETPIPE_SZ, frob_sizes[i]);
\t\tif (ret > 65536)
\t\t\tret = 65536;
\t\tif (ret < 0)
\t\t\tprintf("F_SETPIPE_SZ failed: %d\\n", ret);
\t}
\tif (ret < 0) {
\t\tksft_print_msg("frob_pipe failed: %d\\n", ret);
\t\tret = -1;
\t}
\tfree(buf);
\treturn ret;
}
"""
HEADERS = {
    "tools/testing/selftests/kselftest.h": "#include <stdarg.h>\n"
                                           "#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))\n"
                                           "static inline void ksft_print_msg(const char *msg, ...)\n{\n}\n",
    "include/uapi/linux/kernel.h": "#include <linux/sysinfo.h>\n",
}


def _run(tmp_path, quoted: str | list[str], comment: str, headers: dict[str, str] = HEADERS):
    s = sugg(PATH, "frob_pipe", quoted if isinstance(quoted, list) else [quoted], comment)
    s.quote = [q[1:] for q in s.quoted]
    s.anchor.code = [q.strip() for q in s.quote]
    ctx = CodeContext(PATH, TEXT, "frob_pipe", {PATH: TEXT}, [], base_files={PATH: ""}, tree_read=headers.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {PATH: TEXT}, tmp_path)
    return s, hunks(PATH, TEXT, out[PATH])


@pytest.mark.parametrize("quoted, comment, reason", [
    (["+\t\tif (ret > 65536)", "+\t\t\tret = 65536;"], "min()?",
     f"01-use-helper-min.cocci: {PATH} is a user-space program (it includes the C library's headers): min is one of "
     "the kernel's own helpers, and neither the file nor a header it includes that respin can read defines it; "
     "the change is for the author"),
    ("+\t\t\tret = 65536;", "Use SZ_64K.",
     f"01-replace-expression-sz_64k.cocci: {PATH} is a user-space program (it includes the C library's headers): "
     "SZ_64K is one of the kernel's own helpers, and neither the file nor a header it includes that respin can "
     "read defines it; the change is for the author; "
     f"02-add-include-sizes.cocci: {PATH} is a user-space program (it includes the C library's headers): "
     "<linux/sizes.h> is a header of the kernel's own, which it cannot include"),
])
def test_kernel_helper_is_not_brought_into_a_program(tmp_path, quoted, comment, reason):
    s, diff = _run(tmp_path, quoted, comment)
    assert diff == []
    assert (s.status, s.reason) == (Status.FAILED, reason)


def test_helper_a_header_of_its_own_defines_is_used(tmp_path):
    s, diff = _run(tmp_path, "+\tfor (i = 0; i < sizeof(frob_sizes) / sizeof(frob_sizes[0]); i++) {",
                   "use ARRAY_SIZE() from kselftest.h")
    assert s.status == Status.APPLIED
    assert diff == ["@@ -19,7 +19,7 @@",
                    " \tif (!buf)",
                    " \t\treturn -1;",
                    " \tsprintf(path, \"/proc/self/fd/%d\", fd);",
                    "-\tfor (i = 0; i < sizeof(frob_sizes) / sizeof(frob_sizes[0]); i++) {",
                    "+\tfor (i = 0; i < ARRAY_SIZE(frob_sizes); i++) {",
                    " \t\tret = fcntl(fd, F_SETPIPE_SZ, frob_sizes[i]);",
                    " \t\tif (ret > 65536)",
                    " \t\t\tret = 65536;"]


def test_helper_is_refused_when_the_own_header_cannot_be_read(tmp_path):
    s, diff = _run(tmp_path, "+\tfor (i = 0; i < sizeof(frob_sizes) / sizeof(frob_sizes[0]); i++) {",
                   "ARRAY_SIZE()", headers={})
    assert diff == []
    assert s.status == Status.FAILED
    assert "ARRAY_SIZE is one of the kernel's own helpers, and neither the file nor a header it includes that " \
        "respin can read defines it" in s.reason


@pytest.mark.parametrize("text, program", [
    ("#include <stdio.h>\n", True),
    ("#include <sys/mman.h>\n", True),
    ("#include <linux/kernel.h>\n#include <linux/module.h>\n", False),
    ("#include \"stdio.h\"\n", False),
])
def test_program_is_told_by_the_c_library_headers(text, program):
    assert U.is_program(text) is program


def test_tools_outside_the_selftests_reach_tools_include():
    before = "#include <stdio.h>\n#include <linux/kernel.h>\nint f(int a)\n{\n\treturn a;\n}\n"
    after = before.replace("return a;", "return min(a, 4);")
    tree = {"tools/include/linux/kernel.h": "#define min(x, y) ((x) < (y) ? (x) : (y))\n"}
    assert U.kernel_only("tools/perf/util/frob.c", before, after, tree.get) == ""
    assert "min is one of the kernel's own" in U.kernel_only("tools/testing/selftests/frob/f.c", before, after,
                                                             tree.get)
    assert U.kernel_only("drivers/misc/frob.c", before.replace("stdio", "linux/io"), after, tree.get) == ""


def test_host_programs_of_scripts_reach_scripts_include():
    before = "#include <stdio.h>\n#include <xalloc.h>\nstatic int tbl[4];\nint n(void)\n{\n\treturn 4;\n}\n"
    after = before.replace("return 4;", "return ARRAY_SIZE(tbl);")
    tree = {"scripts/include/xalloc.h": "#include <array_size.h>\n",
            "scripts/include/array_size.h": "#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))\n"}
    assert U.kernel_only("scripts/frob.c", before, after, tree.get) == ""
    assert "ARRAY_SIZE is one of" in U.kernel_only("scripts/frob.c", before, after, {}.get)


@pytest.mark.parametrize("text", [
    "#include <linux/netdevice.h>\n#include <net/wext.h>\n",
    "#include <linux/module.h>\n#ifndef MAX_U32\n#define MAX_U32 0xffffffff\n#endif\n#ifdef DRX_DEBUG\n"
    "#include <stdio.h>\n#endif\n",
    "#ifdef __KERNEL__\n#include <linux/string.h>\n#else\n#include <string.h>\n#endif\n",
    "/* #include <stdio.h> */\n#include <linux/types.h>\n",
])
def test_kernel_file_with_a_library_header_only_for_another_build_is_no_program(text):
    assert U.is_program(text) is False


def test_header_of_a_program_includes_the_library_under_its_guard():
    assert U.is_program("#ifndef FROB_UTIL_H\n#define FROB_UTIL_H\n#include <stdbool.h>\n#include <sys/mman.h>\n"
                        "#endif\n") is True


def test_program_told_by_the_harness_header_it_includes():
    before = "#include \"../kselftest_harness.h\"\nint f(int a)\n{\n\treturn a;\n}\n"
    after = before.replace("return a;", "return min(a, 4);")
    tree = {"tools/testing/selftests/kselftest_harness.h": "#include <stdio.h>\n#include \"kselftest.h\"\n"}
    assert "min is one of" in U.kernel_only("tools/testing/selftests/frob/f.c", before, after, tree.get)
    assert U.kernel_only("tools/testing/selftests/frob/f.c", before, after, {}.get) == ""


def test_bpf_selftests_reach_tools_include_and_the_directory_of_their_makefile():
    before = "#include <string.h>\n#include <test_progs.h>\nstatic int t[2];\nint f(int a)\n{\n\treturn a;\n}\n"
    after = before.replace("return a;", "return min(a, (int)ARRAY_SIZE(t));")
    tree = {"tools/testing/selftests/bpf/test_progs.h": "#include <linux/kernel.h>\n",
            "tools/testing/selftests/bpf/Makefile": "include ../lib.mk\n",
            "tools/include/linux/kernel.h": "#define min(x, y) ((x) < (y) ? (x) : (y))\n"
                                            "#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))\n"}
    assert U.kernel_only("tools/testing/selftests/bpf/prog_tests/frob.c", before, after, tree.get) == ""
