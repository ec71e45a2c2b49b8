"""The voices of a review mail: which quote depth is the patch, which the reviewer, which the author.

A message holds up to three voices: the patch (deepest quotes), the reviewer (one level up) and the
patch author's answers (unquoted, in the author's reply).  A mail reads as chunks: the reviewer's
paragraphs under the patch lines quoted right above them, with the answer that follows them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from patches import anchor as anc
from patches.answers import SIGNATURE, accepted_words, mixed, objects_to, without_signature
from patches.ctext import mask
from patches.model import Conversation, Line, Message
from patches.people import named_by, same_person
from patches.tagasks import OTHER
from patches.words import GREETING, SIGNOFF

DIFF_START = re.compile(r"^(diff --git |@@ |\+\+\+ |--- a/|Index: |---\s*$)")

# a context line of a diff quoted without the hunk header or any +/- line: the one-space marker, then
# indented code or a line of C (`;`, `{` or `}` at its end); prose of a commit message does not start so
DIFF_CONTEXT = re.compile(r"^ (?:\t|[^\s].*[;{}]\s*$)")

_ELISION = re.compile(r"^\s*(?:\(\s*(?:\.{2,}|…|snip(?:ped)?)\s*\)|\[\s*(?:\.{2,}|…|snip(?:ped)?)\s*\]|"
                      r"<\s*/?\s*snip(?:ped)?\s*>|-*8<-*|-+\s*snip\s*-+|snip(?:ped)?|\.{3,}|…)\s*$", re.I)

# an elision mark indented as code ("\t...", "        [...]"): in the reviewer's own code, the lines left out
_CODE_ELISION = re.compile(r"^[ \t]+\S")


def is_elision(text: str) -> bool:
    """Whether TEXT alone on its line is an elision mark ("...", "[...]", "<snip>")."""
    return _ELISION.match(text) is not None and not is_blank(text)


@dataclass
class Quote:
    lines: list[str]            # patch lines (text after the markers)
    in_message: bool
    file: str = ""
    function: str = ""          # the function the last hunk header above the quote names
    depths: list[int] = field(default_factory=list)     # the quote depth of each line, when read from a mail

    def code(self) -> list[str]:
        """LINES without the words of other mails quoted among the patch lines: in a reply to a reply, the
        comment this mail answers (another reviewer's, or the author's answer) stands quoted less deep
        than the code it was about, and is no code of the patch.  Blank lines stay (they part the code)."""
        if self.in_message or len(self.depths) != len(self.lines):
            return list(self.lines)
        deepest = max((d for ln, d in zip(self.lines, self.depths, strict=True) if _PATCH_LINE.match(ln)), default=0)
        return [ln for ln, d in zip(self.lines, self.depths, strict=True)
                if d >= deepest or not ln.strip() or _PATCH_LINE.match(ln)]


# a line of a patch as quoted: added, removed or context, a hunk header or a diff header
_PATCH_LINE = re.compile(r"^(?:[+ -]|@@ |diff --git |index |\\ )")


@dataclass
class Chunk:
    quote: Quote | None
    paras: list[list[str]] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    order: int = 0              # position of the quote segment in the message
    ahead: bool = False         # written above its quote (the quote is the one under it)
    opening: bool = False       # written above the attribution line, before anything is quoted
    answer_depth: int = -1      # the quote depth of the answer's words (0: written in this mail)


def is_blank(text: str) -> bool:
    return not text.strip()


def depths(msg: Message, patch_author: str, conv: Conversation) -> tuple[int, int, str]:
    """(reviewer depth, patch depth, reviewer name) of MSG."""
    if not same_person(msg.author.name, patch_author) or not patch_author:
        return 0, 1, msg.author.name
    qa = msg.quote_authors
    for d in sorted(qa):
        if not same_person(qa[d], patch_author):
            return d, d + 1, _quoted_author(qa[d], _ancestor(msg, d, conv))
    if any(ln.depth >= 2 for ln in msg.lines):
        parent = conv.by_id(msg.in_reply_to)
        name = parent.author.name if parent else qa.get(1, "")
        return 1, 2, name
    return -1, -1, ""


def _ancestor(msg: Message, d: int, conv: Conversation) -> Message | None:
    """The mail D replies up from MSG (1: the one it answers), or None where the chain breaks."""
    m: Message | None = msg
    for _ in range(d):
        m = conv.by_id(m.in_reply_to) if m is not None else None
    return m


def _quoted_author(name: str, quoted: Message | None) -> str:
    """Who an attribution NAME stands for: the sender of the mail QUOTED at that depth when NAME is that
    sender as a client writes it ("Heike" for Heike Sandmann, "<heike@example.de>", "heike.sandmann"),
    so that the comments quoted are the ones that sender made; NAME itself otherwise."""
    return quoted.author.name if quoted is not None and named_by(name, quoted.author) else name


def paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for ln in lines:
        if is_blank(ln):
            if paras[-1]:
                paras.append([])
        else:
            paras[-1].append(ln)
    return [p for p in paras if p]


def chunks(msg: Message, r: int, p: int) -> list[Chunk]:
    """Reviewer comments at depth R with the patch quote (depth >= P) above them and the answer below."""
    reader = _Reader(msg.lines, r)
    top: list[str] = []         # the author's words above everything quoted (a top-posted answer)
    for i, ln in enumerate(msg.lines):
        if reader.in_notice(i, msg.author.name):
            continue            # nobody wrote it to the author
        if ln.depth >= p and _ELISION.match(ln.text):
            reader.comment(i, ln.text)      # "> [...]": the quote is cut there as by a mark between quotes
        elif ln.depth >= p:
            reader.quoted(ln.text, ln.depth)
        elif ln.depth == 0 and list_footer(msg.lines, i):
            break               # what the mailing list put under the mail
        elif ln.depth == r:
            if ln.text.rstrip() == "--" and ln.depth == 0:
                break           # the signature separator: a signature, a list footer, nothing to act on
            reader.comment(i, ln.text)
        else:
            if is_blank(ln.text) or attribution_line(msg.lines, i, ln.depth) or _ELISION.match(ln.text):
                continue        # an elision mark ("[...]") says the rest was cut: no answer
            if ln.text.strip() == "--":
                break
            if not reader.chunks and reader.quote is None:
                top.append(ln.text)
            reader.answer(ln.text, ln.depth)
    for c in reader.chunks:
        c.paras = [pp for pp in c.paras if pp]
    out = [c for c in reader.chunks if c.paras]
    if _written_above(out, reader.seg, reader.seg_quotes):
        # the whole mail is written the "code below" way: each comment goes with the quote under it
        for c in out:
            if not c.ahead and c.order + 1 in reader.seg_quotes:
                c.order += 1
                c.quote, c.ahead = reader.seg_quotes[c.order], True
    _answer_from_top(out, top, msg.author.name)
    return out


def _answer_from_top(out: list[Chunk], top: list[str], sender: str) -> None:
    """"Thanks, I will fix all of it in v2." above the whole review (TOP) answers each comment quoted below
    it, when nothing under the comments answers them and it speaks of all of them (or there is one)."""
    said = [c for c in out if not _greeting(c)]         # the reviewer's "Hi Marta," quoted: no comment
    # "All fine, but I'd keep readl()." above several: it leaves one out (patches.partial)
    if top and said and all(_signed_only(c.answer, sender) for c in out) and \
            not _EXCEPT.search(" ".join(top)) and not _ELSEWHERE.search(" ".join(top)) and \
            (len(said) == 1 or _COVERS_ALL.search(" ".join(top)) and not mixed(" ".join(top)) and
             not _keeps_some(" ".join(top))):
        for c in said:
            c.answer = list(top)


def _keeps_some(text: str) -> bool:
    """Whether TEXT takes some comments up and refuses others in sentences of their own ("Will switch both
    accessors. I'd keep the clk name though.")."""
    sentences = [x for x in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())) if x.strip()]
    return any(objects_to(x) and not accepted_words(x) for x in sentences) and \
        any(accepted_words(x) for x in sentences)


