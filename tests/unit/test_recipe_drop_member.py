"""drop-member: a struct member the series adds that nothing reads goes, with the plain assignments to it;
manual with the reason otherwise."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, spatch_alone, sugg
from tests.unit.test_recipe_drop_unused_parameter import run

PATH = "drivers/hwmon/tmx42.c"
SRC = ((KINDS / "tmx42_hwmon.c").read_text()
       .replace("\tunsigned int config;\n};", "\tunsigned int config;\n\t/* the last reading, for debugging */\n"
                "\tunsigned int last_raw;\n\tbool shutdown;\t/* set while powered down */\n};")
       .replace("\t*temp = tmx42_to_millicelsius(data->dev, raw, 4);",
                "\tdata->last_raw = raw;\n\t*temp = tmx42_to_millicelsius(data->dev, raw, 4);")
       .replace("\tdata->dev = &client->dev;", "\tdata->dev = &client->dev;\n\tdata->shutdown = false;"))
LAST_RAW = ["+	unsigned int last_raw;"]
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_member_set_but_never_read_goes_with_its_assignment(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-member"), s.reason
    assert s.summary == "Drop the unused last_raw member of struct tmx42_data and the assignment to it"
    assert "struct tmx42_data {\n  ...\n- T I;\n  ...\n};" in rules[0].text
    assert "This member is set but never read." in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -16,8 +16,6 @@",
        " \tstruct regmap *regmap;",
        " \tstruct device *dev;",
        " \tunsigned int config;",
        "-\t/* the last reading, for debugging */",
        "-\tunsigned int last_raw;",
        " \tbool shutdown;\t/* set while powered down */",
        " };",
        " ",
        "@@ -50,7 +48,6 @@",
        " \tret = tmx42_read_reg(data, TMX42_REG_TEMP, &raw);",
        " \tif (ret)",
        " \t\treturn ret;",
        "-\tdata->last_raw = raw;",
        " \t*temp = tmx42_to_millicelsius(data->dev, raw, 4);",
        " \treturn 0;",
        " }",
    ]


@pytest.mark.parametrize("comment", ["last_raw is write-only", "Nobody reads this.", "Nothing reads ->last_raw.",
                                     "Is this field used anywhere?",
                                     "Unused field?", "Drop it, it is never used.", "can be dropped"])
def test_wordings_of_an_unread_member(tmp_path, comment):
    s = sugg(PATH, "", LAST_RAW, comment)
    pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-member"), s.reason


@pytest.mark.parametrize("comment", ["What is this for?", "Please make this u16.",
                                     "This could be u16; drop the comment above too",
                                     "Nothing reads this yet; the next patch will read it, fine.",
                                     "Unused for now, keep it for the alarm support."])
def test_other_requests_on_a_member_leave_it(tmp_path, comment):
    s = sugg(PATH, "", LAST_RAW, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.kind != "drop-member"


def test_member_with_a_comment_on_its_line(tmp_path):
    s = sugg(PATH, "", ["+	bool shutdown;	/* set while powered down */"], "shutdown is never used, drop it")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    h = hunks(PATH, SRC, after)
    assert [x for x in h if x[:1] in "+-"] == ["-\tbool shutdown;\t/* set while powered down */",
                                              "-\tdata->shutdown = false;"]


def test_member_after_one_with_a_comment_on_its_line(tmp_path):
    src = SRC.replace("\tunsigned int config;\n", "\tunsigned int config;\t/* CONFIG as last written */\n"
                      "\tunsigned long stamp;\n", 1)
    src = src.replace("\tdata->last_raw = raw;\n", "\tdata->last_raw = raw;\n\tdata->stamp = jiffies;\n")
    s = sugg(PATH, "", ["+	unsigned long stamp;"], "stamp is never read")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert [x for x in hunks(PATH, src, after) if x[:1] in "+-"] == ["-\tunsigned long stamp;",
                                                                  "-\tdata->stamp = jiffies;"]


@pytest.mark.parametrize("comment", ["last_raw is only ever written, drop it?", "Nothing reads data->last_raw"])
def test_quoted_assignment_of_a_named_member(tmp_path, comment):
    s = sugg(PATH, "tmx42_read_temp", ["+	data->last_raw = raw;"], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-member"), s.reason
    assert "last_raw" not in after


def test_same_name_in_another_struct_stays(tmp_path):
    src = SRC.replace("static int tmx42_probe(struct i2c_client *client)\n{\n\tstruct tmx42_data *data;",
                      "static int tmx42_probe(struct i2c_client *client)\n{\n\tstruct tmx42_data *data;\n"
                      "\tstruct tmx42_cache *cache = tmx42_cache_get();")
    src = src.replace("\tdata->shutdown = false;", "\tdata->shutdown = false;\n\tcache->last_raw = 0;")
    s = sugg(PATH, "", LAST_RAW, "Unused field.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\tcache->last_raw = 0;\n" in after and "data->last_raw" not in after


def test_member_that_is_read_is_manual(tmp_path):
    src = SRC.replace("\treturn 0;\n}\n\nstatic int tmx42_read(", "\treturn data->last_raw ? 0 : -EAGAIN;\n}\n\n"
                      "static int tmx42_read(")
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (rules, after, s.status) == ([], src, Status.MANUAL)
    assert f"drop-member: tmx42_data.last_raw is read on line 55 of {PATH}" in s.reason


@pytest.mark.parametrize("src, quoted, comment, why", [
    pytest.param(SRC.replace("\tdata->shutdown = false;", "\tdata->shutdown = tmx42_is_off(data);"),
                 ["+	bool shutdown;	/* set while powered down */"], "shutdown is never used, drop it",
                 f"drop-member: the value assigned to shutdown on line 87 of {PATH} does something: "
                 "dropping it would drop that", id="assignment-with-side-effects"),
    pytest.param(SRC.replace("\tdata->last_raw = raw;\n", "\tif (raw)\n\t\tdata->last_raw = raw;\n"),
                 LAST_RAW, "Unused member.",
                 f"drop-member: the assignment to last_raw on line 54 of {PATH} is the body of a condition "
                 "or a loop, or part of a larger expression", id="assignment-under-a-condition"),
    pytest.param(SRC.replace("\tdata->last_raw = raw;\n", "\tdev_get_drvdata(data->dev)->last_raw = raw;\n"),
                 LAST_RAW, "Unused member.",
                 "reached through an expression: which struct it belongs to cannot be told",
                 id="member-reached-through-an-expression"),
    pytest.param(SRC + "\nstatic struct tmx42_data tmx42_defaults = {\n\t.config = 0,\n\t.last_raw = 0,\n};\n",
                 LAST_RAW, "Unused member.",
                 f"drop-member: last_raw is set by an initializer on line 97 of {PATH}",
                 id="designated-initializer"),
])
def test_a_use_the_member_cannot_go_without_is_manual(tmp_path, src, quoted, comment, why):
    s = sugg(PATH, "", quoted, comment)
    pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.MANUAL
    assert why in s.reason


def test_initializer_by_position_is_manual(tmp_path):
    src = SRC + ("\nstatic struct tmx42_data tmx42_defaults[] = {\n\t[0] = { .config = 0 },\n"
                 "\t{ NULL, NULL, 0, 0 },\n};\n")
    s = sugg(PATH, "", LAST_RAW, "Unused member.")
    pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.MANUAL
    line = src.splitlines().index("\t{ NULL, NULL, 0, 0 },") + 1
    assert (f"drop-member: struct tmx42_data is initialized by position on line {line} of {PATH}: the values "
            "after the member would shift") in s.reason


def test_zero_and_designated_initializers_are_fine(tmp_path):
    src = SRC.replace("\tdata->last_raw = raw;\n", "")
    src += "\nstatic struct tmx42_data tmx42_zero = { 0 };\nstatic struct tmx42_data tmx42_one = { .config = 1 };\n"
    s = sugg(PATH, "", LAST_RAW, "Unused member.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason


@pytest.mark.parametrize("how, why", [
    ("} __packed;", "is packed or aligned"), ("\t__le32 crc;\n};", "has members of a fixed byte order")])
def test_struct_whose_layout_may_matter_is_manual(tmp_path, how, why):
    src = SRC.replace("\tbool shutdown;\t/* set while powered down */\n};", "\tbool shutdown;\n" + how, 1)
    s = sugg(PATH, "", LAST_RAW, "Unused member.")
    pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.MANUAL
    assert f"drop-member: struct tmx42_data {why}: its layout may matter, a member of it cannot simply go" in s.reason


def test_member_there_before_the_series_is_manual(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    out = run(tmp_path, {PATH: SRC}, s, base={PATH: SRC})
    assert (s.status, out[PATH]) == (Status.MANUAL, SRC)
    assert ("drop-member: tmx42_data.last_raw was there before the series: users outside the "
            "series' files are not checked") in s.reason


def test_older_member_no_other_file_of_the_tree_names(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    out = run(tmp_path, {PATH: SRC}, s, base={PATH: SRC}, tree={PATH: SRC, "drivers/hwmon/lm75.c": "int x;\n"})
    assert s.status == Status.APPLIED, s.reason
    assert "last_raw" not in out[PATH]


def test_older_member_another_file_of_the_tree_names_is_manual(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    other = "drivers/hwmon/tmx42_debugfs.c"
    run(tmp_path, {PATH: SRC}, s, base={PATH: SRC}, tree={PATH: SRC, other: "\treturn data->last_raw;\n"})
    assert s.status == Status.MANUAL
    assert (f"drop-member: tmx42_data.last_raw was there before the series and {other} outside the series' "
            "files name last_raw") in s.reason


def test_member_in_a_header_goes_from_every_file(tmp_path):
    hdr = "drivers/hwmon/tmx42.h"
    head = "struct tmx42_state {\n\tint users;\n\tunsigned long stamp;\n};\n"
    src = SRC.replace("\tdata->last_raw = raw;\n", "\tdata->last_raw = raw;\n\tdata->state.stamp = jiffies;\n")
    src = src.replace("\tunsigned int config;\n", "\tunsigned int config;\n\tstruct tmx42_state state;\n", 1)
    s = sugg(hdr, "", ["+	unsigned long stamp;"], "stamp is never read")
    out = run(tmp_path, {hdr: head, PATH: src}, s, base={hdr: "", PATH: ""})
    # data->state.stamp: data is a struct tmx42_data, its state member is reached through an expression
    assert s.status == Status.MANUAL and "reached through an expression" in s.reason
    src = src.replace("\tdata->state.stamp = jiffies;\n", "")
    src = src.replace("\tstruct tmx42_data *data;\n", "\tstruct tmx42_data *data;\n\tstruct tmx42_state st;\n")
    src = src.replace("\tdata->shutdown = false;\n", "\tdata->shutdown = false;\n\tst.stamp = jiffies;\n")
    s = sugg(hdr, "", ["+	unsigned long stamp;"], "stamp is never read")
    out = run(tmp_path, {hdr: head, PATH: src}, s, base={hdr: "", PATH: ""})
    assert s.status == Status.APPLIED, s.reason
    assert out[hdr] == "struct tmx42_state {\n\tint users;\n};\n"
    assert "st.stamp" not in out[PATH] and "\tstruct tmx42_state st;\n" in out[PATH]


def test_drop_it_under_one_quoted_member(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "Nothing in the driver ever looks at this value. Please drop it.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-member"), s.reason
    assert "last_raw" not in after


def test_drop_the_comment_under_a_member_is_not_the_member(tmp_path):
    s = sugg(PATH, "", ["+	/* the last reading, for debugging */", "+	unsigned int last_raw;"],
             "The comment says nothing the name does not, drop it.")
    pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "drop-member"


def test_kernel_doc_line_of_the_member_goes_too(tmp_path):
    src = SRC.replace("struct tmx42_data {", "/**\n * struct tmx42_data - the state of one sensor\n"
                      " * @regmap: its registers\n * @dev: its device\n * @config: CONFIG as last written\n"
                      " * @last_raw: the last raw reading,\n *            kept for debugfs\n"
                      " * @shutdown: powered down\n */\nstruct tmx42_data {")
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert [r.kind for r in rules] == ["drop-member", "drop-param-doc"]
    assert [x for x in hunks(PATH, src, after) if x[:1] in "+-"] == [
        "- * @last_raw: the last raw reading,", "- *            kept for debugfs",
        "-\t/* the last reading, for debugging */", "-\tunsigned int last_raw;", "-\tdata->last_raw = raw;"]


def test_rule_runs_alone_with_spatch(tmp_path):
    s = sugg(PATH, "", LAST_RAW, "This member is set but never read.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert spatch_alone(tmp_path, rules[0], SRC) == after


MACROS = """\
struct qx_state {
\tunsigned int level;
\tunsigned int spare;
};

