"""The vN+1 mails: ``git format-patch`` output with changelogs, a real cover letter and stable ids.

``write_series`` runs the real ``git format-patch -v<N> --cover-letter --thread=shallow
--base=<base>`` on the new commits, then edits what format-patch leaves to the user:

- the cover letter's subject and blurb (from the vN cover letter, Series.cover), with a
  "Changes in v<N>:" list of every patch's changes and a link to vN on lore;
- a per-patch "Changes in v<N>:" list right below the ``---`` line (git am ignores it);
- Message-Id / In-Reply-To / References made from the series itself, so that a second
  run gives the same bytes, all threaded to the new cover letter (never to vN);
- the cover letter's From (the series' author) and Date (the newest author date of the
  series unless ``date`` is given);
- the patch numbers' width as in vN ("2/3", or "02/12" when vN was zero-padded).

``series.mbox`` is all of them, in order.  ``git send-email OUT/*.patch`` works on the
files as they are (it keeps their Message-Id and In-Reply-To headers).
"""
from __future__ import annotations

import email.utils
import hashlib
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from email.header import Header
from pathlib import Path
from typing import Iterator

from patches import changelog, trailers as tr
from patches.git import Ident, Repo
from patches.model import PatchMail, PatchResult, Person, Review, Series, Status, Suggestion
from patches.tagasks import split_pairs

LORE = "https://lore.kernel.org/r/"
HEADING = "Changes in v{version}:"

_CHANGELOG_HEAD = re.compile(
    r"^\s*(v\d+\s*(->|-|→|to)\s*v\d+\s*:?|changes\s+(in|since|from)\s+v\d+.*|v\d+\s*:|changelog\s*:?)\s*$",
    re.I)
_SHORTLOG_HEAD = re.compile(r"^\S.*\(\d+\):\s*$")


class MailError(RuntimeError):
    """The mails cannot be written; the message says why."""


# ---- staging: nothing half-written ----

@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temp dir beside OUT to write into; renamed to OUT when the block succeeds.

    An existing OUT is replaced only then (moved aside, then removed).  On an exception the
    temp dir is removed and OUT is left as it was.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.rename(out, old)
    os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---- headers of a format-patch file ----

def _split(text: str) -> tuple[str, list[list[str]], str]:
    """(mbox From_ line, headers as [name, value-with-folding], body)."""
    first, _, rest = text.partition("\n")
    head, _, body = rest.partition("\n\n")
    headers: list[list[str]] = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1] += "\n" + line
        else:
            name, _, val = line.partition(":")
            headers.append([name, val.lstrip(" ")])
    return first, headers, body


def _join(first: str, headers: list[list[str]], body: str) -> str:
    return first + "\n" + "".join(f"{n}: {v}\n" for n, v in headers) + "\n" + body


def _get(headers: list[list[str]], name: str) -> str:
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return ""


def _set(headers: list[list[str]], name: str, value: str, after: str = "") -> None:
    for h in headers:
        if h[0].lower() == name.lower():
            h[1] = value
            return
    idx = next((i + 1 for i, h in enumerate(headers) if h[0].lower() == after.lower()), 0)
    headers.insert(idx, [name, value])


def _fold(name: str, value: str, width: int = 78) -> str:
    """VALUE folded at spaces so that "Name: value" lines stay within WIDTH (as git does)."""
    if any(ord(c) > 127 for c in value):
        return Header(value, "utf-8", header_name=name).encode()
    words = value.split(" ")
    lines: list[str] = []
    cur = ""
    limit = width - len(name) - 2
    for w in words:
        if cur and len(cur) + 1 + len(w) > limit:
            lines.append(cur)
            cur = w
            limit = width - 1
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "\n ".join(lines)


def _address(p: Person) -> str:
    return email.utils.formataddr((p.name, p.email)) if p.email else p.name


# ---- subjects ----

def subject_prefix(series: Series) -> str:
    """The bracket words other than vN and n/m, as in vN: "PATCH", "RFC PATCH net-next"."""
    src = series.cover or (series.patches[0] if series.patches else None)
    words = [w for w in (src.subject.prefixes if src else ()) if w.upper() not in ("RESEND",)]
    if not any(w.upper() == "PATCH" for w in words):
        words = [*words, "PATCH"] if not words else words + ["PATCH"]
    return " ".join(words)


def number_width(series: Series) -> int:
    """Digits of the patch numbers as vN wrote them (1 unless vN was zero-padded)."""
    widths = [p.subject.width for p in series.patches if p.subject.number is not None]
    if series.cover and series.cover.subject.number is not None:
        widths.append(series.cover.subject.width)
    return max(widths) if widths else 1


