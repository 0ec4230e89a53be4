"""An optimizer race: several update rules (core.optim) descending the same least-squares
loss from the same start, one LinearGD each, moved together to one iteration.

The race follows a clock (the lab's player): `follow(i)` computes each racer up to i (or to
where it stopped: diverged, its cap) and puts its cursor there, so play, step, back and the
timeline move every racer alike. Each racer's compute time is measured as it runs, and a
racer "arrives" at the first iteration where J − J* ≤ tol·(J0 − J*): `arrival` finds it in
its history. Qt-free.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.descent import StopReason
from core.linreg import GDConfig, LinearGD, Points

#: a racer has arrived when it has covered all but this fraction of J0 − J*
RACE_TOL = 1e-6


@dataclass(frozen=True)
class Standing:
    """One racer at the race's iteration: its rule, the iteration it shows, its loss, the
    iteration and compute seconds of its arrival (None: not yet, up to the iteration shown)
    and whether it diverged (at or before the iteration shown)."""

    rule: str
    iteration: int
    loss: float
    arrival: int | None
    seconds: float | None
    diverged: bool


def arrival(losses: np.ndarray, jstar: float, tol: float = RACE_TOL) -> int | None:
    """The first index i with J_i − J* ≤ tol·(J_0 − J*) (None: none)."""
    losses = np.asarray(losses, dtype=np.float64)
    if losses.size == 0:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        hit = np.nonzero(losses - jstar <= tol * (losses[0] - jstar))[0]
    return int(hit[0]) if hit.size else None


class Race:
    """The racers (one LinearGD per config, same points and start), stepped together."""

    def __init__(self, points: Points, configs: Sequence[GDConfig], tol: float = RACE_TOL) -> None:
        self.runs = [LinearGD(points, c) for c in configs]
        self.tol = tol
        # cumulative compute seconds at each computed iteration, per racer
        self._seconds = [np.zeros(1) for _ in self.runs]
        self.iteration = 0

    @property
    def rules(self) -> list[str]:
        return [r.config.optimizer.name for r in self.runs]

    def follow(self, iteration: int, time_budget: float | None = None) -> None:
        """Every racer to `iteration` (computed as needed), or to where it stopped. With a
        time budget (seconds, shared), the race goes as far as its slowest racer got."""
        target = max(0, int(iteration))
        share = None if time_budget is None else time_budget / max(1, len(self.runs))
        for k, run in enumerate(self.runs):
            last = run.history_length - 1
            if last < target:
                run.seek(last)
                if run.stop_reason is None:
                    t0 = time.perf_counter()
                    run.step(target - last, time_budget=share)
                    dt = time.perf_counter() - t0
                    new_last = run.history_length - 1
                    old = self._seconds[k][: last + 1]
                    added = old[-1] + dt * np.arange(1, new_last - last + 1) / max(1, new_last - last)
                    self._seconds[k] = np.concatenate([old, added])
        going = [r.history_length - 1 for r in self.runs if not (r.history_length - 1 < target and r.stop_reason)]
        self.iteration = min([target, *going])
        for run in self.runs:
            run.seek(min(self.iteration, run.history_length - 1))

    # ---- the player's clock (core.descent.DescentRun's cursor methods, for all racers at once)
    @property
    def history_length(self) -> int:
        """The longest racer's states: the timeline's length."""
        return max((r.history_length for r in self.runs), default=1)

    @property
    def at_end(self) -> bool:
        return self.iteration >= self.history_length - 1

    @property
    def stop_reason(self) -> StopReason | None:
        """None while a racer can go on; else the cap when one reached it, or the tolerance
        (each racer's own end is in its standing)."""
        for run in self.runs:
            if run.iteration < run.history_length - 1 or run.stop_reason is None:
                return None
        if any(r.stop_reason is StopReason.MAX_ITERS for r in self.runs):
            return StopReason.MAX_ITERS
        return StopReason.TOLERANCE

    def step(self, n: int = 1, time_budget: float | None = None) -> int:
        """Every racer n iterations on (as far as the budget allows); returns how far the race moved."""
        before = self.iteration
        self.follow(before + max(0, int(n)), time_budget)
        return self.iteration - before

    def step_back(self, n: int = 1) -> int:
        before = self.iteration
        self.follow(max(0, before - max(0, int(n))))
        return before - self.iteration

    def seek(self, iteration: int) -> None:
        self.follow(max(0, min(int(iteration), self.history_length - 1)))

    def reset(self) -> None:
        """Every racer back to its start (their histories are kept: the race replays them)."""
        self.follow(0)

    def seconds(self, k: int) -> np.ndarray:
        """Racer k's cumulative compute seconds at each computed iteration."""
        return self._seconds[k]

    def standings(self) -> list[Standing]:
        out = []
        for k, run in enumerate(self.runs):
            i = run.iteration
            _, _, losses = run.history(i)
            hit = arrival(losses, run.moments.j_star, self.tol)
            diverged = run.stop_reason is StopReason.DIVERGED and run.at_end
            out.append(Standing(run.config.optimizer.name, i, run.loss, hit,
                                None if hit is None else float(self._seconds[k][hit]), diverged))
        return out
