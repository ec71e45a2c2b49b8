"""Run the rules, in order, on copies of the files, and verify each one.

For every rule: re-render it against the file as it is now (earlier rules may
have moved lines), run it with spatch (or make the text edit), then check that
  - it changed something (a rule that matched nothing is FAILED, unless its
    effect is already there: APPLIED, "already applied"),
  - the recipe's own check passes (the anchored lines show the intended change),
  - every changed line lies inside the function(s) the rule is scoped to,
  - `spatch --parse-c` reports no newly unparsable function.
A rule that fails a check is rolled back; later rules run on the text before it.  A comment whose
rules did not all apply leaves nothing in the tree: the run is redone without its rules.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from cocci import combine, linediff, narrow, pins, propagate, spatch, userspace
from patches.ctext import Function, function_at, function_named, functions, split_lines
from cocci.recipe import CodeContext, Manual, Params, Recipe
from cocci.rules import Planned, design_request, one_line_left, rendered, with_line_pins
from cocci.textedit import TextEditError, apply_text_edit, diff as unified_diff, is_applied as te_applied
from patches.model import Edit, Rule, Status, Suggestion

ALREADY = "already applied"


def changed_lines(before: str, after: str) -> list[int]:
    """1-based lines of BEFORE that were replaced or deleted, and the lines inserts went next to."""
    out: list[int] = []
    a = split_lines(before)
    for tag, i1, i2, _, _ in linediff.opcodes(a, split_lines(after)):
        if tag == "equal":
            continue
        if i2 > i1:
            out += range(i1 + 1, i2 + 1)
        else:
            out.append(i1 + 1 if i1 < len(a) else i1)   # insertion before line i1+1
    return out


def _scope_functions(params: Params, text: str) -> list[Function]:
    return [f for n in params.scope_functions() if n and (f := function_named(text, n)) is not None]


def outside_scope(before: str, after: str, scope: list[Function]) -> list[int]:
    """Changed lines of BEFORE that lie outside every function of SCOPE."""
    return [n for n in changed_lines(before, after) if not any(f.contains(n) for f in scope)]


def _bad_functions(text: str, report: spatch.ParseReport) -> set[str]:
    out = set()
    for n in report.error_lines:
        f = function_at(text, n)
        # outside functions, name the line by its text: an edit above it moves its number
        src = split_lines(text)
        out.add(f.name if f else f"line {n}" if n > len(src) else f"the line \"{src[n - 1].strip()[:60]}\"")
    return out


class _Files:
    """The working copies: current text per path, their files in WORKDIR, and parse baselines."""

    def __init__(self, files: dict[str, str], workdir: Path, deferred: bool = False):
        self.text = dict(files)
        self.original = dict(files)
        # deferred: check parsing once after the last rule (and redo the run rule by rule only
        # when a function stopped parsing); otherwise after every rule
        self.deferred = deferred
        self.dir = workdir / "src"
        self.rules = workdir / "rules"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.rules.mkdir(parents=True, exist_ok=True)
        self._bad: dict[str, set[str]] = {}
        self.one_pass = False       # generated rules on one file may share a spatch pass

    def path(self, rel: str) -> Path:
        p = self.dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def write(self, rel: str, text: str) -> Path:
        p = self.path(rel)
        p.write_text(text)
        return p

    def bad(self, rel: str, text: str, only: set[str] | None = None) -> set[str]:
        """The functions of TEXT spatch cannot parse; ONLY: those of these it defines (the others' bodies
        left out of the parse, see cocci/narrow.py), when that many lines can be left out."""
        small = None
        if only is not None and rel.endswith((".c", ".h")):
            small = narrow.narrowed(text, only & {f.name for f in functions(text)})
        p = self.write(rel, text if small is None else small)
        return _bad_functions(text, spatch.parse_c(p))

    def baseline(self, rel: str) -> set[str]:
        if rel not in self._bad:
            self._bad[rel] = self.bad(rel, self.text[rel])
        return self._bad[rel]

    def newly_bad(self) -> list[str]:
        """Files whose current text has a function that does not parse but did in the original."""
        out = []
        for rel, text in self.text.items():
            if text == self.original.get(rel) or not rel.endswith((".c", ".h")):
                continue
            # only the functions the rules changed can newly fail (when nothing around them changed)
            changed = narrow.changed_functions(self.original[rel], text) if rel in self.original else None
            after = self.bad(rel, text, changed)
            if not after:
                continue            # everything parses: what parsed before does not matter
            before = self.bad(rel, self.original[rel], changed)
            self.write(rel, text)
            if after - before:
                out.append(rel)
        return out

    def snapshot(self) -> tuple[dict[str, str], dict[str, set[str]]]:
        return dict(self.text), dict(self._bad)

    def restore(self, saved: tuple[dict[str, str], dict[str, set[str]]]) -> None:
        self.text, self._bad = dict(saved[0]), dict(saved[1])

    def commit(self, rel: str, text: str, bad: set[str]) -> None:
        self.text[rel] = text
        self._bad[rel] = bad


def _already(recipe: Recipe[Any] | None, p: Planned | None, text: str) -> bool:
    if recipe is None or p is None:
        return False
    done = recipe.is_applied(p.suggestion, p.plan, text)
    if done is not None:
        return done
    # a recipe that cannot tell: its own check of TEXT against itself, when it has one
    return recipe.verify(p.suggestion, p.plan, text, text) == ""


def _run_spatch(rule: Rule, files: _Files, paths: list[str]) -> dict[str, str]:
    """Run RULE's SmPL on PATHS (fresh copies of the current texts); the new texts by path."""
    sp = files.rules / rule.name
    sp.write_text(rule.text)
    return _spatch_texts(sp, rule.text, files, paths)


