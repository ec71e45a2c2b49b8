"""retype-local: a quoted local declared with the type the reviewer names, never one handed on or printed."""
from __future__ import annotations

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/pwm/pwm-qx.c"
SRC = """\
static int qx_pwm_apply(struct pwm_chip *chip, struct pwm_device *pwm, const struct pwm_state *state)
{
\tstruct qx_pwm *qx = to_qx(chip);
\tu32 duty;

\tduty = state->duty_cycle * 100 / state->period;
\twritel(duty, qx->base);
\treturn 0;
}
"""


def _sugg(comment: str, text: str = SRC):
    s = sugg(PATH, "qx_pwm_apply", ["+\tu32 duty;"], comment, lines=(4, 4))
    s.quote = s.anchor.code = ["\tu32 duty;"]
    return s


@pytest.mark.parametrize("comment", ["u64, the multiplication overflows otherwise.", "This should be u64.", "u64"])
def test_the_local_gets_the_type_named(tmp_path, comment):
    s = _sugg(comment)
    if comment == "u64":
        s.code = ["u64"]
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == ["-\tu32 duty;", "+\tu64 duty;"]


@pytest.mark.parametrize(("line", "reason"), [
    ("\tregmap_read(qx->map, 0, &duty);", "the address of duty is taken in qx_pwm_apply()"),
    ("\tdev_dbg(qx->dev, \"duty %u\\n\", duty);", "duty is printed with a format in qx_pwm_apply()")])
def test_a_local_handed_on_by_address_or_printed_is_manual(tmp_path, line, reason):
    text = SRC.replace("\twritel(duty, qx->base);\n", f"\twritel(duty, qx->base);\n{line}\n")
    s = _sugg("u64, the multiplication overflows otherwise.")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert after == text and s.status == Status.MANUAL
    assert reason in s.reason


def test_the_same_type_is_no_request():
    from cocci.recipes.retype_local import asked_type
    assert asked_type("u32 is fine here") is None
    assert asked_type("Make it size_t.") == "size_t"
    assert asked_type("Why is this not a bool?") is None


@pytest.mark.parametrize(("decl", "line", "comment", "reason"), [
    ("\tint duty;", "\tif (duty < 0)\n\t\treturn duty;", "u32, it is a register value.",
     "duty holds or is tested for a negative value: u32 cannot hold one"),
    ("\tint duty = -EINVAL;", "", "Make it u32.", "duty holds or is tested for a negative value: u32 cannot hold one"),
    ("\tu32 duty = 100000;", "", "This should be u16.", "duty is given 100000, which u16 cannot hold"),
    ("\tu32 duty;", "\tduty = 0x12345;", "This should be u16.", "duty is given 0x12345, which u16 cannot hold"),
    ("\tint duty;", "\tfor (duty = 0; duty < 256; duty++)\n\t\twritel(duty, qx->base);", "u8 is enough here.",
     "retype-local: duty is compared with 256 (duty < 256): as u8 the comparison would always come out the same"),
    ("\tint duty;", "\twhile (duty <= 255)\n\t\tduty++;", "u8 is enough here.",
     "duty is compared with 255 (duty <= 255): as u8 the comparison would always come out the same")])
def test_a_value_the_new_type_cannot_hold_is_manual(tmp_path, decl, line, comment, reason):
    text = SRC.replace("\tu32 duty;\n", decl + "\n").replace("\treturn 0;\n", (line + "\n" if line else "") +
                                                              "\treturn 0;\n")
    s = sugg(PATH, "qx_pwm_apply", ["+" + decl], comment, lines=(4, 4))
    s.quote = s.anchor.code = [decl]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert after == text and s.status == Status.MANUAL
    assert reason in s.reason


def test_a_constant_that_fits_keeps_the_edit(tmp_path):
    text = SRC.replace("\tu32 duty;\n", "\tu32 duty = 65535;\n")
    s = sugg(PATH, "qx_pwm_apply", ["+\tu32 duty = 65535;"], "This should be u16.", lines=(4, 4))
    s.quote = s.anchor.code = ["\tu32 duty = 65535;"]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, text, after) if h[:1] in "+-"] == ["-\tu32 duty = 65535;", "+\tu16 duty = 65535;"]


def test_a_struct_member_named_a_type_in_a_remark_is_manual_not_passed_over(tmp_path):
    text = "struct qx_pwm {\n\tvoid __iomem *base;\n\tint inverted;\n};\n\n" + SRC
    s = sugg(PATH, "", ["+\tint inverted;"], "bool", lines=(3, 3))
    s.quote = s.anchor.code = ["\tint inverted;"]
    s.code, s.kind = ["bool"], "comment"
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert after == text
    assert (s.status, s.reason) == (Status.MANUAL, "retype-local: inverted is a member of struct qx_pwm: its type goes "
                                    "with every use of it, which is for the author")




FOUND = """\
static int qx_find(struct qx *qx, int id)
{
\tstruct qx_node *node;
\tint found = 0;

\tlist_for_each_entry(node, &qx->nodes, list) {
\t\tif (node->id == id) {
\t\t\tfound = 1;
\t\t\tbreak;
\t\t}
\t}
\treturn found;
}
"""


@pytest.mark.parametrize(("decl", "reason"), [
    ("\tint found = 0;", "found is given numbers (found = 0;): as a bool it takes true and false"),
    ("\tint found;", "found is given numbers (found = 1;): as a bool it takes true and false")])
