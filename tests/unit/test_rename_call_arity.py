"""rename-call keeps the arguments: a new name the file's own headers declare with another argument count
is left to the author, saying so; one that takes the same count (or any count, `...`) is renamed."""
from __future__ import annotations

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "lib/frob_kunit.c"
TEXT = """\
// SPDX-License-Identifier: GPL-2.0
#include <kunit/test.h>
#include <linux/string.h>

static void frob_test_parse(struct kunit *test)
{
\tchar *buf = kzalloc(32, GFP_KERNEL);
\tu32 *vals = kmalloc_array(4, sizeof(*vals), GFP_KERNEL);
\tunsigned long val;

\tKUNIT_ASSERT_TRUE(test, buf != NULL);
\tstrcpy(buf, "4k");
\tval = frob_parse(buf);
\tKUNIT_EXPECT_TRUE(test, val == 4096);
\tkfree(buf);
}
"""
HEADERS = {
    "include/kunit/test.h": """\
#define KUNIT_EXPECT_TRUE(test, condition) \\
\tKUNIT_TRUE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition, NULL)
#define KUNIT_EXPECT_FALSE(test, condition) \\
\tKUNIT_FALSE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition, NULL)
#define KUNIT_EXPECT_EQ(test, left, right) \\
\tKUNIT_EXPECT_EQ_MSG(test, left, right, NULL)
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp);
static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
\treturn kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}
""",
    "include/linux/string.h": "#define strscpy(dst, src, ...)\t\\\n"
                              "\tCONCATENATE(__strscpy, COUNT_ARGS(__VA_ARGS__))(dst, src, __VA_ARGS__)\n",
}


def _run(tmp_path, quoted: str, comment: str, text: str = TEXT):
    s = sugg(PATH, "frob_test_parse", [quoted], comment)
    ctx = CodeContext(PATH, text, "frob_test_parse", {PATH: text}, [], base_files={PATH: ""},
                      tree_read=HEADERS.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {PATH: text}, tmp_path)
    return s, hunks(PATH, text, out[PATH])


@pytest.mark.parametrize("quoted, comment, reason", [
    ("\tu32 *vals = kmalloc_array(4, sizeof(*vals), GFP_KERNEL);", "kunit_kmalloc_array()",
     "rename-call: kunit_kmalloc_array() takes 4 arguments (include/kunit/test.h), the kmalloc_array() call "
     "passes 3: the arguments are for the author to write"),
    ("\tchar *buf = kzalloc(32, GFP_KERNEL);", "Use kunit_kzalloc(), then you don't need the kfree().",
     "rename-call: kunit_kzalloc() takes 3 arguments (include/kunit/test.h), the kzalloc() call passes 2: "
     "the arguments are for the author to write"),
])
def test_a_name_declared_with_other_arguments_is_left_to_the_author(tmp_path, quoted, comment, reason):
    s, diff = _run(tmp_path, quoted, comment)
    assert (s.status, s.reason) == (Status.MANUAL, reason)
    assert diff == []


def test_a_name_declared_with_the_same_count_is_renamed(tmp_path):
    s, diff = _run(tmp_path, "\tKUNIT_EXPECT_TRUE(test, val == 4096);", "KUNIT_EXPECT_FALSE()?")
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in diff if ln[:1] in "+-"] == ["-\tKUNIT_EXPECT_TRUE(test, val == 4096);",
                                                     "+\tKUNIT_EXPECT_FALSE(test, val == 4096);"]


def test_a_variadic_macro_takes_the_call_as_it_is(tmp_path):
    text = TEXT.replace("\tchar *buf = kzalloc(32, GFP_KERNEL);", "\tchar buf[32];").replace("\tkfree(buf);\n", "")
    s, diff = _run(tmp_path, '\tstrcpy(buf, "4k");', "strscpy() please.", text)
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in diff if ln[:1] in "+-"] == ['-\tstrcpy(buf, "4k");', '+\tstrscpy(buf, "4k");']


def test_a_copy_sized_by_its_destination_into_a_pointer_is_left_to_the_author(tmp_path):
    """Before: strcpy(buf, "4k") into `char *buf` became strscpy(buf, "4k"), which takes sizeof(buf) and
    builds only for an array (__must_be_array()); the size to pass is the author's."""
    s, diff = _run(tmp_path, '\tstrcpy(buf, "4k");', "strscpy() please.")
    assert diff == []
    assert (s.status, s.reason) == (Status.MANUAL, "rename-call: strscpy() with two arguments takes the size of its "
                                    "destination with sizeof(), which must be an array; buf is not declared as "
                                    "one here: the size to pass is for the author to give")


ALLOC = "drivers/net/ethernet/qx/qx_main.c"
ALLOC_TEXT = """\
static int qx_ring_stats(struct qx_ring *ring)
{
\tring->stats = kzalloc(sizeof(struct qx_queue_stats), GFP_KERNEL);
\tif (!ring->stats)
\t\treturn -ENOMEM;
\treturn 0;
}
"""


