"""Requests on the lines of a non-C text file the series touches (Kconfig, a Makefile, MAINTAINERS, a
devicetree binding's YAML, reST, Documentation/ABI, a devicetree source), as verified text edits of the
quoted lines only.

Three shapes, each fully settled by the quote and the comment:
  - replace: the reviewer's lines under the quote (`\tdepends on I2C || COMPILE_TEST` under
    `depends on I2C`, `    maxItems: 1` under `maxItems: 2`, `S:\tSupported`) take the place of the
    quoted lines of the same kind (same indentation and key, patches/textfile.py); a reviewer's line of
    another kind (`enum:` for `const:`) lines up with nothing and is not taken;
  - drop: "Drop", "Drop this.", "Not needed.", "Drop description, it is obvious." under lines the patch
    adds: exactly the quoted lines (or the one node or line the comment names among them) go, when the
    file stays well-formed: in YAML whole nodes only, never a key left without a value or a child left
    without its key; in a Kconfig entry only dependency, select, default and help text lines (help text
    left to the entry); in a Makefile no continued line or conditional; in MAINTAINERS field lines only; in
    a devicetree source whole one-line properties and whole nodes;
  - blank line: "Missing blank line" adds one at the one place among the quoted lines (or right after
    them) where the file's layout puts one (before a YAML property or top-level key, a Kconfig entry, a
    MAINTAINERS section, after a reST title); "drop the blank line", "extra blank line" drops the one
    blank line (or the doubled one) of the quote.
What cannot be settled so (two places that fit, a node cut in two) is manual, saying why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import blank_line as B
from cocci.recipes.yaml_unquote import plain
from patches import textfile as F
from patches.model import Suggestion
from patches.msgfix import hyphened_word

# the request is the line's removal: the verb alone or with "it"/"this"/a name from the quote, or a
# sentence saying the lines are not needed ("Not needed.", "This is redundant.")
_DROP = re.compile(r"^(?:please\s+|so\s+|just\s+)*(?:drop|remove|delete|get\s+rid\s+of)"
                   r"(?:\s+(?P<obj>(?:the\s+)?[^\s,.;:!?]+(?:\s+[^\s,.;:!?]+)?))?\s*(?:[,.;:!(-]|$)", re.I)
_NEEDLESS = re.compile(r"^(?:(?:this|that|these|it|they)(?:\s+line|\s+lines|\s+property|\s+entry)?\s+"
                       r"(?:is|are)\s+)?(?:not\s+needed|unneeded|not\s+necessary|unnecessary|redundant|pointless|"
                       r"superfluous|useless)\s*(?:[,.;:!(-]|$)|^no\s+need\s+for\s+(?:it|this|these|that)\s*(?:[,.;:!]|$)|"
                       r"^(?:this|it|these)\s+(?:can|should)\s+(?:go|be\s+dropped|be\s+removed)\b", re.I)
_NO_NEED = re.compile(r"^no\s+need\s+(?:for|to)\s+(?:the\s+)?(?P<obj>[^\s,.;:!?(]+(?:\s+[^\s,.;:!?(]+)?)\s*"
                      r"(?:[,.;:!(-]|$)", re.I)
_PRONOUN = {"it", "this", "these", "them", "that", "those", "line", "lines", "entry", "property", "this line",
            "these lines", "the line", "the lines", "this entry", "the entry", "this property", "the property",
            "node", "this node", "the node", "these nodes"}
_ADD_BLANK = re.compile(r"\b(?:missing|add|needs?|want|put|insert|keep|lacks?)\b[^.?!]{0,30}\b(?:empty|blank)\s+"
                        r"lines?\b|\b(?:empty|blank)\s+lines?\s+(?:here|is\s+missing|missing)\b", re.I)
_ONE_BLANK = re.compile(r"\b(?:only|just)\s+one\s+(?:blank|empty)\s+line\b", re.I)
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_KCONFIG_DROP = {"depends on", "select", "imply", "default", "range", "visible"}
_KCONFIG_ENTRY = {"config", "menuconfig", "if", "endif", "menu", "endmenu", "choice", "endchoice", "source",
                  "comment"}
_MAKE_COND = re.compile(r"^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif|define|endef|include)\b")
_ABI_DROP = {"KernelVersion", "Date", "Contact", "Users"}
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+]?\d*\s*$")
# "Don't need '|' unless you need to preserve formatting.", "Drop the |": a literal block's indicator to drop
_LITERAL = re.compile(r"\b(?:(?:do\s+not|don['’]t|doesn['’]t|no)\s+need|drop|remove|not\s+needed|unnecessary|"
                      r"unneeded|needless)\b[^.?!]{0,20}?(?:['\"`‘“]\|[-+]?['\"`’”]|(?<!\S)\|(?!\S))", re.I)


@dataclass(frozen=True)
class TextLinesParams(Params):
    old: list[str]               # the lines as they are
    new: list[str]               # what they become ([] deletes them)
    line: int                    # where OLD starts (1-based)
    function: str = ""           # file scope


def _sentences(comment: str) -> list[str]:
    return [x.strip() for x in re.split(r"(?<=[.?!])\s+|\n", comment) if x.strip()]


def drop_object(comment: str) -> str | None:
    """What the comment asks to drop: '' for the quoted lines themselves ("Drop", "Not needed."), a name
    ("description" of "Drop description, it is obvious."), None when it asks for no removal.  A
    question, or a comment about quotes or blank lines, is not one."""
    text = " ".join(comment.split())
    if re.search(r"\bquot(?:es?|ing)\b|\b(?:blank|empty)\s+lines?\b|\bindent", text, re.I):
        return None
    for sent in _sentences(text):
        if sent.endswith("?"):
            continue
        m = _DROP.match(sent)
        if m:
            obj = (m.group("obj") or "").strip("`'\"")
            return "" if obj.lower() in _PRONOUN or not obj else re.sub(r"^the\s+", "", obj, flags=re.I)
        if _NEEDLESS.match(sent):
            return ""
        m = _NO_NEED.match(sent)
        if m:
            obj = m.group("obj").strip("`'\"")
            return "" if obj.lower() in _PRONOUN else obj
    return None


def quoted_run(s: Suggestion, ctx: CodeContext, keep_blank: bool = False) -> tuple[int, list[str]] | None:
    """(0-based start, lines) of the quoted lines in the file: the '+' and context lines of the whole
    quote above the comment, found once (or where the anchor says); None when they are not there as one run."""
    quoted = _quoted(s)
    marked = any(q[:1] in "+-" for q in quoted)
    lines = [q[1:] for q in quoted if q[:1] in "+ "] if marked else list(quoted)
    while lines and not keep_blank and not lines[0].strip():
        lines = lines[1:]
    while lines and not keep_blank and not lines[-1].strip():
        lines = lines[:-1]
    if not any(ln.strip() for ln in lines):
        return None
    src = ctx.text.splitlines()
    want = [x.rstrip() for x in lines]
    at = [i for i in range(len(src) - len(want) + 1) if [x.rstrip() for x in src[i:i + len(want)]] == want]
    if len(at) > 1 and s.anchor.lines:
        at = [i for i in at if i <= s.anchor.lines[0] - 1 <= i + len(want)] or at
    return (at[0], src[at[0]:at[0] + len(want)]) if len(at) == 1 else None


def _quoted(s: Suggestion) -> list[str]:
    """The quote above the comment as quoted (diff markers kept): the whole of it, not only the lines
    the review stage narrowed it to (the line naming `description` of a quoted property)."""
    return s.quote_diff or s.quoted


def _added_tail(s: Suggestion) -> int:
    """How many lines the quote ends on that the patch adds (its blank lines at the end left out): the
    lines a "Drop" under a quote that opens on context lines is about."""
    quoted = [q for q in _quoted(s) if q[:1] != "-"]
    while quoted and not quoted[-1][1:].strip():
        quoted.pop()
    n = 0
    while n < len(quoted) and quoted[-1 - n][:1] == "+":
        n += 1
    return n


def _added_only(s: Suggestion) -> bool:
    quoted = _quoted(s)
    return all(q[:1] == "+" for q in quoted if q.strip() and q[1:].strip()) and any(q[:1] == "+" for q in quoted)


def _next_nonblank(src: list[str], j: int) -> int | None:
    return next((k for k in range(j, len(src)) if src[k].strip()), None)


def _prev_nonblank(src: list[str], i: int) -> int | None:
    return next((k for k in range(i - 1, -1, -1) if src[k].strip()), None)


def _yaml_node(src: list[str], i: int) -> int:
    """The end (exclusive) of the YAML node starting at line I: its line and the deeper lines below."""
    ind = len(F.indent(src[i]))
    j = i + 1
    while j < len(src) and (not src[j].strip() or len(F.indent(src[j])) > ind):
        j += 1
    while j > i + 1 and not src[j - 1].strip():
        j -= 1
    return j


def _yaml_drop(src: list[str], i: int, j: int) -> str:
    """Why dropping lines I..J-1 of a YAML file leaves it ill-formed; '' when it does not."""
    if not F.key(src[i], F.YAML):
        return f"`{src[i].strip()}` is not a key or a list item: part of a value"
    ind = len(F.indent(src[i]))
    for k in range(i + 1, j):
        if src[k].strip() and len(F.indent(src[k])) < ind:
            return "the quoted lines are not one level of the YAML"
    nxt = _next_nonblank(src, j)
    if nxt is not None and len(F.indent(src[nxt])) > ind:
        return f"`{src[nxt].strip()}` below belongs to the quoted lines and would be left without its key"
    prev = _prev_nonblank(src, i)
    if prev is not None and len(F.indent(src[prev])) < ind:
        if _BLOCK_SCALAR.search(src[prev]):
            return "the quoted lines are text of a block scalar"
        if src[prev].rstrip().endswith(":") and (nxt is None or len(F.indent(src[nxt])) < ind):
            return f"`{src[prev].strip()}` would be left without a value"
    return ""


def _in_example(src: list[str], i: int, j: int) -> bool:
    """Whether lines I..J-1 of a binding are devicetree source inside one of its `examples:` (a `- |`
    block scalar under the top-level `examples:` key)."""
    if not any(src[k].strip() for k in range(i, j)):
        return False
    ind = min(len(F.indent(src[k])) for k in range(i, j) if src[k].strip())
    head = i - 1
    while head >= 0 and not (src[head].strip() and len(F.indent(src[head])) < ind and
                             re.fullmatch(r"\s*-\s+\|[-+]?\s*", src[head])):
        if src[head].strip() and not src[head][:1].isspace():
            return False            # a top-level key first: not inside an example
        head -= 1
    if head < 0:
        return False
    top = next((k for k in range(head - 1, -1, -1) if src[k].strip() and not src[k][:1].isspace()), None)
    return top is not None and src[top].rstrip() == "examples:"


def _bare_property(path: str, src: list[str], i: int, j: int) -> int | None:
    """The line of the devicetree binding property that dropping lines I..J-1 leaves without a value, when
    nothing else stays under it: dt-schema writes such a property `name: true` ("vdd-supply: true"); None
    for any other file or place."""
    if not path.startswith("Documentation/devicetree/bindings/") or F.file_kind(path) != F.YAML:
        return None
    prev, nxt = _prev_nonblank(src, i), _next_nonblank(src, j)
    if prev is None or not src[prev].rstrip().endswith(":") or _BLOCK_SCALAR.search(src[prev]):
        return None
    ind = len(F.indent(src[prev]))
    if len(F.indent(src[i])) <= ind or nxt is not None and len(F.indent(src[nxt])) > ind \
            or any(src[k].strip() for k in range(prev + 1, i)) or src[prev].lstrip().startswith("-"):
        return None
    parent = next((k for k in range(prev - 1, -1, -1) if src[k].strip() and len(F.indent(src[k])) < ind), None)
    if parent is None or src[parent].strip() not in ("properties:", "patternProperties:"):
        return None
    return prev


def _help_left(src: list[str], i: int, j: int) -> bool:
    """Whether the Kconfig help text around lines I..J-1 keeps a line of its own."""
    k = i - 1
    while k >= 0 and F.key(src[k], F.KCONFIG) == "" and src[k].strip():
        k -= 1
    if k < 0 or F.key(src[k], F.KCONFIG) not in ("help", "---help---"):
        return False
    ind = F.indent(src[i])
    rest = [n for n in range(k + 1, len(src)) if not i <= n < j]
    for n in rest:
        if src[n].strip() and not src[n].startswith(ind):
            return False
        if src[n].strip():
            return True
    return False


def _dts_drop(src: list[str], i: int, j: int) -> str:
    """Why dropping lines I..J-1 of a devicetree source leaves it ill-formed: only whole one-line properties
    and whole nodes (their opening line to their `};`) go."""
    depth = 0
    for k in range(i, j):
        t = src[k].strip()
        if not t or t.startswith("//"):
            continue
        key = F.key(src[k], F.DTS)
        if key.endswith("{"):
            depth += 1
        elif key == "};":
            depth -= 1
            if depth < 0:
                return "`};` closes a node the quoted lines do not open"
        elif depth == 0 and not key:
            return f"`{t}` is not a whole property"
    if depth:
        return "a node the quoted lines open goes on below them"
    prev = _prev_nonblank(src, i)
    if prev is not None and not src[prev].rstrip().endswith((";", "{", "*/")) and \
            not src[prev].lstrip().startswith(("#", "//", "/*")):
        return "the quoted lines go on from a property above"
    return ""


def drop_problem(kind: str, src: list[str], i: int, j: int) -> str:
    """Why the file of KIND would not stay well-formed without lines I..J-1; '' when it would."""
    run = src[i:j]
    if kind == F.YAML:
        return _yaml_drop(src, i, j)
    if kind == F.DTS:
        return _dts_drop(src, i, j)
    if any(ln.rstrip().endswith("\\") for ln in run) or i > 0 and src[i - 1].rstrip().endswith("\\"):
        return "a continued line (ending in a backslash) would be cut"
    if kind == F.KCONFIG:
        for ln in run:
            k = F.key(ln, F.KCONFIG)
            if k and k not in _KCONFIG_DROP:
                return f"`{ln.strip()}` holds the entry together (its type, prompt or help): not dropped alone"
            if not k and ln.strip() and not ln.lstrip().startswith("#") and not _help_left(src, i, j):
                return "the help text would be left empty or cut from its `help`"
        return ""
    if kind == F.MAKEFILE:
        bad = [ln for ln in run if _MAKE_COND.match(ln) or ln.strip() and not F.key(ln, F.MAKEFILE)
               and not ln.lstrip().startswith("#")]
        return f"`{bad[0].strip()}` is not an assignment alone" if bad else ""
    if kind == F.MAINTAINERS:
        bad = [ln for ln in run if ln.strip() and not F.key(ln, F.MAINTAINERS)]
        return f"`{bad[0].strip()}` is no field line of an entry" if bad else ""
    if kind == F.ABI:
        bad = [ln for ln in run if ln.strip() and F.key(ln, F.ABI) not in _ABI_DROP]
        return f"`{bad[0].strip()}` is part of the entry's What: or Description:" if bad else ""
    if kind == F.RST:
        for n in range(i, min(j + 1, len(src))):
            markup = src[n].lstrip().startswith(".. ") or src[n].rstrip().endswith("::")
            if _UNDERLINE.match(src[n]) or n < j and markup:
                return "a title, its underline or a directive would be cut"
        return ""
    return "respin knows no layout of this kind of file"


def _blank_gap(kind: str, src: list[str], a: int) -> bool:
    """Whether the file's layout puts a blank line between lines A and A+1 (both not blank)."""
    x, y = src[a], src[a + 1]
    if kind == F.YAML:
        ky = F.key(y, F.YAML)
        return bool(ky) and not ky.startswith("-") and len(F.indent(y)) <= 2 and \
            len(F.indent(y)) <= len(F.indent(x)) and not _BLOCK_SCALAR.search(x)
    if kind == F.KCONFIG:
        return not y[:1].isspace() and F.key(y, F.KCONFIG) in _KCONFIG_ENTRY
    if kind == F.MAINTAINERS:
        return bool(F.key(x, F.MAINTAINERS)) and not F.key(y, F.MAINTAINERS)
    if kind == F.RST:
        return bool(_UNDERLINE.match(x)) and a > 0 and bool(src[a - 1].strip()) and not _UNDERLINE.match(y) \
            or y.startswith(".. ") and not x.startswith(".. ")
    if kind == F.ABI:
        return y.startswith("What:") and not x.startswith("What:")
    if kind == F.DTS:
        # a node opens after a property or after another node's close, with a blank line before it
        return F.key(y, F.DTS).endswith("{") and (x.strip() == "};" or bool(F.key(x, F.DTS)) and
                                                  not F.key(x, F.DTS).endswith("{"))
    return False


