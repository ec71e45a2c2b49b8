"""Words of a review that several readers share: what asks for a change, what carries no meaning,
and the normalized forms comments and answers are compared by."""
from __future__ import annotations

import re

REQUEST = re.compile(r"\?|\b(can|could|should|would|might|may|please|need|needs|must|drop|remove|use|"
                     r"prefer|prefers|preferred|rather|worth|consider|rename|move|add|avoid|typo|missing|wrong|"
                     r"instead of using|no need|don'?t|do not|why|s/|irrelevant|unnecessary|unneeded|not needed|"
                     r"pointless|"
                     r"redundant|superfluous|unused|dead code|useless|overkill|nit|better|invert|braces?|static|"
                     r"const|one line)\b|\w\(\)|\w\([^()\n]{0,80}?\.\.\.\s*\)|%[-#0 +]*\d*[hlzjt]*[diouxXcspu]\b|"
                     r"(^|[.;,:]\s+)(?:(?:just|simply|then)\s+)?(read|call|check|set|return|pass|put|split|fold|"
                     r"merge|init\w*|free|lock|unlock|replace|switch|convert|mark|declare|simplify|sort|align|keep|"
                     r"make|say|explain|describe|mention|leave|line\s+up|write|revert|restore|undo)\b", re.I)
# a bug the reviewer reports in the code: a request for a fix even when no word asks for one
REPORTS_BUG = re.compile(r"\b(?:leak(?:s|ed|ing)?|double[- ]free|use[- ]after[- ]free|used after (?:being )?freed?|"
                         r"deadlocks?|races?|racy|"
                         r"(?:integer |buffer )?(?:overflows?|underflows?)|uninitiali[sz]ed|"
                         r"null(?: pointer)? (?:dereference|deref)|out[- ]of[- ]bounds|off[- ]by[- ]one)\b", re.I)
STOP = set("""the a an and or but if so to of in on at for with this that these those it its is are be was
were been do does did we you i he she they not no can could should would might may will just really
here there what why how when which who than then also very much more most some any all both even
now use used using need needs time times function code""".split())
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def norm_text(t: str) -> str:
    return " ".join(re.findall(r"\w+", t.lower()))


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(])", text.strip()) if s]


def content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z_]\w+", text) if w.lower() not in STOP and len(w) > 3}


# what a proposal names: a call, a snake_case or UPPER_CASE name (no plain value), a C keyword or type
# (case-sensitive inside patterns that are not)
_NAMED = (r"(?-i:\b[A-Za-z_]\w*\s*\(\)|\b(?!NULL\b)[A-Z][A-Z0-9_]{2,}\b|\b[a-z]\w*_\w+\b|"
          r"\b(?:static|const|unsigned|signed|inline|bool|void|enum|[us](?:8|16|32|64)|size_t|ssize_t)\b)")
_CONCRETE = re.compile(_NAMED)
_MODAL = r"\b(?:can|could|should|would|shall|will)(?:n?['’]t|\s+not)?\s+"
# A question that proposes a concrete change is a request: "Would str_on_off() fit here?", "Why not
# dev_err()?", "Can't this be static?", "Can rule be const?", "Should we now use huge_pte_dirty()?",
# "How about min()?", "Wouldn't min() be simpler?", "Did you consider kvfree()?".  The question must also
# name the change (_CONCRETE): "Can this be NULL?", "Would this work on arm64?" propose nothing.
_PROPOSING = re.compile(
    r"\bwhy\s+not\b|\b(?:how|what)\s+about\b|\bany\s+reason\s+not\s+to\b|"
    r"\b(?:did|have)\s+you\s+(?:consider(?:ed)?|think\s+about|thought\s+about|tr(?:y|ied))\b|"
    + _MODAL + r"(?:we|you|i|this|it|that|these|those|they)\s+(?:\w+\s+)?(?:use|call|switch|convert|"
    r"replace|make|go|rename|move|drop|remove)\b|"
    + _MODAL + r"(?:\S+\s+){1,3}?(?:just\s+|simply\s+|now\s+|rather\s+|instead\s+)?(?:be|become)\s+"
    r"(?:made\s+|marked\s+|declared\s+)?(?:an?\s+)?" + _NAMED + "|"
    r"\b(?:would|could|does|do|will|might)(?:n?['’]t|\s+not)?\s+(?:an?\s+|the\s+)?" + _NAMED +
    r"\s+(?:\S+\s+){0,2}?(?:fit|work|suffice|do|help)\b|"
    r"\b(?:would|could|does|will|is|are|was)(?:n?['’]t|\s+not)?\s+(?:\S+\s+){1,4}?(?:be\s+)?"
    r"(?:simpler|better|cleaner|nicer|easier|clearer|shorter|safer|enough|sufficient|more\s+\w+)\b", re.I)
