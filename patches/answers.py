"""The patch author's answers: accepted, declined, deferred or unanswered, and which part of a
comment an answer addresses."""
from __future__ import annotations

import re
from itertools import pairwise

from patches.model import Response
from patches.words import REQUEST, STOP, content_words, split_sentences

_DEFERRED = re.compile(r"\b(follow[- ]?up|separate (patch|series|change)|sending a (series|patch)|"
                       r"another (patch|series)|future|next (series|cycle|release)|on top|afterwards|"
                       r"in a (different|separate))\b|"
                       # "Not for now.", "Not right now."
                       r"\bnot\s+(?:for\s+now|right\s+now|at\s+the\s+moment)\b|^\s*not\s+now\b|"
                       # "Right, but not in this series.", and a pointer to another patch of the series
                       # ("See patch 3."): not made here, in this version
                       r"\bnot\s+(?:in|for|with)\s+this\s+(?:series|patch\s?set|set|version|round|cycle|release|patch|"
                       r"commit)\b|\bseparately\b|"
                       r"^\s*(?:see|look\s+at)\s+(?:patch\s+#?\d{1,3}|\d{1,3}\s*/\s*\d{1,3})\b|"
                       # "later" of time ("I'll do it later", "in a later patch"), not of order ("a later caller")
                       r"\blater\b(?=\s*(?:on\b|[.,;:!)]|$)|\s+(?:patch|series|version|revision|cycle|release|"
                       r"commit|change|step|point))", re.I)
_DECLINED = re.compile(r"(\bis fine\b|\bare fine\b|i'?d rather|i would rather|rather keep|prefer to keep|"
                       r"\bkeep (it|this|that|them)\b|\bnot needed\b|\bdisagree|"
                       r"^\s*(?:nope|nah|nack|nak|meh)\b|"
                       # a "no" led by a softener, standing alone: "Sorry, but no.", "Well, no.", "I'm afraid not."
                       r"(?:^|[.!?;]\s*)(?:(?:sorry|well|hm+|but|unfortunately|i'?m\s+afraid|i\s+am\s+afraid)"
                       r"[\s,]+)+(?:no|nope|not)\b(?=\s*(?:[.!;]|,(?!\s*(?:you'?re|you\s+are|that'?s)\s+(?:right|correct))|$))|"
                       r"^\s*no\b(?!\s+(?:strong\s+|real\s+|particular\s+|good\s+|special\s+)?(?:problems?|worries|"
                       r"objections?|opinion|preference|reason)\b)|"
                       r"\bdon'?t think\b|\bdo not think\b|\brather not\b|\bwon'?t\b|\bnot (going|planning) to\b|"
                       r"\b(?:i'?d|i\s+would)\s+(?:rather\s+|prefer\s+to\s+)?keep\b|"
                       # "not on purpose", "wasn't intentional": a slip the author owns, no refusal
                       r"(?<!\bnot )(?<!n't )(?<!n’t )(?<!\bnever )(?:\bdeliberate|\bintentional|\bon purpose\b))",
                       re.I)
# an interjection may come first: "Oops, yes.", "Ah, right."
_ACCEPTED_START = re.compile(r"^\s*(?:(?:oops|whoops|ah|aha|oh|argh|ugh|hm+|d'?oh|heh)\W+)?"
                             r"(ok(ay)?|fine|sure|will do|done|agreed?|ack|yes|yep|yeah|right|good catch|"
                             r"good point|makes sense|fair|noted|indeed|absolutely|of course|thanks|fixed|"
                             r"you('re| are) right|correct)\b", re.I)
_ACCEPTED = re.compile(r"(\b(i'?ll|i will|will)\s+(\w+\s+)?(drop|fix|change|collapse|remove|add|use|update|"
                       r"rename|do|make|move|switch|convert|merge|inline|document|rework|address|"
                       r"take|get rid)\b|\b(?:let me|i'?ll|i will|will)\s+\w+\s+and\s+(?:fix|change|update|drop|remove|"
                       r"use|rename)\b|\byou('re| are) right\b|\bgood catch\b|\bwill do\b|\bdone\b|"
                       r"\bfixed\b|\bmakes sense\b|\bagreed\b)", re.I)