_TAG_LINE = re.compile(r"^\s*[A-Z][A-Za-z]*(?:-[A-Za-z]+)*-by:\s")


# "Comments inline.", "A few remarks below.": what the mail says of itself, no request
MORE_BELOW = re.compile(r"^\W*(?:(?:some|a few|my|one|a|two|few|more)\s+)?(?:comments?|remarks?|notes?|nits?|"
                        r"questions?)\s+(?:inline|in-line|below)\W*$", re.I)


def _written_above(out: list[Chunk], segs: int, seg_quotes: dict[int, Quote]) -> bool:
    """Whether the comments of a mail stand above the code quotes they are about: the first request comes
    before anything is quoted, every comment has a code quote right under it, and nothing but a closing,
    a name or tags follows the last quote.  A mail that starts with a question and then comments under
    quotes is read the usual way."""
    said = [c for c in out if not _greeting(c) and not c.opening and
            not MORE_BELOW.search(" ".join(ln for p in c.paras for ln in p))]
    if len(said) < 2 or (said[0].quote is not None and not said[0].ahead) or segs not in seg_quotes:
        return False            # one comment above the quote is a top-posted one (unless it ends in a colon)
    last = [c for c in said if c.order == segs and not c.ahead]
    if any(not _closing_only(c) for c in last) or any(c.answer for c in said):
        return False
    # a code quote right under each (a greeting or "Looks fine overall." above a quoted commit message is
    # the mail's opening, not a comment on the commit message)
    return all(c.ahead or c.order < segs and c.order + 1 in seg_quotes for c in said if c not in last)


