"""What the section annotations of a C file say and where they may stand: `__init` and `__exit` on
functions, `__initdata`, `__initconst`, `__ro_after_init` and `__read_mostly` on data.

Read off the masked text (patches.ctext): the file-scope variable definitions and their declarator,
the functions whose header carries an annotation, and every place a name is used outside its own
definition (which function holds it, and whether it writes, stores or hands on the name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import Function, functions, mask

FUNCTION_WORDS = ("__init", "__exit")
DATA_WORDS = ("__initdata", "__initconst", "__ro_after_init", "__read_mostly")
WORDS = FUNCTION_WORDS + DATA_WORDS
# the macros that register an init or exit function: naming one there is how it is meant to be used
_INIT_CALLS = re.compile(r"^\s*(?:module_init|(?:pure|core|postcore|arch|subsys|fs|rootfs|device|late|console|"
                         r"security|early)_initcall(?:_sync)?|__setup|early_param)\s*\(")
_EXIT_CALLS = re.compile(r"^\s*module_exit\s*\(")


@dataclass(frozen=True)
class Variable:
    """A file-scope variable definition: its name, the line the name is on (1-based), the column right
    after its declarator (name and array bounds), whether the object is const, and the annotations
    written on it."""

    name: str
    line: int
    end: int                    # index in that line right after the name and its [] bounds
    const: bool
    words: tuple[str, ...]


_DEFINITION = re.compile(
    r"^(?!typedef\b|extern\b|return\b|#)(?P<head>[A-Za-z_][\w\s*]*?[\s*])(?P<name>[A-Za-z_]\w*)"
    r"(?P<dims>(?:\s*\[[^\]\n]*\])*)(?P<attrs>(?:\s+__\w+)*)\s*(?:=|;)")


def _depths(masked: str) -> list[int]:
    """The brace depth at the start of each line of MASKED."""
    out, depth = [], 0
    for ln in masked.split("\n"):
        out.append(depth)
        depth += ln.count("{") + ln.count("(") - ln.count("}") - ln.count(")")
    return out


def variables(text: str) -> list[Variable]:
    """The file-scope variable definitions of TEXT that declare one name each."""
    masked = mask(text)
    depth = _depths(masked)
    inside = {n for f in functions(text) for n in range(f.start, f.end + 1)}
    out: list[Variable] = []
    for no, ln in enumerate(masked.split("\n"), 1):
        m = _DEFINITION.match(ln)
        if m is None or depth[no - 1] or no in inside or "," in ln[:m.end()] or "(" in m.group("head"):
            continue
        head = m.group("head")
        const = bool(re.search(r"\bconst\b", head.rsplit("*", 1)[1] if "*" in head else head))
        words = tuple(w for w in WORDS if re.search(rf"\b{w}\b", head + m.group("attrs")))
        out.append(Variable(m.group("name"), no, m.end("dims"), const, words))
    return out


def function_words(text: str, fn: Function) -> tuple[str, ...]:
    """The section annotations FN's header carries."""
    head = " ".join(mask(text).split("\n")[fn.start - 1:fn.body_start])
    head = head[:head.find("(")] if "(" in head else head
    return tuple(w for w in WORDS if re.search(rf"\b{w}\b", head))


@dataclass(frozen=True)
class Use:
    """A use of a name outside its definition: its line, the function holding it ('' outside every
    function), and how it is used."""

    line: int
    function: str
    data: str                   # the file-scope variable whose definition holds it ('' for none)
    code: str                   # the line, stripped
    called: bool                # `name(`
    registers: str              # 'init' or 'exit': the argument of module_init() and its kin
    stored: bool                # the value of an assignment or an initializer (`x = name`, `.f = name`)
    writes: bool                # written (`name = `, `name.m = `, `name[i]++`) or its address taken


def uses(text: str, name: str, skip: tuple[int, int]) -> list[Use]:
    """Every use of NAME in TEXT outside the lines SKIP (first, last) of its definition."""
    masked, src = mask(text).split("\n"), text.split("\n")
    fns = functions(text)
    spans = [(v.line, definition_end(text, v.line), v.name) for v in variables(text)]
    rx = re.compile(rf"(?<![\w.>]){re.escape(name)}\b")
    out: list[Use] = []
    for no, ln in enumerate(masked, 1):
        if skip[0] <= no <= skip[1] or re.match(r"\s*#\s*include\b", ln):
            continue
        for m in rx.finditer(ln):
            before, after = ln[:m.start()].rstrip(), ln[m.end():]
            fn = next((f.name for f in fns if f.start <= no <= f.end), "")
            reg = "init" if _INIT_CALLS.match(ln) else "exit" if _EXIT_CALLS.match(ln) else ""
            member = re.match(r"\s*(?:(?:\.|->)\s*\w+|\[[^\]]*\])*", after)
            rest = after[member.end():] if member else after
            data = next((n for a, b, n in spans if a <= no <= b), "")
            whole = not (member and member.group(0).strip())
            assign = before.endswith("=") and not before.endswith(("==", "!=", "<=", ">="))
            out.append(Use(no, fn, data, src[no - 1].strip(), after.lstrip().startswith("("), reg,
                           stored=(assign and whole) or before.endswith(("= &", "=&")),
                           writes=before.endswith("&") and not before.endswith("&&") or
                           bool(re.match(r"\s*(?:(?:<<|>>|[-+*/%&|^])?=(?!=)|\+\+|--)", rest))
                           or before.endswith(("++", "--"))))
    return out


def definition_end(text: str, line: int) -> int:
    """The last line of the file-scope definition that starts on LINE (its `;`)."""
    src = mask(text).split("\n")
    depth = 0
    for no in range(line, len(src) + 1):
        ln = src[no - 1]
        depth += ln.count("{") - ln.count("}")
        if depth <= 0 and ln.rstrip().endswith(";"):
            return no
    return line


def init_data(text: str) -> set[str]:
    """The file-scope variables of TEXT that are discarded after boot (`__initdata`, `__initconst`)."""
    return {v.name for v in variables(text) if set(v.words) & {"__initdata", "__initconst"}}


def init_functions(text: str) -> set[str]:
    """The functions of TEXT discarded after boot or never kept (`__init`, `__exit`)."""
    return {f.name for f in functions(text) if set(function_words(text, f)) & set(FUNCTION_WORDS)}


def is_static(text: str, line: int) -> bool:
    """Whether the definition that starts on LINE of TEXT is static."""
    return re.match(r"\s*(?:\w+\s+)*?static\b", mask(text).split("\n")[line - 1]) is not None
