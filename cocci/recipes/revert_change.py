"""Put back what the base had where the reviewer calls a quoted change unrelated, as a verified text edit.

Evidence: the comment says the quoted change does not belong ("This is an unrelated style change.",
"spurious change", "unrelated whitespace change", "please don't change this here", "why is this
moved?"), and the quote right above it is one piece of one hunk of the patch with at least one '-'
or '+' line.  The edit replaces exactly the quoted post-image (context and '+' lines) by the quoted
pre-image (context and '-' lines).  What the comment calls the change must hold for the quote: a
whitespace change only moves whitespace, a style change keeps every name and number, a move keeps
the lines; else the recipe leaves it manual.  Never when the reviewer asks to split the change into
a patch of its own (reverting it would lose it), nor when the rest of the patch uses a name the
quoted '+' lines introduce, nor when the '-' lines name something the patch removed elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections import Counter

from cocci import render as R
from cocci import textedit as T
from cocci.linediff import opcodes
from patches.ctext import KEYWORDS, function_at, mask, norm, tokens
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from patches.model import Suggestion

_UNRELATED = re.compile(
    r"\b(unrelated|spurious|unneeded|unnecessary|gratuitous|stray|unintended|accidental|random)\s+"
    r"(?:\w+\s+){0,2}(change|changes|hunk|edit|modification|cleanup|reformatting|reformat|churn)\b"
    r"|\b(do not|don't|dont|please don't|no need to|shouldn't|should not)\s+(change|touch|modify|reformat|"
    r"move|reorder)\s+(this|that|these|it|them)\b"
    r"|\bwhy\s+(is|are|was|were|did you|do you)\s+(this|these|that|it|they)?\s*(moved|move|reordered|"
    r"reformatted)\b"
    r"|\b(this|that)\s+(change|hunk)\s+(is\s+)?(unrelated|not related)\b"
    r"|\bnot related to (this|the) (patch|change|fix)\b", re.I)
_SPLIT = re.compile(r"\b(separate|own|another|different|follow-?up|other)\s+(patch|commit|series|change)\b"
                    r"|\bsplit\b", re.I)
_WHITESPACE = re.compile(r"\b(white\s*-?space|indentation|indent|blank line|empty line)s?\b", re.I)
_STYLE = re.compile(r"\b(style|styling|coding style|cosmetic|formatting|reformat\w*|churn)\b", re.I)
_MOVED = re.compile(r"\b(moved|move|moving|reorder\w*)\b", re.I)
_HEADER = ("diff --git", "index ", "--- ", "+++ ")
MAX_CHANGED = 12      # quoted '-' and '+' lines together: a larger quote is more than one remark is about


# said of the change in the negative: "This is not an unrelated change", "I don't think this is a spurious change"
_NEGATED = re.compile(r"(?<!\bwhy\s)\b(?:not|no|never|hardly)\b|n['\u2019]t\b", re.I)
# taken back in the same sentence: "Unrelated change, but I'm fine with it", "..., but patch 3 uses it"
_CONCEDED = re.compile(r"^[^.;!?]*?\bbut\b(?![^.;!?]*\b(?:please|drop|revert|remove|undo|split|separate|should|must|"
                       r"can\s+you|could\s+you|don['\u2019]?t|do\s+not)\b)", re.I)


def asks_revert(comment: str) -> bool:
    """Whether COMMENT calls the quoted change unrelated: said in its clause without a negation before it,
    and not taken back after it in its sentence ("..., but it is needed")."""
    flat = " ".join(comment.split())
    for m in _UNRELATED.finditer(flat):
        clause = flat[max(flat.rfind(c, 0, m.start()) for c in ".;,:!?") + 1:m.start()]
        if not _NEGATED.search(clause) and not _CONCEDED.match(flat[m.end():]):
            return True
    return False


def quoted_hunk(quote: list[str]) -> list[tuple[str, str]]:
    """The quote's body as (marker, text) pairs, marker ' ', '-' or '+'; Manual when it spans hunks."""
    body: list[tuple[str, str]] = []
    for q in quote:
        if q.startswith(_HEADER):
            if body:
                raise Manual("the quote spans several files")
            continue
        if q.startswith("@@"):
            if any(m != " " for m, _ in body):
                raise Manual("the quote spans several hunks")
            body = []
            continue
        if q[:1] in ("-", "+"):
            body.append((q[0], q[1:]))
        else:
            body.append((" ", q[1:] if q[:1] == " " else q))
    while body and body[0][0] == " " and not body[0][1].strip():
        body.pop(0)
    while body and body[-1][0] == " " and not body[-1][1].strip():
        body.pop()
    return body


def _names(lines: list[str]) -> Counter:
    """Identifiers (not keywords) and numbers of LINES, masked of comments and strings, with counts."""
    toks = tokens(mask("\n".join(lines)))
    return Counter(t for t in toks if (t[0].isalnum() or t[0] == "_") and t not in KEYWORDS)


