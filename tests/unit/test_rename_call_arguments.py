"""rename-call where the new call takes other arguments: clamp_t()/min_t() -> clamp()/min() lose the type
when every operand has it; devm_ioremap_resource() -> devm_platform_ioremap_resource() is manual (it takes
the platform device and an index, and the resource look-up above goes too)."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_limit(struct platform_device *pdev, u32 v, int w)
{
\tstruct resource *res;
\tvoid __iomem *base;

\tv = clamp_t(u32, v, 1, 10);
\tw = max_t(u32, w, 4);
\tres = platform_get_resource(pdev, IORESOURCE_MEM, 0);
\tbase = devm_ioremap_resource(&pdev->dev, res);
\treturn v;
}
"""


def run(tmp_path: Path, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_limit", ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_type_goes_when_every_operand_has_it(tmp_path):
    """Before: clamp(u32, v, 1, 10), which does not build."""
    s, after = run(tmp_path, "\tv = clamp_t(u32, v, 1, 10);", "clamp()")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace("clamp_t(u32, v, 1, 10)", "clamp(v, 1, 10)")


@pytest.mark.parametrize("line, comment, why", [
    ("\tw = max_t(u32, w, 4);", "max() please", "w is int, not u32"),
])
def test_other_arguments_the_code_does_not_settle_are_manual(tmp_path, line, comment, why):
    s, after = run(tmp_path, line, comment)
    assert s.status == Status.MANUAL and why in s.reason and after == SRC


RPM = """\
static int qx_resume(struct device *dev)
{
\tint ret;

\tret = pm_runtime_get_sync(dev);
\tif (ret < 0) {
\t\tpm_runtime_put_noidle(dev);
\t\treturn ret;
\t}
\treturn 0;
}
"""


def test_resume_and_get_with_a_put_on_the_error_path_is_manual(tmp_path):
    """Before: renamed, so that a failed resume dropped the usage count twice."""
    s = sugg(PATH, "qx_resume", ["+\tret = pm_runtime_get_sync(dev);"], "Use pm_runtime_resume_and_get().",
             answer="")
    after = applied(tmp_path, PATH, RPM, s)[0]
    assert s.status == Status.MANUAL and "would drop it twice" in s.reason and after == RPM


@pytest.mark.parametrize("quoted", [
    ["+\tret = pm_runtime_get_sync(dev);", "+\tif (ret < 0) {", "+\t\tpm_runtime_put_noidle(dev);"],
    ["+\tif (ret < 0) {", "+\t\tpm_runtime_put_noidle(dev);"]])
def test_the_put_under_the_get_is_never_renamed_into_the_get(tmp_path, quoted):
    """The call nearest to the comment is the pm_runtime_put_noidle() of the error path: it undoes the get
    and is no pm_runtime_resume_and_get() renamed (before: the put became a second resume)."""
    s = sugg(PATH, "qx_resume", quoted, "Use pm_runtime_resume_and_get().", answer="")
    s.quote = [q[1:] for q in quoted]
    after = applied(tmp_path, PATH, RPM, s)[0]
    assert after == RPM and s.status == Status.MANUAL
    if len(quoted) == 3:
        assert "would drop it twice" in s.reason


@pytest.mark.parametrize("old, new", [("pm_runtime_put_noidle", "pm_runtime_resume_and_get"),
                                      ("clk_disable_unprepare", "clk_prepare_enable"),
                                      ("mutex_unlock", "mutex_lock_interruptible"),
                                      ("regulator_bulk_disable", "regulator_bulk_enable")])
def test_a_call_and_the_one_that_undoes_it_are_no_rename(old, new):
    from cocci.recipes._calls import not_a_rename
    assert not_a_rename(old, new) and not_a_rename(new, old)
    assert not not_a_rename("pm_runtime_get_sync", "pm_runtime_resume_and_get")


def test_resume_and_get_without_a_put_is_a_rename(tmp_path):
    text = RPM.replace("\t\tpm_runtime_put_noidle(dev);\n", "")
    s = sugg(PATH, "qx_resume", ["+\tret = pm_runtime_get_sync(dev);"], "Use pm_runtime_resume_and_get().",
             answer="")
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == text.replace("pm_runtime_get_sync(dev)", "pm_runtime_resume_and_get(dev)")


PARSE = """\
static ssize_t level_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
\tint val;
\tu32 uval;
\tint ret;

\tret = kstrtoint(buf, 0, &val);
\tif (ret)
\t\treturn ret;
\tret = kstrtoint(buf, 0, &uval);
\treturn ret ?: count;
}
"""


@pytest.mark.parametrize("line, applied_as", [
    ("\tret = kstrtoint(buf, 0, &uval);", "kstrtouint(buf, 0, &uval)"),      # u32 is unsigned int
    ("\tret = kstrtoint(buf, 0, &val);", ""),                                 # int: manual
])
def test_a_parser_of_another_type_writes_into_a_variable_of_that_type(tmp_path, line, applied_as):
    s = sugg(PATH, "level_store", ["+" + line], "kstrtouint()", answer="")
    after = applied(tmp_path, PATH, PARSE, s)[0]
    if applied_as:
        assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
        assert after == PARSE.replace("kstrtoint(buf, 0, &uval)", applied_as)
    else:
        assert s.status == Status.MANUAL and "&val points to int" in s.reason and after == PARSE


def test_the_resource_look_up_and_its_mapping_are_platform_ioremaps(tmp_path):
    s, after = run(tmp_path, "\tbase = devm_ioremap_resource(&pdev->dev, res);", "devm_platform_ioremap_resource()")
    assert (s.kind, s.status) == ("platform-ioremap", Status.APPLIED), s.reason
    assert "\tbase = devm_platform_ioremap_resource(pdev, 0);\n" in after
