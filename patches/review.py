"""Reading a review: the series under review, reviewer comments as suggestions, trailers given.

A message holds up to three voices: the patch (deepest quotes), the reviewer (one level
up) and the patch author's answers (unquoted, in the author's reply).  Each reviewer
comment is anchored to the quoted lines right above it, resolved against the tree, and
gets the author's response from the answer that follows it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable

import b4

from patches.ctext import mask, norm
from patches import anchor as anc
from patches.git import GitError, Repo
from patches.locate import (LocateError, TreeCommit, commits_in_range, content_score,
                            find_in_branches, match_titles)
from patches.model import (Anchor, Conversation, Line, Message, PatchMail, Person, Response,
                           Review, Series, Subject, Suggestion, Trailer)
from patches import stated
from patches.people import Addresses, name_key, parse_person, same_person
from patches.subject import parse_subject, title_key


class ReviewError(ValueError):
    """The thread or the range cannot be read as a review of a series; one line."""


# ---- words ----

_AGREE = re.compile(r"^\s*(ack(ed)?|agreed?|lgtm|looks (good|fine|correct)|makes sense|right|indeed|correct"
                    r"|yes|yep|exactly|true|nice|good|fine|sounds good|fair enough)\b", re.I)
_REQUEST = re.compile(r"\?|\b(can|could|should|would|might|may|please|need|needs|must|drop|remove|use|"
                      r"prefer|rather|worth|consider|rename|move|add|avoid|typo|missing|wrong|"
                      r"instead of using|no need|don'?t|do not|why|s/|irrelevant|unnecessary|unneeded|not needed|pointless|"
                      r"redundant|superfluous|unused|dead code|useless|overkill|nit|better|invert|braces?|static|"
                      r"const|one line)\b|\w\(\)|%[-#0 +]*\d*[hlzjt]*[diouxXcspu]\b|"
                      r"(^|[.;,:]\s+)(read|call|check|set|return|pass|put|split|fold|merge|init\w*|free|"
                      r"lock|unlock|replace|switch|convert|mark|declare|simplify|sort|align|keep)\b", re.I)
_TRAILER_REQ = re.compile(r"\b([A-Z][a-z]+(?:-[A-Za-z]+)*-by)\s*:", re.I)
_TRAILER_INTENT = re.compile(r"\b(add|adding|want|please|include|carry|deserves?|consider|feel free|"
                             r"missing|forgot|should have)\b", re.I)
_SIGNOFF = re.compile(r"^\s*(thanks|thank you|thx|cheers|(best |kind |warm )?regards|best|br|bye|ciao|greetings"
                      r"|best wishes|many thanks)\b[\s,.!]*$", re.I)
_SIGNATURE = re.compile(r"^\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*$")
_CONDITIONAL = re.compile(r"\b(with (that|this|these|those|the above|it)\b|\bwith\b.*\b(fixed|addressed|changed|"
                          r"resolved|done|sorted)\b|if you|once|assuming|provided|"
                          r"after (fixing|addressing))", re.I)

_DEFERRED = re.compile(r"\b(follow[- ]?up|later|separate (patch|series|change)|sending a (series|patch)|"
                       r"another (patch|series)|future|next (series|cycle|release)|on top|afterwards|"
                       r"in a (different|separate))\b", re.I)
_DECLINED = re.compile(r"(\bis fine\b|\bare fine\b|i'?d rather|i would rather|rather keep|prefer to keep|"
                       r"\bkeep (it|this|that|them)\b|^\s*no\b|\bnot needed\b|\bdisagree|"
                       r"\bdon'?t think\b|\bdo not think\b|\brather not\b|\bwon'?t\b|\bnot (going|planning) to\b|"
                       r"\bdeliberate|\bintentional|\bon purpose\b)", re.I)
_ACCEPTED_START = re.compile(r"^\s*(ok(ay)?|fine|sure|will do|done|agreed?|ack|yes|yep|yeah|right|good catch|"
                             r"good point|makes sense|fair|noted|indeed|absolutely|of course|thanks|fixed|"
                             r"you('re| are) right|correct)\b", re.I)
_ACCEPTED = re.compile(r"(\b(i'?ll|i will|will)\s+(\w+\s+)?(drop|fix|change|collapse|remove|add|use|update|"
                       r"rename|do|make|move|switch|convert|merge|inline|document|rework|address|"
                       r"take|get rid)\b|\byou('re| are) right\b|\bgood catch\b|\bwill do\b|\bdone\b|"
                       r"\bfixed\b|\bmakes sense\b|\bagreed\b)", re.I)
_CAN_BE_DONE = re.compile(r"^(?:(?:yes|yeah|right|true|indeed|agreed?)\W+)?(?:the|this|that|it)\b[^.?!]{0,40}\b"
                          r"(?:can|could|should) (?:simply |just )?be (?:killed|dropped|removed|changed|converted|"
                          r"switched|replaced|renamed|fixed|made|moved|deleted)\b", re.I)
_STOP = set("""the a an and or but if so to of in on at for with this that these those it its is are be was
were been do does did we you i he she they not no can could should would might may will just really
here there what why how when which who than then also very much more most some any all both even
now use used using need needs time times function code""".split())


def classify_response(text: str, comment: str = "", quoted: str = "") -> Response:
    """The author's answer to COMMENT as accepted / declined / deferred; NONE for no answer or an
    unclear one (a question back, a word or two)."""
    t = " ".join(text.split())
    if not t:
        return Response.NONE
    if _DEFERRED.search(t):
        return Response.DEFERRED
    if _ACCEPTED_START.match(t) and not _DECLINED.search(t.split(".", 1)[-1] if "." in t else ""):
        return Response.ACCEPTED
    if _DECLINED.search(t):
        return Response.DECLINED
    if _ACCEPTED.search(t):
        return Response.ACCEPTED
    proposed = {w for w in re.findall(r"\b[A-Za-z_]\w*(?=\(\))|\b[a-z]+_\w+|\b[A-Z][A-Z0-9]*_\w+", comment)} - \
        set(re.findall(r"[A-Za-z_]\w*", quoted))        # what the comment brings that the code lacks
    if _CAN_BE_DONE.search(t) and not _DECLINED.search(t):
        return Response.ACCEPTED    # "The check can be killed or changed to WARN_ON_ONCE()."
    if any(re.search(r"\b(chang\w*|switch\w*|convert\w*|use|using|mak\w*|turn\w*|replac\w*|renam\w*|go with|"
                     r"mov\w*)\b(\W+\w+){0,3}?\W+" + re.escape(w) + r"\b", t, re.I) for w in proposed):
        return Response.ACCEPTED    # the answer takes the change up ("can be changed to WARN_ON_ONCE()")
    if len(t.split()) >= 4 and not t.rstrip().endswith("?"):
        # the author answered with an argument and no agreement ("It does not, the counter lives in
        # the driver."): the point stands as discussed, not as a change the author wants
        return Response.DECLINED
    return Response.NONE


# ---- messages into voices ----

_DIFF_START = re.compile(r"^(diff --git |@@ |\+\+\+ |--- a/|Index: |---\s*$)")
_DIFFSTAT = re.compile(r"^\s*\S+\s+\|\s+\d+|^\s*\d+ files? changed")
_CODE_LINE = re.compile(r"(;|\{|\}|\)|\*/)\s*$|^\s*(/\*|\*|#\s*(define|include|if))|^s/.+/.*/$|^[+-]\s*\S")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ELISION = re.compile(r"^\s*(?:\(\s*(?:\.\.\.|…|snip(?:ped)?)\s*\)|\[\s*(?:\.\.\.|…|snip(?:ped)?)\s*\]|"
                      r"<\s*/?\s*snip(?:ped)?\s*>|-*8<-*|-+\s*snip\s*-+|snip(?:ped)?)\s*$", re.I)


@dataclass
class _Quote:
    lines: list[str]            # patch lines (text after the markers)
    in_message: bool
    file: str = ""
    function: str = ""          # the function the last hunk header above the quote names


@dataclass
class _Chunk:
    quote: _Quote | None
    paras: list[list[str]] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    order: int = 0              # position of the quote segment in the message


@dataclass
class _Draft:
    patch_title: str
    patch_number: int | None
    reviewer: Person
    comment: str
    code: list[str]
    quote: _Quote | None
    response_text: str
    response: Response
    kind: str
    trailer_name: str = ""
    message_id: str = ""
    seg: int = 0                # quote segment index in its message (for shared answers)
    continues: bool = False     # the comment trails off ("... but") into the next one
    answered_by: str = ""       # msgid of the mail the response comes from
    written: list[str] = field(default_factory=list)   # the code lines as the reviewer wrote them (tabs kept)


def _is_blank(text: str) -> bool:
    return not text.strip()


def _depths(msg: Message, patch_author: str, conv: Conversation) -> tuple[int, int, str]:
    """(reviewer depth, patch depth, reviewer name) of MSG."""
    if not same_person(msg.author.name, patch_author) or not patch_author:
        return 0, 1, msg.author.name
    qa = msg.quote_authors
    for d in sorted(qa):
        if not same_person(qa[d], patch_author):
            return d, d + 1, qa[d]
    if any(l.depth >= 2 for l in msg.lines):
        parent = conv.by_id(msg.in_reply_to)
        name = parent.author.name if parent else qa.get(1, "")
        return 1, 2, name
    return -1, -1, ""


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for ln in lines:
        if _is_blank(ln):
            if paras[-1]:
                paras.append([])
        else:
            paras[-1].append(ln)
    return [p for p in paras if p]


def _chunks(msg: Message, r: int, p: int) -> list[_Chunk]:
    """Reviewer comments at depth R with the patch quote (depth >= P) above them and the answer below."""
    chunks: list[_Chunk] = []
    quote: _Quote | None = None
    seg_lines: list[str] = []
    in_diff = False
    cur_file = ""
    cur_func = ""
    last_kind = ""
    seg = 0
    cur: _Chunk | None = None
    lines = msg.lines
    for i, ln in enumerate(lines):
        text = ln.text
        if ln.depth >= p:
            if _is_blank(text) and not seg_lines:
                continue
            if last_kind != "q":
                seg += 1
                seg_lines = []
                if cur is not None:
                    cur = None
            # the "---" line and the diffstat close the commit message: they are not code yet
            if _DIFF_START.match(text) and not re.match(r"^---\s*$", text) or \
                    (text.startswith("+") and not text.startswith("+++")):
                in_diff = True
            m = re.match(r"^(?:diff --git a/\S+ b/(\S+)|\+\+\+ b/(\S+))", text)
            if m:
                cur_file = m.group(1) or m.group(2)
                cur_func = ""
            if text.startswith("@@"):
                cur_func = anc.hunk_function(text)
            seg_lines.append(text)
            quote = _Quote(list(seg_lines), not in_diff, cur_file, cur_func)
            last_kind = "q"
        elif ln.depth == r:
            if text.rstrip() == "--" and ln.depth == 0:
                break           # the signature separator: a signature, a list footer, nothing to act on
            if _is_blank(text) or _ELISION.match(text):
                # an elision mark ("[...]", "<snip>") stands for quoted text cut out: no words of the comment
                if cur is not None and cur.paras and cur.paras[-1]:
                    cur.paras.append([])
                continue
            if attribution_line(lines, i, r):
                continue
            if cur is None or cur.answer:
                cur = _Chunk(quote, order=seg)
                chunks.append(cur)
            if not cur.paras or not cur.paras[-1] and len(cur.paras) == 0:
                cur.paras.append([])
            if not cur.paras:
                cur.paras.append([])
            cur.paras[-1].append(text)
            last_kind = "c"
        else:
            if _is_blank(text) or attribution_line(lines, i, ln.depth):
                continue
            if text.strip() == "--":
                break
            if cur is not None:
                cur.answer.append(text)
                last_kind = "a"
    for c in chunks:
        c.paras = [pp for pp in c.paras if pp]
    return [c for c in chunks if c.paras]


def attribution_line(lines: list[Line], i: int, depth: int) -> bool:
    from patches.thread import attribution_name
    text = lines[i].text
    if attribution_name(text) and any(l.depth > depth for l in lines[i + 1:i + 4]):
        return True
    return bool(text.startswith("On ") and i + 1 < len(lines) and lines[i + 1].depth == depth
                and lines[i + 1].text.rstrip().endswith("wrote:"))


# ---- comments into drafts ----

def _narrow(quote: _Quote, comment: str) -> list[str]:
    """The quoted lines the comment is about: the last statement group, or the statements naming
    what the comment names."""
    lines = list(quote.lines)
    if quote.in_message:
        paras = _paragraphs(lines)
        return paras[-1] if paras else []
    # drop diff headers, keep from the last blank code line on
    body: list[str] = []
    for q in lines:
        if q.startswith(("diff --git", "index ", "--- ", "+++ ", "@@")):
            body = []
            continue
        if not norm(anc.strip_marker(q)):
            body.append("")
            continue
        body.append(q)
    while body and body[-1] == "":
        body.pop()
    if "" in body:
        group = body[len(body) - body[::-1].index(""):]
    else:
        group = body
    stmts = _statements(group)
    if not stmts:
        return []
    # "like start", "as in foo()" name things for comparison, not the target
    target = re.sub(r"\b(like|as in|similar to|same as|as for)\b.*?([.;?!]|$)", " ", comment)
    words = {w.lower() for w in _IDENT.findall(target) if w.lower() not in _STOP and len(w) > 2}
    words -= _models(comment, stmts)
    named = [s for s in stmts if not _is_comment(s) and _names(s, words)]
    if not named:
        named = [s for s in stmts if _is_comment(s) and _names(s, words)]
        last = stmts.index(named[-1]) if named else -1
        if named and last + 1 < len(stmts) and not re.search(r"\bcomment", comment, re.I):
            # the comment matches the words of a code comment, but speaks of what that comment
            # explains: the commented code quoted right below it goes with it
            return [l for s in stmts[last:] for l in s]
    if named:
        # the last run of statements naming what the comment names; a comment that speaks of one
        # thing ("this is dead code") is about the last of them only
        last = stmts.index(named[-1])
        first = last
        while first > 0 and stmts[first - 1] in named and stmts[first - 1] is not None:
            first -= 1
        if first < last and _ONE_THING.search(comment) and not _MANY_THINGS.search(comment) and \
                _opens_nothing(stmts[last]) and sum(_is_branch(st) for st in stmts[first:last + 1]) >= 2:
            first = last
        return [l for s in stmts[first:last + 1] for l in s]
    if re.search(r"\bconst\b", comment, re.I):
        # a const local must be initialized where it is declared: the declarations that are
        inits = [s for s in stmts if not _is_comment(s) and _DECL_INIT.match(" ".join(
            anc.strip_marker(l).strip() for l in s))]
        if inits:
            return inits[-1]
    if len(stmts) <= 2 and not any(_opens_block(s) or _is_comment(s) for s in stmts):
        return [l for s in stmts for l in s]
    return stmts[-1]


# "make this a WARN_ON_ONCE(), too": the name says what "this" should become, not which line "this" is
_BECOME = re.compile(r"\b(?:make|turn|convert|change)\s+(?:this|that|it)\s+(?:in)?to\s+(?:an?\s+)?([A-Za-z_]\w*)|"
                     r"\b(?:make|turn)\s+(?:this|that|it)\s+(?:an?\s+)?([A-Za-z_]\w*)\s*\(\)|"
                     r"\b(?:this|that|it)\s+(?:can|could|should)\s+be\s+(?:an?\s+)?([A-Za-z_]\w*)\s*\(\)", re.I)


def _models(comment: str, stmts: list[list[str]]) -> set[str]:
    """Lower-cased names the comment wants the code it points at turned into, when a quoted statement
    already calls them by that exact name (so that statement is the model, not the target)."""
    out = set()
    for m in _BECOME.finditer(comment):
        name = next(g for g in m.groups() if g)
        if any(re.search(rf"(?<![\w]){re.escape(name)}\s*\(", anc.strip_marker(l)) for st in stmts for l in st):
            out.add(name.lower())
    return out


_DECL_INIT = re.compile(r"^(?:(?:static|const|unsigned|signed|struct|union|enum|volatile)\s+)*[A-Za-z_]\w*"
                        r"(?:\s+|\s*\*+\s*)[A-Za-z_]\w*(?:\[[^]]*\])?\s*=[^=]")


_ONE_THING = re.compile(r"\b(this|it)\b", re.I)
_MANY_THINGS = re.compile(r"\b(both|these|those|them|all|lines|statements|calls|block|loop)\b", re.I)


def _is_branch(stmt: list[str]) -> bool:
    """A statement that is a control structure with its one-statement body (`if (x)` / `y;`)."""
    return bool(re.match(r"^(if|for|while|switch)\b", anc.strip_marker(stmt[0]).strip()))


def _opens_nothing(stmt: list[str]) -> bool:
    return not anc.strip_marker(stmt[-1]).rstrip().endswith("{")


def _is_comment(stmt: list[str]) -> bool:
    return anc.strip_marker(stmt[0]).strip().startswith(("/*", "*"))


def _opens_block(stmt: list[str]) -> bool:
    return anc.strip_marker(stmt[-1]).rstrip().endswith("{")


def _names(stmt: list[str], words: set[str]) -> bool:
    idents = {w.lower() for l in stmt for w in _IDENT.findall(anc.strip_marker(l))}
    for w in words:
        for ident in idents:
            if len(ident) < 3:
                continue
            if w == ident or ("_" in ident and len(ident) >= 5 and ident in w) or \
                    (w.rstrip("s") == ident) or (len(w) >= 6 and w in ident and "_" in ident):
                return True
    return False


def _statements(group: list[str]) -> list[list[str]]:
    """Lines grouped into statements (a line not ending in ; { } or */ continues on the next) and
    comment blocks."""
    stmts: list[list[str]] = []
    cur: list[str] = []
    in_comment = False
    for q in group:
        code = anc.strip_marker(q).strip()
        if in_comment or code.startswith("/*"):
            in_comment = "*/" not in code
            if cur and not (anc.strip_marker(cur[0]).strip().startswith(("/*", "*"))):
                stmts.append(cur)
                cur = []
            cur.append(q)
            if not in_comment:
                stmts.append(cur)
                cur = []
            continue
        if code.startswith("*"):          # a comment quoted from its middle
            cur.append(q)
            if code.endswith("*/"):
                stmts.append(cur)
                cur = []
            continue
        if cur and anc.strip_marker(cur[0]).strip().startswith(("/*", "*")):
            stmts.append(cur)
            cur = []
        cur.append(q)
        if re.search(r"(;|\{|\}|:)\s*$", code) or code.startswith("#"):
            stmts.append(cur)
            cur = []
    if cur:
        stmts.append(cur)
    return stmts


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
    return all(re.match(r"^(\t| {4,})\s*\S", l) for l in para) and \
        bool(re.search(r"[;}]\s*$", para[-1])) and not any(_PROSE_LEAD.match(l.strip()) for l in para)


def _snippet(para: list[str]) -> bool:
    """A paragraph that is one piece of C as a reviewer writes it under a quote: statements with their
    continuation lines (`if (x)` / `        foo();`), an initializer member (`.flags = A |` / `B,`),
    a `#define`: brackets balance, it ends a statement, an initializer entry or a block, and no line
    reads as a sentence."""
    lines = [l.strip() for l in para]
    if not lines or any(_PROSE_LEAD.match(l) for l in lines):
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


def _split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(])", text.strip()) if s]


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z_]\w+", text) if w.lower() not in _STOP and len(w) > 3}


def _drafts_from_chunk(chunk: _Chunk, reviewer: Person, msg: Message, title: str,
                       number: int | None) -> tuple[list[_Draft], list[str]]:
    """Suggestions of one comment chunk, and the trailer lines it gives."""
    items: list[tuple[str, list[str]]] = []     # the comment's paragraphs in order: ("text" | "code", lines)
    given: list[str] = []
    for idx, para in enumerate(chunk.paras):
        nxt = chunk.paras[idx + 1] if idx + 1 < len(chunk.paras) else []
        if para[-1].rstrip().endswith(":") and nxt and _TRAILER_REQ.match(nxt[0].strip()):
            continue            # "With that fixed:" introduces the trailer below it
        trailers, others = _find_trailers(para)
        person_trailers = [t for t in trailers if t.type == "person" and t.lname != "signed-off-by"
                           or t.lname in ("reviewed-by", "acked-by", "tested-by")]
        # archives hide addresses (jmarek@xxxxxxxxxxx), which b4 does not take for a person
        hidden = [l.strip() for l in para if not any(l.strip().endswith(t.value) for t in trailers) and re.match(r"^\s*[A-Z][A-Za-z]*(-[a-z]+)*-by:\s+[^<>]*<[^<>@\s]+@[^<>\s]+>\s*$", l)]
        if person_trailers or hidden:
            given.extend(f"{t.name}: {t.value}" for t in person_trailers)
            given.extend(hidden)
            others = [l for l in others if l.strip() not in hidden]
            para = [l for l in others if l.strip()]
            if len(" ".join(para).split()) <= 8 and _TRAILER_INTRO.search(" ".join(para)):
                para = []       # "Please feel free to add -" above the tag it introduces
            if not para:
                continue
        if all(_is_code(l) for l in para) or _code_block(para) or _snippet(para):
            items.append(("code", [l.rstrip() for l in para]))     # as written (tabs kept)
            continue
        para = _without_greeting(para)
        if not para:
            continue
        if len(para) <= 2 and all(_SIGNOFF.match(l) or _DASH_NAME.match(l) or l.strip().lower() in
                                  {w.lower() for w in reviewer.name.split()} | {"--"} for l in para):
            continue
        if idx == len(chunk.paras) - 1 and len(para) == 1 and _SIGNATURE.match(para[0]):
            continue            # a signature: the reviewer's first name or nickname alone on the last line
        items.append(("text", para))
    drafts: list[_Draft] = []
    answer = " ".join(" ".join(_without_signature(chunk.answer)).split())
    said = " ".join(l for p in chunk.paras for l in p)
    quoted = " ".join(chunk.quote.lines) if chunk.quote else ""
    response = classify_response(answer, said, quoted) if chunk.answer else Response.NONE
    for group in _requests(items):
        text_paras = [p for k, p in group if k == "text"]
        written = [l for k, p in group if k == "code" for l in p]
        code = [l.strip() for l in written]
        drafts.extend(_group_drafts(chunk, reviewer, msg, title, number, text_paras, code, written, answer,
                                    response))
    return drafts, given


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
        sed = last_kind == "code" and all(re.match(r"^\s*s/[^/]+/[^/]*(/g?)?\s*$", l) for l in last)
        if kind == "code" or goes_on and not sed:
            cur.append((kind, para))
        elif sed or _NEW_REQUEST.match(para[0]) or (words <= 12 and cur_words <= 12 and last_kind == "text"):
            groups.append([(kind, para)])
        else:
            cur.append((kind, para))
    return groups


_MESSAGE_WORDS = re.compile(r"\b(commit (message|log|description|title)|changelog|change ?log|subject|"
                            r"description|message|log|title|wording|sentence|paragraph|typo|spelling|"
                            r"reword|rephrase|describe|explain|mention)\b", re.I)
_NOT_PROSE = re.compile(r"^\s*$|^---\s*$|^\s*\S+\s+\|\s+\d+|^\s*\d+ files? changed|^\s*create mode \d+|"
                        r"^\s*[A-Z][A-Za-z]+(?:-[A-Za-z]+)*:\s*\S.*@|^\s*\+{2,}\s*$|^\s*\S+\s*$")


def _about_message(quote: _Quote | None, comment: str) -> bool:
    """Whether a request under the part above the diff is about the commit message: the quote holds
    some of its prose, or the comment speaks of the message.  A comment under only the trailers and the
    diffstat ("Signed-off-by: ...", " foo.c | 3 +") is about the patch as a whole."""
    if _MESSAGE_WORDS.search(comment):
        return True
    if quote is None:
        return True         # a comment above every quote: kept as it was read
    last: list[str] = []            # the block right above the comment: what the comment is about
    for l in quote.lines:
        if not l.strip() or re.match(r"^---\s*$", l):
            if last:
                last = []
        else:
            last.append(l)
    return any(not _NOT_PROSE.match(l) for l in last) if last else True


_NEW_REQUEST = re.compile(r"^\s*(nit|nitpick|minor|also|another (thing|nit)|btw|side note|unrelated)\b", re.I)


def _group_drafts(chunk: _Chunk, reviewer: Person, msg: Message, title: str, number: int | None,
                  text_paras: list[list[str]], code: list[str], written: list[str], answer: str,
                  response: Response) -> list[_Draft]:
    """The drafts of one request: a trailer request apart, the rest as one comment with its code."""
    drafts: list[_Draft] = []
    # a trailer request is a suggestion of its own
    rest: list[list[str]] = []
    for para in text_paras:
        joined = " ".join(" ".join(para).split())
        m = _TRAILER_REQ.search(joined)
        if m and _TRAILER_INTENT.search(joined) and m.group(1).lower() not in ("signed-off-by",):
            drafts.append(_Draft(title, number, reviewer, joined, [], chunk.quote, answer, response,
                                 "trailer", trailer_name=_canonical_trailer(m.group(1)),
                                 message_id=msg.msgid, seg=chunk.order))
        else:
            rest.append(para)
    if rest or code:
        comment = "\n".join(" ".join(" ".join(p).split()) for p in rest)
        first = comment.split("\n", 1)[0] if comment else ""
        if not code and _AGREE.match(first) and "?" not in comment:
            return drafts
        if not comment and not code:
            return drafts
        in_message = chunk.quote.in_message if chunk.quote else True
        remark = not code and not _REQUEST.search(comment)
        kind = "comment" if remark else ("commit-message" if in_message else "code")
        if kind == "commit-message" and not _about_message(chunk.quote, comment):
            kind = "code"       # about the patch as a whole: a request, but not one on the commit message
        parts = _split_by_answer(comment, answer) if chunk.answer and not code else [(comment, True)]
        for text, addressed in parts:
            drafts.append(_Draft(title, number, reviewer, text, list(code), chunk.quote,
                                 answer if addressed else "", response if addressed else Response.NONE,
                                 kind, message_id=msg.msgid, seg=chunk.order,
                                 continues=bool(re.search(r"(\.\.\.|…)\s*$|\bbut\s*$", text)),
                                 written=list(written)))
    return drafts


_GREETING = re.compile(r"^\s*(?:(?:hi|hello|hey|hallo|dear|greetings|good (?:morning|afternoon|evening))"
                       r"(?:\s+[\w.'-]+){0,3}\s*[,!]?|thanks?(?: you)?(?: (?:a lot|very much|so much))?(?: for (?:the|this|your|working|"
                       r"doing|looking|sending|taking|fixing|posting|the update|the patch)\b[^.!?]{0,80})?[.!]?)\s*$",
                       re.I)
_DASH_NAME = re.compile(r"^\s*-{1,2}\s?[A-Za-z][\w.'-]*(?: [A-Z][\w.'-]*)?\s*$")


def _without_greeting(para: list[str]) -> list[str]:
    """PARA without the greeting lines it starts with ("Hi Jane,", "Thank you for the patch."): they
    ask for nothing.  A greeting sentence that shares its line with the comment is cut off the line."""
    out = list(para)
    while out and _GREETING.match(out[0]):
        out.pop(0)
    if out:
        first = re.match(r"^\s*((?:hi|hello|hey|dear)(?:\s+[\w.'-]+){0,3}\s*[,!]|thanks? (?:you )?for [^.!?]{1,80}[.!])\s+(\S.*)$",
                         out[0], re.I)
        if first:
            out[0] = first.group(2)
    return out


_TRAILER_LINE_MAX = 1000       # characters: a longer line is no trailer


def _find_trailers(para: list[str]) -> tuple[list, list[str]]:
    """b4's trailers of PARA and its other lines.  Lines too long to be a trailer are kept out of b4's
    search (its patterns take time quadratic in the length of a line: three lines of 20,000
    characters took 16 s): the runs of lines between them are searched one by one."""
    if all(len(l) <= _TRAILER_LINE_MAX for l in para):
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


def _without_signature(lines: list[str]) -> list[str]:
    """The answer's lines without a closing signature: a name alone on the last line, and the
    "Thanks," / "Regards," line above it."""
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    if len(out) > 1 and _SIGNATURE.match(out[-1]) and not _ACCEPTED_START.match(out[-1]):
        out.pop()
        while out and not out[-1].strip():
            out.pop()
        if out and re.match(r"^\s*(thanks|thank you|regards|best|cheers|best regards|kind regards)\W*$",
                            out[-1], re.I):
            out.pop()
        while out and not out[-1].strip():
            out.pop()
    return out


def _split_by_answer(comment: str, answer: str) -> list[tuple[str, bool]]:
    """COMMENT split where the answer addresses only some of its requests."""
    if _ACCEPTED_START.match(answer) and len(answer.split()) <= 4:
        return [(comment, True)]
    sentences = _split_sentences(comment.replace("\n", " "))
    if len(sentences) < 2:
        return [(comment, True)]
    words = _content_words(answer)
    hit = [bool(_content_words(s) & words) for s in sentences]
    if all(hit) or not any(hit):
        return [(comment, True)]
    k = hit.index(True)
    if all(hit[k:]) and k > 0 and all(_REQUEST.search(s) or s.endswith(".") for s in sentences[:k]):
        return [(" ".join(sentences[:k]), False), (" ".join(sentences[k:]), True)]
    return [(comment, True)]


def _canonical_trailer(name: str) -> str:
    return "-".join(w.capitalize() if i == 0 else w.lower() for i, w in enumerate(name.split("-")))


# ---- the series ----

def _patch_body(body: str) -> tuple[str, str]:
    """(commit message, diff) of a patch mail body."""
    lines = body.split("\n")
    msg_end = next((i for i, l in enumerate(lines) if l.rstrip() == "---"), None)
    diff_start = next((i for i, l in enumerate(lines) if l.startswith("diff --git ")), None)
    if msg_end is None:
        msg_end = diff_start if diff_start is not None else len(lines)
    message = "\n".join(lines[:msg_end]).strip("\n") + "\n"
    diff = ""
    if diff_start is not None:
        dl = lines[diff_start:]
        end = next((i for i, l in enumerate(dl) if l == "-- "), len(dl))
        diff = "\n".join(dl[:end]).rstrip("\n") + "\n"
    return message, diff


def _is_patch_mail(m: Message) -> bool:
    return m.subject.is_patch and not m.subject.is_reply and not any(l.depth for l in m.lines[:3]) and (
        "diff --git" in m.body or m.subject.number == 0 or "\n---\n" in m.body)


def _rebuilt(conv: Conversation, patch_author: str) -> dict[str, PatchMail]:
    """Patches known only from replies: commit message and diff rebuilt from the deepest quotes."""
    out: dict[str, PatchMail] = {}
    for m in conv.messages:
        if not m.subject.is_patch:
            continue
        key = title_key(m.subject.title)
        depth = max((l.depth for l in m.lines), default=0)
        if depth == 0:
            continue
        qlines = [l.text for l in m.lines if l.depth == depth]
        text = "\n".join(qlines)
        message, diff = _patch_body(text)
        author = m.quote_authors.get(depth) or patch_author or m.author.name
        pm = PatchMail(_number(m.subject), _as_patch_subject(m.subject), Person(author),
                       message=message, diff=diff)
        if key not in out or len(diff) > len(out[key].diff):
            out[key] = pm
    return out


def _number(s: Subject) -> int:
    """Position of a patch mail in its series: a lone patch ("[PATCH v2] ...", no n/m) is patch 1."""
    return 1 if s.number is None else s.number


def _as_patch_subject(s: Subject) -> Subject:
    raw = re.sub(r"^\s*((re|aw|sv|fwd?)\s*:\s*)+", "", s.raw, flags=re.I)
    return parse_subject(raw)


def _series_from_thread(conv: Conversation) -> tuple[list[PatchMail], PatchMail | None, str]:
    mails = [m for m in conv.messages if _is_patch_mail(m)]
    patch_mails = {id(m) for m in mails}
    replies = [m for m in conv.messages if m.subject.is_patch and id(m) not in patch_mails]
    versions = [m.subject.version for m in replies] or [m.subject.version for m in mails]
    version = max(set(versions), key=versions.count) if versions else 1
    mails = [m for m in mails if m.subject.version == version] or mails
    cover = None
    patches: dict[str, PatchMail] = {}
    for m in mails:
        message, diff = _patch_body(m.body)
        pm = PatchMail(_number(m.subject), m.subject, m.author, m.msgid, message, diff)
        if m.subject.number == 0:
            cover = pm
        elif diff:
            patches.setdefault(title_key(m.subject.title), pm)
    author = (mails[0].author.name if mails else "")
    if not author:
        # the patch author is who the deepest quotes belong to
        for m in replies:
            if m.quote_authors:
                author = m.quote_authors[max(m.quote_authors)]
                break
    for key, pm in _rebuilt(conv, author).items():
        if key not in patches and pm.number != 0:
            patches[key] = pm
    ordered = sorted(patches.values(), key=lambda p: (p.number or 0))
    if not ordered:
        raise ReviewError("the thread holds no patch (no [PATCH] mail with a diff and no reply quoting one)")
    return ordered, cover, author


def _mail_from_commit(c: TreeCommit, number: int, total: int, version: int, prefixes: tuple[str, ...]) -> PatchMail:
    pre = " ".join(prefixes or ("PATCH",))
    vs = f" v{version}" if version > 1 else ""
    width = len(str(total))
    raw = f"[{pre}{vs} {number:0{width}d}/{total}] {c.title}"
    return PatchMail(number, parse_subject(raw), Person(c.author, c.email), message=c.message)


def _locate(repo: Repo, patches: list[PatchMail], cover: PatchMail | None,
            series_range: str) -> Series:
    version = patches[0].subject.version
    prefixes = tuple(p for p in patches[0].subject.prefixes if p.upper() != "RESEND")
    if series_range:
        try:
            commits = commits_in_range(repo, series_range)
        except LocateError as e:
            raise ReviewError(str(e)) from e
        found = match_titles([p.subject.title for p in patches], commits)
        result = [_mail_from_commit(c, i + 1, len(commits), version, prefixes) for i, c in enumerate(commits)]
        for i, c in enumerate(commits):
            result[i].commit = c.sha
        for i, pm in enumerate(patches):
            c = found.get(i)
            if c is None:
                # retitled: the commit that adds what the mail adds
                scores = [(content_score(pm.diff, repo, tc.sha), tc) for tc in commits] if pm.diff else []
                best = max(scores, key=lambda s: s[0], default=(0.0, None))
                if best[0] < 0.8 or best[1] is None:
                    raise ReviewError(f"patch \"{pm.subject.title}\" is not in {series_range} "
                                      f"(no commit there has its subject or its changes)")
                c = best[1]
            slot = result[commits.index(c)]
            slot.msgid = pm.msgid
            if pm.diff and "\n" in pm.diff and pm.msgid:
                slot.diff = pm.diff
            slot.subject = Subject(raw=slot.subject.raw, title=slot.subject.title,
                                   prefixes=slot.subject.prefixes, version=version,
                                   number=slot.number, total=len(commits), width=slot.subject.width,
                                   resend=pm.subject.resend)
        base = repo.try_rev(f"{commits[0].sha}^")
        branch = series_range.split("..", 1)[1] if ".." in series_range else ""
        return Series(result, cover, version, base, branch)
    branch, commits = find_in_branches(repo, [p.subject.title for p in patches])
    if commits:
        found = match_titles([p.subject.title for p in patches], commits)
        by_title: list[tuple[PatchMail, str]] = []
        for i, pm in enumerate(patches):
            c = found.get(i)
            if c is not None and (not pm.diff or content_score(pm.diff, repo, c.sha) >= 0.5):
                pm.commit = c.sha
            elif c is not None:
                by_title.append((pm, c.sha))
        if by_title and any(p.commit for p in patches):
            # the branch holds the series (other patches match by content too): a patch whose commit
            # the author has since reworked on the branch is still that patch; the branch is what the
            # next version is made from, and quotes the branch no longer has are reported as such
            for pm, sha in by_title:
                pm.commit = sha
        located = [p for p in patches if p.commit]
        if located and len(located) == len(patches):
            first = min(commits.index(next(c for c in commits if c.sha == p.commit)) for p in located)
            base = repo.try_rev(f"{commits[first].sha}^")
            return Series(patches, cover, version, base, branch)
    return Series(patches, cover, version, "", "")


# ---- anchors ----

def _anchor_for(draft_quote: _Quote | None, narrowed: list[str]) -> Anchor:
    if draft_quote is None:
        return Anchor(in_message=True)
    if draft_quote.in_message:
        return Anchor(code=[l.strip() for l in narrowed], in_message=True)
    return Anchor(file=draft_quote.file, code=[anc.strip_marker(l).strip() for l in narrowed if
                                                norm(anc.strip_marker(l))])


def resolve_anchors(review: Review, repo: Repo | None, check: Check | None = None) -> None:
    """Resolve every code anchor against the tree at its patch's commit (file, function, lines, code).

    CHECK is called between suggestions (it raises to stop the work)."""
    if repo is None:
        return
    commits = {p.number: p.commit for p in review.series.patches}
    changed: dict[str, list[str]] = {}          # commit -> the files it changes (one git call a commit)
    for s in review.suggestions:
        if check is not None:
            check()
        if s.anchor.in_message or not s.quoted:
            continue
        commit = commits.get(s.patch, "")
        if not commit:
            continue
        if commit not in changed:
            changed[commit] = anc.changed_files(repo, commit)
        paths = ([s.anchor.file] if s.anchor.file else []) + \
            [p for p in changed[commit] if p != s.anchor.file]
        m = anc.locate(repo, commit, s.quoted, paths, context=s.quote,
                       function=str(s.params.get("hunk_function", "")))
        if m is None:
            continue
        s.anchor.file = m.path
        s.anchor.lines = (m.first, m.last)
        s.anchor.code = [l.strip() for l in m.lines if l.strip()]
        s.anchor.function = anc.function_name(repo, commit, m.path, m.first)
        s.quoted = anc.restore_quote(s.quoted, m)
        block = anc.comment_block(repo, commit, m.path, m.first, m.last)
        if block:
            s.params["comment_block"] = block


# ---- putting it together ----

def _patch_for(msg: Message, series: Series, conv: Conversation,
               index: "_PatchIndex | None" = None) -> PatchMail | None:
    """The patch (or cover letter) MSG reviews: by title, by the mail it answers, by number."""
    index = index or _PatchIndex(series)
    p = index.by_title.get(title_key(msg.subject.title))
    if p is not None:
        return p
    parent = conv.by_id(msg.in_reply_to)
    if parent is not None:
        found = [index.by_msgid[i] for i in (parent.msgid, *parent.references) if i in index.by_msgid]
        if found:
            return min(found, key=lambda f: f[0])[1]
    if msg.subject.number is not None:
        return index.by_number.get(msg.subject.number)
    return None


class _PatchIndex:
    """The series' patches by title key, Message-Id and number (the first of each, as _patch_for
    scanned them), so that each reply finds its patch without going through the whole series."""

    def __init__(self, series: Series):
        self.by_title: dict[str, PatchMail] = {}
        for p in series.patches + ([series.cover] if series.cover else []):
            self.by_title.setdefault(title_key(p.subject.title), p)
        self.by_msgid: dict[str, tuple[int, PatchMail]] = {}
        for i, p in enumerate(series.patches + ([series.cover] if series.cover else [])):
            if p.msgid:
                self.by_msgid.setdefault(p.msgid, (i, p))
        self.by_number: dict[int, PatchMail] = {}
        for p in series.patches:
            self.by_number.setdefault(p.number, p)


def _norm_text(t: str) -> str:
    return " ".join(re.findall(r"\w+", t.lower()))


def _share_answers(drafts: list[_Draft]) -> None:
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
            same_comment = _in_comment(e.quote) and _in_comment(drafts[j + 1].quote)
            scope = _SCOPE.search(d.response_text)
            if not (same_comment or e.continues or scope):
                break
            if scope and scope.group(1).lower() == "both" and i - j >= 2:
                break
            e.response, e.response_text, e.answered_by = d.response, d.response_text, "shared"
            j -= 1


_SCOPE = re.compile(r"\b(both|all of (?:them|these|those|the above)|all (?:fixed|done|addressed))\b", re.I)


def _in_comment(q: _Quote | None) -> bool:
    if q is None or q.in_message:
        return False
    code = [anc.strip_marker(l).strip() for l in q.lines if anc.strip_marker(l).strip()]
    return bool(code) and all(c.startswith(("/*", "*")) for c in code[-2:])


def read_review(conv: Conversation, repo: Repo | None, series_range: str = "",
                check: Check | None = None) -> Review:
    """The series under review, its suggestions (with responses) and the trailers given.

    CHECK is called between mails and between comments (it raises to stop the work)."""
    patches, cover, patch_author = _series_from_thread(conv)
    if repo is not None:
        try:
            series = _locate(repo, patches, cover, series_range)
        except GitError as e:
            raise ReviewError(f"tree {repo.path}: {e}") from e
    else:
        if series_range:
            raise ReviewError(f"--series {series_range} needs a tree")
        series = Series(patches, cover, patches[0].subject.version)
    known = [m.author for m in conv.messages]
    drafts: list[_Draft] = []
    given: list[Trailer] = []
    forged: list[tuple[Trailer, Person]] = []       # trailers for someone other than who wrote them
    quoted_reviews: set[str] = set()
    patch_index = _PatchIndex(series)
    for msg in conv.messages:
        if check is not None:
            check()
        if _is_patch_mail(msg) or not msg.subject.is_patch and not msg.in_reply_to:
            continue
        pm = _patch_for(msg, series, conv, patch_index)
        if pm is None:
            continue
        r, p, reviewer_name = _depths(msg, patch_author, conv)
        if r < 0:
            continue
        if r > 0 and msg.in_reply_to:
            quoted_reviews.add(msg.in_reply_to)
        reviewer = msg.author if r == 0 else parse_person(reviewer_name)
        msg_drafts: list[_Draft] = []
        for chunk in _chunks(msg, r, p):
            ds, tr = _drafts_from_chunk(chunk, reviewer, msg, pm.subject.title, pm.number)
            msg_drafts.extend(ds)
            for line in tr:
                name, _, value = line.partition(":")
                t = Trailer(name.strip(), parse_person(value.strip()), pm.number, _conditional(chunk),
                            msg.msgid if r == 0 else "")
                if _given_by(reviewer, t.person):
                    given.append(t)
                else:
                    forged.append((t, reviewer))
        _share_answers(msg_drafts)
        drafts.extend(msg_drafts)
    drafts = _merge(drafts, quoted_reviews, check)
    drafts = _without_answered_parts(drafts)
    rounds = _later_rounds(drafts)
    suggestions = _suggestions(drafts, known, repo)
    _mark_follow_ups(suggestions, rounds)
    _take_stated_edits(suggestions)
    trailers = _dedupe_trailers(given, known, repo)
    trailers = _unmet_conditions(trailers, suggestions)
    _not_collected(forged, suggestions)
    review = Review(series, suggestions, trailers, conv)
    resolve_anchors(review, repo, check)
    return review


def _given_by(sender: Person, person: Person) -> bool:
    """Whether a trailer for PERSON was given by SENDER, the person who wrote it (the mail's From:, or the
    author of the quoted words): the same address, or the same name (case, spaces and a parenthesised
    part such as "(Arm)" aside).  Anyone can type "Acked-by: <a maintainer>" into a reply; like b4,
    respin only collects a person's tags from that person's own mail."""
    if sender.email and person.email and sender.email.lower() == person.email.lower():
        return True
    return same_person(sender.name, person.name)


def _not_collected(forged: list[tuple[Trailer, Person]], suggestions: list[Suggestion]) -> None:
    """A skipped trailer suggestion for every trailer given by someone else than its person, so the report
    says "not collected: given by X for Y" and the user can add it by hand if it is genuine."""
    from patches.model import Status
    seen: set[tuple[str, str, int, str]] = set()
    for t, sender in forged:
        key = (t.name.lower(), t.person.name.lower(), t.patch, sender.name.lower())
        if key in seen:
            continue
        seen.add(key)
        n = 1 + max((int(s.id.split(".")[1]) for s in suggestions if s.patch == t.patch), default=0)
        suggestions.append(Suggestion(
            id=f"{t.patch}.{n}", patch=t.patch, reviewer=sender, comment=f"{t.name}: {t.person}",
            anchor=Anchor(in_message=True), response=Response.NONE, kind="trailer", message_id=t.message_id,
            status=Status.SKIPPED, reason=f"not collected: given by {sender} for {t.person}"))


def _unmet_conditions(trailers: list[Trailer], suggestions: list[Suggestion]) -> list[Trailer]:
    """A conditional review ("With that moved: Reviewed-by: ...") is not given when the author declined
    or put off every change that reviewer asked for on the patch: it becomes a skipped trailer
    suggestion that says why.  (When some were done, the later stages decide from their status.)"""
    out = []
    by_person: dict[tuple[int, str], list[Suggestion]] = {}    # (patch, reviewer's name key) -> changes asked
    for s in suggestions:
        if s.kind not in ("trailer", "comment") and name_key(s.reviewer.name):
            by_person.setdefault((s.patch, name_key(s.reviewer.name)), []).append(s)
    last: dict[int, int] = {}                                  # patch -> highest suggestion number
    for s in suggestions:
        last[s.patch] = max(last.get(s.patch, 0), int(s.id.split(".")[1]))
    for t in trailers:
        asked = by_person.get((t.patch, name_key(t.person.name)), []) if t.conditional else []
        unmet = [s for s in asked if s.response in (Response.DECLINED, Response.DEFERRED)]
        if not unmet or len(unmet) < len(asked):    # which of them the condition names is not known
            out.append(t)
            continue
        number = t.patch
        n = 1 + last.get(number, 0)
        last[number] = n
        ids = ", ".join(s.id for s in unmet)
        from patches.model import Status
        suggestions.append(Suggestion(
            id=f"{number}.{n}", patch=number, reviewer=t.person, comment=f"{t.name}: {t.person} (conditional)",
            anchor=Anchor(in_message=True), response=Response.DECLINED, kind="trailer", message_id=t.message_id,
            status=Status.SKIPPED, reason=f"{t.name} was conditional on {ids}, which the author "
                                          f"{unmet[0].response.value}: not added"))
    return out


def _conditional(chunk: _Chunk) -> bool:
    text = " ".join(l for p in chunk.paras for l in p)
    before = re.split(r"\b[A-Z][a-z]+(?:-[a-z]+)*-by:", text)[0]
    return bool(_CONDITIONAL.search(before))


def _merge(drafts: list[_Draft], quoted_reviews: set[str], check: Check | None = None) -> list[_Draft]:
    """One suggestion per comment: an answered copy (from the author's reply) replaces the review's own.

    Each draft is looked up among the earlier ones through _Merged's indexes (by reviewer and patch,
    by words, by quoted code), so that a thread of thousands of replies merges in about linear time;
    the result is the same as comparing every draft with every earlier one, in order."""
    out = _Merged()
    for d in drafts:
        if check is not None:
            check()
        k = out.keys_of(d)
        if _answers_several(d, out, k):
            continue
        twin = out.first(o for o in out.exact.get((k.group, k.words, d.kind, k.quote), {}).values()
                         # the same words under two quotes of one mail are two comments
                         if not (o.message_id == d.message_id and o.seg != d.seg))
        tkey = k.tkey
        # the review mail has this comment under this very code, in a longer comment the answer
        # split: it is that comment's part, not a twin of the same words elsewhere
        if twin is None and tkey and not (d.quote is not None and out.same_code(d, k)):
            # the answer quoted the comment but not (or not the same) code: the review mail says
            # which code the comment is about
            twin = out.first(o for o in out.by_tkey.get((k.group, tkey), {}).values()
                             if o.quote is not None and o.message_id != d.message_id)
            if twin is not None:
                _adopt(d, twin)
        if twin is None:
            # a comment the review mail had as one block and the answer split (or the reverse)
            if tkey:
                pool = out.holding(k.words, out.by_group_quote.get((k.group, k.quote), {}) if d.quote is not None
                                   else out.groups.get(k.group, {}))
                twin = out.first(o for o in pool
                                 if o.message_id != d.message_id and out.part_of(k, o)
                                 and (out.key(o).quote == k.quote or d.quote is None and _code_quote(o)))
            if twin is not None:
                if d.quote is None:
                    _adopt(d, twin)
                if d.response is not Response.NONE or twin.response is Response.NONE:
                    rest = out.key(twin).words.replace(k.words, " ").split()
                    out.insert_before(twin, d)
                    if not rest or all(out.word_elsewhere(w, twin) for w in rest):
                        out.remove(twin)
                continue
            out.append(d)
            continue
        if d.response is not Response.NONE and twin.response is Response.NONE:
            email = twin.reviewer.email or d.reviewer.email
            d.reviewer = Person(twin.reviewer.name if len(twin.reviewer.name) >= len(d.reviewer.name)
                                else d.reviewer.name, email)
            d.message_id = twin.message_id or d.message_id
            out.replace(twin, d)
    return out.drafts


Check = Callable[[], None]      # raises to stop the work (a cancelled or timed-out job)


@dataclass(frozen=True)
class _Keys:
    """What _merge compares a draft by, computed once per draft."""

    group: tuple[str, int | None]   # (reviewer's name key, patch number)
    words: str                      # the comment's words (_norm_text)
    tkey: str                       # the comment's and its code's words (_tkey)
    quote: str                      # the words of the quoted code it is about (_quote_key)
    code: frozenset[str]


def _keys(d: _Draft) -> _Keys:
    return _Keys((name_key(d.reviewer.name), d.patch_number), _norm_text(d.comment), _tkey(d),
                 _quote_key(d), frozenset(d.code))


class _Merged:
    """The drafts _merge keeps, in order, with indexes over them.

    The order is kept with integer labels (with gaps, renumbered when an insertion finds none), so
    that "the first of these candidates" is the one with the smallest label.  Drafts in here are
    not changed in what they are indexed by (reviewer, patch, comment, code, quote, kind)."""

    GAP = 1 << 32

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self._label: dict[int, int] = {}
        self._keys: dict[int, _Keys] = {}
        self.groups: dict[tuple, dict[int, _Draft]] = {}
        self.exact: dict[tuple, dict[int, _Draft]] = {}
        self.by_tkey: dict[tuple, dict[int, _Draft]] = {}
        self.by_group_quote: dict[tuple, dict[int, _Draft]] = {}
        # quote key -> (comment words, code) -> message ids (with counts) of the drafts saying it
        self._by_quote: dict[str, dict[tuple[str, frozenset[str]], dict[str, int]]] = {}
        self._words: dict[str, int] = {}           # word of a kept comment -> how many comments have it
        # candidates for "these words are in that comment" (see holding, held_by)
        self._with_word: dict[str, dict[int, _Draft]] = {}        # word -> the drafts whose comment has it
        self._by_second: dict[tuple, dict[int, _Draft]] = {}      # (group, 2nd word of tkey) -> drafts
        self._short: dict[tuple, dict[int, _Draft]] = {}          # group -> drafts whose tkey has < 3 words
        self._current: tuple[_Draft | None, _Quote | None, _Keys | None] = (None, None, None)

    # -- keys and order --
    def keys_of(self, d: _Draft) -> _Keys:
        """The keys of D, a draft not kept yet (kept until D is added, unless its quote changes)."""
        k = _keys(d)
        self._current = (d, d.quote, k)
        return k

    def key(self, o: _Draft) -> _Keys:
        return self._keys[id(o)]

    def first(self, candidates) -> _Draft | None:
        return min(candidates, key=lambda o: self._label[id(o)], default=None)

    def ordered(self, candidates) -> list[_Draft]:
        return sorted(candidates, key=lambda o: self._label[id(o)])

    def _position(self, o: _Draft) -> int:
        label = self._label[id(o)]
        return bisect_left(self.drafts, label, key=lambda x: self._label[id(x)])

    # -- changes --
    def append(self, d: _Draft) -> None:
        last = self._label[id(self.drafts[-1])] if self.drafts else 0
        self._add(d, last + self.GAP)
        self.drafts.append(d)

    def insert_before(self, twin: _Draft, d: _Draft) -> None:
        pos = self._position(twin)
        if pos > 0 and self._label[id(twin)] - self._label[id(self.drafts[pos - 1])] < 2:
            for i, o in enumerate(self.drafts):
                self._label[id(o)] = (i + 1) * self.GAP
        hi = self._label[id(twin)]
        lo = self._label[id(self.drafts[pos - 1])] if pos > 0 else hi - self.GAP
        self._add(d, (lo + hi) // 2)
        self.drafts.insert(pos, d)

    def replace(self, twin: _Draft, d: _Draft) -> None:
        pos = self._position(twin)
        label = self._label[id(twin)]
        self._drop(twin)
        self._add(d, label)
        self.drafts[pos] = d

    def remove(self, twin: _Draft) -> None:
        pos = self._position(twin)
        self._drop(twin)
        del self.drafts[pos]

    def _indexes(self, d: _Draft, k: _Keys) -> list[dict[int, _Draft]]:
        t = k.tkey.split()
        return [self.groups.setdefault(k.group, {}),
                self.exact.setdefault((k.group, k.words, d.kind, k.quote), {}),
                self.by_tkey.setdefault((k.group, k.tkey), {}),
                self.by_group_quote.setdefault((k.group, k.quote), {}),
                self._by_second.setdefault((k.group, t[1]), {}) if len(t) >= 3
                else self._short.setdefault(k.group, {})] + \
            [self._with_word.setdefault(w, {}) for w in set(k.words.split())]

    def _add(self, d: _Draft, label: int) -> None:
        cur, quote, k = self._current
        if cur is not d or quote is not d.quote or k.group[0] != name_key(d.reviewer.name):
            k = _keys(d)        # _merge adopted a quote for it
        self._keys[id(d)] = k
        self._label[id(d)] = label
        for index in self._indexes(d, k):
            index[id(d)] = d
        ids = self._by_quote.setdefault(k.quote, {}).setdefault((k.words, k.code), {})
        ids[d.message_id] = ids.get(d.message_id, 0) + 1
        for w in set(k.words.split()):
            self._words[w] = self._words.get(w, 0) + 1

    def _drop(self, d: _Draft) -> None:
        k = self._keys.pop(id(d))
        del self._label[id(d)]
        for index in self._indexes(d, k):
            del index[id(d)]
        texts = self._by_quote[k.quote]
        ids = texts[(k.words, k.code)]
        ids[d.message_id] -= 1
        if not ids[d.message_id]:
            del ids[d.message_id]
        if not ids:
            del texts[(k.words, k.code)]
        for w in set(k.words.split()):
            self._words[w] -= 1

    # -- questions --
    def holding(self, words: str, pool: dict[int, _Draft]):
        """The drafts of POOL whose comment may hold WORDS (a _norm_text) as a part: when WORDS has three
        words or more, its inner words are whole words of such a comment, so the drafts having the
        rarest of them are enough to look at."""
        inner = words.split()[1:-1]
        if not inner:
            return pool.values()
        rarest = min((self._with_word.get(w, {}) for w in inner), key=len)
        if len(rarest) >= len(pool):
            return pool.values()
        return [o for i, o in rarest.items() if i in pool]

    def held_by(self, group: tuple, text: str) -> list[_Draft]:
        """The drafts of GROUP whose tkey may be a part of TEXT: a tkey of three words or more has its
        second word as a whole word of TEXT."""
        found = list(self._short.get(group, {}).values())
        for w in set(text.split()):
            found += self._by_second.get((group, w), {}).values()
        return found

    def part_of(self, k: _Keys, o: _Draft) -> bool:
        """K's words are a part of O's comment, and the code K carries is code O carries."""
        ko = self.key(o)
        return (not k.words or k.words in ko.words) and k.code <= ko.code and bool(k.words or k.code)

    def same_code(self, d: _Draft, k: _Keys) -> bool:
        """Another mail has D's comment (or a longer one holding it) under the code D quotes."""
        if len(k.words.split()) >= 3:
            inner = k.words.split()[1:-1]
            rarest = min((self._with_word.get(w, {}) for w in inner), key=len)
            return any(o.message_id != d.message_id and self.key(o).quote == k.quote and self.part_of(k, o)
                       for o in rarest.values())
        for (words, code), ids in self._by_quote.get(k.quote, {}).items():
            if (not k.words or k.words in words) and k.code <= code and bool(k.words or k.code) \
                    and (len(ids) > 1 or d.message_id not in ids):
                return True
        return False

    def word_elsewhere(self, w: str, twin: _Draft) -> bool:
        """W is in the words of a kept comment other than TWIN's."""
        if self._words.get(w, 0) > (1 if w in self.key(twin).words.split() else 0):
            return True
        return any(w in self.key(o).words for o in self.drafts if o is not twin)