def _run_loosened(rule: Rule, files: _Files, rel: str) -> dict[str, str] | None:
    """RULE's result on REL without spatch starting Python for its line pin: the rule loosened (see
    pins.loosened) and only its changes on the pinned lines kept; None when it cannot be loosened, or
    a change lies partly on the pinned lines (the pinned rule then runs)."""
    loose = pins.loosened(rule.text)
    if loose is None:
        return None
    sp = files.rules / rule.name
    sp.write_text(loose[0])
    before = files.text[rel]
    try:
        after = _spatch_texts(sp, loose[0], files, [rel])[rel]
    except spatch.SpatchError:
        return None
    mine = pins.kept(loose[1], combine.hunks(before, after), before)
    return None if mine is None else {rel: combine.replay(before, after, mine)}


def _spatch_texts(sp: Path, sp_text: str, files: _Files, paths: list[str]) -> dict[str, str]:
    """The texts of PATHS after the SmPL SP (text SP_TEXT) ran on them.  A rule that can only change
    the functions it names first runs on the files without the other functions' bodies (see
    cocci/narrow.py); when that cannot be put back together, fails, or changes nothing, it runs on
    the whole files, as it always may."""
    extra = ["-D", "patch"] if re.search(r"^virtual\s+.*\bpatch\b", sp_text, re.M) else []

    def run(given: dict[str, str]) -> dict[str, str]:
        targets = [files.write(rel, given[rel]) for rel in paths]
        spatch.apply(sp, targets, in_place=True, extra=extra)
        return {rel: t.read_text() for rel, t in zip(paths, targets, strict=True)}

    keep = narrow.pinned_functions(sp_text)
    texts = {rel: files.text[rel] for rel in paths}
    small = {rel: narrow.narrowed(text, keep) if keep and rel.endswith((".c", ".h")) else None
             for rel, text in texts.items()}
    whole = narrow.run_narrowed(texts, small, run)
    return whole if whole is not None and whole != texts else run(texts)