#define QX_GET(st, field) ((st)->field)

static unsigned int qx_level(struct qx_state *st, unsigned int v)
{
\tst->level = v;
\tst->spare = v;
\treturn QX_GET(st, spare);
}
"""


def test_a_member_a_macro_reaches_by_its_name_stays(tmp_path):
    """QX_GET(st, spare) reads st->spare: the member is read, through the macro's parameter."""
    s = sugg("drivers/misc/qx.c", "", ["+\tunsigned int spare;"], "This member is set but never read.")
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", MACROS, [s])
    assert (s.status, after) == (Status.MANUAL, MACROS)
    assert s.reason.startswith("drop-member: spare is passed to QX_GET() on line 12 of drivers/misc/qx.c: a macro "
                               "may reach the member by that name"), s.reason


def test_a_member_no_macro_names_goes_beside_one_that_does(tmp_path):
    s = sugg("drivers/misc/qx.c", "", ["+\tunsigned int level;"], "This member is set but never read.")
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", MACROS, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == MACROS.replace("\tunsigned int level;\n", "").replace("\tst->level = v;\n", "")


COPIED = """\
struct qx_cfg {
\tu32 mode;
\tu32 spare;
};
"""
COPIER = """\
static int qx_get_cfg(struct qx_cfg *cfg, void __user *arg)
{
\tcfg->spare = 0;
\tcfg->mode = 1;
\tif (copy_to_user(arg, cfg, sizeof(*cfg)))
\t\treturn -EFAULT;
\treturn 0;
}
"""


@pytest.mark.parametrize("where", ["same file", "other file"])
def test_a_member_of_a_struct_whose_bytes_are_copied_out_is_manual(tmp_path, where):
    """copy_to_user(arg, cfg, sizeof(*cfg)): user space reads the layout; a member cannot simply go."""
    files = {"drivers/misc/qx.c": COPIED + "\n" + COPIER} if where == "same file" else \
        {"drivers/misc/qx.h": COPIED, "drivers/misc/qx.c": "#include \"qx.h\"\n\n" + COPIER}
    path = next(iter(files)) if where == "same file" else "drivers/misc/qx.h"
    s = sugg(path, "", ["+\tu32 spare;"], "This member is set but never read.")
    after, _, _ = pipeline(tmp_path, path, files[path], [s], files={p: t for p, t in files.items() if p != path})
    assert (s.status, after) == (Status.MANUAL, files[path])
    assert "struct qx_cfg has its bytes copied to or from user space, a device or a checksum" in s.reason, s.reason
