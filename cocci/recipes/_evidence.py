"""Evidence helpers shared by the recipes: what the reviewer quoted, named and wrote.

Nothing here decides what a suggestion means; it only answers questions the
recipes ask: which tree lines the quote covers, which statements those are,
which identifiers the comment names, what code the reviewer wrote under the
quote, and where a statement is now (after earlier rules changed the file).
"""
from __future__ import annotations

import functools
import re
from typing import Callable, TypeVar

from cocci import linediff
from cocci.recipe import CodeContext, Manual
from patches.ctext import (KEYWORDS, Function, Stmt, all_statements, declared_names, function_named, functions,
                           mask, norm, split_lines, statements)
from patches.model import Suggestion

T = TypeVar("T")

_IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
_DIFF_HEADER = re.compile(r"^(diff --git |index [0-9a-f]+\.\.|--- |\+\+\+ |@@ )")


# ---------------------------------------------------------------- words

def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z']+", text)}


_CODE_WORDS = re.compile(r"`[^`\n]*`|\b[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+|\b[A-Za-z_]\w*\s*\(\)|"
                         r"\b\w*_\w+\b")


def prose_words(comment: str) -> str:
    """COMMENT with the names of code blanked out (`chip->inverted`, `st.flag`, `foo()`, snake_case words,
    what stands in backticks): the words that remain are the reviewer's own ("inverted" in
    "chip->inverted is a bool" says nothing reversed)."""
    return _CODE_WORDS.sub(" ", comment)


def has_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether TEXT contains one of NEEDLES as a word or phrase (case-insensitive)."""
    if not needles:
        return False
    low = " " + re.sub(r"\s+", " ", text.lower()) + " "
    return _any_of(tuple(needles)).search(low) is not None


@functools.lru_cache(maxsize=256)
def _any_of(needles: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for NEEDLES, each a word or phrase (no letter or _ right before or after it)."""
    return re.compile(r"(?<![a-z_])(?:" + "|".join(map(re.escape, needles)) + r")(?![a-z_])")


REMOVE_WORDS = ("drop", "remove", "delete", "get rid", "no need", "not needed", "unnecessary",
                "irrelevant", "superfluous", "redundant", "pointless", "useless", "unused",
                "not required", "dead code")
SCOPE_BOTH = ("both", "the two", "these two", "either")
SCOPE_ALL = ("all", "every", "everywhere", "each", "throughout", "elsewhere", "other places")
# "Same below.", "Ditto for the one below", "same further down": the request holds for the quoted place
# and for the like places after it
# ("here and below" too)
_SAME_BELOW = re.compile(r"\b(?:(?:same|ditto|likewise|similarly)\b(?:\s+[\w-]+){0,4}?|here\s+and)\s+"
                         r"(?:below|further\s+down)\b", re.I)


def _sentences(comment: str) -> list[str]:
    text = re.sub(r"\b(e\.g|i\.e|etc|vs)\.", r"\1", comment)
    return [p.strip() for p in re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(])|\n\s*\n", text) if p.strip()]


def scope_words(comment: str, names: tuple[str, ...], needles: tuple[str, ...]) -> bool:
    """Whether a word of NEEDLES (a scope: "all", "both") stands in a sentence of COMMENT that names one of
    NAMES (what the request is about: the call, the helper), or anywhere when no sentence names them.
    "This prints for every register. Please use dev_dbg()." does not ask for every call."""
    about = [t for t in _sentences(comment)
             if any(re.search(rf"(?<![\w>.]){re.escape(n)}(?!\w)", t) for n in names if n)]
    return has_any(" ".join(about) if about else comment, needles)


# a function named as a place: "Same in foo().", "Also for bar_probe()", "the same applies to foo()"
IN_NAMED = re.compile(r"\b(?:in|for|inside|to)\s+(?:the\s+)?([A-Za-z_]\w*)\s*\(\)")


def named_as_place(comment: str, name: str) -> bool:
    """Whether COMMENT names the function NAME as a place ("Same in NAME()."), not as a call to use."""
    return any(m.group(1) == name for m in IN_NAMED.finditer(" ".join(comment.split())))


def same_below(comment: str) -> bool:
    """Whether COMMENT says its request also holds for the like places below the quoted one."""
    return _SAME_BELOW.search(" ".join(comment.split())) is not None


def without_same_below(comment: str) -> str:
    """COMMENT with its "same below" phrases left out: what else it says about the request's reach
    ("Same below, and in the other drivers too" still reaches the other drivers)."""
    return _SAME_BELOW.sub(" ", " ".join(comment.split()))


# words that carry a request to the rest of the series; "same below", "ditto" and "likewise" are not
# among them: they reach the places after the quote (same_below_only), or say a place is like another
SERIES_WORDS = ("elsewhere", "everywhere", "all of them", "all of these", "all such", "the others",
                "others too", "other places", "other instances", "other occurrences", "other callers",
                "other call sites", "throughout", "here and", "same elsewhere",
                "same applies", "each of them", "the rest", "whole series", "across the series",
                "analogously", "here too")


def series_wide(comment: str) -> bool:
    """Whether COMMENT carries its request beyond the quoted place, to the whole series ("here and
    elsewhere", "all of them"); "Same below." does not."""
    return has_any(without_same_below(comment), SERIES_WORDS)


