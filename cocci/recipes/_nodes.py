"""The firmware-node accessor families: `of_*()` take the device node, `device_*()` the device,
`fwnode_*()` a firmware node handle.  "Use device_property_read_u32()" under
`of_property_read_u32(dev->of_node, "x", &v)` is a rename whose first argument changes too:
`device_property_read_u32(dev, "x", &v)`.

``node_argument`` says what the first argument becomes, when the code says whose node it is
(`X->of_node`, `X.of_node`, `dev_of_node(X)`, or a local assigned once from one of those); Manual
otherwise, and for pairs whose other arguments may differ (the names after the prefix differ).
"""
from __future__ import annotations

import re

from cocci.recipe import Manual
from patches.ctext import Function, calls, mask, split_lines

# prefix -> the struct the first parameter points to
FAMILIES = {"of_": "device_node", "device_": "device", "fwnode_": "fwnode_handle"}


def family(name: str) -> tuple[str, str] | None:
    """(prefix, struct tag) of the accessor family NAME belongs to; None for other calls.  The
    of_device_*() calls take the device, not a node (of_device_get_match_data(dev))."""
    if name.startswith("of_device_"):
        return "device_", "device"
    for prefix, tag in FAMILIES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, tag
    return None


def _holder(node: str) -> str | None:
    """The device expression whose node NODE is, when NODE says so (`dev->of_node` -> `dev`,
    `pdev->dev.of_node` -> `&pdev->dev`, `dev_of_node(dev)` -> `dev`)."""
    path = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*"
    m = re.fullmatch(rf"({path})\s*->\s*of_node", node)
    if m:
        return m.group(1)
    m = re.fullmatch(rf"({path})\s*\.\s*of_node", node)
    if m:
        return "&" + m.group(1)
    m = re.fullmatch(rf"dev_of_node\(\s*(&?{path})\s*\)", node)
    return m.group(1) if m else None


def _assigned_once(text: str, fn: Function, name: str) -> str | None:
    """The value FN gives its local NAME, when it is given exactly one (in its declaration or an
    assignment) and NAME is no parameter."""
    lines = split_lines(text)
    header = mask("\n".join(lines[fn.start - 1:fn.body_start]))
    if re.search(rf"\b{re.escape(name)}\s*[,)]", header):
        return None
    body = "\n".join(lines[fn.body_start - 1:fn.end])
    m = mask(body)
    found = [(x.start(1), x.end(1)) for x in re.finditer(rf"(?<![\w.>]){re.escape(name)}\s*=(?!=)\s*([^;]+);", m)]
    n = re.escape(name)
    written = re.findall(rf"(?<!&)&(?!&)\s*{n}\b|(?<![\w.>]){n}\s*(?:[-+*/|&^]=|\+\+|--)", m)
    if len(found) != 1 or written:
        return None
    a, b = found[0]
    return " ".join(body[a:b].split())


# bus prefix -> the struct its match-data getter takes (i2c_get_match_data(client))
BUSES = {"i2c_": "i2c_client", "spi_": "spi_device", "platform_": "platform_device"}


def bus_of(name: str) -> tuple[str, str] | None:
    """(prefix, struct tag) of the bus whose device NAME takes first, for the bus calls named after it."""
    return next(((p, tag) for p, tag in BUSES.items() if name.startswith(p)), None)


def bus_argument(text: str, fn: Function, lines: list[int], old: str, new: str) -> tuple[str, str]:
    """(the first argument of OLD's calls on LINES, what NEW takes in its place) when one of them takes
    the struct device and the other a bus's device (`device_get_match_data(&client->dev)` ->
    `i2c_get_match_data(client)`); ("", "") when neither is such a pair.  Done for the match-data getters
    of one argument, whose bus device is the one the argument is the `dev` of (`&X->dev`, or a local
    given that once); Manual otherwise."""
    fo, bus, from_bus = family(old), bus_of(new), bus_of(old)
    if fo is None and old.startswith("dev_") and bus is not None:
        fo = ("dev_", "device")        # dev_set_drvdata(&pdev->dev, p) -> platform_set_drvdata(pdev, p)
    # the same accessor of the bus (set_drvdata): its other arguments are the same
    same = bus is not None and fo is not None and old[len(fo[0]):] == new[len(bus[0]):]
    if from_bus is not None and family(new) is not None and family(new) != ("of_", "device_node"):
        raise Manual(f"{new}() takes a struct device * where {old}() takes a struct {from_bus[1]} * "
                     "(`&X->dev` of it): the argument changes with the name, which is for the author")
    if fo is None or fo[0] not in ("device_", "dev_") or bus is None:
        return "", ""
    found = [c for no in lines for c in calls(text, no, no, members=False) if c.name == old]
    if not same and (not (old.endswith("match_data") and new.endswith("match_data")) or
                     any(len(c.args) != 1 for c in found)):
        raise Manual(f"{new}() takes a struct {bus[1]} * where {old}() takes a struct device *, and its other "
                     "arguments may differ: the call changes with them, which is for the author")
    firsts = {" ".join(c.args[0].split()) for c in found}
    if len(firsts) != 1:
        raise Manual(f"the {old}() calls take different devices: which {bus[1]} {new}() takes is for the author")
    arg = firsts.pop()
    value = arg if arg.startswith("&") else _assigned_once(text, fn, arg) or ""
    m = re.fullmatch(r"&\s*([A-Za-z_]\w*)\s*->\s*dev", value)
    header = mask("\n".join(split_lines(text)[fn.start - 1:fn.body_start]))
    if m is None or not re.search(rf"\bstruct\s+{bus[1]}\s*\*\s*{m.group(1)}\b", header + "\n" + mask(text)):
        raise Manual(f"{new}() takes the struct {bus[1]} * whose device {old}() is given ({arg}), and "
                     f"{fn.name}() does not say which one that is: the argument is for the author")
    return arg, m.group(1)


