"""Small edits of the commit message under the quoted line (patches/msgedit.py)."""
from __future__ import annotations

import pytest

from patches.msgedit import apply, edit_of, prefix_of, with_prefix, wrap_asked

MESSAGE = ("ASoC: qrx: add the jack\n\nAdd support to the jack events, by making use of the common helper\n"
           "function.\n\nSigned-off-by: A <a@example.org>\n")
QUOTE = ["Add support to the jack events, by making use of the common helper"]


def test_a_sed_and_a_comma_in_the_quoted_line():
    once, why = apply(MESSAGE, QUOTE, edit_of("", ["s/to/for/"]))
    assert why == ""
    twice, why = apply(once, QUOTE, edit_of("drop comma", []), original=MESSAGE)
    assert twice == MESSAGE.replace("support to the jack events, by", "support for the jack events by")


@pytest.mark.parametrize("comment, code, why", [
    ("", ["s/the/a/"], '"the" is 2 times in the quoted paragraph: edit the commit message by hand'),
    ("", ["s/recieve/receive/"], '"recieve" is not in the quoted paragraph: edit the commit message by hand'),
])
def test_not_certain_is_left_to_the_author(comment, code, why):
    assert apply(MESSAGE, QUOTE, edit_of(comment, code)) == ("", why)


def test_a_sentence_quoted_in_part_is_edited_in_its_paragraph():
    new, why = apply(MESSAGE, ["function."], edit_of("", ["s/making use of/using/"]))
    assert (new, why) == (MESSAGE.replace("making use of", "using"), "")


def test_a_quote_not_in_the_message_is_left_to_the_author():
    assert apply(MESSAGE, ["Something the message never said"], edit_of("", ["s/to/for/"])) == (
        "", "the quoted lines are not in the commit message once: edit it by hand")


@pytest.mark.parametrize("comment, code, n", [
    ("", ["s/to/for/"], 1),
    ("", ["s/to/for", "s/events/event/g"], 2),           # closing slash optional, several
    ("Nit: drop the comma.", [], 1),
    ("Please remove the full stop at the end", [], 1),
    ("Drop the comma and say why the helper is needed.", [], 0),     # more than a mark: by hand
    ("Explain why in the commit message", [], 0),
])
def test_what_is_read_as_an_edit(comment, code, n):
    assert len(edit_of(comment, code)) == n


@pytest.mark.parametrize("comment, want", [
    ("The subject prefix should be 'hwmon: (tmp102)'", "hwmon: (tmp102)"),
    ('Please use "ASoC: codecs:" as prefix.', "ASoC: codecs:"),
    ('Subject should start with "dt-bindings: hwmon:"', "dt-bindings: hwmon:"),
    ("nit: subject prefix is 'iio: adc: ad7124:'", ""),          # says what it is, asks nothing
    ("The prefix 'foo' is odd in this function name", ""),
])
def test_the_prefix_asked_for(comment, want):
    assert prefix_of(comment) == want


def test_the_prefix_replaces_the_subject_own():
    assert with_prefix("hwmon: tmp102: Add conversion marking\n\nBody.\n", "hwmon: (tmp102)") == (
        "hwmon: (tmp102) Add conversion marking\n\nBody.\n", "")
    assert with_prefix("tmp102 conversion marking\n\nBody.\n", "hwmon: (tmp102)") == (
        "", "the subject has no prefix to replace: edit it by hand")


@pytest.mark.parametrize("comment", [
    "Should the prefix be 'hwmon: (tmp102)'?",                      # a question
    "The prefix should not be 'hwmon: (tmp102)'.",                  # not wanted
    "Please use the 'hwmon: (tmp102)' prefix if Guenter agrees.",   # a condition
    "Patch 2 should use the prefix 'hwmon: (tmp102)'.",             # another patch
    "For the other series, please use the prefix 'hwmon: (tmp102)'.",
])
def test_a_prefix_asked_about_declined_or_for_elsewhere_is_not_taken(comment):
    assert prefix_of(comment) == ""