def same_below_only(comment: str) -> bool:
    """Whether COMMENT carries its request to the like places after the quoted ones, and no further
    ("Same below.", "Ditto further down.", "here and below")."""
    return same_below(comment) and not series_wide(comment)


# "Both can be const.", "use it in both", "WARN_ON_ONCE() for both, please": the request is about two places
_PLACE_NOUNS = (r"places?|instances?|occurrences?|spots?|sites?|calls?|callers?|call\s+sites?|lines?|cases?|prints?|"
                r"messages?|casts?|checks?|tests?|loops?|branch(?:es)?|paths?|uses?|users?|statements?|"
                r"declarations?|variables?|locals?|returns?|conditions?|assignments?|hunks?|ones?|exports?|symbols?")
_BOTH = re.compile(rf"\bboth\s+(?:of\s+(?:them|these|those)\b|(?:the\s+|these\s+|those\s+)?(?:\w+\s+)?"
                   rf"(?:{_PLACE_NOUNS})\b|(?:can|could|should|need|needs|must|would|may|might)\b)|"
                   r"\b(?:in|for|on|to|at|with|fix|change|do|apply\s+(?:it\s+)?to)\s+both\b"
                   r"(?!\s+[\w-]+\s+and\b)|"
                   rf"\b(?:these|those|the)\s+two\s+(?:{_PLACE_NOUNS})\b|\bthese\s+two\b|"
                   # "both WARN_ON()s", "both `kfree()` calls", "both dev_errs": a name of code
                   r"\bboth\s+(?:the\s+|these\s+)?`?[A-Za-z_]\w*(?:\(\)|_\w*)`?s?(?!\w)", re.I)
# "all of these", "all these", "everywhere", "every call", "each of them": the request is about every like place
_ALL = re.compile(rf"\ball\s+(?:of\s+)?(?:them|these|those)\b|\ball\s+(?:the\s+)?(?:other\s+)?(?:{_PLACE_NOUNS})\b|"
                  rf"\beverywhere\b|\b(?:every|each)\s+(?:other\s+)?(?:{_PLACE_NOUNS})\b|\beach\s+of\s+(?:them|these|those)\b|"
                  r"\ball\s+(?:three|four|five|six|[3-9])\b|"
                  # "at the end of these messages", "those casts": the quoted ones, more than one
                  r"\b(?:these|those)\s+(?:[\w-]+\s+)?(?:places|instances|occurrences|spots|sites|calls|lines|cases|"
                  r"prints|messages|casts|checks|tests|loops|branches|paths|statements|returns|conditions|"
                  r"assignments|ones)\b|"
                  r"\bthroughout\b", re.I)
# "here and in the return below", "and elsewhere", "the others too": the quoted place and more
_AND_MORE = re.compile(r"\bhere\s+and\s+(?:also\s+)?(?:in|for|on|at|below|above|there|elsewhere|further)\b|"
                       # "here, and in the two writes above": not a place named apart ("here, and also in patch 2")
                       r"\bhere,\s+and\s+(?:also\s+)?(?:in|for|on|at|below|above|there|elsewhere|further)\b"
                       r"(?!\s+(?:the\s+)?(?:next\s+|other\s+|later\s+|following\s+)?(?:patch|[A-Za-z_]\w*\s*\(\)))|"
                       r"\belsewhere\b|\bother\s+places\b|\bthe\s+others?\s+too\b|"
                       # "..., and the max one too", "and that one as well"
                       r"\band\s+(?:the|this|that)\s+(?:[\w-]+\s+)?one\s+(?:too|as\s+well)\b", re.I)
# "Not both.", "not all of them": the words take places away
_NOT_BEFORE = re.compile(r"\b(?:not|n't|neither|nor)\s+(?:\w+\s+){0,2}$", re.I)


def more_places(comment: str) -> str:
    """The words of COMMENT that ask for the change in more places than one ("both", "all of these",
    "everywhere"), as written; '' when there are none (or they are denied: "not both")."""
    text = " ".join(comment.split())
    for rx in (_BOTH, _ALL, _AND_MORE):
        for m in rx.finditer(text):
            if not _NOT_BEFORE.search(text[:m.start()]):
                return _TRAIL.sub("", _LEAD.sub("", m.group(0)))
    return ""


_LEAD = re.compile(r"^(?:in|for|on|to|at|with|fix|change|do|apply\s+(?:it\s+)?to)\s+", re.I)
_TRAIL = re.compile(r"\s+(?:can|could|should|need|needs|must|would|may|might)$", re.I)


def two_places(comment: str) -> bool:
    """Whether COMMENT's words for more places ask for exactly two ("both", "these two")."""
    words = more_places(comment).lower()
    return "both" in words or "two" in words


def both_left(count: int, what: str, function: str) -> str:
    """Why "both" under one place carried the change to no other: COUNT other like WHAT (a noun: "cast")
    in FUNCTION that the patch adds (none, or more than the one "both" leaves room for)."""
    if not count:
        return f'"both": no other like {what} in {function}() the patch adds'
    return f'"both": {count} other like {what}s in {function}() the patch adds, which one is meant is for the author'


