"""The Logistic Regression lab's sentences, made from the controller's run and numbers.

Every string stays in the translation context "LogisticRegressionPanel", the class that said
them before the lab was split into rooms, so the catalogue's Chinese translations still
apply: QCoreApplication.translate names it where the panel's self.tr() did. Functions, not
stored text: the panel calls them again when the language changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication

from core.class_map import CLASS_COLORS
from core.errors import LabError
from core.logreg import Decomposition, weight_distance
from core.metrics import accuracy_of
from gui.labs.descent_lab import join_sentences
from gui.labs.logistic.controller import FormulaFrame, LogisticController
from gui.labs.logistic_work import Numbers
from gui.messages import describe_error
from gui.widgets.formula import formula_factor, formula_number
from gui.widgets.plot_tools import fmt

Compose = Callable[[], str]


def reason(exc: BaseException) -> str:
    """Why something failed, for a sentence that quotes it."""
    return describe_error(exc) if isinstance(exc, LabError) else (str(exc) or type(exc).__name__)


# ---------------------------------------------------------------------- names
def preset_names() -> dict[str, str]:
    return {
        "seed": QCoreApplication.translate("LogisticRegressionPanel", "The seed's data (2 classes)"),
        "blobs": QCoreApplication.translate("LogisticRegressionPanel", "Blobs"),
        "circles": QCoreApplication.translate("LogisticRegressionPanel", "Circles"),
        "moons": QCoreApplication.translate("LogisticRegressionPanel", "Moons"),
        "xor": QCoreApplication.translate("LogisticRegressionPanel", "XOR"),
        "spiral": QCoreApplication.translate("LogisticRegressionPanel", "Spiral"),
    }


def strategy_names() -> dict[str, str]:
    return {
        "ovr": QCoreApplication.translate("LogisticRegressionPanel", "One-vs-rest"),
        "ovo": QCoreApplication.translate("LogisticRegressionPanel", "One-vs-one"),
        "softmax": QCoreApplication.translate("LogisticRegressionPanel", "Softmax regression"),
    }


def points_name(test: bool) -> str:
    """The points a confusion matrix counts."""
    return QCoreApplication.translate("LogisticRegressionPanel", "test points") if test else \
        QCoreApplication.translate("LogisticRegressionPanel", "training points")


def class_name(label: object) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "class {label}").format(label=label)


def new_class() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "a new class")


def plot_words() -> dict[str, str]:
    """The plots' titles, their axis and their legends' entries."""
    return {
        "map": QCoreApplication.translate("LogisticRegressionPanel", "Probability map and decision boundary"),
        "loss": QCoreApplication.translate("LogisticRegressionPanel", "Cross-entropy loss"),
        "accuracy": QCoreApplication.translate("LogisticRegressionPanel", "Accuracy"),
        "iteration": QCoreApplication.translate("LogisticRegressionPanel", "iteration"),
        "train": QCoreApplication.translate("LogisticRegressionPanel", "train"),
        "test": QCoreApplication.translate("LogisticRegressionPanel", "test"),
        "optimum": QCoreApplication.translate("LogisticRegressionPanel", "exact optimum"),
    }


def seed_start_tooltip(applies: bool, k: int) -> str:
    """Why the seed's start w = (1, 1), b = 1 is used, or why not."""
    if applies:
        return QCoreApplication.translate(
            "LogisticRegressionPanel", "The seed's start: w1 = w2 = b = 1. Unchecked, every weight starts at 0.")
    if k > 2:
        return QCoreApplication.translate(
            "LogisticRegressionPanel",
            "Not used with {k} classes: w1 = w2 = b = 1 are the weights of one two-class model, so every "
            "model starts at 0.").format(k=k)
    return QCoreApplication.translate(
        "LogisticRegressionPanel",
        "Not used with polynomial features: the model has six weights, not w1, w2 and b, so every weight "
        "starts at 0.")


# ---------------------------------------------------------------------- where the data came from
def file_entry(name: str) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "From file: {name}").format(name=name)