def _closing_only(c: Chunk) -> bool:
    """Whether chunk C holds nothing but a closing and a name, or tags ("Thanks,\nAgnieszka")."""
    lines = [ln for p in c.paras for ln in p if ln.strip() and not _TAG_LINE.match(ln)]
    return len(lines) <= 3 and all(SIGNOFF.match(ln) or SIGNATURE.match(ln) for ln in lines)


def _greeting(c: Chunk) -> bool:
    """Whether chunk C, no code quoted above it, holds greeting lines only ("Hi Marta,")."""
    return c.quote is None and all(GREETING.match(ln) for p in c.paras for ln in p)


def _signed_only(answer: list[str], sender: str) -> bool:
    """Whether ANSWER, the words under a quote, is no answer: nothing, or the sender's signature alone
    ("Thanks,\nMarta", or the name by itself on the last line of a top-posted mail)."""
    rest = [ln.strip() for ln in without_signature(answer)]
    names = {sender.strip(), sender.split()[0] if sender.split() else ""} - {""}
    return not rest or rest == [rest[0]] and rest[0].rstrip(".,") in names


def rest_answer(msg: Message, p: int) -> list[str]:
    """The top-posted answer of MSG when it is about every comment ("I will address all of these") and
    the author cut the review below it short ("[...]", "<snip>"): it answers the comments of the mail
    it replies to that it no longer quotes too.  [] otherwise.  P: the depth of the patch quote."""
    top: list[str] = []
    elided = False
    for i, ln in enumerate(msg.lines):
        if _ELISION.match(ln.text):
            elided = True
        elif ln.depth == 0 and not elided and not any(x.depth > 0 for x in msg.lines[:i]):
            if ln.text.rstrip() == "--":
                break
            if not is_blank(ln.text) and not attribution_line(msg.lines, i, 0):
                top.append(ln.text)
    if not top or not elided or p <= 1 or not _COVERS_ALL.search(" ".join(top)) or _EXCEPT.search(" ".join(top)):
        return []
    return top


