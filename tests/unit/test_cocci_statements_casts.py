"""Two things every recipe relies on: statements inside `if {} else {}` blocks are found, and a rule
whose code casts to a kernel type (`(u64)x`) declares it, so that spatch parses the rule."""
import shutil
import subprocess

import pytest

from cocci import render as R
from cocci.recipes import _evidence as E

SRC = """int scale_read(int *val, int val2, int scale, int ret)
{
\tif (ret > 0) {
\t\tswitch (ret) {
\t\tcase 1:
\t\t\t*val *= scale;
\t\t\t*val += div_u64((u64)val2 * scale, 1000000LLU);
\t\t\tbreak;
\t\t}
\t\treturn ret;
\t} else {
\t\treturn -EINVAL;
\t}
}
"""


def test_statements_of_the_block_before_an_else_are_found():
    codes = [st.code.strip() for st in E.all_statements(SRC, 2, 14)]
    assert "*val += div_u64((u64)val2 * scale, 1000000LLU);" in codes
    assert "return ret;" in codes and "return -EINVAL;" in codes


def test_a_cast_to_a_kernel_type_is_declared_as_a_typedef():
    body = ("fn(...) {\n<...\n-\t*val += div_u64((u64)val2 * scale, 1);\n"
            "+\t*val += div_s64((s64)val2 * scale, 1);\n...>\n}")
    text = R.rule("replace", ["identifier fn = scale_read;"], body)
    assert "typedef u64;" in text and "typedef s64;" in text
    # a parenthesised name that is not a type stays as it is
    assert R.cast_types("-\tx = (len) + (fn)(a);", []) == []


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_rule_with_the_cast_parses_and_applies(tmp_path):
    body = "fn(...) {\n<...\n-\t*val += div_u64((u64)val2 * scale, 1000000LLU);\n" \
           "+\t*val += div_s64((s64)val2 * scale, 1000000LLU);\n...>\n}"
    (tmp_path / "r.cocci").write_text(R.rule("replace", ["identifier fn = scale_read;"], body))
    (tmp_path / "f.c").write_text(SRC)
    out = subprocess.run(["spatch", "--very-quiet", "--sp-file", str(tmp_path / "r.cocci"), str(tmp_path / "f.c")],
                         capture_output=True, text=True, timeout=120)
    assert "+\t\t\t*val += div_s64((s64)val2 * scale, 1000000LLU);" in out.stdout, out.stderr


def test_two_reviewers_changes_on_one_line_compose_token_by_token():
    from cocci.recipes.replace_code import merge_tokens
    # the first rule already made div_s64((s64)...); the second one only drops the U suffix
    assert merge_tokens("*val += div_u64((u64)val2 * scale, 1000000LLU);",
                        "*val += div_u64((u64)val2 * scale, 1000000LL);",
                        "\t\t\t*val += div_s64((s64)val2 * scale, 1000000LLU);") == \
        "\t\t\t*val += div_s64((s64)val2 * scale, 1000000LL);"
    assert merge_tokens("x = f(a, b);", "x = f(a);", "y = f(a, b);") == "y = f(a);"
    # both touched the same token, or nothing else changed: no merge
    assert merge_tokens("x = f(a, b);", "x = g(a, b);", "x = h(a, b);") is None
    assert merge_tokens("x = f(a, b);", "x = g(a, b);", "x = f(a, b);") is None
