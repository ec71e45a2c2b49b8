"""Drop a NULL check in front of a call that accepts NULL: "kfree() handles NULL, no need for the
check", "drop the NULL check, of_node_put() copes with it", "the test is not needed".

Evidence: the comment calls a check (test, condition) needless, or says the call accepts NULL
("handles NULL", "NULL-safe", "copes with NULL", "kfree(NULL) is fine"), and the quote holds (or ends
in) an `if` without `else` whose condition only tests a pointer for NULL (`if (p)`, `if (p != NULL)`)
and whose body calls, with that pointer as a whole argument, a function that accepts NULL: one the
comment names, or one of the kernel's NULL-tolerant release calls (``NULL_SAFE``); a `p = NULL;` may
follow.  Then the check changes nothing: the `if` line (and the braces of its body) go and the body
moves one level out, a verified text edit (the new lines hold the same tokens less the `if (...)`
and the braces).  A body that does anything else with the pointer, an `else`, or a comment on the
`if` line is manual: the reviewer's word covers the call, not the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.add_braces import Branch, Unreadable, chain
from patches.ctext import mask, norm
from patches.model import Suggestion

_NEEDLESS = r"(?:redundant|unneeded|unnecessary|needless|superfluous|pointless|useless|not needed|" \
            r"not necessary|not required)"
_CHECK = r"(?:(?:NULL|null|nullptr|pointer)[- ])?(?:check|checking|test|condition)"
_Q = r"[`'\"]?"
# "no need for the NULL check", "drop the if", "the check is redundant", "don't need to check"
_ASKS = re.compile(
    rf"\b(?:no\s+need\s+(?:for|of)|drop|remove|get\s+rid\s+of|lose|kill|don['’]t\s+need|do\s+not\s+need)"
    rf"\s+(?:(?:the|this|that|a|an|extra)\s+)?{_Q}{_CHECK}{_Q}(?!\w)"
    rf"|\b{_Q}{_CHECK}{_Q}\s+(?:\w+\s+)?(?:is\s+|are\s+|looks\s+|seems\s+)?{_NEEDLESS}"
    rf"|\b{_NEEDLESS}\s+(?:NULL[- ])?{_CHECK}\b"
    rf"|\bno\s+need\s+to\s+(?:check|test)\b",
    re.I)
# "kfree() handles NULL", "of_node_put() is NULL-safe", "kfree(NULL) is fine"
_NULL_OK = re.compile(
    r"\b(?:handles?|accepts?|copes?\s+with|deals?\s+with|checks?\s+for|tolerates?|is\s+fine\s+with|"
    r"takes?\s+care\s+of)\s+(?:a\s+)?NULL\b|\bNULL[- ]safe\b|\bNULL[- ]aware\b|"
    r"\(\s*NULL\s*\)\s+is\s+(?:fine|ok|okay|safe|allowed|a\s+no-?op|valid)\b",
    re.I)
# release calls that do nothing for a NULL pointer (include/linux, 6.x)
NULL_SAFE = frozenset("""kfree kvfree vfree kfree_sensitive kvfree_sensitive kfree_const kmem_cache_destroy
bitmap_free free_percpu debugfs_remove debugfs_remove_recursive of_node_put fwnode_handle_put put_device
kobject_put kfree_skb dev_kfree_skb dev_kfree_skb_any dev_kfree_skb_irq consume_skb usb_free_urb
clk_disable_unprepare clk_unprepare clk_disable gpiod_put mempool_destroy dma_pool_destroy
kthread_stop_put""".split())


def asks(comment: str) -> bool:
    """Whether COMMENT calls a check needless or says that a call accepts NULL."""
    flat = " ".join(comment.split())
    if _KEEPS.search(flat) or E.declined_action(flat, ("drop", "remove", "delete", "get rid")):
        return False                # "kfree() handles NULL, but keep the check", "I would not drop it"
    return _ASKS.search(flat) is not None or _NULL_OK.search(flat) is not None


_KEEPS = re.compile(r"\b(?:keep|leave|retain)\s+(?:the|this|that|it|these|those)\b(?:\s+(?:NULL[- ])?"
                    r"(?:check|test)s?\b)?(?!\s+(?:out|away)\b)", re.I)


def checked_pointer(cond: str) -> str | None:
    """The expression COND tests for non-NULL (`p`, `p != NULL`, `NULL != p`), else None."""
    c = norm(cond).strip()
    m = re.fullmatch(r"(.+?)\s*!=\s*NULL|NULL\s*!=\s*(.+)", c)
    expr = (m.group(1) or m.group(2)) if m else c
    expr = expr.strip()
    if re.fullmatch(r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[\s*\w+\s*\])*", expr):
        return re.sub(r"\s+", "", expr)
    return None


def _callees(code: str, ptr: str) -> list[str] | None:
    """The functions the body CODE calls with PTR as a whole argument, one per statement; None when a
    statement does anything else (a `PTR = NULL;` is allowed)."""
    out = []
    for st in [x.strip() for x in mask(code).split(";") if x.strip()]:
        flat = re.sub(r"\s+", "", st)
        if flat == f"{ptr}=NULL":
            continue
        m = re.fullmatch(r"([A-Za-z_]\w*)\((.*)\)", flat)
        if m is None or ptr not in m.group(2).split(","):
            return None
        out.append(m.group(1))
    return out or None


def _unwrapped(src: list[str], br: Branch) -> list[str]:
    """The body of BR one level out (SRC: the file's lines)."""
    indent = E.indent_of(src[br.head[0]])
    inner = indent + "\t"
    body = src[br.body[0]:br.body[1] + 1]
    if any(line.strip() and not line.startswith(inner) for line in body):
        raise Manual("the body of the check is not indented one level deeper than the if")
    return [line[len(inner) - len(indent):] if line.strip() else line for line in body]


_MANY = re.compile(r"\b(?:both|these|those|all\s+(?:of\s+)?(?:the|these|them|those)|checks|tests|conditions)\b",
                   re.I)


def _dropped(src: list[str], m: list[str], top: int, named: set[str]) -> tuple[Branch, list[str], str, str]:
    """(the `if` at line TOP, its body one level out, the pointer it tests, the first callee) when that
    check can go; Manual saying why not.  NAMED: the names the comment gives (a callee it vouches for)."""
    try:
        branches = chain(m, top - 1)
    except Unreadable as e:
        raise Manual(f"the quoted check cannot be read: {e}") from None
    if len(branches) != 1:
        raise Manual("the check has an else branch: dropping it would run both")
    br = branches[0]
    head = "\n".join(m[br.head[0]:br.head[1] + 1])
    cond = head[head.index("(") + 1:head.rindex(")")]
    ptr = checked_pointer(cond)
    if ptr is None:
        raise Manual("the condition is not a plain NULL test of one pointer")
    if head.rstrip().endswith("{") and head[head.rindex(")") + 1:].strip() != "{" or \
            mask(src[br.head[1]]).rstrip() != src[br.head[1]].rstrip():
        raise Manual("the if line holds more than the check (a comment or code)")
    callees = _callees("\n".join(m[br.body[0]:br.body[1] + 1]), ptr)
    if callees is None:
        raise Manual(f"the body does more than pass {ptr} to a call: the reviewer's word covers the call only")
    unsure = [c for c in callees if c not in named and c not in NULL_SAFE]
    if unsure:
        raise Manual(f"{unsure[0]}() is not known to accept NULL and the comment does not say it does")
    body = _unwrapped(src, br)
    if norm(mask("\n".join(body))).split() != norm(mask("\n".join(src[br.body[0]:br.body[1] + 1]))).split():
        raise Manual("dropping the check would change more than the check")
    return br, body, ptr, callees[0]


@dataclass(frozen=True)
class DropCheckParams(InFunction):
    old: list[str]               # the `if` and its body, as they are
    new: list[str]               # the body alone, one level out
    pointer: str                 # what the check tested
    line: int = 0                # where OLD starts in the file the plan was made on


class DropCheck(LinesEdit[DropCheckParams]):
    kind = "drop-check"
    takes_away = True           # a doubting question may ask for it
    # like braces: on the statements as the earlier rules leave them
    order = Phase.BRACES
    supersedes = ("remove-statements",)     # "no need for the check": the call stays

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropCheckParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        fn, first, last, m, src = E.quoted_lines(s, ctx)
        heads = [n for n in range(last, first - 1, -1) if re.match(r"\s*if\s*\(", m[n - 1])]
        whole = E.whole_quote_in(s, ctx.text, fn)
        if not heads and whole is not None:
            # the quote narrowed to the call the comment names: the check is the quoted `if` around it
            heads = [n for n in range(min(last, whole[1]), whole[0] - 1, -1) if re.match(r"\s*if\s*\(", m[n - 1])]
        if not heads:
            return None
        # "both checks", "these tests": every quoted check; otherwise the one nearest to the comment
        many = _MANY.search(" ".join(s.comment.split())) is not None
        named = set(E.named_identifiers(s.comment))
        found = [_dropped(src, m, top, named) for top in (heads if many else heads[:1])]
        found.sort(key=lambda f: f[0].head[0])
        if any(a[0].end >= b[0].head[0] for a, b in zip(found, found[1:], strict=False)):
            raise Manual("the quoted checks are nested in each other")
        first_br = found[0][0]
        old = src[first_br.head[0]:found[-1][0].end + 1]
        new: list[str] = []
        at = first_br.head[0]
        for br, body, _, _ in found:
            new += src[at:br.head[0]] + body
            at = br.end + 1
        ptrs = sorted({f[2] for f in found})
        return Plan(self.kind, slug="drop-check", order=self.order, files=[ctx.path],
                    params=DropCheckParams(fn.name, old=old, new=new, pointer=", ".join(ptrs),
                                           line=first_br.head[0] + 1),
                    summary=f"Drop the NULL check of {', '.join(ptrs)} before {found[0][3]}() in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropCheckParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the check is still there"

    def title(self, plan: Plan[DropCheckParams]) -> str:
        return f"Drop the NULL check in {plan.params.function}()"

    def rule_notes(self, plan: Plan[DropCheckParams], ctx: CodeContext) -> list[str]:
        return [f"The body only passes {plan.params.pointer} to calls that accept NULL: the check changes",
                "nothing.  SmPL cannot move a body out of its braces without re-printing it."]


RECIPE = DropCheck()
