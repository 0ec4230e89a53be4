"""Background work for a lab: one runner per lab, one thread per task.

Why not QThreadPool or superqt's workers:
- one shared pool the size of the core count made a 50-row CSV import wait 12 s behind a
  training run and a dial batch; here every task gets its own thread at once;
- superqt's GeneratorWorker treats any RuntimeError as "aborted" and emits neither
  `errored` nor `finished` (every torch error is a RuntimeError): here every exception
  reaches the lab, and `on_finished` always follows;
- its pause and resume are requests queued to the worker, so Pause then Resume within
  a few milliseconds could leave it paused for good; here they flip an Event;
- the window waited on the global pool (10–30 s) when closing; a runner waits only for
  its own threads, up to a deadline, and then lets them go (they are daemon threads,
  told to stop, and nothing they deliver afterwards reaches the lab).

Results cross to the GUI thread through one queued signal; callbacks run on the GUI
thread. A task of the same name as a running one replaces it ("latest request wins"):
the old one is told to stop and whatever it still delivers is dropped.
"""

from __future__ import annotations

import enum
import inspect
import itertools
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

__all__ = ["Policy", "Task", "TaskCancelled", "TaskRunner", "cancelled", "check_cancelled", "live_threads"]

_local = threading.local()
_ids = itertools.count(1)
_threads: set[threading.Thread] = set()
_threads_lock = threading.Lock()


class TaskCancelled(Exception):
    """Raised inside a task that noticed it was cancelled (see check_cancelled)."""


class Policy(enum.Enum):
    # cancel a running task of the same name and start this one at once
    REPLACE = "replace"
    # let a running task of the same name finish, then run only the latest request
    # (for work that cannot stop midway, so two of them never compete for the CPU)
    AFTER = "after"


def cancelled() -> bool:
    """Inside a task: True once it has been cancelled (core code polls this between chunks)."""
    task = getattr(_local, "task", None)
    return task is not None and task.is_cancelled()


def check_cancelled() -> None:
    """Inside a task: raise TaskCancelled if it has been cancelled."""
    if cancelled():
        raise TaskCancelled()


def live_threads() -> list[threading.Thread]:
    """Task threads still running (tests check that none is left behind)."""
    with _threads_lock:
        return [t for t in _threads if t.is_alive()]


class Task:
    """One piece of background work. Its methods are safe to call from any thread."""

    def __init__(self, runner: "TaskRunner", name: str, fn: Callable[..., Any], args: tuple, kwargs: dict,
                 callbacks: dict[str, Callable[..., Any] | None]) -> None:
        self.id = next(_ids)
        self.name = name
        self._runner = runner
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._callbacks = callbacks
        self._cancel = threading.Event()
        self._run = threading.Event()
        self._run.set()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    # ---- control
    def cancel(self) -> None:
        """Ask the task to stop; a paused task wakes to see it."""
        self._cancel.set()
        self._run.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def pause(self) -> None:
        """A generator task waits before its next item until resume() (or cancel())."""
        if not self._cancel.is_set():
            self._run.clear()

    def resume(self) -> None:
        self._run.set()

    @property
    def paused(self) -> bool:
        return not self._run.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread has ended (or timeout); True if it has."""
        return self._done.wait(timeout)

    # ---- the thread
    def _start(self) -> None:
        self._thread = threading.Thread(target=self._main, name=f"mlbl-{self._runner.label}-{self.name}",
                                        daemon=True)
        with _threads_lock:
            _threads.add(self._thread)
        self._thread.start()

    def _deliver(self, kind: str, payload: Any = None) -> None:
        try:
            _bridge().delivered.emit((self, kind, payload))
        except RuntimeError:
            pass  # the application is gone (interpreter shutdown): nobody is listening

    def _main(self) -> None:
        _local.task = self
        try:
            result = self._fn(*self._args, **self._kwargs)
            if inspect.isgenerator(result):
                result = self._iterate(result)
            if not self._cancel.is_set():
                self._deliver("result", result)
        except TaskCancelled:
            pass
        except BaseException as exc:  # noqa: BLE001 — every failure must reach the lab
            if not self._cancel.is_set():
                self._deliver("error", exc)
        finally:
            _local.task = None
            self._done.set()
            self._deliver("finished")
            with _threads_lock:
                _threads.discard(threading.current_thread())

    def _iterate(self, gen) -> Any:
        """Drive a generator: each item goes to on_yield; pause and cancel act between items."""
        try:
            while True:
                while not self._run.wait(0.25):
                    pass
                if self._cancel.is_set():
                    gen.close()
                    return None
                try:
                    item = next(gen)
                except StopIteration as stop:
                    return stop.value
                self._deliver("yield", item)
        finally:
            gen.close()


class _Bridge(QObject):
    """Carries deliveries from task threads to the GUI thread (one for the whole app)."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._on_delivered)

    @Slot(object)
    def _on_delivered(self, message: tuple) -> None:
        task, kind, payload = message
        task._runner._dispatch(task, kind, payload)


