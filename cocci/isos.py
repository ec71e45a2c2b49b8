"""standard.iso's negation isomorphisms, off in the generated rules that write `!`.

With not_int1/not_int2 (`!X` also matches `0 == X` and `X == 0`) and not_ptr1/not_ptr2 (`NULL == X`,
`X == NULL`), spatch expands every `!` of a rule into its variants, and the variants of each `!`
multiply with those of the others before anything is matched: a rule removing the quoted
`if (!(flags & A) && !(flags & B)) return -EINVAL;` keeps spatch parsing it for over a minute (0.1 s
without), and one `!(flags & A)` costs 0.13 s a pass.  A generated rule is about the code the
reviewer quoted, as it is written: its rules that write `!` say `disable not_int1, not_int2,
not_ptr1, not_ptr2`, so that `!x` matches `!x`.  Rules the user gives are left as they are.
"""
from __future__ import annotations

import re

from cocci.combine import SmplRule, split

NEGATION_ISOS = ("not_int1", "not_int2", "not_ptr1", "not_ptr2")
_HEAD = re.compile(r"^@([^@]*)@\s*$")
_BANG = re.compile(r"!(?!=)")
_SCRIPT = ("script:", "initialize:", "finalize:")


def _writes_negation(rule: SmplRule) -> bool:
    head = rule.head.split()
    if head and (head[0].startswith(_SCRIPT) or "disable" in head):
        return False
    code = (re.sub(r"//.*$|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"", "", ln) for ln in rule.body)
    return any(_BANG.search(ln) for ln in code)


def _disabled(head: str) -> str:
    words = head.split()
    clause = "disable " + ", ".join(NEGATION_ISOS)
    if words and words[-1] in ("exists", "forall"):
        return " ".join(words[:-1] + [clause, words[-1]])
    return " ".join(words + [clause])


def literal_negations(text: str) -> str:
    """TEXT (a generated .cocci) with the negation isomorphisms off in each rule that writes `!`."""
    if "!" not in text:
        return text
    rules = split(text)[1]
    wanted = [_writes_negation(r) for r in rules]
    if not any(wanted):
        return text
    out: list[str] = []
    k = -1
    in_meta = False
    for line in text.split("\n"):
        m = _HEAD.match(line)
        if m and not in_meta:
            k += 1
            in_meta = True
            if wanted[k]:
                line = f"@{_disabled(m.group(1))}@"
        elif in_meta and line.strip().startswith("@@"):
            in_meta = False
        out.append(line)
    return "\n".join(out)