_CAN_BE_DONE = re.compile(r"^(?:(?:yes|yeah|right|true|indeed|agreed?)\W+)?(?:the|this|that|it)\b[^.?!]{0,40}\b"
                          r"(?:can|could|should) (?:simply |just )?be (?:killed|dropped|removed|changed|converted|"
                          r"switched|replaced|renamed|fixed|made|moved|deleted)\b", re.I)
# an agreeing opener that a contrast takes back in the same sentence ("Good point, but I'd rather ...")
_BUT = re.compile(r"^\s*[^.?!]{0,30}?[,;]?\s*\b(?:but|however|though|although|that said)\b[,]?\s*(?P<rest>.*)$",
                  re.I | re.S)
# the author has not decided yet: "Let me think about it.", "Will check.", "Not sure."
_UNDECIDED = re.compile(r"^\s*(?:(?:hm+|hmm+|well|ok(?:ay)?|good\s+question)\W+)*(?:(?:let\s+me|I'?ll|I\s+will|"
                        r"I\s+need\s+to|need\s+to|will|I'?d\s+have\s+to|I\s+have\s+to)\s+(?:first\s+)?(?:think|check|"
                        r"look|have\s+a\s+look|take\s+a\s+look|double[- ]check|verify|investigate|consider|test|"
                        r"ponder)\b"
                        r"(?![^.;!?]*\b(?:and|then)\s+(?:fix|change|update|drop|remove|use|rename|switch|convert)\b)|"
                        r"(?:I'?m\s+)?not\s+sure(?:\s+(?:yet|about\s+(?:it|this|that)))?\s*[.!]?\s*$)", re.I)
SIGNATURE = re.compile(r"^\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*$")


# "Agreed with Marta, will keep it.": agreeing with someone else (another reviewer who objected), not with
# the comment answered; what follows says which way it goes
_AGREE_OTHER = re.compile(r"^\s*(?:i\s+)?agree[ds]?\s+with\s+(?!you\b|u\b|both\b|all\b|every\w*|the\s+(?:review|"
                          r"comments?|points?|suggestions?)\b)[^,.;:!?]{1,60}?[,.;:!]\s*(?P<rest>.*)$", re.I | re.S)
# keeping the code as it is: "keep it", "leave it as is", "keeping them unchanged", "keep returning the error";
# "keep the sizeof()" only when nothing in the answer changes anything
_KEEP = re.compile(r"\b(?:keep(?:ing)?|leav(?:e|ing))\s+(?:(?:it|this|that|them)\b(?!\s+(?:short|simple|small|"
                   r"brief|minimal|in\s+mind))|(?:\w+\s+)?as\s+(?:it\s+)?is\b|\w+\s+(?:alone|unchanged)\b)|"
                   r"\bkeep(?:ing)?\s+(?!in\b)\w+ing\b", re.I)
_KEEP_THE = re.compile(r"\b(?:keep(?:ing)?|leav(?:e|ing))\s+the\s+\w+", re.I)
# keeping a call the code has: "I'll keep readl() then", "keep using dev_info()"
_KEEP_CALL = re.compile(r"\b(?:keep(?:ing)?|stick(?:ing)?\s+with)\s+(?:the\s+|using\s+)?[A-Za-z_]\w*\(\)", re.I)
_CHANGES = re.compile(r"\b(?:drop|remove|chang|use|using|renam|replac|switch|convert|mov|add|fix|split|make)\w*\b",
                      re.I)

# an objection after the contrast: "Right, but the datasheet says otherwise."
_OBJECTS = re.compile(r"\b(?:otherwise|wrong|incorrect|not\s+(?:correct|right|true|the\s+case|possible)|"
                      r"(?:doesn'?t|does\s+not|won'?t|will\s+not|wouldn'?t|would\s+not)\s+work|(?:would\s+)?breaks?)\b",
                      re.I)
