"""comment-block: delete or reword a whole comment block, as a verified text edit."""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "fs/cache.c"


def run(tmp_path: Path, s: Suggestion):
    text = (DATA / "fs_cache.c").read_text()
    ctxs = {s.id: CodeContext(PATH, text, s.anchor.function, {PATH: text}, [])}
    planned = RU.plan([s], ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    return text, files[PATH], rules, edits


def sugg(quoted: list[str], comment: str, answer: str) -> Suggestion:
    return Suggestion(id="4.2", patch=4, reviewer=Person("Jan Kara"), comment=comment,
                      anchor=Anchor(file=PATH, function="cache_fill"), quoted=quoted,
                      response=Response.ACCEPTED, response_text=answer, kind="code")


def test_deletes_the_whole_block_when_only_its_tail_was_quoted(tmp_path):
    s = sugg(["+ * the page is locked.", "+ */"], "Is this comment still useful at all?",
             "Not really, I'll remove it.")
    before, after, rules, edits = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
    assert rules[0].is_text_edit and rules[0].name.startswith("01-comment-block-")
    assert "// -\t * We used to recheck i_size here, which can not change while" in rules[0].text
    assert "\t\treturn -EINVAL;\n\n\tret = cache_read_blocks(sb, cp, blocks);\n" in after
    assert len(after.splitlines()) == len(before.splitlines()) - 4


def test_rewords_with_a_substitution(tmp_path):
    s = sugg(["+ * We used to recheck i_size here, which can not change while"], "s/can not/cannot/", "Ok.")
    _, after, _, _ = run(tmp_path, s)
    assert s.status == Status.APPLIED, s.reason
    assert "\t * We used to recheck i_size here, which cannot change while\n" in after
