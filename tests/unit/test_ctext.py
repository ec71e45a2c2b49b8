"""patches.ctext: the one C-text toolkit (statements, declarations, brackets, calls, line offsets)."""
import pytest

from patches import anchor, ctext
from patches.diffs import added_lines

# quoted lines as they stand under a reviewer's comment: diff markers, half comments, split statements
QUOTES = [
    ["+static int mcp_wdt_ping(struct mcp_wdt *wdt)",
     "+{",
     "+\tint ret;",
     "+",
     "+\tret = regmap_write(wdt->map, MCP_WDT_KICK,",
     "+\t\t\t   MCP_WDT_KICK_MAGIC);",
     "+\tif (ret)",
     "+\t\treturn ret;"],
    ["+\t/*",
     "+\t * The counter only restarts on a write of the magic value, so",
     "+\t * keep the value in one place.",
     "+\t */",
     "+\twdt->last = jiffies;"],
    ["+\t * the tail of a comment quoted from its middle",
     "+\t */",
     "+\tspin_lock_irqsave(&wdt->lock, flags);"],
    [" \tstruct device *dev = &pdev->dev;",
     "-\tunsigned long rate;",
     "+\tu32 rate;",
     "+#ifdef CONFIG_PM",
     "+\tpm_runtime_enable(dev);",
     "+#endif",
     "+err_clk:",
     "+\tclk_disable_unprepare(wdt->clk);"],
    ["+\tret = devm_request_irq(dev, irq, mcp_wdt_irq, 0, /* shared with the RTC */",
     "+\t\t\t       dev_name(dev), wdt);",
     "+\tif (ret) {",
     "+\t\tdev_err(dev, \"no irq\\n\");",
     "+\t}"],
    ["+\t/* one-line comment */",
     "+\tval = readl(base + REG_CTRL) &",
     "+\t      ~CTRL_EN"],
    ["+\tswitch (mode) {",
     "+\tcase MCP_MODE_ONESHOT:",
     "+\t\tbreak;",
     "+\tdefault:",
     "+\t\treturn -EINVAL;"],
]


# how many lines each statement or comment group of QUOTES[i] has
GROUP_SIZES = [
    [2, 1, 3, 2],                 # a head and its brace; a blank line joins the statement after it
    [4, 1],                       # a whole comment block, then a statement
    [2, 1],                       # the tail of a comment, then a statement
    [1, 1, 1, 1, 1, 1, 1, 1],     # context and removed lines, preprocessor lines, a label
    [2, 1, 1, 1],                 # a call continued after a trailing comment
    [1, 2],                       # a one-line comment; a statement the quote cuts off
    [1, 1, 1, 1, 1],              # a switch: each case label a group of its own
]


@pytest.mark.parametrize("quote, sizes", zip(QUOTES, GROUP_SIZES, strict=True))
def test_line_groups_split_a_quote_into_statements_and_comments(quote, sizes):
    groups = ctext.line_groups(quote, anchor.strip_marker)
    assert [len(g) for g in groups] == sizes
    assert [ln for g in groups for ln in g] == quote


def test_line_groups_keep_comment_blocks_and_split_statements():
    groups = ctext.line_groups(QUOTES[1], anchor.strip_marker)
    assert groups == [QUOTES[1][:4], QUOTES[1][4:]]
    assert ctext.line_groups(["\tx = a +", "\t    b;", "\ty = 0;"]) == [["\tx = a +", "\t    b;"], ["\ty = 0;"]]


@pytest.mark.parametrize("stmt, want", [
    ("unsigned long flags;", ("unsigned long", "flags", None, False, True)),
    ("struct mcp_wdt *wdt = platform_get_drvdata(pdev);",
     ("struct mcp_wdt *", "wdt", "platform_get_drvdata(pdev)", False, True)),
    ("static const char * const names[] = { \"a\", \"b\" };",
     ("static const char *const", "names", "{ \"a\", \"b\" }", True, True)),
    ("int i, ret = 0;", ("int", "i", None, False, False)),
    ("u32 val = min(a, b), mask;", ("u32", "val", "min(a, b), mask", False, False)),
])
def test_declaration_reads_type_name_initializer(stmt, want):
    d = ctext.declaration(stmt)
    assert d is not None
    assert (d.type, d.name, d.init, d.array, d.single) == want


@pytest.mark.parametrize("stmt", ["return ret;", "ret = foo(a, b);", "*p = q;", "else x = 1;", "goto out;",
                                  "if (a) b = c;", "x->y = z;"])
