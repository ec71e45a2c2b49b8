"""Repository reads (GitPython) give what git itself says, and nothing a user names or configures runs."""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from patches.git import GitError, Repo, commit_fields, open_repo

ENV = {"GIT_AUTHOR_NAME": "Ada Kern", "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_AUTHOR_DATE": "@1700000000 +0530",
       "GIT_COMMITTER_NAME": "Ada Kern", "GIT_COMMITTER_EMAIL": "ada@example.org",
       "GIT_COMMITTER_DATE": "@1700000000 +0530", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True,
                          env=ENV | {"PATH": "/usr/bin:/bin"}, timeout=60).stdout


def cli_rev(tree: Path, rev: str) -> str:
    r = subprocess.run(["git", "-C", str(tree), "rev-parse", "--verify", "--quiet", "--end-of-options",
                        rev + "^{commit}"], capture_output=True, text=True, timeout=60)
    return r.stdout.strip() if r.returncode == 0 else ""


def commit(tree: Path, path: str, text: str, message: str) -> str:
    (tree / path).parent.mkdir(parents=True, exist_ok=True)
    (tree / path).write_bytes(text.encode())
    git(tree, "add", path)
    git(tree, "commit", "-qm", message)
    return git(tree, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    t = tmp_path_factory.mktemp("git") / "tree"
    git(t.parent, "init", "-q", "-b", "master", str(t))
    commit(t, "drivers/misc/widget.c", "int widget_reset(void);\n", "widget: add reset")
    commit(t, "drivers/misc/widget.c", "int widget_reset(void);\nint widget_probe(void);\n", "widget: probe")
    git(t, "tag", "-a", "-m", "v1", "v1")
    git(t, "tag", "base", "HEAD~1")
    git(t, "checkout", "-qb", "topic")
    commit(t, "drivers/misc/dos.c", "int dos;\r\nint crlf;\r\n", "dos: a file with CRLF")
    (t / "blob.bin").write_bytes(b"\x00\xff\r\n")
    git(t, "add", "blob.bin")
    git(t, "commit", "-qm", "binary")
    git(t, "checkout", "-q", "master")
    commit(t, "README", "widgets\n", "readme")
    git(t, "merge", "-q", "--no-ff", "-m", "merge topic", "topic")
    git(t, "branch", "0123abcd")          # a branch whose name looks like a short sha
    return t


REVS = ["HEAD", "master", "topic", "v1", "base", "HEAD^", "HEAD^2", "HEAD^2~1", "HEAD~3", "HEAD~4", "HEAD^3",
        "refs/heads/topic", "refs/tags/v1", "heads/topic", "tags/v1", "0123abcd", "v1^{tree}", "nope",
        "HEAD@{0}", "master@{1}", ":/readme", "--output=/tmp/x", "-h", "../config", "config", "description",
        "refs/heads/../../config", "HEAD:README", "ma..ster", "topic.lock", ""]


@pytest.mark.parametrize("rev", REVS)
def test_revisions_resolve_as_git_resolves_them(tree, rev):
    assert Repo(tree).try_rev(rev) == cli_rev(tree, rev)


def test_full_and_short_shas(tree):
    repo = Repo(tree)
    sha = cli_rev(tree, "topic")
    assert repo.try_rev(sha) == sha
    assert repo.try_rev(sha[:10]) == sha
    assert repo.try_rev("f" * 40) == ""
    assert repo.try_rev(cli_rev(tree, "HEAD") + "~1") == cli_rev(tree, "HEAD~1")
    tree_sha = git(tree, "rev-parse", "HEAD^{tree}").strip()
    assert repo.try_rev(tree_sha) == ""


def test_a_hostile_name_is_never_an_option_and_never_a_path(tree, tmp_path):
    repo = Repo(tree)
    out = tmp_path / "written"
    assert repo.try_rev(f"--output={out}") == ""
    assert repo.try_show_file(f"--output={out}", "README") is None
    assert not out.exists()
    assert repo.try_show_file("../../../../dev/zero", "x") is None


def test_files_read_as_git_show_gives_them(tree):
    repo = Repo(tree)
    assert repo.try_show_file("master", "drivers/misc/widget.c") == git(tree, "show", "master:drivers/misc/widget.c")
    assert repo.try_show_file("base", "drivers/misc/widget.c") == "int widget_reset(void);\n"
    # as git's output read as text always was: CRLF line ends come back as \n
    assert repo.try_show_file("topic", "drivers/misc/dos.c") == "int dos;\nint crlf;\n"
    assert repo.try_read_blob("topic", "blob.bin") == b"\x00\xff\r\n"
    assert repo.try_show_file("base", "README") is None            # not there yet
    assert repo.try_show_file("master", "drivers/misc") is None     # a directory is no file
    assert repo.try_show_file("nope", "README") is None
    assert repo.try_show_file("HEAD~4", "README") is None          # no such commit


def test_a_small_file_is_read_and_a_larger_one_is_not(tree):
    repo = Repo(tree)
    widget = git(tree, "show", "master:drivers/misc/widget.c")
    assert repo.try_show_small_file("master", "drivers/misc/widget.c", len(widget)) == widget
    assert repo.try_show_small_file("master", "drivers/misc/widget.c", len(widget) - 1) is None
    assert repo.try_show_small_file("master", "drivers/misc", 1 << 20) is None
    assert repo.try_show_small_file(f"--output={tree}/x", "README", 1 << 20) is None


def test_a_file_read_again_and_after_its_branch_moved(tmp_path):
    t = tmp_path / "tree"
    git(tmp_path, "init", "-q", "-b", "master", str(t))
    commit(t, "drivers/misc/gadget.c", "int gadget;\n", "gadget: add")
    repo = Repo(t)
    for _ in range(2):
        assert repo.try_show_file("master", "drivers/misc/gadget.c") == "int gadget;\n"
        assert repo.try_show_file("master", "drivers/misc") is None
        assert repo.try_show_file("master", "drivers/misc/other.c") is None
    commit(t, "drivers/misc/gadget.c", "int gadget, gizmo;\n", "gadget: gizmo")
    assert repo.try_show_file("master", "drivers/misc/gadget.c") == "int gadget, gizmo;\n"
    assert repo.try_show_file("master~1", "drivers/misc/gadget.c") == "int gadget;\n"


def test_refs_branches_head_and_commits(tree):
    repo = Repo(tree)
    assert repo.branches() == git(tree, "for-each-ref", "--format=%(refname)", "refs/heads").split()
    assert repo.head_ref() == "refs/heads/master"
    assert repo.is_bare() is False
    assert repo.ref("refs/tags/v1") == git(tree, "rev-parse", "refs/tags/v1").strip()      # the tag, not peeled
    assert repo.ref("refs/heads/nope") == ""
    raw = repo.commit_object("topic")
    assert raw == git(tree, "cat-file", "commit", "topic")
    assert commit_fields(raw)["message"] == "binary\n"
    assert repo.author("topic") == ("Ada Kern", "ada@example.org")
    india = timezone(timedelta(hours=5, minutes=30))
    assert repo.author_date("topic") == datetime(2023, 11, 15, 3, 43, 20, tzinfo=india)


def test_detached_head_and_a_bare_mirror(tree, tmp_path):
    mirror = tmp_path / "m.git"
    subprocess.run(["git", "clone", "-q", "--mirror", str(tree), str(mirror)], check=True, timeout=60)
    repo = open_repo(mirror)
    assert repo.is_bare() is True
    assert repo.try_rev("topic") == cli_rev(tree, "topic")
    git(mirror, "update-ref", "--no-deref", "HEAD", cli_rev(tree, "base"))
    assert repo.head_ref() == ""
    assert repo.try_rev("HEAD") == cli_rev(tree, "base")


def test_a_shallow_clone_has_no_parents_beyond_its_edge(tree, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=1", "--no-local", "-b", "master", str(tree), str(shallow)],
                   check=True, timeout=60)
    repo = open_repo(shallow)
    assert repo.try_rev("HEAD") == cli_rev(tree, "master")
    assert repo.try_rev("HEAD^") == cli_rev(shallow, "HEAD^") == ""


def test_reads_run_no_program_the_repository_names(tree, tmp_path):
    marker = tmp_path / "ran"
    script = tmp_path / "tool"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-checkout", "reference-transaction", "pre-auto-gc"):
        (hooks / name).write_text(script.read_text())
        (hooks / name).chmod(0o755)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(tree), str(clone)], check=True, timeout=60)
    for key, value in (("core.fsmonitor", str(script)), ("core.hooksPath", str(hooks)),
                       ("diff.external", str(script)), ("core.pager", str(script))):
        git(clone, "config", key, value)
    repo = open_repo(clone)
    repo.try_rev("origin/topic")
    repo.try_show_file("origin/topic", "drivers/misc/dos.c")
    repo.commit_object("HEAD")
    repo.branches()
    repo.head_ref()
    assert not marker.exists()