def _rendered_or(text: str, p: Planned, ctx: CodeContext) -> str:
    """P's rule rendered on CTX, or TEXT when the recipe cannot render it there."""
    try:
        return rendered(p.recipe, p.suggestion, p.plan, ctx)
    except Manual:
        return text


def _checked(p: Planned, before: str, after: str, befores: dict[str, str], afters: dict[str, str]) -> str:
    """'' when the rule's result passes the recipe's checks and stays in the plan's scope, else why not.
    BEFORE/AFTER: the anchored file; BEFORES/AFTERS: every file the rule ran on."""
    s, recipe, plan = p.suggestion, p.recipe, p.plan
    problem = recipe.verify(s, plan, before, after) or \
        userspace.kernel_only(p.ctx.path, before, after, p.ctx.tree_read)
    if problem:
        return problem
    # a recipe that checks every file it changed says so; otherwise only the anchored one may change
    all_files = recipe.verify_files(s, plan, befores, afters)
    others = sorted(f for f, t in afters.items() if f != p.ctx.path and t != befores[f])
    problem = all_files if all_files is not None else (
        f"the rule changed {', '.join(others)} too" if others else "")
    scope = _scope_functions(plan.params, before) if not problem else []
    out = outside_scope(before, after, scope) if scope else []
    if out:
        problem = f"the rule changed line {out[0]} outside {', '.join(f.name + '()' for f in scope)}"
    return problem


def _apply_generated(rule: Rule, p: Planned, files: _Files) -> Edit:
    s, recipe, plan = p.suggestion, p.recipe, p.plan
    rel = p.ctx.path
    before = files.text.get(rel)
    if before is None:
        return Edit(rule, Status.FAILED, f"{rel} is not among the patch's files")
    ctx = replace(p.ctx, text=before, files={**p.ctx.files, **files.text})
    if recipe.is_applied(s, plan, before):
        # the effect is there already (a second run): do not run it again (SmPL cannot see that
        # a comment it would add is there, for one)
        rule.text = _rendered_or(rule.text, p, ctx)
        return Edit(rule, Status.APPLIED, ALREADY)
    try:
        rule.text = rendered(recipe, s, plan, ctx)
        if p.is_text_edit:
            te = recipe.text_edit(s, plan, ctx)
            rule.text_edit = te
            if te_applied(before, te):
                return Edit(rule, Status.APPLIED, ALREADY)
            after = apply_text_edit(before, te)
            results = {rel: after}
        else:
            # a rule may concern several files of the patch (a rename: the struct in the header, its
            # uses in the .c files); the anchored file first
            paths = [rel] + [f for f in plan.files if f != rel and f in files.text]
            results = (_run_loosened(rule, files, rel) if paths == [rel] else None) or \
                _run_spatch(rule, files, paths)
            if results[rel] == before and (with_pins := with_line_pins(recipe, s, plan, ctx)) != rule.text:
                # a pin written out as the pinned code matched nothing (spatch read that code otherwise
                # than as it is written): the rule as the recipe pinned it, by line
                rule.text = with_pins
                results = _run_spatch(rule, files, paths)
            results = {f: recipe.after_spatch(plan, f, files.text[f], t) for f, t in results.items()}
    except (Manual, TextEditError) as e:
        if _already(recipe, p, before):
            return Edit(rule, Status.APPLIED, ALREADY)
        return Edit(rule, Status.FAILED, str(e))
    except spatch.SpatchError as e:
        return Edit(rule, Status.FAILED, str(e))
    return _judge(rule, p, files, before, results)


