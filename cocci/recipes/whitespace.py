"""Fix the whitespace the reviewer points at on the quoted line: "stray whitespace before =",
"double space", "trailing whitespace", "space after if", "no space before (".

Evidence: the comment names a whitespace fault, and the quoted logical line nearest to the comment
has it.  What changes, outside string literals and comments only:
  - blanks before a token ("stray/extra whitespace before =", "no space before ("): none before
    `(`, `)`, `[`, `]`, `,` and `;` (a keyword's `(` keeps its blank), one before anything else;
  - a missing blank after a token ("space after if", "missing space after ,"): one blank;
  - "double/extra/two spaces", "stray whitespace" with no token: runs of blanks inside the line
    (not its indentation, not before a trailing comment) become one;
  - "trailing whitespace": the ends of the lines;
  - "use tabs for indentation": the indentation, its width kept, written with tabs.
A fault the quote does not show is not looked for elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import Function, mask
from cocci.recipe import CodeContext, Manual, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.model import Suggestion

# "blank line" is a line, not a blank: blank_line.py's
_BLANK = r"(?:white\s*-?\s*spaces?|spaces?|blanks?(?!\s+lines?\b)|tabs?)"
TRAILING = re.compile(rf"\btrailing\s+{_BLANK}", re.I)
BEFORE = re.compile(rf"\b(?:(?:stray|extra|spurious|superfluous|unnecessary|redundant|unneeded|double|two)\s+)?"
                    rf"{_BLANK}\s+(?:before|in\s+front\s+of)\s+(?:the\s+)?(['\"`]?)(\S+?)\1(?=[\s,.;:)!?]|$)",
                    re.I)
AFTER = re.compile(rf"\b{_BLANK}\s+after\s+(?:the\s+)?(['\"`]?)(\S+?)\1(?=[\s,.;:)!?]|$)", re.I)
REMOVE = re.compile(r"\b(?:stray|extra|spurious|superfluous|unnecessary|redundant|unneeded|double|two|no|drop|"
                    r"remove|delete|get\s+rid|without|too\s+many)\b", re.I)
ADD = re.compile(r"\b(?:missing|add|insert|need|needs|needed|want|put|a)\b", re.I)
COLLAPSE = re.compile(rf"\b(?:double|two|extra|stray|spurious|superfluous|multiple)\s+{_BLANK}|"
                      rf"\b{_BLANK}\s+damage", re.I)
NO_BLANK_BEFORE = ("(", ")", "[", "]", ",", ";")
KEYWORDS_BEFORE_PAREN = ("if", "for", "while", "switch", "return", "sizeof", "case", "do", "else")
_WORDS = {"open parenthesis": "(", "opening parenthesis": "(", "parenthesis": "(", "paren": "(",
          "bracket": "[", "comma": ",", "semicolon": ";", "equals": "=", "equal": "=",
          "assignment": "=", "the assignment": "="}


def _token(word: str) -> str:
    w = word.strip("'\"`").rstrip(".,:;!?") or word
    return _WORDS.get(w.lower(), w)


# "Use tabs for indentation.", "indent with tabs", "spaces instead of tabs", checkpatch's "code indent should
# use tabs where possible"
INDENT = re.compile(r"\b(?:use|with|using|should\s+use)\s+tabs?\s+(?:for|to)\s+indent|\bindent\w*\s+(?:\w+\s+)?"
                    r"(?:with|using)\s+tabs?\b|\bspaces?\s+instead\s+of\s+tabs?\b|\btabs?,?\s+(?:instead\s+of|"
                    r"not)\s+spaces?\b|\bcode\s+indent\s+should\s+use\s+tabs\b", re.I)


def what(comment: str) -> tuple[str, str] | None:
    """(operation, token) the comment asks for: ("trailing", ""), ("before", tok) to drop extra blanks
    before TOK, ("after", tok) to put one blank after TOK, ("collapse", ""), ("indent", "") to indent
    with tabs; None when none."""
    text = " ".join(comment.split())
    if TRAILING.search(text):
        return "trailing", ""
    if INDENT.search(text):
        return "indent", ""
    m = BEFORE.search(text)
    if m and (REMOVE.search(text[:m.end()]) or re.search(r"\b(?:stray|extra|no)\b", m.group(0), re.I)):
        return "before", _token(m.group(2))
    m = AFTER.search(text)
    if m:
        if REMOVE.search(text[max(0, m.start() - 30):m.start() + 1]):
            return "after-remove", _token(m.group(2))
        if ADD.search(text[max(0, m.start() - 30):m.start() + 1]) or text.lower().startswith(m.group(0).lower()):
            return "after", _token(m.group(2))
    if COLLAPSE.search(text):
        return "collapse", ""
    return None


_LITERAL = re.compile(r"""/\*.*?(?:\*/|$)|//.*$|"(?:\\.|[^"\\])*(?:"|$)|'(?:\\.|[^'\\])*(?:'|$)""")


def _code_part(line: str) -> tuple[str, str]:
    """LINE split into its code and a trailing comment."""
    m = mask(line)
    code_end = len(m.rstrip())
    if code_end < len(line.rstrip()):
        return line[:code_end], line[code_end:]
    return line, ""


def _literal_mask(body: str) -> str:
    """BODY with string, char literals and comments (quotes included) replaced by `x`: what is not code."""
    return _LITERAL.sub(lambda mm: "x" * len(mm.group()), body)