def source_entry(source: str, short_name: str) -> str | None:
    """The Data set box's entry for data no preset made (None: a preset's)."""
    entries = {
        "csv": file_entry(short_name),
        "edited": QCoreApplication.translate("LogisticRegressionPanel", "Edited by hand"),
        "external": QCoreApplication.translate("LogisticRegressionPanel", "Sent from another lab"),
    }
    return entries.get(source)


def source_line(c: LogisticController, columns: str) -> str:
    """The line under the data's controls: where the points came from, how many are held
    out, how many the map shows (`columns`: which file columns, for a file's points)."""
    d = c.data
    texts = {
        "seed": QCoreApplication.translate(
            "LogisticRegressionPanel",
            "The seed's data: 100 points of class 0 around (3, 4), 200 of class 1 around (7, 6)."),
        "generated": QCoreApplication.translate("LogisticRegressionPanel", "Generated: {n} points, {k} classes."),
        "csv": QCoreApplication.translate("LogisticRegressionPanel", "From {name}: {n} points, {k} classes."),
        "edited": QCoreApplication.translate("LogisticRegressionPanel", "Edited by hand: {n} points, {k} classes."),
        "external": QCoreApplication.translate("LogisticRegressionPanel",
                                               "Sent from another lab: {n} points, {k} classes."),
    }
    name = Path(c.csv_path).name
    parts = [texts.get(c.source, texts["generated"]).format(n=f"{d.n:,}", k=d.k, name=name)]
    if c.source == "csv":
        parts.append(columns)
    tests = int(c.mask.sum())
    if tests:
        parts.append(QCoreApplication.translate("LogisticRegressionPanel", "{t} of them held out for testing.")
                     .format(t=f"{tests:,}"))
    if c.drawn.size < d.n:
        parts.append(QCoreApplication.translate(
            "LogisticRegressionPanel", "The map shows {m} of them, chosen at random; every point trains the models.")
            .format(m=f"{c.drawn.size:,}"))
    return join_sentences(*parts)


def columns_template() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Columns used: x1 = {0}, x2 = {1}, label = {2}.")


def import_dialog() -> tuple[str, str]:
    return (QCoreApplication.translate("LogisticRegressionPanel", "Import labelled points"),
            QCoreApplication.translate("LogisticRegressionPanel", "CSV files (*.csv *.txt);;All files (*)"))


# ---------------------------------------------------------------------- messages
def computing(n_points: int) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Computing the models for {n} points…").format(
        n=f"{n_points:,}")


def prepare_failed(error: str) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Could not prepare the models: {error}").format(
        error=error)


def reference_failed(why: str) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel",
                                      "The exact optimum could not be computed: {reason}").format(reason=why)


def diverged(lr: str, top: str) -> Compose:
    return lambda: QCoreApplication.translate(
        "LogisticRegressionPanel",
        "Diverged: the learning rate α = {lr} is too high — the loss grew step after step. Below {max} "
        "every step is guaranteed to lower the loss. Lower α, then Play to go on, or Reset.").format(lr=lr, max=top)


# ---------------------------------------------------------------------- the numbers
def confusion_labels(names: Sequence[str]) -> list[str]:
    return [QCoreApplication.translate("LogisticRegressionPanel", "→ {c}").format(c=c) for c in names]


def confusion_title(test: bool, cm: np.ndarray) -> str:
    return QCoreApplication.translate(
        "LogisticRegressionPanel", "Confusion matrix ({which}): rows true, columns predicted — "
                                   "accuracy {acc}").format(which=points_name(test), acc=f"{accuracy_of(cm):.3f}")


def model_equation(w: np.ndarray) -> str:
    """z of one model: its weights on x1, x2 (and the polynomial features) and its intercept."""
    names = ("x1", "x2", "x1²", "x2²", "x1·x2")
    terms = [f"{fmt(w[i], 4)}·{names[i]}" for i in range(len(w) - 1)]
    text = " + ".join(terms + [fmt(w[-1], 4)])
    return text.replace("+ -", "− ")


