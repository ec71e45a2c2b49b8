"""The respin command line on the example that ships with the project (no kernel tree needed)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.example import EXAMPLE_THREAD, ensure_example_tree
from trailer_asks import with_maintainers, write_asks


@pytest.fixture
def tree(tmp_path_factory) -> Path:
    return ensure_example_tree(tmp_path_factory.mktemp("ex") / "tree")


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True).stdout


def test_example_run(tree, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "branch tinyring-v3" in said
    assert "next: git send-email" in said
    v3 = git(tree, "show", "tinyring-v3:drivers/misc/tinyring.c")
    assert "\tWARN_ON_ONCE(used > r->size);\n" in v3
    assert "\t/* Copy at most what the producer has pushed. */\n\tfor (i = 0; i < len; i++)\n" in v3
    assert "Keep the indices small" not in v3 and "r->head = r->tail = 0;" not in v3
    assert "\treturn len;\n" in v3           # declined by the author: kept
    patch1 = (out / "v3-0001-misc-tinyring-Add-tinyring_push.patch").read_text()
    assert "Reviewed-by: Bob Reviewer <bob@example.org>\nSigned-off-by: Sam Author <sam@example.org>\n" in patch1
    report = json.loads((out / "report.json").read_text())
    by_id = {s["id"]: s for s in report["suggestions"]}
    assert [by_id[i]["status"] for i in sorted(by_id)] == ["applied", "applied", "applied", "skipped"]
    assert by_id["2.4"]["response"] == "declined"


def test_a_suggestion_left_out_is_skipped_and_not_applied(tree, tmp_path):
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out),
                 "--exclude", "2.1"]) == 0
    v3 = git(tree, "show", "tinyring-v3:drivers/misc/tinyring.c")
    assert "WARN_ON_ONCE(" not in v3
    assert "\t/* Copy at most what the producer has pushed. */\n" in v3       # the others still are
    by_id = {s["id"]: s for s in json.loads((out / "report.json").read_text())["suggestions"]}
    assert (by_id["2.1"]["status"], by_id["2.1"]["reason"]) == ("skipped", "left out by the user")
    assert by_id["2.2"]["status"] == "applied"


@pytest.mark.parametrize("make, message", [
    (lambda d: d.joinpath("notes.txt").write_text("just some notes\nnothing else\n"), "not a mail"),
    (lambda d: d.joinpath("empty.mbox").write_text(""), "empty"),
])
def test_bad_thread_is_one_line_and_writes_nothing(tree, tmp_path, capsys, make, message):
    bad = tmp_path / "in"
    bad.mkdir()
    make(bad)
    refs = git(tree, "for-each-ref")
    rc = main(["run", "--tree", str(tree), "--thread", str(next(bad.iterdir())), "--out", str(tmp_path / "out")])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("respin:")]
    assert rc == 2 and len(errors) == 1 and message in errors[0]
    assert not (tmp_path / "out").exists()
    assert git(tree, "for-each-ref") == refs


def test_tree_that_is_not_a_git_repository(tmp_path, capsys):
    rc = main(["run", "--tree", str(tmp_path), "--thread", str(EXAMPLE_THREAD), "--out", str(tmp_path / "o")])
    assert rc == 2
    assert capsys.readouterr().err.strip() == f"respin: tree {tmp_path} is not a git repository"


def test_out_that_is_not_a_respin_output_is_left_alone(tree, tmp_path, capsys):
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("precious\n")
    rc = main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out)])
    assert rc == 2
    assert "is not an earlier respin output" in capsys.readouterr().err
    assert (out / "thesis.tex").read_text() == "precious\n"
    assert "tinyring-v3" not in git(tree, "branch")


@pytest.mark.slow
def test_existing_branch_needs_force(tree, tmp_path, capsys):
    args = ["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD)]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    first = git(tree, "rev-parse", "tinyring-v3")
    assert main(args + ["--out", str(tmp_path / "b")]) == 2
    assert "already exists" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
    assert main(args + ["--out", str(tmp_path / "a"), "--force"]) == 0
    assert git(tree, "rev-parse", "tinyring-v3") == first     # same inputs, same commits


def test_suggestions_table(tree, capsys):
    assert main(["suggestions", "--thread", str(EXAMPLE_THREAD), "--tree", str(tree)]) == 0
    table = capsys.readouterr().out
    assert "WARN_ON(used > r->size);" in table
    assert "  Reviewed-by: Bob Reviewer <bob@example.org> (patch 1) (address from From:)\n" in table


def test_suggestions_json(tree, capsys):
    assert main(["suggestions", "--thread", str(EXAMPLE_THREAD), "--tree", str(tree), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(s["id"], s["response"], s["kind"]) for s in items] == [
        ("2.1", "accepted", "rename-call"), ("2.2", "accepted", "add-comment"),
        ("2.3", "accepted", "remove-statements"), ("2.4", "declined", "code")]


@pytest.mark.slow
def test_send_dry_run_prints_the_mails_git_send_email_would_send(tree, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["send", str(out), "--to", "linux-kernel@vger.kernel.org", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "would send 3 mail(s) to linux-kernel@vger.kernel.org" in said
    assert "Subject: [PATCH v3 2/2] misc: tinyring: Add tinyring_pop()" in said
    assert "bob@example.org" in said          # Cc from the Reviewed-by trailer


def test_send_without_output_dir(tmp_path, capsys):
    assert main(["send", str(tmp_path / "nothing"), "--to", "a@example.org", "--dry-run"]) == 2
    assert "respin:" in capsys.readouterr().err


@pytest.fixture
def asked(tree, tmp_path) -> tuple[Path, Path]:
    """The example tree with a MAINTAINERS on its checked-out branch, and two replies asking for a
    Suggested-by: one from Alice's own address, one from an archive that hid Dana's."""
    return with_maintainers(tree), write_asks(tmp_path / "asks.mbox")


def test_suggestions_show_the_trailer_they_add(asked, capsys):
    tree, asks = asked
    args = ["suggestions", "--thread", str(EXAMPLE_THREAD), "--thread", str(asks), "--tree", str(tree)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    alice = next(i for i, ln in enumerate(lines) if "Alice Maintainer" in ln and ln.endswith("trailer"))
    dana = next(i for i, ln in enumerate(lines) if "Dana Okafor" in ln and ln.endswith("trailer"))
    assert lines[alice + 1].strip() == "adds Suggested-by: Alice Maintainer <alice@example.org> (address from From:)"
    assert lines[dana + 1].strip() == ("adds Suggested-by: Dana Okafor <dana.okafor@example.com> "
                                       "(address from MAINTAINERS)")
    assert main([*args, "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(s["reviewer"], s["trailer"], s["address_from"]) for s in items if s["kind"] == "trailer"] == [
        ("Dana Okafor", "Suggested-by: Dana Okafor <dana.okafor@example.com>", "MAINTAINERS"),
        ("Alice Maintainer", "Suggested-by: Alice Maintainer <alice@example.org>", "From:")]
    assert not [s for s in items if s["kind"] != "trailer" and "trailer" in s]