def closing_answer(msg: Message) -> list[str]:
    """The paragraph of MSG, below everything it quotes, that answers the comments it did not answer one
    by one ("The other comments I will fix as you suggest.", "Everything else: will do."): it answers
    the comments of the mail it replies to that are left without an answer.  [] otherwise."""
    last = max((i for i, ln in enumerate(msg.lines) if ln.depth > 0), default=-1)
    if last < 0:
        return []
    tail: list[str] = []
    for i in range(last + 1, len(msg.lines)):
        ln = msg.lines[i]
        if ln.depth == 0 and ln.text.rstrip() == "--" or list_footer(msg.lines, i):
            break
        if ln.depth == 0:
            tail.append(ln.text)
    # the first paragraph under the last quote is its answer ("The rest of this driver does not ...")
    for para in paragraphs(without_signature(tail))[1:]:
        said = " ".join(x.strip() for x in para)
        if _THE_OTHERS.search(said) and not _ELSEWHERE.search(said) and not _EXCEPT.search(said):
            return para
    return []


def covering_answer(msg: Message) -> list[str]:
    """The answer of MSG when it quotes none of the patch (only the reviewer's prose, say the closing
    "Otherwise looks fine.", or nothing) and says, without a question or an exception, that the author
    takes every comment ("Thanks, I'll fix all of these in v2."): it answers each comment of the mail it
    replies to.  [] otherwise."""
    if any(ln.depth > 0 and _DIFF_LINE.match(ln.text) for ln in msg.lines):
        return []
    own: list[str] = []
    for i, ln in enumerate(msg.lines):
        if ln.depth == 0 and ln.text.rstrip() == "--" or list_footer(msg.lines, i):
            break
        if ln.depth == 0 and not attribution_line(msg.lines, i, 0):
            own.append(ln.text)
    for para in paragraphs(without_signature(own)):
        said = " ".join(x.strip() for x in para)
        if _COVERS_ALL.search(said) and _TAKES.search(said) and "?" not in said and not _EXCEPT.search(said) \
                and not _ELSEWHERE.search(said) and not _BUT.search(said):
            return para
    return []


# a line of the patch as a reply quotes it: added, removed, a hunk header, a diff header, context
_DIFF_LINE = re.compile(r"^(?:[+-](?:\s|$)|[+-][^+-]|@@ |diff --git |index [0-9a-f]+\.\.| \t)")
# "I'll fix", "will do", "I agree", "ack": taking the comments (a doubt or a refusal is no cover-all answer)
_TAKES = re.compile(r"\b(?:will|I'?ll|I\s+will|going\s+to)\s+(?:fix|address|change|do|update|apply|take|rework|"
                    r"incorporate|handle)\b|\b(?:agree|agreed|ack(?:ed)?|fixed|done)\b", re.I)
_BUT = re.compile(r"\b(?:but|however|though|disagree|not\s+sure|don'?t|won'?t|wouldn'?t|rather\s+not|"
                  r"prefer\s+to\s+keep)\b", re.I)


# "the other comments", "the rest of your points", "everything else", "the remaining nits": what a
# closing paragraph is about when it answers what was not answered inline
_KINDS = r"(?:comments?|points?|remarks?|suggestions?|nits?|issues?|review|feedback)"
_THE_OTHERS = re.compile(rf"\b(?:the\s+(?:other|remaining)\s+(?:{_KINDS}|ones|things)|the\s+rest\s+of\s+(?:your|the)\s+"
                         rf"{_KINDS}|(?:^|[.;:]\s*|\b(?:for|and|as\s+for)\s+)the\s+rest\b(?!\s+of\b)|"
                         r"(?:all\s+)?the\s+others\b|everything\s+else|all\s+else)", re.I)


_RULE = re.compile(r"^\s*(?:_{20,}|-{20,}|={20,})\s*$")
_LIST_WORDS = re.compile(r"\bmailing\s+list\b|\blistinfo\b|\bunsubscribe\b|\bmailman\b|\blist\s+archives?\b", re.I)


def list_footer(lines: list[Line], i: int) -> bool:
    """Whether line I of LINES starts the footer a mailing list adds under each mail (a long rule of
    underscores or dashes, then the list's name and address or how to unsubscribe, within three
    lines): nobody wrote it to the author."""
    if not _RULE.match(lines[i].text):
        return False
    after = [ln.text for ln in lines[i + 1:i + 4] if ln.depth == lines[i].depth and ln.text.strip()]
    return any(_LIST_WORDS.search(t) for t in after)


