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
