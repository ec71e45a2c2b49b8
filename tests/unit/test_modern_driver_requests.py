"""Requests for the kernel's newer driver helpers on real 6.12 code: the string choices, ERR_CAST(),
the bus match-data getters, and the renames that would change what the code does (manual)."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

KX = "drivers/iio/accel/kionix-kx022a.c"
KX_CALL = '"Turn %s fail %d\\n", str_on_off(on), ret);'
KX_QUOTE = '+\t\tdev_err(data->dev, "Turn %s fail %d\\n", {}, ret);'


def test_str_on_off_and_its_header_among_the_linux_headers_not_after_the_iio_ones(tmp_path, kernel_source):
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, KX,
        [(KX_CALL, KX_CALL.replace("str_on_off(on)", 'on ? "on" : "off"')),
         ("#include <linux/string_choices.h>\n", "")],
        "__kx022a_turn_on_off", [KX_QUOTE.format('on ? "on" : "off"')],
        "There's a helper for this in string_choices.h: str_on_off().")
    assert s.status == Status.APPLIED, s.reason
    assert after == real
    diff = hunks(KX, before, after)
    at = diff.index("+#include <linux/string_choices.h>")
    assert diff[at - 1:at + 2] == [" #include <linux/slab.h>", "+#include <linux/string_choices.h>",
                                   " #include <linux/units.h>"]
    assert [ln for ln in diff if ln[:1] in "+-"] == [
        "+#include <linux/string_choices.h>", '-\t\tdev_err(data->dev, "Turn %s fail %d\\n", on ? "on" : "off", ret);',
        '+\t\tdev_err(data->dev, "Turn %s fail %d\\n", str_on_off(on), ret);']


def test_the_string_choices_header_named_without_a_helper(tmp_path, kernel_source):
    path = "drivers/usb/typec/class.c"
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, path, [("str_yes_no(alt->active));", 'alt->active ? "yes" : "no");')],
        "active_show", ['+\treturn sprintf(buf, "%s\\n", alt->active ? "yes" : "no");'],
        "We have helpers in linux/string_choices.h for this kind of thing.")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        '-\treturn sprintf(buf, "%s\\n", alt->active ? "yes" : "no");',
        '+\treturn sprintf(buf, "%s\\n", str_yes_no(alt->active));']
    assert after == real


@pytest.mark.parametrize(("ternary", "comment", "reason"), [
    ('on ? "On" : "Off"', "str_on_off()", "str_on_off() is named, but the quoted code has no open-coded form"),
    ('on ? "off" : "on"', "Use str_on_off().", "str_on_off() is named, but the quoted code has no open-coded form"),
    ('on ? "on" : "off"', "Please use str_enabled_disabled().", "str_enabled_disabled() is named"),
    ('on ? "ON" : "OFF"', "Please use the string_choices helpers.",
     "no ternary of two strings that one of its helpers spells"),
])
def test_string_choices_that_do_not_spell_the_code_stay_manual(tmp_path, kernel_source, ternary, comment, reason):
    s, _, before, after = on_real_code(tmp_path, kernel_source, KX,
                                       [(KX_CALL, KX_CALL.replace("str_on_off(on)", ternary))],
                                       "__kx022a_turn_on_off", [KX_QUOTE.format(ternary)], comment)
    assert s.status == Status.MANUAL and reason in s.reason, s.reason
    assert after == before


def test_err_cast_for_an_error_pointer_handed_on(tmp_path, kernel_source):
    path = "drivers/iio/industrialio-sw-trigger.c"
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\t\treturn ERR_CAST(t);\n\n\tconfig_item_set_name",
          "\t\treturn ERR_PTR(PTR_ERR(t));\n\n\tconfig_item_set_name")],
        "trigger_make_group", ["+\tif (IS_ERR(t))", "+\t\treturn ERR_PTR(PTR_ERR(t));"],
        "Please use ERR_CAST() rather than ERR_PTR(PTR_ERR()).")
    assert (s.status, s.kind) == (Status.APPLIED, "use-helper"), s.reason
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        "-\t\treturn ERR_PTR(PTR_ERR(t));", "+\t\treturn ERR_CAST(t);"]
    assert after == real


def test_devm_clk_get_enabled_is_no_rename_of_devm_clk_get(tmp_path, kernel_source):
    path = "drivers/iio/dac/ad9739a.c"
    got = '\tclk = devm_clk_get_enabled(dev, NULL);\n\tif (IS_ERR(clk))\n' \
          '\t\treturn dev_err_probe(dev, PTR_ERR(clk), "Could not get clkin\\n");\n'
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [(got, got.replace("_enabled", "") + "\n\tret = clk_prepare_enable(clk);\n\tif (ret)\n\t\treturn ret;\n")],
        "ad9739a_probe", ["+\tclk = devm_clk_get(dev, NULL);"], "devm_clk_get_enabled()")
    assert s.status == Status.MANUAL
    assert "devm_clk_get_enabled() also enables what devm_clk_get() only gets" in s.reason
    assert after == before


def test_i2c_get_match_data_takes_the_client_not_its_device(tmp_path, kernel_source):
    path = "drivers/iio/adc/ti-adc081c.c"
    s, real, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\tmodel = i2c_get_match_data(client);", "\tmodel = device_get_match_data(&client->dev);")],
        "adc081c_probe", ["+\tmodel = device_get_match_data(&client->dev);"], "Use i2c_get_match_data() instead.")
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        "-\tmodel = device_get_match_data(&client->dev);", "+\tmodel = i2c_get_match_data(client);"]
    assert after == real


def test_device_get_match_data_for_an_i2c_getter_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/adc/ti-adc081c.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "adc081c_probe",
                                       ["+\tmodel = i2c_get_match_data(client);"],
                                       "Please use device_get_match_data() here.")
    assert s.status == Status.MANUAL
    assert "device_get_match_data() takes a struct device * where i2c_get_match_data() takes a struct " \
           "i2c_client *" in s.reason
    assert after == before


def test_a_platform_driver_unregister_is_never_renamed_to_the_module_macro(tmp_path, kernel_source):
    path = "drivers/iio/adc/xilinx-ams.c"
    boiler = "static int __init ams_init(void)\n{\n\tpr_info(\"ams: loading\\n\");\n" \
             "\treturn platform_driver_register(&ams_driver);\n}\nmodule_init(ams_init);\n\n" \
             "static void __exit ams_exit(void)\n{\n\tplatform_driver_unregister(&ams_driver);\n}\n" \
             "module_exit(ams_exit);\n"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path, [("module_platform_driver(ams_driver);\n", boiler)], "ams_exit",
        ["+static void __exit ams_exit(void)", "+{", "+\tplatform_driver_unregister(&ams_driver);", "+}"],
        "Use module_platform_driver().")
    assert s.status == Status.MANUAL
    assert s.reason == ("module-driver: ams_init() and ams_exit() do more than platform_driver_register() and "
                        "platform_driver_unregister() of one driver: module_platform_driver() would leave that out")
    assert after == before


@pytest.mark.parametrize(("comment", "named"), [
    ("Consider size_add() here.", "size_add"),
    ("array_size() please, so an overflow saturates.", "array_size"),
])
def test_overflow_helpers_by_name_say_what_is_left_to_decide(tmp_path, kernel_source, comment, named):
    path = "drivers/net/dsa/realtek/rtl83xx.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("size_add(sizeof(*priv), var->chip_data_sz),", "sizeof(*priv) + var->chip_data_sz,")],
        "rtl83xx_probe", ["+\tpriv = devm_kzalloc(dev, sizeof(*priv) + var->chip_data_sz,"], comment)
    assert s.status == Status.MANUAL
    assert s.reason.startswith(f"asks for {named}(): which product or sum of the quoted code it takes in")
    assert after == before


def test_reviewer_code_with_the_enabled_getter_while_the_enable_call_stays_is_manual(tmp_path, kernel_source):
    path = "drivers/iio/dac/ad9739a.c"
    got = '\tclk = devm_clk_get_enabled(dev, NULL);\n\tif (IS_ERR(clk))\n' \
          '\t\treturn dev_err_probe(dev, PTR_ERR(clk), "Could not get clkin\\n");\n'
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [(got, got.replace("_enabled", "") + "\n\tret = clk_prepare_enable(clk);\n\tif (ret)\n\t\treturn ret;\n")],
        "ad9739a_probe", ["+\tclk = devm_clk_get(dev, NULL);"], "\tclk = devm_clk_get_enabled(dev, NULL);",
        written=["\tclk = devm_clk_get_enabled(dev, NULL);"])
    assert s.status == Status.MANUAL
    assert after == before


def test_reviewer_code_with_the_enabled_getter_says_why(tmp_path, kernel_source):
    from cocci.recipes.replace_code import _enables_again
    from patches.ctext import function_named
    text = kernel_source("drivers/iio/dac/ad9739a.c").replace(
        "\tclk = devm_clk_get_enabled(dev, NULL);", "\tclk = devm_clk_get(dev, NULL);\n\tclk_prepare_enable(clk);")
    fn = function_named(text, "ad9739a_probe")
    assert fn is not None
    no = text.splitlines().index("\tclk = devm_clk_get(dev, NULL);") + 1
    assert _enables_again(text, fn, no, no, "clk = devm_clk_get(dev, NULL);",
                          "clk = devm_clk_get_enabled(dev, NULL);") == (
        "the reviewer's code calls devm_clk_get_enabled(), which also enables what devm_clk_get() only gets, and "
        "ad9739a_probe() still calls clk_prepare_enable(): that call and the disable on the error and remove "
        "paths go with the change, which is for the author")
    assert _enables_again(text, fn, no, no + 1, "clk = devm_clk_get(dev, NULL); clk_prepare_enable(clk);",
                          "clk = devm_clk_get_enabled(dev, NULL);") == ""


KEBA = "drivers/i2c/busses/i2c-keba.c"
KEBA_CALL = "\tki2c->client = devm_kcalloc(dev, ki2c->auxdev->info_size,\n" \
            "\t\t\t\t    sizeof(*ki2c->client), GFP_KERNEL);"


def test_devm_kcalloc_for_a_managed_product_in_the_other_order(tmp_path, kernel_source):
    line = "\tki2c->client = devm_kzalloc(dev, sizeof(*ki2c->client) * ki2c->auxdev->info_size, GFP_KERNEL);"
    s, _, before, after = on_real_code(tmp_path, kernel_source, KEBA, [(KEBA_CALL, line)], "ki2c_probe",
                                       ["+" + line], "devm_kcalloc()")
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "alloc-array", ""), s.reason
    assert [ln for ln in hunks(KEBA, before, after) if ln[:1] in "+-"] == [
        "-" + line, "+\tki2c->client = devm_kcalloc(dev, ki2c->auxdev->info_size,",
        "+\t\t\t\t    sizeof(*ki2c->client), GFP_KERNEL);"]


def test_an_array_helper_for_a_size_that_adds_to_the_product_is_manual(tmp_path, kernel_source):
    line = "\tki2c->client = devm_kzalloc(dev, ki2c->auxdev->info_size * sizeof(*ki2c->client) + 1, GFP_KERNEL);"
    s, _, before, after = on_real_code(tmp_path, kernel_source, KEBA, [(KEBA_CALL, line)], "ki2c_probe",
                                       ["+" + line], "devm_kcalloc()")
    assert s.status == Status.MANUAL
    assert s.reason == ("alloc-array: the size in devm_kzalloc() on line 523 is more than a product "
                        "(ki2c->auxdev->info_size * sizeof(*ki2c->client) + 1): devm_kcalloc() takes a count and "
                        "an element size, how the rest goes in is for the author")
    assert after == before


def test_dev_err_probe_written_with_every_argument_elided(tmp_path, kernel_source):
    path = "drivers/iio/light/al3320a.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\tdata->client = client;\n\n\tindio_dev->info",
          "\tdata->client = client;\n\n\tclk = devm_clk_get(&client->dev, NULL);\n\tif (IS_ERR(clk)) {\n"
          "\t\tdev_err(&client->dev, \"failed to get the bus clock: %ld\\n\",\n\t\t\tPTR_ERR(clk));\n"
          "\t\treturn PTR_ERR(clk);\n\t}\n\n\tindio_dev->info"),
         ("\tstruct iio_dev *indio_dev;\n\tint ret;\n",
          "\tstruct iio_dev *indio_dev;\n\tstruct clk *clk;\n\tint ret;\n")],
        "al3320a_probe",
        ["+\tif (IS_ERR(clk)) {", "+\t\tdev_err(&client->dev, \"failed to get the bus clock: %ld\\n\",",
         "+\t\t\tPTR_ERR(clk));", "+\t\treturn PTR_ERR(clk);", "+\t}"],
        "It also handles -EPROBE_DEFER properly.", written=["return dev_err_probe(...);"])
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe"), s.reason
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        "-\tif (IS_ERR(clk)) {", "-\t\tdev_err(&client->dev, \"failed to get the bus clock: %ld\\n\",",
        "-\t\t\tPTR_ERR(clk));", "-\t\treturn PTR_ERR(clk);", "-\t}",
        "+\tif (IS_ERR(clk))", "+\t\treturn dev_err_probe(&client->dev, PTR_ERR(clk),",
        "+\t\t\t\t     \"failed to get the bus clock\\n\");"]


def test_a_string_choice_the_trees_header_does_not_define_is_manual(tmp_path, kernel_source):
    from cocci import apply as A
    from cocci import rules as RU
    from cocci.recipe import CodeContext
    from patches.model import Anchor, Person, Response, Suggestion
    path = "drivers/net/phy/realtek.c"
    text = kernel_source(path).replace('val_txdly ? "Enabling" : "Disabling"', 'val_txdly ? "enabling" : "disabling"')
    quoted = ['+\t\t\tval_txdly ? "enabling" : "disabling");']
    no = text.splitlines().index(quoted[0][1:]) + 1
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Mara Reviewer"), comment="str_enabling_disabling()",
                   anchor=Anchor(file=path, function="rtl8211f_config_init", code=[q[1:].strip() for q in quoted],
                                 lines=(no, no)),
                   quoted=quoted, quote=[q[1:] for q in quoted], response=Response.ACCEPTED, kind="code")
    ctx = CodeContext(path, text, "rtl8211f_config_init", {path: text}, [], tree_read=kernel_source)
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    assert s.status == Status.MANUAL
    assert "str_enabling_disabling() is not defined in this tree's <linux/string_choices.h>" in s.reason
    assert files[path] == text


def test_a_bus_accessor_of_the_same_name_takes_the_bus_device(tmp_path, kernel_source):
    """platform_set_drvdata() for dev_set_drvdata(&pdev->dev, ...): the platform device, not its struct device
    (the name alone changed, `platform_set_drvdata(&pdev->dev, ...)`, which does not build)."""
    path = "sound/soc/codecs/max98357a.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "max98357a_platform_probe",
                                       ["+\tdev_set_drvdata(&pdev->dev, max98357a);"], "platform_set_drvdata()")
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "rename-call", "")
    assert [ln for ln in hunks(path, before, after) if ln[:1] in "+-"] == [
        "-\tdev_set_drvdata(&pdev->dev, max98357a);", "+\tplatform_set_drvdata(pdev, max98357a);"]


def test_a_bus_accessor_of_another_name_is_manual(tmp_path, kernel_source):
    path = "drivers/rtc/rtc-ds1672.c"
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, path,
        [("\ti2c_set_clientdata(client, rtc);", "\tdev_set_drvdata(&client->dev, rtc);")], "ds1672_probe",
        ["+\tdev_set_drvdata(&client->dev, rtc);"], "Use i2c_set_clientdata().")
    assert s.status == Status.MANUAL and after == before