# what the code has is needed: "..., but the barrier is needed here."
_NEEDED = re.compile(r"\b(?:is|are)\s+(?:still\s+|really\s+)?(?:needed|required|necessary|mandatory)\b", re.I)
# "not needed" of what the author then removes: agreement with a request to drop it, no refusal
_NEEDLESS = re.compile(r"\bnot needed\b|\b(?:don'?t|do not) think\b[^.;!?]{0,40}?\bneeded\b", re.I)
_ASKS_REMOVAL = re.compile(r"\b(?:drop|remove|delete|get rid|no need|not needed|unneeded|unnecessary|"
                           r"redundant|pointless|superfluous|useless)\w*\b", re.I)
_WILL_REMOVE = re.compile(r"\b(?:i'?ll|i will|will)\s+(?:\w+\s+)?(?:drop|remove|delete|get rid)\b", re.I)


def _sides_with_another(t: str) -> bool:
    """Whether the answer T agrees with someone else than the reviewer answered ("Agreed with Marta,
    will keep it.") and goes on to keep the code: the reviewer's request is declined."""
    m = _AGREE_OTHER.match(t)
    if m is None:
        return False
    rest = m.group("rest")
    return bool(_KEEP.search(rest) or _KEEP_THE.search(rest) and not _CHANGES.search(rest) or
                _DECLINED.search(rest))


# "Please don't, the read must stay ordered.", "Don't: ...": a refusal of the change asked for
_DONT = re.compile(r"^\s*(?:please\s+)?(?:don'?t|do\s+not)\s*(?:[,.;:!-]|$)", re.I)


def objects_to(text: str) -> bool:
    """Whether TEXT, a reviewer's reply to another reviewer's request, argues against the change ("I'd keep
    it as is", "dev_info() is fine here", "I disagree"); an agreeing opener with no "but" after it does
    not ("Agreed, the check is not needed.")."""
    if _ACCEPTED_START.match(text) and _BUT.match(text) is None:
        return False
    rest = _NEEDLESS.sub(" ", text)
    return bool(_DECLINED.search(rest) or _KEEP.search(rest) or _DONT.match(rest))


def _keeps_call(t: str) -> bool:
    """Whether the answer T keeps a call ("Good point, I'll keep readl() then.") and changes nothing."""
    m = _KEEP_CALL.search(t)
    return m is not None and not _CHANGES.search(t[:m.start()] + " " + t[m.end():])


def changes_code(text: str) -> bool:
    """Whether TEXT speaks of changing the code (drop, use, rename, move, ...)."""
    return _CHANGES.search(text) is not None


def keeps_code(text: str) -> bool:
    """Whether TEXT says to keep the code as it is ("keep it", "leave it as is", "keep dev_info()" when
    nothing in it changes anything)."""
    return bool(_KEEP.search(text) or _KEEP_THE.search(text) and not _CHANGES.search(text) or _keeps_call(text))


def accepted_words(text: str) -> bool:
    """Whether TEXT says the author makes the change ("Will fix.", "Done.", "Ok.")."""
    t = " ".join(text.split())
    return bool(_ACCEPTED.search(t) or _ACCEPTED_START.match(t)) and not _DECLINED.search(t)


def mixed(text: str) -> bool:
    """Whether the answer TEXT agrees, then takes part of it back ("Ok for static, but I'd keep readl().",
    "Will drop the cast, but I'd rather keep dev_info."): a refusal after an agreeing opener."""
    t = " ".join(text.split())
    but = _BUT.match(t)
    if but is None or classify_response(t) is not Response.DECLINED:
        return False
    # "Will drop the cast, but I'd rather keep dev_info.": a change taken up before the "but"
    before = t[:but.start("rest")]
    return bool(_ACCEPTED_START.match(t)) or bool(_ACCEPTED.search(before)) and not _DECLINED.search(before)


