"""gui.tasks: every error delivered, pause/resume without races, latest request wins,
short jobs never queue behind long ones, and shutdown waits only until its deadline."""

from __future__ import annotations

import threading
import time

import pytest

from gui import tasks
from gui.tasks import Policy, TaskRunner


@pytest.fixture
def runner(qtbot):
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    r = TaskRunner(owner, label="test")
    yield r
    r.shutdown(time.monotonic() + 5)


class Record:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def callbacks(self) -> dict:
        return {
            "on_result": lambda v: self.events.append(("result", v)),
            "on_error": lambda e: self.events.append(("error", e)),
            "on_yield": lambda v: self.events.append(("yield", v)),
            "on_finished": lambda: self.events.append(("finished", None)),
        }

    def kinds(self) -> list[str]:
        return [k for k, _ in self.events]

    def finished(self) -> bool:
        return "finished" in self.kinds()


def test_result_then_finished_on_the_gui_thread(qtbot, runner):
    rec = Record()
    seen_threads = []

    def work(a, b=0):
        seen_threads.append(threading.current_thread())
        return a + b

    gui_thread = threading.current_thread()
    threads_at_callback = []
    cbs = rec.callbacks()
    cbs["on_result"] = lambda v: (threads_at_callback.append(threading.current_thread()), rec.events.append(("result", v)))
    runner.submit("add", work, 2, b=3, **cbs)
    qtbot.waitUntil(rec.finished, timeout=3000)
    assert rec.events == [("result", 5), ("finished", None)]
    assert seen_threads[0] is not gui_thread
    assert threads_at_callback == [gui_thread]


@pytest.mark.parametrize("error", [RuntimeError("CUDA out of memory"), MemoryError(), ValueError("bad"),
                                   ZeroDivisionError()])
def test_every_exception_is_delivered_even_runtime_errors(qtbot, runner, error):
    """superqt's GeneratorWorker swallowed RuntimeError (every torch error is one)."""
    rec = Record()

    def gen():
        yield 1
        raise error

    runner.submit("train", gen, **rec.callbacks())
    qtbot.waitUntil(rec.finished, timeout=3000)
    assert rec.kinds() == ["yield", "error", "finished"]
    assert rec.events[1][1] is error
    assert not runner.busy()


def test_generator_return_value_is_the_result(qtbot, runner):
    rec = Record()

    def gen():
        yield "a"
        yield "b"
        return "done"

    runner.submit("g", gen, **rec.callbacks())
    qtbot.waitUntil(rec.finished, timeout=3000)
    assert rec.events == [("yield", "a"), ("yield", "b"), ("result", "done"), ("finished", None)]


def test_latest_request_wins(qtbot, runner):
    rec = Record()
    release = threading.Event()

    def slow(value):
        release.wait(5)
        return value

    runner.submit("ref", slow, "old", **rec.callbacks())
    runner.submit("ref", lambda: "new", **rec.callbacks())
    qtbot.waitUntil(lambda: ("result", "new") in rec.events, timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: not tasks.live_threads(), timeout=3000)
    qtbot.wait(50)
    assert ("result", "old") not in rec.events


def test_after_policy_runs_only_the_latest_queued_request(qtbot, runner):
    rec = Record()
    ran = []
    release = threading.Event()

    def job(value):
        ran.append(value)
        if value == 1:
            release.wait(5)
        return value

    for v in (1, 2, 3):
        runner.submit("solve", job, v, policy=Policy.AFTER, **rec.callbacks())
    assert runner.is_running("solve")
    release.set()
    qtbot.waitUntil(lambda: ("result", 3) in rec.events, timeout=3000)
    assert ran == [1, 3]


def test_short_jobs_do_not_queue_behind_long_ones(qtbot, runner):
    """With a pool the size of the core count, a CSV import waited behind training runs."""
    stop = threading.Event()
    for i in range(8):  # more than any core count here
        runner.submit(f"long{i}", stop.wait, 10)
    rec = Record()
    t0 = time.perf_counter()
    runner.submit("csv", lambda: "rows", **rec.callbacks())
    qtbot.waitUntil(rec.finished, timeout=3000)
    assert time.perf_counter() - t0 < 1.0
    stop.set()


def test_pause_then_resume_at_once_never_leaves_the_task_stuck(qtbot, runner):
    """Pause then Resume within 50 ms left superqt's worker paused and deaf to Stop (12 of 12)."""
    rec = Record()

    def gen():
        i = 0
        while True:
            time.sleep(0.002)
            i += 1
            yield i

    task = runner.submit("train", gen, **rec.callbacks())
    for _ in range(50):
        task.pause()
        task.resume()
    qtbot.wait(100)
    count = rec.kinds().count("yield")
    qtbot.waitUntil(lambda: rec.kinds().count("yield") > count + 5, timeout=3000)  # still running
    task.pause()
    qtbot.wait(100)
    frozen = rec.kinds().count("yield")
    qtbot.wait(300)
    assert rec.kinds().count("yield") <= frozen + 1  # paused (at most one item in flight)
    task.cancel()  # Stop reaches a paused task
    assert task.wait(2.0)
    qtbot.waitUntil(rec.finished, timeout=3000)


def test_cancelled_is_visible_inside_the_task(qtbot, runner):
    rec = Record()
    started = threading.Event()

    def work():
        started.set()
        while not tasks.cancelled():
            time.sleep(0.005)
        tasks.check_cancelled()
        return "not reached"

    task = runner.submit("w", work, **rec.callbacks())
    assert started.wait(2)
    runner.cancel("w")
    assert task.wait(2)
    qtbot.waitUntil(rec.finished, timeout=3000)
    assert rec.kinds() == ["finished"]


def test_shutdown_returns_by_its_deadline_and_drops_later_deliveries(qtbot, runner):
    rec = Record()
    release = threading.Event()
    runner.submit("stuck", lambda: release.wait(10) and "late", **rec.callbacks())
    t0 = time.monotonic()
    assert runner.shutdown(t0 + 0.3) is False
    assert time.monotonic() - t0 < 0.6
    release.set()
    qtbot.waitUntil(lambda: not tasks.live_threads(), timeout=3000)
    qtbot.wait(50)
    assert rec.events == []
    runner.submit("after", lambda: 1, **rec.callbacks())  # a closed runner starts nothing
    qtbot.wait(50)
    assert rec.events == []


def test_a_deleted_owner_gets_nothing_and_its_tasks_are_told_to_stop(qtbot):
    """A lab deleted without shutdown() (a test's panel, say) crashed when its loader
    delivered to widgets that no longer existed."""
    from PySide6.QtWidgets import QLabel, QWidget

    owner = QWidget()
    label = QLabel(owner)
    r = TaskRunner(owner, label="doomed")
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return "late"

    task = r.submit("load", slow, on_result=label.setText, on_finished=lambda: label.setText("done"))
    assert started.wait(2)
    owner.deleteLater()
    qtbot.waitUntil(lambda: task.is_cancelled(), timeout=3000)
    release.set()
    assert task.wait(3)
    qtbot.wait(50)  # deliveries arrive and must be dropped (pytest-qt fails on an exception)
