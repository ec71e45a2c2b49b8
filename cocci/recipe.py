"""What a recipe is: it understands a suggestion, renders a rule, and says how to verify it.

One recipe a module under ``cocci/recipes/``: the module defines ``RECIPE = SomeRecipe()`` and the
catalogue (``cocci.recipes.CATALOGUE``) finds it.  A recipe never runs spatch itself: it returns a
``Plan`` (what it understood, from evidence), then renders the ``.cocci`` text (or a ``TextEdit`` for
what SmPL cannot express), and finally checks the before/after file text.

The contract, all of it declared on ``Recipe`` below (nothing is looked up by name elsewhere):

Class attributes (default, then what setting it means)
    ``kind``            required: the recipe's name in rule files and reports ("rename-call").
    ``order``           required: the ``Phase`` its rules run in (see "Ordering").
    ``is_text_edit``    False (the rule is SmPL run by spatch).  True: every plan is done as the
                        ``TextEdit`` that ``text_edit()`` returns (``edits_text()`` may decide per plan).
    ``supersedes``      (): kinds whose plans for the same comment are dropped when this recipe has one
                        (the more specific reading wins: "use strscpy(), get rid of strcpy()" renames
                        a call, it does not remove a statement); ``superseded(plan)`` may widen that
                        for one plan, ``outranks(plan, other)`` keep one of them.
    ``reads_message``   False.  True: also asked about remarks anchored in the commit message.
    ``tidies_after_spatch``  False.  True: ``after_spatch()`` changes what spatch printed (in a spatch
                        pass shared with other rules, what the rule's own share of the pass printed).
    ``retargets``       False.  True: the plan's first file, not the anchored one, is where the rule
                        runs (its ``params.where()`` names the function there).
    ``takes_away``      False.  True: the recipe only removes or undoes what the patch wrote, so a
                        doubting question ("Is this helper really worth it?") may still ask for it; a
                        question that proposes no change is read by these recipes only.
    ``remark_asks``     False.  True: the recipe raises ``Manual`` only once the comment's own words ask
                        for its change ("Unrelated change."), so a remark under code that it cannot do is
                        reported manual with its reason rather than passed over as asking for nothing.

Methods (``understand`` and ``render`` are abstract; the rest have the default said here)
    ``understand(s, ctx) -> Plan[P] | None``  a plan when the evidence (comment words, quoted code,
        reviewer code) settles the edit; None when the recipe is not for S; raise ``Manual(reason)``
        when it is for S but cannot be done safely (``Refused(reason)``: and no other recipe's plan for S
        may go ahead without this one).
    ``render(s, plan, ctx) -> str``  the .cocci text (header quoting the review, then the rules).
    ``verify(s, plan, before, after) -> str | None``  None: the recipe has no check of its own.
        Otherwise '' when AFTER shows the intended effect, else why not (the edit is rolled back).
    ``verify_files(s, plan, befores, afters) -> str | None``  None: a rule may change only the anchored
        file.  Otherwise the check of every file the rule changed ('' or why not).
    ``is_applied(s, plan, text) -> bool | None``  None: the recipe cannot tell; then a ``verify`` of
        TEXT against itself decides.  Otherwise whether the effect is in TEXT already (a second run
        does nothing, reported as already applied).
    ``edits_text(plan) -> bool``  ``is_text_edit``; a recipe overrides it when only some of its plans
        are text edits.
    ``text_edit(s, plan, ctx) -> TextEdit``  the edit of a text-edit plan; only called when
        ``edits_text(plan)``.  Default: raises NotImplementedError.
    ``companions(s, plan, ctx) -> list[(recipe, plan)]``  []: further plans that go with PLAN (the
        comment block above statements a removal drops), with their own phase.
    ``after_spatch(plan, path, before, after) -> str``  AFTER: a tidy-up of what spatch printed for
        file PATH (re-aligning continuation lines a rename shifted), before the checks run.

Typed parameters
    Each recipe declares a frozen dataclass deriving from ``Params`` (or ``InFunction`` when the edit
    lies in one function, which also limits the lines the rule may change to that function) and is a
    ``Recipe[ThatParams]``; its plans are ``Plan[ThatParams]`` and the code reads ``plan.params.old``
    without casts.  Parameters are values: a plan that changes is a new one (``dataclasses.replace``).
    ``Params.as_dict()`` (``dataclasses.asdict``) is what the suggestion's ``params`` and the rule's
    ``expect`` hold, so field names are the keys (a trailing underscore, for a name that is a Python
    keyword, is dropped: ``from_`` is "from").  Generic code reads only what ``Params`` declares:
    ``where()`` (the function the edit is about), ``scope_functions()`` (the functions the rule may
    change; a recipe whose rule spans several overrides it), ``left_to_author()`` (what the plan
    leaves undone) and ``reach_below()`` (how many like places after the quote a "Same below." took
    the plan to, when the recipe reads those words itself); fields must not take these names.

Ordering
    Rules run by ``Phase``, lowest first, so that they compose: a recipe that edits what another one
    writes, or that finds its code by names another one changes, runs in a later phase.  Plans in one
    phase run in the order of their suggestions; the catalogue asks recipes in (phase, kind) order,
    which is also the order of a comment's plans.  A new recipe joins the phase whose reason fits it,
    or adds a member between the two it must run between, with a comment saying why; the values of
    the members do not change (they number the rule files and merge with user rules).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any, Callable, ClassVar, Generic, TypeVar

from cocci.textedit import TextEdit
from patches.model import Suggestion


class Phase(IntEnum):
    """When a recipe's rules run, lowest first.  The values number the rule files' run order and are
    what user rules (1000 and up) are merged with, so they stay those the rule files always had."""

    # layout-only text edits find the quoted lines by their content, as the patch wrote them: first,
    # before any rule rewrites those lines
    LAYOUT = 5
    # the reviewer's own replacement code: every later rule (const, renames, ...) acts on what it wrote
    REVIEWER_CODE = 10
    # the same as a text edit (what SmPL cannot print); right after, so both can touch one function
    REVIEWER_TEXT = 11
    # which function a statement calls, or the quoted change undone: whole-call rewrites the argument
    # and format phases below then match on
    CALLS = 20
    # the arguments of a call change shape (kmalloc(n * size) -> kmalloc_array(n, size))
    CALL_ARGUMENTS = 22
    # a statement sequence becomes one helper call (dev_err_probe(), a helper the series defines)
    HELPER_CALLS = 24
    # an open-coded idiom becomes a kernel helper: after the series' own helpers, the more specific
    OPEN_CODED = 25
    # a format string changes, in the call the rewrites above leave
    FORMATS = 26
    # a declaration and its first assignment become one, before the declaration edits below
    DECLARATION_JOIN = 28
    # edits inside one declaration or call: const on a local, one argument dropped
    QUALIFIERS = 30
    # the same on a parameter or an operand (const parameter, a cast dropped): after the locals
    PARAMETER_QUALIFIERS = 31
    # the branches of a quoted ternary swap
    OPERANDS = 32
    # a parameter goes from a function and its calls, after the call-level edits above
    SIGNATURES = 33
    # a wrapper around something that is otherwise final: static linkage, unlikely() on a condition
    WRAPPERS = 34
    # a comment block that explains statements REMOVALS drops goes just before them
    EXPLAINING_COMMENTS = 39
    # quoted statements go (what the edits above leave of them)
    REMOVALS = 40
    # code that cannot run goes; after REMOVALS, the more general removal
    DEAD_CODE = 41
    # a conversion the patch makes, carried to a place it missed
    MISSED_PLACES = 45
    # the prefix every message of the file shares moves into pr_fmt(): once the calls and their formats
    # are final (a print renamed to dev_err() no longer takes it)
    MESSAGES = 47
    # comment blocks reworded or dropped
    COMMENTS = 50
    # an entry added to a list (a table, a Kconfig select) in a file of the patch
    LISTS = 55
    # edits that need the statements as settled by now: a comment above a statement, a variable
    # the earlier rules left unused
    SETTLED_STATEMENTS = 60
    # braces around branches, once their statements are final
    BRACES = 65
    # a statement moves to another function or place, with its final text
    MOVES = 70
    # a declaration moves to the scope of its uses, once the uses are final
    DECLARATION_MOVES = 72
    # the tail of a function unwrapped into an early return: it re-indents everything below
    CONTROL_FLOW = 80
    # a helper folded into its caller: its body moves, so everything inside it is done by now
    INLINING = 90
    # identifiers renamed, last: the other rules find their code by the names the patch has now
    RENAMES = 95


@dataclass(frozen=True)
class Params:
    """What a plan carries from ``understand`` to ``render``/``verify``: each recipe subclasses this
    with its own frozen dataclass.  The fields are the evidence the recipe found (names, quoted
    statements and their occurrence, ...)."""

    def as_dict(self) -> dict[str, object]:
        """The fields by name (``dataclasses.asdict``): the suggestion's ``params``, the rule's ``expect``.
        A trailing underscore, which keeps a name clear of a Python keyword (``from_``), is not part
        of the key."""
        return {k[:-1] if k.endswith("_") else k: v for k, v in asdict(self).items()}

    def where(self) -> str:
        """The function the edit is about ('' when it is not about one)."""
        return ""

    def scope_functions(self) -> tuple[str, ...]:
        """The functions the rule may change; () for no such limit."""
        return (self.where(),) if self.where() else ()

    def left_to_author(self) -> str:
        """What the plan leaves to the author ('' when it does all that was asked)."""
        return ""

    def reach_below(self) -> int | None:
        """How many like places after the quoted one the plan also changes for a "Same below." (0: none
        follows it); None when the recipe leaves "same below" to propagation (``cocci.propagate``)."""
        return None


@dataclass(frozen=True)
class InFunction(Params):
    """Parameters of an edit inside one function: the rule may change nothing outside it."""

    function: str

    def where(self) -> str:
        return self.function


P = TypeVar("P", bound=Params)


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
    # the files of the whole tree at the patch's commit that hold a word (`git grep -l -w`), for a recipe
    # that must know every user of a name; None when there is no tree to ask
    tree_grep: Callable[[str], list[str]] | None = None
    # a file of the tree at the patch's commit by path (None when there is none, or it is too large to
    # read), for a recipe that must read the headers a file includes; None when there is no tree to ask
    tree_read: Callable[[str], str | None] | None = None


@dataclass
class Plan(Generic[P]):
    """What a recipe understood a suggestion to ask for."""

    kind: str                   # "rename-call", "const", ...
    slug: str                   # short file-name part: "huge_pte_dirty"
    params: P                   # the recipe's own parameters
    order: Phase                # when its rule runs (the recipe's phase, or a companion's own)
    files: list[str] = field(default_factory=list)
    summary: str = ""           # changelog wording: "Use huge_pte_dirty()", "Make hsz const"


class Recipe(ABC, Generic[P]):
    """One kind of change; see the module docstring for the contract."""

    kind: ClassVar[str]
    order: ClassVar[Phase]
    is_text_edit: ClassVar[bool] = False
    supersedes: ClassVar[tuple[str, ...]] = ()
    reads_message: ClassVar[bool] = False
    retargets: ClassVar[bool] = False
    tidies_after_spatch: ClassVar[bool] = False
    takes_away: ClassVar[bool] = False
    remark_asks: ClassVar[bool] = False

    def superseded(self, plan: Plan[P]) -> tuple[str, ...]:
        """The kinds whose plans for the same comment PLAN drops: ``supersedes``."""
        return self.supersedes

    def outranks(self, plan: Plan[P], other: Plan[Any]) -> bool:
        """Whether PLAN drops OTHER, a plan of a kind it supersedes for the same comment (all of them by
        default; a recipe may keep one that asks for something else the comment names too)."""
        return True

    @abstractmethod
    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[P] | None:
        """A plan when this recipe can do what S asks, from evidence; None when it is not for S.

        Raise ``Manual(reason)`` when it is for S but cannot be done safely.
        """

    @abstractmethod
    def render(self, s: Suggestion, plan: Plan[P], ctx: CodeContext) -> str:
        """The .cocci text (header comment quoting the review, then the rules)."""

    def verify(self, s: Suggestion, plan: Plan[P], before: str, after: str) -> str | None:
        """'' when AFTER (the anchored file once the rule ran) shows the intended effect, else why not;
        None (the default) when the recipe has no check of its own."""
        return None

    def verify_files(self, s: Suggestion, plan: Plan[P], befores: dict[str, str],
                     afters: dict[str, str]) -> str | None:
        """For a rule that may change several files: '' when AFTERS (path -> text, every file the rule
        ran on) are right, else why not.  None (the default): only the anchored file may change."""
        return None

    def is_applied(self, s: Suggestion, plan: Plan[P], text: str) -> bool | None:
        """Whether TEXT has the effect already; None (the default) when the recipe cannot tell."""
        return None

    def edits_text(self, plan: Plan[P]) -> bool:
        """Whether PLAN is done as a text edit (``text_edit``) rather than by spatch."""
        return self.is_text_edit

    def text_edit(self, s: Suggestion, plan: Plan[P], ctx: CodeContext) -> TextEdit:
        """The text edit of a plan for which ``edits_text`` holds."""
        raise NotImplementedError(f"{self.kind} plans are not text edits")

    def companions(self, s: Suggestion, plan: Plan[P], ctx: CodeContext) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """Further plans that go with PLAN (none by default)."""
        return []

    def after_spatch(self, plan: Plan[P], path: str, before: str, after: str) -> str:
        """AFTER (spatch's result on file PATH) as it is kept; AFTER itself by default."""
        return after

    def carries_to(self, plan: Plan[P], ctx: CodeContext, line: int) -> bool:
        """Whether PLAN's change may be carried to the like place on LINE of CTX.text (another function, or
        another patch: "both", "same in the next patch"), that the rule without its pins matched: the
        checks the recipe makes of the quoted place hold there too.  True by default."""
        return True


class Manual(Exception):
    """The recipe understood the suggestion but cannot do it safely; str(e) says why."""


class Refused(Manual):
    """As Manual, for a comment the recipe reads as one request of its own that no other recipe's plan may
    carry out in part: the other plans for the comment are dropped with it ("static const ... __initconst"
    on data that must stay in memory: the const alone would be half the request, reported done)."""