def _without_answered_parts(drafts: list[_Draft]) -> list[_Draft]:
    """An unanswered comment loses the paragraphs and code that the author's reply quoted and answered
    separately (the reply split one long comment): what is left is the part nobody answered, and a
    comment wholly answered elsewhere goes.  Unanswered comments are applied by default, so a leftover
    copy would do the answered change a second time."""
    answered: dict[tuple[str, int | None], list[_Draft]] = {}
    for d in drafts:
        if d.response is not Response.NONE and d.kind != "trailer":
            answered.setdefault((name_key(d.reviewer.name), d.patch_number), []).append(d)
    keys: dict[int, str] = {}           # id(draft) -> its quote key, computed once (narrowing is not cheap)
    words: dict[int, str] = {}          # id(draft) -> its comment's words

    def key(d: _Draft) -> str:
        if id(d) not in keys:
            keys[id(d)] = _quote_key(d)
        return keys[id(d)]

    out: list[_Draft] = []
    for d in drafts:
        others = answered.get((name_key(d.reviewer.name), d.patch_number), [])
        if d.response is not Response.NONE or d.kind == "trailer" or not others:
            out.append(d)
            continue
        # the reply quoted the comment (no code) or the same code: the same comment's parts
        others = [o for o in others if o.message_id != d.message_id
                  and (not _code_quote(o) or key(o) == key(d))]
        said = [words.setdefault(id(o), _norm_text(o.comment)) for o in others]
        code = {c for o in others for c in o.code}
        paras = [p for p in d.comment.split("\n") if not (_norm_text(p) and any(_norm_text(p) in s for s in said))]
        rest_code = [c for c in d.code if c not in code]
        if len(paras) == len(d.comment.split("\n")) and rest_code == d.code:
            out.append(d)
            continue
        if not any(_norm_text(p) for p in paras) and not rest_code:
            continue
        d.comment, d.code = "\n".join(paras), rest_code
        d.written = [w for w in d.written if w.strip() in rest_code]
        if not rest_code and not _REQUEST.search(d.comment):
            d.kind = "comment"
        out.append(d)
    return out


