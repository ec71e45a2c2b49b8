"""Requests to Cc people on the next version, found in MAINTAINERS (patches/ccasks.py)."""
from __future__ import annotations

import pytest

from patches.ccasks import asks_cc, cc_lines

MAINTAINERS = """\
Maintainers List
----------------

QRX7 SENSOR DRIVER
M:\tMarta Lindqvist <marta.lindqvist@example.se>
R:\tPiet de Wolf <piet.dewolf@example.nl>
L:\tlinux-qrx@vger.kernel.org
S:\tMaintained
F:\tdrivers/misc/qrx7.c

QRX7 SENSOR DRIVER TESTS
M:\tOla Nordmann <ola@example.no>
S:\tMaintained
F:\ttools/testing/qrx7/

STATIC KEYS/CALLS
M:\tAnna Berg <anna@example.org>
R:\tJon Doe <jon@example.org>
S:\tSupported
"""


@pytest.mark.parametrize("comment, want", [
    ('Please Cc also the "static keys/calls" folks on the next version.',
     ["Cc: Anna Berg <anna@example.org>", "Cc: Jon Doe <jon@example.org>"]),
    ("Cc the STATIC KEYS/CALLS maintainers please.",
     ["Cc: Anna Berg <anna@example.org>", "Cc: Jon Doe <jon@example.org>"]),
    ("please Cc Jane Doe <jane@example.org> too", ["Cc: Jane Doe <jane@example.org>"]),
    ("You should Cc the linux-qrx list.", ["Cc: linux-qrx@vger.kernel.org"]),
    ("Please cc the QRX7 SENSOR DRIVER people in v3.",     # the exact title wins over a longer one
     ["Cc: Marta Lindqvist <marta.lindqvist@example.se>", "Cc: Piet de Wolf <piet.dewolf@example.nl>"]),
])
def test_whom_to_cc(comment, want):
    assert cc_lines(asks_cc(comment), MAINTAINERS) == (want, "")


@pytest.mark.parametrize("comment", [
    "Why was I cc'd on this?",
    "No need to Cc the netdev list.",
    "Please also Cc stable.",                 # a tag of its own (patches.tagasks)
    "The cc list looks fine.",
])
def test_not_a_request(comment):
    assert asks_cc(comment) == ""


def test_a_name_that_fits_several_sections_is_left_to_the_author():
    assert cc_lines(asks_cc("Please Cc the QRX7 folks."), MAINTAINERS) == (
        [], 'found 2 MAINTAINERS sections named "QRX7": add the Cc: lines by hand')
    assert cc_lines(asks_cc("Please Cc the NOSUCH folks."), MAINTAINERS) == (
        [], 'found no MAINTAINERS sections named "NOSUCH": add the Cc: lines by hand')


def test_who_is_said_in_a_few_words():
    """A name of thousands of characters is not read (matching it against MAINTAINERS took time that grew
    with the square of its length: 30,000 characters 34 s)."""
    assert asks_cc('Please Cc also the "' + "A" * 30_000 + '" folks.') == ""


@pytest.mark.parametrize("comment", [
    "Also, you can drop the Cc to the netdev list.",            # undone
    "Please stop Cc'ing me on this.",
    "Cc'ing the netdev list.",                                  # what the writer does on this mail
    "Please Cc the DT maintainers if you touch the binding.",   # a condition
    'You should Cc the "ARM64 PORT" folks on the other series.',    # another series
    "Please Cc the ARM maintainers when you send patch 3 again.",
])
def test_undone_done_conditional_or_elsewhere_is_no_cc_request(comment):
    assert asks_cc(comment) == ""


def test_a_cc_for_the_next_version_is_still_asked():
    assert asks_cc("Please Cc me on the next version.") == "me"
    assert asks_cc("You should have Cc'd the PWM maintainers.") == "the PWM maintainers"
