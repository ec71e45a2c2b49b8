"""Reviewer comments into drafts: a chunk's paragraphs sorted into prose, code the reviewer wrote and
trailers given, grouped into separate requests, each with its kind and the author's answer.

A draft is the review stage's working copy of a suggestion: the merge (patches.merge) combines the
drafts of all mails, and patches.suggest builds the suggestions from them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from patches.answers import (SIGNATURE, by_number, by_ordinal, by_turn, classify_response,
                             ordinal_responses, split_by_answer, without_signature)
from patches.ccasks import asks_cc
from patches.ctext import mask
from patches.dropping import drop_request, numbered_drop
from patches.model import Message, Person, Response
from patches import msgfix
from patches.msgedit import edit_of
from patches.quotes import in_comment
from patches.tagasks import asks_split, refuses, tag_requests
from patches.textfile import replacement_lines
from patches.trailers import names_no_change
from patches.voices import MORE_BELOW, Chunk, Quote, is_elision
from patches.words import GREETING, REPORTS_BUG, REQUEST, SIGNOFF as _SIGNOFF, item_number

_AGREE = re.compile(r"^\s*\+\s*1(?!\d)|^\s*(ack(ed)?|agreed?|lgtm|looks (good|fine|correct)|makes sense|right|indeed|"
                    r"correct|yes|yep|exactly|true|nice|good|fine|sounds good|fair enough)\b", re.I)

# "Yes, but only once the core fix lands.", "Right, except on arm32": an agreement with a condition or
# an exception answers the comment it quotes; it is read as a comment of its own
_QUALIFIED = re.compile(r"\b(?:but|except|unless|only|once|if|although|though|however|not)\b", re.I)
# "Agreed, and please also fix the typo.", "+1. Also, ...": an agreement that goes on to a request of its own
# ("Agreed, also in the remove path." carries the agreed one further)
_AND_ALSO = re.compile(r"^[\s,.;:!-]*(?:(?:and\s+)?(?:please\s+)?(?:also|additionally|in\s+addition)\b"
                       r"(?![\s,]+(?:in|for|here|there|below|above|on|at|the\s+same)\b)|and\s+please\b)", re.I)
_TRAILER_REQ = re.compile(r"\b([A-Z][a-z]+(?:-[A-Za-z]+)*-by)\s*:", re.I)
_TRAILER_INTENT = re.compile(r"\b(add|adding|want|please|include|carry|deserves?|consider|feel free|"
                             r"missing|forgot|should have|would be nice|(?:be\s+)?appreciated|credit)\b", re.I)
# a credit asked for in words, without the colon: "I suggested this, a Suggested-by would be nice", "feel free
# to add my Suggested-by" (the reviewer's own: the sentence speaks in the first person)
_CREDIT_IN_WORDS = re.compile(r"\b(Suggested-by|Reported-by)\b(?!\s*:)", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b")
_CONDITIONAL = re.compile(r"\b(with (that|this|these|those|the above|it)\b|\bwith\b.*\b(fixed|addressed|changed|"
                          r"resolved|done|sorted|gone|removed|dropped|moved|renamed|added|split|squashed|"
                          r"folded|handled|updated|corrected|taken care of)\b|if you|only if|as long as|once|"
                          r"assuming|provided|after (fixing|addressing))", re.I)


@dataclass
class Draft:
    patch_number: int | None
    reviewer: Person
    comment: str
    code: list[str]
    quote: Quote | None
    response_text: str
    response: Response
    kind: str
    trailer_name: str = ""
    trailer_line: str = ""      # a tag naming no person, as the reviewer wrote it ("Fixes: 0123456789ab (...)")
    message_id: str = ""
    seg: int = 0                # quote segment index in its message (for shared answers)
    continues: bool = False     # the comment trails off ("... but") into the next one
    answered_by: str = ""       # msgid of the mail the response comes from
    written: list[str] = field(default_factory=list)   # the code lines as the reviewer wrote them (tabs kept)
    seconds: bool = False       # an agreement with the quoted text ("Agreed.") that asks for nothing itself
    # why the thread itself takes the request back or leaves it open (patches.withdrawn): the suggestion
    # is skipped (manual when SET_ASIDE_MANUAL: the author may still want it) with this reason
    set_aside: str = ""
    set_aside_manual: bool = False

# a trailer whose address an archive hid (jmarek@xxxxxxxxxxx)
_HIDDEN_TRAILER = re.compile(r"^\s*[A-Z][A-Za-z]*(-[a-z]+)*-by:\s+[^<>]*<[^<>@\s]+@[^<>\s]+>\s*$")
_TRAILER_INTRO = re.compile(r"\b(add|take|carry|have|keep|include)\b[\s:,-]*(my|it|this|the tag|tag)?[\s:,.-]*$", re.I)
_C_STATEMENT = re.compile(r"^[A-Za-z_][\w\s\*\[\]\.\->=+\-/%&|^~!<>,()?:'\"]*;$")
_ENGLISH = re.compile(r"\b(the|is|are|this|that|it|we|you|should|would|could|please|maybe|not|be)\b", re.I)


def _is_code(line: str) -> bool:
    s = line.strip()
    if _C_STATEMENT.match(s) and not _ENGLISH.search(re.sub(r"\"[^\"]*\"|'[^']*'", "", s)) and \
            re.search(r"[=(\[]|->", s):
        return True             # "size_t size = 128 - N;", "x->y = z;": a statement the reviewer wrote
    if _PROSE_LEAD.match(s):
        return False            # "Nit: this can be one line: int x = f();" is a sentence about code
    if re.match(r"^s/[^/]+/[^/]*(/g?)?$", s):
        return True
    if s.startswith("/*") and s.endswith("*/"):
        return True
    if re.search(r"[A-Za-z_]\w*\s*\(.*\)\s*;\s*$", s) and not re.search(r"\b(I|we|you|the)\b", s):
        return True
    return bool(re.match(r"^[+-]\s*[\w/*#{}]", s) and re.search(r"[;{}()]", s))


def _code_block(para: list[str]) -> bool:
    """Code the reviewer wrote as an indented block ("\tif (!x)" / "\t\treturn 0;"): every line
    indented, the block ends a statement, and no line reads as a sentence."""
    return all(re.match(r"^(\t| {4,})\s*\S", ln) for ln in para) and \
        bool(re.search(r"[;}]\s*$", para[-1])) and not any(_PROSE_LEAD.match(ln.strip()) for ln in para)


def _diff_block(para: list[str]) -> bool:
    """A small diff the reviewer wrote ("+/* why 100 */" over " #define X 100"): every line a diff line
    ('+', '-' or ' ' and code), at least one of them '+' or '-', and each one code: a statement, a
    comment, a preprocessor line; a blank line it adds is `+` alone."""
    if not para or not all(ln[:1] in "+- " and ln[1:].strip() or ln.rstrip() == "+" for ln in para) or \
            not any(ln[:1] in "+-" and ln[1:].strip() for ln in para):
        return False
    for ln in para:
        code = ln[1:].strip()
        if not code:
            continue
        if not (_is_code(code) or code.startswith(("/*", "*", "//", "#")) and not _PROSE_LEAD.match(code)
                or re.search(r"[;{},]$", code) and not re.search(r"[.?!]\s+[A-Z]", code)
                or _CONTROL_HEAD.match(code) or code in ("else", "} else", "{", "}")):
            return False
    return True


# the head of a braceless `if`/`for`/`while` ("+\tif (!x)" over "+\t\treturn -EINVAL;")
_CONTROL_HEAD = re.compile(r"^(?:}\s*)?(?:else\s+)?(?:if|for|while|switch)\s*\(.*\)$")


# the header lines of a diff pasted whole (git diff, diff -u)
_DIFF_HEAD = re.compile(r"^(?:diff --git |index [0-9a-f]+\.\.[0-9a-f]+|--- (?:a/|/dev/null)|\+\+\+ (?:b/|/dev/null)|"
                        r"@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)")


def _as_code(para: list[str]) -> list[str] | None:
    """The lines of PARA as the reviewer wrote them (tabs kept) when the paragraph is code: statements,
    an indented block, a snippet, a small diff (a pasted diff without its header lines); else None.  An
    elision mark ("\t...") for lines the code leaves out is kept with it, and alone it goes with the code."""
    inner = _without_edge_elisions(para)
    if len(inner) < len(para):
        return [ln.rstrip() for ln in para] if not inner or _as_code(inner) is not None else None
    if all(_is_code(ln) for ln in para) or _code_block(para) or _snippet(para) or _diff_block(para):
        return [ln.rstrip() for ln in para]
    body = [ln for ln in para if not _DIFF_HEAD.match(ln)]
    if body and len(body) < len(para) and _diff_block(body):
        return [ln.rstrip() for ln in body]
    return None


def _without_edge_elisions(para: list[str]) -> list[str]:
    """PARA without the elision marks that open or close it."""
    lo, hi = 0, len(para)
    while lo < hi and is_elision(para[lo]):
        lo += 1
    while hi > lo and is_elision(para[hi - 1]):
        hi -= 1
    return para[lo:hi]


def _file_lines(para: list[str], quote: Quote | None) -> list[str] | None:
    """The lines of PARA as the reviewer wrote them when they are lines of the non-C file the quote is
    from, of the same kind as quoted ones (`\tdepends on I2C || COMPILE_TEST` under `depends on I2C`,
    `    maxItems: 1` under `maxItems: 2`); else None."""
    if quote is None or quote.in_message or quote.file.endswith((".c", ".h")):
        return None
    quoted = [ln[1:] for ln in quote.lines if ln[:1] in "+ " and ln[1:].strip()]
    return [ln.rstrip() for ln in para] if replacement_lines(para, quoted, quote.file) else None


def _snippet(para: list[str]) -> bool:
    """A paragraph that is one piece of C as a reviewer writes it under a quote: statements with their
    continuation lines (`if (x)` / `        foo();`), an initializer member (`.flags = A |` / `B,`),
    a `#define`: brackets balance, it ends a statement, an initializer entry or a block, and no line
    reads as a sentence."""
    lines = [ln.strip() for ln in para]
    if not lines or any(_PROSE_LEAD.match(ln) for ln in lines):
        return False
    masked = mask("\n".join(lines))
    if re.search(r"\b[a-z]+ [a-z]+ [a-z]+ [a-z]+\b", masked) or re.search(r"[.?!]\s+[A-Z]", masked):
        return False
    if lines[0].startswith("#define "):
        return True
    if not re.match(r"[A-Za-z_.*(}#]", lines[0]) or not re.search(r"[=(;]", masked):
        return False
    depth = 0
    for c in masked:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and bool(re.search(r"[;},]\s*$", masked))


_PROSE_LEAD = re.compile(r"^[A-Za-z]+(?:[ ,'-]+[A-Za-z]+)*:\s+\S|^[A-Z][a-z]+(?: [a-z']+){2,}")


def _without_intro(para: list[str], nxt: list[str]) -> list[str]:
    """PARA without its last sentence when that introduces the tag that opens the paragraph NXT ("With
    that fixed:"); what the paragraph says before it stays ("... Please drop it. With that, for the series:")."""
    if not nxt or not _TRAILER_REQ.match(nxt[0].strip()):
        return para
    end = para[-1].rstrip()
    last = re.split(r"[.!?]\s+", " ".join(" ".join(para).split()))[-1]
    if end.endswith(":") or end.endswith(",") and _CONDITIONAL.match(last) and names_no_change(last):
        return before_intro(para)       # "With the nit fixed," as much as "With that fixed:"
    return para


def before_intro(para: list[str]) -> list[str]:
    """The lines of PARA before its last sentence, which introduces the tag below the paragraph
    ("... Please drop it. With that, for the series:"); [] when the paragraph is that sentence alone."""
    cut = None
    for i, line in enumerate(para):
        for m in re.finditer(r"[.!?](?=\s+[A-Z])", line):
            cut = (i, m.end())
        if line.rstrip().endswith((".", "!", "?")) and i + 1 < len(para):
            cut = (i, len(line.rstrip()))
    if cut is None:
        return []
    i, end = cut
    return [*para[:i], para[i][:end]]


def drafts_from_chunk(chunk: Chunk, reviewer: Person, msg: Message,
                      number: int | None) -> tuple[list[Draft], list[str]]:
    """Suggestions of one comment chunk, and the trailer lines it gives."""
    items: list[tuple[str, list[str]]] = []     # the comment's paragraphs in order: ("text" | "code", lines)
    given: list[str] = []
    tags, paras = tag_requests(chunk.paras, cover=number == 0)
    for idx, para in enumerate(paras):
        nxt = paras[idx + 1] if idx + 1 < len(paras) else []
        para = _without_intro(para, nxt)
        if not para:
            continue            # "With that fixed:" introduces the trailer below it
        tagged, others = _given_tags(para)
        if tagged:
            given.extend(tagged)
            para = [ln for ln in others if ln.strip()]
            if len(" ".join(para).split()) <= 8 and (_TRAILER_INTRO.search(" ".join(para)) or
                                                    len(para) == 1 and para[0].rstrip().endswith(":")):
                para = []       # "Please feel free to add -", "For both patches:" above the tag it introduces
            if not para:
                continue
        code = _as_code(para) or _file_lines(para, chunk.quote)
        if code is not None:
            items.append(("code", code))
            continue
        para = _without_greeting(para)
        if not para or _applied_list(para):
            continue
        # "regards," over the reviewer's first name, or the whole name in any case ("dan carpenter")
        if len(para) <= 2 and all(_SIGNOFF.match(ln) or _DASH_NAME.match(ln) or ln.strip().lower() in
                                  {w.lower() for w in reviewer.name.split()} | {"--", reviewer.name.lower()}
                                  for ln in para):
            continue
        if idx == len(paras) - 1 and len(para) == 1 and SIGNATURE.match(para[0]):
            continue            # a signature: the reviewer's first name or nickname alone on the last line
        offered = tag_in_words(" ".join(para))
        if offered and reviewer.email:
            # "With the above, feel free to add my R-b.": the reviewer's own tag, given in words
            given.append(f"{offered}: {reviewer}")
            if len(" ".join(para).split()) <= 16:
                continue        # the sentence gives the tag and asks for nothing else
        items.extend(("text", part) for points in _numbered_points(para) for part in _split_requests(points))
    drafts: list[Draft] = []
    answer = " ".join(" ".join(without_signature(chunk.answer)).split())
    said = " ".join(ln for p in chunk.paras for ln in p)
    quoted = " ".join(chunk.quote.lines) if chunk.quote else ""
    response = classify_response(answer, said, quoted) if chunk.answer else Response.NONE
    for line, words in tags:
        drafts.append(Draft(number, reviewer, words, [], chunk.quote, answer, response, "trailer",
                            trailer_name=line.split(":", 1)[0], trailer_line=line, message_id=msg.msgid,
                            seg=chunk.order))
    groups = _requests(items)
    # "Will fix the first, but the second is intended": each request quoted has its own answer
    texts = [" ".join(ln for k, p in g if k == "text" for ln in p) for g in groups]
    ordinal = (by_ordinal(answer, len(groups)) or by_number(answer, texts) or by_turn(answer, texts)) \
        if chunk.answer and len(groups) >= 2 else None
    responses = ordinal_responses(ordinal, texts, quoted) if ordinal is not None else []
    for i, group in enumerate(groups):
        text_paras = [p for k, p in group if k == "text"]
        written = _code_lines(group)
        code = [ln.strip() for ln in written if ln.strip()]
        own, own_response = answer, response
        if ordinal is not None:
            own, own_response = ordinal[i], responses[i]
        drafts.extend(_group_drafts(chunk, reviewer, msg, number, text_paras, code, written, own,
                                    own_response))
    return drafts, given


def _code_lines(group: list[tuple[str, list[str]]]) -> list[str]:
    """The code lines of a request as the reviewer wrote them: the blank line between two code
    paragraphs that follow each other kept (the layout of the code they make up)."""
    out: list[str] = []
    for i, (kind, para) in enumerate(group):
        if kind != "code":
            continue
        if out and group[i - 1][0] == "code":
            out.append("")
        out.extend(para)
    return out


# a paragraph that opens on what the one before it asks: "With that, the check below can go.", "Then the
# cast is not needed either.": it holds only if that request is made, so it is part of it
_DEPENDS = re.compile(r"^\s*(?:with\s+(?:that|this|it|those|these|that\s+change|this\s+change)|then|that\s+way|"
                      r"this\s+way|after\s+that|once\s+(?:that|this|it)|if\s+so|in\s+that\s+case|and\s+then|"
                      r"as\s+a\s+result)\b", re.I)


def _requests(items: list[tuple[str, list[str]]]) -> list[list[tuple[str, list[str]]]]:
    """The paragraphs (text or code) under one quote, grouped into separate requests.

    Short requests stacked under the same code ("foo_bar" / "no need to init"; a snippet, then "Nit: add
    an empty line") are separate suggestions; a paragraph that introduces code ("Something like:"), an
    explanation that goes on, or a long argument stays one."""
    groups: list[list[tuple[str, list[str]]]] = []
    for kind, para in items:
        if not groups:
            groups.append([(kind, para)])
            continue
        cur = groups[-1]
        last_kind, last = cur[-1]
        words = len(" ".join(para).split())
        cur_words = sum(len(" ".join(p).split()) for k, p in cur if k == "text")
        goes_on = last_kind == "text" and re.search(r"(:|\.\.\.|…|\bbut|,)\s*$", last[-1]) or \
            re.match(r"^\s*(\.\.\.|…)", para[0])
        sed = last_kind == "code" and all(re.match(r"^\s*s/[^/]+/[^/]*(/g?)?\s*$", ln) for ln in last)
        if kind == "text" and next_item(cur, para):
            groups.append([(kind, para)])
        elif kind == "code" or goes_on and not sed or kind == "text" and _DEPENDS.match(para[0]):
            cur.append((kind, para))
        elif sed or _NEW_REQUEST.match(para[0]) or (words <= 12 and cur_words <= 12 and last_kind == "text"):
            groups.append([(kind, para)])
        else:
            cur.append((kind, para))
    return groups


# the commit message named as such: "In the commit message: s/Converts/Convert/" under a quote of code
_NAMES_MESSAGE = re.compile(r"\b(?:in|of)\s+the\s+(?:commit\s+(?:message|log|description)|change\s?log|subject"
                            r"(?:\s+line)?)\b", re.I)


def names_message(comment: str) -> bool:
    """Whether COMMENT, written under a quote of code, is a word-for-word correction of the commit message
    it names ("In the commit message: s/Converts/Convert/", "typo in the subject: regsiter -> register")."""
    return bool(_NAMES_MESSAGE.search(comment)) and bool(msgfix.corrections(comment))


def next_item(group: list[tuple[str, list[str]]], para: list[str]) -> bool:
    """Whether the paragraph PARA opens a numbered point of its own after the words of GROUP (a
    request's paragraphs so far): "5) In the commit message ..." under "4) please make this
    pr_debug()", or "1) ..." under "A few remarks:", however long either is."""
    return item_number(para[0]) is not None and any(k == "text" for k, _ in group)


_MESSAGE_WORDS = re.compile(r"\b(commit (message|log|description|title)|changelog|change ?log|subject|"
                            r"description|message|log|title|wording|sentence|paragraph|typo|spelling|"
                            r"reword|rephrase|describe|explain|mention)\b", re.I)
_NOT_PROSE = re.compile(r"^\s*$|^---\s*$|^\s*\S+\s+\|\s+\d+|^\s*\d+ files? changed|^\s*create mode \d+|"
                        r"^\s*[A-Z][A-Za-z]+(?:-[A-Za-z]+)*:\s*\S.*@|^\s*\+{2,}\s*$|^\s*\S+\s*$")


# a maintainer's note of what was applied where, as b4 writes it: "[1/2] iio: foo: add bar" over
# "      commit: 0123456789ab" (and the tree's URL); a record, asking for nothing
_APPLIED_ITEM = re.compile(r"^\s*\[\d+/\d+\]\s+\S|^\s+commit:\s+(?:https?://\S+/)?[0-9a-f]{7,40}\s*$|"
                           r"^\s*(?:https?://git\.kernel\.org/|git://)\S+\s*$", re.I)


def _applied_list(para: list[str]) -> bool:
    lines = [ln for ln in para if ln.strip()]
    commit = [bool(re.match(r"^\s+commit:", ln)) for ln in lines]
    # each "[n/m] subject" line has its commit right below it
    return any(commit) and all(_APPLIED_ITEM.match(ln) for ln in lines) and \
        all(k + 1 < len(lines) and commit[k + 1] for k, ln in enumerate(lines) if re.match(r"^\s*\[\d+/\d+\]", ln))


def _about_message(quote: Quote | None, comment: str) -> bool:
    """Whether a request under the part above the diff is about the commit message: the quote holds
    some of its prose, or the comment speaks of the message.  A comment under only the trailers and the
    diffstat ("Signed-off-by: ...", " foo.c | 3 +") is about the patch as a whole."""
    if _MESSAGE_WORDS.search(comment):
        return True
    if quote is None:
        return True         # a comment above every quote: kept as it was read
    last: list[str] = []            # the block right above the comment: what the comment is about
    for ln in quote.lines:
        if not ln.strip() or re.match(r"^---\s*$", ln):
            if last:
                last = []
        else:
            last.append(ln)
    return any(not _NOT_PROSE.match(ln) for ln in last) if last else True


# a comment that is one call-like expression and nothing else ("BIT(7)", "sizeof(*p)"): the code the
# reviewer wants in place of a part of the quoted line, a request like any other
_EXPRESSION = re.compile(r"^\s*[A-Za-z_]\w*\s*\((?:[^()\n]|\([^()\n]*\))+\)\s*[?.!]?\s*$")
# "And put the blank line back.": a sentence that starts with "and" and an imperative is a request of its own
_AND_ASK = r"and\s+(?:please\s+)?(?:put|add|drop|remove|use|make|move|rename|fix|split|keep)\b"
_NEW_REQUEST = re.compile(r"^\s*(?:(nit|nitpick|minor|also|another (thing|nit)|btw|side note|unrelated)\b|"
                          + _AND_ASK + ")", re.I)
# a sentence inside a paragraph that opens a request of its own ("... returns. Also, where does the 4
# come from?"): it asks something itself (a question, "please", "should", a verb of change), and does
# not carry the request before it further ("Also in the refill path.", "Also the same below.")
# "Also ...", "Nit: ...", "And put the blank line back.": a sentence that opens another request
_NEW_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=(?:also|another (?:thing|nit)|btw|nit)\b[ ,:]|" + _AND_ASK + ")", re.I)
_ASKS_ITSELF = re.compile(r"\?|\b(please|should|could|would|can|must|need|needs|why|what|how|where|use|drop|"
                          r"remove|add|make|rename|move|avoid|consider|put|needed|unneeded|unnecessary|necessary|"
                          r"redundant|superfluous|pointless)\b", re.I)
