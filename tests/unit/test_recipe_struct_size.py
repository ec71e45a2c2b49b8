"""struct-size: the size of a struct and of its flexible array, written with the element type, becomes
struct_size() of the array member when the struct's definition says that type; manual otherwise."""
from __future__ import annotations

import pytest

from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/firmware/qx.c"
SRC = """\
struct qx_entry {
\tu32 addr;
\tu32 val;
};

struct qx_table {
\tu32 count;
\tstruct qx_entry entries[] __counted_by(count);
};

struct qx_plain {
\tu32 count;
\tu32 ids[4];
};

static struct qx_table *qx_alloc(u32 n)
{
\tstruct qx_table *t;
\tstruct qx_plain *p;
\tstruct qx_mt *mt;

\tt = kzalloc(sizeof(*t) + n * sizeof(struct qx_entry), GFP_KERNEL);
\tt = kzalloc(sizeof(struct qx_table) + sizeof(struct qx_entry) * n, GFP_KERNEL);
\tt = kzalloc(sizeof(*t) + n * sizeof(u32), GFP_KERNEL);
\tp = kzalloc(sizeof(*p) + n * sizeof(u32), GFP_KERNEL);
\tmt = kzalloc(sizeof(*mt) + n * sizeof(int), GFP_KERNEL);
\treturn t;
}
"""


def _run(tmp_path, line: str, comment: str):
    s = sugg(PATH, "qx_alloc", ["+" + line], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    return s, [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"]


@pytest.mark.parametrize("line", ["\tt = kzalloc(sizeof(*t) + n * sizeof(struct qx_entry), GFP_KERNEL);",
                                  "\tt = kzalloc(sizeof(struct qx_table) + sizeof(struct qx_entry) * n, GFP_KERNEL);"])
@pytest.mark.parametrize("comment", ["Use struct_size().", "struct_size()?", "This is what struct_size() is for."])
def test_the_element_type_of_the_flexible_array_gives_struct_size(tmp_path, line, comment):
    s, changed = _run(tmp_path, line, comment)
    assert (s.kind, s.status, s.reason, s.summary) == ("struct-size", Status.APPLIED, "",
                                                       "Use struct_size() in qx_alloc()")
    assert changed == ["-" + line, "+\tt = kzalloc(struct_size(t, entries, n), GFP_KERNEL);"]


def test_another_element_type_is_manual(tmp_path):
    s, changed = _run(tmp_path, "\tt = kzalloc(sizeof(*t) + n * sizeof(u32), GFP_KERNEL);", "Use struct_size().")
    assert s.status == Status.MANUAL and changed == []
    assert s.reason.startswith("struct-size: the flexible array entries of struct qx_table holds struct qx_entry, "
                               "the size counts sizeof(u32): struct_size() would size another amount")


def test_a_struct_without_a_flexible_array_or_out_of_sight_is_manual(tmp_path):
    s, changed = _run(tmp_path, "\tp = kzalloc(sizeof(*p) + n * sizeof(u32), GFP_KERNEL);", "Use struct_size().")
    assert s.status == Status.MANUAL and changed == []
    assert s.reason.startswith("struct-size: struct qx_plain ends with no flexible array member: struct_size() is "
                               "for one")
    s, changed = _run(tmp_path, "\tmt = kzalloc(sizeof(*mt) + n * sizeof(int), GFP_KERNEL);", "Use struct_size().")
    assert s.status == Status.MANUAL and changed == []
    assert s.reason.startswith("struct-size: struct qx_mt is defined neither in drivers/firmware/qx.c nor in a "
                               "header it includes: which member struct_size() counts is for the author")


HEADER = "struct qx_mt {\n\tint num_slots;\n\tstruct qx_slot slots[] __counted_by(num_slots);\n};\n"
USES = "#include <linux/input/qx.h>\n\nvoid qx_init(unsigned int n)\n{\n\tstruct qx_mt *mt;\n\n" \
    "\tmt = kzalloc(sizeof(*mt) + n * sizeof(struct qx_slot), GFP_KERNEL);\n}\n"


def test_the_struct_is_read_in_a_header_the_file_includes():
    line = "\tmt = kzalloc(sizeof(*mt) + n * sizeof(struct qx_slot), GFP_KERNEL);"
    s = sugg("drivers/input/qx.c", "qx_init", ["+" + line], "Use struct_size().")
    ctx = CodeContext("drivers/input/qx.c", USES, "qx_init", {"drivers/input/qx.c": USES}, [],
                      tree_read={"include/linux/input/qx.h": HEADER}.get)
    planned = RU.plan([s], {s.id: ctx})
    assert [p.plan.params.new for p in planned] == [["\tmt = kzalloc(struct_size(mt, slots, n), GFP_KERNEL);"]]
