"""drop-inline: "no inline in .c files" takes the keyword off the quoted static function of a .c file
(the helper stays, its aligned parameters follow the parenthesis); a header, a function that is not
static and __always_inline are manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes.drop_inline import asks
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/net/ethernet/qx/qx_main.c"
SRC = """\
static inline bool qx_ring_empty(struct qx_ring *ring)
{
\treturn ring->head == ring->tail;
}

static inline u32 qx_ring_space(struct qx_ring *ring,
\t\t\t\tu32 wanted)
{
\treturn min(wanted, ring->size - ring->used);
}

static inline
int qx_ring_used(struct qx_ring *ring)
{
\treturn ring->used;
}

static __always_inline u32 qx_desc_flags(u32 v)
{
\treturn v & 0xff;
}

inline int qx_shared(int v)
{
\treturn v + 1;
}

static int qx_poll(struct qx_ring *ring)
{
\tif (qx_ring_empty(ring))
\t\treturn 0;
\treturn qx_ring_space(ring, 4) + qx_ring_used(ring) + qx_desc_flags(ring->flags) + qx_shared(1);
}

static inline void qx_unused(void)
{
\tqx_reset();
}

static inline void qx_debug_dump(struct qx_ring *ring)
{
\tqx_dump(ring->used);
}

#ifdef CONFIG_QX_DEBUG
static void qx_debug(struct qx_ring *ring)
{
\tqx_debug_dump(ring);
}
#endif
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str, path: str = PATH) -> tuple[Suggestion, str]:
    s = sugg(path, fn, quoted, comment, answer="")
    return s, applied(tmp_path, path, SRC, s)[0]


def test_the_keyword_goes_and_the_helper_stays(tmp_path):
    s, after = run(tmp_path, "qx_ring_empty", ["+static inline bool qx_ring_empty(struct qx_ring *ring)"],
                   "Please don't use inline in .c files, let the compiler decide.")
    assert (s.kind, s.status) == ("drop-inline", Status.APPLIED), s.reason
    assert after == SRC.replace("static inline bool qx_ring_empty", "static bool qx_ring_empty")


def test_aligned_parameters_follow_the_parenthesis(tmp_path):
    s, after = run(tmp_path, "qx_ring_space", ["+static inline u32 qx_ring_space(struct qx_ring *ring,"],
                   "nit: no inline in C files please")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static inline u32 qx_ring_space(struct qx_ring *ring,\n\t\t\t\tu32 wanted)",
                                "static u32 qx_ring_space(struct qx_ring *ring,\n\t\t\t u32 wanted)")


def test_static_left_alone_joins_the_next_line(tmp_path):
    s, after = run(tmp_path, "qx_ring_used", ["+static inline", "+int qx_ring_used(struct qx_ring *ring)"],
                   "Drop the inline, the compiler knows how to inline.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static inline\nint qx_ring_used", "static int qx_ring_used")


@pytest.mark.parametrize("fn,quoted,path,reason", [
    ("qx_ring_empty", "+static inline bool qx_ring_empty(struct qx_ring *ring)", "drivers/net/qx/qx.h",
     "is defined in a header"),
    ("qx_desc_flags", "+static __always_inline u32 qx_desc_flags(u32 v)", PATH, "is __always_inline"),
    ("qx_shared", "+inline int qx_shared(int v)", PATH, "is not static"),
    ("qx_unused", "+static inline void qx_unused(void)", PATH, "has no caller in the file"),
    ("qx_debug_dump", "+static inline void qx_debug_dump(struct qx_ring *ring)", PATH, "inside an #if block"),
])
def test_what_the_keyword_means_more_for_is_manual(tmp_path, fn, quoted, path, reason):
    s, after = run(tmp_path, fn, [quoted], "Please don't use inline, let the compiler decide.", path)
    assert s.status == Status.MANUAL and reason in s.reason, s.reason
    assert after == SRC


def test_always_inline_named_by_the_comment_goes(tmp_path):
    s, after = run(tmp_path, "qx_desc_flags", ["+static __always_inline u32 qx_desc_flags(u32 v)"],
                   "Why __always_inline? Please drop the __always_inline.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static __always_inline u32", "static u32")


def test_what_asks_and_what_does_not():
    for yes in ("Please don't use inline in .c files, let the compiler decide.", "no inline in C sources",
                "Drop the inline keyword.", "Avoid 'inline' in .c files.", "Why inline?",
                "No need for inline here, the compiler will inline it anyway."):
        assert asks(yes), yes
    for no in ("Please inline this helper into its only caller.", "Drop the inline helper and open-code it.",
               "Keep the inline, this is on the fast path.", "Can this be a static inline in the header?",
               "no need to inline it, just call the function"):
        assert not asks(no), no


@pytest.mark.parametrize("comment", [
    "This is on the hot path, so keep inline here rather than letting the compiler decide.",
    "I'd normally say don't use inline in .c files, but for ring accessors it's fine.",
    "Please keep the helper, it reads better."])
def test_the_inline_function_kept_changes_nothing(tmp_path, comment):
    """Neither the keyword goes nor the helper is folded into its caller."""
    s, after = run(tmp_path, "qx_ring_empty", ["+static inline bool qx_ring_empty(struct qx_ring *ring)"], comment)
    assert s.kind not in ("drop-inline", "inline-helper") and s.status != Status.APPLIED and after == SRC