# the words of the legal notices company mail servers add: one that only such a notice says ...
_LEGAL_STRONG = re.compile(r"\bintended\s+(?:recipient|addressee)s?\b|\bnotify\s+(?:the\s+)?sender\b|"
                           r"\b(?:received|reached\s+you)\b.{0,40}\bin\s+error\b|\baddressee\b|"
                           r"\bEmpfänger\b|\bmottagare\b|\bdestinataire\b|\bvertrauliche\s+Informationen\b", re.I)
# ... or three of these
_LEGAL = re.compile(r"\b(?:confidential|privileged|vertraulich|konfidentiell|unauthori[sz]ed|prohibited|"
                    r"strictly\s+forbidden|disclaimer|legally|intended\s+only|delete\s+(?:it|this|the))\b", re.I)
# ... that speak of the mail itself
_LEGAL_SELF = re.compile(r"\b(?:this|the)\s+(?:e-?mail|message|communication|transmission)\b|\battachments?\b|"
                         r"\bdiese[rs]?\s+(?:e-?mail|nachricht)\b", re.I)
_LEGAL_HEAD = re.compile(r"^\s*(?:CONFIDENTIALITY\s+NOTICE|DISCLAIMER|LEGAL\s+NOTICE|IMPORTANT\s+NOTICE)\b", re.I)


def _signature_above(lines: list[Line], i: int, sender: str) -> list[str]:
    """The signature block a legal notice on line I hangs under: the unquoted lines right above it, up to
    a blank or quoted one (at most five), when the first of them names the sender ("Ines Carvalho",
    "Jane Roe | Principal Engineer"); [] otherwise (a request written right above the notice stays)."""
    j = i
    while j > 0 and i - j < 5 and lines[j - 1].depth == 0 and lines[j - 1].text.strip():
        j -= 1
    if j == i or j > 0 and lines[j - 1].text.strip() and not lines[j - 1].depth:
        return []
    names = {w.lower() for w in re.findall(r"\w+", sender) if len(w) > 1}
    first = {w.lower() for w in re.findall(r"\w+", lines[j].text)}
    return [ln.text for ln in lines[j:i]] if names & first else []


def disclaimer(lines: list[Line], i: int) -> bool:
    """Whether line I of LINES (unquoted) starts a legal disclaimer: a line that says something legal
    ("confidential", "If you are not the intended recipient ...") or is its heading, in a run of up to
    eight lines that holds a phrase only such notices use (the intended recipient, notify the sender,
    received in error) or three of their legal words and speaks of the mail itself.  A review that says
    "please delete this message" of a log message, or "confidential" of a key, is none."""
    text = lines[i].text
    if not (_LEGAL_HEAD.match(text) or _LEGAL_STRONG.search(text) or _LEGAL.search(text)):
        return False
    run = " ".join(ln.text for ln in lines[i:i + 8] if ln.depth == 0)
    return bool(_LEGAL_STRONG.search(run)) or len({m.group(0).lower() for m in _LEGAL.finditer(run)}) >= 3 \
        and _LEGAL_SELF.search(run) is not None


# "all of these except the mode one", "but the last": which comments the answer leaves out cannot be
# told from a review cut short
_EXCEPT = re.compile(r"\b(?:except|apart\s+from|other\s+than|besides|save\s+for|excluding|with\s+the\s+exception|"
                     r"but\s+(?:the|not|for|that|this|one|two))\b", re.I)


# "I'll look into the other thread", "answered in my other mail", "the next patch": a top-posted answer
# about something else than the review quoted below it
_ELSEWHERE = re.compile(OTHER.pattern + r"|\b(?:other|another|separate|different|previous|earlier|later)\s+"
                        r"(?:thread|e-?mail|mail|message|reply|discussion|report|bug)s?\b", re.I)


# a top-posted answer that is about every comment quoted below it (not one of them)
_COVERS_ALL = re.compile(r"\b(?:all|every(?:thing)?|each|both|these|those|them|your (?:comments|points|"
                         r"suggestions|remarks|review))\b", re.I)


