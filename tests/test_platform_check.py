"""Before Qt aborts on a missing xcb library, the app names the packages to install."""

import ctypes

from gui import platform_check


def test_missing_xcb_libraries_are_named(monkeypatch):
    real = ctypes.CDLL

    def fake_cdll(name, *args, **kwargs):
        if name in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0"):
            raise OSError(name)
        return real(name, *args, **kwargs) if name.startswith("libc") else object()

    monkeypatch.setattr(platform_check.ctypes, "CDLL", fake_cdll)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    message = platform_check.display_problem()
    assert message is not None
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in message


def test_no_display_and_offscreen(monkeypatch):
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert "DISPLAY is not set" in platform_check.display_problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform_check.display_problem() is None