def test_reads_from_many_threads_at_once(tree):
    repo = Repo(tree)
    wanted = {rev: git(tree, "show", f"{rev}:drivers/misc/widget.c") for rev in ("base", "master")}

    def read(i: int) -> bool:
        rev = ("base", "master")[i % 2]
        return repo.try_show_file(rev, "drivers/misc/widget.c") == wanted[rev]

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(read, range(200)))


def test_a_repository_made_anew_at_the_same_path(tmp_path):
    t = tmp_path / "again"
    for text in ("first\n", "second\n"):
        subprocess.run(["rm", "-rf", str(t)], check=True, timeout=60)
        git(tmp_path, "init", "-q", "-b", "master", str(t))
        sha = commit(t, "README", text, "readme")
        repo = Repo(t)
        assert repo.try_rev("master") == sha
        assert repo.try_show_file("master", "README") == text


def test_a_sha256_repository_is_read_with_git_itself(tmp_path):
    t = tmp_path / "sha256"
    r = subprocess.run(["git", "init", "-q", "--object-format=sha256", str(t)], capture_output=True, timeout=60)
    if r.returncode != 0:
        pytest.skip("this git makes no sha256 repositories")
    sha = commit(t, "README", "long names\n", "readme")
    repo = open_repo(t)
    assert len(sha) == 64 and repo.try_rev("HEAD") == sha
    assert repo.try_show_file("HEAD", "README") == "long names\n"
    assert repo.try_show_small_file("HEAD", "README", 11) == "long names\n"
    assert repo.try_show_small_file("HEAD", "README", 10) is None
    assert repo.author("HEAD") == ("Ada Kern", "ada@example.org")
    assert repo.branches() == [git(t, "symbolic-ref", "HEAD").strip()]