def what_holds(old: list[str], new: list[str]) -> set[str]:
    """Which descriptions fit the change OLD -> NEW: 'whitespace', 'moved', 'style'."""
    out = set()
    if tokens("\n".join(old)) == tokens("\n".join(new)):
        out.add("whitespace")
    if sorted(norm(x) for x in old if norm(x)) == sorted(norm(x) for x in new if norm(x)) \
            and [norm(x) for x in old if norm(x)] != [norm(x) for x in new if norm(x)]:
        out.add("moved")
    if _names(old) == _names(new):
        out.add("style")
    return out


def _find_norm(lines: list[str], want: list[str]) -> list[int]:
    """0-based starts of WANT in LINES compared token for token, blank lines kept as blank."""
    w = [norm(x) for x in want]
    n = len(w)
    return [i for i in range(0, len(lines) - n + 1) if [norm(x) for x in lines[i:i + n]] == w]


@dataclass(frozen=True)
class _BaseDiff:
    """The file before the patch, as lines, and the line opcodes that turn it into the file now."""
    before: list[str]
    ops: list[tuple[str, int, int, int, int]]

    @staticmethod
    def of(ctx: CodeContext, src: list[str]) -> "_BaseDiff | None":
        base = (ctx.base_files or {}).get(ctx.path)
        if base is None:
            return None
        before = base.splitlines()
        return _BaseDiff(before, opcodes(before, src))


def _fits(diff: _BaseDiff | None, src: list[str], at: int, n: int, new: list[str], removed: list[str]) -> bool:
    """Whether NEW between the lines around SRC[AT:AT+N] is what the file had before the patch, and the
    quote's REMOVED lines are ones the patch took out right there (True when that file is not known): a
    quote cut inside a change (its '-' lines left out) would else take away or keep lines the reviewer did
    not show.  A line around that the patch changed too (another change, quoted apart) is not asked about."""
    if diff is None:
        return True
    kept = {j for tag, _, _, j1, j2 in diff.ops if tag == "equal" for j in range(j1, j2)}
    gone = {norm(b) for tag, i1, i2, j1, j2 in diff.ops if tag in ("delete", "replace") and at <= j2 and j1 <= at + n
            for b in diff.before[i1:i2]}
    if any(norm(r) not in gone for r in removed):
        return False
    around = ([src[at - 1]] if at - 1 in kept else []) + new + ([src[at + n]] if at + n in kept else [])
    return bool(_find_norm(diff.before, around))


def _check_moved(diff: _BaseDiff | None, src: list[str], at: int, old: list[str], new: list[str],
                 removed: list[str], path: str) -> None:
    """Manual when a line the revert takes away is one the patch moved: the same line, taken out of the
    same function further off, is not among the quoted '-' lines (a quote cut at the end of a move would
    else drop the moved code)."""
    if diff is None:
        return
    fn = function_at("\n".join(src), at + 1)
    lo, hi = (fn.start - 1, fn.end) if fn else (at, at + len(old))
    gone = Counter(norm(b) for tag, i1, i2, j1, _ in diff.ops
                   if tag in ("delete", "replace") and lo <= j1 <= hi for b in diff.before[i1:i2])
    gone.subtract(norm(r) for r in removed)
    kept = Counter(norm(x) for x in new)
    for line in old:
        key = norm(line)
        if kept[key] > 0:
            kept[key] -= 1
        elif re.search(r"[A-Za-z_]", key) and gone[key] > 0:
            raise Manual(f"the quoted '{line.strip()}' was moved by the patch from further off in "
                         f"{fn.name + '()' if fn else path}, which the quote leaves out")


@dataclass(frozen=True)
class RevertChangeParams(InFunction):
    old: list[str]               # the lines as the patch has them
    new: list[str]               # the same lines as before the patch
    line: int                    # where OLD starts


