"""cocci.narrow: a rule that can only change the functions it names runs on the file without the other
functions' bodies, and the result put back together is what spatch makes of the whole file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import narrow, spatch


def _helper(i: int) -> str:
    body = "".join(f"\tval = gizmo_step(dev, val, {k});\n" for k in range(30))
    return (f"static int gizmo_helper_{i}(struct gizmo *dev, int val)\n{{\n"
            f"#ifdef CONFIG_GIZMO_DEBUG\n#define GIZMO_TRACE_{i}(x) \\\n\tgizmo_log(dev, x)\n#endif\n"
            f"{body}\tWARN_ON(val < 0);\n\treturn val;\n}}\n\n")


SRC = ("// SPDX-License-Identifier: GPL-2.0\n#include <linux/gizmo.h>\n\n#define GIZMO_MAX 16\n\n"
       "static int gizmo_count;\n\nint gizmo_probe(struct gizmo *dev);\n\n"
       + "".join(_helper(i) for i in range(4))
       + "int gizmo_probe(struct gizmo *dev)\n{\n\tint val = 0;\n\n\tWARN_ON(!dev);\n"
         "\tval = gizmo_helper_0(dev, val);\n\tWARN_ON(val > GIZMO_MAX);\n\treturn val;\n}\n\n"
       + "".join(_helper(i) for i in range(4, 8)))

RENAME = """/// WARN_ON_ONCE() in gizmo_probe()
@rename@
identifier fn = gizmo_probe;
expression E;
@@