def own_lines(ctx: CodeContext) -> set[int] | None:
    """The lines of CTX.text the patch adds or rewrites (1-based); None when the file before the patch
    is not known."""
    if ctx.base_files is None:
        return None
    base = ctx.base_files.get(ctx.path, "")
    out: set[int] = set()
    for tag, _, _, j1, j2 in linediff.opcodes(base.splitlines(), ctx.text.splitlines()):
        if tag != "equal":
            out |= set(range(j1 + 1, j2 + 1))
    return out


def rejected(comment: str, name: str) -> bool:
    """Whether COMMENT names NAME only to say it does not fit ("dev_err_probe() is only for probe
    paths", "don't use kfree() here", "X would be wrong", "X doesn't fit here", "X ..., so leave it.",
    "X would be nicer, but ... keep Y()", "I'd ask for X, but ..., so keep it.", "Y() instead of X()"): NAME is then no
    helper to bring in."""
    n = re.escape(name) + r"(?:\s*\(\))?"
    flat = " ".join(comment.split())
    return re.search(
        rf"\b{n}\s+(?:is|are|would\s+be|'s)\s+(?:only\s+(?:for|meant|used|intended|needed)|meant\s+(?:only\s+)?for|"
        rf"intended\s+(?:only\s+)?for|wrong|not\s+(?:right|correct|appropriate|suitable|needed|what|for|meant|"
        rf"intended|the\s+right|usable|possible|an\s+option)|inappropriate|overkill|unsuitable|no\s+good)"
        rf"|\b(?:do\s*n['’]?o?t|don't|never|shouldn['’]t|should\s+not|cannot|can['’]t|must\s+not|no\s+need\s+to|"
        rf"would\s*n['’]?t|would\s+not)\s+(?:use|call|add|switch\s+to)\s+{n}"
        rf"|\bno\s+need\s+(?:for|of)\s+(?:an?\s+|the\s+)?{n}"
        # "BIT() doesn't fit here", "others use BIT(), but ... so leave it."
        rf"|\b{n}\s+(?:does\s*n['’]?t|does\s+not|wo\s*n['’]?t|will\s+not|would\s*n['’]?t|would\s+not|can['’]?t|"
        rf"cannot)\s+(?:really\s+)?(?:fit|work|apply|be\s+used|help)\b"
        rf"|\b{n}(?:[^.;?!]|\.(?=\S))*\bbut\b(?:[^.;?!]|\.(?=\S))*\b(?:keep|stick\s+with|stay\s+with)\s+(?:the\s+)?"
        rf"(?!{n})[A-Za-z_]"
        rf"|\b{n}(?:[^.;?!]|\.(?=\S))*\b(?:leave|keep)\s+(?:it|them|this|that)(?:\s+(?:as\s+(?:it\s+)?is|alone))?\s*(?:[.;!]|$)"
        rf"|(?<!why\s)\b(?:not|no)\s+{n}\b"
        # "BITS_TO_BYTES() instead of DIV_ROUND_UP() open-coded", "replace DIV_ROUND_UP() with ...": the one to go
        rf"|\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+|an?\s+)?(?:open[\s-]coded\s+)?{n}"
        rf"|\breplace\s+(?:the\s+)?(?:open[\s-]coded\s+)?{n}\s+(?:with|by)\b"
        # "someone will suggest min() here, but the open-coded form is clearer": the code as it is wins
        rf"|\b{n}[^.;?!]*\bbut\b[^.;?!]*\b(?:clearer|more\s+readable|easier\s+to\s+(?:read|follow)|simpler|"
        rf"better\s+as\s+(?:it\s+is|is))\b", flat, re.I) is not None


def names_the_code(comment: str, name: str) -> bool:
    """Whether COMMENT says the quoted code is what NAME() does, which asks for NAME() as a wish word would:
    "This is kmemdup().", "that's just kmemdup()", "Isn't this kmemdup()?", "kmemdup() does this",
    "kmemdup() does exactly that", "this is what kmemdup() is for", "both of these are kmemdup()" (not
    "this is not kmemdup()")."""
    n = re.escape(name) + r"\s*\(\)"
    flat = " ".join(comment.split())
    return re.search(
        rf"\b(?:(?:this|that|it)(?:\s+is|['’]s)|(?:these|those|both)(?:\s+of\s+(?:these|those|them))?\s+are)\s+"
        rf"(?:just\s+|simply\s+|basically\s+|exactly\s+|really\s+)?"
        rf"(?:an?\s+)?(?:open[\s-]?coded\s+)?{n}"
        rf"|\bis\s*n['’]?t\s+(?:this|that|it)\s+(?:just\s+|simply\s+|basically\s+)?{n}"
        rf"|\b{n}\s+(?:already\s+)?(?:does|is|covers)\s+(?:exactly\s+|just\s+|all\s+of\s+)?"
        rf"(?:this|that|the\s+same)\b"
        rf"|\b(?:this|that|it)(?:\s+is|['’]s)\s+(?:exactly\s+)?what\s+{n}\s+(?:does|is\s+for)\b",
        flat, re.I) is not None


_NOT = r"(?:do\s*n['’]?o?t|don't|does\s*n['’]?o?t|would\s*n['’]?o?t|would\s+not|should\s*n['’]?t|should\s+not|" \
    r"must\s+not|need\s*n['’]?t|never|no\s+need\s+to|(?:see\s+)?no\s+reason\s+to|not|rather\s+not|wo\s*n['’]t|" \
    r"will\s+not|cannot|can['’]t)"


