"""Propagation: a rule that came from one review comment, run on the rest of the series.

A generated rule is pinned to the function (and lines) the reviewer quoted.  The same
rule without that pin is a semantic patch for the whole series: ``generalize()`` drops
the function name and the position constraint, ``find()`` runs it on every C file of
every patch and keeps the matches on lines that patch itself added (code of the series,
not the kernel code around it), and ``merge()`` takes over only those changes.

The orchestrator reports the matches on the suggestion (``Suggestion.propagation``) and
applies them when the reviewer asked ("here and elsewhere", "all of them", "the others
too") or the user did (``--propagate``).

"Same below." (or "ditto further down", "here and below") reaches less: the like places after
the quoted lines in the quoted function of the same patch, nothing in other functions or other
patches.  ``below_only()`` tells such words apart, ``below_lines()`` gives those places' lines.
"Same in foo()." reaches the one like place of a function the series adds (``named_functions()``,
``named_lines()``); ``keep()`` takes over only the changes on the lines these allow.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from cocci import combine, linediff, narrow, spatch, treewide
from patches.ctext import COMPILER_KEYWORDS, KEYWORDS, function_at, function_named, functions, mask
from cocci.recipes._evidence import IN_NAMED, has_any, same_below, same_below_only, series_wide
from patches import scope
from patches.model import Rule

# recipes whose rules rewrite an expression or a statement wherever it stands; the others
# (drop a variable, move or remove given statements, comments) are about one place by nature
KINDS = ("rename-call", "use-helper", "replace-code")

def asked(comment: str) -> bool:
    """Whether the reviewer's words ask for the change beyond the quoted place, in the whole series
    ("Same below." does not: see below_only)."""
    return series_wide(comment)


def below_only(comment: str) -> bool:
    """Whether the reviewer's words carry the change to the like places after the quoted ones, and no
    further ("Same below.", "Ditto further down.", "here and below")."""
    return same_below_only(comment)


def nothing_below(function: str, file: str) -> str:
    """The reason of a suggestion whose "Same below." found no like place after the quote."""
    return "partly: " + below_part(function, file)


def not_carried_below(kind: str) -> str:
    """The reason of a suggestion whose "Same below." its recipe (KIND) does not carry further: neither
    its own rule nor propagation looks for the like places after the quote."""
    return f'partly: "same below" is not carried out by {kind}: only the quoted place changed'


def below_part(function: str, file: str) -> str:
    place = f"in {function}()" if function else f"of {file}"
    return f'"same below" found no like place after the quoted lines {place}'


def moved(original: str, current: str, line: int) -> int:
    """Where LINE (1-based) of ORIGINAL stands in CURRENT (ORIGINAL after some edits): its own line when
    no edit touched it, else the last line of what replaced it (the line before, when it was removed)."""
    a, b = original.splitlines(), current.splitlines()
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if i1 < line <= i2:
            return j1 + line - i1 if tag == "equal" else j2
    return line + len(b) - len(a)


def below_lines(found: list[Found], patch: int, file: str, function: str,
                after: int) -> dict[tuple[int, str], set[int]]:
    """The lines "same below" lets FOUND's changes replace: those of FUNCTION in FILE of PATCH after line
    AFTER (of the text as that patch leaves it, the quote's last); with no FUNCTION (a quote outside every
    function), the lines after AFTER outside every function."""
    return {(f.patch, f.file): {n for n in _span(f.before, function) if n > after}
            for f in found if (f.patch, f.file) == (patch, file)}


def keep(found: list[Found], allowed: dict[tuple[int, str], set[int]]) -> tuple[list[Found], list[Match]]:
    """Of FOUND, the changes that replace only ALLOWED lines ((patch, file) -> lines), each Found's text
    with only those changes; and the matches left out (reported, not changed)."""
    kept: list[Found] = []
    rest: list[Match] = []
    for f in found:
        merged, lines = merge(f.before, f.after, allowed.get((f.patch, f.file), set()))
        rest += [m for m in f.matches if m.line not in lines]
        if lines:
            k = Found(f.patch, f.file, f.before, merged)
            k.matches = [Match(f.patch, f.file, fn.name if (fn := function_at(f.before, no)) else "", no)
                         for no in _first_lines(lines)]
            kept.append(k)
    return kept, rest


def below(found: list[Found], patch: int, file: str, function: str,
          after: int) -> tuple[list[Found], list[Match]]:
    """Of FOUND, the changes "same below" reaches (below_lines), and the matches left out."""
    return keep(found, below_lines(found, patch, file, function, after))


_STATEMENT_END = (";", "{", "}")


def places(diff: str) -> int:
    """How many places the unified DIFF changes: each run of changed lines counts the statements it
    rewrites (the lines ending a statement on the side with fewer, at least one), so two calls changed on
    adjacent lines are two places and a call re-wrapped over two lines is one; and in one statement, the
    same change made more than once ("%d" -> "%u" twice in one format, two like casts dropped) counts
    each time."""
    count = 0
    minus: list[str] = []
    plus: list[str] = []

    def close() -> int:
        if all(re.fullmatch(r"[\s{}]*", ln) for ln in minus + plus):
            return 0            # nothing, or the braces of a change made next to it (a body braced)
        ends = [sum(1 for ln in side if ln.strip().endswith(_STATEMENT_END)) for side in (minus, plus) if side]
        return max(1, min(ends), _like_changes(minus, plus))

    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line[:1] == "-":
            minus.append(line[1:])
        elif line[:1] == "+":
            plus.append(line[1:])
        else:
            count += close()
            minus, plus = [], []
    return count + close()


# a line worth counting as "like" another: a call (not a keyword's parenthesis) in a statement of some length,
# or a statement of its own line that is no call (`return -EIO;`, `*val = 0;`, `goto err;`); a brace or a
# bare `return;`/`break;` stands in many places without being the same request's place
_CALL = re.compile(r"\b(?!(?:if|for|while|switch|return|sizeof)\b)[A-Za-z_]\w*\s*\(")
_STATEMENT = re.compile(r"(?!(?:return|break|continue)\s*;)[^{};]*\w[^{};]*;")
# words that keep one of two like lines on purpose ("already called above, drop this one")
_DUPLICATE = re.compile(r"\b(twice|already|again|duplicat\w*|redundant|repeated)\b", re.I)


def like_lines_left(comment: str, quote_diff: list[str], diffs: list[str], after: str) -> list[str]:
    """The lines of the quote above COMMENT that are like a line its change rewrote (the same call or
    statement, blanks aside) and still stand in AFTER (the file as the change left it), each as often as
    the quote holds it: a comment under several like statements (both branches of an #ifdef, three
    `return -EIO;`) is read for the one right above it, and the others are the author's to check.
    QUOTE_DIFF: the quote as written, removed ('-') lines kept; DIFFS: the unified diffs of the change.
    [] when the change rewrote none of its like lines, or only removed a line the comment calls a
    duplicate."""
    def key(line: str) -> str:
        return " ".join(line.split())

    removed: Counter[str] = Counter()
    added = False
    for d in diffs:
        for line in d.splitlines():
            if line.startswith(("---", "+++")):
                continue
            if line[:1] == "-" and _like_candidate(key(line[1:])):
                removed[key(line[1:])] += 1
            added = added or (line[:1] == "+" and bool(line[1:].strip()))
    if not removed or (not added and _DUPLICATE.search(comment)):
        return []
    quoted = Counter(key(q[1:] if q[:1] in "+ " else q) for q in quote_diff if q[:1] != "-")
    more = [t for t, n in removed.items() if quoted[t] > n]
    if not more:
        return []
    standing = {key(ln) for ln in after.splitlines()}
    return [t for t in more if t in standing for _ in range(quoted[t] - removed[t])]


def _like_candidate(line: str) -> bool:
    """Whether LINE (blanks folded) may be like another of a quote: a call in a statement of some length,
    or one whole statement that is no call."""
    if _CALL.search(line):
        return len(line) >= 16
    return _STATEMENT.fullmatch(line) is not None and line.count("(") == line.count(")")    # not `ret);`


def _like_changes(minus: list[str], plus: list[str]) -> int:
    """How many times the most repeated change of the text of MINUS into that of PLUS (blanks aside) is made."""
    a, b = ("".join("".join(ln.split()) for ln in side) for side in (minus, plus))
    made = Counter((a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in
                   difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal")
    return max(made.values(), default=0)


def around_lines(found: list[Found], patch: int, file: str, function: str,
                 quoted: Collection[int]) -> dict[tuple[int, str], set[int]]:
    """The lines "both" (or "all these") lets FOUND's changes replace: those of FUNCTION in FILE of PATCH
    other than the QUOTED ones (of the text as that patch leaves it): the like places above the quote as
    well as below it, in the quoted function; with no FUNCTION, anywhere in FILE (FOUND holds the changes
    on the patch's own lines only: the code the patch adds)."""
    return {(f.patch, f.file): {n for n in (_span(f.before, function) if function else
                                           range(1, len(f.before.splitlines()) + 1)) if n not in quoted}
            for f in found if (f.patch, f.file) == (patch, file)}


def refuse(found: list[Found], allowed: dict[tuple[int, str], set[int]], function: str,
           carries: Callable[[Found, int], bool]) -> tuple[dict[tuple[int, str], set[int]], list[str]]:
    """ALLOWED without the changes of FOUND the recipe does not carry to (CARRIES, asked with the Found
    and the change's first line) or that would bring a name into a function other than the quoted
    FUNCTION that it lacks (a local of the quoted function the rule carried along); and why each is left."""
    out = {key: set(lines) for key, lines in allowed.items()}
    why: list[str] = []
    for f in found:
        lines = allowed.get((f.patch, f.file))
        if not lines:
            continue
        _, taken = merge(f.before, f.after, lines)
        for first in _first_lines(taken):
            run = set(range(first, first + 1))
            while max(run) + 1 in taken:
                run.add(max(run) + 1)
            fn = function_at(f.before, first)
            name = fn.name if fn else ""
            foreign = _brought_in(f.before, merge(f.before, f.after, run)[0], name) if name and name != function \
                else []
            if foreign or not carries(f, first):
                out[(f.patch, f.file)] -= run
                where = f"line {first} of {f.file} in patch {f.patch}" + (f" ({name}())" if name else "")
                why.append(f"not carried out at {where}: " + (
                    f"the change would bring {', '.join(foreign)} into {name}(), which does not have it" if foreign
                    else "the code there is not like the quoted code"))
    return out, why


def around_part(words: str, function: str, file: str, count: int) -> str:
    """What WORDS ("both") left undone when the code the patch adds to FILE holds COUNT like places besides
    the quote (none of them in the quoted FUNCTION, when COUNT is 0 or they are all outside it)."""
    if not count:
        return f'"{words}" found no like place besides the quoted one in the code the patch adds to {file}'
    where = f"{function}()" if function else file
    return f'"{words}": {count} like places in {where} besides the quoted one, which one is meant is for the author'


def fewer_places(words: str, kind: str, carried: bool) -> str:
    """The reason of a suggestion whose WORDS ask for more places than its change reached: CARRIED when
    the like places were looked for (and none was taken), else KIND does not look for them."""
    if carried:
        return f'partly: "{words}" asks for more places than the quoted one, and no other like place was changed'
    return f'partly: "{words}" is not carried out by {kind}: only the quoted place changed'


# "Same in foo().", "Also for bar_probe()", "ditto in baz()", "the same applies to foo()": words that add a
# named function's like place; the clause holds nothing else (not "Also, in foo() you leak the buffer")
_ADDS = re.compile(r"\b(?:same|also|too|as\s+well|likewise|ditto|similarly)\b", re.I)
_AND_NAMED = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?:in|for|to)\s+)?([A-Za-z_]\w*)\s*\(\)")
_PLACE_FILLER = frozenset("""same also too as well likewise ditto similarly and the here there please applies apply
goes thing below above further down up then again nit""".split())


