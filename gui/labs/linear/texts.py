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

from core.linreg import GDConfig, LeastSquares, LinearGD, RuleStep, Stability, Valley
from gui.labs.descent_lab import join_sentences
from gui.labs.linear.controller import FormulaFrame
from gui.labs.linear.controls import rule_names
from gui.widgets.log_slider import format_number
from gui.widgets.formula import formula_factor, formula_number
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
    ]
    plain = gd.config.optimizer.name == "gd"  # the stable rate and the pace below are plain gradient descent's
    if plain:
        rows.append((QCoreApplication.translate("LinearRegressionPanel", "Largest stable α"), fmt(st.max_stable_lr, 4)))
    rows.append((QCoreApplication.translate("LinearRegressionPanel", "Condition number κ"), fmt(st.condition, 4)))
    lr_eff_min = gd.config.lr * st.lambda_min
    if plain and 0 < lr_eff_min < 1 and gd.config.lr < st.max_stable_lr:
        tenfold = math.log(10) / -math.log1p(-min(lr_eff_min, 1 - 1e-16))
        rows.append((QCoreApplication.translate(
            "LinearRegressionPanel", "Iterations per 10× closer (slowest direction)"), f"≈ {fmt(tenfold, 3)}"))
    html = "<table cellspacing='0' cellpadding='2'>" + "".join(
        f"<tr><td style='color:#555'>{name}</td><td>&nbsp;&nbsp;<b>{value}</b></td></tr>" for name, value in rows
    ) + "</table>"
    if not plain:
        return html
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


# --------------------------------------------------------------------------- the formula pane


num, factor = formula_number, formula_factor  # the formula panes' number style (gui/widgets/formula.py)


def formula_captions() -> dict[str, str]:
    """The words above each formula row (the pane's keys: model, loss, mse, grad0, grad1, upd0, upd1)."""
    return {
        "model": QCoreApplication.translate("LinearRegressionPanel", "The model: a line through the data"),
        "loss": QCoreApplication.translate(
            "LinearRegressionPanel", "The loss J: half the mean squared error over the m points"),
        "mse": QCoreApplication.translate(
            "LinearRegressionPanel",
            "What the seed prints, {code}, is the mean squared error: 2·J. "
            "The ½ in J is there only to make the derivative clean: the square's 2 cancels it.").format(
                code="<code>np.mean((y_pred - Y) ** 2)</code>"),  # the seed's code: never translated
        "grad0": QCoreApplication.translate(
            "LinearRegressionPanel", "The gradient: how J changes with the intercept θ0 and the slope θ1"),
        "grad1": "",  # under the same caption
        "upd0": QCoreApplication.translate(
            "LinearRegressionPanel",
            "One step of gradient descent: each θ moves against its derivative, both from the same θ"),
        "upd1": "",
    }


def formula_header(iteration: int, rule: str | None = None) -> str:
    """The pane's header; rule: the update rule when it is not plain gradient descent."""
    head = "<b>" + QCoreApplication.translate(
        "LinearRegressionPanel", "The numbers at iteration {i}").format(i=f"{iteration:,}") + "</b>"
    if rule is None:
        return head
    return head + "<br>" + QCoreApplication.translate(
        "LinearRegressionPanel", "The run uses {rule}, not plain gradient descent: its update is below.").format(
        rule=rule_names().get(rule, rule))


def formula_note(standardized: bool, scale: float, mu: float, sigma: float) -> str:
    """Under the rows: the intercept's rate factor and the standardized coordinates, when they apply."""
    parts = []
    if scale != 1.0:
        parts.append(QCoreApplication.translate(
            "LinearRegressionPanel",
            "s = {s} is the intercept's rate factor (Intercept rate ×): θ0 steps with the rate s·α, "
            "as the seed's loop did with 10000.").format(s=num(scale)))
    if standardized:
        parts.append(QCoreApplication.translate(
            "LinearRegressionPanel",
            "x is standardized: the descent runs on z = (x − μ)/σ with μ = {mu}, σ = {sigma}, and θ here "
            "is θ′ in those coordinates. The line in the data's units is b = θ0′ − θ1′·μ/σ, k = θ1′/σ."
        ).format(mu=num(mu), sigma=num(sigma)))
    return join_sentences(*parts)


def formula_numbers(f: FormulaFrame) -> dict[str, str]:
    """Each row's values substituted, as rich text (italic symbols, Unicode math)."""
    x = "z" if f.standardize else "x"
    t0, t1 = f.theta
    g0, g1 = f.grad
    s0, s1 = f.steps
    n0, n1 = f.next_theta
    sign = "+" if not num(t1).startswith("−") else "−"
    rate0 = f"{num(f.scale)}·{num(f.lr)}" if f.scale != 1.0 else num(f.lr)
    mse_label = QCoreApplication.translate("LinearRegressionPanel", "the seed's printed loss")
    nb, nk = f.next_line
    return {
        "model": f"<i>h</i><sub>θ</sub>(<i>{x}</i>) = {num(t0)} {sign} {num(abs(t1))}·<i>{x}</i>",
        "loss": f"<i>J</i> = 1/(2·{f.m:,})·Σ(<i>h</i> − <i>y</i>)² = <b>{num(f.loss, 8)}</b>",
        "mse": f"MSE = 2·<i>J</i> = 2·{num(f.loss, 8)} = <b>{num(f.mse, 8)}</b> ({mse_label})",
        "grad0": f"∂<i>J</i>/∂θ<sub>0</sub> = (1/{f.m:,})·Σ(<i>h</i> − <i>y</i>) = <b>{num(g0)}</b>",
        "grad1": f"∂<i>J</i>/∂θ<sub>1</sub> = (1/{f.m:,})·Σ(<i>h</i> − <i>y</i>)·<i>{x}</i> = <b>{num(g1)}</b>",
        "upd0": f"θ<sub>0</sub> := {num(t0)} − {rate0}·{factor(g0)} = {num(t0)} − {factor(s0)} = <b>{num(n0, 8)}</b>",
        "upd1": f"θ<sub>1</sub> := {num(t1)} − {num(f.lr)}·{factor(g1)} = {num(t1)} − {factor(s1)} = "
                f"<b>{num(n1, 8)}</b>" + (f"<br>(b, k) = ({num(nb, 8)}, {num(nk, 8)})" if f.standardize else ""),
    }