def test_without_git_on_the_machine_the_error_says_so(tree):
    code = ("from patches.git import GitError, open_repo\n"
            "try:\n    open_repo(%r)\nexcept GitError as e:\n    print(e)\n" % str(tree))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env={"PATH": "/nonexistent", "HOME": "/nonexistent"}, cwd=Path(__file__).parents[2])
    assert r.stdout.strip() == "git is not installed (apt-get install git)", r.stderr


# ---- diff-tree of several commits in one git process: the texts one process a commit gives ----

def _each(tree: Path, args: list[str], commits: list[str], parent: bool) -> list[str]:
    return [git(tree, "diff-tree", *args, *([f"{c}^", c] if parent else ["--no-commit-id", c])) for c in commits]


def test_diffs_of_several_commits_are_those_of_one_commit_at_a_time(tmp_path):
    t = tmp_path / "tree"
    git(tmp_path, "init", "-q", "-b", "master", str(t))
    root = commit(t, "mm/slab.c", "int slab_init(void);\n", "slab: add init")
    first = commit(t, "mm/slab.c", "int slab_init(void);\nint slab_exit(void);\n", "slab: add exit")
    git(t, "commit", "-q", "--allow-empty", "-m", "slab: nothing")
    empty = git(t, "rev-parse", "HEAD").strip()
    # a file named after a commit of the list: that commit's sha is printed twice, git is asked per commit
    named = commit(t, root, "x\n", "a file named like a commit")
    dos = commit(t, "mm/dos c.c", "int dos;\r\nint crlf;\r\n", "a CRLF file with a space in its name")
    # bare: in a checkout, a file named like a commit makes `git diff-tree SHA` itself ambiguous
    git(tmp_path, "clone", "-q", "--bare", str(t), str(tmp_path / "bare.git"))
    t = tmp_path / "bare.git"
    repo = Repo(t)
    for args in (["--name-only", "-r", "--no-renames"], ["-p", "-U0", "--no-renames"]):
        commits = [first, empty, dos, named]
        assert repo.diff_tree_each(commits, *args) == _each(t, args, commits, parent=True)
        commits = [root, first, empty, dos]
        assert repo.diff_tree_commits(commits, "-p", "-M", "--root") == _each(t, ["-p", "-M", "--root"], commits,
                                                                              parent=False)
    assert repo.diff_tree_commits([named, root], "--name-only", "-r", "--root") == \
        _each(t, ["--name-only", "-r", "--root"], [named, root], parent=False)
    # a root commit has no C^: the error git gives for it
    with pytest.raises(GitError):
        repo.diff_tree_each([root, first], "--name-only", "-r")