def named_functions(comment: str, function: str, quoted: list[str], defined: Collection[str]) -> list[str]:
    """The functions of DEFINED (those of the series' files) that COMMENT carries its request to besides
    the quoted FUNCTION, in a clause that only adds them to it ("Same in foo().", "Also for bar_probe()
    and baz().", "the same applies to foo()"); not a name the QUOTED lines call (that is the call the
    request is about), not the model of "the same as in foo()"."""
    calls = set(re.findall(r"([A-Za-z_]\w*)\s*\(", "\n".join(quoted)))
    text = " ".join(comment.split())
    out: list[str] = []
    for m in IN_NAMED.finditer(text):
        names = [m.group(1)]
        end = m.end()
        while (more := _AND_NAMED.match(text, end)) is not None:     # "in foo() and bar()"
            names.append(more.group(1))
            end = more.end()
        before = re.split(r"[,;:.!?]", text[:m.start()])[-1]
        after = re.split(r"[,;:.!?]", text[end:])[0]
        if re.search(r"\b(?:as|like)\s+$", before, re.I) or not _ADDS.search(before + " " + after):
            continue        # "the same as in foo()": foo() is the model; no word adds the place
        if any(w.lower() not in _PLACE_FILLER for w in re.findall(r"[A-Za-z']+", before + " " + after)):
            continue        # the clause asks something else of foo()
        out += [n for n in names if n in defined and n != function and n not in calls and n not in out]
    return out