def _judge(rule: Rule, p: Planned, files: _Files, before: str, results: dict[str, str]) -> Edit:
    """The checks on what RULE did (RESULTS: path -> text, the anchored file first); commits it when
    they pass."""
    recipe, plan = p.recipe, p.plan
    rel = p.ctx.path
    after = results[rel]
    others = {f: t for f, t in results.items() if f != rel and t != files.text[f]}
    if after == before and not others:
        if _already(recipe, p, before):
            return Edit(rule, Status.APPLIED, ALREADY)
        where = plan.params.where()
        return Edit(rule, Status.FAILED, f"the rule matched nothing in {where}()" if where
                    else "the rule matched nothing")
    problem = _checked(p, before, after, {f: files.text[f] for f in results}, results)
    checked: list[tuple[str, str, set[str]]] = []
    for f, text in [(rel, after), *sorted(others.items())]:
        if problem:
            break
        if f == rel and text == before:
            continue
        problem, bad = _parse_check(files, f, text)
        problem = f"{f}: {problem}" if problem and f != rel else problem
        checked.append((f, text, bad))
    if problem:
        return Edit(rule, Status.FAILED, problem)
    diffs = []
    for f, text, bad in checked:
        diffs.append(unified_diff(f, files.text[f], text))
        files.commit(f, text, bad)
    return Edit(rule, Status.APPLIED, "", "".join(diffs))


def _one_pass_file(p: Planned | None, files: _Files) -> str:
    """The file P's rule may share a spatch pass on ('' when it must run alone): a generated SmPL
    rule on one C file (a recipe that tidies what spatch printed does so on the rule's share)."""
    if p is None or p.is_text_edit:
        return ""
    rel = p.ctx.path
    if rel not in files.text or not rel.endswith((".c", ".h")):
        return ""
    if any(f != rel and f in files.text for f in p.plan.files):
        return ""
    return rel


def _render_now(p: Planned, files: _Files) -> str | None:
    """P's rule rendered against its file as it is now; None when the rule-by-rule path must take it
    (its effect is there already, or the recipe gives up)."""
    before = files.text[p.ctx.path]
    if p.recipe.is_applied(p.suggestion, p.plan, before):
        return None
    try:
        return rendered(p.recipe, p.suggestion, p.plan, replace(p.ctx, text=before,
                                                             files={**p.ctx.files, **files.text}))
    except Manual:
        return None


def _run_one_pass(group: list[tuple[Rule, Planned]], files: _Files) -> list[Edit]:
    """The rules of GROUP (all on one file, in order): those whose changes lie apart run together
    in one spatch pass and are judged one by one on their share of the result.  A text edit between
    them that only writes comments is made in its turn (see _carries), the pass's later shares
    carried onto its result.  From the first rule whose share cannot stand for running it alone
    (see _combined), the rest go on from its text; a pass none of whose rules could be taken is
    redone rule by rule."""
    edits: list[Edit] = []
    rest = list(group)
    while rest:
        now = files.text[rest[0][1].ctx.path]
        texts: list[str] = []
        taken = 0                   # rules of REST in the pass: the SmPL ones (TEXTS) and text edits
        spanned: set[int] = set()   # the lines of NOW the SmPL rules may change
        written: set[int] = set()   # the text edits' changed lines and the lines next to them
        for _, p in rest:
            if p.is_text_edit:
                lines = _carries(p, files)
                if not texts or lines is None or combine.grown(lines) & spanned:
                    break
                written |= combine.grown(lines)
                taken += 1
                continue
            t = _render_now(p, files)
            if t is None or not combine.attributable(t) or \
                    (texts and combine.options(t) != combine.options(texts[0])) or \
                    (texts and len(combine.batches(texts + [t], now)[0]) <= len(texts)):
                break
            mine = combine.lines_of(t, now)
            if mine & written:
                break
            spanned |= mine
            texts.append(t)
            taken += 1
        while taken and rest[taken - 1][1].is_text_edit:
            taken -= 1              # text edits after the pass's last SmPL rule: made on their own
        done = _combined(rest[:taken], texts, files) if len(texts) > 1 else []
        if not done:
            done = [_apply_generated(r, p, files) for r, p in rest[:max(taken, 1)]]
        edits += done
        rest = rest[len(done):]
    return edits