_GOES_BACK = re.compile(r"\b(same|too|as well|likewise|similar(ly)?|here|there|below|above|elsewhere|"
                        r"other|again|that one|this one|both|all of them)\b", re.I)


def _numbered_points(para: list[str]) -> list[list[str]]:
    """PARA split before each line that opens a numbered point ("1) ...", "2. ..."), when it opens with
    one and holds another: points written one under the other with no blank line are points each."""
    starts = [i for i, ln in enumerate(para) if item_number(ln) is not None]
    if len(starts) < 2 or starts[0] != 0:
        return [para]
    return [para[a:b] for a, b in zip(starts, starts[1:] + [len(para)], strict=True)]


def _split_requests(para: list[str]) -> list[list[str]]:
    """PARA, or its sentences up to and from the first one that opens a request of its own (see
    ``_NEW_SENTENCE``) as two paragraphs; a paragraph of code or a sentence that refers back stays."""
    joined = " ".join(" ".join(para).split())
    m = _NEW_SENTENCE.search(joined)
    tail = joined[m.end():] if m else ""
    if m is None or not _ASKS_ITSELF.search(tail) or _GOES_BACK.search(tail) or re.search(r"[;{}]", joined):
        return [para]
    return [[joined[:m.start()]], [joined[m.end():]]]


