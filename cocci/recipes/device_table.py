"""Add the missing `MODULE_DEVICE_TABLE()` of an ID table: "Missing MODULE_DEVICE_TABLE()", "please
add MODULE_DEVICE_TABLE(of, ...) so the module autoloads", "No MODULE_DEVICE_TABLE?".

Evidence: the comment names MODULE_DEVICE_TABLE with no word that takes it away or calls it there
already, and exactly one `struct <bus>_device_id NAME[] = {...};` table of the file is meant: the one
the quoted lines lie in, else the one table the quote names (`.of_match_table = foo_of_match,`), and
the file has no MODULE_DEVICE_TABLE() for it.  The line goes right after the table's `};`, with the
bus its type names (`of_device_id`: `of`, `i2c_device_id`: `i2c`), or the other name modpost
(scripts/mod/file2alias.c) lists that type under (`hv_vmbus_device_id`: `vmbus`, `hda_device_id`:
`hdaudio`); `mhi_device_id`, listed under two (`mhi`, `mhi_ep`), is manual.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from patches.ctext import mask
from patches.model import Suggestion

_NAMED = re.compile(r"\bMODULE_DEVICE_TABLE\b")
_NOT_WANTED = re.compile(r"\b(?:drop|remove|duplicate\w*|twice|already|not\s+needed|unneeded|unnecessary|"
                         r"no\s+need|needless|don['’]?t\s+need|do\s+not\s+need|why)\b", re.I)
# struct X_device_id whose table modpost reads under another name than X (scripts/mod/file2alias.c)
_ALIAS_TYPES = {"hv_vmbus": "vmbus", "mips_cdmm": "mipscdmm", "mei_cl": "mei", "rio": "rapidio", "hda": "hdaudio",
                "fsl_mc": "fslmc", "tee_client": "tee"}
_TWO_TYPES = {"mhi": ("mhi", "mhi_ep")}
_TABLE = re.compile(r"\bstruct\s+(\w+)_device_id\s+(\w+)\s*\[\s*\](?:\s*__\w+)*\s*=\s*\{")


@dataclass(frozen=True)
class DeviceTableParams(Params):
    old: list[str]               # the table's closing `};`
    new: list[str]               # it and the MODULE_DEVICE_TABLE() line
    line: int                    # where the `};` stands
    table: str
    bus: str
    function: str = ""           # file scope


@dataclass(frozen=True)
class Table:
    bus: str
    name: str
    start: int                   # line of `... name[] = {`
    end: int                     # line of its `};`


def tables(text: str) -> list[Table]:
    """The `struct X_device_id NAME[] = {...};` tables of TEXT, with the line of their closing `};`."""
    m = mask(text).splitlines()
    out = []
    for no, ln in enumerate(m, 1):
        t = _TABLE.search(ln)
        if t is None:
            continue
        end = next((k for k in range(no, len(m) + 1) if re.match(r"\s*\}\s*;", m[k - 1])), None)
        if end is not None:
            out.append(Table(t.group(1), t.group(2), no, end))
    return out


def has_device_table(text: str, name: str) -> bool:
    return re.search(rf"^\s*MODULE_DEVICE_TABLE\s*\(\s*\w+\s*,\s*{re.escape(name)}\s*\)", text, re.M) is not None


def asks_device_table(comment: str) -> bool:
    text = " ".join(comment.split())
    return bool(_NAMED.search(text)) and not _NOT_WANTED.search(text)


class DeviceTable(LinesEdit[DeviceTableParams]):
    kind = "device-table"
    order = Phase.CALLS
    changed = "the MODULE_DEVICE_TABLE() line"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DeviceTableParams] | None:
        if not ctx.text or s.anchor.in_message or not asks_device_table(s.comment):
            return None
        src = ctx.text.splitlines()
        span = CD.quote_span(s, ctx, 1, len(src)) or s.anchor.lines
        if span is None:
            return None
        all_tables = tables(ctx.text)
        meant = [t for t in all_tables if t.start <= span[1] and t.end >= span[0]]
        if not meant:
            quoted = mask("\n".join(src[span[0] - 1:span[1]]))
            meant = [t for t in all_tables if re.search(rf"\b{re.escape(t.name)}\b", quoted)]
        if not meant:
            return None
        if len(meant) > 1:
            raise Manual(f"the quote holds several ID tables ({', '.join(t.name for t in meant)}): which one "
                         "lacks MODULE_DEVICE_TABLE() is not said")
        t = meant[0]
        if has_device_table(ctx.text, t.name):
            raise Manual(f"{t.name} has its MODULE_DEVICE_TABLE() already")
        if t.bus in _TWO_TYPES:
            raise Manual(f"modpost reads a {t.bus}_device_id table as {' or '.join(_TWO_TYPES[t.bus])}: which one "
                         "this driver's is, is for the author")
        close = src[t.end - 1]
        line = f"MODULE_DEVICE_TABLE({_ALIAS_TYPES.get(t.bus, t.bus)}, {t.name});"
        return Plan(self.kind, slug=t.name, order=self.order, files=[ctx.path],
                    params=DeviceTableParams(old=[close], new=[close, line], line=t.end, table=t.name, bus=t.bus),
                    summary=f"Add MODULE_DEVICE_TABLE() for {t.name}")

    def is_applied(self, s: Suggestion, plan: Plan[DeviceTableParams], text: str) -> bool:
        return has_device_table(text, plan.params.table)

    def rule_notes(self, plan: Plan[DeviceTableParams], ctx: CodeContext) -> list[str]:
        bus = plan.params.bus
        return [f"struct {bus}_device_id: the table modpost reads as '{_ALIAS_TYPES.get(bus, bus)}', which the "
                "module's aliases are made from."]


RECIPE = DeviceTable()
