"""A mutex the driver never destroys is initialised managed: "Use devm_mutex_init()", "devm_mutex_init()
would be nice (the driver never destroys it)".

Evidence: the comment names devm_mutex_init() (not turned down) and the quoted lines hold one
`mutex_init(&lock);` statement of the driver's probe (a function named so, or the `.probe` of the
file).  Done only where the rewrite says all there is to say:
  - the function returns int and has an int local (`ret`, `err`, `error`, `rc`) that the code after
    the line writes before it reads it (so the new `ret = devm_mutex_init(...)` clobbers nothing);
  - the device is the one `struct device *` parameter or local of the function, else `&p->dev` of its
    one bus device (platform, i2c, spi, ...);
  - nothing in the file calls mutex_destroy() (one on that lock would have to go with the change);
  - the line is a statement of its own (not the one statement of an `if` or loop without braces), and
    the first way out of the function after it is a plain `return` (a `goto`, or a return after other
    statements in its block, unwinds what was set up before: the new `return` would skip that).
`mutex_init(&lock);` becomes `ret = devm_mutex_init(dev, &lock);` and `if (ret) return ret;`.
Anything else is manual, saying which.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.rename_call import BUS_DEVICES, pointers_to
from patches.ctext import Function, mask
from patches.model import Suggestion

HELPER = "devm_mutex_init"
_INIT = re.compile(r"^(\s*)mutex_init\s*\(\s*(&[^;]*?)\s*\)\s*;\s*$")
_ERR_NAMES = ("ret", "err", "error", "rc")


@dataclass(frozen=True)
class DevmMutexParams(InFunction):
    old: list[str]               # the mutex_init() line
    new: list[str]               # the managed init and its check
    line: int
    lock: str


def _error_local(text: str, fn: Function, line: int) -> str:
    """The int local of FN that holds errors and that the code after LINE writes before reading; Manual
    when there is none."""
    m = mask(text).splitlines()
    body = "\n".join(m[fn.body_start - 1:fn.end])
    header = " ".join(m[fn.start - 1:fn.body_start])
    if not re.match(r"\s*(?:static\s+)?(?:inline\s+)?int\s", header):
        raise Manual(f"{fn.name}() does not return an int: devm_mutex_init()'s error has nowhere to go")
    names = [n for n in _ERR_NAMES if re.search(rf"\bint\b[^;(]*(?<![\w>.]){n}\b", body)]
    if not names:
        raise Manual(f"{fn.name}() has no int local for devm_mutex_init()'s error (ret, err): declaring one is "
                     "for the author")
    name = names[0]
    after = "\n".join(m[line:fn.end])
    use = re.search(rf"(?<![\w>.]){name}\b(\s*=(?!=))?", after)
    if use is not None and not use.group(1):
        raise Manual(f"{name} is read after the mutex_init() line before it is written again: "
                     f"`{name} = {HELPER}(...)` would change what it holds there")
    return name


_PRINT = re.compile(r"^(?:dev|pr|netdev)_(?:err|warn|info|notice|dbg)\w*\s*\(")


def _exit_problem(m: list[str], fn: Function, line: int) -> str:
    """Why `return err;` on the line after LINE would not leave FN the way its error paths below do, or
    could not stand there; '' when LINE is a statement of its own and the first way out after it is a plain
    return (after a print at most, in its block)."""
    above = next((m[n - 1].strip() for n in range(line - 1, fn.body_start - 1, -1) if m[n - 1].strip()), "")
    if above.endswith(")") or re.search(r"\belse$", above):
        return (f"mutex_init() is the one statement of `{above}`: the check that comes with {HELPER}() "
                "would need braces there, which is for the author")
    after = "\n".join(m[line:fn.end - 1])
    out = re.search(r"\b(?:goto\s+\w+|return\b)", after)
    if out is None:
        return ""
    if out.group(0).startswith("goto"):
        return (f"the first error path after mutex_init() is `{out.group(0)}`, which unwinds what was set up "
                f"before: a plain return after {HELPER}() would skip that")
    opening = after.rfind("{", 0, out.start())
    inner = after[opening + 1:out.start()]
    if after.rfind("}", 0, out.start()) < opening and not re.search(r"\b(?:if|else|for|while|switch)\b", inner):
        block = [st.strip() for st in inner.split(";") if st.strip()]
        undo = [st for st in block if not _PRINT.match(st)]
        if undo:
            return (f"the first error path after mutex_init() runs {' '.join(undo[0].split())} before it returns: "
                    f"a plain return after {HELPER}() would skip that")
    return ""


def _device(text: str, fn: Function) -> str:
    found = pointers_to(text, fn, "device") or \
        [f"&{p}->dev" for bus in BUS_DEVICES for p in pointers_to(text, fn, bus)]
    if len(found) != 1:
        which = "no" if not found else f"{len(found)} ({', '.join(found)})"
        raise Manual(f"{HELPER}() takes the device that manages the lock, and {fn.name}() has {which} device "
                     "parameter or local: which one is for the author")
    return found[0]


class DevmMutex(LinesEdit[DevmMutexParams]):
    kind = "devm-mutex-init"
    order = Phase.CALLS
    changed = "the mutex_init() line"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DevmMutexParams] | None:
        if not re.search(rf"\b{HELPER}\b", s.comment) or E.rejected(s.comment, HELPER) or not ctx.text:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        inits = [(n, x) for n in range(first, last + 1) if (x := _INIT.match(m[n - 1]))]
        if not inits:
            return None
        if len(inits) > 1:
            raise Manual("the quote initialises several mutexes: which one is meant is not said")
        line, found = inits[0]
        if "probe" not in fn.name and not re.search(rf"\.probe\s*=\s*&?{re.escape(fn.name)}\b", mask(ctx.text)):
            raise Manual(f"{fn.name}() is not the driver's probe: a managed init there is released only when the "
                         "device goes, however often it runs; which function inits the lock is for the author")
        lock = " ".join(found.group(2).split())
        destroyed = [n for n, ln in enumerate(m, 1) if re.search(r"\bmutex_destroy\s*\(", ln)]
        if destroyed:
            raise Manual(f"the file calls mutex_destroy() (line {destroyed[0]}): a destroy of {lock} goes with the "
                         f"change to {HELPER}(), which is for the author")
        why = _exit_problem(m, fn, line)
        if why:
            raise Manual(why)
        err = _error_local(ctx.text, fn, line)
        dev = _device(ctx.text, fn)
        indent = found.group(1)
        new = [f"{indent}{err} = {HELPER}({dev}, {src[line - 1].strip()[len('mutex_init('):-2].strip()});",
               f"{indent}if ({err})", f"{indent}\treturn {err};"]
        return Plan(self.kind, slug=HELPER, order=self.order, files=[ctx.path],
                    params=DevmMutexParams(fn.name, old=[src[line - 1]], new=new, line=line, lock=lock),
                    summary=f"Use {HELPER}() for {lock} in {fn.name}()")

    def rule_notes(self, plan: Plan[DevmMutexParams], ctx: CodeContext) -> list[str]:
        return [f"Nothing in the file calls mutex_destroy() on {plan.params.lock}; the error variable is written "
                "again before it is read after this line."]


RECIPE = DevmMutex()