def undecided(text: str) -> bool:
    """Whether the answer TEXT leaves the point open ("Let me think about it.", "Will check."): no
    agreement and no refusal in it."""
    t = " ".join(text.split())
    return bool(_UNDECIDED.search(t)) and not _ACCEPTED.search(t) and not _DECLINED.search(t) and \
        not _ACCEPTED_START.match(t)


def asks_back(text: str) -> bool:
    """Whether the author's answer TEXT only asks back ("Why? The enable must come first, no?", "Do you mean
    both?"): a question, and no agreement or refusal in it."""
    t = " ".join(text.split())
    return t.endswith("?") and len(t.split()) >= 2 and classify_response(t) is Response.NONE


# a change the answer names only to weigh it: "I thought about using X, but ...", "I could switch to X"
_WEIGHED = re.compile(r"\b(?:thought\s+about|considered|considering|tried|could|might|but|however|although|"
                      r"though)\b", re.I)


def _takes_up(text: str, name: str) -> bool:
    """Whether a sentence of TEXT says the change to NAME is made, and does not just weigh it."""
    made = re.compile(r"\b(chang\w*|switch\w*|convert\w*|use|using|mak\w*|turn\w*|replac\w*|renam\w*|go with|"
                      r"mov\w*)\b(\W+\w+){0,3}?\W+" + re.escape(name) + r"\b", re.I)
    return any(made.search(s) and not _WEIGHED.search(s) for s in re.split(r"(?<=[.!?])\s+", text))


# a yes or a no that answers the reviewer's question before the answer goes on
_YES_NO_LEAD = re.compile(r"^\s*(?:no|nope|nah|yes|yeah|yep)\b[\s,.;:!-]+", re.I)


# a question whether something is needed: "Is the cast needed?", "Do we need the lock here?"
_NEED_QUESTION = re.compile(r"\b(?:needed|necessary|required|needs?)\b[^.!?]*\?", re.I)


def _last_question(comment: str) -> str:
    """The last sentence of COMMENT that asks a question ('' for none)."""
    asked = re.findall(r"[^.!?]*\?", comment)
    return asked[-1] if asked else ""


def _answers_need(t: str, comment: str) -> Response | None:
    """The answer T to a COMMENT whose last question asks whether something is needed, when it opens with a yes or a
    no: a yes says it is (declined, unless the answer goes on to remove it), a no says it is not (accepted,
    unless the answer goes on to refuse); None for another answer or comment."""
    m = _YES_NO_LEAD.match(t + " ")
    if m is None or not _NEED_QUESTION.search(_last_question(comment)):
        return None
    rest = t[m.end():] if m.end() <= len(t) else ""
    if m.group(0).strip(" ,.;:!-").lower() in ("yes", "yeah", "yep"):
        return Response.ACCEPTED if _WILL_REMOVE.search(rest) else Response.DECLINED
    rest = re.sub(r"\bnot\s+(?:really\s+)?(?:needed|required|necessary)\b", " ", rest, flags=re.I)
    keeps = _DECLINED.search(rest) or re.search(r"\b(?:needed|required|necessary)\b", rest, re.I)
    return Response.DECLINED if keeps else Response.ACCEPTED


def _yes_no_then_change(t: str, comment: str) -> bool:
    """Whether the answer T to a question (COMMENT asks one) answers it with a yes or a no and then
    says the change is made ("No, will drop it." to "Is the cast needed?"): the yes or no answers the
    question, not the request."""
    m = _YES_NO_LEAD.match(t)
    if m is None or not _last_question(comment):
        return False
    rest = t[m.end():]
    return bool(_ACCEPTED.search(rest)) and not _DECLINED.search(_NEEDLESS.sub(" ", rest))


def _answers_question(t: str, comment: str) -> Response | None:
    """The answer T when its yes or no answers the question of COMMENT: "Is the cast needed?" - "Yes, ..."
    keeps it, "No, ..." lets it go; "Is this safe?" - "No, will fix." agrees.  None otherwise."""
    need = _answers_need(t, comment)
    if need is not None:
        return need
    return Response.ACCEPTED if _yes_no_then_change(t, comment) else None


