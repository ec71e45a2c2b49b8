"""Suggestions -> plans -> rules.

``plan()`` asks every recipe of the catalogue about each accepted code
suggestion (one comment may need several plans: the reviewer wrote replacement
code AND "both can be VM_WARN_ON_ONCE()"), ``render()`` turns the plans into
numbered rule files in run order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from cocci import isos, pins, stale
from cocci.recipe import CodeContext, Manual, Phase, Plan, Recipe, Refused
from cocci.recipes import CATALOGUE
from cocci.recipes import _evidence as E
from patches.ctext import function_at, functions, mask
from patches.mended import cut_head
from patches.model import Change, Response, Rule, Status, Suggestion
from patches.scope import other_function, other_patch
from patches.words import only_asks

CODE_KINDS = ("code", "unknown", "")
# suggestions the series stage carries out (app/respin.py): a trailer for the commit message, dropping a
# patch, splitting a combined tag, Cc: lines, small edits of the commit message
SERIES_KINDS = ("trailer", "drop-patch", "split-tag", "cc-request", "message-edit")

# The longest comment the recipes read.  Real review comments under a quote are a few hundred characters
# (a replacement snippet a few thousand); the recipes' wording patterns are not all linear in the length
# of a sentence, and a thread is other people's input: a longer comment is left to the author.
MAX_COMMENT = 6000


@dataclass
class Planned:
    suggestion: Suggestion
    recipe: Recipe[Any]
    plan: Plan[Any]
    ctx: CodeContext
    key: str = ""           # "<suggestion id>#<n>": ties a rendered Rule back to its plan
    left: str = ""          # what the comment also asks that a recipe said cannot be done safely

    @property
    def is_text_edit(self) -> bool:
        # a recipe is a text edit, or says so for one plan (a comment it writes itself above a label)
        return self.recipe.edits_text(self.plan)


_SKIP_REASON = {
    Response.DECLINED: "declined by the author",
    Response.DEFERRED: "deferred by the author",
    Response.NONE: "no answer from the author, and --only-accepted was given",
}


# the reviewer puts the change off in the comment itself ("could use sysfs_emit() in a later series, not
# needed now"): unless the author takes it up, it is not for this version
_PUT_OFF = re.compile(
    r"\b(?:in|for|with|as)\s+(?:a|an|the)\s+(?:later|follow[- ]?up|future)\s+(?:patch|series|change|commit|cycle)\b|"
    r"\b(?:in|for)\s+(?:another|the\s+next)\s+(?:series|cycle|release)\b|\bas\s+a\s+follow[- ]?up\b|"
    r"\bnot\s+(?:needed|necessary|required)\s+(?:now|right\s+now|(?:for|in)\s+this\s+series)\b|"
    r"\b(?:can|could)\s+(?:be\s+done|come|wait)\s+later\b|"
    # "Can be done in a follow-up.", "not for this series though"
    r"\b(?:in|for)\s+a\s+follow[- ]?up\b|\bnot\s+for\s+this\s+(?:series|patch|cycle)\b(?!\s+only)|"
    # "Leave it for another patch though.", "save that for a separate patch"
    r"\b(?:leave|save|keep)\s+(?:it|this|that|them|these|those)\s+for\s+(?:another|a\s+(?:separate|different|"
    r"later|new|future|follow[- ]?up)|the\s+next|its\s+own)\s+(?:patch|series|commit|change)\b", re.I)


def put_off_by_reviewer(comment: str) -> bool:
    """Whether COMMENT defers its own request to another patch or series."""
    return _PUT_OFF.search(" ".join(comment.split())) is not None


def wanted(s: Suggestion, only_accepted: bool = False) -> bool:
    """Whether the author wants S done: not declined or deferred; unanswered counts unless ONLY_ACCEPTED
    (the person running respin is the author, and on real lists most points get no inline answer)."""
    if s.response in (Response.DECLINED, Response.DEFERRED):
        return False
    return s.response == Response.ACCEPTED or not only_accepted


def _unwanted(s: Suggestion, only_accepted: bool) -> str:
    """Why S is not for this version (the author's answer, the reviewer's own deferral, or a question that
    proposes no change), or ''."""
    if not wanted(s, only_accepted):
        words = " ".join(s.response_text.split())
        return _SKIP_REASON[s.response] + (f": \"{words[:120]}\"" if words else "")
    if s.response != Response.ACCEPTED and put_off_by_reviewer(s.comment):
        return "put off by the reviewer to another patch or series, and the author did not take it up"
    return ""


def _too_long(s: Suggestion, only_accepted: bool) -> bool:
    """Whether S is a wanted comment longer than the recipes read; it is then MANUAL, saying so."""
    if s.kind == "trailer" or len(s.comment) <= MAX_COMMENT or not wanted(s, only_accepted):
        return False
    s.kind, s.status = "manual", Status.MANUAL
    s.reason = (f"a comment of {len(s.comment):,} characters: respin reads requests of up to "
                f"{MAX_COMMENT:,}; make this change by hand")
    return True


def _passed_over(s: Suggestion, remark: bool, only_accepted: bool) -> bool:
    """Whether S is for no rule: a trailer (the series stage adds it to the commit message) or a kind
    that is no code change (skipped, saying so, unless the review stage already said why)."""
    if s.kind in SERIES_KINDS:
        if not wanted(s, only_accepted) and s.status is None:
            _skip(s, _SKIP_REASON[s.response])
        return True
    if s.kind == "commit-message" and s.status is None:
        _message_request(s, only_accepted)
        return True
    if s.kind not in CODE_KINDS and s.kind not in {r.kind for r in CATALOGUE} and not remark:
        shape = other_patch(s.comment, s.patch) if s.status is None and not only_a_question(s) else ""
        if shape and wanted(s, only_accepted):
            # "this hunk belongs in patch 1" reads as a remark, but asks to reshape the series
            s.status, s.reason = Status.MANUAL, f"{shape}: moving changes between the commits of the series " \
                                                "is left to the author"
        elif s.status is None:
            _skip(s, f"not a code change ({s.kind})")
        return True
    return False


def _message_request(s: Suggestion, only_accepted: bool) -> None:
    """A comment on the commit message that the series stage does not make (the ones it makes have kinds
    of their own, or are word corrections it applies later): left to the author, saying what it asks;
    skipped when the author does not want it or it is only a question."""
    why = _unwanted(s, only_accepted)
    if why:
        _skip(s, why)
    elif only_a_question(s):
        _skip(s, "a question: it proposes no change")
    else:
        shape = other_patch(s.comment, s.patch)
        s.status = Status.MANUAL
        s.reason = f"{shape}: moving changes between the commits of the series is left to the author" if shape \
            else _FIXES_UNNAMED if _ASKS_FIXES.search(s.comment) \
            else "a request about the cover letter that no recipe carries out: left to the author" if s.patch == 0 \
            else "a request under the commit message that no recipe carries out: left to the author"


# "This needs a Fixes tag.", "Missing Fixes:": a Fixes: line asked for without the commit (with one written
# out, it is a trailer request of its own)
_ASKS_FIXES = re.compile(r"\bfixes(?::|\s+(?:tag|line|trailer)\b)", re.I)
_FIXES_UNNAMED = ("asks for a Fixes: tag without naming the commit: find the commit that introduced the problem "
                  "and add Fixes: <12-digit sha> (\"subject\") by hand")


def _skip(s: Suggestion, reason: str) -> None:
    s.status = Status.SKIPPED
    s.reason = reason


def plan(suggestions: list[Suggestion], contexts: dict[str, CodeContext],
         only_accepted: bool = False) -> list[Planned]:
    """Plans for the accepted code suggestions, in run order (by recipe order, then suggestion order).

    Sets on each suggestion: kind (recipe kind, or "manual"), status (MANUAL with a reason when no
    recipe understands a code comment or one raised Manual; SKIPPED for declined/deferred/unanswered
    suggestions and non-code kinds), summary (changelog wording) and params (the first plan's)."""
    out: list[tuple[int, int, Planned]] = []
    for idx, s in enumerate(suggestions):
        if _too_long(s, only_accepted):
            continue
        if s.anchor.in_message and s.kind != "trailer" and s.status is None and s.id in contexts and \
                wanted(s, only_accepted):
            # a remark under the commit message may still be about code the message does not quote
            # ("one more user remains in foo()"): only recipes that read such remarks are asked
            got = _message_plans(s, contexts[s.id])
            if got:
                for n, (recipe, p, c) in enumerate(got):
                    out.append((p.order, idx, Planned(s, recipe, p, c, key=f"{s.id}#{n}")))
                continue
        remark = s.kind == "comment" and not s.anchor.in_message and s.id in contexts
        if _passed_over(s, remark, only_accepted):
            continue
        why = _unwanted(s, only_accepted)
        if why:
            _skip(s, why)
            continue
        ctx = contexts.get(s.id)
        early = _not_for_recipes(s, ctx)
        if early or ctx is None:
            s.kind, s.status, s.reason = "manual", Status.MANUAL, early
            continue
        found, manual = _understood(s, ctx)
        if only_a_question(s):
            # a doubting question ("Is it really worth moving that to a separate function?") is how reviewers
            # ask to take away what the patch wrote: only such recipes read it, on their own evidence
            found = _read_as_doubt(s, found, manual)
            if not found:
                continue
        plans = [x for recipe, p, comp in _most_specific(found) for x in [(recipe, p), *comp]]
        if not plans and remark and not _asked(manual) and not design_request(s):
            # a remark under code ("dp_jack", "the values are the other way around") is a request when
            # a recipe finds the change in it (or finds it and says why it cannot make it), or names a
            # guard or managed helper the quote lacks ("This wants to be a guard(task_rq_lock)."); otherwise
            # it asks for nothing
            _skip(s, "a remark: no recipe finds a change asked for in it")
            continue
        done = already_done(s, ctx) if not plans and s.anchor.code and not s.anchor.file else ""
        if done:
            _skip(s, f"already in the series: {done}")
            continue
        if not plans:
            s.kind, s.status = "manual", Status.MANUAL
            s.reason = manual_reason(s, manual)
            continue
        main = [p for _, p in plans if p.summary]
        s.kind = plans[0][1].kind if not main else main[0].kind
        s.summary = "; ".join(p.summary for p in main)
        s.changes = [Change(p.kind, p.summary, p.params.as_dict()) for p in main]
        s.params = (main[0] if main else plans[0][1]).params.as_dict()
        s.status, s.reason = None, ""
        left = "; ".join(layout_left(manual, [p for _, p in plans]))
        for n, (recipe, p) in enumerate(plans):
            out.append((p.order, idx, Planned(s, recipe, p, _retarget(recipe, p, ctx), key=f"{s.id}#{n}",
                                              left=left)))
    out.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in out]