class _Reader:
    """The state of chunks() going through one mail: the patch quote being read (its lines, whether the
    diff has started, the file and function it is in), the segment count and the chunk being filled."""

    def __init__(self, lines: list[Line], r: int):
        self.lines, self.r = lines, r
        self.chunks: list[Chunk] = []
        self.quote: Quote | None = None
        self.seg_lines: list[str] = []
        self.seg_depths: list[int] = []         # the quote depth of each line of seg_lines
        self.in_diff = False
        self.file = ""
        self.function = ""
        self.last_kind = ""
        self.elided_from = ""          # what came right before an elision mark: "q" a quote, "c" a comment
        self.seg = 0
        self.cur: Chunk | None = None
        self.forward: Chunk | None = None      # a comment about the quote below it, while that is read
        self.before: list[str] = []             # the previous quote segment, when this one goes on in its hunk
        self.before_depths: list[int] = []
        self.closers = True                     # the segment holds closing braces (or blank lines) only
        self.legal = False                      # in a legal notice (see in_notice)
        self.quote_of = (-1, 0)                 # the segment self.quote is of, and how many lines it took from above
        self.code = False                       # the segment holds a patch line
        self.diff_first = False                 # the segment starts in the patch, not in the commit message
        self.seg_quotes: dict[int, Quote] = {}   # each quote segment's code quote, by segment number

    def quoted(self, text: str, depth: int = 0) -> None:
        if is_blank(text) and not self.seg_lines:
            return
        if self.last_kind == "e" and self.elided_from == "q" and self.in_diff and \
                closes(open_depth(self.seg_lines), text):
            # "[...]" between the first and the last line of one call or condition: lines cut out of the
            # one piece of code, which goes on
            self.last_kind = "q"
        if self.last_kind != "q":
            # a comment that says it is about the code below it ("Below: ...", "... the hunk below:")
            # goes with the quote that follows it, not the one above
            self.forward = self._below() if self.last_kind == "c" else None
            self.seg += 1
            goes_on = self.in_diff and self.last_kind != "e"
            self.before = self.seg_lines if goes_on else []
            self.before_depths = self.seg_depths if goes_on else []
            self.seg_lines, self.seg_depths = [], []
            self.closers, self.code = True, False
            self.diff_first = self.in_diff or _HUNK_START.match(text) is not None
            self.cur = None
        # the "---" line and the diffstat close the commit message: they are not code yet
        if DIFF_START.match(text) and not re.match(r"^---\s*$", text) or \
                (text.startswith("+") and not text.startswith("+++")) or DIFF_CONTEXT.match(text):
            self.in_diff = True
        m = re.match(r"^(?:diff --git a/\S+ b/(\S+)|\+\+\+ b/(\S+))", text)
        if m:
            self.file = m.group(1) or m.group(2)
            self.function = ""
        if text.startswith("@@"):
            self.function = anc.hunk_function(text)
        if text.startswith(("@@", "diff --git ")):
            self.before, self.before_depths = [], []
        self.seg_lines.append(text)
        self.seg_depths.append(depth)
        self.closers = self.closers and _closer(text)
        self.code = self.code or text[:1] in "+- " and bool(text.strip()) and text.rstrip() != "--"
        # a quote of closing braces alone goes on with the lines of the same hunk quoted above it (the
        # reviewer split the block to comment on its opening line first): they say which block it closes
        lead = self.before if self.before and self.closers else []
        q = self.quote
        if q is not None and self.quote_of == (self.seg, len(lead)):
            # the segment's quote grows line by line (a new one per line would cost its length each time)
            q.lines.append(text)
            q.depths.append(depth)
            q.in_message, q.file, q.function = not self.in_diff, self.file, self.function
        else:
            lead_depths = self.before_depths if lead else []
            q = self.quote = Quote(lead + self.seg_lines, not self.in_diff, self.file, self.function,
                                   lead_depths + self.seg_depths)
            self.quote_of = (self.seg, len(lead))
        if not q.in_message and self.code and self.diff_first:
            self.seg_quotes[self.seg] = q       # a quote of code alone (a whole mail quoted starts with its words)
        self.last_kind = "q"
        if self.forward is not None:
            self.forward.quote, self.forward.order, self.forward.ahead = self.quote, self.seg, True

    def _below(self) -> Chunk | None:
        """The part of the current comment about the code quoted next: all of it when it begins so
        ("Below: ..."), else its last paragraph alone when that announces it ("And one more thing
        below:"); the paragraphs before stay with the quote above."""
        cur = self.cur
        if cur is None:
            return None
        at = below_from(cur.paras)
        full = [k for k, p in enumerate(cur.paras) if any(ln.strip() for ln in p)]
        if at is None and cur.quote is None and full and cur.paras[full[-1]][-1].rstrip().endswith(":"):
            # nothing is quoted above it yet: a comment that ends announcing something is about the code
            # quoted next ("For this hunk: ... please make it dev_err():")
            at = full[-1] if len(full) > 1 else 0
        if at is None or at == 0:
            return cur if at == 0 else None
        ahead = Chunk(cur.quote, paras=cur.paras[at:], order=cur.order)
        cur.paras = cur.paras[:at]
        self.chunks.append(ahead)
        return ahead

    def comment(self, i: int, text: str) -> None:
        cur = self.cur
        if cur is not None and not cur.answer and self._elision_in_code(cur, text):
            # "\t..." among the reviewer's indented code: lines of that code left out, kept with it
            cur.paras[-1].append(text)
            self.last_kind = "c"
            return
        if is_blank(text) or _ELISION.match(text):
            # an elision mark ("[...]", "<snip>", "..." alone) stands for quoted text cut out: no words of the
            # comment, and the quote after it is another part of the patch than the quote before it
            if cur is not None and cur.paras and cur.paras[-1]:
                cur.paras.append([])
            if not is_blank(text):
                self.elided_from = self.last_kind if self.last_kind != "e" else self.elided_from
                self.last_kind = "e"
            return
        if attribution_line(self.lines, i, self.r):
            if cur is not None and self.quote is None:
                # words above the attribution ("Hi, thanks for this.") open the mail: they are no
                # comment on the quote the attribution introduces
                cur.opening, self.cur = True, None
            return
        if cur is None or cur.answer:
            cur = self.cur = Chunk(self.quote, order=self.seg)
            self.chunks.append(cur)
        if not cur.paras:
            cur.paras.append([])
        cur.paras[-1].append(text)
        self.last_kind = "c"

    @staticmethod
    def _elision_in_code(cur: Chunk, text: str) -> bool:
        """Whether TEXT is an elision mark indented as code right below the reviewer's indented code (in its
        paragraph or after a blank line): the code leaves lines out, it cuts no quote."""
        if not is_elision(text) or not _CODE_ELISION.match(text):
            return False
        written = [p for p in cur.paras if p]
        return bool(written) and _CODE_ELISION.match(written[-1][-1]) is not None

    def in_notice(self, i: int, sender: str) -> bool:
        """Whether line I is part of a legal notice the sender's mail system put under the words: from the
        line that starts it (see disclaimer) up to the next quoted line.  The signature block the notice
        hangs under is taken back out of what was read."""
        if self.lines[i].depth:
            self.legal = False
        elif not self.legal and disclaimer(self.lines, i):
            self.unsay(_signature_above(self.lines, i, sender))
            self.legal = True
        return self.legal

    def unsay(self, lines: list[str]) -> None:
        """Take LINES, the last lines read, back out of the current comment or answer."""
        cur = self.cur
        if cur is None or not lines:
            return
        said = cur.answer if cur.answer else (cur.paras[-1] if cur.paras else [])
        if said[-len(lines):] == lines:
            del said[-len(lines):]

    def answer(self, text: str, depth: int = 0) -> None:
        """TEXT, the author's words at quote DEPTH under the current comment: words written later (less
        deep: "Actually no, I'll keep it." under the author's own quoted "Will do.") replace the older."""
        if self.cur is not None:
            c = self.cur
            if c.answer_depth < 0 or depth < c.answer_depth:
                c.answer, c.answer_depth = [], depth
            if depth == c.answer_depth:
                c.answer.append(text)
            self.last_kind = "a"


