"""Replace the init/exit boilerplate of a driver by its `module_*_driver()` macro: "module_platform_driver()
will get rid of this boilerplate", "Use module_i2c_driver()".

Evidence: the comment names `module_<bus>_driver` (one of the macros below, each `module_driver(drv,
register, unregister)` in its header) and the quote touches the module's init or exit function or its
module_init()/module_exit() line.  Done only when the file's init function is exactly `return
register(&drv);`, its exit function exactly `unregister(&drv);` of the same driver, and those two functions
with their module_init()/module_exit() lines stand together (blank lines between them at most): that
block becomes `module_<bus>_driver(drv);`.  Anything else in them (a second driver, a print, an
`#ifdef`) is manual, saying what.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from patches.ctext import function_named, mask
from patches.model import Suggestion

# module_<bus>_driver(): (register, unregister), as include/linux/*.h define them with module_driver()
MACROS: dict[str, tuple[str, str]] = {
    "module_platform_driver": ("platform_driver_register", "platform_driver_unregister"),
    "module_i2c_driver": ("i2c_add_driver", "i2c_del_driver"),
    "module_spi_driver": ("spi_register_driver", "spi_unregister_driver"),
    "module_pci_driver": ("pci_register_driver", "pci_unregister_driver"),
    "module_usb_driver": ("usb_register", "usb_deregister"),
    "module_hid_driver": ("hid_register_driver", "hid_unregister_driver"),
    "module_sdio_driver": ("sdio_register_driver", "sdio_unregister_driver"),
    "module_spmi_driver": ("spmi_driver_register", "spmi_driver_unregister"),
    "module_virtio_driver": ("register_virtio_driver", "unregister_virtio_driver"),
    "module_serdev_device_driver": ("serdev_device_driver_register", "serdev_device_driver_unregister"),
    "module_amba_driver": ("amba_driver_register", "amba_driver_unregister"),
    "module_auxiliary_driver": ("auxiliary_driver_register", "auxiliary_driver_unregister"),
}
_NAMED = re.compile(r"\b(module_\w+_driver)\b")
_NOT_WANTED = re.compile(r"\b(?:cannot|not\s+possible|won['’]?t\s+work|doesn['’]?t\s+work|does\s+not\s+work)\b|"
                         r"\bcan['’]?t\s+(?:use|be)\b", re.I)


@dataclass(frozen=True)
class ModuleDriverParams(Params):
    old: list[str]               # the init and exit functions with their module_init()/module_exit() lines
    new: list[str]               # the one macro line
    line: int                    # where they start
    macro: str
    driver: str
    function: str = ""           # file scope


def _hook(text: str, which: str) -> tuple[str, int] | None:
    """(the function module_init / module_exit (WHICH) names, its line), None when TEXT has none or several."""
    found = [(m.group(1), no) for no, ln in enumerate(mask(text).splitlines(), 1)
             if (m := re.match(rf"\s*{which}\s*\(\s*(\w+)\s*\)\s*;\s*$", ln))]
    return found[0] if len(found) == 1 else None


def _body(text: str, name: str) -> tuple[str, int, int]:
    """(NAME's body as its tokens joined by one space, its first line, its last line); Manual when TEXT
    does not define it."""
    fn = function_named(text, name)
    if fn is None:
        raise Manual(f"{name}() is not defined in this file")
    body = "\n".join(mask(text).splitlines()[fn.body_start - 1:fn.end])
    return " ".join(re.sub(r"([(){};&])", r" \1 ", body).split()), fn.start, fn.end


def block(text: str, macro: str) -> tuple[int, int, str]:
    """(first line, last line, driver) of the init/exit boilerplate MACRO replaces in TEXT; Manual why not."""
    reg, unreg = MACROS[macro]
    init, exit_ = _hook(text, "module_init"), _hook(text, "module_exit")
    if init is None or exit_ is None:
        raise Manual("the file has no one module_init() and one module_exit() to replace")
    ibody, istart, iend = _body(text, init[0])
    ebody, estart, eend = _body(text, exit_[0])
    other = re.fullmatch(r"\{ return (\w+) \( & \w+ \) ; \}", ibody)
    fits = [m for m, (r, _) in MACROS.items() if other and r == other.group(1)]
    if fits and fits[0] != macro:
        raise Manual(f"{init[0]}() registers with {other.group(1) if other else ''}(), which {macro}() does not "
                     f"call: the macro for it is {fits[0]}()")
    mi = re.fullmatch(rf"\{{ return {reg} \( & (\w+) \) ; \}}", ibody)
    me = re.fullmatch(rf"\{{ {unreg} \( & (\w+) \) ; \}}", ebody)
    if mi is None or me is None or mi.group(1) != me.group(1):
        raise Manual(f"{init[0]}() and {exit_[0]}() do more than {reg}() and {unreg}() of one driver: "
                     f"{macro}() would leave that out")
    spans = [(istart, iend), (init[1], init[1]), (estart, eend), (exit_[1], exit_[1])]
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    src = text.splitlines()
    covered = {n for a, b in spans for n in range(a, b + 1)}
    stray = [n for n in range(first, last + 1) if n not in covered and src[n - 1].strip()]
    if stray:
        raise Manual(f"line {stray[0]} stands between the init and exit code ({src[stray[0] - 1].strip()}): "
                     f"where {macro}() goes is for the author")
    return first, last, mi.group(1)


class ModuleDriver(LinesEdit[ModuleDriverParams]):
    kind = "module-driver"
    order = Phase.CALLS
    changed = "the init and exit code"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ModuleDriverParams] | None:
        names = {m.group(1) for m in _NAMED.finditer(s.comment)}
        if not names or not ctx.text or s.anchor.in_message or _NOT_WANTED.search(" ".join(s.comment.split())):
            return None
        if len(names) > 1:
            raise Manual(f"the comment names {', '.join(sorted(names))}: which one is meant is not said")
        macro = names.pop()
        if macro not in MACROS:
            raise Manual(f"{macro}() is not one of the module_*_driver() macros respin knows the register calls of")
        src = ctx.text.splitlines()
        first, last, driver = block(ctx.text, macro)
        span = CD.quote_span(s, ctx, 1, len(src)) or s.anchor.lines
        if span is None or span[1] < first or span[0] > last:
            return None                 # the quote is elsewhere: not about this boilerplate
        return Plan(self.kind, slug=driver, order=self.order, files=[ctx.path],
                    params=ModuleDriverParams(old=src[first - 1:last], new=[f"{macro}({driver});"], line=first,
                                              macro=macro, driver=driver),
                    summary=f"Use {macro}()")

    def is_applied(self, s: Suggestion, plan: Plan[ModuleDriverParams], text: str) -> bool:
        return re.search(rf"^{plan.params.macro}\(\s*{plan.params.driver}\s*\)", text, re.M) is not None

    def rule_notes(self, plan: Plan[ModuleDriverParams], ctx: CodeContext) -> list[str]:
        reg, unreg = MACROS[plan.params.macro]
        return [f"{plan.params.macro}({plan.params.driver}) defines the same init and exit: "
                f"{reg}() and {unreg}() of {plan.params.driver}."]


RECIPE = ModuleDriver()
