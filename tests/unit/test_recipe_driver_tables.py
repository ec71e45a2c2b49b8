"""drop-match-ptr, device-table, module-driver: the driver boilerplate requests outside functions, on
real 6.12 drivers (the patch under review has the older form)."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

ADC = "drivers/iio/adc/ti-adc081c.c"
AMS = "drivers/iio/adc/xilinx-ams.c"


def changed(path: str, before: str, after: str) -> list[str]:
    return [ln for ln in hunks(path, before, after) if ln[:1] in "+-"]


@pytest.mark.parametrize("comment", [
    "Drop of_match_ptr(), it prevents ACPI PRP0001 matching and saves nothing.",
    "No need for of_match_ptr() here.",
])
def test_of_match_ptr_goes_around_a_table_every_build_has(tmp_path, kernel_source, comment):
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("\t\t.of_match_table = adc081c_of_match,", "\t\t.of_match_table = of_match_ptr(adc081c_of_match),")],
        "", ["+\t\t.of_match_table = of_match_ptr(adc081c_of_match),"], comment)
    assert (s.status, s.kind) == (Status.APPLIED, "drop-match-ptr"), s.reason
    assert changed(ADC, before, after) == ["-\t\t.of_match_table = of_match_ptr(adc081c_of_match),",
                                           "+\t\t.of_match_table = adc081c_of_match,"]
    assert after == real


def test_acpi_ptr_of_a_table_under_ifdef_config_acpi_stays(tmp_path, kernel_source):
    s, _, before, after = on_real_code(tmp_path, kernel_source, "drivers/iio/light/cm32181.c", [], "",
                                       ["+\t\t.acpi_match_table = ACPI_PTR(cm32181_acpi_match),"], "Drop ACPI_PTR().")
    assert s.status == Status.MANUAL
    assert "drop-match-ptr: cm32181_acpi_match is defined under a preprocessor conditional (line 531): without " \
           "ACPI_PTR() a build that leaves it out fails" in s.reason
    assert after == before


@pytest.mark.parametrize("comment", ["of_match_ptr() is fine here.", "No, keep of_match_ptr() here.",
                                     "without of_match_ptr() this breaks !OF builds, no?"])
def test_a_match_ptr_named_but_not_asked_away_is_left(tmp_path, kernel_source, comment):
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("\t\t.of_match_table = adc081c_of_match,", "\t\t.of_match_table = of_match_ptr(adc081c_of_match),")],
        "", ["+\t\t.of_match_table = of_match_ptr(adc081c_of_match),"], comment)
    assert s.kind != "drop-match-ptr" and after == before


@pytest.mark.parametrize(("removed", "quoted", "comment"), [
    ("MODULE_DEVICE_TABLE(of, adc081c_of_match);\n",
     ['+\t{ .compatible = "ti,adc121c", .data = &adcxx1c_models[ADC121C] },', "+\t{ }", "+};"],
     "Missing MODULE_DEVICE_TABLE()."),
    ("MODULE_DEVICE_TABLE(i2c, adc081c_id);\n", ["+\t.id_table = adc081c_id,"],
     "The i2c table has no MODULE_DEVICE_TABLE(), so the module won't autoload."),
])
def test_module_device_table_after_the_table_meant(tmp_path, kernel_source, removed, quoted, comment):
    s, real, before, after = on_real_code(tmp_path, kernel_source, ADC, [(removed, "")], "", quoted, comment)
    assert (s.status, s.kind) == (Status.APPLIED, "device-table"), s.reason
    assert changed(ADC, before, after) == ["+" + removed.rstrip("\n")]
    assert after == real


@pytest.mark.parametrize("path, removed, quoted", [
    ("drivers/input/serio/hyperv-keyboard.c", "\nMODULE_DEVICE_TABLE(vmbus, id_table);\n",
     ["+static const struct hv_vmbus_device_id id_table[] = {"]),
    ("sound/soc/codecs/hdac_hdmi.c", "\nMODULE_DEVICE_TABLE(hdaudio, hdmi_list);\n",
     ["+static const struct hda_device_id hdmi_list[] = {"]),
])
def test_module_device_table_under_the_name_modpost_reads_the_type_as(tmp_path, kernel_source, path, removed, quoted):
    s, real, before, after = on_real_code(tmp_path, kernel_source, path, [(removed, "")], "", quoted,
                                          "Missing MODULE_DEVICE_TABLE().")
    assert (s.status, s.kind) == (Status.APPLIED, "device-table"), s.reason
    assert changed(path, before, after) == ["+" + removed.strip("\n")]
    assert after.replace("};\nMODULE_DEVICE_TABLE", "};\n\nMODULE_DEVICE_TABLE") == real  # the line, not its blank


def test_module_device_table_there_already_is_manual(tmp_path, kernel_source):
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC, [], "",
        ['+\t{ .compatible = "ti,adc121c", .data = &adcxx1c_models[ADC121C] },', "+\t{ }", "+};"],
        "Missing MODULE_DEVICE_TABLE()?")
    assert s.status == Status.MANUAL
    assert "device-table: adc081c_of_match has its MODULE_DEVICE_TABLE() already" in s.reason
    assert after == before


def test_module_platform_driver_for_init_and_exit_that_only_register(tmp_path, kernel_source):
    boiler = "static int __init ams_init(void)\n{\n\treturn platform_driver_register(&ams_driver);\n}\n" \
             "module_init(ams_init);\n\nstatic void __exit ams_exit(void)\n{\n" \
             "\tplatform_driver_unregister(&ams_driver);\n}\nmodule_exit(ams_exit);\n"
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, AMS, [("module_platform_driver(ams_driver);\n", boiler)], "ams_init",
        ["+static int __init ams_init(void)", "+{", "+\treturn platform_driver_register(&ams_driver);", "+}"],
        "module_platform_driver() will get rid of this boilerplate.")
    assert (s.status, s.kind) == (Status.APPLIED, "module-driver"), s.reason
    assert changed(AMS, before, after) == ["-" + ln for ln in boiler.splitlines()] + \
        ["+module_platform_driver(ams_driver);"]
    assert after == real


def test_module_i2c_driver_with_the_hooks_below_both_functions(tmp_path, kernel_source):
    boiler = "static int __init adc081c_init(void)\n{\n\treturn i2c_add_driver(&adc081c_driver);\n}\n\n" \
             "static void __exit adc081c_exit(void)\n{\n\ti2c_del_driver(&adc081c_driver);\n}\n\n" \
             "module_init(adc081c_init);\nmodule_exit(adc081c_exit);\n"
    s, real, _, after = on_real_code(
        tmp_path, kernel_source, ADC, [("module_i2c_driver(adc081c_driver);\n", boiler)], "",
        ["+module_init(adc081c_init);", "+module_exit(adc081c_exit);"],
        "All of this can be module_i2c_driver(adc081c_driver);")
    assert (s.status, s.kind) == (Status.APPLIED, "module-driver"), s.reason
    assert after == real


def test_module_driver_of_another_bus_than_the_register_call_is_manual(tmp_path, kernel_source):
    boiler = "static int __init adc081c_init(void)\n{\n\treturn i2c_add_driver(&adc081c_driver);\n}\n" \
             "module_init(adc081c_init);\n\nstatic void __exit adc081c_exit(void)\n{\n" \
             "\ti2c_del_driver(&adc081c_driver);\n}\nmodule_exit(adc081c_exit);\n"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC, [("module_i2c_driver(adc081c_driver);\n", boiler)], "adc081c_init",
        ["+\treturn i2c_add_driver(&adc081c_driver);"], "Use module_platform_driver().")
    assert s.status == Status.MANUAL
    assert "adc081c_init() registers with i2c_add_driver(), which module_platform_driver() does not call: " \
           "the macro for it is module_i2c_driver()" in s.reason
    assert after == before


def test_of_match_ptr_of_a_maybe_unused_table_and_its_missing_device_table(tmp_path, kernel_source):
    table = "static const struct of_device_id adc081c_of_match[] = {"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("\t\t.of_match_table = adc081c_of_match,", "\t\t.of_match_table = of_match_ptr(adc081c_of_match),"),
         (table, table.replace("[] =", "[] __maybe_unused ="))],
        "", ["+\t\t.of_match_table = of_match_ptr(adc081c_of_match),"], "Drop of_match_ptr().")
    assert (s.status, s.kind) == (Status.APPLIED, "drop-match-ptr"), s.reason
    assert changed(ADC, before, after) == ["-\t\t.of_match_table = of_match_ptr(adc081c_of_match),",
                                           "+\t\t.of_match_table = adc081c_of_match,"]
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("MODULE_DEVICE_TABLE(of, adc081c_of_match);\n", ""), (table, table.replace("[] =", "[] __maybe_unused ="))],
        "", ['+\t{ .compatible = "ti,adc121c", .data = &adcxx1c_models[ADC121C] },'], "Missing MODULE_DEVICE_TABLE()")
    assert (s.status, s.kind) == (Status.APPLIED, "device-table"), s.reason
    assert changed(ADC, before, after) == ["+MODULE_DEVICE_TABLE(of, adc081c_of_match);"]


@pytest.mark.parametrize("comment", ["Drop of_match_ptr() and the __maybe_unused.",
                                     "No need for of_match_ptr(), and then __maybe_unused can go as well."])
def test_of_match_ptr_and_the_maybe_unused_of_its_table_asked_away_together(tmp_path, kernel_source, comment):
    """Both go: the attribute from the table's definition, the wrapper from the quoted line (the wrapper alone
    went, and the request was said applied)."""
    table = "static const struct of_device_id adc081c_of_match[] = {"
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("\t\t.of_match_table = adc081c_of_match,", "\t\t.of_match_table = of_match_ptr(adc081c_of_match),"),
         (table, table.replace("static const", "static const __maybe_unused"))],
        "", ["+\t\t.of_match_table = of_match_ptr(adc081c_of_match),"], comment)
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "drop-match-ptr", "")
    assert changed(ADC, before, after) == [
        "-static const __maybe_unused struct of_device_id adc081c_of_match[] = {",
        "+static const struct of_device_id adc081c_of_match[] = {",
        "-\t\t.of_match_table = of_match_ptr(adc081c_of_match),",
        "+\t\t.of_match_table = adc081c_of_match,"]
    assert after == real


def test_maybe_unused_asked_away_where_the_table_has_none_on_its_line_is_manual(tmp_path, kernel_source):
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, ADC,
        [("\t\t.of_match_table = adc081c_of_match,", "\t\t.of_match_table = of_match_ptr(adc081c_of_match),")],
        "", ["+\t\t.of_match_table = of_match_ptr(adc081c_of_match),"], "Drop of_match_ptr() and __maybe_unused.")
    assert (s.status, s.kind) == (Status.MANUAL, "manual")
    assert s.reason.startswith("drop-match-ptr: the comment asks __maybe_unused away too, but the definition of "
                               "the table (line ")
    assert after == before