def _group_drafts(chunk: Chunk, reviewer: Person, msg: Message, number: int | None,
                  text_paras: list[list[str]], code: list[str], written: list[str], answer: str,
                  response: Response) -> list[Draft]:
    """The drafts of one request: a trailer request apart, the rest as one comment with its code."""
    drafts: list[Draft] = []
    # a trailer request is a suggestion of its own
    tags, rest = _tag_paragraphs(text_paras, reviewer)
    for joined, (name, line) in tags:
        drafts.append(Draft(number, reviewer, joined, [], chunk.quote, answer, response, "trailer",
                            trailer_name=name, trailer_line=line, message_id=msg.msgid, seg=chunk.order))
    if rest or code:
        comment = "\n".join(" ".join(" ".join(p).split()) for p in rest)
        first = comment.split("\n", 1)[0] if comment else ""
        agree = _AGREE.match(first)
        if not code and agree and "?" not in comment and not _QUALIFIED.search(comment) and \
                not _AND_ALSO.match(comment[agree.end():]):
            # an agreement asks for nothing; kept (patches.merge.seconded) only for the answer it may get
            # when it agrees with another reviewer's quoted comment
            if chunk.quote is not None and len(comment.split()) <= 12:
                drafts.append(Draft(number, reviewer, comment, [], chunk.quote, answer, response, "comment",
                                    message_id=msg.msgid, seg=chunk.order, seconds=True))
            return drafts
        if not comment and not code:
            return drafts
        in_message = chunk.quote.in_message if chunk.quote else True
        in_message = in_message or not code and names_message(comment)
        remark = not code and _remark(comment)
        kind = "comment" if remark else ("commit-message" if in_message else "code")
        if kind == "commit-message" and not _about_message(chunk.quote, comment):
            kind = "code"       # about the patch as a whole: a request, but not one on the commit message
        if kind == "commit-message" and edit_of(comment, code):
            kind = "message-edit"           # made by the series stage, in the quoted lines
        elif not code and asks_split(comment, " ".join(chunk.quote.lines) if chunk.quote else ""):
            kind = "split-tag"              # a commit message edit the series stage makes
        elif not code and len(comment.split()) <= 25 and asks_cc(comment):
            kind = "cc-request"             # Cc: lines the series stage finds in MAINTAINERS
        elif not code and number and drop_request(comment):
            kind = "drop-patch"             # the patch itself: for the series stage
        elif not code and number == 0 and numbered_drop(comment)[0]:
            kind, number = "drop-patch", numbered_drop(comment)[1]
        ordinal = (by_ordinal(answer, len(rest)) or by_number(answer, [" ".join(p) for p in rest])) \
            if answer and not code and len(rest) >= 2 else None
        if ordinal is not None:
            return drafts + _ordinal_drafts(chunk, reviewer, msg, number, rest, ordinal, kind)
        parts = split_by_answer(comment, answer) if answer and not code else [(comment, True)]
        for text, addressed in parts:
            drafts.append(Draft(number, reviewer, text, list(code), chunk.quote,
                                 answer if addressed else "", response if addressed else Response.NONE,
                                 kind, message_id=msg.msgid, seg=chunk.order,
                                 continues=bool(re.search(r"(\.\.\.|…)\s*$|\bbut\s*$", text)),
                                 written=list(written)))
    return drafts


