"""Declared types of the names a C file uses, read from the file and the headers it includes.

Not a C compiler: it answers the few questions a recipe must settle before it changes a type, and
says "not known" (None) whenever the text does not answer them plainly.

- ``Headers`` reads the headers a file includes, breadth first, through a reader of the tree at the
  series' commit (``CodeContext.tree_read``): `#include <linux/x.h>` is `include/linux/x.h` (else
  `include/uapi/linux/x.h`), `#include "x.h"` is next to the file.  At most ``MAX_HEADERS`` headers
  are read; the reader bounds each one's size.
- ``Headers.member_types(tag, member)``: the declared types of that member of `struct NAME { ... }`;
  ``Headers.member_is_array(tag, member)`` whether it is an array.
- ``Headers.callee(fn)``: FN's parameter lists in every prototype or definition found (``parameter()``
  reads the K-th one's type), or that FN is a macro; ``Headers.macros(fn)`` its definitions, and
  ``expand()`` one of them applied to a call's arguments.
- ``local_types(text, fn, name)``, ``file_scope_types(text, name)``: the declared types of a parameter or
  local of a function, of a file-scope variable.
"""
from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from patches.ctext import Function, closing, functions, mask, split_args

MAX_HEADERS = 150
# a preprocessor line with its continuations
_PREPROCESSOR = re.compile(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", re.M)
_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def pointee_is_const(decl_type: str) -> bool:
    """Whether DECL_TYPE (`const struct ethtool_ops *`, `struct x const *`, `u8 *`) is one pointer to
    const data."""
    t = " ".join(decl_type.split())
    if t.count("*") != 1:
        return False
    return re.search(r"\bconst\b", t.split("*")[0]) is not None


def base_words(decl_type: str) -> str:
    """DECL_TYPE without qualifiers, storage words, pointer stars and attributes: `static const struct foo *`
    -> `struct foo`."""
    words = [w for w in re.findall(r"[A-Za-z_]\w*", decl_type)
             if w not in ("const", "volatile", "restrict", "static", "inline", "extern") and not w.startswith("__")]
    return " ".join(words)


def struct_of(decl_type: str) -> str | None:
    """The struct/union NAME of a declared type (`struct net_device *` -> `struct net_device`), or None."""
    m = re.fullmatch(r"(struct|union)\s+([A-Za-z_]\w*)", base_words(decl_type))
    return f"{m.group(1)} {m.group(2)}" if m else None


def blank_preprocessor(text: str) -> str:
    """TEXT with its preprocessor lines (and their continuations) blanked, line breaks kept."""
    return _PREPROCESSOR.sub(lambda p: re.sub(r"[^\n]", " ", p.group()), text)


def includes(text: str) -> list[tuple[bool, str]]:
    """The files TEXT includes, in order: (system `<...>`, the name as written)."""
    return [(m.group(1) == "<", m.group(2).strip()) for m in _INCLUDE.finditer(text)]


def header_paths(including: str, system: bool, name: str) -> list[str]:
    """The tree paths an include of NAME from the file INCLUDING may read, most likely first."""
    if ".." in name.split("/") or name.startswith("/"):
        return []
    if not system:
        return [posixpath.normpath(posixpath.join(posixpath.dirname(including), name))]
    return [f"include/{name}", f"include/uapi/{name}"]


def declared_in_header(path: str, text: str, name: str, files: dict[str, str],
                       tree_read: Callable[[str], str | None] | None) -> str:
    """The header of the tree that the file PATH (TEXT) includes, and that is none of FILES (the patch's),
    which declares NAME at file scope: a prototype `... name(...);` or an `extern` ("include/linux/x.h");
    '' when none does or the tree cannot be read."""
    if tree_read is None:
        return ""
    decl = re.compile(rf"^(?!\s)[^\n;{{}}#]*\b{re.escape(name)}\s*\([^;{{}}]*\)[^;{{}}]*;|"
                      rf"^\s*extern\b[^;{{}}(]*\b{re.escape(name)}\s*(?:\[[^\]]*\]\s*)*;", re.M)
    for system, inc in includes(text):
        for header in header_paths(path, system, inc):
            found = None if header in files else tree_read(header)
            if found is not None and name in found and decl.search(mask(found)):
                return header
    return ""


def _statement_before(masked: str, end: int) -> str:
    """The text of MASKED from after the last `;`, `{` or `}` before END up to END."""
    start = max(masked.rfind(c, 0, end) for c in ";{}") + 1
    return masked[start:end]


def member_declarations(text: str, tag: str, member: str) -> list[str] | None:
    """The declared types of MEMBER in the definition `TAG { ... }` in TEXT (TAG `struct foo`), each
    as written before the member's name; None when TEXT does not define TAG.  A member declared with
    others (`int a, b;`) or as a function pointer is given as the whole declaration (never a pointer
    to const)."""
    m = mask(text)
    kind, name = tag.split()
    for d in re.finditer(rf"\b{kind}\s+{re.escape(name)}\s*(?:__\w+(?:\([^)]*\))?\s*)*\{{", m):
        # a definition, not `struct foo *p = {` or a variable of that type
        if re.search(r"[=(,]\s*$", m[max(0, d.start() - 40):d.start()]):
            continue
        close = closing(m, d.end() - 1)
        if close < 0:
            continue
        body = blank_preprocessor(m[d.end():close])
        found = []
        for u in re.finditer(rf"(?<![\w.>])\b{re.escape(member)}\s*(?:\[[^\]]*\]\s*)*(?=[;,:])", body):
            decl = _statement_before(body, u.start())
            found.append(decl if body[u.end()] == ";" and "," not in decl else "(" + decl + ")")
        return [" ".join(f.split()) for f in found]
    return None


def is_array_member(text: str, tag: str, member: str) -> bool | None:
    """Whether MEMBER of TAG in TEXT is declared as an array; None when not found."""
    m = mask(text)
    kind, name = tag.split()
    d = re.search(rf"\b{kind}\s+{re.escape(name)}\s*\{{", m)
    if d is None:
        return None
    close = closing(m, d.end() - 1)
    body = m[d.end():close] if close > 0 else ""
    hits = list(re.finditer(rf"(?<![\w.>])\b{re.escape(member)}\s*(\[[^\]]*\])?\s*[;,:]", body))
    if not hits:
        return None
    return any(h.group(1) for h in hits)


def prototypes(text: str, fn: str) -> list[str]:
    """The parameter lists (as written between the parentheses) of FN's prototypes and definitions in
    TEXT; a call is not a prototype."""
    m = blank_preprocessor(mask(text))
    out = []
    for p in re.finditer(rf"\b{re.escape(fn)}\s*\(", m):
        before = _statement_before(m, p.start())
        lines = before.split("\n")
        head = lines[-1].strip() if lines else ""
        # a prototype: type words (and a `*`) right before the name, at the start of a statement
        if not re.fullmatch(r"(?:[A-Za-z_]\w*\s*|\*\s*)+", " ".join(before.split()) + " ") \
                or re.search(r"\b(?:return|else|if|while|case)\b", head) or "=" in before or "#" in before:
            continue
        close = closing(m, p.end() - 1)
        if close < 0:
            continue
        after = m[close + 1:close + 200].lstrip()
        if not after.startswith((";", "{")) and not re.match(r"__\w+", after):
            continue
        out.append(text[p.end():close])
    return out


def parameter(params: str, k: int) -> str | None:
    """The type of the K-th (0-based) parameter of the parameter list PARAMS, its name left out (an
    array parameter `const u8 buf[]` is the pointer it is: `const u8 *`); None when there is no such
    parameter or it is variadic."""
    parts = split_args("(" + params + ")", mask("(" + params + ")"), 0, len(params) + 1)
    if k >= len(parts) or "..." in parts[k]:
        return None
    p = " ".join(parts[k].split())
    arr = re.fullmatch(r"(.*?)\s*\b[A-Za-z_]\w*\s*\[[^\]]*\]", p)
    if arr:
        return arr.group(1) + " *"
    return p[:p.rfind("*") + 1] if "*" in p else p


def function_macro(text: str, fn: str) -> bool:
    """Whether TEXT defines FN as a macro (function-like, or a name another name stands for)."""
    return re.search(rf"^\s*#\s*define\s+{re.escape(fn)}\b", text, re.M) is not None


def _declared(src: str, name: str) -> list[tuple[int, str]]:
    """(offset, type as written) of each plain declaration of NAME in SRC (masked)."""
    out = []
    for d in re.finditer(rf"(?:^|[;{{(,])\s*(?:static\s+)?((?:(?:const|struct|union|enum|unsigned|signed)\s+)*"
                         rf"[A-Za-z_]\w*(?:\s+const)?[\s*]*?(?:\bconst\s+)?)\b{re.escape(name)}\s*(?=[;,=)\[])", src):
        t = " ".join(d.group(1).split())
        if t and base_words(t) and base_words(t).split()[-1] not in ("return", "else", "goto", "case"):
            out.append((d.start(1), t))
    return out


def local_types(text: str, fn: Function, name: str) -> set[str]:
    """The declared types of NAME as a parameter or a local of FN in TEXT (`struct net_device *`); none
    when FN does not declare it plainly."""
    lines = mask(text).split("\n")
    return {t for _, t in _declared("\n".join(lines[fn.start - 1:fn.end]), name)}


def file_scope_types(text: str, name: str) -> set[str]:
    """The declared types of NAME at file scope in TEXT (outside every function)."""
    m = blank_preprocessor(mask(text))
    spans = [(f.start, f.end) for f in functions(text)]
    out = set()
    for at, t in _declared(m, name):
        line = m.count("\n", 0, at) + 1
        if not any(a <= line <= b for a, b in spans):
            out.add(t)
    return out


_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)", re.M)
MARK = "__respin_marked_argument__"