def layout_left(manual: list[str], plans: list[Plan[Any]]) -> list[str]:
    """The "kind: reason" of MANUAL that a layout recipe gave while other recipes planned the comment ("Use
    str_on_off(), and this fits on one line." where the joined line would not fit): a layout recipe reads
    only words about the layout, so that is a request of its own the plans leave undone."""
    layout = {r.kind for r in CATALOGUE if r.order == Phase.LAYOUT}
    done = {p.kind for p in plans}
    return [m for m in manual if m.split(":", 1)[0] in layout - done]


# what an answer says the author will do: then the author's own words ask for the edit
_ANSWER_ACTS = re.compile(r"\b(?:drop|remove|delete|get\s+rid|use|switch|change|rename|make|add|convert|replace|"
                          r"move|mark|fold|inline|split)\w*\b", re.I)


# recipes whose Manual for a remark says they found the change in it ("Just WARN_ON_ONCE(count > 64)
# instead.": a call written out that is more than a rename of the quoted one)
_TAKEN_UP = ("rename-call: the comment writes ",)


def only_a_question(s: Suggestion) -> bool:
    """Whether S is a question that proposes no change ("Why is this needed?", "Is this safe without the
    lock?"), with no code of the reviewer's and no answer stating an edit: it asks for no edit."""
    return only_asks(s.comment) and not s.written and not _ANSWER_ACTS.search(s.response_text)


