"""drop-unused-parameter: a parameter the function never uses goes from its definition, prototypes, calls
and kernel-doc, when every caller is in sight; manual with the reason otherwise."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from app.respin import tree_grep
from cocci.recipe import CodeContext
from patches.git import Repo
from patches.model import Status, Suggestion
from tests.unit.kinds_support import KINDS, hunks, pipeline, spatch_alone, sugg

PATH = "drivers/hwmon/tmx42.c"
SRC = (KINDS / "tmx42_hwmon.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

HEADER = ["+static long tmx42_to_millicelsius(struct device *dev, unsigned int raw, int shift)", "+{"]
CALL = ["+	*temp = tmx42_to_millicelsius(data->dev, raw, 4);"]


def run(tmp_path: Path, files: dict[str, str], s: Suggestion, base: dict[str, str] | None = None,
        later: dict[str, str] | None = None, tree: dict[str, str] | None = None) -> dict[str, str]:
    """The files after the rules stage ran S on them (S anchored in its file), with the files before the
    series (BASE), as later patches leave them (LATER), and the whole tree at the patch's commit (TREE: a
    git repository made of it is searched)."""
    path = s.anchor.file
    grep = None
    if tree is not None:
        (tmp_path / "tree").mkdir()
        repo = Repo(tmp_path / "tree")
        repo.run("init", "-q")
        for p, t in tree.items():
            (repo.path / p).parent.mkdir(parents=True, exist_ok=True)
            (repo.path / p).write_text(t)
        repo.run("add", "-A")
        repo.run("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "tree")
        grep = tree_grep(repo, repo.out("rev-parse", "HEAD").strip())
    ctx = CodeContext(path, files[path], s.anchor.function, dict(files), [(s.id, s.quoted)], base, later or {},
                      grep)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, dict(files), tmp_path)
    return out


def test_parameter_the_header_quote_names_goes_everywhere(tmp_path):
    s = sugg(PATH, "", HEADER, "'dev' is not used anywhere in this function.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-unused-parameter"), s.reason
    assert s.summary == "Drop the unused dev parameter of tmx42_to_millicelsius()"
    assert [r.kind for r in rules] == ["drop-unused-parameter", "drop-param-doc"]
    assert "// Review: Mara Reviewer" in rules[0].text and "'dev' is not used anywhere" in rules[0].text
    assert "R fn(\n- T P,\n  after)\n{ ... }" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -22,14 +22,13 @@",
        " ",
        " /**",
        "  * tmx42_to_millicelsius - convert a raw reading",
        "- * @dev: the sensor's device",
        "  * @raw: the 12-bit register value",
        "  * @shift: how far the value sits from bit 0,",
        "  *\t   4 on all known parts",
        "  *",
        "  * Return: the temperature in millidegrees Celsius.",
        "  */",
        "-static long tmx42_to_millicelsius(struct device *dev, unsigned int raw, int shift)",
        "+static long tmx42_to_millicelsius(unsigned int raw, int shift)",
        " {",
        " \treturn sign_extend32(raw >> shift, 11) * 625 / 10;",
        " }",
        "@@ -47,7 +46,7 @@",
        " \tret = tmx42_read_reg(data, TMX42_REG_TEMP, &raw);",
        " \tif (ret)",
        " \t\treturn ret;",
        "-\t*temp = tmx42_to_millicelsius(data->dev, raw, 4);",
        "+\t*temp = tmx42_to_millicelsius(raw, 4);",
        " \treturn 0;",
        " }",
        " ",
    ]


def test_last_parameter(tmp_path):
    src = SRC.replace("tmx42_to_millicelsius(struct device *dev, unsigned int raw, int shift)",
                      "tmx42_to_millicelsius(unsigned int raw, int shift, struct device *dev)")
    src = src.replace("tmx42_to_millicelsius(data->dev, raw, 4)",
                      "tmx42_to_millicelsius(raw,\n\t\t\t\t      4, data->dev)")
    s = sugg(PATH, "", ["+static long tmx42_to_millicelsius(unsigned int raw, int shift, struct device *dev)"],
             "Unused argument?")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "R fn(before\n- , T P\n  )\n{ ... }" in rules[0].text
    h = hunks(PATH, src, after)
    assert "+static long tmx42_to_millicelsius(unsigned int raw, int shift)" in h
    assert ["-\t\t\t\t      4, data->dev);", "+\t\t\t\t      4);"] == [x for x in h if x.startswith(("-\t\t", "+\t\t"))]


@pytest.mark.parametrize("comment", [
    "The dev parameter seems to be unused.", "Why pass dev if you never use it?", "Nothing in here uses 'dev'.",
    "@dev isn't used", "dev can be dropped", "You don't need dev here.", "Is dev used at all?",
    "This function does not look at dev, right?", "nit: unused param"])
def test_wordings_of_an_unused_parameter(tmp_path, comment):
    s = sugg(PATH, "", HEADER, comment)
    pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.summary) == (Status.APPLIED, "Drop the unused dev parameter of tmx42_to_millicelsius()")


@pytest.mark.parametrize("comment", ["Unused?", "The return value is unused by all callers.", "s/dev//"])
def test_wordings_that_name_no_parameter_leave_it(tmp_path, comment):
    s = sugg(PATH, "", HEADER, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.kind != "drop-unused-parameter"


@pytest.mark.parametrize("comment", ["'dev' is unused for now, patch 3 uses it.",
                                     "dev is unused in v1 but v3 will use it.",
                                     "dev is not used, but keep it for symmetry with the other helpers.",
                                     "dev is unused; a later patch needs it, right?"])
def test_an_unused_parameter_reported_as_kept_or_used_later_stays(tmp_path, comment):
    s = sugg(PATH, "", HEADER, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status != Status.APPLIED


def test_a_parameter_marked_maybe_unused_is_manual(tmp_path):
    src = SRC.replace("millicelsius(struct device *dev,", "millicelsius(struct device *dev __maybe_unused,")
    head = [HEADER[0].replace("*dev,", "*dev __maybe_unused,"), HEADER[1]]
    s = sugg(PATH, "", head, "dev is unused, drop it.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, after) == (Status.MANUAL, src)
    assert s.reason == ("drop-unused-parameter: dev is marked __maybe_unused: it is kept on purpose (a configuration "
                        "that uses it, or a type it must match)")


def test_unnamed_unused_argument_of_the_quoted_header(tmp_path):
    s = sugg(PATH, "", HEADER, "Unused argument?")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-unused-parameter"), s.reason
    assert "+static long tmx42_to_millicelsius(unsigned int raw, int shift)" in hunks(PATH, SRC, after)


def test_unnamed_unused_argument_on_a_quoted_call(tmp_path):
    s = sugg(PATH, "tmx42_read_temp", CALL, "Unused argument?")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-unused-parameter"), s.reason
    assert "+\t*temp = tmx42_to_millicelsius(raw, 4);" in hunks(PATH, SRC, after)


def test_parameter_named_under_a_quote_of_the_body_goes_from_the_callers(tmp_path):
    s = sugg(PATH, "tmx42_read_temp", ["+	if (ret)", "+		return ret;"], "nit: drop @channel, it's unused")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.summary) == (Status.APPLIED, "Drop the unused channel parameter of tmx42_read_temp()")
    h = hunks(PATH, SRC, after)
    assert "-static int tmx42_read_temp(struct tmx42_data *data, int channel, long *temp)" in h
    assert "+static int tmx42_read_temp(struct tmx42_data *data, long *temp)" in h
    assert "-\treturn tmx42_read_temp(data, channel, val);" in h and "+\treturn tmx42_read_temp(data, val);" in h


def test_name_shared_by_caller_and_callee_is_the_callee_parameter_left_unused(tmp_path):
    s = sugg(PATH, "tmx42_read", ["+	return tmx42_read_temp(data, channel, val);"], "channel is unused")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.summary) == (Status.APPLIED, "Drop the unused channel parameter of tmx42_read_temp()")
    assert "+\treturn tmx42_read_temp(data, val);" in hunks(PATH, SRC, after)


def test_comment_about_another_argument_too_is_manual(tmp_path):
    s = sugg(PATH, "tmx42_read_temp", CALL, "dev is unused, and the 4 never changes either")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (after, s.status) == (SRC, Status.MANUAL)
    assert ("drop-unused-parameter: the comment is also about the argument 4 of the quoted call of "
            "tmx42_to_millicelsius(): more than an unused parameter is asked") in s.reason


def test_local_named_unused_is_not_a_parameter(tmp_path):
    s = sugg(PATH, "tmx42_read_temp", ["+	unsigned int raw;"], "raw looks unused to me, drop it?")
    _, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "drop-unused-parameter" for r in rules)


def test_new_exported_function_is_manual(tmp_path):
    src = SRC.replace("static long tmx42_to_millicelsius(", "long tmx42_to_millicelsius(").replace(
        "static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{",
        "EXPORT_SYMBOL_GPL(tmx42_to_millicelsius);\n\n"
        "static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{")
    s = sugg(PATH, "", [HEADER[0].replace("static ", "")], "'dev' is not used anywhere in this function.")
    out = run(tmp_path, {PATH: src}, s, base={PATH: ""})
    assert (s.status, out[PATH]) == (Status.MANUAL, src)
    assert s.reason == ("drop-unused-parameter: tmx42_to_millicelsius() is exported: modules outside the tree "
                        "may call it")


HDR = "drivers/hwmon/tmx42.h"
CORE = "drivers/hwmon/tmx42_core.c"
PROTO = "long tmx42_to_millicelsius(struct device *, unsigned int raw, int shift);\n"
CORE_SRC = ('#include "tmx42.h"\n\nint tmx42_core_temp(struct device *dev, unsigned int raw)\n{\n'
            "\treturn tmx42_to_millicelsius(dev,\n\t\t\t\t     raw, 4);\n}\n")


def test_new_function_of_the_series_loses_it_in_every_file(tmp_path):
    src = SRC.replace("static long tmx42_to_millicelsius(", "long tmx42_to_millicelsius(")
    s = sugg(PATH, "", [HEADER[0].replace("static ", "")], "@dev is unused.")
    files = {PATH: src, HDR: PROTO, CORE: CORE_SRC}
    out = run(tmp_path, files, s, base={PATH: "", HDR: "", CORE: "int old;\n"})
    assert s.status == Status.APPLIED, s.reason
    assert out[HDR] == "long tmx42_to_millicelsius(unsigned int raw, int shift);\n"
    assert "\treturn tmx42_to_millicelsius(raw, 4);\n" in out[CORE]
    assert "long tmx42_to_millicelsius(unsigned int raw, int shift)\n{" in out[PATH]
    assert " * @dev:" not in out[PATH]


def test_function_there_before_the_series_is_manual(tmp_path):
    src = SRC.replace("static long tmx42_to_millicelsius(", "long tmx42_to_millicelsius(")
    s = sugg(PATH, "", [HEADER[0].replace("static ", "")], "@dev is unused.")
    out = run(tmp_path, {PATH: src, HDR: PROTO}, s, base={PATH: src, HDR: PROTO})
    assert (s.status, out[PATH]) == (Status.MANUAL, src)
    assert s.reason == ("drop-unused-parameter: tmx42_to_millicelsius() is not static and was there before the "
                        "series: callers outside the series' files cannot be checked")


def test_older_function_no_other_file_of_the_tree_names(tmp_path):
    src = SRC.replace("static long tmx42_to_millicelsius(", "long tmx42_to_millicelsius(")
    s = sugg(PATH, "", [HEADER[0].replace("static ", "")], "@dev is unused.")
    files = {PATH: src, HDR: PROTO}
    out = run(tmp_path, files, s, base=files, tree={**files, "drivers/hwmon/lm75.c": "int lm75_probe(void);\n"})
    assert s.status == Status.APPLIED, s.reason
    assert out[HDR] == "long tmx42_to_millicelsius(unsigned int raw, int shift);\n"


def test_older_function_another_file_of_the_tree_calls_is_manual(tmp_path):
    src = SRC.replace("static long tmx42_to_millicelsius(", "long tmx42_to_millicelsius(")
    s = sugg(PATH, "", [HEADER[0].replace("static ", "")], "@dev is unused.")
    files = {PATH: src, HDR: PROTO}
    out = run(tmp_path, files, s, base=files, tree={**files, CORE: CORE_SRC})
    assert (s.status, out[PATH]) == (Status.MANUAL, src)
    assert s.reason == (f"drop-unused-parameter: tmx42_to_millicelsius() is not static and {CORE} outside the "
                        "series' files name it: its callers there would need the change too")


def test_a_later_patch_calling_it_is_manual(tmp_path):
    later = {PATH: SRC.replace("\treturn 0;\n}\n\nstatic int tmx42_read(",
                               "\tdev_dbg(data->dev, \"%ld\\n\", tmx42_to_millicelsius(data->dev, raw, 0));\n"
                               "\treturn 0;\n}\n\nstatic int tmx42_read(")}
    s = sugg(PATH, "", HEADER, "@dev is unused.")
    run(tmp_path, {PATH: SRC}, s, later=later)
    assert s.status == Status.MANUAL
    assert s.reason == f"drop-unused-parameter: a later patch of the series uses tmx42_to_millicelsius() in {PATH}"


def test_static_function_of_another_file_with_the_same_name_is_left_alone(tmp_path):
    other = "drivers/hwmon/tmx43.c"
    other_src = "long tmx42_to_millicelsius(struct device *dev, unsigned int raw, int shift);\n\n" \
                "static long tmx43_temp(struct device *dev, unsigned int raw)\n{\n" \
                "\treturn tmx42_to_millicelsius(dev, raw, 4);\n}\n"
    s = sugg(PATH, "", HEADER, "@dev is unused.")
    out = run(tmp_path, {PATH: SRC, other: other_src}, s)
    assert s.status == Status.APPLIED, s.reason
    assert out[other] == other_src and "tmx42_to_millicelsius(raw, 4)" in out[PATH]


IS_VISIBLE = ["+static umode_t tmx42_is_visible(const void *drvdata, enum hwmon_sensor_types type,",
              "+				u32 attr, int channel)"]
CONFIG_SHOW = ("static ssize_t config_show(struct device *dev, struct device_attribute *attr, char *buf)\n{\n"
               "\tstruct tmx42_data *data = dev_get_drvdata(dev);\n\n"
               "\treturn sysfs_emit(buf, \"%#x\\n\", data->config);\n}\n"
               "static DEVICE_ATTR_RO(config);\n\n")


@pytest.mark.parametrize("src, fn, quoted, comment, why", [
    pytest.param(SRC, "", HEADER, "'shift' is never used, please drop it.",
                 "shift is used in tmx42_to_millicelsius(): it cannot simply go", id="used-in-the-body"),
    pytest.param(SRC.replace("raw >> shift", "raw >>shift"), "", HEADER, "'shift' is unused",
                 "shift is used in tmx42_to_millicelsius(): it cannot simply go", id="used-right-after-an-operator"),
    pytest.param(SRC, "", IS_VISIBLE, "drvdata is not used.",
                 "tmx42_is_visible() is used other than by a call on line 71 of "
                 f"{PATH} (its address taken, a callback): its type must stay", id="callback"),
    pytest.param(SRC.replace("static const struct hwmon_ops tmx42_hwmon_ops = {",
                             CONFIG_SHOW + "static const struct hwmon_ops tmx42_hwmon_ops = {"),
                 "config_show", ["+	return sysfs_emit(buf, \"%#x\\n\", data->config);"], "nit: attr is unused",
                 "DEVICE_ATTR_RO(config) in drivers/hwmon/tmx42.c may make the name "
                 "config_show (a sysfs or ops callback): its type must stay", id="sysfs-show-callback"),
    pytest.param(SRC.replace("\t*temp = tmx42_to_millicelsius(data->dev, raw, 4);", "\t*temp = raw;"), "", HEADER,
                 "'dev' is not used anywhere in this function.",
                 "nothing in the series' files calls tmx42_to_millicelsius(): it is reached some other way "
                 "(a macro that builds its name, a table), so its type must stay", id="nothing-calls-it"),
    pytest.param(SRC.replace("tmx42_to_millicelsius(data->dev, raw, 4)",
                             "tmx42_to_millicelsius(get_device(data->dev), raw, 4)"), "", HEADER, "dev is unused",
                 "the call of tmx42_to_millicelsius() on line 50 of "
                 f"{PATH} passes `get_device(data->dev)` for dev: dropping it would drop what it does",
                 id="argument-with-side-effects"),
])
def test_a_parameter_that_must_stay_is_manual(tmp_path, src, fn, quoted, comment, why):
    s = sugg(PATH, fn, quoted, comment)
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (rules, after, s.status) == ([], src, Status.MANUAL)
    assert s.reason == f"drop-unused-parameter: {why}"


def test_several_unused_parameters_unnamed_is_manual(tmp_path):
    s = sugg(PATH, "", IS_VISIBLE, "Unused arguments?")
    pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.MANUAL
    assert "3 parameters of tmx42_is_visible() are unused and the comment names none" in s.reason


def test_called_from_a_macro_is_manual(tmp_path):
    src = SRC.replace("#define TMX42_CONFIG_SHUTDOWN	BIT(0)",
                      "#define TMX42_CONFIG_SHUTDOWN	BIT(0)\n"
                      "#define TMX42_TEMP(d, r)	tmx42_to_millicelsius((d)->dev, r, 4)")
    s = sugg(PATH, "", HEADER, "dev is unused")
    pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.MANUAL
    assert s.reason == f"drop-unused-parameter: tmx42_to_millicelsius() is used in a macro in {PATH}: " \
                       "its callers cannot be checked"


def test_variadic_function_is_manual(tmp_path):
    src = SRC.replace("static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{",
                      "static void tmx42_log(struct tmx42_data *data, int level, const char *fmt, ...)\n{\n"
                      "\tva_list args;\n\n\tva_start(args, fmt);\n"
                      "\tdev_vprintk_emit(LOGLEVEL_INFO, data->dev, fmt, args);\n"
                      "\tva_end(args);\n}\n\n"
                      "static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{")
    s = sugg(PATH, "", ["+static void tmx42_log(struct tmx42_data *data, int level, const char *fmt, ...)"],
             "level is unused")
    pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.MANUAL
    assert s.reason == "drop-unused-parameter: tmx42_log() takes variable arguments: its calls cannot be checked"


def test_only_parameter_leaves_void(tmp_path):
    src = SRC.replace("static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{",
                      "static int tmx42_default_config(struct tmx42_data *data)\n{\n"
                      "\treturn TMX42_CONFIG_SHUTDOWN;\n}\n\n"
                      "static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)\n{")
    src = src.replace("\tdata->dev = &client->dev;\n",
                      "\tdata->dev = &client->dev;\n\tdata->config = tmx42_default_config(data);\n")
    s = sugg(PATH, "", ["+static int tmx42_default_config(struct tmx42_data *data)"], "data is unused here.")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "R fn(\n- T P\n+ void\n  )\n{ ... }" in rules[0].text and "fn(\n- E\n  )" in rules[0].text
    assert [x for x in hunks(PATH, src, after) if x[:1] in "+-"] == [
        "-static int tmx42_default_config(struct tmx42_data *data)", "+static int tmx42_default_config(void)",
        "-\tdata->config = tmx42_default_config(data);", "+\tdata->config = tmx42_default_config();"]


def test_rule_runs_alone_with_spatch(tmp_path):
    s = sugg(PATH, "", HEADER, "Unused argument?")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    # the kernel-doc line of the parameter goes by another rule
    assert spatch_alone(tmp_path, rules[0], SRC) == \
        after.replace(" * @raw:", " * @dev: the sensor's device\n * @raw:", 1)
