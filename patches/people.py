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
    return Person(name=name.strip().strip('"'), email=clean_email(email))


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


def address_in_tree(name: str, repo: Repo | None, rev: str = "HEAD") -> str:
    """The address NAME uses in the tree: .mailmap (canonical address) first, then MAINTAINERS."""
    if repo is None or not name_key(name):
        return ""
    key = name_key(name)
    try:
        mailmap = repo.try_show_file(rev, ".mailmap") or ""
        maintainers = repo.try_show_file(rev, "MAINTAINERS") or ""
    except GitError:
        return ""
    for m in _MAILMAP.finditer(mailmap):
        if m.group(1) and name_key(m.group(1)) == key and clean_email(m.group(2)):
            return m.group(2)
    counts: dict[str, int] = {}
    for m in _MAINT.finditer(maintainers):
        if name_key(m.group(1)) == key:
            counts[m.group(2)] = counts.get(m.group(2), 0) + 1
    if counts:
        return max(counts, key=lambda e: counts[e])
    return ""


def with_address(person: Person, known: list[Person], repo: Repo | None) -> Person:
    """PERSON with an address: from a mail of the thread when it has one, else from the tree."""
    if person.email:
        return person
    for p in known:
        if p.email and same_person(p.name, person.name):
            return Person(person.name, p.email)
    return Person(person.name, address_in_tree(person.name, repo))


class Addresses:
    """with_address for every suggestion and trailer of a thread: the thread's addresses indexed by
    name, the tree's (.mailmap, MAINTAINERS) looked up once a name."""

    def __init__(self, known: list[Person], repo: Repo | None):
        self.repo = repo
        self.thread: dict[str, str] = {}
        for p in known:
            key = name_key(p.name)
            if p.email and key:
                self.thread.setdefault(key, p.email)
        self.tree: dict[str, str] = {}

    def __call__(self, person: Person) -> Person:
        if person.email:
            return person
        email = self.thread.get(name_key(person.name))
        if email:
            return Person(person.name, email)
        if person.name not in self.tree:
            self.tree[person.name] = with_address(person, [], self.repo).email
        return Person(person.name, self.tree[person.name])
