"""Regular expressions compiled the first time they are matched.

Python compiles a pattern with Python code (re's parser and compiler), about 0.2 ms a pattern and
80 ms for the patterns respin's modules compile as they are imported.  A pattern that only a rarer
kind of reply reaches (a request to drop a patch, to Cc someone, to add a tag, to reword or rewrap
the commit message) is written ``lazy(...)`` instead of ``re.compile(...)``: the same pattern and
flags, compiled when it is first used, so that a run whose thread has no such reply does not pay
for it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


class LazyPattern:
    """``re.compile(pattern, flags)``, made on first use; the matching methods respin calls."""

    __slots__ = ("_pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:      # two threads may both compile it: the same pattern either way
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """PATTERN with FLAGS, compiled when first matched (see the module's docstring)."""
    return LazyPattern(pattern, flags)
