"""Application-wide set-up: where Python's cycle collector runs."""

import gc
import threading
import weakref


def test_cycles_are_collected_on_the_gui_thread_only(qtbot):
    from gui.app import create_application

    create_application()
    assert not gc.isenabled()  # never in whichever (worker) thread happens to allocate
    collected_in: list[str] = []

    class Node:
        pass

    for _ in range(2000):  # past gen 0's threshold, all garbage held only by cycles
        a, b = Node(), Node()
        a.other, b.other = b, a
    weakref.finalize(a, lambda: collected_in.append(threading.current_thread().name))
    del a, b
    qtbot.waitUntil(lambda: bool(collected_in), timeout=5000)  # the collector's timer (0.5 s) found them
    assert collected_in == [threading.main_thread().name]
