"""add-braces on real Linux 6.12 code: kernel/irq/manage.c, an if/else whose bodies span two lines."""
from __future__ import annotations

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

PATH = "kernel/irq/manage.c"
REAL = ("\tif (!secondary) {\n\t\tt = kthread_create(irq_thread, new, \"irq/%d-%s\", irq,\n\t\t\t\t   new->name);\n"
        "\t} else {\n\t\tt = kthread_create(irq_thread, new, \"irq/%d-s-%s\", irq,\n\t\t\t\t   new->name);\n\t}\n")
V4 = ("\tif (!secondary)\n\t\tt = kthread_create(irq_thread, new, \"irq/%d-%s\", irq,\n\t\t\t\t   new->name);\n"
      "\telse\n\t\tt = kthread_create(irq_thread, new, \"irq/%d-s-%s\", irq,\n\t\t\t\t   new->name);\n")


def test_braces_on_both_branches_give_back_the_real_code(tmp_path, kernel_source):
    real = kernel_source(PATH)
    assert real.count(REAL) == 1
    text = real.replace(REAL, V4)
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Thomas Reviewer"), anchor=Anchor(file=PATH,
                   function="setup_irq_thread"),
                   comment="Both bodies span two lines, please add braces on both branches.",
                   quoted=["+\tif (!secondary)", "+\t\tt = kthread_create(irq_thread, new, \"irq/%d-%s\", irq,",
                           "+\t\t\t\t   new->name);"],
                   response=Response.ACCEPTED, response_text="Will do.", kind="code")
    planned = RU.plan([s], {s.id: CodeContext(PATH, text, "setup_irq_thread", {PATH: text}, [])})
    rules = RU.render(planned)
    files, edits = A.apply(rules, planned, {PATH: text}, tmp_path)
    assert (s.kind, s.status) == ("add-braces", Status.APPLIED), s.reason
    assert files[PATH] == real
    assert s.summary == "Add braces to the if/else in setup_irq_thread()"
