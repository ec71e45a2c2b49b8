"""A tag on the cover letter for some patches named in words only ("For the driver patches:") goes to no
patch: respin cannot tell which ones the words mean, and a tag on a patch its giver did not look at is
worse than one the author adds by hand.  The report says so, quoting the words."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.test_drop_patch import AUTHOR, REVIEWER, _git, _reply, _run, _series

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _on_cover(tmp_path, words: str):
    tree, mbox = _series(tmp_path, "Looks fine.")
    text = mbox.decode()
    cover_id = next(ln for ln in text.splitlines() if ln.lower().startswith("message-id:")).split("<")[1].rstrip(">")
    reply = _reply("c1@example.nl", cover_id, "[PATCH v2 0/3] qrx7 cleanups", REVIEWER,
                   f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> Small things.\n\n{words}\n\n"
                   f"Acked-by: {REVIEWER[0]} <{REVIEWER[1]}>\n", "Tue, 08 Apr 2025 10:00:00 +0000")
    return tree, (text + "\n" + reply).encode()


@pytest.mark.parametrize("words", ["For the probe patches:", "The two print patches look good to me."])
def test_a_tag_for_patches_named_in_words_goes_nowhere(tmp_path, words):
    tree, mbox = _on_cover(tmp_path, words)
    result = _run(tmp_path, tree, mbox)
    tags = [(s.kind, s.status, s.reason) for s in result.suggestions if s.kind == "trailer"]
    assert tags == [("trailer", Status.MANUAL,
                     f'given for the patches "{words}" names in words: add it by hand to those patches')]
    assert "Acked-by" not in _git(tree, "log", "--format=%B", f"master..{result.branch}")


def test_a_tag_for_the_first_two_goes_to_patches_1_and_2(tmp_path):
    tree, mbox = _on_cover(tmp_path, "For the first two patches:")
    result = _run(tmp_path, tree, mbox)
    acked = [_git(tree, "log", "-1", "--format=%B", f"{result.branch}~{k}").count("Acked-by: ") for k in (2, 1, 0)]
    assert acked == [1, 1, 0]
