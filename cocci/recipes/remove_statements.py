"""Remove statements, together with the comment right above them that explains them.

Evidence: a wish to remove ("drop", "no need", "irrelevant", ... in the comment,
or "drop"/"remove" in the author's answer, which points at the statement when the comment
only asks whether it is needed: "Is this print useful?" - "No, I'll drop it.") and identifiers the comment names
that occur in the quoted statements (`PVMW_SYNC`).  The statements of the quote
that use them go (an `if` with its body).  A named local variable is not this
recipe's business (dropping a variable rewrites its uses).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from cocci import render as R
from patches.ctext import Function, calls, declared_names, function_named, is_declaration, mask, norm, split_lines
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.blank_line import asked as blank_line_asked
from cocci.recipes import drop_check
from cocci.recipes.drop_argument import ARG_WORDS, dropped_there, sentences
from cocci.recipes.drop_define import about_another_name
from cocci.recipes.drop_unused_local import RECIPE as DROP_UNUSED, unused_after
from cocci.recipes._calls import DURATIONS, undoing_call
from cocci.recipes.alloc_fill import NON_ZEROING
from cocci.recipes.add_braces import Unreadable, _chain_start, chain
from cocci.recipes.drop_braces import RECIPE as DROP_BRACES, DropBracesParams, _single, unbraced
from cocci.recipes.comment_block import NEED_QUESTION, RECIPE as COMMENT_BLOCK, explaining_comment
from patches.model import Response, Suggestion


_VERB = r"(?:drop|remove|delete|get rid of|lose|kill|no need for|don't need|do not need)"
# "drop this", and the verb alone as the whole comment ("Drop.") under the quote
_DEIXIS = re.compile(rf"\b{_VERB}\s+(?:this|that|it|these|those)\b(?!\s+[a-z_]+\()|"
                     r"^\s*(?:please\s+)?(?:drop|remove|delete)\s*[.!]?\s*$", re.I)
# "drop the debug print": the noun says what kind of statement the reviewer means
_NOUN = re.compile(rf"\b{_VERB}\s+(?:this|that|the|an?|any|these|those|both|all(?:\s+the)?)\s+(?P<adj>[a-z-]+\s+)?"
                   r"(?P<what>print|printk|message|log|output|call|line|statement|warning|trace)(?P<plural>s)?\b", re.I)
# a part of a statement a question asks about: what "drop it" in the answer then takes away is that part
_PART = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[a-z-]+\s+)?(?:casts?|typecasts?|arguments?|args?|"
                   r"parameters?|param|parenthes[ie]s|parens|braces|checks?|conditions?|tests?|initiali[sz]ations?|"
                   r"initiali[sz]ers?|masks?|shifts?|offsets?|variables?|locals?|flags?|comments?|else|labels?|"
                   r"gotos?|return\s+values?|specifiers?|qualifiers?|const|casting)\b", re.I)
# "drop these prints", "drop both", "drop them all": every statement of that kind in the quote
_PLURAL = re.compile(rf"\b{_VERB}\s+(?:these|those|both|them|all)\b", re.I)
# "drop the first message": which of several the reviewer means, by its place
_ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1, "former": 0, "latter": -1, "top": 0, "bottom": -1,
             "upper": 0, "lower": -1}
# "no need to print anything on -ENOMEM", "the allocator already warns": the print is what goes
_PRINT_NEEDLESS = re.compile(
    r"\b(?:no\s+need\s+to|(?:do|does)\s*n['’]?o?t\s+(?:need\s+to\s+)?|needless\s+to)\s*"
    r"(?:print|log|warn|complain|report|shout)\b"
    r"|\balready\s+(?:warns?|complains?|prints?|logs?|reports?|splats?|dumps?)\b"
    r"|\b(?:is|are)\s+already\s+(?:reported|logged|printed|warned\s+about)\b", re.I)
_PRINT = re.compile(r"(?:^|_)(?:print|printk|pr|dbg|debug|info|warn|warning|err|notice|log|trace)(?:_|$)"
                    r"|^(?:printk|pr_\w+|dev_\w+|netdev_\w+|trace_\w+)$")


# the check asked away by that noun: "drop the check", "drop the whole if", "the test is not needed"
_CHECK_AWAY = re.compile(r"\b(?:drop|remove|delete|lose|kill|get\s+rid\s+of|no\s+need\s+for)\s+"
                         r"(?:the\s+|this\s+|that\s+|these\s+|those\s+)?(?:[\w-]+\s+)?(?:check|test|condition|if|branch)s?\b|"
                         r"\b(?:check|test|condition)s?\s+(?:is|are)\s+(?:not\s+needed|unneeded|needless|pointless|"
                         r"redundant|useless|unnecessary)\b", re.I)


def _check_asked_away(comment: str, named: set[str], targets: list[E.Stmt]) -> str:
    """Why TARGETS do not go when COMMENT asks a check or an `if` away ("foo() can't return an error, drop the
    check.") and none of them is one: what it NAMES it names for what it is or returns.  '' otherwise."""
    said = sorted(n + ("()" if re.search(rf"\b{re.escape(n)}\s*\(", comment) else "")
                  for n in named if re.search(rf"\b{re.escape(n)}\b", comment))
    if not said or not _CHECK_AWAY.search(" ".join(comment.split())) or \
            any(re.match(r"\s*if\b", st.code) for st in targets):
        return ""
    return (f"the comment asks a check or an if away, and the statement of {', '.join(said)} it names is neither: "
            "which test goes, with what it guards, is for the author")


def _declares_a_used_name(text: str, fn: Function, targets: list[E.Stmt]) -> str:
    """Why TARGETS cannot go when one declares a name FN uses elsewhere (`size_t len = min_t(...);` under
    "no need for min_t()": the comment is about a part of it), or ''."""
    lines = split_lines(text)
    kept = "\n".join(ln for no, ln in enumerate(lines[fn.body_start - 1:fn.end], fn.body_start)
                     if not any(t.start <= no <= t.end for t in targets))
    used = set(E.identifiers(kept))
    name = next((n for t in targets if is_declaration(t.code) for n in declared_names(t.code) if n in used), "")
    return f"the statement declares {name}, which {fn.name}() uses further on: removing it would leave those " \
        "uses undeclared (a part of it may be meant, which is for the author)" if name else ""


# "drop the sizeof()", "no need for the WARN_ON()": a call the comment asks away by its name
_DROPPED_CALL = re.compile(rf"\b{_VERB}\s+(?:the\s+|this\s+|that\s+)?[`'\"]?(?P<name>[A-Za-z_]\w*)\s*\(\)", re.I)


def part_asked_away(comment: str, targets: list[E.Stmt]) -> str:
    """Why TARGETS do not go whole when COMMENT asks away by name a call that stands inside one of them
    rather than as a statement of its own (`sizeof()` in an argument of `strscpy(...)`, the `WARN_ON()`
    around an `if`'s condition, the call whose value is assigned): only that part goes; '' otherwise."""
    for m in _DROPPED_CALL.finditer(comment):
        name = m.group("name")
        for st in targets:
            code = E.mask(st.code)
            uses = [u.start() for u in re.finditer(rf"(?<![\w>.]){re.escape(name)}\s*\(", code)]
            alone = [u for u in uses if re.search(r"(?:^|[;{}]|\belse|\))\s*$", code[:u])]
            if uses and len(alone) < len(uses):
                return (f"the comment asks {name}() away, which is a part of the statement on line {st.start}, "
                        "not a statement of its own: what replaces it is for the author")
    return ""


def _named_in(comment: str, quoted: list[E.Stmt]) -> set[str]:
    """The identifiers of the QUOTED statements that COMMENT names ("subpages" names `subpage`); none
    when the comment asks a print away ("no need to print on -ENOMEM": the print goes, not what the
    words name)."""
    if _PRINT_NEEDLESS.search(comment) or _print_noun(comment):
        return set()
    in_quote = set(E.identifiers("\n".join(st.code for st in quoted)))
    said = set(E.named_identifiers(comment))
    for w in re.findall(r"\b[A-Za-z_]\w*\b", comment):
        for ident in in_quote:
            if w == ident or (len(ident) > 3 and w.rstrip("s") == ident):
                said.add(ident)
    return {n for n in said & in_quote if not _reason_only(comment, n)}


# "kstrtoul() already returns -EINVAL", "ext4_msg() adds the newline itself": a call named as the subject
# of what it does is the reason for the request, not what it takes away
_DOES = (r"(?:already\s+|also\s+|itself\s+|always\s+)?(?:returns?|handles?|checks?|prints?|warns?|logs?|reports?|has|"
         r"adds?|does|takes\s+care|validates?|covers?|sets?|clears?|frees?|zeroe?s|initiali[sz]es|appends?|"
         r"can(?:no|['’])t\s+fail|never\s+fails?|won['’]t\s+fail)\b")


# a removal whose object is text of a string: 'drop the "i8259: "', "remove the \\n", "drop the trailing colon"
_CAST = re.compile(r"\b(?:casts?|typecasts?|casting)\b", re.I)


def _only_a_cast(comment: str) -> bool:
    """Whether every sentence of COMMENT that asks to remove something speaks of a cast: a part of a
    statement, never a whole one."""
    asking = [t for t in sentences(comment) if E.has_any(t, E.REMOVE_WORDS)]
    return bool(asking) and all(_CAST.search(t) for t in asking)


_PART_OF_STRING = re.compile(rf"\b{_VERB}\s+(?:the\s+|that\s+|this\s+)?(?:(?:extra|trailing|leading)\s+)?"
                             r"(?:[\"“]|\\n\b|newline\b|prefix\b|colon\b|full\s+stop\b|period\b)", re.I)


def _reason_only(comment: str, name: str) -> bool:
    """Whether COMMENT names NAME only as the subject of what it does ("kstrtoul() already returns
    -EINVAL or -ERANGE, no need to check"), never otherwise."""
    n = re.escape(name)
    every = len(re.findall(rf"(?<![\w>.]){n}\b", comment))
    doing = len(re.findall(rf"(?<![\w>.]){n}\s*(?:\(\))?\s+{_DOES}", comment, re.I))
    return every > 0 and every == doing


def _print_noun(comment: str) -> bool:
    """Whether COMMENT asks to drop a print by its noun ("drop the message", "no need for a warning")."""
    noun = _NOUN.search(comment)
    return noun is not None and noun.group("what").lower() in ("print", "printk", "message", "log", "output",
                                                          "warning", "trace")


def _unpaired_lock(text: str, fn: Function, targets: list[E.Stmt]) -> str:
    """Why removing TARGETS breaks the locking of FN: one is a lock (or unlock) call whose unlock (or lock)
    of the same lock stays; '' otherwise."""
    gone = {st.start for st in targets}
    for st in targets:
        c = next(iter(calls(text, st.start, st.start, members=False)), None)
        pair = undoing_call(c.name) if c is not None and _lone_call(st) else ""
        if c is None or not pair:
            continue
        lock = norm(c.args[0]) if c.args else ""
        for other in E.all_statements(text, fn.body_start, fn.end):
            for o in calls(text, other.start, other.start, members=False):
                if o.name == pair and (norm(o.args[0]) if o.args else "") == lock and other.start not in gone:
                    return (f"{c.name}() on line {st.start} pairs with {pair}() on line {other.start}, which "
                            "would stay: the lock would be taken or released once; left to the author")
    return ""


def _lock_with_what_it_holds(text: str, targets: list[E.Stmt]) -> str:
    """Why TARGETS are no statements to remove as they stand: they are a lock call, its unlock and code
    the pair encloses ("Why the lock around gpiod_set_value()? Not needed." names the lock and the call
    it guards): whether the locking or the locked code goes is for the author; '' otherwise."""
    for st in targets:
        c = next(iter(calls(text, st.start, st.start, members=False)), None)
        if c is None or not _lone_call(st) or ("lock" not in c.name.split("_") and c.name.split("_")[:1] != ["down"]):
            continue
        pair, lock = undoing_call(c.name), norm(c.args[0]) if c.args else ""
        for other in targets:
            o = next(iter(calls(text, other.start, other.start, members=False)), None)
            if other.start <= st.start or o is None or o.name != pair or \
                    (norm(o.args[0]) if o.args else "") != lock:
                continue
            held = [t for t in targets if st.start < t.start < other.start]
            if held:
                return (f"the quote's statements to remove are {c.name}() on line {st.start}, its {pair}() on "
                        f"line {other.start} and the code between them (line {held[0].start}): whether the "
                        "locking or the locked code goes is for the author")
    return ""


def _lone_body(text: str, st: E.Stmt) -> str:
    """The keyword of the unbraced if/for/while/else whose whole body ST is, '' when it is none."""
    lines = mask(text).splitlines()
    k = st.start - 2
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0 or lines[st.start - 1].lstrip().startswith("{"):
        return ""
    head = lines[k].strip()
    m = re.match(r"(?:\}\s*)?(else\s+if|if|for|while|else)\b", head)
    if m is None or head.endswith((";", "{", "}")) or (m.group(1) != "else" and not head.endswith(")")):
        return ""
    return m.group(1)


def _null_safe_call(st: E.Stmt) -> bool:
    """Whether ST calls one of the kernel's NULL-tolerant release calls: under "dev_kfree_skb_any()
    handles NULL, no need for the check" that call is what stays, whatever else the checked block does."""
    names = E.called_names(st.code)
    return bool(names) and names[0] in drop_check.NULL_SAFE


def _checked_call_stays(comment: str, targets: list[E.Stmt]) -> bool:
    """Whether COMMENT calls a check needless and TARGETS hold the check, the call it guards, or a result
    stored for it to test: the call stays.  "No need to check the return value of foo()" names the call
    whose result is checked; the check is what goes, never the call (drop-check's, or the author's)."""
    if not drop_check.asks(comment):
        return False
    return any(re.match(r"\s*if\b", st.code) or _null_safe_call(st) or
               re.match(r"\s*[A-Za-z_][\w.>\[\]-]*\s*=\s*\w+\s*\(", mask(st.code)) for st in targets)


def _lone_call(st: E.Stmt) -> bool:
    """Whether ST is one call whose result is not kept (`pr_debug(...);`), nothing else."""
    code = E.mask(st.code).strip()
    return re.fullmatch(r"[A-Za-z_]\w*\s*\((?s:.*)\)\s*;", code) is not None and code.count(";") == 1


# "This sleep is not needed.", "This call seems unnecessary.", "That's not needed.": what the quote does
# said needless, the thing itself the subject of the sentence
_NEEDLESS = (r"(?:not\s+(?:really\s+|strictly\s+)?(?:needed|necessary|required)|unnecessary|unneeded|needless|"
             r"pointless|useless|superfluous|redundant)")
_SUBJECT = re.compile(rf"^\s*(?:(?:nit|minor)\s*:\s*)?(?:(?:this|that|the)\s+(?:extra\s+|additional\s+)?"
                      rf"(?P<what>[a-z]+)|this|that|it)\s*(?:'s|\s+(?:is|seems|looks)(?:\s+to\s+be)?)\s+"
                      rf"(?:(?:also|just|completely|entirely|quite)\s+)?{_NEEDLESS}\b", re.I)


def _names_kind(st: E.Stmt, word: str) -> bool:
    """Whether WORD says what kind of call ST is: the called name or one of its parts, or the end of its
    name (`msleep()` is a sleep, `udelay()` a delay, `dev_info()` a print by the table of prints)."""
    names = E.called_names(st.code)
    if not names:
        return False
    name = names[0].lower()
    w = word.rstrip("s") if word.endswith("s") and not word.endswith("ss") else word
    if w in ("print", "message", "log", "printk", "trace", "warning"):
        return _PRINT.search(names[0]) is not None
    if w in ("delay", "sleep", "wait"):
        return name in DURATIONS
    return w == name or w in name.split("_") or (len(w) > 3 and name.endswith(w))


def pointed_at(comment: str, quoted: list[E.Stmt]) -> list[E.Stmt]:
    """The quoted statements a removal points at without naming them.

    "please drop the debug print": the nearest quoted print, a lone call (`pr_debug(...);`).
    "you can drop this": the statement right above the comment when it is a lone call; or, when the
    quote the comment answers is one `if` with plain statements in its body (the review stage keeps
    the code comment above it with it), that `if`.  An assignment or declaration on its own is a
    variable's business (drop-variable); returns and gotos are manual."""
    noun = _NOUN.search(comment)
    prints = _PRINT_NEEDLESS.search(comment) is not None
    subject = _SUBJECT.search(comment)
    if subject is not None and noun is None and _DEIXIS.search(comment) is None and not prints:
        # "This sleep is not needed.": the nearest quoted lone call the noun names (msleep() is a sleep)
        word = (subject.group("what") or "").lower()
        hit = next((st for st in reversed(quoted) if _lone_call(st)), None)
        if hit is None or not (word in ("", "call", "line", "statement") or _names_kind(hit, word)):
            return []
        return [hit]
    if noun is None and _DEIXIS.search(comment) is None and not prints:
        return []
    candidates = list(reversed(quoted))               # nearest to the comment first
    if prints or _print_noun(comment):
        candidates = [st for st in candidates if _lone_call(st)
                      and _PRINT.search(E.called_names(st.code)[0] if E.called_names(st.code) else "")]
    if not candidates:
        return []
    adj = (noun.group("adj") or "").strip().lower() if noun else ""
    if (noun is not None and noun.group("plural")) or _PLURAL.search(comment):
        calls_ = [st for st in reversed(candidates) if _lone_call(st)]
        return calls_ if len(calls_) == len(candidates) > 1 else []
    if adj in _ORDINALS or adj in ("other", "next", "previous", "second-to-last"):
        # by place among several: the first, the last; one the quote cannot tell is nobody's guess
        in_order = list(reversed(candidates))
        k = _ORDINALS.get(adj)
        if len(in_order) == 1 and k in (0, -1):
            return in_order if _lone_call(in_order[0]) else []
        if k is None or len(in_order) < 2 or not -len(in_order) <= k < len(in_order):
            return []
        return [in_order[k]] if _lone_call(in_order[k]) else []
    if _lone_call(candidates[0]):
        return [candidates[0]]
    if noun is None and len(quoted) == 1 and _plain_if(quoted[0]):
        return [quoted[0]]
    return []


def _in_loop_after(text: str, line: int, since: int) -> bool:
    """Whether LINE lies in the body of a for/while/do that opens after line SINCE (a loop the
    allocation on SINCE is not in): what LINE does, it does on every pass."""
    m = mask(text).splitlines()
    above = line - 1
    while above > since and not m[above - 1].strip():
        above -= 1
    if above > since and re.match(r"\s*(?:for|while)\b", m[above - 1]) and not m[above - 1].rstrip().endswith(";"):
        return True                             # the unbraced body of a loop
    depth = 0
    for n in range(line - 1, since, -1):
        depth += m[n - 1].count("}") - m[n - 1].count("{")
        if depth < 0:
            if re.match(r"\s*(?:for|while|do)\b", m[n - 1]) or \
                    (not re.match(r"\s*(?:if|else|switch)\b", m[n - 1]) and n > 1 and
                     re.match(r"\s*(?:for|while)\b", m[n - 2]) and m[n - 1].strip() == "{"):
                return True
            depth = 0
    return False


def fills_fresh_memory(text: str, fn_start: int, targets: list[E.Stmt]) -> str:
    """Why removing TARGETS would leave memory other than the reviewer thinks: a `memset(p, ...)` among
    them fills what an allocator that does not zero (`kmalloc()`) gave `p` earlier in the function, or
    clears `p` again after code that writes it, or on every pass of a loop; '' otherwise."""
    for st in targets:
        fill = next((c for c in calls(text, st.start, st.start, members=False) if c.name == "memset"), None)
        if fill is None or not fill.args or not re.match(r"\s*memset\s*\(", st.code):
            continue
        ptr = re.escape(fill.args[0].strip())
        for earlier in reversed(E.all_statements(text, fn_start, st.start - 1)):
            m = re.match(rf"\s*(?:[\w\s]+\*\s*)?{ptr}\s*=\s*([A-Za-z_]\w*)\s*\(", earlier.code)
            if m is None:
                continue
            if m.group(1) in NON_ZEROING:
                return (f"the memset() on line {st.start} fills the memory {m.group(1)}() returned on line "
                        f"{earlier.start}, which is not zeroed: without it the memory stays undefined (a "
                        "zeroing allocator for both is the author's change to make)")
            if _in_loop_after(text, st.start, earlier.end):
                return (f"the memset() on line {st.start} is in a loop: it clears the buffer {m.group(1)}() "
                        "gave on every pass, not only the first")
            used = [u for u in E.all_statements(text, earlier.end + 1, st.start - 1)
                    if re.search(rf"(?<![\w.>]){ptr}(?!\w)", mask(u.code))
                    and not re.match(rf"\s*if\s*\(\s*(?:unlikely\s*\(\s*)?!\s*{ptr}\s*\)", mask(u.code))]
            if used:
                return (f"{fill.args[0].strip()} is used on line {used[0].start}, between its allocation and the "
                        f"memset() on line {st.start}: the memset() may clear what was written there")
            break
    return ""


def only_arguments(text: str, st: E.Stmt, named: set[str]) -> bool:
    """Whether the NAMED identifiers of statement ST occur in it only as whole arguments of calls
    (`warn(sb, __func__, ...)`, or `f(data->dev, ...)` for a named `dev`), so that removing them is dropping
    an argument, not the statement."""
    spans = [a for c in calls(text, st.start, st.end) for a in c.arg_spans
             if re.sub(r"^.*(?:->|\.)\s*", "", a.of(text).strip()) in named]
    if not spans:
        return False
    masked = E.mask(text)
    lo = sum(len(ln) + 1 for ln in text.splitlines()[:st.start - 1])
    hi = lo + len(st.code)
    for n in named:
        for m in re.finditer(rf"(?<![\w]){re.escape(n)}(?![\w])", masked[lo:hi]):
            if not any(a.start <= lo + m.start() < a.end for a in spans):
                return False
    return True


def _argument_asked_away(comment: str, text: str, targets: list[E.Stmt]) -> bool:
    """Whether COMMENT asks away an identifier it names that TARGETS hold only as whole arguments, the call
    itself named beside it ("dev_dbg() prints it already, no need to pass __func__")."""
    named = set(E.named_identifiers(comment)) & {i for st in targets for i in E.identifiers(st.code)}
    args = {n for n in named if all(only_arguments(text, st, {n}) for st in targets if n in E.identifiers(st.code))}
    return any(dropped_there(t, n) for t in sentences(comment) if E.has_any(t, ARG_WORDS) for n in args) or \
        any(dropped_there(comment, n) for n in args)     # "Drop __func__, dev_err() says which device"


def _plain_if(st: E.Stmt) -> bool:
    """`if (cond) stmt;` or `if (cond) { stmts }` with no else, declaration, return, goto or label."""
    code = E.mask(st.code)
    if not re.match(r"\s*if\s*\(", code) or re.search(r"\belse\b", code):
        return False
    if re.search(r"\b(return|goto|break|continue)\b|^\s*[A-Za-z_]\w*\s*:(?!:)", code, re.M):
        return False
    body = code[code.index(")") + 1:] if ")" in code else ""
    return not re.search(r"(?:^|[{;])\s*(?:(?:const|unsigned|struct|int|long|char|bool|u\d+)\s+)+\**[A-Za-z_]\w*"
                         r"\s*(?:=|;)", body)


@dataclass(frozen=True)
class RemoveStatementsParams(InFunction):
    named: list[str]             # the names the comment gives the statements
    targets: list[tuple[str, int]]   # the statements: (normalized code, occurrence)
    expect: dict[str, int]       # how many of each the function keeps
    first_line: int              # where the first one starts
    # each statement's place (E.Place) and how many statements the function keeps there: a line that
    # reads alike elsewhere (another string) is not this one, the same line asked twice is
    places: list[tuple[str, str, str, int]]


# the calls a removal takes as its object: "would let you drop the kfree()", "remove the mutex_unlock() calls"
_CALL_OBJECT = re.compile(r"\b(?:drop|remove|delete|get\s+rid\s+of|lose|kill)\s+(?:the\s+|this\s+|that\s+|an?\s+|"
                          r"any\s+|both\s+|all\s+(?:the\s+)?)?`?([A-Za-z_]\w*)\s*\(\)", re.I)


def _about_another_name(comment: str, quoted: list[Any]) -> bool:
    """Whether what COMMENT says is not needed is a call or constant none of the QUOTED statements names,
    or every call it asks to remove by name is one of them ("devm_kzalloc() instead of kzalloc() would let
    you drop the kfree()" under the kzalloc(): the kfree() goes, elsewhere, and the allocation stays)."""
    text = " ".join(comment.split())
    names = sorted({i for st in quoted for i in E.identifiers(st.code)})
    objects = {m.group(1) for m in _CALL_OBJECT.finditer(text)}
    return about_another_name(text, names) or bool(objects) and not objects & set(names)


class RemoveStatements(Recipe[RemoveStatementsParams]):
    kind = "remove-statements"
    takes_away = True           # a doubting question may ask for it
    order = Phase.REMOVALS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RemoveStatementsParams] | None:
        if not (E.has_any(s.comment, E.REMOVE_WORDS) or
                E.has_any(s.response_text, ("drop", "remove", "delete", "get rid"))):
            return None
        if E.declined_action(s.comment, ("drop", "remove", "delete", "get rid")) or \
                (blank_line_asked(s.comment) or ("",))[0] == "drop" or _PART_OF_STRING.search(s.comment) or \
                _only_a_cast(s.comment):
            # "Don't drop this print, it is useful."; "Drop the blank line."; 'drop the "i8259: "' (text
            # of a string); "The cast is not needed, used is already unsigned long.": no statement goes
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = [st for st in E.statements(ctx.text, first, last) if st.norm]
        if not quoted or _about_another_name(s.comment, quoted):
            return None          # "No need for ether_addr_copy() here, memcpy() is fine": not the quoted code
        named = _named_in(s.comment, quoted)
        locals_ = E.local_names(ctx.text, fn)
        if not named:
            targets = pointed_at(s.comment, quoted)
            if not targets and (_NOUN.search(s.comment) or _PRINT_NEEDLESS.search(s.comment)):
                # "drop the message" under a quoted block: the print inside it, in the whole quote
                whole = E.whole_quote_in(s, ctx.text, fn) or (first, last)
                # "X() already prints an error, drop this one": the print after the X() line the quote was
                # narrowed to, anywhere in the whole quote
                end = max(last, whole[1]) if _PRINT_NEEDLESS.search(s.comment) else last
                nested = [st for st in E.all_statements(ctx.text, min(first, whole[0]), max(last, whole[1]))
                          if st.norm and st.end <= end]
                targets = [st for st in pointed_at(s.comment, nested) if _lone_call(st)]
            if not targets and NEED_QUESTION.search(s.comment) and s.response is Response.ACCEPTED and \
                    not _PART.search(s.comment):
                # "Is this print useful to anybody?" - "Not really, I'll drop it.": the answer points
                # (not "Is the cast needed?" - "No, will drop it.": "it" is the cast, a part of the line)
                targets = pointed_at(s.response_text, quoted)
            if not targets:
                return None
            named = set(E.called_names(targets[0].code)[:1]) or \
                {i for i in E.identifiers(targets[0].code) if i not in locals_}
        else:
            if named & locals_:
                return None          # a variable: dropping it rewrites its uses (drop-variable)
            targets = [st for st in quoted if named & set(E.identifiers(st.code))]
            if targets and all(only_arguments(ctx.text, st, named) for st in targets):
                return None          # "no need to pass __func__": an argument goes, not the call
        if not targets or _argument_asked_away(s.comment, ctx.text, targets):
            return None          # "dev_dbg() prints it already, no need to pass __func__": an argument goes
        unsafe = _declares_a_used_name(ctx.text, fn, targets) or fills_fresh_memory(ctx.text, fn.body_start, targets) \
            or part_asked_away(s.comment, targets) or _unpaired_lock(ctx.text, fn, targets) \
            or _lock_with_what_it_holds(ctx.text, targets) or _check_asked_away(s.comment, named, targets)
        if unsafe:
            raise Manual(unsafe)
        if _checked_call_stays(s.comment, targets):
            return None          # "no need for the check": the call stays (drop-check)
        if any(re.match(r"\s*(return|goto)\b|\s*[A-Za-z_]\w*\s*:", st.code) for st in targets):
            raise Manual("the statements to remove change control flow (return/goto/label)")
        lone = next((st for st in targets if _lone_body(ctx.text, st) and
                     not any(t.start < st.start and t.end >= st.start - 1 for t in targets)), None)
        if lone is not None:
            raise Manual(f"the statement on line {lone.start} is the whole body of the unbraced "
                         f"{_lone_body(ctx.text, lone)} above it: removing it leaves an empty body; whether "
                         "that goes too is for the author")
        fb = function_named(ctx.text, fn.name)
        assert fb is not None
        everything = E.all_statements(ctx.text, fb.body_start, fb.end)
        expect = {st.norm: sum(1 for x in everything if x.norm == st.norm) -
                  sum(1 for t in targets if t.norm == st.norm) for st in targets}
        names = sorted(named)
        places = [E.place_of(ctx.text, fb, st) for st in targets]
        keep = [len(E.at_place(ctx.text, fn.name, p)) - places.count(p) for p in places]
        return Plan(self.kind, slug="-".join(n.lower() for n in names), order=self.order, files=[ctx.path],
                    params=RemoveStatementsParams(fn.name, named=names,
                                                  targets=[(st.norm, E.occurrence(ctx.text, fn, st.norm, st.start,
                                                                             nested=True))
                                                           for st in targets],
                                                  expect=expect, first_line=targets[0].start,
                                                  places=[(*p, k) for p, k in zip(places, keep, strict=True)]),
                    summary=f"Drop the {'/'.join(names)} code in {fn.name}()")

    def companions(self, s: Suggestion, plan: Plan[RemoveStatementsParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The comment block right above the removed statements that talks about them goes too
        (a text edit that runs just before the removal)."""
        fn = plan.params.function
        first = E.find_statement(ctx.text, fn, plan.params.targets[0][0], plan.params.targets[0][1], nested=True)
        if first is None:
            return []
        names = {i for st_norm, _ in plan.params.targets
                 for i in E.identifiers(st_norm) if "_" in i or i.isupper()}
        block = explaining_comment(ctx.text, first.start, names)
        if block is None and self._comment_quoted(s, ctx.text, first.start):
            # the reviewer quoted the comment together with the code: it explains that code
            block = explaining_comment(ctx.text, first.start, None)
        out: list[tuple[Recipe[Any], Plan[Any]]] = self._braces_after(plan, ctx) + self._unused_after(plan, ctx)
        if block is None:
            return out
        old = ctx.text.splitlines()[block[0] - 1:block[1]]
        p = COMMENT_BLOCK._plan(ctx, fn, old, [], "Drop the comment")
        p = replace(p, order=Phase.EXPLAINING_COMMENTS, summary="",
                    params=replace(p.params, why="It explains the statements the next rule removes."))
        return [(COMMENT_BLOCK, p)] + out

    @staticmethod
    def _unused_after(plan: Plan[RemoveStatementsParams], ctx: CodeContext) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """Drop-unused-local for each local only the removed statements used (`client` of a dev_err() that
        goes): its declaration would earn an unused-variable warning."""
        fn = function_named(ctx.text, plan.params.function)
        found = [E.find_statement(ctx.text, plan.params.function, t, k, nested=True) for t, k in plan.params.targets]
        if fn is None or any(st is None for st in found):
            return []
        old = "\n".join(st.code for st in found if st is not None)
        return [(DROP_UNUSED, DROP_UNUSED.plan_for(ctx, fn.name, n)) for n in unused_after(ctx.text, fn, old, "")]

    def _braces_after(self, plan: Plan[RemoveStatementsParams], ctx: CodeContext
                      ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """Drop-braces for the chain whose braced branch the removal leaves one simple statement
        (`if (!p) { dev_err(...); return -ENOMEM; }` less the print): kernel style wants none then."""
        fn = plan.params.function
        found = [E.find_statement(ctx.text, fn, t, k, nested=True) for t, k in plan.params.targets]
        if any(st is None for st in found):
            return []
        src = ctx.text.splitlines()
        gone = {n for st in found if st is not None for n in range(st.start, st.end + 1)}
        first = min(gone)
        m = mask(ctx.text).splitlines()
        depth, head = 0, 0
        for n in range(first - 1, 0, -1):          # the line opening the block the removal is in
            depth += m[n - 1].count("}") - m[n - 1].count("{")
            if depth < 0:
                head = n
                break
        if not head or not re.match(r"\s*(?:\}\s*)?(?:else\b|if\b)", m[head - 1]):
            return []
        f = function_named(ctx.text, fn)
        if f is None:
            return []
        start = head if re.match(r"\s*if\b", m[head - 1]) else _chain_start(m, head, f.body_start)
        if start is None:
            return []
        kept = [ln for n, ln in enumerate(src, 1) if n not in gone]
        shift = sum(1 for n in gone if n < start)
        after = "\n".join(kept)
        km = mask(after).splitlines()
        try:
            branches = chain(km, start - shift - 1)
        except Unreadable:
            return []
        if not any(br.braced for br in branches) or not all(_single(km, br) for br in branches):
            return []
        old = kept[branches[0].head[0]:branches[-1].end + 1]
        if re.search(r"/\*|//", re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', "\n".join(old))):
            return []
        new = unbraced(kept, branches)
        p = Plan(DROP_BRACES.kind, slug="braces", order=Phase.BRACES, files=[ctx.path],
                 params=DropBracesParams(fn, old=old, new=new), summary="")
        return [(DROP_BRACES, p)]

    @staticmethod
    def _comment_quoted(s: Suggestion, text: str, stmt_start: int) -> bool:
        """Whether the anchor holds the last line of the comment block right above STMT_START."""
        above = text.splitlines()[stmt_start - 2].strip() if stmt_start >= 2 else ""
        return above.endswith("*/") and any(line.strip() == above for line in s.anchor.code)

    def _locate(self, plan: Plan[RemoveStatementsParams], text: str) -> list[E.Stmt]:
        fn = plan.params.function
        out = []
        for (snorm, k), (code, above, below, _) in zip(plan.params.targets, plan.params.places, strict=True):
            there = E.at_place(text, fn, (code, above, below))
            st = there[0] if len(there) == 1 else E.find_statement(text, fn, snorm, k, nested=True)
            if st is None:
                raise Manual(f"the statements to remove are no longer in {fn}()")
            out.append(st)
        return out

    def render(self, s: Suggestion, plan: Plan[RemoveStatementsParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        f = function_named(ctx.text, fn)
        assert f is not None
        everything = E.all_statements(ctx.text, f.body_start, f.end)
        out = R.header(f"Remove the {'/'.join(plan.params.named)} statements from {fn}()", s)
        targets = self._locate(plan, ctx.text)
        twins = [st for st in targets if sum(1 for x in everything if x.norm == st.norm) > 1]
        if len(targets) > 1 and twins:
            # statements told apart by their lines go in one rule: a later rule's position does not
            # match in a function an earlier rule of the same file has changed
            alts = [R.minus(R.with_position(list(st.lines), "p")) for st in targets]
            metavars = [f"identifier fn = {fn};", R.position_constraint("p", [st.start for st in targets])]
            body = "(\n" + "\n|\n".join(alts) + "\n)"
            return out + "\n" + R.rule("remove", metavars, R.in_function("fn", body))
        for i, st in enumerate(targets):
            metavars = [f"identifier fn = {fn};"]
            lines = list(st.lines)
            if sum(1 for x in everything if x.norm == st.norm) > 1:
                lines = R.with_position(lines, "p")
                metavars.append(R.position_constraint("p", [st.start]))
            name = f"remove{i + 1}" if len(targets) > 1 else "remove"
            out += "\n" + R.rule(name, metavars, R.in_function("fn", R.minus(lines)))
        return out

    def _count(self, text: str, fn: str, snorm: str) -> int:
        f = function_named(text, fn)
        if f is None:
            return -1
        return sum(1 for x in E.all_statements(text, f.body_start, f.end) if x.norm == snorm)

    def is_applied(self, s: Suggestion, plan: Plan[RemoveStatementsParams], text: str) -> bool:
        """Whether TEXT has fewer of the statements, and none left at the targets' own places: of two
        lines that read alike, another comment's removal of the first has not removed the second; a
        line another rule rewrote (renamed its call) still stands at its place and is not removed."""
        fn = plan.params.function
        return all(self._count(text, fn, k) <= v for k, v in plan.params.expect.items()) and \
            all(len(E.at_place(text, fn, (code, above, below))) <= keep and
                (keep > 0 or not E.stands_at(text, fn, (code, above, below)))
                for code, above, below, keep in plan.params.places)

    def verify(self, s: Suggestion, plan: Plan[RemoveStatementsParams], before: str, after: str) -> str:
        fn = plan.params.function
        for snorm in {t for t, _ in plan.params.targets}:
            want = sum(1 for t, _ in plan.params.targets if t == snorm)
            b, a = self._count(before, fn, snorm), self._count(after, fn, snorm)
            if before != after and a != b - want:
                return f"expected {'one statement' if want == 1 else f'{want} statements'} removed from {fn}(), " \
                    f"{b - a} were"
        return "" if self.is_applied(s, plan, after) else "the statements are still there"


RECIPE = RemoveStatements()