# "all of these except the rename", "apart from the readl() one", "but not the rename"
EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|apart\s+from|other\s+than|save\s+for|excluding|"
                    r"with\s+the\s+exception\s+of|but\s+not|"
                    r"but\s+(?:for\s+)?the\s+(?:first|second|third|last|latter|former)\b)\b", re.I)
# words of an answer that say nothing of which comment it is about
_ANSWER_WORDS = set("""except apart other than save excluding exception keep keeping rather prefer leave
leaving fine rest others thanks thank will done fixed review comments points suggestions one ones part
think sure agree agreed though however""".split())


def _words(text: str) -> set[str]:
    """The words TEXT names things by: its content words and the parts of its snake_case names."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]\w+", text)}
    words |= {p for w in list(words) for p in w.split("_")}
    return {w for w in words if len(w) > 3 and w not in STOP and w not in _ANSWER_WORDS}


def touches(clause: str, comment: str) -> bool:
    """Whether CLAUSE of an answer names COMMENT by one of its words ("the relaxed accessors" of "Use
    readl_relaxed() here")."""
    return bool(_words(clause) & _words(comment))


def _leaves_out(t: str, comment: str) -> bool:
    """Whether the answer T makes an exception of COMMENT: "Will fix, except the readl(): it must stay"."""
    m = EXCEPT.search(t)
    return m is not None and bool(comment) and touches(t[m.start():], comment)


def classify_response(text: str, comment: str = "", quoted: str = "") -> Response:
    """The author's answer to COMMENT as accepted / declined / deferred; NONE for no answer or an
    unclear one (a question back, a word or two)."""
    t = " ".join(text.split())
    if not t:
        return Response.NONE
    if _DEFERRED.search(t) or undecided(t):
        return Response.DEFERRED        # not for this version unless the author comes back to it
    if _sides_with_another(t) or _leaves_out(t, comment) or _keeps_call(t):
        return Response.DECLINED
    yes_no = _answers_question(t, comment)
    if yes_no is not None:
        return yes_no
    but = _BUT.match(t) if _ACCEPTED_START.match(t) else None
    if but is not None:
        # "Good point, but I'd rather keep it": a refusal after the "but" declines; anything else
        # after it ("Fine, but blk-mq has blk_mq_run_hw_queue().") qualifies an agreement
        rest = but.group("rest")
        if _DECLINED.search(rest) or re.search(r"\b(intended|is correct|is right)\b", rest, re.I) or \
                (_OBJECTS.search(rest) or _NEEDED.search(rest)) and not _CHANGES.search(rest):
            return Response.DECLINED
        return Response.ACCEPTED
    start = _ACCEPTED_START.match(t)
    if start is not None and _KEEP.search(t[start.end():].split(".")[0]) and not \
            _CHANGES.search(t[start.end():].split(".")[0]):
        return Response.DECLINED    # "Fair point, I will leave it as is."
    if _ACCEPTED_START.match(t) and not _DECLINED.search(t.split(".", 1)[-1] if "." in t else ""):
        return Response.ACCEPTED
    if _ASKS_REMOVAL.search(comment) and _WILL_REMOVE.search(t) and not _DECLINED.search(_NEEDLESS.sub(" ", t)):
        return Response.ACCEPTED    # "The first is not needed indeed, will drop it.": agreeing that it can go
    if _DECLINED.search(t):
        return Response.DECLINED
    if _ACCEPTED.search(t):
        return Response.ACCEPTED
    proposed = {w for w in re.findall(r"\b[A-Za-z_]\w*(?=\(\))|\b[a-z]+_\w+|\b[A-Z][A-Z0-9]*_\w+", comment)} - \
        set(re.findall(r"[A-Za-z_]\w*", quoted))        # what the comment brings that the code lacks
    if _CAN_BE_DONE.search(t) and not _DECLINED.search(t):
        return Response.ACCEPTED    # "The check can be killed or changed to WARN_ON_ONCE()."
    if any(_takes_up(t, w) for w in proposed):
        return Response.ACCEPTED    # the answer takes the change up ("can be changed to WARN_ON_ONCE()")
    if len(t.split()) >= 4 and not t.rstrip().endswith("?"):
        # the author answered with an argument and no agreement ("It does not, the counter lives in
        # the driver."): the point stands as discussed, not as a change the author wants
        return Response.DECLINED
    return Response.NONE


# "Sent from my iPhone", "Sent from my Galaxy", "Sent from Outlook for Android", "Von meinem iPhone gesendet"
_SENT_FROM = re.compile(r"^\s*(?:sent from (?:my )?\S.{0,40}|von meinem \S.{0,30} gesendet|"
                        r"envoyé de mon \S.{0,30}|enviado desde mi \S.{0,30}|inviato da(?:l mio)? \S.{0,30})\s*$",
                        re.I)


def without_signature(lines: list[str]) -> list[str]:
    """The answer's lines without a closing signature: a name alone on the last line, and the
    "Thanks," / "Regards," line above it."""
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    if len(out) > 1 and _SENT_FROM.match(out[-1]):
        out.pop()               # the line a phone's mail app puts under every mail
        while out and not out[-1].strip():
            out.pop()
    if len(out) > 1 and SIGNATURE.match(out[-1]) and not _ACCEPTED_START.match(out[-1]):
        out.pop()
        while out and not out[-1].strip():
            out.pop()
        if out and re.match(r"^\s*(thanks|thank you|regards|best|cheers|best regards|kind regards)\W*$",
                            out[-1], re.I):
            out.pop()
        while out and not out[-1].strip():
            out.pop()
    return out


# a sentence that points back at the one before it: it goes on with the same request
_BACK = re.compile(r"\b(?:there|the same|that way|likewise|as well)\b", re.I)


def _names_touch(sentence: str, answer: str) -> bool:
    """Whether the answer names a code name of SENTENCE by a part of it: "I'd keep foo_get()" or
    "with _optional() ..." of a sentence proposing foo_get_optional()."""
    names = {n.lower() for n in re.findall(r"\b[A-Za-z]\w*_\w+", sentence)}
    parts = {n.lower() for n in re.findall(r"(?<![\w-])_?[A-Za-z]\w*_\w+|(?<![\w-])_[A-Za-z]\w+", answer)}
    return any(len(p) > 4 and n != p and (n.startswith(p) or n.endswith(p)) for n in names for p in parts)


_YES_NO = re.compile(r"^\s*(?:no|nope|yes|yeah|yep)\b(?!\s+(?:need|problem|worries|idea)\b)", re.I)


def split_by_answer(comment: str, answer: str) -> list[tuple[str, bool]]:
    """COMMENT split where the answer addresses only some of its requests."""
    if _ACCEPTED_START.match(answer) and len(answer.split()) <= 4:
        return [(comment, True)]
    sentences = split_sentences(comment.replace("\n", " "))
    if len(sentences) < 2 or mixed(answer):
        # "Will drop the cast, but I'd rather keep dev_info.": it answers more than the part it names
        return [(comment, True)]
    words = content_words(answer)
    # an answer that opens with "No, because ..." or "Yes, ..." answers the comment's questions
    yes_no = _YES_NO.match(answer) is not None
    hit = [bool(content_words(s) & words) or _names_touch(s, answer) or yes_no and s.rstrip().endswith("?")
           for s in sentences]
    if all(hit) or not any(hit):
        return [(comment, True)]
    k = hit.index(True)
    if k > 0 and _BACK.search(sentences[k]):
        return [(comment, True)]        # "... belongs in patch 2. Please move it there.": one request
    if all(hit[k:]) and k > 0 and all(REQUEST.search(s) or s.endswith(".") for s in sentences[:k]):
        return [(" ".join(sentences[:k]), False), (" ".join(sentences[k:]), True)]
    return [(comment, True)]


# "the first", "the latter one": an answer naming the requests of one quoted block by their order
_ORDINAL = re.compile(r"\bthe\s+(first|second|third|fourth|former|latter|last)(?:\s+(?:one|point|comment|suggestion|"
                      r"request|remark|nit|part|half|bit))?(?=\s*(?:[,.;:!?)]|$|(?:is|was|isn'?t|wasn'?t|seems|looks|"
                      r"makes|I|I'?d|I'?ll|will|would|should|though|however|but|and|too|as well)\b))", re.I)
_ORDER = {"first": 0, "second": 1, "third": 2, "fourth": 3, "former": 0}
# where the clause about the next request starts: after the last punctuation or joining word before it
_CLAUSE_BREAK = re.compile(r"[,;:.!?]\s*|\s(?=(?:but|and|while|whereas|however|though)\b)", re.I)


def by_ordinal(answer: str, count: int) -> list[str] | None:
    """The part of ANSWER about each of COUNT requests when it names them by their order ("Will fix the
    first, but the second is intended: ..."); "" for a request it does not name.  None when it does not
    name at least two of them, or names one twice or one that is not there."""
    hits = list(_ORDINAL.finditer(answer))
    if count < 2 or len(hits) < 2:
        return None
    order = [_ORDER.get(h.group(1).lower(), count - 1) for h in hits]
    if len(set(order)) != len(order) or max(order) >= count:
        return None
    if any(h.group(1).lower() == "latter" for h in hits) and count != 2:
        return None             # "the latter" of more than two
    starts = [0]
    for prev, h in pairwise(hits):
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(answer, prev.end(), h.start())]
        if not breaks:
            return None         # "the first and the second": one clause about both
        starts.append(breaks[-1])
    starts.append(len(answer))
    out = [""] * count
    for i, k in enumerate(order):
        out[k] = answer[starts[i]:starts[i + 1]].lstrip(" ,;:.!?").rstrip(" ,;:")
    return out


