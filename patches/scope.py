"""Which patches of a series a given trailer is for, from the words above it.

A reviewer answering the cover letter often gives a tag for part of the series only ("For patches
1-2:", "1/3 and 2/3 look good to me.", "For all but 3/3:"), or, answering one patch, for all of them
("For the whole series:").  ``scopes()`` reads the lines of one comment in order and says, for each
trailer line, the patch numbers its nearest scope sentence names (None: no sentence names any, the
tag is for the patch answered, or for every patch on the cover letter).  A sentence that names
patches without giving a tag for them ("Patch 3 needs more work") is no scope.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

_TRAILER = re.compile(r"^\s*([A-Za-z][\w-]*-by)\s*:\s*(.*)$", re.I)
_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+)")

_WHOLE = re.compile(r"\b(?:whole|entire|full|complete)\s+(?:series|set|patch\s?set|thing)\b|"
                    r"\bboth\s+(?:of\s+)?(?:the\s+|these\s+|your\s+)?patch(?:es)?\b|"
                    r"\bfor\s+(?:the|this)\s+(?:series|set|patch\s?set)\b|"
                    r"\b(?:all|each|every)\s+(?:of\s+)?(?:the\s+|these\s+|your\s+)?(?:patch(?:es)?|series)\b|"
                    r"^\s*(?:series|all)\s*:", re.I)
_REST = re.compile(r"\b(?:for\s+)?the\s+(?:rest|others|remaining\s+(?:ones|patches))\b|\bthe\s+other\s+patches\b",
                   re.I)
_EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|but\s+not|other\s+than|apart\s+from|save\s+for|all\s+but)\b(?P<rest>.*)$",
                     re.I)
# "1/3", "2/3-3/3", "1-2/3": numbered the way the subjects number them
_OF = re.compile(r"#?(\d{1,3})\s*/\s*\d{1,3}(?:\s*(?:-|–|to|through|\.\.)\s*#?(\d{1,3})\s*/\s*\d{1,3})?|"
                 r"#?(\d{1,3})\s*(?:-|–|\.\.)\s*#?(\d{1,3})\s*/\s*\d{1,3}")
# "patches 1-2", "patch 1 and 3", "patches #1, #2 and #4", "patches 1 to 3"
_PATCHES = re.compile(r"\bpatch(?:es)?\s+(?P<list>#?\d{1,3}(?:\s*(?:,|and|&|-|–|to|through|\.\.)\s*#?\d{1,3})*)",
                      re.I)
_GIVING = re.compile(r":\s*$|^\s*(?:for|on|to|with)\b|\b(?:looks?|is|are)\s+(?:good|fine|ok|okay|sane|correct)\b|"
                     r"\blgtm\b|\bfeel\s+free\b|\byou\s+(?:can|may)\s+(?:add|have|take)\b|\bfwiw\b", re.I)


# a condition the tag is given under ("with the nits in 2/3 fixed", "once patch 2 is sorted out"), up to
# the end of its clause
_CONDITION = re.compile(r"\b(?:with|once|if|after|provided|assuming)\b[^,:;.]*?\b(?:fixed|addressed|changed|"
                        r"resolved|done|sorted(?:\s+out)?|taken\s+care\s+of|dropped|squashed|updated)\b[^,:;.]*",
                        re.I)


def _range_list(text: str) -> list[int]:
    """The numbers of "1-2", "1, 2 and 4", "#1 to #3"."""
    out: list[int] = []
    for m in re.finditer(r"#?(\d{1,3})(?:\s*(?:-|–|to|through|\.\.)\s*#?(\d{1,3}))?", text):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        out += list(range(lo, hi + 1)) if 0 < lo <= hi <= lo + 50 else [lo]
    return out


def named(sentence: str) -> list[int]:
    """The patch numbers SENTENCE names ("patches 1-2", "1/3 and 2/3", "2-3/3"), in order."""
    out: list[int] = []
    for m in _OF.finditer(sentence):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out += _range_list(f"{a}-{b}" if b else a)
    for m in _PATCHES.finditer(sentence):
        out += _range_list(m.group("list"))
    return sorted(set(out))


# a part of the series named in words only: "for the driver patches", "on the DT bits", "the hwmon ones
# look good"; not "with the above changes" (a condition) nor "for the other patches" (the rest)
_IN_WORDS = re.compile(r"(?:\b(?:for|on|to)\s+(?:the|these|those|your|all\s+the)|^\s*(?:the|these|those|your))\s+"
                       r"(?!(?:above|below|other|remaining|rest|following|previous|mentioned|suggested|requested)\b)"
                       r"(?:[\w/.,-]+\s+){1,3}?(?:patch(?:es)?|ones|bits|parts|commits)\b", re.I)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "the first two", "the last patch", "the first 3 patches"
_ORDINAL = re.compile(r"\b(?:the\s+)?(first|last)\s+(?:(one|two|three|four|five|six|\d)\b\s*)?(?:patch(?:es)?|ones?)?",
                      re.I)
UNKNOWN: tuple[int, ...] = ()   # the sentence gives the tag for some patches, in words respin cannot map


def _ordinal(sentence: str, numbers: Sequence[int]) -> list[int]:
    m = _ORDINAL.search(sentence)
    if not m or not (m.group(2) or re.search(r"(?:patch|one)", m.group(0), re.I)):
        return []
    k = _COUNTS.get((m.group(2) or "one").lower()) or int(m.group(2))
    ordered = sorted(numbers)
    return ordered[:k] if m.group(1).lower() == "first" else ordered[-k:]


def scope_of(sentence: str, numbers: Sequence[int], taken: Sequence[int] = ()) -> tuple[int, ...] | None:
    """The patches SENTENCE gives a tag for, of the series' NUMBERS; TAKEN are the ones an earlier
    scope of the same comment named ("for the rest").  None when the sentence gives no scope, or names
    a patch the series does not have; UNKNOWN when it names some patches in words ("for the driver
    patches", "all but the DT one").  In a sentence that introduces the tag (it ends in a colon), the
    clause that does so is the scope when it gives one: "I could not judge patch 2, so for patch 1
    only:" is for patch 1."""
    clauses = _CLAUSES.split(sentence)
    if len(clauses) > 1 and sentence.rstrip().endswith(":"):
        last = _scope_of(clauses[-1], numbers, taken)
        if last is not None:
            return last
    return _scope_of(sentence, numbers, taken)


# where a sentence goes on with a clause of its own: ", so ...", "; but ..."
_CLAUSES = re.compile(r"[,;]\s*(?=(?:so|but|hence|thus|therefore|though|however)\b)|;\s*", re.I)


def _scope_of(sentence: str, numbers: Sequence[int], taken: Sequence[int]) -> tuple[int, ...] | None:
    """scope_of for one clause."""
    if not _GIVING.search(sentence):
        return None
    ex = _EXCEPT.search(sentence)
    if ex and re.search(r"\b(?:patch|one|series|first|last)", ex.group("rest"), re.I) or ex and named(ex.group("rest")):
        # "all but the DT patch": what is left out must be named by number
        left = set(named(ex.group("rest"))) or set(_ordinal(ex.group("rest"), numbers))
        if not left:
            return UNKNOWN
        return tuple(n for n in numbers if n not in left) if left <= set(numbers) else None
    if ex:      # "apart from the nit above": leaves out a remark, not a patch
        sentence = sentence[:ex.start()]
    # "With the nits in 2/3 fixed, for the whole series:": the patches a condition names are not the scope
    sentence = _CONDITION.sub(" ", sentence)
    if _REST.search(sentence) and taken:
        return tuple(n for n in numbers if n not in taken) or None
    names = named(sentence) or _ordinal(sentence, numbers)
    if names:
        return tuple(names) if set(names) <= set(numbers) else None
    if _WHOLE.search(sentence):
        return tuple(numbers)
    if _IN_WORDS.search(sentence) and not _REST.search(sentence):
        return UNKNOWN
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9#])|\n", text) if s.strip()]


def asked_for(comment: str, tag: str, numbers: Sequence[int]) -> tuple[int, ...]:
    """The patches a request for the trailer TAG made on the cover letter names in its own sentence ("please
    add Suggested-by: ... to patch 3", "Cc stable for 1/3 and 2/3"), or in the line above that introduces
    it ("For patch 2, please add:"); () when none is named or one the series does not have is."""
    lines = comment.split("\n")
    picked: list[str] = []
    for i, line in enumerate(lines):
        for k, sentence in enumerate(found := _sentences(line)):
            if tag.lower() not in sentence.lower():
                continue
            picked.append(sentence)
            above = found[k - 1] if k else next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
            if above.rstrip().endswith(":"):
                picked.append(above)
    names = sorted({n for sentence in picked for n in named(sentence)})
    return tuple(names) if names and set(names) <= set(numbers) else ()


def trailer_key(line: str) -> tuple[str, str] | None:
    """(tag name, address), both lower case, of a trailer line; None for other lines."""
    m = _TRAILER.match(line)
    if not m:
        return None
    a = _ADDRESS.search(m.group(2))
    return m.group(1).lower(), ((a.group(1) or a.group(2)) if a else m.group(2).strip()).lower()


def scopes(lines: Sequence[str], numbers: Sequence[int]) -> dict[tuple[str, str], tuple[tuple[int, ...], str]]:
    """For each trailer of LINES (one comment, in order) that a scope sentence above it covers: its
    key (``trailer_key``) -> (the patch numbers, or UNKNOWN; the sentence).  A scope holds for the
    trailers below it up to the next scope sentence."""
    out: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {}
    current: tuple[tuple[int, ...], str] | None = None
    taken: list[int] = []
    text: list[str] = []            # the words since the last trailer, sentences over several lines
    for line in lines:
        key = trailer_key(line)
        if key is None:
            text.append(line.strip() if line.strip() else "\n")
            continue
        for sentence in _sentences(" ".join(text).replace(" \n ", "\n")):
            got = scope_of(sentence, numbers, taken)
            if got is not None:
                current = (got, sentence.strip())
                taken += [n for n in got if n not in taken]
        text = []
        if current is not None:
            out[key] = current
    return out


# a request about where a change goes in the series, not about the code: "this hunk belongs in the
# previous patch", "please squash this into 1/3", "should be part of patch 2", "split this out into a
# separate patch", "fold 2 and 3 together"
_WHICH = (r"(?:the\s+)?(?:(?P<rel>previous|preceding|prior|earlier|next|following|later|first|last|other|"
          r"same|separate|own|new|another)\s+(?:one|patch|commit|change)|(?:a\s+)?(?:separate|new|own|"
          r"different)\s+(?:patch|commit)|patch\s+#?(?P<n>\d{1,3})|#?(?P<of>\d{1,3})\s*/\s*\d{1,3}|"
          r"(?:its|their)\s+own\s+(?:patch|commit))")
_MOVE = re.compile(rf"\b(?:belongs?|should\s+(?:be|go|live|come)|(?:must|needs?\s+to)\s+(?:be|go)|"
                   rf"(?:move|put|fold|squash|merge|split|pull|break)\w*(?:\s+(?:it|this|that|them|these|those|"
                   rf"the\s+\w+|\w+))?(?:\s+(?:out|off|up))?)\s+(?:(?:part|in|into|to|of|with|out\s+(?:in)?to|"
                   rf"as)\s+)+{_WHICH}", re.I)
_SQUASH = re.compile(r"\b(?:squash|fold|merge|combine)\w*\s+(?:patch(?:es)?\s+)?#?\d{1,3}(?:/\d+)?\s+(?:and|with|"
                     r"into)\s+#?\d{1,3}\b|"
                     r"\bpatch(?:es)?\s+#?\d{1,3}(?:/\d+)?\s+(?:and|&)\s+#?\d{1,3}(?:/\d+)?\s+(?:should|could|can|"
                     r"need\s+to|must)\s+(?:really\s+)?be\s+(?:squashed|folded|merged|combined)\b", re.I)


# "please split the resolution part out", "this should be two patches", "split this into two"
_SPLIT = re.compile(
    r"\bsplit\s+(?:(?:it|this|that|the\s+(?!(?:long\s+)?(?:lines?|strings?|conditions?|statements?|expressions?|"
    r"functions?|loops?|messages?|declarations?|macros?)\b)[\w-]+(?:\s+[\w-]+)?(?:\s+(?:part|change|bits?|hunks?))?)"
    r"\s+)?(?:out|up|off|apart)\b(?!\s+(?:of|from)\b)|"
    r"\bsplit\s+(?:it|this|that|the\s+patch)\s+(?:in|into)\s+(?:two|2|three|3|several|multiple)\b|"
    r"\b(?:is|are|should\s+be|looks?\s+like)\s+(?:really\s+)?(?:two|2|three|3|several|multiple|separate)\s+"
    r"(?:separate\s+)?(?:patches|changes|commits)\b", re.I)


# "please split this patch", "split up the commit": the patch into several, no part of it named
_SPLIT_PATCH = re.compile(r"\bsplit\s+(?:up\s+)?(?:this|the|your)\s+(?:patch|commit)\b(?!\s+(?:message|log|subject))|"
                          # "Do one thing per patch.", "one logical change per commit"
                          r"\bone\s+(?:logical\s+)?(?:thing|change|kind\s+of\s+change)\s+(?:per|a|in\s+each)\s+"
                          r"(?:patch|commit)\b", re.I)
# "this should come first in the series", "move it to the front of the series", "this needs to go before
# patch 2", "please reorder the patches": where a patch stands in the series (a statement that "should come
# first" names no series, and is about the code)
_ORDER = re.compile(
    r"\bre-?order\w*\s+(?:the\s+|these\s+|your\s+)?(?:patches|series|commits)\b|"
    r"\b(?:come|go|be|stand|move\w*|put\w*)\s+(?:it\s+|this(?:\s+(?:one|patch|commit|change))?\s+)?"
    r"(?:(?:at|to)\s+)?(?:the\s+)?(?:first|last|earlier|later|front|start|beginning|end|head)\s+(?:of|in)\s+"
    r"(?:the\s+|this\s+|your\s+)?(?:series|set|patch\s*set|patchset)\b|"
    r"\b(?:come|go|be|move\w*|put\w*|placed)\s+(?:it\s+|this(?:\s+(?:one|patch|commit|change))?\s+)?"
    r"(?:before|after|ahead\s+of)\s+(?:patch\s+#?\d{1,3}|#?\d{1,3}\s*/\s*\d{1,3}|the\s+other\s+(?:patches|ones))\b|"
    r"\b(?:be|make\s+(?:it|this))\s+(?:the\s+)?(?:first|last)\s+(?:patch|commit)\b", re.I)


def other_patch(comment: str, number: int) -> str:
    """What COMMENT (on patch NUMBER) asks of the series' shape, in words for the report ("moves this
    code to patch 2 of the series"); '' when it asks nothing of the kind."""
    text = " ".join(comment.split())
    if _SQUASH.search(text):
        return "asks to squash patches of the series together"
    if _SPLIT.search(text):
        return "asks to split this change out into a patch of its own"
    if _SPLIT_PATCH.search(text):
        return "asks to split this patch into several"
    if _ORDER.search(text):
        return "asks to reorder the patches of the series"
    m = _MOVE.search(text)
    if not m:
        return ""
    rel = (m.group("rel") or "").lower()
    target = int(m.group("n") or m.group("of") or 0) or \
        {"previous": number - 1, "preceding": number - 1, "prior": number - 1, "next": number + 1,
         "following": number + 1, "first": 1}.get(rel, 0)
    if target and target != number and target > 0:
        return f"asks to move this change to patch {target} of the series"
    if rel in ("separate", "own", "new", "another") or re.search(r"\b(?:separate|own|new|different)\s+(?:patch|commit)",
                                                               m.group(0), re.I):
        return "asks to split this change out into a patch of its own"
    if rel in ("earlier", "later", "last", "other"):
        return f"asks to move this change to {'an' if rel in ('earlier', 'other') else 'a'} {rel} patch of the series"
    return ""


# a function the comment places its request in: "in foo_remove()", "foo_remove() below", "the read in foo()"
_IN_FUNCTION = re.compile(r"\b(?:in|inside|within|from)\s+(?:the\s+)?([A-Za-z_]\w*)\s*\(\)|"
                          r"\b([A-Za-z_]\w*)\s*\(\)\s+(?:below|above|further\s+(?:down|up)|later\s+on)\b", re.I)
_USE_WORD = re.compile(r"\b(?:used|unused|uses?|called|calls?|referenced|needed|accessed|checked|freed|allocated|"
                       r"initiali[sz]ed)\s*$", re.I)
# words that add the other place to this one: "Same in foo() below.", "here and in foo()", "also in foo()"
_ADDS = re.compile(r"\b(?:same|also|too|as\s+well|likewise|ditto|both|similarly|here\s+and|and\s+here|"
                   r"other\s+(?:places?|callers?|users?))\b", re.I)


def other_function(comment: str, quoted: Sequence[str], function: str, defined: set[str]) -> str:
    """The function of the patch's files (DEFINED) that COMMENT asks its change in, when that is not the
    FUNCTION the quote is in and no call in the QUOTED lines, and the comment does not add it to the quoted
    place ("Same in foo() below."): the request is about code the reviewer did not quote.  '' otherwise."""
    text = " ".join(comment.split())
    if _ADDS.search(text):
        return ""
    calls = set(re.findall(r"([A-Za-z_]\w*)\s*\(", "\n".join(quoted)))
    for m in _IN_FUNCTION.finditer(text):
        name = m.group(1) or m.group(2)
        if m.group(1) and _USE_WORD.search(text[max(0, m.start() - 30):m.start()]):
            continue        # "is never used in foo()": where a name is used, not where the change goes
        if name in defined and name != function and name not in calls:
            return name
    return ""
