"""How many arguments a function or function-like macro of the tree takes, from the headers a file includes.

A call renamed by name keeps its arguments (`foo(a, b)` -> `bar(a, b)`); when the headers the file includes
declare the new name with another count (`KUNIT_EXPECT_TRUE(test, cond)` -> `KUNIT_EXPECT_EQ(test, left,
right)`, `kzalloc(size, gfp)` -> `kunit_kzalloc(test, size, gfp)`), the rename would not build.  Only the
headers the file includes itself whose path names a part of the name are read (`kunit_kzalloc()`:
`<kunit/test.h>`; a cached blob read each): a name declared elsewhere is not known, and nothing is said
about it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext
from cocci.recipes._c_types import header_paths, includes
from patches.ctext import closing, mask, split_args


@dataclass(frozen=True)
class Arity:
    least: int              # arguments a call passes at least
    variadic: bool          # `...` last: any number from LEAST on
    where: str              # the header that says so

    def takes(self, n: int) -> bool:
        return n >= self.least if self.variadic else n == self.least

    def __str__(self) -> str:
        return f"{self.least} or more" if self.variadic else str(self.least)


def _counts(text: str, name: str) -> set[tuple[int, bool]]:
    """(count, variadic) of each definition or declaration of NAME in TEXT: `#define NAME(...)`, or a
    function header (a type before the name, `;` or `{` after the parameter list)."""
    masked = mask(text)
    out: set[tuple[int, bool]] = set()
    define = re.compile(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}\(", re.M)
    header = re.compile(rf"^[ \t]*(?:[A-Za-z_]\w*[ \t*]+)+\**{re.escape(name)}[ \t]*\(", re.M)
    # the type on the line above: "struct device *\ndevm_hwmon_device_register_with_info(struct device *dev, ..."
    below_type = re.compile(rf"(?<=[\w*])[ \t]*\n\**{re.escape(name)}[ \t]*\(")
    for rx in (define, header, below_type):
        for m in rx.finditer(masked):
            if rx is not define and re.match(r"\s*(?:return|else|case|goto)\b", masked[m.start():]):
                continue            # a call in a statement, not a declaration
            above = masked[masked.rfind("\n", 0, m.start()) + 1:m.start()]
            if rx is below_type and (not re.fullmatch(r"[ \t]*(?:[A-Za-z_]\w*[ \t*]*)+", above) or
                                     re.match(r"\s*(?:return|else|case|goto)\b", above)):
                continue            # the line above is no type alone (`x = y *`, `return`)
            p = m.end() - 1
            q = closing(masked, p)
            if q < 0:
                continue
            if rx is not define and not re.match(r"\s*(?:__\w+(?:\([^()]*\))?\s*)*[;{]", masked[q + 1:q + 200]):
                continue
            params = [" ".join(a.split()) for a in split_args(text, masked, p, q)]
            params = [a for a in params if a not in ("", "void")]
            variadic = bool(params) and params[-1].endswith("...")
            out.add((len(params) - (1 if variadic else 0), variadic))
    return out


def declared(ctx: CodeContext, name: str) -> Arity | None:
    """NAME's argument count as the first header the file includes that declares it says; None when no
    header the file includes declares it, the tree cannot be read, or its declarations disagree."""
    if ctx.tree_read is None or not re.fullmatch(r"[A-Za-z_]\w*", name):
        return None
    parts = {w for w in name.lower().split("_") if len(w) >= 3}
    for system, inc in includes(ctx.text):
        if not parts & set(re.split(r"[/_.-]", inc.lower())):
            continue
        for path in header_paths(ctx.path, system, inc):
            text = ctx.tree_read(path)
            if text is None or name not in text:
                continue
            found = _counts(text, name)
            if len(found) == 1:
                least, variadic = found.pop()
                return Arity(least, variadic, path)
            if found:
                return None
    return None
