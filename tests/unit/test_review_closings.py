"""Closing lines in the languages corporate mail signs with, and a hunk quoted whole."""
from __future__ import annotations

import pytest

from patches.words import SIGNOFF as _SIGNOFF
from patches.quotes import narrow
from patches.voices import Quote


@pytest.mark.parametrize("line", ["Mit freundlichen Grüßen / Best regards", "Med venlig hilsen,", "Viele Grüße",
                                  "Obrigado,", "Met vriendelijke groet", "Cordialement,", "Best regards | Pozdrawiam"])
def test_a_closing_line_in_another_language_or_two_of_them_is_a_closing(line):
    # before: "Mit freundlichen Grüßen / Best regards" stayed in the comment, as words of the request
    assert _SIGNOFF.match(line)


@pytest.mark.parametrize("line", ["Best to drop it.", "Regards the lock: take it first", "Grüße an alle, und danke für "
                                  "den Patch, aber bitte dev_err_probe()"])
def test_a_sentence_that_starts_like_a_closing_is_not_one(line):
    assert not _SIGNOFF.match(line)


HUNK = ["@@ -142,7 +142,11 @@ static int ds1347_probe(struct spi_device *spi)",
        " \t/* spi setup with ds1347 in mode 3 and bits per word as 8 */",
        " \tspi->mode = SPI_MODE_3;",
        " \tspi->bits_per_word = 8;",
        "-\tspi_setup(spi);",
        "+\terr = spi_setup(spi);",
        "+\tif (err) {",
        "+\t\tdev_err(&spi->dev, \"spi setup failed\\n\");",
        "+\t\treturn err;",
        "+\t}",
        "",
        " \tmap = devm_regmap_init_spi(spi, &config);",
        ""]


def test_a_comment_under_a_whole_hunk_is_about_its_change_not_the_context_under_it():
    # before: the context line git put under the change was taken for the target
    got = narrow(Quote(HUNK + [""], False), "This is the probe path, please use dev_err_probe() here.")
    assert got and all(ln in HUNK[4:10] for ln in got)


def test_a_comment_under_a_hunk_cut_short_is_still_about_its_last_lines():
    # the hunk goes on below the quote: the reviewer stopped at the line meant
    cut = [HUNK[0].replace(",7 +142,11", ",12 +142,16")] + HUNK[1:-1]
    assert narrow(Quote(cut, False), "Please move this up.") == [" \tmap = devm_regmap_init_spi(spi, &config);"]


@pytest.mark.parametrize("comment, drop", [
    ("And no braces around a single statement, please.", True),
    ("No braces for one line.", True),
    ("nit: no {} needed", True),
    ("The else has no braces, please add them.", False),
    ("Please add braces.", False),
])
def test_no_braces_at_the_head_of_a_request_asks_them_to_go(comment, drop):
    from cocci.recipes.add_braces import not_wanted
    assert not_wanted(comment) is drop
