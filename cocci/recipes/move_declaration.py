"""Move a local's declaration into the one block that uses it ("reduce the scope").

Evidence: intent words (move / declare / local to / reduce or narrow the scope / only used in) with
a place word (block, branch, loop, scope, if, else, for, while, inside, inner), and a quoted
declaration of the anchored function (or a quote whose lines use a local the comment names).
Every use of the variable must lie inside one block (the body of an if, else, for or while); the
declaration moves to the start of that block, after the block's own declarations.  A place word
picks the kind of block ("loop" -> the innermost loop body holding every use; "if"/"branch" -> the
innermost if or else branch); without one, the innermost block holding every use.

Refused (manual): a declaration of several variables, static or __free/__cleanup locals, an
initializer with side effects (a call, an assignment, ++/--) or reading something written between
the declaration and the block, a block that already declares the name (or a name the initializer
reads), and a loop body whose first use of the variable is not an assignment (the value would no
longer carry from one iteration to the next).

SmPL does it: rule `mv` removes the declaration and adds it after the block's last declaration
(`D@p`), or before its first statement (`S@p`) followed by a blank line, the position pinned to that
line of the file as it is when the rule runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import ctext
from cocci import render as R
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import (Item, block_items, closing, decl_parts, function_span, is_declaration, line_at,
                           line_offsets, occurrences, read_names, writes)
from patches.model import Suggestion

INTENT = re.compile(r"\b(move[sd]?|moving|declare[sd]?|declaring|declaration|local|scope|only used|"
                    r"narrow(?:er)?|reduce[sd]?|limit)\b", re.I)
PLACE = re.compile(r"\b(block|branch|loop|scope|if|else|for|while|inside|inner|innermost|body)\b", re.I)
LOOP = re.compile(r"\b(loop|for|while|iteration)\b", re.I)
BRANCH = re.compile(r"\b(if|else|branch|condition)\b", re.I)


@dataclass(frozen=True)
class Block:
    kind: str           # "if", "else", "for", "while"
    open: int           # offset of '{'
    close: int          # offset of '}'
    head: int           # offset of the statement's first character (the keyword)


def _blocks(text: str, open_brace: int) -> list[Block]:
    """Every braced if/else/for/while body nested in the block opened at OPEN_BRACE."""
    m = ctext.mask(text)
    out: list[Block] = []
    for it in block_items(text, open_brace):
        w = re.match(r"(if|for|while|do|switch)\b", m[it.start:it.end])
        if not w:
            if m[it.start] == "{":
                out += _blocks(text, it.start)
            continue
        kind = w.group(1)
        i = it.start
        while i < it.end:
            kw = re.compile(r"\b(if|for|while|switch|else)\b").search(m, i, it.end)
            if kw is None:
                break
            j = kw.end()
            k_kind = "else" if kw.group(1) == "else" else kind
            if kw.group(1) != "else":
                p = m.index("(", j)
                j = closing(m, p) + 1
            while j < it.end and m[j].isspace():
                j += 1
            if kw.group(1) == "else" and m.startswith("if", j):
                i = j
                kind = "if"
                continue
            if j < it.end and m[j] == "{":
                close = closing(m, j)
                if k_kind in ("if", "else", "for", "while"):
                    out.append(Block(k_kind, j, close, kw.start()))
                out += _blocks(text, j)
                i = close + 1
            else:
                end = m.find(";", j, it.end)
                i = (end + 1) if end >= 0 else it.end
    return out


_SIDE_EFFECT = re.compile(r"[A-Za-z_]\w*\s*\(|\+\+|--|(?<![=!<>])=(?!=)|[-+*/%&|^]=|<<=|>>=")
_SAFE_CALLS = re.compile(r"\b(sizeof|ARRAY_SIZE|BIT|BIT_ULL|GENMASK|GENMASK_ULL|min|max|min_t|max_t|"
                         r"container_of|offsetof|likely|unlikely|READ_ONCE)\s*\(")


@dataclass
class Target:
    fn: str
    decl: Item
    name: str
    block: Block
    anchor_line: int        # line of the block's last declaration, or of its first statement
    after_decl: bool        # True: add after that declaration; False: add before that statement


def _declaration(items: list[Item], fn_name: str, name: str) -> Item:
    """The declaration of NAME alone at the top of the function; Manual when there is none, or when
    it has a lifetime that moving would change."""
    decl = next((it for it in items if is_declaration(it.text) and
                 (p := decl_parts(it.text)) is not None and p[1] == name), None)
    if decl is None:
        multi = next((it for it in items if is_declaration(it.text)
                      and re.search(rf"\b{re.escape(name)}\b", ctext.mask(it.text))), None)
        if multi is not None:
            raise Manual(f"{name} is declared together with other variables; split the declaration first")
        raise Manual(f"{name} is not declared at the top of {fn_name}()")
    if re.search(r"\b(static|__free|__cleanup|__attribute__)\b", ctext.mask(decl.text)):
        raise Manual(f"{name} is static or has a cleanup attribute: moving it changes its lifetime")
    return decl


def _innermost_block(text: str, open_brace: int, uses: list[int], fn_name: str, name: str,
                     comment: str) -> Block:
    """The innermost block holding every use, of the kind the comment names (loop or branch)."""
    blocks = [b for b in _blocks(text, open_brace) if all(b.open < u < b.close for u in uses)]
    if not blocks:
        raise Manual(f"the uses of {name} are not all inside one block of {fn_name}()")
    want = "loop" if LOOP.search(comment) and not BRANCH.search(comment) else \
        "branch" if BRANCH.search(comment) and not LOOP.search(comment) else ""
    pick = [b for b in blocks if want == "" or (want == "loop") == (b.kind in ("for", "while"))]
    if not pick:
        raise Manual(f"the uses of {name} are not all inside one "
                     f"{'loop' if want == 'loop' else 'if/else branch'} of {fn_name}()")
    return max(pick, key=lambda b: b.open)


def _declares(items: list[Item], name: str) -> bool:
    return any(is_declaration(it.text) and (p := decl_parts(it.text)) and p[1] == name for it in items)


def _check_initializer(text: str, m: str, open_brace: int, decl: Item, name: str, init: str, block: Block,
                       inner: list[Item]) -> None:
    """Manual when the initializer INIT of NAME would not give the same value at the start of BLOCK."""
    if _SIDE_EFFECT.search(ctext.mask(_SAFE_CALLS.sub("(", init))):
        raise Manual(f"the initializer of {name} has side effects (or calls a function): moving it "
                     "changes when it runs")
    for r in read_names(init):
        if writes(m, r, decl.end, block.open) or re.search(rf"\b{re.escape(r)}\b",
                                                             m[block.head:block.open]) and \
                writes(m, r, block.head, block.open):
            raise Manual(f"{r} changes between the declaration of {name} and the block: the "
                         "initializer would read another value")
        if _declares(inner, r):
            raise Manual(f"the block declares its own {r}, which the initializer of {name} reads")
    if re.search(r"->|\[|\.|(?:^|[^\w)\]\s])\s*\*", ctext.mask(init)):
        between = [st for st in block_items(text, open_brace) if decl.end <= st.start < block.head]
        region = "\n".join(ctext.mask(st.text) for st in between) + m[block.head:block.open]
        if _SIDE_EFFECT.search(_SAFE_CALLS.sub("(", region)):
            raise Manual(f"the initializer of {name} reads memory that the code before the block may "
                         "change (an assignment or a call): it would read another value")


def _check_loop(m: str, name: str, block: Block, uses: list[int]) -> None:
    """Manual when NAME may carry its value from one iteration of the loop BLOCK to the next."""
    first_use = min(uses)
    if first_use not in writes(m, name, block.open, block.close) or \
            not re.match(rf"\s*{re.escape(name)}\s*=(?!=)", m[first_use:]) or \
            _depth(m, block.open, first_use) != 1:
        raise Manual(f"{name} may carry its value from one iteration of the loop to the next")
    cond_line = m[block.head:block.open]
    if re.search(rf"\b{re.escape(name)}\b", cond_line):
        raise Manual(f"the loop's own header uses {name}")


def _anchor(offs: list[int], inner: list[Item]) -> tuple[int, bool]:
    """The line of the block's last declaration (True), or of its first statement (False)."""
    leading = []
    for it in inner:
        if not is_declaration(it.text):
            break
        leading.append(it)
    if leading:
        return line_at(offs, leading[-1].start), True
    if not inner:
        raise Manual("the block is empty")
    return line_at(offs, inner[0].start), False


