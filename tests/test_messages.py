"""Every sentence gui/messages.py makes from a core error code gets a value for each of its
placeholders, from every place in core that raises the code (in the spirit of test_i18n)."""

import ast
import builtins  # Python's own errors (a bug's NotImplementedError) carry no code
import re

import pytest

from tests.conftest import REPO

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def raise_sites(names=None):
    """(module, line, code, keys) for every `SomethingError("code", {literal dict})` in core."""
    sites = []
    for path in sorted((REPO / "core").glob("*.py")):
        if names is not None and path.name not in names:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id.endswith("Error") and not hasattr(builtins, node.func.id) and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            if len(node.args) == 1 and not node.keywords:
                keys = []
            elif len(node.args) == 2 and isinstance(node.args[1], ast.Dict) and all(
                    k is None or isinstance(k, ast.Constant) for k in node.args[1].keys):
                keys = [k.value for k in node.args[1].keys if k is not None]  # None: **extra details
            else:
                continue  # details built at run time: not checkable here
            sites.append((path.name, node.lineno, node.args[0].value, keys))
    return sites


SITES = raise_sites()  # every module of core: a code without a sentence reads "Unexpected problem"


def test_the_scan_finds_the_codes():
    codes = {code for _, _, code, _ in SITES}
    assert {"values_too_large", "too_few_points", "too_many_rows", "column_not_found", "newton_not_finite",
            "start_too_far"} <= codes


@pytest.mark.parametrize("module, line, code, keys", SITES, ids=[f"{m}:{n}:{c}" for m, n, c, _ in SITES])
def test_every_placeholder_is_provided_where_the_code_is_raised(module, line, code, keys):
    from core.errors import LabError
    from gui.messages import describe_error

    text = describe_error(LabError(code, {k: 7 for k in keys}))
    assert not text.startswith("Unexpected problem"), f"{module}:{line}: no sentence for {code}"
    assert not PLACEHOLDER.search(text), f"{module}:{line}: {code} raised with {keys} leaves {text!r}"


@pytest.mark.parametrize("code, extra", [
    ("values_too_large", {"poly": True}),
    ("values_too_small", {"poly": True}),
    ("spread_too_small", {"poly": True}),
    ("values_too_small", {"measure": "spread"}),
])
def test_the_variants_get_their_values_too(code, extra):
    from core.errors import LabError
    from gui.messages import describe_error

    keys = next(k for _, _, c, k in SITES if c == code)
    plain = describe_error(LabError(code, {k: 7 for k in keys}))
    text = describe_error(LabError(code, {**{k: 7 for k in keys}, **extra}))
    assert text != plain and not PLACEHOLDER.search(text)


def test_the_too_many_points_sentence_gets_its_count():
    from core.errors import DataError
    from gui.messages import describe_error

    assert describe_error(DataError("too_many_points", {"count": 5, "limit": 3})) == \
        "Too many points (5); the limit is 3."


def test_stop_reasons_all_have_a_sentence():
    from core.descent import StopReason
    from gui.messages import describe_stop

    for reason in StopReason:
        assert describe_stop(reason.value) != reason.value