def _not_for_recipes(s: Suggestion, ctx: CodeContext | None) -> str:
    """Why S is manual before any recipe is asked; '' when the recipes may look at it."""
    shape = other_patch(s.comment, s.patch)
    if shape:
        # not an edit of this patch's code: a recipe's edit here would be the wrong change
        return f"{shape}: moving changes between the commits of the series is left to the author"
    if s.anchor.in_message:
        return _FIXES_UNNAMED if _ASKS_FIXES.search(s.comment) else "the comment is about the commit message"
    if ctx is None:
        return "the quoted code was not found in the tree"
    apart = told_apart(s.comment, s.quote_diff or s.quoted)
    if apart:
        return (f"the comment calls one of the like statements of the quote fine by its order (\"{apart}\"): "
                "which of them to change is for the author")
    defined = {f.name for text in (ctx.files or {ctx.path: ctx.text}).values() for f in functions(text)}
    elsewhere = other_function(s.comment, s.quoted, ctx.function or s.anchor.function, defined)
    if elsewhere:
        return (f"asks for the change in {elsewhere}(), not at the quoted lines: a recipe's edit here would be "
                "in the wrong place; make it there by hand")
    return ""


# one of several like places of the quote called fine by its order: "The second one is fine."
_ONE_FINE = re.compile(r"\b(?:the|that|this)\s+(?:first|second|third|last|other|former|latter|upper|lower|"
                       r"top|bottom)(?:\s+(?:one|return|call|check|place))?\s+(?:is|looks|seems|can\s+stay)"
                       r"(?:\s+(?:fine|ok(?:ay)?|right|correct|good|needed))?\b", re.I)


