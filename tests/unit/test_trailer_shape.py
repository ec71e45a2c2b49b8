"""A reviewer's paragraph reaches b4's trailer search only when some line has a trailer's shape: what
b4 finds must be the same either way."""
import b4
import pytest

from patches.drafts import _find_trailers

PARAS = [
    ["Reviewed-by: Bo Lind <bo@example.net>"],
    ["With that fixed,", "Acked-by: Cy Ng <cy@example.org>", "Tested-by: Dee Park <dee@example.org>"],
    ["Might want to add a Suggested-by:, so people know whom to ask :)"],
    ["nit: reverse xmas tree"],
    ["Fixes: 0123456789ab (\"net: mvpp2: add RX counters\")"],
    ["(x): y"],
    ["s/foo/bar/ please, and keep the", "comment next to it."],
    ["Reviewed-by:Bo Lind <bo@example.net>"],
    ["  Link: https://lore.kernel.org/r/20240101.1234-1-bo@example.net"],
]


def _names(trailers: list) -> list[tuple[str, str]]:
    return [(t.name, t.value) for t in trailers]


@pytest.mark.parametrize("para", PARAS)
def test_the_same_trailers_as_b4(para):
    found, others = _find_trailers(para)
    want, _ = b4.LoreMessage.find_trailers("\n".join(para), followup=True)
    assert _names(found) == _names(want)
    if not want and not any(":" in ln for ln in para):
        assert others == para


def test_a_paragraph_without_a_trailer_line_keeps_its_lines():
    para = ["Might want to add a Suggested-by:, so people know whom to ask :)", "  and Cc: them."]
    assert _find_trailers(para) == ([], para)
