"""What newsum's learned models share: a weights file (shipped in ``newsum/data``, or a path
the caller gives) and the checks on what it holds.

Each model (the semantic layer's same-fact decision, story grouping, corroboration, the
conflict engine's same-thing decision) is logistic weights over named features and a
probability threshold, fitted by a script in ``tools/`` that records in the file how it was
made. A file whose features do not match the code, or whose threshold is not a probability,
is refused with the command that remakes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["read_model", "check_features", "check_weights", "check_probability"]


def read_model(filename: str, path: str | Path | None = None) -> dict[str, Any]:
    """The JSON of ``path``, or of ``newsum/data/<filename>`` when no path is given."""
    if path is None:
        text = resources.files("newsum").joinpath("data", filename).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return json.loads(text)


def check_features(found: Sequence[str] | None, expected: Sequence[str], what: str, tool: str) -> None:
    if tuple(found or ()) != tuple(expected):
        raise ConfigError(f"{what} features {found!r} are not {list(expected)!r}; retrain it with {tool}")


def check_weights(weights: Sequence[float], features: Sequence[str], what: str, tool: str) -> None:
    if len(weights) != len(features) + 1:
        raise ConfigError(
            f"{what} needs {len(features) + 1} weights (bias, {', '.join(features)}), "
            f"got {len(weights)}; retrain it with {tool}"
        )


def check_probability(value: float, what: str) -> None:
    if not 0.0 < value < 1.0:
        raise ConfigError(f"{what} is a probability strictly between 0 and 1, got {value!r}")
