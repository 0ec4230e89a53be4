"""The app in a real X window (Qt's xcb platform under Xvfb), driven with the X server's own
pointer and keyboard: every tab clicked and drawn, a photo dragged from another X client
onto the Dial lab (a real XDND drop), the language switched from the View menu, and the
window closed with Ctrl+Q. The rest of the suite runs offscreen, where none of this is real.

Skipped unless MLBL_XVFB=1 and there is a DISPLAY; CI (.ci/run) runs it as

    MLBL_XVFB=1 xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m pytest -q tests/test_xvfb_smoke.py

It needs xdotool. The app runs as `python main.py --lang en` does (tests/xvfb_app.py adds
only a probe that reports where things are on screen); the drag comes from
tests/xvfb_drag_source.py. Each step has its own time limit, and a failure is one line
naming the step; the screen is then saved as a PNG (with MLBL_XVFB_SHOTS=FOLDER, after
every step too).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("MLBL_XVFB") != "1" or not os.environ.get("DISPLAY"),
    reason="the real-window smoke test runs with MLBL_XVFB=1 under an X server (xvfb-run); see its docstring")

HERE = Path(__file__).resolve().parent
PHOTO_DIR = HERE.parent / "resources" / "samples" / "photos"
SCREEN = (1366, 768)
LAB_KEYS = ("linear", "logistic", "dial", "mlp", "concepts")
CJK = re.compile(r"[\u4e00-\u9fff]")
PREFIX = "@@probe "


class StepFailed(Exception):
    """A step did not get where it should within its time."""


class Lines:
    """A process's output, line by line, read on a thread so that waiting can time out."""

    def __init__(self, stream, copy_to: Path) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self._copy = copy_to.open("w", encoding="utf-8")
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self._copy.write(line)
            self._copy.flush()
            self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float, what: str) -> str:
        try:
            return self.lines.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise StepFailed(f"no {what} within {timeout:.0f} s") from None