fn(...) {
<...
- WARN_ON(E)
+ WARN_ON_ONCE(E)
...>
}
"""


def _line(text: str, code: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if code in ln)


def test_the_named_function_stays_whole_and_the_others_keep_their_lines():
    out = narrow.narrowed(SRC, {"gizmo_probe"})
    assert out is not None
    assert len(out.split("\n")) == len(SRC.split("\n"))
    probe = SRC[SRC.index("int gizmo_probe(struct gizmo *dev)\n{"):]
    assert probe[:probe.index("}\n") + 2] in out
    assert "gizmo_step" not in out                                 # the other bodies are left out
    # the lines a body leaves out (after its directives): one comment over as many lines
    first, last = _line(SRC, "val = gizmo_step(dev, val, 0);"), _line(SRC, "return val;")
    assert out.split("\n")[first - 1:last] == \
        [f"/* respin: lines {first}-{last} left out"] + [""] * (last - first - 1) + ["*/"]
    # headers, braces, declarations and the directives inside the bodies stay for spatch to read
    assert "static int gizmo_helper_3(struct gizmo *dev, int val)\n{\n#ifdef CONFIG_GIZMO_DEBUG\n" \
           "#define GIZMO_TRACE_3(x) \\\n\tgizmo_log(dev, x)\n#endif\n" in out
    assert "#define GIZMO_MAX 16\n\nstatic int gizmo_count;\n\nint gizmo_probe(struct gizmo *dev);\n" in out


def test_no_narrowing_when_the_function_is_missing_or_little_is_left_out():
    assert narrow.narrowed(SRC, {"gizmo_remove"}) is None
    small = SRC[:SRC.index("static int gizmo_helper_1")]
    assert narrow.narrowed(small + "int gizmo_probe(void)\n{\n\treturn 0;\n}\n", {"gizmo_probe"}) is None
    planted = SRC.replace("static int gizmo_count;", "/* respin: lines 7-7 left out */")
    assert narrow.narrowed(planted, {"gizmo_probe"}) is None


def _runs(text: str) -> list[str]:
    return [m.group() for m in narrow._RUN.finditer(text)]


def test_put_back_together_only_when_every_placeholder_came_back_in_order():
    out = narrow.narrowed(SRC, {"gizmo_probe"})
    assert out is not None
    assert narrow.widened(SRC, out, out) == SRC
    edited = out.replace("\tWARN_ON(!dev);", "\tWARN_ON_ONCE(!dev);\n\tgizmo_log(dev, 1);")
    assert narrow.widened(SRC, out, edited) == SRC.replace("\tWARN_ON(!dev);",
                                                           "\tWARN_ON_ONCE(!dev);\n\tgizmo_log(dev, 1);")
    assert narrow.widened(SRC, out, out.replace("\tint val = 0;\n\n", "")) == \
        SRC.replace("\tint val = 0;\n\n", "")
    lines = out.split("\n")
    n = _line(SRC, "val = gizmo_step(dev, val, 3);")
    assert lines[n - 1] == ""                                       # inside the first helper's comment
    assert narrow.widened(SRC, out, "\n".join(lines[:n - 1] + lines[n:])) is None                 # a line lost
    assert narrow.widened(SRC, out, "\n".join(lines[:n] + ["\tgizmo_log(dev, 0);"] + lines[n:])) is None
    one, two = _runs(out)[:2]
    assert narrow.widened(SRC, out, out.replace(one, "@@").replace(two, one).replace("@@", two)) is None
    assert narrow.widened(SRC, out, out.replace(one, "\t" + one)) is None
    assert narrow.widened(SRC, out, out + "\n" + one) is None      # a placeholder twice


def test_which_rules_can_only_change_the_functions_they_name():
    assert narrow.pinned_functions(RENAME) == {"gizmo_probe"}
    move = ("@rm exists@\nidentifier src = gizmo_helper_1;\n@@\n\n src(...) {\n ... when any\n- WARN_ON(val < 0);\n"
            " ... when any\n }\n\n@add depends on rm@\nidentifier dst = gizmo_probe;\n@@\n\n dst(...) {\n"
            " ... when any\n+ WARN_ON(val < 0);\n return ...;\n }\n")
    assert narrow.pinned_functions(move) == {"gizmo_helper_1", "gizmo_probe"}
    remove = "@helper@\nidentifier h = gizmo_helper_2;\ntype T;\n@@\n\n- T h(...) { ... }\n"
    assert narrow.pinned_functions(remove) == {"gizmo_helper_2"}
    # calls of a named function are everywhere; a statement pattern matches in any function
    calls = "@calls@\nidentifier fn = gizmo_helper_0;\nexpression D, V;\n@@\n\n- fn(D, V)\n+ fn(D)\n"
    assert narrow.pinned_functions(calls) is None
    anywhere = "@@\nexpression E;\n@@\n\n- WARN_ON(E)\n+ WARN_ON_ONCE(E)\n"
    assert narrow.pinned_functions(anywhere) is None
    # a definition followed by another top-level pattern
    assert narrow.pinned_functions(RENAME + "\n- gizmo_count++;\n") is None
    # a rule that is not pinned, next to one that is
    assert narrow.pinned_functions(RENAME + "\n@other@\nexpression E;\n@@\n\n- gizmo_step(E)\n") is None


def _run(tmp_path: Path, sp_text: str, text: str) -> str:
    (tmp_path / "r.cocci").write_text(sp_text)
    (tmp_path / "gizmo.c").write_text(text)
    spatch.apply(tmp_path / "r.cocci", [tmp_path / "gizmo.c"])
    return (tmp_path / "gizmo.c").read_text()


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
@pytest.mark.parametrize("pinned", [False, True])
def test_spatch_on_the_narrowed_file_makes_the_whole_files_change(tmp_path, pinned):
    sp_text = RENAME
    if pinned:          # the second WARN_ON of gizmo_probe() only, by its line
        line = _line(SRC, "WARN_ON(val > GIZMO_MAX)")
        pin = f'position p : script:python() {{ p[0].line == "{line}" }};'
        sp_text = RENAME.replace("expression E;", f"expression E;\n{pin}").replace("- WARN_ON(E)", "- WARN_ON@p(E)")
    whole = _run(tmp_path, sp_text, SRC)
    assert whole != SRC
    keep = narrow.pinned_functions(sp_text)
    assert keep == {"gizmo_probe"}
    small = narrow.narrowed(SRC, keep)
    assert small is not None
    assert narrow.widened(SRC, small, _run(tmp_path, sp_text, small)) == whole
    assert whole.count("WARN_ON_ONCE(") == (1 if pinned else 2)


def test_which_functions_an_edit_changed():
    edited = SRC.replace("\tWARN_ON(!dev);", "\tWARN_ON_ONCE(!dev);")
    assert narrow.changed_functions(SRC, edited) == {"gizmo_probe"}
    assert narrow.changed_functions(SRC, SRC.replace("#define GIZMO_MAX 16", "#define GIZMO_MAX 32")) is None
    commented = SRC.replace("static int gizmo_count;", "/* probes so far */\nstatic int gizmo_count;")
    assert narrow.changed_functions(SRC, commented) == set()               # a comment parses as nothing
    added = SRC + "static void gizmo_stop(struct gizmo *dev)\n{\n\tgizmo_count--;\n}\n"
    assert narrow.changed_functions(SRC, added) == {"gizmo_stop"}
    assert narrow.changed_functions(added, SRC) == {"gizmo_stop"}


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_parse_check_reads_the_changed_functions_only(tmp_path):
    from cocci.apply import _Files

    broken = SRC.replace("\tWARN_ON(!dev);", "\tWARN_ON(!dev));")         # one ) too many: no longer parses
    files = _Files({"drivers/gizmo.c": SRC}, tmp_path)
    files.text["drivers/gizmo.c"] = broken
    assert files.newly_bad() == ["drivers/gizmo.c"]
    assert files.bad("drivers/gizmo.c", broken, {"gizmo_probe"}) == {"gizmo_probe"}
    assert "/* respin: lines" in (tmp_path / "src" / "drivers" / "gizmo.c").read_text()  # the narrowed parse
    fine = SRC.replace("\tWARN_ON(!dev);", "\tWARN_ON_ONCE(!dev);")
    files.text["drivers/gizmo.c"] = fine
    assert files.newly_bad() == []