def fixed(line: str, op: str, tok: str) -> str:
    """LINE with the whitespace fault OP (about TOK) fixed, strings and comments untouched."""
    if op == "trailing":
        return line.rstrip()
    if op == "indent":
        # the indentation's width kept, written with tabs (eight columns each) and the rest in spaces
        body = line.lstrip(" \t")
        width = len(line[:len(line) - len(body)].expandtabs(8))
        return "\t" * (width // 8) + " " * (width % 8) + body if body else line
    code, tail = _code_part(line)
    indent = code[:len(code) - len(code.lstrip())]
    body = code[len(indent):]
    m = _literal_mask(body)
    out = []
    i = 0
    while i < len(body):
        if m[i] in " \t" and (i == 0 or m[i - 1] not in " \t"):
            j = i
            while j < len(body) and m[j] in " \t":
                j += 1
            gap = body[i:j]
            if j < len(body):
                after_tok = m[j:j + len(tok)] == tok if tok else False
                word = re.search(r"([A-Za-z_]\w*)$", m[:i])
                if op == "before" and after_tok:
                    gap = "" if tok in NO_BLANK_BEFORE and not (tok == "(" and word and word.group(1)
                                                                in KEYWORDS_BEFORE_PAREN) else " "
                elif op == "collapse" and len(gap) > 1:
                    gap = " "
                elif op == "after-remove" and m[:i].endswith(tok):
                    gap = ""
            out.append(gap)
            i = j
            continue
        out.append(body[i])
        # never a blank before a closing `)`, `]`, `,` or `;` ("a tab instead of a space after 'client,'" names
        # the identifier the comma follows: `client ,` is no fix)
        if op == "after" and tok and m[i + 1 - len(tok):i + 1] == tok and i + 1 < len(body) \
                and m[i + 1] not in " \t),;]" and _is_token_end(m, i + 1 - len(tok), tok):
            out.append(" ")
        i += 1
    return indent + "".join(out) + tail


def _is_token_end(m: str, start: int, tok: str) -> bool:
    """Whether TOK at START of masked M stands alone (a keyword is not part of a longer name)."""
    if re.fullmatch(r"\w+", tok):
        before = m[start - 1:start] if start else ""
        after = m[start + len(tok):start + len(tok) + 1]
        return not re.match(r"\w", before or " ") and not re.match(r"\w", after or " ")
    return True


@dataclass(frozen=True)
class WhitespaceParams(S.LayoutParams):
    op: str                     # what to fix: "trailing", "collapse", "before", "after", "after-remove"
    tok: str                    # the token the blank goes before/after ("" for trailing, collapse)
    # "Same below.": how many units of the function after the quoted one have the same fault and are
    # fixed too; None when not asked
    later: int | None = None

    def reach_below(self) -> int | None:
        return self.later


def faulty_below(text: str, fn: Function, b: int, op: str, tok: str) -> list[tuple[int, int]]:
    """The units (first, last line) of FN after line B that have the fault OP at TOK."""
    src = text.splitlines()
    return [(x, y) for x, y in S.units(text, fn.body_start + 1, fn.end - 1)
            if x > b and any(fixed(ln, op, tok) != ln for ln in src[x - 1:y])]


class Whitespace(S.LayoutRecipe[WhitespaceParams]):
    kind = "whitespace"
    what = "Fix the whitespace"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[WhitespaceParams] | None:
        asked = what(s.comment)
        if asked is None:
            return None
        op, tok = asked
        fn, first, last = self.understand_unit(s, ctx)
        src = ctx.text.splitlines()
        hits = [(a, b) for a, b in S.units(ctx.text, fn.body_start + 1, fn.end - 1)
                if a <= last and b >= first and any(fixed(ln, op, tok) != ln for ln in src[a - 1:b])]
        if not hits:
            raise Manual(f"the quoted lines show no {op.replace('-', ' ')} whitespace to fix"
                         + (f" at `{tok}`" if tok else ""))
        a, b = hits[-1]                     # nearest to the comment
        label = {"trailing": "trailing whitespace", "collapse": "doubled blanks", "indent": "indentation",
                 "before": f"whitespace before {tok}", "after": f"missing space after {tok}",
                 "after-remove": f"whitespace after {tok}"}[op]
        # "Same below.": the units of the function after the quoted one with the same fault, fixed the same
        # way (the lines from the quoted unit to the last of them are one edit)
        later = len(faulty_below(ctx.text, fn, b, op, tok)) if E.same_below_only(s.comment) else None
        return self.plan_for(ctx, fn, a, b, slug=re.sub(r"\W+", "-", label).strip("-"),
                             summary=f"Fix the {label} in {fn.name}()" + (f" (and {later} below)" if later else ""),
                             params=lambda f, unit, k: WhitespaceParams(f, unit, k, op=op, tok=tok, later=later))

    def relayout(self, plan: Plan[WhitespaceParams], text: str, fn: Function, a: int, b: int
                 ) -> tuple[int, int, list[str]]:
        op, tok = plan.params.op, plan.params.tok
        below = faulty_below(text, fn, b, op, tok) if plan.params.later else []
        upto = below[-1][1] if below else b
        return a, upto, [fixed(ln, op, tok) for ln in text.splitlines()[a - 1:upto]]


RECIPE = Whitespace()
