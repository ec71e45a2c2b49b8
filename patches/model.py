"""The typed values that flow through respin's pipeline.

thread text/mbox -> Conversation -> Suggestions -> Rules -> Edits -> Respin -> mails

Every stage is a plain function from these values to these values.  Nothing
here knows about HTTP, subprocesses or files on disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Response(str, Enum):
    """What the patch author answered to a suggestion."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    DEFERRED = "deferred"
    NONE = "unanswered"      # the author said nothing: applied unless --only-accepted


class Status(str, Enum):
    """What respin did with a suggestion."""

    APPLIED = "applied"
    MANUAL = "manual"      # understood, but no recipe can do it: reason says why
    SKIPPED = "skipped"    # declined, deferred, or not a code change
    FAILED = "failed"      # a rule that should have applied did not: reason says why


@dataclass(frozen=True)
class Subject:
    """A parsed mail subject: ``Re: [RFC PATCH net-next v3 01/04] net: foo``."""

    raw: str
    title: str                      # "mm/rmap: Add try_to_unmap_hugetlb_one"
    prefixes: tuple[str, ...] = ()  # words in the bracket other than vN and n/m: ("RFC", "PATCH", "net-next")
    version: int = 1                # 1 when the subject carries no vN
    number: int | None = None       # 2 in "2/3"; 0 for a cover letter
    total: int | None = None        # 3 in "2/3"
    width: int = 1                  # digits of the number as written ("02/12" -> 2)
    is_reply: bool = False          # "Re:" in front
    resend: bool = False

    @property
    def is_patch(self) -> bool:
        return any(p.upper() == "PATCH" for p in self.prefixes)


@dataclass(frozen=True)
class Person:
    name: str
    email: str = ""  # "" when the source hid it (web archives print xxxxxxx)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


@dataclass(frozen=True)
class Line:
    """One body line with its quote depth (number of leading '>') and the text after the markers."""

    depth: int
    text: str


@dataclass
class Message:
    """One mail of the thread, decoded."""

    msgid: str                      # without <>; "" when the source has none (pasted archive text)
    subject: Subject
    author: Person
    date: datetime | None
    body: str                       # decoded text body, quote markers intact
    lines: list[Line] = field(default_factory=list)
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    to: list[Person] = field(default_factory=list)
    cc: list[Person] = field(default_factory=list)
    # who wrote each quote level, from attribution lines ("On 5/26/26 08:36, Dev Jain wrote:")
    quote_authors: dict[int, str] = field(default_factory=dict)
    source: str = ""                # the file it came from
    unread: str = ""                # why the body could not be read as text ("" when it was)


@dataclass
class Conversation:
    """All messages of the thread(s), in reply-tree order (parents before children)."""

    messages: list[Message]
    _ids: dict[str, Message] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: int = field(default=0, init=False, repr=False, compare=False)

    def by_id(self, msgid: str) -> Message | None:
        """The first message with Message-Id MSGID (an index, refreshed when messages were added)."""
        if self._indexed != len(self.messages):
            self._ids = {}
            for m in self.messages:
                if m.msgid:
                    self._ids.setdefault(m.msgid, m)
            self._indexed = len(self.messages)
        return self._ids.get(msgid) if msgid else None

    def children(self, msgid: str) -> list[Message]:
        return [m for m in self.messages if m.in_reply_to == msgid]


@dataclass
class PatchMail:
    """One patch of the series under review, as known from the thread and the tree."""

    number: int                     # 1-based position in the series (0: cover letter)
    subject: Subject
    author: Person
    msgid: str = ""
    message: str = ""               # commit message (without the diff)
    diff: str = ""                  # unified diff, from the patch mail or rebuilt from quotes
    commit: str = ""                # sha of the commit in the tree, once found
    date: datetime | None = None    # the mail's Date (author date when the mail is applied)


@dataclass
class Series:
    """The vN series under review."""

    patches: list[PatchMail]        # by number, without the cover letter
    cover: PatchMail | None = None
    version: int = 1
    base: str = ""                  # sha of the commit the series sits on
    branch: str = ""                # branch name in the tree (e.g. "hugetlb"); "" when unknown


@dataclass
class Anchor:
    """Where a review comment points: the quoted code resolved against the tree."""

    file: str = ""                  # path in the tree, e.g. "mm/rmap.c"
    function: str = ""              # enclosing function in the patched file
    code: list[str] = field(default_factory=list)   # quoted code lines, as in the tree (stripped)
    lines: tuple[int, int] | None = None            # 1-based first/last line in the file at the patch's commit
    in_message: bool = False        # the quote is of the commit message, not of code