def macro_definitions(text: str, name: str) -> list[tuple[list[str], str]]:
    """Every definition of the function-like macro NAME in TEXT (one per #if branch): its parameters
    (`...` for a variadic tail) and its body on one line."""
    out = []
    for d in _DEFINE.finditer(text):
        if d.group(1) == name:
            params = [p.strip() for p in d.group(2).split(",") if p.strip()]
            out.append((params, d.group(3).replace("\\\n", " ")))
    return out


def expand(params: list[str], body: str, args: list[str]) -> str | None:
    """BODY with PARAMS replaced by ARGS as the preprocessor does it (`#p` a string, `a ## b` pasted,
    `__VA_ARGS__` the rest); None when the arguments do not fit or the marked argument is pasted."""
    names = [p[:-3].strip() or "__VA_ARGS__" if p.endswith("...") else p for p in params]
    variadic = bool(params) and params[-1].endswith("...")
    fixed = len(names) - variadic
    if len(args) < fixed or (not variadic and len(args) > fixed and not (fixed == 0 and args == [""])):
        return None
    values = dict(zip(names[:fixed], args[:fixed], strict=True))
    if variadic:
        values[names[-1]] = ", ".join(args[fixed:])

    def text(m: re.Match[str]) -> str:
        name = m.group(1)
        return '"' + " ".join(values[name].split()).replace('"', "'") + '"' if name in values else m.group(0)
    body = re.sub(r"(?<!#)#(?!#)\s*([A-Za-z_]\w*)", text, body)
    for name, value in values.items():
        if MARK in value and re.search(rf"##\s*{name}\b|\b{name}\s*##", body):
            return None
    out = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: values.get(m.group(), m.group()), body)
    return re.sub(r"\s*##\s*", "", out)