def open_depth(lines: list[str]) -> int:
    """The parentheses the quoted diff LINES leave open after their last line (a call or condition
    that goes on past it)."""
    depth = 0
    for ln in lines:
        m = mask(ln[1:] if ln[:1] in "+- " else ln)
        depth = max(0, depth + m.count("(") - m.count(")"))
    return depth


def closes(depth: int, line: str) -> bool:
    """Whether the quoted diff LINE closes the DEPTH parentheses left open above it: the last line of
    the call or condition they opened (`... "no");`), not a statement of its own."""
    m = mask(line[1:] if line[:1] in "+- " else line)
    return depth > 0 and depth + m.count("(") - m.count(")") <= 0


_HUNK_START = re.compile(r"^(?:@@ -\d|diff --git |[+-](?![+-]{2}\s))")


def _closer(line: str) -> bool:
    """Whether the quoted patch LINE is a closing brace or blank (a quote of such lines names no code)."""
    return not line.strip() or line[:1] in " +-" and re.fullmatch(r"\}\s*;?", line[1:].strip()) is not None


# "Below: ...", "Nit, the line below: ...", "For the hunk below, ...": the comment announces the code after it
# ("Below is fine, but ..." and "The line below looks right" speak of it: no punctuation after "below")
_BELOW_FIRST = re.compile(r"^\s*(?:(?:nit|also|and|one more thing|similarly)\W+)?(?:(?:(?:see\s+)?below|further\s+down|"
                          r"the\s+(?:line|lines|code|hunk|call|change|part|bit)\s+(?:right\s+)?below)\s*(?:[:,.!—–-]|$)|"
                          r"(?:for|in|on|about|regarding)\s+the\s+(?:line|lines|code|hunk|call|change|part|bit)"
                          r"\s+(?:right\s+)?below\b)", re.I)