def _carries(p: Planned, files: _Files) -> set[int] | None:
    """The lines of its file P's text edit changes, when it may stand between the rules of a spatch
    pass: it only writes comments (spatch, which matches code, finds the same places with or without
    them); else None.  Told on the file as it is now; _combined checks again on the text the edit
    is made on."""
    before = files.text[p.ctx.path]
    try:
        te = p.recipe.text_edit(p.suggestion, p.plan,
                                replace(p.ctx, text=before, files={**p.ctx.files, **files.text}))
        after = apply_text_edit(before, te)
    except (Manual, TextEditError):
        return None
    return set(changed_lines(before, after)) if combine.comments_only(before, after) else None


def _combined(todo: list[tuple[Rule, Planned]], texts: list[str], files: _Files) -> list[Edit]:
    """TODO's rules in one spatch pass: TEXTS are its SmPL rules rendered on the file as it is (the
    pinned ones run first, see combine.run_order), the text edits among TODO are made in their turn.
    The rules are judged in order on their shares of the pass's result.  Returns the edits of the
    rules taken, up to the first whose share cannot stand for running it alone: no clean split of
    the pass, a rendering on the text the earlier rules leave that is not the same rule or pins
    other lines, a share that cannot be carried past a text edit's comment, a failed check, or
    nothing matched while the effect is not there (an earlier rule of the pass may have hidden the
    place from it); or a text edit that changed code (it is taken, the rest are not)."""
    rel = todo[0][1].ctx.path
    start = files.text[rel]
    sp = files.rules / f"one-pass-{todo[0][0].name}"
    loose = _loosened(texts)
    runs = [x[0] if x else t for x, t in zip(loose, texts, strict=True)]
    merged = combine.merge([runs[i] for i in combine.run_order(texts)])
    sp.write_text(merged)
    try:
        final = _spatch_texts(sp, merged, files, [rel])[rel]
    except spatch.SpatchError:
        return []
    shares = combine.attribute(texts, start, final)
    if shares is None:
        return []
    for k, pinned in enumerate(loose):
        if pinned:      # the loosened rule's changes off its pinned lines are not the pinned rule's
            on_pins = pins.kept(pinned[1], shares[k], start)
            if on_pins is None:
                return []
            shares[k] = on_pins
    edits: list[Edit] = []
    chosen: list[combine.Hunk] = []
    smpl = iter(zip(texts, shares, strict=True))
    for rule, p in todo:
        if p.is_text_edit:
            before = files.text[rel]
            edits.append(_apply_generated(rule, p, files))
            if not combine.comments_only(before, files.text[rel]):
                break
            continue
        first, share = next(smpl)
        again = _render_now(p, files)     # what the rule-by-rule run would write for this rule
        if again is None or not combine.same_rule(first, again) or \
                not combine.same_pins(first, start, again, files.text[rel]):
            break
        before = files.text[rel]
        replayed = combine.replay(start, final, chosen)
        result = combine.replay(start, final, chosen + share) if before == replayed else \
            combine.carried(start, before, final, share)
        if result is None:
            break
        if p.recipe.tidies_after_spatch:
            result = p.recipe.after_spatch(p.plan, rel, before, result)
        saved = files.snapshot(), rule.text
        rule.text = again
        edit = _judge(rule, p, files, before, {rel: result})
        if edit.status != Status.APPLIED or (edit.reason and share):
            files.restore(saved[0])
            rule.text = saved[1]
            break
        chosen += share
        edits.append(edit)
    return edits


def _loosened(texts: list[str]) -> list[tuple[str, frozenset[int]] | None]:
    """Each of TEXTS without its Python line pin (see pins.loosened) and its pinned lines, when every
    pinned one can go without (else spatch starts Python for the pass anyway: none is loosened)."""
    loose = [pins.loosened(t) for t in texts]
    if any(x is None and "script:python" in t for x, t in zip(loose, texts, strict=True)):
        return [None] * len(texts)
    return loose