def find_target(text: str, fn_name: str, name: str, comment: str) -> Target:
    span = function_span(text, fn_name)
    if span is None:
        raise Manual(f"function {fn_name}() not found")
    m = ctext.mask(text)
    offs = line_offsets(text)
    decl = _declaration(block_items(text, span[1]), fn_name, name)
    uses = occurrences(m, name, decl.end, span[2] - 1)
    if not uses:
        raise Manual(f"{name} is not used after its declaration")
    block = _innermost_block(text, span[1], uses, fn_name, name, comment)
    inner = block_items(text, block.open)
    if _declares(inner, name):
        raise Manual(f"the block already declares a {name}")
    parts = decl_parts(decl.text)
    init = parts[2] if parts else None
    if init is not None:
        _check_initializer(text, m, span[1], decl, name, init, block, inner)
    if block.kind in ("for", "while"):
        _check_loop(m, name, block, uses)
    line, after_decl = _anchor(offs, inner)
    return Target(fn_name, decl, name, block, line, after_decl)


def _depth(m: str, open_brace: int, off: int) -> int:
    d = 0
    for c in m[open_brace:off]:
        d += {"{": 1, "}": -1}.get(c, 0)
    return d


@dataclass(frozen=True)
class MoveDeclarationParams(InFunction):
    name: str                    # the local whose declaration moves
    decl: str                    # its declaration (whitespace folded)
    block: str                   # the kind of block it moves into ("if", "for", ...)
    block_head: str              # that block's header (normalized)


