"""The recipe catalogue: every module of this package that defines ``RECIPE = SomeRecipe()``.

Modules plug in by existing; ``CATALOGUE`` is sorted by (phase, kind): the
``Phase`` a recipe declares as its ``order`` is both when it is asked about a
suggestion and when its rules run (layout first, renames last), so that rules
compose.  Modules whose name starts with ``_`` are helpers, not recipes.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from cocci.recipe import Recipe


def _discover() -> list[Recipe[Any]]:
    found: list[Recipe[Any]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        recipe = getattr(mod, "RECIPE", None)
        if isinstance(recipe, Recipe):
            found.append(recipe)
    return sorted(found, key=lambda r: (r.order, r.kind))


CATALOGUE: list[Recipe[Any]] = _discover()

