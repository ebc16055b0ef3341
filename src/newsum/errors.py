"""The one exception tree of newsum.

    NewsumError
    ├── InputError            the input cannot be used as given
    │   ├── IngestError       a path cannot be read: missing, empty, binary, undecodable,
    │   │                     HTML without an article
    │   ├── MalformedRecord   one record (a JSONL line, a document in it) is not valid
    │   ├── EmptyCluster      a cluster has no document with text, or no sentence that is
    │   │                     not a headline, title or boilerplate
    │   └── BudgetTooSmall    no sentence of the cluster fits in the budget
    ├── ConfigError           an option value is not allowed (also a ValueError)
    └── MissingDependency     an optional extra is not installed (also an ImportError)

The library raises; only the edges translate. The CLI prints ``str(error)`` as one line on
stderr and exits non-zero. Every message says what was received, what is allowed and what to
do about it, and starts with the place (file, line, document) when there is one.
"""

from __future__ import annotations

__all__ = [
    "NewsumError",
    "InputError",
    "IngestError",
    "MalformedRecord",
    "EmptyCluster",
    "BudgetTooSmall",
    "ConfigError",
    "MissingDependency",
]


class NewsumError(Exception):
    """Root of every error newsum raises on purpose."""


class InputError(NewsumError):
    """The input cannot be used as given.

    ``path`` and ``line`` (1-based) locate the problem when it has a place.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        super().__init__(_located(message, path, line))


class IngestError(InputError):
    """A path cannot be read as news input."""


class MalformedRecord(InputError):
    """A record of a JSONL file (or a document inside it) is not valid."""


class EmptyCluster(InputError):
    """A cluster has no document, or only documents without text."""


class BudgetTooSmall(InputError):
    """Every sentence that could be chosen is longer than the whole budget."""


class ConfigError(NewsumError, ValueError):
    """An option has a value that is not allowed."""


class MissingDependency(NewsumError, ImportError):
    """A feature needs an optional extra that is not installed.

    The message names the exact pip command.
    """

    def __init__(self, feature: str, extra: str, package: str):
        self.feature = feature
        self.extra = extra
        self.package = package
        super().__init__(
            f"{feature} needs the optional package '{package}', which is not installed; "
            f"install it with: pip install 'newsum[{extra}]'"
        )


def _located(message: str, path: str | None, line: int | None) -> str:
    if path is None:
        return message
    if line is None:
        return f"{path}: {message}"
    return f"{path}, line {line}: {message}"
