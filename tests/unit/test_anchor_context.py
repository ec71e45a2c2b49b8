"""A quote made only of context lines is code that was there before the patch: when the same line
occurs again among the lines the patch adds, the quote resolves to the old one."""
from __future__ import annotations

from pathlib import Path

from patches import anchor as anc
from patches.git import Repo

OLD = """static int mixer_init(struct mixer *m)
{
\tswitch (m->id) {
\tcase MIXER_LEFT:
\t\tm->gain = 3;
\t\tbreak;
\tdefault:
\t\tbreak;
\t}
\treturn 0;
}
"""
NEW = OLD.replace("\t\tbreak;\n\tdefault:", "\t\tbreak;\n\tcase MIXER_RIGHT:\n\t\tm->gain = 4;\n\t\tbreak;\n\tdefault:")


def _repo(tmp_path: Path) -> tuple[Repo, str]:
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "mixer.c").write_text(OLD)
    repo.run("add", "mixer.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    (tmp_path / "mixer.c").write_text(NEW)
    repo.run("commit", "-q", "-am", "add the right channel", env=env)
    return repo, repo.out("rev-parse", "HEAD").strip()


def test_context_quote_resolves_to_the_old_line(tmp_path):
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, [" \t\tbreak;"], ["mixer.c"])
    assert m is not None and (m.first, m.last) == (6, 6)


def test_added_quote_resolves_to_the_added_line(tmp_path):
    repo, head = _repo(tmp_path)
    m = anc.locate(repo, head, ["+\t\tbreak;"], ["mixer.c"])
    assert m is not None and (m.first, m.last) == (9, 9)
