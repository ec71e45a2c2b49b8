"""A series prepared with `b4 prep`: respin continues it as b4 would, and the real b4 works on the result.

The repository, the series and its v1 mails are made with the real b4 (.venv/bin/b4); the review is our own.
b4 reads only the test's git configuration, and the one thread it fetches (for --manual-reroll, which
marks v1 as sent) comes from the public-inbox stand-in on 127.0.0.1.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.example import EXAMPLE_BASE
from patches import b4prep
from patches.git import Repo
from patches.model import PatchMail, Person, Series, Subject
from tests.lore_server import LoreServer

B4 = Path(sys.executable).with_name("b4")
# end-to-end runs of the real b4 and respin: the slow lane
pytestmark = [pytest.mark.skipif(not B4.exists(), reason=f"b4 is not installed beside {sys.executable}"),
              pytest.mark.slow]

COVER = """misc: tinyring: reset and emptiness helpers

Two small helpers the tinyring users have been open-coding: one to drop
everything in the ring, one to ask whether it holds anything.

# a note to myself: ask Lin whether this wants a selftest
Signed-off-by: Sam Author <sam@example.org>
"""
RESET = """
void tinyring_reset(struct tinyring *r)
{
\tunsigned long flags;

\tspin_lock_irqsave(&r->lock, flags);
\tr->head = 0;
\tr->tail = 0;
\tspin_unlock_irqrestore(&r->lock, flags);
}
"""
EMPTY = """
bool tinyring_is_empty(struct tinyring *r)
{
\treturn tinyring_used(r) == 0;
}
"""
REVIEWS = """From kim@example.org Sat Nov 28 09:00:00 2026
From: Kim Reviewer <kim@example.org>
To: Sam Author <sam@example.org>
Cc: Lin Maintainer <lin@example.org>
Subject: Re: [PATCH 2/2] misc: tinyring: Add tinyring_is_empty()
Date: Sat, 28 Nov 2026 09:00:00 +0000
Message-ID: <kim-review-2@example.org>
In-Reply-To: <P2>
References: <COVER> <P2>

On Fri, Nov 27, 2026 at 01:37:23PM +0000, Sam Author wrote:
> +bool tinyring_is_empty(struct tinyring *r)

This can be static: nothing outside this file calls it.

Kim

From kim@example.org Sat Nov 28 09:05:00 2026
From: Kim Reviewer <kim@example.org>
To: Sam Author <sam@example.org>
Subject: Re: [PATCH 1/2] misc: tinyring: Add tinyring_reset()
Date: Sat, 28 Nov 2026 09:05:00 +0000
Message-ID: <kim-review-1@example.org>
In-Reply-To: <P1>
References: <COVER> <P1>

On Fri, Nov 27, 2026 at 01:37:23PM +0000, Sam Author wrote:
> Callers drop the ring's contents by hand today; give them a helper that
> does it under the lock.

Looks right to me.

Reviewed-by: Kim Reviewer <kim@example.org>
"""
ACK = """From lin@example.org Sun Nov 29 10:00:00 2026
From: Lin Maintainer <lin@example.org>
To: Sam Author <sam@example.org>
Subject: Re: [PATCH v2 2/2] misc: tinyring: Add tinyring_is_empty()
Date: Sun, 29 Nov 2026 10:00:00 +0000
Message-ID: <lin-ack-2@example.org>
In-Reply-To: <P2>
References: <COVER> <P2>

Acked-by: Lin Maintainer <lin@example.org>
"""


def run(cwd: Path, *args: str) -> str:
    r = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, f"{args} failed: {r.stdout}{r.stderr}"
    return r.stdout + r.stderr


def b4(cwd: Path, *args: str) -> str:
    return run(cwd, str(B4), "-n", *args)


def as_mbox(files: list[Path]) -> str:
    return "".join(f"From sam@example.org Fri Nov 27 13:37:23 2026\n{f.read_text().rstrip()}\n\n" for f in files)


def ids(files: list[Path]) -> list[str]:
    return [re.search(r"(?mi)^Message-Id: <([^>]+)>", f.read_text()).group(1) for f in files]


def sent(repo: Path, dest: Path) -> list[Path]:
    """`b4 send` without sending: the mails as b4 would send them now, in DEST."""
    b4(repo, "send", "--no-sign", "-o", str(dest), "--to", "Lin Maintainer <lin@example.org>")
    return sorted(dest.glob("*.eml"))


@pytest.fixture
def lore():
    with LoreServer() as s:
        yield s


@pytest.fixture
def prepared(tmp_path, monkeypatch, lore):
    """A b4 prep branch b4/tinyring-helpers with its cover letter and two patches, its v1 mails, and the
    review thread of v1 (served by the archive stand-in too)."""
    cfg = tmp_path / "gitconfig"
    cfg.write_text(f"""[user]
