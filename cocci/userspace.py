"""Programs of the tree that run in user space: selftests, tools, host programs of scripts/.

The recipes bring in the kernel's own helpers (`min()`, `BIT()`, `SZ_64K`, `str_yes_no()`, `<linux/sizes.h>`,
`kzalloc()`, `dev_err()`); a program built against the C library and the exported uapi headers has none of
them unless it defines them itself or a header of its own does (kselftest.h defines `ARRAY_SIZE()`).  An
edit that brings one into such a program would not build: it is refused, saying which name is missing.

A C file is taken for a user-space program when it includes a header only the C library has
(`<stdio.h>`, `<unistd.h>`, `<sys/...>`).  What it can reach: the file, the headers it includes by
`"..."`, the uapi headers (`include/uapi/`), and the look-alikes of the
kernel's headers that the Makefiles put first: `tools/include/` for the programs under tools/ outside the
selftests (perf, tools/lib, ...) and for the bpf selftests, `scripts/include/` for the host programs of
scripts/, the directory of the program's Makefile; and the headers those include, three levels down.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from cocci.recipes._c_types import includes
from patches.ctext import mask

# headers of the C library (or POSIX) that no kernel file includes
_LIBC = re.compile(r"(?:stdio|stdlib|unistd|string|strings|fcntl|errno|pthread|signal|time|assert|getopt|poll|"
                   r"dirent|limits|stdint|inttypes|err|dlfcn|syslog|termios|libgen|malloc|setjmp|locale|"
                   r"sched|semaphore|ftw|glob|pwd|grp|math|ctype|netdb|ifaddrs|spawn|wchar)\.h|"
                   r"(?:sys|arpa|netinet)/\w+\.h")
# the helpers the recipes bring in that only the kernel's headers define
_KERNEL_ONLY = re.compile(
    r"\b(?:(?:min|max|clamp|min_t|max_t|clamp_t|min3|max3|umin|umax|clamp_val|swap|BIT|BIT_ULL|GENMASK|"
    r"GENMASK_ULL|FIELD_GET|FIELD_PREP|FIELD_FIT|FIELD_MAX|str_[a-z]+_[a-z]+|str_plural|DIV_ROUND_UP|"
    r"DIV_ROUND_CLOSEST|DIV_ROUND_UP_ULL|ARRAY_SIZE|roundup|rounddown|round_up|round_down|IS_ALIGNED|ALIGN|"
    r"ALIGN_DOWN|sizeof_field|struct_size|array_size|size_add|size_mul|kstrto\w+|kv?[mz]alloc\w*|kv?calloc|"
    r"kmalloc_array|kv?free|kmemdup\w*|kstrdup\w*|(?:dev|pr|netdev)_(?:emerg|alert|crit|err|warn|notice|info|dbg)"
    r"\w*|READ_ONCE|WRITE_ONCE|likely|unlikely|container_of|IS_ERR\w*|PTR_ERR\w*|ERR_PTR|ERR_CAST|scnprintf|"
    r"vscnprintf|sysfs_emit\w*|strscpy\w*|strlcpy)(?=\s*\()|"
    r"SZ_\d+[KMGT]?|GFP_[A-Z_]+|[A-Z]+_PER_[A-Z]+|BITS_PER_BYTE|fallthrough|__maybe_unused|[US](?:8|16|32|64)_(?:MAX|MIN))\b")
_DEFINES = r"^[ \t]*#[ \t]*define[ \t]+{name}\b|^(?!\s)[^\n;{{}}#=]*\b{name}[ \t]*\([^;{{}}]*\)\s*\{{"
_DEPTH = 3


_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*(if|ifdef|ifndef|endif|include)\b[ \t]*(.*)$", re.M)


def _guarded(masked: str, directives: list[re.Match[str]]) -> bool:
    """Whether the first #if of MASKED (its DIRECTIVES) is an include guard: `#ifndef X` with `#define X`
    next, closed by the last directive of the file."""
    firsts = [i for i, m in enumerate(directives) if m.group(1).startswith("if")]
    if not firsts or directives[firsts[0]].group(1) != "ifndef":
        return False
    m = directives[firsts[0]]
    if not re.match(rf"\s*#\s*define\s+{re.escape(m.group(2).strip())}\b", masked[m.end() + 1:]):
        return False
    depth = 0
    for i, d in enumerate(directives[firsts[0]:], firsts[0]):
        depth += 1 if d.group(1).startswith("if") else -1 if d.group(1) == "endif" else 0
        if depth == 0:
            return i == len(directives) - 1
    return False


def is_program(text: str) -> bool:
    """Whether TEXT, a C file, is a user-space program: it includes a header of the C library outside any
    #if (an include guard aside): a kernel file that includes one only for a debug or host build
    (`#ifdef DRX_DEBUG`, `#ifndef __KERNEL__`) or in a comment is none."""
    if not any(system and _LIBC.fullmatch(inc) for system, inc in includes(text)):
        return False
    masked = mask(text)
    directives = list(_DIRECTIVE.finditer(masked))
    top = 1 if _guarded(masked, directives) else 0
    depth = 0
    for m in directives:
        if m.group(1).startswith("if"):
            depth += 1
        elif m.group(1) == "endif":
            depth -= 1
        elif depth <= top and any(system and _LIBC.fullmatch(inc) for system, inc in includes(m.group(0))):
            return True
    return False


def _own_include(path: str) -> list[str]:
    """The directories the Makefiles put first for `<...>` includes of the program at PATH: tools/include/
    for everything under tools/ but the selftests (whose Makefiles put the exported uapi headers there;
    the bpf selftests' puts tools/include/ first too), scripts/include/ for the host programs of scripts/."""
    if path.startswith("tools/") and (not path.startswith("tools/testing/selftests/")
                                      or path.startswith("tools/testing/selftests/bpf/")):
        return ["tools/include/"]
    return ["scripts/include/"] if path.startswith("scripts/") else []


def _build_dir(path: str, read: Callable[[str], str | None]) -> str:
    """The directory of the Makefile nearest above PATH (where its build runs, `-I$(CURDIR)`); PATH's own
    directory when none is found four levels up."""
    d = posixpath.dirname(path)
    for _ in range(4):
        if not d or read(f"{d}/Makefile") is not None:
            break
        d = posixpath.dirname(d)
    return d or posixpath.dirname(path)


def _system_paths(path: str, inc: str, build: str) -> list[str]:
    """Where a `<INC>` of the program at PATH may be read in the tree: the uapi headers, the look-alikes
    its Makefile puts first, the directory BUILD its Makefile is in (<test_progs.h> of the bpf selftests)."""
    return [f"include/uapi/{inc}"] + [d + inc for d in _own_include(path)] + [posixpath.join(build, inc)]


def _reached(path: str, text: str, read: Callable[[str], str | None]) -> list[str]:
    """The texts of the headers PATH (TEXT) includes that the tree holds and a program can read: its own
    `"..."` headers, the uapi headers, the look-alikes its build puts first, and theirs (three levels down)."""
    out: list[str] = []
    seen: set[str] = set()
    build = _build_dir(path, read)
    todo = [(path, text, 0)]
    while todo:
        at, body, depth = todo.pop()
        for system, inc in includes(body):
            if system:
                where = _system_paths(path, inc, build)
            else:
                where = [posixpath.normpath(posixpath.join(posixpath.dirname(at), inc))]
            for h in where:
                if h in seen or h.startswith(".."):
                    continue
                seen.add(h)
                got = read(h)
                if got is not None:
                    out.append(got)
                    if depth + 1 < _DEPTH:
                        todo.append((h, got, depth + 1))
    return out


def _defines(text: str, name: str) -> bool:
    return name in text and re.search(_DEFINES.format(name=re.escape(name)), mask(text), re.M) is not None


def _new_header(path: str, before: str, after: str, read: Callable[[str], str | None]) -> str:
    """A `<...>` header AFTER includes that BEFORE did not and a program at PATH cannot read; '' for none."""
    had = set(includes(before))
    build = _build_dir(path, read)
    for system, inc in includes(after):
        if not system or (system, inc) in had or _LIBC.fullmatch(inc):
            continue
        if all(read(h) is None for h in _system_paths(path, inc, build)):
            return inc
    return ""


def _program(path: str, text: str, read: Callable[[str], str | None]) -> bool:
    """Whether the C file PATH (TEXT) is a program: it includes a header of the C library, or a `"..."`
    header of its own that does (`"../kselftest_harness.h"`)."""
    if is_program(text):
        return True
    for system, inc in includes(text):
        got = None if system else read(posixpath.normpath(posixpath.join(posixpath.dirname(path), inc)))
        if got is not None and is_program(got):
            return True
    return False


def kernel_only(path: str, before: str, after: str, read: Callable[[str], str | None] | None) -> str:
    """Why the edit of the program at PATH from BEFORE to AFTER would not build: it includes a header of
    the kernel's own, or uses a helper only the kernel defines that BEFORE did not use and neither the
    file nor a header it reaches defines; '' when it is no such edit (or PATH is no program)."""
    if read is None or not path.endswith((".c", ".h")):
        return ""
    old_lines = set(before.splitlines())
    added = "\n".join(ln for ln in after.splitlines() if ln not in old_lines)    # what the edit wrote
    names = {n for n in _KERNEL_ONLY.findall(mask(added)) if not re.search(rf"\b{re.escape(n)}\b", before)}
    if not (names or re.search(r"^[ \t]*#[ \t]*include[ \t]*<", added, re.M)) or not _program(path, before, read):
        return ""
    new = sorted(n for n in names if not _defines(after, n))
    header = _new_header(path, before, after, read)
    if header:
        return (f"{path} is a user-space program (it includes the C library's headers): <{header}> is a "
                "header of the kernel's own, which it cannot include")
    headers = _reached(path, before, read) if new else []
    for name in new:
        if not any(_defines(h, name) for h in headers):
            return (f"{path} is a user-space program (it includes the C library's headers): {name} is one of "
                    "the kernel's own helpers, and neither the file nor a header it includes that respin can read "
                    "defines it; the change is for the author")
    return ""
