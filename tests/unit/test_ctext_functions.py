"""The function definitions of a C file: the same whether read character by character or by its braces."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from patches import ctext
from patches.ctext.functions import _HEADER, Function

DATA = Path(__file__).resolve().parent.parent / "data" / "c"


def _one_by_one(text: str) -> list[Function]:
    """The definitions found by looking at every character of the masked text."""
    m = ctext.mask(text)
    result: list[Function] = []
    depth, line, seg_start, open_at, open_line = 0, 1, 0, -1, 0
    for i, c in enumerate(m):
        if c == "\n":
            line += 1
        elif c == "{":
            if depth == 0:
                open_at, open_line = i, line
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and open_at >= 0:
                head = m[seg_start:open_at]
                head_clean = re.sub(r"(?m)^\s*#.*$", "", head).rstrip()
                hm = _HEADER.search(head_clean)
                if hm and not re.search(r"=\s*$", head_clean) and hm.group(1) not in (
                        "if", "for", "while", "switch"):
                    # the header begins past the blanks and the preprocessor lines above it
                    lead = re.match(r"(?:\s*^[ \t]*#(?:[^\n]*\\\n)*[^\n]*$)*\s*", head, re.M)
                    first = seg_start + (lead.end() if lead else 0)
                    result.append(Function(hm.group(1), m.count("\n", 0, first) + 1, open_line, line))
                open_at = -1
                seg_start = i + 1
            elif depth < 0:
                depth = 0
        elif c == ";" and depth == 0:
            seg_start = i + 1
    return result


TRICKY = """#define SETUP(x) { (x) = 0; }
static const struct ops ops = {
\t.open = ring_open,
};

static int __init ring_init(void)
{
\tconst char *s = "{ not a brace }";  /* nor } these { */
\tif (s) {
\t\treturn 0;
\t}
\treturn 1;
}
}
static void
ring_exit(void) __releases(lock)
{
}
"""


def test_the_definitions_of_every_sample_file_and_of_stray_braces():
    texts = [p.read_text() for p in sorted(DATA.rglob("*.c"))] + [TRICKY]
    assert len(texts) > 5
    for text in texts:
        assert ctext.functions(text) == _one_by_one(text)
    assert [(f.name, f.start, f.body_start, f.end) for f in ctext.functions(TRICKY)] == [
        ("ring_init", 6, 7, 13), ("ring_exit", 14, 17, 18)]   # a stray brace counts with the header


def _versions(text: str) -> list[str]:
    """TEXT edited step by step the way a run edits a file: each version from the one before."""
    mid = len(text) // 2
    at = text.find("\n", mid) + 1
    one = text[:at] + "\tcount++;\n\n" + text[at:]                     # a statement in the middle
    brace = one.find("}\n", len(one) // 3)
    two = one[:brace] + one[brace + 2:] if brace > 0 else one          # a closing brace gone
    three = two[:at] + "/* dropped: {\n" + two[at:]                    # an unterminated comment
    four = text.replace("\n}\n", "\n}\n\nstatic void ring_idle(void)\n{\n}\n", 1)   # a new function
    return [one, two, three, text, four, one]


def test_the_definitions_of_each_new_version_of_a_file():
    texts = [p.read_text() for p in sorted(DATA.rglob("*.c"))] + [TRICKY]
    for text in texts:
        for version in [text, *_versions(text)]:
            assert ctext.functions(version) == _one_by_one(version)


def test_threads_finding_definitions_at_once_get_each_their_own():
    # a run edits files in two threads: the scans they start from are shared, each answer stays its text's
    texts = [p.read_text() for p in sorted(DATA.rglob("*.c"))] + [TRICKY]
    versions = [v for text in texts for v in [text, *_versions(text)]]
    expected = {v: _one_by_one(v) for v in versions}
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda v: (v, ctext.functions(v + "\n/* thread */\n")), versions * 3))
    for v, found in got:
        assert found == expected[v]