_BELOW_LAST = re.compile(r"\b(?:below|following(?:\s+(?:line|lines|hunk|code|call|change|part))?)\s*:\s*$", re.I)


def below_from(paras: list[list[str]]) -> int | None:
    """The index of the first of PARAS (one comment's) about the code quoted below them: 0 when the
    comment begins announcing it; the last paragraph's when that is one sentence announcing it ("And
    one more thing below:") after others; None when none is (a sentence before the announcement in
    its paragraph is about the code above: "Drop this. Same for the line below:" stays)."""
    full = [i for i, p in enumerate(paras) if any(ln.strip() for ln in p)]
    if not full:
        return None
    if _BELOW_FIRST.match(next(ln for ln in paras[full[0]] if ln.strip())):
        return 0
    last = " ".join(" ".join(paras[full[-1]]).split())
    if not _BELOW_LAST.search(last) or re.search(r"[.!?]\s+\S", last):
        return None
    return full[-1]


def attribution_line(lines: list[Line], i: int, depth: int) -> bool:
    from patches.thread import attribution_name, names_someone, quoted_after
    text = lines[i].text
    if attribution_name(text) and quoted_after(lines, i):
        return True
    if text.startswith("On ") and i + 1 < len(lines) and lines[i + 1].depth == depth \
            and lines[i + 1].text.rstrip().endswith("wrote:"):
        return True
    # an attribution a mailer wrapped over two lines, in any language ("Le <date>, X\n<x@y> a écrit :",
    # "Am <date> schrieb X\n<x@y>:"): this line and the next, or the one before and this one
    for a, b in ((i, i + 1), (i - 1, i)):
        if a >= 0 and b < len(lines) and lines[a].depth == lines[b].depth == depth and lines[a].text.strip() \
                and not names_someone(lines[b].text) and not names_someone(lines[a].text) \
                and attribution_name(lines[a].text.rstrip() + " " + lines[b].text.strip()) \
                and any(ln.depth > depth for ln in lines[b + 1:b + 4]):
            return True
    return False


# ---- comments into drafts ----
