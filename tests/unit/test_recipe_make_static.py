"""make-static: a function or global of the patch that no other file uses becomes static."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "net/sched/filter.c"
SRC = (KINDS / "net_filter.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_function_becomes_static(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)", "+{"],
             "This can be static.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s], files={"net/sched/core.c": "int core(void)\n{\n}\n"})
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "make-static", "Make filter_count() static")
    assert "+ static\n  T fn(...) { ... }" in rules[0].text
    assert hunks(PATH, SRC, after)[4:7] == [
        "-int filter_count(struct filter_rule *rules, unsigned int n)",
        "+static int filter_count(struct filter_rule *rules, unsigned int n)",
        " {",
    ]


def test_global_named_by_the_reviewer(tmp_path):
    s = sugg(PATH, "", ["+unsigned int filter_default_proto = 6;"], "Please make filter_default_proto static.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\nstatic unsigned int filter_default_proto = 6;\n" in after
    assert len(after.splitlines()) == len(SRC.splitlines())


def test_used_by_another_file_of_the_patch_is_manual(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "Please make it static")
    other = {"include/net/filter.h": "int filter_count(struct filter_rule *rules, unsigned int n);\n"}
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s], files=other)
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert "filter_count is also used in include/net/filter.h: making it static breaks the build" in s.reason


def test_static_inline_is_not_this_kind(tmp_path):
    s = sugg(PATH, "filter_count", ["+int filter_count(struct filter_rule *rules, unsigned int n)"],
             "Should be static inline in the header.")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "make-static" and rules == []
