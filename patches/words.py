"""Words of a review that several readers share: what asks for a change, what carries no meaning,
and the normalized forms comments and answers are compared by."""
from __future__ import annotations

import re

REQUEST = re.compile(r"\?|\b(can|could|should|would|might|may|please|need|needs|must|drop|remove|use|"
                     r"prefer|rather|worth|consider|rename|move|add|avoid|typo|missing|wrong|"
                     r"instead of using|no need|don'?t|do not|why|s/|irrelevant|unnecessary|unneeded|not needed|"
                     r"pointless|"
                     r"redundant|superfluous|unused|dead code|useless|overkill|nit|better|invert|braces?|static|"
                     r"const|one line)\b|\w\(\)|%[-#0 +]*\d*[hlzjt]*[diouxXcspu]\b|"
                     r"(^|[.;,:]\s+)(read|call|check|set|return|pass|put|split|fold|merge|init\w*|free|"
                     r"lock|unlock|replace|switch|convert|mark|declare|simplify|sort|align|keep)\b", re.I)
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


# A question that proposes a concrete change is a request: "Would str_on_off() fit here?", "Why not
# dev_err()?", "Can't this be static?", "Should we now use huge_pte_dirty()?", "How about min()?",
# "Wouldn't min() be simpler?", "Did you consider kvfree()?".  The shapes name the change they propose.
_PROPOSING = re.compile(
    r"\bwhy\s+not\b|\b(?:how|what)\s+about\b|\bany\s+reason\s+not\s+to\b|"
    r"\b(?:did|have)\s+you\s+(?:consider(?:ed)?|think\s+about|thought\s+about|tr(?:y|ied))\b|"
    r"\b(?:can|could|should|would|shall)(?:n?['’]t|\s+not)?\s+(?:we|you|i|this|it|that|these|they|those)\s+"
    r"(?:\w+\s+)?(?:be|use|call|switch|convert|replace|make|become|go|just|simply|instead|now|rather|rename|move|"
    r"drop|remove)\b|"
    r"\b(?:would|could|does|do|will|might)(?:n?['’]t|\s+not)?\s+(?:\S+\s+){1,4}?(?:fit|work|suffice|do|help)\b|"
    r"\b(?:would|could|does|will|is|are|was)(?:n?['’]t|\s+not)?\s+(?:\S+\s+){1,4}?(?:be\s+)?"
    r"(?:simpler|better|cleaner|nicer|easier|clearer|shorter|safer|enough|sufficient|more\s+\w+)\b", re.I)
# a question that doubts what is there or asks for information proposes nothing: "Why is this needed?",
# "Is X really needed?", "Are you sure ...?", "What happens if ...?"
_DOUBTING = re.compile(r"\b(?:really|actually)\s+(?:needed|necessary|required|useful|helpful|worth)\b|"
                       r"\bare\s+you\s+sure\b|\bwhat\s+happens\b|\bwhy\s+(?!not\b)\w+", re.I)

# what a proposal names: a call, a snake_case or UPPER_CASE name (no plain value), a C keyword or type
_CONCRETE = re.compile(r"\b[A-Za-z_]\w*\s*\(\)|\b(?!NULL\b)[A-Z][A-Z0-9_]{2,}\b|\b[a-z]\w*_\w+\b|"
                       r"\b(?:static|const|unsigned|signed|inline|bool|void|enum|[us](?:8|16|32|64)|"
                       r"size_t|ssize_t)\b")


def questions(comment: str) -> list[str]:
    """The sentences of COMMENT that are questions (end with '?')."""
    return [s for s in split_sentences(" ".join(comment.split())) if s.rstrip().endswith("?")]


def proposes(question: str) -> bool:
    """Whether QUESTION (one sentence) proposes a change rather than doubting or asking for information."""
    q = " ".join(question.split())
    if _DOUBTING.search(q) and not re.search(r"\bwhy\s+not\b", q, re.I):
        return False
    return _PROPOSING.search(q) is not None and _CONCRETE.search(q) is not None


def proposing_question(comment: str) -> bool:
    """Whether a question of COMMENT proposes a change (a request in the form of a question)."""
    return any(proposes(q) for q in questions(comment))


def only_asks(comment: str) -> bool:
    """Whether COMMENT is questions only, none of which proposes a change: it asks for no edit."""
    sentences = split_sentences(" ".join(comment.split()))
    qs = questions(comment)
    return bool(qs) and len(qs) == len(sentences) and not any(proposes(q) for q in qs)
