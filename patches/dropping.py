"""A request to drop a whole patch from the series: "This patch isn't needed, the caller already checks
that.", "Please drop this patch.", "We don't need this commit any more."; on the cover letter "Patch 3 can
be dropped".

Only the patch itself is the object (the words "patch" or "commit"); "drop this", "this change is not
needed" or "drop the hunk" are requests on code, for the recipes.  The reading says what respin may do:

- ``"drop"``: the reviewer asks for it plainly;
- a reason for the author when it is asked in a way respin does not act on: a question ("Do we need this
  patch at all?"), a condition ("Once X is merged this patch can be dropped"), or a request to send it on
  its own ("drop it from this series and send it separately");
- ``""``: the comment does not ask to drop the patch ("This patch is not needed for stable", "Don't drop
  this patch", "Keep this patch").
"""
from __future__ import annotations

import re

from patches.lazyre import lazy

# "the first patch", "the last commit" name another patch of the series: not this one
_OBJECT = r"(?:this|the|that|your)\s+(?:whole\s+|entire\s+)?(?:patch|commit)\b"
_NUMBERED = r"(?:patch(?:es)?\s+#?(\d+)(?:/\d+)?|\b(\d+)/\d+\b)"
_GONE = (r"(?:(?:is|seems|looks|appears)\s+(?:to\s+be\s+)?(?:not|no\s+longer)\s+(?:needed|necessary|required|useful)|"
         r"(?:is|seems)n['’]t\s+(?:needed|necessary|required|useful)|"
         r"(?:is|seems|looks|becomes|became|became)\s+(?:now\s+)?(?:(?:entirely|completely|totally)\s+)?"
         r"(?:unnecessary|unneeded|redundant|superfluous|pointless|moot|obsolete|useless)|"
         r"(?:can|could|should|may)\s+(?:now\s+|just\s+|simply\s+|safely\s+)?(?:be\s+(?:dropped|removed|discarded)|go\s+away))")
_DROP = r"(?:drop|remove|discard|skip)"
# "Please drop this patch.", "I'd just drop this patch", "let's drop the patch", "we don't need this patch"
_ASK = re.compile(
    r"^(?:(?:so|then|ok|okay|honestly|tbh|imho|imo|in\s+that\s+case|given\s+that)\W+)*"
    r"(?:(?:please|pls|i['’]?d|i\s+would|i\s+['’]?d|let['’]s|we\s+(?:can|should|could)|you\s+(?:can|should|could)|"
    r"just|simply|rather)\s+)*(?:just\s+|simply\s+)?" + _DROP + r"\s+" + _OBJECT
    + r"|^(?:(?:so|then|ok|okay|honestly|imho|imo)\W+)*(?:we|you)\s+(?:do\s+not|don['’]t|no\s+longer)\s+need\s+"
    + _OBJECT
    + r"|^(?:(?:so|then|ok|okay|honestly|imho|imo)\W+)*i\s+(?:do\s+not|don['’]t)\s+think\s+(?:(?:that\s+)?"
    + _OBJECT + r"\s+is\s+(?:needed|necessary|required|useful)|(?:we|you)\s+need\s+" + _OBJECT + r")"
    + r"|^(?:(?:so|then|ok|okay|honestly|imho|imo|i\s+think|i\s+believe|i\s+guess|afaict|afaics)\W+)*(?:that\s+)?"
    + _OBJECT + r"\s+" + _GONE, re.I)
_ASK_NUMBERED = re.compile(
    r"^(?:(?:so|then|ok|okay|also|and|honestly|imho|imo|i\s+think)\W+)*(?:(?:please|i['’]?d|i\s+would|let['’]s|"
    r"we\s+(?:can|should|could)|you\s+(?:can|should|could)|just|simply)\s+)*" + _DROP + r"\s+" + _NUMBERED
    + r"|^(?:(?:so|then|ok|okay|also|and|honestly|imho|imo|i\s+think)\W+)*" + _NUMBERED + r"\s+" + _GONE, re.I)
# what may follow the request in its sentence: nothing, or why ("..., since X already does it")
_AFTER = lazy(r"^\s*(?:$|[,;:.!(—–-]|(?:because|since|as|now|from\s+(?:this|the)\s+series|now\s+that|"
              r"anymore|any\s+more|at\s+all|here|then|either|after|given|once\s+\w+\s+(?:is|was|has)|altogether|entirely|completely|for\s+now|"
              r"imho|imo|i\s+think)\b)", re.I)
_NEGATED = lazy(r"\b(?:not|never|n['’]t|no\s+need\s+to)\s+(?:\w+\s+){0,2}?(?:drop|remove|discard)\b|"
                r"\b(?:cannot|can['’]t|shouldn['’]t|mustn['’]t|must\s+not|should\s+not)\s+be\s+"
                r"(?:dropped|removed)\b|\bkeep\s+" + _OBJECT, re.I)