def told_apart(comment: str, quoted: list[str]) -> str:
    """The words of COMMENT that call one of the like statements of QUOTED fine by its order, when the
    quote holds a statement twice or more (`return -EIO;` under two checks); '' otherwise.  Which of them
    the request is for is then not the one right above the comment by default."""
    m = _ONE_FINE.search(" ".join(comment.split()))
    if m is None:
        return ""
    seen: set[str] = set()
    for line in quoted:
        key = " ".join((line[1:] if line[:1] in "+- " else line).split())
        if key.endswith(";") and key in seen:
            return m.group(0)
        seen.add(key)
    return ""


Found = list[tuple[Recipe[Any], Plan[Any], list[tuple[Recipe[Any], Plan[Any]]]]]


def _read_as_doubt(s: Suggestion, found: Found, manual: list[str]) -> Found:
    """What the recipes that take away what the patch wrote (``takes_away``) found in the question S; when
    none has a plan, S is manual with the reasons such a recipe gave ("Why the initialisation?" over
    initializers that cannot go safely), else skipped: it proposes no change."""
    taken = [f for f in found if f[0].takes_away]
    kinds = {r.kind for r in CATALOGUE if r.takes_away}
    doubted = [m for m in manual if m.split(":", 1)[0] in kinds]
    if not taken and doubted:
        s.kind, s.status, s.reason = "manual", Status.MANUAL, "; ".join(doubted)
    elif not taken:
        _skip(s, "a question: it proposes no change")
    return taken


def _asked(manual: list[str]) -> bool:
    """Whether one of MANUAL ("kind: reason") says a remark's words asked for a change left to the author: it
    comes from a recipe whose Manual means that (``remark_asks``: "Unrelated change."), a layout recipe
    ("Reverse xmas tree order." over a declaration of several names) or replace-code (reviewer code it
    cannot write, `if (v && !x->ok) {`)."""
    asks = {r.kind for r in CATALOGUE if r.remark_asks or r.order == Phase.LAYOUT} | {"replace-code"}
    return any(m.split(":", 1)[0] in asks or m.startswith(_TAKEN_UP) for m in manual)


def _ask(recipes: list[Recipe[Any]], s: Suggestion,
         ctx: CodeContext) -> tuple[list[tuple[Recipe[Any], Plan[Any]]], list[str]]:
    """What RECIPES make of S: (recipe, plan) for each that has a plan, and "kind: reason" for each that
    said it cannot be done safely; no plan, and only the refusals, when a recipe refused S whole."""
    plans: list[tuple[Recipe[Any], Plan[Any]]] = []
    manual: list[str] = []
    refused: list[str] = []
    for recipe in recipes:
        try:
            p = recipe.understand(s, ctx)
        except Refused as e:
            refused.append(f"{recipe.kind}: {e}")
            continue
        except Manual as e:
            manual.append(f"{recipe.kind}: {e}")
            continue
        if p is not None and not is_c(ctx.path or "c.c") and not recipe.edits_text(p):
            # a shell script's function reads like C to the recipes, but spatch cannot parse the file
            manual.append(f"{recipe.kind}{_NOT_C}")
        elif p is not None:
            plans.append((recipe, p))
    # a recipe that refused the comment whole: another's plan would carry out part of it
    return ([], refused) if refused else (plans, manual)


_NOT_C = ": the file is not C, which spatch cannot read"