class Smoke:
    """The app, the drag source and the pointer; each step waits for what it caused."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.app: subprocess.Popen | None = None
        self.source: subprocess.Popen | None = None
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", MLBL_LOG_DIR=str(tmp / "logs"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"),
                   XDG_CACHE_HOME=str(tmp / "cache"), XDG_RUNTIME_DIR=str(tmp / "runtime"),
                   PYTHONUNBUFFERED="1")
        env.pop("QT_SCALE_FACTOR", None)
        (tmp / "runtime").mkdir(mode=0o700)
        self.env = env
        self.times: dict[str, float] = {}  # seconds per step
        self.tab_times: dict[str, float] = {}  # and per tab

    # ---- the app and its probe
    def start_app(self) -> None:
        self.app_err = (self.tmp / "app.stderr").open("w+", encoding="utf-8")
        self.app = subprocess.Popen([sys.executable, str(HERE / "xvfb_app.py"), "--lang", "en"], env=self.env,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.app_err,
                                    text=True, encoding="utf-8")
        self.app_out = Lines(self.app.stdout, self.tmp / "app.stdout")

    def state(self, timeout: float = 5.0) -> dict:
        """Ask the probe where things are; fail if the app died or shows a dialog."""
        self.check_alive()
        try:
            self.app.stdin.write("state\n")
            self.app.stdin.flush()
        except OSError:  # it has just exited
            time.sleep(0.5)
            self.check_alive()
            raise StepFailed("the app stopped reading its input") from None
        deadline = time.monotonic() + timeout
        while True:
            line = self.app_out.next_line(deadline - time.monotonic(), "answer from the app (is it hung?)")
            if line.startswith(PREFIX):
                answer = json.loads(line[len(PREFIX):])
                if "error" in answer:
                    raise StepFailed(f"the probe failed: {answer['error']}")
                if answer.get("others"):
                    raise StepFailed(f"a window the test did not expect is open: {answer['others']}")
                return answer

    def wait_for(self, what: str, timeout: float, condition) -> dict:
        """The probe's state once `condition(state)` holds, polled until `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if condition(state):
                return state
            if time.monotonic() > deadline:
                raise StepFailed(f"{what} did not happen within {timeout:.0f} s (last state: {_short(state)})")
            time.sleep(0.1)

    def check_alive(self) -> None:
        if self.app is not None and self.app.poll() is not None:
            raise StepFailed(f"the app exited with status {self.app.returncode}: {self.stderr_tail()}")

    def stderr(self) -> str:
        self.app_err.flush()
        return (self.tmp / "app.stderr").read_text(encoding="utf-8", errors="replace").strip()

    def stderr_tail(self) -> str:
        text = self.stderr()
        return text[-800:] if text else "(nothing on stderr)"

    # ---- the X server's pointer and keyboard
    def xdotool(self, *args: object, timeout: float = 10.0) -> str:
        try:
            done = subprocess.run(["xdotool", *map(str, args)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise StepFailed(f"xdotool {' '.join(map(str, args))} did not finish within {timeout:.0f} s") from None
        if done.returncode != 0:
            raise StepFailed(f"xdotool {' '.join(map(str, args))} failed: {done.stderr.strip()}")
        return done.stdout

    def click(self, point: list[int]) -> None:
        self.xdotool("mousemove", "--sync", point[0], point[1], "click", 1)

    def screenshot(self, name: str = "screen") -> Path | None:
        """The whole X screen as a PNG, in MLBL_XVFB_SHOTS or the test's folder: with
        ImageMagick's import, or else a Qt process of its own (the app may be the problem)."""
        out = Path(os.environ.get("MLBL_XVFB_SHOTS") or self.tmp) / f"{name}.png"
        grab = ("import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
                "sys.exit(not app.primaryScreen().grabWindow(0).save(sys.argv[1]))")
        command = (["import", "-window", "root", str(out)] if shutil.which("import")
                   else [sys.executable, "-c", grab, str(out)])
        try:
            subprocess.run(command, env=self.env, timeout=15, capture_output=True)
        except subprocess.TimeoutExpired:
            return None
        return out if out.is_file() else None

    def keep_screenshot(self, name: str) -> None:
        """With MLBL_XVFB_SHOTS=FOLDER, the screen after each step, to look at."""
        if os.environ.get("MLBL_XVFB_SHOTS"):
            self.screenshot(name)

    def close(self) -> None:
        for proc in (self.source, self.app):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(5)


def _short(state: dict) -> str:
    """A state without the bulky parts, for a failure message."""
    keep = {k: state.get(k) for k in ("current", "status", "page", "dial") if k in state}
    if "tabs" in state:
        keep["tabs"] = [t["text"] for t in state["tabs"]]
    return json.dumps(keep, ensure_ascii=False)[:600]


def _rendered(key: str, before: str):
    """The lab `key` is the current tab, built, shown, idle, and drawn: its page's pixels on
    the X server are many colours (not a blank page) and not what the previous tab showed."""
    def check(s: dict) -> bool:
        page = s["page"]
        return (s["current"] == key and page["built"] and page["shown"] and not page["busy"]
                and page["colours"] >= 16 and page["digest"] != before)
    return check


def step_start(smoke: Smoke) -> None:
    smoke.start_app()
    state = smoke.wait_for("the main window appearing", 30,
                           lambda s: s.get("window") and s["window"]["visible"] and s["window"]["exposed"])
    # what a window manager does with a maximised window on a 1366×768 screen (there is none here)
    wid = state["window"]["id"]
    smoke.xdotool("windowmove", "--sync", wid, 0, 0)
    smoke.xdotool("windowsize", "--sync", wid, *SCREEN)
    smoke.wait_for(f"the window taking the whole {SCREEN[0]}×{SCREEN[1]} screen", 10,
                   lambda s: s["window"]["geometry"] == [0, 0, *SCREEN])


def step_tabs(smoke: Smoke) -> None:
    before = ""
    for key in LAB_KEYS:
        began = time.monotonic()
        state = smoke.state()
        tab = next(t for t in state["tabs"] if t["key"] == key)
        smoke.click(tab["centre"])
        try:
            state = smoke.wait_for(f"the {key} tab", 30, _rendered(key, before))
        except StepFailed as exc:
            raise StepFailed(f"tab {key}: {exc}") from None
        before = state["page"]["digest"]
        smoke.tab_times[key] = time.monotonic() - began
        smoke.keep_screenshot(f"tab-{key}")


def step_drop(smoke: Smoke) -> None:
    photo = sorted(p for p in PHOTO_DIR.iterdir() if p.suffix.lower() in (".jpg", ".png"))[0]
    state = smoke.state()
    smoke.click(next(t for t in state["tabs"] if t["key"] == "dial")["centre"])
    state = smoke.wait_for("the dial tab", 10, lambda s: s["current"] == "dial" and s.get("dial", {}).get("shown"))
    assert photo.name not in state["dial"]["file_label"], "the photo is on screen before the drop"
    # the source window sits over the status bar's right end, clear of the photo
    sx, sy = SCREEN[0] - 200, SCREEN[1] - 70
    smoke.source = subprocess.Popen(
        [sys.executable, str(HERE / "xvfb_drag_source.py"), str(photo), str(sx), str(sy)], env=smoke.env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    source_out = Lines(smoke.source.stdout, smoke.tmp / "source.stdout")
    line = source_out.next_line(15, "'ready' from the drag source")
    if line != "ready":
        raise StepFailed(f"the drag source said {line!r}")
    start = (sx + 90, sy + 30)
    end = state["dial"]["drop_point"]
    path = ["mousemove", "--sync", *start, "mousedown", 1]
    for i in range(1, 21):  # a hand's drag: small moves, each seen by both clients
        f = i / 20
        path += ["sleep", 0.03, "mousemove", round(start[0] + f * (end[0] - start[0])),
                 round(start[1] + f * (end[1] - start[1]))]
    path += ["sleep", 0.3, "mousemove", end[0] + 2, end[1] + 2, "sleep", 0.3, "mouseup", 1]
    smoke.xdotool(*path, timeout=20)
    line = source_out.next_line(10, "end of the drag from the drag source")
    if line != "dropped CopyAction":
        raise StepFailed(f"the drop was refused: the drag source reports {line!r}")
    try:
        smoke.wait_for(f"the Dial lab showing {photo.name}", 15,
                       lambda s: s["dial"]["file_label"].startswith(photo.name + ":") and not s["page"]["busy"]
                       and photo.name in s["status"])
    except StepFailed as exc:
        raise StepFailed(f"the drop reached the app but {exc}") from None
    smoke.source.stdin.close()  # the drag source may go now
    try:
        smoke.source.wait(10)
    except subprocess.TimeoutExpired:
        raise StepFailed("the drag source did not exit within 10 s") from None


def step_language(smoke: Smoke) -> None:
    english = [t["text"] for t in smoke.state()["tabs"]]
    smoke.click(smoke.state()["menus"]["view"])
    state = smoke.wait_for("the View menu opening", 10, lambda s: "language" in s["menus"])
    smoke.click(state["menus"]["language"])
    state = smoke.wait_for("the Language submenu opening", 10, lambda s: "languages" in s["menus"])
    smoke.click(state["menus"]["languages"]["zh_CN"])
    state = smoke.wait_for("the tab titles turning Chinese", 10,
                           lambda s: all(CJK.search(t["text"]) for t in s["tabs"]) and "languages" not in s["menus"])
    chinese = [t["text"] for t in state["tabs"]]
    assert chinese != english and CJK.search(state["window"]["title"]), (english, chinese, state["window"]["title"])


def step_quit(smoke: Smoke) -> None:
    state = smoke.state()
    g = state["window"]["geometry"]
    # the pointer over the window, and the keyboard's focus given to it as a window manager would
    smoke.xdotool("mousemove", "--sync", g[0] + g[2] // 2, g[1] + g[3] // 2)
    smoke.xdotool("windowfocus", "--sync", state["window"]["id"])
    smoke.xdotool("key", "ctrl+q")
    try:
        status = smoke.app.wait(10)
    except subprocess.TimeoutExpired:
        raise StepFailed("the app did not exit within 10 s of Ctrl+Q (a question on screen?)") from None
    if status != 0:
        raise StepFailed(f"the app exited with status {status}: {smoke.stderr_tail()}")


STEPS = (("start", step_start), ("tabs", step_tabs), ("drop", step_drop), ("language", step_language),
         ("quit", step_quit))


def test_real_window_smoke(tmp_path):
    if shutil.which("xdotool") is None:
        pytest.fail("xvfb smoke: xdotool is not installed (apt-get install xdotool)", pytrace=False)
    smoke = Smoke(tmp_path)
    try:
        failure = ""
        for name, step in STEPS:
            began = time.monotonic()
            try:
                step(smoke)
            except (StepFailed, AssertionError, StopIteration, KeyError) as exc:
                shot = smoke.screenshot()
                where = f"; screenshot {shot}" if shot else ""
                failure = f"xvfb smoke failed at step '{name}': {exc}{where}; app output in {tmp_path}"
                break
            smoke.times[name] = time.monotonic() - began
            if name != "quit":
                smoke.keep_screenshot(f"step-{name}")
        if failure:
            pytest.fail(failure, pytrace=False)
        tabs = ", ".join(f"{k} {t:.1f}" for k, t in smoke.tab_times.items())
        print("xvfb smoke: " + ", ".join(f"{n} {t:.1f} s" + (f" ({tabs})" if n == "tabs" else "")
                                         for n, t in smoke.times.items()))
        errors = smoke.stderr()
        if "Traceback" in errors:
            pytest.fail(f"xvfb smoke: the app printed a traceback (in {tmp_path / 'app.stderr'}): "
                        f"{errors.splitlines()[-1]}", pytrace=False)
        if errors:
            print("xvfb smoke: the app's stderr:\n" + errors)
    finally:
        smoke.close()
