"""Section annotations on a quoted function or file-scope variable: "This can be __init.", "mark it
__initconst", "__ro_after_init please", "static const ... __initconst", and the other way round
("this must not be __init, it is called after boot").

Evidence: the comment names one of `__init`, `__exit` (functions), `__initdata`, `__initconst`,
`__ro_after_init`, `__read_mostly` (data); the target is the function or variable the comment names,
else the one whose header or definition the quote holds (a function also when the quote lies in its
body).  The word is added where kernel style puts it (`static int __init foo_init(void)`,
`static int foo[] __initdata = {`), or dropped when the comment turns it down ("must not be",
"drop the __init"), as a verified text edit of that one line.

Manual, saying which: an annotation that does not fit (a function's on data, `__initconst` on data that
is not const, `__initdata` on const data, `__ro_after_init`/`__read_mostly` on const data); a target the
patch does not add; a use that would be a section mismatch: an `__init` function or init data named
outside `__init` code (other than module_init() and its kin), an `__exit` function named outside
`__exit` code and module_exit(), init data whose address is stored, `__ro_after_init` data written or
handed on by address outside `__init` code, a name other files of the tree use; dropping `__init` from
a function that uses init code or data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe, Refused
from cocci.recipes import _evidence as E
from cocci.recipes import _sections as X
from cocci.recipes import _style as S
from cocci.recipes.const_table import RECIPE as CONST
from patches.ctext import Function, function_named, functions, mask, norm
from patches.model import Suggestion

# a verb acting on the word right after it: "drop the __init", "mark it __initconst", "can be __init"
_GOVERNED = re.compile(r"\b(?:drop|remove|lose|mark(?:ed)?(?:\s+(?:it|this|them|that))?(?:\s+as)?|be|"
                       r"make\s+(?:it|this|them)|use|add|missing|need\w*|want\w*)\s+(?:[\w\s]{1,30}?\s+(?:and|&)\s+)?"
                       r"(?:the\s+|an?\s+)?$", re.I)
# a question in the negative asks for it: "shouldn't this be __init?", "can't these be __initconst?"
_ASKING = re.compile(r"\b(?:should|could|can|would|is|are)\s*n['\u2019]?t\s+(?:this|it|that|these|they|we|the\s+\w+)"
                     r"\s+(?:be|use|get)\s+(?:marked\s+(?:as\s+)?)?(?:an?\s+)?$", re.I)
# const asked for with the annotation: "static const ... __initconst", "make it const and __initconst"
_CONST = re.compile(r"(?<![\w])const(?!\w)")
_WORD = re.compile(r"(?<![\w])(" + "|".join(sorted(X.WORDS, key=len, reverse=True)) + r")(?!\w)")
# turned down: "must not be __init", "drop the __init", "no __initdata here", "without __exit"
_AGAINST = re.compile(r"(?:\bnot|n['\u2019]t|\bno|\bnever|\bdrop|\bremove|\blose|\bget\s+rid\s+of|\bwithout)\b"
                      r"[^.;!?]{0,30}$", re.I)
_WRONG = re.compile(r"^\W{0,3}(?:annotation\s+|marking\s+|here\s+)?(?:is|looks|seems|would\s+be|['\u2019]s)\s+"
                    r"(?:wrong|bogus|incorrect|broken|a\s+bug|unnecessary|pointless|not\s+(?:right|correct|ok|okay|"
                    r"valid|needed|necessary|safe))\b|^\W{0,3}(?:won['\u2019]?t|can['\u2019]?t|cannot|does\s*n['\u2019]?t)\s+"
                    r"work\b", re.I)


def asked(comment: str) -> tuple[str, bool] | None:
    """(the annotation COMMENT names, whether it turns it down); None when it names none, or several."""
    flat = " ".join(comment.split())
    found = list(_WORD.finditer(flat))
    if len({m.group(1) for m in found}) > 1:
        # several named ("Drop the __ro_after_init, cci_probe() is not __init."): the one a verb acts on
        found = [m for m in found if _GOVERNED.search(flat[:m.start()])]
    if not found or len({m.group(1) for m in found}) > 1:
        return None
    m = found[0]
    sentence_start = max(flat.rfind(c, 0, m.start()) for c in ".!?") + 1
    before, after = flat[sentence_start:m.start()], flat[m.end():]
    if re.search(r"\bwhy\s+not\s+(?:make\s+it\s+|mark\s+it\s+)?$", before, re.I) or _ASKING.search(before):
        return m.group(1), False
    # a negation in an earlier clause says why, the clause naming the word asks: "It's not called later, so
    # mark it __init."
    clause = re.split(r"[,;:]|\bso\b", before)[-1]
    asks_here = _GOVERNED.search(clause) is not None and _AGAINST.search(clause) is None
    against = (_AGAINST.search(before) and not asks_here) or _WRONG.match(after) or \
        E.rejected(flat[sentence_start:], m.group(1))
    if against:
        return m.group(1), True
    # named as a request, not in passing ("this runs from __init code"): a verb acts on it, or it opens its
    # sentence ("__init?", "__initconst please", "nit: __read_mostly")
    opens = not before.strip() or before.rstrip().endswith(":")
    return (m.group(1), False) if _GOVERNED.search(before) or opens or _in_code(comment, m.group(1)) else None


def _in_code(comment: str, word: str) -> bool:
    """Whether COMMENT writes WORD in a line of C: `static const u8 foo[] __initconst = {`."""
    return any(re.search(rf"[\w\]*]\s+{word}\s+[\w=;{{]|[\w\]]\s+{word}\s*[=;{{]", ln) and re.search(r"[(=;{]", ln)
               for ln in comment.splitlines())


@dataclass(frozen=True)
class SectionParams(InFunction):
    symbol: str                 # the function or variable annotated
    word: str                   # the annotation
    drop: bool                  # taken off rather than put on
    line: int = 0               # the line it goes on (or off)


def _named_or_quoted(s: Suggestion, ctx: CodeContext, names: list[str], lines: dict[str, int],
                     spans: dict[str, tuple[int, int]] | None = None) -> str:
    """The name among NAMES (LINES: name -> its first line; SPANS: name -> its first and last line) that
    the quote holds the line of (or, narrowed to a line inside a definition, the span of) and the comment
    names (either alone when the other says nothing); '' for none."""
    said = E.named_identifiers(s.comment) + re.findall(r"\b[A-Za-z_]\w*\b", E.prose_words(s.comment))
    named = list(dict.fromkeys(n for n in said if n in names))
    src = ctx.text.split("\n")

    def holding(quote: list[str]) -> list[str]:
        quoted = {norm(mask(q)) for q in quote if q.strip()}
        return [n for n in names if norm(mask(src[lines[n] - 1])) in quoted]

    hits = holding([*s.anchor.code, *E.quote_code(s.quoted)])
    if not hits and s.anchor.lines and spans:
        a, b = s.anchor.lines
        hits = [n for n in names if n in spans and spans[n][0] <= a and b <= spans[n][1]]
    hits = hits or holding(list(s.quote))
    both = [n for n in named if n in hits]
    if len(both) == 1 or (len(named) == 1 and not hits):
        return (both or named)[0]
    if len(hits) == 1 and not named:
        return hits[0]
    if named or hits:
        raise Manual(f"the comment names {', '.join(named) or 'nothing'} and the quote holds "
                     f"{', '.join(hits) or 'none of them'}: which one to annotate is for the author")
    return ""


def _function_target(s: Suggestion, ctx: CodeContext) -> Function | None:
    fns = functions(ctx.text)
    header = {f.name: f.start for f in fns}
    name = _named_or_quoted(s, ctx, list(header), header)
    code = s.anchor.code or E.quote_code(s.quoted)
    if not name:
        name = E.header_function(ctx.text, code)
    if not name:
        # a line of the body: the function holding it, unless the line calls another function of the file
        name = s.anchor.function or ctx.function
        called = [c for c in E.called_names("\n".join(code)) if c in header and c != name]
        if name and called:
            raise Manual(f"the quoted line in {name}() calls {called[0]}(): which of the two the comment means is "
                         "for the author")
    return function_named(ctx.text, name) if name else None


def _new_with_patch(ctx: CodeContext, line: int, name: str) -> None:
    own = E.own_lines(ctx)
    if own is not None and line not in own:
        raise Manual(f"{name} is not added or changed by this patch: its line {line} is older")


def _elsewhere(ctx: CodeContext, name: str, line: int) -> None:
    """Manual when NAME, defined on LINE without static, is named by other files (their uses are not read)."""
    if X.is_static(ctx.text, line):
        return
    other = [p for p, t in sorted(ctx.files.items()) if p != ctx.path and re.search(rf"\b{re.escape(name)}\b", mask(t))]
    if not other and ctx.tree_grep is not None:
        other = sorted(set(ctx.tree_grep(name)) - {ctx.path})
    if other:
        raise Manual(f"{name} is named in {', '.join(other[:3])} too: whether those uses may reach "
                     "discarded code is for the author")


def _line_with(text: str, line: int, start: int, word: str, drop: bool) -> tuple[str, str]:
    """(line LINE of TEXT, the same with WORD put in at index START, or taken off there)."""
    old = text.split("\n")[line - 1]
    if drop:
        m = re.search(rf"\s*\b{word}\b", old)
        assert m is not None
        new = old[:m.start()] + old[m.end():] if m.start() else old[m.end():].lstrip()
        return old, new
    if old[:start].endswith("*"):
        return old, old[:start] + " " + word + " " + old[start:]
    rest = old[start:].lstrip()
    gap = "" if not rest or rest.startswith((";", ",")) else " "
    if old[:start].strip():
        return old, old[:start].rstrip() + " " + word + gap + rest
    return old, old[:start] + word + " " + old[start:]


class SectionAnnotation(Recipe[SectionParams]):
    kind = "section-annotation"
    order = Phase.WRAPPERS          # with the other words of a declaration (static, inline)
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[SectionParams] | None:
        got = asked(s.comment)
        if got is None or not ctx.path.endswith((".c", ".h")):
            return None
        word, drop = got
        try:
            if word in X.FUNCTION_WORDS:
                return self._function_plan(s, ctx, word, drop)
            return self._data_plan(s, ctx, word, drop)
        except Manual as e:
            # the annotation is the request: no other recipe's plan (the const of "static const ... __initconst")
            # goes ahead without it
            raise Refused(str(e)) from e

    # ------------------------------------------------------------ functions

    def _function_plan(self, s: Suggestion, ctx: CodeContext, word: str, drop: bool) -> Plan[SectionParams] | None:
        data = {v.name: v for v in X.variables(ctx.text)}
        named = [n for n in E.named_identifiers(s.comment) if n in data]
        fn = None if named else _function_target(s, ctx)
        if fn is None:
            var = named[0] if named else _named_or_quoted(s, ctx, list(data), {v.name: v.line for v in data.values()})
            if var:
                raise Manual(f"{var} is a variable: {word} is for functions (data takes __initdata or __initconst)")
            return None
        has = X.function_words(ctx.text, fn)
        if drop != (word in has):
            return None if not drop else self._nothing_to_drop(fn.name, word)
        _new_with_patch(ctx, fn.start, f"{fn.name}()")
        if drop:
            self._check_drop(ctx, f"{fn.name}()", (fn.body_start, fn.end), word)
        else:
            if set(has) & set(X.FUNCTION_WORDS):
                raise Manual(f"{fn.name}() is {has[0]} already: changing it to {word} is for the author")
            self._check_function_uses(ctx, fn, word)
        line, at = self._name_place(ctx.text, fn)
        old, new = _line_with(ctx.text, line, at, word, drop)
        return self._plan(ctx, fn.name + "()", word, drop, old, new, line)

    @staticmethod
    def _nothing_to_drop(name: str, word: str) -> Plan[SectionParams]:
        raise Manual(f"{name} has no {word} to drop")

    @staticmethod
    def _name_place(text: str, fn: Function) -> tuple[int, int]:
        """(line, index) where FN's name begins on its header; the annotation goes right before it."""
        src = mask(text).split("\n")
        for no in range(fn.start, fn.body_start + 1):
            m = re.search(rf"(?<![\w]){re.escape(fn.name)}\s*\(", src[no - 1])
            if m:
                if not src[no - 1][:m.start()].strip() and no > fn.start:
                    return no - 1, len(src[no - 2].rstrip())   # `static int` on the line above
                return no, m.start()
        raise Manual(f"the name of {fn.name}() was not found on its header")

    def _check_function_uses(self, ctx: CodeContext, fn: Function, word: str) -> None:
        text = ctx.text
        if re.search(rf"\bEXPORT_SYMBOL\w*\s*\(\s*{re.escape(fn.name)}\s*\)", mask(text)):
            raise Manual(f"{fn.name}() is exported: modules may call it after {word} code is discarded")
        owner = {f.name: X.function_words(text, f) for f in functions(text)}
        kind = word[2:]         # "init" or "exit"
        kept = X.init_data(text)
        for u in X.uses(text, fn.name, (fn.start, fn.end)):
            if u.registers == kind or (word == "__init" and u.data in kept):
                continue
            if u.called and u.function and word in owner.get(u.function, ()):
                continue
            if u.function and word in owner.get(u.function, ()):
                raise Manual(f"{fn.name}() is used other than called on line {u.line} ({u.code}): a pointer to "
                             f"it may be called after {word} code is discarded")
            where = f"in {u.function}()" if u.function else "outside any function"
            raise Manual(f"{fn.name}() is used on line {u.line} ({u.code}) {where}, which is not {word} "
                         f"code: a {word} function may be used only from {word} code")
        _elsewhere(ctx, fn.name, fn.start)

    @staticmethod
    def _check_drop(ctx: CodeContext, name: str, span: tuple[int, int], word: str) -> None:
        """Dropping WORD keeps NAME (lines SPAN) after boot: it must not use code or data discarded then."""
        if word not in ("__init", "__exit", "__initdata", "__initconst"):
            return
        body = "\n".join(mask(ctx.text).split("\n")[span[0] - 1:span[1]])
        for other in sorted((X.init_functions(ctx.text) | X.init_data(ctx.text)) - {name.rstrip("()")}):
            if re.search(rf"(?<![\w.>]){re.escape(other)}\b", body):
                raise Manual(f"{name} uses {other}, which is discarded after boot: without {word} that is a "
                             f"section mismatch; {other} needs its annotation dropped too")

    # ------------------------------------------------------------ data

    def _data_plan(self, s: Suggestion, ctx: CodeContext, word: str, drop: bool) -> Plan[SectionParams] | None:
        data = {v.name: v for v in X.variables(ctx.text)}
        name = _named_or_quoted(s, ctx, list(data), {v.name: v.line for v in data.values()},
                                {v.name: (v.line, X.definition_end(ctx.text, v.line)) for v in data.values()})
        if not name:
            fn = _function_target(s, ctx)
            if fn is not None and E.header_function(ctx.text, s.anchor.code or E.quote_code(s.quoted)) == fn.name:
                raise Manual(f"{fn.name}() is a function: {word} is for data (functions take __init or __exit)")
            if not s.anchor.function and not ctx.function and s.quoted:
                raise Manual(f"the quote holds no plain file-scope variable definition for {word}: a declarator "
                             "other than a name with array bounds, or several names, is for the author")
            return None
        v = data[name]
        if drop != (word in v.words):
            return None if not drop else self._nothing_to_drop(name, word)
        _new_with_patch(ctx, v.line, name)
        if drop:
            self._check_drop(ctx, name, (v.line, X.definition_end(ctx.text, v.line)), word)
        else:
            self._check_data(s, ctx, v, word)
        old, new = _line_with(ctx.text, v.line, v.end, word, drop)
        return self._plan(ctx, name, word, drop, old, new, v.line)

    def _check_data(self, s: Suggestion, ctx: CodeContext, v: X.Variable, word: str) -> None:
        if v.words:
            raise Manual(f"{v.name} is {v.words[0]} already: changing it to {word} is for the author")
        if word == "__initconst" and not v.const:
            self._const_too(s, ctx, v.name)
        if word == "__initdata" and v.const:
            raise Manual(f"{v.name} is const: const data takes __initconst, not __initdata")
        if word in ("__ro_after_init", "__read_mostly") and v.const:
            raise Manual(f"{v.name} is const: it is read-only already, {word} is for data written at run time")
        if word == "__read_mostly":
            return
        text = ctx.text
        init = {f.name for f in functions(text) if "__init" in X.function_words(text, f)}
        kept = X.init_data(text)
        end = X.definition_end(text, v.line)
        for u in X.uses(text, v.name, (v.line, end)):
            where = f"in {u.function}()" if u.function else "outside any function"
            if word == "__ro_after_init":
                if (u.writes or u.stored) and u.function not in init:
                    raise Manual(f"{v.name} is written or handed on by address on line {u.line} ({u.code}) "
                                 f"{where}, which is not __init code: __ro_after_init data is read-only after boot")
                continue
            if u.data in kept:
                continue
            if u.function not in init:
                raise Manual(f"{v.name} is used on line {u.line} ({u.code}) {where}, which is not __init code: "
                             f"{word} data is discarded after boot")
            if u.stored:
                raise Manual(f"{v.name} is stored on line {u.line} ({u.code}): a pointer kept there may outlive "
                             f"the {word} data")
        _elsewhere(ctx, v.name, v.line)

    @staticmethod
    def _const_too(s: Suggestion, ctx: CodeContext, name: str) -> None:
        """__initconst on data that is not const: only when the comment asks for const too and the const
        recipe makes it const (its rule runs first); manual otherwise."""
        if not _CONST.search(s.comment):
            raise Manual(f"{name} is not const: __initconst is for const data (non-const data takes __initdata)")
        # the const recipe reads the request without the annotation: "static const T x[] = {", "make it const"
        strip = re.compile(r"\s*\b__initconst\b")
        alone = replace(s, comment=strip.sub("", s.comment), code=[strip.sub("", c) for c in s.code],
                        written=[strip.sub("", c) for c in s.written])
        try:
            made = CONST.understand(alone, ctx)
        except Manual as e:
            raise Manual(f"{name} is not const, and making it const is not done: {e}") from e
        if made is None:
            raise Manual(f"{name} is not const, and the comment's const was not taken for it: __initconst is "
                         "for const data")

    # ------------------------------------------------------------ the plan

    def _plan(self, ctx: CodeContext, name: str, word: str, drop: bool, old: str, new: str,
              line: int) -> Plan[SectionParams]:
        if not drop and S.width(new) > S.line_limit(ctx.text):
            raise Manual(f"{word} on {name} would take its line past {S.line_limit(ctx.text)} columns: how to "
                         "wrap it is for the author")
        summary = f"Drop {word} from {name}" if drop else f"Mark {name} {word}"
        return Plan(self.kind, slug=f"{name.rstrip('()')}-{word.strip('_')}", order=self.order, files=[ctx.path],
                    params=SectionParams("", symbol=name, word=word, drop=drop, line=line), summary=summary)

    def text_edit(self, s: Suggestion, plan: Plan[SectionParams], ctx: CodeContext) -> T.TextEdit:
        # found again on the file as it is when the rule runs: an earlier rule may have made it const
        line, old, new = _edit_on(ctx.text, plan.params)
        return T.TextEdit(ctx.path, "", [old], [new], plan.summary, drop_blank_after=False, line=line)

    def render(self, s: Suggestion, plan: Plan[SectionParams], ctx: CodeContext) -> str:
        return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx), list(_NOTES))

    def is_applied(self, s: Suggestion, plan: Plan[SectionParams], text: str) -> bool:
        return _carries(text, plan.params) is not plan.params.drop

    def verify(self, s: Suggestion, plan: Plan[SectionParams], before: str, after: str) -> str:
        word = plan.params.word
        if not self.is_applied(s, plan, after):
            return f"{plan.params.symbol} {'still has' if plan.params.drop else 'has no'} {word}"
        b, a = before.split("\n"), after.split("\n")
        if len(a) != len(b) or sum(x != y for x, y in zip(a, b, strict=True)) != 1:
            return "more than the annotated line changed"
        strip = re.compile(rf"\s*\b{word}\b")
        same = strip.sub("", mask(before)).split() == strip.sub("", mask(after)).split()
        return "" if same else f"the edit changed more than {word}"