_TURNED_DOWN = ("", "")


def _tag_paragraphs(paras: list[list[str]], reviewer: Person) -> tuple[list[tuple[str, tuple[str, str]]],
                                                                          list[list[str]]]:
    """The paragraphs of PARAS that ask for a tag (their words and ``_tag_asked``), and the others; one that
    turns a tag down ("No need to add my Suggested-by") is neither: it asks for nothing."""
    tags: list[tuple[str, tuple[str, str]]] = []
    rest: list[list[str]] = []
    for para in paras:
        joined = " ".join(" ".join(para).split())
        asked = _tag_asked(joined, reviewer)
        if asked is None:
            rest.append(para)
        elif asked != _TURNED_DOWN:
            tags.append((joined, asked))
    return tags, rest


def _tag_asked(joined: str, reviewer: Person) -> tuple[str, str] | None:
    """(the tag's name, its line or '' for the reviewer's own) that the paragraph JOINED asks to add;
    _TURNED_DOWN when it turns one down; None when it asks for none.  "please add Suggested-by: Ada <ada@x>"
    names Ada; "please add my Suggested-by:" and "a Suggested-by would be nice" (in the first person) the
    reviewer."""
    m = _TRAILER_REQ.search(joined) or (_CREDIT_IN_WORDS.search(joined) if _FIRST_PERSON.search(joined) else None)
    if m is None or m.group(1).lower() == "signed-off-by":
        return None
    if refuses(joined) and len(joined.split()) <= 25 or _ELSEWHERE_TAGS.search(joined):
        return _TURNED_DOWN     # turned down, or offered for a fix sent as a patch of its own
    named = _named_after(joined, m, reviewer)
    if named is None or not _TRAILER_INTENT.search(joined):
        return None
    name = _canonical_trailer(m.group(1))
    return name, f"{name}: {named}" if named else ""


