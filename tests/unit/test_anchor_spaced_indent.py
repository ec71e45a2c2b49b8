"""A quote whose tabs the mail client turned to spaces (4 or 8 for a tab, to the next tab stop, or one
for a run of them) is placed by its indentation as one quoted with tabs is: `return ret;` over `}` at
the function's depth is the function's end, not an inner block's `return ret;` and `}`."""
from __future__ import annotations

import re
from pathlib import Path

from cocci.recipe import CodeContext
from cocci.rules import plan
from patches import anchor as anc
from patches.git import Repo
from patches.model import Anchor, PatchMail, Person, Response, Review, Series, Status, Suggestion
from patches.subject import parse_subject

NEW = """static int lumen_sync(struct lumen *l)
{
\tint ret;

\tret = regcache_sync(l->map);
\tif (ret) {
\t\tdev_err(l->dev, "failed to sync the register cache\\n");
\t\treturn ret;
\t}
\tret = regmap_write(l->map, LUMEN_CTRL, LUMEN_CTRL_ON);
\treturn ret;
}
"""
END = NEW.split("\n").index("\treturn ret;") + 1
OFF = """
static int lumen_off(struct lumen *l)
{
\tint ret;

\tret = regmap_write(l->map, LUMEN_CTRL, 0);
\treturn ret;
}
"""


def _repo(tmp_path: Path) -> tuple[Repo, str]:
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "lumen.c").write_text("#include <linux/regmap.h>\n")
    repo.run("add", "lumen.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    (tmp_path / "lumen.c").write_text("#include <linux/regmap.h>\n\n" + NEW + OFF)
    repo.run("commit", "-q", "-am", "add the sync", env=env)
    return repo, repo.out("rev-parse", "HEAD").strip()


SPACINGS = {
    "4 spaces a tab": lambda ln: ln.replace("\t", "    "),
    "8 spaces a tab": lambda ln: ln.replace("\t", " " * 8),
    "to the tab stop": lambda ln: ("+" + ln).expandtabs(8)[1:],
    "one space a run": lambda ln: re.sub(r"\t+", " ", ln),
}


def test_the_end_of_the_function_quoted_with_spaces_is_the_end_of_the_function(tmp_path):
    # before: the inner block's "return ret;" (the first place) took a request under the function's end
    repo, head = _repo(tmp_path)
    for spaced in SPACINGS.values():
        whole = [spaced("\treturn ret;"), "}"]
        m = anc.locate(repo, head, ["+" + whole[0]], ["lumen.c"], context=whole)
        assert m is not None and (m.first, m.last) == (END + 2, END + 2)


def test_the_inner_block_quoted_with_spaces_is_the_inner_block(tmp_path):
    repo, head = _repo(tmp_path)
    for spaced in SPACINGS.values():
        whole = [spaced("\t\treturn ret;"), spaced("\t}")]
        m = anc.locate(repo, head, ["+" + whole[0]], ["lumen.c"], context=whole)
        assert m is not None and m.lines == ("\t\treturn ret;",)


def test_spaces_for_tabs_fit_one_way_of_turning_them_for_every_line():
    assert anc.same_indent(["    return ret;", "}"], ["\treturn ret;", "}"])
    assert not anc.same_indent(["    return ret;", "}"], ["\t\treturn ret;", "\t}"])
    # four spaces for the first tab and eight for the second is no one way
    assert not anc.same_indent(["    if (ret)", "        return ret;"], ["\tif (ret)", "\t\t\treturn ret;"])


def test_a_spaced_line_two_places_fit_alike_is_placed_at_neither(tmp_path):
    # eight spaces are the function's one tab at eight a tab, or the inner block's two at four: before,
    # the first place (the inner block) took the request
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, ["+        return ret;"], ["lumen.c"], context=["        return ret;"])
    assert m is not None and (m.first, m.twin) == (END - 1, END + 2)
    # with its tabs the line is the function's own, as it always was
    m = anc.locate(repo, head, ["+\treturn ret;"], ["lumen.c"], context=["\treturn ret;"])
    assert m is not None and (m.first, m.twin) == (END + 2, 0)


def test_a_request_on_a_spaced_line_of_two_places_is_manual_and_says_which(tmp_path):
    repo, head = _repo(tmp_path)
    s = Suggestion("1.1", 1, Person("Rev Iewer", "rev@example.org"), "Please add a blank line before the return.",
                   Anchor(code=["return ret;"]), Response.NONE, kind="code", quoted=["+        return ret;"],
                   quote=["        return ret;"])
    series = Series([PatchMail(1, parse_subject("[PATCH] lumen: add the sync"), s.reviewer, commit=head)])
    (s,) = anc.resolve_anchors(Review(series, [s], []), repo).suggestions
    assert not s.anchor.file
    assert plan([s], {"1.1": CodeContext("lumen.c", NEW, "")}) == []
    assert s.status == Status.MANUAL
    assert s.reason == (f"the quote, its tabs turned to spaces by the mail client, fits lines {END - 1} and "
                        f"{END + 2} of lumen.c alike: which one is meant is not clear")


def test_spaced_lines_of_two_places_indented_alike_are_placed_as_before(tmp_path):
    # the tabs would not have told them apart: the first place, as for a quote with its tabs
    repo, head = _repo(tmp_path)
    for quoted in ("+        int ret;", "+\tint ret;"):
        m = anc.locate(repo, head, [quoted], ["lumen.c"], context=[quoted[1:]])
        assert m is not None and (m.first, m.twin) == (5, 0)