_OUTSIDE = ": the quoted code is not inside a function"
# helpers whose use restructures how a function releases what it holds: a lock guard, a __free() variable,
# a device-managed resource or cleanup action
_DESIGN = re.compile(r"\b(?:scoped_(?:cond_)?guard|guard|__free|no_free_ptr|return_ptr)\s*\(|"
                     r"\b(?:devm|pcim|dmam|drmm)_\w+")


def design_request(s: Suggestion) -> str:
    """The lock guard, __free() or managed-resource helper S's comment asks for that its quote does not
    use yet ("use guard(mutex)", "devm_kzalloc() please"); '' for none."""
    quoted = "\n".join(s.quoted + list(s.anchor.code) + list(s.quote))   # named as quoted: not asked for
    for d in _DESIGN.finditer(s.comment):
        name = d.group(0).rstrip("(").strip()
        managed = re.match(r"(devm|pcim|dmam|drmm)_", name)
        if managed and re.search(rf"\b{managed.group(1)}_\w+\s*\(", quoted):
            continue        # devm_kcalloc() for the quoted devm_kzalloc(): managed already, no change of design
        if not re.search(rf"\b{re.escape(name)}\b", quoted):
            return name
    return ""


# the kinds whose own business is the layout of the quoted lines: "one line" is theirs to carry out
_LAYOUT_KINDS = frozenset({"join-line", "one-line-declaration", "align-continuation", "whitespace", "blank-line",
                           "reverse-xmas-tree", "replace-text"})
# the end of a line of new code that its statement goes on after: an operator waiting for its operand
_GOES_ON = re.compile(r"(?:[-+*/|&=?<>]|&&|\|\|)\s*$")


def _goes_on(line: str) -> bool:
    """Whether the statement LINE starts goes on over the next line: a parenthesis left open, or an
    operator at its end (an `if (x)` above its body, a `,` between initializer entries do not)."""
    code = mask(line)
    ends = bool(_GOES_ON.search(code)) and not code.rstrip().endswith(("++", "--"))
    return code.count("(") > code.count(")") or ends


def one_line_left(s: Suggestion, diffs: list[str]) -> str:
    """What S's comment asks for besides its change and the rules left undone: the new code on one line
    ("dev_err_probe(), and the message can be on one line") when a statement the rules wrote goes on over
    several lines; '' when the comment asks no such thing, the kind is a layout one, or nothing is split."""
    from cocci.recipes.join_line import ABOUT_DECLARATION, INTENT, NEGATED
    if s.kind in _LAYOUT_KINDS or not INTENT.search(s.comment) or NEGATED.search(s.comment) or \
            ABOUT_DECLARATION.search(s.comment):
        return ""
    for d in diffs:
        lines = [ln for ln in d.splitlines() if not ln.startswith(("+++", "---"))]
        for x, y in pairwise(lines):       # two added lines in a row
            a, b = x[1:], y[1:]
            if x[:1] == y[:1] == "+" and b.strip() and _goes_on(a) and not a.lstrip().startswith(("#", "*", "/*")):
                return f"on one line: the new code goes on over two lines ({a.strip()} / {b.strip()})"
    return ""


def is_c(path: str) -> bool:
    """Whether PATH names C source or a header (what SmPL and the recipes read)."""
    return path.endswith((".c", ".h"))


# kernel helpers asked for by name that no recipe brings in: what the author has to decide
_NAME_ONLY = (
    (re.compile(r"\b(?:array_size|array3_size|size_add|size_mul|size_sub|flex_array_size)\b"),
     "which product or sum of the quoted code it takes in, and what its saturated value (SIZE_MAX) means for "
     "the code after it, are for the author"),
    (re.compile(r"\b(?:DEFINE_SIMPLE_DEV_PM_OPS|DEFINE_RUNTIME_DEV_PM_OPS|SYSTEM_SLEEP_PM_OPS|pm_sleep_ptr|pm_ptr)\b"),
     "the dev_pm_ops definition, the .pm pointer and any #ifdef CONFIG_PM_SLEEP or __maybe_unused on the "
     "callbacks change together; respin does not make that change"),
)


def _name_only(s: Suggestion) -> str:
    """Why the helper S's comment names, one no recipe brings in by its name, is left to the author;
    '' when it names none of them."""
    for pattern, why in _NAME_ONLY:
        m = pattern.search(s.comment)
        if m:
            return f"asks for {m.group(0)}(): {why}"
    return ""


