"""An answer about the review as a whole that leaves part of it out: "Thanks, I'll do all of these except
the rename." above the quoted review, "I'd rather keep the non-relaxed accessors, the rest is fine." in a
closing paragraph, or in a reply that quotes none of the patch.

The comments its exception or refusal names by their words are declined (or deferred); the others take
what the rest of the answer says.  When the words name none of the comments, or every one of them,
which ones are left out cannot be told: each comment is left to the author (manual), never made.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from patches.answers import EXCEPT, accepted_words, classify_response, mixed, objects_to, touches, without_signature
from patches.drafts import Draft
from patches.model import Message, Response
from patches.voices import attribution_line, is_blank, list_footer, paragraphs

# where the clauses of an answer meet: a sentence's end, a contrast, "the rest ..."
_CLAUSES = re.compile(r"(?<=[.;!?:])\s+|,\s*(?=(?:but|and|the\s+rest|everything\s+else|all\s+else|the\s+others?|"
                      r"for\s+the\s+rest)\b)", re.I)
# a clause about the comments not named: "the rest is fine", "everything else will be fixed"
_OTHERS = re.compile(r"^(?:and\s+)?(?:the\s+rest|everything\s+else|all\s+else|the\s+others?|for\s+the\s+rest)\b", re.I)
def leaving_clauses(text: str) -> list[tuple[str, Response]]:
    """The clauses of the answer TEXT that leave part of the review out, each with what it says of the
    comments it names: an exception ("except the rename: ...") declines them, a refusal declines, a
    deferral defers.  [] when no clause leaves anything out."""
    out = []
    for clause in (c.strip() for c in _CLAUSES.split(" ".join(text.split())) if c.strip()):
        m = EXCEPT.search(clause)
        if m is not None:
            out.append((clause[m.start():], Response.DECLINED))
            continue
        if _OTHERS.match(clause):
            continue            # "the rest is fine": what the answer takes
        if classify_response(clause) is Response.DEFERRED:
            out.append((clause, Response.DEFERRED))
        elif objects_to(clause) and not accepted_words(clause):
            out.append((clause, Response.DECLINED))
    return out


def partial_answer(msg: Message) -> str:
    """The author's words in MSG outside its quotes (above the first quoted line, or in a paragraph below
    the last one that is not the last quote's own answer, or the whole mail when it quotes nothing) that
    leave part of the review out: an exception, or a refusal or deferral beside an agreement ("the rest
    is fine").  '' for none."""
    quoted = [i for i, ln in enumerate(msg.lines) if ln.depth > 0]
    own: list[list[str]] = []
    head: list[str] = []
    tail: list[str] = []
    for i, ln in enumerate(msg.lines):
        if ln.depth == 0 and (ln.text.rstrip() == "--" or list_footer(msg.lines, i)):
            break
        if ln.depth or attribution_line(msg.lines, i, 0):
            continue
        if not quoted or i < quoted[0]:
            head.append(ln.text)
        elif i > quoted[-1]:
            tail.append(ln.text)
    own.extend(paragraphs(without_signature(head)))
    # the first paragraph under the last quote answers that quote
    own.extend(paragraphs(without_signature(tail))[1:])
    for para in own:
        said = " ".join(" ".join(para).split())
        if is_blank(said):
            continue
        if leaving_clauses(said) and (EXCEPT.search(said) or mixed(said) or classify_response(said) in
                                      (Response.DECLINED, Response.DEFERRED)):
            return said
    return ""


def answer_in_part(drafts: Sequence[Draft], answers: Sequence[tuple[str, str, str]]) -> None:
    """The comments of a review mail left unanswered, under an answer about the whole review that leaves
    part of it out (ANSWERS: the mail answered, the answer, the answering mail): the ones its leaving
    clauses name are declined or deferred, the others accepted when the rest of it agrees (else left as
    they are); when the clauses name none of them or all, each is left to the author (manual)."""
    for parent, text, msgid in answers:
        open_ = [d for d in drafts if d.message_id == parent and d.response is Response.NONE and
                 d.kind != "trailer" and not d.set_aside]
        leaving = leaving_clauses(text)
        if not open_ or not leaving:
            continue
        exact = [d for d in open_ if any(_same_names(c, d.comment) for c, _ in leaving)]
        named = {id(d): next((r for c, r in leaving if _same_names(c, d.comment) or not exact and
                              touches(c, d.comment)), None) for d in open_}
        if not any(named.values()):
            named = _by_order(leaving, open_)
        hit = [d for d in open_ if named[id(d)] is not None]
        if not hit or len(hit) == len(open_) and len(open_) > 1:
            for d in open_:
                d.set_aside = (f"the author's answer leaves part of the review out (\"{_cut(text)}\") and which "
                               "part cannot be told: make it by hand if you want it")
                d.set_aside_manual = True
            continue
        rest = " ".join(c for c in _CLAUSES.split(" ".join(text.split())) if c.strip() and
                        all(c.strip() not in lc for lc, _ in leaving))
        for d in open_:
            response = named[id(d)]
            if response is not None:
                d.response, d.response_text, d.answered_by = response, text, msgid
            elif accepted_words(rest):
                d.response, d.response_text, d.answered_by = Response.ACCEPTED, text, msgid


# a code name: a call, a snake_case or UPPER_CASE name
_CODE_NAME = re.compile(r"\b[A-Za-z_]\w*(?=\(\))|\b[a-z][a-z0-9]*_\w+|\b[A-Z][A-Z0-9]*_\w+")


def _same_names(clause: str, comment: str) -> bool:
    """Whether CLAUSE names code by a name COMMENT has whole ("the writel_relaxed() one" of "writel_relaxed()
    here as well", not of "Use readl_relaxed()")."""
    return bool(set(_CODE_NAME.findall(clause)) & set(_CODE_NAME.findall(comment)))


# "all but the last", "except the second one": a comment named by its place in the review
_ORDINAL = re.compile(r"\bthe\s+(first|second|third|last|latter|former)\b", re.I)
_PLACE = {"first": 0, "former": 0, "second": 1, "third": 2, "last": -1, "latter": -1}


def _by_order(leaving: list[tuple[str, Response]], open_: Sequence[Draft]) -> dict[int, Response | None]:
    """The comments of OPEN_ (in review order) that the LEAVING clauses name by their place ("all but the
    last"), with what the clause says of them; "the latter" only of two."""
    named: dict[int, Response | None] = {id(d): None for d in open_}
    for clause, response in leaving:
        for m in _ORDINAL.finditer(clause):
            word = m.group(1).lower()
            k = _PLACE[word]
            if word in ("latter", "former") and len(open_) != 2 or k >= len(open_):
                continue
            named[id(open_[k])] = response
    return named


def _cut(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 120 else words[:117] + "..."
