"""Recipe kinds beyond the seed, on real code of the Linux 6.12 tree.

Each test takes a real function, makes the small change a patch would make (the
"v4" code the reviewer quotes), builds the review suggestion by hand, and runs
plan/render/apply with the real spatch; it asserts the exact resulting hunk, or
the reason a person is asked to do it.
"""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.textedit import diff
from cocci.tidy import tidy
from patches.model import Anchor, Person, Response, Status, Suggestion


def sugg(path: str, fn: str, quoted: list[str], comment: str, answer: str = "Will do.") -> Suggestion:
    return Suggestion(id="1.1", patch=1, reviewer=Person("Kai Reviewer", "kai@example.org"), comment=comment,
                      anchor=Anchor(file=path, function=fn), quoted=quoted, response=Response.ACCEPTED,
                      response_text=answer, kind="code")


def run(tmp_path: Path, path: str, text: str, s: Suggestion) -> tuple[str, list[str]]:
    ctx = CodeContext(path, text, s.anchor.function, {path: text}, [(s.id, s.quoted)])
    planned = RU.plan([s], {s.id: ctx})
    files, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    after = tidy(text, files[path])
    return after, diff(path, text, after).splitlines()[2:]


def test_alloc_array_in_a_device_mapper_path_selector(tmp_path, kernel_source):
    path = "drivers/md/dm-ps-io-affinity.c"
    src = kernel_source(path)
    s = sugg(path, "ioa_create", ["+ s->path_map = kzalloc(nr_cpu_ids * sizeof(struct path_info *),",
                                  "+ GFP_KERNEL);"], "kcalloc() instead?")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "alloc-array"), s.reason
    assert hunk == [
        "@@ -116,7 +116,7 @@",
        " \tif (!s)",
        " \t\treturn -ENOMEM;",
        " ",
        "-\ts->path_map = kzalloc(nr_cpu_ids * sizeof(struct path_info *),",
        "+\ts->path_map = kcalloc(nr_cpu_ids, sizeof(struct path_info *),",
        " \t\t\t      GFP_KERNEL);",
        " \tif (!s->path_map)",
        " \t\tgoto free_selector;",
    ]


def test_dev_err_probe_in_an_spi_probe(tmp_path, kernel_source):
    path = "drivers/spi/spi-stm32.c"
    src = kernel_source(path)
    s = sugg(path, "stm32_spi_probe", ["+ ret = clk_prepare_enable(spi->clk);", "+ if (ret) {",
                                       "+ dev_err(&pdev->dev, \"clk enable failed: %d\\n\", ret);",
                                       "+ return ret;", "+ }"], "Please use dev_err_probe().")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "dev-err-probe"), s.reason
    assert hunk[1:] == [
        " \t}",
        " ",
        " \tret = clk_prepare_enable(spi->clk);",
        "-\tif (ret) {",
        "-\t\tdev_err(&pdev->dev, \"clk enable failed: %d\\n\", ret);",
        "-\t\treturn ret;",
        "-\t}",
        "+\tif (ret)",
        "+\t\treturn dev_err_probe(&pdev->dev, ret, \"clk enable failed\\n\");",
        " \tspi->clk_rate = clk_get_rate(spi->clk);",
        " \tif (!spi->clk_rate) {",
        " \t\tdev_err(&pdev->dev, \"clk rate = 0\\n\");",
    ]
    assert "\t\tdev_err(&pdev->dev, \"clk get failed: %d\\n\", ret);\n" in after     # not quoted


def test_format_specifier_in_mm_memtest(tmp_path, kernel_source):
    path = "mm/memtest.c"
    src = kernel_source(path).replace("# of tests: %u\\n", "# of tests: %d\\n")     # the v4 mistake
    s = sugg(path, "early_memtest", ["+ pr_info(\"early_memtest: # of tests: %d\\n\", memtest_pattern);"],
             "%u since it is unsigned")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier"), s.reason
    assert after == kernel_source(path)
    assert hunk[4:6] == ["-\tpr_info(\"early_memtest: # of tests: %d\\n\", memtest_pattern);",
                         "+\tpr_info(\"early_memtest: # of tests: %u\\n\", memtest_pattern);"]


