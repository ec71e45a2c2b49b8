"""Drafts of all the thread's mails into one list: an answered copy of a comment (the author's reply
quotes it) replaces the review's own, a comment split by the reply is put back together, answered
parts leave the unanswered copy, and later rounds of the discussion give a point its last answer."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from collections.abc import Iterable
from typing import Callable

from patches import contested
from patches.answers import asks_back, changes_code, classify_response, keeps_code
from patches.drafts import Draft
from patches.model import Person, Response
from patches.people import name_key, same_person
from patches.quotes import narrow
from patches.voices import Quote
from patches.words import REQUEST, norm_text

def merge(drafts: list[Draft], quoted_reviews: set[str], check: Callable[[], None] | None = None) -> list[Draft]:
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
                                 # an answer that quoted the comment alone: under code, or under the
                                 # commit message ("please squash this into patch 1")
                                 and (out.key(o).quote == k.quote or d.quote is None and o.quote is not None))
                twin = twin or _answered_elsewhere(d, k, out)
                if twin is None and k.code and d.quote is not None and d.response is not Response.NONE:
                    # the answer quoted the end of a comment with the code the reviewer wrote in it,
                    # below other quoted code: the reviewer's code says which comment it is, and the
                    # answer is to all of it (the author trimmed the quote to the request)
                    whole = out.first(o for o in out.holding(k.words, out.groups.get(k.group, {}))
                                      if o.message_id != d.message_id and out.part_of(k, o) and _code_quote(o)
                                      and o.response is Response.NONE)
                    if whole is not None:
                        _adopt(d, whole)
                        d.comment, d.code, d.written = whole.comment, list(whole.code), list(whole.written)
                        d.reviewer, d.message_id = whole.reviewer, whole.message_id or d.message_id
                        out.replace(whole, d)
                        continue
            if twin is not None:
                if d.quote is None:
                    _adopt(d, twin)
                if d.response is not Response.NONE or twin.response is Response.NONE:
                    rest = set(out.key(twin).words.replace(k.words, " ").split())
                    out.insert_before(twin, d)
                    own = set(out.key(twin).words.split())
                    if not rest or all(out.word_elsewhere(w, twin, own) for w in rest):
                        out.remove(twin)
                continue
            out.append(d)
            continue
        _answered_again(d, twin, out)
    return out.drafts


def _answered_again(d: Draft, twin: Draft, out: "_Merged") -> None:
    """D, a copy of the comment TWIN merged before it, with the author's answer: it answers TWIN when TWIN had
    none, and so does the author's later answer that says otherwise ("Actually no, I'll keep it." after
    "Will do."): the last word is the author's answer."""
    if d.response is Response.NONE:
        if asks_back(d.response_text) and not twin.response_text:
            # a question back ("Why? ..., no?"): kept for what reads it later (patches.withdrawn)
            twin.response_text, twin.answered_by = d.response_text, d.message_id
        return
    if twin.response is not Response.NONE:
        if d.response is not twin.response and d.message_id != twin.answered_by:
            twin.response, twin.response_text, twin.answered_by = d.response, d.response_text, d.message_id
        return
    email = twin.reviewer.email or d.reviewer.email
    d.reviewer = Person(twin.reviewer.name if len(twin.reviewer.name) >= len(d.reviewer.name)
                        else d.reviewer.name, email)
    d.message_id = twin.message_id or d.message_id
    out.replace(twin, d)


@dataclass(frozen=True)
class _Keys:
    """What merge compares a draft by, computed once per draft."""

    group: tuple[str, int | None]   # (reviewer's name key, patch number)
    words: str                      # the comment's words (norm_text)
    tkey: str                       # the comment's and its code's words (_tkey)
    quote: str                      # the words of the quoted code it is about (_quote_key)
    code: frozenset[str]


def _keys(d: Draft) -> _Keys:
    return _Keys((name_key(d.reviewer.name), d.patch_number), norm_text(d.comment), _tkey(d),
                 _quote_key(d), frozenset(d.code))