def test_a_local_made_bool_that_is_given_numbers_is_manual(tmp_path, decl, reason):
    text = FOUND.replace("\tint found = 0;\n", decl + "\n")
    s = sugg(PATH, "qx_find", ["+" + decl], "This should be bool.", lines=(4, 4))
    s.quote = s.anchor.code = [decl]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert after == text and s.status == Status.MANUAL
    assert reason in s.reason


def test_a_local_made_bool_that_holds_truth_values_is_retyped(tmp_path):
    text = FOUND.replace("\tint found = 0;\n", "\tint found = false;\n").replace("found = 1;", "found = true;")
    s = sugg(PATH, "qx_find", ["+\tint found = false;"], "This should be bool.", lines=(4, 4))
    s.quote = s.anchor.code = ["\tint found = false;"]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, text, after) if h[:1] in "+-"] == ["-\tint found = false;",
                                                                       "+\tbool found = false;"]


@pytest.mark.parametrize("comment", ["u16 is enough here.", "u16 would do.", "u16 suffices."])
def test_the_type_named_as_what_suffices(tmp_path, comment):
    """Before: "u16 is enough here." was skipped as a remark that asks for nothing."""
    s = _sugg(comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == ["-\tu32 duty;", "+\tu16 duty;"]




def test_of_several_quoted_declarations_the_one_above_the_comment_gets_the_type(tmp_path):
    """`int ret;` and `char val;` quoted, "u8" under the second: before, two declarations made it a remark
    that asked for nothing."""
    text = "static int qx_sel(struct qx *q)\n{\n\tint ret;\n\tchar val;\n\n\tval = q->mode << 2;\n" \
           "\tret = qx_write(q, val);\n\treturn ret;\n}\n"
    s = sugg(PATH, "qx_sel", ["+\tint ret;", "+\tchar val;"], "u8", lines=(3, 4))
    s.quote = s.anchor.code = ["\tint ret;", "\tchar val;"]
    s.code = ["u8"]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, text, after) if h[:1] in "+-"] == ["-\tchar val;", "+\tu8 val;"]


SIZED = """\
static void *qx_alloc_entry(struct qx *qx)
{
\tint alloc_size;

\talloc_size = sizeof(struct qx_entry);
\tif (alloc_size < L1_CACHE_BYTES)
\t\talloc_size = L1_CACHE_BYTES;
\treturn kmalloc(alloc_size, GFP_ATOMIC);
}
"""


@pytest.mark.parametrize("comment", ["size_t", "size_t?", "u32"])
def test_a_type_named_alone_is_no_new_name_for_the_local(tmp_path, comment):
    """Before: "size_t" was also read as a new name, alloc_size renamed to size_t: the rule failed to parse
    and took the new type with it (reported failed)."""
    s = sugg(PATH, "qx_alloc_entry", ["+\tint alloc_size;"], comment, lines=(3, 3))
    s.quote = s.anchor.code = ["\tint alloc_size;"]
    # the function is new in the patch, as its locals are: a rename would be looked for
    ctx = CodeContext(PATH, SIZED, "qx_alloc_entry", {PATH: SIZED}, [], base_files={PATH: ""})
    planned = RU.plan([s], {s.id: ctx})
    rules = RU.render(planned)
    out, _ = A.apply(rules, planned, {PATH: SIZED}, tmp_path)
    after = out[PATH]
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert [r.name for r in rules] == ["01-retype-local-alloc_size.cocci"]
    assert [h for h in hunks(PATH, SIZED, after) if h[:1] in "+-"] == [
        "-\tint alloc_size;", f"+\t{comment.rstrip('?')} alloc_size;"]


BOUNDED = """\
struct qx_ring {
\tu8 *slots;
\tu16 count;
\tu8 used;
};

static void qx_ring_clear(struct qx_ring *ring, int n)
{
\tint i;

\tfor (i = 0; i < BOUND; i++)
\t\tring->slots[i] = 0;
}
"""


@pytest.mark.parametrize(("bound", "comment", "reason"), [
    ("ring->count", "this can be u8",
     "i is compared with ring->count (u16): as u8 the comparison may always come out the same (a loop bounded by "
     "it would not end), which is for the author"),
    ("n", "u16 is enough",
     "i is compared with n (int): as u16 the comparison may always come out the same (a loop bounded by it would "
     "not end), which is for the author"),
    ("ring->size", "u8 please",
     "i is compared with ring->size (a type respin cannot read): as u8 the comparison may always come out the same "
     "(a loop bounded by it would not end), which is for the author")])
def test_a_narrower_loop_counter_than_its_bound_is_manual(tmp_path, bound, comment, reason):
    """Before: `u8 i` under `i < ring->count`, a u16: the loop never ends once count passes 255."""
    text = BOUNDED.replace("BOUND", bound)
    s = sugg(PATH, "qx_ring_clear", ["+\tint i;"], comment, lines=(9, 9))
    s.quote = s.anchor.code = ["\tint i;"]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.status, after) == (Status.MANUAL, text)
    assert f"retype-local: {reason}" in s.reason


def test_a_loop_counter_as_wide_as_its_bound_is_retyped(tmp_path):
    text = BOUNDED.replace("BOUND", "ring->used")
    s = sugg(PATH, "qx_ring_clear", ["+\tint i;"], "this can be u8", lines=(9, 9))
    s.quote = s.anchor.code = ["\tint i;"]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("retype-local", Status.APPLIED), s.reason
    assert after == text.replace("\tint i;", "\tu8 i;")