def _later_rounds(drafts: list[_Draft]) -> dict[int, int]:
    """A second round: a reply (by the reviewer or another one) that quotes an earlier comment together
    with the author's answer to it goes on discussing that comment.  The author's answer to the reply is
    the author's last word on the point, so it becomes the point's response (an agreement reached after
    an argument, or a refusal after an agreement).  Returns {follow-up index: index of the point}."""
    links: dict[int, int] = {}
    # answered comments, looked up by the first words of their answer (a reply quotes that answer)
    answered: dict[tuple[int | None, tuple[str, ...]], list[tuple[int, str, str]]] = {}
    for j, o in enumerate(drafts):
        if o.response_text and o.kind != "trailer":
            answer = _norm_text(o.response_text).split()[:12]
            if answer:
                answered.setdefault((o.patch_number, tuple(answer[:3])), []).append(
                    (j, _norm_text(o.comment), " ".join(answer)))
    if not answered:
        return links
    for i, d in enumerate(drafts):
        if d.quote is None or d.kind == "trailer":
            continue
        said = _norm_text(" ".join(d.quote.lines))
        ws = said.split()
        found = {c for n in (1, 2, 3) for k in range(len(ws) - n + 1)
                 for c in answered.get((d.patch_number, tuple(ws[k:k + n])), ())}
        best, at = -1, -1
        for j, words, answer in sorted(found):
            o = drafts[j]
            if j == i or o.message_id == d.message_id:
                continue
            pos = said.rfind(words) if words else -1
            if pos < 0 or not answer or said.find(answer, pos + len(words)) < 0:
                continue
            if pos > at:
                best, at = j, pos
        if best < 0:
            continue
        root = links.get(best, best)
        links[i] = root
        point = drafts[root]
        if d.response is not Response.NONE:
            point.response, point.response_text = d.response, d.response_text
    return links