# "Ditto for the error path.", "Same in the remove callback": a place named in words, not by its function
# another patch of the series is a place in words too: "Same in the next patch.", "Ditto in patch 3/4."
_IN_WORDS = re.compile(r"\b(?:same|ditto|likewise|similarly|also)\b(?:\s+[\w-]+){0,3}?\s+(?:for|in|on)\s+"
                       r"((?:the|this|that|its|each|every)\s+(?:[\w-]+\s+){0,2}?(?:paths?|branch(?:es)?|cases?|loops?|"
                       r"callbacks?|handlers?|labels?|exits?|returns?|patch(?:es)?|commits?)|patch(?:es)?\s+#?\d+"
                       r"(?:/\d+)?|\d+/\d+)(?!\w)", re.I)


def unplaced(comment: str) -> str:
    """The place COMMENT carries its request to in words ("Ditto for the error path." -> "the error
    path", "the same applies to patch 2/4" -> "patch 2/4"); '' when there is none, or the words reach a
    place respin knows (below the quote, the whole series)."""
    flat = " ".join(comment.split())
    patch = _IN_PATCH.search(flat)
    rest = _IN_PATCH.sub(" ", flat)
    if same_below(rest) or series_wide(rest):
        return ""
    m = _IN_WORDS.search(flat)
    return patch.group(1) if patch else m.group(1) if m else ""


