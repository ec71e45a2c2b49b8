"""Fix a conversion in a format string: `pr_info("%d", len)` -> `pr_info("%u", len)`.

Evidence: the comment writes conversions (`%u`, `%zu`, "s/%d/%u/", "%lu instead
of %ld"), and a quoted call (printk, pr_*(), dev_*(), seq_printf()...: any call
with a string literal that holds conversions) prints with a conversion of the
same family.  Two conversions in the comment: the one in the format is the old
one.  One: it replaces the integer conversion of the format; when the format has
several, the one whose argument the comment names ("len is unsigned"), or all of
them for "all"/"both".  Only the quoted call's format string changes, by SmPL
matching that string constant.

`%pe` prints an error pointer by its name: the integer conversion (`%d`, `%i`, `%ld`, `%li`) whose
argument is `PTR_ERR(x)` becomes `%pe` with `x`; one whose argument is an int error code (a plain
variable the function returns) becomes `%pe` with `ERR_PTR(ret)`.  The argument is found by its
position in the format; when several could be meant and the comment does not say "all"/"both",
or the arguments do not line up with the conversions, it is manual.  Other `%p` extensions and
formats split over several literals are left to people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from cocci import render as R
from patches.ctext import Call, Function, calls, function_named, mask
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _calls as C
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import WIDTHS, operand_type
from patches.model import Suggestion

_SIGNED = re.compile(r"%(?:l)?[di]$")       # what an error code is printed with, no flags or width
# PTR_ERR(x), also cast to the conversion's signed type ("%d", (int)PTR_ERR(x)): %pe prints x
_PTR_ERR = re.compile(r"(?:\(\s*(?:int|long|s32|s64)\s*\)\s*)?PTR_ERR\s*\((.*)\)", re.S)
_INSTEAD_OF_PE = re.compile(r"%pe\b(?:(?!%)[^.?!])*?\b(?:instead\s+of|rather\s+than)\b(?P<old>[^.?!]*)", re.I)
_INTEGER = re.compile(r"%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|Z|t|j)?[diouxX]$")


# "Missing \n.", "no newline at the end?", "the message needs a trailing \n", "\n missing": the line
# feed that ends a kernel message is asked for ("drop the \n", "no need for a newline" are not)
_NL = r"(?:\\n|new\s*-?\s*line|line\s*feed)"
_NEWLINE = re.compile(rf"\b(?:missing|add|forgot|lacks?|needs?|without|no|wants?|trailing|terminating)\b"
                      rf"[^.?!]{{0,30}}{_NL}"
                      rf"|{_NL}[^.?!]{{0,25}}\b(?:missing|at\s+the\s+end|please)\b|^\W*{_NL}\W*$", re.I)
_NOT_NEWLINE = re.compile(rf"\b(?:drop|remove|no\s+need|not\s+needed|superfluous|extra|double|redundant|"
                          rf"unnecessary)\b[^.?!]{{0,30}}{_NL}|{_NL}[^.?!]{{0,30}}\b(?:not\s+needed|superfluous|"
                          rf"redundant|unnecessary|is\s+added)\b", re.I)
# the kernel's message functions: printk and pr_*(), dev_*() and the like (not dev_set_name() & co)
_MESSAGE = re.compile(r"printk(?:_\w+)?|(?:pr|dev|netdev|netif|hid|drm|ata_dev|ata_link|ata_port|shost|sdev|"
                      r"scmd|bt_dev|wiphy|ibdev|mmc|mlx5_core|nvme|pci|rtc|usb|v4l2)_(?:emerg|alert|crit|err|warn|"
                      r"warning|notice|info|dbg|debug|cont|printk)(?:_once|_ratelimited|_probe)?|dev_err_probe|"
                      r"WARN(?:_ON)?(?:_ONCE)?|panic|net_(?:emerg|alert|crit|err|warn|notice|info|dbg)_ratelimited|"
                      # the kselftest messages (the harness's TH_LOG() ends the line itself)
                      r"ksft_print_msg|ksft_test_result_(?:pass|fail|skip|xfail|xpass|error)|ksft_exit_fail_msg|"
                      r"ksft_exit_skip")


# "newline after the declarations", "a new line between the two blocks": a blank line, unless \n is written
_PLACED = re.compile(r"\b(?:after|before|between|above|below)\b|\bblank\b|\bempty\s+line|\bdeclarations?\b", re.I)


def asks_newline(comment: str) -> bool:
    """Whether COMMENT asks for the newline that ends a message."""
    flat = " ".join(comment.split())
    if not _NEWLINE.search(flat) or _NOT_NEWLINE.search(flat):
        return False
    return "\\n" in flat or not _PLACED.search(flat)


def unterminated(text: str, first: int, last: int) -> list[tuple[Call, str]]:
    """(call, its format literal) of the message calls on lines FIRST..LAST whose format, one string
    literal, does not end in a newline."""
    out = []
    for c in calls(text, first, last, members=False):
        if not _MESSAGE.fullmatch(c.name):
            continue
        fmt = next((a for a in c.args if C.is_string(a)), None)
        parts = C.literal_parts(fmt) if fmt is not None else []
        if len(parts) == 1 and not parts[0].endswith('\\n"'):
            out.append((c, parts[0]))
    return out


def is_integer(spec: str) -> bool:
    return bool(_INTEGER.match(spec))


def formatted_calls(text: str, first: int, last: int) -> list[tuple[Call, int]]:
    """Calls on lines FIRST..LAST with a string-literal argument holding conversions: (call, its index)."""
    out = []
    for c in calls(text, first, last, members=False):
        for i, a in enumerate(c.args):
            if C.is_string(a) and C.specs(a):
                out.append((c, i))
                break
    return out


def choose(comment: str, fmt: str, args: list[str]) -> list[tuple[int, str]]:
    """(index of the conversion in FMT, its replacement) that the comment asks for; Manual when unclear."""
    wanted = list(dict.fromkeys(m.group(0) for m in C.specs(comment)))
    conv = [m.group(0) for m in C.specs(fmt)]
    if len(wanted) >= 2:
        old = [w for w in wanted if w in conv]
        new = [w for w in wanted if w not in conv]
        if len(old) != 1 or len(new) != 1:
            raise Manual(f"the comment names {', '.join(wanted)}: which one replaces which is not clear")
        old_s, new_s = old[0], new[0]
        cands = [k for k, c in enumerate(conv) if c == old_s]
    else:
        new_s = wanted[0]
        if not is_integer(new_s):
            raise Manual(f"{new_s} needs more than the format string changed: left to the author")
        cands = [k for k, c in enumerate(conv) if is_integer(c) and c != new_s]
    # "%x takes the value as is" under a format that has %x: the conversion is talked about, and only a
    # value the comment names ("i is unsigned, so %u for it as well") says which other one becomes it
    already = len(wanted) == 1 and new_s in conv
    unclear = (f"the comment names {new_s}, which the format already uses: which of its other conversions "
               "should change is not clear")
    if not cands:
        return []
    scoped = E.has_any(comment, E.SCOPE_ALL + E.SCOPE_BOTH)
    if already and scoped:
        raise Manual(unclear)
    if len(cands) > 2 and E.has_any(comment, E.SCOPE_BOTH) and not E.has_any(comment, E.SCOPE_ALL):
        raise Manual(f"the comment says \"both\", and the format has {len(cands)} conversions that could be meant")
    if (len(cands) > 1 or already) and not scoped:
        if any("*" in c for c in conv) or len(conv) != len(args):
            raise Manual("the format has several conversions and its arguments do not line up with them")
        said = set(re.findall(r"[A-Za-z_]\w*", comment))
        by_name = [k for k in cands if set(E.identifiers(args[k])) & said]
        if len(by_name) != 1:
            raise Manual(unclear if already else f"the format has {len(cands)} conversions that could be meant: "
                         "the comment does not name the value")
        cands = by_name
    return [(k, new_s) for k in cands]


# the width in bits an integer conversion reads, by its length modifier
_SPEC_WIDTH = {"": 32, "h": 16, "hh": 8, "l": 64, "ll": 64, "z": 64, "L": 64, "j": 64, "t": 64}


def _widths_agree(ctx: CodeContext, fn: Function, fmt: str, args: list[str], changes: list[tuple[int, str]]) -> None:
    """Manual when a new conversion reads another width than the declared type of its argument (`%u` for a
    long: the compiler warns, and the value printed can be wrong)."""
    conv = C.specs(fmt)
    if len(conv) != len(args):
        return
    texts = [ctx.text, *ctx.files.values()]
    for k, new in changes:
        m = re.fullmatch(r"%[-+ #0-9.]*(hh|h|ll|l|z|L|j|t)?[diouxX]", new)
        arg = args[k].strip()
        have = WIDTHS.get(operand_type(ctx.text, fn, arg, texts) or "") if re.fullmatch(r"[A-Za-z_]\w*", arg) \
            else None
        # a char or short argument is passed as an int: only an int against a long differs
        if m and have is not None and max(have, 32) != max(_SPEC_WIDTH[m.group(1) or ""], 32):
            raise Manual(f"{arg} is {operand_type(ctx.text, fn, arg, texts)}, {have} bits, where {new} reads "
                         f"{max(_SPEC_WIDTH[m.group(1) or ''], 32)}: the conversion for it is for the author")


def error_code(text: str, fn: Function, name: str) -> bool:
    """Whether NAME is an int error code in FN: a local or parameter the function returns as it is."""
    body = mask("\n".join(text.splitlines()[fn.body_start - 1:fn.end]))
    return re.search(rf"\breturn\s+{re.escape(name)}\s*;", body) is not None


def error_pointer(comment: str, fmt: str, args: list[str], is_code: Callable[[str], bool]
                  ) -> list[tuple[int, str, str]]:
    """(index of the conversion, old argument, new argument) for "use %pe": PTR_ERR(x) -> x, an error
    code `ret` (IS_CODE) -> ERR_PTR(ret); Manual when which one is meant is unclear."""
    conv = [m.group(0) for m in C.specs(fmt)]
    if any("*" in c for c in conv) or len(conv) != len(args):
        raise Manual("%pe changes the argument too, and the arguments do not line up with the conversions")
    ptr = [(k, args[k], pm.group(1).strip())
           for k, c in enumerate(conv) if _SIGNED.match(c) and (pm := _PTR_ERR.fullmatch(args[k]))]
    code = [(k, args[k], f"ERR_PTR({args[k]})") for k, c in enumerate(conv)
            if _SIGNED.match(c) and re.fullmatch(r"[A-Za-z_]\w*", args[k]) and is_code(args[k])]
    cands = ptr or code
    if not cands:
        return []
    if len(cands) > 1 and not E.has_any(comment, E.SCOPE_ALL + E.SCOPE_BOTH):
        raise Manual(f"the format has {len(cands)} error values that %pe could print: "
                     "the comment does not say which")
    if any(args.count(old) > 1 for _, old, _ in cands):
        raise Manual("the error value is passed twice: which one %pe prints is not clear")
    return cands


def rewrite(literal: str, changes: list[tuple[int, str]]) -> str:
    """LITERAL with the conversions CHANGES names replaced; a `0x` written before a conversion that
    becomes `%#x` goes with it (the `#` prints it: "0x%x" -> "%#x", not "0x%#x"), and so does one before a
    hex conversion that becomes another base ("0x%x" -> "%u", not "0x%u", a decimal read as hex)."""
    body = literal[1:-1]
    sp = C.specs(body)
    for k, new in sorted(changes, reverse=True):
        a, b = sp[k].span()
        hex_gone = sp[k].group(0)[-1] in "xX" and new[-1] not in "xXp"
        if ("#" in new and new[-1] in "xX" or hex_gone) and body[:a].lower().endswith("0x"):
            a -= 2
        body = body[:a] + new + body[b:]
    return '"' + body + '"'


def _statement_key(text: str, fn: Function, line: int) -> tuple[str, int, int]:
    """(normalized statement, its occurrence, which call of the statement) of the call on LINE: a key
    that survives spatch re-wrapping the statement."""
    for st in E.statements(text, fn.body_start, fn.end):
        if st.start <= line <= st.end:
            name = calls(text, line, line, members=False)[0].name
            k = sum(1 for n in range(st.start, line) if any(c.name == name for c in calls(text, n, n, members=False)))
            return st.norm, E.occurrence(text, fn, st.norm, st.start), k
    raise Manual(f"the call on line {line} is not inside a statement of {fn.name}()")


def _with_args(text: str, call: Call, args: list[tuple[str, str]]) -> str:
    """TEXT with the old arguments of CALL replaced by the new ones (each old one is passed once): the
    text the rule is meant to leave, for finding the statement again afterwards."""
    m = mask(text)
    out, end = text, call.end
    for old, new in sorted(args, key=lambda a: -m.rfind(a[0], call.start, call.end)):
        at = m.rfind(old, call.start, end)
        if at < 0:
            raise Manual(f"the argument {old} of {call.name}() was not found")
        out = out[:at] + new + out[at + len(old):]
    return out


def _locate(text: str, function: str, name: str, keys: list[Key | None], literal: str) -> tuple[int, str] | None:
    """(line, name) of the call NAME in FUNCTION of TEXT: found by the first of KEYS whose statement is
    there, else as the one call of the function that passes LITERAL."""
    for key in keys:
        if key is None:
            continue
        snorm, k, offset = key
        st = E.find_statement(text, function, snorm, k)
        if st is None:
            continue
        hits = [n for n in range(st.start, st.end + 1)
                if any(c.name == name for c in calls(text, n, n, members=False))]
        return (hits[min(offset, len(hits) - 1)], name) if hits else None
    return _passing(text, function, literal)


def _passing(text: str, function: str, literal: str) -> tuple[int, str] | None:
    """(line, name) of the one call in FUNCTION whose arguments include LITERAL; None when there is
    no such call or more than one."""
    fn = function_named(text, function)
    if fn is None:
        return None
    hits = [(c.line, c.name) for c in calls(text, fn.body_start, fn.end, members=False) if literal in c.args]
    return hits[0] if len(hits) == 1 else None


Key = tuple[str, int, int]      # a call by its statement: (normalized statement, its occurrence, which call)


@dataclass(frozen=True)
class Later:
    """A like call after the quote that "same below" changes as the quoted one."""

    call: str                    # the printing function
    old: str                     # its format string literal
    new: str                     # the literal as it becomes
    target: Key                  # the call, as the text is before the rule
    target_after: Key            # the call, as the rule leaves the text


def _fixes(ctx: CodeContext, fn: Function, call: Call, i: int,
           changes: list[tuple[int, str]]) -> dict[tuple[str, str], str] | str:
    """(old conversion, declared type of its argument) -> new conversion, for the quoted call's CHANGES;
    why not, when the type of an argument cannot be read."""
    conv = [m.group(0) for m in C.specs(call.args[i])]
    args = list(call.args[i + 1:])
    if len(conv) != len(args) or any("*" in c for c in conv):
        return "the quoted format's arguments do not line up with its conversions"
    texts = [ctx.text, *ctx.files.values()]
    out: dict[tuple[str, str], str] = {}
    for k, new in changes:
        typ = operand_type(ctx.text, fn, args[k], texts)
        if typ is None:
            return f"the declared type of {' '.join(args[k].split())} cannot be read"
        out[(conv[k], typ)] = new
    return out


def _like(ctx: CodeContext, fn: Function, call: Call, j: int,
          fixes: dict[tuple[str, str], str]) -> list[tuple[int, str]] | str | None:
    """The changes of CALL (its format the J-th argument) "same below" makes: every conversion FIXES
    replaces whose argument has the declared type the quoted one has.  None when CALL has none of the
    old conversions (it is not a like place); why not, when one of them cannot be changed as the quoted
    one was."""
    conv = [m.group(0) for m in C.specs(call.args[j])]
    args = list(call.args[j + 1:])
    olds = {old for old, _ in fixes}
    hit = [k for k, c in enumerate(conv) if c in olds]
    if not hit:
        return None
    if len(C.literal_parts(call.args[j])) != 1:
        return "its format is split over several string literals"
    if len(conv) != len(args) or any("*" in c for c in conv):
        return "its arguments do not line up with its conversions"
    texts = [ctx.text, *ctx.files.values()]
    out: list[tuple[int, str]] = []
    for k in hit:
        typ = operand_type(ctx.text, fn, args[k], texts)
        if typ is None or (conv[k], typ) not in fixes:
            arg = " ".join(args[k].split())
            return (f"{arg} is {typ}, not of the quoted value's type" if typ else
                    f"the declared type of {arg} cannot be read")
        out.append((k, fixes[(conv[k], typ)]))
    return out


def _below(ctx: CodeContext, fn: Function, call: Call, i: int, changes: list[tuple[int, str]],
           last: int, first: int = 0) -> tuple[tuple[Later, ...], list[str], Key | None]:
    """The calls of FN after line LAST (the quote's last) that "same below" changes as the quoted CALL
    (its format the I-th argument, CHANGES its conversion changes); the like calls it leaves, each with
    why; and the quoted call's key as the rule leaves the text (None when no call below changes).  With
    FIRST (the quote's first line, for "both"), the calls the patch adds above the quote too."""
    fixes = _fixes(ctx, fn, call, i, changes)
    if isinstance(fixes, str):
        return (), [f"the like calls below the quote: {fixes}"], None
    took: list[tuple[Call, str, str]] = []
    kept: list[str] = []
    own = E.own_lines(ctx) if first else None
    for c, j in formatted_calls(ctx.text, fn.body_start if first else last + 1, fn.end):
        if first and (first <= c.line <= last or (own is not None and c.line not in own)):
            continue
        got = _like(ctx, fn, c, j, fixes)
        if got is None:
            continue
        if isinstance(got, str):
            kept.append(f"the {c.name}() on line {c.line}: {got}")
            continue
        old = C.literal_parts(c.args[j])[0]
        took.append((c, old, rewrite(old, got)))
    if not took:
        return (), kept, None
    parts = C.literal_parts(call.args[i])[0]
    after = ctx.text
    for c, old, new in sorted([(call, parts, rewrite(parts, changes)), *took], key=lambda t: -t[0].start):
        at = after.find(old, c.start, c.end)
        if at < 0:
            return (), [f"the format of {c.name}() on line {c.line} was not found"], None
        after = after[:at] + new + after[at + len(old):]
    fa = function_named(after, fn.name)
    if fa is None:
        return (), [f"{fn.name}() was not found once its formats changed"], None
    later = tuple(Later(c.name, old, new, _statement_key(ctx.text, fn, c.line), _statement_key(after, fa, c.line))
                  for c, old, new in took)
    return later, kept, _statement_key(after, fa, call.line)


@dataclass(frozen=True)
class FormatSpecifierParams(InFunction):
    call: str                    # the printing function
    old: str                     # its format string literal
    new: str                     # the literal as it becomes
    target: tuple[str, int, int]     # the call: (statement, occurrence, which call of it)
    args: list[tuple[str, str]] = field(default_factory=list)   # arguments that change with it: (old, new)
    target_after: tuple[str, int, int] | None = None     # the call's key once the arguments changed
    # "Same below.": the like calls after the quote, each a Later; None when not asked
    later: tuple[Later, ...] | None = None
    kept: tuple[str, ...] = ()   # the like calls after the quote "same below" leaves, and why

    def reach_below(self) -> int | None:
        return None if self.later is None else len(self.later)

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _same_message(s: Suggestion, new: str) -> None:
    """Manual when the reviewer's code writes the format string, and not as NEW (the quoted one with
    only its conversions changed): `"failed to set up SPI: %pe\\n", ERR_PTR(err)` under
    `"spi setup failed: %d\\n", err` rewords the message too, which changing the conversion alone
    would leave undone."""
    # a message in the comment's words counts (not `"%pe"` alone: that names the conversion)
    written = [lit for c in [*E.reviewer_code(s), s.comment] for lit in _LITERAL.findall(c)
               if re.search(r"[A-Za-z]{2}", C.SPEC.sub("", lit.replace("\\n", " ")))]
    if written and new not in written:
        raise Manual(f"the reviewer's code writes the message as {written[0]}: more than its conversion "
                     "changes; left to the author")


class FormatSpecifier(Recipe[FormatSpecifierParams]):
    kind = "format-specifier"
    order = Phase.FORMATS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[FormatSpecifierParams] | None:
        if not C.specs(s.comment) and asks_newline(s.comment):
            return self._newline(s, ctx)
        if not C.specs(s.comment):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = formatted_calls(ctx.text, first, last)
        whole = E.whole_quote_in(s, ctx.text, fn)
        if not found and whole:
            # the quote goes on past the print ("%pe" under the print, its return and the next call): the one
            # print of the whole quote
            found = formatted_calls(ctx.text, *whole)
            found = found if len(found) == 1 else []
        if not found:
            return None
        call, i = found[-1]                                  # nearest to the comment
        parts = C.literal_parts(call.args[i])
        if "%pe" in {m.group(0) for m in C.specs(s.comment)}:
            return self._error_pointer(s, ctx, fn, call, i)
        changes = choose(s.comment, call.args[i], list(call.args[i + 1:]))
        if not changes:
            return None
        _widths_agree(ctx, fn, call.args[i], list(call.args[i + 1:]), changes)
        if len(parts) != 1:
            raise Manual(f"the format of {call.name}() on line {call.line} is split over several string "
                         "literals: left to the author")
        new = rewrite(parts[0], changes)
        _same_message(s, new)
        olds = sorted({C.specs(parts[0][1:-1])[k].group(0) for k, _ in changes})
        news = sorted({n for _, n in changes})
        later: tuple[Later, ...] | None = None
        kept: list[str] = []
        after: Key | None = None
        if E.same_below_only(s.comment):
            # "Same below.": the calls after the quoted lines that print a value of the same declared
            # type with the same conversion get the same fix; other calls with that conversion stay
            later, kept, after = _below(ctx, fn, call, i, changes, last)
        elif E.two_places(s.comment) and len(changes) == 1:
            # "%u for both" under one of two calls: the one other like call the patch adds to the function
            later, kept, after = _below(ctx, fn, call, i, changes, last, first=first)
            if len(later) != 1 or kept:
                kept = kept or [E.both_left(len(later), "call", fn.name)]
                later, after = (), None
        return Plan(self.kind, slug=news[0].lstrip("%"), order=self.order, files=[ctx.path],
                    params=FormatSpecifierParams(fn.name, call=call.name, old=parts[0], new=new,
                                                 target=_statement_key(ctx.text, fn, call.line),
                                                 target_after=after, later=later, kept=tuple(kept)),
                    summary=f"Print with {', '.join(news)} instead of {', '.join(olds)} in {fn.name}()"
                            + (f" (and {len(later)} call(s) below)" if later else ""))

    def _newline(self, s: Suggestion, ctx: CodeContext) -> Plan[FormatSpecifierParams] | None:
        """The quoted message call whose format does not end in a newline gets one."""
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = unterminated(ctx.text, first, last)
        if not found:
            return None
        if len(found) > 1:
            raise Manual(f"{len(found)} quoted messages lack the newline: left to the author")
        call, literal = found[0]
        return Plan(self.kind, slug="newline", order=self.order, files=[ctx.path],
                    params=FormatSpecifierParams(fn.name, call=call.name, old=literal, new=literal[:-1] + '\\n"',
                                                 target=_statement_key(ctx.text, fn, call.line)),
                    summary=f"End the message of {call.name}() in {fn.name}() with a newline")

    def _error_pointer(self, s: Suggestion, ctx: CodeContext, fn: Function, call: Call, i: int
                       ) -> Plan[FormatSpecifierParams] | None:
        others = {m.group(0) for m in C.specs(s.comment)} - {"%pe"}
        # "%pe with ERR_PTR(err) instead of %d": the conversions named after "instead of" are the ones
        # %pe replaces, when the format has them
        replaced = _INSTEAD_OF_PE.search(s.comment)
        conv = {m.group(0) for m in C.specs(call.args[i])}
        if replaced and others == {m.group(0) for m in C.specs(replaced.group("old"))} and others <= conv:
            others = set()
        if others:
            raise Manual(f"the comment names %pe and {', '.join(sorted(others))}: which one replaces which "
                         "is not clear")
        found = error_pointer(s.comment, call.args[i], list(call.args[i + 1:]),
                              lambda name: error_code(ctx.text, fn, name))
        if not found:
            return None
        parts = C.literal_parts(call.args[i])
        if len(parts) != 1:
            raise Manual(f"the format of {call.name}() on line {call.line} is split over several string "
                         "literals: left to the author")
        olds = sorted({C.specs(parts[0][1:-1])[k].group(0) for k, _, _ in found})
        _same_message(s, rewrite(parts[0], [(k, "%pe") for k, _, _ in found]))
        key = _statement_key(ctx.text, fn, call.line)
        after = _with_args(ctx.text, call, [(old, new) for _, old, new in found])
        return Plan(self.kind, slug="pe", order=self.order, files=[ctx.path],
                    params=FormatSpecifierParams(fn.name, call=call.name, old=parts[0],
                                                 new=rewrite(parts[0], [(k, "%pe") for k, _, _ in found]),
                                                 args=[(old, new) for _, old, new in found], target=key,
                                                 target_after=_statement_key(after, fn, call.line)),
                    summary=f"Print the error with %pe instead of {', '.join(olds)} in {fn.name}()")

    def _line(self, text: str, plan: Plan[FormatSpecifierParams], literal: str = "", new: bool = False
              ) -> tuple[int, str] | None:
        """(line, name) of the quoted call in TEXT: found by its statement (as the rule leaves it first,
        for NEW text: a like statement further down still reads as the quoted one did), else (an earlier
        rule renamed the call: sprintf() -> sysfs_emit()) as the one call of the function that passes
        LITERAL (the old format string unless said otherwise)."""
        p = plan.params
        keys = [p.target_after, p.target] if new else [p.target, p.target_after]
        return _locate(text, p.function, p.call, keys, literal or p.old)

    def _targets(self, plan: Plan[FormatSpecifierParams], text: str, new: bool = False
                 ) -> list[tuple[tuple[int, str] | None, str, str]]:
        """(where, old literal, new literal) of the quoted call and of the calls "same below" changes, in
        TEXT (NEW: as the rule leaves it)."""
        p = plan.params
        out = [(self._line(text, plan, p.new if new else "", new), p.old, p.new)]
        for c in p.later or ():
            keys: list[Key | None] = [c.target_after, c.target] if new else [c.target, c.target_after]
            out.append((_locate(text, p.function, c.call, keys, ""), c.old, c.new))
        return out

    def render(self, s: Suggestion, plan: Plan[FormatSpecifierParams], ctx: CodeContext) -> str:
        fn, name = plan.params.function, plan.params.call
        if function_named(ctx.text, fn) is None:
            raise Manual(f"function {fn}() not found")
        lines: list[int] = []
        branches: list[str] = []
        for n, (found, old, new) in enumerate(self._targets(plan, ctx.text)):
            if found is None:
                raise Manual(f"the {'quoted' if n == 0 else 'like'} {name}() call is no longer in {fn}()")
            no, name = found
            lines.append(no)
            branch = f" {name}@p(...,\n- {old}\n+ {new}\n"
            for a_old, a_new in plan.params.args:
                branch += f" ,...,\n- {' '.join(a_old.split())}\n+ {a_new}\n"
            branch += " ,...)"
            if branch not in branches:
                branches.append(branch)
        # one rule: spatch runs a later rule of the same file on the function the earlier one changed,
        # and the calls "same below" takes are alternatives of the quoted one, each pinned to its line
        body = branches[0] if len(branches) == 1 else "(\n" + "\n|\n".join(branches) + "\n)"
        metavars = [f"identifier fn = {fn};", R.position_constraint("p", sorted(set(lines)))]
        below = len(plan.params.later or ())
        return (R.header(f"Fix the format of the quoted {plan.params.call}() in {fn}()"
                         + (f" and of the {below} like call(s) below it (\"same below\")" if below else ""), s,
                         ["Only these calls' format strings change: SmPL matches the string constant."
                          + (" The error argument changes with it (%pe prints the pointer)."
                             if plan.params.args else "")])
                + "\n" + R.rule("format", metavars, R.in_function("fn", body)))

    def is_applied(self, s: Suggestion, plan: Plan[FormatSpecifierParams], text: str) -> bool:
        for n, (found, _, new) in enumerate(self._targets(plan, text, new=True)):
            if found is None:
                return False
            no, name = found
            args = [a for c in calls(text, no, no, members=False) if c.name == name for a in c.args]
            folded = {" ".join(a.split()) for a in args}
            if new not in args or (n == 0 and not all(
                    " ".join(a_new.split()) in folded for _, a_new in plan.params.args)):
                return False
        return True

    def verify(self, s: Suggestion, plan: Plan[FormatSpecifierParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"the format of the quoted {plan.params.call}() did not change as asked"
        olds = [plan.params.old, *(c.old for c in plan.params.later or ())]
        for old in dict.fromkeys(olds):
            if before.count(old) - after.count(old) != olds.count(old):
                return (f"{before.count(old) - after.count(old)} format strings {old} changed, the reviewer "
                        f"meant {olds.count(old)}")
        return ""


RECIPE = FormatSpecifier()
