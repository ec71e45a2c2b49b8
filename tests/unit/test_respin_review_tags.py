"""How much a respin rewrites a patch, the measure that decides whether its review tags stay
(app.respin.SUBSTANTIAL): a line changed in place counts once."""
from __future__ import annotations

from types import SimpleNamespace

from app.respin import SUBSTANTIAL, _interdiff_size
from patches.git import Repo

BASE = "static int qx_probe(void)\n{\n\treturn 0;\n}\n"
V1 = ("static int qx_probe(void)\n{\n\tunsigned i;\n\tint err;\n\n\terr = qx_setup();\n\tif (err) {\n"
      "\t\tpr_err(\"qx: setup failed: %d\\n\", err);\n\t\treturn err;\n\t}\n"
      "\tfor (i = 0; i < 4; i++)\n\t\tqx_poke(i);\n\treturn 0;\n}\n")


def _series(tmp_path) -> tuple[Repo, SimpleNamespace]:
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    (tmp_path / "qx.c").write_text(BASE)
    ident = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
             "GIT_COMMITTER_EMAIL": "a@example.org"}
    repo.run("add", "qx.c")
    repo.run("commit", "-q", "-m", "base", env=ident)
    (tmp_path / "qx.c").write_text(V1)
    repo.run("commit", "-q", "-am", "qx: set up", env=ident)
    return repo, SimpleNamespace(commit=repo.out("rev-parse", "HEAD").strip())


def test_lines_changed_in_place_count_once(tmp_path):
    """Four small requested fixes (a spelling, an argument, a bound, a message and its return folded)
    rewrite 7 lines of the patch: before, each counted as a line gone plus a line added (12), over
    the limit, and the tags of a reviewer who asked for none of it were dropped."""
    repo, patch = _series(tmp_path)
    v2 = V1.replace("unsigned i;", "unsigned int i;").replace(
        "\tif (err) {\n\t\tpr_err(\"qx: setup failed: %d\\n\", err);\n\t\treturn err;\n\t}\n",
        "\tif (err)\n\t\treturn dev_err_probe(dev, err, \"setup failed\\n\");\n").replace("< 4", "< QX_N").replace(
        "qx_setup()", "qx_setup(dev)")
    assert _interdiff_size(repo, patch, {"qx.c": v2}) == 7 <= SUBSTANTIAL


def test_new_code_counts_in_full(tmp_path):
    repo, patch = _series(tmp_path)
    more = "".join(f"\tqx_poke({n});\n" for n in range(SUBSTANTIAL + 1))
    v2 = V1.replace("\treturn 0;\n}\n", more + "\treturn 0;\n}\n")
    assert _interdiff_size(repo, patch, {"qx.c": v2}) == SUBSTANTIAL + 1


V1_ELSE = ("static int qx_flush(struct qx *qx)\n{\n\tif (!qx_valid(qx)) {\n\t\tpr_err(\"qx: bad header\\n\");\n"
           "\t\treturn -EUCLEAN;\n\t} else {\n\t\tqx->a = qx_a(qx);\n\t\tqx->b = qx_b(qx);\n\t\tqx->c = qx_c(qx);\n"
           "\t\tif (qx->d != -1)\n\t\t\tqx->e = qx->d;\n\t\tif (qx->f != -1)\n\t\t\tqx->g = qx->f;\n"
           "\t\tqx_mark(qx);\n\t}\n\treturn 0;\n}\n")


def _series_of(tmp_path, base: str, v1: str) -> tuple[Repo, SimpleNamespace]:
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    ident = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
             "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "qx.c").write_text(base)
    repo.run("add", "qx.c")
    repo.run("commit", "-q", "-m", "base", env=ident)
    (tmp_path / "qx.c").write_text(v1)
    repo.run("commit", "-q", "-am", "qx: flush", env=ident)
    return repo, SimpleNamespace(commit=repo.out("rev-parse", "HEAD").strip())


def test_code_moved_out_of_a_dropped_else_is_not_rewritten(tmp_path):
    """A reviewer's "the else is not needed" moves nine lines of the patch's context one level out:
    before, each counted as gone and new (17, over the limit) and every tag of the patch was dropped,
    the Tested-by and the Acked-by given for the series too.  Only the else and its brace change."""
    base = V1_ELSE.replace("\t\treturn -EUCLEAN;\n", "")
    repo, patch = _series_of(tmp_path, base, V1_ELSE)
    body = V1_ELSE.split("\t} else {\n")[1].split("\t}\n\treturn 0;")[0]
    v2 = V1_ELSE.replace("\t} else {\n" + body + "\t}\n", "\t}\n" + body.replace("\n\t", "\n")[1:])
    assert "\telse" not in v2 and "\tqx_mark(qx);\n\treturn 0;" in v2
    assert _interdiff_size(repo, patch, {"qx.c": v2}) == 3      # `} else {`, `}` and the brace gone


def test_code_moved_into_a_new_block_is_not_rewritten(tmp_path):
    """The other way round: the lines of a patch put under a new `if` (one level in) count as the
    `if` and its braces only."""
    lines = "".join(f"\tqx_poke(qx, {n});\n" for n in range(SUBSTANTIAL + 2))
    v1 = "static void qx_poke_all(struct qx *qx)\n{\n" + lines + "}\n"
    repo, patch = _series_of(tmp_path, "static void qx_poke_all(struct qx *qx)\n{\n}\n", v1)
    v2 = v1.replace(lines, "\tif (qx->on) {\n" + lines.replace("\tqx", "\t\tqx") + "\t}\n")
    assert _interdiff_size(repo, patch, {"qx.c": v2}) == 2


def test_a_changed_token_still_counts(tmp_path):
    """Whitespace inside a line aside, a line with another token is a rewritten line."""
    repo, patch = _series(tmp_path)
    assert _interdiff_size(repo, patch, {"qx.c": V1.replace("qx_poke(i)", "qx_poke(i + 1)")}) == 1


def test_edits_carried_from_an_earlier_patch_are_not_this_patchs_change(tmp_path):
    """Patch 2 of a series changes qx.c after patch 1 did; the fixes patch 1 got come along in the file
    the rebuilt patch 2 gets whole, but they are patch 1's change: measured from patch 1's new text,
    patch 2 changes one line, and its reviewer's tags stay."""
    repo, patch = _series(tmp_path)
    # the patch's parent stands for patch 1 here; its fixes add SUBSTANTIAL lines
    new_parent = BASE.replace("\treturn 0;\n", "".join(f"\tqx_fix({n});\n" for n in range(SUBSTANTIAL)) +
                                "\treturn 0;\n")
    v2 = V1.replace("\tfor (i = 0; i < 4; i++)\n", "\tfor (i = 0; i < QX_N; i++)\n")
    carried = v2.replace("\treturn 0;\n}\n", "".join(f"\tqx_fix({n});\n" for n in range(SUBSTANTIAL)) +
                              "\treturn 0;\n}\n")
    assert _interdiff_size(repo, patch, {"qx.c": carried}) > SUBSTANTIAL
    assert _interdiff_size(repo, patch, {"qx.c": carried}, {"qx.c": new_parent}) == 1