# "Same in the next patch.", "also in patch 3", "the same applies to patch 2/4", "likewise for the
# following patches": another patch of the series, by number or by its place after this one
_IN_PATCH = re.compile(r"\b(?:same|ditto|likewise|similarly|also)\b(?:\s+[\w-]+){0,3}?\s+(?:for|in|on|to)\s+"
                       r"((?:the\s+)?(?:next|following|later|subsequent|remaining|other)\s+(?:patch(?:es)?|commits?)|"
                       r"patch(?:es)?\s+#?\d+(?:/\d+)?(?:\s*(?:,|and|&)\s*#?\d+(?:/\d+)?)*|\d+/\d+)(?!\w)", re.I)


def named_patches(comment: str, patch: int, total: int) -> tuple[str, list[int]]:
    """The words of COMMENT that carry its request to other patches of the series (of TOTAL; PATCH the
    one under review), and those patches: "the next patch" is PATCH + 1, "the following patches" every
    later one, "patch 3", "3/4" by number.  No patches when the words name this one, an earlier one
    (its code is the base of this patch's, another change of history) or one the series lacks; ('', [])
    when no patch is named."""
    m = _IN_PATCH.search(" ".join(comment.split()))
    if m is None:
        return "", []
    words = m.group(1)
    low = words.lower()
    later = list(range(patch + 1, total + 1))
    one = re.search(r"\b(?:patch|commit)$", low) is not None
    if re.search(r"\bother\b", low):
        # "the other patch(es)": the rest of the series, when all of it comes after this one
        numbers = later if patch == 1 and (not one or total == 2) else []
    elif re.search(r"\b(?:next|following|later|subsequent|remaining)\b", low):
        numbers = later[:1] if one else later
    else:
        numbers = scope.named(words)
    if not numbers or any(n <= patch or n > total for n in numbers):
        return words, []
    return words, numbers


