"""A comment that names removing something only to turn it down (cocci/recipes/_evidence.py
declined_action): no recipe removes anything on it."""
from __future__ import annotations

import pytest

from cocci.recipes._evidence import declined_action

VERBS = ("drop", "remove", "delete", "get rid")


@pytest.mark.parametrize("comment", [
    "You don't need to remove this.",
    "I see no reason to drop it.",
    "There is no reason to remove this.",
    # "remove" names the callback here: the one action is turned down
    "In patch 3, the dev_info() in the remove path is fine, no need to drop it.",
])
def test_turned_down(comment):
    assert declined_action(comment, VERBS)


@pytest.mark.parametrize("comment", [
    "Don't forget to remove this.",
    "Please drop this.",
    "Why not drop this?",
    "Drop it in the remove path.",
])
def test_asked(comment):
    assert not declined_action(comment, VERBS)
