"""The Linear Regression lab's sentences, made from the run, its exact answer and its data.

Every sentence stays in the translation context "LinearRegressionPanel" (its Chinese is
kept): QCoreApplication.translate names it, as the panel's self.tr() did. A banner message
is a function that composes it, so the banner says it again in a new language.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from core.linreg import GDConfig, LeastSquares, LinearGD, Stability, Valley
from gui.labs.descent_lab import join_sentences
from gui.widgets.log_slider import format_number
from gui.widgets.plot_tools import fmt

Compose = Callable[[], str]


def source_sentence(source: str, n: int, csv_path: str) -> str:
    """Where the points came from (before the file's columns and the sample are said)."""
    texts = {
        "seed": QCoreApplication.translate(
            "LinearRegressionPanel", "The seed's setting: {n} points like the dial pointer's pixels."),
        "synthetic": QCoreApplication.translate("LinearRegressionPanel", "Synthetic: {n} points."),
        "csv": QCoreApplication.translate("LinearRegressionPanel", "From {name}: {n} points."),
        "edited": QCoreApplication.translate("LinearRegressionPanel", "Edited by hand: {n} points."),
        "external": QCoreApplication.translate("LinearRegressionPanel", "Sent from another lab: {n} points."),
    }
    return texts.get(source, texts["synthetic"]).format(n=f"{n:,}", name=Path(csv_path).name)


def source_line(source: str, n: int, csv_path: str, columns: str, drawn: int) -> str:
    """Where the points came from, which file columns (`columns`: said by the lab), and
    whether the plot shows a sample of them."""
    return join_sentences(source_sentence(source, n, csv_path), columns, sample_sentence(drawn, n))


def sample_sentence(drawn: int, n: int) -> str:
    """That the plot shows a sample of big data ("" when it shows every point)."""
    if drawn >= n:
        return ""
    return QCoreApplication.translate(
        "LinearRegressionPanel", "The plot shows {m} of them, chosen at random; every point is fitted.").format(
        m=f"{drawn:,}")


def columns_template() -> str:
    return QCoreApplication.translate("LinearRegressionPanel", "Columns used: x = {0}, y = {1}.")


def import_dialog() -> tuple[str, str]:
    return (QCoreApplication.translate("LinearRegressionPanel", "Import points"),
            QCoreApplication.translate("LinearRegressionPanel", "CSV files (*.csv *.txt);;All files (*)"))


def start_text(gd: LinearGD) -> str:
    """Iteration 0 of the run, in the data's units (the Start row)."""
    b0, k0, _ = gd.history(upto=0)
    return f"({fmt(float(b0[0]), 4)}, {fmt(float(k0[0]), 4)})"


def equation(gd: LinearGD, ols: LeastSquares) -> str:
    sign = "+" if gd.slope >= 0 else "−"
    return QCoreApplication.translate(
        "LinearRegressionPanel",
        "h(x) = {b} {sign} {k}·x    <span style='color:#666'>(exact: {ob} {osign} {ok}·x)</span>").format(
        b=fmt(gd.intercept), sign=sign, k=fmt(abs(gd.slope)), ob=fmt(ols.intercept),
        osign="+" if ols.slope >= 0 else "−", ok=fmt(abs(ols.slope)),
    )


def numbers(gd: LinearGD, ols: LeastSquares, st: Stability, valley: Valley) -> str:
    """The numbers pane: where the run is, the exact answer, how the surface is shaped."""
    dist = math.hypot(gd.intercept - ols.intercept, gd.slope - ols.slope)
    rows = [
        (QCoreApplication.translate("LinearRegressionPanel", "Iteration"),
         f"{gd.iteration:,} / {gd.config.max_iters:,}"),
        (QCoreApplication.translate("LinearRegressionPanel", "Loss J"), fmt(gd.loss, 8)),
        (QCoreApplication.translate("LinearRegressionPanel", "Slope k, intercept b"),
         f"{fmt(gd.slope)}, {fmt(gd.intercept)}"),
    ]
    if gd.config.standardize:
        c0, c1 = gd.internal_theta
        rows.append((QCoreApplication.translate("LinearRegressionPanel", "In standardized x"),
                     f"θ1′ = {fmt(c1)}, θ0′ = {fmt(c0)}"))
    rows += [
        (QCoreApplication.translate("LinearRegressionPanel", "Least squares (exact)"),
         f"k = {fmt(ols.slope)}, b = {fmt(ols.intercept)}"),
        ("R²", fmt(ols.r2, 6)),
        (QCoreApplication.translate("LinearRegressionPanel", "Distance ‖θ − θ*‖"), fmt(dist, 4)),
        (QCoreApplication.translate("LinearRegressionPanel", "J − J*"), fmt(gd.loss - ols.loss, 4)),
        (QCoreApplication.translate("LinearRegressionPanel", "Largest stable α"), fmt(st.max_stable_lr, 4)),
        (QCoreApplication.translate("LinearRegressionPanel", "Condition number κ"), fmt(st.condition, 4)),
    ]
    lr_eff_min = gd.config.lr * st.lambda_min
    if 0 < lr_eff_min < 1 and gd.config.lr < st.max_stable_lr:
        tenfold = math.log(10) / -math.log1p(-min(lr_eff_min, 1 - 1e-16))
        rows.append((QCoreApplication.translate(
            "LinearRegressionPanel", "Iterations per 10× closer (slowest direction)"), f"≈ {fmt(tenfold, 3)}"))
    html = "<table cellspacing='0' cellpadding='2'>" + "".join(
        f"<tr><td style='color:#555'>{name}</td><td>&nbsp;&nbsp;<b>{value}</b></td></tr>" for name, value in rows
    ) + "</table>"
    if gd.config.lr >= st.max_stable_lr:
        html += "<p style='color:#a01010'>" + QCoreApplication.translate(
            "LinearRegressionPanel", "α is above the largest stable rate: this run will diverge.") + "</p>"
    elif valley.cause != "none":
        html += "<p style='color:#555'>" + valley_hint(valley, gd.config) + "</p>"
    return html


def valley_hint(v: Valley, config: GDConfig) -> str:
    """Why the surface the descent sees is a narrow valley, and what fixes it ("" if it is not)."""
    if v.cause == "none":
        return ""
    return join_sentences(valley_cause(v, config), valley_advice(v, config.standardize))


def valley_cause(v: Valley, config: GDConfig) -> str:
    kappa = fmt(v.condition, 3)
    scale = format_number(config.intercept_lr_scale)
    if v.cause == "factor" and config.standardize:
        return QCoreApplication.translate(
            "LinearRegressionPanel",
            "The surface the descent sees is a long narrow valley (κ = {kappa}) only because of the "
            "intercept's rate factor ×{scale}: with x standardized the surface itself is round."
        ).format(kappa=kappa, scale=scale)
    if v.cause == "factor":
        return QCoreApplication.translate(
            "LinearRegressionPanel",
            "The surface the descent sees is a long narrow valley (κ = {kappa}) because of the "
            "intercept's rate factor ×{scale}: at ×1, κ would be {unit}.").format(
            kappa=kappa, scale=scale, unit=fmt(v.condition_at_unit_factor, 3))
    if v.cause == "offset":
        return QCoreApplication.translate(
            "LinearRegressionPanel",
            "The surface is a long narrow valley (κ = {kappa}): x lies far from 0 compared with its "
            "spread (mean {mean}, standard deviation {std}), so the step that is safe across the "
            "valley is tiny along it.").format(kappa=kappa, mean=fmt(v.x_mean, 4), std=fmt(v.x_std, 4))
    return QCoreApplication.translate(
        "LinearRegressionPanel",
        "The surface is a long narrow valley (κ = {kappa}): x's spread (standard deviation {std}) is "
        "far from 1, so the step that is safe across the valley is tiny along it.").format(
        kappa=kappa, std=fmt(v.x_std, 4))


def valley_advice(v: Valley, standardized: bool) -> str:
    if v.cause == "factor" and standardized:
        return QCoreApplication.translate("LinearRegressionPanel", "Set the intercept rate factor to 1.")
    if v.cause == "factor":
        return QCoreApplication.translate("LinearRegressionPanel",
                                          "Set the intercept rate factor to 1, or standardize x.")
    if v.condition_at_best <= 1000:
        return QCoreApplication.translate(
            "LinearRegressionPanel",
            "Standardize x, or set the intercept rate factor near {best} (the mean of x²), as the "
            "seed did with 10000.").format(best=format_number(v.best_factor))
    return QCoreApplication.translate("LinearRegressionPanel",
                                      "No intercept rate factor fixes it here: standardize x.")


def diverged(lr: float, max_stable: float) -> Compose:
    """Why the run diverged and what to do, said in the language of the moment."""
    lr_text, top = format_number(lr), format_number(max_stable)
    return lambda: QCoreApplication.translate(
        "LinearRegressionPanel",
        "Diverged: the learning rate α = {lr} is too high for this data — the loss grew step after "
        "step. The largest stable rate here is {max} (2/λmax of J's Hessian). Lower α, then Play "
        "to go on from this point, or Reset."
    ).format(lr=lr_text, max=top)


def no_progress(lr: float, max_stable: float, valley: Valley, standardized: Callable[[], bool]) -> Compose:
    """That the run stopped at the cap without learning, and what to do (the advice follows
    the run's coordinates when it is said)."""
    lr_text, top = format_number(lr), format_number(max_stable)

    def compose() -> str:
        said = QCoreApplication.translate(
            "LinearRegressionPanel",
            "Stopped at the iteration cap without learning: J − J* is no smaller than at the start. "
            "With α = {lr} the steps are too small for this data.").format(lr=lr_text)
        advice = valley_advice(valley, standardized()) if valley.cause != "none" else QCoreApplication.translate(
            "LinearRegressionPanel", "Raise α toward the largest stable rate, {max}.").format(max=top)
        return join_sentences(said, advice)

    return compose
