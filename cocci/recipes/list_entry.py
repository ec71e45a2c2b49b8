"""Add a name to a list in a comment (a kernel-doc's "Standard types are:"), as a verified text edit.

Evidence: the reviewer names X and asks for it in a list ("X should be added to this list",
"please add X to the list", "X is missing from the list above"), and shows the list: quoted from the
patch, or pasted into the mail.  The list is found in the patch's files as consecutive comment lines
under a line that ends with ':'.  X goes in as its neighbours are written: appended to a bare
comma-separated line, or as a new `X: description` line when the entries carry descriptions; the
description is then the patch's own one-line comment on what it adds for X (else manual).  Nothing
happens when X is in the list already, when X is not a name the patch uses, or when the list is not
found exactly once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from patches.ctext import mask
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from patches.model import Suggestion

# a name starts where a word starts: tried from inside a long word too, the pattern would read the rest of
# the word once per character (seconds for one comment of a few thousand letters)
_NAME = r"`?'?\"?(?<!\w)([A-Za-z_]\w*)(?:\(\))?`?'?\"?"
_ASKS = [
    re.compile(_NAME + r"\s+(?:should|must|needs to|ought to|could)\s+(?:also\s+)?be\s+(?:added|listed|mentioned)\s+"
               r"(?:to|in)\s+(?:this|the|that)\s+(?:list|comment|kernel-?doc)", re.I),
    re.compile(r"\b(?:please\s+)?add\s+" + _NAME + r"\s+to\s+(?:this|the|that)\s+(?:list|comment|kernel-?doc)", re.I),
    re.compile(_NAME + r"\s+is\s+missing\s+(?:from|in)\s+(?:this|the|that)\s+list", re.I),
    re.compile(r"\bthe\s+list\s+(?:above\s+|below\s+)?(?:is\s+)?(?:misses|lacks|is missing)\s+" + _NAME, re.I),
]
_ITEM_PREFIX = re.compile(r"^(\s*\*\s*)(.*?)\s*$")
_DESCRIBED = re.compile(r"^([A-Za-z_]\w*):\s+\S")


def asked_name(comment: str) -> str | None:
    """The X of "X should be added to this list" (and the other wordings); None when not asked."""
    for pat in _ASKS:
        m = pat.search(comment)
        if m and m.group(1).lower() not in ("it", "this", "that", "them", "one", "the"):
            return m.group(1)
    return None


def _item(line: str) -> tuple[str, str]:
    """(prefix, entry) of a ` * entry` line (the list lines found and quoted are all such lines)."""
    m = _ITEM_PREFIX.match(line)
    if m is None:
        raise Manual(f"`{line.strip()}` is not an entry of a ' * ' list")
    return m.group(1), m.group(2)


def _pieces(s: Suggestion) -> list[str]:
    """The list as the reviewer showed it: comment lines of the quote, or the pasted ' * ...' text."""
    quoted = [q for q in s.quote if q.lstrip().startswith("*") and not q.lstrip().startswith("*/")]
    if len(quoted) >= 2:
        return [_item(q)[1] for q in quoted]
    for para in s.comment.split("\n"):
        if para.lstrip().startswith("*") and para.count(" * ") >= 1:
            return [p.strip() for p in re.split(r"(?:^|\s)\*\s+", para.strip()) if p.strip()]
    return []


def _norm(text: str) -> str:
    return " ".join(text.split())


def find_list(text: str, pieces: list[str]) -> list[int]:
    """0-based first lines of the runs of comment lines whose contents are PIECES, in order."""
    src = text.splitlines()
    want = [_norm(p) for p in pieces]
    out = []
    for i in range(len(src) - len(want) + 1):
        got = []
        for ln in src[i:i + len(want)]:
            m = _ITEM_PREFIX.match(ln)
            if not m or not ln.lstrip().startswith("*"):
                break
            got.append(_norm(m.group(2)))
        if got == want:
            out.append(i)
    return out


def patch_description(files: dict[str, str], base: dict[str, str] | None, name: str) -> str | None:
    """The one-line comment the patch adds right above what it adds for NAME ("/* A static key ... */")."""
    found = set()
    for path, text in files.items():
        before = set((base or {}).get(path, "").splitlines())
        src = text.splitlines()
        for i, ln in enumerate(src[:-1]):
            m = re.match(r"^\s*/\*\s*(.+?)\s*\*/\s*$", ln)
            if not m or ln in before or src[i + 1] in before:
                continue
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}\b", src[i + 1]):
                found.add(m.group(1).rstrip("."))
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class ListEntryParams(InFunction):
    old: list[str]               # the list's last line
    new: list[str]               # the lines it becomes
    line: int                    # where OLD is
    name: str                    # the entry added


class ListEntry(Recipe[ListEntryParams]):
    kind = "list-entry"
    order = Phase.LISTS
    is_text_edit = True
    retargets = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ListEntryParams] | None:
        name = asked_name(s.comment)
        if name is None:
            return None
        pieces = _pieces(s)
        if len(pieces) < 2 or not pieces[0].rstrip().endswith(":"):
            raise Manual("no list under a 'NAME:' heading was quoted or shown")
        files = {ctx.path: ctx.text} if ctx.text else {}
        files.update({p: t for p, t in ctx.files.items() if p not in files})
        hits = [(p, i) for p, t in files.items() for i in find_list(t, pieces)]
        if len(hits) != 1:
            raise Manual("the list shown was not found in the patch's files" if not hits
                         else f"the list shown occurs {len(hits)} times in the patch's files")
        path, i = hits[0]
        text = files[path]
        if not any(re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}\b", mask(t)) for t in files.values()):
            raise Manual(f"{name} is not a name the patch's files use")
        src = text.splitlines()
        k = i + len(pieces) - 1
        # the list may go on below what was shown
        while k + 1 < len(src) and src[k + 1].lstrip().startswith("*") and not src[k + 1].lstrip().startswith("*/") \
                and _item(src[k + 1])[1]:
            k += 1
        items = [_item(ln)[1] for ln in src[i + 1:k + 1]]
        if any(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", it) for it in items):
            return None                                     # already there
        last = src[k]
        prefix = _item(last)[0]
        last_item = items[-1]
        if _DESCRIBED.match(last_item):
            desc = patch_description(ctx.files, ctx.base_files, name)
            if desc is None:
                raise Manual(f"the list's entries carry a description, and the patch has none for {name}")
            descs = [it.split(":", 1)[1].strip() for it in items if _DESCRIBED.match(it)]
            first = desc.split()[0]
            if first[0].isupper() and (len(first) == 1 or not first.isupper()) and all(d[:1].islower() for d in descs):
                desc = desc[0].lower() + desc[1:]
            end = "." if last_item.endswith(".") else ""
            old, new = [last], [last, f"{prefix}{name}: {desc}{end}"]
        elif re.fullmatch(r"[A-Za-z_]\w*(?:,\s*[A-Za-z_]\w*)+,?", last_item):
            joined = last.rstrip().rstrip(",") + f", {name}"
            if len(joined.expandtabs(8)) <= 80:
                old, new = [last], [joined]
            else:
                old, new = [last], [last, f"{prefix}{name}"]
        else:
            raise Manual("the list's entries are not in a style the recipe can follow")
        return Plan(self.kind, slug=name, order=self.order, files=[path],
                    summary=f"Add {name} to the list \"{pieces[0].strip()}\"",
                    params=ListEntryParams("", old=old, new=new, line=k + 1, name=name))

    def text_edit(self, s: Suggestion, plan: Plan[ListEntryParams], ctx: CodeContext) -> T.TextEdit:
        return T.TextEdit(str(plan.files[0]), "", list(plan.params.old),
                          list(plan.params.new), plan.summary, line=plan.params.line)

    def render(self, s: Suggestion, plan: Plan[ListEntryParams], ctx: CodeContext) -> str:
        return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx))

    def is_applied(self, s: Suggestion, plan: Plan[ListEntryParams], text: str) -> bool:
        te = T.TextEdit("", "", list(plan.params.old), list(plan.params.new))
        new = list(plan.params.new)
        lines = text.splitlines()
        return T.is_applied(text, te) or (len(new) > 1 and T._find(lines, new, 0, len(lines)) != [])

    def verify(self, s: Suggestion, plan: Plan[ListEntryParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.name} is not in the list"


RECIPE = ListEntry()
