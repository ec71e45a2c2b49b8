"""What a recipe is: it understands a suggestion, renders a rule, and says how to verify it.

One recipe a module under ``cocci/recipes/``; the catalogue (``cocci.recipes.CATALOGUE``)
lists them in the order they are asked.  A recipe never runs spatch itself: it
returns a ``Plan`` (what it understood, from evidence), then renders the
``.cocci`` text (or a ``TextEdit`` for what SmPL cannot express), and finally
checks the before/after file text.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from patches.model import Suggestion


@dataclass
class CodeContext:
    """The code a suggestion is about, as it is in the tree at the patch's commit."""

    path: str                   # tree path of the anchored file ("mm/rmap.c")
    text: str                   # its full content at the patch's commit (before any rule ran)
    function: str               # the anchored function ("" when unknown)
    # every file the patch touches, path -> content, for recipes that look beyond one file
    files: dict[str, str] = field(default_factory=dict)
    # the quoted code of the whole message, in order, for scope words like "both"
    # (each entry: (suggestion id or "", quoted lines))
    message_quotes: list[tuple[str, list[str]]] = field(default_factory=list)
    # the same files before the patch (path -> content, "" for a file the patch creates); None when
    # unknown: what the patch itself introduces is what is absent there
    base_files: dict[str, str] | None = None
    # the files later patches of the series touch, as the series leaves them (path -> content)
    later_files: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """What a recipe understood a suggestion to ask for."""

    kind: str                   # "rename-call", "const", ...
    slug: str                   # short file-name part: "huge_pte_dirty"
    params: dict[str, object] = field(default_factory=dict)
    order: int = 50             # rules run lowest first, so that they compose
    files: list[str] = field(default_factory=list)
    summary: str = ""           # changelog wording: "Use huge_pte_dirty()", "Make hsz const"


class Recipe(ABC):
    kind: ClassVar[str]
    order: ClassVar[int] = 50

    @abstractmethod
    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan | None:
        """A plan when this recipe can do what S asks, from evidence; None when it is not for S.

        Raise ``Manual(reason)`` when it is for S but cannot be done safely.
        """

    @abstractmethod
    def render(self, s: Suggestion, plan: Plan, ctx: CodeContext) -> str:
        """The .cocci text (header comment quoting the review, then the rules)."""

    def verify(self, s: Suggestion, plan: Plan, before: str, after: str) -> str:
        """'' when AFTER (the anchored file once the rule ran) shows the intended effect, else why not."""
        return ""


class Manual(Exception):
    """The recipe understood the suggestion but cannot do it safely; str(e) says why."""
