"""Shared by the unit tests of the recipe kinds: a suggestion built by hand, and the whole rules stage."""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.tidy import tidy
from patches.model import Anchor, Person, Response, Rule, Suggestion

KINDS = Path(__file__).resolve().parent.parent / "data" / "c" / "kinds"


def sugg(path: str, fn: str, quoted: list[str], comment: str, sid: str = "1.1", answer: str = "Will do.",
         response: Response = Response.ACCEPTED, lines: tuple[int, int] | None = None) -> Suggestion:
    return Suggestion(id=sid, patch=1, reviewer=Person("Mara Reviewer", "mara@example.org"), comment=comment,
                      anchor=Anchor(file=path, function=fn, lines=lines), quoted=quoted, response=response,
                      response_text=answer, kind="code")


def pipeline(tmp_path: Path, path: str, text: str, sugs: list[Suggestion], files: dict[str, str] | None = None):
    """(after, rules, edits, diff lines after the hunk header) of running the rules stage on TEXT."""
    quotes = [(s.id, s.quoted) for s in sugs]
    all_files = {path: text, **(files or {})}
    ctxs = {s.id: CodeContext(path, text, s.anchor.function, all_files, quotes) for s in sugs}
    planned = RU.plan(sugs, ctxs)
    rules = RU.render(planned)
    out, edits = A.apply(rules, planned, all_files, tmp_path)
    return tidy(text, out[path]), rules, edits


def applied(tmp_path: Path, path: str, text: str, s: Suggestion) -> tuple[str, list[Rule]]:
    """(file after, rules) of the rules stage on TEXT for S alone, as the recipe wrote it (not tidied)."""
    planned = RU.plan([s], {s.id: CodeContext(path, text, s.anchor.function, {path: text}, [(s.id, s.quoted)])})
    rules = RU.render(planned)
    files, _ = A.apply(rules, planned, {path: text}, tmp_path)
    return files[path], rules


def hunks(path: str, before: str, after: str) -> list[str]:
    from cocci.textedit import diff
    return diff(path, before, after).splitlines()[2:]


def spatch_alone(tmp_path: Path, rule: Rule, text: str) -> str:
    """TEXT after spatch runs RULE's semantic patch on it by itself, outside the rules stage."""
    from cocci import spatch
    sp, c = tmp_path / "rule.cocci", tmp_path / "alone.c"
    sp.write_text(rule.text)
    c.write_text(text)
    spatch.apply(sp, [c], in_place=True)
    return c.read_text()


def on_real_code(tmp_path: Path, kernel_source, path: str, subs: list[tuple[str, str]], fn: str,
                 quoted: list[str], comment: str, written: list[str] | None = None
                 ) -> tuple[Suggestion, str, str, str]:
    """One accepted suggestion on a real 6.12 file made into the version under review by SUBS (each
    (real text, what the patch has there), found once), WRITTEN the code the reviewer wrote (its lines
    as written): (suggestion, the 6.12 text, the reviewed text, the text after the rules stage)."""
    real = text = kernel_source(path)
    for have, patched in subs:
        assert text.count(have) == 1, have
        text = text.replace(have, patched)
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Mara Reviewer", "mara@example.org"), comment=comment,
                   anchor=Anchor(file=path, function=fn, code=[q[1:].strip() for q in quoted]), quoted=quoted,
                   quote=[q[1:] for q in quoted], response=Response.ACCEPTED, response_text="Will do.", kind="code",
                   code=[w.strip() for w in written or []], written=list(written or []))
    planned = RU.plan([s], {s.id: CodeContext(path, text, fn, {path: text}, [])})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    return s, real, text, files[path]