@dataclass
class Change:
    """What one rule does for a suggestion, for the changelog: its recipe kind, the recipe's own wording of
    it ("Use huge_pte_dirty() instead of pte_dirty()") and its evidence (function, old and new code, ...)."""

    kind: str
    summary: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Suggestion:
    """One reviewer comment, anchored, with the author's response and (after the rules stage) its outcome."""

    id: str                         # "<patch>.<n>", e.g. "2.4"
    patch: int                      # number of the patch under review (0: cover letter / whole series)
    reviewer: Person
    comment: str                    # the reviewer's words (one comment, may span several lines)
    anchor: Anchor
    response: Response = Response.NONE
    response_text: str = ""         # the author's words
    kind: str = "unknown"           # recipe kind ("rename-call", "const", ...), "trailer", "commit-message", ...
    quoted: list[str] = field(default_factory=list)  # the quoted lines right above the comment, as in the mail
    code: list[str] = field(default_factory=list)    # code the reviewer wrote (C lines, /* comments */, s/a/b/)
    trailer: str = ""               # for kind "trailer": the full trailer line to add
    # for kind "trailer": where the address in `trailer` was found ("From:", "attribution line",
    # ".mailmap", "MAINTAINERS"; patches.people)
    address_from: str = ""
    message_id: str = ""            # the mail the comment is in
    written: list[str] = field(default_factory=list)  # `code` as the reviewer wrote it (indentation, tabs kept)
    quote: list[str] = field(default_factory=list)    # the whole quote above the comment, diff markers dropped
    # the whole quote above the comment as quoted, diff markers and removed ('-') lines kept
    quote_diff: list[str] = field(default_factory=list)
    code_from: str = ""             # "author": `code` is the change the author's answer states, not the reviewer's
    author_words: str = ""          # with code_from "author": the author's sentence that states the change
    alternative_to: str = ""        # the id of the declined request this is the author's alternative to
    # filled by the rules/edits stages
    status: Status | None = None
    rule: str = ""                  # path of the generated rule relative to the output dir ("cocci/03-....cocci")
    reason: str = ""
    summary: str = ""               # changelog wording of the change, e.g. "Use huge_pte_dirty()"
    changes: list[Change] = field(default_factory=list)     # per rule that serves it (several may)
    params: dict[str, object] = field(default_factory=dict)  # recipe evidence (old/new names, lines, ...)
    # other places of the series where its rule also applies: {"patch", "file", "function", "line",
    # "applied"}; filled by cocci.propagate via the orchestrator
    propagation: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict:
        """The report.json shape (docs/ARCHITECTURE.md, "Contracts")."""
        return {
            "id": self.id,
            "patch": self.patch,
            "reviewer": self.reviewer.name,
            "comment": self.comment,
            "anchor": {"file": self.anchor.file, "function": self.anchor.function,
                       "code": list(self.anchor.code)},
            "response": self.response.value,
            "kind": self.kind,
            "status": self.status.value if self.status else "",
            "rule": self.rule,
            "reason": self.reason,
            "code": list(self.code),            # code the reviewer wrote in the comment
            "propagation": [dict(p) for p in self.propagation],
            **({"code_from": self.code_from, "author_words": self.author_words} if self.code_from else {}),
            **({"alternative_to": self.alternative_to} if self.alternative_to else {}),
            # the trailer line it adds ("" when no address was found) and where the address came from
            **({"trailer": self.trailer, "address_from": self.address_from} if self.kind == "trailer" else {}),
        }


@dataclass(frozen=True)
class Trailer:
    """A trailer given by someone in the thread (Reviewed-by:, Acked-by:, Tested-by:, ...)."""

    name: str                       # "Reviewed-by"
    person: Person
    patch: int                      # 0: given on the cover letter, for the whole series
    conditional: bool = False       # "with that fixed: Reviewed-by: ..."
    message_id: str = ""
    address_from: str = ""          # where the person's address was found (see Suggestion.address_from)
    note: str = ""                  # what follows the address after " # " ("for the mm part", "v2"), kept
    condition: str = ""             # the words that made it conditional ("With the else gone:", "if you fix X")
    stated: bool = False            # the condition is the tag's own: after its address or a sentence right above

    def __str__(self) -> str:
        return f"{self.name}: {self.person}" + (f" # {self.note}" if self.note else "")


@dataclass
class Review:
    """What the review stage hands on: the series, the suggestions and the trailers given."""

    series: Series
    suggestions: list[Suggestion]
    trailers: list[Trailer] = field(default_factory=list)
    conversation: Conversation | None = None
    dropped: list[str] = field(default_factory=list)    # cover letter lines on the patches left out


# ---- rules and edits (cocci/) ----

@dataclass
class Rule:
    """A generated (or user-supplied) rule for one suggestion."""

    suggestion_id: str              # "" for user rules
    kind: str
    name: str                       # file name: "03-rename-call-huge_pte_dirty.cocci"
    text: str                       # the .cocci text (or, for text edits, a readable description)
    files: list[str]                # files (tree paths) it runs on
    order: int = 50                 # lower runs first; lets rules compose
    is_text_edit: bool = False      # an edit SmPL cannot express, done and verified as text
    text_edit: object | None = None  # cocci.textedit.TextEdit for text edits
    expect: dict[str, object] = field(default_factory=dict)  # what to verify afterwards (recipe-defined)


@dataclass
class Edit:
    """The result of running one rule."""

    rule: Rule
    status: Status
    reason: str = ""
    diff: str = ""                  # unified diff of what the rule changed


@dataclass
class PatchResult:
    """One v5 patch as produced."""

    number: int
    subject: str                    # the title, without the [PATCH v5 n/m] part
    file: str                       # "v5-0002-mm-rmap-Add-try_to_unmap_hugetlb_one.patch"
    changed: bool
    commit: str = ""                # sha of the new commit
    trailers_added: list[str] = field(default_factory=list)
    changelog: list[str] = field(default_factory=list)


@dataclass
class RespinResult:
    version: int
    branch: str
    patches: list[PatchResult]
    suggestions: list[Suggestion]
    checkpatch: dict[str, object]
    out_dir: str = ""
    rules: list[Rule] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "branch": self.branch,
            "patches": [{"number": p.number, "subject": p.subject, "file": p.file,
                         "changed": p.changed, "trailers_added": list(p.trailers_added)}
                        for p in self.patches],
            "suggestions": [s.to_json() for s in self.suggestions],
            "checkpatch": self.checkpatch,
        }