def equation(c: LogisticController) -> str:
    """The line above the plots: the model's probability (of the model shown: the descent's,
    or the exact answer), or what the models are."""
    W, dec = c.shown_weights(), c.gd.decomposition
    if dec.kind == "binary":
        return QCoreApplication.translate("LogisticRegressionPanel", "p(y = {label} | x) = σ({z})").format(
            label=c.data.labels[1], z=model_equation(W[:, 0]))
    if dec.kind == "softmax":
        return QCoreApplication.translate(
            "LogisticRegressionPanel", "p(y = c | x) = softmax(z)_c, one z_c per class ({k} classes)").format(k=dec.k)
    return QCoreApplication.translate(
        "LogisticRegressionPanel", "{m} logistic models, each p = σ(w·x + b); the table lists them").format(
        m=dec.models)


def model_name(dec: Decomposition, labels: Sequence[object], p: int) -> str:
    """Model p's name: which class against which."""
    pos, neg = dec.pairs[p]
    if dec.kind == "ovr":
        return QCoreApplication.translate("LogisticRegressionPanel", "{a} vs rest").format(a=labels[pos])
    if dec.kind == "ovo":
        return QCoreApplication.translate("LogisticRegressionPanel", "{a} vs {b}").format(a=labels[pos],
                                                                                         b=labels[neg])
    return QCoreApplication.translate("LogisticRegressionPanel", "{a} vs {b}").format(a=labels[1], b=labels[0])


def separable_models(c: LogisticController) -> list[str]:
    """The names of the models whose classes the reference found separable (no optimum)."""
    dec, labels = c.gd.decomposition, c.data.labels
    return [model_name(dec, labels, p) for p, flag in enumerate(c.separable_flags()) if flag]


def _reference_rows(c: LogisticController) -> list[tuple[str, str]]:
    title = QCoreApplication.translate("LogisticRegressionPanel", "Exact optimum (Newton)")
    ref, dec, labels = c.reference(), c.gd.decomposition, c.data.labels
    if c.reference_error is not None:
        return [(title, QCoreApplication.translate("LogisticRegressionPanel", "could not be computed: {reason}")
                 .format(reason=reason(c.reference_error)))]
    if ref is None:
        return [(title, QCoreApplication.translate("LogisticRegressionPanel", "computing…"))]
    if ref.separable:
        names = separable_models(c)
        if dec.kind == "softmax" or len(names) == dec.models:
            return [(title, QCoreApplication.translate("LogisticRegressionPanel",
                                                       "none: the classes are separable; add L2"))]
        sep = QCoreApplication.translate("Messages", ", ", "separator between the items of a list")
        if len(names) > 4 and len(names) > dec.models / 2:  # the shorter list: those with an optimum
            others = [model_name(dec, labels, p) for p in range(dec.models)
                      if model_name(dec, labels, p) not in names]
            return [(title, QCoreApplication.translate(
                "LogisticRegressionPanel", "none for {n} of the {m} models, all but {others}: their two sides are "
                                           "separable; add L2").format(n=len(names), m=dec.models,
                                                                       others=sep.join(others)))]
        return [(title, QCoreApplication.translate(
            "LogisticRegressionPanel", "none for {models}: their two sides are separable; add L2").format(
            models=sep.join(names)))]
    rows = [(title, QCoreApplication.translate("LogisticRegressionPanel", "loss {loss} after {n} Newton steps")
             .format(loss=fmt(c.reference_loss, 6), n=ref.iterations))]
    rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Distance ‖W − W*‖"),
                 fmt(weight_distance(c.gd.weights, ref.weights, dec), 4)))
    return rows


