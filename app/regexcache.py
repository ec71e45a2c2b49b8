"""Compiled regular expressions kept from one run of the command line to the next.

respin's modules hold about 940 regular expressions (the review readings and the recipes); Python
turns each into matching code with Python code of its own (``re``'s parser and compiler), 0.1-0.3 ms a
pattern: 0.15-0.2 s of every `respin run`, more than spatch's parse of the file a review is about.  That
translation depends only on the pattern, its flags and the Python that runs it, so the command line
keeps its result, the code ``_sre.compile`` takes, in the user's cache directory: a later run hands the
stored code to ``_sre.compile`` (microseconds) and translates only the patterns it has not seen.

What is stored is what Python would compute again: the file names the Python version and the regular
expression engine's magic number and is ignored whole when either differs; an entry that the engine
rejects (``_sre.compile`` checks the code it is given) is translated again, and nothing is stored then;
a pattern with the DEBUG flag is never taken from the file.  Patterns made from a thread's words (a
name the reviewer quoted) are stored too, the patterns this run used first, up to ``LIMIT`` entries and
about ``MAX_BYTES``; a very long pattern is not stored.
A cache that cannot be read is no cache; one that cannot be written is not written.
"""
from __future__ import annotations

import array
import contextlib
import importlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

# re's own translation steps and engine (private modules of the standard library, the same for a given FORMAT)
_compiler: Any = importlib.import_module("re._compiler")
_parser: Any = importlib.import_module("re._parser")
_sre: Any = importlib.import_module("_sre")

FILE_NAME = "regex.marshal"    # in the user's cache directory (app.health.cache_dir)
LIMIT = 2048            # entries kept: respin's own patterns (about 950) and names from threads
MAX_PATTERN = 8192      # characters of a pattern kept (respin's longest is about 2,500)
MAX_CODE = 32768        # code words of a pattern kept (respin's largest has about 3,800)
MAX_BYTES = 4 << 20     # the file stops growing at about this size (respin's own patterns: about 1 MB)
FORMAT = ("respin-regex-1", sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)

Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]
Key = tuple[str | bytes, int]
# the code is stored as the bytes of an array of the engine's code words (marshal reads one blob at once
# where it would read a number at a time)
CODE_TYPE = next((t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE), "")


class RegexCache:
    """The stored translations of one file, and the compile function that uses and extends them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[Key, Entry] = _load(path)
        self.used: dict[Key, Entry] = {}
        self.added = 0
        self.broken = False

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re._compiler.compile(pattern, flags)``, from the stored code when there is some."""
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return _ORIGINAL(pattern, flags)
        flags = int(flags)              # re hands a plain int; a RegexFlag is one too, as marshal needs
        key = (pattern, flags)
        entry = self.stored.get(key)
        if entry is not None:
            try:
                compiled = _sre.compile(pattern, *entry)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                self.broken = True          # a file another build of Python wrote: translate, store nothing
            else:
                self.used[key] = entry
                return compiled
        entry = _translate(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
        self.used[key] = entry
        self.added += 1
        return compiled

    def save(self) -> None:
        """Write the entries of this run, then the older ones, up to LIMIT, when this run added any."""
        if not self.added or self.broken or not CODE_TYPE:
            return
        rows: list[tuple[Any, ...]] = []
        seen: set[Key] = set()
        size = 0
        for key, entry in [*self.used.items(), *self.stored.items()]:
            if key in seen or len(key[0]) > MAX_PATTERN or len(entry[1]) > MAX_CODE:
                continue            # a pattern made of a long quote is translated again when it comes back
            if len(rows) >= LIMIT or size > MAX_BYTES:
                break
            seen.add(key)
            rows.append(_row(key, entry))
            size += len(key[0]) + 4 * len(entry[1])
        tmp = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".regex-", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps((FORMAT, rows)))
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


_ORIGINAL = _compiler.compile


def _translate(pattern: str | bytes, flags: int) -> Entry:
    """What ``re._compiler.compile`` hands ``_sre.compile`` after the pattern: flags, code, groups,
    group index, index group (re.error as it raises it)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # the code holds named opcode constants (int subclasses): plain ints, which marshal stores
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def _row(key: Key, entry: Entry) -> tuple[Any, ...]:
    flags, code, groups, groupindex, indexgroup = entry
    return key[0], key[1], flags, array.array(CODE_TYPE, code).tobytes(), groups, groupindex, indexgroup


def _load(path: Path) -> dict[Key, Entry]:
    if not CODE_TYPE:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == FORMAT and isinstance(data[1], list)):
        return {}
    out: dict[Key, Entry] = {}
    for row in data[1]:
        if not (isinstance(row, tuple) and len(row) == 7 and isinstance(row[0], (str, bytes))
                and isinstance(row[1], int) and isinstance(row[3], bytes)):
            return {}
        try:
            code = array.array(CODE_TYPE, row[3]).tolist()
        except ValueError:
            return {}
        out[(row[0], row[1])] = (row[2], code, row[4], row[5], row[6])
    return out


_ACTIVE: RegexCache | None = None


def install(path: Path) -> RegexCache:
    """Make ``re`` translate through a RegexCache of PATH for the rest of the process (once)."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = RegexCache(path)
        _compiler.compile = _ACTIVE.compile
    return _ACTIVE


def uninstall() -> None:
    """Save what the installed cache added and give ``re`` its own compile back."""
    global _ACTIVE
    if _ACTIVE is not None:
        _compiler.compile = _ORIGINAL
        _ACTIVE.save()
        _ACTIVE = None
