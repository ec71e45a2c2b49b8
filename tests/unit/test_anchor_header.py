"""A quote of a function's header only (its signature lines, in the .c file or as a prototype in a
header) is about that function: the anchor names it, and the recipes act on it or say why not."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches import anchor as anc
from patches.git import Repo
from patches.model import Review, Series, Status, Suggestion
from tests.unit.kinds_support import pipeline, sugg

H_OLD = """#ifndef _LEDBAR_H
#define _LEDBAR_H

struct ledbar;

int ledbar_probe(struct ledbar *lb);

#endif
"""
H_NEW = H_OLD.replace("int ledbar_probe(struct ledbar *lb);\n", """int ledbar_probe(struct ledbar *lb);
int ledbar_set_level(struct ledbar *lb,
\t\t     unsigned int level);
MODULE_LICENSE("GPL");
""")
C_OLD = """#include "ledbar.h"

struct ledbar {
\tunsigned int max;
\tunsigned int level;
};

int ledbar_probe(struct ledbar *lb)
{
\tlb->level = 0;
\treturn 0;
}
"""
C_NEW = C_OLD + """
static void ledbar_trace(unsigned int level);

int
ledbar_set_level(struct ledbar *lb,
\t\t unsigned int level)
{
\tif (level > lb->max)
\t\treturn -22;
\tlb->level = level;
\treturn 0;
}