class RevertChange(Recipe[RevertChangeParams]):
    kind = "revert-change"
    takes_away = True           # a doubting question may ask for it
    remark_asks = True          # "Unrelated change." is a request even when it cannot be done
    order = Phase.CALLS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RevertChangeParams] | None:
        if not asks_revert(s.comment) or not s.quote_diff or not ctx.text:
            return None
        if _SPLIT.search(s.comment):
            raise Manual("the reviewer asks to move the change to a patch of its own")
        body = quoted_hunk(s.quote_diff)
        removed = [t for m, t in body if m == "-"]
        added = [t for m, t in body if m == "+"]
        if not removed and not added:
            return None                         # the quote shows no change of the patch
        if len(removed) + len(added) > MAX_CHANGED:
            raise Manual(f"the quote holds {len(removed) + len(added)} changed lines: more than one remark")
        holds = what_holds(removed, added)
        for word, name in ((_WHITESPACE, "whitespace"), (_MOVED, "moved"), (_STYLE, "style")):
            if word.search(s.comment) and name not in holds and not (name == "style" and "whitespace" in holds):
                raise Manual(f"the comment calls it a {name} change, but the quoted change is more than that")
        post = [t for m, t in body if m != "-"]
        src = ctx.text.splitlines()
        found = _find_norm(src, post)
        diff = _BaseDiff.of(ctx, src)
        hits = found if len(found) < 2 else \
            [h for h in found           # the place whose lines around go back to the file before the patch
             if _fits(diff, src, h, len(post), self._pre_image(body, src[h:h + len(post)], ctx), removed)]
        if len(hits) != 1:
            raise Manual("the quoted lines were not found in the file" if not found
                         else f"the quoted lines occur {len(found)} times in {ctx.path}: ambiguous")
        i = hits[0]
        old = src[i:i + len(post)]
        new = self._pre_image(body, old, ctx)
        if not _fits(diff, src, i, len(post), new, removed):
            raise Manual("the quote leaves out lines the patch changed next to it: putting back only the quoted "
                         "ones would not give the file as it was before the patch")
        _check_moved(diff, src, i, old, new, removed, ctx.path)
        fn = function_at(ctx.text, i + 1)
        if fn is not None and not (fn.start <= i + 1 and i + len(post) <= fn.end):
            fn = None
        self._check_names(ctx, old, new, added, removed, i)
        what = "whitespace" if "whitespace" in holds else ("the order" if "moved" in holds else "")
        where = f"{fn.name}()" if fn else ctx.path
        summary = f"Leave {what} in {where} as it was" if what else f"Drop an unrelated change in {where}"
        words = re.findall(r"[A-Za-z_]\w+", " ".join(added or removed))
        return Plan(self.kind, slug="-".join(w.lower() for w in words[:3]) or "unrelated", order=self.order,
                    files=[ctx.path], summary=summary,
                    params=RevertChangeParams(fn.name if fn else "", old=old, new=new, line=i + 1))

    def _pre_image(self, body: list[tuple[str, str]], old: list[str], ctx: CodeContext) -> list[str]:
        """The quote's pre-image: context lines as the file has them, '-' lines as the base had them."""
        base = (ctx.base_files or {}).get(ctx.path)
        base_lines = base.splitlines() if base else []
        if ctx.base_files is not None:
            removed = [t for m, t in body if m == "-"]
            if removed and not _find_norm(base_lines, removed) and \
                    not all(_find_norm(base_lines, [r]) for r in removed if r.strip()):
                raise Manual("the quoted '-' lines are not in the file before the patch")
        out: list[str] = []
        k = 0
        for m, t in body:
            if m == "+":
                k += 1
                continue
            if m == " ":
                out.append(old[k])
                k += 1
                continue
            same = [b for b in base_lines if norm(b) == norm(t) and norm(t)]
            out.append(same[0] if same and len(set(same)) == 1 else t)
        return out

    def _check_names(self, ctx: CodeContext, old: list[str], new: list[str], added: list[str],
                     removed: list[str], at: int) -> None:
        src = ctx.text.splitlines()
        after = src[:at] + new + src[at + len(old):]
        after_names = set(_names(after))
        base = (ctx.base_files or {}).get(ctx.path)
        if base is None:
            return
        base_names, now_names = set(_names(base.splitlines())), set(_names(src))
        for n in sorted(set(_names(added)) - set(_names(removed))):
            if n not in base_names and n in after_names:
                raise Manual(f"the patch uses {n}, which the quoted change introduces, elsewhere too")
        for n in sorted(set(_names(removed)) - set(_names(added))):
            if n in base_names and n not in now_names:
                raise Manual(f"the patch removes {n} elsewhere: putting the quoted lines back would use it")

    def text_edit(self, s: Suggestion, plan: Plan[RevertChangeParams], ctx: CodeContext) -> T.TextEdit:
        return T.replacing(ctx.path, plan.params, plan.summary, line=plan.params.line)

    def render(self, s: Suggestion, plan: Plan[RevertChangeParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        return R.text_edit_rule(plan.summary, s, te,
                                ["The quoted lines go back to what the file had before the patch."])

    def is_applied(self, s: Suggestion, plan: Plan[RevertChangeParams], text: str) -> bool:
        te = T.TextEdit("", plan.params.function, list(plan.params.old), list(plan.params.new))
        return T.is_applied(text, te)

    def verify(self, s: Suggestion, plan: Plan[RevertChangeParams], before: str, after: str) -> str:
        if before != after and T.only_replaced(before, after, plan.params):
            return ""           # the quoted place went back (the same lines may stand elsewhere)
        return "" if self.is_applied(s, plan, after) else "the quoted change is still there"


RECIPE = RevertChange()