# a question that is the change alone: "is_power_of_2()?", "Nit: strscpy() instead?", "static?"
_BARE = re.compile(r"^(?:(?:nit|nitpick|maybe|perhaps|so|or|then)\W+)*" + _NAMED +
                   r"(?:\s+(?:here|instead|too|then|again|as\s+well|perhaps|maybe|please|then))*\s*\?$", re.I)
# a question that is an imperative of change: "Use max() here?", "Drop the cast?"
_IMPERATIVE = re.compile(r"^(?:(?:nit|nitpick|maybe|perhaps|so|then|and|also|just)\W+)*"
                         r"(?:use|call|switch\s+to|make|drop|remove|delete|convert|replace|rename|mark|move|add|"
                         r"declare)\b", re.I)
# a question that names a defect of the code: "Unused field?", "Is this field used anywhere?", "Why pass dev
# if you never use it?", "Aren't the two values swapped?" (the recipes check the defect before they act)
_DEFECT = re.compile(r"\b(?:unused|used\s+(?:anywhere|at\s+all|elsewhere)|ever\s+(?:used|read|called)|"
                     r"never\s+(?:use[sd]?|read|call(?:s|ed)?)|redundant|superfluous|unnecessary|unneeded|"
                     r"dead\s+code|write-only|swapped|reversed|the\s+other\s+way\s+a?round|backwards|typo)\b", re.I)
# the words an interrogative sentence opens with (after "nit:", "hmm,", "also"): only such a question can ask
# for information
_INTERROGATIVE = re.compile(
    r"^(?:(?:nit|nitpick|hm+|so|also|and|but|ok|okay|well|just\s+curious|out\s+of\s+curiosity)\W+)*"
    r"(?:is|are|was|were|isn['’]t|aren['’]t|do|does|did|don['’]t|doesn['’]t|didn['’]t|can|could|will|would|"
    r"should|shall|may|might|must|have|has|had|can['’]t|couldn['’]t|won['’]t|wouldn['’]t|shouldn['’]t|"
    r"why|what|when|where|who|whom|whose|which|how|any|there|ok|right)\b", re.I)
# shapes that propose whatever follow them: "Why not drop this print?", "How about a lookup table?"
_SUGGESTING = re.compile(r"\bwhy\s+not\b|\b(?:how|what)\s+about\b|\bany\s+reason\s+not\s+to\b|"
                         r"\b(?:did|have)\s+you\s+(?:consider(?:ed)?|think\s+about|thought\s+about|tr(?:y|ied))\b",
                         re.I)
# a question that doubts what is there or asks for information proposes nothing: "Why is this needed?",
# "Is X really needed?", "Are you sure ...?", "What happens if ...?"
_DOUBTING = re.compile(r"\b(?:really|actually)\s+(?:needed|necessary|required|useful|helpful|worth)\b|"
                       r"\bare\s+you\s+sure\b|\bwhat\s+happens\b|\bwhy\s+(?!not\b)\w+", re.I)


def questions(comment: str) -> list[str]:
    """The sentences of COMMENT that are questions (end with '?')."""
    return [s for s in split_sentences(" ".join(comment.split())) if s.rstrip().endswith("?")]