def _renumber(subject: str, width: int, total: int) -> str:
    def fix(m: re.Match[str]) -> str:
        return f"{int(m.group(1)):0{width}d}/{total}"
    return re.sub(r"(?<=[ \[])(\d+)/" + str(total) + r"(?=\])", fix, subject, count=1)


# ---- changelog ----

def _who(s: Suggestion) -> str:
    name = tr.first_name(s.reviewer)
    return f" ({name})" if name else ""


def patch_changelog(review: Review, number: int, added: list[str], dropped: list[str]) -> list[str]:
    """The changelog lines ("Use huge_pte_dirty() (David)") of patch NUMBER.

    Applied suggestions in review order, then the trailers added and dropped; declined,
    deferred, manual and failed suggestions are left out.
    """
    out: list[str] = []
    for s in review.suggestions:
        if s.patch == number and s.status == Status.APPLIED and s.kind != "trailer":
            line = changelog.entry(s, _who(s))
            if line not in out:
                out.append(line)
    dropped, added = split_pairs(dropped, added)
    copied = {ln for s in review.suggestions if s.patch in (number, 0) and s.kind == "cc-request"
              and s.status == Status.APPLIED for ln in _cc_of(s)}
    added = [a for a in added if a not in copied]          # the request's own line says whom
    numbers = [p.number for p in review.series.patches]
    asked = {s.trailer: _who(s) for s in review.suggestions
             if s.kind == "trailer" and s.status == Status.APPLIED and s.trailer
             and number in tr.request_targets(s, numbers)}
    for line, t in ((a, tr.parse_line(a)) for a in added):
        if t and (t.name in ("Fixes", "Closes", "Link") or t.name == "Cc" and t.value.startswith("stable@")):
            # a tag naming no person: credit who asked for it
            what = "Cc stable" if t.name == "Cc" else f"Add a {t.name}: tag"
            out.append(f"{what}{asked.get(line, '')}")
        elif t and t.name != "Signed-off-by":
            verb = "Add" if t.name in ("Suggested-by", "Reported-by", "Fixes", "Closes", "Link", "Cc") \
                else "Collect"
            name = tr.first_name(t.value.split("<")[0].strip() or t.value)
            out.append(f"{verb} {t.name}{f' ({name})' if name else ''}")
    for t in (tr.parse_line(d) for d in dropped):
        if t:
            name = tr.first_name(t.value.split("<")[0].strip() or t.value)
            out.append(f"Drop {t.name}{f' ({name})' if name else ''}: the patch changed substantially")
    return out


def _cc_of(s: Suggestion) -> list[str]:
    """The Cc: lines an applied cc-request S added."""
    lines = s.params.get("cc")
    return [str(ln) for ln in lines] if isinstance(lines, list) else []


def _insert_changelog(body: str, heading: str, lines: list[str]) -> str:
    """BODY of a patch mail with the changelog right below its ``---`` line."""
    if not lines:
        return body
    rows = body.split("\n")
    diff_at = next((i for i, ln in enumerate(rows) if ln.startswith("diff --git ")), len(rows))
    sep = next((i for i in range(diff_at - 1, -1, -1) if rows[i] == "---"), None)
    block = [heading, *[f"- {ln}" for ln in lines], ""]
    if sep is None:               # no diffstat separator (empty patch): add one
        sig = next((i for i in range(len(rows) - 1, -1, -1) if rows[i] == "-- "), len(rows))
        rows[sig:sig] = ["---", *block]
    else:
        rows[sep + 1:sep + 1] = block
    return "\n".join(rows)


def _blurb(cover: PatchMail | None) -> str:
    """The vN cover letter's own text: without its subject line, shortlog, diffstat and base-commit."""
    if cover is None:
        return ""
    lines = cover.message.strip("\n").split("\n")
    if lines and " ".join(lines[0].split()) == " ".join(cover.subject.title.split()):
        lines = lines[1:]
    cut = len(lines)
    for i, ln in enumerate(lines):
        if (_SHORTLOG_HEAD.match(ln) and i + 1 < len(lines) and lines[i + 1].startswith("  ")) \
                or ln.startswith("base-commit:") or ln == "-- " \
                or re.match(r"^ \S.* \| +\d+ ?[+-]*$", ln):
            cut = i
            break
    text = "\n".join(lines[:cut]).strip("\n")
    return text.replace("*** BLURB HERE ***", "").strip("\n")