def _parse_check(files: _Files, rel: str, after: str) -> tuple[str, set[str]]:
    if files.deferred:
        return "", set()
    base = files.baseline(rel)
    bad = files.bad(rel, after)
    new = sorted(bad - base)
    if new:
        return f"spatch --parse-c no longer parses {', '.join(new)} afterwards", bad
    return "", bad


def _apply_user(rule: Rule, files: _Files) -> Edit:
    paths = [f for f in (rule.files or sorted(files.text)) if f in files.text and f.endswith((".c", ".h"))]
    if not paths:
        return Edit(rule, Status.FAILED, "the patch touches no C file to run the rule on")
    try:
        results = _run_spatch(rule, files, paths)
    except spatch.SpatchError as e:
        return Edit(rule, Status.FAILED, str(e))
    diffs = []
    pending: list[tuple[str, str, set[str]]] = []
    for rel in paths:
        before, after = files.text[rel], results[rel]
        if before == after:
            continue
        problem, bad = _parse_check(files, rel, after)
        if problem:
            return Edit(rule, Status.FAILED, f"{rel}: {problem}")
        pending.append((rel, after, bad))
        diffs.append(unified_diff(rel, before, after))
    if not pending:
        return Edit(rule, Status.FAILED, f"the rule matched nothing in {', '.join(paths)}")
    for rel, after, bad in pending:
        files.commit(rel, after, bad)
    return Edit(rule, Status.APPLIED, "", "".join(diffs))


def apply(rules: list[Rule], planned: list[Planned], files: dict[str, str],
          workdir: Path, check_each: bool = False, one_pass: bool = True) -> tuple[dict[str, str], list[Edit]]:
    """Run RULES in order on copies of FILES (path -> text) inside WORKDIR; verify and roll back.

    Sets each planned suggestion's status (APPLIED when all its rules applied, "already applied" as
    the reason when none had anything left to do; FAILED with the first reason otherwise), rule
    (`cocci/<name>` of its main rule) and reason.  Returns the new texts and one Edit per rule.

    A comment is applied whole or not at all: when one of its rules fails while another of its rules
    changed the files, the run is redone without any rule of that comment (its other rules are
    reported FAILED as undone), so that no comment is left half-written in the tree.

    The `spatch --parse-c` check runs once on the final texts; only when a function no longer
    parses there is the run redone with the check after every rule (CHECK_EACH), so that the
    rule that broke it is the one rolled back.

    On that first run (and with ONE_PASS) consecutive generated rules on the same file whose changes
    lie apart share one spatch pass; each is still judged and reported on its own share."""
    place = {r.name: i for i, r in enumerate(sorted(rules, key=lambda r: r.order))}
    undone: list[Edit] = []
    run = 0
    while True:
        texts, edits = _apply_once(rules, planned, files, Path(workdir) / (f"redo{run}" if run else ""),
                                   check_each, one_pass)
        torn = half_applied(edits)
        if not torn:
            break
        undone += [e if e.status == Status.FAILED else
                   Edit(e.rule, Status.FAILED, f"{UNDONE} ({_failed_rules(edits, e.rule.suggestion_id)} failed)")
                   for e in edits if e.rule.suggestion_id in torn]
        rules = [r for r in rules if r.suggestion_id not in torn]
        run += 1
    edits = sorted(edits + undone, key=lambda e: place.get(e.rule.name, len(place)))
    _settle(planned, edits)
    return texts, edits


UNDONE = "applied, then undone with the rest of the comment"


def half_applied(edits: list[Edit]) -> set[str]:
    """The suggestions one of whose rules failed while another of them changed the files."""
    failed = {e.rule.suggestion_id for e in edits if e.status == Status.FAILED and e.rule.suggestion_id}
    return {e.rule.suggestion_id for e in edits
            if e.rule.suggestion_id in failed and e.status == Status.APPLIED and e.reason != ALREADY}


def _failed_rules(edits: list[Edit], sid: str) -> str:
    return ", ".join(e.rule.name for e in edits if e.rule.suggestion_id == sid and e.status == Status.FAILED)