# a point's number where a point starts: "1) ...", "2. ...", "(3) ...", "#4: ..."
_NUMBER = re.compile(r"(?:^|(?<=[.!?;:]\s)|(?<=[.!?;:]))\s*(?:\(|#)?(\d{1,2})(?:\)|\.(?!\d)|:)\s+")


def by_turn(answer: str, comments: list[str]) -> list[str] | None:
    """The part of ANSWER about each of two COMMENTS when it takes up one and keeps the other around a
    "but", in their order ("Will rename it, but I'd rather keep the warning."); None otherwise."""
    if len(comments) != 2 or not mixed(answer):
        return None
    but = _BUT.match(" ".join(answer.split()))
    if but is None:
        return None
    before = " ".join(answer.split())[:but.start("rest")]
    first = re.sub(r"[,;]?\s*\b(?:but|however|though|although|that said)\b[,]?\s*$", "", before, flags=re.I)
    return _in_their_order([first.strip(), but.group("rest").strip()], comments)


def _touches(part: str, comment: str) -> bool:
    """Whether the answer PART speaks of COMMENT: a word or a code name of it."""
    return bool(content_words(part) & content_words(comment)) or _names_touch(comment, part)


def _in_their_order(parts: list[str], comments: list[str]) -> list[str] | None:
    """PARTS, the two halves of an answer, put in the order of the two COMMENTS they speak of: as they
    come, unless the words say the other way round ("Will rename it, but I'd keep readl()" to "Use
    readl_relaxed(). Also rename it."); None when the words point both ways."""
    hit = [[_touches(p, c) for c in comments] for p in parts]
    crossed = hit[0][1] and not hit[0][0] or hit[1][0] and not hit[1][1]
    straight = hit[0][0] and not hit[0][1] or hit[1][1] and not hit[1][0]
    if crossed and straight:
        return None
    return [parts[1], parts[0]] if crossed else parts