def _cover_changes(heading: str, per_patch: dict[int, list[str]], series_level: list[str], total: int,
                   width: int, link: str, prev: int) -> list[str]:
    rows = [heading]
    rows += [f"- {ln}" for ln in series_level]
    for n in sorted(per_patch):
        for ln in per_patch[n]:
            rows.append(f"- Patch {n:0{width}d}/{total}: {ln}")
    if len(rows) == 1:
        rows.append("- No code changes, rebased")
    if link:
        rows.append(f"- Link to v{prev}: {link}")
    return rows


def _with_changes(blurb: str, changes: list[str]) -> str:
    """BLURB with CHANGES inserted above its older changelog, or appended."""
    lines = blurb.split("\n") if blurb else []
    at = next((i for i, ln in enumerate(lines) if _CHANGELOG_HEAD.match(ln)), None)
    if at is None:
        return "\n".join([*lines, *([""] if lines else []), *changes])
    return "\n".join([*lines[:at], *changes, "", *lines[at:]])


# ---- the series ----

def _message_ids(series: Series, new_commits: list[str], version: int, n_files: int) -> list[str]:
    author = series.cover.author if series.cover else series.patches[0].author
    domain = author.email.rsplit("@", 1)[1] if "@" in author.email else "localhost"
    h = hashlib.sha1(("\n".join([series.base, *new_commits, str(version)])).encode()).hexdigest()[:12]
    return [f"<respin-{h}-v{version}-{i}@{domain}>" for i in range(n_files)]


def _date_of(repo: Repo, sha: str) -> datetime:
    return repo.author_date(sha)


def _format_env(repo: Repo, first_commit: str, committer: Ident | None) -> dict[str, str]:
    """The identity git format-patch needs (for the cover letter and the Message-Ids it makes; respin
    replaces both): COMMITTER, or else the author of the series' first commit, so that the machine's
    git identity never matters."""
    if committer is None:
        name, email = repo.author(first_commit)
        committer = Ident(name or email, email)
    return {**committer.env("AUTHOR"), **committer.env("COMMITTER")}


