"""The recipe catalogue: every module of this package that defines ``RECIPE = SomeRecipe()``.

Modules plug in by existing; ``CATALOGUE`` is sorted by (order, kind), which is
both the order in which recipes are asked about a suggestion and the order in
which their rules run (replace-code first, inline-helper last), so that rules
compose.  Modules whose name starts with ``_`` are helpers, not recipes.
"""
from __future__ import annotations

import importlib
import pkgutil

from cocci.recipe import Recipe


def _discover() -> list[Recipe]:
    found: list[Recipe] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        recipe = getattr(mod, "RECIPE", None)
        if isinstance(recipe, Recipe):
            found.append(recipe)
    return sorted(found, key=lambda r: (r.order, r.kind))


CATALOGUE: list[Recipe] = _discover()

