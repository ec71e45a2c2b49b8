"""Requests the thread itself takes back or leaves open: the reviewer's own words ("Why not
readl_relaxed()? Not a request, just curious.", "This could be const, but it's fine as is.", "I
wouldn't switch to readl_relaxed() here", "up to you", "Scratch that, I misread."), the author's answer
saying the change is made in another patch of the series ("Fixed in patch 3."), in a later version than
the one being made ("Will do in v5."), only in part ("Ok for static, but I'd keep readl()") or not
decided yet ("Let me think about it."); and tags their reviewer takes back ("Please ignore my
Reviewed-by").

Each is a property of the wording, never of one thread: a waiver counts only after what it waives
(a request after it stands), a retraction takes back the reviewer's own comment it follows or quotes.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from patches.answers import accepted_words, asks_back, by_turn, classify_response, keeps_code, mixed, undecided
from patches.drafts import Draft
from patches.model import Anchor, Response, Status, Suggestion, Trailer
from patches.people import name_key
from patches.words import REQUEST, content_words, norm_text, split_sentences

# the reviewer says the request before it is none: fine as it is, better not, not worth it
_WAIVED = re.compile(
    r"\b(?:is|it'?s|its|looks|seems|that'?s|this\s+is|also)\s+(?:perfectly\s+|also\s+|totally\s+)?"
    r"(?:fine|ok|okay|good)\s+as\s+(?:it\s+)?is\b|"
    # the same said in a sentence of its own: "... but the lock is held here. Fine as is."
    r"(?:^|(?<=[.;!?]\s))(?:so\s+|but\s+)?(?:(?:perfectly|totally)\s+)?(?:fine|ok|okay|good(?:\s+enough)?)\s+as\s+(?:it\s+)?is\b"
    r"(?!\s*,?\s*(?:otherwise|apart|except|besides|other\s+than))|"
    # ... or a bare "Leave it." closing the comment: "You need X here, but then ... Leave it."
    r"(?:^|(?<=[.;!?]\s))(?:so\s+|but\s+|just\s+)?(?:leave|keep)\s+(?:it|this|that|them)"
    r"(?:\s+as\s+(?:it\s+)?is)?\s*[.!]*\s*$|"
    # ... or after a reason: "(I know the old code did the same, fine as is for now.)"
    r",\s*(?:but\s+|so\s+)?(?:fine|ok(?:ay)?)\s+as\s+(?:it\s+)?is\b(?!\s+otherwise)|"
    r"\bbut\s+I\s+(?:wouldn'?t|would\s+not)(?:\s+bother)?\b|"
    # "kmemdup() exists, but I'm fine with the open-coded version here."
    r"\bbut\s+I'?m\s+(?:also\s+|perfectly\s+)?(?:fine|ok(?:ay)?|happy)\s+with\s+(?:it|this|that|the\s+(?:current|"
    r"open[- ]coded|existing|original|present)\b)|"
    r"\b(?:not|isn'?t|probably\s+not)\s+worth\s+(?:it|the\s+churn|changing|a\s+respin|respinning|another\s+version)\b|"
    r"\bno\s+(?:action|change)\s+(?:needed|required)\b|"
    # a second thought in the same comment: "... - hmm no, the usual is fine.", "..., wait, never mind"
    r"(?:^|[-–—,;.:]\s*)(?:hm+|err?|oh|ah|wait|uh)\W+(?:no|never\s*mind|scratch\s+that|forget\s+it)\b|"
    # ... or as a sentence of its own: "Don't you want struct_size() here? Never mind, n is at most 8."
    r"(?<=[.;!?])\s*(?:never\s*mind|scratch\s+that|forget\s+(?:it|that))\b|"
    r"\b(?:the\s+)?(?:usual|current|existing|original|present)\s+(?:one\s+|form\s+|way\s+)?(?:is|works)\s+"
    r"(?:fine|ok(?:ay)?|good|correct)\b|"
    r",?\s*but\s+(?:fine|ok(?:ay)?|it'?s\s+(?:ok(?:ay)?|fine))\s*[.!]?\s*$|"
    # "This is kmemdup(), but don't change it: ...", "..., but leave it as is."
    r"\bbut\s+(?:please\s+)?(?:(?:don'?t|do\s+not)\s+(?:change|touch)|(?:keep|leave))\s+(?:it|this|that|them)"
    r"(?:\s+as\s+(?:it\s+)?is)?(?=\s*[:;,.!]|\s*$)|"
    # the condition of the request not met: "... if you use the return value; you don't, so fine."
    r"[,;]\s*so\s+(?:it'?s\s+|that'?s\s+|all\s+)?(?:fine|ok(?:ay)?|good)\s*[.!]?\s*$|"
    # ... or a reason that closes on keeping it: "..., but ret is used in the next patch, so keep it."
    r"[,;]\s*so\s+(?:please\s+)?(?:keep|leave)\s+(?:it|this|that|them)(?:\s+as\s+(?:it\s+)?is)?\s*[.!]?\s*$|"
    r"\bactually,?\s+(?:we|you|it|this|that)\s+(?:do|does|is|are)\b(?:\s+(?:needed|necessary|required))?(?=\s*[,.;:!]|\s*$)",
    re.I)
# the reviewer's own question answered no at once: "Add a comma after NULL? No, sentinels don't get one.", "Can be
# const? Ah no, sysfs wants them writable." (not a question of need: "Is this needed? No, drop it." asks)
_SELF_NO = re.compile(r"\?\s+(?:(?:hm+|ah|oh|err?|well)\W+)?(?:no|nope|not\s+(?:needed|necessary))"
                      r"(?=\s*[,.!;:\u2013\u2014-])|"
                      # the answer's reason first: "... rather than pr_warn()? It's in a loop of three, so no."
                      r"\?\s+[^?]*?[,;]?\s\b(?:so|then|hence)\s+(?:no|nope|not\s+needed)\s*[.!]*\s*$|"
                      # the answer a second look gives: "Isn't this kmemdup()? Oh, I see, you zero it later. Fine."
                      r"\?\s+(?:oh|ah|hm+)\W+(?:I\s+see|(?:I\s+)?got\s+it|makes\s+sense)\b|"
                      r"\?\s+[^?]*?(?<=[.;!])\s*(?:fine|ok(?:ay)?)(?:\s+then)?\s*[.!]*\s*$", re.I)
_NEED_QUESTION = re.compile(r"\b(?:needed|necessary|required|useful|used|need|needs|unused)\b", re.I)
# ... and a question of need whose answer says the thing is needed after all: "No need to initialise ret? No,
# wait, it is needed for the error path.", "... only written? Hmm, no, it is read below. Keep it."
_NEEDED_AFTER = re.compile(r"\b(?:it|this|that|they|these|those)(?:\s+is|\s+are|['’]s|['’]re)\s+"
                           r"(?:(?:really|indeed|actually|still)\s+)?(?:needed|necessary|required|used)\b|"
                           r"\b(?:we|you)\s+(?:do\s+|still\s+)?need\s+(?:it|this|that|them)\b|"
                           # "Hmm, no, it is read below. Keep it."
                           r"\b(?:keep|leave)\s+(?:it|this|that|them)\b(?!\s+(?:out|away)\b)", re.I)
_DOES_AFTER = re.compile(r"\b(?:please|drop|remove|delete|use|make|add|rename|move|switch|replace|fix|change|"
                         r"should|must|but)\b", re.I)
# ... or that its whole comment is none, wherever it says so: "Just curious: why not FIELD_GET()?", "Nit (feel
# free to ignore): ..."
_NO_REQUEST = re.compile(
    r"\bnot\s+(?:really\s+)?(?:a\s+request|asking\s+(?:you\s+)?(?:to|for)\b)|"
    r"\b(?:just|only|merely)\s+curious\b|\bout\s+of\s+curiosity\b|"
    r"\bI\s+was\s+(?:going|about)\s+to\s+(?:say|suggest|ask|propose)\b(?=[^.;!?]*?\bbut\b)|"
    # a comment that closes on a bare "Ignore." or "Never mind." takes back all it said before
    r"(?:^|(?<=[.!?;:]))\s*(?:so\s+)?(?:please\s+)?(?:ignore|disregard|never\s*mind)(?:\s+(?:that|this|it|the\s+above))?"
    r"\s*[.!]*\s*$|"
    r"\bfeel\s+free\s+to\s+ignore\b|\b(?:can|may)\s+(?:safely\s+)?be\s+ignored\b|\bignore\s+me\b", re.I)
# the reviewer leaves it to the author: a change only the author can choose
_OPTIONAL = re.compile(
    r"\bup\s+to\s+you\b|\byour\s+call\b|\bI\s+(?:don'?t|do\s+not)\s+(?:mind|care)\s+(?:either\s+way|much)\b|"
    # "..., but I don't mind." closing the sentence: the reviewer takes either
    r"\bbut\s+I\s+(?:don'?t|do\s+not)\s+(?:really\s+)?(?:mind|care)\s*(?:[.!]|$)|"
    r"\b(?:no|not\s+a|don'?t\s+have\s+(?:a|any))\s+strong\s+(?:opinion|feelings?|preference)\b|"
    # marked optional: "Optional: ...", "(optional)"
    r"^\W*optional\s*[:,-]|\(\s*optional\s*\)|"
    r"\bI\s+(?:don'?t|do\s+not)\s+feel\s+strongly\b|\beither\s+way\s+is\s+fine\b|\bfine\s+either\s+way\b|"
    r"\bthat'?s\s+(?:just\s+me|a\s+matter\s+of\s+taste|(?:just\s+)?(?:my\s+)?personal\s+(?:preference|taste))\b|"
    r"\b(?:just\s+)?a\s+matter\s+of\s+taste\b|\bnot\s+sure\s+(?:it|this|that)\s+(?:really\s+)?matters\b|"
    r"\b(?:leave|keep)\s+it\s+(?:as\s+(?:it\s+)?is\s+)?if\s+you\s+(?:prefer|like|want)\b|"
    r"\bnot\s+a\s+big\s+deal\b|\b(?:doesn'?t|does\s+not)\s+(?:really\s+)?matter(?:\s+much)?\b|"
    r"\bbut\s+whatever\b|\bnot\s+that\s+(?:it\s+(?:really\s+)?matters|I\s+care(?:\s+much)?)\b|"
    r"\b(?:hardly|barely)\s+matters\b|\bI\s+don'?t\s+think\s+it\s+(?:really\s+)?matters\b|"
    r"\beither\s+(?:is|works|one\s+is|one\s+works)\s+fine\b|\beither\s+way\s+works\b|"
    # two changes for a fact only the author knows: "If the datasheet wants it, add a comment, otherwise drop it."
    r"\bif\b(?=[^?!]{3,160}?[,;.]\s*(?:and\s+|or\s+)?(?:otherwise|if\s+not)\b,?\s+(?:just\s+|please\s+)?"
    r"(?:drop|remove|delete|add|use|make|keep|leave|document|explain|move|rename|switch|change|convert)\b)|"
    # said nice to have and no more: "Not a must.", "guard() would be nice too but not needed."
    r"\bnot\s+a\s+must\b|\b(?:would\s+be|is|it'?s)\s+(?:(?:a\s+)?(?:nice|nicer|good|better)|neater)\b[^.;!?]*?"
    r"\bbut\s+(?:it'?s\s+)?not\s+(?:needed|necessary|required|a\s+must)\b", re.I)
# what the reviewer would do in the author's place: "I'd call this rate", "I would go with u32"
_WOULD = re.compile(r"\bI(?:'d|\s+would)\s+(?:just\s+|rather\s+|probably\s+)?(?:call|name|use|make|go\s+with|write|"
                    r"rename|drop|move|switch|return|keep|split|add|remove|put|pass|print)\b", re.I)
# a request after the waiver: it is not waived
_ASKS_AFTER = re.compile(r"\b(?:please|should|must|could\s+you|can\s+you|would\s+you|I'?d\s+(?:suggest|prefer)|"
                         r"let'?s)\b|\?", re.I)
_INSISTS = re.compile(r"\b(?:please|should|must)\b|\bjust\s+(?:use|make|drop|remove|add|call|rename|move|switch|"
                      r"replace|fix|change)\b|\bbut\b(?=.*\b(?:use|make|drop|remove|add|call|rename|move|switch|replace|"
                      r"fix|change|could|can|would)\b)", re.I)
# one of the requests of an earlier comment, by its order: "the first part", "my second point", "the latter"
_NTH = (r"(?:the|my)\s+(first|second|third|last|former|latter)(?:\s+(?:part|point|one|comment|remark|"
        r"suggestion|bit|half|nit|request))?\b")
_IGNORE_NTH = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:please\s+)?ignore\s+" + _NTH, re.I)
_NTH_AT = {"first": 0, "former": 0, "second": 1, "third": 2, "last": -1, "latter": -1}
# a reviewer's comment that opens by taking back what the reviewer said before it
_RETRACTS = re.compile(
    r"^\s*(?:(?:oh|ah|hm+|err?|oops|sorry|argh|ugh|ok(?:ay)?|wait|right|true|indeed)\W+)*"
    r"(?:scratch\s+that|strike\s+that|never\s*mind|nvm|disregard\b|forget\s+(?:that|it|what\s+I\s+said)|"
    r"(?:please\s+)?ignore\s+(?:that|this|me|it|the\s+above|my\s+(?:previous\s+|last\s+|earlier\s+|above\s+)?"
    r"(?:comment|remark|suggestion|point|note|nit|one))|(?:please\s+)?ignore\s+" + _NTH + "|"
    # "Scratch the readl_relaxed() comment", "scratch my remark about the lock"
    r"scratch\s+(?:my|the)\s+(?:[^.;!?]{0,60}?\s)?(?:comment|remark|suggestion|point|note|nit|one)\b|"
    r"please\s+ignore(?=\s*(?:[.,;:!]|$))|"
    r"I\s+(?:mis-?read|misunderstood|was\s+wrong|stand\s+corrected|take\s+(?:that|it|this)\s+back)|"
    # a second thought: "On second thought, ...", "Thinking about it again, ..."
    r"on\s+second\s+thoughts?\b|(?:thinking|having\s+thought)\s+(?:about\s+(?:it|this)\s+)?(?:again|more)\b|"
    # conceding to the author's answer: "You're right, I missed that.", "Right, I missed that."
    r"(?:you'?re|you\s+are)\s+right\b(?![^.;!?]*\bbut\b)|I\s+missed\s+that\b|"
    r"my\s+(?:bad|mistake))", re.I)


def waived(comment: str) -> tuple[str, bool] | None:
    """(the reviewer's words, whether the change is left to the author's choice) when COMMENT takes back
    or leaves open its own request: the comment asks for something, and what it says of the whole comment
    ("just curious", "up to you") is not followed by an insistence ("please", "should"), or what it says of
    the request before it ("but it's fine as is") by a request.  None for a comment whose request stands."""
    text = " ".join(comment.split())
    for pattern, optional in ((_NO_REQUEST, False), (_OPTIONAL, True)):
        m = pattern.search(text)
        # said of the whole comment: a request anywhere else in it, none insisted on after it
        if m is None:
            continue
        rest = text[:m.start()] + " " + text[m.end():]
        if (REQUEST.search(rest) or _WOULD.search(rest)) and not _INSISTS.search(text[m.end():]):
            return _sentence_at(text, m.start()), optional
    m = _SELF_NO.search(text)
    if m is not None:
        question = _sentence_at(text, m.start())
        if (not _NEED_QUESTION.search(question) or _NEEDED_AFTER.search(text[m.end():])) and \
                not _DOES_AFTER.search(text[m.start():]):
            return _sentence_at(text, m.end()), False
    hits = list(_WAIVED.finditer(text))
    if hits:
        m = hits[-1]
        if REQUEST.search(text[:m.start()]) and not _ASKS_AFTER.search(text[m.end():]):
            return _sentence_at(text, m.start()), False
    return None


# a second thought that puts another request in place of the one before it, in the same comment: "Use %u for
# a bool? Actually, just print str_yes_no().", "Use %u here. Or rather, drop the print."
_CORRECTS = re.compile(r"(?:(?:(?<=[.;!?])\s+|\s+[-–—]+\s+)(?:actually|or\s+rather|better\s+(?:yet|still)|"
                       r"(?:or\s+)?even\s+better|or\s+better|"
                       r"on\s+second\s+thoughts?)|"
                       # in the same sentence: "Constant on the right please, or better just if (x & F)."
                       r",\s*(?:or\s+rather|or\s+(?:even\s+)?better|better\s+(?:yet|still)))\b"
                       r"(?!\s*,?\s*(?:we|you|it|this|that)\s+(?:do|does|is|are)\b)", re.I)


# what the second thought proposes when no request word says so: code ("print str_yes_no(x)"), "just ..."
_PROPOSES = re.compile(r"\w\s*\(|\bjust\s+[a-z]+", re.I)


def corrected(comment: str) -> str:
    """The sentence of COMMENT with which the reviewer puts another request in place of the one asked before
    it ("... Actually, just print str_yes_no()."); '' when there is none.  Which of the two stands, or
    whether both do, the words do not settle."""
    text = " ".join(comment.split())
    for m in _CORRECTS.finditer(text):
        after = text[m.end():]
        if REQUEST.search(text[:m.start()]) and (REQUEST.search(after) or _PROPOSES.search(after)):
            return _sentence_at(text, m.end())
    return ""


# what a comment proposes: a call, a snake_case or UPPER_CASE name, a C keyword a declaration takes
_PROPOSAL = re.compile(r"(?-i:\b[A-Za-z_]\w*(?=\(\))|\b[a-z][a-z0-9]*_\w+|\b[A-Z][A-Z0-9]*_\w+|"
                       r"\b(?:static|const|inline|unsigned|signed|bool|void|u8|u16|u32|u64|s8|s16|s32|s64|size_t)\b)")
# a negation that a name after it in the same clause is rejected by: "I wouldn't switch to X", "Don't make
# this static", "This shouldn't be X", "Rather than X, ...", "Not X, ...", "No X here"
_REJECTS = re.compile(r"\b(?:don'?t|do\s+not|wouldn'?t|would\s+not|shouldn'?t|should\s+not|mustn'?t|must\s+not|"
                      r"never|rather\s+than|instead\s+of|avoid|not|no)\b", re.I)
_NOT_REJECTING = re.compile(r"\b(?:why|or|if|whether)\s+not\b|\b(?:don'?t|do\s+not|never)\s+forget\b|"
                            r"\breason\s+not\s+to\b|\b(?:is|are|was|were)\s+not\b|\bnot\s+(?:only|just|sure|needed|necessary|"
                            r"required|used|set|called|checked|freed|initiali[sz]ed)\b|\bno\s+need\b|"
                            r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+need\b", re.I)


# "no need to use NAME", "you don't need NAME": the name right after it is not wanted
_NO_NEED_FOR = re.compile(r"(?:\bno\s+need|\b(?:don'?t|do\s+not)\s+(?:really\s+)?need)\s+(?:to\s+)?(?:use|call|"
                          r"switch\s+to|convert\s+to|go\s+with|add|make\s+(?:it|this|them)|for)?\s*(?:(?:the|a|an)\s+)?$",
                          re.I)
# a part that asks to change nothing: "No need to change the readl()", "Don't touch the check", "Keep the
# readl() as it is", "The readl() is fine"
_NO_CHANGE = re.compile(r"^\s*(?:there'?s\s+)?no\s+need\s+to\s+(?:change|touch|modify|update|rework|alter)\b|"
                        r"^\s*(?:please\s+)?(?:don'?t|do\s+not)\s+(?:change|touch|modify|alter)\b|"
                        r"^\s*(?:keep|leave)\b[^.;!?]*\b(?:as\s+(?:it\s+)?is|alone|unchanged)\b|"
                        r"^[^.;!?]*\b(?:is|are|looks?|seems?)\s+(?:fine|ok|okay|good|correct|right)\s*[.,!]?\s*$", re.I)
# where a comment's parts meet: a sentence's end, a contrast
_PARTS = re.compile(r"(?<=[.;!?])\s+|,?\s+but\s+", re.I)


def _rejects(text: str, m: re.Match[str]) -> bool | None:
    """Whether the name M of TEXT stands after a negation in its clause; None when its sentence is a
    question (a question proposes what it names: "Shouldn't this be static?")."""
    start = max(text.rfind(c, 0, m.start()) for c in ".;:?!")
    end = [i for i in (text.find(c, m.end()) for c in ".;:!?") if i >= 0]
    if end and text[min(end)] == "?":
        return None
    clause = re.split(r",|\bbut\b", text[start + 1:m.start()])[-1]
    if _NO_NEED_FOR.search(clause):
        return True
    return bool(_REJECTS.search(clause)) and not _NOT_REJECTING.search(clause)


def _new_names(text: str, quoted: Sequence[str]) -> list[re.Match[str]]:
    have = set(re.findall(r"[A-Za-z_]\w*", "\n".join(quoted)))
    # a keyword the quote spells as part of a kernel macro (`inline` in `__always_inline`) is not new
    have |= {part for name in list(have) if name.startswith("__") for part in name.split("_") if part}
    return [m for m in _PROPOSAL.finditer(text) if m.group(0) not in have]


def rejected(comment: str, quoted: Sequence[str]) -> str:
    """The sentence of COMMENT that names new code only to reject it ("I wouldn't switch to
    readl_relaxed() here", "Don't make this static", "Rather than dev_dbg(), keep dev_info()"): every
    name the comment brings that the QUOTED code lacks stands after a negation in its clause, in a
    sentence that is no question.  '' when the comment proposes something or names nothing new."""
    text = " ".join(comment.split())
    new = _new_names(text, quoted)
    if not new or not all(_rejects(text, m) for m in new):
        return ""
    return _sentence_at(text, new[0].start())


def without_rejected(comment: str, quoted: Sequence[str]) -> str:
    """COMMENT without its parts that name new code only to reject it or ask to change nothing ("No
    need to change the readl()", "The check is fine"), when another part asks for
    something ("No need to use readl_relaxed() here, but foo() could be static." -> "foo() could be
    static."); '' when no part or every part is such."""
    text = " ".join(comment.split())
    parts = [p for p in _PARTS.split(text) if p.strip()]
    if len(parts) < 2:
        return ""
    lead = 0
    while lead < len(parts) - 1 and _NO_CHANGE.search(parts[lead]):
        lead += 1           # "No need to change X, but ...": what leads up to the request (after it: a waiver)
    keep = [p for p in parts[lead:] if not rejected(p, quoted)]
    if len(keep) == len(parts) or not keep or not any(REQUEST.search(p) for p in keep):
        return ""
    return " ".join(keep)


# a retraction under other code that names what it takes back: "never mind my comment above"
_POINTS_BACK = re.compile(r"\b(?:above|previous|earlier|before|further\s+up|first\s+(?:comment|remark|one))\b", re.I)


# a comment that closes on a bare "ignore" after its reason, asking for nothing itself: "Ah no, this is not the
# probe path, ignore.", "Hm, you unlock below. Never mind."
_CLOSES_IGNORING = re.compile(r"(?:^|[.!?;:,])\s*(?:so\s+)?(?:please\s+)?(?:ignore|disregard|never\s*mind)"
                              r"(?:\s+(?:that|this|it|me|the\s+above))?\s*[.!]*\s*$", re.I)


def retraction(comment: str) -> bool:
    """Whether COMMENT opens by taking back what its author said before ("Scratch that, ..."), or is a
    reason closed by a bare "ignore" that asks for nothing else."""
    text = " ".join(comment.split())
    if _RETRACTS.match(text) is not None:
        return True
    m = _CLOSES_IGNORING.search(text)
    return m is not None and not REQUEST.search(text[:m.start()]) and not _WOULD.search(text[:m.start()])


def _sentence_at(text: str, at: int) -> str:
    """The sentence of TEXT that holds offset AT, cut to 120 characters."""
    start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at), text.rfind("! ", 0, at))
    start = start + 2 if start >= 0 else 0
    ends = [i for i in (text.find(". ", at), text.find("? ", at), text.find("! ", at)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    s = text[start:end].strip().strip("()").strip()
    return s if len(s) <= 120 else s[:117].rstrip() + "..."


def withdraw(drafts: Sequence[Draft]) -> None:
    """Sets ``set_aside`` on the requests of DRAFTS (merged, in thread order) that the reviewer took back:
    in the comment itself (``waived``; ``rejected``: it names new code only to argue against it), or in a
    later comment of the same reviewer that opens with a retraction ("Scratch that, I misread.") and
    follows it in the same mail under the same quote (or names the place above), or quotes it in a reply.
    The retraction itself asks for nothing and is set aside too.  A comment some of whose parts only
    reject new code or ask to change nothing keeps the other parts (``without_rejected``).  A request
    the author accepted stays: the author wants it."""
    for d in drafts:
        if d.kind == "trailer" or d.set_aside or d.response is Response.ACCEPTED:
            continue
        # "Please drop this patch, that churn is not worth it": what is not worth it is the patch
        got = waived(d.comment) if d.kind != "drop-patch" else None
        if got is not None:
            words, optional = got
            d.set_aside = (f"left to the author by the reviewer (\"{words}\"): make it by hand if you want it"
                           if optional else f"not asked for: the reviewer says \"{words}\"")
            d.set_aside_manual = optional
            continue
        second = corrected(d.comment) if d.kind != "drop-patch" else ""
        if second:
            d.set_aside = (f"the reviewer puts another change in place of the first within the comment "
                           f"(\"{second}\"): which one stands is for the author")
            d.set_aside_manual = True
            continue
        quoted = d.quote.lines if d.quote is not None and not d.quote.in_message else []
        rest = "" if d.code else without_rejected(d.comment, quoted)
        if rest:
            d.comment = rest        # the part the reviewer asks for
        against = "" if d.code else rejected(d.comment, quoted)
        if against:
            d.set_aside = f"not asked for: the reviewer argues against it (\"{against}\")"
            d.set_aside_manual = False
            continue
    for i, d in enumerate(drafts):
        if d.kind == "trailer" or not retraction(d.comment):
            continue
        target = _retracted(drafts, i)
        if target is None:
            continue
        m = _RETRACTS.match(" ".join(d.comment.split()))
        if m is None or not _INSISTS.search(" ".join(d.comment.split())[m.end():]):
            # "Never mind the naming, but please fix the leak." goes on asking for something: it stays
            d.set_aside = "the reviewer's retraction of an earlier comment"
            d.set_aside_manual = False
        t = drafts[target]
        words = " ".join(d.comment.split())
        words = words if len(words) <= 120 else words[:117] + "..."
        if t.response is Response.ACCEPTED and not t.set_aside and _after_answer(d, t):
            # "Scratch that, readl() is needed here." below the author's "Will do.": the author agreed to
            # what the reviewer no longer asks for
            t.set_aside = (f"the reviewer took it back after the author agreed (\"{words}\"): make it by hand if "
                           "you still want it")
            t.set_aside_manual = True
            continue
        if t.response is not Response.ACCEPTED and not t.set_aside:
            if _in_part(d) and len(split_sentences(" ".join(t.comment.split()))) >= 2:
                # "Ignore the first part" of a comment read as one request: the rest is the author's to make
                t.set_aside = f"the reviewer took back part of it (\"{words}\"): make the rest by hand"
                t.set_aside_manual = True
                continue
            t.set_aside = "withdrawn by the reviewer: \"" + words + "\""
            t.set_aside_manual = False


def concede(drafts: Sequence[Draft], agreements: Sequence[Draft]) -> None:
    """A reviewer agreeing ("Right, I missed that.", AGREEMENTS: drafts that agree with the text quoted above
    them) with the author's answer to the reviewer's own request, an answer that did not take it up ("Why?
    The enable must come first, no?"): the reviewer gives the request up, and it is set aside."""
    for a in agreements:
        said = norm_text(" ".join(a.quote.lines)) if a.quote is not None else ""
        who = name_key(a.reviewer.name)
        for t in drafts:
            answer = norm_text(t.response_text)
            if t.kind == "trailer" or t.set_aside or t.response is Response.ACCEPTED or not answer or \
                    name_key(t.reviewer.name) != who or t.patch_number != a.patch_number or \
                    a.message_id == t.message_id or not said.endswith(answer):
                continue
            if asks_back(t.response_text) and not (retraction(a.comment) or keeps_code(a.comment)):
                continue        # "Yes." to "Do you mean both?" confirms the request
            words = " ".join(a.comment.split())
            t.set_aside = "withdrawn by the reviewer: \"" + (words if len(words) <= 120 else words[:117] + "...") + "\""
            t.set_aside_manual = False


def _after_answer(d: Draft, t: Draft) -> bool:
    """Whether the retraction D quotes the author's answer to T: it was written after the author agreed."""
    said = norm_text(" ".join(d.quote.lines)) if d.quote is not None else ""
    answer = norm_text(t.response_text)
    return bool(answer) and d.message_id != t.message_id and answer in said


def _retracted(drafts: Sequence[Draft], i: int) -> int | None:
    """The earlier comment of the same reviewer on the same patch that draft I takes back: the one just
    before it in the same mail (under the same quote), or the last one whose words its quote holds."""
    d = drafts[i]
    who = name_key(d.reviewer.name)
    mine = [j for j in range(i) if drafts[j].kind != "trailer" and name_key(drafts[j].reviewer.name) == who
            and drafts[j].patch_number == d.patch_number]
    named = _naming(d, [drafts[j] for j in mine])
    if named is not None:
        return mine[named]      # "Please ignore my comment about readl_relaxed()": the one that names it
    same = [j for j in mine if drafts[j].message_id == d.message_id]
    if same:
        j = same[-1]
        q, own = drafts[j].quote, d.quote
        same_place = drafts[j].seg == d.seg or q is not None and own is not None and q.lines == own.lines
        return j if same_place or _POINTS_BACK.search(d.comment) else None
    said = norm_text(" ".join(d.quote.lines)) if d.quote is not None else ""
    best, at = None, -1
    held: list[tuple[int, int]] = []
    for j in mine:
        words = norm_text(drafts[j].comment)
        pos = said.rfind(words) if words else -1
        if pos >= 0:
            held.append((pos, j))
        if pos > at:
            best, at = j, pos
    nth = _IGNORE_NTH.match(" ".join(d.comment.split()))
    if nth is not None and best is not None:
        # "Ignore the first part": of the requests of that mail the quote holds, the one named by its order
        parts = [j for _, j in sorted(held) if drafts[j].message_id == drafts[best].message_id]
        k = _NTH_AT[nth.group(1).lower()]
        if len(parts) == 1:
            return best         # one comment holding the parts: taken back in part (withdraw)
        return parts[k] if -len(parts) <= k < len(parts) else None
    return best


# the names a retraction speaks of: a call, a snake_case or UPPER_CASE name
_CODE_NAME = re.compile(r"(?-i:\b[A-Za-z_]\w*(?=\(\))|\b[a-z][a-z0-9]*_\w+|\b[A-Z][A-Z0-9]*_\w+)")


def _naming(d: Draft, earlier: Sequence[Draft]) -> int | None:
    """The one comment of EARLIER that the retraction D names by the code names it speaks of ("Scratch the
    readl_relaxed() comment"), in its words or its code; None when it names none, or several hold them."""
    names = set(_CODE_NAME.findall(d.comment))
    if not names:
        return None
    holding = [k for k, e in enumerate(earlier)
               if names <= set(re.findall(r"[A-Za-z_]\w*", "\n".join([e.comment, *e.code])))]
    return holding[0] if len(holding) == 1 else None


def _in_part(d: Draft) -> bool:
    """Whether the retraction D names one part of the comment it takes back by its order ("Ignore the first
    part")."""
    return _IGNORE_NTH.match(" ".join(d.comment.split())) is not None


# the author's answer names another patch of the series as the place of the change: "See patch 3.",
# "Fixed in patch 3.", "done in 3/4", "patch 3 takes care of it"
_OTHER_PATCH = re.compile(r"\b(?:see|in|by|with|into|to)\s+(?:patch\s+#?(\d{1,3})|#?(\d{1,3})\s*/\s*\d{1,3})\b|"
                          r"\b(?:patch\s+#?(\d{1,3})|(\d{1,3})\s*/\s*\d{1,3})\s+(?:already\s+)?(?:does|do|fixes|handles|"
                          r"takes\s+care|changes|removes|drops|reworks|covers|addresses)\b", re.I)
# the change is made in this patch as well
_HERE_TOO = re.compile(r"\b(?:here|too|as\s+well|also|both)\b", re.I)
_AND = re.compile(r"\b(?:and|plus|as\s+well\s+as)\b(?!.*[.;:!?])", re.I)
# a version of the series: "v5", "V5", "version 5"
_VERSION = re.compile(r"\b(?:in|for|with|by)\s+(?:the\s+)?(?:v|version\s+)(\d{1,3})\b", re.I)


def elsewhere(answer: str, number: int) -> int:
    """The other patch of the series the author's ANSWER (on patch NUMBER) says the change is made in,
    or 0."""
    if _HERE_TOO.search(answer):
        return 0            # "Renamed here and in 2/2.": this patch too
    if any(not _OTHER_PATCH.search(x) and accepted_words(x) for x in split_sentences(" ".join(answer.split()))):
        return 0            # "Will fix. BTW, see patch 3 for the other case.": agreed for this patch
    for m in _OTHER_PATCH.finditer(answer):
        n = int(next(g for g in m.groups() if g))
        before = answer[:m.start()]
        if before.count("(") > before.count(")") or _AND.search(before[-40:]):
            continue        # "(and its user in 2/3)": a further place, beside this one
        if n != number and n > 0:
            return n
    return 0


def later_version(answer: str, version: int) -> int:
    """The version after VERSION + 1 (the one being made) that the author's ANSWER puts the change off
    to ("Will do in v5." answering v3), or 0."""
    for m in _VERSION.finditer(answer):
        n = int(m.group(1))
        if n > version + 1:
            return n
    return 0


# words of an answer that say what the author does, not what it is about
_ANSWER_VERBS = frozenset({"keep", "rather", "prefer", "leave", "like", "would", "want", "think", "still"})


def kept_below(drafts: Sequence[Draft]) -> None:
    """An answer under one request that takes it up and keeps something else ("Will rework the
    declarations, but I'd rather keep the comment.") where the kept thing is what the next request of that
    mail, which the author cut from the answer, is about ("Not a useful comment, drop it."): the part before
    the "but" answers the request it stands under, the rest the next one."""
    for d in drafts:
        if d.response is not Response.DECLINED or not mixed(d.response_text):
            continue
        parts = by_turn(d.response_text, [d.comment, ""])
        if parts is None:
            continue
        about = content_words(parts[1]) - _ANSWER_VERBS
        if not about or about & content_words(d.comment):
            continue
        later = [e for e in drafts if e.message_id == d.message_id and e.seg > d.seg and e.kind != "trailer"]
        nxt = min(later, key=lambda e: e.seg, default=None)
        if nxt is None or nxt.response is not Response.NONE or not about & content_words(nxt.comment):
            continue
        nxt.response, nxt.response_text, nxt.answered_by = Response.DECLINED, parts[1], d.answered_by
        d.response, d.response_text = classify_response(parts[0]), parts[0]


def _took_and_kept(answer: str) -> bool:
    """Whether ANSWER takes one change up and keeps another in sentences of their own ("Fixed the newline.
    I'd rather leave the shift as it is though.", "Done for the newline; the shift stays.")."""
    parts = [x for x in re.split(r"(?<=[.!?;])\s+", " ".join(answer.split())) if x.strip()]
    took = any(classify_response(x) is Response.ACCEPTED for x in parts)
    # a refusal in words of its own; a sentence that only explains ("my build had W=0.") keeps nothing
    kept = any(classify_response(x) is Response.DECLINED and _REFUSES.search(x) and not _YIELDS.search(x)
               for x in parts)
    return len(parts) > 1 and took and kept


_REFUSES = re.compile(r"\b(?:rather|prefer|keep(?:ing)?|leave|stays?|no|nope|won'?t|will\s+not|not\s+going\s+to|"
                      r"don'?t\s+(?:want|think|agree))\b", re.I)
# a remark that ends in giving in: "Note that the other drivers keep them, but fine."
_YIELDS = re.compile(r"\bbut\s+(?:fine|ok|okay|sure|agreed|whatever|will\s+do|I'?ll\s+(?:do|change|fix)\b)", re.I)


def unplaced_parts(drafts: Sequence[Draft]) -> None:
    """Sets ``set_aside`` (manual) on a one-sentence request whose answer takes one change up and keeps
    another, and on the points of the same mail that have no answer of their own: the answer speaks of more
    than the request it stands under, and which point each part answers cannot be told."""
    for d in drafts:
        if d.kind == "trailer" or d.set_aside or not d.response_text or \
                len(split_sentences(" ".join(d.comment.split()))) > 1 or not _took_and_kept(d.response_text):
            continue
        others = [e for e in drafts if e is not d and e.message_id == d.message_id and e.kind != "trailer"
                  and e.response is Response.NONE and not e.set_aside]
        if not others:
            continue
        why = (f"the author's answer (\"{' '.join(d.response_text.split())[:120]}\") takes one change up and keeps "
               "another, and other points of the mail have no answer of their own: which point each part answers "
               "is for you")
        for x in (d, *others):
            x.set_aside, x.set_aside_manual = why, True


def answered_elsewhere(drafts: Sequence[Draft], version: int) -> None:
    """Sets ``set_aside`` on the requests of DRAFTS the author's agreeing answer places outside this
    patch or this version: made in another patch of the series (manual: the edit would land on the wrong
    patch) or put off to a later version than the one being made (skipped, deferred)."""
    for d in drafts:
        if d.kind == "trailer" or d.set_aside or not d.response_text:
            continue
        if d.response is Response.NONE and asks_back(d.response_text):
            d.set_aside = (f"the author asked back (\"{' '.join(d.response_text.split())[:120]}\") and the thread "
                           "did not settle it: make it by hand if you want it")
            d.set_aside_manual = True
            continue
        if d.response is Response.DEFERRED and undecided(d.response_text):
            d.set_aside = (f"the author had not decided (\"{' '.join(d.response_text.split())[:120]}\"): "
                           "make it by hand if you want it")
            d.set_aside_manual = True
            continue
        if d.response is Response.DECLINED and mixed(d.response_text) and \
                sum(1 for x in split_sentences(" ".join(d.comment.split())) if REQUEST.search(x)) >= 2:
            words = " ".join(d.response_text.split())[:120]
            d.set_aside = f"the author took up part of it and kept the rest (\"{words}\"): make that part by hand"
            d.set_aside_manual = True
            continue
        if d.response in (Response.DECLINED, Response.DEFERRED):
            continue
        later = later_version(d.response_text, version)
        if later:
            d.response = Response.DEFERRED
            continue
        other = elsewhere(d.response_text, d.patch_number or 0)
        if other and d.patch_number:
            d.set_aside = (f"the author answers that patch {other} makes this change "
                           f"(\"{' '.join(d.response_text.split())[:120]}\"): check that patch by hand")
            d.set_aside_manual = True


# a reviewer taking back a tag given before: "Please ignore my Reviewed-by", "I have to withdraw my tag",
# "Scratch that" under the quoted tag
_TAG = r"(?:reviewed-by|acked-by|tested-by|reviewed|r-?b|rb|a-?b|t-?b|ack|tag|tags|review)"
_TAG_BACK = re.compile(r"\b(?:withdraw|retract|take\s+back|revoke|cancel|drop|remove|ignore|scratch|disregard|"
                       r"rescind|pull)\w*\s+(?:\w+\s+){0,2}?(?:my\s+(?:" + _TAG + r")|(?:that|this)\s+"
                       r"(?:reviewed-by|acked-by|tested-by|r-?b|a-?b|t-?b|ack))\b|"
                       r"\bmy\s+(?:" + _TAG + r")\s+(?:is|was)\s+(?:withdrawn|retracted|void|premature)\b|"
                       r"\b(?:don'?t|do\s+not|please\s+don'?t)\s+(?:add|take|pick\s+up|use|carry|collect)\s+"
                       r"my\s+(?:" + _TAG + r")\b", re.I)
_TAG_LINE = re.compile(r"^\s*[A-Za-z]+(?:-[A-Za-z]+)*-by:", re.I)


def tag_withdrawals(drafts: Sequence[Draft]) -> list[tuple[str, int, str, str]]:
    """(reviewer's name key, patch, the Message-ID, the words) of each comment in which a reviewer takes
    back a tag they gave: it says so ("Please ignore my Reviewed-by"), or opens with a retraction under a
    quote that holds the tag.  Those drafts are set aside: they ask for no change of the code."""
    out = []
    for d in drafts:
        text = " ".join(d.comment.split())
        quoted_tag = d.quote is not None and any(_TAG_LINE.match(ln) for ln in d.quote.lines)
        if d.kind == "trailer" or not (_TAG_BACK.search(text) or quoted_tag and retraction(text)):
            continue
        words = text if len(text) <= 120 else text[:117] + "..."
        d.set_aside, d.set_aside_manual = f"the reviewer takes back a tag: \"{words}\"", False
        out.append((name_key(d.reviewer.name), d.patch_number or 0, d.message_id, words))
    return out


def without_withdrawn_tags(trailers: list[Trailer], withdrawals: list[tuple[str, int, str, str]],
                           order: dict[str, int], suggestions: list[Suggestion]) -> list[Trailer]:
    """TRAILERS without the ones their person took back in the same or a later mail (WITHDRAWALS, from
    ``tag_withdrawals``; ORDER: each mail's place in the thread) on the same patch, or on any patch when
    taken back on the cover letter; a skipped trailer suggestion says which and why."""
    out = []
    last: dict[int, int] = {}
    for s in suggestions:
        last[s.patch] = max(last.get(s.patch, 0), int(s.id.split(".")[1]))
    for t in trailers:
        who = name_key(t.person.name)
        # taken back in a later mail, or below the tag in the same one ("Actually, scratch that ack")
        back = next((w for w in withdrawals if w[0] == who and w[1] in (0, t.patch)
                     and order.get(t.message_id, -1) <= order.get(w[2], 0)), None)
        if back is None:
            out.append(t)
            continue
        n = last[t.patch] = last.get(t.patch, 0) + 1
        suggestions.append(Suggestion(
            id=f"{t.patch}.{n}", patch=t.patch, reviewer=t.person, comment=f"{t.name}: {t.person}",
            anchor=Anchor(in_message=True), response=Response.NONE, kind="trailer", message_id=t.message_id,
            status=Status.SKIPPED, reason=f"taken back by {t.person.name}: \"{back[3]}\""))
    return out