def _mark_follow_ups(suggestions: list[Suggestion], links: dict[int, int]) -> None:
    """A follow-up whose round the author answered, or one on a point the author declined or put off,
    is part of that point's discussion: skipped, saying which point it discusses.  (A follow-up on an
    accepted point that nobody answered may ask for something new and stays a suggestion.)"""
    from patches.model import Status
    for i, root in links.items():
        s, point = suggestions[i], suggestions[root]
        if s.response is Response.NONE and point.response not in (Response.DECLINED, Response.DEFERRED):
            continue
        s.kind, s.status = "discussion", Status.SKIPPED
        s.reason = f"discussion of {point.id} ({point.response.value} by the author" + (
            f": \"{' '.join(point.response_text.split())[:120]}\")" if point.response_text else ")")


_SAME = re.compile(r"^\s*(?:and\s+|also\s+)?(?:the\s+)?same\b(?:\s+(?:applies|goes|here|for|below|again|thing))?", re.I)


def _take_stated_edits(suggestions: list[Suggestion]) -> None:
    """The change the author's answer states exactly becomes the suggestion's code (see patches.stated).

    Agreed ("I'll change the 2 u64-s here to s64"): the suggestion carries the author's form.  A
    counter-proposal the author makes instead of what was asked ("I would prefer to change this to X"):
    the request stays declined and a suggestion of the same reviewer with the author's form is added.
    An agreed "Same applies here." under the next quote takes the previous point's stated form, when
    it maps onto its own quoted lines the same way."""
    earlier: list[tuple[Suggestion, stated.StatedEdit]] = []
    for s in list(suggestions):
        if s.kind in ("trailer", "discussion", "commit-message") or s.anchor.in_message or s.code or \
                not s.quote:
            continue
        edit = None
        if s.response in (Response.ACCEPTED, Response.DECLINED) and s.response_text:
            edit = stated.replacement(s.response_text, s.quote) or stated.added_statement(s.response_text, s.quote)
        if edit is None and s.response is Response.ACCEPTED and _SAME.match(s.comment):
            # "the same" is the latest earlier point of this review whose stated change fits this quote
            for prev, prev_edit in reversed(earlier):
                if prev.message_id == s.message_id and prev.reviewer == s.reviewer:
                    edit = stated.same_edit(prev_edit, s.quote)
                    if edit is not None:
                        break
        if edit is None:
            continue
        target = s
        if s.response is Response.DECLINED:
            n = 1 + max(int(o.id.split(".")[1]) for o in suggestions if o.patch == s.patch)
            target = Suggestion(id=f"{s.patch}.{n}", patch=s.patch, reviewer=s.reviewer, comment=s.comment,
                                anchor=Anchor(file=s.anchor.file), response=Response.ACCEPTED,
                                response_text=s.response_text, kind="code", quoted=list(s.quoted),
                                message_id=s.message_id, quote=list(s.quote), params=dict(s.params))
            suggestions.append(target)
        lines = [f"-{o.strip()}" for o in edit.old] + [f"+{n.strip()}" for n in edit.lines] if edit.old \
            else list(edit.lines)
        target.code = [l.strip() for l in lines]
        target.written = list(lines)
        target.code_from = "author"
        if target.kind == "comment":
            target.kind = "code"
        if edit.old:
            target.quoted = ["+" + l for l in edit.old]
            target.anchor.code = [l.strip() for l in edit.old]
            target.anchor.lines = None
        earlier.append((s, edit))


