"""Decision-boundary contour speed: core.contour.zero_segments on a 200×200 map.

    .venv/bin/python bench/contour_speed.py [--size 200] [--repeats 300]

Prints, for a circle and for a random smooth field, each measured in this run:
  the median time of one zero_segments call, the median time of a baseline that walks the
  cells in a pure-Python loop (same marching-squares rules, same input), their ratio, and
  whether both give the same total length; bar: well under 2 ms per call (60 redraws a
  second leave 16.7 ms per frame for everything).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from core.contour import segments_length, zero_segments  # noqa: E402


def baseline_zero_segments(f: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Baseline: textbook marching squares, one Python iteration per cell."""
    v = f.tolist()
    x, y = xs.tolist(), ys.tolist()
    px: list[float] = []
    py: list[float] = []

    def cross(f0: float, f1: float, u0: float, u1: float) -> float:
        t = f0 / (f0 - f1)
        return u0 * (1 - t) + u1 * t

    for i in range(len(x) - 1):
        x0, x1 = x[i], x[i + 1]
        for j in range(len(y) - 1):
            a, b, c, d = v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1]
            if not all(math.isfinite(q) for q in (a, b, c, d)):
                continue
            y0, y1 = y[j], y[j + 1]
            pts = {}
            if (a >= 0) != (b >= 0):
                pts["B"] = (cross(a, b, x0, x1), y0)
            if (b >= 0) != (c >= 0):
                pts["R"] = (x1, cross(b, c, y0, y1))
            if (d >= 0) != (c >= 0):
                pts["T"] = (cross(d, c, x0, x1), y1)
            if (a >= 0) != (d >= 0):
                pts["L"] = (x0, cross(a, d, y0, y1))
            if len(pts) == 2:
                segs = [tuple(pts.values())]
            elif len(pts) == 4:
                joined = (a + b + c + d >= 0) == (a >= 0)  # a and c joined through the centre
                if joined:
                    segs = [(pts["B"], pts["R"]), (pts["T"], pts["L"])]
                else:
                    segs = [(pts["L"], pts["B"]), (pts["R"], pts["T"])]
            else:
                continue
            for p, q in segs:
                if p != q:
                    px += (p[0], q[0])
                    py += (p[1], q[1])
    return np.array(px, dtype=np.float64), np.array(py, dtype=np.float64)


def smooth_field(n: int, seed: int) -> np.ndarray:
    """Random smooth field: white noise low-passed in Fourier space (a few wiggly boundaries)."""
    rng = np.random.default_rng(seed)
    k = np.fft.fftfreq(n)
    kx, ky = np.meshgrid(k, k, indexing="ij")
    spectrum = np.fft.fft2(rng.standard_normal((n, n))) * np.exp(-(kx**2 + ky**2) / (2 * 0.03**2))
    return np.real(np.fft.ifft2(spectrum))


def median_ms(fn, args, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=300)
    args = ap.parse_args()
    n = args.size
    xs = np.linspace(-1, 1, n)
    ys = np.linspace(-1, 1, n)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    cases = {"circle": gx**2 + gy**2 - 0.6**2, "random smooth field": smooth_field(n, 0)}

    worst = 0.0
    for name, f in cases.items():
        px, py = zero_segments(f, xs, ys)
        bx, by = baseline_zero_segments(f, xs, ys)
        same = px.size == bx.size and math.isclose(segments_length(px, py), segments_length(bx, by), rel_tol=1e-12)
        ours = median_ms(zero_segments, (f, xs, ys), args.repeats)
        base = median_ms(baseline_zero_segments, (f, xs, ys), max(3, args.repeats // 100))
        worst = max(worst, ours)
        print(f"{name}, {n}x{n}, {px.size // 2} segments: zero_segments {ours:.3f} ms, "
              f"baseline (pure-Python cell loop) {base:.1f} ms, ratio {base / ours:.0f}x, "
              f"same result: {'yes' if same else 'NO'}")
    print(f"bar 2 ms per call: {'met' if worst < 2 else 'NOT met'} (slowest median {worst:.3f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