def info_html(c: LogisticController, seed_start_applies: bool) -> str:
    """The numbers pane: where the run is, its loss and accuracy, the exact optimum, and
    (for separate binary models) each model's balance, loss and equation."""
    gd = c.gd
    W, dec, m = gd.weights, gd.decomposition, gd.metrics
    numbers: Numbers | None = c.numbers()
    rows = [
        (QCoreApplication.translate("LogisticRegressionPanel", "Iteration"),
         f"{gd.iteration:,} / {gd.config.max_iters:,}"),
        (QCoreApplication.translate("LogisticRegressionPanel", "Loss (train)"), fmt(m.loss, 6)),
        (QCoreApplication.translate("LogisticRegressionPanel", "Accuracy (train)"), f"{m.accuracy:.4f}"),
    ]
    if c.mask.any():
        rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Accuracy (test)"),
                     f"{m.test_accuracy:.4f}"))
    rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Misclassified points"),
                 f"{numbers.wrong_total:,}" if numbers is not None
                 else QCoreApplication.translate("LogisticRegressionPanel", "computing…")))
    rows = showing_exact_row(c) + rows
    rows += _reference_rows(c)
    rows += exact_rows(c)
    rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Largest rate with guaranteed descent"),
                 fmt(gd.max_stable_lr, 4)))
    kinds = {"binary": QCoreApplication.translate("LogisticRegressionPanel", "one binary model"),
             "ovr": QCoreApplication.translate("LogisticRegressionPanel", "one-vs-rest"),
             "ovo": QCoreApplication.translate("LogisticRegressionPanel", "one-vs-one"),
             "softmax": QCoreApplication.translate("LogisticRegressionPanel", "softmax")}
    rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Strategy"),
                 QCoreApplication.translate("LogisticRegressionPanel", "{kind}: {m} model(s) trained").format(
                     kind=kinds[dec.kind], m=dec.models)))
    if not seed_start_applies:
        rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Start"),
                     QCoreApplication.translate("LogisticRegressionPanel", "every weight 0")))
    if dec.kind == "binary" and gd.config.strategy in ("ovr", "ovo"):
        rows.append(("", QCoreApplication.translate(
            "LogisticRegressionPanel", "With two classes, one-vs-rest and one-vs-one are both the single binary "
                                       "model; they differ from three classes on.")))
    html = "<table cellspacing='0' cellpadding='2'>" + "".join(
        f"<tr><td style='color:#555'>{a}</td><td>&nbsp;&nbsp;<b>{b}</b></td></tr>" for a, b in rows) + "</table>"
    if dec.kind in ("ovr", "ovo", "binary"):
        bal, losses, labels = c.run.balance, gd.model_losses, c.data.labels
        ref = c.reference()
        flags = ref.separable_models if ref is not None and ref.separable_models else ()
        lines = []
        for p, (pos, _) in enumerate(dec.pairs):
            r, g, b = CLASS_COLORS[pos]
            mark = (" <i>" + QCoreApplication.translate("LogisticRegressionPanel", "separable") + "</i>") \
                if p < len(flags) and flags[p] else ""
            lines.append(
                f"<tr><td style='color:rgb({r},{g},{b})'><b>{model_name(dec, labels, p)}</b>{mark}</td>"
                f"<td>&nbsp;{int(bal[p, 0]):,} : {int(bal[p, 1]):,}</td>"
                f"<td>&nbsp;{fmt(losses[p], 4)}</td><td>&nbsp;{model_equation(W[:, p])}</td></tr>")
        html += ("<p><b>" + QCoreApplication.translate("LogisticRegressionPanel", "Models") + "</b> — " +
                 QCoreApplication.translate("LogisticRegressionPanel", "points positive : negative, loss, z") +
                 "</p><table cellspacing='0' cellpadding='1'>" + "".join(lines) + "</table>")
        if dec.kind == "ovr":
            html += "<p style='color:#555'>" + QCoreApplication.translate(
                "LogisticRegressionPanel",
                "Each model sees every point, mostly as 'rest': the more classes, the more lopsided its two "
                "sides.") + "</p>"
        elif dec.kind == "ovo":
            html += "<p style='color:#555'>" + QCoreApplication.translate(
                "LogisticRegressionPanel",
                "K(K−1)/2 models, each on two classes' points only: balanced, but many. Grey areas tie in the "
                "vote.") + "</p>"
    return html


