"""add-braces: every branch of the quoted if/else chain (or loop) gets braces, `} else {` style;
nothing but braces changes, and what cannot be braced safely is manual."""
from __future__ import annotations

from pathlib import Path

from patches.model import Rule, Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "block/bq.c"
SRC = (Path(__file__).resolve().parent.parent / "data" / "c" / "evidence" / "blk_queue.c").read_text()


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str, list[Rule]]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, *applied(tmp_path, PATH, SRC, s)


def test_one_braced_branch_means_all_of_them(tmp_path):
    s, after, rules = run(tmp_path, "bq_set_depth", ["+\t} else if (!depth)", "+\t\tdepth = 1;"],
                          "Braces on all branches please, the first one has them.")
    assert (s.kind, s.status) == ("add-braces", Status.APPLIED), s.reason
    assert [r.name for r in rules] == ["01-add-braces-if-else-braces.cocci"]
    assert after == SRC.replace(
        "\t} else if (!depth)\n\t\tdepth = 1;\n\telse\n\t\tpr_debug(\"bq: depth %u\\n\",\n\t\t\t depth);\n",
        "\t} else if (!depth) {\n\t\tdepth = 1;\n\t} else {\n\t\tpr_debug(\"bq: depth %u\\n\",\n\t\t\t depth);\n"
        "\t}\n")


def test_a_loop_with_a_two_line_body(tmp_path):
    s, after, _ = run(tmp_path, "bq_drain", ["+\twhile (q->busy)"], "Nit: please add braces here.")
    assert (s.kind, s.status) == ("add-braces", Status.APPLIED), s.reason
    assert after == SRC.replace("\twhile (q->busy)\n\t\tq->busy = bq_poll(q,\n\t\t\t\t  q->depth);\n",
                                "\twhile (q->busy) {\n\t\tq->busy = bq_poll(q,\n\t\t\t\t  q->depth);\n\t}\n")


def test_an_unbraced_if_inside_an_unbraced_if_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "bq_drain", ["+\tif (q->depth)"], "Please add braces.")
    assert s.status == Status.MANUAL and "compound statement" in s.reason and after == SRC


def test_dropping_braces_is_not_this_recipe(tmp_path):
    s, after, _ = run(tmp_path, "bq_set_depth", ["+\t} else if (!depth)", "+\t\tdepth = 1;"],
                      "No need for braces around a single statement.")
    assert s.kind != "add-braces" and after == SRC