_NOTES = ("The annotation stands where kernel style puts it: before a function's name, after a variable's "
          "declarator.",)


def _carries(text: str, p: SectionParams) -> bool:
    """Whether P's function or variable carries P's annotation in TEXT."""
    if p.symbol.endswith("()"):
        fn = function_named(text, p.symbol[:-2])
        return fn is not None and p.word in X.function_words(text, fn)
    return any(v.name == p.symbol and p.word in v.words for v in X.variables(text))


def _edit_on(text: str, p: SectionParams) -> tuple[int, str, str]:
    """(line, as it is, as it becomes) of P's edit on TEXT."""
    if p.symbol.endswith("()"):
        fn = function_named(text, p.symbol[:-2])
        if fn is None:
            raise Manual(f"{p.symbol} is not in the file any more")
        line, at = SectionAnnotation._name_place(text, fn)
    else:
        v = next((v for v in X.variables(text) if v.name == p.symbol), None)
        if v is None:
            raise Manual(f"the definition of {p.symbol} is not in the file any more")
        line, at = v.line, v.end
    if _carries(text, p) is not p.drop:
        old = text.split("\n")[line - 1]
        return line, old, old
    old, new = _line_with(text, line, at, p.word, p.drop)
    return line, old, new


RECIPE = SectionAnnotation()
