"""One way to make a highspy solver for the whole process.

HiGHS's task scheduler is process-global and takes its thread count from the first
instance that runs: an instance asking for another count afterwards returns the model
status "Not Set" without solving. So every in-process highspy instance (the plan's LP,
independent re-solves in tests) comes from :func:`new_highs` and runs on one thread, the
setting the scenario sweep wants anyway (one solve per core, many solves at once).
``scipy.optimize`` carries its own copy of HiGHS and is not affected.
"""

from __future__ import annotations

from typing import Any


def new_highs(*, seed: int = 0) -> Any:
    """A silent, single-threaded, seeded ``highspy.Highs`` instance."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", seed)
    return h
