"""Copy an Ethernet address with its helper: "Use ether_addr_copy()", "dev_addr is const, please use
eth_hw_addr_set()".

Evidence: the comment names ether_addr_copy() or eth_hw_addr_set() (not to turn it down: "no need for
ether_addr_copy()", nor defending the memcpy(): "memcpy() is right here", "hdr.src is not aligned"),
and the quote holds a memcpy() of one address, a statement of its own:

    memcpy(a, b, ETH_ALEN);                 ether_addr_copy(a, b);
    memcpy(ndev->dev_addr, b, ETH_ALEN);    eth_hw_addr_set(ndev, b);

(eth_hw_addr_set() also for `ndev->addr_len` as the length: it copies that many bytes).  A length
other than ETH_ALEN, a copy into `dev_addr` under "ether_addr_copy()" (dev_addr is const: only
eth_hw_addr_set() writes it), or eth_hw_addr_set() for a copy that is not into a `dev_addr` is
manual.  A verified text edit of the statement's lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from cocci.recipes.ethtool_string import wrapped
from patches.ctext import mask, split_commas
from patches.model import Suggestion

_HELPERS = ("ether_addr_copy", "eth_hw_addr_set")
_MEMCPY = re.compile(r"memcpy\s*\((?P<args>.*)\)\s*;", re.S)


# the memcpy() defended: "memcpy() is right here", "hdr.src is not 2-byte aligned" (ether_addr_copy() needs both
# addresses u16-aligned)
_KEEPS_MEMCPY = re.compile(r"\bmemcpy\b(?:\s*\(\))?\s+is\s+(?:\w+\s+)?(?:fine|right|ok|okay|correct|needed|required|"
                           r"what\s+we\s+want)\b|\b(?:not|n['\u2019]t|un)\s*(?:\w+\s+){0,2}?aligned\b", re.I)


def asked(comment: str) -> str:
    """The helper COMMENT names and asks for, '' for none (named to be turned down, or the memcpy() defended)."""
    named = E.named_identifiers(comment)
    flat = " ".join(comment.split())
    if _KEEPS_MEMCPY.search(flat):
        return ""
    return next((h for h in _HELPERS if h in named and not E.rejected(flat, h)), "")


def helper_call(helper: str, code: str) -> str | None:
    """The HELPER call (no `;`) for the statement CODE; None when CODE is no memcpy() statement; Manual
    when it is one the helper does not do alike."""
    m = _MEMCPY.fullmatch(" ".join(code.split()))
    if m is None or mask(code).count(";") != 1:
        return None
    args = split_commas(m.group("args"))
    if len(args) != 3:
        return None
    dst, src, length = args
    dev = re.fullmatch(r"(?P<nd>.+?)\s*->\s*dev_addr", dst)
    if helper == "ether_addr_copy":
        if dev is not None:
            raise Manual(f"{dst} is const: only eth_hw_addr_set() writes it, which the comment does not ask for")
        if length != "ETH_ALEN":
            raise Manual(f"the memcpy() copies {length} bytes, ether_addr_copy() always ETH_ALEN")
        return f"ether_addr_copy({dst}, {src})"
    if dev is None:
        raise Manual(f"eth_hw_addr_set() sets a net_device's dev_addr; the memcpy() writes {dst}")
    nd = dev.group("nd")
    if length not in ("ETH_ALEN", f"{nd}->addr_len"):
        raise Manual(f"the memcpy() copies {length} bytes, eth_hw_addr_set() {nd}->addr_len")
    return f"eth_hw_addr_set({nd}, {src})"


@dataclass(frozen=True)
class EthAddrParams(InFunction):
    old: list[str]              # the memcpy() statement's lines
    new: list[str]              # the helper call
    line: int = 0


class EthAddr(LinesEdit[EthAddrParams]):
    kind = "eth-addr"
    order = Phase.CALLS
    supersedes = ("rename-call", "replace-code", "use-helper")
    notes = ("The helper copies the ETH_ALEN bytes of one address, as the memcpy() did.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[EthAddrParams] | None:
        helper = asked(s.comment)
        if not helper or E.reviewer_code(s):
            return None
        fn, first, last, _, src = E.quoted_lines(s, ctx)
        found = [(st, call) for st in E.statements(ctx.text, first, last)
                 if (call := helper_call(helper, st.code)) is not None]
        if not found:
            return None
        if len(found) > 1:
            raise Manual(f"the quote holds {len(found)} memcpy() calls: which one the comment means is for the author")
        st, call = found[0]
        old = src[st.start - 1:st.end]
        new = wrapped(E.indent_of(old[0]), call, S.line_limit(ctx.text))
        return Plan(self.kind, slug=helper, order=self.order, files=[ctx.path],
                    params=EthAddrParams(fn.name, old=old, new=new, line=st.start),
                    summary=f"Use {helper}() in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[EthAddrParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the memcpy() is still there"

    def title(self, plan: Plan[EthAddrParams]) -> str:
        return f"Use the address helper in {plan.params.function}()"


RECIPE = EthAddr()
