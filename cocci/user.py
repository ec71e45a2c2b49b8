"""Rules users bring themselves: `respin run --rule FILE.cocci`, the API's `rule` field.

They are validated with `spatch --parse-cocci`, run by ``cocci.apply.apply`` after
the generated rules on the files the patch touches, and reported like
generated ones, as suggestions of their own (id "user.N", kind "user-rule").
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from cocci import spatch
from patches.model import Anchor, Edit, Person, Response, Rule, Suggestion

KIND = "user-rule"
ORDER = 1000

# What an uploaded rule may not hold: code in another language (script, initialize and finalize rules,
# script constraints on metavariables) and what makes spatch read other files or take options.
_SCRIPT = re.compile(r"\b(script|initialize|finalize)\s*:\s*(python|ocaml)\b|^\s*@[^@\n]*"
                     r"\b(script|initialize|finalize)\b", re.M | re.I)
_DIRECTIVE = re.compile(r"^\s*(#\s*spatch\b|#\s*include\s*\"|using\s+\")", re.M)


class RuleError(ValueError):
    """A user rule is not valid SmPL; str(e) is one line naming the file."""


def _name(n: int, filename: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(filename).name)
    stem = stem[:-6] if stem.endswith(".cocci") else stem
    return f"user-{n}-{stem or 'rule'}.cocci"


def untrusted_problem(text: str) -> str:
    """Why a rule from someone else may not run ('' when it may): SmPL only, no code, no options.

    spatch runs the python or OCaml of script:, initialize: and finalize: rules and of script
    constraints; `#spatch` lines are command-line options; `#include "..."` and `using "..."` read
    other files of the server."""
    m = _SCRIPT.search(text)
    if m:
        what = (m.group(1) or m.group(3)).lower()
        line = text.count("\n", 0, m.start()) + 1
        return (f"line {line}: a {what}: block or constraint runs python/OCaml code, which this service "
                f"does not run; upload SmPL without scripting (or run it with respin run --rule locally)")
    m = _DIRECTIVE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return (f"line {line}: '{m.group(1).strip()}' makes spatch read options or other files, which "
                f"this service does not allow in an uploaded rule")
    return ""


def load_rules(inputs: list[tuple[str, bytes]], trusted: bool = False) -> list[Rule]:
    """Rules from (file name, content) pairs, in the order given; RuleError on the first invalid one.

    Unless TRUSTED (the local user's own files), a rule with scripting is refused (untrusted_problem)."""
    rules: list[Rule] = []
    with tempfile.TemporaryDirectory(prefix="respin-rule-") as tmp:
        for n, (filename, data) in enumerate(inputs, 1):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise RuleError(f"{filename}: not a text file (a .cocci file is UTF-8 text)") from None
            if not text.strip():
                raise RuleError(f"{filename}: the rule file is empty")
            problem = "" if trusted else untrusted_problem(text)
            if problem:
                raise RuleError(f"{filename}: {problem}")
            sp = Path(tmp) / f"{n}.cocci"
            sp.write_text(text)
            try:
                err = spatch.parse_cocci(sp)
            except spatch.SpatchError as e:
                raise RuleError(f"{filename}: {e}") from None
            if err:
                raise RuleError(f"{filename}: not a valid semantic patch: {err}")
            rules.append(Rule(suggestion_id=f"user.{n}", kind=KIND, name=_name(n, filename), text=text,
                              files=[], order=ORDER + n, expect={"source": filename}))
    return rules


def suggestion_for(rule: Rule, edit: Edit | None = None) -> Suggestion:
    """The report entry of a user rule (status from its edit once it ran)."""
    first = next((ln[3:].strip() for ln in rule.text.splitlines() if ln.startswith("///")), "")
    s = Suggestion(id=rule.suggestion_id, patch=0, reviewer=Person("user rule"),
                   comment=first or f"user rule {rule.expect.get('source', rule.name)}",
                   anchor=Anchor(), response=Response.ACCEPTED, kind=KIND, rule=f"cocci/{rule.name}")
    if edit is not None:
        s.status, s.reason = edit.status, edit.reason
    return s


def suggestions_from(edits: list[Edit]) -> list[Suggestion]:
    """Suggestions for the user rules among EDITS."""
    return [suggestion_for(e.rule, e) for e in edits if e.rule.kind == KIND]
