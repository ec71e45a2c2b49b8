"""comment-block: delete or reword a whole comment block, as a verified text edit."""
from __future__ import annotations

from pathlib import Path

import pytest

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


def test_rewords_with_every_substitution_of_the_comment(tmp_path):
    s = sugg(["+ * We used to recheck i_size here, which can not change while"],
             "s/used to recheck/recheck/ and s/can not/cannot/ in the comment", "Ok.")
    _, after, _, _ = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
    assert "\t * We recheck i_size here, which cannot change while\n" in after


def test_a_substitution_of_words_the_comment_lacks_is_manual_with_the_others(tmp_path):
    s = sugg(["+ * We used to recheck i_size here, which can not change while"],
             "s/can not/cannot/ and s/folio/page/", "Ok.")
    before, after, _, _ = run(tmp_path, s)
    assert (s.status, s.reason) == (Status.MANUAL, "comment-block: \"folio\" is not in the quoted comment")
    assert after == before


def test_rewords_the_comment_lines_the_reviewer_wrote(tmp_path):
    s = sugg(["+ * We used to recheck i_size here, which can not change while", "+ * the page is locked."],
             "The past tense confuses, say what holds now:\n* We recheck i_size here, which can not change while",
             "Ok.")
    before, after, _, _ = run(tmp_path, s)
    assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
    assert "\t/*\n\t * We recheck i_size here, which can not change while\n\t * the page is locked.\n\t */\n" \
           in after
    assert len(after.splitlines()) == len(before.splitlines())


def test_comment_lines_that_line_up_with_nothing_are_manual(tmp_path):
    s = sugg(["+ * the page is locked."], "Please say why:\n* Readers hold the folio lock across the copy.", "Ok.")
    _, after, rules, _ = run(tmp_path, s)
    assert s.status == Status.MANUAL and rules == []
    assert "do not line up with lines of the quoted comment" in s.reason


KDOC = """/**
 * pool_count - count the pool's pages
 * @pool: the pool
 *
 * Returns the number of pages.
 */
int pool_count(struct pool *pool)
{
	return pool->nr;
}
"""


def test_rewords_a_kernel_doc_line_above_a_function(tmp_path):
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jan Kara"),
                   comment='kernel-doc wants a "Return:" section:\n* Return: the number of pages.',
                   anchor=Anchor(file="mm/pool.c", function="", lines=(1, 5)),
                   quoted=["+/**", "+ * pool_count - count the pool's pages", "+ * @pool: the pool", "+ *",
                           "+ * Returns the number of pages."], response=Response.ACCEPTED, response_text="Ok.",
                   kind="comment")
    ctxs = {s.id: CodeContext("mm/pool.c", KDOC, "", {"mm/pool.c": KDOC}, [])}
    planned = RU.plan([s], ctxs)
    files, _ = A.apply(RU.render(planned), planned, {"mm/pool.c": KDOC}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
    assert files["mm/pool.c"] == KDOC.replace(" * Returns the number", " * Return: the number")


def test_rewrites_a_one_line_comment_above_a_function_with_the_reviewers_comment(tmp_path):
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jan Kara"),
                   comment="Say that the caller holds the lock:\n/* Count the pages; pool->lock held. */",
                   code=["/* Count the pages; pool->lock held. */"],
                   anchor=Anchor(file="mm/pool.c", function="", lines=(1, 1)),
                   quoted=["+/* count the pool's pages */"], response=Response.NONE, kind="comment")
    text = "/* count the pool's pages */\nint pool_count(struct pool *pool)\n{\n\treturn pool->nr;\n}\n"
    ctxs = {s.id: CodeContext("mm/pool.c", text, "", {"mm/pool.c": text}, [])}
    planned = RU.plan([s], ctxs)
    files, _ = A.apply(RU.render(planned), planned, {"mm/pool.c": text}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
    assert files["mm/pool.c"] == text.replace("/* count the pool's pages */", "/* Count the pages; pool->lock held. */")


def test_rewords_a_word_respelled_with_an_arrow(tmp_path):
    for comment in ("can -> may", "nit: can => may"):
        s = sugg(["+ * We used to recheck i_size here, which can not change while"], comment, "Ok.")
        _, after, _, _ = run(tmp_path, s)
        assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
        assert "\t * We used to recheck i_size here, which may not change while\n" in after


def test_rewords_every_word_respelled_in_a_list_or_on_lines_of_their_own(tmp_path):
    for comment in ("typos: used -> use, can -> may", "Spelling: used -> use and can -> may.",
                    "used -> use\ncan -> may"):
        s = sugg(["+ * We used to recheck i_size here, which can not change while"], comment, "Ok.")
        _, after, _, _ = run(tmp_path, s)
        assert (s.status, s.kind) == (Status.APPLIED, "comment-block"), s.reason
        assert "\t * We use to recheck i_size here, which may not change while\n" in after


QX = """\
static int qx_probe(struct qx *q)
{
\tint ret;

\t/* set up the hardware */
\tret = qx_init(q);
\tif (ret)
\t\treturn ret;
\tq->ready = true;\t/* now ready */
\treturn 0;
}
"""


def run_qx(tmp_path: Path, quoted: list[str], comment: str, text: str = QX) -> tuple[Suggestion, str]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Jan Kara"), comment=comment,
                   anchor=Anchor(file="drivers/misc/qx.c", function="qx_probe"), quoted=["+" + q for q in quoted],
                   response=Response.NONE, kind="code")
    ctxs = {s.id: CodeContext("drivers/misc/qx.c", text, "qx_probe", {"drivers/misc/qx.c": text}, [])}
    planned = RU.plan([s], ctxs)
    files, _ = A.apply(RU.render(planned), planned, {"drivers/misc/qx.c": text}, tmp_path)
    return s, files["drivers/misc/qx.c"]


