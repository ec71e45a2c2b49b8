"""Drop the quotes around YAML values of a devicetree binding: "Drop the quotes." under
`$id: "http://devicetree.org/schemas/iio/adc/acme,qx100.yaml#"`.

Evidence: the file is YAML (`.yaml`), the comment asks to drop or remove quotes (or says they are not
needed), and the lines the quote adds hold values in double or single quotes.  Each such value whose
text means the same unquoted (a plain scalar: it does not start with a YAML indicator, holds no ": "
or " #", does not end with ":", and does not read as another type: a number, a boolean, null, a date)
loses its quotes; a value that needs them keeps them, and when no quoted value can lose its
quotes the request is manual.  Only the quoted lines change.  A verified text edit at file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

_ASKS = re.compile(r"\b(?:drop|remove|no\s+need\s+for|get\s+rid\s+of|without|unnecessary|unneeded|"
                   r"not\s+needed|superfluous|redundant)\b[^.?!]{0,30}\bquot(?:es?|ing|ation\s+marks)\b|"
                   r"\bquot(?:es?|ing)\b[^.?!]{0,20}\b(?:not\s+needed|unnecessary|unneeded|can\s+go|redundant)\b",
                   re.I)
# `key: "value"`, `- "value"`, `- key: "value"`, with a comment after or not
_QUOTED = re.compile(r"^(?P<head>\s*(?:-\s+)?(?:[^\s\"'#][^\"'#]*?:\s+|-\s+)?)"
                     r"(?P<q>[\"'])(?P<value>[^\"'\\]*)(?P=q)(?P<tail>\s*(?:#.*)?)$")
_INDICATOR = "-?:,[]{}#&*!|>'\"%@`"
# numbers (YAML 1.1 sexagesimal `1:30` too), booleans, null, and dates (`2024-01-31`, read as timestamps)
_OTHER_TYPE = re.compile(r"^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0[xXoObB][\da-fA-F_]+|"
                         r"[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?(?:[Tt\s].*)?|"
                         r"[-+]?\.inf|\.nan|true|false|yes|no|on|off|y|n|null|~)$", re.I)


def plain(value: str) -> bool:
    """Whether VALUE, written without quotes, is the same string in YAML."""
    return bool(value) and value[0] not in _INDICATOR and value == value.strip() and ": " not in value \
        and " #" not in value and not value.endswith(":") and _OTHER_TYPE.match(value) is None


def unquoted(line: str) -> str:
    """LINE with its one quoted value unquoted when that means the same; LINE itself otherwise."""
    m = _QUOTED.match(line)
    if m is None or not plain(m.group("value")):
        return line
    return m.group("head") + m.group("value") + m.group("tail")


@dataclass(frozen=True)
class YamlUnquoteParams(Params):
    old: list[str]               # the quoted lines as they are
    new: list[str]               # the same without the quotes that are not needed
    function: str = ""           # file scope


class YamlUnquote(LinesEdit[YamlUnquoteParams]):
    kind = "yaml-unquote"
    order = Phase.LAYOUT
    changed = "the quotes"
    notes = ("SmPL reads C only: a verified text edit of the quoted YAML lines.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[YamlUnquoteParams] | None:
        if not ctx.path.endswith(".yaml") or not _ASKS.search(" ".join(s.comment.split())) or not ctx.text:
            return None
        marked = any(q[:1] in ("+", "-") for q in s.quoted)
        lines = [q[1:] for q in s.quoted if q.startswith("+")] if marked else list(s.quoted)
        lines = [ln for ln in lines if ln.strip()]
        if not lines or not any(_QUOTED.match(ln) for ln in lines):
            return None
        src = ctx.text.splitlines()
        at = [i for i in range(len(src) - len(lines) + 1)
              if [x.rstrip() for x in src[i:i + len(lines)]] == [x.rstrip() for x in lines]]
        if len(at) != 1:
            return None
        old = src[at[0]:at[0] + len(lines)]
        new = [unquoted(ln) for ln in old]
        if new == old:
            raise Manual("every quoted value needs its quotes (it would read as another type or text unquoted)")
        return Plan(self.kind, slug="quotes", order=self.order, files=[ctx.path],
                    summary="Drop the quotes around the values", params=YamlUnquoteParams(old=old, new=new))


RECIPE = YamlUnquote()
