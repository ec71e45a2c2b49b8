from cocci.tidy import tidy


def test_lone_tab_line_becomes_empty_and_doubled_blank_collapses():
    before = "\tif (!ok)\n\t\treturn true;\n\n\tx = 1;\n"
    after = "\tif (!ok)\n\t\tgoto out;\n\n\t\n\tx = 1;\n"
    assert tidy(before, after) == "\tif (!ok)\n\t\tgoto out;\n\n\tx = 1;\n"


def test_unchanged_lines_keep_their_whitespace():
    before = "a  \n\n\nb\n"
    after = "a  \n\n\nb\nc \t\n"
    assert tidy(before, after) == "a  \n\n\nb\nc\n"


def test_an_else_on_a_line_of_its_own_follows_the_brace():
    before = "\tret = check(n);\n\tif (ret)\n\t\treturn ret;\n"
    after = "\tif (!n) {\n\t\tret = -EINVAL;\n\t}\n\telse {\n\t\tret = 0;\n\t}\n\tif (ret)\n\t\treturn ret;\n"
    assert tidy(before, after) == ("\tif (!n) {\n\t\tret = -EINVAL;\n\t} else {\n\t\tret = 0;\n\t}\n"
                                   "\tif (ret)\n\t\treturn ret;\n")


def test_an_unchanged_brace_and_else_stay_as_they_are():
    before = "\t}\n\telse\n\t\tx = 1;\n"
    assert tidy(before, before + "\ty = 2;\n") == before + "\ty = 2;\n"


WIDE = '\t\tdev_warn(host->dev, "phase %d of the sample clock is out of range, using 315\\n",\n\t\t\t phase);\n'
WRAPPED = ('\t\tdev_warn(host->dev,\n\t\t\t "phase %u of the sample clock is out of range, using 315\\n",\n'
           '\t\t\t phase);\n')


def test_a_line_the_author_wrote_wide_keeps_its_breaks_when_the_edit_does_not_widen_it():
    assert tidy(WIDE, WRAPPED) == WIDE.replace("%d", "%u")


def test_a_renamed_constant_on_a_wide_last_line_stays_on_it():
    before = "\treturn regmap_update_bits(priv->regmap, PMIC_REG_OUTPUT_CONTROL, OUT_MODE_MASK, OUT_CMOS_MODE);\n"
    after = ("\treturn regmap_update_bits(priv->regmap, PMIC_REG_OUTPUT_CONTROL, OUT_MODE_MASK,\n"
             "\t\t\t\t  OUT_PUSH_PULL);\n")
    assert tidy(before, after) == before.replace("OUT_CMOS_MODE", "OUT_PUSH_PULL")


def test_spatch_wraps_stay_when_the_edit_widens_the_line_or_moves_a_continuation():
    widened = WRAPPED.replace("%u", "%lu")
    assert tidy(WIDE, widened) == widened
    before = '\tpr_warning("phase %d of the sample clock is out of range, using the default one\\n",\n\t\t   phase);\n'
    after = '\tpr_warn(\n\t\t"phase %d of the sample clock is out of range, using the default one\\n",\n\t\tphase);\n'
    assert tidy(before, after) == after          # the call's name shrank: its continuation would be off
    narrow = '\tdev_warn(dev, "phase %d\\n",\n\t\t phase);\n'
    assert tidy(narrow, narrow.replace("%d", "%u")) == narrow.replace("%d", "%u")


def test_an_operator_made_a_comma_on_a_wide_line_leaves_no_blank_before_it():
    before = '\tKUNIT_EXPECT_TRUE_MSG(test, buf->flags == FROB_DONE, "flags %lx at step %u", buf->flags, step);\n'
    after = '\tKUNIT_EXPECT_EQ_MSG(test, buf->flags, FROB_DONE, "flags %lx at step %u",\n\t\t\t    buf->flags, step);\n'
    assert tidy(before, after) == \
        '\tKUNIT_EXPECT_EQ_MSG(test, buf->flags, FROB_DONE, "flags %lx at step %u", buf->flags, step);\n'
