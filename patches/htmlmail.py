"""An HTML-only mail read as the text a mail reader shows (see patches/thread.py): imported by the
thread reader only when a mail has no text/plain part, so that a run on plain mails does not load
the HTML parser."""
from __future__ import annotations

import re
from html.parser import HTMLParser


class _HtmlText(HTMLParser):
    """The text of an HTML mail: block elements end lines, <blockquote> quotes one level deeper, <pre>
    keeps its whitespace; scripts and styles are left out.  Nothing in it is run or fetched."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "pre", "h1", "h2", "h3", "h4", "table", "ul", "ol", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = [(0, "")]
        self.depth = 0
        self.pre = 0
        self.skip = 0

    def _newline(self) -> None:
        if self.lines[-1][1] or self.lines[-1][0] != self.depth:
            self.lines.append((self.depth, ""))

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag == "blockquote":
            self._newline()
            self.depth += 1
            self.lines[-1] = (self.depth, self.lines[-1][1])
        elif tag in self._BLOCKS:
            self.pre += tag == "pre"
            self.lines.append((self.depth, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.depth = max(0, self.depth - 1)
            self.lines.append((self.depth, ""))
        elif tag in self._BLOCKS:
            self.pre = max(0, self.pre - (tag == "pre"))
            self.lines.append((self.depth, ""))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        parts = data.split("\n") if self.pre else [re.sub(r"\s+", " ", data)]
        for i, part in enumerate(parts):
            if i:
                self.lines.append((self.depth, ""))
            d, cur = self.lines[-1]
            self.lines[-1] = (d, cur + part.replace("\xa0", " "))


def html_text(html: str) -> str:
    """HTML_TEXT as the plain text a mail reader shows, quoted parts with "> " markers."""
    p = _HtmlText()
    p.feed(html)
    p.close()
    out: list[str] = []
    for depth, text in p.lines:
        text = text.rstrip() if p.pre else text.strip()
        if not text and out and not out[-1].strip(">").strip() and out[-1].count(">") == depth:
            continue                # one blank line for a run of them
        out.append(("> " * depth + text).rstrip() if depth else text)
    return "\n".join(out).strip("\n") + "\n"
