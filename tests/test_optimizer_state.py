"""The update rule in the Linear and Logistic labs' states (version 2): the round trip, the
migration of version-1 files (plain gradient descent), and runs rebuilt with the rule."""

from __future__ import annotations

import numpy as np
import pytest

from core.optim import OptimConfig
from gui.labs.linear.state import LinearState
from gui.labs.logistic.state import LogisticState
from gui.labs.optimizer_state import optimizer_fields
from gui.state import StateError

RULES = [
    OptimConfig("adam", beta1=0.8, beta2=0.99, eps=1e-6),
    OptimConfig("sgd", batch_size=40, seed=12),
    OptimConfig("nesterov", momentum=0.7),
    OptimConfig("rmsprop", batch_size=16, seed=3),
    OptimConfig("adagrad"),
]


@pytest.mark.parametrize("cls", [LinearState, LogisticState])
def test_version_1_files_are_plain_gradient_descent(cls):
    old = cls.from_dict({"version": 1, "lr": 0.002})
    assert cls.VERSION >= 2  # Linear: 3 (the race)
    assert old.optimizer == "gd" and old.batch_size == 0 and old.eps is None
    assert old.optim() == OptimConfig("gd", lr=0.002)
    assert old == cls().replace(lr=0.002)


@pytest.mark.parametrize("cls", [LinearState, LogisticState])
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_round_trip_keeps_the_rule(cls, rule):
    st = cls().replace(lr=0.01, **optimizer_fields(rule))
    back = cls.from_dict(st.to_dict())
    assert back == st
    assert back.optim() == OptimConfig(**{**rule.__dict__, "lr": 0.01})


@pytest.mark.parametrize("cls", [LinearState, LogisticState])
@pytest.mark.parametrize("field, bad", [("optimizer", "lbfgs"), ("batch_size", -1), ("momentum", 1.0),
                                        ("beta2", 1.5), ("eps", 0.0), ("shuffle_seed", -2)])
def test_bad_optimizer_fields_are_refused(cls, field, bad):
    with pytest.raises(StateError) as info:
        cls.from_dict({"version": 2, field: bad})
    assert info.value.code == "bad_value" and info.value.details["field"] == field


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_linear_run_rebuilt_from_a_state_gives_the_same_numbers(rule):
    st = LinearState(source="synthetic", n=300, seed=4, lr=0.002 if rule.name in ("sgd", "nesterov") else 0.05,
                     intercept_lr_scale=1.0, standardize=True, **optimizer_fields(rule))
    gd = st.build_run()
    gd.step(150)
    gd.step_back(20)
    assert gd.config.optimizer == st.optim()
    from gui.labs.linear.state import schedule_table

    saved = st.replace(schedule=schedule_table(gd.schedule), computed=gd.history_length - 1, iteration=gd.iteration)
    again = LinearState.from_dict(saved.to_dict()).build_run()
    assert again.iteration == gd.iteration
    assert np.array_equal(again.history(150)[2], gd.history(150)[2])


@pytest.mark.parametrize("rule", RULES[:2], ids=lambda r: r.name)
def test_logistic_run_rebuilt_from_a_state_gives_the_same_numbers(rule):
    from gui.labs.logistic.state import schedule_table

    st = LogisticState(preset="blobs", source="generated", classes=3, n=120, seed=2, lr=0.05, **optimizer_fields(rule))
    gd = st.build_run()
    gd.step(60)
    saved = st.replace(schedule=schedule_table(gd.schedule), computed=gd.history_length - 1, iteration=gd.iteration)
    again = LogisticState.from_dict(saved.to_dict()).build_run()
    assert np.array_equal(again.weights, gd.weights)
    assert np.array_equal(again.history(), gd.history(), equal_nan=True)
