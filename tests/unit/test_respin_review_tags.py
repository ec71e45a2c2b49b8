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