# --------------------------------------------------------------------------- the exact answer


def weight_names(d1: int) -> list[str]:
    """The names of one model's weights (x1, x2 and the polynomial features), then b."""
    names = ("w₁", "w₂", "w₃", "w₄", "w₅")
    return list(names[: d1 - 1]) + ["b"]


def weights_text(w: np.ndarray, digits: int = 5) -> str:
    """(w₁, w₂, b) = (…, …, …) of one model."""
    names = weight_names(len(w))
    return f"({', '.join(names)}) = ({', '.join(num(float(v), digits) for v in w)})"


def jump_button(shown: bool) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Back to the descent") if shown else \
        QCoreApplication.translate("LogisticRegressionPanel", "Jump to the exact answer")


def jump_tip(shown: bool) -> str:
    if shown:
        return QCoreApplication.translate(
            "LogisticRegressionPanel", "Show the descent's own model again, at the iteration it reached")
    return QCoreApplication.translate(
        "LogisticRegressionPanel",
        "Show Newton's optimum (with L2 when it is on) on the map, in the numbers and the formulas. "
        "The descent's history is kept: Step or Play goes on from where the descent was.")


def exact_rows(c: LogisticController) -> list[tuple[str, str]]:
    """The weights now and the exact ones, side by side, for a single binary model."""
    W_star = c.exact_weights()
    if c.gd.decomposition.kind != "binary":
        return []
    rows = [(QCoreApplication.translate("LogisticRegressionPanel", "Weights now"),
             weights_text(c.gd.weights[:, 0]))]
    if W_star is not None:
        rows.append((QCoreApplication.translate("LogisticRegressionPanel", "Exact weights (Newton)"),
                     weights_text(W_star[:, 0])))
    return rows


def showing_exact_row(c: LogisticController) -> list[tuple[str, str]]:
    if not c.showing_exact:
        return []
    return [(QCoreApplication.translate("LogisticRegressionPanel", "Shown"),
             QCoreApplication.translate("LogisticRegressionPanel",
                                        "the exact answer (Newton), not the descent's iteration {i}").format(
                 i=f"{c.gd.iteration:,}"))]


def color_bar_label(c: LogisticController) -> str:
    """What the map's colours mean: P of the second class, or the winning class's confidence."""
    if c.gd.decomposition.kind == "binary":
        return QCoreApplication.translate("LogisticRegressionPanel", "P(class {label})").format(
            label=c.data.labels[1])
    return QCoreApplication.translate("LogisticRegressionPanel", "confidence of the winning class")


# --------------------------------------------------------------------------- the formula pane


num, factor = formula_number, formula_factor  # the formula panes' number style (gui/widgets/formula.py)


def numbers_tab() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Numbers")


def formulas_tab() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Formulas")


def formulas_tip() -> str:
    return QCoreApplication.translate(
        "LogisticRegressionPanel", "The formulas of gradient descent with the numbers of the model shown substituted")


def formula_captions(kind: str) -> dict[str, str]:
    """The words above each formula row (keys: sigmoid, model, loss, grad, gradb, update, exact)."""
    models = {
        "binary": QCoreApplication.translate(
            "LogisticRegressionPanel", "The model: the probability of the second class, σ of a linear score z"),
        "ovr": QCoreApplication.translate(
            "LogisticRegressionPanel", "One-vs-rest: one model per class, against all the others; the most "
                                       "probable class wins"),
        "ovo": QCoreApplication.translate(
            "LogisticRegressionPanel", "One-vs-one: one model per pair of classes, on those two classes' points; "
                                       "each votes, the class with most votes wins"),
        "softmax": QCoreApplication.translate(
            "LogisticRegressionPanel", "Softmax regression: one score per class, turned into probabilities "
                                       "that add up to 1"),
    }
    return {
        "sigmoid": QCoreApplication.translate("LogisticRegressionPanel",
                                              "The sigmoid squeezes any number into a probability between 0 and 1"),
        "model": models.get(kind, models["binary"]),
        "loss": QCoreApplication.translate(
            "LogisticRegressionPanel", "The loss J: the mean cross-entropy over the m points (plus the L2 "
                                       "penalty when it is on; the intercept is not penalised)"),
        "grad": QCoreApplication.translate("LogisticRegressionPanel",
                                           "The gradient: the errors p − y, weighted by the features"),
        "gradb": "",  # under the same caption
        "update": QCoreApplication.translate("LogisticRegressionPanel",
                                             "One step of gradient descent, every weight from the same W"),
        "exact": QCoreApplication.translate(
            "LogisticRegressionPanel", "The exact answer: where the gradient is zero, found by Newton's method"),
    }


