"""spatch on the functions a rule names: the bodies of the file's other functions left out.

spatch parses the whole file it is given; on a 2,800-line file that is most of a pass (55 of
70 ms on mm/rmap.c).  Most generated rules can only match inside the functions they name: every
SmPL rule of the `.cocci` is the definition of a function pinned by name
(``identifier fn = NAME;`` and a body ``fn(...) { ... }``).  For those, ``narrowed()`` gives spatch
the file with the lines inside every other function's braces replaced by placeholder comments
(preprocessor lines kept): one comment for each run of left-out lines, over as many lines, so that
the file keeps its line numbers (a rule's line pins hold) while spatch reads one comment where it
would read a comment a line (on mm/rmap.c those cost about a sixth of a pass),
its top-level declarations, macros and prototypes (what spatch reads types and macros from), and
the named functions whole.  ``widened()`` puts the original lines back into spatch's result,
after checking that every placeholder came back untouched and in order.  Whatever is in doubt is
None, and the caller runs spatch on the whole file.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from cocci import combine, spatch
from patches.ctext import functions, mask

# a function definition's first line in a rule's body: `fn(...) {`, `- T h(...) { ... }`, `fn(...,`
_DEFINITION = re.compile(r"^[ +\-]?\s*(?:\w+\s+)*?(\w+)\s*\(")
# lines FIRST..LAST left out: "/* respin: lines FIRST-LAST left out", as many empty lines as it takes, "*/"
_RUN = re.compile(r"^/\* respin: lines (\d+)-(\d+) left out(?: \*/|\n+\*/)$", re.M)
_DIRECTIVE = re.compile(r"^\s*#")
# below this many left-out lines, narrowing saves less than it costs
MIN_LEFT_OUT = 200


def pinned_functions(sp_text: str) -> set[str] | None:
    """The functions SP_TEXT's rules can change, when each of its SmPL rules is the definition of a
    function it pins by name (so it matches nothing outside those functions and the file's top-level
    declarations); None otherwise."""
    names: set[str] = set()
    for rule in combine.split(sp_text)[1]:
        if rule.is_script:
            continue
        pins = {m.group(1): m.group(2) for ln in rule.metavars if (m := combine.FUNCTION_PIN.match(ln))}
        body = [ln for ln in rule.body if ln.strip() and not ln.lstrip(" +-").startswith("//")]
        first = _DEFINITION.match(body[0]) if body else None
        if first is None or first.group(1) not in pins or not _one_definition(body):
            return None
        names.add(pins[first.group(1)])
    return names or None


def _one_definition(body: list[str]) -> bool:
    """Whether BODY is one top-level item: nothing follows the brace that closes what it opens."""
    depth = 0
    opened = False
    for i, ln in enumerate(body):
        for c in ln[1:] if ln[:1] in " +-" else ln:
            if c == "{":
                depth += 1
                opened = True
            elif c == "}":
                depth -= 1
                if depth < 0:
                    return False
        if opened and depth == 0:
            return i == len(body) - 1
    return False


def narrowed(text: str, keep: set[str]) -> str | None:
    """TEXT with the lines inside the braces of every function not in KEEP replaced by placeholders
    (directives kept); None when some function of KEEP is not in TEXT, or too little would be left out."""
    if "respin: lines" in text:
        return None                                 # a placeholder of its own: keep out of the way
    funcs = functions(text)
    if not keep <= {f.name for f in funcs}:
        return None
    lines = text.split("\n")
    gone = [False] * len(lines)
    for f in funcs:
        if f.name in keep or f.end - f.body_start < 2:
            continue
        first, last = lines[f.body_start - 1], lines[f.end - 1]
        if "{" not in first or first[first.index("{") + 1:].strip() or not last.startswith("}"):
            continue                                # code beside a brace: the function stays whole
        continued = False
        for i in range(f.body_start, f.end - 1):    # 0-based: the lines between the braces
            directive = continued or bool(_DIRECTIVE.match(lines[i]))
            continued = directive and lines[i].endswith("\\")
            gone[i] = not directive
    if sum(gone) < MIN_LEFT_OUT:
        return None
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not gone[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and gone[j + 1]:
            j += 1
        out += _placeholder(i + 1, j + 1)
        i = j + 1
    return "\n".join(out)


def _placeholder(first: int, last: int) -> list[str]:
    """The lines standing for lines FIRST..LAST (1-based) of a file: one comment over as many lines."""
    if first == last:
        return [f"/* respin: lines {first}-{last} left out */"]
    return [f"/* respin: lines {first}-{last} left out", *[""] * (last - first - 1), "*/"]


def widened(text: str, narrow: str, result: str) -> str | None:
    """RESULT (spatch's output on NARROW, the narrowed TEXT) with TEXT's lines back in place of the
    placeholders; None unless every placeholder of NARROW came back as it was (spatch changes the kept
    functions only, so it does): each found whole, in order, on lines of its own, with no placeholder
    text anywhere else.  TEXT's lines go back placeholder by placeholder."""
    original = text.split("\n")
    out: list[str] = []
    at = 0
    count = 0
    line, counted = 1, 0            # the line of NARROW that offset COUNTED is on
    for m in _RUN.finditer(narrow):
        first, last = int(m.group(1)), int(m.group(2))
        block = m.group()
        line, counted = line + narrow.count("\n", counted, m.start()), m.start()
        # narrowed() numbers each placeholder with the lines it stands over
        if first != line or block.count("\n") != last - first or last > len(original):
            return None
        found = result.find(block, at)
        end = found + len(block)
        if found < 0 or (found and result[found - 1] != "\n") or result[end:end + 1] not in ("", "\n"):
            return None
        out += (result[at:found], "\n".join(original[first - 1:last]))
        at = end
        count += 1
    if result.count("respin: lines") != count:
        return None
    out.append(result[at:])
    return "".join(out)


def run_narrowed(texts: dict[str, str], small: dict[str, str | None],
                 run: Callable[[dict[str, str]], dict[str, str]]) -> dict[str, str] | None:
    """RUN (spatch on the texts it is given, by path) on TEXTS, each narrowed to SMALL's text where it has
    one, and the results put back together; None when nothing is narrowed, spatch failed (a timeout is
    raised: on the whole texts it would take longer still) or a result did not come back whole: the
    caller then runs on the whole texts."""
    if not any(small.values()):
        return None
    try:
        ran = run({rel: small[rel] or text for rel, text in texts.items()})
    except spatch.SpatchTimeout:
        raise
    except spatch.SpatchError:
        return None
    out: dict[str, str] = {}
    for rel, result in ran.items():
        n = small[rel]
        whole = result if n is None else widened(texts[rel], n, result)
        if whole is None:
            return None
        out[rel] = whole
    return out


def changed_functions(before: str, after: str) -> set[str] | None:
    """The functions whose lines differ between BEFORE and AFTER (or that only one of them defines);
    None when some code outside the functions differs too (a declaration or macro above them may
    change how the others parse; comments and blank lines there do not)."""
    def parts(text: str) -> tuple[list[str], dict[str, list[str]]]:
        lines = text.split("\n")
        code = mask(text).split("\n")
        inside: dict[str, list[str]] = {}
        taken: set[int] = set()
        for f in functions(text):
            inside.setdefault(f.name, []).extend(lines[f.start - 1:f.end])
            taken.update(range(f.start - 1, f.end))
        return [ln.strip() for i, ln in enumerate(code) if i not in taken and ln.strip()], inside

    outside_b, funcs_b = parts(before)
    outside_a, funcs_a = parts(after)
    if outside_b != outside_a:
        return None
    return {n for n in funcs_b.keys() | funcs_a.keys() if funcs_b.get(n) != funcs_a.get(n)}