def without_patch_words(comment: str) -> str:
    """COMMENT with its words naming other patches left out ("The same applies to patch 2/4" says nothing
    of the rest of the series)."""
    return _IN_PATCH.sub(" ", " ".join(comment.split()))


def patch_lines(found: list[Found], numbers: Collection[int]) -> dict[tuple[int, str], set[int]]:
    """The lines "same in patch N" lets FOUND's changes replace: every line of the files of the patches
    NUMBERS (FOUND holds the changes on each patch's own lines only)."""
    return {(f.patch, f.file): set(range(1, len(f.before.splitlines()) + 1)) for f in found if f.patch in numbers}


def defined_functions(texts: dict[int, dict[str, str]]) -> set[str]:
    """The functions the C files of TEXTS (patch -> path -> text) define."""
    return {f.name for files in texts.values() for path, text in files.items()
            if path.endswith((".c", ".h")) for f in functions(text)}


def added_functions(text: str, lines: Collection[int]) -> set[str]:
    """The functions of TEXT whose header is on LINES (the lines a patch adds): the functions it adds."""
    return {f.name for f in functions(text) if f.start in lines}


def named_lines(found: list[Found], names: list[str],
                added: dict[tuple[int, str], set[str]]) -> tuple[dict[tuple[int, str], set[int]], dict[str, str]]:
    """The lines FOUND's changes may replace for the functions NAMES: a function's own lines when the
    series adds it (ADDED: (patch, file) -> the functions it adds there), the rule matches exactly one
    place in it, and the change brings in no name the function does not have (a local of the quoted
    function); and, by name, why the others are not carried out."""
    allowed: dict[tuple[int, str], set[int]] = {}
    why: dict[str, str] = {}
    for name in names:
        places = [f for f in found for m in f.matches if m.function == name]
        if len(places) != 1:
            why[name] = (f"no like place among the lines the series adds in {name}()" if not places else
                         f"{len(places)} like places in {name}(), which one is meant is for the author")
            continue
        f = places[0]
        if name not in added.get((f.patch, f.file), set()):
            why[name] = f"{name}() is not a function the series adds"
            continue
        span = _span(f.before, name)
        merged, _ = merge(f.before, f.after, span)
        foreign = _brought_in(f.before, merged, name)
        if foreign:
            why[name] = f"the change would bring {', '.join(foreign)} into {name}(), which does not have it"
            continue
        allowed.setdefault((f.patch, f.file), set()).update(span)
    return allowed, why


def _brought_in(before: str, after: str, function: str) -> list[str]:
    """The names (not called, not in capitals) the change of BEFORE into AFTER writes in FUNCTION that its
    code in BEFORE does not hold: a variable of another function a generalized rule carried along."""
    fb, fa = function_named(before, function), function_named(after, function)
    if fb is None or fa is None:
        return []
    old = mask("\n".join(before.splitlines()[fb.start - 1:fb.end]))
    new = mask("\n".join(after.splitlines()[fa.start - 1:fa.end]))
    have = set(re.findall(r"\b[A-Za-z_]\w*\b", old))
    out = []
    for m in re.finditer(r"\b([A-Za-z_]\w*)\b(?!\s*\()", new):
        n = m.group(1)
        if n not in have and n not in KEYWORDS and not n.isupper() and n not in out:
            out.append(n)
    return out


def _span(text: str, function: str) -> set[int]:
    """The lines of FUNCTION in TEXT (its header to its closing brace); with no FUNCTION, the lines
    outside every function."""
    funcs = functions(text)
    if function:
        return {n for f in funcs if f.name == function for n in range(f.start, f.end + 1)}
    inside = {n for f in funcs for n in range(f.start, f.end + 1)}
    return set(range(1, len(text.splitlines()) + 1)) - inside


# "I will change both messages", "fixed all the callers", "done in every place": places, not suggestions
_PLACES = (r"places?|calls?|callers?|call ?sites?|messages?|prints?|instances?|occurrences?|copies|sites?|"
           r"functions?|helpers?|paths?|branches|cases?|spots?|lines?|users?|handlers?|macros?")
_AUTHOR_WIDE = re.compile(rf"\b(both|all|each|every)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?"
                          rf"(?:\w+\s+)?(?:{_PLACES})\b", re.I)