def test_statements_are_not_declarations(stmt):
    assert ctext.declaration(stmt) is None
    assert not ctext.is_declaration(stmt)


def test_declaration_views():
    assert ctext.is_declaration("DEFINE_MUTEX(mcp_lock);")
    assert ctext.decl_parts("int ret = 0;") == ("int", "ret", "0")
    assert ctext.decl_parts("int a, b;") is None                   # a list: no single variable
    assert ctext.decl_parts("char buf[16];") is None                # an array is no plain variable
    assert ctext.declared_names("int a, *b = f(x, y), c[2];") == ["a", "b", "c"]
    assert ctext.declared_names("ret = 0;") == []


def test_closing_matches_brackets_and_reports_unclosed():
    m = ctext.mask('f(a, "(", g[1], {x})')
    assert ctext.closing(m, 1) == len(m) - 1
    assert ctext.closing(m, m.index("[")) == m.index("]")
    assert ctext.closing("(a", 0) == -1
    assert ctext.closing("{ ( }", 0) == 4          # a closer of the wrong kind ends the bracket there


def test_opening_finds_the_bracket_still_open_before_an_offset():
    m = ctext.mask('f(a, "(", g(1), {x}, y)')
    assert ctext.opening(m, m.index("y")) == 1                   # g(1) is closed before y
    assert ctext.opening(m, m.index("x"), "{") == m.index("{")
    assert ctext.opening(m, m.index("x")) == 1                   # only the kind asked for counts
    assert ctext.opening("a + b", 3) == -1


def test_calls_leave_out_keywords_and_members_on_request():
    text = "\tif (ret)\n\t\tret = ops->probe(dev, sizeof(*dev));\n\tkfree(buf);\n"
    assert [(c.name, c.line, c.args) for c in ctext.calls(text, 1, 3)] == [
        ("probe", 2, ("dev", "sizeof(*dev)")), ("kfree", 3, ("buf",))]
    assert [c.name for c in ctext.calls(text, 1, 3, members=False)] == ["kfree"]
    call = ctext.calls(text, 2, 2)[0]
    assert call.member and text[call.start:call.end] == "probe(dev, sizeof(*dev))"
    assert [a.of(text) for a in call.arg_spans] == ["dev", "sizeof(*dev)"]


def test_block_items_and_item_end():
    text = "void f(void)\n{\n\tint a;\n\tif (a)\n\t\tb();\n\telse {\n\t\tc();\n\t}\nout:\n\treturn;\n}\n"
    span = ctext.function_span(text, "f")
    assert span is not None
    items = [it.text for it in ctext.block_items(text, span[1])]
    assert items == ["int a;", "if (a)\n\t\tb();\n\telse {\n\t\tc();\n\t}", "out:", "return;"]


def test_mask_blanks_comments_and_literals_keeping_every_offset_and_line_break():
    text = ('\tx = "a{b";  /* one\n\t * two }\n\t */ y = \'}\';\n'
            "\t// trailing {\n\tz = 1; /* never closed")
    masked = ctext.mask(text)
    assert masked == ('\tx = "   ";  ' + " " * 6 + "\n" + " " * 9 + "\n" + " " * 4 + " y = ' ';\n"
                      "\t" + " " * 13 + "\n\tz = 1; " + " " * 15)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")


def test_occurrences_are_whole_identifiers_that_are_no_members():
    text = 'x = xa + a_x + x;\nf(s->x, s . x, s->\n\tx, y_x);\n/* x */ g("x", x);'
    m = ctext.mask(text)
    assert ctext.occurrences(m, "x", 0, len(m)) == [0, 15, 62]
    assert ctext.occurrences(m, "x", 5, 40) == [15]
    assert ctext.occurrences(m, "a_x", 0, len(m)) == [9]


def test_line_offsets_and_lines():
    text = "a\nbb\n\nc"
    offs = ctext.line_offsets(text)
    assert offs == [0, 2, 5, 6]
    assert [ctext.line_at(offs, k) for k in (0, 2, 4, 6)] == [1, 2, 2, 4]
    assert ctext.offset_of_line(text, 3) == 5 and ctext.offset_of_line(text, 9) == len(text)