\tname = Sam Author
\temail = sam@example.org
[init]
\tdefaultBranch = master
[b4]
\tmidmask = {lore.url}/%s
\tlinkmask = {lore.url}/%s
\tsend-auto-to-cmd = true
\tsend-auto-cc-cmd = true
\tprep-perpatch-check-cmd = sh -c 'grep -q ^Signed-off-by: || echo ERROR: no Signed-off-by'
""")
    for var, value in {"GIT_CONFIG_GLOBAL": str(cfg), "GIT_CONFIG_NOSYSTEM": "1",
                       "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
                       "XDG_CONFIG_HOME": str(tmp_path / "config"), "EDITOR": str(tmp_path / "editor"),
                       "GIT_EDITOR": str(tmp_path / "editor")}.items():
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("RESPIN_LORE_URL", raising=False)
    (tmp_path / "cover.txt").write_text(COVER)
    (tmp_path / "editor").write_text(f"#!/bin/sh\ncp {tmp_path / 'cover.txt'} \"$1\"\n")
    (tmp_path / "editor").chmod(0o755)
    repo = tmp_path / "repo"
    src = repo / "drivers" / "misc" / "tinyring.c"
    src.parent.mkdir(parents=True)
    src.write_text((EXAMPLE_BASE / "drivers" / "misc" / "tinyring.c").read_text())
    run(repo, "git", "init", "-q")
    run(repo, "git", "add", "-A")
    run(repo, "git", "commit", "-qm", "misc: tinyring: a byte ring")
    run(repo, "git", "tag", "base")
    b4(repo, "prep", "-n", "tinyring-helpers", "-f", "base")
    b4(repo, "prep", "--edit-cover")
    for code, title, body in ((RESET, "misc: tinyring: Add tinyring_reset()",
                               "Callers drop the ring's contents by hand today; give them a helper that\n"
                               "does it under the lock."),
                              (EMPTY, "misc: tinyring: Add tinyring_is_empty()",
                               "A reader that only wants to know whether to wake up asks for the used\n"
                               "count and compares it with zero; name that question.")):
        src.write_text(src.read_text() + code)
        run(repo, "git", "commit", "-qam", title, "-m", body, "-m", "Signed-off-by: Sam Author <sam@example.org>")
    v1 = sent(repo, tmp_path / "v1")
    cover, p1, p2 = ids(v1)
    thread = as_mbox(v1) + REVIEWS.replace("COVER", cover).replace("P1", p1).replace("P2", p2)
    (tmp_path / "thread.mbox").write_text(thread)
    lore.add(thread.encode())
    run(repo, "git", "checkout", "-q", "master")
    return repo, tmp_path / "thread.mbox", cover


def cover_of(repo: Path, branch: str) -> tuple[str, dict]:
    message = run(repo, "git", "log", "-1", "--format=%B", f"{branch}~2")
    letter, _, data = message.partition("--- b4-submit-tracking ---")
    return letter, json.loads(data[data.index("{"):])


@pytest.mark.parametrize("how", ["sent-otherwise", "sent-with-b4"])
def test_b4_continues_where_respin_leaves(prepared, tmp_path, lore, capsys, how):
    repo, thread, v1_cover = prepared
    if how == "sent-with-b4":         # b4 moved the branch to v2 with its EDITME changelog template
        run(repo, "git", "checkout", "-q", "b4/tinyring-helpers")
        b4(repo, "prep", "--manual-reroll", v1_cover)
        run(repo, "git", "checkout", "-q", "master")
        letter, tracking = cover_of(repo, "b4/tinyring-helpers")
        assert "EDITME" in letter and tracking["series"]["revision"] == 2
    before = run(repo, "git", "for-each-ref", "refs/heads/b4/tinyring-helpers")
    _, tracking_before = cover_of(repo, "b4/tinyring-helpers")

    out = tmp_path / "out"
    assert main(["run", "--tree", str(repo), "--thread", str(thread), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "branch b4/tinyring-helpers-v2" in said.out
    assert "b4 prep series 20" in said.err
    assert run(repo, "git", "for-each-ref", "refs/heads/b4/tinyring-helpers") == before

    # the cover commit: the changelog filled in, the next revision, the change-id kept, v1 recorded
    letter, tracking = cover_of(repo, "b4/tinyring-helpers-v2")
    assert "EDITME" not in letter
    link = f"{lore.url}/{v1_cover}" if how == "sent-with-b4" else f"https://lore.kernel.org/r/{v1_cover}"
    assert "\n---\nChanges in v2:\n- Patch 1/2: Collect Reviewed-by (Kim)\n" \
           f"- Patch 2/2: Make tinyring_is_empty() static (Kim)\n- Link to v1: {link}\n" in letter
    assert "# a note to myself" in letter              # b4's comment lines stay in the commit
    series = tracking["series"]
    assert series["revision"] == 2 and series["change-id"] == tracking_before["series"]["change-id"]
    assert series["history"]["v1"] == [v1_cover]
    # respin's own mails: b4's cover letter (comments dropped), the real base
    mails = (out / "v2-0000-cover-letter.patch").read_text()
    assert "Subject: [PATCH v2 0/2] misc: tinyring: reset and emptiness helpers" in mails
    assert "a note to myself" not in mails and "EDITME" not in mails
    base = run(repo, "git", "rev-parse", "base").strip()
    assert f"base-commit: {base}\n" in mails and "prerequisite-patch-id" not in mails

    run(repo, "git", "checkout", "-q", "b4/tinyring-helpers-v2")
    assert b4(repo, "prep", "--show-revision").splitlines()[0].strip() == "v2"
    assert "Success: 2, Warning: 0, Error: 0" in b4(repo, "prep", "--check")

    v2 = sent(repo, tmp_path / "v2")
    cover2 = v2[0].read_text()
    assert "Subject: [PATCH v2 0/2] misc: tinyring: reset and emptiness helpers" in cover2
    assert "- Patch 2/2: Make tinyring_is_empty() static (Kim)" in cover2
    assert f"change-id: {series['change-id']}" in cover2 and f"base-commit: {base}" in cover2
    assert "+static bool tinyring_is_empty(struct tinyring *r)" in v2[2].read_text()
    assert "Reviewed-by: Kim Reviewer <kim@example.org>" in v2[1].read_text()

    c2, _, p2 = ids(v2)
    v2_thread = tmp_path / "v2.mbox"
    v2_thread.write_text(as_mbox(v2) + ACK.replace("COVER", c2).replace("P2", p2))
    b4(repo, "trailers", "-u", "-m", str(v2_thread))
    last = run(repo, "git", "log", "-1", "--format=%B")
    assert "Acked-by: Lin Maintainer <lin@example.org>\nSigned-off-by: Sam Author <sam@example.org>" in last


def test_series_range_starting_at_the_cover_commit(prepared, tmp_path, capsys):
    """--series base..b4/branch: b4's cover commit is not taken for a patch."""
    repo, thread, _ = prepared
    out = tmp_path / "out"
    assert main(["run", "--tree", str(repo), "--thread", str(thread), "--series", "base..b4/tinyring-helpers",
                 "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("v2-*.patch"))[1:] == [
        "v2-0001-misc-tinyring-Add-tinyring_reset.patch", "v2-0002-misc-tinyring-Add-tinyring_is_empty.patch"]
    assert json.loads((out / "report.json").read_text())["branch"] == "b4/tinyring-helpers-v2"
    r = Repo(repo)
    assert len(r.out("rev-list", "base..b4/tinyring-helpers-v2").split()) == 3


def first_patch(r: Repo, branch: str) -> Series:
    """The series of BRANCH's last two commits, as far as finding b4's cover commit needs it."""
    return Series([PatchMail(1, Subject("patch", "patch"), Person("A"), commit=r.rev(f"{branch}~1"))])


def test_only_an_empty_commit_is_taken_for_b4s_cover_commit(prepared):
    """b4's cover commit changes no file; a commit below the series that carries b4's tracking data in
    its message but changes a file is a patch of the series, not a cover letter."""
    repo, _, _ = prepared
    r = Repo(repo)
    cover = r.rev("b4/tinyring-helpers~2")
    prep = b4prep.find(r, first_patch(r, "b4/tinyring-helpers"))
    assert prep is not None and prep.cover_commit == cover and prep.base == r.rev("base")
    assert b4prep.skip_cover(r, "base..b4/tinyring-helpers") == f"{cover}..b4/tinyring-helpers"

    # the same branch with a file change folded into the cover commit
    run(repo, "git", "checkout", "-q", "-b", "edited", "b4/tinyring-helpers~2")
    (repo / "README").write_text("tinyring: a byte ring\n")
    run(repo, "git", "add", "README")
    run(repo, "git", "commit", "-q", "--amend", "--no-edit")
    run(repo, "git", "cherry-pick", "b4/tinyring-helpers~1", "b4/tinyring-helpers")
    run(repo, "git", "checkout", "-q", "master")
    assert r.tree_of("edited~2") != r.tree_of("base")
    assert b4prep._marker() in r.commit_object("edited~2")
    assert b4prep.find(r, first_patch(r, "edited")) is None
    assert b4prep.skip_cover(r, "base..edited") == "base..edited"


PENDING = """title

text

---
Changes in v3:
- EDITME: describe what is new in this series revision.
- EDITME: use bulletpoints and terse descriptions.
- Also dropped the unused include
- Link to v2: https://lore.example.org/r/v2@example.org

Changes in v2:
- Older change
"""


def test_pending_changelog_is_filled_in_keeping_the_authors_lines():
    prep = b4prep.Prep("c" * 40, "b" * 40, PENDING, {"series": {"revision": 3, "change-id": "x"}})
    block = ["Changes in v3:", "- Patch 1/2: Use foo() (Kim)", "- Link to v2: https://lore.kernel.org/r/v2@x"]
    text = b4prep.new_cover(prep, 3, block)
    assert text.split("---\n", 1)[1] == (
        "Changes in v3:\n- Patch 1/2: Use foo() (Kim)\n- Also dropped the unused include\n"
        "- Link to v2: https://lore.example.org/r/v2@example.org\n\nChanges in v2:\n- Older change\n")
    assert b4prep.next_revision(prep, 2) == 3 and b4prep.next_revision(prep, 3) == 4


def test_changelog_goes_above_older_ones_or_into_a_new_section():
    older = b4prep.Prep("c" * 40, "b" * 40, "title\n\ntext\n\n---\nChanges in v2:\n- Older\n", {"series": {}})
    block = ["Changes in v3:", "- New"]
    assert b4prep.new_cover(older, 3, block).endswith("---\nChanges in v3:\n- New\n\nChanges in v2:\n- Older\n")
    fresh = b4prep.Prep("c" * 40, "b" * 40, "title\n\ntext", {"series": {}})
    assert b4prep.new_cover(fresh, 2, ["Changes in v2:", "- New"]) == "title\n\ntext\n\n---\nChanges in v2:\n- New"


def test_unreadable_tracking_data_is_one_line(tmp_path):
    r = Repo(tmp_path)
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    r.run("init", "-q")
    (tmp_path / "f.c").write_text("int x;\n")
    r.run("add", "f.c")
    r.run("commit", "-qm", "base", env=env)
    r.run("commit", "-q", "--allow-empty", "-m", "title\n\n--- b4-submit-tracking ---\n{not json", env=env)
    (tmp_path / "f.c").write_text("int y;\n")
    r.run("commit", "-qam", "patch", env=env)
    series = Series([PatchMail(1, Subject("patch", "patch"), Person("A"), commit=r.try_rev("HEAD"))])
    with pytest.raises(b4prep.B4PrepError, match=r"tracking data b4 cannot read"):
        b4prep.find(r, series)
