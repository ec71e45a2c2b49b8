"""devm-mutex-init: `mutex_init(&l);` becomes `ret = devm_mutex_init(dev, &l); if (ret) return ret;` only where
nothing destroys the lock and the error variable holds nothing yet (real 6.12 drivers)."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PAC = "drivers/iio/adc/pac1921.c"
PAC_MANAGED = "\tret = devm_mutex_init(dev, &priv->lock);\n\tif (ret)\n\t\treturn ret;\n"


def changed(path: str, before: str, after: str) -> list[str]:
    return [ln for ln in hunks(path, before, after) if ln[:1] in "+-"]


@pytest.mark.parametrize("comment", ["Use devm_mutex_init() here, the mutex is never destroyed.",
                                     "devm_mutex_init()?"])
def test_devm_mutex_init_with_the_functions_device_and_error_variable(tmp_path, kernel_source, comment):
    s, real, before, after = on_real_code(tmp_path, kernel_source, PAC, [(PAC_MANAGED, "\tmutex_init(&priv->lock);\n")],
                                          "pac1921_probe", ["+\tmutex_init(&priv->lock);"], comment)
    assert (s.status, s.kind) == (Status.APPLIED, "devm-mutex-init"), s.reason
    assert changed(PAC, before, after) == ["-\tmutex_init(&priv->lock);", "+\tret = devm_mutex_init(dev, &priv->lock);",
                                           "+\tif (ret)", "+\t\treturn ret;"]
    assert after == real


def test_devm_mutex_init_with_the_bus_devices_dev(tmp_path, kernel_source):
    path = "drivers/iio/adc/max1118.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "max1118_probe",
                                       ["+\tmutex_init(&adc->lock);"], "devm_mutex_init() please")
    assert (s.status, s.kind) == (Status.APPLIED, "devm-mutex-init"), s.reason
    assert changed(path, before, after) == ["-\tmutex_init(&adc->lock);",
                                            "+\tret = devm_mutex_init(&spi->dev, &adc->lock);",
                                            "+\tif (ret)", "+\t\treturn ret;"]


def test_a_file_that_destroys_a_mutex_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/adc/ti-ads7950.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "ti_ads7950_probe",
                                       ["+\tmutex_init(&st->slock);"], "devm_mutex_init() please")
    assert s.status == Status.MANUAL
    assert "devm-mutex-init: the file calls mutex_destroy() (line 660): a destroy of &st->slock goes with the " \
           "change to devm_mutex_init()" in s.reason
    assert after == before


def test_an_error_variable_read_after_the_line_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/adc/max1118.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\tmutex_init(&adc->lock);\n", "\tret = 0;\n\tmutex_init(&adc->lock);\n\tif (ret)\n\t\treturn ret;\n")],
        "max1118_probe", ["+\tmutex_init(&adc->lock);"], "devm_mutex_init() please")
    assert s.status == Status.MANUAL
    assert "ret is read after the mutex_init() line before it is written again" in s.reason
    assert after == before


def test_a_mutex_init_outside_probe_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = "static int qx_open(struct device *dev, struct qx *q)\n{\n\tint ret;\n\n\tmutex_init(&q->lock);\n" \
           "\tret = qx_start(q);\n\treturn ret;\n}\n"
    s = sugg("drivers/misc/qx.c", "qx_open", ["+\tmutex_init(&q->lock);"], "devm_mutex_init() please")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and "qx_open() is not the driver's probe" in s.reason
    assert after == text


def test_a_goto_unwinding_below_is_manual(tmp_path, kernel_source):
    """ad799x_probe() inits its lock after enabling regulators and the ring buffer, and its next error
    path is `goto error_cleanup_ring`: a plain `return ret;` there would leak all of that."""
    path = "drivers/iio/adc/ad799x.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "ad799x_probe",
                                       ["+\tmutex_init(&st->lock);"], "devm_mutex_init() please")
    assert s.status == Status.MANUAL
    assert "devm-mutex-init: the first error path after mutex_init() is `goto error_cleanup_ring`, which unwinds " \
           "what was set up before: a plain return after devm_mutex_init() would skip that" in s.reason
    assert after == before


def test_a_cleanup_before_the_next_return_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/adc/max1118.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\tmutex_init(&adc->lock);\n", "\tmutex_init(&adc->lock);\n\tret = max1118_setup(adc);\n\tif (ret) {\n"
          "\t\tclk_disable_unprepare(adc->clk);\n\t\treturn ret;\n\t}\n")],
        "max1118_probe", ["+\tmutex_init(&adc->lock);"], "devm_mutex_init() please")
    assert s.status == Status.MANUAL
    assert "the first error path after mutex_init() runs clk_disable_unprepare(adc->clk) before it returns" in s.reason
    assert after == before


def test_the_one_statement_of_an_if_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/adc/max1118.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\tmutex_init(&adc->lock);\n", "\tif (adc->id)\n\t\tmutex_init(&adc->lock);\n")],
        "max1118_probe", ["+\t\tmutex_init(&adc->lock);"], "devm_mutex_init() please")
    assert s.status == Status.MANUAL
    assert "mutex_init() is the one statement of `if (adc->id)`: the check that comes with devm_mutex_init() " \
           "would need braces there" in s.reason
    assert after == before
