"""One way to make a highspy solver for the whole process.

HiGHS's task scheduler is process-global and takes its thread count from the first
instance that runs: an instance asking for another count afterwards returns the model
status "Not Set" without solving. So every in-process highspy instance (the plan's LP,
independent re-solves in tests) comes from :func:`new_highs` and runs on one thread, the
setting the scenario sweep wants anyway (one solve per core, many solves at once).
``scipy.optimize`` carries its own copy of HiGHS and is not affected.

HiGHS also prints a banner on the C-level stdout when the first instance of a process is
made; that one is made with stdout pointed at stderr, so a CLI's JSON stays clean.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import Any

_BANNER = threading.Lock()
_banner_shown = False


def _highs() -> Any:
    global _banner_shown
    import highspy

    with _BANNER:
        if _banner_shown:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            os.dup2(2, 1)
            h = highspy.Highs()
            ctypes.CDLL(None).fflush(None)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
        return h


def new_highs(*, seed: int = 0) -> Any:
    """A silent, single-threaded, seeded ``highspy.Highs`` instance."""
    h = _highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", seed)
    return h
