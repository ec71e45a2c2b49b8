"""An answer that names the change a comment proposes takes it up only when it says the change is made:
"I thought about using X, but ..." and "I could switch to X" weigh it, and the argument that follows
declines the request."""
from __future__ import annotations

import pytest

from patches.answers import classify_response

COMMENT = "Should this use GFP_NOWAIT? The lock is held here."
QUOTED = "\tbuf = kmalloc(len, GFP_ATOMIC);"


@pytest.mark.parametrize("answer,expect", [
    ("I thought about using GFP_NOWAIT here, but the allocation must not fail under pressure.", "declined"),
    ("I considered switching to GFP_NOWAIT; the pool refill depends on this one, so it stays.", "declined"),
    ("We could use GFP_NOWAIT as well, the caller retries anyway.", "declined"),
    ("The caller retries anyway, so changing it to GFP_NOWAIT is what v2 does.", "accepted"),
])
def test_a_named_change_only_weighed_is_not_taken_up(answer, expect):
    assert classify_response(answer, COMMENT, QUOTED).value == expect
