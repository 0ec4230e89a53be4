"""What every steppable descent shares: a history of states with a cursor, and stop rules.

A run keeps every state it computed. The cursor (the iteration shown) moves back and forth
through them; stepping past the last state computes new ones. A learner subclasses
DescentRun and implements `_compute(n, deadline)`, which appends up to n states and says
why it stopped, if it did; the replaying, the iteration cap and the bookkeeping live here.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from enum import Enum
from typing import Any

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
#: A run whose loss may rise and fall (momentum, Adam, mini-batches: see core.optim) has
#: diverged when its loss exceeds its start's this many times (or leaves float64)
DIVERGE_FACTOR = 1e6
#: ... and has converged when the loss changed by less than the tolerance over this many
#: windows in a row (a window is one step with the full batch, one epoch with mini-batches)
CALM_WINDOWS = 3


class DescentRun:
    """History with a cursor. Subclasses set up their arrays, then call `_start_history()`."""

    _end: int
    _pos: int
    _reason: StopReason | None
    _rises: int
    #: names of the arrays whose first axis is the history (grown together)
    _history_arrays: tuple[str, ...] = ()
    #: every change of the history or the cursor counts one (a fork is adopted only if none came since)
    _version: int = 0
    #: in a fork: the run's iteration of the fork's state 0, and the run and version it came from
    _base: int = 0
    _origin: tuple[int, int] | None = None
    #: the settings earlier parts of the history ran with: (until iteration, config), oldest
    #: first; the current config runs from the last `until` on (see `schedule`)
    _schedule: tuple[tuple[int, Any], ...] = ()
    #: the stop rules of a run whose loss may rise (judge_free): the start's loss, the loss at
    #: the last window boundary, and how many calm windows came in a row
    _ref_loss: float = 0.0
    _window_loss: float = 0.0
    _calm: int = 0

    def _start_history(self) -> None:
        self._end = 1
        self._pos = 0
        self._reason = None
        self._rises = 0
        self._schedule = ()
        self._ref_loss = self._window_loss = self._loss_of(0)
        self._calm = 0
        self._version += 1

    def _note_config_change(self, old: Any) -> None:
        """Before new settings apply at the cursor: remember which settings made the states up
        to it (the history after the cursor is dropped, and so are its entries)."""
        pos = self._pos
        kept = tuple((until, cfg) for until, cfg in self._schedule if until < pos)
        active = next((cfg for until, cfg in self._schedule if until >= pos), old)
        self._schedule = kept + (((pos, active),) if pos > 0 else ())

    @property
    def schedule(self) -> tuple[tuple[int, Any], ...]:
        """The settings that computed the history before the current ones: (until, config)
        pairs, oldest first. A run rebuilt from its start with `replay` gives the same states."""
        return self._schedule

    def set_config(self, config: Any) -> None:
        raise NotImplementedError

    def replay(self, schedule: Sequence[tuple[int, Any]], config: Any, computed: int, iteration: int) -> None:
        """Recompute a history from this fresh run's start: each (until, config) of `schedule`
        up to its iteration, then `config` up to `computed`, and put the cursor at
        `iteration`. The learners are deterministic: the states are those the run had."""
        for until, earlier in schedule:
            self.set_config(earlier)
            if until > self._pos:
                self.step(until - self._pos)
        self.set_config(config)
        if computed > self._pos:
            self.step(computed - self._pos)
        self.seek(iteration)

    # ---- to implement
    def _max_iters(self) -> int:
        raise NotImplementedError

    def _compute(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        """Append up to n states after the last one; return how many and why it stopped."""
        raise NotImplementedError

    def _stalled(self) -> bool:
        """At the cap: True when the run learned nothing (see StopReason.NO_PROGRESS)."""
        return False

    def _loss_of(self, i: int) -> float:
        """The loss of stored state i (an index into this run's own arrays); the runs that
        use judge_free override it."""
        return 0.0

    def _judge_window(self) -> int:
        """Steps in one window of judge_free: an epoch of mini-batches, else 1."""
        return 1

    def _cap_reason(self) -> StopReason:
        if self._origin is not None:  # a fork cannot judge learning: the run's start is not in it
            return StopReason.MAX_ITERS
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
        self._version += 1

    def step_back(self, n: int = 1) -> int:
        """Move the cursor back n iterations; returns how many it moved."""
        before = self._pos
        self._pos = max(0, self._pos - max(0, n))
        self._version += 1
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
        self._calm = 0
        window = self._judge_window()
        boundary = (self._base + self._pos) // window * window - self._base
        self._window_loss = self._loss_of(max(boundary, 0))
        if self._pos == 0:
            self._schedule = ()
        self._version += 1

    def judge(self, prev: float, loss: float, tol: float) -> StopReason | None:
        """The stop rules for one new loss: sustained rises diverge, tiny falls converge."""
        if loss > prev * (1.0 + 1e-12) + 1e-300:
            self._rises += 1
            return StopReason.DIVERGED if self._rises >= DIVERGE_RISES else None
        self._rises = 0
        if tol > 0 and prev - loss <= tol * max(loss, 1e-300):
            return StopReason.TOLERANCE
        return None

    def judge_free(self, iteration: int, loss: float, tol: float) -> StopReason | None:
        """The stop rules for one new loss (at the run's `iteration`) of an update rule whose
        loss may rise and fall: it diverges when the loss exceeds DIVERGE_FACTOR times the
        start's, and converges when it changed by less than tol (relative) over CALM_WINDOWS
        windows in a row, judged at each window's end."""
        if loss > DIVERGE_FACTOR * max(self._ref_loss, 1e-300):
            return StopReason.DIVERGED
        if iteration % self._judge_window():
            return None
        last, self._window_loss = self._window_loss, loss
        if tol > 0 and abs(last - loss) <= tol * max(loss, 1e-300):
            self._calm += 1
            return StopReason.TOLERANCE if self._calm >= CALM_WINDOWS else None
        self._calm = 0
        return None

    def step(self, n: int = 1, time_budget: float | None = None) -> int:
        """Advance up to n iterations (replaying stored ones first); returns how many.

        Stops early at the iteration cap, a stop rule, or when time_budget seconds passed.
        """
        moved = 0
        self._version += 1
        if self._pos < self._end - 1:
            replay = min(n, self._end - 1 - self._pos)
            self._pos += replay
            moved += replay
            n -= replay
        if n <= 0 or self._reason is not None:
            return moved
        cap = self._max_iters()
        n = min(n, cap - (self._base + self._pos))
        if n <= 0:
            self._reason = self._cap_reason()
            return moved
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        done, reason = self._compute(n, deadline)
        self._end += done
        self._pos = self._end - 1
        if reason is None and self._base + self._pos >= cap:
            reason = self._cap_reason()
        elif reason is StopReason.TOLERANCE and self._origin is None and self._stalled():
            reason = StopReason.NO_PROGRESS  # the loss hardly moves because nothing is learned
        self._reason = reason
        return moved + done

    # ---- stepping on another thread
    def fork(self) -> DescentRun:
        """A copy that computes on from this run's last state into a history of its own, so
        it can step on a worker thread while this run is drawn (and even changed) on the GUI
        thread; adopt() brings its states back. Data and settings are shared, read-only."""
        f = copy.copy(self)
        last = self._end - 1
        for name in self._history_arrays:
            setattr(f, name, getattr(self, name)[last:last + 1].copy())
        f._base = self._base + last
        f._end = 1
        f._pos = 0
        f._origin = (id(self), self._version)
        return f

    def adopt(self, fork: DescentRun) -> bool:
        """Append the states a fork of this run computed and move the cursor to the last one;
        False (nothing changes) when this run changed since the fork was made."""
        if fork._origin != (id(self), self._version):
            return False
        new = fork._end - 1
        if new > 0:
            self._grow(self._end + new)
            for name in self._history_arrays:
                getattr(self, name)[self._end:self._end + new] = getattr(fork, name)[1:fork._end]
            self._end += new
        self._pos = self._end - 1
        self._rises = fork._rises
        self._window_loss = fork._window_loss
        self._calm = fork._calm
        reason = fork._reason
        # learning is judged on the whole run (a fork starts at the run's last state)
        if reason is StopReason.MAX_ITERS:
            reason = self._cap_reason()
        elif reason is StopReason.TOLERANCE and self._stalled():
            reason = StopReason.NO_PROGRESS
        self._reason = reason
        self._version += 1
        return True

    def run(self, max_seconds: float | None = None) -> StopReason | None:
        """Step until a stop reason (or max_seconds): the headless CLI path."""
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        while self.stop_reason is None:
            self.step(self._max_iters(), time_budget=0.25)
            if deadline is not None and time.perf_counter() > deadline:
                break
        return self.stop_reason