class TextLines(LinesEdit[TextLinesParams]):
    kind = "text-lines"
    order = Phase.LAYOUT
    takes_away = True
    changed = "the quoted lines"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[TextLinesParams] | None:
        kind = F.file_kind(ctx.path)
        if not kind or not ctx.text or s.anchor.in_message:
            return None
        if s.written and any(w.strip() for w in s.written):
            return self._replace(s, ctx, kind)
        if kind == F.YAML and _LITERAL.search(" ".join(s.comment.split())):
            return self._plain_block(s, ctx)
        if B.BLANK.search(" ".join(s.comment.split())):
            return self._blank(s, ctx, kind)
        obj = drop_object(s.comment)
        return None if obj is None else self._drop(s, ctx, kind, obj)

    def _plan(self, ctx: CodeContext, old: list[str], new: list[str], at: int, summary: str,
              slug: str) -> Plan[TextLinesParams]:
        return Plan(self.kind, slug=slug, order=self.order, files=[ctx.path], summary=summary,
                    params=TextLinesParams(old=old, new=new, line=at + 1))

    # -- the reviewer's lines
    def _replace(self, s: Suggestion, ctx: CodeContext, kind: str) -> Plan[TextLinesParams] | None:
        written = [w.rstrip() for w in s.written if w.strip()]
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        fits = [k for k in range(len(run) - len(written) + 1)
                if all(F.same_kind(w, run[k + n], kind) for n, w in enumerate(written))]
        if not fits and len(written) > 1:
            # one quoted line becomes several: the first of the reviewer's lines stands for it, the others
            # are lines of the file's kind at its indentation (`depends on` with a `select` under it)
            fits = [k for k in range(len(run)) if F.same_kind(written[0], run[k], kind)
                    and all(F.key(w, kind) and F.indent(w) == F.indent(run[k]) for w in written[1:])]
            if len(fits) == 1:
                k = fits[0]
                return self._replaced(ctx, run[k:k + 1], written, at + k)
        if not fits:
            return None
        if len(fits) > 1:
            raise Manual("the reviewer's lines are of the same kind as several of the quoted ones: which they "
                         "replace is unclear")
        k = fits[0]
        return self._replaced(ctx, run[k:k + len(written)], written, at + k)

    def _replaced(self, ctx: CodeContext, old: list[str], new: list[str], at: int) -> Plan[TextLinesParams] | None:
        if [o.rstrip() for o in old] == new:
            return None
        key = F.key(old[0], F.file_kind(ctx.path)) or "text"
        return self._plan(ctx, old, new, at, f"Use the reviewer's {'lines' if len(new) > 1 else 'line'} "
                          f"for `{old[0].strip()}`", re.sub(r"\W+", "-", key).strip("-").lower() or "text")

    # -- "Drop"
    def _drop(self, s: Suggestion, ctx: CodeContext, kind: str, obj: str) -> Plan[TextLinesParams] | None:
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        src = ctx.text.splitlines()
        i, j = at + len(run) - _added_tail(s), at + len(run)
        if i == j or not _added_only(s) and obj or any(q[:1] == "-" for q in _quoted(s)):
            return None     # context lines named, or lines the patch changes: "Drop" may mean the change
        if kind == F.YAML and _in_example(src, i, j):
            kind = F.DTS    # the devicetree source of a binding's example: its properties and nodes
        if obj:
            named = [k for k in range(i, j) if F.key(src[k], kind).lstrip("- ") == obj
                     or src[k].strip().startswith(obj + " ") or src[k].strip() == obj]
            if not named and kind == F.YAML:
                return self._drop_word(ctx, src, i, j, obj)
            if len(named) != 1:
                return None
            i = named[0]
            j = _yaml_node(src, i) if kind == F.YAML else i + 1
            if j > at + len(run):
                raise Manual(f"`{src[i].strip()}` goes on below the quote: dropping it takes more than was quoted")
        why = drop_problem(kind, src, i, j)
        bare = _bare_property(ctx.path, src, i, j) if why else None
        if bare is not None:
            old = src[bare:j]
            new = [src[bare].rstrip() + " true"]
            return self._plan(ctx, old, new, bare, f"Drop the quoted lines from {ctx.path}, leaving "
                              f"`{new[0].strip()}`", "drop")
        if why:
            raise Manual(f"dropping the quoted lines of {ctx.path} would leave it ill-formed: {why}")
        old = src[i:j]
        if (i == 0 or not src[i - 1].strip()) and j < len(src) and not src[j].strip():
            old = src[i:j + 1]          # the blank line below the lines would stand doubled
        elif kind == F.DTS and i > 0 and not src[i - 1].strip() and j < len(src) and src[j].strip() == "};":
            i, old = i - 1, src[i - 1:j]    # the last node of its parent: no blank line before the `};`
        elif kind == F.DTS and i > 0 and src[i - 1].rstrip().endswith("{") and j < len(src) and not src[j].strip():
            old = src[i:j + 1]          # the first lines of a node: no blank line right after its `{`
        kept = [o.strip() for o in old if o.strip()]
        what = f"`{kept[0]}`" if len(kept) == 1 else "the quoted lines"
        return self._plan(ctx, old, [], i, f"Drop {what} from {ctx.path}", "drop")

    def _drop_word(self, ctx: CodeContext, src: list[str], i: int, j: int, word: str) -> Plan[TextLinesParams] | None:
        """'Drop "bindings".' under a binding's `title:`: the one word goes from the prose of a one-line
        `title:` or `description:` among the quoted lines, where it stands once."""
        if not re.fullmatch(r"[A-Za-z][\w-]*", word):
            return None
        pat = hyphened_word(word)
        hits = [(k, m) for k in range(i, j) for m in pat.finditer(src[k])]
        if len(hits) != 1:
            return None
        k, m = hits[0]
        if F.key(src[k], F.YAML) not in ("title", "description") or m.start() <= src[k].index(":") or \
                _BLOCK_SCALAR.search(src[k]):
            raise Manual(f"\"{word}\" is no word of a one-line title or description of {ctx.path}: "
                         "drop it by hand")
        line = src[k]
        new = (line[:m.start()].rstrip() + " " + line[m.end():].lstrip()).rstrip()
        if new.endswith(":") or re.search(r":\s*$", new):
            raise Manual(f"dropping \"{word}\" would leave `{line.strip()}` without a value")
        return self._plan(ctx, [line], [new], k, f"Drop \"{word}\" from `{line.strip()}`", "drop-word")

    # -- "Don't need '|'"
    def _plain_block(self, s: Suggestion, ctx: CodeContext) -> Plan[TextLinesParams] | None:
        """`description: |` loses its `|` when its text reads the same as a plain multi-line scalar: no line
        of it starts with a YAML indicator or holds ": ", " #" or a final ":" (a list, a "key: value" line)."""
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        heads = [at + k for k, ln in enumerate(run) if re.search(r":\s*\|[-+]?\s*$", ln) and F.key(ln, F.YAML)]
        if len(heads) != 1:
            return None
        src = ctx.text.splitlines()
        h = heads[0]
        end = _yaml_node(src, h)
        text = [ln.strip() for ln in src[h + 1:end] if ln.strip()]
        bad = next((t for t in text if not plain(t)), None) if text else ""
        if bad is not None:
            raise Manual(f"`{bad}` reads otherwise without the `|`: the literal block keeps it" if bad else
                         "the literal block holds no text")
        new = re.sub(r"\s*\|[-+]?\s*$", "", src[h])
        return self._plan(ctx, [src[h]], [new], h, f"Drop the `|` of `{new.strip()}`", "plain")

    # -- blank lines
    def _blank(self, s: Suggestion, ctx: CodeContext, kind: str) -> Plan[TextLinesParams] | None:
        text = " ".join(s.comment.split())
        asked = B.asked(text)
        src = ctx.text.splitlines()
        if asked is not None and asked[0] == "drop" or _ONE_BLANK.search(text):
            found = quoted_run(s, ctx, keep_blank=True)
            if found is None:
                return None
            at, run = found
            end = at + len(run)
            blanks = [k for k in range(at, min(end + 1, len(src))) if not src[k].strip()]
            doubled = [k for k in blanks if k + 1 < len(src) and not src[k + 1].strip()]
            if len(doubled) == 1:
                k = doubled[0]
            elif len(blanks) == 1 and not doubled and kind != F.RST and at < blanks[0] < end:
                k = blanks[0]
            else:
                raise Manual("the quote holds no one blank line to drop" if not blanks else
                             "the quote holds several blank lines: which one goes is unclear")
            return self._plan(ctx, src[k - 1:k + 1], [src[k - 1]], k - 1, f"Drop the blank line in {ctx.path}",
                              "blank")
        if not _ADD_BLANK.search(text) and not (asked is not None and asked[0] == "here"):
            return None
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        end = at + len(run)
        gaps = [a for a in range(at, min(end, len(src) - 1)) if src[a].strip() and src[a + 1].strip()
                and _blank_gap(kind, src, a)]
        if len(gaps) != 1:
            raise Manual("no place among the quoted lines takes a blank line by the file's layout" if not gaps
                         else "several places among the quoted lines could take the blank line: which is unclear")
        a = gaps[0]
        return self._plan(ctx, src[a:a + 2], [src[a], "", src[a + 1]], a, f"Add the missing blank line in {ctx.path}",
                          "blank")

    def rule_notes(self, plan: Plan[TextLinesParams], ctx: CodeContext) -> list[str]:
        return [f"SmPL reads C only: a verified text edit of the quoted lines of {ctx.path}."]


RECIPE = TextLines()