class _Merged:
    """The drafts merge keeps, in order, with indexes over them.

    The order is kept with integer labels (with gaps, renumbered when an insertion finds none), so
    that "the first of these candidates" is the one with the smallest label.  Drafts in here are
    not changed in what they are indexed by (reviewer, patch, comment, code, quote, kind)."""

    GAP = 1 << 32

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self._label: dict[int, int] = {}
        self._keys: dict[int, _Keys] = {}
        self.groups: dict[tuple, dict[int, Draft]] = {}
        self.exact: dict[tuple, dict[int, Draft]] = {}
        self.by_tkey: dict[tuple, dict[int, Draft]] = {}
        self.by_group_quote: dict[tuple, dict[int, Draft]] = {}
        # quote key -> (comment words, code) -> message ids (with counts) of the drafts saying it
        self._by_quote: dict[str, dict[tuple[str, frozenset[str]], dict[str, int]]] = {}
        self._words: dict[str, int] = {}           # word of a kept comment -> how many comments have it
        # candidates for "these words are in that comment" (see holding, held_by)
        self._with_word: dict[str, dict[int, Draft]] = {}        # word -> the drafts whose comment has it
        self._by_second: dict[tuple, dict[int, Draft]] = {}      # (group, 2nd word of tkey) -> drafts
        self._short: dict[tuple, dict[int, Draft]] = {}          # group -> drafts whose tkey has < 3 words
        self._current: tuple[Draft | None, Quote | None, _Keys | None] = (None, None, None)

    # -- keys and order --
    def keys_of(self, d: Draft) -> _Keys:
        """The keys of D, a draft not kept yet (kept until D is added, unless its quote changes)."""
        k = _keys(d)
        self._current = (d, d.quote, k)
        return k

    def key(self, o: Draft) -> _Keys:
        return self._keys[id(o)]

    def first(self, candidates) -> Draft | None:
        return min(candidates, key=lambda o: self._label[id(o)], default=None)

    def ordered(self, candidates) -> list[Draft]:
        return sorted(candidates, key=lambda o: self._label[id(o)])

    def _position(self, o: Draft) -> int:
        label = self._label[id(o)]
        return bisect_left(self.drafts, label, key=lambda x: self._label[id(x)])

    # -- changes --
    def append(self, d: Draft) -> None:
        last = self._label[id(self.drafts[-1])] if self.drafts else 0
        self._add(d, last + self.GAP)
        self.drafts.append(d)

    def insert_before(self, twin: Draft, d: Draft) -> None:
        pos = self._position(twin)
        if pos > 0 and self._label[id(twin)] - self._label[id(self.drafts[pos - 1])] < 2:
            for i, o in enumerate(self.drafts):
                self._label[id(o)] = (i + 1) * self.GAP
        hi = self._label[id(twin)]
        lo = self._label[id(self.drafts[pos - 1])] if pos > 0 else hi - self.GAP
        self._add(d, (lo + hi) // 2)
        self.drafts.insert(pos, d)

    def replace(self, twin: Draft, d: Draft) -> None:
        pos = self._position(twin)
        label = self._label[id(twin)]
        self._drop(twin)
        self._add(d, label)
        self.drafts[pos] = d

    def remove(self, twin: Draft) -> None:
        pos = self._position(twin)
        self._drop(twin)
        del self.drafts[pos]

    def _indexes(self, d: Draft, k: _Keys) -> list[dict[int, Draft]]:
        t = k.tkey.split()
        return [self.groups.setdefault(k.group, {}),
                self.exact.setdefault((k.group, k.words, d.kind, k.quote), {}),
                self.by_tkey.setdefault((k.group, k.tkey), {}),
                self.by_group_quote.setdefault((k.group, k.quote), {}),
                self._by_second.setdefault((k.group, t[1]), {}) if len(t) >= 3
                else self._short.setdefault(k.group, {})] + \
            [self._with_word.setdefault(w, {}) for w in set(k.words.split())]

    def _add(self, d: Draft, label: int) -> None:
        cur, quote, k = self._current
        if k is None or cur is not d or quote is not d.quote or k.group[0] != name_key(d.reviewer.name):
            k = _keys(d)        # merge adopted a quote for it
        self._keys[id(d)] = k
        self._label[id(d)] = label
        for index in self._indexes(d, k):
            index[id(d)] = d
        ids = self._by_quote.setdefault(k.quote, {}).setdefault((k.words, k.code), {})
        ids[d.message_id] = ids.get(d.message_id, 0) + 1
        for w in set(k.words.split()):
            self._words[w] = self._words.get(w, 0) + 1

    def _drop(self, d: Draft) -> None:
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
    def holding(self, words: str, pool: dict[int, Draft]):
        """The drafts of POOL whose comment may hold WORDS (a norm_text) as a part: when WORDS has three
        words or more, its inner words are whole words of such a comment, so the drafts having the
        rarest of them are enough to look at."""
        inner = words.split()[1:-1]
        if not inner:
            return pool.values()
        rarest = min((self._with_word.get(w, {}) for w in inner), key=len)
        if len(rarest) >= len(pool):
            return pool.values()
        return [o for i, o in rarest.items() if i in pool]

    def held_by(self, group: tuple, text: str) -> list[Draft]:
        """The drafts of GROUP whose tkey may be a part of TEXT: a tkey of three words or more has its
        second word as a whole word of TEXT."""
        found = list(self._short.get(group, {}).values())
        for w in set(text.split()):
            found += self._by_second.get((group, w), {}).values()
        return found

    def part_of(self, k: _Keys, o: Draft) -> bool:
        """K's words are a part of O's comment, and the code K carries is code O carries."""
        ko = self.key(o)
        return (not k.words or k.words in ko.words) and k.code <= ko.code and bool(k.words or k.code)

    def same_code(self, d: Draft, k: _Keys) -> bool:
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

    def word_elsewhere(self, w: str, twin: Draft, own: set[str]) -> bool:
        """W is in the words of a kept comment other than TWIN's (whose words are OWN)."""
        if self._words.get(w, 0) > (1 if w in own else 0):
            return True
        return any(w in self.key(o).words for o in self.drafts if o is not twin)


def without_answered_parts(drafts: list[Draft]) -> list[Draft]:
    """An unanswered comment loses the paragraphs and code that the author's reply quoted and answered
    separately (the reply split one long comment): what is left is the part nobody answered, and a
    comment wholly answered elsewhere goes.  Unanswered comments are applied by default, so a leftover
    copy would do the answered change a second time."""
    answered: dict[tuple[str, int | None], list[Draft]] = {}
    for d in drafts:
        if d.response is not Response.NONE and d.kind != "trailer":
            answered.setdefault((name_key(d.reviewer.name), d.patch_number), []).append(d)
    keys: dict[int, str] = {}           # id(draft) -> its quote key, computed once (narrowing is not cheap)
    words: dict[int, str] = {}          # id(draft) -> its comment's words

    def key(d: Draft) -> str:
        if id(d) not in keys:
            keys[id(d)] = _quote_key(d)
        return keys[id(d)]

    out: list[Draft] = []
    for d in drafts:
        others = answered.get((name_key(d.reviewer.name), d.patch_number), [])
        if d.response is not Response.NONE or d.kind == "trailer" or not others:
            out.append(d)
            continue
        # the reply quoted the comment (no code) or the same code: the same comment's parts
        others = [o for o in others if o.message_id != d.message_id
                  and (not _code_quote(o) or key(o) == key(d))]
        said = [words.setdefault(id(o), norm_text(o.comment)) for o in others]
        code = {c for o in others for c in o.code}
        paras = [p for p in d.comment.split("\n") if not (norm_text(p) and any(norm_text(p) in s for s in said))]
        rest_code = [c for c in d.code if c not in code]
        if len(paras) == len(d.comment.split("\n")) and rest_code == d.code:
            out.append(d)
            continue
        if not any(norm_text(p) for p in paras) and not rest_code:
            continue
        d.comment, d.code = "\n".join(paras), rest_code
        d.written = [w for w in d.written if w.strip() in rest_code]
        if not rest_code and not REQUEST.search(d.comment):
            d.kind = "comment"
        out.append(d)
    return out


def later_rounds(drafts: list[Draft]) -> dict[int, int]:
    """A second round: a reply (by the reviewer or another one) that quotes an earlier comment together
    with the author's answer to it goes on discussing that comment.  The author's answer to the reply is
    the author's last word on the point, so it becomes the point's response (an agreement reached after
    an argument, or a refusal after an agreement).  Returns {follow-up index: index of the point}."""
    links: dict[int, int] = {}
    # answered comments, looked up by the first words of their answer (a reply quotes that answer)
    answered: dict[tuple[int | None, tuple[str, ...]], list[tuple[int, str, str]]] = {}
    for j, o in enumerate(drafts):
        if o.response_text and o.kind != "trailer":
            first = norm_text(o.response_text).split()[:12]
            if first:
                answered.setdefault((o.patch_number, tuple(first[:3])), []).append(
                    (j, norm_text(o.comment), " ".join(first)))
    for i, d in enumerate(drafts if answered else ()):
        if d.quote is None or d.kind == "trailer":
            continue
        said = norm_text(" ".join(d.quote.lines))
        ws = said.split()
        found = {c for n in (1, 2, 3) for k in range(len(ws) - n + 1)
                 for c in answered.get((d.patch_number, tuple(ws[k:k + n])), ())}
        root = _link(links, i, ((j, _answered_at(said, words, answer)) for j, words, answer in sorted(found)
                                if j != i and drafts[j].message_id != d.message_id))
        if root is None:
            continue
        point = drafts[root]
        if _objects(d, point):
            _after_objection(d, point)
        elif d.response is not Response.NONE:
            point.response, point.response_text = d.response, d.response_text
    _objections(drafts, links)
    return links


def _objects(d: Draft, point: Draft) -> bool:
    """Whether D, a reply in the discussion of POINT, is another reviewer's argument against it."""
    return not same_person(d.reviewer.name, point.reviewer.name) and point.kind not in ("trailer", "drop-patch") \
        and not d.code and contested.objection(d.comment)


def _after_objection(d: Draft, point: Draft) -> None:
    """POINT, which the author had answered, after another reviewer's argument against it (D): the author
    agreeing with the argument declines it; a refusal of the argument keeps the point's answer; no word from
    the author leaves it to the author (manual), whatever the earlier answer said."""
    _in_discussion(d, "an argument against another reviewer's request")
    settled = _author_side(d, point)
    if settled is not None:
        _settle(d, point, settled)
    elif d.response is Response.NONE and point.response is Response.ACCEPTED and not point.set_aside:
        point.set_aside = (f"{d.reviewer.name} argued against it after the author agreed (\"{_words(d.comment)}\") "
                           "and the thread did not settle it: make it by hand if you want it")
        point.set_aside_manual = True


def _author_side(d: Draft, point: Draft) -> Response | None:
    """What the author's answer to D, another reviewer's argument against POINT, makes of POINT: naming a
    side ("Tomas is right", "agreed with Marta") or keeping the code ("I'll keep readl() then") settles it;
    an agreement with the argument ("Good point.") declines it; None for a refusal of the argument or
    no answer (the point keeps what it had)."""
    if d.response is Response.NONE:
        return None
    if keeps_code(d.response_text) and not changes_code(d.comment):
        return Response.DECLINED        # the argument was to keep the code, and the author keeps it
    took = contested.side(d.response_text, point.reviewer, d.reviewer)
    if took == contested.POINT:
        return Response.ACCEPTED
    if took == contested.OBJECTION and not keeps_code(d.response_text) or d.response is Response.ACCEPTED:
        return Response.DECLINED
    return None         # "I'd rather keep the lock" to an argument for dropping it: the point stands


def _settle(d: Draft, point: Draft, response: Response) -> None:
    """POINT gets RESPONSE from the author's answer to D, another reviewer's argument against it; a point
    declined so is the argument taken up ("I'll keep the sizeof() then"), whatever its words read as."""
    point.response, point.response_text = response, d.response_text
    if response is Response.DECLINED:
        d.response = Response.ACCEPTED


def _answered_at(said: str, words: str, answer: str) -> int:
    """Where a quote SAID has the comment WORDS (its last place) followed by the ANSWER to it; -1 if not."""
    pos = said.rfind(words) if words else -1
    return pos if pos >= 0 and answer and said.find(answer, pos + len(words)) >= 0 else -1


def _link(links: dict[int, int], i: int, places: Iterable[tuple[int, int]]) -> int | None:
    """Link draft I in LINKS to the point of the comment its quote has last (PLACES: (comment, where it
    stands in the quote, -1 for nowhere); the first of a tie), and return that point; None for none."""
    best, at = -1, -1
    for j, pos in places:
        if pos > at:
            best, at = j, pos
    if best < 0:
        return None
    links[i] = links.get(best, best)
    return links[i]


def _objections(drafts: list[Draft], links: dict[int, int]) -> None:
    """A reviewer answering another reviewer: a reply that quotes an earlier comment of another mail and
    another reviewer (before the author answered it) goes on discussing that comment, and is linked to
    it in LINKS.  When the reply argues against the comment ("I would leave it as n: ...") and the
    author agrees with the reply, the comment is declined, in the author's words."""
    index = _CommentIndex(drafts)
    if not index.words:
        return
    against: dict[int, int] = {}
    for i, d in enumerate(drafts):
        if i in links or d.quote is None or d.kind == "trailer" or not d.comment.strip():
            continue
        places = index.quoted_by(i)
        answers = max(places, key=lambda p: p[1], default=(-1, -1))[0]   # the comment it answers
        root = _link(links, i, places)
        if root is None:
            continue
        about = drafts[root].quote
        if about is not None and not about.in_message:
            d.quote = about                     # the reply is about the code the comment is about
        settled = _author_side(d, drafts[root]) if _objects(d, drafts[root]) else None
        if settled is not None:
            _settle(d, drafts[root], settled)
        elif d.response is Response.ACCEPTED and classify_response(d.comment) is Response.DECLINED:
            drafts[root].response, drafts[root].response_text = Response.DECLINED, d.response_text
        else:
            _weigh(drafts, root, answers, i, against)


def _weigh(drafts: list[Draft], root: int, answers: int, i: int, against: dict[int, int]) -> None:
    """Reply I in the discussion of the request ROOT, answering comment ANSWERS: an objection of another
    reviewer that the author has not answered leaves the request to the author (AGAINST: request ->
    its objection); a later reply that takes a side settles it (patches.contested)."""
    point, d = drafts[root], drafts[i]
    if point.response is not Response.NONE or point.kind in ("trailer", "drop-patch"):
        return          # the author's word settles it; a drop has its own reading (patches.dropping)
    if answers == root and root not in against and d.response is Response.NONE and \
            not same_person(d.reviewer.name, point.reviewer.name) and contested.objection(d.comment):
        against[root] = i
        _in_discussion(d, "an argument against another reviewer's request")
        if not point.set_aside:
            point.set_aside = (f"{d.reviewer.name} argued against it (\"{_words(d.comment)}\") and the "
                               "thread did not settle it: make it by hand if you want it")
            point.set_aside_manual = True
        return
    o = against.get(root)
    if o is None or o == i or answers == root and same_person(d.reviewer.name, point.reviewer.name):
        return
    took = contested.side(d.comment, point.reviewer, drafts[o].reviewer)
    if took:
        _in_discussion(d, "a word in the discussion of another reviewer's request")
    if took == contested.POINT and point.set_aside_manual:
        point.set_aside, point.set_aside_manual = "", False
    elif took == contested.OBJECTION:
        point.set_aside = (f"{drafts[o].reviewer.name} argued against it and {d.reviewer.name} agreed "
                           f"(\"{_words(d.comment)}\")")
        point.set_aside_manual = False


def _in_discussion(d: Draft, what: str) -> None:
    """D, a reply that argues or settles the discussion of a request, asks for nothing of its own (unless
    it writes code)."""
    if not d.code and not d.set_aside:
        d.set_aside, d.set_aside_manual = f"{what} (the request it is about has the outcome)", False


def _words(comment: str) -> str:
    words = " ".join(comment.split())
    return words if len(words) <= 120 else words[:117] + "..."


class _CommentIndex:
    """The comments of DRAFTS (two words or more), looked up by their first two words: a reply quotes
    a comment from its start, whole or cut after one of its paragraphs (the reply trimmed the rest)."""

    def __init__(self, drafts: list[Draft]):
        self.drafts = drafts
        self.words: dict[int, list[str]] = {}      # draft index -> the comment's words, whole, then cut
        self.by_start: dict[tuple[str, str], list[int]] = {}
        self.who = [name_key(o.reviewer.name) for o in drafts]
        for j, o in enumerate(drafts):
            ws = norm_text(o.comment).split()
            if o.kind != "trailer" and len(ws) >= 2:
                self.words[j] = [" ".join(ws)] + _leading_paragraphs(o.comment)
                self.by_start.setdefault((ws[0], ws[1]), []).append(j)

    def quoted_by(self, i: int) -> list[tuple[int, int]]:
        """(comment, where its words stand last in draft I's quote, -1 for nowhere) for the earlier
        comments of other mails and other reviewers that the quote of draft I may hold."""
        d = self.drafts[i]
        said = norm_text(" ".join(d.quote.lines)) if d.quote is not None else ""
        ws = said.split()
        quoted = sorted({j for k in range(len(ws) - 1) for j in self.by_start.get((ws[k], ws[k + 1]), ()) if j < i})
        return [(j, max(said.rfind(w) for w in self.words[j])) for j in quoted
                if self.drafts[j].message_id != d.message_id and self.who[j] != self.who[i]]


def _leading_paragraphs(comment: str) -> list[str]:
    """The words of COMMENT's first paragraphs (all but the last, each run from the start), when they
    are long enough (six words) to stand for the comment in a quote that leaves its end out."""
    paras = [p for p in comment.split("\n") if p.strip()]
    out = []
    for n in range(1, len(paras)):
        words = norm_text("\n".join(paras[:n]))
        if len(words.split()) >= 6:
            out.append(words)
    return out


def seconded(drafts: list[Draft], agreements: list[Draft]) -> None:
    """AGREEMENTS (drafts of one reviewer agreeing with the text quoted above: "Agreed with Jane.") ask for
    nothing of their own and are not among DRAFTS (the merged ones).  The author's answer to an agreement
    with another reviewer's comment is the author's answer to that comment, when it has none yet."""
    answered = [d for d in agreements if d.response is not Response.NONE]
    if not answered:
        return
    pool = drafts + answered
    index = _CommentIndex(pool)
    for i in range(len(drafts), len(pool)):
        root = _link({}, i, (p for p in index.quoted_by(i) if p[0] < len(drafts)))
        if root is not None and pool[root].response is Response.NONE:
            d, point = pool[i], pool[root]
            point.response, point.response_text, point.answered_by = d.response, d.response_text, d.message_id


def _tkey(d: Draft) -> str:
    """The words of a comment and of the code the reviewer wrote in it."""
    return norm_text(d.comment + "\n" + "\n".join(d.code))


def _code_quote(d: Draft) -> bool:
    return d.quote is not None and not d.quote.in_message


def _answered_elsewhere(d: Draft, k: _Keys, out: _Merged) -> Draft | None:
    """The one review comment under other code that holds the words of the answered part D: an answer's
    later block (the author answered, then quoted more of the review without its code) keeps the code
    quoted above the earlier block, which says nothing of where the comment was."""
    if d.quote is None or d.response is Response.NONE or len(k.words.split()) < 3:
        return None
    found = [o for o in out.holding(k.words, out.groups.get(k.group, {}))
             if o.message_id != d.message_id and o.quote is not None and out.part_of(k, o)
             and o.response is Response.NONE]
    if len(found) != 1:
        return None
    _adopt(d, found[0])
    return found[0]


def _adopt(d: Draft, twin: Draft) -> None:
    """D answers TWIN's comment without quoting its code: it is about TWIN's code."""
    d.quote = twin.quote
    if d.kind not in ("comment", "trailer"):
        d.kind = twin.kind


def _answers_several(d: Draft, out: _Merged, k: _Keys) -> bool:
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


def _quote_key(d: Draft) -> str:
    if d.quote is None:
        return ""
    return norm_text(" ".join(narrow(d.quote, d.comment)))
