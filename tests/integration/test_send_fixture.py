"""The real Linux fixture: rebuild v4 with an edit to patch 2, write v5, checkpatch, send, git am."""
from __future__ import annotations

import email
import importlib.util
import mailbox
import subprocess
from pathlib import Path


from patches import checkpatch
from patches import trailers as tr
from patches.git import Repo
from patches.mail import write_series
from patches.locate import commits_in_range
from patches.model import Anchor, PatchMail, Person, Response, Review, Series, Status, Subject, Suggestion
from patches.send import send
from patches.series import branch_name, create_branch, rebuild

_spec = importlib.util.spec_from_file_location("test_send_unit", Path(__file__).parents[1] / "unit/test_send.py")
S = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(S)  # type: ignore[union-attr]
smtp = S.smtp

RMAP = "mm/rmap.c"


def _series(fx: Path):
    repo = Repo(fx / "tree")
    commits = commits_in_range(repo, "base..hugetlb")
    s = Series(patches=[PatchMail(i, Subject(c.title, c.title, ("PATCH",), number=i, total=len(commits)),
                                  Person(c.author, c.email), message=c.message, commit=c.sha)
                        for i, c in enumerate(commits, 1)],
               version=4, base=repo.rev("base"), branch="hugetlb")
    for msg in mailbox.mbox(str(fx / "thread.mbox")):
        subj = " ".join(str(msg["Subject"]).split())
        if subj.startswith("[PATCH v4 0/3] "):
            s.cover = PatchMail(0, Subject(subj, subj.split("] ", 1)[1], ("PATCH",), 4, 0, 3, 1),
                                Person(*email.utils.parseaddr(str(msg["From"]))),
                                msgid=str(msg["Message-Id"]).strip("<>"), message=msg.get_payload())
    assert s.cover is not None
    return repo, s


def _respin(fx: Path, out: Path):
    repo, s = _series(fx)
    p2 = s.patches[1]
    text = repo.try_show_file(p2.commit, RMAP)
    fn = text.index("static bool __try_to_unmap_hugetlb_one(")
    at = text.index("if (pte_dirty(pteval))", fn)
    text = text[:at] + "if (huge_pte_dirty(pteval))" + text[at + len("if (pte_dirty(pteval))"):]
    david = Person("David Hildenbrand (Arm)", "david@kernel.org")
    review = Review(s, [
        Suggestion("2.1", 2, david, "Should we now use huge_pte_dirty()?", Anchor(RMAP, "__try_to_unmap_hugetlb_one"),
                   Response.ACCEPTED, status=Status.APPLIED, summary="Use huge_pte_dirty()"),
        Suggestion("2.2", 2, david, "Might want a Suggested-by", Anchor(in_message=True), Response.ACCEPTED,
                   kind="trailer", trailer=f"Suggested-by: {david}", status=Status.APPLIED)])
    asked = tr.requested(review)
    msgs = {p.number: tr.new_message(repo.out("log", "-1", "--format=%B", p.commit), asked[p.number])
            for p in s.patches if asked[p.number]}
    new = rebuild(repo, s, {2: {RMAP: text}}, msgs)
    results = write_series(repo, s, new, review, out, 5)
    return repo, s, new, results


def test_v5_of_the_fixture_checkpatch_send_and_am(fresh_fixture, tmp_path, smtp):
    port, inbox = smtp
    out = tmp_path / "out"
    repo, s, new, results = _respin(fresh_fixture, out)
    name = branch_name(repo, s)
    assert name == "hugetlb-v5"
    create_branch(repo, name, new[-1])

    texts = [p.read_text() for p in sorted(out.glob("*.patch"))]
    assert [t.split("\nSubject: ", 1)[1].split("\n")[0] for t in texts] == [
        "[PATCH v5 0/3] mm/rmap: hugetlb hwpoison unmap cleanups",
        "[PATCH v5 1/3] mm/rmap: Document how try_to_unmap() handles hugetlb",
        "[PATCH v5 2/3] mm/rmap: Add try_to_unmap_hugetlb_one",
        "[PATCH v5 3/3] mm/rmap: Point try_to_unmap_one's comment at the"]
    assert [r.changed for r in results] == [False, True, False]
    def change(sha: str) -> list[str]:
        return [ln for ln in repo.out("diff", f"{sha}~", sha).splitlines() if not ln.startswith("index ")]
    for i in (0, 2):   # patches 1 and 3 change the code exactly as v4's did
        assert change(new[i]) == change(s.patches[i].commit)
    assert ("Suggested-by: David Hildenbrand (Arm) <david@kernel.org>\nSigned-off-by: Dev Jain <dev.jain@arm.com>\n"
            "---\nChanges in v5:\n- Use huge_pte_dirty() (David)\n- Add Suggested-by (David)\n") in texts[2]
    assert "- Link to v4: https://lore.kernel.org/r/20260526063600.0-dev.jain@arm.com\n" in texts[0]

    cp = checkpatch.run(repo, new[-1], sorted(out.glob("*.patch")))
    assert cp["status"] == "ok" and cp["errors"] == 0, checkpatch.format_summary(cp)

    send(out, ["linux-mm@kvack.org"], [], env=S._user_config(tmp_path, port))
    assert len(inbox.mails) == 4
    scratch = tmp_path / "scratch"
    subprocess.run(["git", "clone", "-q", "--shared", str(fresh_fixture / "tree"), str(scratch)], check=True)
    subprocess.run(["git", "-C", str(scratch), "checkout", "-q", "-b", "received", "base"], check=True)
    received = tmp_path / "received.mbox"
    received.write_bytes(b"".join(b"From respin Mon Sep 17 00:00:00 2001\n" + raw.replace(b"\r\n", b"\n") + b"\n"
                                  for _, raw in inbox.mails))
    subprocess.run(["git", "-C", str(scratch), "-c", "user.name=Tester", "-c", "user.email=tester@example.org",
                    "am", "-q", "--empty=drop", str(received)], check=True)
    got = subprocess.run(["git", "-C", str(scratch), "rev-list", "--reverse", "base..received"], check=True,
                         capture_output=True, text=True).stdout.split()
    v5 = repo.out("rev-list", "--reverse", "base..hugetlb-v5").split()
    assert [subprocess.run(["git", "-C", str(scratch), "rev-parse", f"{c}^{{tree}}"], capture_output=True,
                           text=True).stdout for c in got] == [repo.out("rev-parse", f"{c}^{{tree}}") for c in v5]


def test_a_second_run_gives_the_same_bytes(fresh_fixture, tmp_path):
    _respin(fresh_fixture, tmp_path / "a")
    _respin(fresh_fixture, tmp_path / "b")
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert a == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