def _apply_once(rules: list[Rule], planned: list[Planned], files: dict[str, str], workdir: Path,
                check_each: bool, one_pass: bool) -> tuple[dict[str, str], list[Edit]]:
    """One run of RULES (see apply), the suggestions not settled yet."""
    if not check_each:
        work = _Files(files, workdir / "fast", deferred=True)
        work.one_pass = one_pass
        edits = _run_rules(rules, planned, work)
        if not work.newly_bad():
            return work.text, edits
    work = _Files(files, workdir / "each")
    return work.text, _run_rules(rules, planned, work)


def _run_rules(rules: list[Rule], planned: list[Planned], work: "_Files") -> list[Edit]:
    """RULES in order.  When parsing is checked once at the end (work.deferred), consecutive generated
    rules on the same file share spatch passes (_run_one_pass); otherwise each runs alone."""
    by_key = {p.key: p for p in planned}
    edits: list[Edit] = []
    group: list[tuple[Rule, Planned]] = []
    for rule in sorted(rules, key=lambda r: r.order):   # stable: keeps the numbered order
        p = by_key.get(str(rule.expect.get("key", "")))
        where = _one_pass_file(p, work) if work.deferred and work.one_pass else ""
        if group and p is not None and p.is_text_edit and p.ctx.path == group[0][1].ctx.path \
                and set(p.plan.files) <= {p.ctx.path}:
            group.append((rule, p))     # in its turn among them (see _run_one_pass)
            continue
        if group and (not where or where != group[0][1].ctx.path):
            edits += _run_one_pass(group, work)
            group = []
        if p is not None and where:
            group.append((rule, p))
        elif p is None:
            edits.append(_apply_user(rule, work))
        else:
            edits.append(_apply_generated(rule, p, work))
    if group:
        edits += _run_one_pass(group, work)
    return edits


def _settle(planned: list[Planned], edits: list[Edit]) -> None:
    by_sid: dict[str, list[Edit]] = {}
    for e in edits:
        if e.rule.suggestion_id:
            by_sid.setdefault(e.rule.suggestion_id, []).append(e)
    seen: set[str] = set()
    for p in planned:
        s: Suggestion = p.suggestion
        if s.id in seen:
            continue
        seen.add(s.id)
        mine = by_sid.get(s.id, [])
        if not mine:
            if s.status is None:
                s.status, s.reason = Status.FAILED, "no rule was generated"
            continue
        main = next((e for e in mine if e.rule.kind == s.kind), mine[0])
        s.rule = f"cocci/{main.rule.name}"
        failed = [e for e in mine if e.status == Status.FAILED]
        if failed:
            s.status = Status.FAILED
            s.reason = "; ".join(f"{e.rule.name}: {e.reason}" for e in failed)
        else:
            s.status = Status.APPLIED
            s.reason = ALREADY if all(e.reason == ALREADY for e in mine) else ""
            left = "; ".join(x for x in (p.plan.params.left_to_author(), p.left,
                                         one_line_left(s, [e.diff for e in mine])) if x)
            design = design_request(s)
            if design and s.kind != "user-rule" and design not in "\n".join(s.code) and \
                    f"{design}()" not in p.plan.summary:
                # "Use devm_kzalloc(), and struct_size() for the size": the recipe did its part only (a
                # recipe that brings the managed helper in itself, devm_kmalloc() -> devm_kmemdup(), did it)
                left = "; ".join(x for x in (left, f"{design}(): a change of design") if x)
            if left and not s.reason:
                s.reason = f"partly: the rest is left to the author ({left})"
            if p.plan.params.reach_below() == 0 and not s.reason:
                s.reason = propagate.nothing_below(p.plan.params.where(), s.anchor.file)
            elif p.plan.params.reach_below() is None and s.kind not in propagate.KINDS and \
                    propagate.below_only(s.comment) and not s.reason:
                s.reason = propagate.not_carried_below(s.kind)

