"""alloc-array: kzalloc(n * size) becomes kcalloc(n, size), count first, only where the reviewer pointed."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "sound/soc/mixer.c"
SRC = (KINDS / "snd_mixer.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_kcalloc_for_the_quoted_call(tmp_path):
    s = sugg(PATH, "mixer_alloc", ["+ mx->ctls = kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL);"],
             "Please use kcalloc() here.")
    after, rules, edits = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "alloc-array"), s.reason
    assert s.summary == "Use kcalloc() instead of kzalloc() with a multiplied size"
    assert [r.name for r in rules] == ["01-alloc-array-kcalloc.cocci"]
    assert "- kzalloc@p(N * S, D)" not in rules[0].text
    # kzalloc() is called once in the function: the function and the name pin it, no line pin (no Python)
    assert "- kzalloc(N * S, es)\n+ kcalloc(N, S, es)" in rules[0].text
    assert "script:python" not in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -16,7 +16,7 @@",
        " ",
        " static int mixer_alloc(struct mixer *mx, unsigned int nr)",
        " {",
        "-\tmx->ctls = kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL);",
        "+\tmx->ctls = kcalloc(nr, sizeof(*mx->ctls), GFP_KERNEL);",
        " \tif (!mx->ctls)",
        " \t\treturn -ENOMEM;",
        " \tmx->cache = kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL);",
    ]


def test_size_first_product_becomes_count_first(tmp_path):
    s = sugg(PATH, "mixer_alloc", ["+ mx->cache = kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL);"],
             "This can overflow, kmalloc_array() instead?")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "- kmalloc(S * N, es)\n+ kmalloc_array(N, S, es)" in rules[0].text
    assert "\tmx->cache = kmalloc_array(nr, sizeof(unsigned int), GFP_KERNEL);\n" in after
    assert "kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL)" in after


def test_overflow_alone_picks_the_helper_and_all_means_every_call(tmp_path):
    s = sugg(PATH, "mixer_alloc", ["+ mx->ctls = kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL);"],
             "Nit: all of these multiplications can overflow.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    # "all" keeps to the allocator the reviewer quoted: kzalloc, not the kmalloc below it
    assert s.status == Status.APPLIED, s.reason
    assert "kcalloc(nr, sizeof(*mx->ctls), GFP_KERNEL)" in after
    assert "kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL)" in after


def test_zeroing_would_be_lost_is_manual(tmp_path):
    s = sugg(PATH, "mixer_alloc", ["+ mx->ctls = kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL);"],
             "Please use kmalloc_array().")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert "kmalloc_array() does not zero the memory as kzalloc() does" in s.reason


def test_overflow_checked_with_another_helper_is_manual(tmp_path):
    s = sugg(PATH, "mixer_alloc", ["+ mx->cache = kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL);"],
             "use size_mul() so this cannot overflow")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "asks for size_mul(): which product or sum of the quoted code it "
                                    "takes in, and what its saturated value (SIZE_MAX) means for the code after "
                                    "it, are for the author")
    assert after == SRC


def test_devm_kcalloc_keeps_the_device(tmp_path):
    src = SRC.replace("devm_kzalloc(dev, sizeof(*mx), GFP_KERNEL)", "devm_kzalloc(dev, 2 * sizeof(*mx), GFP_KERNEL)")
    s = sugg(PATH, "mixer_probe", ["+ mx = devm_kzalloc(dev, 2 * sizeof(*mx), GFP_KERNEL);"],
             "devm_kcalloc()?")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\tmx = devm_kcalloc(dev, 2, sizeof(*mx), GFP_KERNEL);\n" in after


def test_no_product_is_not_for_this_kind(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ mx = devm_kzalloc(dev, sizeof(*mx), GFP_KERNEL);"],
             "Please use devm_kcalloc().")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "alloc-array" and not any("alloc-array" in r.name for r in rules)


def test_a_size_helper_asked_for_is_not_an_array_allocator(tmp_path):
    # array_size() keeps kmalloc() and saturates the product; kmalloc_array() would be another change
    s = sugg(PATH, "mixer_alloc", ["+ mx->cache = kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL);"],
             "Use array_size() to avoid an overflow.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert s.reason == ("asks for array_size(): which product or sum of the quoted code it takes in, and what "
                        "its saturated value (SIZE_MAX) means for the code after it, are for the author")
