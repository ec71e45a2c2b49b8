"""A quoted line that occurs in several functions resolves to the one the reviewer quoted: the
function the whole quote (or its hunk header) is in, not the first identical line of the file."""
from __future__ import annotations

from pathlib import Path

from patches import anchor as anc
from patches.git import Repo

OLD = """static int gauge_unregister(struct gauge *g)
{
\tint ret;

\tret = gauge_detach(g);
\tif (ret)
\t\treturn ret;

\treturn ret;
}

static int gauge_read(struct gauge *g, int *val)
{
\tint ret;

\tret = gauge_fetch(g, val);
\tif (ret < 0)
\t\treturn ret;

\t*val *= g->mult;

\treturn ret;
}
"""
NEW = OLD.replace("""\t*val *= g->mult;

\treturn ret;""", """\tswitch (ret) {
\tcase GAUGE_INT:
\t\t*val *= g->mult;
\t\tbreak;
\tdefault:
\t\treturn -EINVAL;
\t}

\treturn ret;""")

SEGMENT = ["+\tdefault:", "+\t\treturn -EINVAL;", "+\t}", " ", " \treturn ret;"]


def _repo(tmp_path: Path) -> tuple[Repo, str]:
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "gauge.c").write_text(OLD)
    repo.run("add", "gauge.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    (tmp_path / "gauge.c").write_text(NEW)
    repo.run("commit", "-q", "-am", "handle value types", env=env)
    return repo, repo.out("rev-parse", "HEAD").strip()


def _line(repo: Repo, head: str, m: anc.Match) -> str:
    return anc.function_name(repo, head, m.path, m.first)


def test_the_quote_around_the_line_picks_its_function(tmp_path):
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, [" \treturn ret;"], ["gauge.c"], context=SEGMENT)
    assert m is not None and _line(repo, head, m) == "gauge_read"
    last_return = len(NEW.split("\n")) - 2      # the closing brace, then the empty string after it
    assert m.lines == ("\treturn ret;",) and m.first == last_return


def test_the_hunk_header_function_picks_its_function(tmp_path):
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, [" \treturn ret;"], ["gauge.c"], function="gauge_read")
    assert m is not None and _line(repo, head, m) == "gauge_read"


def test_without_hints_the_context_line_of_the_hunk_is_taken(tmp_path):
    # the quoted line is one the commit did not add: the hunk shows it as context, three lines at most
    # from what the commit adds, in gauge_read(); gauge_unregister() is not in the diff
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, [" \treturn ret;"], ["gauge.c"])
    assert m is not None and _line(repo, head, m) == "gauge_read"
    m = anc.locate(repo, head, ["+\treturn ret;"], ["gauge.c"])      # quoted with the wrong marker
    assert m is not None and _line(repo, head, m) == "gauge_read"


def test_without_hints_and_no_place_in_a_hunk_the_first_place_is_kept(tmp_path):
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, [" \tint ret;"], ["gauge.c"])
    assert m is not None and _line(repo, head, m) == "gauge_unregister"


def test_hunk_function_reads_the_header():
    assert anc.hunk_function("@@ -714,18 +714,36 @@ int gauge_read(struct gauge *g, int *val,") == "gauge_read"
    assert anc.hunk_function("@@ -62,6 +62,7 @@ struct gauge {") == ""
    assert anc.hunk_function("@@ -1,3 +1,4 @@") == ""


def test_a_quote_that_runs_into_a_new_function_picks_the_end_of_the_quote(tmp_path):
    """The hunk starts in the tail of one function and adds the next: the lines right above the comment
    (`return 0; }`, in both) are the end of the whole quote, in the new function, not the hunk header's."""
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    old = "static int gauge_start(struct gauge *g)\n{\n\tg->on = 1;\n\treturn 0;\n}\n"
    new = old + "\nstatic int gauge_stop(struct gauge *g)\n{\n\tg->on = 0;\n\treturn 0;\n}\n"
    (tmp_path / "gauge.c").write_text(old)
    repo.run("add", "gauge.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    (tmp_path / "gauge.c").write_text(new)
    repo.run("commit", "-q", "-am", "stop", env=env)
    head = repo.out("rev-parse", "HEAD").strip()
    whole = [" \treturn 0;", " }", "+", "+static int gauge_stop(struct gauge *g)", "+{", "+\tg->on = 0;",
             "+\treturn 0;", "+}"]
    m = anc.locate(repo, head, ["+\treturn 0;", "+}"], ["gauge.c"], context=whole, function="gauge_start")
    assert m is not None and _line(repo, head, m) == "gauge_stop"


PROBE = """static int qx_probe(struct platform_device *pdev)
{
\tint ret;

\tret = qx_register(pdev);
\tif (ret) {
\t\tqx_disable(pdev);
\t\treturn ret;
\t}

\treturn ret;
}
"""


def test_the_place_indented_as_the_quote_wins_among_the_added_ones(tmp_path):
    """`\\treturn ret;` / `}` quoted under "return 0;": the function's last return, not the one of the error
    block above, whose tokens are the same (before: the first place, and "return 0;" went into the error
    path)."""
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "qx.c").write_text("/* qx */\n")
    repo.run("add", "qx.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    (tmp_path / "qx.c").write_text("/* qx */\n" + PROBE)
    repo.run("commit", "-q", "-am", "add the probe", env=env)
    head = repo.out("rev-parse", "HEAD").strip()
    m = anc.locate(repo, head, ["+\treturn ret;", "+}"], ["qx.c"])
    assert m is not None and (m.first, m.last) == (12, 13)
    m = anc.locate(repo, head, ["+\t\treturn ret;", "+\t}"], ["qx.c"])
    assert m is not None and (m.first, m.last) == (9, 10)
    # a quote whose tabs an archive flattened has no indentation to tell: the first place, as before
    m = anc.locate(repo, head, ["+return ret;", "+}"], ["qx.c"])
    assert m is not None and (m.first, m.last) == (9, 10)