LONG = ("mm: qrx: count the misses\n\nWhen the report is printed the counter of missed callbacks has to be cleared "
        "at the same time, otherwise the next report counts them twice and the number in the log is wrong.\n\n"
        "  BUG: a log line that must stay as it is, however long it is, because it is quoted from the kernel log\n\n"
        "Signed-off-by: A <a@example.org>\n")


@pytest.mark.parametrize("comment, width", [
    ("Please wrap the commit message at 75 columns.", 75),
    ("Nit: the commit log lines are too long, wrap them at ~72 chars.", 72),
    ("The changelog lines are too long.", 75),
    ("Don't re-wrap the commit message, it is fine.", 0),
    ("Please wrap this line, it's too long", 0),            # about code, not the message
])
def test_the_width_asked(comment, width):
    assert wrap_asked(comment) == width


def test_only_prose_paragraphs_over_the_width_are_rewrapped():
    new, why = apply(LONG, [], edit_of("Please wrap the commit message at 75 columns.", []))
    assert why == ""
    assert new == ("mm: qrx: count the misses\n\nWhen the report is printed the counter of missed callbacks has to be\n"
                   "cleared at the same time, otherwise the next report counts them twice and\nthe number in the "
                   "log is wrong.\n\n  BUG: a log line that must stay as it is, however long it is, because it is "
                   "quoted from the kernel log\n\nSigned-off-by: A <a@example.org>\n")
    assert apply(new, [], edit_of("Please wrap the commit message at 75 columns.", []))[0] == ""


@pytest.mark.parametrize("comment", [
    "Please wrap the code at 80 columns, the commit message is fine.",
    "The error message line is too long, please wrap it at 80 columns.",
    "The log message in qrx_probe() is too long, wrap it.",
    "Please rewrap the kernel-doc description at 80 columns.",
])
def test_a_wrap_of_the_code_or_of_printed_text_is_not_a_wrap_of_the_message(comment):
    assert wrap_asked(comment) == 0


TABLED = ("mm: qrx: batch the misses\n\n"
          "The numbers before and after, measured on the test board over ten runs of the benchmark:\n"
          "Runs   Before   After (with the batching of the missed callbacks in place)\n\n"
          "qrx_report+0x1c/0x40 called from qrx_timer_fn+0x88/0x120 while the lock is held by the caller\n\n"
          "The same counter is read from the sysfs file, see https://example.org/qrx/a/very/long/path/to/the/"
          "document/about/the/counters.html\nfor what each field means.\n\n"
          "Signed-off-by: A <a@example.org>\n")


def test_tables_traces_and_words_over_the_width_are_not_rewrapped():
    assert apply(TABLED, [], edit_of("Please wrap the commit message at 75 columns.", []))[0] == ""


BINDING_MESSAGE = ("dt-bindings: iio: light: add bindings for Acme QX200\n\nAdd the binding.\n\n"
                   "Signed-off-by: A <a@example.org>\n")


@pytest.mark.parametrize("comment, subject", [
    ('A nit, subject: drop second/last, redundant "bindings". The "dt-bindings" prefix is already stating that '
     'these are bindings.', "dt-bindings: iio: light: add Acme QX200"),
    ('Please remove "QX200" from the subject.', "dt-bindings: iio: light: add bindings for Acme"),
])
def test_a_word_dropped_from_the_subject_wherever_asked(comment, subject):
    new, why = apply(BINDING_MESSAGE, [], edit_of(comment, []))
    assert (new.split("\n")[0], why) == (subject, "")


@pytest.mark.parametrize("comment, why", [
    ('Subject: drop "Acme"', 'dropping "Acme" leaves the subject\'s wording to mend: edit it by hand'),
    ('Subject: drop "binding"', "the subject says 'binding' nowhere after its prefix: edit it by hand"),
])
def test_a_subject_word_whose_dropping_is_not_certain_is_left_to_the_author(comment, why):
    assert apply(BINDING_MESSAGE, [], edit_of(comment, [])) == ("", why)


@pytest.mark.parametrize("comment", ['Should we drop "bindings" from the subject?',
                                     'The subject says "bindings" already.',
                                     'Don\'t drop "bindings" from the subject.'])
def test_no_subject_word_edit_is_read_where_none_is_asked(comment):
    assert edit_of(comment, []) == []