def manual_reason(s: Suggestion, manual: list[str]) -> str:
    """Why no recipe does S, from what the recipes said (MANUAL: "kind: reason" each).  When the quoted
    code is not there, or outside any function, that is said first: what each recipe found wrong with
    such a place misleads more than it tells."""
    if s.anchor.code and not s.anchor.file:
        places = s.params.get("quote_places")
        if isinstance(places, tuple):
            return (f"the quote, its tabs turned to spaces by the mail client, fits lines {places[1]} and "
                    f"{places[2]} of {places[0]} alike: which one is meant is not clear")
        cut = next((q for q in s.quoted if cut_head(q)), "")
        if cut:
            return (f"the quoted line cut short ({cut[1:].strip()}) is not one line of the series: it begins none, "
                    "or several that the quoted lines around it do not tell apart")
        return "the quoted code is not in the series as it stands (quoted from an older version, or changed since)"
    design = design_request(s)
    if design and not any(m.startswith(("rename-call:", "use-helper:", "lock-guard:")) for m in manual):
        return (f"asks for {design}(): scope-based cleanup or a managed resource changes how the function "
                "releases what it holds (unlock and free calls, error paths, remove), a change of design left "
                "to the author")
    named = _name_only(s)
    # the recipes only found no function there (a file-scope macro taken for one): the helper asked says more
    if named and all(m.endswith(_OUTSIDE) or re.search(r": function \w+\(\) not found in ", m) for m in manual):
        return named
    if all(m.endswith((_OUTSIDE, _NOT_C)) for m in manual) and s.anchor.file and not is_c(s.anchor.file):
        return (f"{s.anchor.file} is not C source: in it respin makes only written substitutions (s/old/new/, "
                "a typo's correction), the reviewer's own lines for quoted lines of their kind, a \"Drop\" of "
                "whole quoted lines, a blank line added or dropped, a new item put in its sorted place, a "
                "Kconfig depends/select asked for, and drops the quotes of YAML values; this is for the author")
    if manual and all(m.endswith(_OUTSIDE) for m in manual):
        kinds = ", ".join(m.split(":", 1)[0] for m in manual)
        return (f"the quoted code is outside any function (a declaration, a struct member or a macro); "
                f"the recipes that took this comment up ({kinds}) edit only inside functions")
    # a recipe for code outside functions said why it cannot: the others' "not inside a function" adds nothing
    manual = [m for m in manual if not m.endswith(_OUTSIDE)]
    return "; ".join(manual) if manual else "no recipe understands this comment"


def already_done(s: Suggestion, ctx: CodeContext) -> str:
    """What S asks for, in the recipes' words, when the series as it stands visibly does it already
    (a late reply to an older version); "" when that cannot be told.  S's quote, put back into the one
    file where it fits (cocci/stale.py), gives the code the reviewer saw; every recipe that plans S
    there must say through its own ``is_applied()`` that the series has the effect and that code has not."""
    files = dict(ctx.files) or ({ctx.path: ctx.text} if ctx.path and ctx.text else {})
    quote = s.quote or [q[1:] if q[:1] in "+- " else q for q in s.quoted]
    found = stale.olders(quote, files)
    if len(found) != 1:
        return ""
    old = found[0]
    fn = function_at(old.text, old.lines[0])
    then = replace(s, anchor=replace(s.anchor, file=old.path, lines=old.lines, function=fn.name if fn else ""),
                   changes=[], params={})
    octx = replace(ctx, path=old.path, text=old.text, function=fn.name if fn else "")
    found_plans, _ = _understood(then, octx)
    plans = [(recipe, p) for recipe, p, _ in _most_specific(found_plans) if p.summary]
    if not plans or any(recipe.is_applied(then, p, files[old.path]) is not True
                        or recipe.is_applied(then, p, old.text) is not False for recipe, p in plans):
        return ""
    return "; ".join(p.summary for _, p in plans)


def _understood(s: Suggestion, ctx: CodeContext) -> tuple[Found, list[str]]:
    """What the recipes of the catalogue make of S: (recipe, plan, its companion plans) for each that has a
    plan, and "kind: reason" for each that said it cannot be done safely.  A quote of a function's header
    alone is about that function: S's anchor names it."""
    if not s.anchor.function and not ctx.function:
        s.anchor.function = E.header_function(ctx.text, s.anchor.code or E.quote_code(s.quoted))
    plans, manual = _ask(CATALOGUE, s, ctx)
    return [(recipe, p, recipe.companions(s, p, ctx)) for recipe, p in plans], manual


