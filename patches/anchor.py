"""Resolving quoted code to the tree: file, function and lines, by normalized tokens.

Quoted lines come from mails (diff markers, tabs, maybe flattened by a web archive);
they are compared with the file at the patch's commit token by token, never by
whitespace or hunk line numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from patches import diffs
from patches.ctext import function_at, function_named, mask, norm
from patches.git import Repo
from patches.model import Anchor, Review, Suggestion

def strip_marker(line: str) -> str:
    """A quoted diff line without its +/-/space marker."""
    return line[1:] if line[:1] in ("+", "-", " ") else line


def code_lines(quoted: list[str]) -> list[str]:
    """The post-image lines of a quote (removed lines and hunk headers left out)."""
    return [strip_marker(q) for q in quoted
            if not q.startswith("-") and not q.startswith("@@") and not q.startswith("diff --git")
            and not q.startswith("+++") and not q.startswith("index ")]


@dataclass(frozen=True)
class Match:
    path: str
    first: int                  # 1-based
    last: int
    lines: tuple[str, ...]      # the file's lines first..last, as they are (tabs kept)
    twin: int = 0               # the first line of another place the quote fits as well (its tabs lost)


@lru_cache(maxsize=64)
def _file_lines(repo: Repo, rev: str, path: str) -> tuple[str, ...] | None:
    text = repo.try_show_file(rev, path)
    return None if text is None else tuple(text.split("\n"))


@lru_cache(maxsize=64)
def added_ranges(repo: Repo, commit: str, path: str) -> tuple[tuple[int, int], ...]:
    """Line ranges (1-based, inclusive) that COMMIT adds to PATH."""
    r = repo.run("diff-tree", "-p", "-U0", "--no-renames", f"{commit}^", commit, "--", path, check=False)
    return tuple(diffs.added_ranges(r.stdout)) if r.returncode == 0 else ()


def changed_files(repo: Repo, commit: str) -> list[str]:
    r = repo.run("diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit, check=False)
    return [p for p in r.stdout.split("\n") if p] if r.returncode == 0 else []


@lru_cache(maxsize=16)
def _normalized(file_lines: tuple[str, ...]) -> tuple[tuple[tuple[int, str], ...], tuple[str, ...]]:
    """The non-blank lines of a file, normalized: ((line number, text), ...) and the texts alone.  Read once
    per file version: a review quotes the same file many times."""
    body = tuple((i + 1, n) for i, n in enumerate(norm(ln) for ln in file_lines) if n)
    return body, tuple(n for _, n in body)


@lru_cache(maxsize=16)
def _where(file_lines: tuple[str, ...]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Where each normalized line of a file is (indexes into _normalized's texts, keyed by the text stripped)
    and the lengths those texts have: a quote is looked up, not compared with every line of the file."""
    _, norms = _normalized(file_lines)
    at: dict[str, list[int]] = {}
    for i, n in enumerate(norms):
        at.setdefault(n.strip(), []).append(i)
    return {n: tuple(ix) for n, ix in at.items()}, tuple(sorted({len(n) for n in at}))


def find_lines(file_lines: tuple[str, ...], quoted: list[str]) -> list[tuple[int, int]]:
    """Every place where the non-blank QUOTED lines appear in a row (blank file lines skipped).

    Only the lines the quote can start at are tried (found in an index of the file), so that a review of
    thousands of quotes costs their length, not thousands of times the file's."""
    want = tuple(n for n in (norm(q) for q in quoted) if n)
    if not want:
        return []
    body, norms = _normalized(file_lines)
    at, lengths = _where(file_lines)
    hits = []
    k = len(want)
    for i in at.get(want[0].strip(), ()):
        if norms[i] == want[0] and norms[i:i + k] == want:
            hits.append((body[i][0], body[i + k - 1][0]))
    if hits:
        return hits
    # a quote wrapped or cut differently: compare the joined token streams, from the lines that start it
    joined = " ".join(want)
    starts = sorted({i for n in lengths if n <= len(joined) for i in at.get(joined[:n], ())})
    for i in starts:
        acc = ""
        for j in range(i, min(i + k + 3, len(norms))):
            acc = (acc + " " + norms[j]).strip()
            if acc == joined or (len(joined) > 12 and acc.startswith(joined) and j > i):
                hits.append((body[i][0], body[j][0]))
                break
            if not joined.startswith(acc):
                break
    return hits or _with_gaps(body, norms, at, want)


_GAP = 10       # lines a reviewer may cut out of one call ("[...]") and still be quoting it


