"""What every steppable descent shares: a history of states with a cursor, and stop rules.

A run keeps every state it computed. The cursor (the iteration shown) moves back and forth
through them; stepping past the last state computes new ones. A learner subclasses
DescentRun and implements `_compute(n, deadline)`, which appends up to n states and says
why it stopped, if it did; the replaying, the iteration cap and the bookkeeping live here.
"""

from __future__ import annotations

import time
from enum import Enum

import numpy as np


class StopReason(str, Enum):
    MAX_ITERS = "max_iters"
    TOLERANCE = "tolerance"
    DIVERGED = "diverged"
    #: the cap was reached without learning anything: the loss is no lower than at the start
    #: (or than guessing the commonest class), typically a rate far off the data's scale
    NO_PROGRESS = "no_progress"


#: Consecutive loss increases that mark a run as diverged. Below the stable rate the loss of
#: gradient descent on a smooth convex objective never rises, so a sustained rise is divergence.
DIVERGE_RISES = 3


class DescentRun:
    """History with a cursor. Subclasses set up their arrays, then call `_start_history()`."""

    _end: int
    _pos: int
    _reason: StopReason | None
    _rises: int
    #: names of the arrays whose first axis is the history (grown together)
    _history_arrays: tuple[str, ...] = ()

    def _start_history(self) -> None:
        self._end = 1
        self._pos = 0
        self._reason = None
        self._rises = 0

    # ---- to implement
    def _max_iters(self) -> int:
        raise NotImplementedError

    def _compute(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        """Append up to n states after the last one; return how many and why it stopped."""
        raise NotImplementedError

    def _stalled(self) -> bool:
        """At the cap: True when the run learned nothing (see StopReason.NO_PROGRESS)."""
        return False

    def _cap_reason(self) -> StopReason:
        return StopReason.NO_PROGRESS if self._stalled() else StopReason.MAX_ITERS

    # ---- shared
    @property
    def iteration(self) -> int:
        """The cursor: the number of steps taken to reach the state shown."""
        return self._pos

    @property
    def history_length(self) -> int:
        """Number of stored states (iterations computed + 1 for the start)."""
        return self._end

    @property
    def at_end(self) -> bool:
        return self._pos == self._end - 1

    @property
    def stop_reason(self) -> StopReason | None:
        """Why the run ended, when the cursor is at its end; None while it can go on."""
        return self._reason if self._pos == self._end - 1 else None

    def seek(self, iteration: int) -> None:
        """Move the cursor to a stored iteration (the timeline)."""
        self._pos = max(0, min(int(iteration), self._end - 1))

    def step_back(self, n: int = 1) -> int:
        """Move the cursor back n iterations; returns how many it moved."""
        before = self._pos
        self._pos = max(0, self._pos - max(0, n))
        return before - self._pos

    def _grow(self, need: int) -> None:
        """Make room for `need` states in every history array, doubling (amortised O(1))."""
        first = getattr(self, self._history_arrays[0])
        cap = first.shape[0]
        if need <= cap:
            return
        new_cap = max(need, cap * 2)
        for name in self._history_arrays:
            old = getattr(self, name)
            arr = np.empty((new_cap,) + old.shape[1:], dtype=old.dtype)
            arr[: self._end] = old[: self._end]
            setattr(self, name, arr)

    def _truncate(self) -> None:
        """Forget the states after the cursor (new settings apply from here)."""
        self._end = self._pos + 1
        self._reason = None
        self._rises = 0

    def judge(self, prev: float, loss: float, tol: float) -> StopReason | None:
        """The stop rules for one new loss: sustained rises diverge, tiny falls converge."""
        if loss > prev * (1.0 + 1e-12) + 1e-300:
            self._rises += 1
            return StopReason.DIVERGED if self._rises >= DIVERGE_RISES else None
        self._rises = 0
        if tol > 0 and prev - loss <= tol * max(loss, 1e-300):
            return StopReason.TOLERANCE
        return None

    def step(self, n: int = 1, time_budget: float | None = None) -> int:
        """Advance up to n iterations (replaying stored ones first); returns how many.

        Stops early at the iteration cap, a stop rule, or when time_budget seconds passed.
        """
        moved = 0
        if self._pos < self._end - 1:
            replay = min(n, self._end - 1 - self._pos)
            self._pos += replay
            moved += replay
            n -= replay
        if n <= 0 or self._reason is not None:
            return moved
        cap = self._max_iters()
        n = min(n, cap - self._pos)
        if n <= 0:
            self._reason = self._cap_reason()
            return moved
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        done, reason = self._compute(n, deadline)
        self._end += done
        self._pos = self._end - 1
        if reason is None and self._pos >= cap:
            reason = self._cap_reason()
        elif reason is StopReason.TOLERANCE and self._stalled():
            reason = StopReason.NO_PROGRESS  # the loss hardly moves because nothing is learned
        self._reason = reason
        return moved + done

    def run(self, max_seconds: float | None = None) -> StopReason | None:
        """Step until a stop reason (or max_seconds): the headless CLI path."""
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        while self.stop_reason is None:
            self.step(self._max_iters(), time_budget=0.25)
            if deadline is not None and time.perf_counter() > deadline:
                break
        return self.stop_reason