def by_number(answer: str, comments: list[str]) -> list[str] | None:
    """The part of ANSWER about each of COMMENTS when the comments are numbered ("1) ...", "2. ...") and
    the answer goes through them by those numbers ("1) Done. 2) I'd rather keep it."); "" for a comment
    it does not name.  None unless it names at least two of them, each once, and nothing else by number."""
    numbers = []
    for c in comments:
        m = _NUMBER.match(c)
        numbers.append(int(m.group(1)) if m else None)
    hits = list(_NUMBER.finditer(answer))
    said = [int(h.group(1)) for h in hits]
    if len(comments) < 2 or len(hits) < 2 or hits[0].start() != 0 or len(set(said)) != len(said) or \
            any(n not in numbers for n in said):
        return None
    out = [""] * len(comments)
    for h, end in zip(hits, [h.start() for h in hits[1:]] + [len(answer)], strict=True):
        out[numbers.index(int(h.group(1)))] = answer[h.end():end].strip()
    return out


# a clause that says of its request only what the answer said of another: "Same for the second.",
# "the second too", "ditto for the latter"
_SAME = re.compile(r"^(?:and\s+)?(?:(?:the\s+)?same\s+(?:for|with|goes\s+for)|ditto|likewise)\b[^.;!?]*[.!]?$|"
                   r"^(?:and\s+)?the\s+\w+(?:\s+one)?\s+(?:too|as\s+well)\s*[.!]?$", re.I)


