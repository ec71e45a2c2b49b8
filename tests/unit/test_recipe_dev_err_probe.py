"""dev-err-probe: dev_err(); return ret; becomes return dev_err_probe(), the message no longer prints ret."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes.dev_err_probe import drop_conversion
from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "sound/soc/mixer.c"
SRC = (KINDS / "snd_mixer.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_braces_go_with_the_second_statement(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "return dev_err_probe(...) please")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "dev-err-probe", "Use dev_err_probe() in mixer_probe()")
    assert "+ if (C)\n+  return dev_err_probe(D, E, \"cannot allocate %u controls\\n\", es);" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -36,10 +36,9 @@",
        " \t\treturn -ENOMEM;",
        " \tmx->dev = dev;",
        " \tret = mixer_alloc(mx, nr);",
        "-\tif (ret) {",
        "-\t\tdev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
        "-\t\treturn ret;",
        "-\t}",
        "+\tif (ret)",
        # spatch (--max-width 80) fills the line up to 80 columns and wraps under the parenthesis
        "+\t\treturn dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\",",
        "+\t\t\t\t     nr);",
        " \tdev_info(dev, \"%d controls, cache of %d bytes\\n\", mx->nr_ctls, mx->cache_len);",
        " \treturn 0;",
        " }",
    ]


ELSE_IF = SRC.replace("\tif (ret) {\n", "\tif (ret == -ENOSPC) {\n"
                      "\t\tdev_warn(dev, \"no room for %u controls, using the defaults\\n\", nr);\n"
                      "\t\tnr = 0;\n"
                      "\t} else if (ret) {\n")


def test_an_else_if_keeps_its_braces(tmp_path):
    """The other arm of the if keeps its braces, so this one does too (coding-style: braces on all
    arms when one needs them)."""
    s = sugg(PATH, "mixer_probe", ["+ } else if (ret) {",
                                   "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "return dev_err_probe(...) please")
    after, rules, _ = pipeline(tmp_path, PATH, ELSE_IF, [s])
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert "+ if (C)" not in rules[0].text
    assert hunks(PATH, ELSE_IF, after) == [
        "@@ -40,8 +40,8 @@",
        " \t\tdev_warn(dev, \"no room for %u controls, using the defaults\\n\", nr);",
        " \t\tnr = 0;",
        " \t} else if (ret) {",
        "-\t\tdev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
        "-\t\treturn ret;",
        "+\t\treturn dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\",",
        "+\t\t\t\t     nr);",
        " \t}",
        " \tdev_info(dev, \"%d controls, cache of %d bytes\\n\", mx->nr_ctls, mx->cache_len);",
        " \treturn 0;",
    ]


def test_lead_in_words_leave_with_the_conversion():
    assert drop_conversion('"reset failed with error %d\\n"', 0) == '"reset failed\\n"'
    assert drop_conversion('"no clock (%pe)\\n"', 0) == '"no clock\\n"'
    assert drop_conversion('"irq %d request failed, ret=%d\\n"', 1) == '"irq %d request failed\\n"'
    assert drop_conversion('"%d\\n"', 0) is None


def test_without_a_return_is_manual(tmp_path):
    src = SRC.replace("\t\treturn ret;\n\t}\n\tdev_info", "\t}\n\tdev_info")
    s = sugg(PATH, "mixer_probe", ["+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);"],
             "Use dev_err_probe().")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], src)
    assert "is not followed by a return" in s.reason


def test_error_printed_in_the_middle_is_manual(tmp_path):
    src = SRC.replace("\"cannot allocate %u controls: %d\\n\", nr, ret", "\"error %d for %u controls\\n\", ret, nr")
    s = sugg(PATH, "mixer_probe", ["+ dev_err(dev, \"error %d for %u controls\\n\", ret, nr);", "+ return ret;"],
             "Use dev_err_probe().")
    _, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, rules) == (Status.MANUAL, [])
    assert "the error is not the last value dev_err() prints" in s.reason


TWO = SRC.replace("\tdev_info(dev, \"%d controls", "\tret = mixer_cache(mx);\n"
                  "\tif (ret) {\n"
                  "\t\tdev_err(dev, \"no cache: %d\\n\", ret);\n"
                  "\t\treturn ret;\n"
                  "\t}\n"
                  "\tdev_info(dev, \"%d controls")


def test_same_below_takes_the_next_pair_of_the_function_too(tmp_path):
    """"dev_err_probe() please. Same below." under the first of two dev_err(); return pairs: both, in
    one rule (before: only the quoted one; and a second rule's line pin missed once the first had
    changed the function)."""
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "dev_err_probe() please, it can defer. Same below.")
    after, rules, _ = pipeline(tmp_path, PATH, TWO, [s])
    assert (s.status, s.reason) == (Status.APPLIED, ""), s.reason
    assert "Use dev_err_probe() in mixer_probe() (x2)" == s.summary
    assert after.count("return dev_err_probe(") == 2 and "dev_err(" not in after
    assert "\tif (ret)\n\t\treturn dev_err_probe(dev, ret, \"no cache\\n\");\n" in after


def test_same_below_under_the_last_pair_says_nothing_follows(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ ret = mixer_cache(mx);", "+ if (ret) {",
                                   "+ dev_err(dev, \"no cache: %d\\n\", ret);", "+ return ret;"],
             "dev_err_probe() please. Same below.")
    after, _, _ = pipeline(tmp_path, PATH, TWO, [s])
    assert (s.status, s.reason) == (
        Status.APPLIED, 'partly: "same below" found no like place after the quoted lines in mixer_probe()')
    assert after.count("return dev_err_probe(") == 1
    assert "\t\tdev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);\n" in after


def test_without_same_below_only_the_quoted_pair_changes(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "dev_err_probe() please, it can defer.")
    after, _, _ = pipeline(tmp_path, PATH, TWO, [s])
    assert s.status == Status.APPLIED and after.count("return dev_err_probe(") == 1
    assert "\t\tdev_err(dev, \"no cache: %d\\n\", ret);\n" in after


def test_a_managed_call_the_quote_holds_is_no_design_request():
    """"devm_clk_get() can return -EPROBE_DEFER" says why, under a quote that calls it: before, the
    applied suggestion was reported as done in part, devm_clk_get() "a change of design" left over."""
    from cocci.rules import design_request
    s = sugg(PATH, "mixer_probe", ["+\tif (IS_ERR(mx->clk)) {"], "dev_err_probe() please, devm_clk_get() can defer.")
    assert design_request(s) == "devm_clk_get"
    s.quote = ["\tmx->clk = devm_clk_get(dev, \"mclk\");", "\tif (IS_ERR(mx->clk)) {"]
    assert design_request(s) == ""


def test_the_reviewers_return_takes_the_print_above_it_in(tmp_path):
    # the review stage narrows the quote to the return the reviewer's code lines up with
    s = sugg(PATH, "mixer_probe", ["+ return ret;"], "")
    s.code = ['return dev_err_probe(dev, ret, "cannot allocate %u controls\\n", nr);']
    s.quoted = ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);", "+ return ret;"]
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe"), s.reason
    assert "\t\tdev_err(dev, \"cannot allocate" not in after
    assert "\tif (ret)\n\t\treturn dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\",\n\t\t\t\t     nr);\n" \
        in after


def test_a_reviewers_return_with_another_message_is_not_this_rewrite(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "")
    s.code = ['return dev_err_probe(dev, ret, "no controls\\n");']
    pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "dev-err-probe"


def test_the_reviewers_return_with_the_message_left_out(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "")
    s.code = ["return dev_err_probe(dev, ret, ...);"]
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe"), s.reason
    assert "\tif (ret)\n\t\treturn dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\",\n\t\t\t\t     nr);\n" \
        in after and "dev_err(dev, \"cannot allocate" not in after


def test_the_reviewers_return_worded_otherwise_takes_the_print_in_with_its_words(tmp_path):
    s = sugg(PATH, "mixer_probe", ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);",
                                   "+ return ret;"], "")
    s.code = ['return dev_err_probe(dev, ret, "no room for %u controls\\n", nr);']
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe"), s.reason
    assert "\tif (ret)\n\t\treturn dev_err_probe(dev, ret, \"no room for %u controls\\n\", nr);\n" in after
    assert "cannot allocate" not in after


def test_the_reviewers_return_of_ptr_err_takes_the_print_in_once(tmp_path):
    """`return dev_err_probe(dev, PTR_ERR(x), ...);` under an IS_ERR() block shares its names with the
    quoted `return PTR_ERR(x);`: it is this rewrite, not reviewer code for that return alone (which left
    the print above to be folded in again: dev_err_probe() nested in dev_err_probe())."""
    src = (KINDS / "fanctl_pe.c").read_text()
    path = "drivers/hwmon/fanctl.c"
    s = sugg(path, "fanctl_probe", ["+\tif (IS_ERR(fc->reg)) {",
                                    "+\t\tdev_err(dev, \"channel %u: no regulator, err=%ld\\n\",",
                                    "+\t\t\tch, PTR_ERR(fc->reg));", "+\t\treturn PTR_ERR(fc->reg);", "+\t}"], "")
    s.code = ['return dev_err_probe(dev, PTR_ERR(fc->reg), "channel %u: no regulator\\n", ch);']
    after, rules, _ = pipeline(tmp_path, path, src, [s])
    assert (s.status, s.kind, [r.kind for r in rules]) == (Status.APPLIED, "dev-err-probe", ["dev-err-probe"])
    assert hunks(path, src, after)[1:] == [
        " \t\treturn -ENOMEM;",
        " ",
        " \tfc->reg = devm_regulator_get(dev, \"vdd\");",
        "-\tif (IS_ERR(fc->reg)) {",
        "-\t\tdev_err(dev, \"channel %u: no regulator, err=%ld\\n\",",
        "-\t\t\tch, PTR_ERR(fc->reg));",
        "-\t\treturn PTR_ERR(fc->reg);",
        "-\t}",
        "+\tif (IS_ERR(fc->reg))",
        "+\t\treturn dev_err_probe(dev, PTR_ERR(fc->reg),",
        "+\t\t\t\t     \"channel %u: no regulator\\n\", ch);",
        " \tfc->clk = devm_clk_get_optional(dev, NULL);",
        " \tfc->rst = devm_reset_control_get_optional(dev, NULL);",
        " \tif (IS_ERR(fc->clk) || IS_ERR(fc->rst))",
    ]


def test_a_reviewers_return_with_other_values_never_prints_twice(tmp_path):
    """Reviewer code that is not the rewrite (it drops a value the print shows) would replace the return
    alone: the dev_err() above it and the new dev_err_probe() would both print.  Manual, saying so."""
    src = (KINDS / "fanctl_pe.c").read_text()
    path = "drivers/hwmon/fanctl.c"
    s = sugg(path, "fanctl_probe", ["+\tif (IS_ERR(fc->reg)) {",
                                    "+\t\tdev_err(dev, \"channel %u: no regulator, err=%ld\\n\",",
                                    "+\t\t\tch, PTR_ERR(fc->reg));", "+\t\treturn PTR_ERR(fc->reg);", "+\t}"], "")
    s.code = ['return dev_err_probe(dev, PTR_ERR(fc->reg), "no vdd supply\\n");']
    after, _, _ = pipeline(tmp_path, path, src, [s])
    assert after == src
    assert s.status == Status.MANUAL
    assert "the reviewer's dev_err_probe() prints the error itself, and the dev_err() above the quoted " \
        "`return PTR_ERR(fc->reg);` (line 29) would print it again" in s.reason


QUOTE = ["+ if (ret) {", "+ dev_err(dev, \"cannot allocate %u controls: %d\\n\", nr, ret);", "+ return ret;"]


def test_one_line_asked_beside_the_change_and_left_wrapped_says_so(tmp_path):
    """Before: "applied" with nothing more, the new call wrapped over two lines as the comment asked not."""
    s = sugg(PATH, "mixer_probe", QUOTE, "dev_err_probe(), and the message can be on one line.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe")
    assert s.reason == ("partly: the rest is left to the author (on one line: the new code goes on over two lines "
                        "(return dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\", / nr);))")
    assert "\t\treturn dev_err_probe(dev, ret, \"cannot allocate %u controls\\n\",\n\t\t\t\t     nr);\n" in after


def test_one_line_asked_beside_the_change_that_fits_on_one_line_is_done_whole(tmp_path):
    src = SRC.replace("\"cannot allocate %u controls: %d\\n\", nr, ret);", "\"no controls: %d\\n\", ret);")
    quote = [QUOTE[0], "+ dev_err(dev, \"no controls: %d\\n\", ret);", QUOTE[2]]
    s = sugg(PATH, "mixer_probe", quote, "dev_err_probe(), and the message can be on one line.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "dev-err-probe", "")
    assert "\tif (ret)\n\t\treturn dev_err_probe(dev, ret, \"no controls\\n\");\n" in after
