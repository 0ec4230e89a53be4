"""The update rule's fields of a lab state (Linear and Logistic regression), shared: the
optimizer's name and hyperparameters as plain state values, and back. Qt-free.

batch_size 0 is the full batch; eps None is the rule's own default (core.optim).
"""

from __future__ import annotations

from typing import Any

from core.optim import OptimConfig

# the largest momentum or decay rate a state holds (they must stay below 1)
MAX_DECAY = 1.0 - 1e-12
MAX_SHUFFLE_SEED = 2**63 - 1


def optim_config(state: Any) -> OptimConfig:
    """The OptimConfig a state's optimizer fields describe (lr: the state's own)."""
    return OptimConfig(name=state.optimizer, lr=state.lr, momentum=state.momentum, beta1=state.beta1,
                       beta2=state.beta2, eps=state.eps, batch_size=state.batch_size or None,
                       seed=state.shuffle_seed)


def optimizer_fields(config: OptimConfig) -> dict[str, Any]:
    """A state's optimizer fields for an OptimConfig (for replace or the constructor)."""
    return {"optimizer": config.name, "momentum": config.momentum, "beta1": config.beta1, "beta2": config.beta2,
            "eps": config.eps, "batch_size": config.batch_size or 0, "shuffle_seed": config.seed}


def to_v2(d: dict[str, Any]) -> dict[str, Any]:
    """The migration of a state from before the optimizer choice: plain gradient descent."""
    out = dict(d)
    out["optimizer"] = "gd"
    out["batch_size"] = 0
    return out