# "If X, ...", "Without patch 2, ...", "... can be dropped after patch 2 is reworked"
_CONDITION = lazy(r"^\s*(?:if|unless|once|when|after|as\s+soon\s+as|without|until)\b|"
                  r"\b(?:if|unless|once|as\s+soon\s+as|after|when|until|before)\s+"
                  r"(?:\w+\s+){0,6}?(?:is|are|was|gets?|lands?|goes|merged|applied|accepted|picked|reworked|"
                  r"fixed|done)\b|\b(?:can|could|should|may)\s+(?:\w+\s+)?(?:be\s+\w+|go\s+away)\s+"
                  r"(?:after|when|once|later)\b", re.I)
# "..., fold it into patch 2", "squash it into the previous one", "not needed as a separate patch": the
# change goes on in another patch, which respin does not merge
_FOLD = lazy(r"\b(?:squash(?:ed|ing)?|fold(?:ed|ing)?|merg(?:e|ed|ing)|combin(?:e|ed|ing)|mov(?:e|ed|ing)|"
             r"belongs?|put)\b[^.;]{0,40}?\b(?:into|in|with|to)\s+(?:patch|the\s+(?:previous|next|other|"
             r"first|last|preceding|following)|\d+/\d+|one\s+patch|a\s+single)|"
             r"\b(?:needed|necessary|required)\s+as\s+a\s+separate\s+(?:patch|commit|change)\b|"
             r"\bsquash\s+(?:it|them|this)\b", re.I)
_ELSEWHERE = lazy(r"\b(?:separately|on\s+its\s+own|as\s+a\s+separate|separate\s+(?:series|submission)|"
                  r"split\s+(?:it\s+)?out|another\s+series|different\s+series|send\s+it\s+(?:to|via|through)|"
                  r"(?:goes|go)\s+(?:through|via)\s+(?:the\s+)?\w+\s+tree)\b", re.I)


# "Do we need this patch at all?", "Is this patch still needed?"
_QUESTION = re.compile(r"^(?:(?:so|then|hm+|also)\W+)*(?:(?:do|does)\s+(?:we|you|anyone)\s+"
                       r"(?:really\s+|even\s+|still\s+)?need\s+" + _OBJECT + r"|(?:is|are)\s+" + _OBJECT +
                       r"\s+(?:really\s+|even\s+|still\s+)?(?:needed|necessary|required|useful)\b)", re.I)


_LONGEST = 400     # characters: a longer sentence is no plain request to drop a patch


def _sentences(comment: str) -> list[str]:
    text = " ".join(comment.split())
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def _asks(sentence: str, numbered: bool) -> re.Match[str] | None:
    """The match of a plain request to drop the patch at the start of SENTENCE, when nothing but a
    reason follows it."""
    text = sentence.strip()
    if len(text) > _LONGEST:
        return None
    starts = [0] + [m.end() for m in re.finditer(r",\s*", text)]      # after a leading clause too
    for start in starts:
        m = (_ASK_NUMBERED if numbered else _ASK).search(text[start:])
        if m and _AFTER.match(text[start + m.end():]):
            return m
    return None


def _reading(comment: str, numbered: bool) -> tuple[str, int]:
    for sentence in _sentences(comment):
        m = _asks(sentence.rstrip("?"), numbered)
        if m is None:
            if not numbered and sentence.rstrip().endswith("?") and _QUESTION.search(sentence.strip()):
                return "a question whether the patch is needed: drop it by hand if you agree", 0
            continue
        target = int(next((g for g in m.groups() if g), "0")) if numbered else 0
        if _NEGATED.search(sentence):
            return "", target
        if sentence.rstrip().endswith("?"):
            return "a question whether the patch is needed: drop it by hand if you agree", target
        if _CONDITION.search(sentence):
            return "asked on a condition: drop the patch by hand when it holds", target
        if _FOLD.search(comment):
            return "the reviewer wants the change folded into another patch: squash it by hand", target
        if _ELSEWHERE.search(comment):
            return "the reviewer wants the patch sent on its own: move it by hand", target
        return "drop", target
    return "", 0


def drop_request(comment: str) -> str:
    """Whether COMMENT, on a patch, asks to drop that patch: "drop", a reason to leave it to the author,
    or ""."""
    return _reading(comment, numbered=False)[0]


def numbered_drop(comment: str) -> tuple[str, int]:
    """COMMENT on the cover letter asking to drop a patch it names by number ("Patch 3 can be dropped",
    "I'd drop 2/4"): (what ``drop_request`` says, the number), or ("", 0)."""
    return _reading(comment, numbered=True)


def quotes_it(comment: str, quoted: list[str]) -> bool:
    """Whether QUOTED (the lines quoted above another reviewer's comment) are words of COMMENT: that
    comment answers the request COMMENT makes (to drop the patch, or any other)."""
    said = " ".join(" ".join(quoted).split()).lower()
    return len(said.split()) >= 3 and said in " ".join(comment.split()).lower()