_FUNCTION_WORD = re.compile(r"\s*(?:\(\)|path|callback|function|hook|handler|routine|method|op)\b", re.I)


def declined_action(comment: str, verbs: tuple[str, ...]) -> bool:
    """Whether COMMENT names the action (one of VERBS: "drop", "remove") only to turn it down ("Don't
    drop this print", "I would not remove it", "no need to drop it"): every use of the verbs is negated."""
    flat = " ".join(comment.split())
    alts = "|".join(re.escape(v) for v in verbs)
    # "the remove path", "its remove callback": the name of a function, not the action
    uses = [u for u in re.finditer(rf"\b(?:{alts})\w*\b", flat, re.I)
            if not _FUNCTION_WORD.match(flat[u.end():])]
    negated = [u for u in uses
               if re.search(rf"\b{_NOT}\s+(?:\w+\s+)?(?:(?:need|have)\s+to\s+)?$", flat[:u.start()], re.I)
               and not re.search(r"\bwhy\s+not\s+(?:\w+\s+)?$", flat[:u.start()], re.I)]
    return bool(uses) and len(negated) == len(uses)


# "unused for now, patch 3 uses it", "v3 will use it", "keep it for symmetry": the reviewer reports an
# unused name that is meant to stay, no request to drop it
KEPT_FOR_LATER = re.compile(
    r"\bfor\s+now\b|\b(?:will|would|is\s+going\s+to|are\s+going\s+to)\s+(?:\w+\s+)?(?:use|need|read)\b|"
    r"\b(?:a\s+)?(?:later|future|next|following|subsequent)\s+(?:patch|commit|change|series|version)\b|"
    r"\b(?:patch|commit)\s+(?:#?\d+|\d+/\d+)\s+(?:uses|needs|reads)\b|\bv\d+\s+(?:uses|needs|reads)\b|"
    r"\b(?:keep|leave)\s+(?:it|them|this|that|the\s+\w+)\b(?!\s+(?:out|away)\b)", re.I)


# "Don't add the blank line here.", "please do not introduce braces": what the patch adds is asked away
DONT_ADD = re.compile(r"\b(?:don'?t|do\s+not|no\s+need\s+to|shouldn'?t|should\s+not)\s+(?:add|introduce|insert)\b",
                      re.I)


def patch_files(ctx: CodeContext) -> dict[str, str]:
    """Every file the patch touches (path -> content); the anchored file alone when none are given."""
    return dict(ctx.files) or {ctx.path: ctx.text}


def kept_for_later(comment: str) -> bool:
    """Whether COMMENT says the unused thing stays (used by a later patch, kept on purpose)."""
    return KEPT_FOR_LATER.search(" ".join(comment.split())) is not None


# the lock class a cleanup.h guard names (`guard(spinlock_irq)(&l)`, `scoped_guard(mutex, &l)`): a name of
# <linux/cleanup.h>'s classes, no function or variable of the code
_GUARD_CLASS = re.compile(r"\b((?:scoped_(?:cond_)?)?guard|CLASS)\s*\(\s*[A-Za-z_]\w*")


def named_identifiers(comment: str) -> list[str]:
    """Identifiers the comment names, in order: `foo()`, snake_case or UPPER_CASE words, `x->y`; the lock
    class of a guard the comment writes (`guard(spinlock_irq)`) is none."""
    out: list[str] = []
    text = re.sub(r"/\*.*?\*/", " ", comment, flags=re.S)      # a comment the reviewer wrote is code
    text = _GUARD_CLASS.sub(lambda m: m.group(1) + "(", text)
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(\)|\b([A-Za-z_]\w*)\b", text):
        name = m.group(1) or m.group(2)
        called = m.group(1) is not None
        if name in KEYWORDS and not called:
            continue
        if called or "_" in name.strip("_") or (name.isupper() and len(name) > 2) or name.startswith("__"):
            if name not in out:
                out.append(name)
    return out


def called_names(code: str) -> list[str]:
    """Names called in CODE (`name(`), in order, keywords excluded."""
    out = []
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", mask(code)):
        if m.group(1) not in KEYWORDS and m.group(1) not in out:
            out.append(m.group(1))
    return out


def identifiers(code: str) -> list[str]:
    return [t for t in _IDENT.findall(mask(code)) if t not in KEYWORDS]


def name_parts(name: str) -> list[str]:
    return [p for p in name.lower().split("_") if p]


# the kernel's message printers: pr_err(), dev_warn_once(), netdev_info(), drm_dbg(), printk(), ...
_LOG_CALL = re.compile(r"^(?:printk|(?:pr|dev|netdev|netif|drm|ibdev|wiphy|hid|bt_dev|sdev|shost|"
                       r"pci|v4l2|ata_dev|ata_port|ata_link|clk|fs|btrfs|ext4|xfs)_"
                       r"(?:emerg|alert|crit|err|warn|warning|notice|info|dbg|debug|cont)"
                       r"(?:_once|_ratelimited)?)$")


def is_log_call(name: str) -> bool:
    """Whether NAME is one of the kernel's message printers (pr_err, dev_warn_ratelimited, printk)."""
    return bool(_LOG_CALL.match(name))


