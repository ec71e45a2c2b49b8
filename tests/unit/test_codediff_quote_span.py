"""Where a quote lies in a file: the whole quote's longest tail found exactly once, whitespace aside."""
from __future__ import annotations

from cocci.recipe import CodeContext
from cocci.recipes import _codediff as CD
from patches.ctext import norm
from tests.unit.kinds_support import sugg

FIFO = """static int fifo_fill(struct fifo *f, const u8 *buf, size_t len)
{
\tsize_t n;

\tif (!len)
\t\treturn 0;
\tn = min(len, f->room);
\tmemcpy(f->data + f->head, buf, n);
\tf->head += n;
\treturn n;
}

static int fifo_drain(struct fifo *f, u8 *buf, size_t len)
{
\tsize_t n;

\tif (!len)
\t\treturn 0;
\tn = min(len, f->used);
\tmemcpy(buf, f->data + f->tail, n);
\tf->tail += n;
\treturn n;
}
"""


def _span(text: str, quote: list[str], lo: int = 1, hi: int = 10_000) -> tuple[int, int] | None:
    s = sugg("drivers/misc/fifo.c", "", quote, "")
    s.quote = quote
    return CD.quote_span(s, CodeContext("drivers/misc/fifo.c", text, ""), lo, hi)


def _naive(text: str, quote: list[str], lo: int, hi: int) -> tuple[int, int] | None:
    """The search line by line over the non-blank lines, every line normalized again for every place tried."""
    lines = [ln for ln in quote if norm(ln)]
    at = [no for no, ln in enumerate(text.splitlines(), 1) if norm(ln) and max(lo, 1) <= no <= hi]
    src = text.splitlines()
    for k in range(len(lines)):
        want = [norm(ln) for ln in lines[k:]]
        hits = [i for i in range(len(at) - len(want) + 1)
                if [norm(src[at[i + j] - 1]) for j in range(len(want))] == want]
        if len(hits) == 1:
            return at[hits[0]], at[hits[0] + len(want) - 1]
        if len(hits) > 1:
            return None
    return None


def test_the_longest_tail_found_once_gives_the_lines_whitespace_aside():
    # the quote's first line is mangled by the mailer; its tail names fifo_drain's copy alone
    quote = ["> garbled", "\tn  =  min(len,f->used);", "", "\tmemcpy(buf, f->data + f->tail, n);"]
    assert _span(FIFO, quote) == (19, 20)


def test_a_quote_across_a_blank_line_is_one_quote():
    # the blank line between the declaration and the `if` is in the file, cut or kept in the quote
    assert _span(FIFO, ["\tsize_t n;", "", "\tif (!len)", "\t\treturn 0;", "\tn = min(len, f->used);"]) == (15, 19)
    assert _span(FIFO, ["\tsize_t n;", "\tif (!len)", "\t\treturn 0;", "\tn = min(len, f->used);"]) == (15, 19)


def test_a_quote_found_twice_is_no_place():
    assert _span(FIFO, ["\tif (!len)", "\t\treturn 0;"]) is None


def test_the_window_bounds_the_search():
    quote = ["\tif (!len)", "\t\treturn 0;"]
    assert _span(FIFO, quote, 13, 24) == (17, 18)
    assert _span(FIFO, quote, 1, 11) == (5, 6)
    assert _span(FIFO, quote, 18, 24) == (18, 18)   # the quote's first line lies before the window: its tail
    assert _span(FIFO, quote, 19, 24) is None


def test_each_text_has_its_own_lines():
    # the per-text cache: the same quote in two texts, asked in turn, finds each text's own place
    other = "\n\n\n" + FIFO
    quote = ["\tf->tail += n;"]
    assert _span(FIFO, quote) == (21, 21)
    assert _span(other, quote) == (24, 24)
    assert _span(FIFO, quote) == (21, 21)
    assert _span(FIFO.replace("f->tail += n;", "f->tail = 0;"), quote) is None


def test_same_places_as_the_search_line_by_line():
    text = FIFO + FIFO.replace("fifo_", "ring_").replace("f->used", "f->count")
    n = len(text.splitlines())
    quotes = [FIFO.splitlines()[a:b] for a in range(0, 24, 3) for b in range(a + 1, 25, 4)]
    quotes += [["\tn = min(len, f->count);", "\tmemcpy(buf, f->data + f->tail, n);"], ["}"], ["nothing();"]]
    for q in quotes:
        for lo, hi in ((1, n), (5, 30), (13, 40), (30, n)):
            assert _span(text, q, lo, hi) == _naive(text, q, lo, hi), (q, lo, hi)
