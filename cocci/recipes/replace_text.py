"""Quoted lines become what the reviewer wrote, as a verified text edit.

Three shapes SmPL cannot express or match, all diffed against the quoted lines:
  - the reviewer's lines differ from the quoted ones only in whitespace ("should be
    indented like this:"): exactly those lines get the reviewer's indentation and
    alignment, tabs as written;
  - `s/old/new/` (or `s/old/new/g`, the closing slash optional, several in one comment)
    whose `old` stands in a comment or a string of the quoted lines (a typo fix), or
    anywhere in quoted code outside functions;
  - code outside functions (a `#define`, a struct member, a global, a prototype, an
    initializer line): the run of quoted lines the reviewer's code lines up with token
    by token is replaced by it.
Code inside functions is replace-code's business (SmPL).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import textedit as T
from patches.ctext import function_at, function_named, mask, norm, split_lines
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from cocci.recipes.comment_block import comment_block_at
from patches.model import Suggestion
from patches.msgfix import listed_typo, spelling_list
from patches.textfile import file_kind

# "No need for extern on a new prototype", "drop the inline", "extern is not needed": a specifier to drop
_SPECIFIER_DROP = re.compile(
    r"\b(?:no need for|drop|remove|get rid of|lose|don't need|do not need|needless|unneeded)\s+(?:the\s+|an?\s+)?"
    r"['\"`]?(extern|inline)\b|\b(extern|inline)['\"`]?\s+(?:keyword\s+)?(?:is|are)\s+(?:not needed|unnecessary|"
    r"superfluous|redundant|pointless|not necessary|not required)", re.I)
_SUBST = re.compile(r"^s/((?:[^/\\]|\\.)+)/((?:[^/\\]|\\.)*)(?:/(g?))?\s*$")


def _post_image(ctx: CodeContext, written: list[str]) -> list[str]:
    """WRITTEN as the code it asks for: when it is a small diff of the reviewer's ('+', '-' and ' '
    lines), its '+' and ' ' lines without their markers, once each ' ' line is in the file as it is."""
    if not written or not all(w[:1] in "+- " for w in written) or not any(w[:1] in "+-" for w in written):
        return written
    have = {norm(ln) for ln in split_lines(ctx.text)}
    missing = [w[1:].strip() for w in written if w[:1] == " " and norm(w[1:]) not in have]
    if missing:
        raise Manual(f"a context line of the reviewer's diff is not in {ctx.path}: {missing[0]}")
    return [w[1:] for w in written if w[:1] in "+ "]


def declares_function(masked_line: str) -> bool:
    """Whether MASKED_LINE, a declaration on one line, declares a function (`extern int f(void);`), not
    a variable (`extern int f;`, `extern int f[];`, `extern void (*f)(void);`)."""
    t = re.sub(r"\b__attribute__\s*\(\(.*?\)\)", " ", masked_line)
    m = re.search(r"\(", t)
    return m is not None and "=" not in t and re.search(r"[A-Za-z_]\w*\s*$", t[:m.start()]) is not None and \
        not t[m.end():].lstrip().startswith("*")


def substitutions(s: Suggestion) -> list[tuple[str, str, bool]]:
    """The reviewer's `s/old/new/` lines, from the code and the words (the closing slash optional), and
    a word respelled with an arrow ("pool -> poll") as `s/pool/poll/`."""
    out = []
    for ln in list(E.reviewer_code(s)) + s.comment.splitlines():
        m = _SUBST.match(ln.strip())
        a = E.respelled(ln)
        if m:
            sub = (m.group(1).replace("\\/", "/"), m.group(2).replace("\\/", "/"), m.group(3) == "g")
        elif a:
            sub = (a[0], a[1], False)
        else:
            continue
        if sub not in out:
            out.append(sub)
    return out


# "Typo.", "typo: recieve", "spelling", "misspelled": a typo named without its correction
_TYPO = re.compile(r"\b(?:typos?|spelling|spello|misspel\w*|mis-spel\w*)\b", re.I)


def _typo_fixes(s: Suggestion, ctx: CodeContext, first: int, last: int) -> list[tuple[str, str, bool]]:
    """For a comment that calls something on the quoted lines a typo without writing the correction: the
    one word of those lines the kernel's scripts/spelling.txt (read from the tree) lists as misspelled,
    with its correction (in the word's case), every time it stands there; [] when there is no such word,
    several, or no list to read.  When the comment names words, the misspelled one must be among them."""
    if not _TYPO.search(s.comment) or ctx.tree_read is None:
        return []
    listed = ctx.tree_read("scripts/spelling.txt")
    if not listed:
        return []
    src = split_lines(ctx.text)
    words = [w for n in range(first, last + 1) for w in re.findall(r"(?<![\w])[A-Za-z]+(?![\w])", src[n - 1])]
    return [(old, new, True) for old, new in listed_typo(words, s.comment, spelling_list(listed))]


def _pattern(pat: str) -> re.Pattern[str]:
    rx = re.escape(pat)
    if re.match(r"\w", pat):
        rx = r"(?<!\w)" + rx
    if re.search(r"\w$", pat):
        rx += r"(?!\w)"
    return re.compile(rx)


_CONTROL = re.compile(r"^\s*(?:}\s*)?(?:else\s+)?(?:if|for|while)\s*\(")


def _body_on_its_line(line: str) -> bool:
    """Whether LINE holds an `if`/`for`/`while` and its body's statement after the condition (`if (ret)
    return ret;`): the kernel's coding style puts the statement on a line of its own."""
    m = mask(line)
    head = _CONTROL.match(m)
    if head is None:
        return False
    depth = 0
    for i in range(head.end() - 1, len(m)):
        depth += (m[i] == "(") - (m[i] == ")")
        if depth == 0:
            rest = m[i + 1:].strip()
            return bool(rest) and rest != "{" and not rest.startswith("//")
    return False


@dataclass(frozen=True)
class ReplaceTextParams(InFunction):
    old: list[str]               # the lines replaced
    new: list[str]               # their replacement
    line: int                    # where OLD starts


class ReplaceText(LinesEdit[ReplaceTextParams]):
    kind = "replace-text"
    order = Phase.REVIEWER_TEXT

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ReplaceTextParams] | None:
        if not ctx.text or s.anchor.in_message:
            return None
        fn = function_named(ctx.text, s.anchor.function or ctx.function) \
            if (s.anchor.function or ctx.function) else None
        nlines = len(split_lines(ctx.text))
        whole = CD.quote_span(s, ctx, 1, nlines)
        if whole is not None and not (fn and fn.contains(whole[1])):
            # the lines under the comment are in several places alike; the whole quote says which
            fn = function_at(ctx.text, whole[1])
        lo, hi = (fn.start, fn.end) if fn else (1, nlines)
        near = s.anchor.lines if s.anchor.lines and lo <= s.anchor.lines[0] <= s.anchor.lines[1] <= hi else None
        if whole is not None and near is not None and not whole[0] <= near[0] <= near[1] <= whole[1]:
            near = None
        span = CD.quote_span(s, ctx, lo, hi)
        if span is None and near is None:
            return None
        span = span or near
        near = near or span
        assert span is not None and near is not None
        first, last = min(span[0], near[0]), max(span[1], near[1])
        subs = substitutions(s)
        written_out = bool(subs)
        subs = subs or _typo_fixes(s, ctx, first, last)
        if subs:
            return self._substitution(s, ctx, fn.name if fn else "", first, last, near, subs, fn is None,
                                      written_out)
        written = _post_image(ctx, [w for w in s.written if w.strip()])
        spec = _SPECIFIER_DROP.search(s.comment)
        if not written and spec is not None and fn is None:
            return self._drop_specifier(s, ctx, first, last, next(g for g in spec.groups() if g).lower())
        if not written:
            return None
        plan = self._reindent(ctx, fn.name if fn else "", first, last, near, written)
        if plan is not None or fn is not None:
            return plan
        return self._file_scope(s, ctx, first, last, near, written)

    # -- whitespace only
    def _reindent(self, ctx: CodeContext, fn: str, first: int, last: int, near: tuple[int, int],
                  written: list[str]) -> Plan[ReplaceTextParams] | None:
        src = split_lines(ctx.text)
        want = norm("\n".join(written))
        hits = []
        for i in range(first, last + 1):
            acc = ""
            for j in range(i, last + 1):
                acc = (acc + " " + norm(src[j - 1])).strip()
                if acc == want:
                    hits.append((i, j))
                if len(acc) >= len(want):
                    break
        if not hits:
            return None
        i, j = min(hits, key=lambda h: (0 if h[1] >= near[0] and h[0] <= near[1] else 1, -h[0]))
        old = src[i - 1:j]
        ind = E.indent_of(written[0])
        tree_ind = E.indent_of(old[0])
        if ind == tree_ind:
            new = list(written)
        elif all(w.startswith(ind) for w in written):
            new = [tree_ind + w[len(ind):] for w in written]
        else:
            raise Manual("the reviewer's lines are indented less than their first line: the indentation "
                         "the mail kept is not the one meant")
        new = [ln.rstrip() for ln in new]
        if new == [o.rstrip() for o in old]:
            return None
        if any(_body_on_its_line(n) for n in new) and not any(_body_on_its_line(o) for o in old):
            return None         # `if (ret) return ret;` as one line: the kernel's style is not the request
        where = f" in {fn}()" if fn else ""
        return self._plan(ctx, fn, old, new, i, f"Indent the lines as the reviewer wrote them{where}", "indent")

    # -- s/old/new/
    def _substitution(self, s: Suggestion, ctx: CodeContext, fn: str, first: int, last: int,
                      near: tuple[int, int], subs: list[tuple[str, str, bool]], file_scope: bool,
                      written_out: bool = True) -> Plan[ReplaceTextParams] | None:
        src = split_lines(ctx.text)
        m = split_lines(mask(ctx.text))
        order = list(range(near[1], near[0] - 1, -1)) + \
            [n for n in range(last, first - 1, -1) if not near[0] <= n <= near[1]]
        new = {n: src[n - 1] for n in range(first, last + 1)}
        in_text = True
        for pat, rep, every in subs:
            rx = _pattern(pat)
            lines = [n for n in order if rx.search(new[n])]
            if not lines:
                raise Manual(f"s/{pat}/{rep}/: \"{pat}\" is not in the quoted lines")
            # once: the line nearest the comment, and the lines of the quote just like it (both branches)
            like = [n for n in lines if norm(src[n - 1]) == norm(src[lines[0] - 1])]
            for n in (lines if every else like):
                ln = new[n]
                hits = list(rx.finditer(ln))
                in_text = in_text and all(m[n - 1][h.start():h.end()] != ln[h.start():h.end()] for h in hits)
                new[n] = rx.sub(lambda _, r=rep: r, ln, count=0 if every else 1)
        if not (in_text or file_scope):
            return None                       # code inside a function, some of it not text: replace-code's s///
        changed = [n for n in new if new[n] != src[n - 1]]
        if not changed:
            return None
        a, b = min(changed), max(changed)
        if not file_scope and all(not mask(src[n - 1]).strip() for n in range(a, b + 1)) and \
                comment_block_at(ctx.text, a, b) is not None and fn and written_out:
            return None                       # a comment block inside a function: comment-block's
        old = src[a - 1:b]
        new_lines = [new[n] for n in range(a, b + 1)]
        what = "Apply " + ", ".join(f"s/{p}/{r}/" for p, r, _ in subs) if written_out else \
            "Correct " + ", ".join(f"{p} to {r}" for p, r, _ in subs)
        where = f" in {fn}()" if fn else ""
        return self._plan(ctx, fn, old, new_lines, a, f"{what}{where}", (E.identifiers(subs[0][1]) or
                                                                              ["subst"])[0].lower())

    # -- "no need for extern": a specifier goes from the declarations the patch adds
    def _drop_specifier(self, s: Suggestion, ctx: CodeContext, first: int, last: int,
                        word: str) -> Plan[ReplaceTextParams]:
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        added = {norm(q[1:]) for q in s.quoted if q.startswith("+") and q[1:].strip()}
        word_rx = re.compile(rf"(?<![\w]){word}\s+")
        lines = [n for n in range(first, last + 1) if norm(src[n - 1]) in added and word_rx.search(m[n - 1])]
        if not lines:
            raise Manual(f"no quoted line the patch adds has \"{word}\"")
        if len(lines) > 1 and lines != list(range(lines[0], lines[0] + len(lines))):
            raise Manual(f"the quoted lines with \"{word}\" are apart: which ones is unclear")
        for n in lines:
            if not m[n - 1].rstrip().endswith((";", "{", ")")) or m[n - 1].count("(") != m[n - 1].count(")"):
                raise Manual(f"the declaration with \"{word}\" continues on the next line, whose alignment "
                             "would change")
        if word.lower() == "extern":
            variables = [src[n - 1].strip() for n in lines if not declares_function(m[n - 1])]
            if variables:
                raise Manual(f"`{variables[0]}` declares a variable: without extern it would define it in every "
                             "file that has the line")
        new = [word_rx.sub("", src[n - 1], count=1) for n in lines]
        return self._plan(ctx, "", src[lines[0] - 1:lines[-1]], new, lines[0],
                          f"Drop the needless {word} from the new declaration{'s' if len(lines) > 1 else ''}", word)

    # -- code outside functions
    def _file_scope(self, s: Suggestion, ctx: CodeContext, first: int, last: int, near: tuple[int, int],
                    written: list[str]) -> Plan[ReplaceTextParams] | None:
        code = [w.strip() for w in written]
        if any(_SUBST.match(c) for c in code) or E.comment_text(code) is not None or file_kind(ctx.path):
            return None             # the lines of a Kconfig, Makefile, binding, ...: text-lines' business
        src = split_lines(ctx.text)
        items = _items(src, first, last)
        new_items = _items([c for c in code], 1, len(code))
        n = max(1, len(new_items))
        new_text = "\n".join(code)
        cands = []
        for i in range(len(items) - n + 1):
            a, b = items[i][0], items[i + n - 1][1]
            old_text = "\n".join(src[a - 1:b])
            if not CD.compatible(old_text, new_text):
                continue
            if CD.code_tokens(old_text) == CD.code_tokens(new_text):
                return None
            dist = 0 if b >= near[0] and a <= near[1] else min(abs(a - near[1]), abs(b - near[0]))
            cands.append((CD.ratio(old_text, new_text), -dist, a, b))
        cands.sort(reverse=True)
        if not cands or cands[0][0] < 0.4:
            raise Manual("the reviewer's code lines up with none of the quoted lines")
        if len(cands) > 1 and cands[1][:2] == cands[0][:2]:
            raise Manual("the reviewer's code lines up equally well with several quoted lines: ambiguous")
        _, _, a, b = cands[0]
        old = src[a - 1:b]
        indent = E.indent_of(old[0])
        new = CD.indent_written(written, code, indent) or [indent + c for c in code]
        return self._plan(ctx, "", old, new, a, "Use the code the reviewer wrote",
                          (E.identifiers(new_text) or ["code"])[0].lower())

    def _plan(self, ctx: CodeContext, fn: str, old: list[str], new: list[str], line: int, summary: str,
              slug: str) -> Plan:
        return Plan(self.kind, slug=slug, order=self.order, files=[ctx.path],
                    params=ReplaceTextParams(fn, old=old, new=new, line=line), summary=summary)

    def text_edit(self, s: Suggestion, plan: Plan[ReplaceTextParams], ctx: CodeContext) -> T.TextEdit:
        old = list(plan.params.old)
        line = plan.params.line
        src = [x.rstrip() for x in split_lines(ctx.text)]
        want = [o.rstrip() for o in old]
        hits = [i + 1 for i in range(len(src) - len(want) + 1) if src[i:i + len(want)] == want]
        if hits:
            best = min(hits, key=lambda h: abs(h - line))
            if sum(1 for h in hits if abs(h - line) == abs(best - line)) == 1:
                line = best
        return T.replacing(ctx.path, plan.params, plan.summary, line=line)

    def overreach(self, plan: Plan[ReplaceTextParams]) -> str:
        return "the edit changed more than the quoted lines"


def _items(src: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """File-scope items within lines FIRST..LAST: declarations, struct members, initializer entries,
    preprocessor lines (with their continuations), as (first, last) line pairs."""
    out = []
    start = 0
    depth = 0
    for no in range(first, last + 1):
        ln = mask(src[no - 1]).strip()
        if not ln and not start:
            continue
        if not start:
            if ln in ("{", "}", "};"):
                continue
            start = no
        depth += ln.count("(") - ln.count(")")
        if ln.startswith("#") and not ln.endswith("\\") or \
                depth <= 0 and re.search(r"[;,{}]$", ln) or start and src[start - 1].lstrip().startswith("#") \
                and not ln.endswith("\\"):
            out.append((start, no))
            start, depth = 0, 0
    return out


RECIPE = ReplaceText()