def test_added_lines_by_file_and_line():
    diff = ("diff --git a/drivers/watchdog/mcp_wdt.c b/drivers/watchdog/mcp_wdt.c\n"
            "--- a/drivers/watchdog/mcp_wdt.c\n+++ b/drivers/watchdog/mcp_wdt.c\n"
            "@@ -10,3 +10,4 @@ static int mcp_wdt_ping(struct mcp_wdt *wdt)\n"
            " \tint ret;\n+\tu32 val;\n\n-\tret = 0;\n+\tret = -EIO;\n"
            "-- \n2.45.0\n")
    assert added_lines(diff) == {"drivers/watchdog/mcp_wdt.c": {11: "\tu32 val;", 13: "\tret = -EIO;"}}


def test_rename_tokens_in_code_only_and_in_the_functions_given():
    from patches.ctext.names import rename_tokens
    text = ("static int f(s32 reg)\n{\n\t/* reg */\n\tpr_info(\"reg\");\n\treturn reg + 1;\n}\n"
            "int g(int reg) { return reg; }\n")
    assert rename_tokens(text, "reg", "raw", ("f",)) == text.replace("s32 reg", "s32 raw").replace(
        "return reg + 1", "return raw + 1")
    assert rename_tokens(text, "reg", "raw").count("raw") == 4          # the comment and the string keep it


@pytest.mark.parametrize("a, b", [
    ("\tret = foo(dev,\n\t\t  flags);\n", "\tret = foo(dev, flags);\n"),          # spatch's new line breaks
    ("\tret = foo(dev, flags);\n", "\tret = foo_bar(dev, flags);\n"),           # a longer word
    ("x = a->b;\n", "x = a- >b;\n"),                                             # one token or two
    ("x = a - >b;\n", "x = a->b;\n"),
    ("if (a == b)\n", "if (a = = b)\n"),
    ("int x;", "int  x;"), ("int x;", "intx;"), ("", " "), ("a", ""), ("f(x)", "f(x)"),
    ("\treturn 0x10;\n}\n", "\treturn 0 x10;\n}\n"),
])
def test_same_tokens_says_what_comparing_the_token_lists_says(a, b):
    # the same texts inside a long common start and end: only where they differ is read
    head, tail = "static int probe(void)\n{\n" * 50, "\treturn 0;\n}\n" * 50
    for x, y in ((a, b), (head + a + tail, head + b + tail), ("int" + a, "int" + b), (a + "x", b + "x")):
        assert ctext.same_tokens(x, y) is (ctext.tokens(x) == ctext.tokens(y)), (x, y)


def test_mask_of_each_new_version_of_a_large_file():
    from pathlib import Path

    from patches.ctext.lex import _LITERAL, _blank
    samples = sorted((Path(__file__).resolve().parent.parent / "data" / "c").rglob("*.c"))
    text = "\n".join(p.read_text() for p in samples)
    while len(text) < 40000:          # past the size from which whole files are masked
        text += "\n" + text
    third = text.find("\n", len(text) // 3) + 1
    versions = [text[:third] + "\t/* a new { comment */\n" + text[third:],
                text[:third] + "\tpr_info(\"unterminated {\n" + text[third:],
                text[:third] + "/* open\n" + text[third:],
                text.replace("*/", "", 1),
                text.replace("/*", "//", 3),
                text[:third] + "'\\''; \"a\\\"b\" /" + text[third:],
                text]
    for version in versions:
        assert ctext.mask(version) == _LITERAL.sub(_blank, version)


def test_norm_of_a_large_file_is_that_of_its_tokens():
    from pathlib import Path
    samples = sorted((Path(__file__).resolve().parent.parent / "data" / "c").rglob("*.c"))
    text = "\n".join(p.read_text() for p in samples)
    while len(text) < 40000:
        text += "\n\n \t\n" + text
    for version in (text, text.replace("\n", " \n\t", 50), text + "x"):
        assert ctext.norm(version) == " ".join(ctext.tokens(version))


@pytest.mark.parametrize("text, start", [
    # the first function right under the #include lines: they are not its header
    ("// SPDX-License-Identifier: GPL-2.0\n#include <linux/i2c.h>\n\nint f(void)\n{\n}\n", 4),
    ("#include <a.h>\n#define X \\\n\t1\n\nint f(void)\n{\n}\n", 5),      # a continued #define too
    ("int x;\n\n#ifdef A\nstatic int f(void)\n{\n}\n#endif\n", 4),
    ("int x;\nstatic int\n#ifdef A\nf(void)\n{\n}\n", 2),                # a directive inside the header stays
])
def test_a_function_s_header_begins_after_the_directives_above_it(text, start):
    assert [(f.name, f.start) for f in ctext.functions(text)] == [("f", start)]