_the_bridge: _Bridge | None = None


def _bridge() -> _Bridge:
    global _the_bridge
    if _the_bridge is None:  # first made by a runner, on the GUI thread
        _the_bridge = _Bridge()
    return _the_bridge


def _closer(tasks: set, flag: list[bool]) -> Callable[..., None]:
    """What runs when a runner's QObject is destroyed (it must not touch the runner)."""

    def close(*_: object) -> None:
        flag[0] = True
        for t in list(tasks):
            t.cancel()

    return close


class TaskRunner(QObject):
    """A lab's background tasks, by name. Callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None = None, label: str = "") -> None:
        super().__init__(parent)
        self.label = label or type(parent).__name__
        self._current: dict[str, Task] = {}
        self._pending: dict[str, Task] = {}
        # started tasks whose end the GUI thread has not yet been told of: a lab stays busy
        # until then, so a result on its way is never mistaken for "nothing happened"
        self._all: set[Task] = set()
        self._closed = False
        _bridge()
        # a lab deleted without shutdown() (a test's widget, a closed dialog): its tasks
        # are told to stop and nothing more reaches its (deleted) widgets
        self._destroyed = [False]
        self.destroyed.connect(_closer(self._all, self._destroyed))

    def submit(self, name: str, fn: Callable[..., Any], *args: Any,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_yield: Callable[[Any], None] | None = None,
               on_finished: Callable[[], None] | None = None,
               policy: Policy = Policy.REPLACE, **kwargs: Any) -> Task:
        """Run fn(*args, **kwargs) on a new thread; if it returns a generator, each item goes
        to on_yield and its return value to on_result. on_finished always comes last."""
        callbacks = {"result": on_result, "error": on_error, "yield": on_yield, "finished": on_finished}
        task = Task(self, name, fn, args, kwargs, callbacks)
        if self._closed:
            return task  # never started: the lab is closing
        running = self._current.get(name)
        if running is not None and running in self._all:
            if policy is Policy.AFTER:
                self._pending[name] = task
                return task
            running.cancel()
        self._pending.pop(name, None)
        self._start(task)
        return task

    def _start(self, task: Task) -> None:
        self._current[task.name] = task
        self._all.add(task)
        task._start()

    def task(self, name: str) -> Task | None:
        """The latest task of that name until its end has been delivered, or None."""
        t = self._current.get(name)
        return t if t is not None and t in self._all else None

    def is_running(self, name: str) -> bool:
        return self.task(name) is not None or name in self._pending

    def busy(self) -> bool:
        return any(t in self._all for t in self._current.values()) or bool(self._pending)

    def cancel(self, name: str) -> None:
        """Stop the task of that name (and forget a queued request); nothing more is delivered."""
        self._pending.pop(name, None)
        t = self._current.get(name)
        if t is not None:
            t.cancel()

    def _dispatch(self, task: Task, kind: str, payload: Any) -> None:
        if kind == "finished":
            self._all.discard(task)
        if self._closed or self._destroyed[0] or self._current.get(task.name) is not task:
            return  # superseded, or the lab is closing: its results are dropped
        if task.is_cancelled() and kind in ("result", "error", "yield"):
            return
        callback = task._callbacks.get(kind)
        try:
            if callback is not None:
                callback() if kind == "finished" else callback(payload)
        finally:
            if kind == "finished":
                nxt = self._pending.pop(task.name, None)
                if nxt is not None and not self._closed:
                    self._start(nxt)

    def shutdown(self, deadline: float | None = None) -> bool:
        """Cancel every task and wait for their threads until `deadline` (time.monotonic());
        returns True if all ended. Afterwards nothing is delivered and nothing starts."""
        self._closed = True
        self._pending.clear()
        tasks = list(self._all)
        for t in tasks:
            t.cancel()
        ok = True
        for t in tasks:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ok = t.wait(left) and ok
        return ok