def _given_a_node(text: str, fn: Function, lines: list[int], old: str) -> bool:
    """Whether the first argument of OLD's calls on LINES is a device node: `X->of_node`, `dev_of_node(X)`,
    or a local FN declares `struct device_node *` or gives one of those."""
    for no in lines:
        for c in calls(text, no, no, members=False):
            if c.name != old or not c.args:
                continue
            arg = " ".join(c.args[0].split())
            value = _assigned_once(text, fn, arg) if re.fullmatch(r"[A-Za-z_]\w*", arg) else None
            body = mask("\n".join(split_lines(text)[fn.start - 1:fn.end]))
            if _holder(arg) or (value and _holder(value)) or \
                    re.search(rf"\bstruct\s+device_node\s*\*\s*(?:const\s+)?{re.escape(arg)}\b", body):
                return True
    return False


def node_argument(text: str, fn: Function, lines: list[int], old: str, new: str) -> tuple[str, str]:
    """(the first argument of OLD's calls on LINES, what NEW takes in its place) when OLD and NEW are
    of different accessor families; ("", "") when they are of one family or none.  Manual when the
    new argument cannot be told from the code."""
    by_bus = bus_argument(text, fn, lines, old, new)
    if by_bus != ("", ""):
        return by_bus
    fo, fnew = family(old), family(new)
    rests = {old[len(fo[0]):]} if fo else set()
    if old.startswith("of_device_") and _given_a_node(text, fn, lines, old):
        # of_device_is_compatible(np, ...) takes the node, not the device: device_is_compatible(dev, ...),
        # fwnode_device_is_compatible(dev_fwnode(dev), ...)
        fo, rests = ("of_", "device_node"), {old[len("of_"):], old[len("of_device_"):]}
    if fo is None or fnew is None or fo[0] == fnew[0]:
        return "", ""
    if fo[0] != "of_" or new[len(fnew[0]):] not in rests:
        raise Manual(f"{new}() takes a struct {fnew[1]} * where {old}() takes a struct {fo[1]} *, and its other "
                     "arguments may differ: the call changes with them, which is for the author")
    firsts = {" ".join(c.args[0].split()) for no in lines for c in calls(text, no, no, members=False)
              if c.name == old and c.args}
    if len(firsts) != 1:
        raise Manual(f"the {old}() calls take different nodes: which device {new}() takes is for the author")
    node = firsts.pop()
    holder = _holder(node)
    if holder is None and re.fullmatch(r"[A-Za-z_]\w*", node):
        value = _assigned_once(text, fn, node)
        holder = _holder(value) if value else None
    if holder is None:
        raise Manual(f"{new}() takes the device whose node {old}() is given ({node}), and {fn.name}() does not "
                     "say which device that is: the argument is for the author")
    return node, holder if fnew[0] == "device_" else f"dev_fwnode({holder})"


def unused_after(text: str, fn: Function, node: str, renamed: int) -> str:
    """NODE, a local of FN, when the RENAMED calls were its only uses besides the value it is given:
    the author drops it (it would be an unused variable).  '' otherwise."""
    if not re.fullmatch(r"[A-Za-z_]\w*", node) or _assigned_once(text, fn, node) is None:
        return ""
    body = mask("\n".join(split_lines(text)[fn.body_start - 1:fn.end]))
    # every mention but the one given the value (`np = ...`) and its declaration (`struct device_node *np;`)
    reads = [x for x in re.finditer(rf"(?<![\w.>]){re.escape(node)}\b(?!\s*=(?!=))", body)
             if not re.search(r"\bdevice_node\s*\*\s*(?:const\s+)?$", body[:x.start()])]
    return node if len(reads) == renamed else ""