def _named_after(text: str, m: re.Match[str], reviewer: Person) -> str | None:
    """Who the tag request M in TEXT names after its colon: "Ada Lindgren <ada@x>" when it writes an address,
    '' when it names nobody or the reviewer (the tag is the reviewer's own), None when it names someone
    else without an address (whose tag it would be is not for respin to guess)."""
    after = text[m.end():] if text[m.end() - 1:m.end()] == ":" else ""
    with_address = re.match(r"\s*([^<>,;:]*?<[^<>\s]+@[^<>\s]+>)", after)
    if with_address:
        return " ".join(with_address.group(1).split())
    name = re.match(r"\s*([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*)", after)
    if name and not any(w.lower() in reviewer.name.lower().split() for w in name.group(1).split()) and \
            name.group(1).lower() not in ("me", "i"):
        return None
    return ""


_DASH_NAME = re.compile(r"^\s*-{1,2}\s?[A-Za-z][\w.'-]*(?: [A-Z][\w.'-]*)?\s*$")


def _ordinal_drafts(chunk: Chunk, reviewer: Person, msg: Message, number: int | None, paras: list[list[str]],
                    answers: list[str], kind: str) -> list[Draft]:
    """One draft per paragraph of a comment whose answer names them by their order ("Will fix the first,
    but the second is intended"), each with its part of the answer (patches.answers.by_ordinal)."""
    out = []
    texts = [" ".join(" ".join(para).split()) for para in paras]
    for text, part, response in zip(texts, answers, ordinal_responses(answers, texts), strict=True):
        out.append(Draft(number, reviewer, text, [], chunk.quote, part, response,
                         "comment" if kind == "code" and _remark(text) else kind,
                         message_id=msg.msgid, seg=chunk.order))
    return out


