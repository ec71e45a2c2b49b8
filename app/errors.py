"""The error every entry point reports as one line (kept apart so that the command line can catch it
without loading the pipeline)."""
from __future__ import annotations


class RespinError(Exception):
    """Bad input or an impossible respin; str(e) is one line that says what to fix."""
