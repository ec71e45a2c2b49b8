"""What a Kconfig entry depends on or selects, asked for in words: "depends on ARCH_FOO || COMPILE_TEST"
said as "Missing || COMPILE_TEST", "please add select REGMAP_I2C", "this needs depends on OF"; a verified
text edit of the entry the quote lies in.

Evidence: the file is a Kconfig file, the quote lies in one `config` entry, and
  - the comment names COMPILE_TEST (not as a question, not to drop it): the one `depends on` line of
    the quote (else of the entry) that is a symbol or an `||` of symbols gets ` || COMPILE_TEST`;
    an `&&`, a `!` or parentheses leave where it goes to the author;
  - the comment asks for `select SYM` or `depends on SYM` (add, missing, needs, should, please; not
    "no need to select", "drop"): the line goes right after the entry's last line of that keyword, or
    for a select after its last `depends on`, or after its type line, indented as the entry's lines.
A symbol the entry has already, two symbols asked for, or an entry that cannot be found is manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.text_lines import quoted_run
from patches import textfile as F
from patches.model import Suggestion

_NOT = re.compile(r"\b(?:drop|remove|no\s+need|not\s+needed|unneeded|don'?t|do\s+not|without|instead\s+of|"
                  r"why|unnecessary|redundant|pointless|useless|overkill|no\s+point|(?:makes?|making)\s+no\s+sense|"
                  r"(?:does\s*n['\u2019]?t|does\s+not)\s+make\s+sense|not\s+(?:useful|worth))\b", re.I)
# a sentence naming COMPILE_TEST that asks for it: the operator written, or a word that asks ("missing",
# "please allow"); "COMPILE_TEST builds everywhere anyway" asks for nothing
_ASKS_COMPILE_TEST = re.compile(r"\|\|\s*COMPILE_TEST|\b(?:allow|enable|build[- ]?test)\w*\b")
_OPTION = re.compile(r"\b(select|depends\s+on)\s+['\"`]?([A-Z][A-Z0-9_]*[A-Z0-9])\b")
_ASK = re.compile(r"\b(?:add|missing|needs?|needed|should|shouldn'?t|please|forgot|must|requires?|have\s+to)\b",
                  re.I)
_TYPES = {"bool", "tristate", "string", "int", "hex", "def_bool", "def_tristate"}
_SYMBOLS_OR = re.compile(r"^[A-Za-z0-9_]+(?:\s*\|\|\s*[A-Za-z0-9_]+)*$")


@dataclass(frozen=True)
class KconfigOptionParams(Params):
    old: list[str]               # the line changed, or the line the new one goes under
    new: list[str]               # what it becomes (with the new line)
    line: int                    # where OLD is (1-based)
    entry: str                   # the config symbol of the entry
    function: str = ""           # file scope


def entry_span(src: list[str], at: int) -> tuple[int, int] | None:
    """(first, end) of the `config`/`menuconfig` entry line AT lies in: its header through the line
    before the next line at the left margin (blank lines after it left out); None outside an entry."""
    head = next((n for n in range(at, -1, -1) if src[n].strip() and not src[n][:1].isspace()), None)
    if head is None or not re.match(r"(?:menu)?config\s+\w+\s*$", src[head]):
        return None
    end = next((n for n in range(head + 1, len(src)) if src[n].strip() and not src[n][:1].isspace()), len(src))
    while end > head + 1 and not src[end - 1].strip():
        end -= 1
    return head, end


def _sentences(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"(?<=[.?!])\s+", text) if x.strip()]


class KconfigOption(LinesEdit[KconfigOptionParams]):
    kind = "kconfig-option"
    order = Phase.LISTS
    changed = "the entry's line"
    notes = ("SmPL reads C only: a verified text edit of the Kconfig entry.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[KconfigOptionParams] | None:
        if F.file_kind(ctx.path) != F.KCONFIG or not ctx.text or s.anchor.in_message:
            return None
        if any(w.strip() for w in s.written):
            return None             # the reviewer's own lines: text-lines
        text = " ".join(s.comment.split())
        found = quoted_run(s, ctx)
        if found is None:
            return None
        src = ctx.text.splitlines()
        at, run = found
        span = entry_span(src, at)
        if span is None or span[1] < at + len(run):
            return None
        asks = [sent for sent in _sentences(text) if not _NOT.search(sent)]
        if any("COMPILE_TEST" in sent and (_ASK.search(sent) or _ASKS_COMPILE_TEST.search(sent)) for sent in asks):
            return self._compile_test(ctx, src, at, run, span)
        options = {(m.group(1).split()[0], m.group(2)) for sent in asks if _ASK.search(sent)
                   and (not sent.endswith("?") or re.match(r"(?:shouldn'?t|doesn'?t|don'?t)\b", sent, re.I))
                   for m in _OPTION.finditer(sent)}
        if not options:
            return None
        if len(options) > 1:
            raise Manual("the comment asks for several Kconfig lines: " + ", ".join(f"{k} {v}" for k, v in
                                                                                    sorted(options)))
        word, symbol = options.pop()
        return self._add(ctx, src, span, "depends on" if word == "depends" else word, symbol)

    def _compile_test(self, ctx: CodeContext, src: list[str], at: int, run: list[str],
                      span: tuple[int, int]) -> Plan[KconfigOptionParams]:
        # the entry's attribute lines: its help text (which may begin a line with "depends on") is no attribute
        help_at = next((n for n in range(span[0] + 1, span[1]) if F.key(src[n], F.KCONFIG) in ("help", "---help---")),
                       span[1])
        entry = range(span[0], help_at)
        if any("COMPILE_TEST" in src[n] for n in entry):
            raise Manual("the entry names COMPILE_TEST already")
        deps = [at + k for k, ln in enumerate(run) if at + k < help_at and F.key(ln, F.KCONFIG) == "depends on"] or \
            [n for n in entry if F.key(src[n], F.KCONFIG) == "depends on"]
        if len(deps) != 1:
            raise Manual("no one `depends on` line to add COMPILE_TEST to" if not deps else
                         "several `depends on` lines: which takes COMPILE_TEST is unclear")
        n = deps[0]
        line = src[n]
        expr = re.sub(r"^\s*depends\s+on\s+", "", line).strip()
        if not _SYMBOLS_OR.match(expr):
            raise Manual(f"`{line.strip()}` is more than symbols joined by ||: where COMPILE_TEST goes is for "
                         "the author")
        new = line.rstrip() + " || COMPILE_TEST"
        return self._plan(ctx, [line], [new], n, _symbol(src, span), f"`{new.strip()}`")

    def _add(self, ctx: CodeContext, src: list[str], span: tuple[int, int], word: str,
             symbol: str) -> Plan[KconfigOptionParams]:
        entry = list(range(span[0] + 1, span[1]))
        if any(re.search(rf"\b{symbol}\b", src[n]) and F.key(src[n], F.KCONFIG) == word for n in entry):
            raise Manual(f"the entry has `{word} {symbol}` already")
        attrs = []
        for n in entry:
            k = F.key(src[n], F.KCONFIG)
            if k in ("help", "---help---"):
                break
            if k:
                attrs.append((n, k))
        same = [n for n, k in attrs if k == word]
        deps = [n for n, k in attrs if k == "depends on"]
        typed = [n for n, k in attrs if k in _TYPES or k == "prompt"]
        under = same[-1] if same else deps[-1] if word == "select" and deps else typed[-1] if typed else None
        if under is None:
            raise Manual("the entry has no type line to put the new line under")
        indent = F.indent(src[under])
        new = f"{indent}{word} {symbol}"
        return self._plan(ctx, [src[under]], [src[under], new], under, _symbol(src, span), f"`{word} {symbol}`")

    def _plan(self, ctx: CodeContext, old: list[str], new: list[str], n: int, entry: str,
              what: str) -> Plan[KconfigOptionParams]:
        return Plan(self.kind, slug=entry.lower(), order=self.order, files=[ctx.path],
                    summary=f"{what} in the {entry} entry of {ctx.path}",
                    params=KconfigOptionParams(old=old, new=new, line=n + 1, entry=entry))


def _symbol(src: list[str], span: tuple[int, int]) -> str:
    return src[span[0]].split()[1]


RECIPE = KconfigOption()
