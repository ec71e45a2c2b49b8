"""People of a thread: parsing addresses, and finding the address of a name in the tree."""
from __future__ import annotations

import re
from email.utils import getaddresses, parseaddr

from patches.git import GitError, Repo
from patches.model import Person

_HIDDEN = re.compile(r"x{3,}|\.\.\.@|\[at\]|\(at\)", re.I)


def clean_email(email: str) -> str:
    """EMAIL, or "" when an archive obfuscated it (``dev.jain@xxxxxxx``)."""
    email = email.strip().strip("<>")
    if not email or "@" not in email or _HIDDEN.search(email):
        return ""
    return email


def parse_person(text: str) -> Person:
    """``David Hildenbrand (Arm) <david@kernel.org>`` or a bare name."""
    name, email = parseaddr(text)
    if not email or "@" not in email:
        # parseaddr turns a bare name into an address; keep it as a name
        return Person(name=" ".join(text.replace('"', "").split()))
    if "<" in text and text.split("<", 1)[0].strip():
        # keep a parenthesised part of the display name ("David Hildenbrand (Arm)")
        name = text[:text.rfind("<")].strip().strip('"').strip()
    if not name:
        name = email.split("@")[0]
    return Person(name=first_last(name.strip().strip('"')), email=clean_email(email))


# "Dubois, René": the directory order corporate mail systems give a display name
_NAME_WORDS = r"[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,2}"
_LAST_FIRST = re.compile(rf"^({_NAME_WORDS}), ({_NAME_WORDS})$")


def first_last(name: str) -> str:
    """NAME in the order trailers write it: "Dubois, René" is René Dubois."""
    m = _LAST_FIRST.match(name)
    if m is None or m.group(2).rstrip(".").lower() in ("jr", "sr", "ii", "iii", "iv", "phd", "md"):
        return name             # "Smith, Jr." is one name as it stands
    return f"{m.group(2)} {m.group(1)}"


def parse_people(values: list[str]) -> list[Person]:
    return [Person(n or a, clean_email(a)) for n, a in getaddresses(values) if n or a]


def name_key(name: str) -> str:
    """A name for comparing people: without a parenthesised part, case and spaces folded."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = name.replace('"', " ")
    return " ".join(name.lower().split())


def same_person(a: str, b: str) -> bool:
    return bool(name_key(a)) and name_key(a) == name_key(b)


_MAINT = re.compile(r"^[MR]:\s*(.+?)\s*<([^>]+)>", re.M)
_MAILMAP = re.compile(r"^([^<#]*?)\s*<([^>]+)>(?:\s*([^<]*?)\s*<([^>]+)>)?", re.M)


# where an address was found: a From: header of the thread, a "... <addr> wrote:" line above a quote,
# the tree's .mailmap or its MAINTAINERS
FROM_HEADER = "From:"
ATTRIBUTION = "attribution line"
MAILMAP = ".mailmap"
MAINTAINERS = "MAINTAINERS"


def address_in_tree(name: str, repo: Repo | None, rev: str = "HEAD") -> tuple[str, str]:
    """(the address NAME uses in the tree, where it was found): .mailmap (canonical address) first, then
    the address MAINTAINERS lists most often for NAME; ("", "") when neither has it."""
    if repo is None or not name_key(name):
        return "", ""
    key = name_key(name)
    try:
        mailmap = repo.try_show_file(rev, ".mailmap") or ""
        maintainers = repo.try_show_file(rev, "MAINTAINERS") or ""
    except GitError:
        return "", ""
    for m in _MAILMAP.finditer(mailmap):
        if m.group(1) and name_key(m.group(1)) == key and clean_email(m.group(2)):
            return m.group(2), MAILMAP
    counts: dict[str, int] = {}
    for m in _MAINT.finditer(maintainers):
        if name_key(m.group(1)) == key:
            counts[m.group(2)] = counts.get(m.group(2), 0) + 1
    if counts:
        return max(counts, key=lambda e: counts[e]), MAINTAINERS
    return "", ""


class Addresses:
    """Addresses for the people of a thread, and where each was found.

    KNOWN are the senders of the thread's mails (their From: headers): a person written without an address
    (a name in an attribution line, an archive that hid the address) gets the address a mail of the thread
    was sent from under the same name, else the tree's (.mailmap, MAINTAINERS; looked up once a name)."""

    def __init__(self, known: list[Person], repo: Repo | None):
        self.repo = repo
        self.thread: dict[str, str] = {}
        self.senders: set[str] = set()
        for p in known:
            key = name_key(p.name)
            if p.email:
                self.senders.add(p.email.lower())
                if key:
                    self.thread.setdefault(key, p.email)
        self.tree: dict[str, tuple[str, str]] = {}

    def resolve(self, person: Person) -> tuple[Person, str]:
        """(PERSON with an address, where it was found: FROM_HEADER, ATTRIBUTION, MAILMAP, MAINTAINERS);
        the address and the place are "" when none was found."""
        if person.email:
            return person, FROM_HEADER if person.email.lower() in self.senders else ATTRIBUTION
        email = self.thread.get(name_key(person.name))
        if email:
            return Person(person.name, email), FROM_HEADER
        if person.name not in self.tree:
            self.tree[person.name] = address_in_tree(person.name, self.repo)
        email, where = self.tree[person.name]
        return Person(person.name, email), where

    def __call__(self, person: Person) -> Person:
        return self.resolve(person)[0]


def named_by(name: str, sender: Person) -> bool:
    """Whether NAME, as an attribution line writes it, is SENDER: the full name, the first name alone
    ("Heike" for Heike Sandmann), the address ("<heike@example.de>") or its local part."""
    said = name.strip().strip("<>\"' ").lower()
    if not said:
        return False
    addr = sender.email.lower()
    words = sender.name.lower().split()
    return same_person(name, sender.name) or bool(addr) and said in (addr, addr.split("@")[0]) or \
        len(said.split()) == 1 and bool(words) and said == words[0]

