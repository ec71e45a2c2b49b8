"""replace-code: the quoted statement becomes the code the reviewer wrote under it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "drivers/net/ring.c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_replaces_the_quoted_statement(tmp_path):
    text = (DATA / "net_ring.c").read_text()
    s = Suggestion(id="1.4", patch=1, reviewer=Person("Jakub Reviewer"),
                   comment="WARN_ON_ONCE(!len);\n\nA zero-length head is a driver bug, once is enough.",
                   anchor=Anchor(file=PATH, function="ring_xmit"), quoted=["+ WARN_ON(len == 0);"],
                   code=["WARN_ON_ONCE(!len);"], response=Response.ACCEPTED, response_text="Ok.", kind="code")
    ctxs = {s.id: CodeContext(PATH, text, "ring_xmit", {PATH: text}, [])}
    planned = RU.plan([s], ctxs)
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert "-\tWARN_ON(len == 0);\n+\tWARN_ON_ONCE(!len);" in rules[0].text
    assert [ln for ln in edits[0].diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")] == [
        "-\tWARN_ON(len == 0);", "+\tWARN_ON_ONCE(!len);"]