static void ledbar_trace(unsigned int level)
{
\t(void)level;
}
"""


def _repo(tmp_path: Path, files_new: dict[str, str] | None = None) -> tuple[Repo, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    repo = Repo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    (tmp_path / "ledbar.h").write_text(H_OLD)
    (tmp_path / "ledbar.c").write_text(C_OLD)
    repo.run("add", "ledbar.h", "ledbar.c")
    repo.run("commit", "-q", "-m", "base", env=env)
    for name, text in (files_new or {"ledbar.h": H_NEW, "ledbar.c": C_NEW}).items():
        (tmp_path / name).write_text(text)
    repo.run("commit", "-q", "-am", "add level setting", env=env)
    return repo, repo.out("rev-parse", "HEAD").strip()


def _resolve(repo: Repo, commit: str, quoted: list[str], path: str, function: str = "",
             comment: str = "lb can be const") -> Suggestion:
    s = sugg(path, function, quoted, comment)
    review = Review(series=Series(patches=[]), suggestions=[s])
    return anc._resolved(review.suggestions[0], repo, commit, anc.changed_files(repo, commit))


HEADER_C = ["+int", "+ledbar_set_level(struct ledbar *lb,", "+\t\t unsigned int level)"]
PROTO_H = ["+int ledbar_set_level(struct ledbar *lb,", "+\t\t     unsigned int level);"]


def test_definition_header_names_its_function(tmp_path):
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, HEADER_C, "ledbar.c", function="ledbar_probe")
    assert (s.anchor.file, s.anchor.function, s.anchor.lines) == ("ledbar.c", "ledbar_set_level", (16, 18))


def test_prototype_in_a_header_is_about_the_definition(tmp_path):
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, PROTO_H, "ledbar.h")
    assert (s.anchor.file, s.anchor.function, s.anchor.lines) == ("ledbar.c", "ledbar_set_level", (16, 19))
    assert s.quoted == ["+int", "+ledbar_set_level(struct ledbar *lb,", "+\t\t unsigned int level)", "+{"]


@pytest.mark.parametrize("comment", ["No need for extern on a function declaration.",
                                     "extern is implied for prototypes, please drop it."])
def test_a_comment_on_the_prototype_s_extern_stays_on_the_prototype(tmp_path, comment):
    """Before: anchored on the definition in ledbar.c, where there is no extern to drop (manual)."""
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, PROTO_H, "ledbar.h", comment=comment)
    assert (s.anchor.file, s.anchor.function) == ("ledbar.h", "ledbar_set_level")


def test_one_line_of_a_prototype_is_enough(tmp_path):
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, ["+\t\t     unsigned int level);"], "ledbar.h")
    assert (s.anchor.file, s.anchor.function) == ("ledbar.c", "ledbar_set_level")


def test_forward_declaration_in_the_c_file(tmp_path):
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, ["+static void ledbar_trace(unsigned int level);"], "ledbar.c")
    assert (s.anchor.file, s.anchor.function, s.anchor.lines) == ("ledbar.c", "ledbar_trace", (26, 27))


def test_prototype_without_a_definition_in_the_patch_names_the_function(tmp_path):
    repo, commit = _repo(tmp_path, {"ledbar.h": H_NEW})
    s = _resolve(repo, commit, PROTO_H, "ledbar.h")
    assert (s.anchor.file, s.anchor.function, s.anchor.lines) == ("ledbar.h", "ledbar_set_level", (7, 8))


def test_a_macro_call_is_not_a_prototype(tmp_path):
    repo, commit = _repo(tmp_path)
    s = _resolve(repo, commit, ['+MODULE_LICENSE("GPL");'], "ledbar.h")
    assert (s.anchor.file, s.anchor.function) == ("ledbar.h", "")


@pytest.mark.parametrize("text, name", [
    ("int foo(struct bar *b);", "foo"),
    ("static inline void *\nfoo_get(struct bar *b,\n\tint n) __must_check;", "foo_get"),
    ("typedef int foo_fn(struct bar *b);", ""),
    ("int (*foo_cb)(struct bar *b);", ""),
    ("DEFINE_MUTEX(foo_lock);", ""),
    ("return foo(b);", ""),
])
def test_prototype_name(text, name):
    lines = tuple(text.splitlines())
    assert anc.prototype_name(lines, 1, len(lines)) == name


needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@needs_spatch
def test_const_on_a_prototype_quote_reaches_the_function(tmp_path):
    """A prototype quoted from the header used to leave the request manual as 'not inside a function';
    now the recipe looks at the definition and says plainly why it does not act."""
    repo, commit = _repo(tmp_path / "git")
    s = _resolve(repo, commit, PROTO_H, "ledbar.h")
    pipeline(tmp_path, s.anchor.file, C_NEW, [s], files={"ledbar.h": H_NEW})
    assert s.status == Status.MANUAL
    assert s.reason == "const-param: lb is written through in ledbar_set_level() (line 22)"


def test_header_function_from_the_quote_alone():
    """With no function on the anchor (the tree could not be asked), the quoted header still names it."""
    from cocci.recipes._evidence import header_function
    assert header_function(C_NEW, ["int", "ledbar_set_level(struct ledbar *lb,"]) == "ledbar_set_level"
    assert header_function(C_NEW, ["unsigned int level)", "{"]) == ""          # no name: not enough
    assert header_function(C_NEW, ["lb->level = level;"]) == ""                 # body code is not a header
    assert header_function(C_NEW, ["static void ledbar_trace(unsigned int level)"]) == "ledbar_trace"


@needs_spatch
def test_const_on_a_bare_header_quote_without_anchor_function(tmp_path):
    s = sugg("ledbar.c", "", ["+int", "+ledbar_set_level(struct ledbar *lb,", "+\t\t unsigned int level)"],
             "lb can be const")
    pipeline(tmp_path, "ledbar.c", C_NEW, [s], files={"ledbar.h": H_NEW})
    assert s.status == Status.MANUAL
    assert s.reason == "const-param: lb is written through in ledbar_set_level() (line 22)"


@needs_spatch
def test_static_on_a_prototype_quote_says_where_it_is_declared(tmp_path):
    repo, commit = _repo(tmp_path / "git")
    s = _resolve(repo, commit, PROTO_H, "ledbar.h")
    s.comment = "This can be static."
    pipeline(tmp_path, s.anchor.file, C_NEW, [s], files={"ledbar.h": H_NEW})
    assert s.status == Status.MANUAL
    assert s.reason == "make-static: ledbar_set_level is also used in ledbar.h: making it static breaks the build"