def formula_header(f: FormulaFrame) -> str:
    if f.exact:
        text = QCoreApplication.translate("LogisticRegressionPanel", "The numbers at the exact answer (Newton)")
    else:
        text = QCoreApplication.translate("LogisticRegressionPanel", "The numbers at iteration {i}").format(
            i=f"{f.iteration:,}")
    return "<b>" + text + "</b>"


def formula_note(f: FormulaFrame) -> str:
    parts = []
    if f.l2_C is not None:
        parts.append(QCoreApplication.translate(
            "LogisticRegressionPanel",
            "L2 in scikit-learn's convention: C = {C}, and in the mean's units λ = 1/(C·m).").format(
                C=num(f.l2_C)))
    if f.kind != "binary":
        parts.append(QCoreApplication.translate(
            "LogisticRegressionPanel", "The loss shown is the mean of the models' losses; the table lists the "
                                       "first models."))
    return join_sentences(*parts)


MAX_MODELS_SHOWN = 4


def _model_label(c: LogisticController, f: FormulaFrame, p: int) -> str:
    if f.kind == "binary":
        return ""
    if f.kind == "softmax":
        return QCoreApplication.translate("LogisticRegressionPanel", "class {label}").format(
            label=c.data.labels[p]) + ": "
    return model_name(c.gd.decomposition, c.data.labels, p) + ": "


def _vector(values: np.ndarray, digits: int = 5) -> str:
    return "(" + ", ".join(num(float(v), digits) for v in values) + ")"


def formula_numbers(c: LogisticController, f: FormulaFrame) -> dict[str, str]:
    """Each row's values substituted, as rich text: the model's weights, J (with the L2 term),
    the gradient and the next weights; every model's for up to MAX_MODELS_SHOWN models."""
    s = f.step
    W, G, N = s.weights, s.gradient, s.next_weights
    names = weight_names(W.shape[0])
    cols = W.shape[1]
    shown = range(min(cols, MAX_MODELS_SHOWN))
    more = "<br>…" if cols > MAX_MODELS_SHOWN else ""
    out: dict[str, str] = {"sigmoid": "σ(−2) = 0.1192,  σ(0) = 0.5,  σ(2) = 0.8808"}
    out["model"] = "<br>".join(_model_label(c, f, p) + weights_text(W[:, p]) for p in shown) + more
    loss = float(s.losses.mean())
    if f.kind == "binary" or f.kind == "softmax":
        ce = float(s.losses[0] - s.l2_terms[0])
        l2 = f" + {num(float(s.l2_terms[0]), 6)} (λ = {num(float(s.lam[0]))})" if f.l2_C is not None else ""
        loss_line = f"<i>J</i> = {num(ce, 8)}{l2} = <b>{num(loss, 8)}</b>" if l2 else \
            f"<i>J</i> = <b>{num(loss, 8)}</b>"
        if f.kind == "binary":
            loss_line += f"  (<i>m</i> = {f.m[0]:,})"
    else:
        parts = [_model_label(c, f, p) + num(float(s.losses[p]), 6) for p in range(min(f.models, MAX_MODELS_SHOWN))]
        loss_line = "<br>".join(parts) + more + f"<br><i>J</i> = <b>{num(loss, 8)}</b>"
    out["loss"] = loss_line
    grad_lines = []
    gradb_lines = []
    update_lines = []
    for p in shown:
        grad_lines.append(_model_label(c, f, p) + ",  ".join(
            f"∂<i>J</i>/∂{n} = <b>{num(float(G[i, p]))}</b>" for i, n in enumerate(names[:-1])))
        gradb_lines.append(_model_label(c, f, p) + f"∂<i>J</i>/∂b = <b>{num(float(G[-1, p]))}</b>")
        update_lines.append(_model_label(c, f, p) + ",  ".join(
            f"{n} := {num(float(W[i, p]))} − {num(s.lr)}·{factor(float(G[i, p]))} = <b>{num(float(N[i, p]), 8)}</b>"
            for i, n in enumerate(names)))
    out["grad"] = "<br>".join(grad_lines) + more
    out["gradb"] = "<br>".join(gradb_lines) + more
    out["update"] = "<br>".join(update_lines) + more
    W_star = f.exact_weights
    if W_star is None:
        if c.reference_error is not None:
            out["exact"] = QCoreApplication.translate("LogisticRegressionPanel", "could not be computed: {reason}") \
                .format(reason=reason(c.reference_error))
        elif c.reference() is None:
            out["exact"] = QCoreApplication.translate("LogisticRegressionPanel", "computing…")
        else:
            out["exact"] = QCoreApplication.translate("LogisticRegressionPanel",
                                                      "none: the classes are separable; add L2")
    else:
        out["exact"] = "<br>".join(_model_label(c, f, p) + "<b>" + weights_text(W_star[:, p]) + "</b>"
                                   for p in shown) + more
    return out