def last_step(previous: tuple[float, float] | None, prev_grad: tuple[float, float] | None,
              current: tuple[float, float], iteration: int) -> str:
    """The step that led to the iteration shown: θ before it, ∇J there, the change and θ now
    ("" at iteration 0)."""
    if previous is None or prev_grad is None:
        return ""
    d0, d1 = current[0] - previous[0], current[1] - previous[1]
    return QCoreApplication.translate(
        "LinearRegressionPanel",
        "The step just taken ({a} → {b}): θ was ({p0}, {p1}); ∇J there ({g0}, {g1}); "
        "θ changed by ({d0}, {d1}) to ({c0}, {c1}).").format(
        a=f"{iteration - 1:,}", b=f"{iteration:,}", p0=num(previous[0], 8), p1=num(previous[1], 8),
        g0=num(prev_grad[0]), g1=num(prev_grad[1]), d0=num(d0), d1=num(d1),
        c0=num(current[0], 8), c1=num(current[1], 8))


def race_equation(racers: int, iteration: int, ols: LeastSquares) -> str:
    """The equation line while racing: how many rules race, where, and the exact answer."""
    return QCoreApplication.translate(
        "LinearRegressionPanel", "{n} optimizers racing, iteration {i} (exact: {b} + {k}·x)").format(
        n=racers, i=f"{iteration:,}", b=num(ols.intercept, 6), k=num(ols.slope, 6))


def race_tab() -> str:
    return QCoreApplication.translate("LinearRegressionPanel", "Race")


def numbers_tab() -> str:
    return QCoreApplication.translate("LinearRegressionPanel", "Numbers")


def formulas_tab() -> str:
    return QCoreApplication.translate("LinearRegressionPanel", "Formulas")


def formulas_tip() -> str:
    return QCoreApplication.translate(
        "LinearRegressionPanel",
        "The formulas of gradient descent with the numbers of the iteration shown substituted")


def rule_update(r: RuleStep, lr: float, scale: float) -> str:
    """Another rule's next step in plain text with its numbers (the pane's update rows are
    plain gradient descent's and are hidden): what it keeps, and θ before and after."""
    g = f"g = ({num(r.grad[0])}, {num(r.grad[1])})"
    rate = f"α = {num(lr)}" + (f", θ0: s·α = {num(scale * lr)}" if scale != 1.0 else "")
    st = r.state

    def pair(a: float, b: float) -> str:
        return f"({num(a)}, {num(b)})"
    if r.rule in ("momentum", "nesterov"):
        kept = "b ← μ·b + g = " + pair(st[0], st[1])
        upd = "θ ← θ − α·b" if r.rule == "momentum" else "θ ← θ − α·(g + μ·b)"
    elif r.rule == "adagrad":
        kept = "s ← s + g² = " + pair(st[0], st[1])
        upd = "θ ← θ − α·g/(√s + ε)"
    elif r.rule == "rmsprop":
        kept = "v ← ρ·v + (1 − ρ)·g² = " + pair(st[0], st[1])
        upd = "θ ← θ − α·g/(√v + ε)"
    elif r.rule == "adam":
        kept = "m ← β1·m + (1 − β1)·g = " + pair(st[0], st[1]) + ";  v ← β2·v + (1 − β2)·g² = " + pair(st[2], st[3])
        upd = "θ ← θ − α·m̂/(√v̂ + ε),  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)"
    else:  # mini-batch SGD
        kept = ""
        upd = "θ ← θ − α·g"
    d0, d1 = r.next_theta[0] - r.theta[0], r.next_theta[1] - r.theta[1]
    batch = QCoreApplication.translate("LinearRegressionPanel", "g is the gradient on a mini-batch of {n} points.").format(
        n=f"{r.batch:,}") if r.batch else ""
    lines = [
        QCoreApplication.translate("LinearRegressionPanel", "Step {t} of the rule:").format(t=f"{r.t:,}") + f" {upd}  ({rate})",
        g + ("; " + kept if kept else ""),
        QCoreApplication.translate("LinearRegressionPanel", "θ = ({a}, {b}) changes by ({d0}, {d1}) to <b>({c}, {d})</b>").format(
            a=num(r.theta[0], 8), b=num(r.theta[1], 8), d0=num(d0), d1=num(d1),
            c=num(r.next_theta[0], 8), d=num(r.next_theta[1], 8)),
    ]
    if batch:
        lines.insert(1, batch)
    return "<br>".join(lines)