def widened(answer: str) -> int | None:
    """How many places the author's accepting ANSWER says the change goes to, beyond the quoted one:
    1 for "both messages"/"both places", 0 for "all the callers"/"everywhere" (as many as there are),
    None when the answer does not widen it.  "I'll do both" or "all fixed" name suggestions, not
    places, and do not widen anything."""
    m = _AUTHOR_WIDE.search(answer)
    if m:
        return 1 if m.group(1).lower() == "both" else 0
    return 0 if has_any(answer, _AUTHOR_SCOPE) else None


# of SERIES_WORDS (cocci.recipes._evidence), the ones that name places in an author's answer too
# ("fixed all of them" is about the reviewer's comments as often as about places)
_AUTHOR_SCOPE = ("elsewhere", "everywhere", "other places", "other instances", "other occurrences",
                 "other callers", "other call sites", "throughout", "whole series", "across the series")


_POSITION = re.compile(r"^position\s+(\w+)\s*:\s*script:python\(\)\s*\{.*\};\s*$", re.M)


def generalize(text: str) -> str | None:
    """RULE text without its function name and position pins; None when it is not that kind of rule."""
    if "identifier fn = " not in text:
        return None
    out = re.sub(r"^identifier fn = [A-Za-z_]\w*;", "identifier fn;", text, flags=re.M)
    names = _POSITION.findall(out)
    out = _POSITION.sub("", out)
    for n in names:
        out = re.sub(rf"@{re.escape(n)}\b", "", out)
    return out


@dataclass
class Match:
    patch: int
    file: str
    function: str
    line: int              # 1-based, in the file as that patch leaves it

    def to_json(self) -> dict:
        return {"patch": self.patch, "file": self.file, "function": self.function, "line": self.line}


@dataclass
class Found:
    """What the general rule would do in one file of one patch: the matches and the merged text."""

    patch: int
    file: str
    before: str
    after: str
    matches: list[Match] = field(default_factory=list)


def carried(original: str, current: str, lines: Collection[int]) -> set[int]:
    """LINES of ORIGINAL, as line numbers of CURRENT (ORIGINAL after some edits).  A block of lines
    that the edits rewrote counts when every line it replaced was among LINES: the series' own code,
    edited by an earlier rule (a variable renamed in it), is still the series' code."""
    a, b = original.splitlines(), current.splitlines()
    out: set[int] = set()
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        if tag == "equal":
            out |= {j1 + k + 1 for k in range(i2 - i1) if i1 + k + 1 in lines}
        elif tag == "replace" and all(n in lines for n in range(i1 + 1, i2 + 1)):
            out |= set(range(j1 + 1, j2 + 1))
    return out


# an insertion belongs to the change before it when at most this many unchanged lines stand between them
# (the closing brace a braced body gets after the statement it kept)
ATTACHED = 3


