"""Fuzzing the thread reader with Hypothesis: real-shaped review threads, mutated (tests/fuzz_mail.py).

Whatever mail comes in, reading it as respin does gives a review or a one-line ThreadError /
ReviewError, never another exception, and no case takes long.  A few thousand cases here; the
long run is bench/fuzz_thread.py.
"""
from __future__ import annotations

import time

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from tests import fuzz_mail

SLOW = 10.0         # seconds of CPU one case may take


@settings(max_examples=3000, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@pytest.mark.slow
@given(st.data())
def test_mutated_threads_are_read_or_refused_in_one_line(data):
    files = fuzz_mail.case(fuzz_mail.DataChooser(data))
    t = time.process_time()
    fuzz_mail.read_case(files)          # raises on a crash; a refusal is one line (checked there)
    assert time.process_time() - t < SLOW