def _tkey(d: _Draft) -> str:
    """The words of a comment and of the code the reviewer wrote in it."""
    return _norm_text(d.comment + "\n" + "\n".join(d.code))


def _code_quote(d: _Draft) -> bool:
    return d.quote is not None and not d.quote.in_message


def _adopt(d: _Draft, twin: _Draft) -> None:
    """D answers TWIN's comment without quoting its code: it is about TWIN's code."""
    d.quote = twin.quote
    if d.kind not in ("comment", "trailer"):
        d.kind = twin.kind


def _answers_several(d: _Draft, out: _Merged, k: _Keys) -> bool:
    """One answer below several quoted comments ("Will do, all three"): each comment quoted gets it.

    D is the author's reply read as a comment: it quotes no code, and its text is made of the
    texts of earlier comments of the same reviewer on the same patch."""
    if d.response is Response.NONE or not (d.quote is None or d.quote.in_message):
        return False
    text = k.tkey
    covered = out.ordered(o for o in out.held_by(k.group, text)
                          if o.message_id != d.message_id and out.key(o).tkey and out.key(o).tkey in text)
    if len(covered) < 2:
        return False
    rest = text
    for o in covered:
        rest = rest.replace(out.key(o).tkey, " ")
    if len(rest.split()) > 3:
        return False            # the answer quoted more than those comments: not only theirs
    for o in covered:
        if o.response is Response.NONE:
            o.response, o.response_text, o.answered_by = d.response, d.response_text, d.message_id
    return True