# --------------------------------------------------------------------------- the loss contours


def map_tab() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Map")


def contour_tab() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "Loss contours")


def contour_tab_tip() -> str:
    return QCoreApplication.translate(
        "LogisticRegressionPanel",
        "The loss J (mean cross-entropy, with the L2 term when it is on) over two of the weights, "
        "the third held at its current value: a slice of the loss surface, with the descent's path on it")


def contour_axes_tip() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "The two weights the plane shows")


def slice_label(held_name: str, value: float) -> str:
    """What the plane is: a slice, the third weight held at the value the bands were computed at."""
    return QCoreApplication.translate("LogisticRegressionPanel", "Slice: {name} held at {value}").format(
        name=held_name, value=held_value_text(value))


def held_value_text(value: float) -> str:
    """The held weight's value as the slice label writes it."""
    return num(value, 3) if abs(value) >= 1e-3 or value == 0 else num(value, 2)


def contour_bar_label() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "loss J")


def optimum_tip(held_name: str, optimum_held: float, held_value: float) -> str:
    """The optimum's marker: on this slice only when the held weight equals the optimum's."""
    return QCoreApplication.translate(
        "LogisticRegressionPanel",
        "Newton's optimum, projected on this plane. It lies on this slice only when {name} equals "
        "its optimal value {opt} (now {value}); elsewhere the slice's lowest point is not the optimum.").format(
        name=held_name, opt=held_value_text(optimum_held), value=held_value_text(held_value))


def current_tip() -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "The model shown (the descent's current weights)")


def contour_unavailable(why: str) -> str:
    """Why the loss-contour view does not apply to the run on screen."""
    if why == "classes":
        return QCoreApplication.translate(
            "LogisticRegressionPanel",
            "The loss contours are drawn for two classes only: with more, there are several models and "
            "more than three weights, which no plane can show.")
    if why == "softmax":
        return QCoreApplication.translate(
            "LogisticRegressionPanel",
            "The loss contours are drawn for one sigmoid model (w₁, w₂, b): softmax regression has a "
            "weight vector per class. Choose One-vs-rest to see them.")
    return QCoreApplication.translate(
        "LogisticRegressionPanel",
        "The loss contours are drawn for the linear model (w₁, w₂, b) only: polynomial features add "
        "more weights than a plane can show. Turn polynomial features off to see them.")


def contour_failed(why: str) -> str:
    return QCoreApplication.translate("LogisticRegressionPanel", "The loss slice could not be computed: {why}").format(
        why=why)