def test_a_tree_level_reads_as_ls_tree_gives_it(tmp_path):
    t = tmp_path / "tree"
    git(tmp_path, "init", "-q", "-b", "master", str(t))
    blob = subprocess.run(["git", "-C", str(t), "hash-object", "-w", "--stdin"], input=b"int x;\n",
                          capture_output=True, check=True).stdout.decode().strip()
    index = {"GIT_INDEX_FILE": str(tmp_path / "index")}
    for mode, name in (("100644", "mm/slab.c"), ("100755", "scripts/run me.sh"), ("120000", "link"),
                       ("160000", "lib/vendored"), ("100644", "caf\u00e9.h")):
        sha = "1" * 40 if mode == "160000" else blob            # a gitlink names a commit of elsewhere
        subprocess.run(["git", "-C", str(t), "update-index", "--add", "--cacheinfo", f"{mode},{sha},{name}"],
                       check=True, env=ENV | {"PATH": "/usr/bin:/bin"} | index)
    top = subprocess.run(["git", "-C", str(t), "write-tree"], capture_output=True, text=True, check=True,
                         env=ENV | {"PATH": "/usr/bin:/bin"} | index).stdout.strip()
    # a tree an old git wrote: a group-writable file mode, which git prints as 100644
    raw = b"100664 old.c\0" + bytes.fromhex(blob) + b"40000 sub\0" + bytes.fromhex(top)
    odd = subprocess.run(["git", "-C", str(t), "hash-object", "-w", "-t", "tree", "--literally", "--stdin"],
                         input=raw, capture_output=True, check=True).stdout.decode().strip()
    repo = Repo(t)
    listings = {}
    for tree in (top, odd, git(t, "rev-parse", f"{top}:mm").strip()):
        listed = subprocess.run(["git", "-C", str(t), "ls-tree", "-z", tree], capture_output=True, check=True).stdout
        listings[tree] = [(m, ty, sha, os.fsdecode(name)) for rec in listed.split(b"\0") if rec
                          for (m, ty, sha), name in [(rec.partition(b"\t")[0].decode().split(" "),
                                                      rec.partition(b"\t")[2])]]
        assert repo.tree_entries(tree) == listings[tree]
    with pytest.raises(GitError):
        repo.tree_entries(blob)
    # the blob was read whole: the next read through the same cat-file process is right
    assert repo.tree_entries(top) == listings[top]