def proposes(question: str) -> bool:
    """Whether QUESTION (one sentence) proposes a change rather than doubting or asking for information.
    Only a question in interrogative form can ask for information; an elliptic one ("Return early
    instead?", "GENMASK(7, 4)?", "Unused field?") proposes what it names."""
    q = " ".join(question.split())
    if _DEFECT.search(q):
        return True
    if _DOUBTING.search(q) and not re.search(r"\bwhy\s+not\b", q, re.I):
        return False
    if not _INTERROGATIVE.match(q):
        return True
    last = re.split(r"[,;:]\s+|\s[-\u2013\u2014]+\s", q)[-1]      # "It can overflow, kmalloc_array() instead?"
    if _BARE.match(last) or _IMPERATIVE.match(last) or _SUGGESTING.search(q):
        return True
    return _PROPOSING.search(q) is not None and _CONCRETE.search(q) is not None


def proposing_question(comment: str) -> bool:
    """Whether a question of COMMENT proposes a change (a request in the form of a question)."""
    return any(proposes(q) for q in questions(comment))


def only_asks(comment: str) -> bool:
    """Whether COMMENT is questions only, none of which proposes a change: it asks for no edit."""
    sentences = split_sentences(" ".join(comment.split()))
    qs = questions(comment)
    return bool(qs) and len(qs) == len(sentences) and not any(proposes(q) for q in qs)


# "Hi Jane,", "Thank you for the patch.": a greeting line asks for nothing
GREETING = re.compile(r"^\s*(?:(?:hi|hello|hey|hallo|dear|greetings|good (?:morning|afternoon|evening))"
                      r"(?:\s+[\w.'-]+){0,3}\s*[,!]?|thanks?(?: you)?(?: (?:a lot|very much|so much))?"
                      r"(?: for (?:the|this|your|working|"
                      r"doing|looking|sending|taking|fixing|posting|the update|the patch)\b[^.!?]{0,80})?[.!]?)\s*$",
                      re.I)


# a numbered point of a review ("1) ...", "2. ...", "(3) ...", "#4: ..."): the number and the text after it
LIST_ITEM = re.compile(r"^\s*(?:\(|#)?(\d{1,2})(?:\)|\.|:)\s+(?=\S)")


def item_number(text: str) -> int | None:
    """The number of the numbered point TEXT opens ("3) Please ..."), or None."""
    m = LIST_ITEM.match(text)
    return int(m.group(1)) if m else None


# a closing line, also in the other languages corporate mail signs with, and two of them side by side
# ("Mit freundlichen Grüßen / Best regards")
_CLOSING = (r"(?:thanks|thank you|thx|cheers|(?:best |kind |warm )?regards|best|br|bye|ciao|greetings|best wishes|"
            r"many thanks|(?:mit )?(?:freundlichen|besten|viele|liebe) gr(?:ü|ue)(?:ß|ss)en?|gr(?:ü|ue)(?:ß|ss)e|"
            r"med venlig hilsen|venlig hilsen|med vänliga hälsningar|vänliga hälsningar|hälsningar|"
            r"med vennlig hilsen|mvh|met vriendelijke groet(?:en)?|groetjes|cordialement|bien cordialement|"
            r"saludos|un saludo|cordiali saluti|saluti|pozdrawiam|pozdrav|s pozdravem|ystävällisin terveisin|"
            r"terveisin|atenciosamente|abraços|obrigad[oa]|muito obrigad[oa]|gracias|muchas gracias|grazie|merci|"
            r"merci beaucoup|danke|danke schön|vielen dank|dank je(?: wel)?|bedankt|tack|takk|kiitos|dziękuję|"
            r"děkuji|spasibo)")
SIGNOFF = re.compile(rf"^\s*{_CLOSING}\b[\s,.!]*(?:[/|]\s*{_CLOSING}\b[\s,.!]*)*$", re.I)