def merge(before: str, after: str, allowed: set[int]) -> tuple[str, list[int]]:
    """BEFORE with only those changes of AFTER whose replaced lines (1-based) all are ALLOWED;
    the merged text and the BEFORE lines taken over.  A change that only inserts lines goes with the
    change right after it, or with the one before it when at most ATTACHED allowed unchanged lines
    stand between: `if (r < 0)` -> `if (r < 0) {` takes the `}` added after its body along."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    ops = linediff.opcodes(a, b)
    take = [tag != "equal" and i2 > i1 and all(n in allowed for n in range(i1 + 1, i2 + 1))
            for tag, i1, i2, _, _ in ops]
    for k, (tag, i1, _, _, _) in enumerate(ops):
        if tag != "insert":
            continue
        after_it = k + 1 < len(ops) and take[k + 1] and ops[k + 1][1] == i1
        gap = [n for n in range(k - 1, -1, -1) if ops[n][0] != "equal"][:1]
        between = range(ops[gap[0]][2] + 1, i1 + 1) if gap else range(0)
        before_it = bool(gap) and take[gap[0]] and len(between) <= ATTACHED and all(n in allowed for n in between)
        take[k] = after_it or before_it
    out: list[str] = []
    taken: list[int] = []
    for (_, i1, i2, j1, j2), took in zip(ops, take, strict=True):
        if took:
            out += b[j1:j2]
            taken += range(i1 + 1, i2 + 1)
        else:
            out += a[i1:i2]
    return "".join(out), taken


def find(rule: Rule, texts: dict[int, dict[str, str]], originals: dict[int, dict[str, str]],
         added: dict[int, dict[str, dict[int, str]]], workdir: Path) -> list[Found]:
    """Run RULE, generalized, on every C file of every patch (TEXTS: patch -> path -> text as that patch
    leaves it, with the edits so far); the places on lines the patch adds (ADDED: patch -> path -> lines
    of ORIGINALS, the files at the patch's commit)."""
    general = generalize(rule.text)
    if general is None:
        return []
    workdir.mkdir(parents=True, exist_ok=True)
    sp = workdir / f"general-{rule.name}"
    sp.write_text(general)
    extra = ["-D", "patch"] if re.search(r"^virtual\s+.*\bpatch\b", general, re.M) else []
    query = treewide.query(general)
    names = anchors(general)
    out: list[Found] = []
    for number, files in sorted(texts.items()):
        allowed = {p: carried(originals.get(number, {}).get(p, files[p]), files[p], added[number][p])
                   for p in sorted(files) if p.endswith((".c", ".h")) and added.get(number, {}).get(p)}
        paths = [p for p, lines in allowed.items() if may_change(query, files[p], lines)]
        if not paths:
            continue
        if names is not None and not any(
                region_may_change(files[rel], names, carried(originals.get(number, {}).get(rel, files[rel]), files[rel],
                                                      added[number][rel])) for rel in paths):
            continue            # no place the rule could change is on the patch's own lines: spatch would find none
        d = workdir / f"p{number}"
        # only changes on the patch's own lines are kept: spatch need not parse the functions without any
        small = {rel: narrow.narrowed(files[rel], _functions_at(files[rel], allowed[rel])) for rel in paths}
        whole = {rel: files[rel] for rel in paths}
        run = functools.partial(_run_on, sp, d, extra=extra)
        try:
            narrowed = narrow.run_narrowed(whole, small, run)
            results = narrowed if narrowed is not None else run(whole)
        except spatch.SpatchError:
            continue
        for rel in paths:
            before, after = files[rel], results[rel]
            if before == after:
                continue
            merged, lines = merge(before, after, allowed[rel])
            if not lines:
                continue
            found = Found(number, rel, before, merged)
            for no in _first_lines(lines):
                fn = function_at(before, no)
                found.matches.append(Match(number, rel, fn.name if fn else "", no))
            out.append(found)
    return out


def _functions_at(text: str, lines: Collection[int]) -> set[str]:
    return {f.name for n in lines if (f := function_at(text, n))}


def _run_on(sp: Path, d: Path, texts: dict[str, str], extra: list[str]) -> dict[str, str]:
    """The texts (by path) after SP ran on copies of TEXTS under D."""
    targets = []
    for rel, text in texts.items():
        f = d / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
        targets.append(f)
    spatch.apply(sp, targets, in_place=True, extra=extra)
    return {rel: f.read_text() for rel, f in zip(texts, targets, strict=True)}


def may_change(query: treewide.Query, text: str, allowed: set[int]) -> bool:
    """Whether a rule whose removed names QUERY gives can make a change to TEXT that merge() keeps: one
    that replaces only ALLOWED lines.  spatch changes code, and a block of lines it replaces holds at
    least one changed code line, so lines that are all comment or blank (a patch that only adds a
    comment) take no change; and a change removes the names of one of the rule's `-` lines, so the code
    (comments and strings aside) holds them all (treewide.query).  That code is one match, and a match
    lies in one function: when every allowed code line is inside a function, the code of those
    functions must hold the names, not just some other function of TEXT (see ``_reach``)."""
    code = mask(text)
    masked = code.splitlines()
    lines = sorted(n for n in allowed if 0 < n <= len(masked) and masked[n - 1].strip())
    if not lines:
        return False
    if not query.narrows:
        return True
    reach = _reach(text, masked, lines)
    return any(all(re.search(rf"\b{re.escape(w)}\b", reach) for w in clause) for clause in query.clauses)


# a directive whose braces may not pair up with the code's: #if branches, a macro made of a brace
_BRACE_DIRECTIVE = re.compile(r"^\s*#\s*(?:(?:if|ifdef|ifndef|elif|else|endif)\b|.*[{}])")


def _reach(text: str, masked: list[str], lines: list[int]) -> str:
    """The masked code a change on LINES (code lines of TEXT, sorted) can remove: the functions that hold
    them, or all of MASKED when one of them is outside every function (a declaration, a macro) or a
    function holding one has conditional preprocessor lines or a directive with a brace (such braces can
    end a function early as its braces are counted)."""
    spans: list[tuple[int, int]] = []
    funcs = functions(text)
    i = 0
    for n in lines:
        while i < len(funcs) and funcs[i].end < n:
            i += 1
        if i == len(funcs) or not funcs[i].contains(n):
            return "\n".join(masked)
        if not spans or spans[-1] != (funcs[i].start, funcs[i].end):
            spans.append((funcs[i].start, funcs[i].end))
    code = [ln for start, end in spans for ln in masked[start - 1:end]]
    if any(_BRACE_DIRECTIVE.match(ln) for ln in code):
        return "\n".join(masked)
    return "\n".join(code)


_CALLED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_NOT_ANCHORS = KEYWORDS | COMPILER_KEYWORDS | {"defined"}


def anchors(text: str) -> frozenset[str] | None:
    """The names every change of the semantic patch TEXT is tied to: the called names (not metavariables,
    not keywords) of its `-` lines.  A change of spatch's removes or rewrites the tokens of a run of `-`
    lines (the `+` lines of the run go where they stood), so it lies in the function (or the top-level
    code) where one of the run's names is written.  None when some change is tied to no name: a run of
    `+` lines alone (code added next to context), or a run of `-` lines that calls nothing by name."""
    _, rules = combine.split(text)
    out: set[str] = set()
    for r in rules:
        if r.is_script:
            continue            # a script changes no code
        meta = combine.metavariables(r)
        run: list[str] = []
        for line in [*r.body, ""]:
            if line[:1] in ("-", "+"):
                run.append(line)
                continue
            if run:
                called = {n for ln in run if ln.startswith("-") for n in _CALLED.findall(ln[1:])}
                called -= meta | _NOT_ANCHORS
                if not called:
                    return None
                out |= called
            run = []
    return frozenset(out)


def region_may_change(text: str, names: frozenset[str], lines: Collection[int]) -> bool:
    """Whether a change tied to NAMES (``anchors``) could replace some of LINES (1-based) of TEXT.

    A change removes a run of `-` lines' code, which writes one of NAMES; the lines it replaces lie in the
    statement (or declaration) that code belongs to: a call's arguments may stand on the lines after its
    name, a condition's on the lines before the statement it guards.  So one of LINES must share its
    statement with a line that writes one of NAMES (comments and strings aside).  Statements are told
    apart by lines that end in `;`, `{` or `}`, and by preprocessor lines; a statement longer than
    STATEMENT_LINES either way counts as reaching everything."""
    if not names or not lines:
        return False            # the rule changes nothing, or no line may be changed
    rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b")
    code = mask(text).splitlines()
    for n in sorted(set(lines)):
        if not 0 < n <= len(code):
            continue
        span = _statement(code, n)
        if span is None or any(rx.search(code[k - 1]) for k in span):
            return True
    return False


STATEMENT_LINES = 60
_ENDS = (";", "{", "}")


def _ends(line: str) -> bool:
    s = line.strip()
    return s.endswith(_ENDS) or s.startswith("#")


def _statement(code: list[str], n: int) -> range | None:
    """The lines (1-based) of the statement of masked CODE that line N belongs to; None when it runs on
    for more than STATEMENT_LINES lines either way."""
    first = n
    while first > 1 and not _ends(code[first - 2]):
        first -= 1
        if n - first > STATEMENT_LINES:
            return None
    last = n
    while last < len(code) and not _ends(code[last - 1]):
        last += 1
        if last - n > STATEMENT_LINES:
            return None
    return range(first, last + 1)


def _first_lines(lines: list[int]) -> list[int]:
    """The first line of each run of consecutive lines (one place per changed statement)."""
    return [n for n in sorted(lines) if n - 1 not in lines]