def test_the_one_comment_of_a_quote_that_holds_code_too(tmp_path):
    """Before: manual, the quote held more than the comment block."""
    s, after = run_qx(tmp_path, ["\t/* set up the hardware */", "\tret = qx_init(q);"], "Please drop this comment.")
    assert (s.kind, s.status) == ("comment-block", Status.APPLIED), s.reason
    assert after == QX.replace("\t/* set up the hardware */\n", "")


def test_a_comment_after_the_code_of_the_line(tmp_path):
    s, after = run_qx(tmp_path, ["\tq->ready = true;\t/* now ready */"], "Drop the comment.")
    assert (s.kind, s.status) == ("comment-block", Status.APPLIED), s.reason
    assert after == QX.replace("\tq->ready = true;\t/* now ready */\n", "\tq->ready = true;\n")


def test_a_comment_named_but_not_dropped_changes_nothing(tmp_path):
    s, after = run_qx(tmp_path, ["\tq->ready = true;\t/* now ready */"], "The comment should say why.")
    assert s.status != Status.APPLIED and after == QX


INIT = QX.replace("\tint ret;\n", "\tint ret = 0;\n")


@pytest.mark.parametrize("comment", ["No need to initialise ret, every path sets it.", "ret is set below, drop it."])
def test_a_request_that_names_the_code_under_the_comment_leaves_the_comment(tmp_path, comment):
    """The quote runs from `int ret = 0;` over the comment to the call: the request is about ret, not the
    comment between (which went, the initialisation staying)."""
    s, after = run_qx(tmp_path, ["\tint ret = 0;", "", "\t/* set up the hardware */", "\tret = qx_init(q);"], comment,
                      text=INIT)
    assert s.kind != "comment-block"
    assert "\t/* set up the hardware */\n" in after


LANES = """\
static int qx_start(struct qx *q)
{
\tint ret;

\t/* Configure two or four Lane mode */
\tret = qx_lanes(q);
\tif (ret)
\t\treturn ret;
\treturn 0;
}
"""


def test_a_substitution_in_a_one_line_comment_is_no_expression_of_the_code(tmp_path):
    """s/Lane/lane/ under a comment alone, or under the comment and the code below it: the comment is
    reworded (before: replace-code took the word for an expression, its rule matched nothing and the
    comment failed, the reword undone with it)."""
    from tests.unit.kinds_support import hunks, pipeline, sugg as code_sugg
    for quoted in (["+\t/* Configure two or four Lane mode */"],
                   ["+\t/* Configure two or four Lane mode */", "+\tret = qx_lanes(q);"]):
        s = code_sugg("drivers/media/qx.c", "qx_start", quoted, "s/Lane/lane/")
        s.code = s.written = ["s/Lane/lane/"]
        after, _, _ = pipeline(tmp_path, "drivers/media/qx.c", LANES, [s])
        assert (s.kind, s.status) == ("comment-block", Status.APPLIED), s.reason
        assert [h for h in hunks("drivers/media/qx.c", LANES, after) if h[:1] in "+-"] == [
            "-\t/* Configure two or four Lane mode */", "+\t/* Configure two or four lane mode */"]