@dataclass
class Headers:
    """The headers a file includes, read lazily, breadth first, through READ."""

    path: str
    text: str
    read: Callable[[str], str | None]
    seen: list[tuple[str, str]] = field(default_factory=list)      # (path, text) in reading order
    missing: list[str] = field(default_factory=list)               # includes no tree path holds
    _queue: deque[tuple[str, bool, str]] = field(default_factory=deque)
    _visited: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for system, name in includes(self.text):
            self._queue.append((self.path, system, name))

    def _more(self) -> bool:
        """Read the next included header; False when there is none left or the bound is reached."""
        while self._queue and len(self.seen) < MAX_HEADERS:
            including, system, name = self._queue.popleft()
            for path in header_paths(including, system, name):
                if path in self._visited:
                    break
                got = self.read(path)
                if got is None:
                    continue
                self._visited.add(path)
                self.seen.append((path, got))
                for s2, n2 in includes(got):
                    self._queue.append((path, s2, n2))
                return True
            else:
                if not system or name.startswith("linux/"):
                    self.missing.append(name)
        return False

    def texts(self) -> list[tuple[str, str]]:
        """The file itself, then the headers read so far, as (path, text)."""
        return [(self.path, self.text), *self.seen]

    def find(self, pred: Callable[[str], bool]) -> tuple[str, str] | None:
        """The first of the file and its headers (read as needed) whose text PRED holds for."""
        i = 0
        while True:
            pool = self.texts()
            while i < len(pool):
                if pred(pool[i][1]):
                    return pool[i]
                i += 1
            if not self._more():
                return None

    def member_types(self, tag: str, member: str) -> list[str] | None:
        """The declared types of MEMBER of TAG (`struct net_device`); None when TAG's definition is not
        found in the file or the headers read."""
        kind, name = tag.split()
        rx = re.compile(rf"\b{kind}\s+{re.escape(name)}\s*(?:__\w+(?:\([^)]*\))?\s*)*\{{")
        hit = self.find(lambda t: rx.search(t) is not None and member_declarations(t, tag, member) is not None)
        return None if hit is None else member_declarations(hit[1], tag, member)

    def member_is_array(self, tag: str, member: str) -> bool | None:
        kind, name = tag.split()
        rx = re.compile(rf"\b{kind}\s+{re.escape(name)}\s*\{{")
        hit = self.find(lambda t: rx.search(t) is not None and is_array_member(t, tag, member) is not None)
        return None if hit is None else is_array_member(hit[1], tag, member)

    def macros(self, fn: str) -> list[tuple[list[str], str]]:
        """The definitions of the function-like macro FN in the first of the file and its headers that
        defines it; [] when none does."""
        hit = self.find(lambda t: bool(macro_definitions(t, fn)))
        return [] if hit is None else macro_definitions(hit[1], fn)

    def callee(self, fn: str) -> tuple[str, list[str]] | None:
        """Where FN is declared (a path) and its parameter lists there; ("#define", []) for a macro;
        None when neither is found."""
        rx = re.compile(rf"\b{re.escape(fn)}\s*\(")
        hit = self.find(lambda t: rx.search(t) is not None and (function_macro(t, fn) or bool(prototypes(t, fn))))
        if hit is None:
            return None
        if function_macro(hit[1], fn):
            return "#define", []
        return hit[0], prototypes(hit[1], fn)