def _remark(comment: str) -> bool:
    """Whether COMMENT (prose without code) asks for nothing: no request, no bug, no expression.  A
    sentence that disagrees with another reviewer ("I don't agree with Jun that this should be
    ratelimited") argues about that reviewer's request: it asks nothing of its own."""
    if MORE_BELOW.search(comment):
        return True         # "One nit below.": what the mail holds, above the comments themselves
    comment = " ".join(s for s in re.split(r"(?<=[.!?])\s+", comment) if not _OBJECTION.search(s))
    return not REQUEST.search(comment) and not REPORTS_BUG.search(comment) and not _EXPRESSION.match(comment)


# a sentence disagreeing with someone named: "I don't agree with Jun that ...", "I disagree with Mark here."
_OBJECTION = re.compile(r"\bI\s+(?:(?:don'?t|do\s+not)\s+agree|disagree)\s+with\s+(?!you\b|u\b|this\b|"
                        r"that\b|it\b|the\b)[A-Z][\w'-]+")


def _without_greeting(para: list[str]) -> list[str]:
    """PARA without the greeting lines it starts with ("Hi Jane,", "Thank you for the patch."): they
    ask for nothing.  A greeting sentence that shares its line with the comment is cut off the line."""
    out = list(para)
    while out and GREETING.match(out[0]):
        out.pop(0)
    if out:
        first = re.match(r"^\s*((?:hi|hello|hey|dear)(?:\s+[\w.'-]+){0,3}\s*[,!]|thanks? (?:you )?for [^.!?]{1,80}[.!])"
                         r"\s+(\S.*)$",
                         out[0], re.I)
        if first:
            out[0] = first.group(2)
    return out


# "If you fix the issue in a separate patch/commit (i.e. not just a new version of the same patch/commit),
# kindly add following tags": tags offered on the condition that the fix is another patch than this one
_ELSEWHERE_TAGS = re.compile(r"\bif\b[^.]{0,80}?\b(?:in|as|with)\s+(?:a\s+)?(?:separate|another|different|"
                             r"follow-?up|new)\s+(?:patch|commit|fix)\b|\bnot\s+just\s+a\s+new\s+version\b", re.I)
_TRAILER_LINE_MAX = 1000       # characters: a longer line is no trailer
# the shape b4 looks for in a line before it weighs a trailer ("Name: value"); without it b4 finds none
_TRAILER_SHAPE = re.compile(r"^\s*\w\S+:\s+\S")


def _given_tags(para: list[str]) -> tuple[list[str], list[str]]:
    """The people's tags PARA gives (each line as it goes into the message) and its other lines."""
    if _ELSEWHERE_TAGS.search(" ".join(" ".join(para).split())):
        return [], list(para)   # tags for a fix sent as a patch of its own, not for this patch's next version
    trailers, others = _find_trailers(para)
    person_trailers = [t for t in trailers if t.type == "person" and t.lname != "signed-off-by"
                       or t.lname in ("reviewed-by", "acked-by", "tested-by")]
    # archives hide addresses (jmarek@xxxxxxxxxxx), which b4 does not take for a person
    hidden = [ln.strip() for ln in para if _HIDDEN_TRAILER.match(ln)
              and not any(ln.strip().endswith(t.value) for t in trailers)]
    if not person_trailers and not hidden:
        return [], others
    # b4 keeps a " # note" after the address apart (extinfo): it stays with the tag
    tagged = [f"{t.name}: {t.value}{getattr(t, 'extinfo', None) or _tail(para, t.name, t.value)}"
              for t in person_trailers] + hidden
    return tagged, [ln for ln in others if ln.strip() not in hidden]