def test_make_static_in_mm_memtest(tmp_path, kernel_source):
    path = "mm/memtest.c"
    real = kernel_source(path)
    src = real.replace("static void __init do_one_pass(", "void __init do_one_pass(")
    s = sugg(path, "do_one_pass", ["+void __init do_one_pass(u64 pattern, phys_addr_t start, phys_addr_t end)"],
             "This can be static.")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "make-static"), s.reason
    assert after == real
    assert [h for h in hunk if h[:1] in "+-"] == [
        "-void __init do_one_pass(u64 pattern, phys_addr_t start, phys_addr_t end)",
        "+static void __init do_one_pass(u64 pattern, phys_addr_t start, phys_addr_t end)"]


def test_const_param_in_kernel_irq(tmp_path, kernel_source):
    path = "kernel/irq/manage.c"
    src = kernel_source(path)
    s = sugg(path, "irq_wake_secondary",
             ["+static void irq_wake_secondary(struct irq_desc *desc, struct irqaction *action)"],
             "action can be const")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "const-param"), s.reason
    assert [h for h in hunk if h[:1] in "+-"] == [
        "-static void irq_wake_secondary(struct irq_desc *desc, struct irqaction *action)",
        "+static void irq_wake_secondary(struct irq_desc *desc,",          # spatch re-wraps at 80 columns
        "+\t\t\t       const struct irqaction *action)"]


def test_const_param_refused_when_a_bit_is_set_through_it(tmp_path, kernel_source):
    path = "kernel/irq/handle.c"
    src = kernel_source(path)
    s = sugg(path, "warn_no_thread", ["+static void warn_no_thread(unsigned int irq, struct irqaction *action)"],
             "Can be made const.")
    after, _ = run(tmp_path, path, src, s)
    assert (s.status, after) == (Status.MANUAL, src)
    assert "action has a member's address taken in warn_no_thread() (line 54)" in s.reason


def test_one_line_declaration_in_a_device_mapper_path_selector(tmp_path, kernel_source):
    path = "drivers/md/dm-ps-io-affinity.c"
    src = kernel_source(path)
    s = sugg(path, "ioa_create", ["+ s = kmalloc(sizeof(*s), GFP_KERNEL);"], "Put this on one line, please.")
    after, hunk = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "one-line-declaration"), s.reason
    assert "{\n\tstruct selector *s = kmalloc(sizeof(*s), GFP_KERNEL);\n\n\tif (!s)\n\t\treturn -ENOMEM;\n" \
        "\n\ts->path_map = kzalloc(" in after
    assert len(after.splitlines()) == len(src.splitlines()) - 1


def test_warn_on_once_on_real_code(tmp_path, kernel_source):
    path = "kernel/irq/manage.c"
    src = kernel_source(path).replace("if (WARN_ON_ONCE(!secondary))", "if (WARN_ON(!secondary))")
    s = sugg(path, "irq_wake_secondary", ["+ if (WARN_ON(!secondary))", "+ return;"],
             "This can fire on every interrupt: WARN_ON_ONCE() instead?")
    after, _ = run(tmp_path, path, src, s)
    assert (s.status, s.kind) == (Status.APPLIED, "rename-call"), s.reason
    assert after == kernel_source(path)


def test_early_param_to_setup_is_manual_not_a_rename(tmp_path, kernel_source):
    # early_param() handlers return 0 on success, __setup() ones 1: not a rename; and it is file scope
    path = "mm/memtest.c"
    src = kernel_source(path)
    s = sugg(path, "", ["+early_param(\"memtest\", parse_memtest);"], "Please use __setup() here.")
    after, _ = run(tmp_path, path, src, s)
    assert (s.status, after) == (Status.MANUAL, src)