def write_series(repo: Repo, series: Series, new_commits: list[str], review: Review, out: Path, version: int,
                 *, base: str = "", date: datetime | None = None, heading: str = HEADING,
                 lore: str = LORE, atomic: bool = True, cover: bool | None = None,
                 committer: Ident | None = None) -> list[PatchResult]:
    """Write the v<VERSION> mails of NEW_COMMITS (one per patch of SERIES, in order) into OUT.

    Files: ``v5-0000-cover-letter.patch`` (unless COVER is False; by default there is one
    when vN had one or the series has more than one patch), ``v5-0001-<slug>.patch``, ...,
    and ``series.mbox``.  With ATOMIC, everything is written into a temp dir beside OUT and
    renamed at the end (an existing OUT is replaced); without it, OUT is written in place
    (use ``staging`` to write more files into the same atomic step).

    Changelogs come from REVIEW (applied suggestions: Suggestion.summary and the reviewer's
    first name) and from the trailers that differ between each original commit
    (series.patches[i].commit) and its new one.  DATE sets the cover letter's Date (default:
    the newest author date of the series, so that runs are reproducible).  git format-patch
    runs as COMMITTER (default: the series' author), never as the machine's git identity.
    Returns one PatchResult per patch.
    """
    if len(new_commits) != len(series.patches):
        raise MailError(f"{len(new_commits)} commits for a series of {len(series.patches)} patches")
    if not new_commits:
        raise MailError("the series is empty")
    base = base or series.base or repo.rev(new_commits[0] + "^")
    chain = repo.out("rev-list", "--reverse", f"{base}..{new_commits[-1]}").split()
    if chain != list(new_commits):
        raise MailError("the new commits are not a chain on the base: " + base[:12])
    if atomic:
        with staging(out) as tmp:
            return write_series(repo, series, new_commits, review, tmp, version, base=base, date=date,
                                heading=heading, lore=lore, atomic=False, cover=cover, committer=committer)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    total = len(new_commits)
    want_cover = cover if cover is not None else (series.cover is not None or total > 1)
    head = heading.format(version=version)
    prev = series.version if series.version > 1 else max(version - 1, 1)

    with tempfile.TemporaryDirectory(prefix="respin-fp-") as fpdir:
        args = ["-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "format.signOff=false",
                "format-patch", f"-v{version}", "--thread=shallow", f"--base={base}",
                f"--subject-prefix={subject_prefix(series)}", "--no-signoff", "--no-to", "--no-cc",
                "--no-add-header", "--no-numbered-files", "--always", "-o", fpdir]
        args.append("--cover-letter" if want_cover else "--no-cover-letter")
        if total > 1 or want_cover:
            args.append("--numbered")
        repo.run(*args, f"{base}..{new_commits[-1]}", env=_format_env(repo, new_commits[0], committer))
        files = sorted(Path(fpdir).iterdir())
        texts = [f.read_text() for f in files]
        names = [f.name for f in files]

    ids = _message_ids(series, new_commits, version, len(texts))
    width = number_width(series)
    offset = 1 if want_cover else 0
    results: list[PatchResult] = []
    per_patch: dict[int, list[str]] = {}
    out_texts: list[str] = []
    pids = _patch_ids(repo, [c for p, n in zip(series.patches, new_commits, strict=True) if p.commit and p.commit != n
                             for c in (p.commit, n)])
    for i, text in enumerate(texts):
        first, headers, body = _split(text)
        _set(headers, "Message-Id", ids[i])
        if i > 0:
            _set(headers, "In-Reply-To", ids[0], after="Message-Id")
            _set(headers, "References", ids[0], after="In-Reply-To")
        subj = " ".join(_get(headers, "Subject").split())
        if width != len(str(total)) and total > 1:
            subj = _renumber(subj, width, total)
        if want_cover and i == 0:
            title = (series.cover.subject.title if series.cover else
                     _cover_title(series))
            subj = subj.replace("*** SUBJECT HERE ***", " ".join(title.split()))
            author = series.cover.author if series.cover else series.patches[0].author
            _set(headers, "From", _fold("From", _address(author)))
            when = date or max(_date_of(repo, c) for c in new_commits)
            _set(headers, "Date", email.utils.format_datetime(when))
            out_texts.append(_join(first, _with_subject(headers, subj), body))
            continue
        k = i - offset
        p, new = series.patches[k], new_commits[k]
        old_msg = repo.commit_object(p.commit).partition("\n\n")[2] if p.commit else ""
        new_msg = repo.commit_object(new).partition("\n\n")[2]
        old_t = {t.key(): str(t) for t in tr.trailers(old_msg)}
        new_t = {t.key(): str(t) for t in tr.trailers(new_msg)}
        added = [v for key, v in new_t.items() if key not in old_t]
        dropped = [v for key, v in old_t.items() if key not in new_t]
        changed = _patch_changed(pids, p.commit, new) if p.commit else True
        log = patch_changelog(review, p.number, added, dropped)
        per_patch[p.number] = log
        body = _insert_changelog(body, head, log)
        out_texts.append(_join(first, _with_subject(headers, subj), body))
        results.append(PatchResult(number=p.number, subject=p.subject.title, file=names[i], changed=changed,
                                   commit=new, trailers_added=added, changelog=log))

    if want_cover:
        first, headers, body = _split(out_texts[0])
        series_level = [changelog.entry(s, _who(s)) for s in review.suggestions
                        if s.patch == 0 and s.status == Status.APPLIED and s.kind != "trailer"]
        ref = series.cover.msgid if series.cover and series.cover.msgid else (
            series.patches[0].msgid if series.patches else "")
        link = f"{lore}{ref.strip('<>')}" if ref else ""
        position = {p.number: i for i, p in enumerate(series.patches, 1)}
        changes = _cover_changes(head, {position.get(n, n): v for n, v in per_patch.items() if v},
                                 series_level + review.dropped, total, width, link, prev)
        blurb = _with_changes(_blurb(series.cover), changes)
        body = body.replace("*** BLURB HERE ***", blurb, 1)
        out_texts[0] = _join(first, headers, body)

    for name, text in zip(names, out_texts, strict=True):
        (out / name).write_text(text)
    (out / "series.mbox").write_text("".join(out_texts))
    return results


def _with_subject(headers: list[list[str]], subject: str) -> list[list[str]]:
    _set(headers, "Subject", _fold("Subject", subject))
    return headers


def _cover_title(series: Series) -> str:
    return series.patches[0].subject.title if series.patches else "Patch series"


def _patch_ids(repo: Repo, shas: list[str]) -> dict[str, str]:
    """`git patch-id --stable` of each commit of SHAS (two git runs for all: diff-tree --stdin into patch-id);
    a commit whose diff is empty has none."""
    if not shas:
        return {}
    diffs = repo.out("diff-tree", "--stdin", "-p", "--no-color", input="".join(s + "\n" for s in shas))
    out = repo.out("patch-id", "--stable", input=diffs) if diffs.strip() else ""
    return {commit: pid for pid, commit in (ln.split() for ln in out.splitlines() if len(ln.split()) == 2)}


def _patch_changed(pids: dict[str, str], old: str, new: str) -> bool:
    """True when NEW's code change differs from OLD's (the same diff on a moved base is unchanged); PIDS
    holds both patch ids (_patch_ids)."""
    return old != new and pids.get(old, "") != pids.get(new, "")