def _contains_parts(outer: str, inner: str) -> bool:
    """Whether INNER stands in OUTER as whole name parts (`pte_dirty` in `huge_pte_dirty`, `warn_on` in
    `warn_on_once`), not as letters inside a part (`bit` in `regmap_update_bits`)."""
    return re.search(rf"(?<![a-z0-9]){re.escape(inner)}(?![a-z0-9])", outer) is not None


def relatedness(old: str, new: str) -> float:
    """How related two identifiers look: one contains the other, or they share name parts (stems)."""
    if old == new:
        return 0.0
    lo, ln = old.lower(), new.lower()
    if _contains_parts(lo, ln) or _contains_parts(ln, lo):
        return 1.0
    po, pn = name_parts(old), name_parts(new)
    shared = 0
    for a in po:
        if any(a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))) for b in pn):
            shared += 1
    if shared >= 2:
        return shared / max(len(po), len(pn))
    return 0.0


# ---------------------------------------------------------------- reviewer's code

def looks_like_c(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if s.startswith("/*") or s.startswith("*") and s.endswith("*/"):
        return True
    if not re.search(r"[;{}]\s*$|\)\s*$", s):
        return False
    if re.fullmatch(r"(?:[A-Za-z']+[\s,:]+)+\{\s*\}", s) and \
            not re.search(r"\b(?:else|do|struct|union|enum)\b", s):
        return False            # "drop the {}", "nit: no {}": the braces named in prose
    if s.endswith(")") and not re.match(r"(if|for|while|switch)\b", s):
        return False
    # prose ends with '.', '?', code rarely has several plain words in a row
    prose = re.search(r"\b[a-z]+ [a-z]+ [a-z]+ [a-z]+\b", re.sub(r"/\*.*?\*/|\"[^\"]*\"", "", s))
    return prose is None


# "Just return foo(x);", "You can simply return foo(x);": the words in front of a return written in a
# sentence are not code
_LEAD_WORDS = re.compile(r"^\s*(?:(?:just|simply|only|then|so|and|or|please|you|we|can|could|should|might|may|"
                         r"instead|here|maybe|perhaps)\s+)+(?=return\b)", re.I)


# "i.e. x = f(y);", "e.g.: return 0;": the abbreviation that introduces an example is no code
_EXAMPLE_LEAD = re.compile(r"^\s*(?:i\.?e\.?|e\.?g\.?)(?:,|:)?\s+(?=[A-Za-z_*(])", re.I)


def reviewer_code(s: Suggestion) -> list[str]:
    """Code the reviewer wrote: s.code when the review stage found it, else C-looking comment lines."""
    if s.code:
        return [_LEAD_WORDS.sub("", _EXAMPLE_LEAD.sub("", c)) for c in s.code if c.strip()]
    out: list[str] = []
    in_comment = False
    for line in s.comment.splitlines():
        t = line.strip()
        if in_comment:
            out.append(t)
            in_comment = "*/" not in t
            continue
        if t.startswith("/*"):
            out.append(t)
            in_comment = "*/" not in t
        elif looks_like_c(t):
            out.append(t)
    return out


def without_comment_lines(code: list[str]) -> list[str]:
    """CODE without the lines that are a comment alone: `// ...`, a `/* ... */` block over its lines
    (` * ...` inside it).  A statement that begins with `*` (`*val = x;`) is code."""
    out: list[str] = []
    inside = False
    for c in code:
        t = c.strip()
        if inside:
            inside = "*/" not in t
            continue
        if t.startswith("/*"):
            inside = "*/" not in t[2:]
            continue
        if t.startswith(("//", "*/")):
            continue
        out.append(c)
    return out


_DEFINITION_HEAD = re.compile(r"^(?:[A-Za-z_][\w\s\*]*[\s\*])?([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(\{)?$")


def function_body(code: list[str]) -> list[str]:
    """The lines of CODE inside the braces when CODE is a function definition written whole (its header
    on the first line, `{` at its end or on the next line, `}` last); CODE itself otherwise."""
    if len(code) < 3 or code[-1].strip() != "}":
        return code
    m = _DEFINITION_HEAD.match(mask(code[0]).strip())
    if m is None or m.group(1) in KEYWORDS:
        return code
    if m.group(2):
        return code[1:-1]
    return code[2:-1] if code[1].strip() == "{" else code


def comment_text(code: list[str]) -> list[str] | None:
    """The lines of a C comment when CODE is one comment block, else None."""
    joined = "\n".join(c.strip() for c in code).strip()
    if joined.startswith("/*") and joined.endswith("*/") and joined.count("/*") == 1:
        return [c.strip() for c in code]
    if joined.startswith("//") and all(c.strip().startswith("//") for c in code):
        return [c.strip() for c in code]
    return None


# ---------------------------------------------------------------- quotes and anchors

def quote_code(lines: list[str]) -> list[str]:
    """Quoted diff lines as code: diff markers dropped, headers and removed lines left out."""
    out = []
    for raw in lines:
        if _DIFF_HEADER.match(raw):
            continue
        if raw.startswith("-"):
            continue
        t = raw[1:] if raw[:1] in "+ " else raw
        out.append(t.strip())
    return out


def header_function(text: str, code: list[str]) -> str:
    """The one function of TEXT whose header (first line through the opening brace) holds CODE token for
    token, and CODE names it with its parameter list; "" when none or several."""
    want = norm(mask("\n".join(code)))
    if not want:
        return ""
    src = split_lines(mask(text))
    found = [f.name for f in functions(text)
             if re.search(rf"(?<!\w){re.escape(f.name)} \(", want)
             and f" {want} " in f" {norm(chr(10).join(src[f.start - 1:f.body_start]))} "]
    return found[0] if len(found) == 1 else ""


def the_function(ctx: CodeContext, s: Suggestion, text: str | None = None) -> Function:
    name = s.anchor.function or ctx.function
    if not name:
        raise Manual("the quoted code is not inside a function")
    fn = function_named(text if text is not None else ctx.text, name)
    if fn is None:
        raise Manual(f"function {name}() not found in {ctx.path}")
    return fn


def quoted_function(ctx: CodeContext, s: Suggestion) -> Function | None:
    """The function the quote of S is in; None outside any function (for a recipe that edits function
    bodies only, such a quote is not its request)."""
    try:
        return the_function(ctx, s)
    except Manual:
        return None


def locate_lines(text: str, fn: Function, code: list[str]) -> list[tuple[int, int]]:
    """Every (first, last) line range in FN whose code equals CODE token for token (comments ignored
    unless CODE is itself comment text)."""
    want = norm("\n".join(code))
    if not want:
        return []
    is_comment = want.startswith("/ *") or want.startswith("*")
    if not is_comment:
        want = norm(mask("\n".join(code)))     # the tree side is masked: string contents too
    src = split_lines(text)
    body = src if is_comment else split_lines(mask(text))
    found = []
    for i in range(fn.start - 1, min(fn.end, len(body))):
        acc = ""
        for j in range(i, min(fn.end, len(body))):
            part = norm(body[j])
            if not part and j == i:
                break
            acc = (acc + " " + part).strip() if part else acc
            if acc == want:
                found.append((i + 1, j + 1))
                break
            if len(acc) >= len(want) or not want.startswith(acc):
                break
    return found


def anchor_range(s: Suggestion, ctx: CodeContext, fn: Function) -> tuple[int, int]:
    """The tree lines (first, last) the reviewer quoted, inside FN; Manual when they are not found."""
    if s.anchor.lines:
        a, b = s.anchor.lines
        if fn.start <= a <= b <= fn.end:
            return _body_part(fn, a, b)
    lines = [c for c in (s.anchor.code or quote_code(s.quoted))]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    # the quote's tail is nearest to the comment: take the longest tail found exactly once
    for k in range(len(lines)):
        tail = [ln for ln in lines[k:] if ln.strip()]
        if not tail:
            break
        hits = locate_lines(ctx.text, fn, tail)
        if len(hits) == 1:
            return _body_part(fn, *hits[0])
        if len(hits) > 1:
            raise Manual(f"the quoted code occurs {len(hits)} times in {fn.name}(): ambiguous anchor")
    raise Manual(f"the quoted code was not found in {fn.name}()")


def found_on_quoted_lines(s: Suggestion, ctx: CodeContext, per_line: Callable[[str, str], list[T]]) \
        -> tuple[Function, list[str], list[tuple[int, T]]] | None:
    """The function the reviewer quoted, the file's lines, and what PER_LINE (given a quoted line and the
    line above it, for a condition that goes on from there) finds on each quoted line, with its line
    number; None outside any function."""
    fn = quoted_function(ctx, s)
    if fn is None:
        return None
    first, last = anchor_range(s, ctx, fn)
    src = ctx.text.splitlines()
    return fn, src, [(n, x) for n in range(first, last + 1) for x in per_line(src[n - 1], src[n - 2] if n > 1 else "")]


def quoted_lines(s: Suggestion, ctx: CodeContext) -> tuple[Function, int, int, list[str], list[str]]:
    """The function the reviewer quoted, the tree lines (first, last) of the quote in it, and the lines
    of the file masked and as they are, for recipes that read statements line by line."""
    fn = the_function(ctx, s)
    first, last = anchor_range(s, ctx, fn)
    return fn, first, last, mask(ctx.text).splitlines(), ctx.text.splitlines()


def _body_part(fn: Function, a: int, b: int) -> tuple[int, int]:
    """(A, B) without the function's header lines: the quote may start at the function's name."""
    if a <= fn.body_start < b:
        return fn.body_start + 1, b
    return a, b


def occurrence(text: str, fn: Function, stmt_norm: str, line: int, nested: bool = False) -> int:
    """Which occurrence (0-based) of a statement with this normalized code the one at LINE is
    (NESTED: counting the statements inside blocks too)."""
    pick = all_statements if nested else statements
    hits = [st for st in pick(text, fn.body_start, fn.end) if st.norm == stmt_norm]
    for k, st in enumerate(hits):
        if st.start == line:
            return k
    return 0


def kth(hits: list[T], k: int, what: str, function: str) -> T:
    """The K-th of HITS (the places a quoted WHAT is found in FUNCTION now); Manual when there are fewer."""
    if k >= len(hits):
        raise Manual(f"the quoted {what} is no longer in {function}()")
    return hits[k]


def find_statement(text: str, fn_name: str, stmt_norm: str, k: int = 0, nested: bool = False) -> Stmt | None:
    """The K-th statement of function FN_NAME whose normalized code is STMT_NORM, in TEXT as it is now
    (NESTED: statements inside blocks count too)."""
    fn = function_named(text, fn_name)
    if fn is None:
        return None
    pick = all_statements if nested else statements
    hits = [st for st in pick(text, fn.body_start, fn.end) if st.norm == stmt_norm]
    if not hits:
        return None
    return hits[min(k, len(hits) - 1)]


def local_names(text: str, fn: Function) -> set[str]:
    """Names declared in FN: parameters and local variables (a rough, token-level reading)."""
    src = split_lines(mask(text))
    header = " ".join(src[fn.start - 1:fn.body_start])
    names: set[str] = set()
    params = header[header.find("(") + 1:header.rfind(")")]
    for p in params.split(","):
        ids = _IDENT.findall(p)
        if ids:
            names.add(ids[-1])
    for st in statements(text, fn.body_start + 1, fn.end - 1):
        names.update(declared_names(st.code))
    return names


_LABEL_LINE = re.compile(r"^\s*([A-Za-z_]\w*)\s*:(?!:)\s*$")


def label_names(text: str, fn: Function) -> set[str]:
    """The goto labels FN defines (`err_free:` alone on its line; `default:` and keywords are none)."""
    found = (_LABEL_LINE.match(ln) for ln in split_lines(mask(text))[fn.body_start - 1:fn.end])
    return {m.group(1) for m in found if m and m.group(1) not in KEYWORDS}


def indent_of(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def similar(old: str, new: str) -> bool:
    """Whether reviewer-written NEW plausibly replaces quoted OLD: same leading name (the macro or
    function called, the variable assigned) or most names shared."""
    io, inn = identifiers(old), identifiers(new)
    if not io or not inn:
        return False
    if io[0] == inn[0] or relatedness(io[0], inn[0]) > 0:
        return True
    if is_log_call(io[0]) and is_log_call(inn[0]):
        return True             # a message printed another way: pr_err() -> dev_err(dev, ...)
    so, sn = set(io), set(inn)
    return len(so & sn) / len(so | sn) >= 0.5


def replacement(s: Suggestion, ctx: CodeContext, fn: Function,
                first: int, last: int) -> tuple[list[Stmt], list[str]] | None:
    """(quoted statements, reviewer's code) when the reviewer wrote C under the quote that replaces the
    nearest similar quoted statement(s); None when the reviewer wrote no code (or only a comment)."""
    code = reviewer_code(s)
    if not code or comment_text(code) is not None:
        return None
    code = without_comment_lines(code)
    if not code:
        return None
    new_text = "\n".join(code)
    n = max(1, len(statements(new_text, 1, len(code))))
    quoted = statements(ctx.text, first, last)
    for i in range(len(quoted) - n, -1, -1):           # nearest to the comment first
        window = quoted[i:i + n]
        old_text = "\n".join(st.code for st in window)
        if norm(mask(old_text)) == norm(new_text):
            return None                                   # the reviewer repeated the quote
        if similar(old_text, new_text):
            return window, code
    return None


def quoted_lines_before(s: Suggestion, ctx: CodeContext) -> list[str]:
    """Code lines quoted in the same mail before this suggestion's own quote, nearest first."""
    entries = ctx.message_quotes
    idx = next((i for i, (sid, _) in enumerate(entries) if sid and sid == s.id), None)
    if idx is None:
        idx = next((i for i, (_, q) in enumerate(entries) if q == s.quoted), len(entries))
    out: list[str] = []
    for _, q in reversed(entries[:idx]):
        out += [ln for ln in reversed(quote_code(q)) if ln.strip()]
    return out


def line_norm(text: str, line: int) -> str:
    return norm(split_lines(mask(text))[line - 1])


def lines_like(text: str, fn_name: str, want: str) -> list[int]:
    """The lines of function FN_NAME whose normalized code is WANT, in TEXT as it is now; a line that
    begins WANT and the lines right below it that end it count as one (spatch wraps a line it changed
    that grew past 80 columns)."""
    fn = function_named(text, fn_name)
    if fn is None:
        return []
    m = split_lines(mask(text))
    return [n for n in range(fn.body_start, fn.end + 1) if _spells(m, n, fn.end, want)]


def _spells(masked: list[str], n: int, end: int, want: str) -> bool:
    """Whether line N of MASKED, alone or with the lines below it up to END, normalizes to WANT."""
    acc = norm(masked[n - 1])
    nxt = n
    while acc and acc != want and want.startswith(acc + " ") and nxt < end:
        more = norm(masked[nxt])
        if not more:
            return False
        acc, nxt = acc + " " + more, nxt + 1
    return acc == want


def find_line(text: str, fn_name: str, want: str, k: int = 0) -> int | None:
    """The K-th line of function FN_NAME whose normalized code is WANT, in TEXT as it is now."""
    hits = lines_like(text, fn_name, want)
    return hits[min(k, len(hits) - 1)] if hits else None


def line_occurrence(text: str, fn: Function, line: int) -> int:
    m = split_lines(mask(text))
    want = norm(m[line - 1])
    return sum(1 for n in range(fn.body_start, line) if norm(m[n - 1]) == want)


def whole_quote_in(s: Suggestion, text: str, fn: Function) -> tuple[int, int] | None:
    """The lines of FN the whole quote above the comment covers (its longest tail found once in FN,
    blank lines aside): the statements a comment is about may begin above the lines the review stage
    narrowed the quote to."""
    code = [ln for ln in s.quote or [] if ln.strip()]
    for k in range(len(code)):
        hits = locate_lines(text, fn, code[k:])
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


def quoted_region_start(s: Suggestion, ctx: CodeContext, fn: Function) -> int | None:
    """The first line of FN quoted in the same mail before this suggestion's quote, if any."""
    entries = ctx.message_quotes
    idx = next((i for i, (sid, _) in enumerate(entries) if sid and sid == s.id), len(entries))
    first: int | None = None
    for _, q in entries[:idx]:
        code = [ln for ln in quote_code(q) if ln.strip()]
        if not code:
            continue
        hits = locate_lines(ctx.text, fn, code)
        if len(hits) == 1:
            first = hits[0][0] if first is None else min(first, hits[0][0])
    return first


# a statement's place: its code with its strings, and the first lines of the nearest statements above and
# below it that do not read like it (a sibling removed or renamed elsewhere leaves them as they are)
Place = tuple[str, str, str]


def _neighbours(text: str, fn: Function, st: Stmt) -> tuple[str, str]:
    """The first lines (masked, normalized) of the nearest statements of FN above and below ST that
    neither read like it nor hold it or lie in it; '' where there is none."""
    others = [x for x in all_statements(text, fn.body_start, fn.end)
              if x.norm != st.norm and (x.end < st.start or x.start > st.end)]
    above = max((x for x in others if x.end < st.start), key=lambda x: (x.end, -x.start), default=None)
    below = min((x for x in others if x.start > st.end), key=lambda x: (x.start, -x.end), default=None)
    return (norm(mask(above.lines[0])) if above else "", norm(mask(below.lines[0])) if below else "")


def place_of(text: str, fn: Function, st: Stmt) -> Place:
    """Where statement ST of FN is, in terms that hold while other statements change (see Place)."""
    return (norm(st.code), *_neighbours(text, fn, st))


def at_place(text: str, fn_name: str, place: Place) -> list[Stmt]:
    """The statements of function FN_NAME in TEXT with PLACE's code and one of its neighbours at least
    (one neighbour may be changed by another rule)."""
    fn = function_named(text, fn_name)
    if fn is None:
        return []
    code, above, below = place
    out = []
    for st in all_statements(text, fn.body_start, fn.end):
        if st.norm and norm(st.code) == code:
            a, b = _neighbours(text, fn, st)
            if a == above or b == below:
                out.append(st)
    return out


def stands_at(text: str, fn_name: str, place: Place) -> bool:
    """Whether a statement of function FN_NAME in TEXT, whatever it reads now, stands where PLACE's
    statement stood: between both of its neighbours, reading otherwise than it and its siblings (a line
    another rule rewrote is still there)."""
    fn = function_named(text, fn_name)
    if fn is None:
        return False
    code, above, below = place
    if not above and not below:
        return False
    alike = norm(mask(code))        # a sibling that reads like it (another string) is another line
    for st in all_statements(text, fn.body_start, fn.end):
        first = norm(mask(st.lines[0]))
        if st.norm and st.norm != alike and first not in (above, below) and \
                _neighbours(text, fn, st) == (above, below):
            return True
    return False


# "typo: pool -> poll", "ouput => output", "Spelling: recieve \u2192 receive": one word for another (the
# arrow with blanks around it: `dev->name` is code)
_ARROW = re.compile(r"(?:(?:nit|typo|spelling|spello|sp)\s*:\s*)?([A-Za-z][A-Za-z'-]*)\s+(?:->|=>|\u2192)\s+"
                    r"([A-Za-z][A-Za-z'-]*)\s*[.!]?", re.I)


def respellings(line: str) -> list[tuple[str, str]]:
    """Every (old, new) of LINE when it is nothing but words respelled with arrows, one or a list of them
    ("typos: acces -> access, elemnt -> element"); [] otherwise."""
    head = re.match(r"\s*(?:nits?|typos?|spellings?|spellos?|sp)\s*:\s*", line, re.I)
    parts = re.split(r"\s*(?:[,;]|\band\b)\s*", line[head.end() if head else 0:].strip())
    found = [respelled(p) for p in parts if p]
    return [f for f in found if f] if found and all(found) else []


def respelled(line: str) -> tuple[str, str] | None:
    """(old, new) when LINE, a line of a comment, respells one word with an arrow ("pool -> poll")."""
    m = _ARROW.fullmatch(line.strip())
    return (m.group(1), m.group(2)) if m and m.group(1) != m.group(2) else None


# a line that leaves a condition open for the next one: `if (a == true ||`, `foo(x,`
_OPEN_END = re.compile(r"(?:[(,?:]|&&|\|\|)\s*$")


def goes_on(above: str) -> bool:
    """Whether the line ABOVE ends on an operator or parenthesis that the next line goes on from, so that
    an operand opening the next line stands after it (`if (a == true ||` over `    b == true)`)."""
    return _OPEN_END.search(mask(above)) is not None
