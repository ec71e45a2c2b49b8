"""Rename a call or macro: `pte_dirty(x)` -> `huge_pte_dirty(x)`, `VM_WARN_ON` -> `VM_WARN_ON_ONCE`.

Evidence: the comment names an identifier (`huge_pte_dirty()`) that is not in the
quoted code, with a wish to use it ("use", "prefer", "can be", "instead"), and
the quoted code calls a related name (one contains the other, or they share name
parts: `folio_contain_hwpoisoned_page` / `folio_test_hwpoison`).  Scope: the
quoted statement nearest to the comment; "both" adds the nearest earlier quoted
call of the same name, "all" means the whole function.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from cocci import linediff
from cocci import render as R
from patches.ctext import (Function, Stmt, calls, function_at, function_named, mask, norm, same_tokens, split_commas,
                            split_lines)
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes._ordinal import picked
from cocci.recipes._arity import declared
from cocci.recipes import _nodes as N
from cocci.recipes import _typed_forms as TF
from cocci.recipes._calls import (FORMAT_ONLY, KSTRTO_TYPES, LAST_ARGUMENT_GOES, NO_RETURN, SIZED_BY_ARRAY,
                                  SIZED_PRINTS, undoing_call,
                                  TYPED_FORMS, device_to_object, drops_print_object, duration_change, gives_no_value,
                                  irq_flags_change, iterator_change, last_argument_problem, lock_change,
                                  managed_variant, not_a_rename, other_print_level, print_object, print_rank,
                                  same_c_type, same_family, free_change, swap_change, typed_alloc_change,
                                  value_used, warn_message_change)
from cocci.recipes._operand_types import operand_type
from cocci.recipes.rename_ident import realign
from cocci.recipes.use_own_helper import defined_params
from patches.model import Suggestion
from patches.words import proposing_question

USE_WORDS = ("use", "using", "prefer", "instead", "rather", "can be", "could be", "should be",
             "switch", "convert", "replace", "have", "call", "go with", "why not", "how about",
             "what about", "make this", "make it", "make that", "turn this", "turn it", "is enough",
             "is sufficient", "suffices",
             # "this wants min_t()", "it must be freed with kvfree()", "this needs READ_ONCE()"
             "wants", "needs", "must be", "has to be", "have to be", "freed with")
# words that may stand beside a bare `name()` and still make it a request to call name() there:
# "WARN_ON_ONCE() here and elsewhere", "kvfree() please", "Nit: strscpy()?"
FILLER = frozenset("""here and elsewhere too also please as well everywhere both all nit maybe then again
the same below above further down in other places other place ditto similarly likewise for these those
at most if anything""".split())      # "dev_dbg() at most", "dev_dbg() if anything": the milder call


def bare_request(comment: str, name: str) -> bool:
    """Whether a clause of COMMENT is `name()` with nothing but scope and politeness words
    ("WARN_ON_ONCE() here and elsewhere, a broken caller would warn forever"; "this runs in a loop,
    dev_warn_ratelimited() please")."""
    # `name()`, or `name(dev, ...)`: the arguments left out are the quoted call's (one mark stands for the
    # call, so that its commas split nothing)
    called = re.sub(rf"\b{re.escape(name)}\s*\((?:\s*|[^()]*\.\.\.\s*)\)", "\0", comment.strip())
    for clause in re.split(r"(?<=[.!?,;])\s|\n\s*\n|\s[-\u2013\u2014]+\s", called):
        if "\0" not in clause:
            continue
        rest = clause.replace("\0", " ")
        if all(w in FILLER for w in re.findall(r"[A-Za-z']+", rest.lower())):
            return True
    return False


# "I should have mentioned", "would have been": the perfect of a modal tells of the past, it asks for nothing
_MODAL_PERFECT = re.compile(r"\b(should|would|could|must|might|may)(n't| not)? have\b", re.I)


# "make the new dev_warn() a dev_err()", "turn this pr_info() into a pr_debug()": one call made another
_MAKE_INTO = re.compile(r"\b(?:make|turn)\s+(?:the|this|that|these|those|your|both|all)\s+(?:\w+\s+){0,2}?"
                        r"[A-Za-z_]\w*\(\)s?\s+(?:into\s+)?(?:an?\s+)?[A-Za-z_]\w*\(\)", re.I)


def asks_to_use(comment: str) -> bool:
    return E.has_any(_MODAL_PERFECT.sub(" ", comment), USE_WORDS) or proposing_question(comment) or \
        _MAKE_INTO.search(comment) is not None


def _takes(text: str, line: int, name: str, n: int) -> bool:
    """Whether the calls of NAME on LINE pass N arguments (a rename keeps the arguments)."""
    found = [c for c in calls(text, line, line, members=False) if c.name == name]
    return bool(found) and all(len(c.args) == n for c in found)


# "devm_clk_get() never returns NULL", "it cannot be NULL here": a test for NULL is needless
NEVER_NULL = re.compile(r"\b(?:never|can['’]?t|cannot|can\s+not|won['’]t|will\s+not|doesn['’]t|does\s+not)\s+"
                        r"(?:be\s+|return\s+|returns\s+|give\s+|gives\s+|hand\s+out\s+)?NULL\b|\bnever\s+NULL\b",
                        re.I)


def _faulted_null_test(comment: str) -> bool:
    """Whether COMMENT calls an IS_ERR_OR_NULL() wrong or needless and names nothing to use instead."""
    return re.search(r"\bIS_ERR_OR_NULL\b", comment) is not None and \
        re.search(r"\b(?:wrong|incorrect|not\s+(?:right|correct|needed)|bogus|pointless|unneeded|unnecessary)\b",
                  comment, re.I) is not None


def never_null(comment: str) -> bool:
    """Whether COMMENT says plainly that the tested value is never NULL: not under a condition ("if
    CONFIG_X is set", "unless ..."), not beside a case where it can be ("otherwise it can", "it may also
    return NULL"), not while calling the NULL test right ("IS_ERR_OR_NULL() is right")."""
    flat = " ".join(comment.split())
    m = NEVER_NULL.search(flat)
    if m is None:
        return False
    start = max(flat.rfind(c, 0, m.start()) for c in ".?!") + 1
    ends = [i for i in (flat.find(c, m.end()) for c in ".?!") if i >= 0]
    sentence = flat[start:min(ends) + 1 if ends else len(flat)].strip()
    if sentence.endswith("?") and re.match(r"(?:are|is|do|does|did|can|could|will|would|should|really)\b",
                                           sentence, re.I):
        return False                # "Are you sure it never returns NULL?" doubts, it asks nothing
    return not (re.search(r"\b(?:if|unless|when|whenever|depending|except)\b", flat, re.I)
                or re.search(r"\b(?:can|may|might|could|does|will)\s+(?:also\s+)?(?:be|return)\s+NULL\b|"
                             r"\botherwise\s+it\s+(?:can|may|does|will)\b", flat, re.I)
                or re.search(r"_OR_NULL(?:\s*\(\))?\s+is\s+(?:right|correct|fine|needed|required|ok|okay)\b",
                             flat, re.I))


def _without_null_test(text: str, first: int, last: int, named: list[str]) -> list[str]:
    """`IS_ERR` for an `IS_ERR_OR_NULL()` the quoted lines call, when the comment names no call of
    its own: a value that is never NULL needs the test without its NULL part."""
    if named:
        return []
    called = {n for no in range(first, last + 1) for n in E.called_names(split_lines(mask(text))[no - 1])}
    return sorted({n[:-len("_OR_NULL")] for n in called if n.endswith("_OR_NULL") and len(n) > 8})


def _without_last(stmt_norm: str, old: str, new: str) -> str:
    """STMT_NORM with its OLD call made a NEW call without the last argument (normalized text)."""
    m = re.search(rf"(?<![\w]){re.escape(old)} \( ", stmt_norm)
    if m is None:
        return stmt_norm
    depth, cut = 1, None
    for k in range(m.end(), len(stmt_norm)):
        c = stmt_norm[k]
        depth += (c in "([{") - (c in ")]}")
        if c == "," and depth == 1:
            cut = k
        if depth == 0:
            if cut is None:
                return stmt_norm
            return stmt_norm[:m.start()] + f"{new} ( " + stmt_norm[m.end():cut].rstrip() + " " + stmt_norm[k:]
    return stmt_norm


def _renamed(stmt_norm: str, old: str, new: str, first_arg: str = "", replaced: str = "", dropped: str = "",
             last: str = "") -> str:
    if last:
        return _without_last(stmt_norm, old, new)
    if dropped:
        return re.sub(rf"(?<![\w]){re.escape(old)} \( (.+?) , {re.escape(norm(dropped))} ,", rf"{new} ( \1 ,",
                      stmt_norm)
    if replaced:
        # the replaced argument first of several, or the only one
        stmt_norm = re.sub(rf"(?<![\w]){re.escape(old)} \( {re.escape(norm(replaced))} \)",
                           f"{new} ( {norm(first_arg)} )", stmt_norm)
        return re.sub(rf"(?<![\w]){re.escape(old)} \( {re.escape(norm(replaced))} ,",
                      f"{new} ( {norm(first_arg)} ," if first_arg else f"{new} (", stmt_norm)
    return re.sub(rf"(?<![\w]){re.escape(old)} \(", f"{new} ( {norm(first_arg)} ," if first_arg else f"{new} (",
                  stmt_norm)


def pointers_to(text: str, fn: Function, tag: str) -> list[str]:
    """The parameters and locals of FN declared as `struct TAG *name` (one level of pointer)."""
    m = mask("\n".join(split_lines(text)[fn.start - 1:fn.end]))
    found = re.findall(rf"\bstruct\s+{re.escape(tag)}\s*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?=[,;=)\[])", m)
    return list(dict.fromkeys(found))


# bus devices whose `dev` member is the struct device a dev_*() print takes
BUS_DEVICES = ("platform_device", "i2c_client", "spi_device", "pci_dev", "usb_interface", "serdev_device",
               "auxiliary_device", "mdio_device", "w1_slave", "hid_device", "virtio_device")


def _page_start(ctx: CodeContext, fn: Function, line: int, old: str) -> None:
    """Manual unless the call of OLD on LINE writes to a `char *` parameter of FN as it is (the page a
    show callback gets): sysfs_emit() warns on anything but the start of that page."""
    found = [c for c in calls(ctx.text, line, line, members=False) if c.name == old]
    params = split_lines(mask(ctx.text))[fn.start - 1:fn.body_start]
    for c in found:
        buf = c.args[0].strip() if c.args else ""
        if not re.fullmatch(r"[A-Za-z_]\w*", buf) or \
                not re.search(rf"\bchar\s*\*\s*{re.escape(buf)}\s*[,)]", " ".join(params)):
            raise Manual(f"sysfs_emit() writes at the start of the page a show callback is given; {old}() here "
                         f"writes to {buf or 'something else'}: sysfs_emit_at() or another change is for the author")
        header = " ".join(params)
        if not re.search(r"\bssize_t\b", header[:header.find("(")]) or \
                not re.search(rf"\bchar\s*\*\s*{re.escape(buf)}\s*\)", header):
            raise Manual(f"{fn.name}() is no show callback (ssize_t, the page its last char * parameter): "
                         f"sysfs_emit() refuses {buf} unless it is the start of a sysfs page")


def _not_by_name(masked: list[str], fn: Function, old: str, new: str) -> str:
    """Why OLD's calls in FN (MASKED lines) cannot become NEW's by the name alone: a delay of another
    unit, a form that also enables what it gets (devm_clk_get_enabled()), a managed form, the error path a
    resume-and-get changes; '' when they can."""
    why = duration_change(old, new) or irq_flags_change(old, new) or lock_change(old, new) or \
        warn_message_change(old, new) or iterator_change(old, new)
    if why:
        return why
    if old == "pm_runtime_get_sync" and new == "pm_runtime_resume_and_get" and \
            re.search(r"\bpm_runtime_put\w*\s*\(", "\n".join(masked[fn.body_start - 1:fn.end])):
        return ("pm_runtime_resume_and_get() drops the usage count itself when it fails: the pm_runtime_put*() "
                f"of {fn.name}()'s error path would drop it twice, and which of them go is for the author")
    gained = {"enable", "enabled"} & (set(new.split("_")) - set(old.split("_")))
    if gained and "enable" in old.split("_"):
        return (f"{new}() gets and enables in one call where {old}() only enables: the call that gets it, this "
                "one and the disable on the error and remove paths change together, which is for the author")
    if gained:
        return (f"{new}() also enables what {old}() only gets: the enable call after it and the disable on the "
                "error and remove paths go with the rename, which is for the author")
    if managed_variant(old, new):
        return (f"{new}() is the {'managed' if len(new) > len(old) else 'unmanaged'} form of {old}(): it takes other "
                "arguments and changes who releases the resource (the release calls on the error and remove paths "
                "go or come with it), which is for the author")
    return ""


def _first_argument(ctx: CodeContext, fn: Function, lines: list[int], old: str, new: str,
                    first_arg: str, comment: str) -> tuple[str, str]:
    """(OLD's first argument that goes, what NEW takes first instead): the device for a device node
    (`_nodes`), nothing for the type of a typed min_t() / clamp_t(), the type min() -> min_t() compares
    in (`_typed_forms`), the device argument of a dev_*() -> netdev_*() / phydev_*() with FIRST_ARG (its object),
    FIRST_ARG (the print object of a pr_*() -> dev_*(), or '') with nothing going otherwise.  Manual when
    COMMENT writes NEW() for another object than that print object."""
    written = _written_object(comment, new) if first_arg else ""
    if written and norm(written) != norm(first_arg):
        raise Manual(f"the comment writes {new}() for {written}, and {fn.name}() has {first_arg} to print for: "
                     "which one is for the author")
    tag = device_to_object(old, new)
    if tag:
        return _device_argument(ctx, fn, lines, old, first_arg, tag), first_arg
    if TYPED_FORMS.get(old) == new:
        return _typed_operands(ctx, fn, lines, old, new), ""
    if TYPED_FORMS.get(new) == old:
        return "", TF.type_for(ctx, fn.name, lines, old, new, comment)
    replaced, node_first = N.node_argument(ctx.text, fn, lines, old, new)
    return replaced, node_first or first_arg


def _typed_operands(ctx: CodeContext, fn: Function, lines: list[int], old: str, new: str) -> str:
    """The type argument of OLD's calls on LINES (`min_t(u32, a, b)`: u32), which NEW (`min()`) does not
    take: when every other argument is a literal or an operand declared with that very type, so that
    NEW's one-type check holds; Manual otherwise."""
    texts = [ctx.text, *ctx.files.values()]
    types = set()
    for no in lines:
        for c in calls(ctx.text, no, no, members=False):
            if c.name != old:
                continue
            if len(c.args) < 2:
                raise Manual(f"the {old}() call goes on over several lines: which operands {new}() gets is for "
                             "the author")
            kind = " ".join(c.args[0].split())
            types.add(kind)
            for arg in c.args[1:]:
                a = " ".join(arg.split())
                if re.fullmatch(r"-?(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*", a):
                    continue
                have = operand_type(ctx.text, fn, a, texts)
                if have != kind:
                    raise Manual(f"{new}() wants operands of one type: {a} is "
                                 f"{'of a type respin cannot read' if have is None else have}, not {kind}; "
                                 f"{old}() casts it, which is for the author to weigh")
    if len(types) != 1:
        raise Manual(f"the {old}() calls name different types: which one {new}() would take is for the author")
    return types.pop()


def _parsed_into(ctx: CodeContext, fn: Function, lines: list[int], old: str, new: str) -> None:
    """Manual when NEW, a kstrto*() parser of another type than OLD, would write through a pointer to a
    variable not declared with its type (`kstrtouint(buf, 0, &val)` with an int val)."""
    want = KSTRTO_TYPES.get(new)
    if want is None or old not in KSTRTO_TYPES or same_c_type(KSTRTO_TYPES[old], want):
        return
    texts = [ctx.text, *ctx.files.values()]
    for no in lines:
        for c in calls(ctx.text, no, no, members=False):
            if c.name != old:
                continue
            target = c.args[-1].strip() if len(c.args) == 3 else ""
            have = operand_type(ctx.text, fn, target[1:].strip(), texts) if target.startswith("&") else None
            if have is None or not same_c_type(have, want):
                raise Manual(f"{new}() writes {want} through its last argument; {target or 'the call'} points to "
                             f"{have or 'something respin cannot read'}: its declaration changes too, which is for "
                             "the author")


def _no_last_argument(ctx: CodeContext, lines: list[int], old: str, new: str) -> None:
    """Manual when a call of OLD on LINES cannot become NEW by its name (last_argument_problem)."""
    for no in lines:
        for c in calls(ctx.text, no, no, members=False):
            why = last_argument_problem(old, new, list(c.args)) if c.name == old else ""
            if why:
                raise Manual(why)
            m = split_lines(mask(ctx.text))[no - 1]
            if c.name == old and (old, new) in LAST_ARGUMENT_GOES and m.count("(") != m.count(")"):
                raise Manual(f"the {old}() call goes on over several lines: {new}() without its last argument "
                             "is for the author to lay out")


def _unknown_arity(ctx: CodeContext, line: int, old: str, new: str) -> str:
    """Why NEW, named by the comment alone in place of OLD (their names unrelated), is not written: the
    file or a header it includes must declare NEW, taking as many arguments as the OLD call on LINE
    passes, for a call of an unrelated name may take other ones (simple_strtoul() -> kstrtoul()), and
    respin does not guess them.  '' when it may be (Manual when the header declares another count)."""
    sources = [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]
    if E.relatedness(old, new) or _kin(old, new) or defined_params(sources, new) is not None:
        return ""       # a defining file: _best_rename took only a call with as many arguments
    if declared(ctx, new) is not None:
        _same_arity(ctx, [line], old, new, False)
        return ""
    return (f"the comment asks for {new}() in place of {old}(); {new}() is declared neither in the file nor "
            f"in a header it includes that names it, so its arguments are not known: the call is for "
            "the author to write")


def _dead_after(masked: list[str], line: int, old: str, new: str) -> str:
    """Why OLD on LINE does not become NEW, a call that never returns, by its name: a statement follows it
    in its block, which would never run (`ksft_exit_fail_msg(...);` above `return false;`); '' when none
    does or OLD does not return either."""
    if new not in NO_RETURN or old in NO_RETURN:
        return ""
    end = line
    while end <= len(masked) and not masked[end - 1].rstrip().endswith(";"):
        end += 1
    after = next((m.strip() for m in masked[end:] if m.strip()), "}")
    if after.startswith("}"):
        return ""
    return (f"{new}() does not return: `{after}` after it would never run; what goes with the call (dropping "
            "the code after it, or keeping the test going) is for the author")


def _same_arity(ctx: CodeContext, lines: list[int], old: str, new: str, reshaped: bool) -> None:
    """Manual when a header the file includes declares NEW with another argument count than OLD's calls
    on LINES pass, when the rename keeps the arguments (not RESHAPED: no argument added or taken away)."""
    if reshaped or (old, new) in LAST_ARGUMENT_GOES:
        return
    arity = declared(ctx, new)
    if arity is None:
        return
    for line in lines:
        for c in calls(ctx.text, line, line, members=False):
            if c.name == old and not arity.takes(len(c.args)):
                raise Manual(f"{new}() takes {arity} argument{'' if str(arity) == '1' else 's'} ({arity.where}), "
                             f"the {old}() call passes {len(c.args)}: the arguments are for the author to write")


def _pair_left(ctx: CodeContext, fn: Function, lines: list[int], old: str, new: str) -> None:
    """Manual when OLD is a lock or unlock call (spin_lock_irqsave()) whose undoing call (spin_unlock_irqrestore())
    of the same lock is in FN off LINES, and NEW has an undoing call of another name (raw_spin_unlock_irqrestore()):
    the pair would no longer match, the other half is the author's to change with it."""
    pair, new_pair = undoing_call(old), undoing_call(new)
    # mutex_lock_interruptible(), down_read_killable(), mutex_lock_nested(): undone by the plain unlock
    plain = "_".join(p for p in new_pair.split("_") if p not in ("interruptible", "killable", "nested", "timeout"))
    if not pair or not new_pair or pair in (new_pair, plain):
        return
    locks = {norm(c.args[0]) for no in lines for c in calls(ctx.text, no, no, members=False)
             if c.name == old and c.args}
    for c in calls(ctx.text, fn.body_start, fn.end, members=False):
        if c.name == pair and c.args and norm(c.args[0]) in locks:
            if c.line not in lines:
                raise Manual(f"{old}() pairs with {pair}() on line {c.line}, which would stay as it is: {new}() "
                             f"goes with {new_pair}(), and changing both is for the author")


def _sized_by_array(ctx: CodeContext, lines: list[int], old: str, new: str) -> None:
    """Manual when NEW, with the arguments of OLD's calls on LINES, takes its destination's size with
    sizeof() (strscpy(dst, src)) and that destination is not declared as an array in the file: for a
    pointer (`char *name`) the call does not build, and the size to pass is the author's to give."""
    pos = SIZED_BY_ARRAY.get(new)
    if pos is None:
        return
    for line in lines:
        for c in calls(ctx.text, line, line, members=False):
            if c.name != old or len(c.args) > 2 or len(c.args) <= pos:
                continue
            dst = c.args[pos].strip()
            name = re.search(r"([A-Za-z_]\w*)\s*$", dst)
            declared_array = rf"(?m)^[ \t]*(?:[A-Za-z_]\w*[ \t]+)+\**{name.group(1)}[ \t]*\[" if name else ""
            if name is None or not re.search(declared_array, mask(ctx.text)):
                raise Manual(f"{new}() with two arguments takes the size of its destination with sizeof(), "
                             f"which must be an array; {dst} is not declared as one here: the size to pass "
                             "is for the author to give")


def _page_size(ctx: CodeContext, line: int, old: str) -> str:
    """PAGE_SIZE, the size argument an snprintf()-like OLD on LINE gives and sysfs_emit() does not take;
    '' for OLD without one.  Manual when the size is another: sysfs_emit() writes up to a whole page."""
    if old not in SIZED_PRINTS:
        return ""
    for c in calls(ctx.text, line, line, members=False):
        if c.name == old and (len(c.args) < 2 or c.args[1].strip() != "PAGE_SIZE"):
            size = c.args[1].strip() if len(c.args) > 1 else "nothing"
            raise Manual(f"sysfs_emit() writes up to a whole page; {old}() here is given {size}, not PAGE_SIZE: "
                         "the author decides")
    return "PAGE_SIZE"


def _print_object_arg(ctx: CodeContext, fn: Function, old: str, new: str) -> str:
    """The first argument NEW takes that OLD does not (`pr_err` -> `dev_err`: the function's one
    `struct device *`); '' when the two take the same arguments.  Manual when it cannot be told."""
    if drops_print_object(old, new):
        raise Manual(f"{new}() does not take the first argument of {old}(): the author decides what it "
                     "prints instead")
    tag = device_to_object(old, new) or print_object(old, new)
    if tag is None:
        return ""
    found = pointers_to(ctx.text, fn, tag)
    if not found and tag == "device":
        # no struct device * in scope, but one bus device that embeds it: &pdev->dev
        found = [f"&{p}->dev" for bus in BUS_DEVICES for p in pointers_to(ctx.text, fn, bus)]
    if len(found) != 1:
        which = "no" if not found else f"{len(found)} ({', '.join(found)})"
        raise Manual(f"{new}() takes a struct {tag} * first and {fn.name}() has {which} such parameter or "
                     "local: which one to print for is for the author")
    return found[0]


def _device_argument(ctx: CodeContext, fn: Function, lines: list[int], old: str, obj: str, tag: str) -> str:
    """The device argument OLD's calls on LINES give (`dev_err(&pdev->dev, ...)`), which OBJ (a struct TAG
    *: the net_device of a netdev_*() call, the phy_device of a phydev_*() one) replaces; Manual when the
    calls give different ones, or when OBJ, a local, is not set above the first of them (the new call
    would print for a pointer that holds nothing yet)."""
    given = {c.args[0].strip() for no in lines for c in calls(ctx.text, no, no, members=False)
             if c.name == old and c.args}
    if len(given) != 1:
        raise Manual(f"the {old}() calls print for different devices ({', '.join(sorted(given))}): which "
                     f"{tag} each is for is for the author")
    body = split_lines(mask(ctx.text))[fn.body_start - 1:min(lines) - 1]
    header = " ".join(split_lines(mask(ctx.text))[fn.start - 1:fn.body_start])
    is_param = re.search(rf"\bstruct\s+{tag}\s*\*\s*(?:const\s+)?{re.escape(obj)}\s*[,)]", header)
    if not is_param and not any(re.search(rf"(?<![\w.>]){re.escape(obj)}\s*=(?!=)", ln) for ln in body):
        raise Manual(f"{obj} is not set before the {old}() call: which {tag} it prints for is for "
                     "the author")
    return given.pop()


def _requested_names(s: Suggestion, ctx: CodeContext, first: int, last: int, asked: bool) -> list[str]:
    """The identifiers the comment asks to use that neither the quote nor the reviewer's code holds;
    when the code is the change the author's answer states, the names that change brings in (the
    author's choice wins over the comment's: "it cannot be the condition, I'll make it WARN_ON_ONCE()")."""
    quoted = E.statements(ctx.text, first, last)
    in_quote = set(E.identifiers("\n".join(st.code for st in quoted)))
    if s.code_from == "author":
        minus = set(E.identifiers("\n".join(c[1:] for c in s.written if c.startswith("-"))))
        plus = E.identifiers("\n".join(c[1:] for c in s.written if c.startswith("+")))
        return list(dict.fromkeys(n for n in plus if n not in minus and n not in in_quote))
    written = set(E.identifiers("\n".join(E.reviewer_code(s))))
    return [n for n in E.named_identifiers(s.comment) if n not in in_quote and n not in written
            and (asked or bare_request(s.comment, n) or TF.enough(s.comment, n) or _arrow(s.comment))
            and not E.rejected(s.comment, n)
            and not _acronym(s.comment, n, ctx)] + \
        [n for n in TF.plain_forms_asked(s.comment) if n not in in_quote and n not in written]


def _written_arguments(comment: str, name: str) -> list[str] | None:
    """The arguments COMMENT writes in its one call of NAME (`WARN_ON_ONCE(count > 64)`), None when it
    writes none, several, or leaves some out (`...`)."""
    found = []
    for m in re.finditer(rf"(?<![\w>.]){re.escape(name)}\s*\(", comment):
        depth, i = 1, m.end()
        while i < len(comment) and depth:
            depth += {"(": 1, ")": -1}.get(comment[i], 0)
            i += 1
        inner = comment[m.end():i - 1].strip() if depth == 0 else ""
        if inner:
            found.append(inner)
    if len(found) != 1 or "..." in found[0]:
        return None
    return [a.strip() for a in split_commas(found[0])]


def _written_object(comment: str, name: str) -> str:
    """The first argument of the calls of NAME that COMMENT writes (`netdev_err(priv->ndev, ...)`: the
    object it prints for), when they all write the same one; '' when none writes one."""
    found = set()
    for m in re.finditer(rf"(?<![\w>.]){re.escape(name)}\s*\(([^(),]*)[,)]", comment):
        arg = " ".join(m.group(1).split())
        if arg and arg != "...":
            found.add(arg)
    return found.pop() if len(found) == 1 else ("?" if found else "")


def _other_arguments(comment: str, text: str, line: int, old: str, new: str, first_changes: bool) -> str:
    """Why the call of NEW that COMMENT writes out is more than OLD on LINE renamed: as many arguments,
    and one (the first aside, when the rename changes it) is another expression (`WARN_ON_ONCE(count >
    64)` for the quoted `WARN_ON(1)`), or another number of them where the rename keeps every argument
    (`kzalloc_obj(p)` for the quoted `kzalloc(sizeof(*p), GFP_KERNEL)`); '' otherwise."""
    written = _written_arguments(comment, new)
    quoted = next((c.args for c in calls(text, line, line, members=False) if c.name == old), None)
    if written is None or quoted is None:
        return ""
    if len(written) != len(quoted):
        kept = not first_changes and (old, new) not in LAST_ARGUMENT_GOES and \
            not (new == "sysfs_emit" and old in SIZED_PRINTS)
        return (f"the comment writes {new}({', '.join(written)}) where the quoted {old}() passes {len(quoted)} "
                f"argument{'' if len(quoted) == 1 else 's'}: more than a rename, which is for the author") \
            if kept else ""
    skip = 1 if first_changes else 0
    for w, q in zip(written[skip:], quoted[skip:], strict=True):
        if norm(mask(w)) != norm(mask(q)):
            return (f"the comment writes {new}({', '.join(written)}) where the quoted {old}() passes "
                    f"{q.strip()}: more than a rename, which is for the author")
    return ""


def _more_than_renamed(masked: list[str], first: int, last: int, line: int, old: str, new: str) -> str:
    """Why renaming OLD on LINE to NEW, a name that adds parts to OLD's (`skb_put` -> `skb_put_zero`),
    may be only part of what the quote asks: another quoted line (FIRST..LAST) hands the value the call
    gave to a call of its own (`memset(tmp, 0, len);` after `tmp = skb_put(skb, len);`), which the
    helper may do itself; '' otherwise."""
    if not set(E.name_parts(old)) < set(E.name_parts(new)):
        return ""
    m = re.search(rf"([A-Za-z_]\w*)\s*=\s*{re.escape(old)}\s*\(", masked[line - 1])
    if m is None:
        return ""
    v = re.escape(m.group(1))
    for no in range(first, last + 1):
        use = re.match(rf"\s*([A-Za-z_]\w*)\s*\(\s*{v}\s*[,)].*;\s*$", masked[no - 1])
        if no != line and use is not None:
            return (f"{new}() may do what the quoted {use.group(1)}() on line {no} does with {m.group(1)}: "
                    f"whether that call goes with the rename is for the author")
    return ""


def _acronym(comment: str, name: str, ctx: CodeContext) -> bool:
    """Whether NAME is a word of the prose in capitals ("the field is in CPU order", "DMA"): letters
    only, never written as a call in COMMENT, and in no file of the patch."""
    if not re.fullmatch(r"[A-Z]{2,}", name) or re.search(rf"\b{name}\s*\(", comment):
        return False
    return not any(re.search(rf"\b{name}\b", t) for t in [ctx.text, *ctx.files.values()])


def _ceiling_breach(comment: str, masked: list[str], first: int, last: int, old: str, new: str) -> str:
    """Why "NEW() at most" / "NEW() if anything" (a ceiling on the print level) does not make the call of
    OLD into NEW: OLD prints at NEW's level or lower already, or the quoted lines hold other prints above
    the ceiling (which of them to lower is for the author); '' otherwise."""
    said = re.search(rf"\b{re.escape(new)}\s*\(\s*\)\s*(?:,\s*)?(at\s+most|if\s+anything)\b", comment, re.I)
    if said is None:
        return ""
    top, was = print_rank(new), print_rank(old)
    if top is None or was is None:
        return ""
    if was >= top:
        return (f"\"{new}() {' '.join(said.group(1).split())}\" asks for a level no higher than {new}()'s: "
                f"{old}() already prints no higher")
    ranks = {n: print_rank(n) for no in range(first, last + 1) for n in E.called_names(masked[no - 1]) if n != old}
    above = {n for n, rank in ranks.items() if rank is not None and rank < top}
    if above:
        return (f"the quoted lines also call {', '.join(sorted(above))}() above the level {new}() allows: which "
                "of the prints to lower is for the author")
    return ""


def _about_another_call(named: list[str], masked: list[str], fn: Function, first: int, last: int) -> str:
    """Why the comment is about a call on other lines of FN than FIRST..LAST ("the pr_warn() further down
    should be dev_warn()": it names the call to change, pr_warn(), which FN makes only outside the quote,
    and the one to use); '' otherwise."""
    body = range(fn.body_start, fn.end + 1)
    outside = {n: no for no in body if not first <= no <= last for n in E.called_names(masked[no - 1])}
    inside = {n for no in range(first, last + 1) for n in E.called_names(masked[no - 1])}
    for n in named:
        if n in outside and n not in inside and any(
                m != n and m not in outside and (same_family(n, m) or print_object(n, m)) for m in named):
            return f"the comment is about the {n}() call on line {outside[n]}, not the quoted lines"
    return ""


_NAME = r"([A-Za-z_]\w*)\b(?:\s*\(\))?"
# "foo() instead of bar()", "replace bar() with foo()", "bar() -> foo()", "bar() should be foo()": the comment
# pairs the two names itself (OLD alone: not "instead of bar() and baz()")
_ALONE = r"(?!\s*(?:\(\)\s*)?(?:and|\+|,|/|or|&)\s*[A-Za-z_]\w*\s*\()"
_CALLED = r"([A-Za-z_]\w*)\(\)"
# "bar() -> foo()", "bar -> foo" (spaced: `p->dev` is a member)
_ARROW = re.compile(rf"\b{_CALLED}\s*(?:->|=>|\u2192)\s*{_CALLED}|\b{_NAME}\s+(?:->|=>|\u2192)\s+{_NAME}")
_PAIRED = (re.compile(rf"\b{_NAME}\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+|a\s+)?{_NAME}{_ALONE}",
                      re.I),
           # "dev_warn(), not dev_dbg()": both written as calls
           re.compile(rf"\b{_CALLED},?\s+not\s+(?:a\s+|an\s+)?{_CALLED}{_ALONE}"),
           re.compile(rf"\breplace\s+(?:the\s+)?{_NAME}(?:\s+calls?)?\s+(?:with|by)\s+(?:a\s+)?{_NAME}", re.I),
           _ARROW,
           re.compile(rf"\b{_NAME}{_ALONE}(?:\s+calls?)?\s+(?:should|could|can|must)\s+be\s+(?:a\s+)?{_NAME}", re.I))


def _code_like(name: str, words: str) -> bool:
    """Whether NAME, as WORDS write it, is a call's name: written with `()`, or with an underscore or a digit."""
    return re.search(rf"\b{re.escape(name)}\s*\(\)", words) is not None or re.search(r"_|\d", name) is not None


def _arrow(comment: str) -> bool:
    """Whether COMMENT is, all of it, one call named into another ("printf -> ksft_print_msg",
    "kzalloc() => kcalloc()")."""
    return _ARROW.fullmatch(" ".join(comment.split()).rstrip(".!?")) is not None


@functools.lru_cache(maxsize=64)
def paired_names(comment: str) -> frozenset[tuple[str, str]]:
    """(old, new) for each call COMMENT names as the one to use in place of another it names (read once per
    comment: the understanding asks it at each step)."""
    text = " ".join(comment.split())
    out: set[tuple[str, str]] = set()
    for k, rx in enumerate(_PAIRED):
        for m in rx.finditer(text):
            a, b = [g for g in m.groups() if g is not None][:2]
            if not all(_code_like(x, m.group(0)) for x in (a, b)):
                continue            # "this can be fine": English words, not calls
            new, old = (a, b) if k <= 1 else (b, a)
            out.add((old, new))
    return frozenset(out)


def _rename_in_quote(ctx: CodeContext, comment: str, named: list[str], masked: list[str], narrowed: tuple[int, int],
                     whole: tuple[int, int]) -> tuple[tuple[str, str, int] | None, int, int]:
    """(_best_rename's answer, and the lines it looked at): on the NARROWED quote's lines, else on the WHOLE
    quote's.  The review stage narrows a quote to the statement right above the comment (a block testing a
    call's value); the call the comment names a new one for may be above it."""
    paired = paired_names(comment)
    best = _best_rename(ctx, named, masked, *narrowed, paired)
    words = set(E.named_identifiers(comment))
    # not when the narrowed lines hold a call the comment names ("kzalloc() instead of kmalloc() + memset()"
    # under the memset(): the comment is about that statement)
    if best is None and whole != narrowed and \
            not any(words & set(E.called_names(masked[no - 1])) for no in range(narrowed[0], narrowed[1] + 1)):
        return _best_rename(ctx, named, masked, *whole, paired), *whole
    return best, *narrowed


def _by_place(comment: str, masked: list[str], old: str, line: int, narrowed: tuple[int, int],
              whole: tuple[int, int]) -> tuple[int, int, int]:
    """(line, first, last): the call of OLD COMMENT picks by its place among those of the WHOLE quote ("for the
    first one") with the whole quote's lines, else LINE with the NARROWED ones.  Manual when the places it
    names do not say which call changes."""
    at = picked(comment, [no for no in range(whole[0], whole[1] + 1) if old in E.called_names(masked[no - 1])])
    if at == -1:
        raise Manual(f"the comment names {old}() calls of the quote by their place in a way that does not "
                     "say which one to change: which is for the author to read")
    return (at, *whole) if at is not None else (line, *narrowed)


# a part of a message asked away besides the rename: 'and drop the "g760a: " prefix', "drop the trailing colon"
_STRING_PART = re.compile(r"\b(?:drop|remove|delete|lose|get\s+rid\s+of)\s+(?:the\s+|that\s+|this\s+)?"
                          r"(?:(?:extra|trailing|leading|redundant)\s+)?(?:\"[^\"]*\"(?:\s+prefix)?|prefix\b|colon\b|"
                          r"full\s+stop\b|period\b)", re.I)


def _other_rename(ctx: CodeContext, named: list[str], masked: list[str], whole: tuple[int, int], old: str, new: str,
                  comment: str) -> str:
    """The words for a second rename COMMENT asks of another call of the quote ("dev_dbg() instead of
    dev_info(), and strscpy() above"), which this plan does not make; '' when it asks for none."""
    for other in named:
        if other in (old, new) or E.named_as_place(comment, other):
            continue            # "Same in lumen_read_fifo().": a place named, not a call to bring in
        best = _best_rename(ctx, [other], masked, *whole, paired_names(comment))
        if best is not None and best[0] not in (old, new):
            return f"{other}() in place of {best[0]}()"
    return ""


def _more_than_old(comment: str, old: str, new: str) -> str:
    """Why COMMENT asks more than OLD() renamed NEW(): it puts NEW() in place of OLD() with more ("instead of
    device_property_present() + read", "rather than foo() and a check"), or asks for NEW() alone ("Use
    device_property_read_bool() alone"): the other statements go with it.  '' otherwise."""
    text = " ".join(comment.split())
    o, n = re.escape(old), re.escape(new)
    if re.search(rf"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|replace)\s+(?:the\s+|a\s+)?{o}\b\s*(?:\(\))?\s*"
                 r"(?:\+|&|and\s+(?:an?|the)\s+\w)", text, re.I) or \
            re.search(rf"\b{n}\b\s*(?:\(\))?\s+(?:alone|on\s+its\s+own|by\s+itself)\b", text, re.I):
        return (f"the comment puts {new}() in place of more than the {old}() call (other code goes with it): "
                "that change is for the author")
    return ""


def _new_calls_together(comment: str, quoted: list[str], old: str, new: str) -> str:
    """Why COMMENT asks more than OLD() renamed NEW(): it names NEW() together with another call of OLD()'s
    family the quote does not have ("use pm_runtime_set_autosuspend_delay() and pm_runtime_use_autosuspend()"
    under pm_runtime_idle()): calls to add, not a name for OLD().  '' otherwise."""
    text = " ".join(comment.split())
    if re.search(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|replace|not)\b|->|\bs/", text, re.I):
        return ""           # the comment pairs calls for renames ("X() and Y() instead of A() and B()")
    n = re.escape(new)
    have = set(re.findall(r"[A-Za-z_]\w*", " ".join(quoted)))
    pair = r"\s*(?:\(\))?\s*(?:,\s*(?:and\s+)?|\band\b|\+|&)\s*"
    others = re.findall(rf"\b{n}\b{pair}([A-Za-z_]\w*)\s*\(", text) + \
        re.findall(rf"\b([A-Za-z_]\w*)\s*\(\){pair}{n}\b", text)
    # of the old call's family too (`pm_runtime_*`): the two stand for one call (not str_on_off() beside
    # sysfs_emit() for a sprintf(), a helper for another part of the quote)
    added = [o for o in others
             if o not in have and o not in (old, new) and set(E.name_parts(o)) & set(E.name_parts(old))]
    if not added:
        return ""
    return (f"the comment names {new}() together with {added[0]}(), which the quoted code does not call: calls to "
            f"add, not a new name for {old}(), which is for the author")


def _string_part_asked(comment: str) -> str:
    """The words with which COMMENT also asks a part of the printed message away; '' when it does not."""
    m = _STRING_PART.search(" ".join(comment.split()))
    return m.group(0) if m else ""


def _kin(old: str, new: str) -> bool:
    """Whether OLD and NEW are calls of one family (prints of two levels or objects, allocators, ...)."""
    return bool(same_family(old, new) or print_object(old, new) or drops_print_object(old, new) or
                device_to_object(old, new) or old != new and {old, new} <= FORMAT_ONLY)


def _best_rename(ctx: CodeContext, named: list[str], masked: list[str], first: int,
                 last: int, paired: Collection[tuple[str, str]] = ()) -> tuple[str, str, int] | None:
    """(old, new, line): the quoted call nearest to the comment (the last quoted line first) with a
    name related to a requested one (or PAIRED with it by the comment), the most related on a tie."""
    sources = [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]
    best = None
    for new in named:
        arity = defined_params(sources, new)
        for dist, no in enumerate(range(last, first - 1, -1)):
            for old in E.called_names(masked[no - 1]):
                if not_a_rename(old, new):
                    continue            # kmalloc(n * s) -> kmalloc_array(n, s): other arguments
                if arity is not None and not _takes(ctx.text, no, old, len(arity)):
                    continue            # the file defines NEW with other parameters: no rename
                r = E.relatedness(old, new) or (0.5 if _kin(old, new) else 0.0) or \
                    (0.25 if (old, new) in paired else 0.0)
                # a print of the level asked for before a nearer one of another level (dev_info() for the
                # pr_info(), not the pr_err() under it)
                key = (other_print_level(old, new), dist, -r)
                if r > 0 and (best is None or key < best[0]):
                    best = (key, old, new, no)
    if best is None:
        return None
    _, old, new, line = best
    return old, new, line


def _alternative(comment: str, named: list[str], old: str, new: str) -> str:
    """Why the rename is the author's when COMMENT offers another name of NAMED with "or" beside NEW for OLD
    ("drm_info() please, or better drm_dbg_driver()"); '' when it offers one."""
    for n in named:
        if n == new or not (E.relatedness(old, n) or same_family(old, n) or print_object(old, n)):
            continue
        a, b = (re.escape(x) for x in (new, n))
        if re.search(rf"\b{a}\b[^.;]{{0,60}}\bor\b[^.;]{{0,40}}\b{b}\b|\b{b}\b[^.;]{{0,60}}\bor\b[^.;]{{0,40}}\b{a}\b",
                     " ".join(comment.split())):
            return f"the comment offers {new}() or {n}() for {old}(): which one is for the author"
    return ""


def _both_lines(s: Suggestion, ctx: CodeContext, fn: Function, masked: list[str], call: re.Pattern[str],
                line: int, first: int, old: str, new: str) -> list[int]:
    """LINE and the nearest earlier quoted line calling OLD ("both"), else the one other call of OLD in FN
    that the patch adds (LINE alone when FN has none: the rest of the patch's code is looked at later);
    Manual when FN has several."""
    seen = [line]
    wanted = 2
    for no in range(line - 1, first - 1, -1):
        if len(seen) < wanted and call.search(masked[no - 1]) and no not in seen:
            seen.append(no)
    # the whole quote above the comment (a blank line in it may have cut the anchor to its tail), its lines
    # as written
    src = ctx.text.splitlines()
    for quoted_line in reversed(s.quote):
        if len(seen) < wanted and call.search(quoted_line):
            same = [no for no in range(fn.body_start, fn.end + 1)
                    if src[no - 1].strip() == quoted_line.strip() and no not in seen]
            seen += same[:1] if len(same) == 1 else []
    for quoted_line in E.quoted_lines_before(s, ctx):
        if len(seen) >= wanted:
            break
        if not call.search(quoted_line):
            continue
        hits = [h for h in E.locate_lines(ctx.text, fn, [quoted_line]) if h[0] not in seen]
        if len(hits) == 1:
            seen.append(hits[0][0])
    if len(seen) < wanted:
        # quotes of a patch reply are contiguous: the lines between the earlier quotes of this
        # mail and this one were quoted too, even when the review stage kept only their tails
        region = E.quoted_region_start(s, ctx, fn)
        for no in range(line - 1, (region or line) - 1, -1):
            if len(seen) < wanted and no not in seen and call.search(masked[no - 1]):
                seen.append(no)
    if len(seen) < wanted:
        # a quote cut to one of the two: the other is the one like call of the function the patch adds
        # (as "same below" finds them, above the quote too)
        others = [no for no in _later_calls(ctx, fn, masked, call, fn.body_start) if no not in seen]
        if len(others) > 1:
            raise Manual(f"the comment says \"both\" but only one quoted {old}() call was found, and "
                         f"{fn.name}() has {len(others)} other {old}() calls the patch adds")
        if others and not _like_call(ctx, fn, others[0], old, new):
            raise Manual(f"the comment says \"both\", and the other {old}() call of {fn.name}() (line {others[0]}) "
                         "cannot change as the quoted one does")
        # none in the function: the quoted call, and the other place is looked for in the rest of the code
        # the patch adds (cocci.propagate)
        seen += others
    return seen


def _wrapped(text: str, fn: Function, want: str) -> bool:
    """Whether FN in TEXT holds the line WANT (normalized) wrapped over two lines: spatch breaks a renamed
    call that no longer fits in 80 columns after an argument."""
    m = split_lines(mask(text))
    return any(norm(m[n - 1] + " " + m[n]) == want for n in range(fn.body_start, min(fn.end, len(m))))


def _later_calls(ctx: CodeContext, fn: Function, masked: list[str], call: re.Pattern[str], after: int) -> list[int]:
    """The lines of FN after line AFTER (the quote's last) that call OLD (CALL): the like places a "Same
    below." carries the rename to; of them, only those the patch adds or rewrites when the file before
    the patch is known (the kernel's own calls further down were not under review)."""
    own = E.own_lines(ctx)
    return [no for no in range(after + 1, fn.end + 1)
            if call.search(masked[no - 1]) and (own is None or no in own)]


def _like_call(ctx: CodeContext, fn: Function, no: int, old: str, new: str) -> bool:
    """Whether the call of OLD on line NO of FN can become NEW as the quoted one did: it passes the
    arguments NEW takes when a file of the patch defines NEW, and it writes at the start of the page
    when NEW is sysfs_emit()."""
    sources = [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]
    arity = defined_params(sources, new)
    if arity is not None and not _takes(ctx.text, no, old, len(arity)):
        return False
    if new == "sysfs_emit":
        try:
            _page_start(ctx, fn, no, old)
        except Manual:
            return False
    return True


def _line_targets(ctx: CodeContext, fn: Function, rep: tuple[list[Stmt], list[str]] | None,
                  call: re.Pattern[str], no: int) -> list[tuple[str, int]]:
    """The targets of line NO: its normalized text and occurrence, or (when the reviewer's code
    replaces it) each of the reviewer's lines with the call."""
    replaced = {n for st in rep[0] for n in range(st.start, st.end + 1)} if rep else set()
    if no in replaced and rep is not None:
        return [(norm(code_line), 0) for code_line in rep[1] if call.search(code_line)]
    return [(E.line_norm(ctx.text, no), E.line_occurrence(ctx.text, fn, no))]


@dataclass(frozen=True)
class RenameCallParams(InFunction):
    old: str                     # the function called
    new: str                     # the one to call instead
    targets: list[tuple[str, int]]   # the calls' lines: (normalized text, occurrence)
    scope: str                   # "function": every call in the function, else only TARGETS
    first_arg: str = ""          # an argument NEW takes first that OLD does not (pr_err -> dev_err)
    later: int | None = None     # "Same below.": how many of TARGETS are calls after the quote
    replaced: str = ""           # OLD's first argument that FIRST_ARG replaces (of_*() -> device_*(): the node)
    unused: str = ""             # a local the renamed calls were the only readers of
    dropped: str = ""            # OLD's second argument NEW does not take (snprintf() -> sysfs_emit(): the size)
    last: str = ""               # OLD's last argument NEW does not take: "same" as the one before, or "0"

    also: str = ""               # a part of the message the comment also asks away ('drop the "qx: " prefix')
    other: str = ""              # a second rename the comment asks of another quoted call: "new() in place of old()"

    def left_to_author(self) -> str:
        return "; ".join(x for x in (
            f"{self.unused} is no longer used in {self.function}(): drop it" if self.unused else "",
            f"{self.also}: the rename leaves the message as it is" if self.also else "",
            f"{self.other}, asked too: one rename is made per comment" if self.other else "") if x)

    def reach_below(self) -> int | None:
        return self.later


def kept_layout(before: str, after: str, old: str, new: str, first_arg: str = "", replaced: str = "",
                dropped: str = "") -> str:
    """AFTER, spatch's output for renaming OLD() calls to NEW(), in BEFORE's layout: each call spatch
    changed renamed in place, the continuation lines aligned under its parenthesis moved with it.
    spatch prints every call it changes again and breaks its lines anew, which a careful hand does
    not.  AFTER itself when that is not the same code, or when a line would grow past 80 columns
    (one that was past them already, for a string kept whole, may stay so)."""
    if after == before:
        return after
    lines = before.splitlines(keepends=True)
    changed = sorted({i for tag, i1, i2, _, _ in linediff.opcodes(lines, after.splitlines(keepends=True))
                      if tag != "equal" for i in range(i1, i2)})
    call = re.compile(rf"(?<![\w.>]){re.escape(old)}(\s*)\(")
    insert = f"{first_arg}, " if first_arg else ""
    widths = {i: _columns(lines[i]) for i in changed}
    for i in changed:
        line = lines[i]
        m = call.search(mask(line))
        if m is None:
            continue
        rest = line[m.end():]
        if replaced:
            gone = re.match(rf"\s*{re.escape(replaced)}\s*,\s*", rest)
            if gone is None:
                return after
            rest = rest[gone.end():]
        if dropped:
            size = re.match(rf"([^,]+,)\s*{re.escape(dropped)}\s*,\s*", rest)
            if size is None:
                return after
            rest = size.group(1) + " " + rest[size.end():]
        lines[i] = line[:m.start()] + new + m.group(1) + "(" + insert + rest
        moved = list(lines)
        realign(lines, i, text_before=lines[i], first_col=m.start(), delta=len(new) - len(old))
        for j in range(i + 1, len(lines)):
            if lines[j] != moved[j] and _columns(lines[j]) > 80 >= _columns(moved[j]):
                lines[j] = "".join(rewrapped(lines[j]))
    want = "".join(lines)
    if not same_tokens(mask(want), mask(after)):
        return after
    if any(_columns(ln) > 80 and widths[i] <= 80 for i in changed for ln in lines[i].splitlines()):
        return after
    return want


def rewrapped(line: str) -> list[str]:
    """LINE, a continuation line that moved past 80 columns with the call it belongs to, broken after
    the last argument separator (a comma outside parentheses and strings) that keeps the first part
    within 80 columns, the rest on lines of their own at the same indentation, as a careful hand
    does; [LINE] when no such break is found."""
    body = line.lstrip(" \t")
    lead = line[:len(line) - len(body)]
    out: list[str] = []
    rest = body.rstrip("\n")
    while _columns(lead + rest) > 80:
        m = mask(rest)
        depth, cut = 0, -1
        for k, c in enumerate(m):
            depth += (c in "([{") - (c in ")]}")
            if c == "," and depth == 0 and _columns(lead + rest[:k + 1]) <= 80:
                cut = k
        if cut < 0 or not rest[cut + 1:].strip():
            return [line]
        out.append(lead + rest[:cut + 1] + "\n")
        rest = rest[cut + 1:].lstrip()
    return out + [lead + rest + ("\n" if line.endswith("\n") else "")]


def _columns(line: str) -> int:
    return len(line.rstrip("\n").expandtabs(8))


class RenameCall(Recipe[RenameCallParams]):
    kind = "rename-call"
    order = Phase.CALLS
    supersedes = ("remove-statements",)     # "use strscpy(), get rid of strcpy()" renames the call
    tidies_after_spatch = True              # spatch breaks the lines of a call it prints anew

    def after_spatch(self, plan: Plan[RenameCallParams], path: str, before: str, after: str) -> str:
        p = plan.params
        return kept_layout(before, after, p.old, p.new, p.first_arg, p.replaced, p.dropped)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RenameCallParams] | None:
        asked = asks_to_use(s.comment)
        null_free = never_null(s.comment)
        if not asked and not null_free and not TF.plain_forms_asked(s.comment) and not paired_names(s.comment) and \
                not _arrow(s.comment) and \
                not any(bare_request(s.comment, n) or TF.enough(s.comment, n) for n in E.named_identifiers(s.comment)):
            if _faulted_null_test(s.comment):
                raise Manual("the comment finds fault with IS_ERR_OR_NULL() without saying what the call returns: "
                             "IS_ERR() (it never returns NULL) or a NULL test (it never returns an error "
                             "pointer) is for the author")
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        named = _requested_names(s, ctx, first, last, asked)
        named += [new for _, new in sorted(paired_names(s.comment)) if new not in named]
        if null_free:
            named += _without_null_test(ctx.text, first, last, named)
        rep = E.replacement(s, ctx, fn, first, last)
        masked = split_lines(mask(ctx.text))
        whole = E.whole_quote_in(s, ctx.text, fn)       # a call the reviewer quoted is not "elsewhere"
        lo, hi = (min(first, whole[0]), max(last, whole[1])) if whole else (first, last)
        elsewhere = _about_another_call(named, masked, fn, lo, hi)
        if elsewhere:
            raise Manual(elsewhere)
        best, first, last = _rename_in_quote(ctx, s.comment, named, masked, (first, last), (lo, hi))
        if best is None:
            return None
        old, new, line = best
        if fn is not None and old == fn.name and line < fn.body_start:
            return None     # the quote is the function's own header: renaming a function is not a call's business
        if new.startswith("module_"):
            return None     # module_init(), module_platform_driver(): file-scope declarers, no call's new name
        line, first, last = _by_place(s.comment, masked, old, line, (first, last), (lo, hi))
        why = _unknown_arity(ctx, line, old, new) or _more_than_old(s.comment, old, new) or \
            _new_calls_together(s.comment, s.quoted, old, new) or \
            typed_alloc_change(old, new) or free_change(old, new) or \
            _alternative(s.comment, E.named_identifiers(s.comment), old, new) or \
            _ceiling_breach(s.comment, masked, first, last, old, new) or _not_by_name(masked, fn, old, new) or \
            _dead_after(masked, line, old, new) or \
            _more_than_renamed(masked, lo, hi, line, old, new) or \
            swap_change(masked, line, fn.end if fn else line, old, new) or \
            _other_arguments(s.comment, ctx.text, line, old, new, bool(_print_object_arg(ctx, fn, old, new)))
        if why:
            raise Manual(why)
        if rep is not None and (print_object(old, new) or drops_print_object(old, new) or device_to_object(old, new)):
            return None                 # the reviewer's code says what the call prints for
        first_arg = _print_object_arg(ctx, fn, old, new)
        dropped = ""
        if new == "sysfs_emit":
            _page_start(ctx, fn, line, old)
            dropped = _page_size(ctx, line, old)
        call = re.compile(rf"(?<![\w>.]){re.escape(old)}\s*\(")
        scope = "function" if E.scope_words(s.comment, (old, new), E.SCOPE_ALL) else "lines"
        lines = [line]
        if scope == "lines" and E.scope_words(TF.without_type_talk(s.comment), (old, new), E.SCOPE_BOTH):
            lines = _both_lines(s, ctx, fn, masked, call, line, first, old, new)
        later: list[int] | None = None
        if scope == "lines" and E.same_below_only(s.comment):
            later = [no for no in _later_calls(ctx, fn, masked, call, max(last, line))
                     if _like_call(ctx, fn, no, old, new)]
            lines += [no for no in later if no not in lines]
        sources = [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]
        checked = RenameCall._call_lines(ctx.text, fn.body_start, fn.end, old) if scope == "function" else lines
        _no_last_argument(ctx, checked, old, new)
        _parsed_into(ctx, fn, checked, old, new)
        if gives_no_value(new, sources) and any(value_used(masked, no, old) for no in checked):
            raise Manual(f"{new}() gives no value (it is a statement in some configurations), and the code "
                         f"uses the value of {old}() (a condition or an assignment): the code around it "
                         "has to change, which is for the author to decide")
        targets = [t for no in lines for t in _line_targets(ctx, fn, rep, call, no)]
        if not targets:
            return None
        replaced, first_arg = _first_argument(ctx, fn, checked, old, new, first_arg, s.comment)
        _same_arity(ctx, checked, old, new, bool(first_arg or replaced or dropped))
        _sized_by_array(ctx, checked, old, new)
        _pair_left(ctx, fn, checked, old, new)
        return Plan(self.kind, slug=new.lower(), order=self.order, files=[ctx.path],
                    params=RenameCallParams(fn.name, old=old, new=new, targets=targets, scope=scope,
                                            first_arg=first_arg, later=None if later is None else len(later),
                                            replaced=replaced,
                                            unused=N.unused_after(ctx.text, fn, replaced, len(targets)),
                                            dropped=dropped, last=LAST_ARGUMENT_GOES.get((old, new), ""),
                                            also=_string_part_asked(s.comment),
                                            other=_other_rename(ctx, named, masked, (lo, hi), old, new, s.comment)),
                    summary=f"Use {new}() instead of {old}()"
                            + (f" (x{len(targets)})" if len(targets) > 1 else ""))

    @staticmethod
    def _call_lines(text: str, first: int, last: int, old: str) -> list[int]:
        m = split_lines(mask(text))
        return [n for n in range(first, last + 1)
                if re.search(rf"(?<![\w>.]){re.escape(old)}\s*\(", m[n - 1])]

    def render(self, s: Suggestion, plan: Plan[RenameCallParams], ctx: CodeContext) -> str:
        fn, old, new = plan.params.function, plan.params.old, plan.params.new
        f = function_named(ctx.text, fn)
        if f is None:
            raise Manual(f"function {fn}() not found")
        everywhere = self._call_lines(ctx.text, f.body_start, f.end, old)
        metavars = [f"identifier fn = {fn};", "expression list es;"]
        call = old
        desc = f"Use {new}() instead of {old}() in {fn}()"
        if plan.params.scope != "function":
            lines: list[int] = []
            for tnorm, k in plan.params.targets:
                no = E.find_line(ctx.text, fn, str(tnorm), int(k))
                if no is None:
                    raise Manual(f"the quoted {old}() call is no longer in {fn}()")
                lines += self._call_lines(ctx.text, no, no, old)
            if not lines:
                raise Manual(f"no {old}() call left on the quoted lines of {fn}()")
            if plan.params.later:
                desc += ", on the line the reviewer quoted and the like ones below it (\"same below\")"
            if set(everywhere) - set(lines):
                metavars.append(R.position_constraint("p", lines))
                call = f"{old}@p"
                if not plan.params.later:
                    desc += f", on the line{'s' if len(lines) > 1 else ''} the reviewer quoted"
        first = f"{plan.params.first_arg}, " if plan.params.first_arg else ""
        gone = f"{plan.params.replaced}, " if plan.params.replaced else ""
        body = f"- {call}({gone}es)\n+ {new}({first}es)"
        if plan.params.replaced and plan.params.first_arg:
            # the replaced argument may be the call's only one: no list after it to keep
            body = (f"(\n- {call}({plan.params.replaced})\n+ {new}({plan.params.first_arg})\n|\n"
                    f"- {call}({gone}es)\n+ {new}({first}es)\n)")
        if TYPED_FORMS.get(old) == new:
            metavars.append("type T;")          # a type argument is no expression to spatch
            body = f"- {call}(T, es)\n+ {new}(es)"
        elif plan.params.last:
            metavars.append("expression m, r, M;")
            body = f"- {call}(m, r, M, {'M' if plan.params.last == 'same' else '0'})\n+ {new}(m, r, M)" \
                if old.startswith("regmap_update") else \
                f"- {call}(r, M, {'M' if plan.params.last == 'same' else '0'})\n+ {new}(r, M)"
        elif plan.params.dropped:
            metavars.append("expression b;")
            body = f"- {call}(b, {plan.params.dropped}, es)\n+ {new}(b, es)"
        return R.header(desc, s) + "\n" + R.rule("rename", metavars, R.in_function("fn", body))

    def carries_to(self, plan: Plan[RenameCallParams], ctx: CodeContext, line: int) -> bool:
        """The call on LINE takes the new name as the quoted one did (its arguments, the page of a show
        callback for sysfs_emit())."""
        fn = function_at(ctx.text, line)
        return fn is not None and _like_call(ctx, fn, line, plan.params.old, plan.params.new)

    def is_applied(self, s: Suggestion, plan: Plan[RenameCallParams], text: str) -> bool:
        """Whether TEXT has the renamed calls already.  Of calls that read alike (they differ in their
        strings only), the target is the one at its place among them, renamed or not: another comment
        renaming the first of two alike lines has not renamed the second."""
        if not self._renamed_there(plan, text):
            return False
        p = plan.params
        for tnorm, occ in ([] if p.scope == "function" else p.targets):
            renamed = E.lines_like(text, p.function,
                                   _renamed(tnorm, p.old, p.new, p.first_arg, p.replaced, p.dropped, p.last))
            alike = sorted(E.lines_like(text, p.function, tnorm) + renamed)
            if occ < len(alike) and alike[occ] not in renamed:
                return False
        return True

    def _renamed_there(self, plan: Plan[RenameCallParams], text: str) -> bool:
        fn, old, new = plan.params.function, plan.params.old, plan.params.new
        f = function_named(text, fn)
        if f is None:
            return False
        if plan.params.scope == "function":
            return not self._call_lines(text, f.body_start, f.end, old)
        for tnorm, _ in plan.params.targets:
            p = plan.params
            want = _renamed(tnorm, old, new, p.first_arg, p.replaced, p.dropped, p.last)
            if E.find_line(text, fn, want, 0) is None and not _wrapped(text, f, want):
                return False
        return True

    def verify(self, s: Suggestion, plan: Plan[RenameCallParams], before: str, after: str) -> str:
        fn, old = plan.params.function, plan.params.old
        if not self._renamed_there(plan, after):
            return f"{old}() is still called where the reviewer pointed in {fn}()"
        fb, fa = function_named(before, fn), function_named(after, fn)
        if plan.params.scope != "function" and fb and fa and before != after:
            gone = len(self._call_lines(before, fb.body_start, fb.end, old)) - \
                len(self._call_lines(after, fa.body_start, fa.end, old))
            if gone != len(plan.params.targets):
                return f"{gone} {old}() lines changed, the reviewer meant {len(plan.params.targets)}"
        return ""


RECIPE = RenameCall()
