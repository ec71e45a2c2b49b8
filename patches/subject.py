"""Mail subjects of patch series: ``Re: [RFC PATCH net-next v3 01/04] net: foo``."""
from __future__ import annotations

import re

from patches.model import Subject

_REPLY = re.compile(r"^\s*((?:re|aw|sv|fwd?)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
# in front of the subject, the reply and forward markers mail clients write in other languages too
# ("Antw:", "Odp:", "VS:", "RES:", "WG:", "TR:", "回复:", "Отв:"), the colon also full-width
_REPLY_FRONT = re.compile(r"^\s*((?:re|aw|sv|fwd?|antw|antwort|odp|vs|vl|r|rif|res|ref|ynt|wg|tr|enc|rv|doorst|pd|"
                          r"回复|回覆|答复|转发|轉寄|返信|転送|отв|ответ|пересл|απ|σχετ)\s*(?:\[\d+\])?\s*[:：]\s*)+",
                          re.I)
_BRACKET = re.compile(r"^\s*\[([^\]]*)\]\s*")
_VERSION = re.compile(r"^v(\d+)$", re.I)
_NUMBER = re.compile(r"^(\d+)/(\d+)$")


def parse_subject(raw: str) -> Subject:
    """Parse a subject line; unknown shapes keep their text as the title."""
    text = " ".join(raw.split())
    is_reply = False
    m = _REPLY_FRONT.match(text)
    if m:
        is_reply = True
        text = text[m.end():]
    prefixes: list[str] = []
    version, number, total, width, resend = 1, None, None, 1, False
    while (b := _BRACKET.match(text)) is not None:
        for word in b.group(1).replace(",", " ").split():
            if v := _VERSION.match(word):
                version = int(v.group(1))
            elif n := _NUMBER.match(word):
                number, total, width = int(n.group(1)), int(n.group(2)), len(n.group(1))
            else:
                if word.upper() == "RESEND":
                    resend = True
                prefixes.append(word)
        text = text[b.end():]
        # "Re: [PATCH] Re: ..." is rare; a reply marker after the bracket still counts
        if (m := _REPLY.match(text)) is not None:
            is_reply = True
            text = text[m.end():]
    return Subject(raw=raw, title=text.strip(), prefixes=tuple(prefixes), version=version,
                   number=number, total=total, width=width, is_reply=is_reply, resend=resend)


def title_key(title: str) -> str:
    """A title for comparing subjects: case and whitespace folded."""
    return " ".join(title.lower().split())
