"""The Concepts lab's state: which page is shown and every page's choices, as one value.

The four pages (activations, softmax, chain rule, backpropagation) are independent, so the
state is flat, each field named after its page (`softmax_temperature`, `backprop_lr`): the
checkers of gui/state.py then see every value. The limits are those of the pages' controls
(tests/test_concepts_state.py compares them with the widgets).

The backpropagation run is saved as where it stands, not as a recipe to replay: its flat
parameters and momentum velocity (`backprop_weights`, one row per parameter) with the step
count, and the loss/accuracy curves drawn so far (`backprop_history`). A replay would take
minutes for a large network on many points (tens of milliseconds a step), and would not
reproduce a run whose learning rate or momentum changed midway; the weights come back
exactly, and the run goes on from them as it would have. With no weights the network starts
from its seed at step 0.

Some rules join two fields (the true class must be one of the logits shown, the weights must
fit the hidden layer): `consistent` applies them after every field has been checked: strict
refuses with the field named, lenient takes that field's default.

Adding a field needs no migration (a missing field takes its default). Renaming, removing or
changing the meaning of one does: raise VERSION to 2, write `_v1_to_v2(d: dict) -> dict` that
turns a version-1 dict into a version-2 one (rename its keys, convert its values), register it
as `MIGRATIONS = {1: _v1_to_v2}`, and add a test that reads a version-1 dict.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from dataclasses import replace as _replace
from typing import Any, ClassVar, Mapping, Self

from core.backprop import ACTIVATIONS as NET_ACTIVATIONS
from core.backprop import INPUTS, MAX_HIDDEN, PRESETS
from core.concepts import ACTIVATIONS, CHAIN_EDGES, MAX_LOGITS
from gui.state import LabState, StateError, Table, choice, flag, integer, number, numbers, table

PAGES = ("activations", "softmax", "chain", "backprop")  # the tabs, in order
SCALES = (1, 10, 100, 1000)  # the softmax page's logit scales
DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, 0.5, -0.5, 1.5, -2.0, 3.0, 0.0)  # at scale ×1, one per possible row
LOGIT_LIMIT = 20.0  # a logit at scale ×1 lies within ±LOGIT_LIMIT
MIN_COUNT = 3  # logits shown at least
CLASSES = 2  # the backprop page's network: 2 → H → 2
HISTORY_ROWS = 4000  # loss/accuracy points the backprop page keeps (older ones thinned)
MAX_STEPS = 10**15  # a step count the run cannot reach
FLOAT_MAX = sys.float_info.max  # a parameter or loss may be large, never infinite


def parameter_count(hidden: int) -> int:
    """Weights and biases of the 2 → H → 2 network (W1, b1, W2, b2)."""
    return INPUTS * hidden + hidden + hidden * CLASSES + CLASSES


@dataclass(frozen=True)
class ConceptsState(LabState):
    """Every choice of the Concepts lab's four pages, and where the backprop run stands."""

    KEY: ClassVar[str] = "concepts"
    VERSION: ClassVar[int] = 1

    page: str = choice("activations", *PAGES)

    # activations: the functions drawn (the focused one always is), the focus whose saturated
    # regions are shaded below the threshold ε, the x range ±range and the cursor's x
    activations_sigmoid: bool = flag(True)
    activations_tanh: bool = flag(True)
    activations_relu: bool = flag(True)
    activations_leaky_relu: bool = flag(False)
    activations_gelu: bool = flag(False)
    activations_focus: str = choice("sigmoid", *ACTIVATIONS)
    activations_range: float = number(6.0, lo=1.0, hi=50.0)
    activations_eps: float = number(1e-2, lo=1e-4, hi=0.5)
    activations_cursor: float = number(1.5, lo=-50.0, hi=50.0)

    # softmax: the logits at scale ×1 (all ten rows; the first `count` are in play), the scale,
    # the temperature and the true class (counted from 0)
    softmax_count: int = integer(4, lo=MIN_COUNT, hi=MAX_LOGITS)
    softmax_logits: tuple[float, ...] = numbers(DEFAULT_LOGITS, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT, max_len=MAX_LOGITS)
    softmax_scale: int = choice(1, *SCALES)
    softmax_temperature: float = number(1.0, lo=1e-3, hi=100.0)
    softmax_class: int = integer(0, lo=0, hi=MAX_LOGITS - 1)

    # chain rule: the inputs and how many edges of the backward pass are shown
    chain_a: float = number(2.0, lo=-10.0, hi=10.0)
    chain_b: float = number(1.0, lo=-10.0, hi=10.0)
    chain_step: int = integer(0, lo=0, hi=len(CHAIN_EDGES))

    # backpropagation: the data set, the network, the rate, and the run
    backprop_preset: str = choice("moons", *PRESETS)
    backprop_points: int = integer(400, lo=20, hi=2000)
    backprop_noise: float = number(0.15, lo=0.0, hi=1.0)
    backprop_data_seed: int = integer(0, lo=0, hi=999_999)
    backprop_hidden: int = integer(16, lo=1, hi=MAX_HIDDEN)
    backprop_activation: str = choice("tanh", *NET_ACTIVATIONS)
    backprop_lr: float = number(0.5, lo=1e-3, hi=10.0)
    backprop_momentum: bool = flag(False)
    backprop_init_seed: int = integer(0, lo=0, hi=999_999)
    backprop_steps: int = integer(0, lo=0, hi=MAX_STEPS)
    # one row per parameter (W1, b1, W2, b2 flattened): its value and its momentum velocity;
    # empty: the initial weights from backprop_init_seed
    backprop_weights: Table = table(columns=2, max_rows=parameter_count(MAX_HIDDEN), limit=FLOAT_MAX)
    # the curves: one row per recorded step (step, loss, training accuracy)
    backprop_history: Table = table(columns=3, max_rows=HISTORY_ROWS, limit=FLOAT_MAX)

    def shown_functions(self) -> tuple[str, ...]:
        """The activation functions drawn, in ACTIVATIONS order."""
        return tuple(key for key in ACTIVATIONS if getattr(self, f"activations_{key}"))

    def logits(self) -> tuple[float, ...]:
        """All MAX_LOGITS logits at scale ×1 (a shorter tuple is completed from the defaults)."""
        return tuple(self.softmax_logits) + DEFAULT_LOGITS[len(self.softmax_logits):]

    @classmethod
    def from_dict(cls, data: object, strict: bool = True, blobs: Mapping[str, bytes] | None = None) -> Self:
        """LabState.from_dict, then the rules that join fields (see `consistent`)."""
        return super().from_dict(data, strict=strict, blobs=blobs).consistent(strict)

    def consistent(self, strict: bool = True) -> Self:
        """This state with the rules that join two fields applied. Strict: StateError naming
        the field that breaks one; lenient: that field takes its default. The focused function
        is always drawn and a short logits tuple is completed: those are filled in either way."""
        changes: dict[str, Any] = {}
        if not getattr(self, f"activations_{self.activations_focus}"):
            changes[f"activations_{self.activations_focus}"] = True
        if len(self.softmax_logits) < MAX_LOGITS:
            changes["softmax_logits"] = self.logits()
        if self.softmax_class >= self.softmax_count:
            self._broken("softmax_class", f"below softmax_count ({self.softmax_count})", strict)
            changes["softmax_class"] = 0
        rows = len(self.backprop_weights)
        expected = parameter_count(self.backprop_hidden)
        if rows not in (0, expected):
            self._broken("backprop_weights", f"0 or {expected} rows for backprop_hidden = {self.backprop_hidden}",
                         strict)
            rows = 0
            changes["backprop_weights"] = Table((), 2)
        if rows == 0 and self.backprop_steps:
            self._broken("backprop_steps", "0 without backprop_weights", strict)
            changes["backprop_steps"] = 0
        if rows == 0 and len(self.backprop_history):
            changes["backprop_history"] = Table((), 3)  # curves of a run that is not there
        return _replace(self, **changes) if changes else self

    def _broken(self, name: str, expected: str, strict: bool) -> None:
        if strict:
            value = getattr(self, name)
            shown = repr(value) if not isinstance(value, Table) else f"{len(value)} rows"
            raise StateError("bad_value", {"lab": self.KEY, "field": name, "value": shown, "expected": expected})


