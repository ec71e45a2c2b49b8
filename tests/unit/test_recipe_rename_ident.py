"""rename: the identifier the reviewer meant, with all its uses, in every file of the patch; refusals say why."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from cocci.recipes.rename_ident import Ask, read_ask, request_after_substitution
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c" / "rename"
C, H = "drivers/iio/adc/tiny_adc.c", "drivers/iio/adc/tiny_adc.h"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def sugg(path: str, fn: str, quoted: list[str], comment: str, sid: str = "1.1", code: list[str] | None = None,
         kind: str = "code") -> Suggestion:
    return Suggestion(id=sid, patch=1, reviewer=Person("Ada Reviewer", "ada@example.org"), comment=comment,
                      anchor=Anchor(file=path, function=fn), quoted=quoted, code=code or [],
                      response=Response.NONE, kind=kind)


def files() -> dict[str, str]:
    return {C: (DATA / "tiny_adc.c").read_text(), H: (DATA / "tiny_adc.h").read_text()}


def base() -> dict[str, str]:
    return {C: (DATA / "tiny_adc.base.c").read_text(), H: ""}


def pipeline(tmp_path: Path, sugs: list[Suggestion], later: dict[str, str] | None = None,
             base_files: dict[str, str] | None = None):
    fs = files()
    quotes = [(s.id, s.quoted) for s in sugs]
    ctxs = {s.id: CodeContext(s.anchor.file, fs[s.anchor.file], s.anchor.function, fs, quotes,
                              base_files=base() if base_files is None else base_files, later_files=later or {})
            for s in sugs}
    planned = RU.plan(sugs, ctxs)
    rules = RU.render(planned)
    out, edits = A.apply(rules, planned, fs, tmp_path)
    return out, rules, edits


def changed(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]


@pytest.mark.parametrize("comment, code, ask", [
    ("nr_chans", [], Ask(new="nr_chans")),
    ("nr_chans.", [], Ask(new="nr_chans")),
    ("Nit: nr_chans?", [], Ask(new="nr_chans")),
    ("Nit: s/num_chans/nr_chans/, like the others.", [], Ask(new="nr_chans", old="num_chans", naming=True)),
    ('Please call the new variable "nchans", and likewise below.', [], Ask(new="nchans", hint="local", naming=True)),
    ("Please call it `chan_addr`.", [], Ask(new="chan_addr", hint="it", naming=True)),
    ("I'd rename read_raw to tiny_adc_read_word.", [], Ask(new="tiny_adc_read_word", old="read_raw", naming=True)),
    ("", ["s/read_raw/tiny_adc_read_word/"], Ask(new="tiny_adc_read_word", old="read_raw", naming=True)),
    ("Nit: s/n/count/", [], Ask(new="count", old="n", naming=True)),
    ("tiny_adc_read_word() would be a better name.", [], Ask(new="tiny_adc_read_word", naming=True)),
    ("The name says nothing. Maybe tiny_adc_read_word()? Or anything with 'word'.", [],
     Ask(new="tiny_adc_read_word", naming=True)),
    ("Please use the tiny_adc_ prefix for the helpers.", [], Ask(prefix="tiny_adc", naming=True)),
    # a s/// that is a sentence of its own after the reason (it was not understood)
    ("The name is wrong now, it holds microseconds.  s/max_skew_ns/max_skew/ throughout.", [],
     Ask(new="max_skew", old="max_skew_ns", naming=True)),
    ("This is not a length, but a count.", [], Ask(was="length", is_="count")),
    ("It is an index, not an address.", [], Ask(was="address", is_="index")),
])
def test_wordings(comment, code, ask):
    assert read_ask(comment, code) == ask


@pytest.mark.parametrize("comment", ["Why?", "Agreed.", "This is racy against the irq handler.",
                                     "Use dev_err_probe() here.", "here and below"])
def test_not_a_rename(comment):
    assert read_ask(comment, []) is None


def test_bare_name_under_a_member_renames_it_in_header_and_source(tmp_path):
    s = sugg(H, "", ["+\tu8 address;"], "reg_addr", kind="comment")
    out, rules, edits = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.kind == "rename" and s.summary == "Rename address to reg_addr"
    assert changed(files()[H], out[H]) == [("\tu8 address;", "\tu8 reg_addr;")]
    assert changed(files()[C], out[C]) == [
        ("\tret = read_raw(adc->client, chan->address, &raw);", "\tret = read_raw(adc->client, chan->reg_addr, &raw);"),
        ("\t\tadc->chans[i].address = TINY_ADC_REG_CONF + 1 + i;",
         "\t\tadc->chans[i].reg_addr = TINY_ADC_REG_CONF + 1 + i;"),
    ]
    assert "struct tiny_adc_chan *p;" in rules[0].text and rules[0].text.startswith("#spatch --max-width 200\n")


def test_local_in_the_quoted_function_only(tmp_path):
    s = sugg(C, "tiny_adc_probe", ["+\tint len = 0;"], 'Please call it "nr_chans".')
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.summary == "Rename len to nr_chans"
    diff = changed(files()[C], out[C])
    assert diff == [("\tint len = 0;", "\tint nr_chans = 0;"), ("\t\tlen++;", "\t\tnr_chans++;"),
                    ('\tdev_dbg(&client->dev, "%d channels\\n", len);',
                     '\tdev_dbg(&client->dev, "%d channels\\n", nr_chans);')]
    assert "return len;" in out[C]                       # tiny_adc_sum() keeps its own


def test_scope_words_carry_it_to_the_other_functions(tmp_path):
    s = sugg(C, "tiny_adc_sum", ["+\tint len = 0;"], "This is not a length, but a count. Same in probe.")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.summary == "Rename len to cnt (in tiny_adc_sum(), tiny_adc_probe())"
    assert "\tint len" not in out[C] and out[C].count("cnt++;") == 2 and "return cnt;" in out[C]


def test_function_with_prototype_and_aligned_continuation(tmp_path):
    s = sugg(C, "", ["+static int read_raw(struct i2c_client *client, u8 reg, u16 *out)"],
             "", code=["s/read_raw/tiny_adc_read_word/"])
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.kind == "rename" and s.summary == "Rename read_raw() to tiny_adc_read_word()"
    assert "read_raw" not in out[C]
    assert "static int tiny_adc_read_word(struct i2c_client *client, u8 reg, u16 *out);" in out[C]
    assert out[C].count("tiny_adc_read_word(") == 3


def test_prefix_for_the_quoted_helpers(tmp_path):
    s = sugg(C, "read_raw", ["+static int read_raw(struct i2c_client *client, u8 reg, u16 *out)", "+{"],
             "Please use the tiny_adc_ prefix for all functions of the driver.")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.summary == "Rename read_raw() to tiny_adc_read_raw()"
    assert "read_raw(" not in out[C].replace("tiny_adc_read_raw(", "")


def test_a_plain_word_prefix_is_one_that_begins_names_of_the_file(tmp_path):
    s = sugg(C, "read_raw", ["+static int read_raw(struct i2c_client *client, u8 reg, u16 *out)", "+{"],
             "Please use the tiny prefix for the helpers.")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert s.summary == "Rename read_raw() to tiny_read_raw()"


def test_the_proper_prefix_asked_in_words_renames_nothing(tmp_path):
    """Before: "Please use the proper prefix" (a subject's) renamed read_raw() to proper_read_raw()."""
    s = sugg(C, "read_raw", ["+static int read_raw(struct i2c_client *client, u8 reg, u16 *out)", "+{"],
             'Please use the proper prefix: "iio: adc: Add ..." with a capital letter after the colon.')
    out, _, _ = pipeline(tmp_path, [s])
    assert out == files()
    assert s.kind != "rename" and s.status == Status.MANUAL, (s.kind, s.reason)


@pytest.mark.parametrize("comment, rest", [
    ("s/page_is_dirty/folio_is_dirty/ throughout, and pass the folio.", "pass the folio"),
    ("s/n/count/ and make it unsigned", "make it unsigned"),
    ("s/n/count/ here and below.", ""),
    ("s/n/count/ throughout, and in the header too.", ""),
    ("Nit: s/n/count/", ""),
])
def test_the_request_after_a_substitution(comment, rest):
    assert request_after_substitution(comment) == rest


def test_a_request_after_the_substitution_is_left_to_the_author(tmp_path):
    """Before: "s/read_raw/tiny_adc_read_word/, and make it return the value" renamed and said applied."""
    s = sugg(C, "read_raw", ["+static int read_raw(struct i2c_client *client, u8 reg, u16 *out)", "+{"],
             "s/read_raw/tiny_adc_read_word/ throughout, and make it return the value.")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED and "read_raw(" not in out[C]
    assert s.reason == 'partly: the rest is left to the author ("make it return the value")'


def test_struct_tag_in_every_file(tmp_path):
    s = sugg(H, "", ["+struct tiny_adc_chan {"], "tiny_adc_channel", kind="comment")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "tiny_adc_chan " not in out[H] and "tiny_adc_chan " not in out[C]
    assert "struct tiny_adc_channel *chan" in out[C] and "struct tiny_adc_channel chans[" in out[C]


def test_a_name_the_file_had_before_is_left_to_the_author(tmp_path):
    s = sugg(C, "", ["+#define TINY_ADC_REG_CONF\t0x01"], "", code=["s/TINY_ADC_REG_CONF/TINY_ADC_REG_CONFIG/"])
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.MANUAL
    assert "TINY_ADC_REG_CONF is not new in this patch" in s.reason
    assert out == files()


def test_a_new_name_in_use_is_refused(tmp_path):
    s = sugg(C, "tiny_adc_sum", ["+\tint len = 0;"], "Please call it ret.")
    pipeline(tmp_path, [s])
    assert s.status == Status.MANUAL and "ret is already used in tiny_adc_sum()" in s.reason


def test_a_name_a_later_patch_uses_in_the_same_file_is_renamed(tmp_path):
    # the later patch's uses follow when the series is rebuilt (app/respin.py)
    s = sugg(C, "", ["+#define TINY_ADC_NUM_CHANS\t2"], "TINY_ADC_MAX_CHANS", kind="code")
    out, _, _ = pipeline(tmp_path, [s], later={C: "n = TINY_ADC_NUM_CHANS;\n"})
    assert s.status == Status.APPLIED
    assert "#define TINY_ADC_MAX_CHANS" in out[C]


def test_a_name_a_later_patch_uses_in_another_file_is_refused(tmp_path):
    s = sugg(C, "", ["+#define TINY_ADC_NUM_CHANS\t2"], "TINY_ADC_MAX_CHANS", kind="code")
    pipeline(tmp_path, [s], later={"drivers/iio/adc/tiny_adc_core.c": "n = TINY_ADC_NUM_CHANS;\n"})
    assert s.status == Status.MANUAL and "a later patch of the series uses TINY_ADC_NUM_CHANS" in s.reason


def test_a_new_name_a_later_patch_uses_already_is_refused(tmp_path):
    s = sugg(C, "", ["+#define TINY_ADC_NUM_CHANS\t2"], "TINY_ADC_MAX_CHANS", kind="code")
    pipeline(tmp_path, [s], later={"drivers/iio/adc/tiny_adc_core.c": "n = TINY_ADC_MAX_CHANS;\n"})
    assert s.status == Status.MANUAL and "TINY_ADC_MAX_CHANS is already used in" in s.reason


def test_macro(tmp_path):
    s = sugg(C, "", ["+#define TINY_ADC_NUM_CHANS\t2"], "TINY_ADC_MAX_CHANS", kind="comment")
    out, _, _ = pipeline(tmp_path, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "#define TINY_ADC_MAX_CHANS\t2\n" in out[C] and "TINY_ADC_NUM_CHANS" not in out[C]


def test_unknown_base_means_no_rename(tmp_path):
    s = sugg(C, "tiny_adc_probe", ["+\tint len = 0;"], "nr_chans", kind="comment")
    out, _, _ = pipeline(tmp_path, [s], base_files={C: files()[C], H: files()[H]})
    assert s.status == Status.SKIPPED and out == files()


def test_a_remark_that_shares_no_name_part_is_left_alone(tmp_path):
    s = sugg(C, "tiny_adc_probe", ["+\tint len = 0;"], "nothing", kind="comment")
    pipeline(tmp_path, [s])
    assert s.status == Status.SKIPPED


def test_a_function_a_macro_finds_by_the_first_part_of_its_name_is_not_renamed(tmp_path):
    # DEVICE_ATTR_RO(lock) declares dev_attr_lock with .show = lock_show: renaming lock_show alone breaks it
    path = "drivers/misc/frob.c"
    text = ("static ssize_t lock_show(struct device *dev, struct device_attribute *attr, char *buf)\n{\n"
            "\treturn sysfs_emit(buf, \"%d\\n\", 1);\n}\nstatic DEVICE_ATTR_RO(lock);\n")
    s = sugg(path, "lock_show", ["static ssize_t lock_show(struct device *dev, struct device_attribute *attr, "
                                 "char *buf)"], "Please name it locked_show.")
    ctx = CodeContext(path, text, "lock_show", {path: text}, [(s.id, s.quoted)], base_files={path: ""})
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    assert (s.status, s.reason) == (Status.MANUAL, "rename: DEVICE_ATTR_RO(lock) in drivers/misc/frob.c finds "
                                    "lock_show by the first part of its name: renaming lock_show means renaming "
                                    "what the macro declares, which is for the author")
    assert out[path] == text
