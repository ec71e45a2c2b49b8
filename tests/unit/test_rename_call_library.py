"""rename-call on a call of the C library: a name that takes other arguments (sprintf() -> snprintf(),
malloc() -> calloc()) is left to the author, saying so; one of the same arguments (printf() ->
ksft_print_msg()) is renamed, though no header of the tree declares either; a call that never returns
(ksft_exit_fail_msg()) does not take the place of one with statements after it."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.test_userspace_programs import _run


@pytest.mark.parametrize("quoted, comment, reason", [
    ("+\tsprintf(path, \"/proc/self/fd/%d\", fd);", "Use snprintf() here.",
     "rename-call: snprintf() takes 3 or more arguments where sprintf() takes 2 or more: the call is to be "
     "written anew, which is for the author"),
    ("+\tbuf = malloc(64);", "calloc() instead?",
     "rename-call: calloc() takes 2 arguments where malloc() takes 1: the call is to be written anew, which "
     "is for the author"),
    # the same count, but another first argument: sprintf()'s buffer is no FILE *
    ("+\tsprintf(path, \"/proc/self/fd/%d\", fd);", "fprintf() instead?",
     "rename-call: fprintf() takes a FILE * first where sprintf() takes a buffer: the call is to be written anew, "
     "which is for the author"),
])
def test_library_call_taking_other_arguments_is_not_renamed(tmp_path, quoted, comment, reason):
    s, diff = _run(tmp_path, quoted, comment)
    assert diff == []
    assert (s.status, s.reason) == (Status.MANUAL, reason)


def test_print_becomes_the_kselftest_print_of_the_same_arguments(tmp_path):
    s, diff = _run(tmp_path, "+\t\t\tprintf(\"F_SETPIPE_SZ failed: %d\\n\", ret);",
                   "Please use ksft_print_msg() instead of printf().")
    assert s.status == Status.APPLIED
    assert "-\t\t\tprintf(\"F_SETPIPE_SZ failed: %d\\n\", ret);" in diff
    assert "+\t\t\tksft_print_msg(\"F_SETPIPE_SZ failed: %d\\n\", ret);" in diff


def test_call_that_never_returns_leaves_no_dead_code(tmp_path):
    s, diff = _run(tmp_path, "+\t\tksft_print_msg(\"frob_pipe failed: %d\\n\", ret);", "use ksft_exit_fail_msg()")
    assert diff == []
    assert (s.status, s.reason) == (
        Status.MANUAL, "rename-call: ksft_exit_fail_msg() does not return: `ret = -1;` after it would never run; "
        "what goes with the call (dropping the code after it, or keeping the test going) is for the author")


@pytest.mark.parametrize("comment", ["printf -> ksft_print_msg", "Use ksft_print_msg()."])
def test_print_named_alone_or_by_an_arrow_becomes_the_kselftest_print(tmp_path, comment):
    s, diff = _run(tmp_path, "+\t\t\tprintf(\"F_SETPIPE_SZ failed: %d\\n\", ret);", comment)
    assert s.status == Status.APPLIED
    assert [ln for ln in diff if ln[:1] in "+-"] == ["-\t\t\tprintf(\"F_SETPIPE_SZ failed: %d\\n\", ret);",
                                                    "+\t\t\tksft_print_msg(\"F_SETPIPE_SZ failed: %d\\n\", ret);"]
