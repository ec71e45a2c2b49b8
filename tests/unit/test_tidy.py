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