def ordinal_responses(parts: list[str], comments: list[str], quoted: str = "") -> list[Response]:
    """The response in each part of an answer by order (``by_ordinal``) to the request of COMMENTS at
    the same place; a part that only says "same for the second" answers as the other parts do (NONE
    when they differ)."""
    got = [classify_response(p, c, quoted) if p and not _SAME.match(p.strip()) else Response.NONE
           for p, c in zip(parts, comments, strict=True)]
    others = {r for p, r in zip(parts, got, strict=True) if p and not _SAME.match(p.strip())}
    same = others.pop() if len(others) == 1 else Response.NONE
    return [same if p and _SAME.match(p.strip()) else r for p, r in zip(parts, got, strict=True)]


# "Ack on 1 and 3", "agreed with #2 and #4", "1, 3 and 5: done", "3 and 4 fixed": the points of a review
# that numbers them, answered by their numbers; "1/3" (a patch) and "for 2 see below" are not
_POINTS = r"#?\d{1,2}(?![/\d])(?:\s*(?:,|and|&|\+)\s*#?\d{1,2}(?![/\d]))*"
_ACK_WORD = r"(?:ack(?:ed)?|agreed?|ok(?:ay)?|done|fixed|will\s+do|yes)"
_NUMBERED_ACK = re.compile(rf"\b{_ACK_WORD}\s+(?:on|to|for|with)\s+(?:(?:the\s+)?points?\s+|items?\s+)?"
                           rf"(?P<a>{_POINTS})|(?<![\w/#])(?P<b>{_POINTS})\s*(?:[:-]\s*|(?:are|is)\s+)?"
                           rf"(?:ack(?:ed)?|agreed|done|fixed|will\s+do)\b", re.I)


def numbered_acks(answer: str) -> set[int]:
    """The numbers of the points ANSWER agrees to by number ("Ack on 1 and 3, for 2 see below"); a
    clause with a contrast or a negation in it ("not on 2", "3 is done but ...") agrees to nothing."""
    out: set[int] = set()
    for clause in re.split(r"[;.!?]\s+|,\s*(?=(?:but|for|as\s+for|about|regarding)\b)", answer):
        if re.search(r"\b(?:but|except|however|though|not|don'?t|won'?t)\b", clause, re.I):
            continue
        for m in _NUMBERED_ACK.finditer(clause):
            out |= {int(n) for n in re.findall(r"\d+", m.group("a") or m.group("b"))}
    return out
