"""Where a person's address comes from: the thread's From: headers, an attribution line, the tree's
.mailmap or MAINTAINERS."""
from __future__ import annotations

import subprocess
from pathlib import Path

from patches.git import open_repo
from patches.model import Person
from patches.people import Addresses, address_in_tree


def git(tree: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, timeout=60,
                   env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(tree)})


def tree_with_people(dest: Path) -> Path:
    dest.mkdir()
    git(dest, "init", "-q", "-b", "master")
    (dest / ".mailmap").write_text("# canonical addresses\n"
                                   "Noor Haddad <noor@kernel.example> <noor.haddad@oldcorp.example>\n")
    (dest / "MAINTAINERS").write_text("LUMEN DRIVER\n"
                                      "M:\tIvo Petrov <ivo@lumen.example>\n"
                                      "R:\tNoor Haddad <noor.haddad@oldcorp.example>\n"
                                      "F:\tdrivers/misc/lumen.c\n\n"
                                      "LUMEN DOCS\nM:\tIvo Petrov <ivo@lumen.example>\n"
                                      "M:\tIvo Petrov <ivo.petrov@other.example>\nF:\tDocumentation/lumen.rst\n")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "people")
    return dest


def test_the_tree_says_where(tmp_path):
    repo = open_repo(tree_with_people(tmp_path / "tree"))
    assert address_in_tree("Noor Haddad", repo) == ("noor@kernel.example", ".mailmap")
    assert address_in_tree("Ivo Petrov (Lumen)", repo) == ("ivo@lumen.example", "MAINTAINERS")
    assert address_in_tree("Nobody Here", repo) == ("", "")
    assert address_in_tree("Ivo Petrov", None) == ("", "")


def test_the_thread_comes_first(tmp_path):
    repo = open_repo(tree_with_people(tmp_path / "tree"))
    book = Addresses([Person("Ivo Petrov", "ivo@home.example"), Person("Sam Author", "")], repo)
    # the person wrote from that address: From:
    assert book.resolve(Person("Ivo Petrov", "ivo@home.example")) == (Person("Ivo Petrov", "ivo@home.example"),
                                                                     "From:")
    # a name alone (an attribution line, an archive that hid the address): a From: of the thread by that name
    assert book.resolve(Person("Ivo Petrov")) == (Person("Ivo Petrov", "ivo@home.example"), "From:")
    # an address written only in an attribution line ("On ..., Noor Haddad <...> wrote:")
    assert book.resolve(Person("Noor Haddad", "noor@lists.example")) == (
        Person("Noor Haddad", "noor@lists.example"), "attribution line")
    # nobody sent a mail under that name: the tree
    assert book.resolve(Person("Noor Haddad")) == (Person("Noor Haddad", "noor@kernel.example"), ".mailmap")
    assert book.resolve(Person("Nobody Here")) == (Person("Nobody Here", ""), "")
    assert book(Person("Noor Haddad")).email == "noor@kernel.example"