def _with_gaps(body: tuple[tuple[int, str], ...], norms: tuple[str, ...], at: dict[str, tuple[int, ...]],
               want: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the quoted lines WANT stand in order with lines cut out between them ("[...]") where a call
    or condition they are part of goes on: each gap after a line that leaves a parenthesis open, at
    most _GAP lines long."""
    hits = []
    for i in at.get(want[0].strip(), ()):
        if norms[i] != want[0]:
            continue
        j, depth, ok = i, _depth(0, norms[i]), True
        for w in want[1:]:
            if j + 1 < len(norms) and norms[j + 1] == w:
                j += 1
            elif depth > 0:
                nxt = next((k for k in range(j + 1, min(j + 2 + _GAP, len(norms))) if norms[k] == w), None)
                for m in range(j + 1, nxt if nxt is not None else j + 1):
                    depth = _depth(depth, norms[m])
                    ok = ok and depth > 0       # the call or condition ends inside the gap
                if nxt is None or not ok:
                    ok = False
                    break
                j = nxt
            else:
                ok = False
                break
            depth = _depth(depth, norms[j])
        if ok and j > i:
            hits.append((body[i][0], body[j][0]))
    return hits


def _depth(depth: int, line: str) -> int:
    """DEPTH, the parentheses open before LINE, after it."""
    m = mask(line)
    return depth + m.count("(") - m.count(")")


_HUNK_FUNC = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@\s*(.*)$")


def hunk_function(header: str) -> str:
    """The function a hunk header names (`@@ -714,18 +714,36 @@ int foo(struct bar *b,` -> "foo"); ""."""
    m = _HUNK_FUNC.match(header.strip())
    if not m:
        return ""
    names = re.findall(r"([A-Za-z_]\w*)\s*\(", m.group(1))
    return names[0] if names else ""


_CONTEXT = 3            # the lines of context git diff (and format-patch) gives around a change


def locate(repo: Repo, commit: str, quoted: list[str], paths: list[str], context: list[str] | None = None,
           function: str = "") -> Match | None:
    """Where QUOTED (diff lines from a mail) is in the tree at COMMIT, among PATHS.

    With several places, one inside the whole quote QUOTED was narrowed from (CONTEXT) wins (one at its
    end first: QUOTED is the part right above the comment), then one in FUNCTION (the function the
    quote's hunk header names), then one inside the lines the commit adds (one outside them when
    every quoted line is a context line: the quote says the code was there before),
    then one indented as the quote is (`\treturn ret;` / `}` ends the function, not an inner block), then
    one within a hunk's context of the lines the commit adds, then the first.  An identical line
    elsewhere in the file (a `return ret;` of another function) is not what the reviewer quoted."""
    code = code_lines(quoted)
    marked = [q for q in quoted if norm(strip_marker(q)) and not q.startswith(("@@", "diff --git", "index "))]
    context_only = bool(marked) and all(q.startswith(" ") for q in marked)
    around = code_lines(context or [])
    shown = [c for c in context or [] if norm(c)]      # the whole quote, its markers dropped already
    best: tuple[tuple, Match] | None = None
    for order, path in enumerate(paths):
        lines = _file_lines(repo, commit, path)
        if lines is None:
            continue
        ranges = added_ranges(repo, commit, path)
        hits = find_lines(lines, code)
        near = find_lines(lines, around) if len(hits) > 1 and len([a for a in around if norm(a)]) > \
            len([c for c in code if norm(c)]) else []
        for first, last in hits:
            inside = any(a <= first and last <= b for a, b in ranges)
            if context_only:
                inside = not any(a <= last and first <= b for a, b in ranges)
            in_quote = any(a <= first and last <= b for a, b in near)
            # the whole quote indented as the file is there (its tabs turned to spaces the same way)
            whole_indent = any(a <= first and last <= b and same_indent(shown, lines[a - 1:b]) for a, b in near)
            # the lines right above the comment are the end of the whole quote: where that quote ends
            at_end = any(a <= first and last == b for a, b in near)
            in_function = bool(function) and len(hits) > 1 and _function_of(repo, commit, path, first) == function
            # a quoted line the commit did not add is one of a hunk's context lines: within the diff's
            # three lines of context of what it adds, not the same line in a function it leaves alone
            in_hunk = any(a - _CONTEXT <= last and first <= b + _CONTEXT for a, b in ranges)
            score = (in_quote, at_end, in_function, inside, whole_indent, same_indent(code, lines[first - 1:last]),
                     in_hunk, -order, -first)
            here = tuple(lines[first - 1:last])
            if best is None or score > best[0]:
                best = (score, Match(path, first, last, here, twin=_twin(best, score, path, here)))
            elif _twin(best, score, path, here) and not best[1].twin:
                best = (best[0], replace(best[1], twin=first))
    if best is None:
        return None
    m = best[1]
    # two places alike but for their indentation, which the mail client turned to spaces: not told apart
    loose = m.twin and not same_indent(code, m.lines, exact=True)
    return m if loose or not m.twin else replace(m, twin=0)


def _twin(best: tuple[tuple, Match] | None, score: tuple, path: str, here: tuple[str, ...]) -> int:
    """The first line of BEST when a place of SCORE in PATH, its lines HERE indented otherwise, fits the
    quote as well (its line and the order of its file aside): the tabs the quote lost would have told
    the two apart.  0 otherwise (two places indented alike are told apart as they always were)."""
    if best is None or score[:-2] != best[0][:-2] or best[1].path != path:
        return 0
    return best[1].first if [_lead(ln) for ln in here] != [_lead(ln) for ln in best[1].lines] else 0


def same_indent(quoted: list[str], file_lines: tuple[str, ...] | list[str], exact: bool = False) -> bool:
    """Whether the non-blank QUOTED lines begin with the very whitespace of the non-blank FILE_LINES they
    were found at, or with the whitespace one way of turning tabs to spaces makes of it, the same for every
    line (a mail client that put 4 or 8 spaces for a tab, or one for a run of tabs, keeps the depths
    apart: `    return ret;` / `}` ends the function, not the inner block `\t\treturn ret;` / `\t}`; an
    archive that flattened them matches no place so).  EXACT: the very whitespace only."""
    q = [_lead(ln) for ln in quoted if ln.strip()]
    f = [_lead(ln) for ln in file_lines if ln.strip()]
    spacings = _SPACINGS[:1] if exact else _SPACINGS
    return len(q) == len(f) and any(all(a == spaced(b) for a, b in zip(q, f, strict=True)) for spaced in spacings)


def _lead(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


# the ways a mail client turns the tabs of a line's indentation (after its one-column patch mark) to spaces
_SPACINGS: tuple[Callable[[str], str], ...] = (
    lambda w: w,
    *(lambda w, k=k: w.replace("\t", " " * k) for k in (4, 8)),
    *(lambda w, k=k: ("+" + w).expandtabs(k)[1:] for k in (4, 8)),
    lambda w: re.sub(r"\t+", " ", w),
)


def _function_of(repo: Repo, commit: str, path: str, line: int) -> str:
    return function_name(repo, commit, path, line)


def function_name(repo: Repo, commit: str, path: str, line: int) -> str:
    lines = _file_lines(repo, commit, path)
    if lines is None:
        return ""
    f = function_at("\n".join(lines), line)
    return f.name if f else ""


_PROTOTYPE = re.compile(r"(?P<ret>[A-Za-z_][\w\s*]*?[\s*])(?P<name>[A-Za-z_]\w*)\s*\([^;{}=]*\)"
                        r"\s*(?:__\w+(?:\([^)]*\))?\s*)*;")
_NOT_A_TYPE = ("typedef", "return", "if", "while", "for", "switch", "sizeof", "do", "else", "case", "goto")


def prototype_name(file_lines: tuple[str, ...], first: int, last: int) -> str:
    """The function a prototype declares when lines FIRST..LAST (1-based) lie in one, over one line or
    several (`int foo(struct bar *b,` / `\t    int n);`); "" otherwise (a macro call, a typedef, a
    function pointer, a definition)."""
    masked = mask("\n".join(file_lines)).split("\n")
    start = first
    while start > 1 and start > first - 8:
        prev = masked[start - 2].strip()
        if not prev or prev.startswith("#") or prev.endswith((";", "}", "{", "*/")):
            break
        start -= 1
    end = last
    while end < len(masked) and end < last + 8 and not re.search(r"[;{}]", masked[end - 1]):
        end += 1
    text = " ".join(masked[start - 1:end]).strip()
    m = _PROTOTYPE.fullmatch(text)
    if not m or re.search(r"\(\s*\*", text):
        return ""
    words = re.findall(r"[A-Za-z_]\w*", m.group("ret"))
    if not words or any(w in _NOT_A_TYPE for w in words) or m.group("name") in _NOT_A_TYPE:
        return ""
    return m.group("name")


def definition_of(repo: Repo, commit: str, name: str, paths: list[str]) -> tuple[str, int, int] | None:
    """(path, header's first line, line of the opening brace) of the one definition of NAME among PATHS
    in the tree at COMMIT; None when there is none or more than one."""
    found = []
    for path in paths:
        lines = _file_lines(repo, commit, path)
        f = function_named("\n".join(lines), name) if lines is not None else None
        if f is not None:
            found.append((path, f.start, f.body_start))
    return found[0] if len(found) == 1 else None


def comment_block(repo: Repo, commit: str, path: str, first: int, last: int) -> tuple[int, int] | None:
    """The /* ... */ block that lines FIRST..LAST lie in, when they are comment lines only."""
    lines = _file_lines(repo, commit, path)
    if lines is None:
        return None
    seg = lines[first - 1:last]
    if not all(re.match(r"^\s*(/\*|\*|\*/)", ln) for ln in seg if ln.strip()):
        return None
    start = first
    while start > 1 and "/*" not in lines[start - 1]:
        start -= 1
        if not re.match(r"^\s*(/\*|\*)", lines[start - 1]):
            return None
    end = last
    while end <= len(lines) and "*/" not in lines[end - 1]:
        end += 1
    return (start, end) if end <= len(lines) else None


def restore_quote(quoted: list[str], match: Match) -> list[str]:
    """QUOTED with each code line replaced by the tree's line (tabs restored), markers kept."""
    out = []
    tree = [ln for ln in match.lines if norm(ln)]
    ti = 0
    for q in quoted:
        marker = q[:1] if q[:1] in ("+", " ") else ""
        if q.startswith(("-", "@@")) or not norm(strip_marker(q)):
            out.append(q)
            continue
        if ti < len(tree) and norm(strip_marker(q)) == norm(tree[ti]):
            out.append(marker + tree[ti] if marker else tree[ti])
            ti += 1
        else:
            out.append(q)
    return out


def resolve_anchors(review: Review, repo: Repo | None, check: Callable[[], None] | None = None) -> Review:
    """REVIEW with every code anchor resolved against the tree at its patch's commit (file, function,
    lines, code): each suggestion found there is built anew with its anchor, its quoted lines as the
    tree has them, and the comment block they lie in.

    CHECK is called between suggestions (it raises to stop the work)."""
    if repo is None:
        return review
    commits = {p.number: p.commit for p in review.series.patches}
    changed: dict[str, list[str]] = {}          # commit -> the files it changes (one git call a commit)
    out: list[Suggestion] = []
    for s in review.suggestions:
        if check is not None:
            check()
        commit = commits.get(s.patch, "")
        if s.anchor.in_message or not s.quoted or not commit:
            out.append(s)
            continue
        if commit not in changed:
            changed[commit] = changed_files(repo, commit)
        out.append(_resolved(s, repo, commit, changed[commit]))
    return replace(review, suggestions=out)


def _resolved(s: Suggestion, repo: Repo, commit: str, changed: list[str]) -> Suggestion:
    """S with its anchor in the tree at COMMIT (which changes the files CHANGED); S when not found."""
    paths = ([s.anchor.file] if s.anchor.file else []) + [p for p in changed if p != s.anchor.file]
    m = locate(repo, commit, s.quoted, paths, context=s.quote, function=str(s.params.get("hunk_function", "")))
    if m is None:
        return s
    if m.twin:
        # left unplaced: the rules stage says why
        return replace(s, params={**s.params, "quote_places": (m.path, min(m.first, m.twin), max(m.first, m.twin))})
    function = function_name(repo, commit, m.path, m.first)
    if not function:
        header = _prototype_anchor(s, repo, commit, m, paths)
        if header is not None:
            return header
    anchor = Anchor(file=m.path, function=function,
                    code=[ln.strip() for ln in m.lines if ln.strip()], lines=(m.first, m.last),
                    in_message=s.anchor.in_message)
    params = dict(s.params)
    block = comment_block(repo, commit, m.path, m.first, m.last)
    if block:
        params["comment_block"] = block
    return replace(s, anchor=anchor, quoted=restore_quote(s.quoted, m), params=params)


_ABOUT_DECLARATION = re.compile(r"\bextern\b")


def _prototype_anchor(s: Suggestion, repo: Repo, commit: str, m: Match, paths: list[str]) -> Suggestion | None:
    """S anchored on the header of the function whose prototype M is (in a header file, or a forward
    declaration): the quote is about that function.  With no single definition among PATHS, the anchor
    stays on the prototype and names the function, so that a recipe can say the definition is elsewhere.
    None when M is not a prototype."""
    lines = _file_lines(repo, commit, m.path) or ()
    name = prototype_name(lines, m.first, m.last)
    if not name:
        return None
    # "No need for extern on a declaration": a word of the prototype itself, not of the function
    found = None if _ABOUT_DECLARATION.search(s.comment) else definition_of(repo, commit, name, paths)
    if found is None:
        anchor = Anchor(file=m.path, function=name, code=[ln.strip() for ln in m.lines if ln.strip()],
                        lines=(m.first, m.last), in_message=s.anchor.in_message)
        return replace(s, anchor=anchor, quoted=restore_quote(s.quoted, m))
    path, first, brace = found
    def_lines = _file_lines(repo, commit, path) or ()
    header = def_lines[first - 1:brace]
    marked = [q for q in s.quoted if q[:1] in ("+", " ") and norm(strip_marker(q))]
    marker = marked[0][:1] if marked else "+"
    anchor = Anchor(file=path, function=name, code=[ln.strip() for ln in header if ln.strip()],
                    lines=(first, brace), in_message=s.anchor.in_message)
    return replace(s, anchor=anchor, quoted=[marker + ln for ln in header])