def _find_trailers(para: list[str]) -> tuple[list, list[str]]:
    """b4's trailers of PARA and its other lines.  Lines too long to be a trailer are kept out of b4's
    search (its patterns take time quadratic in the length of a line: three lines of 20,000
    characters took 16 s): the runs of lines between them are searched one by one.  A paragraph
    with no line of a trailer's shape has none, and is not handed to b4 (its lines come back as
    they are: b4 would strip and cut them, which matters only beside a trailer)."""
    if not any(_TRAILER_SHAPE.match(ln) for ln in para):
        return [], list(para)
    import b4    # here, not at the top: importing b4 loads liblore, requests and dkim (~0.1 s)

    if all(len(ln) <= _TRAILER_LINE_MAX for ln in para):
        return b4.LoreMessage.find_trailers("\n".join(para), followup=True)
    trailers: list = []
    others: list[str] = []
    run: list[str] = []

    def search() -> None:
        if run:
            t, o = b4.LoreMessage.find_trailers("\n".join(run), followup=True)
            trailers.extend(t)
            others.extend(o)
            run.clear()

    for line in para:
        if len(line) > _TRAILER_LINE_MAX:
            search()
            others.append(line)
        else:
            run.append(line)
    search()
    return trailers, others


def _tail(para: list[str], name: str, value: str) -> str:
    """The words after VALUE (a tag's person) on the line of PARA that gives tag NAME, as a " # note": b4
    drops them, but "Reviewed-by: Jane <j@x> if you fix the leak" is given on a condition and "Acked-by:
    Jane <j@x> for the DT part" for part of the patch (patches.review reads the note); '' when there are
    none.  Only the tag's own line counts: the same person's other tag may carry a note of its own."""
    for line in para:
        head = line.strip()
        at = head.find(value) if head.lower().startswith(name.lower() + ":") else -1
        if at >= 0:
            tail = head[at + len(value):].strip().strip("()").strip().lstrip("#").strip()
            if _SIGNOFF.match(tail) or GREETING.match(tail) or not re.search(r"[A-Za-z]{2}", tail):
                return ""       # "Reviewed-by: Jane <j@x>  Thanks!"
            return f" # {tail}"
    return ""


# a tag offered in words: "feel free to add my R-b", "you can add my Reviewed-by tag", "please take my Ack"
_TAG_WORDS = re.compile(r"\b(?:feel\s+free\s+to|you\s+(?:can|may|could)|please)\s+(?:add|have|take|include|carry|"
                        r"collect|pick\s+up)\s+my\s+(r-?b|reviewed-by|review(?:ed)?|ack(?:ed-by)?|a-?b|tested-by|t-?b)"
                        r"(?:\s+tags?)?\b", re.I)
_TAG_NAMES = {"r": "Reviewed-by", "a": "Acked-by", "t": "Tested-by"}


def tag_in_words(text: str) -> str:
    """The tag (Reviewed-by, Acked-by, Tested-by) TEXT offers in words ("feel free to add my R-b"), or ''."""
    m = _TAG_WORDS.search(" ".join(text.split()))
    return _TAG_NAMES[m.group(1)[0].lower()] if m else ""


def _canonical_trailer(name: str) -> str:
    return "-".join(w.capitalize() if i == 0 else w.lower() for i, w in enumerate(name.split("-")))


# "Same here.", "Ditto.", "Likewise.", "Same as above.", "As above.", "Same applies here of course.": the request
# before, again
_SAME_ONLY = re.compile(r"^\s*(?:ditto|likewise|(?:and\s+|also\s+)?(?:the\s+)?same(?:\s+(?:here|below|again|thing|"
                        r"applies|goes|for\s+(?:this|that)(?:\s+one)?))*(?:\s+as\s+(?:above|before))?|here\s+too|"
                        r"(?:and|also)\s+here|(?:see|as|like)\s+above)"
                        r"(?:\s+(?:here|too|as\s+well))?(?:,?\s+(?:of\s+course|please|too))?\s*[.!]*\s*$", re.I)


def same_as_before(drafts: list[Draft]) -> None:
    """DRAFTS (one mail's, in order) with each comment that only says "Same here." / "Ditto." under a
    quote of code made the request before it, on its own code: it gets that request's words after its
    own, and its kind.  Only when the comment before it (the one under the previous quote, by the same
    reviewer) is one request in words, on code: what "the same" is is not known otherwise."""
    for i, d in enumerate(drafts):
        if d.kind != "comment" or d.code or not _SAME_ONLY.match(d.comment) or d.quote is None or \
                d.quote.in_message:
            continue
        before = [e for e in drafts[:i] if e.seg < d.seg and e.kind != "trailer"]
        prev = [e for e in before if before and e.seg == before[-1].seg]
        if len(prev) != 1:
            continue
        e = prev[0]
        if e.kind != "code" or e.code or e.quote is None or e.quote.in_message or e.reviewer != d.reviewer:
            continue
        d.comment = f"{d.comment.strip()} ({e.comment})"
        d.kind = e.kind


# "Same answer as above.", "Same reason.", "Same.": an answer that says only what the one before it said
_SAME_ANSWER = re.compile(r"^\s*(?:the\s+)?same(?:\s+(?:answer|reply|reason(?:ing)?|story|thing))?(?:\s+(?:as|like)\s+"
                          r"(?:above|before))?(?:\s+(?:here|too))?\s*[.!]*\s*$", re.I)


