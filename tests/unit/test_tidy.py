from cocci.tidy import tidy


def test_lone_tab_line_becomes_empty_and_doubled_blank_collapses():
    before = "\tif (!ok)\n\t\treturn true;\n\n\tx = 1;\n"
    after = "\tif (!ok)\n\t\tgoto out;\n\n\t\n\tx = 1;\n"
    assert tidy(before, after) == "\tif (!ok)\n\t\tgoto out;\n\n\tx = 1;\n"


def test_unchanged_lines_keep_their_whitespace():
    before = "a  \n\n\nb\n"
    after = "a  \n\n\nb\nc \t\n"
    assert tidy(before, after) == "a  \n\n\nb\nc\n"