class MoveDeclaration(Recipe[MoveDeclarationParams]):
    kind = "move-declaration"
    order = Phase.DECLARATION_MOVES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MoveDeclarationParams] | None:
        if not (INTENT.search(s.comment) and PLACE.search(s.comment)) or E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        span = function_span(ctx.text, fn.name)
        assert span is not None
        offs = line_offsets(ctx.text)
        top = [it for it in block_items(ctx.text, span[1]) if is_declaration(it.text)]
        quoted = [it for it in top if first <= line_at(offs, it.start) <= last]
        names = [p[1] for it in quoted if (p := decl_parts(it.text))]
        if not quoted:
            local = {p[1] for it in top if (p := decl_parts(it.text))}
            said = [w for w in re.findall(r"[A-Za-z_]\w*", s.comment) if w in local]
            if not said:
                return None
            names = said[:1] if len(set(said)) == 1 else []
            if not names:
                raise Manual(f"the comment names several locals ({', '.join(sorted(set(said)))})")
        elif len(names) > 1:
            said = [n for n in names if re.search(rf"\b{re.escape(n)}\b", s.comment)]
            if len(said) != 1:
                raise Manual(f"the quote declares {', '.join(names)}: which one to move is not clear")
            names = said
        elif not names:
            raise Manual("the quoted declaration declares several variables; split it first")
        name = names[0]
        t = find_target(ctx.text, fn.name, name, s.comment)
        where = {"if": "if block", "else": "else block", "for": "loop", "while": "loop"}[t.block.kind]
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=MoveDeclarationParams(fn.name, name=name, decl=" ".join(t.decl.text.split()),
                                                 block=t.block.kind, block_head=ctext.norm(
                                                     ctext.mask(ctx.text[t.block.head:t.block.open]))),
                    summary=f"Declare {name} in the {where} that uses it in {fn.name}()")

    def _target(self, plan: Plan[MoveDeclarationParams], text: str) -> Target:
        return find_target(text, plan.params.function, plan.params.name,
                           {"for": "loop", "while": "loop"}.get(plan.params.block, "branch"))

    def render(self, s: Suggestion, plan: Plan[MoveDeclarationParams], ctx: CodeContext) -> str:
        t = self._target(plan, ctx.text)
        decl = " ".join(t.decl.text.split())
        offs = line_offsets(ctx.text)
        decl_line = line_at(offs, t.decl.start)
        metavars = [f"identifier fn = {t.fn};"]
        removed = R.with_position([decl], "p0")[0]
        metavars.append(R.position_constraint("p0", [decl_line]))
        if t.after_decl:
            metavars += ["declaration D;", R.position_constraint("p", [t.anchor_line])]
            body = f"fn(...) {{\n... when any\n- {removed}\n... when any\nD@p\n+ {decl}\n... when any\n}}\n"
        else:
            metavars += ["statement S;", R.position_constraint("p", [t.anchor_line])]
            body = f"fn(...) {{\n... when any\n- {removed}\n... when any\n+ {decl}\n+\nS@p\n... when any\n}}\n"
        where = {"if": "if block", "else": "else block", "for": "loop body", "while": "loop body"}[t.block.kind]
        notes = [f"Every use of {t.name} is inside the {where}: the declaration moves to the start of that "
                 "block, after its own declarations."]
        head = R.header(plan.summary or f"Reduce the scope of {t.name}", s, notes)
        return head + "\n" + R.rule("mv", metavars, body, exists=True)

    def _state(self, plan: Plan[MoveDeclarationParams], text: str) -> str:
        """'top' when the declaration is still at the top of the function, 'block' when the block holds
        it (and the top does not), else ''."""
        fn = plan.params.function
        span = function_span(text, fn)
        if span is None:
            return ""
        name = plan.params.name
        top = [it for it in block_items(text, span[1]) if is_declaration(it.text)
               and (p := decl_parts(it.text)) and p[1] == name]
        if top:
            return "top"
        head = plan.params.block_head
        m = ctext.mask(text)
        for b in _blocks(text, span[1]):
            if ctext.norm(m[b.head:b.open]) != head:
                continue
            for it in block_items(text, b.open):
                if not is_declaration(it.text):
                    break
                if " ".join(it.text.split()) == plan.params.decl:
                    return "block"
        return ""

    def is_applied(self, s: Suggestion, plan: Plan[MoveDeclarationParams], text: str) -> bool:
        return self._state(plan, text) == "block"

    def verify(self, s: Suggestion, plan: Plan[MoveDeclarationParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"{plan.params.name} is not declared at the start of the block that uses it"
        want = ctext.norm(ctext.mask(plan.params.decl))
        n = ctext.norm(ctext.mask(after)).count(want) - ctext.norm(ctext.mask(before)).count(want)
        if n != 0:
            return f"the declaration of {plan.params.name} was copied, not moved"
        return ""


RECIPE = MoveDeclaration()