@pytest.mark.parametrize("comment, reason", [
    # kzalloc_obj() takes the object: kzalloc_obj(sizeof(struct qx_queue_stats), GFP_KERNEL) builds, and
    # allocates a size_t
    ("Please use kzalloc_obj() for new code.",
     "rename-call: kzalloc_obj() takes the object to allocate for where kzalloc() takes a size in bytes: its "
     "arguments are for the author to write"),
    ("kzalloc_obj(ring->stats)?",
     "rename-call: kzalloc_obj() takes the object to allocate for where kzalloc() takes a size in bytes: its "
     "arguments are for the author to write"),
])
def test_a_typed_allocation_is_not_a_renamed_allocator(tmp_path, comment, reason):
    s = sugg(ALLOC, "qx_ring_stats", ["+\tring->stats = kzalloc(sizeof(struct qx_queue_stats), GFP_KERNEL);"],
             comment)
    after, rules, _ = pipeline(tmp_path, ALLOC, ALLOC_TEXT, [s])
    assert (s.status, s.reason, rules, after) == (Status.MANUAL, reason, [], ALLOC_TEXT)


def test_a_written_call_of_another_argument_count_is_no_rename(tmp_path):
    # the rename would keep the three arguments of the quoted call and lose the node the comment writes
    s, diff = _run(tmp_path, "\tu32 *vals = kmalloc_array(4, sizeof(*vals), GFP_KERNEL);",
                   "Use kmalloc_array_node(4, sizeof(*vals), GFP_KERNEL, node) here.")
    assert (s.status, s.reason) == (
        Status.MANUAL, "rename-call: the comment writes kmalloc_array_node(4, sizeof(*vals), GFP_KERNEL, node) "
        "where the quoted kmalloc_array() passes 3 arguments: more than a rename, which is for the author")
    assert diff == []


RING = """\
static int qx_ring_alloc(struct qx_ring *ring)
{
\tring->info = kzalloc(ring->size, GFP_KERNEL);
\tif (!ring->info)
\t\treturn -ENOMEM;
\treturn 0;
}

static void qx_ring_free(struct qx_ring *ring)
{
\tkfree(ring->info);
}
"""
RING_ALLOC = "+\tring->info = kzalloc(ring->size, GFP_KERNEL);"


@pytest.mark.parametrize("comment, reason", [
    # the kfree() below would free vmalloc'ed memory
    ("kvzalloc()? The ring can be large.",
     "rename-call: what kvzalloc() allocates is freed with kvfree(), not the kfree() that frees what kzalloc() "
     "allocates: the frees go with the change, which is for the author"),
    # vzalloc(ring->size, GFP_KERNEL) would not build, and the kfree() would stay
    ("vzalloc() like the other rings use",
     "rename-call: vzalloc() takes other arguments than kzalloc() (the vmalloc family takes no gfp flags) and "
     "what it allocates is freed with vfree(): the call and the frees are for the author to write"),
])
def test_an_allocator_of_another_family_is_no_rename(tmp_path, comment, reason):
    s = sugg("drivers/net/qx.c", "qx_ring_alloc", [RING_ALLOC], comment)
    after, rules, _ = pipeline(tmp_path, "drivers/net/qx.c", RING, [s])
    assert (s.status, s.reason, rules, after) == (Status.MANUAL, reason, [], RING)


def test_an_allocator_of_the_same_family_is_renamed(tmp_path):
    s = sugg("drivers/net/qx.c", "qx_ring_alloc", [RING_ALLOC], "kmalloc() is enough, every field is set below.")
    after, _, _ = pipeline(tmp_path, "drivers/net/qx.c", RING, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == RING.replace("kzalloc(ring->size", "kmalloc(ring->size")


HWMON = "drivers/hwmon/qx.c"
HWMON_TEXT = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/hwmon.h>

static int qx_probe(struct i2c_client *client)
{
\tstruct device *hwmon;

\thwmon = devm_hwmon_device_register_with_groups(&client->dev, client->name, NULL,
\t\t\t\t\t\t       qx_groups);
\treturn PTR_ERR_OR_ZERO(hwmon);
}
"""
HWMON_HEADER = {"include/linux/hwmon.h": """\
struct device *
devm_hwmon_device_register_with_groups(struct device *dev, const char *name,
\t\t\t\t       void *drvdata,
\t\t\t\t       const struct attribute_group **groups);
struct device *
devm_hwmon_device_register_with_info(struct device *dev,
\t\t\t\tconst char *name, void *drvdata,
\t\t\t\tconst struct hwmon_chip_info *info,
\t\t\t\tconst struct attribute_group **extra_groups);
"""}


def test_a_declaration_with_its_type_on_the_line_above_gives_the_count(tmp_path):
    """Before: the header's declaration was not read (its type is on the line above the name), and the call was
    renamed with four arguments where the new one takes five: it did not build."""
    s = sugg(HWMON, "qx_probe", ["+\thwmon = devm_hwmon_device_register_with_groups(&client->dev, client->name, "
                                 "NULL,", "+\t\t\t\t\t\t       qx_groups);"],
             "Use devm_hwmon_device_register_with_info() instead of the _with_groups() variant.")
    ctx = CodeContext(HWMON, HWMON_TEXT, "qx_probe", {HWMON: HWMON_TEXT}, [], base_files={HWMON: ""},
                      tree_read=HWMON_HEADER.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {HWMON: HWMON_TEXT}, tmp_path)
    assert out[HWMON] == HWMON_TEXT
    assert (s.status, s.reason) == (Status.MANUAL, (
        "rename-call: devm_hwmon_device_register_with_info() takes 5 arguments (include/linux/hwmon.h), the "
        "devm_hwmon_device_register_with_groups() call passes 4: the arguments are for the author to write"))