def same_answer_as_before(drafts: list[Draft]) -> None:
    """DRAFTS (one mail's, in order) with each answer that only says "Same here." / "Ditto." / "Same as
    above." given the response of the answer before it in the mail: the author answers that comment as the
    one before, a refusal as a refusal.  None before it: the answer stays as it reads."""
    for i, d in enumerate(drafts):
        said = " ".join(d.response_text.split())
        if d.kind == "trailer" or not said or not (_SAME_ONLY.match(said) or _SAME_ANSWER.match(said)):
            continue
        before = [e for e in drafts[:i] if e.kind != "trailer" and e.response_text and e.seg < d.seg and
                  not _SAME_ONLY.match(e.response_text) and not _SAME_ANSWER.match(e.response_text)]
        if before:
            d.response = before[-1].response
            d.response_text = f"{said} ({' '.join(before[-1].response_text.split())})"


# ---- the series ----

# the names an answer speaks of: a call, a snake_case or UPPER_CASE name
_NAMES = re.compile(r"\b[A-Za-z_]\w*(?=\s*\(\))|\b[a-z][a-z0-9]*_\w+|\b[A-Z][A-Z0-9]*_\w+")


def _names_of(d: Draft) -> set[str]:
    """The names of D's comment, the code the reviewer wrote and the code it quotes."""
    text = "\n".join([d.comment, *d.code, *(d.quote.lines if d.quote else [])])
    return set(re.findall(r"[A-Za-z_]\w*", text))


_ATTRIBUTION = re.compile(r"\bwrote:\s*$|^\s*On\b.*\b(?:wrote|writes)\b", re.I)


def _nested(d: Draft) -> bool:
    """Whether D's quote holds earlier rounds of a discussion (two attribution lines or more)."""
    return d.quote is not None and sum(1 for ln in d.quote.lines if _ATTRIBUTION.search(ln)) >= 2


def answered_above(drafts: list[Draft]) -> None:
    """An answer written once below several quoted comments (none answered in between) that speaks
    only of names of an earlier one ("I'd rather keep readl() here." below a second quote about
    FIELD_GET()) answers that earlier comment, not the last one above it.  DRAFTS: one mail's."""
    for i, d in enumerate(drafts):
        if d.response is Response.NONE or d.kind == "trailer" or d.answered_by:
            continue
        names = set(_NAMES.findall(d.response_text))
        if not names or names & _names_of(d):
            continue
        above = []
        for e in reversed(drafts[:i]):
            if e.message_id != d.message_id or e.response_text or e.kind == "trailer":
                break
            above.append(e)
        if any(_nested(x) for x in (d, *above)):
            continue            # a later round of a discussion: its answer is to the whole of it
        holding = [e for e in above if names <= _names_of(e)]
        if len(holding) == 1:
            e = holding[0]
            e.response, e.response_text = d.response, d.response_text
            d.response, d.response_text = Response.NONE, ""


def share_answers(drafts: list[Draft]) -> None:
    """An answer after the last of several comments on one quoted block answers them all."""
    for i in range(len(drafts) - 1, 0, -1):
        d = drafts[i]
        if d.response is Response.NONE:
            continue
        j = i - 1
        while j >= 0:
            e = drafts[j]
            if e.message_id != d.message_id or e.answered_by or e.response_text or e.kind in ("trailer",):
                break
            if e.seg != drafts[j + 1].seg - 1 and e.seg != drafts[j + 1].seg:
                break
            same_comment = in_comment(e.quote) and in_comment(drafts[j + 1].quote)
            scope = _SCOPE.search(d.response_text)
            if not (same_comment or e.continues or scope):
                break
            if scope and scope.group(1).lower() == "both" and i - j >= 2:
                break
            e.response, e.response_text, e.answered_by = d.response, d.response_text, "shared"
            j -= 1


_SCOPE = re.compile(r"\b(both|all of (?:them|these|those|the above)|all (?:fixed|done|addressed))\b", re.I)


# a sentence that states a condition: "Once the helper is in the core, this is fine.", "Assuming the
# register is write-only:", "Looks fine, but only if the reset is kept."
_CONDITION_SENTENCE = re.compile(r"^(?:but\s+)?(?:only\s+)?(?:if|once|provided|assuming|as\s+long\s+as|"
                                 r"after\s+(?:fixing|addressing|dropping|removing|moving))\b|"
                                 r",\s*(?:but\s+)?(?:only\s+if|provided|as\s+long\s+as|assuming)\b", re.I)


def condition_before(chunk: Chunk) -> str:
    """The last sentence above the chunk's first tag when it states a condition the tag is given on, or ''."""
    text = " ".join(ln for p in chunk.paras for ln in p)
    before = re.split(r"\b[A-Z][a-z]+(?:-[a-z]+)*-by:", text)[0]
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", " ".join(before.split())) if x.strip()]
    last = sentences[-1].strip() if sentences else ""
    return last if _CONDITION_SENTENCE.search(last) else ""


def conditional(chunk: Chunk) -> bool:
    return bool(condition(chunk))


def condition(chunk: Chunk) -> str:
    """The sentence of CHUNK that makes the tags it gives conditional ("With the else gone:", "With that
    fixed,"), the last such before the first tag; "" when they are given as they are."""
    text = " ".join(ln for p in chunk.paras for ln in p)
    before = re.split(r"\b[A-Z][a-z]+(?:-[a-z]+)*-by:", text)[0]
    said = [s for s in re.split(r"(?<=[.!?:])\s+", " ".join(before.split())) if _CONDITIONAL.search(s)]
    return said[-1] if said else ""