def _quote_key(d: _Draft) -> str:
    if d.quote is None:
        return ""
    return _norm_text(" ".join(_narrow(d.quote, d.comment)))


def _suggestions(drafts: list[_Draft], known: list[Person], repo: Repo | None) -> list[Suggestion]:
    counters: dict[int, int] = {}
    result: list[Suggestion] = []
    address = Addresses(known, repo)
    for d in drafts:
        number = d.patch_number or 0
        counters[number] = counters.get(number, 0) + 1
        reviewer, where = address.resolve(d.reviewer)
        narrowed = _narrow(d.quote, d.comment) if d.quote else []
        anchor = _anchor_for(d.quote, narrowed)
        s = Suggestion(id=f"{number}.{counters[number]}", patch=number, reviewer=reviewer,
                       comment=d.comment, anchor=anchor, response=d.response,
                       response_text=d.response_text, kind=d.kind, quoted=list(narrowed),
                       code=list(d.code), message_id=d.message_id, written=list(d.written),
                       quote=anc.code_lines(d.quote.lines) if d.quote and not d.quote.in_message else [],
                       quote_diff=list(d.quote.lines) if d.quote and not d.quote.in_message else [])
        if d.quote and d.quote.function:
            s.params["hunk_function"] = d.quote.function
        if d.kind == "trailer":
            s.trailer = f"{d.trailer_name}: {reviewer}" if reviewer.email else ""
            s.address_from = where if reviewer.email else ""
            if not reviewer.email:
                s.reason = f"no address for {reviewer.name} in the thread or the tree's MAINTAINERS/.mailmap"
        result.append(s)
    return result


def _dedupe_trailers(given: list[Trailer], known: list[Person], repo: Repo | None) -> list[Trailer]:
    out: list[Trailer] = []
    address = Addresses(known, repo)
    seen: set[tuple[str, str, int]] = set()
    for t in given:
        person, where = address.resolve(t.person)
        t = Trailer(t.name, person, t.patch, t.conditional, t.message_id, where if person.email else "")
        key = (t.name.lower(), name_key(t.person.name), t.patch)
        if key[1] and key in seen:          # same_person: equal, non-empty name keys
            continue
        seen.add(key)
        out.append(t)
    return out