def _retarget(recipe: Recipe[Any], p: Plan[Any], ctx: CodeContext) -> CodeContext:
    """CTX, or for a recipe that finds its place itself (``retargets``) the context of the plan's file."""
    path = p.files[0] if p.files else ""
    if not recipe.retargets or not path or path == ctx.path or path not in ctx.files:
        return ctx
    return replace(ctx, path=path, text=ctx.files[path], function=p.params.where())


def _message_plans(s: Suggestion, ctx: CodeContext) -> list[tuple[Recipe[Any], Plan[Any], CodeContext]]:
    """Plans of the recipes that read remarks anchored in the commit message (``reads_message``); sets S's
    kind, summary, params and anchor when there is one, and MANUAL when such a recipe says it cannot."""
    plans, manual = _ask([recipe for recipe in CATALOGUE if recipe.reads_message], s, ctx)
    found = [(recipe, p, _retarget(recipe, p, ctx)) for recipe, p in plans]
    if not found:
        if manual:
            s.kind, s.status, s.reason = "manual", Status.MANUAL, "; ".join(manual)
        return []
    recipe, p, c = found[0]
    s.kind, s.summary, s.params = p.kind, p.summary, p.params.as_dict()
    s.changes = [Change(p.kind, p.summary, p.params.as_dict())]
    s.anchor.file, s.anchor.function = c.path, c.function
    s.status, s.reason = None, ""
    return found[:1]


def _most_specific(found: Found) -> Found:
    """FOUND without the plans a more specific recipe's plan for the same comment supersedes (a recipe
    lists the kinds it supersedes in ``supersedes``: "use strscpy(), get rid of strcpy()" is a rename,
    not a removal of the strcpy() line), together with their companion plans."""
    return [f for f in found
            if not any(f[0].kind in recipe.superseded(plan) and recipe.outranks(plan, f[1])
                       for recipe, plan, _ in found if recipe is not f[0])]


def slugify(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-")
    return s[:40] or "rule"


def rendered(recipe: Recipe[Any], s: Suggestion, plan: Plan[Any], ctx: CodeContext) -> str:
    """RECIPE's .cocci for S on CTX's file, without the line pins that file does not need (cocci/pins.py;
    a rule that also runs on other files keeps them: a line pin holds in every file), its operators
    matching as written (cocci/isos.py).  Raises Manual as the recipe does."""
    text = with_line_pins(recipe, s, plan, ctx)
    return pins.unpinned(text, ctx.text) if set(plan.files) <= {ctx.path} else text


def with_line_pins(recipe: Recipe[Any], s: Suggestion, plan: Plan[Any], ctx: CodeContext) -> str:
    """RECIPE's .cocci for S with the line pins it was written with (see ``rendered``)."""
    return isos.as_written(recipe.render(s, plan, ctx))


def render_one(p: Planned, number: int) -> Rule:
    """The Rule for one plan, its .cocci text rendered against the plan's context.

    A rule that builds on an earlier one (a rename on the line a replace-code rule writes) cannot be
    rendered before that one ran: its text then says so, and apply() renders it on the file as it is
    by then (apply() re-renders every rule anyway, so that line numbers are those of that file)."""
    s, recipe, pl = p.suggestion, p.recipe, p.plan
    name = f"{number:02d}-{pl.kind}-{slugify(pl.slug)}.cocci"
    te = None
    try:
        text = rendered(recipe, s, pl, p.ctx)
        te = recipe.text_edit(s, pl, p.ctx) if p.is_text_edit else None
    except Manual as e:
        text = f"// {name}: rendered when the rules before it have run ({e})\n"
    return Rule(suggestion_id=s.id, kind=pl.kind, name=name, text=text, files=list(pl.files or [p.ctx.path]),
                order=pl.order, is_text_edit=p.is_text_edit, text_edit=te,
                expect={"key": p.key, **pl.params.as_dict()})


def render(planned: list[Planned]) -> list[Rule]:
    """Numbered rules `NN-<kind>-<slug>.cocci` in run order."""
    return [render_one(p, n) for n, p in enumerate(sorted(planned, key=lambda x: x.plan.order), 1)]
